//! Basemaps in the real app (egui_kittest): the sample opens with its demo basemap listed below
//! the data and drawn from textures within the cache budget; it can be switched off and is saved
//! in the project file; a corrupt basemap or tile is said in the messages while the data and
//! the other tiles still draw.

use crate::app_common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use zonecheck::ui::map::basemap::TEXTURE_BUDGET_BYTES;
use zonecheck::ui::{Action, Level, ZoneCheckApp};

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/hengshui.zonecheck.toml")
}

/// Frames until no basemap tile is still being read (the readers are threads).
fn settle(h: &mut Harness<'static, ZoneCheckApp>) {
    {
        let app = h.state_mut();
        let state = &mut app.state;
        state.basemaps.wait_opened(&mut state.messages, state.lang);
    }
    for _ in 0..400 {
        h.step();
        let b = &h.state().state.basemaps;
        if !b.opening() && b.layers.iter().all(|l| l.loading == 0) && b.texture_bytes() > 0 {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    h.run();
}

#[test]
fn the_sample_opens_with_its_demo_basemap_drawn() {
    let mut h = app_common::harness_for(vec![sample()]);
    settle(&mut h);
    let state = &h.state().state;
    assert_eq!(state.basemaps.layers.len(), 1);
    let l = &state.basemaps.layers[0];
    assert_eq!(l.name, "衡水市示意底图（合成示例）");
    assert!(l.visible);
    assert_eq!(l.loading, 0);
    assert_eq!(l.failed_tiles, 0);
    let (drawn, _ideal, cut) = l.last_plan.expect("planned in the last frame");
    assert!((8..=13).contains(&drawn), "{drawn}");
    assert!(!cut);
    let bytes = state.basemaps.texture_bytes();
    assert!(bytes > 0 && bytes <= TEXTURE_BUDGET_BYTES, "{bytes}");
    assert!(
        state.messages.iter().all(|m| m.level != Level::Error),
        "{:?}",
        state.messages
    );
    // Its row is in the layers panel, under the heading.
    h.get_by_label("衡水市示意底图（合成示例）");
    assert!(h.query_all_by_label("底图").count() >= 1);
    // The data is drawn over it as before: every feature of the sample (README: 92 units,
    // 3 reserve zones, 4 redlines, 6 water-source zones, 9 rivers) at full extent.
    assert_eq!(h.state().state.last_draw.features_drawn, 92 + 3 + 4 + 6 + 9);
}

#[test]
fn a_basemap_is_switched_off_and_saved_in_the_project() {
    let mut h = app_common::harness_for(vec![sample()]);
    settle(&mut h);
    // Below the five data layers: scrolled to, as a user would.
    h.get_by_role_and_label(
        egui::accesskit::Role::CheckBox,
        "衡水市示意底图（合成示例）",
    )
    .scroll_to_me();
    h.run();
    h.get_by_role_and_label(
        egui::accesskit::Role::CheckBox,
        "衡水市示意底图（合成示例）",
    )
    .click();
    h.run();
    assert!(!h.state().state.basemaps.layers[0].visible);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("saved.zonecheck.toml");
    h.state_mut().state.apply(Action::SaveProject(file.clone()));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("[[basemap]]"), "{text}");
    assert!(
        text.contains("衡水市示意底图.mbtiles") && text.contains("visible = false"),
        "{text}"
    );
    // And it reopens with the basemap, off.
    let back = zonecheck::model::project::Project::read(&file).unwrap();
    assert_eq!(back.basemaps.len(), 1);
    assert!(!back.basemaps[0].visible);
    assert!(back.basemap_path(&back.basemaps[0]).is_file());
}

#[test]
fn a_corrupt_basemap_is_said_and_the_data_still_draws() {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = app_common::write_fixture_layers(dir.path());
    let bad = dir.path().join("坏底图.mbtiles");
    std::fs::write(&bad, b"garbage, not SQLite").unwrap();
    paths.push(bad);
    let mut h = app_common::harness_for(paths);
    {
        let app = h.state_mut();
        let state = &mut app.state;
        state.basemaps.wait_opened(&mut state.messages, state.lang);
    }
    h.run();
    let state = &h.state().state;
    assert!(state.basemaps.layers.is_empty());
    let err = state
        .messages
        .iter()
        .find(|m| m.level == Level::Error && m.text.contains("坏底图.mbtiles"))
        .unwrap_or_else(|| panic!("{:?}", state.messages));
    assert!(err.text.contains("不是 SQLite 数据库"), "{}", err.text);
    assert_eq!(state.layers.len(), 3);
    assert!(state.last_draw.features_drawn >= 3, "{:?}", state.last_draw);
}

#[test]
fn a_corrupt_tile_is_said_and_the_other_tiles_draw() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.mbtiles");
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basemap/merc_tms.mbtiles");
    std::fs::copy(fixture, &path).unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE tiles SET tile_data = x'89504E470D0A1A0A5A5A5A5A' WHERE tile_column = 6729 AND tile_row = 5024",
        [],
    )
    .unwrap();
    drop(conn);
    let mut h = app_common::harness_for(vec![path]);
    settle(&mut h);
    // Look at the four tiles' block.
    {
        let state = &mut h.state_mut().state;
        let canvas = state.canvas.unwrap();
        let bbox = state.basemaps.layers[0].basemap.info.bounds_lonlat.unwrap();
        state.view.fit(canvas, bbox, 0.0);
    }
    for _ in 0..200 {
        h.step();
        let l = &h.state().state.basemaps.layers[0];
        if l.loading == 0 && l.failed_tiles > 0 {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    h.run();
    let state = &h.state().state;
    let l = &state.basemaps.layers[0];
    assert_eq!(l.failed_tiles, 1);
    let warning = state
        .messages
        .iter()
        .find(|m| m.level == Level::Warning && m.text.contains("13/6729/3167"))
        .unwrap_or_else(|| panic!("{:?}", state.messages));
    assert!(
        warning.text.contains("其余瓦片照常显示"),
        "{}",
        warning.text
    );
    // The three whole tiles are textures (256×256 RGBA each).
    assert_eq!(state.basemaps.texture_bytes(), 3 * 256 * 256 * 4);
    h.get_by_label_contains("1 个瓦片无法显示");
}
