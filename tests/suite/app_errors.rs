//! A broken file gives a readable message in the window and the rest keeps working.

use crate::app_common;

use app_common::{click_lonlat, harness_for, write_fixture_layers};
use egui_kittest::kittest::Queryable;
use geo::Coord;
use zonecheck::ui::{Action, Level};

#[test]
fn a_broken_file_shows_an_error_and_the_other_layers_still_work() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("损坏的图层.geojson");
    std::fs::write(
        &broken,
        "{ \"type\": \"FeatureCollection\", \"features\": [ {",
    )
    .unwrap();
    let missing = dir.path().join("不存在.shp");
    let mut paths = vec![broken.clone(), missing.clone()];
    paths.extend(write_fixture_layers(dir.path()));
    let mut h = harness_for(paths);

    let s = &h.state().state;
    assert_eq!(s.layers.len(), 3, "the three good layers loaded");
    let errors: Vec<&str> = s
        .messages
        .iter()
        .filter(|m| m.level == Level::Error)
        .map(|m| m.text.as_str())
        .collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].contains("损坏的图层.geojson"), "{errors:?}");
    assert!(errors[1].contains("不存在.shp"), "{errors:?}");
    // Each says in Chinese what sort of problem it is, before the detailed message.
    assert!(
        errors[0].starts_with("无法加载 损坏的图层.geojson：文件内容不符合其格式"),
        "{errors:?}"
    );
    assert!(
        errors[1].starts_with("无法加载 不存在.shp：文件无法打开或读取"),
        "{errors:?}"
    );
    // The message is in the window, in Chinese.
    assert_eq!(h.get_all_by_label_contains("无法加载").count(), 2);
    h.get_by_label_contains("损坏的图层.geojson");

    // The map still answers clicks.
    click_lonlat(
        &mut h,
        Coord {
            x: 115.55,
            y: 37.53,
        },
    );
    h.get_by_label("桃城区城镇生活重点管控单元");

    // Dismissing the message removes it; loading another broken file later adds a new one.
    h.state_mut().state.apply(Action::DismissMessage(0));
    h.run();
    assert_eq!(h.state().state.messages.len(), 1);
    h.state_mut().state.apply(Action::OpenPaths(vec![broken]));
    assert!(
        h.state_mut()
            .state
            .wait_until_idle(std::time::Duration::from_secs(30))
    );
    h.run();
    assert_eq!(h.state().state.messages.len(), 2);
    assert_eq!(h.state().state.layers.len(), 3);
}

#[test]
fn a_path_typed_into_the_layers_panel_loads() {
    let dir = tempfile::tempdir().unwrap();
    let files = write_fixture_layers(dir.path());
    let mut h = harness_for(vec![files[0].clone()]);
    assert_eq!(h.state().state.layers.len(), 1);
    // The add-layer path box (the toolbar's find box is a text field too).
    let field = h.get_by(|n| {
        n.role() == egui::accesskit::Role::TextInput
            && n.placeholder().is_some_and(|p| p.contains(".shp"))
    });
    field.focus();
    field.type_text(&files[2].display().to_string());
    h.run();
    h.get_by_label("打开").click();
    // A spinner turns while loading: step rather than run to rest.
    h.run_steps(2);
    assert!(
        h.state_mut()
            .state
            .wait_until_idle(std::time::Duration::from_secs(30))
    );
    h.run();
    let names: Vec<String> = h
        .state()
        .state
        .layers
        .iter()
        .map(|l| l.layer().name.clone())
        .collect();
    assert_eq!(names, ["units", "河流"]);
    assert!(h.get_all_by_label_contains("河流").count() >= 1);
}

/// A file as the windowing layer hands it over when dropped onto the window.
#[derive(Debug)]
struct DroppedPath(std::path::PathBuf);

impl egui::DroppedFile for DroppedPath {
    fn path(&self) -> &std::path::Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn files_dropped_onto_the_window_load() {
    let dir = tempfile::tempdir().unwrap();
    let files = write_fixture_layers(dir.path());
    let mut h = harness_for(vec![]);
    assert!(h.state().state.layers.is_empty());
    h.get_by_label("尚未加载图层。");
    for f in &files[1..] {
        h.input_mut()
            .dropped_files
            .push(std::sync::Arc::new(DroppedPath(f.clone())));
    }
    h.step();
    assert!(
        h.state_mut()
            .state
            .wait_for_loads(std::time::Duration::from_secs(30))
    );
    h.run_steps(2);
    let names: Vec<String> = h
        .state()
        .state
        .layers
        .iter()
        .map(|l| l.layer().name.clone())
        .collect();
    assert_eq!(names, ["水源地", "河流"]);
    // Loaded into an empty app, the view fits the new layers: the water zone is on screen.
    let s = &h.state().state;
    let canvas = s.canvas.unwrap();
    assert!(canvas.contains(s.view.to_screen(
        canvas,
        Coord {
            x: 115.665,
            y: 37.535
        }
    )));
}

#[test]
fn a_cancelled_load_delivers_nothing_more_and_the_app_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let files = write_fixture_layers(dir.path());
    let mut app = zonecheck::ui::ZoneCheckApp::new(vec![]);
    let s = &mut app.state;
    s.apply(Action::OpenPaths(vec![files[0].clone(); 50]));
    let job = s.loader_jobs()[0];
    s.apply(Action::CancelLoad(job));
    assert!(!s.is_loading());
    std::thread::sleep(std::time::Duration::from_millis(300));
    s.poll_loader();
    assert!(
        s.layers.is_empty(),
        "{} layers arrived after cancel",
        s.layers.len()
    );
    s.apply(Action::OpenPaths(vec![files[2].clone()]));
    assert!(s.wait_for_loads(std::time::Duration::from_secs(30)));
    assert_eq!(s.layers.len(), 1);
}
