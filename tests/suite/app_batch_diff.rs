//! The app's 批量核查 and 版本对比 views, driven through the real app state (headless) and, for
//! the widgets, egui_kittest: a many-site file checked against the new zoning version, a row
//! opening its site, the comparison of the two versions with the batch's sites, the exports, and
//! the refusals (no layers, a version without units, writing over an input).
//!
//! Expected figures are independent of zonecheck: tests/fixtures/batch/expected.json, worked out
//! by tests/fixtures/batch/make_fixtures.py with shapely 2 and pyproj (its `method` says how).
//! Gained/lost areas within 0.5 %, shares within 1e-6, change kinds and codes exactly.

use crate::app_common;

use std::path::PathBuf;
use std::time::Duration;

use egui_kittest::kittest::Queryable;
use serde_json::Value;
use zonecheck::ui::batch::{self, BatchAction};
use zonecheck::ui::diff::{self, DiffAction};
use zonecheck::ui::{Action, AppState, Lang};
use zonecheck::workspace::VerdictResult;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/batch")
        .join(name)
}

fn expected() -> Value {
    let text = std::fs::read_to_string(fixture("expected.json")).expect("expected.json");
    serde_json::from_str(&text).expect("expected.json is JSON")
}

/// The app state with the new version loaded.
fn loaded_new_version() -> AppState {
    let mut state = AppState::default();
    state.apply(Action::OpenPaths(vec![fixture("new.zonecheck.toml")]));
    assert!(
        state.wait_for_loads(Duration::from_secs(60)),
        "loads finish"
    );
    assert!(!state.layers.is_empty());
    state
}

fn run_batch(state: &mut AppState, sites: PathBuf) {
    state.apply(Action::Batch(BatchAction::Run(sites)));
    assert!(
        batch::wait_for_batch(state, Duration::from_secs(120)),
        "the batch finishes"
    );
}

#[test]
fn the_batch_answers_every_site_with_the_units_worked_out_independently() {
    let mut state = loaded_new_version();
    run_batch(&mut state, fixture("sites.geojson"));
    let want = expected();
    let want_sites = want["sites"].as_array().expect("sites");
    assert_eq!(state.batch.rows.len(), want_sites.len(), "a row per site");
    for (row, w) in state.batch.rows.iter().zip(want_sites) {
        assert_eq!(row.index as u64, w["index"].as_u64().unwrap());
        assert_eq!(row.id, w["id"].as_str().unwrap());
        if w["error"] == true {
            assert!(
                row.error.is_some(),
                "{} is unreadable: an error row",
                row.id
            );
            assert_eq!(row.verdict, None, "no verdict without an answer");
            continue;
        }
        let got: Vec<(&str, f64)> = row
            .units
            .iter()
            .map(|u| (u.code.as_str(), u.share))
            .collect();
        let exp: Vec<(&str, f64)> = w["after"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| (u["code"].as_str().unwrap(), u["share"].as_f64().unwrap()))
            .collect();
        assert_eq!(got.len(), exp.len(), "{}: {got:?} vs {exp:?}", row.id);
        for ((gc, gs), (ec, es)) in got.iter().zip(&exp) {
            assert_eq!(gc, ec, "{}", row.id);
            assert!((gs - es).abs() < 1e-6, "{} share {gs} vs {es}", row.id);
        }
        let area = w["area_m2"].as_f64().unwrap();
        let got_area = row.area_m2.expect("an answered site has an area");
        assert!(
            (got_area - area).abs() / area < 1e-6,
            "{}: {got_area} vs {area}",
            row.id
        );
        // No industry code and no sensitive layers answered for every check: never 符合.
        assert_ne!(row.verdict, Some(VerdictResult::Compliant), "{}", row.id);
    }
    // The sites are on the map, each coloured once its answer came.
    let overlay = state.batch.overlay.as_ref().expect("the sites are drawn");
    assert_eq!(overlay.mesh.features.len(), want_sites.len());
    let pending = zonecheck::ui::batch::job::PENDING_FILL;
    assert!(overlay.style.fills.iter().all(|c| *c != pending));
}

#[test]
fn a_row_opens_its_site_with_the_same_answer_as_the_row() {
    let mut state = loaded_new_version();
    run_batch(&mut state, fixture("sites.geojson"));
    let row = state.batch.rows[1].clone();
    state.apply(Action::Batch(BatchAction::Select(1)));
    assert!(zonecheck::ui::site::wait_for_site(
        &mut state,
        Duration::from_secs(60)
    ));
    let r = state
        .site
        .result
        .as_ref()
        .expect("the site panel has the site");
    assert_eq!(state.site.report_name, row.id);
    assert!(state.site.panel_open);
    assert_eq!(r.report.verdict.result, row.verdict.expect("answered"));
    let area = r.report.analysis.site_area_m2;
    assert!((area - row.area_m2.unwrap()).abs() < 1e-6);
    assert_eq!(state.batch.selected, Some(1));
}

#[test]
fn rows_sort_and_filter_without_losing_any() {
    let mut state = loaded_new_version();
    run_batch(&mut state, fixture("sites.geojson"));
    let n = state.batch.rows.len();
    state.apply(Action::Batch(BatchAction::SortBy(batch::BatchColumn::Area)));
    let order = state.batch.shown_order();
    assert_eq!(order.len(), n);
    let areas: Vec<f64> = order
        .iter()
        .map(|&i| state.batch.rows[i].area_m2.unwrap_or(-1.0))
        .collect();
    assert!(areas.windows(2).all(|w| w[0] <= w[1]), "{areas:?}");
    state.apply(Action::Batch(BatchAction::SortBy(batch::BatchColumn::Area)));
    let reversed = state.batch.shown_order();
    assert_eq!(reversed.first(), order.last());
    let failed = state
        .batch
        .rows
        .iter()
        .filter(|r| r.verdict.is_none())
        .count();
    assert!(failed > 0, "the fixture has unreadable sites");
    state.apply(Action::Batch(BatchAction::FilterVerdict(Some(None))));
    assert_eq!(state.batch.shown_order().len(), failed);
}

#[test]
fn without_layers_the_batch_says_so_and_checks_nothing() {
    let mut state = AppState::default();
    state.apply(Action::Batch(BatchAction::Run(fixture("sites.geojson"))));
    assert!(state.batch.job.is_none());
    assert!(state.batch.rows.is_empty());
    let e = state.batch.error.as_deref().expect("an error");
    assert!(e.contains("载入图层"), "{e}");
}

#[test]
fn the_summary_is_written_but_never_over_the_sites_file() {
    let mut state = loaded_new_version();
    let dir = tempfile::tempdir().unwrap();
    let sites = dir.path().join("sites.geojson");
    std::fs::copy(fixture("sites.geojson"), &sites).unwrap();
    let before = std::fs::read(&sites).unwrap();
    run_batch(&mut state, sites.clone());
    state.apply(Action::Batch(BatchAction::ExportSummary(sites.clone())));
    assert_eq!(
        std::fs::read(&sites).unwrap(),
        before,
        "the input is untouched"
    );
    assert!(
        state
            .messages
            .iter()
            .any(|m| m.text.contains("sites.geojson")),
        "the refusal names the file: {:?}",
        state.messages
    );
    let out = dir.path().join("汇总.csv");
    state.apply(Action::Batch(BatchAction::ExportSummary(out.clone())));
    let text = std::fs::read_to_string(&out).expect("summary written");
    assert_eq!(
        text.lines().count(),
        1 + state.batch.rows.len(),
        "a header and a row per site"
    );
    assert!(text.contains("DK-002"));
}

#[test]
fn reports_are_written_one_per_readable_site() {
    let mut state = loaded_new_version();
    run_batch(&mut state, fixture("parcel_1.txt"));
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("报告");
    state.apply(Action::Batch(BatchAction::ExportReports(reports.clone())));
    assert!(batch::wait_for_batch(&mut state, Duration::from_secs(300)));
    assert!(
        matches!(&state.batch.export_status, Some(Ok(p)) if *p == reports),
        "{:?}",
        state.batch.export_status
    );
    let readable = state
        .batch
        .rows
        .iter()
        .filter(|r| r.error.is_none())
        .count();
    assert!(readable > 0, "the parcels file has readable parcels");
    let written = std::fs::read_dir(&reports).unwrap().count();
    assert_eq!(written, readable);
}

#[test]
fn the_comparison_lists_the_changes_worked_out_independently() {
    let mut state = loaded_new_version();
    run_batch(&mut state, fixture("sites.geojson"));
    state.diff.old_input = fixture("old.zonecheck.toml").display().to_string();
    state.apply(Action::Diff(DiffAction::Show(true)));
    assert!(state.diff.open && !state.batch.open && !state.table.open);
    state.apply(Action::Diff(DiffAction::Run));
    assert!(diff::wait_for_diff(&mut state, Duration::from_secs(120)));
    assert_eq!(state.diff.error, None);
    let r = state.diff.result.as_ref().expect("a comparison");
    let want = expected();
    let want_units = want["units"].as_array().unwrap();
    assert_eq!(r.diff.units.len(), want_units.len());
    for (u, w) in r.diff.units.iter().zip(want_units) {
        assert_eq!(u.code, w["code"].as_str().unwrap());
        let kinds: Vec<&str> = u.changes.iter().map(|k| k.key()).collect();
        let want_kinds: Vec<&str> = w["changes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|k| k.as_str().unwrap())
            .collect();
        assert_eq!(kinds, want_kinds, "{}", u.code);
        for (got, key) in [
            (u.area.area_gained_m2, "area_gained_m2"),
            (u.area.area_lost_m2, "area_lost_m2"),
        ] {
            let e = w[key].as_f64().unwrap();
            assert!(
                (got - e).abs() <= 0.005 * e.max(1.0),
                "{} {key}: {got} vs {e}",
                u.code
            );
        }
    }
    // The batch's sites compared: exactly the flags worked out independently.
    let sites = r.sites.as_ref().expect("the batch's sites are compared");
    for (s, w) in sites.iter().zip(want["sites"].as_array().unwrap()) {
        if w["error"] == true {
            assert!(s.error.is_some());
        } else {
            assert_eq!(Value::Bool(s.changed), w["changed"], "{}", s.id);
        }
    }
    // Every changed unit is drawn (its features, or its pieces), and picking one outlines it.
    for i in 0..r.diff.units.len() {
        assert!(!r.fids_of_unit(i).is_empty(), "unit {i} is drawn");
    }
    state.apply(Action::Diff(DiffAction::FilterKind(Some(
        zonecheck::workspace::diff::ChangeKind::Removed,
    ))));
    let shown = state.diff.shown_units();
    assert_eq!(shown.len(), 1);
    assert_eq!(
        state.diff.result.as_ref().unwrap().diff.units[shown[0]].code,
        "ZH13110230004"
    );
}

#[test]
fn a_version_without_control_units_is_refused_with_a_reason() {
    let mut state = loaded_new_version();
    state.diff.old_input = fixture("保护区_old.geojson").display().to_string();
    state.apply(Action::Diff(DiffAction::Run));
    assert!(diff::wait_for_diff(&mut state, Duration::from_secs(60)));
    assert!(state.diff.result.is_none());
    let e = state.diff.error.as_deref().expect("an error");
    assert!(e.contains("旧版本") && e.contains("管控单元"), "{e}");
}

#[test]
fn the_changes_are_exported_as_pieces_and_tables() {
    let mut state = loaded_new_version();
    state.diff.old_input = fixture("old.zonecheck.toml").display().to_string();
    state.apply(Action::Diff(DiffAction::Run));
    assert!(diff::wait_for_diff(&mut state, Duration::from_secs(120)));
    let dir = tempfile::tempdir().unwrap();
    let geojson = dir.path().join("changes.geojson");
    state.apply(Action::Diff(DiffAction::Export(geojson.clone())));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&geojson).unwrap()).unwrap();
    let features = v["features"].as_array().unwrap();
    let gained = features
        .iter()
        .filter(|f| f["properties"]["code"] == "ZH13110220005")
        .filter(|f| f["properties"]["piece"] == "gained")
        .count();
    assert_eq!(gained, 1, "the added unit is one gained piece");
    let xlsx = dir.path().join("changes.xlsx");
    state.apply(Action::Diff(DiffAction::Export(xlsx.clone())));
    assert!(std::fs::metadata(&xlsx).unwrap().len() > 0);
    // The old version's file is an input: never written over.
    let old = fixture("units_old.geojson");
    let before = std::fs::read(&old).unwrap();
    state.apply(Action::Diff(DiffAction::Export(old.clone())));
    assert_eq!(std::fs::read(&old).unwrap(), before);
}

#[test]
fn the_views_open_from_the_toolbar_and_show_their_rows() {
    let mut h = app_common::harness_for(vec![fixture("new.zonecheck.toml")]);
    h.get_by_label("批量核查").click();
    h.run();
    assert!(h.state().state.batch.open);
    h.state_mut().state.batch.path_input = fixture("sites.geojson").display().to_string();
    h.run();
    h.get_by_label("开始核查").click();
    h.step();
    assert!(batch::wait_for_batch(
        &mut h.state_mut().state,
        Duration::from_secs(120)
    ));
    h.run_steps(6);
    // The counts line and a row's id are on screen.
    assert!(h.query_by_label_contains("共 8 个地块").is_some());
    // The version the answers used (the fixture's project states it).
    let version = &h.state().state.batch.rows[0].data_version;
    assert!(version.contains("2024"), "{version}");
    assert!(h.query_by_label_contains(version).is_some());
    h.get_by_label("DK-002").click();
    h.step();
    assert!(zonecheck::ui::site::wait_for_site(
        &mut h.state_mut().state,
        Duration::from_secs(60)
    ));
    h.run_steps(6);
    assert!(h.state().state.site.panel_open);
    h.get_by_label("版本对比").click();
    h.run();
    assert!(h.state().state.diff.open && !h.state().state.batch.open);
}

#[test]
fn toolbar_buttons_never_cover_the_find_bar_in_a_narrow_window() {
    // At 1024 points the English find bar and buttons do not fit one row: the buttons go to a
    // second row; at 1280 in Chinese they share one.
    for (width, lang, two_rows) in [(1024.0, Lang::En, true), (1280.0, Lang::Zh, false)] {
        let mut h = app_common::harness_sized(vec![fixture("new.zonecheck.toml")], width, 760.0);
        h.state_mut().state.apply(Action::SetLanguage(lang));
        h.run_steps(8);
        let (find, batch) = match lang {
            Lang::En => ("Find", "Batch"),
            Lang::Zh => ("查找", "批量核查"),
        };
        let find_rect = h.get_by_label(find).rect();
        let buttons: Vec<egui::Rect> = [batch, lang.t("导出地图…", "Export map…")]
            .iter()
            .map(|l| h.get_by_label(l).rect())
            .collect();
        for b in &buttons {
            assert!(
                !b.intersects(find_rect),
                "{lang:?} {width}: {b:?} over {find_rect:?}"
            );
            assert!(
                b.max.x <= width + 0.5,
                "{lang:?} {width}: {b:?} off the window"
            );
            assert_eq!(
                b.min.y > find_rect.max.y - 1.0,
                two_rows,
                "{lang:?} {width}: {b:?} vs {find_rect:?}"
            );
        }
    }
}

#[test]
fn the_toolbar_returns_to_one_row_when_the_window_widens() {
    let mut h = app_common::harness_sized(vec![fixture("new.zonecheck.toml")], 1024.0, 760.0);
    h.state_mut().state.apply(Action::SetLanguage(Lang::En));
    h.run_steps(8);
    let below = |h: &egui_kittest::Harness<'static, zonecheck::ui::ZoneCheckApp>| {
        h.get_by_label("Batch").rect().min.y > h.get_by_label("Find").rect().max.y - 1.0
    };
    assert!(below(&h), "two rows at 1024 px");
    h.set_size(egui::vec2(1920.0, 760.0));
    h.run_steps(8);
    assert!(!below(&h), "one row again at 1920 px");
}
