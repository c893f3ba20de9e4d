//! Printing the map view from the app (出图): the toolbar's button asks where, the print holds what
//! the map shows (hidden layers left out), is written off the UI thread, and the window says where
//! it went; an existing file is not overwritten without asking.

use std::time::Duration;

use egui_kittest::kittest::Queryable;
use zonecheck::ui::Action;
use zonecheck::ui::state::Confirm;

use crate::app_common;
use app_common::{harness_for, write_fixture_layers};

/// Steps the app until the map print has reported (or a minute passed).
fn wait_for_print(h: &mut egui_kittest::Harness<'static, zonecheck::ui::ZoneCheckApp>) {
    assert!(
        zonecheck::ui::site::wait_for_site(&mut h.state_mut().state, Duration::from_secs(60)),
        "the print did not finish within a minute"
    );
    h.run_steps(4);
}

#[test]
fn the_map_view_prints_to_pdf_and_png_and_the_window_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_for(write_fixture_layers(dir.path()));
    // The toolbar offers it, with what it does on hover.
    h.get_by_label("导出地图…");
    let pdf = dir.path().join("出图.pdf");
    h.state_mut()
        .state
        .apply(Action::ExportMapView(pdf.clone()));
    wait_for_print(&mut h);
    let bytes = std::fs::read(&pdf).expect("the PDF was written");
    assert!(bytes.starts_with(b"%PDF-"));
    let said = h
        .state()
        .state
        .messages
        .iter()
        .any(|m| m.text.starts_with("地图已导出：") && m.text.contains("出图.pdf"));
    assert!(said, "{:?}", h.state().state.messages);
    let png = dir.path().join("出图.png");
    h.state_mut()
        .state
        .apply(Action::ExportMapView(png.clone()));
    wait_for_print(&mut h);
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));
}

#[test]
fn a_print_over_an_existing_file_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness_for(write_fixture_layers(dir.path()));
    let existing = dir.path().join("已有.pdf");
    std::fs::write(&existing, "a print annotated by hand").unwrap();
    h.state_mut()
        .state
        .apply(Action::ExportMapView(existing.clone()));
    h.run_steps(4);
    assert!(matches!(
        h.state().state.confirm,
        Some(Confirm::Overwrite(..))
    ));
    h.state_mut().state.apply(Action::CancelPending);
    h.run_steps(4);
    assert_eq!(
        std::fs::read_to_string(&existing).unwrap(),
        "a print annotated by hand"
    );
}
