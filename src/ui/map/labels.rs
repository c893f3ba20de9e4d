//! Labels on the map, as a reader of a zoning map expects them:
//! - area names (counties, when a unit layer has a county field) while an area is wide on
//!   screen but not wider than the map — the orientation a province view needs;
//! - polygon names (unit names) inside features wide enough for their text;
//! - point names (places, outfalls) beside their marker;
//! - line names (rivers) along the straightest visible stretch of the line, turned with it.
//!
//! Top layer first, area names before feature names, and a label that would overlap one
//! already placed is skipped.
//!
//! Not for choosing polygon label positions (the mesh cache holds one point per polygon) or the
//! texts (the layer style holds them).

use egui::epaint::TextShape;
use egui::{Color32, FontId, Painter, Pos2, Rect, Shape, Vec2};
use geo::{Coord, Geometry, LineString};

use crate::ui::map::mesh::{cull_box, cull_boxes_meet};
use crate::ui::map::view::MapView;
use crate::ui::state::MapLayer;

/// At most this many labels per frame, to keep a zoomed-out province cheap.
const MAX_LABELS: usize = 400;
/// At most this many line vertices are walked per frame for river names.
const MAX_LINE_VERTICES: usize = 200_000;
/// A quick lower bound of a label's width per character, to skip laying out hopeless labels.
const MIN_PX_PER_CHAR: f32 = 7.0;
/// A stretch of a line is "straight" while its segments turn less than this from its first.
const MAX_TURN_RAD: f32 = 0.35;
const AREA_COLOUR: Color32 = Color32::from_rgb(70, 40, 20);
const RIVER_COLOUR: Color32 = Color32::from_rgb(20, 70, 160);

/// The labels placed so far, and their shapes.
struct Placer<'a> {
    canvas: Rect,
    painter: &'a Painter,
    placed: Vec<Rect>,
    shapes: Vec<Shape>,
}

impl Placer<'_> {
    fn full(&self) -> bool {
        self.placed.len() >= MAX_LABELS
    }

    fn free(&self, rect: Rect) -> bool {
        self.canvas.contains_rect(rect) && !self.placed.iter().any(|r| r.intersects(rect))
    }

    /// An upright label centred on `centre`, on a pale box; false when it does not fit.
    fn upright(&mut self, text: &str, size: f32, colour: Color32, centre: Pos2) -> bool {
        let galley =
            self.painter
                .layout_no_wrap(text.to_string(), FontId::proportional(size), colour);
        let rect = Rect::from_center_size(centre, galley.size()).expand(2.0);
        if !self.free(rect) {
            return false;
        }
        self.placed.push(rect);
        self.shapes.push(Shape::rect_filled(
            rect,
            2.0,
            Color32::from_white_alpha(170),
        ));
        self.shapes
            .push(Shape::galley(rect.min + Vec2::splat(2.0), galley, colour));
        true
    }
}

/// Labels of the visible layers' features as shapes; `painter` lays the text out.
pub fn label_shapes(
    view: &MapView,
    canvas: Rect,
    layers: &[MapLayer],
    painter: &Painter,
) -> Vec<Shape> {
    let mut placer = Placer {
        canvas,
        painter,
        placed: Vec::new(),
        shapes: Vec::new(),
    };
    let shown: Vec<&MapLayer> = layers
        .iter()
        .rev()
        .filter(|l| l.visible && l.opacity > 0.0)
        .collect();
    for l in &shown {
        area_labels(view, canvas, l, &mut placer);
    }
    let mut line_budget = MAX_LINE_VERTICES;
    for l in &shown {
        feature_labels(view, canvas, l, &mut placer, &mut line_budget);
    }
    placer.shapes
}

/// County names: wide enough on screen for the name, and the county not wider than the map
/// (closer in, the unit labels say where one is).
fn area_labels(view: &MapView, canvas: Rect, l: &MapLayer, placer: &mut Placer) {
    let visible = view.visible_lonlat(canvas);
    for area in &l.ready.style.area_labels {
        if placer.full() {
            return;
        }
        let Some(anchor) = l
            .ready
            .mesh
            .features
            .get(area.anchor_fid)
            .and_then(|s| s.label_lonlat)
        else {
            continue;
        };
        if !contains(&visible, anchor) || l.legend.hides(area.anchor_fid) {
            continue;
        }
        let width_px = (area.bbox_lonlat.width() * view.lon_factor * view.px_per_deg) as f32;
        let chars = area.text.chars().count() as f32;
        if width_px < 16.0 * chars + 20.0 || width_px > canvas.width() {
            continue;
        }
        placer.upright(
            &area.text,
            16.0,
            AREA_COLOUR,
            view.to_screen(canvas, anchor),
        );
    }
}

fn feature_labels(
    view: &MapView,
    canvas: Rect,
    l: &MapLayer,
    placer: &mut Placer,
    line_budget: &mut usize,
) {
    let visible = view.visible_lonlat(canvas);
    let (mesh, style) = (&l.ready.mesh, &l.ready.style);
    let features = &l.layer().features;
    // Culled on the compact boxes first: this walks every feature of the layer each frame.
    let visible_box = cull_box(Some(visible));
    for (fid, cull) in mesh.cull_boxes.iter().enumerate() {
        if placer.full() {
            return;
        }
        if !cull_boxes_meet(cull, &visible_box) {
            continue;
        }
        let Some(span) = mesh.features.get(fid) else {
            continue;
        };
        let Some(Some(text)) = style.labels.get(fid) else {
            continue;
        };
        let Some(bbox) = span.bbox_lonlat else {
            continue;
        };
        if l.legend.hides(fid) {
            continue;
        }
        let min_width_px = MIN_PX_PER_CHAR * text.chars().count() as f32;
        if let Some(anchor) = span.label_lonlat {
            // A polygon: inside it, when it is wide enough for the name.
            let width_px = (bbox.width() * view.lon_factor * view.px_per_deg) as f32;
            if !contains(&visible, anchor) || width_px < min_width_px {
                continue;
            }
            let galley_width = placer
                .painter
                .layout_no_wrap(text.clone(), FontId::proportional(12.0), Color32::BLACK)
                .size()
                .x;
            if galley_width + 8.0 <= width_px {
                placer.upright(
                    text,
                    12.0,
                    Color32::from_gray(20),
                    view.to_screen(canvas, anchor),
                );
            }
            continue;
        }
        match features.get(fid).and_then(|f| f.geometry.as_ref()) {
            Some(Geometry::Point(p)) => point_label(view, canvas, placer, text, p.0),
            Some(Geometry::MultiPoint(mp)) if mp.0.len() == 1 => {
                point_label(view, canvas, placer, text, mp.0[0].0)
            }
            Some(Geometry::LineString(ls)) => {
                line_label(view, canvas, placer, text, [ls].into_iter(), line_budget)
            }
            Some(Geometry::MultiLineString(mls)) => {
                line_label(view, canvas, placer, text, mls.0.iter(), line_budget)
            }
            _ => {}
        }
    }
}

/// A point's name to the right of its marker.
fn point_label(view: &MapView, canvas: Rect, placer: &mut Placer, text: &str, lonlat: Coord) {
    let at = view.to_screen(canvas, lonlat);
    if !canvas.contains(at) {
        return;
    }
    let galley =
        placer
            .painter
            .layout_no_wrap(text.to_string(), FontId::proportional(12.0), Color32::BLACK);
    let centre = at + Vec2::new(8.0 + galley.size().x / 2.0, 0.0);
    placer.upright(text, 12.0, Color32::from_gray(20), centre);
}

/// A line's name along its longest straight stretch on screen, turned to read left to right;
/// nothing when no stretch is as long as the name.
fn line_label<'a>(
    view: &MapView,
    canvas: Rect,
    placer: &mut Placer,
    text: &str,
    parts: impl Iterator<Item = &'a LineString<f64>>,
    budget: &mut usize,
) {
    let galley =
        placer
            .painter
            .layout_no_wrap(text.to_string(), FontId::proportional(12.0), RIVER_COLOUR);
    let size = galley.size();
    let mut best: Option<(Pos2, Pos2)> = None;
    let mut best_len = size.x + 16.0;
    for part in parts {
        if *budget < part.0.len() {
            return;
        }
        *budget -= part.0.len();
        if let Some((a, b)) = longest_straight_stretch(view, canvas, part)
            && a.distance(b) > best_len
        {
            best_len = a.distance(b);
            best = Some((a, b));
        }
    }
    let Some((a, b)) = best else { return };
    let (a, b) = if b.x < a.x { (b, a) } else { (a, b) };
    let dir = (b - a).normalized();
    let angle = dir.y.atan2(dir.x);
    let centre = a + (b - a) / 2.0;
    // The box the turned text covers, for the overlap test.
    let normal = Vec2::new(-dir.y, dir.x);
    let corners = [
        centre + dir * size.x / 2.0 + normal * size.y / 2.0,
        centre - dir * size.x / 2.0 + normal * size.y / 2.0,
        centre + dir * size.x / 2.0 - normal * size.y / 2.0,
        centre - dir * size.x / 2.0 - normal * size.y / 2.0,
    ];
    let rect = Rect::from_points(&corners).expand(1.0);
    if !placer.free(rect) {
        return;
    }
    // TextShape turns about its top-left corner: put it so the text's centre lands on `centre`.
    let top_left = centre - dir * size.x / 2.0 - normal * size.y / 2.0;
    placer.placed.push(rect);
    placer.shapes.push(Shape::Text(
        TextShape::new(top_left, galley, RIVER_COLOUR).with_angle(angle),
    ));
}

/// The longest run of segments of `line` inside the canvas whose direction stays within
/// `MAX_TURN_RAD` of the run's first segment, as its screen end points.
fn longest_straight_stretch(
    view: &MapView,
    canvas: Rect,
    line: &LineString<f64>,
) -> Option<(Pos2, Pos2)> {
    let mut best: Option<(Pos2, Pos2)> = None;
    let mut best_len = 0.0;
    let mut run: Option<(Pos2, f32)> = None;
    let mut prev: Option<Pos2> = None;
    for c in &line.0 {
        let p = view.to_screen(canvas, *c);
        if let Some(q) = prev {
            if !canvas.contains(p) || !canvas.contains(q) || q.distance(p) < 0.5 {
                run = None;
            } else {
                let heading = (p - q).angle();
                run = match run {
                    Some((start, h0)) if turn(h0, heading) <= MAX_TURN_RAD => Some((start, h0)),
                    _ => Some((q, heading)),
                };
                if let Some((start, _)) = run
                    && start.distance(p) > best_len
                {
                    best_len = start.distance(p);
                    best = Some((start, p));
                }
            }
        }
        prev = Some(p);
    }
    best
}

/// The absolute angle between two headings, radians in 0..=π.
fn turn(a: f32, b: f32) -> f32 {
    let d = (a - b).rem_euclid(std::f32::consts::TAU);
    d.min(std::f32::consts::TAU - d)
}

fn contains(r: &geo::Rect<f64>, c: Coord<f64>) -> bool {
    (r.min().x..=r.max().x).contains(&c.x) && (r.min().y..=r.max().y).contains(&c.y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_straight_stretch_is_found_past_the_bends_and_its_turns_are_measured() {
        let view = MapView::looking_at(Coord { x: 0.5, y: 0.0 }, 400.0);
        let canvas = Rect::from_min_size(Pos2::ZERO, Vec2::new(800.0, 600.0));
        // East 0.2°, a sharp turn north 0.05°, then east-north-east 0.6° in small steps.
        let mut coords = vec![Coord { x: 0.1, y: 0.0 }, Coord { x: 0.3, y: 0.0 }];
        coords.push(Coord { x: 0.3, y: 0.05 });
        for i in 1..=6 {
            coords.push(Coord {
                x: 0.3 + 0.1 * f64::from(i),
                y: 0.05 + 0.02 * f64::from(i),
            });
        }
        let line = LineString::new(coords);
        let (a, b) = longest_straight_stretch(&view, canvas, &line).unwrap();
        // The last run: from (0.3, 0.05) to (0.9, 0.17): 0.6° × 400 px east, 0.12° × 400 up.
        let expected = (240.0f32.powi(2) + 48.0f32.powi(2)).sqrt();
        assert!((a.distance(b) - expected).abs() < 0.5, "{}", a.distance(b));
        assert!((turn(0.1, -0.1) - 0.2).abs() < 1e-6);
        assert!((turn(3.1, -3.1) - (std::f32::consts::TAU - 6.2)).abs() < 1e-5);
    }
}
