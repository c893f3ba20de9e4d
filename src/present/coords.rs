//! Text for the status bar: lon/lat in decimal degrees and in degrees-minutes-seconds, and the
//! round lengths a scale bar shows.
//!
//! Wording only; parsing typed coordinates belongs to `crs`.

/// `115°40′12.35″E` style text of a longitude (`is_lon`) or latitude, seconds to 2 decimals.
pub fn dms(value_deg: f64, is_lon: bool) -> String {
    let hemi = match (is_lon, value_deg < 0.0) {
        (true, false) => 'E',
        (true, true) => 'W',
        (false, false) => 'N',
        (false, true) => 'S',
    };
    // Work in hundredths of a second so rounding carries into minutes and degrees.
    let total = (value_deg.abs() * 360_000.0).round() as u64;
    let deg = total / 360_000;
    let min = (total / 6_000) % 60;
    let sec_h = total % 6_000;
    format!(
        "{deg}°{min:02}′{:02}.{:02}″{hemi}",
        sec_h / 100,
        sec_h % 100
    )
}

/// `115.670000°E, 37.740000°N`: decimal degrees to 6 places (about 0.1 m).
pub fn lonlat_decimal(lon: f64, lat: f64) -> String {
    format!(
        "{:.6}°{}, {:.6}°{}",
        lon.abs(),
        if lon < 0.0 { 'W' } else { 'E' },
        lat.abs(),
        if lat < 0.0 { 'S' } else { 'N' }
    )
}

/// The largest 1-2-5 round length (metres) not longer than `max_m`, and its label (`500 m`, `2 km`).
pub fn scale_bar_length(max_m: f64) -> Option<(f64, String)> {
    if !max_m.is_finite() || max_m <= 0.0 {
        return None;
    }
    let mag = 10f64.powf(max_m.log10().floor());
    let len = [5.0, 2.0, 1.0]
        .iter()
        .map(|k| k * mag)
        .find(|&l| l <= max_m)
        .unwrap_or(mag);
    let label = if len >= 1000.0 {
        format!("{} km", len / 1000.0)
    } else if len >= 1.0 {
        format!("{len} m")
    } else {
        format!("{} cm", (len * 100.0).round())
    };
    Some((len, label))
}

/// The screen point's size on paper that a map scale assumes: 1/96 inch (0.2646 mm), the CSS
/// reference pixel and what desktop GIS (QGIS, ArcGIS) use when the screen's own size is unknown.
pub const SCREEN_POINT_M: f64 = 0.0254 / 96.0;

/// The map's scale as a representative fraction "1:50,000" for `metres_per_point` on the
/// ground, rounded to three significant figures (the screen size is an assumption anyway).
pub fn scale_fraction_text(metres_per_point: f64) -> Option<String> {
    if !metres_per_point.is_finite() || metres_per_point <= 0.0 {
        return None;
    }
    let denominator = metres_per_point / SCREEN_POINT_M;
    let mag = 10f64.powf((denominator.log10().floor() - 2.0).max(0.0));
    let rounded = (denominator / mag).round() * mag;
    let digits = format!("{rounded:.0}");
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    Some(format!("1:{grouped}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_fractions_as_desktop_gis_write_them() {
        // 13.229 m per 1/96-inch point: 13.229 / 0.000264583 = 50,000.
        assert_eq!(
            scale_fraction_text(50_000.0 * 0.0254 / 96.0).as_deref(),
            Some("1:50,000")
        );
        // 206 m per point (the national view): 778,583 → three figures: 1:779,000.
        assert_eq!(scale_fraction_text(206.0).as_deref(), Some("1:779,000"));
        // Street level, 0.3 m per point: 1:1,134 → 1:1,130.
        assert_eq!(scale_fraction_text(0.3).as_deref(), Some("1:1,130"));
        assert_eq!(scale_fraction_text(0.0), None);
    }

    #[test]
    fn dms_by_hand() {
        // 115.67° = 115° + 0.67·60 = 40.2′ = 40′ 12″.
        assert_eq!(dms(115.67, true), "115°40′12.00″E");
        // 37.5276° = 37° 31.656′ = 31′ 39.36″.
        assert_eq!(dms(37.5276, false), "37°31′39.36″N");
        // 59.999999″ rounds up into the next minute and degree.
        assert_eq!(
            dms(115.0 + 59.0 / 60.0 + 59.999_999 / 3600.0, true),
            "116°00′00.00″E"
        );
        assert_eq!(dms(-0.5, false), "0°30′00.00″S");
    }

    #[test]
    fn scale_bar_picks_round_lengths() {
        assert_eq!(
            scale_bar_length(1234.0).map(|x| x.1),
            Some("1 km".to_string())
        );
        assert_eq!(
            scale_bar_length(2500.0).map(|x| x.1),
            Some("2 km".to_string())
        );
        assert_eq!(
            scale_bar_length(730.0).map(|x| x.1),
            Some("500 m".to_string())
        );
        assert_eq!(scale_bar_length(99.0).map(|x| x.0), Some(50.0));
        assert_eq!(scale_bar_length(0.0), None);
    }
}
