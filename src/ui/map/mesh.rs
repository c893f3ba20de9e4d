//! The tessellation cache of one layer: for every feature its bounding box (for culling) and
//! label point, and the layer drawn at several levels of detail — full detail and simplified
//! copies (Ramer-Douglas-Peucker) for zoomed-out views — each as outlines, earcut triangles and
//! points.
//!
//! Built progressively off the UI thread: [`LayerMesh::new`] makes the coarse levels a
//! whole-country view needs (a fraction of a second on a national layer), so the map is drawn at
//! once; [`LayerMesh::refine`] then builds the finer levels one by one while the map is already
//! shown. Until a level is built, [`LayerMesh::level_for`] hands out the nearest coarser one, so
//! panning and zooming never wait for a tessellation.
//!
//! Memory: the full-detail level copies no coordinate. Its outlines and fill vertices are read
//! from the layer's own geometry (the very `Arc<IndexedLayer>` the queries use); it stores only
//! the triangle corners, as indices local to each feature. Simplified levels store their own
//! (much smaller) coordinates once, shared by outlines and fills. A simplified level that saves
//! less than a fifth of the vertices of the next finer one is dropped once all are built.
//!
//! A derived cache: rebuilt from the layer, never edited (levels are only added, or dropped when
//! superseded). Not for queries (the engine answers them).

use std::ops::Range;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};

use geo::{BoundingRect, Coord, CoordsIter, Geometry, Polygon, Rect as GeoRect};
use rayon::prelude::*;

use crate::index::IndexedLayer;
use crate::ui::map::corners::{Corners, OwnedCorners};

/// A lon/lat box as [min x, min y, max x, max y] in f32, rounded outwards (so it still holds
/// the feature), NaN for none (so it meets nothing): 16 bytes a feature instead of the span's
/// 64, because a frame's culling walks every feature of every layer shown (a national layer
/// and two more: 3.2 MB a frame as spans).
pub fn cull_box(bbox: Option<GeoRect<f64>>) -> [f32; 4] {
    let Some(b) = bbox else {
        return [f32::NAN; 4];
    };
    let down = |v: f64| (v as f32).next_down();
    let up = |v: f64| (v as f32).next_up();
    [
        down(b.min().x),
        down(b.min().y),
        up(b.max().x),
        up(b.max().y),
    ]
}

/// True when two [`cull_box`]es meet (never for a NaN box).
#[inline]
pub fn cull_boxes_meet(a: &[f32; 4], b: &[f32; 4]) -> bool {
    a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1]
}

/// One feature's place on the map, the same at every level.
#[derive(Debug, Clone, Default)]
pub struct FeatureSpan {
    /// The feature's lon/lat bounding box; `None` for a feature without (finite) geometry.
    pub bbox_lonlat: Option<GeoRect<f64>>,
    /// Where a label goes: a point inside the (largest) polygon; `None` for other geometries.
    pub label_lonlat: Option<Coord<f64>>,
}

/// Simplification tolerances of the coarser copies, in degrees (about 4.4 m … 18 km of
/// latitude), finest first. Slot `k + 1` of a mesh's levels holds `LOD_TOLERANCES_DEG[k]`;
/// slot 0 is full detail.
pub const LOD_TOLERANCES_DEG: [f64; 7] =
    [4e-5, 1.6e-4, 6.4e-4, 2.56e-3, 1.024e-2, 4.096e-2, 0.16384];

/// The levels [`LayerMesh::new`] builds before the map is first drawn (slots): a whole province
/// or country fits a window at about 10–100 points per degree, where 0.04° is under half a point.
const COARSE_SLOTS: [usize; 2] = [6, 7];

/// A level may be drawn while its tolerance is at most this many screen points.
const LOD_MAX_ERROR_PX: f64 = 0.5;

/// A simplified level is kept only when it has at most this share of the vertices of the next
/// finer level kept.
const LOD_MIN_SAVING: f64 = 0.8;

/// A simplified level is not built when the next finer level kept would put at most this many
/// vertices on screen at the widest view the level would serve: at its zooms a window shows so
/// little of the layer that drawing the finer level costs a frame next to nothing, while the
/// level itself would hold memory in proportion to the whole layer (the finest, 4.4 m, level of
/// the national benchmark layer: 80.7 MB for 2.9 M vertices, drawn only when a window spans
/// about 6 km).
const LOD_SKIP_VISIBLE_VERTICES: f64 = 30_000.0;

/// The screen the estimate above assumes, in points: a large monitor, so it errs on the side
/// of keeping levels.
const LOD_SCREEN_PX: (f64, f64) = (2560.0, 1440.0);

/// About how many of a level's `vertices`, spread evenly over `bbox`, a `LOD_SCREEN_PX` window
/// shows at `px_per_deg` (a dense city shows more than average; the threshold allows for it).
fn visible_vertices(vertices: usize, bbox: GeoRect<f64>, px_per_deg: f64) -> f64 {
    let lon_factor = bbox.center().y.to_radians().cos().max(0.01);
    let share = |window_deg: f64, extent_deg: f64| {
        if extent_deg > 0.0 {
            (window_deg / extent_deg).min(1.0)
        } else {
            1.0
        }
    };
    let w = share(LOD_SCREEN_PX.0 / (px_per_deg * lon_factor), bbox.width());
    let h = share(LOD_SCREEN_PX.1 / px_per_deg, bbox.height());
    vertices as f64 * w * h
}

/// Whether simplified slot `slot` (1…) can be left unbuilt because the next finer level kept,
/// of `finer_vertices`, is cheap to draw at the widest view the slot would serve (where the next
/// coarser tolerance reaches `LOD_MAX_ERROR_PX`). The coarsest slot serves the whole layer.
fn finer_level_suffices(slot: usize, finer_vertices: usize, bbox: Option<GeoRect<f64>>) -> bool {
    let (Some(bbox), Some(&coarser)) = (bbox, LOD_TOLERANCES_DEG.get(slot)) else {
        return false;
    };
    visible_vertices(finer_vertices, bbox, LOD_MAX_ERROR_PX / coarser) <= LOD_SKIP_VISIBLE_VERTICES
}

/// What a polyline of a level is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKind {
    /// A polygon ring whose vertices (less the closing one) are corners of the fill triangles.
    FilledRing,
    /// A polygon ring drawn as an outline only (too degenerate to fill).
    Ring,
    /// A line string.
    Line,
}

/// One piece of a feature's geometry as the map draws it.
pub enum Piece<'a> {
    /// A polygon ring; `exterior` for the outer ring of a polygon part (its holes follow).
    Ring {
        coords: &'a [Coord<f64>],
        exterior: bool,
    },
    Line(&'a [Coord<f64>]),
    Point(Coord<f64>),
}

/// Calls `f` with every ring, line and point of `geometry` in a fixed order (polygon parts
/// outer ring first, then holes; collections depth-first).
pub fn walk_pieces(geometry: &Geometry<f64>, f: &mut dyn FnMut(Piece<'_>)) {
    fn polygon(p: &Polygon<f64>, f: &mut dyn FnMut(Piece<'_>)) {
        f(Piece::Ring {
            coords: &p.exterior().0,
            exterior: true,
        });
        for r in p.interiors() {
            f(Piece::Ring {
                coords: &r.0,
                exterior: false,
            });
        }
    }
    match geometry {
        Geometry::Point(p) => f(Piece::Point(p.0)),
        Geometry::MultiPoint(mp) => mp.0.iter().for_each(|p| f(Piece::Point(p.0))),
        Geometry::Line(l) => f(Piece::Line(&[l.start, l.end])),
        Geometry::LineString(ls) => f(Piece::Line(&ls.0)),
        Geometry::MultiLineString(mls) => mls.0.iter().for_each(|ls| f(Piece::Line(&ls.0))),
        Geometry::Polygon(p) => polygon(p, f),
        Geometry::MultiPolygon(mp) => mp.0.iter().for_each(|p| polygon(p, f)),
        Geometry::Rect(r) => polygon(&r.to_polygon(), f),
        Geometry::Triangle(t) => polygon(&t.to_polygon(), f),
        Geometry::GeometryCollection(gc) => gc.0.iter().for_each(|g| walk_pieces(g, f)),
    }
}

/// The fill vertices of a ring: all but the closing coordinate (earcut's convention).
pub fn ring_fill_coords(ring: &[Coord<f64>]) -> &[Coord<f64>] {
    match ring {
        [first, .., last] if first == last => &ring[..ring.len() - 1],
        _ => ring,
    }
}

/// Which rings of a part are filled: a part is filled when its outer ring has at least 4
/// coordinates (a closed triangle), and then each of its rings with at least 4 coordinates.
/// (Every coordinate of the rings passed here is finite.)
#[derive(Default)]
struct FillRule {
    part_filled: bool,
}

impl FillRule {
    fn ring(&mut self, coords: &[Coord<f64>], exterior: bool) -> bool {
        if exterior {
            self.part_filled = coords.len() >= 4;
        }
        self.part_filled && coords.len() >= 4
    }
}

fn finite(c: &Coord<f64>) -> bool {
    c.x.is_finite() && c.y.is_finite()
}

/// One polyline of a level: where its coordinates are, what it is, and whether it is the outer
/// ring of a polygon part (so a coarser level simplified from this one fills the same way).
#[derive(Debug, Clone)]
struct PathEntry {
    range: Range<u32>,
    kind: PathKind,
    exterior: bool,
}

/// Where one feature's pieces sit in a level's flat arrays.
#[derive(Debug, Clone, Default)]
struct LevelSpan {
    /// Outlines, fill vertices and points are read from the layer's geometry (full detail of a
    /// feature whose coordinates are all finite); the ranges below are then empty but
    /// `triangles`.
    shared: bool,
    /// Range in `paths`.
    paths: Range<u32>,
    /// Range in `points`.
    points: Range<u32>,
    /// Range in `triangles` (or in `wide_triangles` when `wide`); the corners are indices into
    /// the feature's fill vertices.
    triangles: Range<u32>,
    /// The feature has more than 65,536 fill vertices, so its corners take four bytes.
    wide: bool,
    /// Vertices of the feature's polylines, for the per-frame outline budget.
    outline_points: u32,
}

/// One level of detail of a layer: per feature its outlines, fill triangles and points.
#[derive(Debug, Default)]
pub struct MeshLevel {
    /// The simplification tolerance in degrees; 0 for full detail.
    pub tolerance_deg: f64,
    spans: Vec<LevelSpan>,
    coords: Vec<Coord<f64>>,
    paths: Vec<PathEntry>,
    points: Vec<Coord<f64>>,
    /// Corners of the features with at most 65,536 fill vertices (see `corners`).
    triangles: Vec<u16>,
    /// Corners of the larger ones.
    wide_triangles: Vec<u32>,
    vertex_count: usize,
    /// Fill vertices and corners the last frame that drew this level used (see
    /// [`MeshLevel::fill_size_hint`]).
    last_fill_size: [AtomicUsize; 2],
}

impl MeshLevel {
    /// (vertices, corners) of the fill mesh the last frame drew from this level, so the next
    /// frame reserves them at once: a mesh grown by doubling copies itself a dozen times
    /// (a national layer at full extent: 200,000 vertices).
    pub fn fill_size_hint(&self) -> (usize, usize) {
        (
            self.last_fill_size[0].load(Ordering::Relaxed),
            self.last_fill_size[1].load(Ordering::Relaxed),
        )
    }

    /// Records what a frame's fill mesh of this level used (see `fill_size_hint`).
    pub fn set_fill_size_hint(&self, vertices: usize, corners: usize) {
        self.last_fill_size[0].store(vertices, Ordering::Relaxed);
        self.last_fill_size[1].store(corners, Ordering::Relaxed);
    }

    /// Outline and fill vertices of the level (shared ones counted), what drawing all of it costs.
    pub fn vertex_count(&self) -> usize {
        self.vertex_count
    }

    /// Number of fill triangles.
    pub fn triangle_count(&self) -> usize {
        (self.triangles.len() + self.wide_triangles.len()) / 3
    }

    /// Bytes this level holds (its own arrays), for the memory report.
    pub fn heap_bytes(&self) -> usize {
        use std::mem::size_of;
        self.spans.capacity() * size_of::<LevelSpan>()
            + self.coords.capacity() * size_of::<Coord<f64>>()
            + self.paths.capacity() * size_of::<PathEntry>()
            + self.points.capacity() * size_of::<Coord<f64>>()
            + self.triangles.capacity() * size_of::<u16>()
            + self.wide_triangles.capacity() * size_of::<u32>()
    }
}

/// A level's slot in the table.
#[derive(Debug, Clone)]
enum Slot {
    Pending,
    Built(Arc<MeshLevel>),
    /// Not worth keeping (saves too little over the next finer level): use a finer one.
    Skipped,
}

/// One layer tessellated at every level, with the feature boxes and labels.
#[derive(Debug, Clone)]
pub struct LayerMesh {
    /// One span per feature, in feature order (fid = index).
    pub features: Arc<[FeatureSpan]>,
    /// The features' boxes again, as [`cull_box`]es: what a frame walks to cull.
    pub cull_boxes: Arc<[[f32; 4]]>,
    /// Bounding box of the whole layer; `None` when no feature has a geometry.
    pub bbox_lonlat: Option<GeoRect<f64>>,
    /// The layer whose geometry the full-detail level reads.
    source: Arc<IndexedLayer>,
    /// Slot 0 full detail, slot k + 1 `LOD_TOLERANCES_DEG[k]`; shared by copies made with
    /// [`LayerMesh::with_source`], so a refinement still running serves them all.
    levels: Arc<RwLock<Vec<Slot>>>,
    /// Set while a [`LayerMesh::refine`] runs on these levels, so a copy is not refined twice.
    refining: Arc<AtomicBool>,
}

/// A level of a layer as drawn this frame: the level's arrays and the layer's geometry.
#[derive(Clone)]
pub struct LevelRef<'a> {
    pub level: Arc<MeshLevel>,
    pub features: &'a [FeatureSpan],
    pub cull_boxes: &'a [[f32; 4]],
    source: &'a IndexedLayer,
}

impl LayerMesh {
    /// The feature boxes and labels and the coarse levels, ready to draw a whole-layer view;
    /// finer levels come from [`LayerMesh::refine`] (or use [`LayerMesh::build`] for all).
    pub fn new(source: Arc<IndexedLayer>) -> LayerMesh {
        let features: Arc<[FeatureSpan]> = source
            .layer
            .features
            .par_iter()
            .map(|f| match &f.geometry {
                Some(g) => FeatureSpan {
                    bbox_lonlat: g
                        .bounding_rect()
                        .filter(|r| finite(&r.min()) && finite(&r.max())),
                    label_lonlat: label_point(g),
                },
                None => FeatureSpan::default(),
            })
            .collect::<Vec<_>>()
            .into();
        let bbox_lonlat = features.iter().filter_map(|f| f.bbox_lonlat).reduce(union);
        let cull_boxes = features.iter().map(|f| cull_box(f.bbox_lonlat)).collect();
        let mut slots = vec![Slot::Pending; 1 + LOD_TOLERANCES_DEG.len()];
        let finest_coarse =
            build_simplified(&source, LOD_TOLERANCES_DEG[COARSE_SLOTS[0] - 1], None);
        for &slot in &COARSE_SLOTS[1..] {
            let level =
                build_simplified(&source, LOD_TOLERANCES_DEG[slot - 1], Some(&finest_coarse));
            slots[slot] = Slot::Built(Arc::new(level));
        }
        slots[COARSE_SLOTS[0]] = Slot::Built(Arc::new(finest_coarse));
        LayerMesh {
            features,
            cull_boxes,
            bbox_lonlat,
            source,
            levels: Arc::new(RwLock::new(slots)),
            refining: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Every level built at once (tests, benchmarks, a small layer).
    pub fn build(source: Arc<IndexedLayer>) -> LayerMesh {
        let mesh = LayerMesh::new(source);
        mesh.refine(&|| false, &mut |_| {});
        mesh
    }

    /// This mesh for a new reading of its layer with the same geometry (other attributes): the
    /// levels are shared, the full-detail level reads `source`'s geometry.
    pub fn with_source(&self, source: Arc<IndexedLayer>) -> LayerMesh {
        LayerMesh {
            source,
            ..self.clone()
        }
    }

    /// True when `other` draws from the very same levels (a new reading made with
    /// [`LayerMesh::with_source`]): nothing was tessellated again.
    pub fn shares_levels(&self, other: &LayerMesh) -> bool {
        Arc::ptr_eq(&self.levels, &other.levels)
    }

    /// Builds the levels still missing, finest simplified level first (the others are
    /// simplified from it), full detail last. `stop` is asked between levels (a cancelled load);
    /// `progress` gets the share done, 0…1, after each level.
    pub fn refine(&self, stop: &dyn Fn() -> bool, progress: &mut dyn FnMut(f32)) {
        if self.refining.swap(true, Ordering::AcqRel) {
            // Another thread refines these levels already.
            return;
        }
        self.refine_levels(stop, progress);
        self.refining.store(false, Ordering::Release);
    }

    fn refine_levels(&self, stop: &dyn Fn() -> bool, progress: &mut dyn FnMut(f32)) {
        let pending: Vec<usize> = self
            .slots()
            .iter()
            .enumerate()
            .filter(|(_, s)| matches!(s, Slot::Pending))
            .map(|(i, _)| i)
            .collect();
        let total = pending.len().max(1) as f32;
        let mut done = 0.0;
        let mut finest: Option<Arc<MeshLevel>> = None;
        // The vertices of the next finer level kept: at first full detail's, as the source has them.
        let mut finer_vertices: usize = self
            .source
            .layer
            .features
            .iter()
            .filter_map(|f| f.geometry.as_ref())
            .map(|g| g.coords_count())
            .sum();
        // Simplified levels finest first, then full detail (slot 0).
        for &slot in pending
            .iter()
            .filter(|&&s| s > 0)
            .chain(pending.iter().filter(|&&s| s == 0))
        {
            if stop() {
                return;
            }
            if slot > 0 && finer_level_suffices(slot, finer_vertices, self.bbox_lonlat) {
                self.levels_mut()[slot] = Slot::Skipped;
                done += 1.0;
                progress(done / total);
                continue;
            }
            let level = Arc::new(if slot == 0 {
                build_full(&self.source)
            } else {
                build_simplified(
                    &self.source,
                    LOD_TOLERANCES_DEG[slot - 1],
                    finest.as_deref(),
                )
            });
            if slot == 1 {
                finest = Some(level.clone());
            }
            if slot > 0 {
                finer_vertices = level.vertex_count();
            }
            self.levels_mut()[slot] = Slot::Built(level);
            if slot == 0 {
                self.drop_needless_levels();
            }
            done += 1.0;
            progress(done / total);
        }
    }

    /// True once every level is built (or skipped).
    pub fn is_refined(&self) -> bool {
        !self.slots().iter().any(|s| matches!(s, Slot::Pending))
    }

    /// True when levels are missing and no refinement is running on them.
    pub fn needs_refining(&self) -> bool {
        !self.is_refined() && !self.refining.load(Ordering::Acquire)
    }

    /// Marks as skipped the simplified levels that save less than `LOD_MIN_SAVING` over the
    /// next finer level kept, freeing them.
    fn drop_needless_levels(&self) {
        let mut slots = self.levels_mut();
        let Slot::Built(full) = &slots[0] else {
            return;
        };
        let mut kept = full.vertex_count() as f64;
        for slot in slots.iter_mut().skip(1) {
            if let Slot::Built(level) = slot {
                if level.vertex_count() as f64 <= LOD_MIN_SAVING * kept {
                    kept = level.vertex_count() as f64;
                } else {
                    *slot = Slot::Skipped;
                }
            }
        }
    }

    fn slots(&self) -> std::sync::RwLockReadGuard<'_, Vec<Slot>> {
        // A panic while holding the lock leaves only finished levels behind: still usable.
        self.levels.read().unwrap_or_else(|e| e.into_inner())
    }

    fn levels_mut(&self) -> std::sync::RwLockWriteGuard<'_, Vec<Slot>> {
        self.levels.write().unwrap_or_else(|e| e.into_inner())
    }

    /// The level to draw at `px_per_deg` points per degree: the coarsest whose simplification
    /// error stays under half a screen point (full detail when none does). While that one is
    /// still being built, the nearest coarser level built (the map never waits).
    pub fn level_for(&self, px_per_deg: f64) -> LevelRef<'_> {
        let slots = self.slots();
        let mut wanted = LOD_TOLERANCES_DEG
            .iter()
            .rposition(|t| t * px_per_deg <= LOD_MAX_ERROR_PX)
            .map_or(0, |k| k + 1);
        while wanted > 0 && matches!(slots[wanted], Slot::Skipped) {
            wanted -= 1;
        }
        let built = |i: usize| match &slots[i] {
            Slot::Built(l) => Some(l.clone()),
            _ => None,
        };
        let level = built(wanted)
            .or_else(|| (wanted + 1..slots.len()).find_map(built))
            .or_else(|| (0..wanted).rev().find_map(built))
            .unwrap_or_default();
        LevelRef {
            level,
            features: &self.features,
            cull_boxes: &self.cull_boxes,
            source: &self.source,
        }
    }

    /// The levels built so far (tolerance in degrees, 0 = full detail; the level), finest first.
    pub fn built_levels(&self) -> Vec<Arc<MeshLevel>> {
        self.slots()
            .iter()
            .filter_map(|s| match s {
                Slot::Built(l) => Some(l.clone()),
                _ => None,
            })
            .collect()
    }

    /// The full-detail triangle count (0 until it is built).
    pub fn triangle_count(&self) -> usize {
        match &self.slots()[0] {
            Slot::Built(l) => l.triangle_count(),
            _ => 0,
        }
    }

    /// Bytes held by the levels (not the shared geometry), for the memory report.
    pub fn heap_bytes(&self) -> usize {
        self.built_levels()
            .iter()
            .map(|l| l.heap_bytes())
            .sum::<usize>()
            + self.features.len() * std::mem::size_of::<FeatureSpan>()
    }

    /// Calls `f` with every polyline of feature `fid` at full detail (for highlights).
    pub fn full_paths(&self, fid: usize, f: &mut dyn FnMut(&[Coord<f64>])) {
        let Some(g) = self
            .source
            .layer
            .features
            .get(fid)
            .and_then(|x| x.geometry.as_ref())
        else {
            return;
        };
        walk_pieces(g, &mut |piece| match piece {
            Piece::Ring { coords, .. } | Piece::Line(coords) => {
                if coords.iter().all(finite) {
                    f(coords);
                } else {
                    let clean: Vec<Coord<f64>> = coords.iter().copied().filter(finite).collect();
                    f(&clean);
                }
            }
            Piece::Point(_) => {}
        });
    }

    /// The positions of feature `fid`'s points (for highlights).
    pub fn full_points(&self, fid: usize) -> Vec<Coord<f64>> {
        let mut out = Vec::new();
        if let Some(g) = self
            .source
            .layer
            .features
            .get(fid)
            .and_then(|x| x.geometry.as_ref())
        {
            walk_pieces(g, &mut |piece| {
                if let Piece::Point(p) = piece
                    && finite(&p)
                {
                    out.push(p);
                }
            });
        }
        out
    }
}

/// One feature at one level, as the painter walks it.
pub struct FeatureLevel<'a> {
    level: &'a MeshLevel,
    span: &'a LevelSpan,
    geometry: Option<&'a Geometry<f64>>,
}

impl<'a> LevelRef<'a> {
    /// Feature `fid` at this level; `None` past the end (a level built for another layer).
    pub fn feature(&self, fid: usize) -> Option<FeatureLevel<'_>> {
        let span = self.level.spans.get(fid)?;
        let geometry = if span.shared {
            self.source.layer.features.get(fid)?.geometry.as_ref()
        } else {
            None
        };
        Some(FeatureLevel {
            level: &self.level,
            span,
            geometry,
        })
    }
}

impl FeatureLevel<'_> {
    /// The fill triangles' corners, indices into [`FeatureLevel::for_each_fill_run`]'s order.
    pub fn triangles(&self) -> Corners<'_> {
        let range = self.span.triangles.start as usize..self.span.triangles.end as usize;
        if self.span.wide {
            Corners::Wide(&self.level.wide_triangles[range])
        } else {
            Corners::Narrow(&self.level.triangles[range])
        }
    }

    /// Vertices of the feature's polylines.
    pub fn outline_points(&self) -> usize {
        self.span.outline_points as usize
    }

    /// Calls `f` with each run of fill vertices (a ring's, without its closing coordinate), in
    /// the order the triangle corners count them: a run at a time, so the painter transforms
    /// a slice in one tight loop instead of making a call per vertex.
    pub fn for_each_fill_run(&self, f: &mut dyn FnMut(&[Coord<f64>])) {
        if self.span.triangles.is_empty() {
            return;
        }
        if let Some(g) = self.geometry {
            let mut rule = FillRule::default();
            walk_pieces(g, &mut |piece| {
                if let Piece::Ring { coords, exterior } = piece
                    && rule.ring(coords, exterior)
                {
                    f(ring_fill_coords(coords));
                }
            });
            return;
        }
        for p in self.own_paths() {
            if p.kind == PathKind::FilledRing {
                let ring = &self.level.coords[p.range.start as usize..p.range.end as usize];
                f(ring_fill_coords(ring));
            }
        }
    }

    /// Calls `f` with each polyline and what it is.
    pub fn for_each_path(&self, f: &mut dyn FnMut(&[Coord<f64>], PathKind)) {
        if let Some(g) = self.geometry {
            let mut rule = FillRule::default();
            walk_pieces(g, &mut |piece| match piece {
                Piece::Ring { coords, exterior } if coords.len() >= 2 => {
                    let kind = if rule.ring(coords, exterior) {
                        PathKind::FilledRing
                    } else {
                        PathKind::Ring
                    };
                    f(coords, kind);
                }
                Piece::Line(coords) if coords.len() >= 2 => f(coords, PathKind::Line),
                _ => {}
            });
            return;
        }
        for p in self.own_paths() {
            f(
                &self.level.coords[p.range.start as usize..p.range.end as usize],
                p.kind,
            );
        }
    }

    /// Calls `f` with each point of the feature.
    pub fn for_each_point(&self, f: &mut dyn FnMut(Coord<f64>)) {
        if let Some(g) = self.geometry {
            walk_pieces(g, &mut |piece| {
                if let Piece::Point(p) = piece {
                    f(p);
                }
            });
            return;
        }
        self.level.points[self.span.points.start as usize..self.span.points.end as usize]
            .iter()
            .for_each(|&p| f(p));
    }

    /// True when the feature has point pieces: asked of every feature a frame draws, so a
    /// polygon or line answers without walking its geometry.
    pub fn has_points(&self) -> bool {
        match self.geometry {
            None => !self.span.points.is_empty(),
            Some(Geometry::Point(_) | Geometry::MultiPoint(_)) => true,
            Some(Geometry::GeometryCollection(_)) => {
                let mut any = false;
                self.for_each_point(&mut |_| any = true);
                any
            }
            Some(_) => false,
        }
    }

    fn own_paths(&self) -> &[PathEntry] {
        &self.level.paths[self.span.paths.start as usize..self.span.paths.end as usize]
    }
}

/// What one feature contributes to a level, built in parallel and then appended.
#[derive(Default)]
struct FeaturePart {
    shared: bool,
    coords: Vec<Coord<f64>>,
    paths: Vec<PathEntry>,
    points: Vec<Coord<f64>>,
    triangles: OwnedCorners,
    outline_points: u32,
    vertices: usize,
}

impl FeaturePart {
    /// Records `range` of `coords` as a polyline (fewer than 2 coordinates are dropped);
    /// true when it was kept.
    fn add_path_range(&mut self, range: Range<usize>, kind: PathKind, exterior: bool) -> bool {
        let n = range.len();
        if n < 2 {
            self.coords.truncate(range.start);
            return false;
        }
        self.paths.push(PathEntry {
            range: range.start as u32..range.end as u32,
            kind,
            exterior,
        });
        self.outline_points += n as u32;
        self.vertices += n;
        true
    }
}

/// Earcut over one polygon part's rings (each given with its closing coordinate), appending the
/// triangles with corners offset by `base` (the fill vertices before this part).
fn triangulate_part(
    earcut: &mut earcut::Earcut<f64>,
    rings: &[&[Coord<f64>]],
    base: u32,
    out: &mut Vec<u32>,
    scratch: &mut Vec<u32>,
) {
    let mut holes: Vec<u32> = Vec::with_capacity(rings.len().saturating_sub(1));
    let mut n = 0u32;
    for (i, r) in rings.iter().enumerate() {
        if i > 0 {
            holes.push(n);
        }
        n += ring_fill_coords(r).len() as u32;
    }
    let vertices = rings
        .iter()
        .flat_map(|r| ring_fill_coords(r).iter().map(|c| [c.x, c.y]));
    earcut.earcut(vertices, &holes, scratch);
    out.extend(scratch.iter().map(|&i| i + base));
}

/// Triangulates the filled rings of `pieces` (rings in walk order: outer ring then holes of each
/// part) with feature-local corners.
fn triangulate(earcut: &mut earcut::Earcut<f64>, rings: &[(&[Coord<f64>], bool)]) -> Vec<u32> {
    let mut out = Vec::new();
    let mut scratch = Vec::new();
    let mut part: Vec<&[Coord<f64>]> = Vec::new();
    let mut base = 0u32;
    let mut part_base = 0u32;
    for &(coords, exterior) in rings {
        if exterior && !part.is_empty() {
            triangulate_part(earcut, &part, part_base, &mut out, &mut scratch);
            part.clear();
            part_base = base;
        }
        part.push(coords);
        base += ring_fill_coords(coords).len() as u32;
    }
    if !part.is_empty() {
        triangulate_part(earcut, &part, part_base, &mut out, &mut scratch);
    }
    out
}

/// True when the full-detail level can read `g` directly: every coordinate finite, and every
/// ring borrowed from `g` itself (no Rect or Triangle to convert).
fn shareable(g: &Geometry<f64>) -> bool {
    fn kinds_ok(g: &Geometry<f64>) -> bool {
        match g {
            Geometry::Rect(_) | Geometry::Triangle(_) => false,
            Geometry::GeometryCollection(gc) => gc.0.iter().all(kinds_ok),
            _ => true,
        }
    }
    kinds_ok(g) && g.coords_iter().all(|c| finite(&c))
}

/// The full-detail part of a [`shareable`] feature: only its triangles and counts.
fn full_shared(earcut: &mut earcut::Earcut<f64>, g: &Geometry<f64>) -> FeaturePart {
    let mut outline_points = 0u32;
    let mut vertices = 0usize;
    walk_pieces(g, &mut |piece| match piece {
        Piece::Ring { coords, .. } | Piece::Line(coords) if coords.len() >= 2 => {
            outline_points += coords.len() as u32;
            vertices += coords.len();
        }
        Piece::Point(_) => vertices += 1,
        _ => {}
    });
    let mut filled = Vec::new();
    collect_filled(g, &mut FillRule::default(), &mut filled);
    FeaturePart {
        shared: true,
        triangles: OwnedCorners::from_u32(triangulate(earcut, &filled)),
        outline_points,
        vertices,
        ..FeaturePart::default()
    }
}

/// The filled rings of a geometry that borrows all its rings (no Rect/Triangle), in walk order.
fn collect_filled<'a>(
    g: &'a Geometry<f64>,
    rule: &mut FillRule,
    out: &mut Vec<(&'a [Coord<f64>], bool)>,
) {
    let mut polygon = |p: &'a Polygon<f64>| {
        let ext = &p.exterior().0[..];
        if rule.ring(ext, true) {
            out.push((ext, true));
        }
        for r in p.interiors() {
            if rule.ring(&r.0, false) {
                out.push((&r.0[..], false));
            }
        }
    };
    match g {
        Geometry::Polygon(p) => polygon(p),
        Geometry::MultiPolygon(mp) => mp.0.iter().for_each(polygon),
        Geometry::GeometryCollection(gc) => gc.0.iter().for_each(|x| collect_filled(x, rule, out)),
        _ => {}
    }
}

/// Builds a feature's part of a level in the level's own arrays from its pieces: simplified to
/// `tolerance_deg` (0: as they are), non-finite coordinates dropped.
struct PartBuilder {
    part: FeaturePart,
    tolerance_deg: f64,
    /// Whether the current polygon part's outer ring is filled.
    part_filled: bool,
    /// The filled rings so far (range in `part.coords`, outer ring or not).
    filled: Vec<(Range<usize>, bool)>,
    keep: Vec<bool>,
}

impl PartBuilder {
    fn new(tolerance_deg: f64) -> PartBuilder {
        PartBuilder {
            part: FeaturePart::default(),
            tolerance_deg,
            part_filled: false,
            filled: Vec::new(),
            keep: Vec::new(),
        }
    }

    /// Appends `coords` (simplified when the level has a tolerance and they are all finite).
    fn push_coords(&mut self, coords: &[Coord<f64>], all_finite: bool) -> Range<usize> {
        let start = self.part.coords.len();
        if self.tolerance_deg > 0.0 && all_finite {
            rdp_into(
                coords,
                self.tolerance_deg,
                &mut self.keep,
                &mut self.part.coords,
            );
        } else {
            self.part
                .coords
                .extend(coords.iter().copied().filter(finite));
        }
        start..self.part.coords.len()
    }

    fn piece(&mut self, piece: Piece<'_>) {
        match piece {
            Piece::Ring { coords, exterior } => {
                let all_finite = coords.iter().all(finite);
                let usable = coords.len() >= 4 && all_finite;
                let range = self.push_coords(coords, all_finite);
                let n = range.len();
                // A simplified ring that collapsed (fewer than 4 coordinates) is smaller than
                // the tolerance: dropped at this level, with its holes' fill.
                if self.tolerance_deg > 0.0 && n < 4 {
                    self.part.coords.truncate(range.start);
                    if exterior {
                        self.part_filled = false;
                    }
                    return;
                }
                if exterior {
                    self.part_filled = usable;
                }
                let filled = self.part_filled && usable && n >= 4;
                let kind = if filled {
                    PathKind::FilledRing
                } else {
                    PathKind::Ring
                };
                if self.part.add_path_range(range.clone(), kind, exterior) && filled {
                    self.filled.push((range, exterior));
                }
            }
            Piece::Line(coords) => {
                let range = self.push_coords(coords, coords.iter().all(finite));
                self.part.add_path_range(range, PathKind::Line, false);
            }
            Piece::Point(p) => {
                if finite(&p) {
                    self.part.points.push(p);
                    self.part.vertices += 1;
                }
            }
        }
    }

    fn finish(mut self, earcut: &mut earcut::Earcut<f64>) -> FeaturePart {
        let rings: Vec<(&[Coord<f64>], bool)> = self
            .filled
            .iter()
            .map(|(r, e)| (&self.part.coords[r.clone()], *e))
            .collect();
        let triangles = triangulate(earcut, &rings);
        self.part.triangles = OwnedCorners::from_u32(triangles);
        self.part
    }
}

/// Ramer-Douglas-Peucker of `coords` at `tolerance` (first and last kept), appended to `out`.
/// Hand-written because geo's `Simplify` wants an owned `LineString`: every ring would be
/// copied once more just to be simplified. Same rule as geo's: a point is kept when it is
/// farther than `tolerance` from the segment between the kept ends around it.
fn rdp_into(
    coords: &[Coord<f64>],
    tolerance: f64,
    keep: &mut Vec<bool>,
    out: &mut Vec<Coord<f64>>,
) {
    let n = coords.len();
    if n < 3 {
        out.extend_from_slice(coords);
        return;
    }
    keep.clear();
    keep.resize(n, false);
    keep[0] = true;
    keep[n - 1] = true;
    let tol2 = tolerance * tolerance;
    let mut stack = vec![(0usize, n - 1)];
    while let Some((a, b)) = stack.pop() {
        if b <= a + 1 {
            continue;
        }
        let (pa, pb) = (coords[a], coords[b]);
        let mut far = (0.0f64, a);
        for (i, &c) in coords.iter().enumerate().take(b).skip(a + 1) {
            let d2 = crate::index::edges::segment_distance2(c, pa, pb);
            if d2 >= far.0 {
                far = (d2, i);
            }
        }
        if far.0 > tol2 {
            keep[far.1] = true;
            stack.push((a, far.1));
            stack.push((far.1, b));
        }
    }
    out.extend(
        coords
            .iter()
            .zip(keep.iter())
            .filter(|(_, k)| **k)
            .map(|(c, _)| *c),
    );
}

/// Calls `f` with the pieces of feature `fid` of a simplified level (whose rings are already
/// simplified, so simplifying them further nests the levels).
fn level_pieces(level: &MeshLevel, fid: usize, f: &mut dyn FnMut(Piece<'_>)) {
    let Some(span) = level.spans.get(fid) else {
        return;
    };
    for p in &level.paths[span.paths.start as usize..span.paths.end as usize] {
        let coords = &level.coords[p.range.start as usize..p.range.end as usize];
        f(match p.kind {
            PathKind::Line => Piece::Line(coords),
            _ => Piece::Ring {
                coords,
                exterior: p.exterior,
            },
        });
    }
    for &p in &level.points[span.points.start as usize..span.points.end as usize] {
        f(Piece::Point(p));
    }
}

/// Features built in parallel at a time before they are appended to the level: bounds the
/// per-feature copies held beside the level being filled.
const BUILD_CHUNK: usize = 2048;

/// A level of `n` features, `make(earcut, fid)` building each, in parallel a chunk at a time.
fn build_level(
    n: usize,
    tolerance_deg: f64,
    make: &(dyn Fn(&mut earcut::Earcut<f64>, usize) -> FeaturePart + Sync),
) -> MeshLevel {
    let mut level = MeshLevel {
        tolerance_deg,
        spans: Vec::with_capacity(n),
        ..MeshLevel::default()
    };
    for start in (0..n).step_by(BUILD_CHUNK) {
        let parts: Vec<FeaturePart> = (start..(start + BUILD_CHUNK).min(n))
            .into_par_iter()
            .map_init(earcut::Earcut::new, |earcut, fid| make(earcut, fid))
            .collect();
        for p in parts {
            append(&mut level, p);
        }
    }
    level.coords.shrink_to_fit();
    level.paths.shrink_to_fit();
    level.points.shrink_to_fit();
    level.triangles.shrink_to_fit();
    level.wide_triangles.shrink_to_fit();
    level
}

/// Appends one feature's part to the level.
fn append(level: &mut MeshLevel, p: FeaturePart) {
    let base = level.coords.len() as u32;
    let p0 = level.paths.len() as u32;
    let pt0 = level.points.len() as u32;
    level.coords.extend_from_slice(&p.coords);
    level.paths.extend(p.paths.iter().map(|e| PathEntry {
        range: e.range.start + base..e.range.end + base,
        ..e.clone()
    }));
    level.points.extend_from_slice(&p.points);
    let (wide, triangles) = match &p.triangles {
        OwnedCorners::Narrow(c) => {
            let t0 = level.triangles.len() as u32;
            level.triangles.extend_from_slice(c);
            (false, t0..level.triangles.len() as u32)
        }
        OwnedCorners::Wide(c) => {
            let t0 = level.wide_triangles.len() as u32;
            level.wide_triangles.extend_from_slice(c);
            (true, t0..level.wide_triangles.len() as u32)
        }
    };
    level.vertex_count += p.vertices;
    level.spans.push(LevelSpan {
        shared: p.shared,
        paths: p0..level.paths.len() as u32,
        points: pt0..level.points.len() as u32,
        triangles,
        wide,
        outline_points: p.outline_points,
    });
}

/// The full-detail level: triangles only for features whose geometry it can read directly.
fn build_full(source: &IndexedLayer) -> MeshLevel {
    let features = &source.layer.features;
    build_level(
        features.len(),
        0.0,
        &|earcut, fid| match &features[fid].geometry {
            Some(g) if shareable(g) => full_shared(earcut, g),
            Some(g) => {
                let mut b = PartBuilder::new(0.0);
                walk_pieces(g, &mut |p| b.piece(p));
                b.finish(earcut)
            }
            None => FeaturePart::default(),
        },
    )
}

/// A simplified level at `tolerance_deg`, from the layer's geometry or (nested, cheaper) from a
/// finer simplified level.
fn build_simplified(
    source: &IndexedLayer,
    tolerance_deg: f64,
    finer: Option<&MeshLevel>,
) -> MeshLevel {
    let features = &source.layer.features;
    build_level(features.len(), tolerance_deg, &|earcut, fid| {
        let Some(g) = &features[fid].geometry else {
            return FeaturePart::default();
        };
        let mut b = PartBuilder::new(tolerance_deg);
        match finer {
            Some(level) => level_pieces(level, fid, &mut |p| b.piece(p)),
            None => walk_pieces(g, &mut |p| b.piece(p)),
        }
        b.finish(earcut)
    })
}

/// A point inside a polygonal geometry, for its label: on the horizontal line through the
/// middle of the largest part's box, the middle of the widest stretch inside that part (even-odd
/// over its rings, so never in a hole). Hand-written because geo's `InteriorPoint` (a sweep and
/// a relate per polygon) took about 0.1 ms a polygon: 4 s of a national layer's first picture.
/// `None` for other geometries, or when no stretch is found (a degenerate ring).
fn label_point(geometry: &Geometry<f64>) -> Option<Coord<f64>> {
    let rect;
    let parts: &[Polygon<f64>] = match geometry {
        Geometry::Polygon(p) => std::slice::from_ref(p),
        Geometry::MultiPolygon(mp) => &mp.0,
        Geometry::Rect(r) => {
            rect = r.to_polygon();
            std::slice::from_ref(&rect)
        }
        _ => return None,
    };
    let mut best: Option<(f64, &Polygon<f64>)> = None;
    for p in parts {
        let Some(bb) = geo::BoundingRect::bounding_rect(p.exterior()) else {
            continue;
        };
        let size = bb.width() * bb.height();
        if size.is_finite() && best.is_none_or(|(s, _)| size > s) {
            best = Some((size, p));
        }
    }
    let (_, polygon) = best?;
    let bb = geo::BoundingRect::bounding_rect(polygon.exterior())?;
    let y = (bb.min().y + bb.max().y) / 2.0;
    let mut xs: Vec<f64> = Vec::new();
    for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
        for w in ring.0.windows(2) {
            let (a, b) = (w[0], w[1]);
            if (a.y > y) != (b.y > y) {
                xs.push(a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y));
            }
        }
    }
    if xs.iter().any(|x| !x.is_finite()) {
        return None;
    }
    xs.sort_unstable_by(f64::total_cmp);
    xs.chunks_exact(2)
        .filter(|pair| pair[1] > pair[0])
        .max_by(|p, q| (p[1] - p[0]).total_cmp(&(q[1] - q[0])))
        .map(|pair| Coord {
            x: (pair[0] + pair[1]) / 2.0,
            y,
        })
}

/// The smallest rectangle holding both.
pub fn union(a: GeoRect<f64>, b: GeoRect<f64>) -> GeoRect<f64> {
    GeoRect::new(
        Coord {
            x: a.min().x.min(b.min().x),
            y: a.min().y.min(b.min().y),
        },
        Coord {
            x: a.max().x.max(b.max().x),
            y: a.max().y.max(b.max().y),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Area, LineString, Simplify, Triangle, polygon};

    /// The area of feature `fid`'s fill triangles at `level`.
    fn tri_area(level: &LevelRef<'_>, fid: usize) -> f64 {
        let f = level.feature(fid).expect("feature");
        let mut v = Vec::new();
        f.for_each_fill_run(&mut |run| v.extend_from_slice(run));
        f.triangles()
            .to_vec()
            .chunks(3)
            .map(|t| {
                Triangle::new(v[t[0] as usize], v[t[1] as usize], v[t[2] as usize]).unsigned_area()
            })
            .sum()
    }

    fn paths_of(level: &LevelRef<'_>, fid: usize) -> Vec<(usize, PathKind)> {
        let mut out = Vec::new();
        level
            .feature(fid)
            .expect("feature")
            .for_each_path(&mut |c, k| out.push((c.len(), k)));
        out
    }

    fn mesh_of(geoms: Vec<Option<Geometry<f64>>>) -> LayerMesh {
        let layer = crate::model::testing::layer_with_geometries("t", geoms);
        LayerMesh::build(Arc::new(IndexedLayer::new(layer)))
    }

    /// Full detail: a zoom at which no simplified level is fine enough.
    const CLOSE: f64 = 1e9;

    #[test]
    fn concave_polygon_with_hole_triangulates_to_its_area() {
        // An L-shape 0..4 x 0..4 minus the 2x2 top-right corner (area 12), with a 1x1 hole at
        // (0.5..1.5, 0.5..1.5): area 11, by hand.
        let p: Polygon<f64> = polygon!(
            exterior: [(x: 0., y: 0.), (x: 4., y: 0.), (x: 4., y: 2.), (x: 2., y: 2.),
                       (x: 2., y: 4.), (x: 0., y: 4.), (x: 0., y: 0.)],
            interiors: [[(x: 0.5, y: 0.5), (x: 1.5, y: 0.5), (x: 1.5, y: 1.5), (x: 0.5, y: 1.5),
                         (x: 0.5, y: 0.5)]],
        );
        let mesh = mesh_of(vec![Some(p.into()), None]);
        assert_eq!(mesh.features.len(), 2);
        let full = mesh.level_for(CLOSE);
        assert_eq!(full.level.tolerance_deg, 0.0);
        assert!((tri_area(&full, 0) - 11.0).abs() < 1e-12);
        assert_eq!(
            paths_of(&full, 0),
            vec![(7, PathKind::FilledRing), (5, PathKind::FilledRing)],
            "outer ring and hole outline"
        );
        assert!(mesh.features[1].bbox_lonlat.is_none());
        let bb = mesh.bbox_lonlat.expect("one feature has geometry");
        assert_eq!((bb.min().x, bb.max().y), (0.0, 4.0));
    }

    #[test]
    fn degenerate_rings_are_outlined_not_triangulated() {
        let line_ring = Polygon::new(LineString::from(vec![(0., 0.), (1., 1.), (0., 0.)]), vec![]);
        let empty = Polygon::new(LineString::new(vec![]), vec![]);
        let mesh = mesh_of(vec![Some(line_ring.into()), Some(empty.into())]);
        let full = mesh.level_for(CLOSE);
        assert_eq!(full.level.triangle_count(), 0);
        assert_eq!(paths_of(&full, 0), vec![(3, PathKind::Ring)]);
        assert!(paths_of(&full, 1).is_empty());
    }

    #[test]
    fn a_feature_with_a_non_finite_coordinate_is_drawn_from_its_finite_ones() {
        // A square with a NaN corner is not filled (earcut would be fed NaN); its outline keeps
        // the four finite coordinates.
        let ring = LineString::from(vec![(0., 0.), (1., 0.), (f64::NAN, 1.), (0., 1.), (0., 0.)]);
        let mesh = mesh_of(vec![Some(Polygon::new(ring, vec![]).into())]);
        let full = mesh.level_for(CLOSE);
        assert_eq!(full.level.triangle_count(), 0);
        assert_eq!(paths_of(&full, 0), vec![(4, PathKind::Ring)]);
    }

    fn circle(n: u32, r: f64) -> Polygon<f64> {
        let ring: Vec<Coord<f64>> = (0..=n)
            .map(|k| {
                let t = f64::from(k % n) / f64::from(n) * std::f64::consts::TAU;
                Coord {
                    x: 115.0 + r * t.cos(),
                    y: 37.0 + r * t.sin(),
                }
            })
            .collect();
        Polygon::new(LineString(ring), vec![])
    }

    #[test]
    fn coarser_levels_are_picked_as_the_map_zooms_out() {
        // A circle of radius 0.1° with 2000 vertices: at 0.5/4e-5 = 12,500 points per degree or
        // closer the full mesh is drawn; zoomed out to 10 points per degree a level with far fewer
        // vertices, whose tolerance is under half a point there.
        let p = circle(2000, 0.1);
        let want = p.unsigned_area();
        let mesh = mesh_of(vec![Some(p.into())]);
        assert!(mesh.is_refined());
        let full = mesh.level_for(20_000.0);
        assert_eq!(full.level.tolerance_deg, 0.0);
        let far = mesh.level_for(10.0);
        let tolerance = far.level.tolerance_deg;
        assert!(tolerance > 0.0 && tolerance * 10.0 <= 0.5, "{tolerance}");
        assert!(
            far.level.vertex_count() * 10 < full.level.vertex_count(),
            "{} vs {}",
            far.level.vertex_count(),
            full.level.vertex_count()
        );
        // Every level still covers the feature: a fill whose area is within the tolerance band
        // of the circle's (perimeter × tolerance bounds what simplification removes).
        let band = std::f64::consts::TAU * 0.1 * tolerance;
        assert!(
            (tri_area(&far, 0) - want).abs() <= band,
            "{} vs {want}",
            tri_area(&far, 0)
        );
        assert!((tri_area(&full, 0) - want).abs() < 1e-12);
    }

    #[test]
    fn a_window_shows_its_share_of_an_evenly_spread_layer() {
        // By hand: at 256 points per degree on the equator a 2560 × 1440 window spans 10° × 5.625°
        // of a 60° × 20° layer: 1/6 × 0.28125 = 0.046875 of its vertices.
        let bbox = GeoRect::new(Coord { x: 0.0, y: -10.0 }, Coord { x: 60.0, y: 10.0 });
        let v = visible_vertices(1_000_000, bbox, 256.0);
        assert!((v - 46_875.0).abs() < 1e-6, "{v}");
        // Zoomed out past the layer, the window shows all of it.
        assert_eq!(visible_vertices(1_000_000, bbox, 1.0), 1_000_000.0);
    }

    #[test]
    fn fine_levels_of_a_country_are_not_built_but_coarse_ones_are() {
        // A country-sized layer of 4.5 M vertices (60° × 35° around 35° N): the 4.4 m level
        // would serve windows of about 1.0° × 0.46° (2560 × 1440 points at 0.5 / 1.6e-4 = 3,125
        // points per degree, cos 35° = 0.819), about 1,000 of its vertices by hand: not built.
        let bbox = Some(GeoRect::new(
            Coord { x: 75.0, y: 17.5 },
            Coord { x: 135.0, y: 52.5 },
        ));
        assert!(finer_level_suffices(1, 4_500_000, bbox));
        // The 0.16384° level serves the whole layer: kept, as is any level of 0.01024°, whose
        // widest window (0.5 / 0.04096 = 12.2 points per degree) shows all of the layer.
        assert!(!finer_level_suffices(7, 4_500_000, bbox));
        assert!(!finer_level_suffices(5, 4_500_000, bbox));
        // Without a box (no geometry) nothing is skipped.
        assert!(!finer_level_suffices(1, 4_500_000, None));
    }

    #[test]
    fn the_first_levels_are_coarse_and_finer_ones_follow() {
        let layer =
            crate::model::testing::layer_with_geometries("t", vec![Some(circle(4000, 0.1).into())]);
        let mesh = LayerMesh::new(Arc::new(IndexedLayer::new(layer)));
        assert!(!mesh.is_refined() && mesh.needs_refining());
        // Zoomed in before refinement: the finest level built so far, a coarse one.
        let early = mesh.level_for(CLOSE).level.tolerance_deg;
        assert_eq!(early, LOD_TOLERANCES_DEG[COARSE_SLOTS[0] - 1]);
        let mut steps = Vec::new();
        mesh.refine(&|| false, &mut |f| steps.push(f));
        assert_eq!(steps.last(), Some(&1.0));
        assert!(steps.windows(2).all(|w| w[0] < w[1]), "{steps:?}");
        assert!(mesh.is_refined() && !mesh.needs_refining());
        assert_eq!(mesh.level_for(CLOSE).level.tolerance_deg, 0.0);
    }

    #[test]
    fn a_stopped_refinement_leaves_the_levels_it_built_and_can_go_on() {
        let layer =
            crate::model::testing::layer_with_geometries("t", vec![Some(circle(500, 0.1).into())]);
        let mesh = LayerMesh::new(Arc::new(IndexedLayer::new(layer)));
        let built = mesh.built_levels().len();
        mesh.refine(&|| true, &mut |_| {});
        assert_eq!(mesh.built_levels().len(), built);
        assert!(mesh.needs_refining());
        mesh.refine(&|| false, &mut |_| {});
        assert!(mesh.is_refined());
    }

    #[test]
    fn a_feature_past_65536_fill_vertices_keeps_four_byte_corners() {
        // A 70,000-gon (corners up to 69,999) between two small circles: each fill covers its
        // own circle's area (geo's, by the shoelace formula), so each feature's range points
        // into the right array.
        let geoms = vec![
            Some(circle(500, 0.1).into()),
            Some(circle(70_000, 0.2).into()),
            Some(circle(600, 0.05).into()),
        ];
        let want: Vec<f64> = [(500, 0.1), (70_000, 0.2), (600, 0.05)]
            .iter()
            .map(|&(n, r)| circle(n, r).unsigned_area())
            .collect();
        let mesh = mesh_of(geoms);
        let full = mesh.level_for(CLOSE);
        assert_eq!(full.level.wide_triangles.len(), 3 * 69_998);
        assert_eq!(full.level.triangles.len(), 3 * (498 + 598));
        assert!(matches!(
            full.feature(1).unwrap().triangles(),
            Corners::Wide(_)
        ));
        for (fid, want) in want.iter().enumerate() {
            let got = tri_area(&full, fid);
            assert!(
                (got - want).abs() < 1e-12 * want.max(1.0),
                "{fid}: {got} vs {want}"
            );
        }
    }

    #[test]
    fn full_detail_copies_no_coordinate() {
        // 20 circles of 5,000 vertices: 100,000 coordinates (1.6 MB). The full level holds
        // no coordinate, only triangles: by hand 4,998 per circle (a convex n-gon has n − 2),
        // 299,880 corners of 2 bytes = 600 kB, under half the coordinates' bytes (at 4 bytes a
        // corner it would be 1.2 MB, over half).
        let geoms = (0..20).map(|_| Some(circle(5000, 0.1).into())).collect();
        let mesh = mesh_of(geoms);
        let full = mesh.level_for(CLOSE);
        let coord_bytes = 20 * 5001 * std::mem::size_of::<Coord<f64>>();
        assert!(full.level.coords.is_empty() && full.level.paths.is_empty());
        assert_eq!(full.level.triangles.len(), 299_880);
        assert!(full.level.wide_triangles.is_empty());
        assert!(
            full.level.heap_bytes() < coord_bytes / 2,
            "{} vs {coord_bytes}",
            full.level.heap_bytes()
        );
        assert_eq!(full.level.vertex_count(), 20 * 5001);
    }

    #[test]
    fn labels_sit_inside_the_largest_part_and_outside_its_holes() {
        use geo::Contains;
        // A 4x4 square with a 2x2 hole in the middle (the middle line crosses the hole), and a
        // small square beside it: the label is in the big square's widest stretch, x 0..1 or
        // 3..4 at y 2 (by hand: both 1 wide), inside the polygon.
        let big: Polygon<f64> = polygon!(
            exterior: [(x: 0., y: 0.), (x: 4., y: 0.), (x: 4., y: 4.), (x: 0., y: 4.), (x: 0., y: 0.)],
            interiors: [[(x: 1., y: 1.), (x: 3., y: 1.), (x: 3., y: 3.), (x: 1., y: 3.), (x: 1., y: 1.)]],
        );
        let small: Polygon<f64> =
            polygon![(x: 10., y: 0.), (x: 11., y: 0.), (x: 11., y: 1.), (x: 10., y: 1.)];
        let mp = geo::MultiPolygon(vec![small, big.clone()]);
        let at = label_point(&mp.into()).expect("a label");
        assert!(
            at == Coord { x: 0.5, y: 2.0 } || at == Coord { x: 3.5, y: 2.0 },
            "{at:?}"
        );
        assert!(big.contains(&at));
        // A concave L: the widest stretch of its middle line.
        let l: Polygon<f64> = polygon![(x: 0., y: 0.), (x: 4., y: 0.), (x: 4., y: 1.), (x: 1., y: 1.), (x: 1., y: 4.), (x: 0., y: 4.)];
        let at = label_point(&l.clone().into()).expect("a label");
        assert!(l.contains(&at), "{at:?}");
        assert!(label_point(&Geometry::Point(geo::Point::new(1.0, 1.0))).is_none());
    }

    #[test]
    fn simplification_keeps_the_points_geo_keeps() {
        // geo's own Ramer-Douglas-Peucker as the reference, on a wiggly line and a closed ring.
        let wiggle: Vec<Coord<f64>> = (0..500)
            .map(|k| {
                let t = f64::from(k) * 0.01;
                Coord {
                    x: t,
                    y: (t * 7.0).sin() * 0.05 + (t * 31.0).cos() * 0.01,
                }
            })
            .collect();
        // A closed, irregular ring (a circle's symmetric ties would make the kept points depend
        // on rounding).
        let mut ring: Vec<Coord<f64>> = (0..300)
            .map(|k| {
                let t = f64::from(k) / 300.0 * std::f64::consts::TAU;
                let r = 0.1 * (1.0 + 0.05 * (7.0 * t).sin() + 0.02 * (13.0 * t + 0.3).cos());
                Coord {
                    x: 115.0 + r * t.cos(),
                    y: 37.0 + r * t.sin(),
                }
            })
            .collect();
        ring.push(ring[0]);
        for coords in [wiggle, ring] {
            for tol in [1e-4, 1e-3, 1e-2, 0.05] {
                let want = LineString(coords.clone()).simplify(tol).0;
                let mut got = Vec::new();
                rdp_into(&coords, tol, &mut Vec::new(), &mut got);
                assert_eq!(got, want, "tolerance {tol}");
            }
        }
    }

    #[test]
    fn triangulated_area_matches_polygon_area_on_a_multipolygon() {
        let a: Polygon<f64> =
            polygon![(x: 115.0, y: 37.0), (x: 115.3, y: 37.1), (x: 115.1, y: 37.4)];
        let b: Polygon<f64> = polygon![(x: 116.0, y: 37.0), (x: 116.2, y: 37.0), (x: 116.2, y: 37.2), (x: 116.0, y: 37.2)];
        let want = a.unsigned_area() + b.unsigned_area();
        let mp = geo::MultiPolygon(vec![a, b]);
        let mesh = mesh_of(vec![Some(mp.into())]);
        assert!((tri_area(&mesh.level_for(CLOSE), 0) - want).abs() < 1e-12);
        // By hand: triangle 0.5·|0.3·0.4 − 0.1·0.1| = 0.055, square 0.04.
        assert!((want - 0.095).abs() < 1e-12);
    }

    #[test]
    fn a_new_reading_shares_the_levels_and_reads_its_own_geometry() {
        let layer =
            crate::model::testing::layer_with_geometries("t", vec![Some(circle(500, 0.1).into())]);
        let mesh = LayerMesh::build(Arc::new(IndexedLayer::new(layer.clone())));
        let again = Arc::new(IndexedLayer::new(layer));
        let copy = mesh.with_source(again.clone());
        assert!(Arc::ptr_eq(&mesh.levels, &copy.levels));
        assert!(std::ptr::eq(copy.level_for(CLOSE).source, &*again));
    }
}
