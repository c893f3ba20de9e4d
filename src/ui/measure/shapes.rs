//! What the measure tool adds to the map: the measured path or polygon (a translucent fill when
//! it encloses an area), the rubber band to the pointer while points are being added, the
//! points, and each segment's length at its middle.
//!
//! Not for the figures' panel (see `overlay`); lengths come from the engine, not from pixels.

use egui::{Color32, FontId, Painter, Pos2, Rect, Shape, Stroke};
use geo::{LineString, Polygon, TriangulateEarcut};

use crate::ui::measure::{MeasureMode, length_text};
use crate::ui::state::AppState;

/// The measure tool's ink: orange, apart from the site's magenta and the layers' colours.
pub const MEASURE_INK: Color32 = Color32::from_rgb(235, 110, 0);

/// The tool's shapes for the current view, drawn above the layers and the site.
pub fn measure_shapes(
    state: &AppState,
    canvas: Rect,
    painter: &Painter,
    pointer: Option<Pos2>,
) -> Vec<Shape> {
    let m = &state.measure;
    let mut out = Vec::new();
    if m.vertices.is_empty() {
        return out;
    }
    let pts: Vec<Pos2> = m
        .vertices
        .iter()
        .map(|c| state.view.to_screen(canvas, *c))
        .collect();
    let stroke = Stroke::new(2.5, MEASURE_INK);
    let closed = m.mode == MeasureMode::Area;
    if closed && m.area().is_ok() {
        out.push(fill(&pts));
    }
    // The rubber band: from the last point to the pointer (and back to the first for an area),
    // which then stands in for the closing edge.
    let band: Option<Vec<Pos2>> = match (pointer.filter(|p| canvas.contains(*p)), pts.last()) {
        (Some(p), Some(&last)) if m.active && !m.finished => {
            let mut band = vec![last, p];
            if closed && pts.len() > 1 {
                band.push(pts[0]);
            }
            Some(band)
        }
        _ => None,
    };
    let halo = Stroke::new(4.5, Color32::from_white_alpha(200));
    let mut line = pts.clone();
    if closed && pts.len() > 2 && band.is_none() {
        line.push(pts[0]);
    }
    out.push(Shape::line(line.clone(), halo));
    out.push(Shape::line(line, stroke));
    if let Some(band) = band {
        out.extend(Shape::dashed_line(&band, stroke, 6.0, 4.0));
    }
    if m.mode == MeasureMode::Distance {
        for (w, length_m) in pts.windows(2).zip(m.path().segments_m) {
            label(
                painter,
                w[0].lerp(w[1], 0.5),
                &length_text(length_m),
                &mut out,
            );
        }
    }
    for p in pts {
        out.push(Shape::circle_filled(p, 4.0, Color32::WHITE));
        out.push(Shape::circle_stroke(p, 4.0, Stroke::new(2.0, MEASURE_INK)));
    }
    out
}

/// A translucent fill of a simple polygon (earcut in screen space: it may be concave).
fn fill(pts: &[Pos2]) -> Shape {
    let ring: LineString<f64> = pts
        .iter()
        .map(|p| (f64::from(p.x), f64::from(p.y)))
        .collect();
    let raw = Polygon::new(ring, vec![]).earcut_triangles_raw();
    let mut mesh = egui::Mesh::default();
    let colour = Color32::from_rgba_unmultiplied(235, 110, 0, 50);
    for v in &raw.vertices {
        mesh.colored_vertex(Pos2::new(v[0] as f32, v[1] as f32), colour);
    }
    for t in raw.triangle_indices.chunks_exact(3) {
        mesh.add_triangle(t[0] as u32, t[1] as u32, t[2] as u32);
    }
    Shape::mesh(mesh)
}

/// `text` centred at `at` on a pale box, so it reads over any layer.
fn label(painter: &Painter, at: Pos2, text: &str, out: &mut Vec<Shape>) {
    let ink = Color32::from_rgb(120, 50, 0);
    let galley = painter.layout_no_wrap(text.to_string(), FontId::proportional(12.0), ink);
    let rect = Rect::from_center_size(at, galley.size()).expand(2.0);
    out.push(Shape::rect_filled(
        rect,
        2.0,
        Color32::from_white_alpha(210),
    ));
    out.push(Shape::galley(rect.min + egui::vec2(2.0, 2.0), galley, ink));
}
