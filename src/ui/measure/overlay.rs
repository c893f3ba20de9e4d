//! The measure tool's controls: the toolbar toggle (测量), and while measuring a small panel on
//! the map's top-left corner with the distance/area choice, the figures and a clear button.
//!
//! Not for the map drawing (see `shapes`) or for computing figures (the engine does that).

use egui::{Align2, Color32, Id, RichText, Ui};

use crate::query::NotAnArea;
use crate::ui::i18n::{Key, Lang, tr};
use crate::ui::measure::{MeasureAction, MeasureMode, length_text};
use crate::ui::state::{Action, AppState};

fn act(a: MeasureAction) -> Action {
    Action::Measure(a)
}

/// The toolbar's toggle: starts the tool in the last mode, or leaves it.
pub fn toggle_ui(ui: &mut Ui, state: &AppState) -> Vec<Action> {
    let m = &state.measure;
    let r = ui
        .selectable_label(m.active, tr(state.lang, Key::MeasureTool))
        .on_hover_text(tr(state.lang, Key::MeasureHint));
    if r.clicked() {
        return vec![act(if m.active {
            MeasureAction::End
        } else {
            MeasureAction::Start(m.mode)
        })];
    }
    Vec::new()
}

/// The figures panel over the map's top-left corner, shown while the tool is on.
pub fn measure_overlay_ui(ui: &Ui, state: &AppState) -> Vec<Action> {
    let mut actions = Vec::new();
    let (Some(canvas), true) = (state.canvas, state.measure.active) else {
        return actions;
    };
    egui::Area::new(Id::unique("measure_overlay"))
        .anchor(
            Align2::LEFT_TOP,
            canvas.left_top().to_vec2() + egui::vec2(10.0, 10.0),
        )
        .show(ui.ctx(), |ui| {
            egui::Frame::popup(ui.style()).show(ui, |ui| {
                // Wide enough for a county-sized area in m², 公顷 and 亩 on one line.
                ui.set_max_width(440.0);
                figures_ui(ui, state, &mut actions);
            });
        });
    actions
}

fn figures_ui(ui: &mut Ui, state: &AppState, actions: &mut Vec<Action>) {
    let lang = state.lang;
    let m = &state.measure;
    ui.horizontal(|ui| {
        for (mode, key) in [
            (MeasureMode::Distance, Key::MeasureDistance),
            (MeasureMode::Area, Key::MeasureArea),
        ] {
            if ui.selectable_label(m.mode == mode, tr(lang, key)).clicked() && m.mode != mode {
                actions.push(act(MeasureAction::SetMode(mode)));
            }
        }
        ui.separator();
        if ui
            .add_enabled(
                !m.vertices.is_empty(),
                egui::Button::new(tr(lang, Key::Clear)),
            )
            .clicked()
        {
            actions.push(act(MeasureAction::Clear));
        }
        if !m.finished
            && ui
                .add_enabled(
                    m.vertices.len() > 1,
                    egui::Button::new(tr(lang, Key::MeasureFinish)),
                )
                .clicked()
        {
            actions.push(act(MeasureAction::Finish));
        }
    });
    let result = match m.mode {
        MeasureMode::Distance => distance_ui(ui, state),
        MeasureMode::Area => area_ui(ui, state),
    };
    if let Some(text) = result {
        ui.horizontal(|ui| {
            if ui
                .small_button(tr(lang, Key::CopyResult))
                .on_hover_text(&text)
                .clicked()
            {
                ui.ctx().copy_text(text.clone());
                actions.push(Action::Notify(format!(
                    "{}{text}",
                    tr(lang, Key::CopiedText)
                )));
            }
            let polygon = m.mode == MeasureMode::Area && m.area().is_ok();
            if polygon
                && ui
                    .small_button(tr(lang, Key::MeasureToSite))
                    .on_hover_text(tr(lang, Key::MeasureToSiteTip))
                    .clicked()
            {
                actions.push(Action::Site(crate::ui::site::SiteAction::FromPolygon(
                    m.vertices.clone(),
                )));
            }
        });
    }
    if !m.finished {
        ui.label(RichText::new(tr(lang, Key::MeasureHint)).small().weak());
    }
}

/// The segments, the live segment and the total; returns the total as text to copy (None
/// before the first segment).
fn distance_ui(ui: &mut Ui, state: &AppState) -> Option<String> {
    let lang = state.lang;
    let m = &state.measure;
    let path = m.path();
    egui::ScrollArea::vertical()
        .max_height(180.0)
        .show(ui, |ui| {
            for (i, length_m) in path.segments_m.iter().enumerate() {
                ui.label(format!(
                    "{} {}  {}",
                    tr(lang, Key::MeasureSegment),
                    i + 1,
                    length_text(*length_m)
                ));
            }
        });
    // The live segment to the pointer, before it is clicked.
    if !m.finished
        && let (Some(last), Some(cursor)) = (m.vertices.last(), state.cursor_lonlat)
    {
        let live_m = crate::query::distance_geodesic_m(*last, cursor);
        ui.label(
            RichText::new(format!(
                "{}  {}",
                tr(lang, Key::MeasureToCursor),
                length_text(live_m)
            ))
            .weak(),
        );
    }
    let total = format!(
        "{}  {}",
        tr(lang, Key::MeasureTotal),
        length_text(path.total_m)
    );
    ui.strong(&total);
    (!path.segments_m.is_empty()).then_some(total)
}

/// The area and perimeter, or why the points make none; returns both as text to copy.
fn area_ui(ui: &mut Ui, state: &AppState) -> Option<String> {
    let lang = state.lang;
    if state.measure.vertices.is_empty() {
        return None;
    }
    match state.measure.area() {
        Ok(a) => {
            let area = format!(
                "{}  {}",
                tr(lang, Key::MeasureArea),
                crate::present::measured_area_text(lang, a.area_m2)
            );
            let perimeter = format!(
                "{}  {}",
                tr(lang, Key::MeasurePerimeter),
                length_text(a.perimeter_m)
            );
            ui.strong(&area);
            ui.label(&perimeter);
            Some(format!("{area}\n{perimeter}"))
        }
        Err(e) => {
            let warning = Color32::from_rgb(190, 90, 0);
            ui.label(RichText::new(not_an_area_text(lang, e)).color(warning));
            None
        }
    }
}

/// Why the points give no area, in `lang`.
pub fn not_an_area_text(lang: Lang, e: NotAnArea) -> &'static str {
    tr(
        lang,
        match e {
            NotAnArea::TooFewPoints => Key::MeasureTooFewPoints,
            NotAnArea::Collinear => Key::MeasureCollinear,
            NotAnArea::SelfIntersecting => Key::MeasureSelfIntersecting,
        },
    )
}
