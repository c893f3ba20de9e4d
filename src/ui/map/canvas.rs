//! The map canvas widget: turns pointer and keys into view changes (drag pans, shift-drag zooms
//! to a box, wheel and pinch zoom about the cursor, +/- zoom, Home shows everything) and a click
//! into an identify request (or a site vertex or measure point while those tools are on), then
//! paints the visible layers, the identify highlights, labels, the clicked point, the site, the
//! measurement and a scale bar.
//!
//! Not for deciding what a click means (the app applies the returned action) or for caching.

use egui::{Color32, Pos2, Sense, Shape, Stroke, TextureHandle, Ui};
use geo::Coord;

use crate::present::coords::scale_bar_length;
use crate::ui::i18n::{Key, tr};
use crate::ui::map::draw::{DrawStats, LayerPaint, highlight_shapes, layer_shapes};
use crate::ui::state::{Action, AppState};

/// Zoom factor per point of wheel scroll.
const WHEEL_ZOOM_PER_POINT: f64 = 0.0025;

/// What the canvas reports for the frame.
pub struct CanvasOutput {
    pub actions: Vec<Action>,
    /// The lon/lat under the pointer, when over the canvas.
    pub hover_lonlat: Option<Coord<f64>>,
    pub stats: DrawStats,
}

/// Shows the map filling `ui`'s remaining space. The view is the canvas's own to change (pan and
/// zoom); everything else goes back as actions.
pub fn map_canvas_ui(
    ui: &mut Ui,
    state: &mut AppState,
    hatch: Option<&TextureHandle>,
) -> CanvasOutput {
    let size = ui.available_size();
    let (response, painter) = ui.allocate_painter(size, Sense::click_and_drag());
    let canvas = response.rect;
    let first_canvas = state.canvas.is_none();
    state.canvas = Some(canvas);
    if first_canvas && !state.layers.is_empty() {
        state.zoom_to_extent();
    }
    let mut actions = Vec::new();

    // Shift-drag draws a box to zoom to; a plain drag pans.
    let shift = ui.input(|i| i.modifiers.shift);
    if response.drag_started() && shift {
        state.zoom_box_start = ui.input(|i| i.pointer.press_origin());
    }
    let mut zoom_box = None;
    match (state.zoom_box_start, response.interact_pointer_pos()) {
        (Some(start), Some(now)) if response.dragged() || response.drag_stopped() => {
            zoom_box = Some(egui::Rect::from_two_pos(start, now));
        }
        _ => {}
    }
    let site_drag = crate::ui::site::input::draw_input(ui, &response, canvas, state, &mut actions);
    crate::ui::measure::input::measure_input(ui, &response, canvas, state, &mut actions);
    // A pan keeps the lon/lat first pressed under the pointer, including the few points moved
    // before egui calls it a drag.
    if response.drag_started() && state.zoom_box_start.is_none() && !site_drag {
        let origin = ui.input(|i| i.pointer.press_origin());
        state.pan_anchor_lonlat = origin.map(|o| state.view.to_lonlat(canvas, o));
    }
    if let (Some(anchor), Some(now), true) = (
        state.pan_anchor_lonlat,
        response.interact_pointer_pos(),
        response.dragged(),
    ) {
        let held = state.view.to_screen(canvas, anchor);
        state.view.pan(now - held);
    }
    if response.drag_stopped() {
        state.pan_anchor_lonlat = None;
    }
    if response.drag_stopped() && state.zoom_box_start.take().is_some() {
        if let Some(b) = zoom_box.filter(|b| b.width() > 4.0 && b.height() > 4.0) {
            let a = state.view.to_lonlat(canvas, b.left_bottom());
            let c = state.view.to_lonlat(canvas, b.right_top());
            state.view.fit(canvas, geo::Rect::new(a, c), 0.0);
        }
        zoom_box = None;
    }
    let hover = response.hover_pos();
    if let Some(pos) = hover {
        let (scroll, pinch) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
        let factor = (f64::from(scroll) * WHEEL_ZOOM_PER_POINT).exp() * f64::from(pinch);
        if (factor - 1.0).abs() > 1e-6 {
            state.view.zoom_about(canvas, pos, factor);
        }
    }
    if response.clicked()
        && !state.dialogs.recently_closed()
        && !state.site.draw.active
        && !state.measure.active
        && let Some(pos) = response.interact_pointer_pos()
    {
        actions.push(Action::Identify(state.view.to_lonlat(canvas, pos)));
    }

    // Paint: background, layers bottom first, highlights, click marker, scale bar.
    painter.rect_filled(canvas, 0.0, Color32::from_rgb(244, 242, 236));
    crate::ui::map::basemap::paint_basemaps(&painter, canvas, state);
    let mut shapes: Vec<Shape> = Vec::new();
    let mut stats = DrawStats::default();
    for l in state.layers.iter().filter(|l| l.visible && l.opacity > 0.0) {
        let paint = LayerPaint {
            mesh: l.ready.mesh.level_for(state.view.px_per_deg),
            style: &l.ready.style,
            opacity: l.opacity,
            hatch: l
                .ready
                .style
                .hatched
                .then(|| hatch.map(|h| h.id()))
                .flatten(),
            hidden: &l.legend.hidden_fids,
        };
        stats += layer_shapes(&state.view, canvas, &paint, &mut shapes);
    }
    stats += crate::ui::map::overlay::answer_overlays(state, canvas, &mut shapes);
    if let Some(result) = &state.identify {
        for (id, hits) in &result.layers {
            if let Some(l) = state.layer(*id) {
                let fids: Vec<usize> = hits.iter().map(|h| h.fid).collect();
                highlight_shapes(&state.view, canvas, &l.ready.mesh, &fids, &mut shapes);
            }
        }
    }
    // Labels above the highlights so names stay legible; the clicked point above everything.
    shapes.extend(crate::ui::map::labels::label_shapes(
        &state.view,
        canvas,
        &state.layers,
        &painter,
    ));
    if let Some(result) = &state.identify {
        let p = state.view.to_screen(canvas, result.lonlat);
        shapes.push(Shape::circle_filled(p, 5.0, Color32::from_rgb(220, 30, 30)));
        shapes.push(Shape::circle_stroke(
            p,
            5.0,
            Stroke::new(1.5, Color32::WHITE),
        ));
    }
    shapes.extend(crate::ui::site::shapes::site_shapes(state, canvas, hover));
    shapes.extend(crate::ui::measure::shapes::measure_shapes(
        state, canvas, &painter, hover,
    ));
    if let Some(b) = zoom_box {
        shapes.push(Shape::rect_filled(
            b,
            0.0,
            Color32::from_rgba_unmultiplied(0, 120, 220, 40),
        ));
        shapes.push(Shape::rect_stroke(
            b,
            0.0,
            Stroke::new(1.5, Color32::from_rgb(0, 120, 220)),
            egui::StrokeKind::Inside,
        ));
    }
    painter.with_clip_rect(canvas).extend(shapes);
    scale_bar(&painter, canvas, state.view.metres_per_point());
    north_arrow(&painter, canvas, tr(state.lang, Key::North));

    CanvasOutput {
        actions,
        hover_lonlat: hover.map(|p| state.view.to_lonlat(canvas, p)),
        stats,
    }
}

/// A north arrow in the upper right corner. The view is lon/lat with north up everywhere, so
/// the arrow always points straight up.
fn north_arrow(painter: &egui::Painter, canvas: egui::Rect, label: &str) {
    let tip = Pos2::new(canvas.right() - 28.0, canvas.top() + 14.0);
    let ink = Color32::from_gray(30);
    let left = tip + egui::vec2(-9.0, 26.0);
    let right = tip + egui::vec2(9.0, 26.0);
    let notch = tip + egui::vec2(0.0, 19.0);
    painter.circle_filled(
        tip + egui::vec2(0.0, 18.0),
        20.0,
        Color32::from_white_alpha(180),
    );
    painter.add(Shape::convex_polygon(
        vec![tip, notch, left],
        ink,
        Stroke::NONE,
    ));
    painter.add(Shape::convex_polygon(
        vec![tip, right, notch],
        Color32::WHITE,
        Stroke::new(1.0, ink),
    ));
    painter.text(
        tip + egui::vec2(0.0, 28.0),
        egui::Align2::CENTER_TOP,
        label,
        egui::FontId::proportional(11.0),
        ink,
    );
}

/// A scale bar in the lower left corner, at most 120 points long.
fn scale_bar(painter: &egui::Painter, canvas: egui::Rect, metres_per_point: f64) {
    let Some((len_m, label)) = scale_bar_length(120.0 * metres_per_point) else {
        return;
    };
    let len_px = (len_m / metres_per_point) as f32;
    let left = Pos2::new(canvas.left() + 16.0, canvas.bottom() - 16.0);
    let right = left + egui::vec2(len_px, 0.0);
    let ink = Stroke::new(2.0, Color32::from_gray(30));
    painter.rect_filled(
        egui::Rect::from_min_max(left - egui::vec2(6.0, 24.0), right + egui::vec2(6.0, 6.0)),
        3.0,
        Color32::from_white_alpha(200),
    );
    painter.line_segment([left, right], ink);
    painter.line_segment([left, left - egui::vec2(0.0, 6.0)], ink);
    painter.line_segment([right, right - egui::vec2(0.0, 6.0)], ink);
    painter.text(
        Pos2::new((left.x + right.x) / 2.0, left.y - 8.0),
        egui::Align2::CENTER_BOTTOM,
        label,
        egui::FontId::proportional(12.0),
        Color32::from_gray(30),
    );
}
