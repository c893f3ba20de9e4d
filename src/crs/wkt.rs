//! Reading a CRS from WKT: ESRI .prj files (`PROJECTION["Gauss_Kruger"]`,
//! `GCS_China_Geodetic_Coordinate_System_2000`, …) and OGC WKT1 as GDAL/QGIS write it. A built-in
//! EPSG system is recognised by its parameters (datum, central meridian, false easting, scale), not
//! by its name; anything else becomes a custom `Crs` (no EPSG code, the WKT's own name).
//!
//! Not for writing WKT. WKT2 is handed to proj4wkt as it is.

use super::Crs;
use super::definitions::{self, Datum};
use super::proj_build::build_proj;
use super::wkt_tree::{self, Node};
use super::{gauss_kruger, proj4_match};
use crate::error::{Result, ZoneError};

/// Reads a CRS from WKT text; `context` names where the text came from (a file, "typed WKT").
pub fn crs_from_wkt(text: &str, context: &str) -> Result<Crs> {
    let trimmed = text.trim().trim_start_matches('\u{feff}');
    if trimmed.is_empty() {
        return Err(ZoneError::crs(context, "the WKT text is empty"));
    }
    let root = wkt_tree::parse(trimmed)
        .map_err(|e| ZoneError::crs(context, format!("not readable as WKT: {e}")))?;
    match root.keyword.as_str() {
        "PROJCS" => projected(&root, trimmed, context),
        "GEOGCS" => {
            let (datum, ellps) = datum_of(&root);
            Ok(geographic_crs(datum, &ellps, &root, context))
        }
        _ => from_proj4wkt(trimmed, &root, context),
    }
}

/// The datum named in a GEOGCS node, and the PROJ.4 ellipsoid to use when no built-in matches.
fn datum_of(geogcs: &Node) -> (Datum, String) {
    // WKT2 says ENSEMBLE for WGS 84 and ELLIPSOID for SPHEROID.
    let datum_node = geogcs.child("DATUM").or_else(|| geogcs.child("ENSEMBLE"));
    let datum_name = datum_node.and_then(Node::name).unwrap_or("");
    let spheroid = datum_node.and_then(|d| d.child("SPHEROID").or_else(|| d.child("ELLIPSOID")));
    let a = spheroid.and_then(|s| s.number(0));
    let rf = spheroid.and_then(|s| s.number(1));
    let ellps = match (a, rf) {
        (Some(a), Some(rf)) if rf > 0.0 => format!("+a={a} +rf={rf}"),
        (Some(a), Some(_)) => format!("+a={a} +b={a}"),
        _ => Datum::Other.proj4_ellipsoid().to_string(),
    };
    let key: String = datum_name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    let named =
        if key.contains("china2000") || key.contains("cgcs2000") || key.contains("chinageodetic") {
            Datum::Cgcs2000
        } else if key.contains("xian1980") || key.contains("xian80") {
            Datum::Xian1980
        } else if key.contains("beijing1954") || key.contains("beijing54") {
            Datum::Beijing1954
        } else if key.contains("wgs1984")
            || key.contains("wgs84")
            || key.contains("worldgeodeticsystem1984")
        {
            Datum::Wgs84
        } else {
            Datum::Other
        };
    // A datum name is only believed when its ellipsoid agrees (1 mm in a, 1e-6 in 1/f).
    let expected = match named {
        Datum::Cgcs2000 => Some((6_378_137.0, 298.257_222_101)),
        Datum::Wgs84 => Some((6_378_137.0, 298.257_223_563)),
        Datum::Xian1980 => Some((6_378_140.0, 298.257)),
        Datum::Beijing1954 => Some((6_378_245.0, 298.3)),
        Datum::Other => None,
    };
    let datum = match (expected, a, rf) {
        (Some((ea, erf)), Some(a), Some(rf))
            if (ea - a).abs() < 1e-3 && (erf - rf).abs() < 1e-6 =>
        {
            named
        }
        // No spheroid given: trust the name.
        (Some(_), None, _) => named,
        _ => Datum::Other,
    };
    (datum, ellps)
}

fn geographic_crs(datum: Datum, ellps: &str, root: &Node, context: &str) -> Crs {
    if let Some(crs) = datum
        .geographic_epsg()
        .and_then(|code| definitions::from_epsg(code).ok())
    {
        return crs;
    }
    Crs {
        epsg: authority_code(root).filter(|c| definitions::from_epsg(*c).is_err()),
        name: root.name().unwrap_or(context).to_string(),
        proj4: format!("+proj=longlat {ellps} +no_defs"),
        geographic: true,
        datum,
    }
}

/// `AUTHORITY["EPSG","4527"]` (WKT1) or `ID["EPSG",4527]` (WKT2) directly on this node.
fn authority_code(node: &Node) -> Option<u32> {
    let auth = node.child("AUTHORITY").or_else(|| node.child("ID"))?;
    if !auth.name()?.eq_ignore_ascii_case("EPSG") {
        return None;
    }
    auth.args.iter().find_map(|a| match a {
        wkt_tree::Arg::Text(t) => t.parse::<u32>().ok(),
        wkt_tree::Arg::Number(n) if n.fract() == 0.0 && *n > 0.0 => Some(*n as u32),
        _ => None,
    })
}

/// A PARAMETER value by any of its spellings (ESRI `False_Easting`, OGC `false_easting`).
fn parameter(projcs: &Node, names: &[&str]) -> Option<f64> {
    projcs.children("PARAMETER").find_map(|p| {
        let name = p.name()?;
        names
            .iter()
            .any(|n| n.eq_ignore_ascii_case(name))
            .then(|| p.number(0))
            .flatten()
    })
}

fn projected(root: &Node, text: &str, context: &str) -> Result<Crs> {
    let geogcs = root
        .child("GEOGCS")
        .ok_or_else(|| ZoneError::crs(context, "PROJCS without a GEOGCS"))?;
    let (datum, ellps) = datum_of(geogcs);
    let method = root.child("PROJECTION").and_then(Node::name).unwrap_or("");
    let method_key = method.to_ascii_lowercase().replace([' ', '-'], "_");
    let name = root
        .name()
        .unwrap_or("unnamed projected system")
        .to_string();
    let unit_m = root.child("UNIT").and_then(|u| u.number(0)).unwrap_or(1.0);
    let primem_deg = geogcs
        .child("PRIMEM")
        .and_then(|p| p.number(0))
        .unwrap_or(0.0);
    if primem_deg != 0.0 {
        return from_proj4wkt(text, root, context);
    }
    let fe = parameter(root, &["False_Easting"]).unwrap_or(0.0);
    let fn_ = parameter(root, &["False_Northing"]).unwrap_or(0.0);
    let cm = parameter(
        root,
        &[
            "Central_Meridian",
            "Longitude_Of_Origin",
            "Longitude_Of_Center",
        ],
    )
    .unwrap_or(0.0);
    let k = parameter(root, &["Scale_Factor"]).unwrap_or(1.0);
    let lat0 = parameter(root, &["Latitude_Of_Origin", "Latitude_Of_Center"]).unwrap_or(0.0);
    // False easting/northing are in the projected unit; built-ins are all metres.
    let metres = (unit_m - 1.0).abs() < 1e-12;

    match method_key.as_str() {
        "gauss_kruger" | "transverse_mercator" | "gauss_kruger_transverse_mercator" => {
            if metres && k == 1.0 && lat0 == 0.0 && fn_ == 0.0 {
                let hint = zone_width_hint(&name);
                if let Some(gk) = gauss_kruger::by_params(datum, cm, fe, hint) {
                    return definitions::from_epsg(gk.code);
                }
            }
            if metres
                && datum == Datum::Wgs84
                && (k - 0.9996).abs() < 1e-12
                && lat0 == 0.0
                && fe == 500_000.0
            {
                let zone = (cm + 183.0) / 6.0;
                if zone.fract() == 0.0 && (1.0..=60.0).contains(&zone) {
                    let base = if fn_ == 0.0 {
                        Some(32600)
                    } else if fn_ == 10_000_000.0 {
                        Some(32700)
                    } else {
                        None
                    };
                    if let Some(base) = base {
                        return definitions::from_epsg(base + zone as u32);
                    }
                }
            }
            Ok(custom(
                root,
                name,
                format!(
                    "+proj=tmerc +lat_0={lat0} +lon_0={cm} +k={k} +x_0={} +y_0={} {ellps} +to_meter={unit_m} +no_defs",
                    fe * unit_m,
                    fn_ * unit_m
                ),
                datum,
            ))
        }
        "mercator_auxiliary_sphere" | "popular_visualisation_pseudo_mercator" => {
            definitions::from_epsg(3857)
        }
        "mercator" | "mercator_1sp" => {
            let extension = root
                .child("EXTENSION")
                .and_then(|e| e.args.get(1))
                .map(|a| format!("{a:?}"))
                .unwrap_or_default();
            let pseudo = extension.contains("+a=6378137 +b=6378137")
                || name.to_ascii_lowercase().contains("pseudo")
                || name.to_ascii_lowercase().contains("web_mercator")
                || name.to_ascii_lowercase().contains("web mercator");
            if pseudo && datum == Datum::Wgs84 && metres && fe == 0.0 && fn_ == 0.0 && cm == 0.0 {
                return definitions::from_epsg(3857);
            }
            from_proj4wkt(text, root, context)
        }
        _ => from_proj4wkt(text, root, context),
    }
}

/// ESRI and EPSG names say "3_Degree"/"3-degree" for 3° zones; plain "GK" names are 6°.
fn zone_width_hint(name: &str) -> Option<u32> {
    let n = name.to_ascii_lowercase().replace(['_', ' '], "-");
    if n.contains("3-degree") || n.contains("3degree") {
        Some(3)
    } else if n.contains("gk") || n.contains("gauss-kruger") || n.contains("6-degree") {
        Some(6)
    } else {
        None
    }
}

fn custom(root: &Node, name: String, proj4: String, datum: Datum) -> Crs {
    Crs {
        epsg: authority_code(root).filter(|c| definitions::from_epsg(*c).is_err()),
        name,
        proj4,
        geographic: false,
        datum,
    }
}

/// Anything this module does not read itself (other projections, WKT2) goes through proj4wkt; a
/// built-in system is still recognised by the parameters of the resulting PROJ.4 string.
fn from_proj4wkt(text: &str, root: &Node, context: &str) -> Result<Crs> {
    let proj4 = proj4wkt::wkt_to_projstring(text).map_err(|e| {
        ZoneError::crs(
            context,
            format!("{} WKT that zonecheck cannot convert: {e}", root.keyword),
        )
    })?;
    build_proj(&proj4)
        .map_err(|e| ZoneError::crs(context, format!("unsupported projection ({proj4}): {e}")))?;
    let geographic = proj4.contains("+proj=longlat") || proj4.contains("+proj=latlong");
    let geog = if geographic {
        Some(root)
    } else {
        ["GEOGCS", "BASEGEOGCRS", "BASEGEODCRS"]
            .iter()
            .find_map(|k| root.child(k))
    };
    let datum = geog.map(|g| datum_of(g).0).unwrap_or(Datum::Other);
    let name = root.name().unwrap_or(context).to_string();
    if datum != Datum::Other
        && let Some(crs) = proj4_match::recognise(&proj4, datum, zone_width_hint(&name))
    {
        return Ok(crs);
    }
    Ok(Crs {
        epsg: authority_code(root).filter(|c| definitions::from_epsg(*c).is_err()),
        name,
        proj4,
        geographic,
        datum,
    })
}
