//! Writes GeoJSON layers in EPSG:4490 with the legacy `crs` member, as Chinese GIS tools export
//! them (RFC 7946 dropped the member; our readers must honour it when present).

use std::path::Path;

use anyhow::{Context, Result};
use geo::{LineString, MultiPolygon};
use serde_json::{Map, Value, json};

fn ring(ls: &LineString<f64>) -> Value {
    Value::Array(
        ls.0.iter()
            .map(|c| json!([round7(c.x), round7(c.y)]))
            .collect(),
    )
}

/// Degrees to 7 decimals (about 1 cm), enough for the data and kinder to file size.
fn round7(v: f64) -> f64 {
    (v * 1e7).round() / 1e7
}

/// A LineString geometry.
pub fn line_geometry(ls: &LineString<f64>) -> Value {
    json!({ "type": "LineString", "coordinates": ring(ls) })
}

/// A Polygon geometry when there is one part, else a MultiPolygon.
pub fn polygon_geometry(mp: &MultiPolygon<f64>) -> Value {
    let poly = |p: &geo::Polygon<f64>| {
        let mut rings = vec![ring(p.exterior())];
        rings.extend(p.interiors().iter().map(ring));
        Value::Array(rings)
    };
    if mp.0.len() == 1 {
        json!({ "type": "Polygon", "coordinates": poly(&mp.0[0]) })
    } else {
        json!({ "type": "MultiPolygon", "coordinates": mp.0.iter().map(poly).collect::<Vec<_>>() })
    }
}

/// Writes a FeatureCollection named `name` with the EPSG:4490 `crs` member.
pub fn write_collection(
    path: &Path,
    name: &str,
    features: Vec<(Value, Map<String, Value>)>,
) -> Result<()> {
    // One feature per line, as GDAL writes it: readable and diff-friendly.
    let mut text = format!(
        "{{\n\"type\": \"FeatureCollection\",\n\"name\": {},\n\"crs\": {{ \"type\": \"name\", \"properties\": {{ \"name\": \"urn:ogc:def:crs:EPSG::4490\" }} }},\n\"features\": [\n",
        Value::String(name.to_string())
    );
    let lines = features
        .into_iter()
        .map(|(geometry, properties)| {
            serde_json::to_string(
                &json!({ "type": "Feature", "properties": properties, "geometry": geometry }),
            )
        })
        .collect::<serde_json::Result<Vec<String>>>()?;
    text.push_str(&lines.join(",\n"));
    text.push_str("\n]\n}\n");
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}
