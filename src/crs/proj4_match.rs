//! Recognising a built-in EPSG system in a PROJ.4 string (typed by a user, or produced by proj4wkt
//! from WKT2), by its parameters: the same rule as for .prj files, so `+proj=tmerc +lon_0=117
//! +x_0=39500000 +ellps=GRS80` is EPSG:4527 whatever it is called.
//!
//! Not for building transforms (proj4rs does that from the string itself).

use super::definitions::{self, Datum};
use super::{Crs, gauss_kruger};

/// The `+key=value` pairs and `+flag`s of a PROJ.4 string, keys lower-cased.
fn params(proj4: &str) -> Vec<(String, Option<String>)> {
    proj4
        .split_whitespace()
        .filter_map(|w| w.strip_prefix('+'))
        .map(|w| match w.split_once('=') {
            Some((k, v)) => (k.to_ascii_lowercase(), Some(v.to_string())),
            None => (w.to_ascii_lowercase(), None),
        })
        .collect()
}

fn value<'a>(p: &'a [(String, Option<String>)], key: &str) -> Option<&'a str> {
    p.iter()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| v.as_deref())
}

fn number(p: &[(String, Option<String>)], key: &str, default: f64) -> Option<f64> {
    match value(p, key) {
        Some(v) => v.parse().ok(),
        None => Some(default),
    }
}

/// The datum a PROJ.4 string's ellipsoid implies among the ones zonecheck knows (GRS80 is taken as
/// CGCS2000, Krassowsky as Beijing 1954, IAG-75 as Xian 1980: the transforms are the same either way,
/// only the label and the warning depend on it).
pub fn datum_of_proj4(proj4: &str) -> Datum {
    let p = params(proj4);
    let ellps = value(&p, "ellps").map(str::to_ascii_lowercase);
    let datum = value(&p, "datum").map(str::to_ascii_lowercase);
    let a = value(&p, "a").and_then(|v| v.parse::<f64>().ok());
    let rf = value(&p, "rf").and_then(|v| v.parse::<f64>().ok());
    if datum.as_deref() == Some("wgs84") || ellps.as_deref() == Some("wgs84") {
        Datum::Wgs84
    } else if ellps.as_deref() == Some("grs80") {
        Datum::Cgcs2000
    } else if ellps.as_deref() == Some("krass") {
        Datum::Beijing1954
    } else if ellps.as_deref() == Some("iau76") || (a == Some(6_378_140.0) && rf == Some(298.257)) {
        Datum::Xian1980
    } else if a == Some(6_378_137.0) && rf == Some(298.257_222_101) {
        Datum::Cgcs2000
    } else if a == Some(6_378_245.0) && rf == Some(298.3) {
        Datum::Beijing1954
    } else {
        Datum::Other
    }
}

/// The built-in system a PROJ.4 string describes on `datum`, if any; `name_hint` may say
/// "3-degree" to choose between identical 3° and 6° parameters.
pub fn recognise(proj4: &str, datum: Datum, zone_width_hint: Option<u32>) -> Option<Crs> {
    let p = params(proj4);
    let metres =
        matches!(value(&p, "units"), None | Some("m")) && number(&p, "to_meter", 1.0)? == 1.0;
    match value(&p, "proj")? {
        "longlat" | "latlong" | "lonlat" | "latlon" => {
            definitions::from_epsg(datum.geographic_epsg()?).ok()
        }
        "utm" if datum == Datum::Wgs84 && metres => {
            let zone: u32 = value(&p, "zone")?.parse().ok()?;
            let south = p.iter().any(|(k, _)| k == "south");
            definitions::from_epsg(if south { 32700 } else { 32600 } + zone).ok()
        }
        "tmerc" | "etmerc" if metres => {
            let lon_0 = number(&p, "lon_0", 0.0)?;
            let lat_0 = number(&p, "lat_0", 0.0)?;
            let x_0 = number(&p, "x_0", 0.0)?;
            let y_0 = number(&p, "y_0", 0.0)?;
            let k = match value(&p, "k") {
                Some(v) => v.parse().ok()?,
                None => number(&p, "k_0", 1.0)?,
            };
            if lat_0 != 0.0 {
                return None;
            }
            if k == 1.0 && y_0 == 0.0 {
                let gk = gauss_kruger::by_params(datum, lon_0, x_0, zone_width_hint)?;
                return definitions::from_epsg(gk.code).ok();
            }
            let zone = (lon_0 + 183.0) / 6.0;
            let utm = datum == Datum::Wgs84
                && (k - 0.9996).abs() < 1e-12
                && x_0 == 500_000.0
                && zone.fract() == 0.0;
            if utm && (1.0..=60.0).contains(&zone) {
                let base = match y_0 {
                    0.0 => 32600,
                    10_000_000.0 => 32700,
                    _ => return None,
                };
                return definitions::from_epsg(base + zone as u32).ok();
            }
            None
        }
        "merc" | "webmerc" => {
            let sphere = value(&p, "a") == Some("6378137") && value(&p, "b") == Some("6378137");
            let origin = ["lon_0", "x_0", "y_0", "lat_ts"]
                .iter()
                .all(|k| number(&p, k, 0.0) == Some(0.0));
            (sphere && origin && metres)
                .then(|| definitions::from_epsg(3857).ok())
                .flatten()
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(proj4: &str) -> Option<u32> {
        recognise(proj4, datum_of_proj4(proj4), None).and_then(|c| c.epsg)
    }

    #[test]
    fn recognises_by_parameters() {
        // Strings as `pyproj.CRS.from_epsg(n).to_proj4()` prints them (pyproj 3.7.2).
        assert_eq!(
            code(
                "+proj=tmerc +lat_0=0 +lon_0=117 +k=1 +x_0=39500000 +y_0=0 +ellps=GRS80 +units=m +no_defs +type=crs"
            ),
            Some(4527)
        );
        assert_eq!(
            code(
                "+proj=tmerc +lat_0=0 +lon_0=117 +k=1 +x_0=39500000 +y_0=0 +ellps=IAU76 +units=m +no_defs"
            ),
            Some(2363)
        );
        assert_eq!(
            code(
                "+proj=tmerc +lat_0=0 +lon_0=117 +k=1 +x_0=500000 +y_0=0 +ellps=krass +units=m +no_defs"
            ),
            Some(2436)
        );
        assert_eq!(
            code("+proj=utm +zone=50 +south +datum=WGS84 +units=m +no_defs"),
            Some(32750)
        );
        assert_eq!(
            code("+proj=tmerc +lon_0=117 +k=0.9996 +x_0=500000 +datum=WGS84"),
            Some(32650)
        );
        assert_eq!(
            code(
                "+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs"
            ),
            Some(3857)
        );
        assert_eq!(code("+proj=longlat +ellps=krass +no_defs"), Some(4214));
        assert_eq!(code("+proj=longlat +datum=WGS84 +no_defs"), Some(4326));
    }

    #[test]
    fn leaves_other_systems_alone() {
        assert_eq!(
            code("+proj=tmerc +lon_0=115.5 +k=1 +x_0=500000 +ellps=GRS80"),
            None
        );
        assert_eq!(
            code("+proj=tmerc +lon_0=117 +k=1 +x_0=39500000 +ellps=GRS80 +units=ft"),
            None
        );
        assert_eq!(
            code("+proj=tmerc +lon_0=117 +k=1 +x_0=39500000 +ellps=bessel"),
            None
        );
        assert_eq!(
            code("+proj=aea +lat_1=25 +lat_2=47 +lon_0=105 +ellps=krass"),
            None
        );
        assert_eq!(code("+proj=merc +datum=WGS84"), None);
    }
}
