//! The find box, legend toggles and the embedded sample, driven through the real app with
//! egui_kittest on the bundled Hengshui sample.
//!
//! Reference figures (computed independently of zonecheck):
//! - the point 115.5883399,37.6160449 lies in unit ZH13110310001 and in the reserve's 核心区
//!   (pyshp + pyproj + shapely, tests/fixtures/sample_reference/overlaps.py; also tests/suite/sample_cli.rs);
//! - in EPSG:4527 it is E 39375363.514, N 4165819.017 (pyproj `Transformer.from_crs(4490, 4527,
//!   always_xy=True)`);
//! - copied from Amap it would read 115.5941305,37.6165999 (GCJ-02), from Baidu 115.6006581,37.6225265
//!   (BD-09) — the published wgs84→gcj02 and gcj02→bd09 formulas, written out in Python;
//! - unit ZH13110310001 (fid 11, 冀州区衡水湖优先保护单元) spans 115.48370–115.68501°E,
//!   37.55224–37.67302°N (pyshp bbox in EPSG:4527 → pyproj to 4490);
//! - the sample's unit layer has 21 key-control units (category 重点管控单元; pyshp over the DBF).

use crate::app_common;

use app_common::harness_for;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use geo::Coord;
use zonecheck::model::LayerRole;
use zonecheck::ui::{Action, ZoneCheckApp};

const PROJECT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/sample_data/hengshui.zonecheck.toml"
);
const POINT: Coord<f64> = Coord {
    x: 115.5883399,
    y: 37.6160449,
};

fn sample() -> Harness<'static, ZoneCheckApp> {
    harness_for(vec![PROJECT.into()])
}

/// Types `text` into the find box and presses Enter.
fn find(h: &mut Harness<'static, ZoneCheckApp>, text: &str) {
    let field = h.get_by(|n| {
        n.role() == Role::TextInput
            && n.placeholder()
                .is_some_and(|p| p.contains("单元编码或名称"))
    });
    field.focus();
    field.type_text(text);
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
}

/// The unit codes and reserve zones at the identified point (zones listed as nearby, with a
/// distance, are left out).
fn identified(h: &Harness<'static, ZoneCheckApp>) -> (Vec<String>, Vec<String>) {
    let s = &h.state().state;
    let result = s.identify.as_ref().expect("something was identified");
    let mut codes = Vec::new();
    let mut zones = Vec::new();
    for (id, hits) in &result.layers {
        let layer = s.layer(*id).unwrap().layer();
        for hit in hits
            .iter()
            .filter(|h| h.distance_m.is_none_or(|d| d <= 0.0))
        {
            match layer.role.role {
                LayerRole::ControlUnits => codes.push(layer.unit_code(hit.fid).unwrap()),
                LayerRole::Reserve => zones.push(
                    layer
                        .text(hit.fid, layer.role.mapping.zone.as_deref())
                        .unwrap(),
                ),
                _ => {}
            }
        }
    }
    (codes, zones)
}

fn assert_near(a: Coord<f64>, b: Coord<f64>, tol_deg: f64) {
    assert!(
        (a.x - b.x).abs() < tol_deg && (a.y - b.y).abs() < tol_deg,
        "{a:?} vs {b:?}"
    );
}

#[test]
fn a_typed_lonlat_centres_marks_and_identifies() {
    let mut h = sample();
    find(&mut h, "115.5883399,37.6160449");
    let (codes, zones) = identified(&h);
    assert_eq!(codes, ["ZH13110310001"]);
    assert_eq!(zones, ["核心区"]);
    let s = &h.state().state;
    assert_near(s.identify.as_ref().unwrap().lonlat, POINT, 1e-9);
    assert_near(s.view.center_lonlat, POINT, 1e-9);
    // Zoomed in from the city view to a few kilometres across (at least 8,000 points per degree).
    assert!(s.view.px_per_deg >= 8_000.0);
    // The identify panel shows it.
    h.get_by_label("单元编码：ZH13110310001");
}

#[test]
fn dms_and_projected_xy_find_the_same_point() {
    let mut h = sample();
    // 115°35′18.02364″E 37°36′57.76164″N is the point in DMS (hand conversion of the decimals).
    find(&mut h, "37°36′57.76164″N 115°35′18.02364″E");
    assert_near(
        h.state().state.identify.as_ref().unwrap().lonlat,
        POINT,
        1e-8,
    );
    assert_eq!(identified(&h).0, ["ZH13110310001"]);

    let mut h = sample();
    // X is north; the data's CRS (EPSG:4527, zone 39 with prefix) is the default.
    find(&mut h, "X=4165819.017 Y=39375363.514");
    // 1 mm of rounding in X/Y is about 1e-8°.
    assert_near(
        h.state().state.identify.as_ref().unwrap().lonlat,
        POINT,
        1e-7,
    );
    assert_eq!(
        identified(&h),
        (vec!["ZH13110310001".into()], vec!["核心区".into()])
    );
}

#[test]
fn points_copied_from_amap_or_baidu_are_converted() {
    for (source, text) in [
        (
            zonecheck::crs::typed::CoordSource::Gcj02,
            "115.5941305,37.6165999",
        ),
        (
            zonecheck::crs::typed::CoordSource::Bd09,
            "115.6006581,37.6225265",
        ),
    ] {
        let mut h = sample();
        h.state_mut().state.find.source = source;
        find(&mut h, text);
        // Back within a metre (1e-5°) of the true point; the typed value is ~500 m off.
        let marker = h.state().state.identify.as_ref().unwrap().lonlat;
        assert_near(marker, POINT, 1e-5);
        assert_eq!(identified(&h).0, ["ZH13110310001"], "{source:?}");
    }
}

#[test]
fn a_unit_code_zooms_to_the_unit_and_identifies_it() {
    let mut h = sample();
    // Lower case: codes match ignoring case.
    find(&mut h, "zh13110310001");
    let s = &h.state().state;
    let c = s.view.center_lonlat;
    assert!(
        (115.48370..=115.68501).contains(&c.x) && (37.55224..=37.67302).contains(&c.y),
        "view centre {c:?} is outside the unit's box"
    );
    // Fitted to the unit: its 0.2°-wide box spans most of the canvas, not the whole city.
    let canvas = s.canvas.unwrap();
    let width_pt = (115.68501 - 115.48370) * s.view.px_per_deg * s.view.lon_factor;
    assert!(
        width_pt > 0.5 * f64::from(canvas.width())
            || (0.12078 * s.view.px_per_deg) > 0.5 * f64::from(canvas.height()),
        "unit is {width_pt} points wide on a {canvas:?} canvas"
    );
    assert!(identified(&h).0.contains(&"ZH13110310001".to_string()));
    assert_eq!(
        s.table.selected.map(|(_, fid)| fid),
        Some(11),
        "the unit's table row is selected"
    );
}

#[test]
fn part_of_a_name_lists_the_matches_to_pick_from() {
    let mut h = sample();
    find(&mut h, "衡水湖优先保护");
    let matches: Vec<String> = h
        .state()
        .state
        .find
        .matches
        .iter()
        .filter_map(|(_, m)| m.code.clone())
        .collect();
    // pyshp: the units whose HJGKDYMC contains 衡水湖优先保护 are ZH13110210001 and ZH13110310001.
    assert_eq!(matches, ["ZH13110210001", "ZH13110310001"]);
    h.get_by_label_contains("ZH13110310001 冀州区衡水湖优先保护单元")
        .click();
    h.run();
    assert!(identified(&h).0.contains(&"ZH13110310001".to_string()));

    let mut h = sample();
    find(&mut h, "没有这个单元");
    assert!(h.state().state.find.matches.is_empty());
    h.get_by_label("未找到");
}

#[test]
fn switching_off_a_legend_entry_hides_those_features() {
    let mut h = sample();
    let s = &h.state().state;
    let units = s
        .layers
        .iter()
        .find(|l| l.layer().role.role == LayerRole::ControlUnits)
        .unwrap();
    let id = units.id;
    let before = s.last_draw;
    // Only the unit layer drawn, to count its features alone.
    let others: Vec<_> = s
        .layers
        .iter()
        .filter(|l| l.id != id)
        .map(|l| l.id)
        .collect();
    for o in others {
        h.state_mut().state.apply(Action::SetVisible(o, false));
    }
    h.run();
    let all = h.state().state.last_draw.features_drawn;
    assert_eq!(
        all, 92,
        "all 92 units in view at full extent (before: {before:?})"
    );
    // The legend checkbox labelled 重点管控单元, clicked in the layers panel.
    h.get_by_role_and_label(Role::CheckBox, "重点管控单元")
        .click();
    h.run();
    assert_eq!(h.state().state.last_draw.features_drawn, 92 - 21);
    // And back on.
    h.get_by_role_and_label(Role::CheckBox, "重点管控单元")
        .click();
    h.run();
    assert_eq!(h.state().state.last_draw.features_drawn, 92);
}

#[test]
fn the_embedded_sample_unpacks_byte_for_byte_and_opens() {
    let dir = tempfile::tempdir().unwrap();
    let project = zonecheck::ui::sample::unpack_sample_into(dir.path()).unwrap();
    assert!(project.ends_with("hengshui.zonecheck.toml"));
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data");
    for (name, bytes) in zonecheck::ui::sample::SAMPLE_FILES {
        let on_disk = std::fs::read(root.join(name)).unwrap();
        assert_eq!(&on_disk[..], *bytes, "{name}");
        assert_eq!(
            std::fs::read(project.parent().unwrap().join(name)).unwrap(),
            on_disk
        );
    }
    // A second call finds the copy and leaves it alone.
    assert_eq!(
        zonecheck::ui::sample::unpack_sample_into(dir.path()).unwrap(),
        project
    );
    let h = harness_for(vec![project]);
    let s = &h.state().state;
    assert_eq!(s.layers.len(), 5);
    assert!(s.access.is_some(), "the requirement tables came along");
    assert!(
        s.messages
            .iter()
            .all(|m| m.level != zonecheck::ui::Level::Error),
        "{:?}",
        s.messages
    );
}
