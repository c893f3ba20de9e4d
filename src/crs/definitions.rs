//! The CRS definitions the engine knows by EPSG code, as PROJ.4 strings for proj4rs.

use serde::Serialize;

use super::Crs;
use crate::error::{Result, ZoneError};

/// The geodetic datum, which decides whether a transform to CGCS2000 is exact or approximate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Datum {
    Cgcs2000,
    Wgs84,
    /// Xian 1980: IAG-75 ellipsoid, no public shift to CGCS2000.
    Xian1980,
    /// Beijing 1954: Krassowsky ellipsoid, no public shift to CGCS2000.
    Beijing1954,
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
            _ => None,
        }
    }
}

const CGCS2000_ELLPS: &str = "+ellps=GRS80";

fn geographic(epsg: u32, name: &str, datum: Datum, ellps: &str) -> Crs {
    Crs {
        epsg: Some(epsg),
        name: name.to_string(),
        proj4: format!("+proj=longlat {ellps} +no_defs"),
        geographic: true,
        datum,
    }
}

fn gauss_kruger(epsg: u32, cm: i32, false_easting: f64, name: String) -> Crs {
    Crs {
        epsg: Some(epsg),
        name,
        proj4: format!(
            "+proj=tmerc +lat_0=0 +lon_0={cm} +k=1 +x_0={false_easting} +y_0=0 {CGCS2000_ELLPS} +units=m +no_defs"
        ),
        geographic: false,
        datum: Datum::Cgcs2000,
    }
}

/// A built-in definition by EPSG code.
pub fn from_epsg(code: u32) -> Result<Crs> {
    let crs = match code {
        4490 => geographic(4490, "CGCS2000", Datum::Cgcs2000, CGCS2000_ELLPS),
        4326 => geographic(4326, "WGS 84", Datum::Wgs84, "+datum=WGS84"),
        // CGCS2000 6-degree GK with zone prefix: zones 13–23, CM 75°…135°.
        4491..=4501 => {
            let zone = (code - 4491 + 13) as i32;
            gauss_kruger(
                code,
                zone * 6 - 3,
                zone as f64 * 1_000_000.0 + 500_000.0,
                format!("CGCS2000 / Gauss-Kruger zone {zone}"),
            )
        }
        // CGCS2000 6-degree GK without prefix.
        4502..=4512 => {
            let cm = (code - 4502) as i32 * 6 + 75;
            gauss_kruger(
                code,
                cm,
                500_000.0,
                format!("CGCS2000 / Gauss-Kruger CM {cm}E"),
            )
        }
        // CGCS2000 3-degree GK with zone prefix: zones 25–45, CM 75°…135°.
        4513..=4533 => {
            let zone = (code - 4513 + 25) as i32;
            gauss_kruger(
                code,
                zone * 3,
                zone as f64 * 1_000_000.0 + 500_000.0,
                format!("CGCS2000 / 3-degree Gauss-Kruger zone {zone}"),
            )
        }
        // CGCS2000 3-degree GK without prefix.
        4534..=4554 => {
            let cm = (code - 4534) as i32 * 3 + 75;
            gauss_kruger(
                code,
                cm,
                500_000.0,
                format!("CGCS2000 / 3-degree Gauss-Kruger CM {cm}E"),
            )
        }
        _ => {
            return Err(ZoneError::crs(
                format!("EPSG:{code}"),
                "not a coordinate system zonecheck knows",
            ));
        }
    };
    Ok(crs)
}

/// A CRS as a user writes it: `EPSG:4527`, `epsg:4527`, `4527`.
pub fn from_user_text(text: &str) -> Result<Crs> {
    let t = text.trim();
    let digits = t
        .strip_prefix("EPSG:")
        .or_else(|| t.strip_prefix("epsg:"))
        .unwrap_or(t);
    match digits.parse::<u32>() {
        Ok(code) => from_epsg(code),
        Err(_) => Err(ZoneError::crs(
            format!("{t:?}"),
            "expected an EPSG code such as EPSG:4527",
        )),
    }
}
