//! Moving the map: a drag pans (the lon/lat first pressed stays under the pointer), a shift-drag
//! draws a box to zoom to, the wheel and a pinch zoom about the pointer. It changes only the
//! view and its own drag memory, so the canvas that paints afterwards can take the app's state
//! read-only.
//!
//! Not for clicks (they become actions in `canvas::pointer_actions`) or keys (+/-/Home are
//! shortcuts the app applies).

use egui::{Pos2, Rect, Response, Ui};
use geo::Coord;

use crate::ui::map::MapView;

/// Zoom factor per point of wheel scroll.
const WHEEL_ZOOM_PER_POINT: f64 = 0.0025;

/// What a drag across frames must remember.
#[derive(Debug, Clone, Copy, Default)]
pub struct MapDrag {
    /// Where a shift-drag zoom box started (screen points), while one is being drawn.
    pub zoom_box_start: Option<Pos2>,
    /// The lon/lat held under the pointer while the map is dragged.
    pub pan_anchor_lonlat: Option<Coord<f64>>,
}

/// Applies this frame's pan and zoom to `view`. `drag_taken` says another tool (a site vertex
/// being moved) has the drag, so it must not pan. Returns the zoom box being drawn, to paint.
pub fn navigate(
    ui: &Ui,
    response: &Response,
    canvas: Rect,
    view: &mut MapView,
    drag: &mut MapDrag,
    drag_taken: bool,
) -> Option<Rect> {
    let shift = ui.input(|i| i.modifiers.shift);
    if response.drag_started() && shift && !drag_taken {
        drag.zoom_box_start = ui.input(|i| i.pointer.press_origin());
    }
    let mut zoom_box = match (drag.zoom_box_start, response.interact_pointer_pos()) {
        (Some(start), Some(now)) if response.dragged() || response.drag_stopped() => {
            Some(Rect::from_two_pos(start, now))
        }
        _ => None,
    };
    // A pan keeps the lon/lat first pressed under the pointer, including the few points moved
    // before egui calls it a drag.
    if response.drag_started() && drag.zoom_box_start.is_none() && !drag_taken {
        let origin = ui.input(|i| i.pointer.press_origin());
        drag.pan_anchor_lonlat = origin.map(|o| view.to_lonlat(canvas, o));
    }
    if let (Some(anchor), Some(now), true) = (
        drag.pan_anchor_lonlat,
        response.interact_pointer_pos(),
        response.dragged(),
    ) {
        let held = view.to_screen(canvas, anchor);
        view.pan(now - held);
    }
    if response.drag_stopped() {
        drag.pan_anchor_lonlat = None;
    }
    if response.drag_stopped() && drag.zoom_box_start.take().is_some() {
        if let Some(b) = zoom_box.filter(|b| b.width() > 4.0 && b.height() > 4.0) {
            let a = view.to_lonlat(canvas, b.left_bottom());
            let c = view.to_lonlat(canvas, b.right_top());
            view.fit(canvas, geo::Rect::new(a, c), 0.0);
        }
        zoom_box = None;
    }
    if let Some(pos) = response.hover_pos() {
        let (scroll, pinch) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
        let factor = (f64::from(scroll) * WHEEL_ZOOM_PER_POINT).exp() * f64::from(pinch);
        if (factor - 1.0).abs() > 1e-6 {
            view.zoom_about(canvas, pos, factor);
        }
    }
    zoom_box
}
