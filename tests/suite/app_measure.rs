//! The measure tool of the app on the bundled Hengshui sample, driven through the real widgets
//! with egui_kittest: the toolbar toggle, three clicks on the map, the distance and area figures
//! read from the state and found on screen, no identify while measuring, Backspace and Esc.
//!
//! Expected figures: `python3 tests/fixtures/query/measure_tool.py`, case "APP" — pyproj
//! Geod(ellps='GRS80') of the three points (115.455, 37.485), (115.485, 37.490), (115.470, 37.505):
//!   path segments 2,710.618 m and 2,128.610 m, total 4,839.228239 m
//!   triangle area 2,576,470.698 m² (257.6471 公顷, 3864.71 亩), perimeter 7,425.106 m

use crate::app_common;

use app_common::{click_lonlat, harness_for};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use geo::Coord;
use zonecheck::ui::ZoneCheckApp;
use zonecheck::ui::find_sample_project;
use zonecheck::ui::measure::MeasureMode;

const POINTS: [(f64, f64); 3] = [(115.455, 37.485), (115.485, 37.490), (115.470, 37.505)];
const TOTAL_M: f64 = 4_839.228_239_161_097;
const AREA_M2: f64 = 2_576_470.698_420_524_6;
const PERIMETER_M: f64 = 7_425.105_931_395_785;

fn sample_zoomed_in() -> Harness<'static, ZoneCheckApp> {
    let project = find_sample_project().expect("sample project in the repo");
    let mut h = harness_for(vec![project]);
    {
        let s = &mut h.state_mut().state;
        let canvas = s.canvas.expect("the map was drawn");
        let area = geo::Rect::new(
            Coord {
                x: 115.45,
                y: 37.48,
            },
            Coord {
                x: 115.49,
                y: 37.51,
            },
        );
        s.view.fit(canvas, area, 20.0);
    }
    h.run();
    h
}

fn click_points(h: &mut Harness<'static, ZoneCheckApp>) {
    for (x, y) in POINTS {
        click_lonlat(h, Coord { x, y });
    }
}

#[test]
fn measuring_a_path_then_its_area_matches_pyproj() {
    let mut h = sample_zoomed_in();
    h.get_by_label("测量").click();
    h.run();
    let m = &h.state().state.measure;
    assert!(m.active && m.mode == MeasureMode::Distance);

    click_points(&mut h);
    let s = &h.state().state;
    assert_eq!(s.measure.vertices.len(), 3);
    assert_eq!(s.identify, None, "clicks while measuring do not identify");
    let path = s.measure.path();
    assert_eq!(path.segments_m.len(), 2);
    assert!(
        (path.total_m - TOTAL_M).abs() < 1e-3,
        "total {} m vs pyproj {TOTAL_M} m",
        path.total_m
    );
    assert!((path.segments_m[0] - 2_710.618_185_604_944_3).abs() < 1e-3);
    // On screen: the panel's total and per-segment lines, and the lengths on the map.
    h.get_by_label("总长  4.839 km");
    h.get_by_label("段 1  2.711 km");
    h.get_by_label("段 2  2.129 km");

    // Enter finishes; the result stays, and Backspace no longer removes points.
    h.key_press(egui::Key::Enter);
    h.run();
    h.key_press(egui::Key::Backspace);
    h.run();
    let m = &h.state().state.measure;
    assert!(m.finished && m.vertices.len() == 3);
    h.get_by_label("总长  4.839 km");

    // The same three points as an area.
    h.get_by_label("面积").click();
    h.run();
    let m = &h.state().state.measure;
    assert_eq!(m.mode, MeasureMode::Area);
    let a = m.area().expect("a triangle is an area");
    assert!(
        (a.area_m2 / AREA_M2 - 1.0).abs() < 1e-6,
        "area {} m² vs pyproj {AREA_M2} m²",
        a.area_m2
    );
    assert!((a.perimeter_m - PERIMETER_M).abs() < 1e-3);
    // Over 1 km² the area reads in km² first: 2,576,470 m² = 2.576 km² = 257.65 公顷 = 3864.7 亩.
    h.get_by_label_contains("2.576 km²");
    h.get_by_label_contains("257.65 公顷");
    h.get_by_label_contains("3864.7 亩");
    h.get_by_label("周长  7.425 km");

    // Esc leaves the tool and clears; a click identifies again.
    h.key_press(egui::Key::Escape);
    h.run();
    let m = &h.state().state.measure;
    assert!(!m.active && m.vertices.is_empty());
    assert!(h.query_by_label("周长  7.425 km").is_none());
    click_lonlat(
        &mut h,
        Coord {
            x: 115.47,
            y: 37.495,
        },
    );
    assert!(h.state().state.identify.is_some());
}

#[test]
fn backspace_removes_the_last_point_and_a_crossing_outline_is_not_an_area() {
    let mut h = sample_zoomed_in();
    h.get_by_label("测量").click();
    h.run();
    h.get_by_label("面积").click();
    h.run();
    click_points(&mut h);
    h.key_press(egui::Key::Backspace);
    h.run();
    assert_eq!(h.state().state.measure.vertices.len(), 2);
    h.get_by_label("面积至少需要 3 个不同的点。");
    // A bow tie: (115.455, 37.485) → (115.485, 37.490) → (115.455, 37.500) → (115.485, 37.500).
    for (x, y) in [(115.455, 37.500), (115.485, 37.500)] {
        click_lonlat(&mut h, Coord { x, y });
    }
    assert_eq!(h.state().state.measure.vertices.len(), 4);
    h.get_by_label("边线自相交，不构成有效的面。");
    // The clear button forgets the points but keeps measuring.
    h.get_by_label("清除").click();
    h.run();
    let m = &h.state().state.measure;
    assert!(m.active && m.vertices.is_empty());
}

#[test]
fn measuring_and_site_drawing_end_each_other() {
    let mut h = sample_zoomed_in();
    h.get_by_label("测量").click();
    h.run();
    click_lonlat(
        &mut h,
        Coord {
            x: POINTS[0].0,
            y: POINTS[0].1,
        },
    );
    h.get_by_label("项目选址").click();
    h.run();
    h.get_by_label("在地图上绘制用地").click();
    h.run();
    let s = &h.state().state;
    assert!(s.site.draw.active);
    assert!(!s.measure.active && s.measure.vertices.is_empty());
    h.get_by_label("测量").click();
    h.run();
    let s = &h.state().state;
    assert!(s.measure.active && !s.site.draw.active);
}

#[test]
fn a_double_click_adds_the_last_point_once_and_finishes() {
    let mut h = sample_zoomed_in();
    h.get_by_label("测量").click();
    h.run();
    click_lonlat(
        &mut h,
        Coord {
            x: POINTS[0].0,
            y: POINTS[0].1,
        },
    );
    let canvas = h.state().state.canvas.expect("the map was drawn");
    let pos = h.state().state.view.to_screen(
        canvas,
        Coord {
            x: POINTS[1].0,
            y: POINTS[1].1,
        },
    );
    h.event(egui::Event::PointerMoved(pos));
    h.step();
    // The harness steps a quarter second per frame, too slow for a double-click: the presses
    // and releases come 50 ms apart, as a user's do.
    for pressed in [true, false, true, false] {
        let t = h.ctx.input(|i| i.time) + 0.05;
        h.input_mut().time = Some(t);
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::default(),
        });
        h.step();
    }
    h.run();
    let m = &h.state().state.measure;
    assert!(m.finished, "double-click finishes: {m:?}");
    assert_eq!(m.vertices.len(), 2, "the double-click adds its point once");
    // pyproj: the first segment of case "APP".
    assert!((m.path().total_m - 2_710.618_185_604_944_3).abs() < 1e-3);
    h.get_by_label("总长  2.711 km");
    // The next click starts a new measurement.
    click_lonlat(
        &mut h,
        Coord {
            x: POINTS[2].0,
            y: POINTS[2].1,
        },
    );
    let m = &h.state().state.measure;
    assert!(!m.finished && m.vertices.len() == 1);
}

#[test]
fn keys_typed_in_the_find_box_leave_the_measurement_alone() {
    let mut h = sample_zoomed_in();
    h.get_by_label("测量").click();
    h.run();
    click_points(&mut h);
    let field = h.get_by(|n| {
        n.role() == egui::accesskit::Role::TextInput
            && n.placeholder()
                .is_some_and(|p| p.contains("单元编码或名称"))
    });
    field.focus();
    field.type_text("ab");
    h.run();
    h.key_press(egui::Key::Backspace);
    h.run();
    h.key_press(egui::Key::Escape);
    h.run();
    let m = &h.state().state.measure;
    assert!(m.active && !m.finished, "{m:?}");
    assert_eq!(m.vertices.len(), 3);
    assert_eq!(
        h.state().state.find.text,
        "a",
        "the Backspace went to the find box"
    );
}
