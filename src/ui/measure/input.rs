//! Pointer and keys on the map while measuring: a click adds a point, a double-click on the last
//! point or Enter finishes, Backspace or Delete removes the last point, Esc leaves the tool
//! (keys wherever the pointer is, unless a text box has the keyboard or a menu is open).
//!
//! Not for panning or zooming: the canvas keeps those, so dragging still pans while measuring.

use egui::{Key, Rect, Response, Ui};

use crate::ui::measure::MeasureAction;
use crate::ui::state::{Action, AppState};

/// How near (screen points) the pointer must be to the last point for a double-click to finish.
pub const FINISH_RADIUS_PX: f32 = 8.0;

fn act(a: MeasureAction) -> Action {
    Action::Measure(a)
}

/// Turns the canvas's response into measure actions; does nothing when the tool is off (the
/// canvas then identifies on click instead).
pub fn measure_input(
    ui: &Ui,
    response: &Response,
    canvas: Rect,
    state: &AppState,
    actions: &mut Vec<Action>,
) {
    // Every text box is drawn before the map, so this is the frame's last word on typing; an Esc
    // that closes a text box has taken its focus away before the map sees the key, so the map
    // also asks whether a text box had the keyboard at the end of the last frame.
    let typing_id = egui::Id::unique("measure_keys_typing");
    let typing_now = ui.ctx().text_edit_focused();
    let typing_before = ui.data_mut(|d| {
        let before = d.get_temp::<bool>(typing_id).unwrap_or(false);
        d.insert_temp(typing_id, typing_now);
        before
    });
    let m = &state.measure;
    if !m.active {
        return;
    }
    let pointer = response.interact_pointer_pos().or(response.hover_pos());
    // A double-click's first click added the point it lands on; two quick clicks at different
    // places are just two points. egui calls a double-click that comes soon after another click a
    // triple click (whatever the distance), so that finishes too.
    let on_last = pointer.is_some_and(|p| {
        m.vertices
            .last()
            .is_some_and(|c| state.view.to_screen(canvas, *c).distance(p) <= FINISH_RADIUS_PX)
    });
    if (response.double_clicked() || response.triple_clicked()) && on_last && !m.finished {
        actions.push(act(MeasureAction::Finish));
    } else if response.clicked()
        && let Some(p) = pointer
    {
        actions.push(act(MeasureAction::Add(state.view.to_lonlat(canvas, p))));
    }
    // Keys work wherever the pointer is (the figures panel lies over the map, and a user who just
    // switched to area presses Esc there), but never while a text box is being typed in or a
    // menu is open (its Esc closes the menu, not the measurement).
    if !typing_now && !typing_before && !egui::Popup::is_any_open(ui.ctx()) {
        let (enter, esc, back) = ui.input(|i| {
            (
                i.key_pressed(Key::Enter),
                i.key_pressed(Key::Escape),
                i.key_pressed(Key::Backspace) || i.key_pressed(Key::Delete),
            )
        });
        if enter {
            actions.push(act(MeasureAction::Finish));
        }
        if back {
            actions.push(act(MeasureAction::RemoveLast));
        }
        if esc {
            actions.push(act(MeasureAction::End));
        }
    }
}
