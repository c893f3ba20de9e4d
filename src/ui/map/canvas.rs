//! The map canvas: a click becomes an action (identify, or a site vertex or measure point while
//! those tools are on), and the frame is painted: basemaps, the visible layers, the answers'
//! overlays, identify highlights, labels, the clicked point, the site, the measurement, the zoom
//! box, a scale bar and a north arrow. Both take the app's state read-only; what a frame changes
//! goes back as actions (panning and zooming are `nav`'s, tiles `basemap`'s).
//!
//! Not for deciding what a click means (the app applies the returned action) or for caching.

use egui::{Color32, Pos2, Rect, Response, Shape, Stroke, TextureHandle, Ui};

use crate::present::coords::scale_bar_length;
use crate::ui::i18n::{Key, tr};
use crate::ui::map::draw::{
    DrawStats, LayerPaint, highlight_shapes, layer_shapes, outline_budget_share,
};
use crate::ui::state::{Action, AppState};

/// What the pointer did on the canvas this frame.
pub struct PointerInput {
    pub actions: Vec<Action>,
    /// A site vertex is being dragged: the map must not pan.
    pub drag_taken: bool,
}

/// Turns the canvas's response into actions: the drawing and measuring tools' while they are on,
/// else a click identifies.
pub fn pointer_actions(
    ui: &Ui,
    response: &Response,
    canvas: Rect,
    state: &AppState,
) -> PointerInput {
    let mut actions = Vec::new();
    let drag_taken = crate::ui::site::input::draw_input(ui, response, canvas, state, &mut actions);
    crate::ui::measure::input::measure_input(ui, response, canvas, state, &mut actions);
    if response.clicked()
        && !state.dialogs.recently_closed()
        && !state.site.draw.active
        && !state.measure.active
        && let Some(pos) = response.interact_pointer_pos()
    {
        actions.push(Action::Identify(state.view.to_lonlat(canvas, pos)));
    }
    PointerInput {
        actions,
        drag_taken,
    }
}

/// What one frame paints beyond the app's state.
pub struct MapFrame<'a> {
    pub canvas: Rect,
    /// The hatch texture of hatched layers (reserves' core zones).
    pub hatch: Option<&'a TextureHandle>,
    /// The basemaps' tiles, already placed (see `basemap::Basemaps::frame_shapes`).
    pub basemap: Vec<Shape>,
    /// The shift-drag zoom box being drawn.
    pub zoom_box: Option<Rect>,
    pub pointer: Option<Pos2>,
}

/// Paints the map for `state` (bottom first) and says what it drew.
pub fn paint_map(painter: &egui::Painter, state: &AppState, frame: MapFrame<'_>) -> DrawStats {
    let MapFrame {
        canvas,
        hatch,
        basemap,
        zoom_box,
        pointer,
    } = frame;
    painter.rect_filled(canvas, 0.0, Color32::from_rgb(244, 242, 236));
    painter.with_clip_rect(canvas).extend(basemap);
    let mut shapes: Vec<Shape> = Vec::new();
    let mut stats = DrawStats::default();
    let shown = || state.layers.iter().filter(|l| l.visible && l.opacity > 0.0);
    // The answers' overlays (batch sites, changed units) count as one more layer when open.
    let overlays = usize::from(state.batch.open || state.diff.open);
    let outline_budget = outline_budget_share(shown().count() + overlays);
    for l in shown() {
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
            outline_budget,
        };
        stats += layer_shapes(&state.view, canvas, &paint, &mut shapes);
    }
    stats += crate::ui::map::overlay::answer_overlays(state, canvas, outline_budget, &mut shapes);
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
        painter,
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
    shapes.extend(crate::ui::site::shapes::site_shapes(state, canvas, pointer));
    shapes.extend(crate::ui::measure::shapes::measure_shapes(
        state, canvas, painter, pointer,
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
    scale_bar(painter, canvas, state.view.metres_per_point());
    north_arrow(painter, canvas, tr(state.lang, Key::North));
    stats
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
