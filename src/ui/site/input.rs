//! Pointer and keys on the map while a site is drawn: click adds a vertex, double-click or Enter
//! closes the polygon, dragging a vertex moves it, right-click or Delete removes the vertex
//! under (or last before) the pointer, Ctrl+Z undoes, Esc cancels.
//!
//! Not for panning or zooming (the canvas keeps those; a drag away from vertices still pans).

use egui::{Key, Modifiers, Rect, Response, Ui};

use crate::ui::site::shapes::vertex_near;
use crate::ui::site::{DrawEdit, SiteAction};
use crate::ui::state::{Action, AppState};

/// How near (screen points) the pointer must be to grab a vertex.
pub const GRAB_RADIUS_PX: f32 = 8.0;

fn act(edit: DrawEdit) -> Action {
    Action::Site(SiteAction::Draw(edit))
}

/// Handles the canvas's response in drawing mode (the canvas then does not identify on click).
/// Returns true when it took the drag (a vertex is being moved), so the canvas must not pan.
/// Does nothing when not drawing.
pub fn draw_input(
    ui: &Ui,
    response: &Response,
    canvas: Rect,
    state: &AppState,
    actions: &mut Vec<Action>,
) -> bool {
    if !state.site.draw.active {
        return false;
    }
    let pointer = response.interact_pointer_pos().or(response.hover_pos());
    // Dragging a vertex: grab on drag start, move while dragging, release on stop.
    let grabbed = if response.drag_started()
        && let Some(origin) = ui.input(|i| i.pointer.press_origin())
        && let Some(i) = vertex_near(state, canvas, origin, GRAB_RADIUS_PX)
    {
        actions.push(act(DrawEdit::BeginMove(i)));
        Some(i)
    } else {
        None
    };
    let dragging = grabbed.or(state.site.draw.dragging);
    if let Some(i) = dragging {
        if let Some(p) = pointer
            && (response.dragged() || response.drag_stopped())
        {
            actions.push(act(DrawEdit::Move(i, state.view.to_lonlat(canvas, p))));
        }
        if response.drag_stopped() || !response.dragged() && !response.drag_started() {
            actions.push(act(DrawEdit::EndMove));
        }
    }
    let took_drag = dragging.is_some();
    // A double-click closes the polygon at the vertex its first click added; two quick clicks
    // at different places are just two vertices.
    let on_last = pointer.is_some_and(|p| {
        state
            .site
            .draw
            .vertices
            .last()
            .is_some_and(|c| state.view.to_screen(canvas, *c).distance(p) <= GRAB_RADIUS_PX)
    });
    if response.double_clicked() && on_last {
        actions.push(Action::Site(SiteAction::FinishDrawing));
    } else if response.clicked()
        && let Some(p) = pointer
    {
        actions.push(act(DrawEdit::Add(state.view.to_lonlat(canvas, p))));
    }
    if response.secondary_clicked()
        && let Some(p) = pointer
        && let Some(i) = vertex_near(state, canvas, p, GRAB_RADIUS_PX)
    {
        actions.push(act(DrawEdit::Remove(i)));
    }
    if response.hovered() || response.has_focus() {
        let (enter, esc, delete, undo) = ui.input(|i| {
            (
                i.key_pressed(Key::Enter),
                i.key_pressed(Key::Escape),
                i.key_pressed(Key::Delete) || i.key_pressed(Key::Backspace),
                i.modifiers.matches_logically(Modifiers::COMMAND) && i.key_pressed(Key::Z),
            )
        });
        if enter {
            actions.push(Action::Site(SiteAction::FinishDrawing));
        }
        if esc {
            actions.push(act(DrawEdit::Cancel));
        }
        if delete {
            let n = state.site.draw.vertices.len();
            let target = pointer
                .and_then(|p| vertex_near(state, canvas, p, GRAB_RADIUS_PX))
                .or(n.checked_sub(1));
            if let Some(i) = target {
                actions.push(act(DrawEdit::Remove(i)));
            }
        }
        if undo {
            actions.push(act(DrawEdit::Undo));
        }
    }
    took_drag
}
