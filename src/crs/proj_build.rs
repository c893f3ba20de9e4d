//! Building a proj4rs projection from a PROJ string without letting proj4rs panic.
//!
//! proj4rs 0.3 slices angle values (`+lon_0=117d30'`) at byte offsets found by `char` search,
//! and panics when the character before a suffix is not ASCII (found by fuzzing a `.prj`:
//! `+lon_0=0=\u{fffd}+x_1\u{fffd}'`). PROJ strings are ASCII by definition (PROJ's own
//! parser takes `°` nowhere either), so any other character is refused with a message instead.

use proj4rs::Proj;

/// The proj4rs projection of `proj`, or why it cannot be built (in words for the user).
pub(crate) fn build_proj(proj: &str) -> Result<Proj, String> {
    if let Some(c) = proj.chars().find(|c| !c.is_ascii()) {
        return Err(format!(
            "a PROJ string is plain ASCII, and this one has {c:?} in it (write angles in decimal degrees, such as +lon_0=117.5)"
        ));
    }
    Proj::from_proj_string(proj).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_ascii_is_refused_and_ascii_angles_still_parse() {
        for bad in [
            "+proj=merc +lon_0=0=\u{fffd}+x_1\u{fffd}'",
            "+proj=tmerc +lon_0=117\u{b0}30' +ellps=GRS80",
            "+proj=tmerc +lon_0=117\u{2032} +ellps=GRS80",
        ] {
            let Err(err) = build_proj(bad) else {
                panic!("{bad} was built");
            };
            assert!(err.contains("ASCII"), "{err}");
        }
        // 117°30' written PROJ's way is 117.5°: the same projection as the decimal form.
        let dms = build_proj("+proj=tmerc +lon_0=117d30' +ellps=GRS80").unwrap();
        let decimal = build_proj("+proj=tmerc +lon_0=117.5 +ellps=GRS80").unwrap();
        let mut a = (117.5f64.to_radians(), 0.5f64.to_radians(), 0.0);
        let mut b = a;
        let wgs = build_proj("+proj=longlat +ellps=GRS80").unwrap();
        proj4rs::transform::transform(&wgs, &dms, &mut a).unwrap();
        proj4rs::transform::transform(&wgs, &decimal, &mut b).unwrap();
        assert!(
            (a.0 - b.0).abs() < 1e-6 && (a.1 - b.1).abs() < 1e-6,
            "{a:?} {b:?}"
        );
        assert!(a.0.abs() < 1e-6, "on the central meridian: {a:?}");
    }
}
