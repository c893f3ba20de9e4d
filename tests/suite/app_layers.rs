//! The layers panel's corrections on the bundled sample, through the real app and its settings
//! window (egui_kittest): categorised styling by a field, legend entries that hide features from
//! the map and from identify, role and field-mapping edits, encoding and CRS overrides that read
//! the file again, reordering, and copying an identify result as text.
//!
//! Independent figures: the county (XIAN) values of the sample's 92 control units and their
//! counts were read with pyshp 2.3 (`shapefile.Reader(..., encoding='gbk')`, then
//! `collections.Counter(r['XIAN'] for r in records)`):
//! 冀州区 12, 桃城区 11, 武邑县 11, 故城县 10, 景县 9, 武强县 8, 阜城县 8, 深州市 7, 枣强县 6,
//! 饶阳县 6, 安平县 4. Record 0 is ZH13110210001 桃城区衡水湖优先保护单元.

use crate::app_common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use app_common::{click_lonlat, harness_for, harness_with, type_into};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use geo::Coord;
use zonecheck::crs::CrsOrigin;
use zonecheck::model::LayerRole;
use zonecheck::ui::file_dialog::Backend;
use zonecheck::ui::state::LayerId;
use zonecheck::ui::style::LegendLabel;
use zonecheck::ui::{Action, ZoneCheckApp, find_sample_project};

const UNITS_STEM: &str = "衡水市环境管控单元";

fn sample() -> Harness<'static, ZoneCheckApp> {
    harness_for(vec![
        find_sample_project().expect("sample project in the repo"),
    ])
}

fn sample_file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("sample_data")
        .join(name)
}

fn units_id(h: &Harness<'static, ZoneCheckApp>) -> LayerId {
    let s = &h.state().state;
    s.layers
        .iter()
        .find(|l| l.layer().role.role == LayerRole::ControlUnits || l.layer().name == UNITS_STEM)
        .map(|l| l.id)
        .expect("the units layer is loaded")
}

/// The label point of the first unit whose county (XIAN) is `county`.
fn point_in_county(h: &Harness<'static, ZoneCheckApp>, county: &str) -> (usize, Coord<f64>) {
    let s = &h.state().state;
    let l = s.layer(units_id(h)).unwrap();
    let layer = l.layer();
    let fid = (0..layer.features.len())
        .find(|&fid| layer.text(fid, Some("XIAN")).as_deref() == Some(county))
        .expect("a unit in that county");
    (fid, l.ready.mesh.features[fid].label_lonlat.unwrap())
}

/// Opens the settings window of `id`, lets `edit` change the draft, and presses `button`.
fn edit_settings(
    h: &mut Harness<'static, ZoneCheckApp>,
    id: LayerId,
    edit: impl FnOnce(&mut zonecheck::ui::layer_settings::SettingsDraft),
    button: &str,
) {
    h.state_mut().state.apply(Action::OpenLayerSettings(id));
    h.run();
    assert!(h.get_all_by_label_contains("图层设置").next().is_some());
    edit(h.state_mut().state.layer_settings.as_mut().unwrap());
    h.run();
    h.get_by_label(button).click();
    // The window fades out over a few frames.
    h.run_steps(8);
}

fn wait_loads(h: &mut Harness<'static, ZoneCheckApp>) {
    assert!(h.state_mut().state.wait_for_loads(Duration::from_secs(60)));
    // A first layer fits the view, and panels re-lay out, over a few frames.
    h.run_steps(10);
}

fn unit_hits(h: &Harness<'static, ZoneCheckApp>) -> Vec<usize> {
    let s = &h.state().state;
    let id = units_id(h);
    s.identify
        .as_ref()
        .expect("identified")
        .layers
        .iter()
        .filter(|(lid, _)| *lid == id)
        .flat_map(|(_, hits)| hits.iter().map(|h| h.fid))
        .collect()
}

#[test]
fn units_coloured_by_county_and_a_hidden_county_is_neither_drawn_nor_identified() {
    let mut h = sample();
    let id = units_id(&h);
    edit_settings(
        &mut h,
        id,
        |d| d.settings.choice.by_field = Some("XIAN".into()),
        "确定",
    );
    assert!(h.state().state.layer_settings.is_none(), "OK closes");
    let s = &h.state().state;
    let style = &s.layer(id).unwrap().ready.style;
    // pyshp's counts (module doc), in dictionary (pinyin) order as the legend sorts text:
    // an, fu, gu, ji, jing, rao, shen, tao, wu qiang, wu yi, zao.
    let want = vec![
        ("安平县", 4),
        ("阜城县", 8),
        ("故城县", 10),
        ("冀州区", 12),
        ("景县", 9),
        ("饶阳县", 6),
        ("深州市", 7),
        ("桃城区", 11),
        ("武强县", 8),
        ("武邑县", 11),
        ("枣强县", 6),
    ];
    let got: Vec<(String, usize)> = style
        .legend
        .iter()
        .enumerate()
        .map(|(i, (_, label))| {
            let LegendLabel::Value(v) = label else {
                panic!("a value entry: {label:?}")
            };
            (v.clone(), style.classes.iter().filter(|&&c| c == i).count())
        })
        .collect();
    let want: Vec<(String, usize)> = want.iter().map(|(v, n)| (v.to_string(), *n)).collect();
    assert_eq!(got, want);
    // Eleven distinct colours.
    let mut colours: Vec<_> = style.legend.iter().map(|(c, _)| c.to_array()).collect();
    colours.dedup();
    assert_eq!(colours.len(), 11);
    // A legend this long folds into the row's details: open them as a user does.
    h.get_by_label("环境管控单元 · 92 个要素").click();
    h.run();
    h.get_by_label("饶阳县");

    // A click in a 桃城区 unit finds it; with 桃城区 switched off in the legend it does not,
    // and the map draws 11 fewer features.
    let (fid, p) = point_in_county(&h, "桃城区");
    click_lonlat(&mut h, p);
    assert!(unit_hits(&h).contains(&fid));
    let drawn_before = h.state().state.last_draw.features_drawn;
    // The legend entry is a checkbox in the layers panel (it may be scrolled out of view in
    // this 1280×800 harness, so the test applies what its click does).
    h.get_by_label("桃城区");
    let entry = h
        .state()
        .state
        .layer(id)
        .unwrap()
        .ready
        .style
        .legend
        .iter()
        .position(|(_, l)| *l == LegendLabel::Value("桃城区".into()))
        .unwrap();
    h.state_mut()
        .state
        .apply(Action::SetLegendHidden(id, entry, true));
    h.run();
    assert!(unit_hits(&h).is_empty(), "hidden units are not identified");
    click_lonlat(&mut h, p);
    assert!(unit_hits(&h).is_empty());
    let drawn_after = h.state().state.last_draw.features_drawn;
    assert_eq!(drawn_before - drawn_after, 11);

    // Back to styling by role: the three categories again.
    edit_settings(&mut h, id, |d| d.settings.choice.by_field = None, "确定");
    let style = &h.state().state.layer(id).unwrap().ready.style;
    assert_eq!(style.legend.len(), 3, "{:?}", style.legend);
}

#[test]
fn a_role_and_name_field_set_by_hand_change_identify_at_once() {
    let mut h = sample();
    let id = units_id(&h);
    let (fid, p) = point_in_county(&h, "桃城区");
    click_lonlat(&mut h, p);
    h.get_by_label_contains("单元编码：ZH1311");
    // As "other" with the county as its name: no requirements, no category; the name is the county.
    edit_settings(
        &mut h,
        id,
        |d| {
            d.settings.role = LayerRole::Other;
            d.settings.mapping.name = Some("XIAN".into());
            d.settings.mapping.category = None;
            d.settings.mapping.code = None;
        },
        "应用",
    );
    assert!(
        h.state().state.layer_settings.is_some(),
        "Apply keeps it open"
    );
    let s = &h.state().state;
    let layer = s.layer(id).unwrap().layer();
    assert_eq!(layer.role.role, LayerRole::Other);
    assert_eq!(layer.role.how, "stated");
    let result = s.identify.as_ref().unwrap();
    let (_, hits) = result.layers.iter().find(|(lid, _)| *lid == id).unwrap();
    assert_eq!(hits[0].fid, fid);
    assert!(hits[0].requirements.is_empty());
    assert!(h.query_by_label_contains("单元编码：ZH1311").is_none());
    h.get_by_label("取消").click();
    h.run_steps(8);
    assert!(h.state().state.layer_settings.is_none());
}

/// Copies the units shapefile parts named by `exts` into `dir`.
fn copy_units(dir: &Path, exts: &[&str]) -> PathBuf {
    for ext in exts {
        let name = format!("{UNITS_STEM}.{ext}");
        std::fs::copy(sample_file(&name), dir.join(&name)).unwrap();
    }
    dir.join(format!("{UNITS_STEM}.shp"))
}

#[test]
fn an_encoding_override_reads_the_file_again_and_detection_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let shp = copy_units(dir.path(), &["shp", "shx", "dbf", "cpg", "prj"]);
    let dbf_before = std::fs::read(dir.path().join(format!("{UNITS_STEM}.dbf"))).unwrap();
    // Mis-decoded names hold U+FFFD, which no bundled font draws: allow the boxes.
    let mut h = harness_with(vec![shp], true);
    let id = h.state().state.layers[0].id;
    let name0 = |h: &Harness<'static, ZoneCheckApp>| {
        h.state()
            .state
            .layer(id)
            .unwrap()
            .layer()
            .text(0, Some("HJGKDYMC"))
            .unwrap()
    };
    assert_eq!(name0(&h), "桃城区衡水湖优先保护单元");
    let mesh_before = h.state().state.layer(id).unwrap().ready.mesh.clone();
    // GBK bytes read as UTF-8 are not that name (invalid sequences become U+FFFD).
    edit_settings(
        &mut h,
        id,
        |d| d.settings.encoding = Some("UTF-8".into()),
        "确定",
    );
    wait_loads(&mut h);
    assert!(name0(&h).contains('\u{FFFD}'), "{}", name0(&h));
    // Only the attributes changed: the meshes were kept, not tessellated again (the new
    // reading's mesh shares the levels and reads the new reading's geometry).
    let mesh_after = &h.state().state.layer(id).unwrap().ready.mesh;
    assert!(mesh_before.shares_levels(mesh_after));
    assert_eq!(h.state().state.layers.len(), 1, "replaced, not added");
    assert_eq!(h.state().state.layers[0].id, id);
    edit_settings(&mut h, id, |d| d.settings.encoding = None, "确定");
    wait_loads(&mut h);
    assert_eq!(name0(&h), "桃城区衡水湖优先保护单元");
    // Reading again never writes to the file.
    let dbf_after = std::fs::read(dir.path().join(format!("{UNITS_STEM}.dbf"))).unwrap();
    assert_eq!(dbf_before, dbf_after);
}

#[test]
fn a_stated_crs_replaces_the_guess_and_a_bad_one_is_refused_in_the_window() {
    let dir = tempfile::tempdir().unwrap();
    // No .prj: the CRS is guessed from the zone-prefixed eastings.
    let shp = copy_units(dir.path(), &["shp", "shx", "dbf", "cpg"]);
    let mut h = harness_for(vec![shp]);
    let id = h.state().state.layers[0].id;
    let crs =
        |h: &Harness<'static, ZoneCheckApp>| h.state().state.layer(id).unwrap().layer().crs.clone();
    assert!(
        matches!(crs(&h).origin, CrsOrigin::Guessed(_)),
        "{:?}",
        crs(&h)
    );
    let extent = |h: &Harness<'static, ZoneCheckApp>| {
        let l = h.state().state.layer(id).unwrap();
        l.layer().extent_lonlat().unwrap()
    };
    let bbox_before = extent(&h);

    // Not a CRS: refused with a message in the window, nothing read again.
    edit_settings(&mut h, id, |d| d.crs_text = "EPSG:99999999".into(), "应用");
    assert!(!h.state().state.is_loading());
    let error = h
        .state()
        .state
        .layer_settings
        .as_ref()
        .unwrap()
        .error
        .clone();
    assert!(
        error.as_deref().is_some_and(|e| e.contains("99999999")),
        "{error:?}"
    );
    h.get_by_label_contains("99999999");

    // A CRS that is valid but wrong for these metres (degrees): the reading fails with a
    // message naming the file, and the layer stays as it was.
    edit_settings(&mut h, id, |d| d.crs_text = "EPSG:4490".into(), "应用");
    wait_loads(&mut h);
    let last = h.state().state.messages.last().unwrap().clone();
    assert_eq!(last.level, zonecheck::ui::Level::Error, "{last:?}");
    assert!(
        last.text.contains(UNITS_STEM) && last.text.contains("off the Earth"),
        "{last:?}"
    );
    assert!(matches!(crs(&h).origin, CrsOrigin::Guessed(_)));
    edit_settings(&mut h, id, |d| d.crs_text = "EPSG:4527".into(), "确定");
    wait_loads(&mut h);
    let info = crs(&h);
    assert_eq!(info.origin, CrsOrigin::Stated);
    assert!(info.crs.label().contains("4527"), "{}", info.crs.label());
    // Same coordinates: the guess was right, so the extent is unchanged.
    let bbox_after = extent(&h);
    assert!((bbox_before.min().x - bbox_after.min().x).abs() < 1e-9);
    assert!((bbox_before.max().y - bbox_after.max().y).abs() < 1e-9);
}

#[test]
fn layers_move_in_the_drawing_order_and_identify_follows() {
    let mut h = sample();
    let id = units_id(&h);
    let order = |h: &Harness<'static, ZoneCheckApp>| -> Vec<LayerId> {
        h.state().state.layers.iter().map(|l| l.id).collect()
    };
    let before = order(&h);
    assert_eq!(
        before[0], id,
        "the units are the bottom layer of the sample"
    );
    let n = before.len();
    for _ in 0..n {
        h.state_mut().state.apply(Action::MoveLayer(id, 1));
    }
    h.run();
    let after = order(&h);
    assert_eq!(after[n - 1], id, "moved to the top");
    assert_eq!(&after[..n - 1], &before[1..]);
    // Identify lists the units first now (top layer first).
    let (_, p) = point_in_county(&h, "桃城区");
    click_lonlat(&mut h, p);
    assert_eq!(h.state().state.identify.as_ref().unwrap().layers[0].0, id);
    // The down arrow in the top row's folded part moves it back one place.
    h.get_by_label("环境管控单元 · 92 个要素").click();
    h.run();
    h.get_all_by_label("⬇").next().unwrap().click();
    h.run();
    assert_eq!(order(&h)[n - 2], id);
}

#[test]
fn an_identify_result_copies_as_text_with_code_requirements_and_attributes() {
    let mut h = sample();
    let (fid, p) = point_in_county(&h, "桃城区");
    click_lonlat(&mut h, p);
    let s = &h.state().state;
    let layer = s.layer(units_id(&h)).unwrap().layer();
    let code = layer.text(fid, Some("HJGKDYBM")).unwrap();
    let text = zonecheck::ui::identify_text::identify_text(s, s.identify.as_ref().unwrap());
    assert!(text.contains(&format!("单元编码：{code}")), "{text}");
    assert!(text.contains("    XIAN：桃城区"), "{text}");
    assert!(text.contains("空间布局约束："), "{text}");
    assert!(text.contains("°E"), "{text}");
    h.get_by_label("复制文本").click();
    h.run();
    h.get_by_label("已复制到剪贴板");
}

#[test]
fn a_saved_project_reopens_with_the_corrections_and_never_overwrites_an_input() {
    let mut h = sample();
    let id = units_id(&h);
    edit_settings(
        &mut h,
        id,
        |d| d.settings.choice.by_field = Some("XIAN".into()),
        "确定",
    );
    let river = h
        .state()
        .state
        .layers
        .iter()
        .find(|l| l.layer().role.role == LayerRole::River)
        .map(|l| l.id)
        .unwrap();
    let s = &mut h.state_mut().state;
    s.apply(Action::SetOpacity(id, 0.4));
    s.apply(Action::SetVisible(river, false));
    s.apply(Action::MoveLayer(id, 1));
    let names = |s: &zonecheck::ui::AppState| -> Vec<String> {
        s.layers.iter().map(|l| l.layer().name.clone()).collect()
    };
    let before = names(s);

    // Over the project file that was opened: refused, the file unchanged.
    let project = find_sample_project().unwrap();
    let original = std::fs::read(&project).unwrap();
    s.apply(Action::SaveProject(project.clone()));
    let last = s.messages.last().unwrap().clone();
    assert_eq!(last.level, zonecheck::ui::Level::Error, "{last:?}");
    assert_eq!(std::fs::read(&project).unwrap(), original);

    // Through the panel's save dialog (the in-app browser here, as on a desktop without a
    // portal): it suggests the opened project's name with "（修改）".
    h.state_mut().state.dialogs.backend = Backend::InApp;
    h.run();
    h.get_by_label("保存项目").click();
    h.run();
    let name_box = h.get_by_role_and_label(Role::TextInput, "文件名");
    assert_eq!(
        name_box.value().as_deref(),
        Some("hengshui（修改）.zonecheck.toml")
    );
    // Not in the bundled sample's folder (a copy the app may rewrite, or the source tree): the
    // user's documents folder.
    let folder = h
        .state()
        .state
        .dialogs
        .browser()
        .unwrap()
        .folder()
        .to_path_buf();
    assert_ne!(folder, project.parent().unwrap());
    assert_eq!(
        Some(folder),
        zonecheck::ui::save_project::documents_folder()
    );
    let dir = tempfile::tempdir().unwrap();
    type_into(&mut h, "位置", &dir.path().display().to_string());
    type_into(&mut h, "文件名", "复核");
    h.run_steps(8);
    let saved = dir.path().join("复核.zonecheck.toml");
    let s = &h.state().state;
    let last = s.messages.last().unwrap().clone();
    assert_eq!(last.level, zonecheck::ui::Level::Info, "{last:?}");
    let text = std::fs::read_to_string(&saved).unwrap();
    assert!(text.contains("by_field = \"XIAN\""), "{text}");

    let h2 = harness_for(vec![saved]);
    let s2 = &h2.state().state;
    assert!(
        s2.messages
            .iter()
            .all(|m| m.level != zonecheck::ui::Level::Error),
        "{:?}",
        s2.messages
    );
    assert_eq!(names(s2), before);
    let units = s2
        .layers
        .iter()
        .find(|l| l.layer().name == UNITS_STEM)
        .unwrap();
    assert_eq!(units.layer().role.role, LayerRole::ControlUnits);
    assert!((units.opacity - 0.4).abs() < 1e-6);
    assert_eq!(units.ready.style.legend.len(), 11);
    let rivers = s2
        .layers
        .iter()
        .find(|l| l.layer().role.role == LayerRole::River)
        .unwrap();
    assert!(!rivers.visible);
    // The requirement tables came along: the access list is loaded again.
    assert!(s2.access.is_some());
    assert_eq!(s2.project_name, h.state().state.project_name);
}

#[test]
fn a_click_near_the_reserve_lists_its_zones_with_their_distance() {
    // West of Hengshui Lake, outside the reserve. Distances from pyproj 3.7.2 + shapely 2: the
    // nearest point of each zone polygon in EPSG:4527 (GK planar), taken back to lon/lat and
    // measured with Geod(ellps='GRS80').inv: 实验区 1276.0 m, 缓冲区 3467.3 m, 核心区 5556.1 m
    // (beyond the 5 km listed). Planar GK figures differ by under 0.1 %, so 0.5 % is allowed.
    let mut h = sample();
    click_lonlat(
        &mut h,
        Coord {
            x: 115.47,
            y: 37.60,
        },
    );
    let s = &h.state().state;
    let result = s.identify.as_ref().unwrap();
    // Near, not in: listed apart from the hits (and so not highlighted as one).
    assert!(
        !result
            .layers
            .iter()
            .any(|(id, _)| s.layer(*id).unwrap().layer().role.role == LayerRole::Reserve),
        "the reserve is not a hit"
    );
    let (rid, hits) = result
        .nearby
        .iter()
        .find(|(id, _)| s.layer(*id).unwrap().layer().role.role == LayerRole::Reserve)
        .expect("the reserve is listed as nearby");
    let layer = s.layer(*rid).unwrap().layer();
    let zones: Vec<(String, f64)> = hits
        .iter()
        .map(|h| {
            (
                layer.text(h.fid, Some("GNQ")).unwrap(),
                h.distance_m.unwrap(),
            )
        })
        .collect();
    assert_eq!(zones.len(), 2, "{zones:?}");
    for ((zone, got), (want_zone, want)) in
        zones.iter().zip([("实验区", 1276.0), ("缓冲区", 3467.3)])
    {
        assert_eq!(zone, want_zone);
        assert!((got - want).abs() < want * 0.005, "{zone}: {got} vs {want}");
    }
    // The redline around the lake follows the reserve's outer edge: both read 1.28 km, written
    // as EIA reports round (one decimal past 1 km).
    assert_eq!(
        h.get_all_by_label("点击处不在其内，距其边界约 1.3 km")
            .count(),
        2
    );
}

#[test]
fn a_file_without_a_guessable_crs_is_read_once_the_user_states_one() {
    // Six-digit eastings fit any Gauss-Kruger zone, so the CRS cannot be guessed. Stated as
    // EPSG:4548 (CGCS2000 3° zone, CM 117°E, no prefix), the four corners by pyproj 3.7.2
    // (Transformer 4548 -> 4490) are SW 115.638507113 37.744392881, SE 115.649849982
    // 37.744523378, NE 115.649686295 37.753530550, NW 115.638342052 37.753400010 (grid north is
    // not true north): lon 115.638342052…115.649849982, lat 37.744392881…37.753530550.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("无坐标系地块.geojson");
    std::fs::write(
        &path,
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"名称":"测试地块"},
        "geometry":{"type":"Polygon","coordinates":[[[380000,4180000],[381000,4180000],
        [381000,4181000],[380000,4181000],[380000,4180000]]]}}]}"#,
    )
    .unwrap();
    let mut h = harness_for(vec![path.clone()]);
    let s = &h.state().state;
    assert!(s.layers.is_empty());
    assert!(
        s.messages
            .iter()
            .any(|m| m.level == zonecheck::ui::Level::Error
                && m.text.contains("无坐标系地块")
                && m.text.contains("可在图层面板中指定坐标系")),
        "{:?}",
        s.messages
    );
    assert_eq!(s.crs_needed.len(), 1);
    h.get_by_label("无坐标系地块.geojson：坐标系未知，请指定后读取");

    // Not a CRS: refused where it was typed.
    h.state_mut().state.crs_needed[0].crs_text = "EPSG:99999999".into();
    h.run();
    h.get_by_label("读取").click();
    h.run();
    let c = &h.state().state.crs_needed[0];
    assert!(
        c.error.as_deref().is_some_and(|e| e.contains("99999999")),
        "{c:?}"
    );

    h.state_mut().state.crs_needed[0].crs_text = "EPSG:4548".into();
    h.run();
    h.get_by_label("读取").click();
    // The load runs on a worker (the spinner keeps repainting): one frame, then wait for it.
    h.step();
    wait_loads(&mut h);
    let s = &h.state().state;
    assert!(s.crs_needed.is_empty());
    assert!(
        s.messages
            .iter()
            .all(|m| m.level != zonecheck::ui::Level::Error),
        "{:?}",
        s.messages
    );
    assert_eq!(s.layers.len(), 1);
    let layer = s.layers[0].layer();
    assert_eq!(layer.crs.origin, CrsOrigin::Stated);
    let e = layer.extent_lonlat().unwrap();
    assert!((e.min().x - 115.638342052).abs() < 1e-8, "{e:?}");
    assert!((e.min().y - 37.744392881).abs() < 1e-8, "{e:?}");
    assert!((e.max().x - 115.649849982).abs() < 1e-8, "{e:?}");
    assert!((e.max().y - 37.753530550).abs() < 1e-8, "{e:?}");
}

#[test]
fn a_layer_opened_by_a_relative_path_is_read_again_from_the_same_file() {
    // Integration tests run in the package folder, so this relative path names the sample.
    let relative = PathBuf::from("sample_data").join(format!("{UNITS_STEM}.shp"));
    assert!(relative.is_relative() && relative.is_file());
    let mut h = harness_with(vec![relative.clone()], true);
    let id = h.state().state.layers[0].id;
    let spec_path = h.state().state.layers[0].ready.spec.path.clone();
    assert!(spec_path.is_absolute(), "{spec_path:?}");
    assert_eq!(spec_path, std::path::absolute(&relative).unwrap());
    edit_settings(
        &mut h,
        id,
        |d| d.settings.encoding = Some("UTF-8".into()),
        "确定",
    );
    wait_loads(&mut h);
    let s = &h.state().state;
    assert!(
        s.messages
            .iter()
            .all(|m| m.level != zonecheck::ui::Level::Error),
        "{:?}",
        s.messages
    );
    let name = s
        .layer(id)
        .unwrap()
        .layer()
        .text(0, Some("HJGKDYMC"))
        .unwrap();
    assert!(
        name.contains('\u{FFFD}'),
        "read again, with the stated encoding: {name}"
    );
}

#[test]
fn a_layer_copied_from_amap_is_shifted_back_when_its_lonlat_source_is_stated() {
    // 115.5941305,37.6165999 is what Amap (GCJ-02) shows for the CGCS2000 point
    // 115.5883399,37.6160449 (the published wgs84→gcj02 formula written out in Python; see
    // tests/suite/app_find.rs).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("amap_points.geojson");
    std::fs::write(
        &path,
        r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"p"},
        "geometry":{"type":"Point","coordinates":[115.5941305,37.6165999]}}]}"#,
    )
    .unwrap();
    let mut state = zonecheck::ui::AppState::default();
    state.apply(Action::OpenPaths(vec![path]));
    assert!(state.wait_for_loads(Duration::from_secs(60)));
    let id = state.layers[0].id;
    let point = |s: &zonecheck::ui::AppState| match &s.layers[0].layer().features[0].geometry {
        Some(geo::Geometry::Point(p)) => (p.x(), p.y()),
        other => panic!("{other:?}"),
    };
    assert!(
        (point(&state).0 - 115.5941305).abs() < 1e-9,
        "read as stated"
    );
    let mut settings = zonecheck::ui::layer_settings::LayerSettings::of(&state.layers[0]);
    settings.lonlat_source = Some(zonecheck::model::project::LonlatSource::Gcj02);
    state.apply(Action::ApplyLayerSettings(id, Box::new(settings)));
    assert!(state.wait_for_loads(Duration::from_secs(60)));
    let (lon, lat) = point(&state);
    assert!(
        (lon - 115.5883399).abs() < 2e-6 && (lat - 37.6160449).abs() < 2e-6,
        "{lon}, {lat}"
    );
    assert_eq!(state.layers.len(), 1, "replaced in place");
    assert_eq!(
        state.layers[0].ready.spec.lonlat_source,
        Some(zonecheck::model::project::LonlatSource::Gcj02),
        "kept for saving the project"
    );
}
