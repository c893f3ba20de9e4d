//! The identify panel (right), a tree: the facts about the point (outside the data, in no unit,
//! dimensions not loaded), then per layer the features at the clicked point — unit code, name,
//! category, requirements level by level (collapsed), zone and measures, every attribute — and,
//! apart from them, the sensitive features nearby with their distance.
//!
//! Not for finding the features (the app asks the engine) or for highlighting them (the canvas).

use egui::{Color32, RichText, Ui};

use crate::model::Layer;
use crate::present::FeatureFacts;
use crate::present::coords::{dms, lonlat_decimal};
use crate::ui::i18n::{Key, Lang, category_label, colon, role_label, tr};
use crate::ui::state::{Action, AppState, Hit, LayerId};
use crate::ui::style::category_colour;
use crate::workspace::point_report::PointFact;

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
    facts_ui(ui, lang, &result.facts);
    // A new click starts at the top: the scroll state is keyed by the point.
    // The panel's width, never the content's: a wide table scrolls sideways on its own instead
    // of widening the panel (the map beside it must not jump).
    let panel_width = ui.available_width();
    egui::ScrollArea::vertical()
        .id_salt(("identify_scroll", p.x.to_bits(), p.y.to_bits()))
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.set_max_width(panel_width);
            let here = tr(lang, Key::AtThisPoint);
            ui.label(RichText::new(here).strong().size(15.0));
            if result.layers.is_empty() {
                ui.label(RichText::new(tr(lang, Key::NoHits)).weak());
            }
            for (id, hits) in &result.layers {
                layer_group_ui(ui, state, *id, hits, true, &mut actions);
            }
            if !result.nearby.is_empty() {
                ui.add_space(8.0);
                ui.label(
                    RichText::new(tr(lang, Key::NearbyNotContaining))
                        .strong()
                        .size(15.0),
                );
                for (id, near) in &result.nearby {
                    layer_group_ui(ui, state, *id, near, false, &mut actions);
                }
            }
        });
    actions
}

/// The facts about the point as a whole: outside the data, in no unit (amber), dimensions not
/// loaded, hidden or not applicable (grey).
fn facts_ui(ui: &mut Ui, lang: Lang, facts: &[PointFact]) {
    for fact in facts {
        let strong = matches!(
            fact,
            PointFact::InNoControlUnit | PointFact::OutsideLoadedData
        );
        let text = crate::present::point_fact_text(fact, lang);
        if strong {
            ui.label(
                RichText::new(format!("！{text}"))
                    .strong()
                    .color(Color32::from_rgb(170, 90, 0)),
            );
        } else {
            ui.label(RichText::new(text).weak());
        }
    }
    if !facts.is_empty() {
        ui.separator();
    }
}

/// One layer of the tree: its header, then each feature (hits open, nearby collapsed).
fn layer_group_ui(
    ui: &mut Ui,
    state: &AppState,
    id: LayerId,
    hits: &[Hit],
    are_hits: bool,
    actions: &mut Vec<Action>,
) {
    let lang = state.lang;
    let Some(l) = state.layer(id) else { return };
    let layer = l.layer();
    let header = RichText::new(format!(
        "{} · {} ({})",
        layer.name,
        role_label(lang, layer.role.role),
        hits.len()
    ))
    .strong()
    .color(if are_hits {
        Color32::from_rgb(30, 90, 160)
    } else {
        Color32::from_rgb(110, 110, 110)
    });
    egui::CollapsingHeader::new(header)
        .id_salt(("identify_layer", id, are_hits))
        .default_open(true)
        .show(ui, |ui| {
            for hit in hits {
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    if feature_ui(ui, lang, layer, hit) {
                        actions.push(Action::ZoomToFeature(id, hit.fid));
                    }
                });
            }
        });
}

/// One feature's details; true when the user asked to zoom to it.
fn feature_ui(ui: &mut Ui, lang: Lang, layer: &Layer, hit: &Hit) -> bool {
    let fid = hit.fid;
    let facts = FeatureFacts::of(lang, layer, hit.fid, hit.distance_m, &hit.requirements);
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
        // Level by level (province first), each collapsed with its count: a unit's full list is
        // screens long.
        let mut levels: Vec<crate::requirements::Level> =
            facts.requirements.iter().map(|(_, r)| r.level).collect();
        levels.dedup();
        for level in levels {
            let of_level: Vec<_> = facts
                .requirements
                .iter()
                .filter(|(_, r)| r.level == level)
                .collect();
            let title = match lang {
                Lang::Zh => format!("{}（{} 条）", level.label_zh(), of_level.len()),
                Lang::En => format!("{} ({})", level.label_en(), of_level.len()),
            };
            egui::CollapsingHeader::new(title)
                .id_salt(("reqs", layer.name.as_str(), fid, level as u8))
                .default_open(false)
                .show(ui, |ui| {
                    for (heading, r) in of_level {
                        ui.label(RichText::new(heading).color(Color32::from_rgb(120, 70, 20)))
                            .on_hover_text(&r.source);
                        ui.label(&r.text);
                    }
                });
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
