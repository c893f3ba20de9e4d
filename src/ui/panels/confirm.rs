//! The confirmation box: asked before a layer is removed and before a file is written over.
//! Modal, so nothing else is clicked meanwhile; Enter confirms, Esc cancels.
//!
//! Not for deciding what needs asking (see `AppState::apply`: `Confirm` is set there).

use egui::RichText;

use crate::ui::i18n::{Key, tr};
use crate::ui::state::{Action, AppState, Confirm};

/// Draws the box when a confirmation is pending; returns the answer.
pub fn confirm_ui(ctx: &egui::Context, state: &AppState) -> Vec<Action> {
    let Some(confirm) = &state.confirm else {
        return Vec::new();
    };
    let lang = state.lang;
    let (title, subject, body, yes) = match confirm {
        Confirm::RemoveLayer(id) => (
            Key::ConfirmRemoveTitle,
            state
                .layer(*id)
                .map(|l| l.layer().name.clone())
                .unwrap_or_default(),
            Key::ConfirmRemoveBody,
            Key::Remove,
        ),
        Confirm::Overwrite(path, _) => (
            Key::ConfirmOverwriteTitle,
            path.display().to_string(),
            Key::ConfirmOverwriteBody,
            Key::Overwrite,
        ),
    };
    let mut actions = Vec::new();
    let modal = egui::Modal::new(egui::Id::unique("confirm_box")).show(ctx, |ui| {
        ui.set_max_width(420.0);
        ui.heading(tr(lang, title));
        ui.label(RichText::new(subject).strong());
        ui.label(tr(lang, body));
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            let yes = ui.button(tr(lang, yes));
            if yes.clicked() {
                actions.push(Action::ConfirmPending);
            }
            if ui.button(tr(lang, Key::Cancel)).clicked() {
                actions.push(Action::CancelPending);
            }
        });
        if ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            actions.push(Action::ConfirmPending);
        }
    });
    if modal.should_close() && actions.is_empty() {
        actions.push(Action::CancelPending);
    }
    actions.truncate(1);
    actions
}
