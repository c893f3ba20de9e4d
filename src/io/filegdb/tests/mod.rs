//! The reader against real geodatabases written by GDAL's OpenFileGDB driver
//! (tests/fixtures/filegdb/make_filegdb.py), with the expected figures read back by GDAL and
//! shapely (expected_filegdb.py → expected.json); and against damaged copies of them.

use std::path::{Path, PathBuf};

use geo_types::Coord;
use serde_json::Value as Json;

use super::*;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/filegdb")
        .join(name)
}

fn expected() -> Json {
    let text =
        std::fs::read_to_string(fixture("expected.json")).expect("expected.json is committed");
    serde_json::from_str(&text).expect("expected.json is JSON")
}

fn open(name: &str) -> Gdb {
    Gdb::open(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Signed shoelace area (positive counter-clockwise).
fn signed_area(ring: &[Coord<f64>]) -> f64 {
    let (x0, y0) = (ring[0].x, ring[0].y);
    ring.windows(2)
        .map(|w| (w[0].x - x0) * (w[1].y - y0) - (w[1].x - x0) * (w[0].y - y0))
        .sum::<f64>()
        / 2.0
}

fn text_of(v: &Value<'_>) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Int(i) => Json::from(*i),
        Value::Float(f) => Json::from(*f),
        Value::Text(t) | Value::Guid(t) => Json::from(t.clone()),
        Value::DateTime(d) | Value::DateTimeOffset(d, _) => {
            let (y, mo, da, h, mi, s) = days_to_datetime(*d).expect("a valid date");
            Json::from(format!("{y:04}-{mo:02}-{da:02}T{h:02}:{mi:02}:{s:02}"))
        }
        Value::Binary(b) => Json::from(b.iter().map(|x| format!("{x:02x}")).collect::<String>()),
        other => panic!("unexpected value {other:?}"),
    }
}

fn same(a: &Json, b: &Json) -> bool {
    match (a.as_f64(), b.as_f64()) {
        (Some(x), Some(y)) => (x - y).abs() <= 1e-6 * x.abs().max(1.0),
        _ => a == b,
    }
}

#[test]
fn catalog_lists_user_tables_and_their_feature_dataset() {
    let gdb = open("fixtures.gdb");
    let exp = expected();
    let mut names: Vec<&str> = gdb.user_tables().map(|t| t.name.as_str()).collect();
    let mut want: Vec<&str> = exp["fixtures.gdb"]["layers"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    names.sort();
    want.sort();
    assert_eq!(names, want);
    let dataset = |n: &str| {
        gdb.tables()
            .iter()
            .find(|t| t.name == n)
            .and_then(|t| t.dataset.clone())
    };
    assert_eq!(dataset("生态保护红线").as_deref(), Some("规划数据"));
    assert_eq!(dataset("水源井").as_deref(), Some("规划数据"));
    assert_eq!(dataset("管控单元"), None);
    assert!(
        gdb.tables()
            .iter()
            .any(|t| t.name == "GDB_Items" && t.system)
    );
    assert!(gdb.warnings().is_empty());
}

#[test]
fn every_row_value_matches_gdal() {
    for gdb_name in ["fixtures.gdb", "pro32.gdb"] {
        let gdb = open(gdb_name);
        let exp = expected();
        for (name, layer) in exp[gdb_name]["layers"].as_object().unwrap() {
            let table = gdb.table(name).unwrap();
            let features = layer["features"].as_array().unwrap();
            assert_eq!(table.row_count(), features.len(), "{name}");
            let want_fields: Vec<&str> = layer["fields"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f.as_str().unwrap())
                .collect();
            let columns: Vec<(usize, &Field)> = table
                .fields()
                .iter()
                .enumerate()
                .filter(|(_, f)| !matches!(f.field_type, FieldType::ObjectId | FieldType::Geometry))
                .collect();
            let got_fields: Vec<&str> = columns.iter().map(|(_, f)| f.name.as_str()).collect();
            assert_eq!(got_fields, want_fields, "{name}");
            for (row, feat) in table.rows().zip(features) {
                let row = row.unwrap();
                assert_eq!(row.oid, feat["oid"].as_u64().unwrap(), "{name}");
                for (i, f) in &columns {
                    let got = text_of(&row.values[*i]);
                    let want = &feat["attributes"][&f.name];
                    assert!(
                        same(&got, want),
                        "{name} oid {}: {} = {got} want {want}",
                        row.oid,
                        f.name
                    );
                }
            }
        }
    }
}

#[test]
fn aliases_are_those_written() {
    // The literals of make_filegdb.py.
    let gdb = open("fixtures.gdb");
    let red = gdb.table("生态保护红线").unwrap();
    let alias = |n: &str| {
        red.fields()
            .iter()
            .find(|f| f.name == n)
            .and_then(|f| f.alias.clone())
    };
    assert_eq!(alias("HXMC").as_deref(), Some("红线名称"));
    assert_eq!(alias("MJ_GQ").as_deref(), Some("面积（公顷）"));
    assert_eq!(alias("类型").as_deref(), Some("红线类型"));
    let types: Vec<FieldType> = red.fields().iter().map(|f| f.field_type).collect();
    use FieldType::*;
    assert_eq!(
        types,
        [
            Geometry, ObjectId, String, String, Float64, Int16, Int32, Float32, DateTime, String,
            Binary
        ]
    );
}

#[test]
fn geometry_matches_gdal_and_shapely() {
    let gdb = open("fixtures.gdb");
    let exp = expected();
    for name in [
        "生态保护红线",
        "水源井",
        "管控单元",
        "河流",
        "监测点",
        "稀疏编号",
    ] {
        let layer = &exp["fixtures.gdb"]["layers"][name];
        let table = gdb.table(name).unwrap();
        let g = table.header().geometry_index().unwrap();
        let projected = layer["crs"] == "EPSG:4527";
        for (row, feat) in table.rows().zip(layer["features"].as_array().unwrap()) {
            let row = row.unwrap();
            let Value::Geometry(blob) = row.values[g] else {
                assert!(feat.get("vertices").is_none(), "{name}: geometry expected");
                continue;
            };
            let shape = table.shape(row.oid, blob, None).unwrap().unwrap();
            let all: Vec<Coord<f64>> = shape.parts.concat();
            assert_eq!(
                all.len() as u64,
                feat["vertices"].as_u64().unwrap(),
                "{name}"
            );
            let first = feat["first_xyz"].as_array().unwrap();
            let tol = if projected { 1e-6 } else { 1e-12 };
            assert!(
                (all[0].x - first[0].as_f64().unwrap()).abs() < tol,
                "{name}"
            );
            assert!(
                (all[0].y - first[1].as_f64().unwrap()).abs() < tol,
                "{name}"
            );
            if let Some(z) = first.get(2) {
                let zs = shape.z.as_ref().expect("Z values");
                assert!((zs[0][0] - z.as_f64().unwrap()).abs() < 1e-9, "{name}");
            }
            if shape.kind == ShapeKind::Polygon {
                // Esri rings: outer clockwise (negative), holes counter-clockwise.
                let areas: Vec<f64> = shape.parts.iter().map(|r| signed_area(r)).collect();
                let outers = areas.iter().filter(|a| **a < 0.0).count() as u64;
                let holes = areas.iter().filter(|a| **a > 0.0).count() as u64;
                assert_eq!(outers, feat["polygons"].as_u64().unwrap(), "{name}");
                assert_eq!(holes, feat["holes"].as_u64().unwrap(), "{name}");
                let area = -areas.iter().sum::<f64>();
                let want = feat["area_planar"].as_f64().unwrap();
                assert!(
                    (area - want).abs() <= 1e-9 * want.max(1.0),
                    "{name}: {area} vs {want}"
                );
            }
        }
    }
}

#[test]
fn z_and_m_values_are_those_written() {
    // The literals of make_filegdb.py.
    let gdb = open("fixtures.gdb");
    let wells = gdb.table("水源井").unwrap();
    let mut zs = Vec::new();
    let mut ms = Vec::new();
    for row in wells.rows() {
        let row = row.unwrap();
        let Value::Geometry(b) = row.values[0] else {
            panic!("geometry")
        };
        let s = wells.shape(row.oid, b, None).unwrap().unwrap();
        zs.push(s.z.unwrap()[0][0]);
        ms.push(s.m.unwrap()[0][0]);
    }
    assert_eq!(zs, [21.5, 19.25, 23.0]);
    assert_eq!(ms, [1.0, 2.0, 3.5]);
    let rivers = gdb.table("河流").unwrap();
    let row = rivers.row(0).unwrap();
    let Value::Geometry(b) = row.values[0] else {
        panic!("geometry")
    };
    let s = rivers.shape(row.oid, b, None).unwrap().unwrap();
    assert_eq!(s.parts.len(), 2);
    assert_eq!(s.z.unwrap(), [vec![10.0, 11.0, 12.0], vec![12.0, 13.5]]);
    assert_eq!(s.m.unwrap(), [vec![0.0, 100.0, 250.0], vec![260.0, 400.0]]);
}

#[test]
fn arcs_are_densified_within_the_tolerance() {
    // 曲线: a circle of radius 100 and a half disk of radius 50 (make_filegdb.py); exact areas
    // π·100² and π·50²/2 (expected.json). Chords lie inside the circle, and the area they lose is
    // at most perimeter × tolerance, here with the class's XY tolerance of 0.001 m.
    let exp = expected();
    let gdb = open("fixtures.gdb");
    let table = gdb.table("曲线").unwrap();
    let (e0, n0) = (39_385_000.0, 4_166_000.0);
    let cases = [
        ("圆", (e0 + 100.0, n0 + 5000.0), 100.0),
        ("半圆", (e0 + 550.0, n0 + 5000.0), 50.0),
    ];
    for (row, (mc, (cx, cy), r)) in table.rows().zip(cases) {
        let row = row.unwrap();
        assert_eq!(row.values[2], Value::Text(mc.into()));
        let Value::Geometry(b) = row.values[0] else {
            panic!("geometry")
        };
        let s = table.shape(row.oid, b, None).unwrap().unwrap();
        assert!(s.curves_densified >= 1);
        let ring = &s.parts[0];
        let on_arc = ring
            .iter()
            .filter(|p| (p.y - cy).abs() > 1e-6 || mc == "圆");
        for p in on_arc {
            let d = ((p.x - cx).powi(2) + (p.y - cy).powi(2)).sqrt();
            assert!((d - r).abs() < 2e-4, "{mc}: {p:?} at {d}");
        }
        let area = signed_area(ring).abs();
        let exact = exp["curve_areas_exact_m2"][mc].as_f64().unwrap();
        let perimeter = if mc == "圆" {
            2.0 * std::f64::consts::PI * r
        } else {
            std::f64::consts::PI * r
        };
        assert!(
            area < exact && exact - area <= perimeter * 0.001,
            "{mc}: {area} vs {exact}"
        );
        // A looser tolerance gives fewer vertices and stays within its own bound.
        let coarse = table.shape(row.oid, b, Some(0.5)).unwrap().unwrap();
        assert!(coarse.parts[0].len() < ring.len() / 10);
        let coarse_area = signed_area(&coarse.parts[0]).abs();
        assert!(exact - coarse_area <= perimeter * 0.5 && coarse_area < exact);
    }
    let arcs = gdb.table("弧线").unwrap();
    let row = arcs.row(0).unwrap();
    let Value::Geometry(b) = row.values[0] else {
        panic!("geometry")
    };
    let line = &arcs.shape(row.oid, b, None).unwrap().unwrap().parts[0];
    assert_eq!(
        line.last(),
        Some(&Coord {
            x: e0 + 300.0,
            y: n0 + 6000.0
        })
    );
    for p in &line[..line.len() - 1] {
        let d = ((p.x - e0 - 100.0).powi(2) + (p.y - n0 - 6000.0).powi(2)).sqrt();
        assert!(
            (d - 100.0).abs() < 2e-4 && p.y >= n0 + 6000.0 - 1e-6,
            "{p:?}"
        );
    }
}

#[test]
fn deleted_rows_sparse_ids_empty_and_plain_tables() {
    let gdb = open("fixtures.gdb");
    let red = gdb.table("生态保护红线").unwrap();
    let oids: Vec<u64> = red.rows().map(|r| r.unwrap().oid).collect();
    assert_eq!(oids, [1, 2, 4, 5]);
    assert_eq!(red.deleted_count(), 1);
    // OBJECTID 5 was written without geometry.
    assert_eq!(red.row(3).unwrap().values[0], Value::Null);
    let sparse = gdb.table("稀疏编号").unwrap();
    let oids: Vec<u64> = sparse.rows().map(|r| r.unwrap().oid).collect();
    assert_eq!(oids, [1, 2, 3000]);
    let empty = gdb.table("空图层").unwrap();
    assert_eq!(
        (empty.row_count(), empty.geometry_type()),
        (0, TableGeometryType::Polygon)
    );
    let list = gdb.table("准入清单").unwrap();
    assert_eq!(list.geometry_type(), TableGeometryType::None);
    assert!(list.geometry_info().is_none());
    assert_eq!(list.read_all().unwrap().len(), 2);
}

#[test]
fn spatial_reference_and_unknown_table_names() {
    let gdb = open("fixtures.gdb");
    let entry = gdb
        .tables()
        .iter()
        .find(|t| t.name == "生态保护红线")
        .unwrap();
    let table = gdb.open_entry(entry).unwrap();
    let srs = gdb.spatial_reference(entry, &table);
    assert_eq!(srs.code(), Some(4527));
    assert!(
        srs.wkt
            .unwrap()
            .starts_with("PROJCS[\"CGCS2000_3_Degree_GK_Zone_39\"")
    );
    let e = gdb.table("红线").unwrap_err().to_string();
    assert!(
        e.contains("红线") && e.contains("生态保护红线") && e.contains("准入清单"),
        "{e}"
    );
    assert!(!e.contains("GDB_Items"), "{e}");
}

/// The files of a fixture in memory, as a zip would hand them over.
fn files_of(name: &str) -> Vec<(String, Vec<u8>)> {
    std::fs::read_dir(fixture(name))
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn in_memory_files_read_like_the_folder() {
    let mem = Gdb::from_files(Path::new("x.zip/fixtures.gdb"), files_of("fixtures.gdb")).unwrap();
    let dir = open("fixtures.gdb");
    assert_eq!(mem.tables(), dir.tables());
    let a = mem.table("管控单元").unwrap();
    let b = dir.table("管控单元").unwrap();
    assert_eq!(a.read_all().unwrap(), b.read_all().unwrap());
    assert!(a.path().starts_with("x.zip/fixtures.gdb"));
}

mod damaged;

#[test]
fn geometry_type_from_the_header_alone_agrees_with_the_table() {
    for source in [
        open("fixtures.gdb"),
        Gdb::from_files(Path::new("m"), files_of("fixtures.gdb")).unwrap(),
    ] {
        for entry in source.user_tables() {
            let table = source.open_entry(entry).unwrap();
            assert_eq!(
                source.geometry_type(entry).unwrap(),
                table.geometry_type(),
                "{}",
                entry.name
            );
        }
    }
}
