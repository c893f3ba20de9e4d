//! The layers panel (left): every layer with visibility, role, feature count, opacity, zoom-to
//! and remove; the add-layer path box; loading progress; and the messages (errors stay visible
//! here until dismissed).
//!
//! Not for loading (the app hands `Action::OpenPaths` to the loader).

use std::path::PathBuf;

use egui::{Color32, RichText, Ui};

use crate::ui::file_dialog::{DialogKind, DialogRequest};
use crate::ui::i18n::{Key, Lang, category_label, role_label, tr};
use crate::ui::state::{Action, AppState, CrsNeeded, Level, MapLayer};
use crate::ui::style::LegendLabel;

/// Shows the panel's contents; returns what the user asked for.
pub fn layers_panel_ui(
    ui: &mut Ui,
    state: &AppState,
    path_input: &mut String,
    crs_needed: &mut [CrsNeeded],
) -> Vec<Action> {
    let lang = state.lang;
    let mut actions = Vec::new();
    ui.horizontal(|ui| {
        ui.heading(tr(lang, Key::Layers));
        let full = ui
            .button(tr(lang, Key::ZoomToExtent))
            .on_hover_text(tr(lang, Key::ZoomToExtentTip));
        if full.clicked() {
            actions.push(Action::ZoomToExtent);
        }
    });
    if let Some(name) = &state.project_name {
        ui.label(RichText::new(name).strong());
    }
    save_project_ui(ui, state, &mut actions);
    ui.separator();

    add_layer_ui(ui, state, path_input, &mut actions);
    crs_needed_ui(ui, state, crs_needed, &mut actions);
    // Reading jobs and background refinements alike: stage, file, percentage.
    for job in &state.loader.jobs {
        ui.horizontal_wrapped(|ui| {
            ui.spinner();
            if ui.small_button(tr(lang, Key::Cancel)).clicked() {
                actions.push(Action::CancelLoad(job.id));
            }
            ui.label(job.status_text(lang));
        });
    }
    ui.separator();

    let list_height = if state.messages.is_empty() {
        ui.available_height()
    } else {
        ui.available_height() * 0.65
    };
    egui::ScrollArea::vertical()
        .id_salt("layer_list")
        .max_height(list_height)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            if state.layers.is_empty() {
                ui.label(tr(lang, Key::NoLayers));
            }
            // Top layer first, as in every GIS.
            let n = state.layers.len();
            for (i, l) in state.layers.iter().enumerate().rev() {
                let place = (i + 1 < n, i > 0);
                layer_row_ui(ui, lang, l, place, &mut actions);
            }
            // Basemaps below the data, as they are drawn.
            crate::ui::panels::basemap_rows::basemap_rows_ui(
                ui,
                lang,
                &state.basemaps,
                &mut actions,
            );
        });

    if !state.messages.is_empty() {
        ui.separator();
        ui.label(RichText::new(tr(lang, Key::Messages)).strong());
        egui::ScrollArea::vertical()
            .id_salt("messages")
            .show(ui, |ui| {
                for (i, m) in state.messages.iter().enumerate().rev() {
                    let colour = match m.level {
                        Level::Error => Color32::from_rgb(200, 40, 40),
                        Level::Warning => Color32::from_rgb(190, 120, 0),
                        Level::Info => ui.visuals().text_color(),
                    };
                    ui.horizontal_wrapped(|ui| {
                        if ui
                            .small_button("×")
                            .on_hover_text(tr(lang, Key::Dismiss))
                            .clicked()
                        {
                            actions.push(Action::DismissMessage(i));
                        }
                        ui.label(RichText::new(&m.text).color(colour));
                    });
                }
            });
    }
    actions
}

/// Legends with at most this many entries are shown in the row; longer ones (a layer styled by
/// a field) fold into the row's details.
const INLINE_LEGEND_MAX: usize = 4;

/// One layer in two lines: visibility and name (path and CRS on hover) with zoom, settings and
/// remove icons; then role and count, a folded part for opacity, order and a long legend.
/// `(can_up, can_down)` say whether it can move in the drawing order.
fn layer_row_ui(
    ui: &mut Ui,
    lang: Lang,
    l: &MapLayer,
    (can_up, can_down): (bool, bool),
    actions: &mut Vec<Action>,
) {
    let layer = l.layer();
    let crs = format!(
        "{}{}{}",
        tr(lang, Key::Crs),
        crate::ui::i18n::colon(lang),
        crate::present::crs_text(lang, &layer.crs)
    );
    let row = egui::vec2(ui.available_width(), ui.spacing().interact_size.y);
    let right_to_left = egui::Layout::right_to_left(egui::Align::Center);
    ui.allocate_ui_with_layout(row, right_to_left, |ui| {
        let icon = |text: &str| egui::Button::new(RichText::new(text).size(13.0)).frame(false);
        let remove = ui.add(icon("✖")).on_hover_text(tr(lang, Key::Remove));
        if remove.clicked() {
            actions.push(Action::RemoveLayer(l.id));
        }
        let settings = ui
            .add(icon("⚙"))
            .on_hover_text(tr(lang, Key::LayerSettingsTip));
        if settings.clicked() {
            actions.push(Action::OpenLayerSettings(l.id));
        }
        let zoom = ui
            .add(icon("🔍"))
            .on_hover_text(tr(lang, Key::ZoomToLayerTip));
        if zoom.clicked() {
            actions.push(Action::ZoomToLayer(l.id));
        }
        ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
            let mut visible = l.visible;
            let hover = format!("{}\n{crs}", layer.path.display());
            let check = ui.checkbox(&mut visible, "").on_hover_text(&hover);
            if check.changed() {
                actions.push(Action::SetVisible(l.id, visible));
            }
            let name = egui::Label::new(RichText::new(&layer.name).strong())
                .truncate()
                .sense(egui::Sense::click());
            let name = ui.add(name).on_hover_text(&hover);
            if name.clicked() {
                actions.push(Action::SetVisible(l.id, !l.visible));
            }
        });
    });
    let summary = format!(
        "{} · {} {}",
        role_label(lang, layer.role.role),
        layer.features.len(),
        tr(lang, Key::Features)
    );
    let long_legend = l.ready.style.legend.len() > INLINE_LEGEND_MAX;
    ui.indent(("layer", l.id), |ui| {
        if !long_legend {
            legend_ui(ui, lang, l, actions);
        }
        egui::CollapsingHeader::new(RichText::new(summary).small())
            .id_salt(("layer_details", l.id))
            .default_open(false)
            .show(ui, |ui| {
                if long_legend {
                    legend_ui(ui, lang, l, actions);
                }
                ui.horizontal(|ui| {
                    let label = ui.label(RichText::new(tr(lang, Key::Opacity)).small());
                    let mut opacity = l.opacity;
                    let slider = egui::Slider::new(&mut opacity, 0.0..=1.0).show_value(false);
                    if ui.add(slider).labelled_by(label.id).changed() {
                        actions.push(Action::SetOpacity(l.id, opacity));
                    }
                    let up = ui.add_enabled(can_up, egui::Button::new("⬆").small());
                    if up.on_hover_text(tr(lang, Key::MoveUp)).clicked() {
                        actions.push(Action::MoveLayer(l.id, 1));
                    }
                    let down = ui.add_enabled(can_down, egui::Button::new("⬇").small());
                    if down.on_hover_text(tr(lang, Key::MoveDown)).clicked() {
                        actions.push(Action::MoveLayer(l.id, -1));
                    }
                });
            })
            .header_response
            .on_hover_text(tr(lang, Key::MoreLayerOptions));
    });
    ui.add_space(2.0);
}

/// The layer's colours and what they mean (only when there is more than one, or it is hatched);
/// each entry's checkbox switches its features off on the map. Entries flow side by side, and a
/// line never breaks inside one.
fn legend_ui(ui: &mut Ui, lang: Lang, l: &MapLayer, actions: &mut Vec<Action>) {
    let style = &l.ready.style;
    if style.legend.len() < 2 {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        for (entry, (colour, label)) in style.legend.iter().enumerate() {
            let text = match label {
                LegendLabel::Category(Some(c)) => category_label(lang, *c).to_string(),
                LegendLabel::Category(None) => "—".to_string(),
                LegendLabel::Zone(z) => z.clone(),
                LegendLabel::Layer => role_label(lang, l.layer().role.role).to_string(),
                LegendLabel::Value(v) => v.clone(),
                LegendLabel::Empty => tr(lang, Key::LegendValueEmpty).to_string(),
                LegendLabel::Others(n) => format!("{} ({n})", tr(lang, Key::LegendOthers)),
            };
            // Swatch, box and name stay together: start a new line when they would not fit.
            let text_width = ui
                .painter()
                .layout_no_wrap(
                    text.clone(),
                    egui::TextStyle::Small.resolve(ui.style()),
                    Color32::BLACK,
                )
                .size()
                .x;
            let entry_width =
                12.0 + 2.0 + ui.spacing().icon_width + ui.spacing().icon_spacing + text_width;
            let left_on_line = ui.max_rect().max.x - ui.cursor().min.x;
            if left_on_line < entry_width && ui.cursor().min.x > ui.max_rect().min.x + 1.0 {
                ui.end_row();
            }
            ui.spacing_mut().item_spacing.x = 2.0;
            let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 9.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 1.0, *colour);
            ui.painter()
                .rect_stroke(rect, 1.0, style.outline, egui::StrokeKind::Inside);
            let mut on = !l.legend.is_off(entry);
            if ui.checkbox(&mut on, RichText::new(text).small()).changed() {
                actions.push(Action::SetLegendHidden(l.id, entry, !on));
            }
            ui.spacing_mut().item_spacing.x = 8.0;
        }
    });
}

fn add_layer_ui(ui: &mut Ui, state: &AppState, path_input: &mut String, actions: &mut Vec<Action>) {
    let lang = state.lang;
    ui.label(tr(lang, Key::AddLayer));
    let mut submit = false;
    // Right to left: the button takes its width, the path box exactly the rest (sizing it from
    // a guess would widen the panel a little every frame).
    let row = egui::vec2(ui.available_width(), ui.spacing().interact_size.y);
    let right_to_left = egui::Layout::right_to_left(egui::Align::Center);
    ui.allocate_ui_with_layout(row, right_to_left, |ui| {
        let browse = egui::Button::new(tr(lang, Key::Browse));
        if ui.add_enabled(!state.dialogs.busy(), browse).clicked() {
            actions.push(Action::Browse(DialogRequest::open(DialogKind::OpenLayers)));
        }
        submit |= ui.button(tr(lang, Key::Open)).clicked();
        let edit = egui::TextEdit::singleline(path_input)
            .hint_text(tr(lang, Key::PathHint))
            .desired_width(ui.available_width());
        let r = ui.add(edit);
        submit |= r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    });
    ui.label(RichText::new(tr(lang, Key::DropHint)).small().weak());
    if submit {
        let text = path_input.trim().trim_matches('"').to_string();
        if !text.is_empty() {
            actions.push(Action::OpenPaths(vec![PathBuf::from(text)]));
            path_input.clear();
        }
    }
}

/// "Save project": a save dialog suggesting the opened project's name with "（修改）", so the
/// original is never the suggestion (and `save_project::save` refuses it anyway).
fn save_project_ui(ui: &mut Ui, state: &AppState, actions: &mut Vec<Action>) {
    if state.layers.is_empty() {
        return;
    }
    let button = egui::Button::new(tr(state.lang, Key::SaveProject)).small();
    if ui.add_enabled(!state.dialogs.busy(), button).clicked() {
        let stem = suggested_project_stem(state);
        let folder = crate::ui::save_project::suggested_folder(state);
        let request = DialogRequest::save(DialogKind::SaveProject, &stem).in_folder(folder);
        actions.push(Action::Browse(request));
    }
}

/// The opened project's (or first layer's) name with a "（修改）" suffix.
fn suggested_project_stem(state: &AppState) -> String {
    let base = state
        .project_file
        .clone()
        .or_else(|| state.layers.first().map(|l| l.ready.spec.path.clone()))
        .unwrap_or_default();
    let name = base
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.split('.').next().unwrap_or("zonecheck");
    format!("{stem}（修改）")
}

/// Files that failed for want of a CRS: for each, a box to state it and a button to read the
/// file again with it (instead of writing a project file by hand).
fn crs_needed_ui(
    ui: &mut Ui,
    state: &AppState,
    crs_needed: &mut [CrsNeeded],
    actions: &mut Vec<Action>,
) {
    let lang = state.lang;
    let pick_for = state.crs_pick_for.clone();
    for c in crs_needed.iter_mut() {
        let name = c
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new(format!("{name}{}", tr(lang, Key::CrsNeeded)))
                        .color(Color32::from_rgb(190, 120, 0)),
                );
                if ui
                    .small_button("×")
                    .on_hover_text(tr(lang, Key::Dismiss))
                    .clicked()
                {
                    actions.push(Action::DismissCrsNeeded(c.path.clone()));
                }
            });
            let picking = pick_for.as_ref() == Some(&c.path);
            actions.extend(crate::ui::panels::crs_picker::crs_picker_ui(
                ui, lang, c, picking,
            ));
            ui.label(RichText::new(tr(lang, Key::CrsOrType)).small().weak());
            let mut submit = false;
            let row = egui::vec2(ui.available_width(), ui.spacing().interact_size.y);
            let right_to_left = egui::Layout::right_to_left(egui::Align::Center);
            ui.allocate_ui_with_layout(row, right_to_left, |ui| {
                submit |= ui.button(tr(lang, Key::ReadWithCrs)).clicked();
                let edit = egui::TextEdit::singleline(&mut c.crs_text)
                    .hint_text(tr(lang, Key::CrsExample))
                    .desired_width(ui.available_width());
                let r = ui.add(edit);
                submit |= r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            });
            if let Some(e) = &c.error {
                ui.label(
                    RichText::new(e)
                        .small()
                        .color(Color32::from_rgb(200, 40, 40)),
                );
            }
            if submit {
                actions.push(Action::ReadWithCrs(c.path.clone()));
            }
        });
    }
}
