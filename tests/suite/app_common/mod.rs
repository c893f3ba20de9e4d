//! Shared helpers for the app tests: tiny GeoJSON layers written to a temp folder (answers known
//! by construction), a harness around the real app, and a click at a lon/lat.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use geo::Coord;
use zonecheck::ui::ZoneCheckApp;

/// Long enough to show that requirement texts are given in full (over a DBF field's 254 bytes).
pub const LONG_REQUIREMENT: &str = "禁止新建、扩建化工、化学制药、电镀等项目；现有企业应逐步退出或转型升级。严格限制高耗水、高排放产业进入，\
新建项目须符合园区规划及规划环评要求，落实区域削减措施，确保滏阳河、滹沱河、潴龙河水质稳定达标。\
加强地下水超采区综合治理，禁止新增地下水取水井，逐步压减农业灌溉开采量。";

/// Two control units side by side (0.1° squares), a water-source zone over part of the second,
/// and a river line; all in lon/lat near Hengshui.
pub fn write_fixture_layers(dir: &Path) -> Vec<PathBuf> {
    let units = format!(
        r#"{{"type":"FeatureCollection","features":[
 {{"type":"Feature","properties":{{"HJGKDYBM":"ZH13110220001","HJGKDYMC":"桃城区城镇生活重点管控单元","GKDYLB":"重点管控单元",
   "KJBJYS":"{LONG_REQUIREMENT}","PWWPFGK":"严格执行大气污染物特别排放限值。","HJFXFK":"建立突发环境事件应急预案。","ZYKFXLYQ":"万元GDP水耗持续下降。"}},
  "geometry":{{"type":"Polygon","coordinates":[[[115.5,37.5],[115.6,37.5],[115.6,37.6],[115.5,37.6],[115.5,37.5]]]}}}},
 {{"type":"Feature","properties":{{"HJGKDYBM":"ZH13110210002","HJGKDYMC":"滏阳河生态优先保护单元","GKDYLB":"优先保护单元",
   "KJBJYS":"禁止开发建设活动。","PWWPFGK":"","HJFXFK":"","ZYKFXLYQ":""}},
  "geometry":{{"type":"Polygon","coordinates":[[[115.6,37.5],[115.7,37.5],[115.7,37.6],[115.6,37.6],[115.6,37.5]]]}}}}
]}}"#
    );
    let water = r#"{"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"水源地名称":"衡水市地下水饮用水水源地","功能类型":"一级保护区","管控措施":"禁止与供水无关的建设项目。"},
  "geometry":{"type":"Polygon","coordinates":[[[115.65,37.52],[115.68,37.52],[115.68,37.55],[115.65,37.55],[115.65,37.52]]]}}
]}"#;
    let river = r#"{"type":"FeatureCollection","features":[
 {"type":"Feature","properties":{"HLMC":"潴龙河"},
  "geometry":{"type":"LineString","coordinates":[[115.45,37.58],[115.75,37.58]]}}
]}"#;
    let files = [
        ("units.geojson", units.as_str()),
        ("水源地.geojson", water),
        ("河流.geojson", river),
    ];
    files
        .iter()
        .map(|(name, text)| {
            let p = dir.join(name);
            std::fs::write(&p, text).expect("temp dir is writable");
            p
        })
        .collect()
}

/// The real app in a 1280×800 harness, after its loads have finished.
pub fn harness_for(paths: Vec<PathBuf>) -> Harness<'static, ZoneCheckApp> {
    harness_with(paths, false)
}

/// How many frames `Harness::run` may take to settle. egui 0.37 asks for one more frame for
/// every widget it has not seen before (theme/mod.rs: "it will be styled correctly on next
/// frame"), so a frame that adds a message row plus its buttons takes 5–6 frames to settle, not
/// the harness's default 4; CI failed on exactly that. 16 still fails a UI that never settles.
pub const SETTLE_STEPS: u64 = 16;

/// The real app in a window of `width`×`height` points, after its loads have finished.
pub fn harness_sized(
    paths: Vec<PathBuf>,
    width: f32,
    height: f32,
) -> Harness<'static, ZoneCheckApp> {
    harness_of(paths, egui::vec2(width, height), false)
}

/// As `harness_for`; `tofu` lets characters no font has be drawn as boxes instead of failing
/// the test (for tests that show mis-decoded text on purpose).
pub fn harness_with(paths: Vec<PathBuf>, tofu: bool) -> Harness<'static, ZoneCheckApp> {
    harness_of(paths, egui::vec2(1280.0, 800.0), tofu)
}

/// The real app in a window of `size` points, once its loads and the layers' background
/// refinements have finished (so frame counts never race a refinement).
fn harness_of(paths: Vec<PathBuf>, size: egui::Vec2, tofu: bool) -> Harness<'static, ZoneCheckApp> {
    let mut app = ZoneCheckApp::new(paths);
    assert!(
        app.state.wait_until_idle(Duration::from_secs(60)),
        "loading took over a minute"
    );
    let mut builder = Harness::builder()
        .with_size(size)
        .with_max_steps(SETTLE_STEPS);
    if tofu {
        builder = builder.allow_missing_glyphs();
    }
    let mut h = builder.build_ui_state(|ui, app: &mut ZoneCheckApp| app.ui(ui), app);
    h.run();
    h
}

/// A primary click on the map at `lonlat`, through the real pointer events.
pub fn click_lonlat(h: &mut Harness<'static, ZoneCheckApp>, lonlat: Coord<f64>) {
    let canvas = h.state().state.canvas.expect("the map was drawn");
    let pos = h.state().state.view.to_screen(canvas, lonlat);
    assert!(canvas.contains(pos), "{lonlat:?} is off the map at {pos:?}");
    h.event(egui::Event::PointerMoved(pos));
    h.step();
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::default(),
        });
        h.step();
    }
    h.run();
}

/// Replaces the text of the box labelled `label` and presses Enter, as a user would.
pub fn type_into(h: &mut Harness<'static, ZoneCheckApp>, label: &str, text: &str) {
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, label)
        .click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, label)
        .type_text(text);
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
}

/// Opens every collapsed requirement level of the identify panel ("省级（4 条）"…),
/// as a reviewer clicks them open, so their texts are on screen.
pub fn expand_requirement_levels(h: &mut Harness<'static, ZoneCheckApp>) {
    for level in ["省级", "市级", "区县", "单元类别", "管控单元"] {
        let header = format!("{level}（");
        let headers = h.query_all_by_label_contains(&header).count();
        for i in 0..headers {
            if let Some(node) = h.query_all_by_label_contains(&header).nth(i) {
                node.click();
            }
            h.run();
        }
    }
}

/// A pointer drag from `from` to `to` (screen points) in small steps, as a hand would.
pub fn drag(
    h: &mut egui_kittest::Harness<'static, zonecheck::ui::ZoneCheckApp>,
    from: egui::Pos2,
    to: egui::Pos2,
    modifiers: egui::Modifiers,
) {
    h.event(egui::Event::ModifiersChanged(modifiers));
    let button = |pos, pressed| egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers,
    };
    h.event(egui::Event::PointerMoved(from));
    h.step();
    h.event(button(from, true));
    h.step();
    for k in 1..=10 {
        h.event(egui::Event::PointerMoved(
            from + (to - from) * (k as f32 / 10.0),
        ));
        h.step();
    }
    h.event(button(to, false));
    h.step();
    h.event(egui::Event::ModifiersChanged(egui::Modifiers::default()));
    h.run();
}
