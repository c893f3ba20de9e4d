//! GeoJSON geometry objects to geo, walked as serde_json values so every error can say what is
//! wrong (a NaN, a string, a short position). Polygons are rebuilt from their rings by
//! containment, since writers ignore RFC 7946's winding rule.
//!
//! Not for features, properties or CRS (see `geojson`).

use geo::{Geometry, LineString, MultiPolygon, Polygon};
use serde_json::Value;

use crate::io::rings::polygons_from_rings;

/// A GeoJSON geometry object to geo; polygons rebuilt by ring containment. `unclosed` counts the
/// polygon rings whose last position is not their first (RFC 7946 requires it; they are closed).
pub fn parse_geometry(
    g: &Value,
    unclosed: &mut usize,
) -> std::result::Result<Geometry<f64>, String> {
    let kind = g
        .get("type")
        .and_then(Value::as_str)
        .ok_or("geometry without a \"type\"")?;
    if kind == "GeometryCollection" {
        let parts = g
            .get("geometries")
            .and_then(Value::as_array)
            .ok_or("GeometryCollection without \"geometries\"")?;
        return parts
            .iter()
            .map(|p| parse_geometry(p, unclosed))
            .collect::<std::result::Result<Vec<_>, _>>()
            .map(|v| Geometry::GeometryCollection(geo::GeometryCollection(v)));
    }
    let c = g
        .get("coordinates")
        .ok_or_else(|| format!("{kind} without \"coordinates\""))?;
    Ok(match kind {
        "Point" => Geometry::Point(geo::Point(position(c)?)),
        "MultiPoint" => Geometry::MultiPoint(geo::MultiPoint(
            array(c)?
                .iter()
                .map(|p| position(p).map(geo::Point))
                .collect::<std::result::Result<_, _>>()?,
        )),
        "LineString" => Geometry::LineString(line(c)?),
        "MultiLineString" => Geometry::MultiLineString(geo::MultiLineString(
            array(c)?
                .iter()
                .map(line)
                .collect::<std::result::Result<_, _>>()?,
        )),
        "Polygon" => {
            let rings = array(c)?
                .iter()
                .map(|r| ring(r, unclosed))
                .collect::<std::result::Result<Vec<_>, _>>()?;
            polygons_from_rings(rings)
                .0
                .unwrap_or(Geometry::Polygon(Polygon::new(LineString(vec![]), vec![])))
        }
        "MultiPolygon" => {
            let mut rings = Vec::new();
            for p in array(c)? {
                for r in array(p)? {
                    rings.push(ring(r, unclosed)?);
                }
            }
            match polygons_from_rings(rings).0 {
                Some(Geometry::Polygon(p)) => Geometry::MultiPolygon(MultiPolygon(vec![p])),
                Some(g) => g,
                None => Geometry::MultiPolygon(MultiPolygon(vec![])),
            }
        }
        other => return Err(format!("unknown geometry type {other:?}")),
    })
}

fn array(v: &Value) -> std::result::Result<&Vec<Value>, String> {
    v.as_array()
        .ok_or_else(|| format!("expected an array of coordinates, found {}", short(v)))
}

/// A polygon ring, counted in `unclosed` (and closed) when its last position is not its first.
fn ring(v: &Value, unclosed: &mut usize) -> std::result::Result<LineString<f64>, String> {
    let mut r = line(v)?;
    if let (Some(&first), Some(&last)) = (r.0.first(), r.0.last())
        && first != last
    {
        *unclosed += 1;
        r.0.push(first);
    }
    Ok(r)
}

fn line(v: &Value) -> std::result::Result<LineString<f64>, String> {
    array(v)?
        .iter()
        .map(position)
        .collect::<std::result::Result<Vec<_>, _>>()
        .map(LineString)
}

fn position(v: &Value) -> std::result::Result<geo::Coord<f64>, String> {
    let a = array(v)?;
    let num = |i: usize| -> std::result::Result<f64, String> {
        match a.get(i) {
            Some(Value::Number(n)) => n
                .as_f64()
                .filter(|f| f.is_finite())
                .ok_or_else(|| format!("coordinate {n} is not a finite number")),
            Some(Value::Null) => {
                Err("a coordinate is not a finite number (NaN, Infinity or null)".to_string())
            }
            Some(other) => Err(format!("a coordinate is not a number: {}", short(other))),
            None => Err(format!(
                "a position needs at least 2 numbers, found {}",
                short(v)
            )),
        }
    };
    Ok(geo::Coord {
        x: num(0)?,
        y: num(1)?,
    })
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(60).collect::<String>())
    } else {
        s
    }
}
