//! A small GeoJSON writer for results the app and CLI export: polygons with a few properties
//! (e.g. the overlap pieces of a site over control units), in CGCS2000 lon/lat (RFC 7946 order).
//!
//! Not a general GeoJSON serialiser and never used to write over a user's input layers.

use std::path::Path;

use geo::{LineString, MultiPolygon};
use serde_json::{Map, Value, json};

use crate::error::{Result, ZoneError};

/// One feature to write: its properties, in order, and its polygons in lon/lat.
#[derive(Debug, Clone)]
pub struct PolygonFeature {
    pub properties: Vec<(String, Value)>,
    pub geometry: MultiPolygon<f64>,
}

fn ring(ls: &LineString<f64>) -> Value {
    Value::Array(ls.0.iter().map(|c| json!([c.x, c.y])).collect())
}

/// The features as a GeoJSON FeatureCollection string (MultiPolygon geometries).
pub fn polygons_to_geojson(features: &[PolygonFeature]) -> String {
    let feats: Vec<Value> = features
        .iter()
        .map(|f| {
            let coords: Vec<Value> = f
                .geometry
                .0
                .iter()
                .map(|p| {
                    let mut rings = vec![ring(p.exterior())];
                    rings.extend(p.interiors().iter().map(ring));
                    Value::Array(rings)
                })
                .collect();
            let props: Map<String, Value> = f.properties.iter().cloned().collect();
            json!({
                "type": "Feature",
                "properties": props,
                "geometry": {"type": "MultiPolygon", "coordinates": coords},
            })
        })
        .collect();
    let fc = json!({"type": "FeatureCollection", "features": feats});
    // Serialising a Value built from finite numbers and strings cannot fail; NaN becomes null.
    serde_json::to_string_pretty(&fc).unwrap_or_else(|_| fc.to_string())
}

/// Writes the features to `path` as GeoJSON (UTF-8).
pub fn write_polygons_geojson(features: &[PolygonFeature], path: &Path) -> Result<()> {
    std::fs::write(path, polygons_to_geojson(features)).map_err(|e| ZoneError::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    #[test]
    fn writes_a_feature_collection_that_reads_back() {
        let p = polygon![(x: 115.0, y: 37.0), (x: 115.1, y: 37.0), (x: 115.1, y: 37.1)];
        let text = polygons_to_geojson(&[PolygonFeature {
            properties: vec![("code".into(), json!("ZH13110320002"))],
            geometry: MultiPolygon::new(vec![p]),
        }]);
        let gj: geojson::GeoJson = text.parse().unwrap();
        let geojson::GeoJson::FeatureCollection(fc) = gj else {
            panic!("not a collection")
        };
        assert_eq!(fc.features.len(), 1);
        let f = &fc.features[0];
        assert_eq!(f.property("code").unwrap(), "ZH13110320002");
        let v = serde_json::to_value(f.geometry.as_ref().unwrap()).unwrap();
        assert_eq!(v["coordinates"][0][0][1], json!([115.1, 37.0]));
    }
}
