//! The site panel of the app on the bundled Hengshui sample, driven through the real app state and
//! widgets with egui_kittest: importing sample sites A and B, drawing a site by clicks on the map,
//! and exporting the report, the table and the overlap pieces.
//!
//! Expected figures are independent of zonecheck (pyshp + pyproj + shapely, pyproj Geod on GRS80):
//! - sites A and B: tests/fixtures/sample_reference/overlaps.py
//!   A: ZH13110320002 337,450.933 m² share 0.482290; ZH13110330005 362,233.554 m² share 0.517710
//!   B: reserve 实验区 67,146 m²
//! - the drawn rectangle (115.46–115.48°E, 37.488–37.502°N): drawn_site.py there
//!   site 2,748,122.723 m²; ZH13110320002 1,476,529.455 m² (0.537287);
//!   ZH13110330005 1,271,570.297 m² (0.462705)

use crate::app_common;

use std::path::PathBuf;
use std::time::Duration;

use app_common::{click_lonlat, drag, harness_for};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use geo::Coord;
use zonecheck::model::LayerRole;
use zonecheck::ui::ZoneCheckApp;
use zonecheck::ui::find_sample_project;
use zonecheck::ui::site::{self, rows};

fn sample() -> Harness<'static, ZoneCheckApp> {
    let project = find_sample_project().expect("sample project in the repo");
    let mut h = harness_for(vec![project]);
    h.get_by_label("项目选址").click();
    h.run();
    assert!(h.state().state.site.panel_open);
    h
}

fn site_file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("sample_data/sites")
        .join(name)
}

/// Waits for the analysis (a worker thread), then lets the panel redraw.
fn settle(h: &mut Harness<'static, ZoneCheckApp>) {
    assert!(
        site::wait_for_site(&mut h.state_mut().state, Duration::from_secs(60)),
        "site analysis took over a minute"
    );
    // The panel grows and its scroll area animates for a few frames.
    h.run_steps(10);
}

fn import_by_path_box(h: &mut Harness<'static, ZoneCheckApp>, path: &std::path::Path) {
    // The path box is one of several text inputs (layers, find, site): fill it through the state.
    h.state_mut().state.site.path_input = path.display().to_string();
    h.run();
    h.get_by_label("导入").click();
    h.step();
    settle(h);
}

/// (code, area m², share) of the control-unit rows.
fn unit_rows(h: &Harness<'static, ZoneCheckApp>) -> Vec<(String, f64, f64)> {
    let s = &h.state().state;
    let r = s.site.result.as_ref().expect("analysed");
    rows::overlap_rows(s, r)
        .into_iter()
        .filter(|o| o.role == LayerRole::ControlUnits)
        .map(|o| (o.code, o.area_m2, o.share))
        .collect()
}

fn assert_rows(got: &[(String, f64, f64)], want: &[(&str, f64, f64)], rel_tol: f64) {
    let mut got = got.to_vec();
    got.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(got.len(), want.len(), "{got:?}");
    for ((code, a, s), (wcode, wa, ws)) in got.iter().zip(want) {
        assert_eq!(code, wcode);
        assert!((a / wa - 1.0).abs() < rel_tol, "{code}: {a} m² vs {wa}");
        assert!((s - ws).abs() < rel_tol, "{code}: share {s} vs {ws}");
    }
}

#[test]
fn importing_site_a_lists_its_two_units() {
    let mut h = sample();
    import_by_path_box(&mut h, &site_file("示例项目A_化工园区扩建.geojson"));
    assert_eq!(h.state().state.site.error, None);
    assert_rows(
        &unit_rows(&h),
        &[
            ("ZH13110320002", 337_450.933, 0.482290),
            ("ZH13110330005", 362_233.554, 0.517710),
        ],
        1e-5,
    );
    // The table is on screen, with the area in m², 公顷 and 亩 and no protected-area warning.
    h.get_by_label("ZH13110320002");
    h.get_by_label("ZH13110330005");
    h.get_by_label_contains("公顷");
    assert!(h.query_by_label_contains("警告").is_none());
    // The site and its 1 km ring are drawn: the ring is the site grown by the radius.
    let r = h.state().state.site.result.as_ref().unwrap();
    assert_eq!(r.radius_m, 1000.0);
    assert!(r.ring_lonlat.as_ref().is_some_and(|m| !m.0.is_empty()));
}

/// A file dropped on the window (egui leaves the handle type to the integration).
#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn site_b_from_exchange_text_warns_of_the_reserve() {
    let mut h = sample();
    // Dropping an exchange text on the window makes it the site.
    h.state_mut()
        .state
        .apply(zonecheck::ui::Action::Site(site::SiteAction::ShowPanel(
            false,
        )));
    h.run();
    h.event(egui::Event::PointerMoved(egui::pos2(640.0, 400.0)));
    h.input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(site_file(
            "示例项目B_界址点.txt",
        ))));
    h.step();
    settle(&mut h);
    let s = &h.state().state;
    assert!(
        s.site.panel_open,
        "a dropped exchange text opens the site panel"
    );
    assert_eq!(s.site.error, None);
    let r = s.site.result.as_ref().expect("site B analysed");
    let reserve: Vec<rows::OverlapRow> = rows::overlap_rows(s, r)
        .into_iter()
        .filter(|o| o.role == LayerRole::Reserve)
        .collect();
    assert_eq!(reserve.len(), 1, "{reserve:?}");
    assert!(
        (reserve[0].area_m2 / 67_146.0 - 1.0).abs() < 1e-4,
        "{}",
        reserve[0].area_m2
    );
    // The verdict on top: site B overlaps the 衡水湖 redline (不符合, whatever else is missing).
    h.get_by_label_contains("结论：不符合");
    // The verdict's reason and the sensitive-area line name the zone and the overlap
    // (67,146 m² = 6.7146 公顷).
    assert!(
        h.query_all_by_label_contains("（实验区）范围内，重叠面积 6.7146 公顷")
            .count()
            >= 1
    );
}

#[test]
fn drawing_a_site_by_clicks_yields_the_reference_overlaps() {
    let mut h = sample();
    h.get_by_label("在地图上绘制用地").click();
    h.run();
    assert!(h.state().state.site.draw.active);
    // Show the drawing area large, as a user would zoom in before drawing.
    {
        let s = &mut h.state_mut().state;
        let canvas = s.canvas.unwrap();
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
    let corners = [
        Coord {
            x: 115.460,
            y: 37.488,
        },
        Coord {
            x: 115.480,
            y: 37.488,
        },
        Coord {
            x: 115.480,
            y: 37.502,
        },
        Coord {
            x: 115.460,
            y: 37.502,
        },
    ];
    // A stray vertex, then removed with a right-click, then undo/redo of that removal.
    for c in corners {
        click_lonlat(&mut h, c);
    }
    let stray = Coord {
        x: 115.470,
        y: 37.495,
    };
    click_lonlat(&mut h, stray);
    assert_eq!(h.state().state.site.draw.vertices.len(), 5);
    let canvas = h.state().state.canvas.unwrap();
    let pos = h.state().state.view.to_screen(canvas, stray);
    for pressed in [true, false] {
        h.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Secondary,
            pressed,
            modifiers: egui::Modifiers::default(),
        });
        h.step();
    }
    h.run();
    assert_eq!(
        h.state().state.site.draw.vertices.len(),
        4,
        "right-click removes"
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(
        h.state().state.site.draw.vertices.len(),
        5,
        "Ctrl+Z restores"
    );
    h.key_press(egui::Key::Delete);
    h.run();
    let drawn = h.state().state.site.draw.vertices.clone();
    assert_eq!(
        drawn.len(),
        4,
        "Delete removes the vertex under the pointer"
    );
    // Dragging a vertex moves it and not the map; one Ctrl+Z puts the whole drag back.
    let view_before = h.state().state.view;
    let from = h.state().state.view.to_screen(canvas, corners[1]);
    let target = Coord {
        x: 115.485,
        y: 37.493,
    };
    let to = h.state().state.view.to_screen(canvas, target);
    drag(&mut h, from, to, egui::Modifiers::default());
    let s = &h.state().state;
    assert_eq!(s.view, view_before, "a vertex drag does not pan");
    assert!(s.site.draw.dragging.is_none(), "released");
    let moved = s.site.draw.vertices[1];
    // Within a screen point of the target (the drag ends on a rounded pointer position).
    assert!(
        (moved.x - target.x).abs() < 1e-4 && (moved.y - target.y).abs() < 1e-4,
        "{moved:?}"
    );
    assert_eq!(s.site.draw.vertices.len(), 4);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(
        h.state().state.site.draw.vertices,
        drawn,
        "one undo per drag"
    );
    // The clicks land where intended (screen ↔ lon/lat round trip), well under a millimetre.
    for (d, c) in drawn.iter().zip(corners) {
        assert!(
            (d.x - c.x).abs() < 1e-8 && (d.y - c.y).abs() < 1e-8,
            "{d:?}"
        );
    }
    h.key_press(egui::Key::Enter);
    // One frame to close the outline; the analysis then runs on a worker and repaints when it
    // ends, which `run` may count as not settling on a busy machine: `settle` waits for it.
    h.step();
    settle(&mut h);
    let s = &h.state().state;
    assert!(!s.site.draw.active);
    let r = s.site.result.as_ref().expect("drawn site analysed");
    assert!((r.report.analysis.site_area_m2 / 2_748_122.723 - 1.0).abs() < 1e-6);
    assert_rows(
        &unit_rows(&h),
        &[
            ("ZH13110320002", 1_476_529.455, 0.537287),
            ("ZH13110330005", 1_271_570.297, 0.462705),
        ],
        1e-5,
    );
}

#[test]
fn exports_the_report_the_table_and_the_pieces() {
    let mut h = sample();
    import_by_path_box(&mut h, &site_file("示例项目A_化工园区扩建.geojson"));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("项目A.docx");
    h.state_mut().state.site.export_path = out.display().to_string();
    // Site A lies in 冀州区, whose access list bans new chemical projects (sample list, 区县 level).
    h.state_mut().state.site.report_name = "示例化工园区扩建项目".into();
    h.state_mut().state.site.report_industry = "C2614".into();
    h.run();
    for button in ["导出报告", "重叠表 CSV", "重叠图斑 GeoJSON"] {
        // Below the verdict and the findings: scrolled to, as a user does.
        h.get_by_label(button).scroll_to_me();
        h.run();
        h.get_by_label(button).click();
        h.step(); // the spinner keeps repainting while the worker runs
        settle(&mut h);
        let status = h.state().state.site.export_status.clone();
        assert!(matches!(status, Some(Ok(_))), "{button}: {status:?}");
    }
    // The .docx is a zip whose document names the units.
    let file = std::fs::File::open(&out).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert!(xml.contains("ZH13110320002") && xml.contains("ZH13110330005"));
    assert!(xml.contains("示例化工园区扩建项目") && xml.contains("C2614"));
    // Without an industry code the report has no such finding (checked with the CLI).
    assert!(
        xml.contains("属禁止准入类"),
        "the chemical ban must make C2614 prohibited"
    );
    let csv = std::fs::read_to_string(out.with_extension("csv")).unwrap();
    let line = csv
        .lines()
        .find(|l| l.contains("ZH13110320002"))
        .expect("unit row");
    assert!(
        line.contains("337450.933") && line.contains("0.482290"),
        "{line}"
    );
    let gj: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.with_extension("geojson")).unwrap())
            .unwrap();
    let codes: Vec<&str> = gj["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["properties"]["code"].as_str())
        .collect();
    assert!(codes.contains(&"ZH13110320002") && codes.contains(&"ZH13110330005"));
}

#[test]
fn a_site_drawing_without_zone_numbers_gets_its_zone_from_a_click_and_is_read() {
    // 示例项目B_无带号.dxf: Gauss-Kruger metres of 3° zone 39 (CM 117°E) without the zone prefix.
    // Its area, 290,113.238 m², is pyproj's for the same boundary (tests/fixtures/dxf/expected.json).
    let dxf =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dxf/示例项目B_无带号.dxf");
    let project = find_sample_project().expect("sample project");
    let mut state = zonecheck::ui::AppState::default();
    state.apply(zonecheck::ui::Action::OpenPaths(vec![project]));
    assert!(state.wait_for_loads(Duration::from_secs(60)));
    state.apply(zonecheck::ui::Action::Site(site::SiteAction::ImportPath(
        dxf.clone(),
    )));
    assert!(site::wait_for_site(&mut state, Duration::from_secs(60)));
    assert!(state.site.result.is_none());
    let c = state
        .site
        .crs_needed
        .as_ref()
        .expect("the panel asks for the CRS");
    assert_eq!(c.path, dxf);
    assert!(
        state.site.crs_reason.contains("zone number"),
        "{}",
        state.site.crs_reason
    );
    assert_eq!(
        state.site.error, None,
        "said by the picker, not as a raw error"
    );
    // The zone from a place: a click anywhere in Hengshui (115.67°E lies in 3° zone 39).
    state.apply(zonecheck::ui::Action::PickCrsZone(Some(dxf.clone())));
    state.apply(zonecheck::ui::Action::Identify(Coord {
        x: 115.67,
        y: 37.74,
    }));
    let c = state.site.crs_needed.as_ref().unwrap();
    assert_eq!(
        c.crs_text, "EPSG:4548",
        "CGCS2000 3° zone 39 without prefix"
    );
    state.apply(zonecheck::ui::Action::Site(site::SiteAction::ImportWithCrs));
    assert!(site::wait_for_site(&mut state, Duration::from_secs(60)));
    assert!(state.site.crs_needed.is_none());
    let r = state
        .site
        .result
        .as_ref()
        .expect("read with the CRS picked");
    let area = r.report.analysis.site_area_m2;
    assert!((area - 290_113.237_6).abs() < 0.1, "{area}");
}
