//! The bundled Hengshui sample through the real binary, against figures computed independently by
//! tests/fixtures/sample_reference/overlaps.py (pyshp + pyproj + shapely, not zonecheck):
//!
//! site A: area 699,684.823 m²; ZH13110320002 337,450.933 m² (0.482290), ZH13110330005 362,233.554 m² (0.517710)
//! site B: area 290,113.238 m²; ZH13110210001 67,146.255 m² (0.231448), ZH13110210004 16,722.317 m²
//!         (0.057641), ZH13110230005 206,245.699 m² (0.710914); reserve 实验区 67,146.253 m²
//! point 115.5883399,37.6160449 (inside the core zone): unit ZH13110310001, reserve zone 核心区

use std::process::{Command, Output};

const PROJECT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/sample_data/hengshui.zonecheck.toml"
);
const SITE_A: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/sample_data/sites/示例项目A_化工园区扩建.geojson"
);
const SITE_B: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/sample_data/sites/示例项目B_界址点.txt"
);

fn zonecheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zonecheck"))
        .args(args)
        .output()
        .expect("the zonecheck binary runs")
}

fn check_json(site: &str) -> serde_json::Value {
    let o = zonecheck(&["check", PROJECT, "--site", site, "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).expect("check --json prints JSON")
}

/// (area_m2, share) of the overlap with the feature whose code (or name) is `key`.
fn overlap(v: &serde_json::Value, layer: &str, key: &str) -> (f64, f64) {
    let o = v["overlaps"]
        .as_array()
        .expect("overlaps")
        .iter()
        .find(|o| o["layer"] == layer && (o["code"] == key || o["name"] == key))
        .unwrap_or_else(|| panic!("no overlap with {layer} {key}: {v}"));
    (
        o["area_m2"].as_f64().expect("area"),
        o["share"].as_f64().expect("share"),
    )
}

fn close(got: f64, want: f64, tol: f64) {
    assert!((got - want).abs() <= tol, "got {got}, want {want} ± {tol}");
}

#[test]
fn site_a_straddles_a_key_and_a_general_unit() {
    let v = check_json(SITE_A);
    close(
        v["site"]["area_m2"].as_f64().expect("area"),
        699_684.823,
        0.5,
    );
    let units = "衡水市环境管控单元";
    let (a, s) = overlap(&v, units, "ZH13110320002");
    close(a, 337_450.933, 0.5);
    close(s, 0.482290, 1e-5);
    let (a, s) = overlap(&v, units, "ZH13110330005");
    close(a, 362_233.554, 0.5);
    close(s, 0.517710, 1e-5);
    let unit_rows = v["overlaps"]
        .as_array()
        .expect("overlaps")
        .iter()
        .filter(|o| o["layer"] == units)
        .count();
    assert_eq!(unit_rows, 2);
    // The site was laid out as 70 ha in the Gauss-Kruger plane of the data (zone 39).
    close(
        v["site"]["area_planar_m2"].as_f64().expect("planar area"),
        700_000.0,
        5.0,
    );
}

#[test]
fn site_b_from_exchange_text_touches_the_reserve() {
    let v = check_json(SITE_B);
    close(
        v["site"]["area_m2"].as_f64().expect("area"),
        290_113.238,
        0.5,
    );
    let units = "衡水市环境管控单元";
    for (code, area, share) in [
        ("ZH13110210001", 67_146.255, 0.231448),
        ("ZH13110210004", 16_722.317, 0.057641),
        ("ZH13110230005", 206_245.699, 0.710914),
    ] {
        let (a, s) = overlap(&v, units, code);
        close(a, area, 0.5);
        close(s, share, 1e-5);
    }
    let reserve = v["overlaps"]
        .as_array()
        .expect("overlaps")
        .iter()
        .find(|o| o["layer"] == "衡水湖国家级自然保护区")
        .expect("site B overlaps the reserve");
    close(reserve["area_m2"].as_f64().expect("area"), 67_146.253, 0.5);
    assert!(
        reserve["name"]
            .as_str()
            .is_some_and(|n| n.contains("实验区")),
        "{reserve}"
    );
    // The readable output warns about the reserve.
    let o = zonecheck(&["check", PROJECT, "--site", SITE_B]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("！自然保护区：项目用地位于"), "{text}");
    // Site B overlaps the 衡水湖 redline: the verdict line says so first.
    assert!(text.starts_with("结论： 不符合"), "{text}");
}

#[test]
fn a_point_in_the_lake_core_zone() {
    let o = zonecheck(&["query", PROJECT, "--at", "115.5883399,37.6160449", "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON line");
    let hits = v["hits"].as_array().expect("hits");
    assert!(
        hits.iter()
            .any(|h| h["code"] == "ZH13110310001" && h["category"] == "priority"),
        "{v}"
    );
    assert!(
        hits.iter().any(|h| h["layer"] == "衡水湖国家级自然保护区"
            && h["name"].as_str().is_some_and(|n| n.contains("核心区"))),
        "{v}"
    );
    let unit_hits = hits
        .iter()
        .filter(|h| h["layer"] == "衡水市环境管控单元")
        .count();
    assert_eq!(
        unit_hits, 1,
        "units tile the city: one unit per interior point"
    );
}

#[test]
fn info_on_the_sample_reports_gbk_and_zone_39() {
    let o = zonecheck(&[
        "info",
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/sample_data/衡水市环境管控单元.shp"
        ),
        "--json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["crs"]["epsg"], 4527);
    assert_eq!(v["encoding"]["encoding"], "GBK");
    assert_eq!(v["role"]["role"], "control_units");
}
