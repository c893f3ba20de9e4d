//! Helpers for tests of the engine and the app: small in-memory layers (no files), so unit and
//! integration tests can build layers without the readers. Not part of any behaviour.

use geo::Geometry;

use crate::crs::{Crs, CrsInfo, CrsOrigin};
use crate::model::{
    AttrValue, Feature, Field, FieldKind, GeometryKind, Layer, SourceFormat, role::detect_role,
};

/// A layer named `name` with one text field per `fields` name and the given features
/// (geometry in lon/lat, attribute texts aligned with `fields`); role detected from the fields.
pub fn layer_with_features(
    name: &str,
    fields: &[&str],
    features: Vec<(Option<Geometry<f64>>, Vec<&str>)>,
) -> Layer {
    let fields: Vec<Field> = fields
        .iter()
        .map(|f| Field::new(f.to_string(), FieldKind::Text))
        .collect();
    let kind = features
        .iter()
        .find_map(|(g, _)| g.as_ref())
        .map(|g| match g {
            Geometry::Point(_) | Geometry::MultiPoint(_) => GeometryKind::Point,
            Geometry::LineString(_) | Geometry::MultiLineString(_) | Geometry::Line(_) => {
                GeometryKind::Line
            }
            _ => GeometryKind::Polygon,
        })
        .unwrap_or(GeometryKind::Empty);
    let role = detect_role(&fields, kind, name);
    Layer {
        name: name.to_string(),
        path: format!("{name}.geojson").into(),
        member: None,
        dataset: None,
        format: SourceFormat::GeoJson,
        geometry_kind: kind,
        source_geometry_type: "Polygon".into(),
        fields,
        features: features
            .into_iter()
            .map(|(geometry, attrs)| Feature {
                geometry,
                attributes: attrs
                    .into_iter()
                    .map(|a| AttrValue::Text(a.to_string().into()))
                    .collect(),
            })
            .collect(),
        crs: CrsInfo {
            crs: Crs::cgcs2000(),
            origin: CrsOrigin::Stated,
        },
        encoding: None,
        role,
        warnings: Vec::new(),
    }
}

/// A layer with geometries only (no fields).
pub fn layer_with_geometries(name: &str, geometries: Vec<Option<Geometry<f64>>>) -> Layer {
    layer_with_features(
        name,
        &[],
        geometries.into_iter().map(|g| (g, vec![])).collect(),
    )
}
