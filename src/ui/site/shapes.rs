//! What the site adds to the map: the radius ring (dashed), the overlap pieces of protected
//! areas (red), the site outline, and while drawing the vertices and the rubber band.
//!
//! Not for caching map layers (see `map::mesh`): a site has few vertices, projected each frame.

use egui::{Color32, Pos2, Rect, Shape, Stroke};
use geo::{Coord, LineString, MultiPolygon};

use crate::ui::map::view::MapView;
use crate::ui::state::AppState;

/// Outline colour of the site.
pub const SITE_INK: Color32 = Color32::from_rgb(200, 20, 160);
/// Colour of the radius ring.
pub const RING_INK: Color32 = Color32::from_rgb(40, 90, 200);

fn ring_points(view: &MapView, canvas: Rect, ring: &LineString<f64>) -> Vec<Pos2> {
    ring.0.iter().map(|c| view.to_screen(canvas, *c)).collect()
}

fn outline(
    view: &MapView,
    canvas: Rect,
    mp: &MultiPolygon<f64>,
    stroke: Stroke,
    dashed: bool,
    out: &mut Vec<Shape>,
) {
    for p in &mp.0 {
        for ring in std::iter::once(p.exterior()).chain(p.interiors()) {
            let pts = ring_points(view, canvas, ring);
            if dashed {
                out.extend(Shape::dashed_line(&pts, stroke, 8.0, 5.0));
            } else {
                out.push(Shape::line(pts, stroke));
            }
        }
    }
}

/// The site's shapes for the current view, drawn above the layers.
pub fn site_shapes(state: &AppState, canvas: Rect, pointer: Option<Pos2>) -> Vec<Shape> {
    let view = &state.view;
    let mut out = Vec::new();
    if let Some(r) = &state.site.result {
        if let Some(ring) = &r.ring_lonlat {
            outline(
                view,
                canvas,
                ring,
                Stroke::new(1.5, RING_INK),
                true,
                &mut out,
            );
        }
        match &r.site.geometry {
            geo::Geometry::MultiPolygon(mp) => outline(
                view,
                canvas,
                mp,
                Stroke::new(2.5, SITE_INK),
                false,
                &mut out,
            ),
            geo::Geometry::Polygon(p) => outline(
                view,
                canvas,
                &MultiPolygon::new(vec![p.clone()]),
                Stroke::new(2.5, SITE_INK),
                false,
                &mut out,
            ),
            g => {
                use geo::CoordsIter;
                let pts: Vec<Pos2> = g.coords_iter().map(|c| view.to_screen(canvas, c)).collect();
                if pts.len() > 1 {
                    out.push(Shape::line(pts.clone(), Stroke::new(2.5, SITE_INK)));
                }
                for p in pts {
                    out.push(Shape::circle_filled(p, 4.0, SITE_INK));
                }
            }
        }
    }
    let d = &state.site.draw;
    // Vertex handles and the rubber band only while drawing; the closed site is drawn above.
    if d.active {
        let pts: Vec<Pos2> = d
            .vertices
            .iter()
            .map(|c| view.to_screen(canvas, *c))
            .collect();
        let mut band = pts.clone();
        if d.active
            && d.dragging.is_none()
            && let Some(p) = pointer
        {
            band.push(p);
        }
        if let Some(first) = band.first().copied()
            && band.len() > 2
        {
            band.push(first);
        }
        if band.len() > 1 {
            out.push(Shape::line(band, Stroke::new(2.0, SITE_INK)));
        }
        for p in pts {
            out.push(Shape::circle_filled(p, 5.0, Color32::WHITE));
            out.push(Shape::circle_stroke(p, 5.0, Stroke::new(2.0, SITE_INK)));
        }
    }
    out
}

/// The index of the drawn vertex within `radius_px` of `pos`, nearest first.
pub fn vertex_near(state: &AppState, canvas: Rect, pos: Pos2, radius_px: f32) -> Option<usize> {
    state
        .site
        .draw
        .vertices
        .iter()
        .enumerate()
        .map(|(i, c): (usize, &Coord<f64>)| (i, state.view.to_screen(canvas, *c).distance(pos)))
        .filter(|(_, d)| *d <= radius_px)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}
