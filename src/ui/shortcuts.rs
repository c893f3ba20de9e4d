//! The keyboard, as a QGIS user expects it: arrow keys pan, +/− zoom, Home shows everything,
//! Ctrl+F goes to the find box, Ctrl+Z takes back the last layer change, Esc closes what is open.
//! None of them fire while a text box has the keyboard (typing "+" in a path is text), while a
//! confirmation or file dialog is open, or — Ctrl+Z and Esc — while a site is being drawn or a
//! measurement taken (those tools have their own undo and Esc, see `site::input`, `measure::input`).
//!
//! Not for what the actions do (see `AppState::apply`).

use egui::{Key, Modifiers};

use crate::ui::state::{Action, AppState};

/// How far one arrow key press moves the map, in screen points.
pub const ARROW_PAN_PX: f32 = 120.0;
/// How much one +/− press zooms.
pub const KEY_ZOOM_FACTOR: f64 = 2.0;
/// The find box's id salt (Ctrl+F gives it the keyboard).
pub const FIND_BOX_ID: &str = "find_box";

/// The actions this frame's key presses ask for.
pub fn shortcut_actions(ctx: &egui::Context, state: &AppState) -> Vec<Action> {
    if ctx.egui_wants_keyboard_input() || state.confirm.is_some() || state.dialogs.busy() {
        return Vec::new();
    }
    let tool_owns_keys = state.site.draw.active || state.measure.active;
    let mut actions = Vec::new();
    ctx.input(|i| {
        let pan = [
            (Key::ArrowLeft, egui::vec2(ARROW_PAN_PX, 0.0)),
            (Key::ArrowRight, egui::vec2(-ARROW_PAN_PX, 0.0)),
            (Key::ArrowUp, egui::vec2(0.0, ARROW_PAN_PX)),
            (Key::ArrowDown, egui::vec2(0.0, -ARROW_PAN_PX)),
        ];
        for (key, delta) in pan {
            if i.key_pressed(key) && i.modifiers.is_none() {
                actions.push(Action::PanBy(delta));
            }
        }
        if i.key_pressed(Key::Plus) || i.key_pressed(Key::Equals) {
            actions.push(Action::ZoomBy(KEY_ZOOM_FACTOR));
        }
        if i.key_pressed(Key::Minus) {
            actions.push(Action::ZoomBy(1.0 / KEY_ZOOM_FACTOR));
        }
        if i.key_pressed(Key::Home) {
            actions.push(Action::ZoomToExtent);
        }
        if i.modifiers.matches_logically(Modifiers::COMMAND) && i.key_pressed(Key::F) {
            actions.push(Action::FocusFind);
        }
        if tool_owns_keys {
            return;
        }
        if i.modifiers.matches_logically(Modifiers::COMMAND) && i.key_pressed(Key::Z) {
            actions.push(Action::Undo);
        }
        if i.key_pressed(Key::Escape) {
            if state.layer_settings.is_some() {
                actions.push(Action::CloseLayerSettings);
            } else if state.identify.is_some() {
                actions.push(Action::ClearIdentify);
            }
        }
    });
    actions
}
