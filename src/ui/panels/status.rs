//! The status bar (bottom): cursor lon/lat in decimal and DMS, the scale, the language switch.
//!
//! Not for the scale bar drawn on the map (see `map::canvas`).

use egui::{RichText, Ui};

use crate::present::coords::{dms, lonlat_decimal};
use crate::ui::i18n::{Key, Lang, tr};
use crate::ui::state::{Action, AppState};

/// Shows the status bar; returns what the user asked for.
pub fn status_bar_ui(ui: &mut Ui, state: &AppState) -> Vec<Action> {
    let lang = state.lang;
    let mut actions = Vec::new();
    ui.horizontal(|ui| {
        if ui.button(tr(lang, Key::Language)).clicked() {
            actions.push(Action::SetLanguage(match lang {
                Lang::Zh => Lang::En,
                Lang::En => Lang::Zh,
            }));
        }
        ui.separator();
        match state.cursor_lonlat {
            Some(c) => {
                ui.monospace(lonlat_decimal(c.x, c.y));
                ui.separator();
                ui.monospace(format!("{} {}", dms(c.x, true), dms(c.y, false)));
                if let Some(xy) = &state.cursor_xy {
                    ui.separator();
                    ui.monospace(format!("X {:.2}  Y {:.2}", xy.x_north_m, xy.y_east_m))
                        .on_hover_text(&xy.crs_label);
                }
            }
            None => {
                ui.monospace("—");
            }
        }
        ui.separator();
        let m_per_pt = state.view.metres_per_point();
        let fraction = crate::present::coords::scale_fraction_text(m_per_pt).unwrap_or_default();
        ui.label(RichText::new(format!("{} {fraction}", tr(lang, Key::Scale))).weak())
            .on_hover_text(format!(
                "{}{}",
                tr(lang, Key::ScaleAssumption),
                metres_text(m_per_pt)
            ));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            // The project's name is in the title bar and the layers panel; here it crowded the
            // scale out of a 1024 px window.
            ui.label(RichText::new("CGCS2000").small().weak());
        });
    });
    actions
}

fn metres_text(m: f64) -> String {
    if m >= 1000.0 {
        format!("{:.1} km", m / 1000.0)
    } else if m >= 1.0 {
        format!("{m:.1} m")
    } else {
        format!("{:.0} cm", m * 100.0)
    }
}
