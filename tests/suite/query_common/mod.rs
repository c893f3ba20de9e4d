//! Builders for the hand-made layers of the query tests: layers are constructed in code so every
//! coordinate (and so every expected answer) is visible in the test.

#![allow(dead_code)]

use std::path::PathBuf;

use geo::{Coord, Geometry, LineString, Polygon, coord};
use zonecheck::crs::{Crs, CrsInfo, CrsOrigin};
use zonecheck::index::IndexedLayer;
use zonecheck::model::role::detect_role;
use zonecheck::model::{AttrValue, Feature, Field, FieldKind, GeometryKind, Layer, SourceFormat};

/// A layer of `geometries` (fid = position) in CGCS2000 lon/lat, with a `NAME` field "f<fid>".
pub fn layer(
    name: &str,
    kind: GeometryKind,
    geometries: Vec<Option<Geometry<f64>>>,
    crs: Crs,
) -> Layer {
    let fields = vec![Field::new("NAME", FieldKind::Text)];
    let role = detect_role(&fields, kind, name);
    Layer {
        name: name.into(),
        path: PathBuf::from(format!("{name}.geojson")),
        member: None,
        dataset: None,
        format: SourceFormat::GeoJson,
        geometry_kind: kind,
        source_geometry_type: "test".into(),
        features: geometries
            .into_iter()
            .enumerate()
            .map(|(fid, geometry)| Feature {
                geometry,
                attributes: vec![AttrValue::Text(format!("f{fid}").into())],
            })
            .collect(),
        fields,
        crs: CrsInfo {
            crs,
            origin: CrsOrigin::Stated,
        },
        encoding: None,
        role,
        warnings: Vec::new(),
    }
}

/// An indexed polygon layer in CGCS2000 lon/lat.
pub fn polygons(polys: Vec<Polygon<f64>>) -> IndexedLayer {
    IndexedLayer::new(layer(
        "units",
        GeometryKind::Polygon,
        polys
            .into_iter()
            .map(|p| Some(Geometry::Polygon(p)))
            .collect(),
        Crs::cgcs2000(),
    ))
}

/// An axis-aligned lon/lat rectangle as a polygon (counter-clockwise).
pub fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> Polygon<f64> {
    Polygon::new(ring(&[(x0, y0), (x1, y0), (x1, y1), (x0, y1)]), vec![])
}

/// A closed ring from (lon, lat) pairs.
pub fn ring(pts: &[(f64, f64)]) -> LineString<f64> {
    LineString::from(pts.to_vec())
}

/// A lon/lat coordinate.
pub fn c(lon: f64, lat: f64) -> Coord<f64> {
    coord! { x: lon, y: lat }
}

/// Asserts `got` is within `tol` of `want`, naming the case.
pub fn assert_close(what: &str, got: f64, want: f64, tol: f64) {
    assert!(
        (got - want).abs() <= tol,
        "{what}: got {got}, want {want} ± {tol} (off by {})",
        (got - want).abs()
    );
}
