//! The app as a reviewer uses it all day (issue 11), driven through the real window with
//! egui_kittest: the map keeps half a small window; removing a layer asks and Ctrl+Z brings it
//! back with its style; the same file twice is refused with a word; an export over an existing
//! file asks first; every interface text exists in both languages; the keyboard pans, zooms and
//! finds; the CRS picker names the EPSG code surveyors mean; the scale reads 1:N.

use std::time::Duration;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use zonecheck::ui::i18n::{Key, tr};
use zonecheck::ui::state::Confirm;
use zonecheck::ui::{Action, Lang};

use crate::app_common;
use app_common::{harness_for, harness_sized, write_fixture_layers};

fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn every_interface_text_exists_in_both_languages() {
    // Chinese mode shows Chinese (a key whose Chinese text has no Chinese is an English leftover),
    // English mode shows no Chinese — except the language switch, which names the other language.
    for &key in Key::ALL {
        let zh = tr(Lang::Zh, key);
        let en = tr(Lang::En, key);
        assert!(
            !zh.is_empty() && !en.is_empty(),
            "{key:?} has an empty text"
        );
        if key == Key::Language {
            assert_eq!((zh, en), ("English", "中文"));
            continue;
        }
        let latin_only = zh.chars().all(|c| c.is_ascii() || "…–—°·×".contains(c));
        let allowed_latin = [Key::Crs, Key::North, Key::CopyResult].contains(&key)
            || zh.contains("EPSG")
            || zh.contains("GeoJSON")
            || zh.contains("CGCS2000")
            || zh.contains("Ctrl");
        assert!(
            !latin_only || allowed_latin || !has_cjk(en),
            "{key:?}: the Chinese text {zh:?} is not Chinese"
        );
        assert!(
            !has_cjk(en) || en.contains('“'),
            "{key:?}: the English text {en:?} has Chinese"
        );
    }
    assert!(Key::ALL.len() > 150, "{} keys", Key::ALL.len());
}

#[test]
fn at_1024_by_700_the_map_keeps_half_the_window_even_with_the_table_open() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_sized(write_fixture_layers(dir.path()), 1024.0, 700.0);
    let canvas = h.state().state.canvas.expect("the map was drawn");
    assert!(
        canvas.width() >= 512.0,
        "map {canvas:?} in a 1024 px window"
    );
    h.state_mut().state.table.open = true;
    h.run();
    let canvas = h.state().state.canvas.unwrap();
    assert!(canvas.width() >= 512.0, "map {canvas:?}");
    assert!(
        canvas.height() >= 350.0 * 0.9,
        "map {canvas:?} with the table open"
    );
    // The site panel with a result does not widen the right side either.
    h.get_by_label("项目选址").click();
    h.run();
    assert!(h.state().state.canvas.unwrap().width() >= 512.0);
}

#[test]
fn removing_a_layer_asks_and_ctrl_z_brings_it_back_with_its_style() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_for(write_fixture_layers(dir.path()));
    let before: Vec<u64> = h.state().state.layers.iter().map(|l| l.id).collect();
    let water = h.state().state.layers[1].id;
    h.state_mut().state.apply(Action::SetOpacity(water, 0.3));
    h.state_mut().state.apply(Action::SetVisible(water, false));
    h.run_steps(10);
    // The ✖ of the water-source row (rows are listed top layer first: river, water, units).
    let removes: Vec<_> = h.get_all_by_label("✖").collect();
    assert_eq!(removes.len(), 3);
    removes[1].click();
    h.run_steps(10);
    assert_eq!(h.state().state.confirm, Some(Confirm::RemoveLayer(water)));
    assert_eq!(
        h.state().state.layers.len(),
        3,
        "nothing removed before the answer"
    );
    h.get_by_label("取消").click();
    h.run_steps(10);
    assert_eq!(h.state().state.layers.len(), 3);
    h.get_all_by_label("✖").nth(1).unwrap().click();
    h.run_steps(10);
    h.get_by_role_and_label(Role::Button, "移除").click();
    h.run_steps(10);
    assert_eq!(h.state().state.layers.len(), 2);
    assert!(h.state().state.layer(water).is_none());
    // Ctrl+Z: back in its place, hidden and at 30 %, as it was.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(10);
    let s = &h.state().state;
    assert_eq!(s.layers.iter().map(|l| l.id).collect::<Vec<_>>(), before);
    let l = s.layer(water).unwrap();
    assert_eq!((l.visible, l.opacity), (false, 0.3));
    // Two more undos take back the visibility, then the opacity.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(10);
    assert!(h.state().state.layer(water).unwrap().visible);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(10);
    let l = h.state().state.layer(water).unwrap();
    assert!((l.opacity - l.ready.style.default_opacity).abs() < 1e-6);
}

#[test]
fn the_same_file_twice_is_not_added_and_the_window_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let paths = write_fixture_layers(dir.path());
    let mut h = harness_for(paths.clone());
    h.state_mut()
        .state
        .apply(Action::OpenPaths(vec![paths[1].clone()]));
    assert!(h.state_mut().state.wait_until_idle(Duration::from_secs(60)));
    h.run();
    let s = &h.state().state;
    assert_eq!(s.layers.len(), 3, "not added again");
    let said = s
        .messages
        .iter()
        .any(|m| m.text.contains("已作为图层") && m.text.contains("未重复添加"));
    assert!(said, "{:?}", s.messages);
}

#[test]
fn an_export_over_an_existing_file_asks_first_and_an_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let paths = write_fixture_layers(dir.path());
    let mut h = harness_for(paths.clone());
    let existing = dir.path().join("已有的表.csv");
    std::fs::write(&existing, "edited in Excel").unwrap();
    h.state_mut()
        .state
        .apply(Action::ExportTableRows(existing.clone()));
    h.run_steps(10);
    assert!(matches!(
        h.state().state.confirm,
        Some(Confirm::Overwrite(..))
    ));
    h.get_by_label("文件已存在");
    h.get_by_label("取消").click();
    h.run_steps(10);
    assert_eq!(
        std::fs::read_to_string(&existing).unwrap(),
        "edited in Excel"
    );
    h.state_mut()
        .state
        .apply(Action::ExportTableRows(existing.clone()));
    h.run_steps(10);
    h.get_by_role_and_label(Role::Button, "覆盖").click();
    h.run_steps(10);
    let written = std::fs::read_to_string(&existing).unwrap();
    assert!(written.starts_with("\u{feff}HJGKDYBM,"), "{written}");
    assert_eq!(written.lines().count(), 3, "header and the two units");
    // A layer file is never written over, asked or not.
    h.state_mut()
        .state
        .apply(Action::ExportTableRows(paths[0].clone()));
    h.run_steps(10);
    assert_eq!(h.state().state.confirm, None);
    assert!(
        std::fs::read_to_string(&paths[0])
            .unwrap()
            .contains("FeatureCollection")
    );
    assert!(
        h.state()
            .state
            .messages
            .iter()
            .any(|m| m.text.contains(&paths[0].display().to_string()))
    );
}

#[test]
fn keys_pan_zoom_show_all_and_go_to_the_find_box() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_for(write_fixture_layers(dir.path()));
    let start = h.state().state.view;
    h.key_press(egui::Key::ArrowRight);
    h.run();
    let moved = h.state().state.view.center_lonlat;
    assert!(moved.x > start.center_lonlat.x, "→ shows what is east");
    h.key_press(egui::Key::Plus);
    h.run();
    assert!((h.state().state.view.px_per_deg / start.px_per_deg - 2.0).abs() < 1e-9);
    h.key_press(egui::Key::Home);
    h.run();
    assert!((h.state().state.view.px_per_deg / start.px_per_deg - 1.0).abs() < 1e-6);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::F);
    h.run();
    h.run();
    let find = h.get_by(|n| {
        n.role() == Role::TextInput && n.placeholder().is_some_and(|p| p.contains("经纬度"))
    });
    assert!(find.is_focused(), "Ctrl+F gives the find box the keyboard");
}

#[test]
fn the_crs_picker_names_the_zone_and_a_map_click_picks_it() {
    let dir = tempfile::tempdir().unwrap();
    let paths = write_fixture_layers(dir.path());
    // A layer of 6-digit Gauss-Kruger eastings without .prj: no zone can be told from it.
    let plain = dir.path().join("无坐标系.geojson");
    std::fs::write(
        &plain,
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"名称":"甲"},"geometry":{"type":"Polygon","coordinates":[[[512000,4180000],[512100,4180000],[512100,4180100],[512000,4180000]]]}}]}"#,
    )
    .unwrap();
    let mut all = paths.clone();
    all.push(plain.clone());
    let mut h = harness_for(all);
    assert_eq!(h.state().state.crs_needed.len(), 1);
    // 6° zones, then back to 3°: the picker keeps the meridian (117°E) and names EPSG codes.
    h.get_by_label("6° 分带").click();
    h.run();
    assert_eq!(
        h.state().state.crs_needed[0].crs_text,
        "EPSG:4509",
        "CGCS2000 6° CM 117°E (4502 is CM 75°E, zone 13)"
    );
    h.get_by_label("3° 分带").click();
    h.run();
    assert_eq!(
        h.state().state.crs_needed[0].crs_text,
        "EPSG:4548",
        "CGCS2000 3° CM 117°E"
    );
    // Pick the place on the map: the fixture lies at 115.5–115.7°E, in 3° zone 38 (CM 114°E).
    h.get_by_label("在地图上点选所在位置").click();
    h.run();
    app_common::click_lonlat(
        &mut h,
        geo::Coord {
            x: 115.45,
            y: 37.55,
        },
    );
    let c = &h.state().state.crs_needed[0];
    assert_eq!(c.crs_text, "EPSG:4547", "CGCS2000 3° CM 114°E");
    assert!(
        h.state().state.identify.is_none(),
        "the click picked, it did not identify"
    );
}

#[test]
fn the_scale_reads_as_a_fraction_and_the_map_has_a_north_arrow() {
    let dir = tempfile::tempdir().unwrap();
    let h = harness_for(write_fixture_layers(dir.path()));
    let fraction =
        zonecheck::present::coords::scale_fraction_text(h.state().state.view.metres_per_point())
            .unwrap();
    assert!(fraction.starts_with("1:"));
    h.get_by_label(&format!("比例尺 {fraction}"));
}

#[test]
fn moving_a_layer_is_taken_back_by_ctrl_z() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_for(write_fixture_layers(dir.path()));
    let before: Vec<u64> = h.state().state.layers.iter().map(|l| l.id).collect();
    let bottom = before[0];
    h.state_mut().state.apply(Action::MoveLayer(bottom, 2));
    let moved: Vec<u64> = h.state().state.layers.iter().map(|l| l.id).collect();
    assert_eq!(moved, [before[1], before[2], bottom], "to the top");
    // A move past the top changes nothing and is not a step.
    h.state_mut().state.apply(Action::MoveLayer(bottom, 1));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(10);
    let s = &h.state().state;
    assert_eq!(s.layers.iter().map(|l| l.id).collect::<Vec<_>>(), before);
    assert!(s.undo.is_empty());
}
