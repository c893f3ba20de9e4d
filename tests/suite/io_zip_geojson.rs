//! Zipped shapefiles and GeoJSON against fixtures from tests/fixtures/io/make_fixtures.py
//! (Python zipfile with a GBK member name, json.dump). Lon/lat figures: pyproj 3.7.2,
//! EPSG:4527 -> EPSG:4490, printed by the script.

use std::path::{Path, PathBuf};

use geo::{Contains, Geometry, Point};
use zonecheck::crs::CrsOrigin;
use zonecheck::io::{LoadOptions, load_layers};
use zonecheck::model::{AttrValue, FieldKind, GeometryKind, SourceFormat};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/io")
        .join(rel)
}

fn close(a: (f64, f64), b: (f64, f64)) -> bool {
    (a.0 - b.0).abs() < 1e-7 && (a.1 - b.1).abs() < 1e-7
}

#[test]
fn a_zip_with_two_shapefiles_one_named_in_gbk() {
    let layers = load_layers(&fixture("two_layers.zip"), &LoadOptions::default()).unwrap();
    assert_eq!(layers.len(), 2);
    let units = &layers[0];
    assert_eq!(units.member.as_deref(), Some("数据/units.shp"));
    assert_eq!(units.name, "units");
    assert_eq!(units.format, SourceFormat::ZippedShapefile);
    assert_eq!(units.features.len(), 4);
    assert_eq!(units.crs.crs.epsg, Some(4527));
    assert_eq!(
        units.text(1, Some("HJGKDYMC")).as_deref(),
        Some("桃城区重点管控单元（工业园区）")
    );
    let redline = &layers[1];
    // Stored as GBK bytes without the UTF-8 flag.
    assert_eq!(redline.member.as_deref(), Some("红线/衡水红线.shp"));
    assert_eq!(redline.name, "衡水红线");
    assert_eq!(
        redline.text(0, Some("HXMC")).as_deref(),
        Some("衡水湖生态保护红线")
    );
    assert_eq!(redline.path, fixture("two_layers.zip"));
}

#[test]
fn one_member_of_a_zip_by_stem_or_member_path() {
    let by = |name: &str| {
        let opts = LoadOptions {
            layer: Some(name.into()),
            ..LoadOptions::default()
        };
        load_layers(&fixture("two_layers.zip"), &opts)
    };
    let layers = by("UNITS").unwrap();
    assert_eq!(layers.len(), 1);
    assert_eq!(layers[0].member.as_deref(), Some("数据/units.shp"));
    let layers = by(&layers[0].member.clone().unwrap()).unwrap();
    assert_eq!(layers.len(), 1);
    let err = by("红线").unwrap_err().to_string();
    assert!(
        err.contains("two_layers.zip") && err.contains("数据/units.shp"),
        "{err}"
    );
}

#[test]
fn geojson_with_a_legacy_crs_member() {
    let layer = load_layers(
        &fixture("geojson/site_4527.geojson"),
        &LoadOptions::default(),
    )
    .unwrap()
    .remove(0);
    assert_eq!(layer.crs.crs.epsg, Some(4527));
    assert_eq!(layer.crs.origin, CrsOrigin::GeoJsonMember);
    assert_eq!(layer.format, SourceFormat::GeoJson);
    assert_eq!(layer.geometry_kind, GeometryKind::Mixed);
    // Union of keys in first-seen order; 面积 is 96 then 1.5, so Float; extra is only null.
    let fields: Vec<(&str, FieldKind)> = layer
        .fields
        .iter()
        .map(|f| (f.name.as_str(), f.kind))
        .collect();
    assert_eq!(
        fields,
        [
            ("名称", FieldKind::Text),
            ("面积", FieldKind::Float),
            ("ok", FieldKind::Bool),
            ("extra", FieldKind::Text),
            ("备注", FieldKind::Text),
        ]
    );
    assert_eq!(layer.features[0].attributes[1], AttrValue::Integer(96));
    assert_eq!(layer.features[1].attributes[2], AttrValue::Null);
    assert_eq!(
        layer.features[1].attributes[4],
        AttrValue::Text("second".into())
    );
    // Polygon B has its hole wound clockwise (against RFC 7946): still a hole.
    let Some(Geometry::Polygon(p)) = &layer.features[0].geometry else {
        panic!("a polygon")
    };
    assert_eq!(p.interiors().len(), 1);
    // pyproj: EPSG:4527 (39382000, 4180000) -> (115.661192925, 37.744652784), B's first vertex.
    assert!(close(
        p.exterior().0[0].x_y(),
        (115.661192925, 37.744652784)
    ));
    let Some(Geometry::Point(pt)) = &layer.features[1].geometry else {
        panic!("a point")
    };
    // pyproj: EPSG:4527 (39380500, 4180500) -> (115.644096361, 37.748961843).
    assert!(close(pt.x_y(), (115.644096361, 37.748961843)));
    assert!(!p.contains(&Point::new(115.644096361, 37.748961843)));
}

#[test]
fn geojson_without_crs_is_wgs84_by_rfc7946() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plain.geojson");
    std::fs::write(
        &path,
        r#"{"type":"Feature","properties":{"name":"x"},"geometry":{"type":"Point","coordinates":[115.5,37.5]}}"#,
    )
    .unwrap();
    let layer = load_layers(&path, &LoadOptions::default())
        .unwrap()
        .remove(0);
    assert_eq!(layer.crs.origin, CrsOrigin::Rfc7946Default);
    assert_eq!(layer.crs.crs.epsg, Some(4326));
    let Some(Geometry::Point(pt)) = &layer.features[0].geometry else {
        panic!("a point")
    };
    // WGS 84 and CGCS2000 agree to centimetres: the point stays put to 1e-7 degrees.
    assert!(close(pt.x_y(), (115.5, 37.5)), "{:?}", pt.x_y());
}

#[test]
fn nan_coordinates_name_the_file_and_feature() {
    let path = fixture("geojson/nan.geojson");
    let err = load_layers(&path, &LoadOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("nan.geojson"), "{err}");
    assert!(err.contains("feature 1"), "{err}");
    assert!(err.contains("NaN"), "{err}");
}

#[test]
fn a_zip_holding_geojson() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gj.zip");
    let mut z = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    z.start_file(
        "子目录/站点.geojson",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    z.write_all(
        r#"{"type":"Feature","properties":{"名称":"甲"},"geometry":{"type":"Point","coordinates":[115.5,37.5]}}"#
            .as_bytes(),
    )
    .unwrap();
    z.finish().unwrap();
    let layer = load_layers(&path, &LoadOptions::default())
        .unwrap()
        .remove(0);
    assert_eq!(layer.name, "站点");
    assert_eq!(layer.member.as_deref(), Some("子目录/站点.geojson"));
    assert_eq!(layer.text(0, Some("名称")).as_deref(), Some("甲"));
}

#[test]
fn geojson_in_prefixed_gauss_kruger_metres_without_crs_is_guessed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gk.geojson");
    std::fs::write(
        &path,
        r#"{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[39380500,4180500]}}"#,
    )
    .unwrap();
    let layer = load_layers(&path, &LoadOptions::default())
        .unwrap()
        .remove(0);
    assert_eq!(layer.crs.crs.epsg, Some(4527));
    assert!(matches!(layer.crs.origin, CrsOrigin::Guessed(_)));
    assert!(layer.warnings.iter().any(|w| w.contains("guessed")));
    let Some(Geometry::Point(pt)) = &layer.features[0].geometry else {
        panic!("a point")
    };
    // pyproj: EPSG:4527 (39380500, 4180500) -> (115.644096361, 37.748961843).
    assert!(close(pt.x_y(), (115.644096361, 37.748961843)));
}
