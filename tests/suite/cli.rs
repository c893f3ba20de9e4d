//! Drives the real `zonecheck` binary the way scripts will: info, query and check on small files
//! whose answers were worked out independently, and bad input that must fail cleanly.
//!
//! Reference figures: areas and distances from pyproj 3.7.2 (PROJ 9.5.1) `Geod(ellps="GRS80")` (the CGCS2000
//! ellipsoid differs from GRS80 only in the 10th digit of 1/f):
//!   site rectangle 115.08–115.12 E × 37.04–37.06 N: polygon_area_perimeter → 7,897,533.449 m²
//!   its west half 115.08–115.10 E:                                           3,948,766.735 m²
//!   corner (115.12, 37.06) to the meridian 115.13 E at 37.06 N: Geod.inv → 889.417 m

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn zonecheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zonecheck"))
        .args(args)
        .output()
        .expect("the zonecheck binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Two control units sharing the meridian 115.10 E, and a river along 115.13 E, in EPSG:4490.
fn fixture_dir() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let units = dir.path().join("测试 单元.geojson");
    std::fs::write(
        &units,
        r#"{"type":"FeatureCollection",
 "crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4490"}},
 "features":[
  {"type":"Feature","properties":{"HJGKDYBM":"ZH13110220001","HJGKDYMC":"甲重点管控单元","GKDYLB":"重点管控单元","KJBJYS":"禁止新建化工项目"},
   "geometry":{"type":"Polygon","coordinates":[[[115.0,37.0],[115.1,37.0],[115.1,37.1],[115.0,37.1],[115.0,37.0]]]}},
  {"type":"Feature","properties":{"HJGKDYBM":"ZH13110230002","HJGKDYMC":"乙一般管控单元","GKDYLB":"3","KJBJYS":"执行一般管控要求"},
   "geometry":{"type":"Polygon","coordinates":[[[115.1,37.0],[115.2,37.0],[115.2,37.1],[115.1,37.1],[115.1,37.0]]]}}
 ]}"#,
    )
    .expect("write units");
    let river = dir.path().join("河流.geojson");
    std::fs::write(
        &river,
        r#"{"type":"FeatureCollection","features":[
  {"type":"Feature","properties":{"HLMC":"滏阳河"},
   "geometry":{"type":"LineString","coordinates":[[115.13,36.9],[115.13,37.2]]}}]}"#,
    )
    .expect("write river");
    (dir, units, river)
}

/// The site rectangle 115.08–115.12 E × 37.04–37.06 N, straddling both units.
fn write_site(dir: &Path) -> PathBuf {
    let site = dir.join("site.geojson");
    std::fs::write(
        &site,
        r#"{"type":"Polygon","coordinates":[[[115.08,37.04],[115.12,37.04],[115.12,37.06],[115.08,37.06],[115.08,37.04]]]}"#,
    )
    .expect("write site");
    site
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}

#[test]
fn info_reports_role_crs_and_fields() {
    let (_dir, units, _) = fixture_dir();
    let o = zonecheck(&["info", s(&units), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("info --json is JSON");
    assert_eq!(v["feature_count"], 2);
    assert_eq!(v["role"]["role"], "control_units");
    assert_eq!(v["role"]["fields"]["code"], "HJGKDYBM");
    assert_eq!(v["crs"]["epsg"], 4490);
    assert_eq!(v["extent_lonlat"][0], 115.0);
    assert_eq!(v["extent_lonlat"][2], 115.2);
}

#[test]
fn query_at_a_point_names_the_unit() {
    let (_dir, units, _) = fixture_dir();
    let o = zonecheck(&["query", s(&units), "--at", "115.05,37.05", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).expect("one JSON line");
    let hits = v["hits"].as_array().expect("hits");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["code"], "ZH13110220001");
    assert_eq!(hits[0]["name"], "甲重点管控单元");
    assert_eq!(hits[0]["category"], "key");
    assert_eq!(hits[0]["fid"], 0);
    assert_eq!(hits[0]["layer"], "测试 单元");
    assert_eq!(hits[0]["attributes"]["KJBJYS"], "禁止新建化工项目");
}

#[test]
fn query_accepts_dms_and_prints_a_readable_table() {
    let (_dir, units, _) = fixture_dir();
    // 115°09′00″E = 115.15 → the general unit.
    let o = zonecheck(&["query", s(&units), "--at", "115°09′00″E, 37°03′00″N"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("ZH13110230002"), "{text}");
    assert!(text.contains("一般管控单元"), "{text}");
    assert!(!text.contains("ZH13110220001"), "{text}");
}

#[test]
fn query_points_file_keeps_input_order_and_boundary_rule() {
    let (dir, units, _) = fixture_dir();
    let csv = dir.path().join("points.csv");
    std::fs::write(
        &csv,
        "id,lon,lat\nb,115.15,37.05\nedge,115.1,37.05\nout,115.3,37.05\na,115.05,37.05\n",
    )
    .expect("write csv");
    let o = zonecheck(&["query", s(&units), "--points", s(&csv), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    let ids: Vec<&str> = lines
        .iter()
        .map(|v| v["id"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(ids, ["b", "edge", "out", "a"]);
    let codes = |i: usize| -> Vec<String> {
        lines[i]["hits"]
            .as_array()
            .expect("hits")
            .iter()
            .map(|h| h["code"].as_str().unwrap_or("").to_string())
            .collect()
    };
    assert_eq!(codes(0), ["ZH13110230002"]);
    // On the shared boundary: both units.
    assert_eq!(codes(1), ["ZH13110220001", "ZH13110230002"]);
    assert!(codes(2).is_empty());
    assert_eq!(codes(3), ["ZH13110220001"]);
}

#[test]
fn check_gives_overlap_areas_shares_and_river_distance() {
    let (dir, units, river) = fixture_dir();
    let site = write_site(dir.path());
    let o = zonecheck(&[
        "check",
        s(&units),
        s(&river),
        "--site",
        s(&site),
        "--radius",
        "1000",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("check --json is JSON");
    let site_area = v["site"]["area_m2"].as_f64().expect("area");
    assert!((site_area - 7_897_533.449).abs() < 1.0, "{site_area}");
    let overlaps = v["overlaps"].as_array().expect("overlaps");
    assert_eq!(overlaps.len(), 2, "{overlaps:?}");
    for o in overlaps {
        let area = o["area_m2"].as_f64().expect("area");
        assert!((area - 3_948_766.735).abs() < 1.0, "{area}");
        let share = o["share"].as_f64().expect("share");
        assert!((share - 0.5).abs() < 1e-6, "{share}");
    }
    let nearby = v["nearby"].as_array().expect("nearby");
    assert_eq!(nearby.len(), 1, "{nearby:?}");
    assert_eq!(nearby[0]["name"], "滏阳河");
    let d = nearby[0]["distance_m"].as_f64().expect("distance");
    assert!((d - 889.417).abs() < 0.5, "{d}");
    // With a radius below that distance the river is not reported.
    let o = zonecheck(&[
        "check",
        s(&units),
        s(&river),
        "--site",
        s(&site),
        "--radius",
        "800",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    assert_eq!(v["nearby"].as_array().map(|a| a.len()), Some(0));
}

#[test]
fn check_prints_hectares_and_mu_for_people() {
    let (dir, units, _) = fixture_dir();
    let site = write_site(dir.path());
    let o = zonecheck(&["check", s(&units), "--site", s(&site)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    // 7,897,533.449 m² = 789.7533 公顷 = 11,846.30 亩
    assert!(text.contains("789.7533 公顷"), "{text}");
    assert!(text.contains("11846.30 亩"), "{text}");
    assert!(text.contains("甲重点管控单元"), "{text}");
    assert!(text.contains("50.00%"), "{text}");
}

#[test]
fn bad_input_fails_with_the_file_named_and_no_panic() {
    let dir = tempfile::tempdir().expect("temp dir");
    let png = dir.path().join("fake.shp");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").expect("write");
    let broken = dir.path().join("broken.geojson");
    std::fs::write(&broken, "{\"type\": \"FeatureCollection\", \"features\": [").expect("write");
    let missing = dir.path().join("missing.shp");
    for (path, args) in [
        (&png, vec!["info"]),
        (&broken, vec!["query", "--at", "115,37"]),
        (&missing, vec!["info"]),
    ] {
        let mut all = args.clone();
        all.insert(1, s(path));
        let o = zonecheck(&all);
        let err = stderr(&o);
        assert!(!o.status.success(), "{all:?} should fail");
        assert!(
            err.contains(path.file_name().and_then(|n| n.to_str()).unwrap_or("?")),
            "{err}"
        );
        assert!(!err.contains("panicked"), "{err}");
        assert!(stdout(&o).is_empty(), "{all:?} printed to stdout");
    }
    // Nothing was written beside the inputs.
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["broken.geojson", "fake.shp"]);
}

#[test]
fn bad_coordinates_are_refused() {
    let (_dir, units, _) = fixture_dir();
    for at in ["abc", "115.0", "200,37", "115,NaN"] {
        let o = zonecheck(&["query", s(&units), "--at", at]);
        assert!(!o.status.success(), "{at} should fail");
        assert!(stderr(&o).contains("error"), "{}", stderr(&o));
    }
}

#[test]
fn query_with_radius_lists_what_is_near_with_geodesic_distances() {
    // From (115.095, 37.05): the unit boundary at 115.10 E is 444.767 m away and the river at
    // 115.13 E 3,113.367 m (pyproj Geod(ellps="GRS80").inv along the parallel).
    let (_dir, units, river) = fixture_dir();
    let o = zonecheck(&[
        "query",
        s(&units),
        s(&river),
        "--at",
        "115.095,37.05",
        "--radius",
        "5000",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).expect("one JSON line");
    assert_eq!(v["hits"].as_array().map(|h| h.len()), Some(1));
    let near = v["nearby"].as_array().expect("nearby");
    assert_eq!(near.len(), 2, "{near:?}");
    assert_eq!(near[0]["name"], "乙一般管控单元");
    let d0 = near[0]["distance_m"].as_f64().expect("distance");
    assert!((d0 - 444.767).abs() < 0.05, "{d0}");
    assert_eq!(near[1]["name"], "滏阳河");
    let d1 = near[1]["distance_m"].as_f64().expect("distance");
    assert!((d1 - 3_113.367).abs() < 0.05, "{d1}");
    // Without --radius the key is absent: the plain contract is unchanged.
    let o = zonecheck(&["query", s(&units), "--at", "115.095,37.05", "--json"]);
    let v: serde_json::Value = serde_json::from_str(stdout(&o).trim()).expect("one JSON line");
    assert!(v.get("nearby").is_none(), "{v}");
}

#[test]
fn a_degree_crs_stated_for_gauss_kruger_metres_is_refused_with_the_file_named() {
    // The sample units are EPSG:4527 metres (eastings 39.3–39.5 million): as degrees they are
    // off the Earth, and a query would silently find nothing.
    let shp = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample_data/衡水市环境管控单元.shp");
    let o = zonecheck(&["info", s(&shp), "--layer-crs", "EPSG:4490"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("衡水市环境管控单元.shp") && err.contains("off the Earth"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    // Stated right, the same file reads.
    let o = zonecheck(&["info", s(&shp), "--layer-crs", "EPSG:4527"]);
    assert!(o.status.success(), "{}", stderr(&o));
}
