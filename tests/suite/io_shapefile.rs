//! Shapefile reading against fixtures written by pyshp (tests/fixtures/io/make_fixtures.py).
//! Expected texts, counts and types are those the script wrote; lon/lat figures are pyproj 3.7.2
//! transforms EPSG:4527 -> EPSG:4490 printed by the script.

use std::path::{Path, PathBuf};

use geo::{Contains, Geometry, Point};
use zonecheck::crs::CrsOrigin;
use zonecheck::io::{LoadOptions, load_layers};
use zonecheck::model::{AttrValue, FieldKind, GeometryKind, Layer, LayerRole, SourceFormat};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/io")
        .join(rel)
}

fn load_one(rel: &str) -> Layer {
    let mut layers = load_layers(&fixture(rel), &LoadOptions::default())
        .unwrap_or_else(|e| panic!("{rel}: {e}"));
    assert_eq!(layers.len(), 1);
    layers.remove(0)
}

fn close(a: (f64, f64), b: (f64, f64)) -> bool {
    // 1e-7 degrees is about 1 cm.
    (a.0 - b.0).abs() < 1e-7 && (a.1 - b.1).abs() < 1e-7
}

/// pyproj: EPSG:4527 (39380000, 4180000) -> (115.638507113, 37.744392881).
const SW_CORNER: (f64, f64) = (115.638507113, 37.744392881);
/// pyproj: EPSG:4527 (39381000, 4181000) -> (115.649686295, 37.753530550).
const NE_CORNER: (f64, f64) = (115.649686295, 37.753530550);
/// pyproj: EPSG:4527 (39380500, 4180500) -> the centre of polygon A's hole.
const HOLE_CENTRE: (f64, f64) = (115.644096361, 37.748961843);

fn text(layer: &Layer, fid: usize, field: &str) -> Option<String> {
    let i = layer.field_index(field).expect(field);
    match &layer.features[fid].attributes[i] {
        AttrValue::Text(s) => Some(s.to_string()),
        AttrValue::Null => None,
        other => panic!("{field} is not text: {other:?}"),
    }
}

/// The four units the script writes, whatever the encoding route.
fn check_units(layer: &Layer) {
    assert_eq!(layer.features.len(), 4);
    assert_eq!(layer.source_geometry_type, "Polygon");
    assert_eq!(layer.geometry_kind, GeometryKind::Polygon);
    assert_eq!(layer.role.role, LayerRole::ControlUnits);
    let names: Vec<&str> = layer.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "HJGKDYBM", "HJGKDYMC", "GKDYLB", "MJ_KM2", "XH", "SFYX", "RQ", "备注"
        ]
    );
    let kinds: Vec<FieldKind> = layer.fields.iter().map(|f| f.kind).collect();
    use FieldKind::*;
    assert_eq!(kinds, [Text, Text, Text, Float, Integer, Bool, Date, Text]);

    assert_eq!(
        text(layer, 0, "HJGKDYMC").as_deref(),
        Some("桃城区优先保护单元")
    );
    assert_eq!(
        text(layer, 1, "HJGKDYMC").as_deref(),
        Some("桃城区重点管控单元（工业园区）")
    );
    assert_eq!(text(layer, 2, "GKDYLB").as_deref(), Some("一般管控单元"));
    // Written as "含空格  ": trailing spaces are padding in DBF and are trimmed.
    assert_eq!(text(layer, 0, "备注").as_deref(), Some("含空格"));
    assert_eq!(layer.unit_code(3).as_deref(), Some("ZH13110230004"));
    let attr = |fid: usize, field: &str| {
        layer.features[fid].attributes[layer.field_index(field).unwrap()].clone()
    };
    assert_eq!(attr(0, "MJ_KM2"), AttrValue::Float(0.96));
    assert_eq!(attr(2, "MJ_KM2"), AttrValue::Float(0.5));
    assert_eq!(attr(1, "XH"), AttrValue::Integer(2));
    assert_eq!(attr(0, "SFYX"), AttrValue::Bool(true));
    assert_eq!(attr(1, "SFYX"), AttrValue::Bool(false));
    assert_eq!(attr(2, "SFYX"), AttrValue::Null);
    assert_eq!(attr(0, "RQ"), AttrValue::Date("2024-06-15".into()));
    assert_eq!(attr(2, "RQ"), AttrValue::Null);

    // A: outer ring clockwise, hole counter-clockwise (ESRI winding).
    let Some(Geometry::Polygon(a)) = &layer.features[0].geometry else {
        panic!(
            "feature 0 should be a polygon: {:?}",
            layer.features[0].geometry
        )
    };
    assert_eq!(a.exterior().0.len(), 5);
    assert_eq!(a.interiors().len(), 1);
    assert!(close(a.exterior().0[0].x_y(), SW_CORNER));
    assert!(close(a.exterior().0[2].x_y(), NE_CORNER));
    assert!(!a.contains(&Point::from(HOLE_CENTRE)), "the hole is a hole");
    // B: the opposite winding; still one shell with one hole.
    let Some(Geometry::Polygon(b)) = &layer.features[1].geometry else {
        panic!("feature 1 should be a polygon")
    };
    assert_eq!(b.interiors().len(), 1);
    // C: two parts.
    let Some(Geometry::MultiPolygon(c)) = &layer.features[2].geometry else {
        panic!("feature 2 should be a multipolygon")
    };
    assert_eq!(c.0.len(), 2);
    assert!(c.0.iter().all(|p| p.interiors().is_empty()));
    // D: a null shape.
    assert!(layer.features[3].geometry.is_none());
}

#[test]
fn gbk_with_cpg() {
    let layer = load_one("gbk_cpg/units_gbk.shp");
    check_units(&layer);
    let enc = layer.encoding.as_ref().unwrap();
    assert_eq!(enc.encoding, "GBK");
    assert_eq!(enc.how, ".cpg file (GBK)");
    assert_eq!(layer.crs.crs.epsg, Some(4527));
    assert_eq!(layer.crs.origin, CrsOrigin::PrjFile);
    assert_eq!(layer.name, "units_gbk");
    assert_eq!(layer.format, SourceFormat::Shapefile);
    assert!(layer.warnings.is_empty(), "{:?}", layer.warnings);
}

#[test]
fn gbk_with_language_driver_byte_only() {
    let layer = load_one("ldid/units_ldid.shp");
    check_units(&layer);
    let enc = layer.encoding.as_ref().unwrap();
    assert_eq!(
        (enc.encoding.as_str(), enc.how.as_str()),
        ("GBK", "DBF language driver 0x4D")
    );
}

#[test]
fn utf8_without_cpg() {
    let layer = load_one("utf8/units_utf8.shp");
    check_units(&layer);
    let enc = layer.encoding.as_ref().unwrap();
    assert_eq!(
        (enc.encoding.as_str(), enc.how.as_str()),
        ("UTF-8", "valid UTF-8")
    );
}

#[test]
fn gbk_with_neither_cpg_nor_ldid_and_no_prj() {
    let layer = load_one("gbk_none/units_gbk_none.shp");
    check_units(&layer);
    let enc = layer.encoding.as_ref().unwrap();
    assert_eq!(
        (enc.encoding.as_str(), enc.how.as_str()),
        ("GBK", "fallback")
    );
    // No .prj: the zone-39 prefix on the eastings gives EPSG:4527, with a warning.
    assert_eq!(layer.crs.crs.epsg, Some(4527));
    assert!(matches!(layer.crs.origin, CrsOrigin::Guessed(_)));
    assert!(
        layer
            .warnings
            .iter()
            .any(|w| w.contains("guessed") && w.contains("state the layer's CRS")),
        "{:?}",
        layer.warnings
    );
}

#[test]
fn stated_encoding_and_crs_override() {
    let opts = LoadOptions {
        encoding: Some("UTF-8".into()),
        crs: Some(zonecheck::crs::Crs::from_epsg(4527).unwrap()),
        ..Default::default()
    };
    let layer = load_layers(&fixture("gbk_none/units_gbk_none.shp"), &opts)
        .unwrap()
        .remove(0);
    assert_eq!(layer.encoding.as_ref().unwrap().how, "stated");
    assert_eq!(layer.crs.origin, CrsOrigin::Stated);
    // GBK bytes read as UTF-8 are not the written text: the user's statement is obeyed.
    assert_ne!(
        text(&layer, 0, "HJGKDYMC").as_deref(),
        Some("桃城区优先保护单元")
    );
}

#[test]
fn pointz_in_degrees_without_prj() {
    let layer = load_one("points/wells.shp");
    assert_eq!(layer.source_geometry_type, "PointZ");
    assert_eq!(layer.geometry_kind, GeometryKind::Point);
    assert_eq!(layer.crs.crs.epsg, Some(4490));
    let Some(Geometry::Point(p)) = &layer.features[0].geometry else {
        panic!("a point")
    };
    // Written as (115.6705, 37.7389, z 21.5); CGCS2000 lon/lat is the working frame.
    assert!(close(p.x_y(), (115.6705, 37.7389)));
    assert_eq!(text(&layer, 1, "NAME").as_deref(), Some("冀州站"));
}

#[test]
fn polylines_with_upper_case_extensions() {
    let layer = load_one("UPPER/RIVERS.SHP");
    assert_eq!(layer.name, "RIVERS");
    assert_eq!(layer.geometry_kind, GeometryKind::Line);
    assert_eq!(layer.role.role, LayerRole::River);
    assert_eq!(layer.crs.crs.epsg, Some(4527));
    assert_eq!(layer.encoding.as_ref().unwrap().how, ".cpg file (936)");
    assert_eq!(text(&layer, 0, "HLMC").as_deref(), Some("滏阳河"));
    let Some(Geometry::LineString(l)) = &layer.features[0].geometry else {
        panic!("a line")
    };
    assert_eq!(l.0.len(), 3);
    assert!(close(l.0[0].x_y(), SW_CORNER));
    let Some(Geometry::MultiLineString(ml)) = &layer.features[1].geometry else {
        panic!("two parts")
    };
    assert_eq!(ml.0.iter().map(|l| l.0.len()).collect::<Vec<_>>(), [2, 2]);
}

#[test]
fn polygonz_in_a_chinese_folder_with_spaces() {
    let layer = load_one("中文 路径/衡水 红线.shp");
    assert_eq!(layer.name, "衡水 红线");
    assert_eq!(layer.source_geometry_type, "PolygonZ");
    assert_eq!(layer.role.role, LayerRole::Redline);
    assert_eq!(
        text(&layer, 0, "HXMC").as_deref(),
        Some("衡水湖生态保护红线")
    );
    let Some(Geometry::Polygon(p)) = &layer.features[0].geometry else {
        panic!("a polygon")
    };
    assert!(close(p.exterior().0[0].x_y(), SW_CORNER));
    assert!(close(p.exterior().0[2].x_y(), NE_CORNER));
}

#[test]
fn an_empty_layer_loads_with_a_warning() {
    let layer = load_one("empty/empty.shp");
    assert!(layer.features.is_empty());
    assert_eq!(layer.geometry_kind, GeometryKind::Empty);
    assert!(layer.warnings.iter().any(|w| w.contains("no features")));
}

#[test]
fn records_marked_deleted_in_the_dbf_are_skipped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    for ext in ["shp", "shx", "dbf", "prj", "cpg"] {
        std::fs::copy(
            fixture(&format!("gbk_cpg/units_gbk.{ext}")),
            dir.path().join(format!("d.{ext}")),
        )
        .unwrap();
    }
    let dbf = dir.path().join("d.dbf");
    let mut bytes = std::fs::read(&dbf).unwrap();
    // The first record starts at the header length (bytes 8-9); its first byte is the flag.
    let header_len = u16::from_le_bytes([bytes[8], bytes[9]]) as usize;
    bytes[header_len] = b'*';
    std::fs::write(&dbf, bytes).unwrap();
    let layer = load_layers(&dir.path().join("d.shp"), &LoadOptions::default())
        .unwrap()
        .remove(0);
    assert_eq!(layer.features.len(), 3);
    assert_eq!(layer.unit_code(0).as_deref(), Some("ZH13110220002"));
    assert!(layer.warnings.iter().any(|w| w.contains("deleted")));
}
