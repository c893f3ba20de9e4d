//! Feature labels (unit names) on the map: shown for features wide enough on screen for their
//! text, top layer first, skipping any label that would overlap one already placed.
//!
//! Not for choosing label positions (the mesh cache holds one point per polygon).

use egui::{Color32, FontId, Painter, Rect, Shape};

use crate::ui::app::MapLayer;
use crate::ui::map::view::MapView;

/// At most this many labels per frame, to keep a zoomed-out province cheap.
const MAX_LABELS: usize = 400;
/// A quick lower bound of a label's width per character, to skip laying out hopeless labels.
const MIN_PX_PER_CHAR: f32 = 7.0;

/// Labels of the visible layers' features as shapes; `painter` lays the text out.
pub fn label_shapes(
    view: &MapView,
    canvas: Rect,
    layers: &[MapLayer],
    painter: &Painter,
) -> Vec<Shape> {
    let visible = view.visible_lonlat(canvas);
    let mut placed: Vec<Rect> = Vec::new();
    let mut shapes = Vec::new();
    for l in layers.iter().rev().filter(|l| l.visible && l.opacity > 0.0) {
        let (mesh, style) = (&l.ready.mesh, &l.ready.style);
        for (fid, span) in mesh.features.iter().enumerate() {
            if placed.len() >= MAX_LABELS {
                return shapes;
            }
            let (Some(anchor), Some(bbox)) = (span.label_lonlat, span.bbox_lonlat) else {
                continue;
            };
            let inside = (visible.min().x..=visible.max().x).contains(&anchor.x)
                && (visible.min().y..=visible.max().y).contains(&anchor.y);
            if !inside || l.legend.hides(fid) {
                continue;
            }
            let Some(Some(text)) = style.labels.get(fid) else {
                continue;
            };
            let width_px = (bbox.width() * view.lon_factor * view.px_per_deg) as f32;
            if width_px < MIN_PX_PER_CHAR * text.chars().count() as f32 {
                continue;
            }
            let galley = painter.layout_no_wrap(
                text.clone(),
                FontId::proportional(12.0),
                Color32::from_gray(20),
            );
            if galley.size().x + 8.0 > width_px {
                continue;
            }
            let centre = view.to_screen(canvas, anchor);
            let rect = Rect::from_center_size(centre, galley.size()).expand(2.0);
            if !canvas.contains_rect(rect) || placed.iter().any(|r| r.intersects(rect)) {
                continue;
            }
            placed.push(rect);
            shapes.push(Shape::rect_filled(
                rect,
                2.0,
                Color32::from_white_alpha(170),
            ));
            shapes.push(Shape::galley(
                rect.min + egui::vec2(2.0, 2.0),
                galley,
                Color32::from_gray(20),
            ));
        }
    }
    shapes
}
