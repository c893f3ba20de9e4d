//! The CRS definitions the engine knows by EPSG code, as PROJ.4 strings for proj4rs: CGCS2000,
//! WGS 84, Xian 1980 and Beijing 1954 geographic; their Gauss-Kruger zones (see `gauss_kruger`);
//! WGS 84 UTM; Web Mercator.
//!
//! Not for reading WKT (see `wkt`) or guessing from coordinates (see `guess`).

use serde::Serialize;

use super::{Crs, gauss_kruger};
use crate::error::{Result, ZoneError};

/// The geodetic datum, which decides whether a transform to CGCS2000 is exact or approximate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Datum {
    /// China Geodetic Coordinate System 2000 (GRS80 ellipsoid), the working frame.
    Cgcs2000,
    /// WGS 84: equal to CGCS2000 within centimetres for mapping.
    Wgs84,
    /// Xian 1980: IAG-75 ellipsoid, no public shift to CGCS2000.
    Xian1980,
    /// Beijing 1954: Krassowsky ellipsoid, no public shift to CGCS2000.
    Beijing1954,
    /// Any other datum: converted without a shift, with a warning.
    Other,
}

impl Datum {
    /// The warning for datums converted without a datum shift.
    pub fn warning(self) -> Option<String> {
        match self {
            Datum::Xian1980 | Datum::Beijing1954 => Some(format!(
                "{} coordinates are converted to CGCS2000 without a datum shift (no public parameters): positions may be off by tens of metres",
                if self == Datum::Xian1980 {
                    "Xian 1980"
                } else {
                    "Beijing 1954"
                }
            )),
            Datum::Other => Some(
                "the datum is not one zonecheck knows: coordinates are converted without a datum shift, treating its longitude and latitude as CGCS2000".to_string(),
            ),
            Datum::Cgcs2000 | Datum::Wgs84 => None,
        }
    }

    /// The name EPSG uses in front of `/` in projected system names.
    pub fn name(self) -> &'static str {
        match self {
            Datum::Cgcs2000 => "CGCS2000",
            Datum::Wgs84 => "WGS 84",
            Datum::Xian1980 => "Xian 1980",
            Datum::Beijing1954 => "Beijing 1954",
            Datum::Other => "unknown datum",
        }
    }

    /// The ellipsoid part of a PROJ.4 string. Deliberately no `+datum`/`+towgs84` except for
    /// WGS 84, so proj4rs applies no datum shift between these systems (CGCS2000 and WGS 84 agree
    /// to centimetres; Xian 1980 and Beijing 1954 have no public shift).
    pub fn proj4_ellipsoid(self) -> &'static str {
        match self {
            Datum::Cgcs2000 => "+ellps=GRS80",
            Datum::Wgs84 => "+datum=WGS84",
            // IAG-75 (PROJ calls it IAU76): a = 6378140, 1/f = 298.257.
            Datum::Xian1980 => "+a=6378140 +rf=298.257",
            // Krassowsky 1940: a = 6378245, 1/f = 298.3.
            Datum::Beijing1954 => "+ellps=krass",
            Datum::Other => "+ellps=GRS80",
        }
    }

    /// The EPSG code of this datum's geographic system.
    pub fn geographic_epsg(self) -> Option<u32> {
        match self {
            Datum::Cgcs2000 => Some(4490),
            Datum::Wgs84 => Some(4326),
            Datum::Xian1980 => Some(4610),
            Datum::Beijing1954 => Some(4214),
            Datum::Other => None,
        }
    }
}

fn geographic(epsg: u32, name: &str, datum: Datum) -> Crs {
    Crs {
        epsg: Some(epsg),
        name: name.to_string(),
        proj4: format!("+proj=longlat {} +no_defs", datum.proj4_ellipsoid()),
        geographic: true,
        datum,
    }
}

fn utm(code: u32, zone: u32, south: bool) -> Crs {
    Crs {
        epsg: Some(code),
        name: format!("WGS 84 / UTM zone {zone}{}", if south { "S" } else { "N" }),
        proj4: format!(
            "+proj=utm +zone={zone}{} +datum=WGS84 +units=m +no_defs",
            if south { " +south" } else { "" }
        ),
        geographic: false,
        datum: Datum::Wgs84,
    }
}

/// Web Mercator on the sphere of radius 6378137 m. No `+nadgrids=@null`: the CGCS2000 side carries no
/// datum, so proj4rs already treats the lon/lat as the same (which is what `@null` achieves in PROJ).
fn web_mercator() -> Crs {
    Crs {
        epsg: Some(3857),
        name: "WGS 84 / Pseudo-Mercator".to_string(),
        proj4: "+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +no_defs"
            .to_string(),
        geographic: false,
        datum: Datum::Wgs84,
    }
}

/// Codes that mean Web Mercator elsewhere: Google's 900913, ESRI's 102100 and 102113.
pub const WEB_MERCATOR_ALIASES: [u32; 3] = [900913, 102100, 102113];

/// A built-in definition by EPSG code.
pub fn from_epsg(code: u32) -> Result<Crs> {
    if let Some(gk) = gauss_kruger::by_code(code) {
        return Ok(Crs {
            epsg: Some(code),
            proj4: gk.proj4(),
            name: gk.name,
            geographic: false,
            datum: gk.datum,
        });
    }
    let crs = match code {
        4490 => geographic(4490, "CGCS2000", Datum::Cgcs2000),
        4326 => geographic(4326, "WGS 84", Datum::Wgs84),
        4610 => geographic(4610, "Xian 1980", Datum::Xian1980),
        4214 => geographic(4214, "Beijing 1954", Datum::Beijing1954),
        3857 => web_mercator(),
        c if WEB_MERCATOR_ALIASES.contains(&c) => web_mercator(),
        32601..=32660 => utm(code, code - 32600, false),
        32701..=32760 => utm(code, code - 32700, true),
        _ => {
            return Err(ZoneError::crs(
                format!("EPSG:{code}"),
                format!(
                    "not a coordinate system zonecheck knows; {}",
                    ACCEPTED_CODES
                ),
            ));
        }
    };
    Ok(crs)
}

/// What `from_epsg` accepts, for error messages.
pub const ACCEPTED_CODES: &str = "known EPSG codes: 4490 CGCS2000, 4491–4554 CGCS2000 Gauss-Kruger, \
    4326 WGS 84, 3857 Web Mercator, 32601–32660 / 32701–32760 WGS 84 UTM, \
    4610 Xian 1980, 2327–2390 Xian 1980 Gauss-Kruger, 4214 Beijing 1954, \
    2401–2442 and 21413–21423, 21453–21463 Beijing 1954 Gauss-Kruger";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_family_builds_in_proj4rs() {
        let codes = (4491..=4554)
            .chain(2327..=2390)
            .chain(2401..=2442)
            .chain(21413..=21423)
            .chain(21453..=21463)
            .chain(21473..=21483)
            .chain(32601..=32660)
            .chain(32701..=32760)
            .chain([4490, 4326, 4610, 4214, 3857, 900913, 102100]);
        for code in codes {
            let crs = from_epsg(code).unwrap_or_else(|e| panic!("{code}: {e}"));
            proj4rs::Proj::from_proj_string(&crs.proj4)
                .unwrap_or_else(|e| panic!("{code} {}: {e}", crs.proj4));
        }
    }

    #[test]
    fn names_and_datums() {
        // Names as printed by `pyproj.CRS.from_epsg(n).name` (pyproj 3.7.2).
        assert_eq!(from_epsg(32650).unwrap().name, "WGS 84 / UTM zone 50N");
        assert_eq!(from_epsg(32750).unwrap().name, "WGS 84 / UTM zone 50S");
        assert_eq!(from_epsg(3857).unwrap().name, "WGS 84 / Pseudo-Mercator");
        assert_eq!(from_epsg(102100).unwrap().epsg, Some(3857));
        assert_eq!(from_epsg(4610).unwrap().datum, Datum::Xian1980);
        assert_eq!(from_epsg(2363).unwrap().datum, Datum::Xian1980);
        assert_eq!(from_epsg(21460).unwrap().datum, Datum::Beijing1954);
        assert!(from_epsg(4214).unwrap().geographic);
        assert!(!from_epsg(4527).unwrap().geographic);
    }

    #[test]
    fn old_datums_warn_and_new_ones_do_not() {
        for code in [4610, 2363, 2345, 4214, 2415, 21460] {
            let w = from_epsg(code).unwrap().datum_warning();
            assert!(
                w.is_some_and(|w| w.contains("without a datum shift")),
                "{code}"
            );
        }
        for code in [4490, 4527, 4326, 3857, 32650] {
            assert_eq!(from_epsg(code).unwrap().datum_warning(), None, "{code}");
        }
    }

    #[test]
    fn unknown_code_lists_what_is_known() {
        let e = from_epsg(3395).unwrap_err().to_string();
        assert!(e.contains("EPSG:3395") && e.contains("4491–4554"), "{e}");
        assert!(from_epsg(32661).is_err() && from_epsg(32700).is_err());
    }
}
