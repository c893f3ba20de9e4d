//! The CRS of a coordinate exchange text: the datum from 坐标系, the zone from the eastings'
//! prefix or 带号 (the prefix wins, with a warning, when they disagree), 3- or 6-degree from
//! 几度分带 or the zone number.
//!
//! Not for parsing the file (see `exchange_text`).

use std::path::Path;

use crate::crs::{Crs, CrsInfo, CrsOrigin, Datum};
use crate::error::{Fix, Result, ZoneError, quote};

fn header_value<'a>(attributes: &'a [(String, String)], key: &str) -> Option<&'a str> {
    attributes
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.is_empty())
}

/// The CRS from the `[属性描述]` pairs (坐标系 / 几度分带 / 带号) and every easting of the file.
pub fn header_crs(
    attributes: &[(String, String)],
    eastings: &[f64],
    path: &Path,
    warnings: &mut Vec<String>,
) -> Result<CrsInfo> {
    let context = path.display().to_string();
    let datum = match header_value(attributes, "坐标系") {
        Some(name) => crate::crs::guess::datum_from_header_text(name).ok_or_else(|| {
            ZoneError::crs(
                &context,
                format!("坐标系={} is not a system zonecheck knows", quote(name)),
            )
            .with_fix(Fix::StateLayerCrs { example: None })
        })?,
        None => {
            warnings.push(
                "the header has no 坐标系: CGCS2000 assumed; for a 西安80 or 北京54 survey, add \
                 坐标系= to the header or state the site's CRS"
                    .to_string(),
            );
            Datum::Cgcs2000
        }
    };
    let stated_zone: Option<u32> = header_value(attributes, "带号").and_then(|v| v.parse().ok());
    let width: Option<u32> = header_value(attributes, "几度分带").and_then(|v| v.parse().ok());
    let prefixes: Vec<u32> = eastings
        .iter()
        .filter(|e| **e >= 1_000_000.0)
        .map(|e| (e / 1_000_000.0).floor() as u32)
        .collect();
    let prefix = match prefixes.first() {
        Some(&first) if prefixes.iter().all(|&z| z == first) => Some(first),
        Some(_) => {
            return Err(ZoneError::crs(
                &context,
                "eastings carry different zone numbers; split the file by zone or state its CRS",
            )
            .with_fix(Fix::StateLayerCrs { example: None }));
        }
        None => None,
    };
    if prefix.is_some() && prefixes.len() != eastings.len() {
        return Err(ZoneError::crs(
            &context,
            "some eastings carry a zone number and some do not",
        )
        .with_fix(Fix::StateLayerCrs { example: None }));
    }
    let zone = match (prefix, stated_zone) {
        (Some(p), Some(z)) if p != z => {
            warnings.push(format!(
                "带号={z} in the header but the eastings carry zone number {p}: zone {p} used (the eastings decide); correct the header's 带号, or the eastings if they are the ones wrong"
            ));
            p
        }
        (Some(p), _) => p,
        (None, Some(z)) => z,
        (None, None) => {
            return Err(ZoneError::crs(
                &context,
                "no 带号 in the header and the eastings carry no zone number",
            )
            .with_fix(Fix::StateLayerCrs {
                example: Some(4548),
            }));
        }
    };
    let three_degree = match width {
        Some(3) => true,
        Some(6) => false,
        Some(other) => {
            return Err(ZoneError::crs(
                &context,
                format!("几度分带={other}: expected 3 or 6"),
            ));
        }
        None => !(13..=23).contains(&zone),
    };
    let crs: Crs = if datum == Datum::Cgcs2000 {
        crate::crs::crs_from_zone_header(zone, three_degree, prefix.is_some())
    } else {
        crate::crs::guess::gk_zone_crs(datum, zone, three_degree, prefix.is_some())
    }
    .map_err(|e| ZoneError::crs(&context, e.to_string()))?;
    Ok(CrsInfo {
        crs,
        origin: CrsOrigin::Header,
    })
}
