//! The basemap rows of the layers panel, below the data layers (as basemaps are drawn): each
//! with on/off, name (path, grid, offset, levels and source on hover), zoom-to, order, remove
//! and opacity, and what the last frame could not draw (tiles still reading, tiles that failed,
//! a level drawn from the nearest one, too many tiles at this scale).
//!
//! Not for opening basemaps (the add-layer box and the dialog hand paths to the app).

use egui::{Color32, RichText, Ui};

use crate::basemap::BasemapOffset;
use crate::present::basemap::{Word, grid_text, word};
use crate::ui::i18n::Lang;
use crate::ui::map::basemap::{BasemapAction, BasemapLayer, Basemaps};
use crate::ui::state::Action;

/// The rows, top basemap first; nothing when no basemap is open.
pub fn basemap_rows_ui(ui: &mut Ui, lang: Lang, basemaps: &Basemaps, actions: &mut Vec<Action>) {
    if basemaps.layers.is_empty() && !basemaps.opening() {
        return;
    }
    ui.separator();
    ui.horizontal(|ui| {
        ui.label(RichText::new(word(lang, Word::Basemaps)).strong());
        if basemaps.opening() {
            ui.spinner();
        }
    });
    let n = basemaps.layers.len();
    for (i, l) in basemaps.layers.iter().enumerate().rev() {
        row_ui(ui, lang, l, (i + 1 < n, i > 0), actions);
    }
}

fn row_ui(
    ui: &mut Ui,
    lang: Lang,
    l: &BasemapLayer,
    (can_up, can_down): (bool, bool),
    actions: &mut Vec<Action>,
) {
    let send = |actions: &mut Vec<Action>, a| actions.push(Action::Basemap(a));
    let info = &l.basemap.info;
    let offset = match l.basemap.offset {
        BasemapOffset::None => word(lang, Word::OffsetNone),
        BasemapOffset::Gcj02 => word(lang, Word::OffsetGcj02),
        BasemapOffset::Bd09 => word(lang, Word::OffsetBd09),
    };
    let levels = match (info.zooms.first(), info.zooms.last()) {
        (Some(a), Some(b)) => format!("{a}–{b}"),
        _ => "—".into(),
    };
    let hover = format!(
        "{}\n{}: {}\n{}: {offset}\n{}: {levels}\n{}: {}",
        l.basemap.path.display(),
        word(lang, Word::Grid),
        grid_text(lang, info.grid),
        word(lang, Word::Offset),
        word(lang, Word::Zooms),
        word(lang, Word::Attribution),
        info.attribution
            .as_deref()
            .unwrap_or(word(lang, Word::NoAttribution)),
    );
    let mut visible = l.visible;
    if ui
        .checkbox(&mut visible, RichText::new(&l.name).strong())
        .on_hover_text(hover)
        .changed()
    {
        send(actions, BasemapAction::SetVisible(l.id, visible));
    }
    ui.indent(("basemap", l.id), |ui| {
        let mut note = format!(
            "{} · {} {levels}",
            word(lang, Word::Basemap),
            word(lang, Word::Zooms)
        );
        if let Some((drawn, ideal, _)) = l.last_plan
            && drawn != ideal
        {
            note.push_str(&format!(" · z{drawn}{}", word(lang, Word::Enlarged)));
        }
        // One label whatever the state, so tiles arriving change its text but never the layout
        // (a widget appearing asks egui for another frame at once).
        if l.loading > 0 {
            note.push_str(" · ");
            note.push_str(word(lang, Word::Loading));
        }
        ui.label(RichText::new(note).small());
        if let Some((_, _, true)) = l.last_plan {
            ui.label(
                RichText::new(word(lang, Word::ZoomInForTiles))
                    .small()
                    .color(Color32::from_rgb(190, 120, 0)),
            );
        }
        if l.failed_tiles > 0 {
            let text = match lang {
                Lang::Zh => format!("{} 个瓦片无法显示（见消息）", l.failed_tiles),
                Lang::En => format!("{} tiles could not be drawn (see messages)", l.failed_tiles),
            };
            ui.label(
                RichText::new(text)
                    .small()
                    .color(Color32::from_rgb(200, 40, 40)),
            );
        }
        ui.horizontal(|ui| {
            if info.bounds_lonlat.is_some() && ui.small_button(word(lang, Word::ZoomTo)).clicked() {
                send(actions, BasemapAction::ZoomTo(l.id));
            }
            let up = ui.add_enabled(can_up, egui::Button::new("↑").small());
            if up.on_hover_text(word(lang, Word::MoveUp)).clicked() {
                send(actions, BasemapAction::Move(l.id, 1));
            }
            let down = ui.add_enabled(can_down, egui::Button::new("↓").small());
            if down.on_hover_text(word(lang, Word::MoveDown)).clicked() {
                send(actions, BasemapAction::Move(l.id, -1));
            }
            if ui
                .small_button("×")
                .on_hover_text(word(lang, Word::Remove))
                .clicked()
            {
                send(actions, BasemapAction::Remove(l.id));
            }
        });
        ui.horizontal(|ui| {
            let label = ui.label(RichText::new(word(lang, Word::Opacity)).small());
            let mut opacity = l.opacity;
            let slider = egui::Slider::new(&mut opacity, 0.0..=1.0).show_value(false);
            if ui.add(slider).labelled_by(label.id).changed() {
                send(actions, BasemapAction::SetOpacity(l.id, opacity));
            }
        });
    });
    ui.add_space(4.0);
}
