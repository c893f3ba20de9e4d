//! Drives `zonecheck diff` on two zoning versions whose changes were worked out independently:
//! the changed unit codes and kinds exactly, gained and lost areas within 0.5 %, the zones list,
//! the per-site `changed` flags exactly, and the tables and pieces it writes.
//!
//! Reference figures: tests/fixtures/batch/expected.json from make_fixtures.py beside it
//! (shapely 2.2.0 `difference` / `intersection`, pyproj 3.7.2 `Geod(ellps="GRS80")` areas; the
//! change rules of issue 13 applied to those figures; the method is stated in the script).

use crate::batch_common;

use std::process::Output;

use serde_json::Value;

use batch_common::{expected, fixture, stderr, zonecheck};

/// Within 0.5 % of the reference, or within 1 m² of a reference of zero.
fn area_close(actual: &Value, expected: &Value) -> bool {
    match (actual.as_f64(), expected.as_f64()) {
        (Some(a), Some(0.0)) => a.abs() <= 1.0,
        (Some(a), Some(e)) => (a - e).abs() <= 0.005 * e,
        (None, None) => true,
        _ => false,
    }
}

fn diff_json(extra: &[&str]) -> (Output, Value) {
    let (old, new) = (fixture("old.zonecheck.toml"), fixture("new.zonecheck.toml"));
    let mut args = vec!["diff", "--old", &old, "--new", &new, "--json"];
    args.extend_from_slice(extra);
    let o = zonecheck(&args);
    let v = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("diff --json prints one JSON object ({e}): {}", stderr(&o)));
    (o, v)
}

#[test]
fn changed_units_have_the_kinds_and_areas_worked_out_independently() {
    let (o, v) = diff_json(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let want = expected();
    let units = v["units"].as_array().expect("units");
    let want_units = want["units"].as_array().expect("expected units");
    let codes: Vec<&str> = units.iter().filter_map(|u| u["code"].as_str()).collect();
    let want_codes: Vec<&str> = want_units
        .iter()
        .filter_map(|u| u["code"].as_str())
        .collect();
    assert_eq!(
        codes, want_codes,
        "changed codes in code order; the unchanged unit is not listed"
    );
    for (u, w) in units.iter().zip(want_units) {
        assert_eq!(u["changes"], w["changes"], "{}", w["code"]);
        for key in ["area_gained_m2", "area_lost_m2"] {
            assert!(
                area_close(&u[key], &w[key]),
                "{} {key}: {} vs {}",
                w["code"],
                u[key],
                w[key]
            );
        }
        assert!(area_close(&u["old"]["area_m2"], &w["old_area_m2"]), "{u}");
        assert!(area_close(&u["new"]["area_m2"], &w["new_area_m2"]), "{u}");
    }
    let u3 = &units[2];
    assert_eq!(u3["old"]["category"], "general");
    assert_eq!(u3["new"]["category"], "key");
    assert_eq!(u3["new"]["name"], "丙重点管控单元");
    assert!(units[1]["old"].is_null(), "an added unit has no old side");
    assert!(units[3]["new"].is_null(), "a removed unit has no new side");
    assert!(v.get("sites").is_none(), "sites only with --sites");
    assert_eq!(v["data_version"]["old"]["version"], "2023年版");
    assert_eq!(v["data_version"]["new"]["version"], "2024年动态更新");
}

#[test]
fn reserve_zones_are_compared_by_name_and_zone() {
    let (_, v) = diff_json(&[]);
    let zones = v["zones"].as_array().expect("zones");
    let want = expected();
    let want_zones = want["zones"].as_array().expect("expected zones");
    assert_eq!(zones.len(), want_zones.len());
    for (z, w) in zones.iter().zip(want_zones) {
        assert_eq!(z["role"], "reserve");
        assert_eq!(z["name"], w["name"]);
        assert_eq!(z["zone"], w["zone"]);
        assert_eq!(z["changes"], w["changes"]);
        for key in ["area_gained_m2", "area_lost_m2"] {
            assert!(area_close(&z[key], &w[key]), "{z}");
        }
    }
}

#[test]
fn sites_say_exactly_which_answers_changed() {
    let (o, v) = diff_json(&["--sites", &fixture("sites.geojson")]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "two sites are unreadable: exit 1 after the rest"
    );
    let sites = v["sites"].as_array().expect("sites");
    let want = expected();
    let want_sites = want["sites"].as_array().expect("expected sites");
    assert_eq!(sites.len(), want_sites.len());
    for (s, w) in sites.iter().zip(want_sites) {
        assert_eq!(s["index"], w["index"]);
        assert_eq!(s["id"], w["id"]);
        if w["error"] == true {
            assert!(s["error"].is_string(), "{s}");
            continue;
        }
        assert_eq!(s["changed"], w["changed"], "{}", w["id"]);
        for side in ["before", "after"] {
            let got: Vec<(&Value, &Value)> = s[side]
                .as_array()
                .expect("units")
                .iter()
                .map(|u| (&u["code"], &u["category"]))
                .collect();
            let exp: Vec<(&Value, &Value)> = w[side]
                .as_array()
                .expect("units")
                .iter()
                .map(|u| (&u["code"], &u["category"]))
                .collect();
            assert_eq!(got, exp, "{} {side}", w["id"]);
            for (g, e) in s[side]
                .as_array()
                .unwrap()
                .iter()
                .zip(w[side].as_array().unwrap())
            {
                let (gs, es) = (g["share"].as_f64().unwrap(), e["share"].as_f64().unwrap());
                assert!(
                    (gs - es).abs() < 1e-6,
                    "{} {side} share {gs} vs {es}",
                    w["id"]
                );
                assert!(area_close(&g["area_m2"], &e["area_m2"]), "{g}");
            }
        }
    }
}

#[test]
fn the_same_version_twice_changes_nothing() {
    let old = fixture("old.zonecheck.toml");
    let o = zonecheck(&[
        "diff",
        "--old",
        &old,
        "--new",
        &old,
        "--json",
        "--sites",
        &fixture("三地块.txt"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["units"], serde_json::json!([]));
    assert_eq!(v["zones"], serde_json::json!([]));
    let sites = v["sites"].as_array().expect("sites");
    assert_eq!(sites.len(), 3);
    assert!(
        sites
            .iter()
            .all(|s| s["changed"] == false && s["before"] == s["after"])
    );
}

#[test]
fn the_pieces_and_the_tables_are_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pieces = dir.path().join("changes.geojson");
    let (o, _) = diff_json(&["--out", pieces.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(&pieces).expect("pieces written");
    let gj: geojson::GeoJson = text.parse().expect("valid GeoJSON");
    let geojson::GeoJson::FeatureCollection(fc) = gj else {
        panic!("a FeatureCollection")
    };
    let want = expected();
    let mut want_pieces: Vec<(String, &str)> = Vec::new();
    for u in want["units"].as_array().unwrap() {
        for (key, piece) in [("area_gained_m2", "gained"), ("area_lost_m2", "lost")] {
            if u[key].as_f64().unwrap() > 1.0 {
                want_pieces.push((u["code"].as_str().unwrap().to_string(), piece));
            }
        }
    }
    let mut got: Vec<(String, &str)> = fc
        .features
        .iter()
        .filter_map(|f| {
            let p = f.properties.as_ref()?;
            let code = p.get("code")?.as_str()?.to_string();
            let piece = match p.get("piece")?.as_str()? {
                "gained" => "gained",
                _ => "lost",
            };
            Some((code, piece))
        })
        .collect();
    got.sort();
    want_pieces.sort();
    assert_eq!(
        got, want_pieces,
        "one piece per unit and direction that moved"
    );

    let xlsx = dir.path().join("changes.xlsx");
    let o = zonecheck(&[
        "diff",
        "--old",
        &fixture("old.zonecheck.toml"),
        "--new",
        &fixture("new.zonecheck.toml"),
        "--sites",
        &fixture("三地块.txt"),
        "--out",
        xlsx.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    use calamine::{Reader, open_workbook_auto};
    let mut wb = open_workbook_auto(&xlsx).expect("workbook");
    assert_eq!(
        wb.sheet_names(),
        ["变化单元", "变化保护区与红线", "受影响地块"]
    );
    let units = wb.worksheet_range("变化单元").expect("units sheet");
    assert_eq!(units.height(), 1 + want["units"].as_array().unwrap().len());
    let sites = wb.worksheet_range("受影响地块").expect("sites sheet");
    assert_eq!(sites.height(), 4);
}

#[test]
fn a_side_without_control_units_is_refused_not_read_as_all_removed() {
    // Only the reserve layer on the new side: without the refusal every unit of the old side
    // would be listed as removed.
    let (old, reserves) = (fixture("old.zonecheck.toml"), fixture("保护区_new.geojson"));
    let o = zonecheck(&["diff", "--old", &old, "--new", &reserves, "--json"]);
    assert!(!o.status.success(), "refused");
    assert!(o.stdout.is_empty(), "no comparison printed");
    let e = stderr(&o);
    assert!(
        e.contains("--new") && e.contains("没有环境管控单元图层"),
        "names the side and the reason: {e}"
    );
    let o = zonecheck(&["diff", "--old", &reserves, "--new", &old, "--lang", "en"]);
    assert!(!o.status.success(), "refused");
    let e = stderr(&o);
    assert!(
        e.contains("--old") && e.contains("has no control-unit layer"),
        "in English too: {e}"
    );
}
