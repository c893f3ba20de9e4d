//! The app opens layers, draws them, and a click on the map identifies the unit there — driven
//! through the real app state and pointer events with egui_kittest (which also fails on any
//! character the bundled font lacks).

use crate::app_common;

use app_common::{
    LONG_REQUIREMENT, click_lonlat, drag, expand_requirement_levels, harness_for,
    write_fixture_layers,
};
use egui_kittest::kittest::Queryable;
use geo::Coord;
use zonecheck::model::{LayerRole, UnitCategory};
use zonecheck::ui::style::{self, LegendLabel};
use zonecheck::ui::{Action, Lang};

#[test]
fn opens_layers_with_roles_and_draws_them() {
    let dir = tempfile::tempdir().unwrap();
    let h = harness_for(write_fixture_layers(dir.path()));
    let s = &h.state().state;
    let roles: Vec<LayerRole> = s.layers.iter().map(|l| l.layer().role.role).collect();
    assert_eq!(
        roles,
        [
            LayerRole::ControlUnits,
            LayerRole::WaterSource,
            LayerRole::River
        ]
    );
    assert!(
        s.messages
            .iter()
            .all(|m| m.level != zonecheck::ui::Level::Error),
        "{:?}",
        s.messages
    );
    // Two unit squares (2 triangles each) and the water zone (2): all in view after the fit.
    assert_eq!(s.last_draw.triangles, 6);
    // Units are coloured by category (the second unit is the priority one), with a legend.
    let units = &s.layers[0].ready.style;
    assert_eq!(units.fills, [style::KEY_ORANGE, style::PRIORITY_GREEN]);
    assert_eq!(
        units
            .legend
            .iter()
            .map(|(_, l)| l.clone())
            .collect::<Vec<_>>(),
        [
            LegendLabel::Category(Some(UnitCategory::Priority)),
            LegendLabel::Category(Some(UnitCategory::Key))
        ]
    );
    h.get_by_label("优先保护单元");
    // The panels keep their size frame after frame (no layout feedback widening them).
    let canvas = s.canvas.unwrap();
    let mut h = h;
    h.state_mut()
        .state
        .apply(zonecheck::ui::Action::SetLanguage(Lang::En));
    h.run_steps(30);
    // Within a pixel (the panels' float widths round differently per language), and still.
    let after = h.state().state.canvas.unwrap();
    assert!(
        (after.min - canvas.min).length() < 0.5 && (after.max - canvas.max).length() < 0.5,
        "{canvas:?} became {after:?}"
    );
    h.run_steps(5);
    assert_eq!(
        h.state().state.canvas,
        Some(after),
        "no drift frame to frame"
    );
    h.state_mut()
        .state
        .apply(zonecheck::ui::Action::SetLanguage(Lang::Zh));
    h.run_steps(2);
    // The layers panel lists them in Chinese.
    h.get_by_label("units");
    h.get_by_label_contains("环境管控单元 · 2 个要素");
    h.get_by_label_contains("饮用水水源保护区 · 1 个要素");
}

#[test]
fn a_click_identifies_the_unit_with_its_requirements_in_full() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_for(write_fixture_layers(dir.path()));
    // Inside the first square (115.5–115.6°E, 37.5–37.6°N), away from the river at 37.58°N.
    click_lonlat(
        &mut h,
        Coord {
            x: 115.55,
            y: 37.53,
        },
    );
    let result = h
        .state()
        .state
        .identify
        .clone()
        .expect("the click identified");
    assert_eq!(result.layers.len(), 1, "{result:?}");
    assert_eq!(
        result.layers[0]
            .1
            .iter()
            .map(|hit| hit.fid)
            .collect::<Vec<_>>(),
        [0]
    );
    assert!((result.lonlat.x - 115.55).abs() < 1e-4 && (result.lonlat.y - 37.53).abs() < 1e-4);
    h.get_by_label("桃城区城镇生活重点管控单元");
    h.get_by_label("单元编码：ZH13110220001");
    h.get_by_label("类别：重点管控单元");
    // The requirements are collapsed by level: open them as a reviewer does.
    assert!(
        h.query_by_label(LONG_REQUIREMENT).is_none(),
        "collapsed at first"
    );
    expand_requirement_levels(&mut h);
    h.get_by_label(LONG_REQUIREMENT);
    h.get_by_label("万元GDP水耗持续下降。");

    // Zoom to the unit: its square fills the canvas less a 40-point margin on the tighter side.
    h.get_by_label("缩放").click();
    h.run();
    let s = &h.state().state;
    let canvas = s.canvas.unwrap();
    let sw = s.view.to_screen(canvas, Coord { x: 115.5, y: 37.5 });
    let ne = s.view.to_screen(canvas, Coord { x: 115.6, y: 37.6 });
    assert!(
        canvas.shrink(39.0).contains(sw) && canvas.shrink(39.0).contains(ne),
        "{sw:?} {ne:?} in {canvas:?}"
    );
    let tight =
        ((sw.x - canvas.left() - 40.0).abs() < 1.0) || ((ne.y - canvas.top() - 40.0).abs() < 1.0);
    assert!(tight, "{sw:?} {ne:?} in {canvas:?}");
    h.state_mut().state.apply(Action::ZoomToExtent);
    h.run();

    // The second square holds the priority unit and, at this point, the grade-1 water zone.
    click_lonlat(
        &mut h,
        Coord {
            x: 115.66,
            y: 37.53,
        },
    );
    let result = h.state().state.identify.clone().unwrap();
    let names: Vec<String> = result
        .layers
        .iter()
        .map(|(id, _)| h.state().state.layer(*id).unwrap().layer().name.clone())
        .collect();
    assert_eq!(names, ["水源地", "units"], "top layer first");
    h.get_by_label("滏阳河生态优先保护单元");
    h.get_by_label("功能分区：一级保护区");
    h.get_by_label("禁止与供水无关的建设项目。");
}

#[test]
fn a_click_near_the_river_reports_it_with_a_distance() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_for(write_fixture_layers(dir.path()));
    let s = &h.state().state;
    // One screen point north of the river (at 37.58°N): within the click tolerance.
    let one_pt_deg = 1.0 / s.view.px_per_deg;
    click_lonlat(
        &mut h,
        Coord {
            x: 115.55,
            y: 37.58 + one_pt_deg,
        },
    );
    let s = &h.state().state;
    let result = s.identify.clone().unwrap();
    let (river_id, hits) = &result.layers[0];
    assert_eq!(
        s.layer(*river_id).unwrap().layer().role.role,
        LayerRole::River
    );
    // Distance is one point of latitude in metres: 111.0 km per degree at 37.58°N
    // (pyproj Geod on the CGCS2000 ellipsoid: 110,991 m/° at 37.74°N), within 1 %.
    let want_m = one_pt_deg * 110_990.0;
    let got_m = hits[0].distance_m.expect("a line hit carries its distance");
    assert!(
        (got_m - want_m).abs() < want_m * 0.01,
        "{got_m} vs {want_m}"
    );
    h.get_by_label("潴龙河");
}

#[test]
fn a_click_outside_everything_says_so_and_english_switches() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_for(write_fixture_layers(dir.path()));
    click_lonlat(
        &mut h,
        Coord {
            x: 115.505,
            y: 37.595,
        },
    );
    assert_eq!(h.state().state.identify.as_ref().unwrap().layers.len(), 1);
    h.state_mut().state.apply(Action::SetLanguage(Lang::En));
    h.run();
    h.get_by_label("Code: ZH13110220001");
    h.get_by_label("Category: Key control");
    // Off every feature (west of all squares, south of the river; clear of the panel edge).
    let canvas = h.state().state.canvas.unwrap();
    let west = h
        .state()
        .state
        .view
        .to_lonlat(canvas, canvas.left_center() + egui::vec2(30.0, 0.0));
    click_lonlat(
        &mut h,
        Coord {
            x: west.x,
            y: 37.51,
        },
    );
    let r = h.state().state.identify.clone().unwrap();
    assert!(r.layers.is_empty(), "{r:?} canvas {canvas:?} west {west:?}");
    h.get_by_label("No feature of any layer at this point.");
    // Beside the fixture's units, not in one: said first, not left to be inferred.
    h.get_by_label("！The point is in no environmental control unit");
    // Far outside everything loaded (a point typed in the find box): said so, not just
    // "nothing here".
    h.state_mut()
        .state
        .apply(Action::Identify(Coord { x: 100.0, y: 30.0 }));
    h.run();
    h.get_by_label_contains("outside the loaded data");
}

#[test]
fn drag_pans_and_shift_drag_zooms_to_a_box() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_for(write_fixture_layers(dir.path()));
    let canvas = h.state().state.canvas.unwrap();
    let p = Coord {
        x: 115.55,
        y: 37.55,
    };
    let before = h.state().state.view.to_screen(canvas, p);
    drag(
        &mut h,
        canvas.center(),
        canvas.center() + egui::vec2(40.0, -25.0),
        egui::Modifiers::default(),
    );
    let after = h.state().state.view.to_screen(canvas, p);
    assert!(
        ((after - before) - egui::vec2(40.0, -25.0)).length() < 1.0,
        "{before:?} -> {after:?}"
    );
    assert!(h.state().state.identify.is_none(), "a drag is not a click");

    // Shift-drag a box around the first unit square: afterwards the square fills the canvas's
    // height or width exactly (the box is fitted with no margin).
    let sw = h
        .state()
        .state
        .view
        .to_screen(canvas, Coord { x: 115.5, y: 37.5 });
    let ne = h
        .state()
        .state
        .view
        .to_screen(canvas, Coord { x: 115.6, y: 37.6 });
    drag(
        &mut h,
        egui::pos2(sw.x, ne.y),
        egui::pos2(ne.x, sw.y),
        egui::Modifiers::SHIFT,
    );
    let s = &h.state().state;
    let sw2 = s.view.to_screen(canvas, Coord { x: 115.5, y: 37.5 });
    let ne2 = s.view.to_screen(canvas, Coord { x: 115.6, y: 37.6 });
    let fills_w = (ne2.x - sw2.x - canvas.width()).abs() < 1.5;
    let fills_h = (sw2.y - ne2.y - canvas.height()).abs() < 1.5;
    assert!(fills_w || fills_h, "{sw2:?} {ne2:?} in {canvas:?}");
    assert!(s.map_drag.zoom_box_start.is_none());
}
