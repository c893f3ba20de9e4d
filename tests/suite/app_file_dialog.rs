//! The file dialogs of the app, driven through the real app with egui_kittest, with the backend
//! forced to the in-app browser (what a Linux desktop without xdg-desktop-portal gets): 浏览… in
//! the layers panel opens a Chinese-named copy of a sample layer; in the site panel it imports a
//! site file, and an export with no typed path asks where to save and writes there.
//!
//! Expected figures, independent of zonecheck:
//! - the redline layer: 4 features, the first named 衡水湖生物多样性维护生态保护红线 (pyshp 2.x reading
//!   sample_data/衡水市生态保护红线.shp with encoding="gbk");
//! - site A's overlaps: ZH13110320002 337,450.933 m² (share 0.482290), ZH13110330005
//!   362,233.554 m² (0.517710), from tests/fixtures/sample_reference/overlaps.py (pyshp + pyproj +
//!   shapely), as in tests/suite/app_site.rs.

use crate::app_common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use app_common::{harness_for, type_into};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use zonecheck::ui::file_dialog::Backend;
use zonecheck::ui::{ZoneCheckApp, find_sample_project, site};

fn sample_file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("sample_data")
        .join(name)
}

/// Copies the sample redline shapefile into `dir` as `stem`.* and gives the .shp.
fn copy_redline(dir: &Path, stem: &str) -> PathBuf {
    for ext in ["shp", "shx", "dbf", "prj", "cpg"] {
        std::fs::copy(
            sample_file(&format!("衡水市生态保护红线.{ext}")),
            dir.join(format!("{stem}.{ext}")),
        )
        .unwrap();
    }
    dir.join(format!("{stem}.shp"))
}

fn browser_folder(h: &Harness<'static, ZoneCheckApp>) -> PathBuf {
    let b = h
        .state()
        .state
        .dialogs
        .browser()
        .expect("the in-app browser is open");
    b.folder().to_path_buf()
}

fn listed(h: &Harness<'static, ZoneCheckApp>) -> Vec<String> {
    let b = h
        .state()
        .state
        .dialogs
        .browser()
        .expect("the in-app browser is open");
    b.labels().into_iter().map(String::from).collect()
}

/// Two clicks within one frame: the harness runs a frame per queued event and steps the clock
/// 0.25 s each, past egui's 0.3 s double-click limit, so the events go in one input instead.
fn double_click(h: &mut Harness<'static, ZoneCheckApp>, label: &str) {
    let pos = h.get_by_label(label).rect().center();
    let events = &mut h.input_mut().events;
    events.push(egui::Event::PointerMoved(pos));
    for pressed in [true, false, true, false] {
        events.push(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: egui::Modifiers::default(),
        });
    }
    h.step();
    // A new folder's list re-lays the window out for a few frames.
    h.run_steps(8);
}

#[test]
fn browse_opens_a_chinese_named_layer_in_the_in_app_browser() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("衡水数据");
    std::fs::create_dir(&data).unwrap();
    copy_redline(&data, "生态保护红线副本");
    // Neither a report nor the shapefile's side files are layers to offer.
    std::fs::write(data.join("说明.docx"), b"not a layer").unwrap();

    let mut h = harness_for(vec![]);
    h.state_mut().state.dialogs.backend = Backend::InApp;
    h.get_by_label("浏览…").click();
    h.run();
    h.get_by_label("打开图层或项目");

    // Cancel closes it with nothing opened.
    h.get_by_label("取消").click();
    h.run();
    assert!(h.state().state.dialogs.browser().is_none());
    assert!(!h.state().state.is_loading());

    h.get_by_label("浏览…").click();
    h.run();
    type_into(&mut h, "位置", &tmp.path().display().to_string());
    assert_eq!(browser_folder(&h), tmp.path());
    assert_eq!(listed(&h), ["衡水数据"]);
    double_click(&mut h, "衡水数据/");
    assert_eq!(browser_folder(&h), data);
    assert_eq!(listed(&h), ["生态保护红线副本.shp"]);
    // Up and back in.
    h.get_by_label("上一级").click();
    h.run();
    assert_eq!(browser_folder(&h), tmp.path());
    double_click(&mut h, "衡水数据/");
    // "Show all files" lists the side files and the report too.
    h.get_by_label("显示所有文件").click();
    h.run();
    assert_eq!(listed(&h).len(), 6, "{:?}", listed(&h));
    h.get_by_label("显示所有文件").click();
    h.run();

    double_click(&mut h, "生态保护红线副本.shp");
    assert!(
        h.state().state.dialogs.browser().is_none(),
        "choosing closes it"
    );
    assert!(h.state_mut().state.wait_until_idle(Duration::from_secs(60)));
    h.run();
    let s = &h.state().state;
    assert!(s.messages.is_empty(), "{:?}", s.messages);
    assert_eq!(s.layers.len(), 1);
    let layer = s.layers[0].layer();
    assert_eq!(layer.name, "生态保护红线副本");
    assert_eq!(layer.path, data.join("生态保护红线副本.shp"));
    assert_eq!(layer.features.len(), 4);
    assert_eq!(
        layer.text(0, Some("HXMC")).as_deref(),
        Some("衡水湖生物多样性维护生态保护红线")
    );
    h.get_by_label("生态保护红线副本");
}

/// (code, area m², share) of the control-unit rows of the site result.
fn unit_rows(h: &Harness<'static, ZoneCheckApp>) -> Vec<(String, f64, f64)> {
    let s = &h.state().state;
    let r = s.site.result.as_ref().expect("analysed");
    let mut rows: Vec<_> = site::rows::overlap_rows(s, r)
        .into_iter()
        .filter(|o| o.role == zonecheck::model::LayerRole::ControlUnits)
        .map(|o| (o.code, o.area_m2, o.share))
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    rows
}

fn settle(h: &mut Harness<'static, ZoneCheckApp>) {
    assert!(site::wait_for_site(
        &mut h.state_mut().state,
        Duration::from_secs(60)
    ));
    h.run_steps(10);
}

#[test]
fn site_import_and_save_as_export_through_the_in_app_browser() {
    let tmp = tempfile::tempdir().unwrap();
    let site_copy = tmp.path().join("化工园区扩建用地.geojson");
    std::fs::copy(
        sample_file("sites/示例项目A_化工园区扩建.geojson"),
        &site_copy,
    )
    .unwrap();

    let project = find_sample_project().expect("sample project in the repo");
    let mut h = harness_for(vec![project]);
    h.state_mut().state.dialogs.backend = Backend::InApp;
    h.get_by_label("项目选址").click();
    h.run();

    // Two 浏览… buttons now: the layers panel's (left) and the site panel's (right).
    let right = h
        .get_all_by_label("浏览…")
        .max_by(|a, b| a.rect().min.x.total_cmp(&b.rect().min.x))
        .unwrap();
    right.click();
    h.run();
    // The window's title, beside the panel's heading of the same words.
    assert_eq!(h.get_all_by_label("导入用地范围").count(), 2);
    type_into(&mut h, "位置", &tmp.path().display().to_string());
    double_click(&mut h, "化工园区扩建用地.geojson");
    h.step();
    settle(&mut h);
    assert_eq!(h.state().state.site.error, None);
    let rows = unit_rows(&h);
    let want = [
        ("ZH13110320002", 337_450.933, 0.482290),
        ("ZH13110330005", 362_233.554, 0.517710),
    ];
    assert_eq!(rows.len(), 2, "{rows:?}");
    for ((code, a, s), (wcode, wa, ws)) in rows.iter().zip(want) {
        assert_eq!(code, wcode);
        assert!((a / wa - 1.0).abs() < 1e-5, "{code}: {a} m²");
        assert!((s - ws).abs() < 1e-5, "{code}: share {s}");
    }

    // No output path typed: the CSV export asks where to save, starting where the site came from.
    assert!(h.state().state.site.export_path.is_empty());
    // The verdict and the findings come first; the exports are below them, as a user scrolls.
    h.get_by_label("重叠表 CSV").scroll_to_me();
    h.run();
    h.get_by_label("重叠表 CSV").click();
    h.run();
    assert_eq!(browser_folder(&h), tmp.path());
    h.get_by_label("保存为");
    type_into(&mut h, "文件名", "重叠表");
    h.step();
    settle(&mut h);
    let written = tmp.path().join("重叠表.csv");
    let status = h.state().state.site.export_status.clone();
    assert_eq!(status, Some(Ok(written.clone())));
    let csv = std::fs::read_to_string(&written).unwrap();
    let line = csv
        .lines()
        .find(|l| l.contains("ZH13110320002"))
        .expect("unit row");
    assert!(
        line.contains("337450.933") && line.contains("0.482290"),
        "{line}"
    );

    // The report's save dialog suggests the project's name with .docx; Save writes it there.
    h.state_mut().state.site.report_name = "示例化工园区扩建项目".into();
    h.run();
    h.get_by_label("导出报告").scroll_to_me();
    h.run();
    h.get_by_label("导出报告").scroll_to_me();
    h.run();
    h.get_by_label("导出报告").click();
    h.run();
    let name_box = h.get_by_role_and_label(Role::TextInput, "文件名");
    assert_eq!(
        name_box.value().as_deref(),
        Some("示例化工园区扩建项目.docx")
    );
    h.get_by_label("保存").click();
    h.step();
    settle(&mut h);
    let report = tmp.path().join("示例化工园区扩建项目.docx");
    let status = h.state().state.site.export_status.clone();
    assert_eq!(status, Some(Ok(report.clone())));
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&report).unwrap()).unwrap();
    assert!(zip.by_name("word/document.xml").is_ok());
}
