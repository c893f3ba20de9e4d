//! GeoPackage reading against files written by GDAL 3.12 (tests/fixtures/gpkg/make_gpkg.py):
//! every table, geometry type (Z, M, ZM, empty, null, collections), field type and CRS form,
//! compared with the figures the script wrote to expected.json — ellipsoidal areas from pyproj's
//! `Geod(ellps="GRS80")`, first vertices after pyproj's transform to EPSG:4490 — and the bad
//! files it made. Also: one layer by name, and nothing ever written beside the input.

use crate::formats_common;

use std::path::{Path, PathBuf};

use geo::{CoordsIter, Geometry, MultiPolygon};
use serde_json::Value;
use zonecheck::crs::CrsOrigin;
use zonecheck::io::{LoadOptions, load_layers, load_site};
use zonecheck::model::{AttrValue, FieldKind, Layer, SourceFormat};
use zonecheck::query::measure::area_ellipsoidal_m2;

fn fixture(name: &str) -> PathBuf {
    formats_common::fixture("gpkg", name)
}

fn expected() -> Value {
    formats_common::expected("gpkg")
}

fn polygons(g: &Geometry<f64>, out: &mut Vec<geo::Polygon<f64>>) {
    match g {
        Geometry::Polygon(p) => out.push(p.clone()),
        Geometry::MultiPolygon(mp) => out.extend(mp.0.iter().cloned()),
        Geometry::GeometryCollection(gc) => gc.0.iter().for_each(|g| polygons(g, out)),
        _ => {}
    }
}

fn area_m2(g: &Geometry<f64>) -> f64 {
    let mut ps = Vec::new();
    polygons(g, &mut ps);
    area_ellipsoidal_m2(&MultiPolygon(ps))
}

fn load_all() -> Vec<Layer> {
    load_layers(&fixture("kinds.gpkg"), &LoadOptions::default()).expect("kinds.gpkg reads")
}

#[test]
fn every_feature_table_in_contents_order_and_no_attribute_table() {
    let layers = load_all();
    let names: Vec<&str> = layers.iter().map(|l| l.name.as_str()).collect();
    let exp = expected();
    let want: Vec<&str> = exp["kinds"]["layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(names, want);
    assert!(!names.contains(&"准入清单"));
    for l in &layers {
        assert_eq!(l.format, SourceFormat::GeoPackage);
        assert_eq!(l.member.as_deref(), Some(l.name.as_str()));
    }
}

#[test]
fn geometries_match_gdal_and_pyproj() {
    let exp = expected();
    for layer in load_all() {
        let table = &exp["kinds"]["tables"][&layer.name];
        let features = table["features"].as_array().unwrap();
        assert_eq!(layer.features.len(), features.len(), "{}", layer.name);
        // GDAL's fid first, then the fields in GDAL's order.
        let mut want_fields = vec!["fid".to_string()];
        want_fields.extend(
            table["fields"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f.as_str().unwrap().to_string()),
        );
        let got_fields: Vec<String> = layer.fields.iter().map(|f| f.name.clone()).collect();
        assert_eq!(got_fields, want_fields, "{}", layer.name);
        for (i, (f, e)) in layer.features.iter().zip(features).enumerate() {
            let what = format!("{} feature {i}", layer.name);
            if e["empty"].as_bool().unwrap() {
                assert!(f.geometry.is_none(), "{what}: empty or null is no geometry");
                continue;
            }
            let g = f.geometry.as_ref().expect(&what);
            assert_eq!(
                g.coords_count() as u64,
                e["vertices"].as_u64().unwrap(),
                "{what}"
            );
            // Rings are rebuilt (largest first), so GDAL's first vertex is one of ours.
            let want = &e["first_lonlat"];
            let (wx, wy) = (want[0].as_f64().unwrap(), want[1].as_f64().unwrap());
            assert!(
                g.coords_iter()
                    .any(|c| (c.x - wx).abs() < 1e-8 && (c.y - wy).abs() < 1e-8),
                "{what}: GDAL's first vertex {want} is not among ours"
            );
            let area = area_m2(g);
            let want_area = e["area_m2"].as_f64().unwrap();
            assert!(
                (area - want_area).abs() < 0.1,
                "{what}: area {area} m² vs pyproj {want_area} m²"
            );
        }
    }
}

#[test]
fn kinds_of_geometry_and_holes() {
    let layers = load_all();
    let by = |n: &str| layers.iter().find(|l| l.name == n).unwrap();
    // The square with a hole keeps its hole; the two-part feature stays a MultiPolygon.
    let parcels = by("地块");
    let Some(Geometry::MultiPolygon(first)) = &parcels.features[0].geometry else {
        panic!("a MultiPolygon layer gives MultiPolygons")
    };
    assert_eq!(first.0.len(), 1);
    assert_eq!(first.0[0].interiors().len(), 1);
    let Some(Geometry::MultiPolygon(second)) = &parcels.features[1].geometry else {
        panic!("MultiPolygon")
    };
    assert_eq!(second.0.len(), 2);
    assert_eq!(by("高程面").source_geometry_type, "POLYGON Z");
    assert_eq!(by("ZM点").source_geometry_type, "GEOMETRY ZM");
    assert!(matches!(
        by("杂项").features[0].geometry,
        Some(Geometry::GeometryCollection(_))
    ));
    assert!(matches!(
        by("量测").features[1].geometry,
        Some(Geometry::LineString(_))
    ));
}

#[test]
fn attribute_types_and_values() {
    let layers = load_all();
    let points = &layers[0];
    let kinds: Vec<FieldKind> = points.fields.iter().map(|f| f.kind).collect();
    use FieldKind::*;
    assert_eq!(kinds, [Integer, Text, Integer, Integer, Float, Bool, Date]);
    let a = |fid: usize, field: &str| {
        points.features[fid].attributes[points.field_index(field).unwrap()].clone()
    };
    assert_eq!(a(0, "fid"), AttrValue::Integer(1));
    assert_eq!(a(3, "fid"), AttrValue::Integer(4));
    assert_eq!(a(1, "名称"), AttrValue::Text("乙点".into()));
    assert_eq!(a(1, "编号"), AttrValue::Integer(2));
    assert_eq!(a(1, "小整数"), AttrValue::Integer(-3));
    assert_eq!(a(1, "面积"), AttrValue::Float(2.25));
    // NaN was written as NULL (pyogrio's nan_as_null).
    assert_eq!(a(2, "面积"), AttrValue::Null);
    assert_eq!(a(0, "启用"), AttrValue::Bool(true));
    assert_eq!(a(1, "启用"), AttrValue::Bool(false));
    assert_eq!(a(0, "日期"), AttrValue::Date("2025-06-15".into()));
}

#[test]
fn crs_from_epsg_code_and_from_wkt() {
    let layers = load_all();
    let by = |n: &str| layers.iter().find(|l| l.name == n).unwrap();
    let gk = by("GK地块");
    assert_eq!(gk.crs.crs.epsg, Some(4527));
    assert!(matches!(&gk.crs.origin, CrsOrigin::Embedded(w) if w.contains("EPSG:4527")));
    // Stored only as WKT (organization NONE): recognised by its parameters as CGCS2000 GK CM 117E.
    let custom = by("自定义坐标");
    assert_eq!(custom.crs.crs.epsg, Some(4548));
    assert!(matches!(&custom.crs.origin, CrsOrigin::Embedded(w) if w.contains("WKT")));
    assert_eq!(by("点位").crs.crs.epsg, Some(4490));
}

#[test]
fn one_layer_by_name_option_or_path_suffix() {
    let opts = LoadOptions {
        layer: Some("gk地块".into()),
        ..LoadOptions::default()
    };
    let layers = load_layers(&fixture("kinds.gpkg"), &opts).unwrap();
    assert_eq!(layers.len(), 1);
    assert_eq!(layers[0].name, "GK地块");

    let suffixed = PathBuf::from(format!(
        "{}|layername=地块",
        fixture("kinds.gpkg").display()
    ));
    let layers = load_layers(&suffixed, &LoadOptions::default()).unwrap();
    assert_eq!(layers.len(), 1);
    assert_eq!(layers[0].name, "地块");
    assert_eq!(layers[0].path, fixture("kinds.gpkg"));
    let site = load_site(&suffixed, &LoadOptions::default()).unwrap();
    assert_eq!(site.parcels.len(), 2);

    let missing = LoadOptions {
        layer: Some("红线".into()),
        ..LoadOptions::default()
    };
    let err = load_layers(&fixture("kinds.gpkg"), &missing)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("kinds.gpkg") && err.contains("红线") && err.contains("GK地块"),
        "{err}"
    );
}

#[test]
fn bad_files_name_the_file_table_and_row() {
    let err = load_layers(&fixture("not_sqlite.gpkg"), &LoadOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("not_sqlite.gpkg") && err.contains("not an SQLite database"),
        "{err}"
    );
    let err = load_layers(&fixture("broken_geom.gpkg"), &LoadOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("broken_geom.gpkg")
            && err.contains("table 地块")
            && err.contains("feature 1 (fid 2)")
            && err.contains("broken geometry"),
        "{err}"
    );
    // The other tables of the damaged file still open one by one.
    let opts = LoadOptions {
        layer: Some("点位".into()),
        ..LoadOptions::default()
    };
    assert_eq!(
        load_layers(&fixture("broken_geom.gpkg"), &opts).unwrap()[0]
            .features
            .len(),
        4
    );
}

#[test]
fn an_sqlite_file_that_is_no_geopackage() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plain.gpkg");
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1);")
        .unwrap();
    drop(conn);
    let err = load_layers(&path, &LoadOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("plain.gpkg") && err.contains("not a GeoPackage"),
        "{err}"
    );
}

/// The only entry of `dir` (the test's copy), as a check that nothing appeared beside it.
fn sole_entry(dir: &Path) -> String {
    let names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    names[0].clone()
}

/// A copy of kinds.gpkg named `name` in `dir`, switched to WAL journaling (as QGIS does when it
/// edits a GeoPackage), with the connection that did it.
fn wal_copy(dir: &Path, name: &str) -> (PathBuf, rusqlite::Connection) {
    let path = dir.join(name);
    std::fs::copy(fixture("kinds.gpkg"), &path).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    (path, conn)
}

#[test]
fn nothing_is_written_beside_the_file_even_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    // A name SQLite's URI syntax would trip over without escaping.
    let (path, conn) = wal_copy(dir.path(), "数据 #1?.gpkg");
    drop(conn);
    let before = std::fs::read(&path).unwrap();
    assert_eq!(sole_entry(dir.path()), "数据 #1?.gpkg");
    let layers = load_layers(&path, &LoadOptions::default()).unwrap();
    assert_eq!(layers.len(), 9);
    assert_eq!(sole_entry(dir.path()), "数据 #1?.gpkg");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_wal_file_beside_it_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    // Another program holds the file open in WAL mode with a change not yet checkpointed.
    let (path, writer) = wal_copy(dir.path(), "open_elsewhere.gpkg");
    writer
        .execute("UPDATE \"点位\" SET \"名称\" = '改名' WHERE fid = 1", [])
        .unwrap();
    let layers = load_layers(&path, &LoadOptions::default()).unwrap();
    assert!(
        layers[0].warnings.iter().any(|w| w.contains("-wal")),
        "{:?}",
        layers[0].warnings
    );
    // As the warning says: the change held in the -wal is not seen.
    assert_eq!(layers[0].text(0, Some("名称")).as_deref(), Some("甲点"));
    drop(writer);
}
