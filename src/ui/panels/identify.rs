//! The identify panel (right): per layer, the features at the clicked point — unit code, name,
//! category, the four requirement texts in full, zone and measures for reserves and water
//! sources, the distance for lines and points found near the click, and every attribute.
//!
//! Not for finding the features (the app asks the engine) or for highlighting them (the canvas).

use egui::{Color32, RichText, Ui};

use crate::model::Layer;
use crate::ui::app::{Action, AppState, Hit};
use crate::ui::format::{dms, lonlat_decimal};
use crate::ui::i18n::{Key, Lang, category_label, colon, role_label, tr};
use crate::ui::identify_facts::FeatureFacts;
use crate::ui::style::category_colour;

/// Shows the panel's contents; returns what the user asked for.
pub fn identify_panel_ui(ui: &mut Ui, state: &AppState) -> Vec<Action> {
    let lang = state.lang;
    let mut actions = Vec::new();
    ui.horizontal(|ui| {
        ui.heading(tr(lang, Key::Identify));
        if let Some(result) = &state.identify {
            if ui.button(tr(lang, Key::Clear)).clicked() {
                actions.push(Action::ClearIdentify);
            }
            if ui.button(tr(lang, Key::CopyText)).clicked() {
                let text = crate::ui::identify_text::identify_text(state, result);
                ui.ctx().copy_text(text);
                actions.push(Action::Notify(tr(lang, Key::Copied).to_string()));
            }
        }
    });
    ui.separator();
    let Some(result) = &state.identify else {
        ui.label(tr(lang, Key::IdentifyHint));
        return actions;
    };
    let p = result.lonlat;
    ui.label(lonlat_decimal(p.x, p.y));
    ui.label(RichText::new(format!("{}  {}", dms(p.x, true), dms(p.y, false))).weak());
    ui.separator();
    if result.layers.is_empty() {
        ui.label(tr(lang, Key::NoHits));
        return actions;
    }
    egui::ScrollArea::vertical()
        .id_salt("identify_scroll")
        .show(ui, |ui| {
            for (id, hits) in &result.layers {
                let Some(l) = state.layer(*id) else { continue };
                let layer = l.layer();
                ui.label(
                    RichText::new(format!(
                        "{} · {}",
                        layer.name,
                        role_label(lang, layer.role.role)
                    ))
                    .strong()
                    .color(Color32::from_rgb(30, 90, 160)),
                );
                for hit in hits {
                    egui::Frame::group(ui.style()).show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        if feature_ui(ui, lang, layer, hit) {
                            actions.push(Action::ZoomToFeature(*id, hit.fid));
                        }
                    });
                }
                ui.add_space(6.0);
            }
        });
    actions
}

/// One feature's details; true when the user asked to zoom to it.
fn feature_ui(ui: &mut Ui, lang: Lang, layer: &Layer, hit: &Hit) -> bool {
    let fid = hit.fid;
    let facts = FeatureFacts::of(lang, layer, hit);
    let colon = colon(lang);
    let mut zoom = false;
    ui.horizontal_wrapped(|ui| {
        if facts.has_name {
            ui.label(RichText::new(&facts.name).size(16.0).strong());
        } else {
            ui.label(RichText::new(&facts.name).weak());
        }
        zoom = ui.small_button(tr(lang, Key::ZoomToFeature)).clicked();
    });
    if let Some(code) = &facts.code {
        ui.label(format!("{}{colon}{code}", tr(lang, Key::Code)));
    }
    if let Some(cat) = facts.category {
        ui.horizontal(|ui| {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 2.0, category_colour(cat));
            let text = cat.map(|c| category_label(lang, c)).unwrap_or("—");
            ui.label(format!("{}{colon}{text}", tr(lang, Key::Category)));
        });
    }
    if let Some(zone) = &facts.zone {
        ui.label(format!("{}{colon}{zone}", tr(lang, Key::Zone)));
    }
    if let Some(level) = &facts.level {
        ui.label(format!("{}{colon}{level}", tr(lang, Key::Level)));
    }
    if let Some(distance) = &facts.distance {
        ui.label(RichText::new(distance).color(Color32::from_rgb(180, 90, 0)));
    }
    if !facts.requirements.is_empty() {
        ui.add_space(4.0);
        ui.label(RichText::new(tr(lang, Key::Requirements)).strong());
        for (heading, r) in &facts.requirements {
            ui.label(RichText::new(heading).color(Color32::from_rgb(120, 70, 20)))
                .on_hover_text(&r.source);
            ui.label(&r.text);
        }
    }
    if let Some(measures) = &facts.measures {
        ui.label(RichText::new(tr(lang, Key::Measures)).strong());
        ui.label(measures);
    }
    egui::CollapsingHeader::new(tr(lang, Key::Attributes))
        .id_salt(("attrs", layer.name.as_str(), fid))
        .show(ui, |ui| {
            egui::Grid::new(("attr_grid", layer.name.as_str(), fid))
                .striped(true)
                .num_columns(2)
                .show(ui, |ui| {
                    for (name, value) in layer.attributes(fid) {
                        ui.label(RichText::new(name).weak());
                        ui.add(egui::Label::new(value.as_text().unwrap_or_default()).wrap());
                        ui.end_row();
                    }
                });
        });
    zoom
}
