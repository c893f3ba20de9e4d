//! The layer settings window: what the layer is (file, format, counts, CRS and encoding and how
//! each was found), and the corrections a user makes when detection guessed wrong — role, which
//! field means what, styling (by role or categorised by any field), label field, DBF encoding
//! and CRS.
//!
//! Not for putting the corrections into effect (see `ui::layer_settings`).

use egui::{RichText, Ui};

use crate::model::{FieldMapping, Layer, LayerRole};
use crate::ui::i18n::{Key, Lang, field_meanings, role_label, tr};
use crate::ui::layer_settings::SettingsDraft;
use crate::ui::state::{Action, AppState};

/// Encodings offered for a DBF (WHATWG labels); `None` is "detect".
const ENCODINGS: [&str; 4] = ["GBK", "GB18030", "UTF-8", "Big5"];

/// Shows the settings window when one is open (`draft`, the window's own state, is edited in
/// place); returns what the user asked for.
pub fn layer_settings_window(
    ctx: &egui::Context,
    state: &AppState,
    draft: &mut Option<SettingsDraft>,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let lang = state.lang;
    let Some(draft) = draft.as_mut() else {
        return actions;
    };
    let Some(l) = state.layers.iter().find(|l| l.id == draft.id) else {
        actions.push(Action::CloseLayerSettings);
        return actions;
    };
    let layer = l.layer();
    let mut open = true;
    egui::Window::new(format!("{} — {}", tr(lang, Key::LayerSettings), layer.name))
        .id(egui::Id::unique("layer_settings"))
        .open(&mut open)
        .default_size([460.0, 520.0])
        .pivot(egui::Align2::CENTER_CENTER)
        .default_pos(ctx.content_rect().center())
        .resizable(true)
        .show(ctx, |ui| {
            // A fixed-height scroll area: a window that sizes itself to wrapping content grows
            // a little every frame, and its buttons move under the pointer.
            let height = (ctx.content_rect().height() - 200.0).clamp(200.0, 520.0);
            egui::ScrollArea::vertical()
                .max_height(height)
                .auto_shrink(false)
                .show(ui, |ui| {
                    info_ui(ui, lang, layer, draft);
                    ui.separator();
                    role_ui(ui, lang, layer, draft);
                    ui.separator();
                    style_ui(ui, lang, layer, draft);
                    ui.separator();
                    reading_ui(ui, lang, layer, draft);
                });
            if let Some(e) = &draft.error {
                ui.colored_label(egui::Color32::from_rgb(200, 40, 40), e);
            }
            ui.separator();
            ui.horizontal(|ui| {
                let ok = ui.button(tr(lang, Key::Ok)).clicked();
                let apply = ui.button(tr(lang, Key::Apply)).clicked();
                if ui.button(tr(lang, Key::Cancel)).clicked() {
                    actions.push(Action::CloseLayerSettings);
                }
                if ok || apply {
                    match draft.checked() {
                        Ok(settings) => {
                            draft.error = None;
                            actions.push(Action::ApplyLayerSettings(draft.id, Box::new(settings)));
                            if ok {
                                actions.push(Action::CloseLayerSettings);
                            }
                        }
                        Err(e) => draft.error = Some(format!("{}: {e}", tr(lang, Key::Crs))),
                    }
                }
            });
        });
    if !open {
        actions.push(Action::CloseLayerSettings);
    }
    actions
}

/// File, format, counts, CRS, encoding and how each was decided.
fn info_ui(ui: &mut Ui, lang: Lang, layer: &Layer, draft: &SettingsDraft) {
    egui::Grid::new("layer_info")
        .num_columns(2)
        .striped(true)
        .show(ui, |ui| {
            let mut row = |key: Key, value: String| {
                ui.label(RichText::new(tr(lang, key)).weak());
                ui.add(egui::Label::new(value).wrap());
                ui.end_row();
            };
            let file = match &layer.member {
                Some(m) => format!("{} › {m}", layer.path.display()),
                None => layer.path.display().to_string(),
            };
            row(Key::File, file);
            row(Key::Format, layer.format.label().to_string());
            row(Key::Geometry, layer.source_geometry_type.clone());
            row(
                Key::Size,
                format!(
                    "{} {} · {} {}",
                    layer.features.len(),
                    tr(lang, Key::Features),
                    draft.vertices,
                    tr(lang, Key::Vertices)
                ),
            );
            row(Key::Crs, crate::present::crs_text(lang, &layer.crs));
            if let Some(enc) = &layer.encoding {
                let how = crate::present::encoding_how_text(lang, &enc.how);
                let text = match lang {
                    crate::ui::i18n::Lang::Zh => format!("{}（{how}）", enc.encoding),
                    crate::ui::i18n::Lang::En => format!("{} ({how})", enc.encoding),
                };
                row(Key::Encoding, text);
            }
            let how = match layer.role.how.as_str() {
                "stated" => tr(lang, Key::Stated),
                "detected" => tr(lang, Key::Detected),
                other => other,
            };
            row(
                Key::Role,
                format!("{} ({how})", role_label(lang, layer.role.role)),
            );
        });
}

/// The role picker and one field picker per meaning.
fn role_ui(ui: &mut Ui, lang: Lang, layer: &Layer, draft: &mut SettingsDraft) {
    ui.label(RichText::new(tr(lang, Key::RoleAndFields)).strong());
    let settings = &mut draft.settings;
    egui::Grid::new("layer_role").num_columns(2).show(ui, |ui| {
        let label = ui.label(tr(lang, Key::Role));
        let _ = egui::ComboBox::from_id_salt("role_pick")
            .selected_text(role_label(lang, settings.role))
            .show_ui(ui, |ui| {
                for role in LayerRole::ALL {
                    ui.selectable_value(&mut settings.role, role, role_label(lang, role));
                }
            })
            .response
            .labelled_by(label.id);
        ui.end_row();
        for (meaning, text) in field_meanings(lang) {
            let slot = mapping_slot(&mut settings.mapping, meaning);
            let label = ui.label(text);
            let none = tr(lang, Key::NoField);
            field_picker(ui, ("map", meaning), label.id, layer, slot, none);
            ui.end_row();
        }
    });
}

/// Colour by role or by a field's values, and the label field.
fn style_ui(ui: &mut Ui, lang: Lang, layer: &Layer, draft: &mut SettingsDraft) {
    ui.label(RichText::new(tr(lang, Key::Style)).strong());
    let choice = &mut draft.settings.choice;
    egui::Grid::new("layer_style")
        .num_columns(2)
        .show(ui, |ui| {
            let label = ui.label(tr(lang, Key::ColourBy));
            let by_role = tr(lang, Key::ByRole);
            field_picker(
                ui,
                "by_field",
                label.id,
                layer,
                &mut choice.by_field,
                by_role,
            );
            ui.end_row();
            let label = ui.label(tr(lang, Key::LabelField));
            let name = tr(lang, Key::NameField);
            field_picker(
                ui,
                "label_field",
                label.id,
                layer,
                &mut choice.label_field,
                name,
            );
            ui.end_row();
        });
}

/// Encoding (DBF layers only) and CRS overrides; both read the file again.
fn reading_ui(ui: &mut Ui, lang: Lang, layer: &Layer, draft: &mut SettingsDraft) {
    ui.label(RichText::new(tr(lang, Key::Reading)).strong());
    egui::Grid::new("layer_reading")
        .num_columns(2)
        .show(ui, |ui| {
            if layer.encoding.is_some() {
                let label = ui.label(tr(lang, Key::Encoding));
                let enc = &mut draft.settings.encoding;
                let _ = egui::ComboBox::from_id_salt("encoding_pick")
                    .selected_text(enc.clone().unwrap_or_else(|| tr(lang, Key::Detect).into()))
                    .show_ui(ui, |ui| {
                        ui.selectable_value(enc, None, tr(lang, Key::Detect));
                        for e in ENCODINGS {
                            ui.selectable_value(enc, Some(e.to_string()), e);
                        }
                    })
                    .response
                    .labelled_by(label.id);
                ui.end_row();
            }
            let label = ui.label(tr(lang, Key::Crs));
            ui.add(
                egui::TextEdit::singleline(&mut draft.crs_text)
                    .hint_text(tr(lang, Key::CrsHint))
                    .desired_width(220.0),
            )
            .labelled_by(label.id);
            ui.end_row();
            // Lon/lat from a web map may be shifted (GCJ-02, BD-09): only geographic layers.
            if layer.crs.crs.geographic {
                use crate::model::project::LonlatSource;
                let label = ui.label(tr(lang, Key::LonlatSource));
                let source = &mut draft.settings.lonlat_source;
                let text = |s: Option<LonlatSource>| match s {
                    None | Some(LonlatSource::Wgs84) => tr(lang, Key::SourceCgcs2000),
                    Some(LonlatSource::Gcj02) => tr(lang, Key::SourceGcj02),
                    Some(LonlatSource::Bd09) => tr(lang, Key::SourceBd09),
                };
                let _ = egui::ComboBox::from_id_salt("lonlat_source_pick")
                    .selected_text(text(*source))
                    .show_ui(ui, |ui| {
                        for s in [None, Some(LonlatSource::Gcj02), Some(LonlatSource::Bd09)] {
                            ui.selectable_value(source, s, text(s));
                        }
                    })
                    .response
                    .labelled_by(label.id)
                    .on_hover_text(tr(lang, Key::LonlatSourceTip));
                ui.end_row();
            }
        });
    ui.label(RichText::new(tr(lang, Key::ReadingNote)).small().weak());
}

/// A combo box of the layer's fields plus "none" (shown as `none_label`), named for assistive
/// technology by the label `label_id`.
fn field_picker(
    ui: &mut Ui,
    id: impl egui::AsIdSalt,
    label_id: egui::Id,
    layer: &Layer,
    slot: &mut Option<String>,
    none_label: &str,
) {
    let shown = slot.clone().unwrap_or_else(|| none_label.to_string());
    let _ = egui::ComboBox::from_id_salt(id)
        .selected_text(shown)
        .width(200.0)
        .show_ui(ui, |ui| {
            ui.selectable_value(slot, None, none_label);
            for f in &layer.fields {
                ui.selectable_value(slot, Some(f.name.clone()), &f.name);
            }
        })
        .response
        .labelled_by(label_id);
}

/// The mapping entry for a meaning key of `field_meanings`.
fn mapping_slot<'a>(m: &'a mut FieldMapping, meaning: &str) -> &'a mut Option<String> {
    match meaning {
        "code" => &mut m.code,
        "name" => &mut m.name,
        "category" => &mut m.category,
        "subtype" => &mut m.subtype,
        "province" => &mut m.province,
        "city" => &mut m.city,
        "county" => &mut m.county,
        "req_spatial" => &mut m.req_spatial,
        "req_emission" => &mut m.req_emission,
        "req_risk" => &mut m.req_risk,
        "req_efficiency" => &mut m.req_efficiency,
        "level" => &mut m.level,
        "zone" => &mut m.zone,
        _ => &mut m.measures,
    }
}
