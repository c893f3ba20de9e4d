//! The attribute table, driven through the real app with egui_kittest on the bundled sample:
//! sorting by a column (numbers as numbers), filtering, and the selection following the map.
//!
//! Reference figures from the DBF read with pyshp (GBK), not zonecheck:
//! - 92 units; MJ_KM2 ascending (ties by record order) starts with records 69, 1, 23, 41, 44, 79,
//!   5, 25 (1.1386, 1.3373, 3.1827, 4.9221, 5.368, 6.7156, 7.2909, 9.2252 km²) and descending
//!   with 90, 26, 53, 56, 74 (587.6167, 440.4597, 383.0984, 371.1806, 361.748);
//! - HJGKDYMC ascending (by code point) starts with records 21, 22, 17, 20, 15;
//! - records with 枣强 in any attribute: 23–28; with 重点管控: 21 records; with zh131103 (any
//!   case): 11–22.

use crate::app_common;

use app_common::{click_lonlat, harness_for};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use geo::Coord;
use zonecheck::ui::ZoneCheckApp;

const PROJECT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/sample_data/hengshui.zonecheck.toml"
);

fn sample_with_table() -> Harness<'static, ZoneCheckApp> {
    let mut h = harness_for(vec![PROJECT.into()]);
    h.get_by_role_and_label(Role::Button, "属性表").click();
    h.run();
    assert!(h.state().state.table.open);
    h
}

fn rows(h: &Harness<'static, ZoneCheckApp>) -> Vec<usize> {
    h.state().state.table.rows().to_vec()
}

#[test]
fn the_table_shows_the_units_and_sorts_numbers_as_numbers() {
    let mut h = sample_with_table();
    // Unsorted: record order.
    assert_eq!(rows(&h), (0..92).collect::<Vec<_>>());
    // The area column is past the window's right edge: scroll to it as a user would.
    h.get_by_label("MJ_KM2").scroll_to_me();
    h.run();
    h.get_by_label("MJ_KM2").click();
    h.run();
    assert_eq!(rows(&h)[..8], [69, 1, 23, 41, 44, 79, 5, 25]);
    h.get_by_label("MJ_KM2 ▲").click();
    h.run();
    assert_eq!(rows(&h)[..5], [90, 26, 53, 56, 74]);
    // A third click goes back to record order.
    h.get_by_label("MJ_KM2 ▼").click();
    h.run();
    assert_eq!(rows(&h)[..3], [0, 1, 2]);
    // The header says what the field means, the raw name beside it; Chinese sorts by pinyin as
    // a dictionary does. Expected order from pypinyin 0.55 (Style.TONE3, one syllable per
    // character, ties in record order) over pyshp's GBK reading of HJGKDYMC: 安平县产业… (an1
    // ping2 xian4 chan3), 安平县城镇… (cheng2), 安平县西南部… (xi1), 安平县中部… (zhong1), 阜城县….
    h.get_by_label("单元名称 HJGKDYMC").scroll_to_me();
    h.run();
    h.get_by_label("单元名称 HJGKDYMC").click();
    h.run();
    assert_eq!(rows(&h)[..5], [55, 54, 57, 56, 81]);
}

#[test]
fn the_filter_keeps_rows_containing_the_text() {
    let mut h = sample_with_table();
    let field = h.get_by(|n| {
        n.role() == Role::TextInput && n.placeholder().is_some_and(|p| p.contains("筛选"))
    });
    field.focus();
    field.type_text("枣强");
    h.run();
    assert_eq!(rows(&h), [23, 24, 25, 26, 27, 28]);
    h.state_mut().state.table.filter = "重点管控".into();
    h.run();
    assert_eq!(rows(&h).len(), 21);
    // Latin letters ignore case: records whose code contains ZH131103 (pyshp: 11–22).
    h.state_mut().state.table.filter = "zh131103".into();
    h.run();
    assert_eq!(rows(&h), (11..=22).collect::<Vec<_>>());
}

#[test]
fn picking_a_row_selects_zooms_and_highlights_and_the_map_selects_rows() {
    let mut h = sample_with_table();
    // Row of record 11 (ZH13110310001) via its row-number button, after filtering by its code.
    h.state_mut().state.table.filter = "ZH131103100".into();
    h.run();
    h.get_by_role_and_label(Role::Button, "11").click();
    h.run();
    let s = &h.state().state;
    let units = s
        .table
        .selected
        .map(|(id, fid)| (s.layer(id).unwrap().layer().unit_code(fid), fid));
    assert_eq!(units, Some((Some("ZH13110310001".into()), 11)));
    // Highlighted through the identify result, and the view fitted to the unit's box
    // (115.48370–115.68501°E, 37.55224–37.67302°N, pyshp + pyproj).
    let (id, hits) = &s.identify.as_ref().unwrap().layers[0];
    assert_eq!((*id, hits[0].fid), (s.table.selected.unwrap().0, 11));
    let c = s.view.center_lonlat;
    assert!((115.48370..=115.68501).contains(&c.x) && (37.55224..=37.67302).contains(&c.y));

    // A click on the map selects the row of the unit there: 115.5883399,37.6160449 is in
    // ZH13110310001 (shapely). First select another row (record 0, unfiltered) to see it move.
    let mut h = sample_with_table();
    h.get_by_role_and_label(Role::Button, "0").click();
    h.run();
    assert_eq!(h.state().state.table.selected.map(|s| s.1), Some(0));
    h.state_mut()
        .state
        .apply(zonecheck::ui::Action::ZoomToExtent);
    h.run();
    click_lonlat(
        &mut h,
        Coord {
            x: 115.5883399,
            y: 37.6160449,
        },
    );
    assert_eq!(h.state().state.table.selected.map(|s| s.1), Some(11));
    // Scrolled into view: row 11 is laid out (only visible rows are).
    h.run();
    h.get_by_role_and_label(Role::Button, "11");
}
