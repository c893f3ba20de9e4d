//! The sample's control units and reserve as one File Geodatabase
//! (tests/fixtures/filegdb/hengshui_sample.gdb, converted from sample_data/*.shp by GDAL) give
//! the same `query` and `check` answers through the real binary as the shapefiles.
//!
//! "The same": every hit and overlap names the same layer, fid, code, name and category with
//! the same attributes (the geodatabase adds OBJECTID = fid + 1). Areas and distances agree to
//! the FileGDB precision model: GDAL stores GK coordinates on a 0.1 mm grid, which moves a
//! boundary by at most 0.05 mm, so an overlap area by at most 0.05 mm × its boundary length
//! (under 0.02 m² here) and a distance by at most 0.1 mm.

use std::process::{Command, Output};

use serde_json::Value;

const DIR: &str = env!("CARGO_MANIFEST_DIR");

fn zonecheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zonecheck"))
        .args(args)
        .output()
        .expect("the zonecheck binary runs")
}

fn shapefiles() -> Vec<String> {
    ["衡水市环境管控单元.shp", "衡水湖国家级自然保护区.shp"]
        .iter()
        .map(|f| format!("{DIR}/sample_data/{f}"))
        .collect()
}

fn gdb() -> String {
    format!("{DIR}/tests/fixtures/filegdb/hengshui_sample.gdb")
}

fn run_json(args: &[&str]) -> String {
    let o = zonecheck(args);
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("UTF-8 output")
}

/// Attributes without OBJECTID, after checking it is fid + 1.
fn attributes_but_oid(hit: &Value) -> Value {
    let mut attrs = hit["attributes"].clone();
    if let Some(map) = attrs.as_object_mut()
        && let Some(oid) = map.remove("OBJECTID")
    {
        assert_eq!(oid.as_u64(), hit["fid"].as_u64().map(|f| f + 1), "{hit}");
    }
    attrs
}

fn same_feature(shp: &Value, gdb: &Value) {
    for key in ["layer", "fid", "code", "name", "category"] {
        assert_eq!(shp[key], gdb[key], "{key}: {shp} vs {gdb}");
    }
    assert_eq!(attributes_but_oid(shp), attributes_but_oid(gdb));
    assert!(shp["attributes"].get("OBJECTID").is_none());
}

fn close(a: &Value, b: &Value, key: &str, tol: f64) {
    let (x, y) = (a[key].as_f64(), b[key].as_f64());
    match (x, y) {
        (Some(x), Some(y)) => assert!((x - y).abs() <= tol, "{key}: {x} vs {y}"),
        _ => assert_eq!(a[key], b[key], "{key}"),
    }
}

#[test]
fn query_answers_are_the_same_for_a_grid_of_points() {
    // 40 × 40 points over the city, the sample's core-zone point, and a point outside.
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("points.csv");
    let mut text = String::from("id,lon,lat\ncore,115.5883399,37.6160449\nout,110,30\n");
    for i in 0..40 {
        for j in 0..40 {
            let lon = 115.17 + 1.39 * f64::from(i) / 39.0;
            let lat = 37.06 + 1.31 * f64::from(j) / 39.0;
            text.push_str(&format!("p{i}_{j},{lon:.7},{lat:.7}\n"));
        }
    }
    std::fs::write(&csv, text).unwrap();
    let csv = csv.to_str().unwrap();
    let mut shp_args = vec!["query"];
    let shp = shapefiles();
    shp_args.extend(shp.iter().map(String::as_str));
    shp_args.extend(["--points", csv, "--json"]);
    let gdb = gdb();
    let from_shp = run_json(&shp_args);
    let from_gdb = run_json(&["query", &gdb, "--points", csv, "--json"]);
    let (a, b): (Vec<&str>, Vec<&str>) = (from_shp.lines().collect(), from_gdb.lines().collect());
    assert_eq!(a.len(), 1602);
    assert_eq!(a.len(), b.len());
    let mut hits = 0;
    for (x, y) in a.iter().zip(&b) {
        let x: Value = serde_json::from_str(x).unwrap();
        let y: Value = serde_json::from_str(y).unwrap();
        assert_eq!(x["id"], y["id"]);
        let (hx, hy) = (x["hits"].as_array().unwrap(), y["hits"].as_array().unwrap());
        assert_eq!(hx.len(), hy.len(), "{}", x["id"]);
        for (p, q) in hx.iter().zip(hy) {
            same_feature(p, q);
            hits += 1;
        }
    }
    // About half the grid falls in the city (768 hits when written), a few in the reserve: the
    // comparison covers hundreds of units, not an empty answer.
    assert!(hits > 700, "{hits}");
}

#[test]
fn check_answers_are_the_same_for_the_sample_sites() {
    let gdb = gdb();
    for site in ["示例项目A_化工园区扩建.geojson", "示例项目B_界址点.txt"] {
        let site = format!("{DIR}/sample_data/sites/{site}");
        let mut shp_args = vec!["check"];
        let shp = shapefiles();
        shp_args.extend(shp.iter().map(String::as_str));
        shp_args.extend(["--site", &site, "--json"]);
        let a: Value = serde_json::from_str(&run_json(&shp_args)).unwrap();
        let b: Value =
            serde_json::from_str(&run_json(&["check", &gdb, "--site", &site, "--json"])).unwrap();
        assert_eq!(a["site"], b["site"]);
        let (oa, ob) = (
            a["overlaps"].as_array().unwrap(),
            b["overlaps"].as_array().unwrap(),
        );
        assert!(!oa.is_empty());
        assert_eq!(oa.len(), ob.len(), "{site}");
        for (x, y) in oa.iter().zip(ob) {
            same_feature(x, y);
            close(x, y, "area_m2", 0.02);
            close(x, y, "area_planar_m2", 0.02);
            close(x, y, "share", 1e-7);
        }
        let (na, nb) = (
            a["nearby"].as_array().unwrap(),
            b["nearby"].as_array().unwrap(),
        );
        assert_eq!(na.len(), nb.len(), "{site}");
        for (x, y) in na.iter().zip(nb) {
            same_feature(x, y);
            close(x, y, "distance_m", 1e-4);
        }
    }
}

#[test]
fn info_lists_each_layer_of_a_geodatabase() {
    let out = run_json(&["info", &gdb(), "--json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let layers = v.as_array().expect("one object per layer");
    let names: Vec<&str> = layers
        .iter()
        .map(|l| l["layer"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["衡水市环境管控单元", "衡水湖国家级自然保护区"]);
    assert_eq!(layers[0]["feature_count"], 92);
    assert_eq!(layers[0]["crs"]["epsg"], 4527);
    assert_eq!(layers[0]["format"], "Esri File Geodatabase");
    // One layer picked as QGIS writes it.
    let one = format!("{}|layername=衡水湖国家级自然保护区", gdb());
    let v: Value = serde_json::from_str(&run_json(&["info", &one, "--json"])).unwrap();
    assert_eq!(v["layer"], "衡水湖国家级自然保护区");
    assert_eq!(v["feature_count"], 3);
}

#[test]
fn a_project_file_picks_one_feature_class_per_entry() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("gdb.zonecheck.toml");
    std::fs::write(
        &project,
        format!(
            "name = \"gdb\"\n\n[[layers]]\npath = '{0}'\nlayer = \"衡水湖国家级自然保护区\"\nrole = \"reserve\"\n\n\
             [[layers]]\npath = '{0}'\nlayer = \"衡水市环境管控单元\"\n",
            gdb()
        ),
    )
    .unwrap();
    let v: Value =
        serde_json::from_str(&run_json(&["info", project.to_str().unwrap(), "--json"])).unwrap();
    let names: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["layer"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["衡水湖国家级自然保护区", "衡水市环境管控单元"]);
    // An unknown class is an error listing the classes there.
    std::fs::write(
        &project,
        format!("[[layers]]\npath = '{}'\nlayer = \"红线\"\n", gdb()),
    )
    .unwrap();
    let o = zonecheck(&["info", project.to_str().unwrap()]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("红线") && err.contains("衡水市环境管控单元"),
        "{err}"
    );
}
