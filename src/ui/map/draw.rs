//! Painting cached layer geometry: per frame, cull features by bounding box, transform the
//! cached triangles and outlines to the screen, and hand egui one fill mesh per layer. Nothing
//! is triangulated or simplified here beyond dropping outline points closer than half a point.
//!
//! Not for input handling (see `canvas`) or for building the caches (see `mesh`, `style`).

use egui::epaint::{Mesh, Vertex, WHITE_UV};
use egui::{Color32, Pos2, Rect, Shape, Stroke, TextureId};
use geo::{Coord, Rect as GeoRect};

use crate::ui::map::mesh::{LayerMesh, LevelRef, cull_box, cull_boxes_meet};
use crate::ui::map::view::MapView;
use crate::ui::style::LayerStyle;

/// What one frame drew, for benchmarks and the debug overlay.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DrawStats {
    pub features_drawn: usize,
    pub triangles: usize,
    pub outline_points: usize,
}

impl std::ops::AddAssign for DrawStats {
    fn add_assign(&mut self, o: DrawStats) {
        self.features_drawn += o.features_drawn;
        self.triangles += o.triangles;
        self.outline_points += o.outline_points;
    }
}

/// Features smaller than this on screen (points) get no fill and no outline.
const MIN_FEATURE_PX: f32 = 0.6;
/// Features smaller than this on screen (points) are filled as their bounding box: two triangles
/// instead of their own, which at full extent on a national layer are tens of thousands of
/// triangles for features of a pixel or two, where the box and the shape cover the same pixels.
const BOX_FILL_PX: f32 = 1.5;
/// Features smaller than this get a fill but no outline: outlines cost the most per frame (egui
/// tessellates each as a feathered path), and on tiny features they only darken the fill.
const MIN_OUTLINE_PX: f32 = 6.0;
/// At most about this many outline points per frame, shared equally by the layers drawn: egui
/// tessellates each outline point into a feathered strip (~80 ns a point), so past this only the
/// largest features on screen keep their outlines (benches/map_frame.rs: the national layer, and
/// three national-scale layers, on a 660×720 and a 1300×900 canvas). 40,000 left the national
/// layer at zoom ×2 at 9.0 ms a frame (33,000 outline points, 5.8 ms of them tessellation);
/// features that lose their outline still show as their fill, and zooming in brings it back.
pub const FRAME_OUTLINE_POINT_BUDGET: usize = 24_000;

/// One layer's share of the frame's outline points when `layers` layers are drawn.
pub fn outline_budget_share(layers: usize) -> usize {
    FRAME_OUTLINE_POINT_BUDGET / layers.max(1)
}

/// A feature drawn this frame that may get an outline: its fid, screen size (points), outline
/// points and whether it is filled.
struct OutlineCandidate {
    fid: usize,
    size_px: f32,
    points: usize,
    filled: bool,
}

/// The screen size (points) from which filled features get an outline this frame: normally
/// `MIN_OUTLINE_PX`, raised so the outlines of the filled candidates stay within `budget` points
/// (largest features first; counted on the cached, unsimplified-on-screen paths, so the budget
/// errs on the cheap side). Unfilled features (lines, open rings) always keep theirs.
fn outline_threshold_px(candidates: &[OutlineCandidate], budget: usize) -> f32 {
    let filled = || candidates.iter().filter(|c| c.filled);
    if filled().map(|c| c.points).sum::<usize>() <= budget {
        return MIN_OUTLINE_PX;
    }
    let mut sized: Vec<(f32, usize)> = filled().map(|c| (c.size_px, c.points)).collect();
    sized.sort_unstable_by(|a, b| b.0.total_cmp(&a.0));
    let mut used = 0usize;
    for (size, points) in sized {
        used += points;
        if used > budget {
            return size + f32::EPSILON;
        }
    }
    MIN_OUTLINE_PX
}

/// The screen size (points) of a lon/lat box.
fn screen_size(view: &MapView, bbox: &GeoRect<f64>) -> (f32, f32) {
    (
        (bbox.width() * view.lon_factor * view.px_per_deg) as f32,
        (bbox.height() * view.px_per_deg) as f32,
    )
}

/// Everything a layer needs to be painted this frame.
pub struct LayerPaint<'a> {
    /// The level of detail to draw (see `LayerMesh::level_for`).
    pub mesh: LevelRef<'a>,
    pub style: &'a LayerStyle,
    /// 0 (invisible) … 1 (opaque).
    pub opacity: f32,
    /// The repeating diagonal-hatch texture, for hatched styles.
    pub hatch: Option<TextureId>,
    /// Features switched off in the legend (fid = index; empty = none), skipped when culling.
    pub hidden: &'a [bool],
    /// The layer's share of the frame's outline points (see `outline_budget_share`).
    pub outline_budget: usize,
}

/// Builds the shapes of one layer into `out`: a fill mesh (plus a hatch mesh), outlines, lines
/// and points of the features whose boxes meet the visible area.
pub fn layer_shapes(
    view: &MapView,
    canvas: Rect,
    paint: &LayerPaint<'_>,
    out: &mut Vec<Shape>,
) -> DrawStats {
    let LayerPaint {
        mesh,
        style,
        opacity,
        hatch,
        hidden,
        outline_budget,
    } = paint;
    let (style, opacity, hatch, hidden) = (*style, *opacity, *hatch, *hidden);
    let mut stats = DrawStats::default();
    let visible = view.visible_lonlat(canvas);
    let screen = view.screen_transform(canvas);
    let to_screen = |c: Coord<f64>| screen.place(c);
    // Sized as the last frame of this level was: a mesh grown by doubling copies itself.
    let (hint_vertices, hint_corners) = mesh.level.fill_size_hint();
    let mut fill = Mesh::default();
    fill.vertices.reserve(hint_vertices);
    fill.indices.reserve(hint_corners);
    let mut hatch_mesh = hatch.map(Mesh::with_texture);
    let mut outlines: Vec<Vec<Pos2>> = Vec::new();
    let mut lines: Vec<Vec<Pos2>> = Vec::new();
    let mut points: Vec<(Pos2, Color32)> = Vec::new();
    let mut candidates: Vec<OutlineCandidate> = Vec::new();
    let outline = Stroke::new(
        style.outline.width,
        style.outline.color.gamma_multiply(opacity.max(0.35)),
    );
    let hatch_colour = style.outline.color.gamma_multiply(opacity.max(0.35));
    let point_colour = style.point_fill.gamma_multiply(opacity.max(0.5));
    // One walk over the features culls them and makes the fills and points; the outlines, which
    // need the frame's threshold first, are then made from the few candidates it kept.
    let visible_box = cull_box(Some(visible));
    for (fid, cull) in mesh.cull_boxes.iter().enumerate() {
        if !cull_boxes_meet(cull, &visible_box) || hidden.get(fid).copied().unwrap_or(false) {
            continue;
        }
        let Some(bbox) = mesh.features.get(fid).and_then(|f| f.bbox_lonlat) else {
            continue;
        };
        let Some(feature) = mesh.feature(fid) else {
            continue;
        };
        let (w, h) = screen_size(view, &bbox);
        let size_px = w.max(h);
        if size_px < MIN_FEATURE_PX && !feature.has_points() {
            continue;
        }
        stats.features_drawn += 1;
        let colour = style.fills.get(fid).copied().unwrap_or(Color32::GRAY);
        let fill_colour = colour.gamma_multiply(opacity);
        let idx = feature.triangles();
        let has_fill = !idx.is_empty();
        // A feature of a pixel or so is filled as its box, unhatched: at that size the box
        // covers the same pixels, and the hatch's 8-point stripes would not show.
        if has_fill && size_px < BOX_FILL_PX {
            let (lo, hi) = (to_screen(bbox.min()), to_screen(bbox.max()));
            let base = fill.vertices.len() as u32;
            let corner = |pos| Vertex {
                pos,
                uv: WHITE_UV,
                color: fill_colour,
            };
            fill.vertices.extend_from_slice(&[
                corner(lo),
                corner(Pos2::new(hi.x, lo.y)),
                corner(hi),
                corner(Pos2::new(lo.x, hi.y)),
            ]);
            fill.indices
                .extend_from_slice(&[base, base + 1, base + 2, base, base + 2, base + 3]);
            stats.triangles += 2;
        } else if has_fill {
            let base = fill.vertices.len() as u32;
            feature.for_each_fill_run(&mut |run| {
                fill.vertices.extend(run.iter().map(|&c| Vertex {
                    pos: to_screen(c),
                    uv: WHITE_UV,
                    color: fill_colour,
                }));
            });
            let n = fill.vertices.len() as u32 - base;
            // Corners past the fill vertices would be a broken cache: drop the feature's fill.
            if idx.all_below(n) {
                idx.extend_offset(&mut fill.indices, base);
                stats.triangles += idx.len() / 3;
                if let Some(hm) = hatch_mesh.as_mut() {
                    let hbase = hm.vertices.len() as u32;
                    hm.vertices
                        .extend(fill.vertices[base as usize..].iter().map(|v| Vertex {
                            pos: v.pos,
                            // 8-point repeat, in screen space, so the hatch stays put while zooming.
                            uv: Pos2::new(v.pos.x / 8.0, v.pos.y / 8.0),
                            color: hatch_colour,
                        }));
                    idx.extend_offset(&mut hm.indices, hbase);
                }
            } else {
                fill.vertices.truncate(base as usize);
            }
        }
        if !has_fill || size_px >= MIN_OUTLINE_PX {
            candidates.push(OutlineCandidate {
                fid,
                size_px,
                points: feature.outline_points(),
                filled: has_fill,
            });
        }
        if feature.has_points() {
            feature.for_each_point(&mut |p| points.push((to_screen(p), point_colour)));
        }
    }
    let outline_min_px = outline_threshold_px(&candidates, *outline_budget);
    for c in candidates
        .iter()
        .filter(|c| !c.filled || c.size_px >= outline_min_px)
    {
        let Some(feature) = mesh.feature(c.fid) else {
            continue;
        };
        feature.for_each_path(&mut |coords, _kind| {
            let pts = screen_polyline(coords, &to_screen);
            stats.outline_points += pts.len();
            if c.filled || is_closed(coords) {
                outlines.push(pts);
            } else {
                lines.push(pts);
            }
        });
    }
    mesh.level
        .set_fill_size_hint(fill.vertices.len(), fill.indices.len());
    if !fill.is_empty() {
        out.push(Shape::mesh(fill));
    }
    if let Some(hm) = hatch_mesh.filter(|m| !m.is_empty()) {
        out.push(Shape::mesh(hm));
    }
    out.extend(outlines.into_iter().map(|pts| Shape::line(pts, outline)));
    let line = Stroke::new(
        style.line.width,
        style.line.color.gamma_multiply(opacity.max(0.35)),
    );
    out.extend(lines.into_iter().map(|pts| Shape::line(pts, line)));
    for (p, c) in points {
        out.push(Shape::circle_filled(p, style.point_radius, c));
        out.push(Shape::circle_stroke(
            p,
            style.point_radius,
            Stroke::new(1.0, Color32::WHITE),
        ));
    }
    stats
}

fn is_closed(coords: &[Coord<f64>]) -> bool {
    coords.len() >= 4 && coords.first() == coords.last()
}

/// Transforms a polyline to the screen, dropping points within half a point of the last kept one.
fn screen_polyline(coords: &[Coord<f64>], to_screen: &impl Fn(Coord<f64>) -> Pos2) -> Vec<Pos2> {
    let mut out: Vec<Pos2> = Vec::with_capacity(coords.len().min(4096));
    for (i, &c) in coords.iter().enumerate() {
        let p = to_screen(c);
        let last = i + 1 == coords.len();
        match out.last() {
            Some(q) if !last && (p - *q).length_sq() < 0.25 => {}
            _ => out.push(p),
        }
    }
    out
}

/// Outlines of the features `fids` of a layer at full detail, in the highlight style (white
/// halo, cyan line).
pub fn highlight_shapes(
    view: &MapView,
    canvas: Rect,
    mesh: &LayerMesh,
    fids: &[usize],
    out: &mut Vec<Shape>,
) {
    let screen = view.screen_transform(canvas);
    let to_screen = |c: Coord<f64>| screen.place(c);
    for &fid in fids {
        mesh.full_paths(fid, &mut |coords| {
            let pts = screen_polyline(coords, &to_screen);
            out.push(Shape::line(pts.clone(), Stroke::new(5.0, Color32::WHITE)));
            out.push(Shape::line(
                pts,
                Stroke::new(2.5, crate::ui::style::HIGHLIGHT),
            ));
        });
        for p in mesh.full_points(fid) {
            out.push(Shape::circle_stroke(
                to_screen(p),
                7.0,
                Stroke::new(2.5, crate::ui::style::HIGHLIGHT),
            ));
        }
    }
}

/// The 8×8 diagonal-hatch image used to mark redlines (a white stripe on transparent; the
/// vertex colour tints it).
pub fn hatch_image() -> egui::ColorImage {
    let n = 8usize;
    let mut pixels = vec![Color32::TRANSPARENT; n * n];
    for y in 0..n {
        for x in 0..n {
            let d = (x + y) % n;
            if d == 0 || d == 1 {
                pixels[y * n + x] = Color32::WHITE;
            }
        }
    }
    egui::ColorImage::new([n, n], pixels)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use egui::Pos2;
    use geo::{Coord, Geometry, LineString, Polygon};

    use super::*;
    use crate::index::IndexedLayer;
    use crate::model::testing::layer_with_geometries;

    /// A closed ring of `n` vertices round (`x`, `y`) with radius `r` degrees.
    fn round(x: f64, y: f64, r: f64, n: usize) -> Option<Geometry<f64>> {
        let mut ring: Vec<Coord<f64>> = (0..n)
            .map(|k| {
                let a = k as f64 / n as f64 * std::f64::consts::TAU;
                Coord {
                    x: x + r * a.cos(),
                    y: y + r * a.sin(),
                }
            })
            .collect();
        ring.push(ring[0]);
        Some(Geometry::Polygon(Polygon::new(LineString(ring), vec![])))
    }

    /// At 400 points per degree on the equator, a 40-gon (38 triangles) of radius 0.0015° is
    /// 1.2 points across, under `BOX_FILL_PX`: filled as its box, 2 triangles. One of 0.0025°
    /// (2 points) keeps its 38 triangles but gets no outline (under `MIN_OUTLINE_PX`); one of
    /// 0.5° (400 points) keeps both, its outline 41 points (31 points apart, none dropped).
    #[test]
    fn features_of_a_pixel_are_filled_as_their_box() {
        let layer = layer_with_geometries(
            "units",
            vec![
                round(115.0, 0.0, 0.5, 40),
                round(116.0, 0.0, 0.0015, 40),
                round(116.5, 0.0, 0.0025, 40),
            ],
        );
        let indexed = Arc::new(IndexedLayer::new(layer));
        let style = LayerStyle::for_layer(&indexed.layer);
        let mesh = LayerMesh::build(indexed);
        let view = MapView::looking_at(Coord { x: 115.75, y: 0.0 }, 400.0);
        let canvas = Rect::from_min_size(Pos2::ZERO, egui::vec2(800.0, 600.0));
        let paint = LayerPaint {
            mesh: mesh.level_for(1e9),
            style: &style,
            opacity: 1.0,
            hatch: None,
            hidden: &[],
            outline_budget: FRAME_OUTLINE_POINT_BUDGET,
        };
        let mut shapes = Vec::new();
        let stats = layer_shapes(&view, canvas, &paint, &mut shapes);
        assert_eq!(stats.features_drawn, 3);
        // 38 + 2 + 38 triangles; one outline, of the big feature (41 points, none dropped).
        assert_eq!(stats.triangles, 38 + 2 + 38);
        assert_eq!(stats.outline_points, 41);
    }
}
