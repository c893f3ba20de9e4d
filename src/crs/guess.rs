//! Finding a CRS when the file does not name one: from the coordinates' extent (degrees, or
//! Gauss-Kruger eastings that carry their zone number), or from what a coordinate exchange text
//! header says (坐标系, 带号, 几度分带).
//!
//! Not for reading .prj files (see `wkt`). It only guesses when the numbers leave one answer;
//! plain 6-digit eastings could be any zone, so those return `None` and the caller asks the user.

use super::Crs;
use super::definitions::{self, Datum};
use super::gauss_kruger;
use crate::error::{Result, ZoneError};

/// China's northings in a Gauss-Kruger zone lie inside this (0 at the equator, ~5.9e6 m at 53.6°N).
const NORTHING_RANGE_M: std::ops::RangeInclusive<f64> = 0.0..=6_000_000.0;

/// A CRS for data whose extent is `min_x..max_x`, `min_y..max_y`, with the reason, or `None` when
/// the numbers do not decide it.
pub fn guess_crs(min_x: f64, min_y: f64, max_x: f64, max_y: f64) -> Option<(Crs, String)> {
    if ![min_x, min_y, max_x, max_y].iter().all(|v| v.is_finite()) || min_x > max_x || min_y > max_y
    {
        return None;
    }
    if min_x >= -180.0 && max_x <= 180.0 && min_y >= -90.0 && max_y <= 90.0 {
        let why = format!(
            "coordinates look like degrees (x {min_x:.4}..{max_x:.4}, y {min_y:.4}..{max_y:.4}): taken as CGCS2000 longitude/latitude"
        );
        return Some((Crs::cgcs2000(), why));
    }
    let zone = prefixed_zone(min_x, max_x)?;
    if !(NORTHING_RANGE_M.contains(&min_y) && NORTHING_RANGE_M.contains(&max_y)) {
        return None;
    }
    let (width, code) = if (25..=45).contains(&zone) {
        (3, 4513 + zone - 25)
    } else if (13..=23).contains(&zone) {
        (6, 4491 + zone - 13)
    } else {
        return None;
    };
    let crs = definitions::from_epsg(code).ok()?;
    let why = format!(
        "eastings {min_x:.0}..{max_x:.0} start with the {width}-degree zone number {zone} and northings {min_y:.0}..{max_y:.0} fit China: taken as CGCS2000 (the datum cannot be told from coordinates)"
    );
    Some((crs, why))
}

/// The zone number carried by 8-digit eastings, when both ends of the extent carry the same one and
/// the rest of the easting is a plausible offset from the central meridian (±400 km of 500,000).
fn prefixed_zone(min_x: f64, max_x: f64) -> Option<u32> {
    if !(10_000_000.0..100_000_000.0).contains(&min_x)
        || !(10_000_000.0..100_000_000.0).contains(&max_x)
    {
        return None;
    }
    let zone_min = (min_x / 1_000_000.0).floor();
    let zone_max = (max_x / 1_000_000.0).floor();
    if zone_min != zone_max {
        return None;
    }
    let offset_ok = |x: f64| (100_000.0..=900_000.0).contains(&(x - zone_min * 1_000_000.0));
    (offset_ok(min_x) && offset_ok(max_x)).then_some(zone_min as u32)
}

/// Why `guess_crs` found nothing, in words for the user who must then state the CRS.
/// The EPSG code the explanation of [`explain_no_guess`] gives as its example, for the fix an
/// error carries (the same case: eastings without zone number).
pub fn example_for_no_guess(min_x: f64, min_y: f64, max_x: f64, max_y: f64) -> Option<u32> {
    let unprefixed = (100_000.0..=900_000.0).contains(&min_x)
        && max_x <= 900_000.0
        && NORTHING_RANGE_M.contains(&min_y)
        && NORTHING_RANGE_M.contains(&max_y);
    unprefixed.then_some(4548)
}

pub fn explain_no_guess(min_x: f64, min_y: f64, max_x: f64, max_y: f64) -> String {
    if prefixed_zone(min_y, max_y).is_some()
        && NORTHING_RANGE_M.contains(&min_x)
        && NORTHING_RANGE_M.contains(&max_x)
    {
        return "x looks like a northing and y like a zone-prefixed easting: the axes are probably swapped (surveyors write X = north)".to_string();
    }
    if (100_000.0..=900_000.0).contains(&min_x)
        && max_x <= 900_000.0
        && NORTHING_RANGE_M.contains(&min_y)
        && NORTHING_RANGE_M.contains(&max_y)
    {
        return "eastings have no zone number (6 digits): they fit any Gauss-Kruger zone, so the central meridian must be stated (e.g. EPSG:4548 for CGCS2000 3-degree CM 117E)".to_string();
    }
    format!(
        "coordinates x {min_x}..{max_x}, y {min_y}..{max_y} match no system zonecheck can recognise; state the CRS"
    )
}

/// The CGCS2000 Gauss-Kruger system a coordinate exchange text header names: 带号 `zone`,
/// 几度分带 3 or 6 (`three_degree`), and whether eastings carry the zone number.
pub fn crs_from_zone_header(
    zone: u32,
    three_degree: bool,
    easting_has_prefix: bool,
) -> Result<Crs> {
    gk_zone_crs(Datum::Cgcs2000, zone, three_degree, easting_has_prefix)
}

/// Like `crs_from_zone_header` for any of the Chinese datums (headers also say 1980西安坐标系).
pub fn gk_zone_crs(
    datum: Datum,
    zone: u32,
    three_degree: bool,
    easting_has_prefix: bool,
) -> Result<Crs> {
    let width = if three_degree { 3 } else { 6 };
    match gauss_kruger::by_zone(datum, zone, width, easting_has_prefix) {
        Some(gk) => definitions::from_epsg(gk.code),
        None => Err(ZoneError::crs(
            format!("{} {width}-degree zone {zone}", datum.name()),
            if three_degree {
                "3-degree zones in China are 25–45 (central meridians 75°E–135°E)"
            } else {
                "6-degree zones in China are 13–23 (central meridians 75°E–135°E)"
            },
        )),
    }
}

/// The datum named by a header's 坐标系 value (`2000国家大地坐标系`, `1980西安坐标系`, `CGCS2000`, …).
pub fn datum_from_header_text(text: &str) -> Option<Datum> {
    let t = text.trim().to_ascii_uppercase().replace(' ', "");
    if t.contains("2000") || t.contains("CGCS") {
        Some(Datum::Cgcs2000)
    } else if t.contains("西安") || t.contains("XIAN") || t.contains("1980") {
        Some(Datum::Xian1980)
    } else if t.contains("北京") || t.contains("BEIJING") || t.contains("1954") {
        Some(Datum::Beijing1954)
    } else if t.contains("WGS") {
        Some(Datum::Wgs84)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn degrees_are_cgcs2000() {
        let (crs, why) = guess_crs(115.2, 37.2, 116.6, 38.2).unwrap();
        assert_eq!(crs.epsg, Some(4490));
        assert!(why.contains("degrees"));
    }

    #[test]
    fn prefixed_eastings_give_the_zone() {
        let (crs, why) = guess_crs(39_480_000.0, 4_120_000.0, 39_560_000.0, 4_230_000.0).unwrap();
        assert_eq!(crs.epsg, Some(4527));
        assert!(why.contains("zone number 39"), "{why}");
        let (crs, _) = guess_crs(20_400_000.0, 4_120_000.0, 20_600_000.0, 4_230_000.0).unwrap();
        assert_eq!(crs.epsg, Some(4498)); // 6-degree zone 20, CM 117
    }

    #[test]
    fn ambiguous_or_implausible_extents_are_not_guessed() {
        // No prefix: any zone.
        assert!(guess_crs(480_000.0, 4_120_000.0, 560_000.0, 4_230_000.0).is_none());
        // Straddles two zone prefixes.
        assert!(guess_crs(38_900_000.0, 4_120_000.0, 39_100_000.0, 4_230_000.0).is_none());
        // Zone 24 and 46 are neither 3- nor 6-degree Chinese zones.
        assert!(guess_crs(24_500_000.0, 4_120_000.0, 24_600_000.0, 4_230_000.0).is_none());
        assert!(guess_crs(46_500_000.0, 4_120_000.0, 46_600_000.0, 4_230_000.0).is_none());
        // Northing out of range, swapped axes, NaN, inverted extent.
        assert!(guess_crs(39_500_000.0, 7_000_000.0, 39_600_000.0, 7_100_000.0).is_none());
        assert!(guess_crs(4_120_000.0, 39_480_000.0, 4_230_000.0, 39_560_000.0).is_none());
        assert!(guess_crs(f64::NAN, 0.0, 1.0, 1.0).is_none());
        assert!(guess_crs(2.0, 0.0, 1.0, 1.0).is_none());
    }

    #[test]
    fn explanations_name_the_likely_cause() {
        assert!(
            explain_no_guess(4_120_000.0, 39_480_000.0, 4_230_000.0, 39_560_000.0)
                .contains("swapped")
        );
        assert!(
            explain_no_guess(480_000.0, 4_120_000.0, 560_000.0, 4_230_000.0)
                .contains("no zone number")
        );
    }

    #[test]
    fn zone_headers() {
        assert_eq!(
            crs_from_zone_header(39, true, true).unwrap().epsg,
            Some(4527)
        );
        assert_eq!(
            crs_from_zone_header(39, true, false).unwrap().epsg,
            Some(4548)
        );
        assert_eq!(
            crs_from_zone_header(20, false, true).unwrap().epsg,
            Some(4498)
        );
        assert_eq!(
            crs_from_zone_header(20, false, false).unwrap().epsg,
            Some(4509)
        );
        assert_eq!(
            gk_zone_crs(Datum::Xian1980, 39, true, true).unwrap().epsg,
            Some(2363)
        );
        let e = crs_from_zone_header(20, true, true)
            .unwrap_err()
            .to_string();
        assert!(e.contains("25–45"), "{e}");
        assert!(crs_from_zone_header(39, false, true).is_err());
    }

    #[test]
    fn header_datum_names() {
        assert_eq!(
            datum_from_header_text("2000国家大地坐标系"),
            Some(Datum::Cgcs2000)
        );
        assert_eq!(
            datum_from_header_text("1980西安坐标系"),
            Some(Datum::Xian1980)
        );
        assert_eq!(
            datum_from_header_text("1954北京坐标系"),
            Some(Datum::Beijing1954)
        );
        assert_eq!(datum_from_header_text("WGS 84"), Some(Datum::Wgs84));
        assert_eq!(datum_from_header_text("地方坐标系"), None);
    }
}
