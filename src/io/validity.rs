//! Self-intersecting ("bow-tie") polygons: found after reading, warned about by feature (fid,
//! code, where the boundary crosses itself) and replaced by their even-odd repair, so that every
//! area, share and point test is computed on one valid geometry — the same one geo's boolean
//! operations (even-odd fill) would make of it anyway.
//!
//! Finds proper crossings of boundary segments (the interiors of two segments cross) with a
//! sweep along x; segments that merely touch at a vertex are not reported. Not for other kinds
//! of invalidity (spikes, overlapping parts of a multipolygon, rings touching along a line).

use geo::kernels::{Kernel, Orientation, RobustKernel};
use geo::{Coord, Geometry, MultiPolygon, Polygon};
use rayon::prelude::*;

use crate::io::overlay_kernel::even_odd;
use crate::model::Layer;

/// Named one by one in warnings; beyond this many, a count.
const NAMED_MAX: usize = 5;

/// Where a polygon's boundary crosses itself.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Crossing {
    /// The crossing point, in the geometry's coordinates.
    pub at: Coord<f64>,
}

/// A feature whose boundary crosses itself too often to be repaired (see
/// [`SelfCrossings::too_tangled`]): the layer is refused, naming it.
#[derive(Debug, Clone, PartialEq)]
pub struct TangledFeature {
    pub fid: usize,
    pub code: Option<String>,
    pub crossings: SelfCrossings,
}

impl std::fmt::Display for TangledFeature {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let code = self
            .code
            .as_ref()
            .map(|c| format!(", code {c}"))
            .unwrap_or_default();
        let c = &self.crossings;
        write!(
            f,
            "feature {}{code}: its boundary crosses itself at more than {} places ({} segments; \
             the first at {:.6}, {:.6}), so no repair can say what area was meant; check the \
             order of its points in the source (QGIS: Check validity)",
            self.fid,
            crossing_limit(c.segments),
            c.segments,
            c.first.at.x,
            c.first.at.y
        )
    }
}

/// Finds self-crossing polygons in `layer`, replaces each by its even-odd repair and adds a
/// warning naming the features; a feature too tangled to repair is an error (the first such).
pub fn repair_self_intersections(layer: &mut Layer) -> Result<(), TangledFeature> {
    let checked: Vec<(usize, Result<Repaired, SelfCrossings>)> = layer
        .features
        .par_iter()
        .enumerate()
        .filter_map(|(fid, f)| {
            let g = f.geometry.as_ref()?;
            repair_geometry(g).transpose().map(|r| (fid, r))
        })
        .collect();
    let mut found = Vec::with_capacity(checked.len());
    for (fid, outcome) in checked {
        match outcome {
            Ok(repaired) => found.push((fid, repaired)),
            Err(crossings) => {
                return Err(TangledFeature {
                    fid,
                    code: layer.unit_code(fid),
                    crossings,
                });
            }
        }
    }
    if found.is_empty() {
        return Ok(());
    }
    let mut named = Vec::new();
    for (fid, (crossing, _)) in found.iter().take(NAMED_MAX) {
        let code = layer
            .unit_code(*fid)
            .map(|c| format!(", code {c}"))
            .unwrap_or_default();
        named.push(format!(
            "feature {fid}{code} crosses itself at {:.6}, {:.6}",
            crossing.at.x, crossing.at.y
        ));
    }
    let more = match found.len().saturating_sub(NAMED_MAX) {
        0 => String::new(),
        n => format!(" and {n} more features"),
    };
    layer.warnings.push(format!(
        "self-intersecting (\"bow-tie\") polygons: {}{more}. Areas, overlaps and point tests \
         use their repair by the even-odd rule (split at each crossing into valid polygons, as \
         GEOS MakeValid does); repair them in the source (QGIS: Fix geometries) if that is not \
         what was drawn",
        named.join("; ")
    ));
    for (fid, (_, repaired)) in found {
        if let Some(f) = layer.features.get_mut(fid) {
            f.geometry = Some(repaired);
        }
    }
    Ok(())
}

/// A self-crossing geometry's first crossing and its repair.
pub type Repaired = (Crossing, Geometry<f64>);

/// The first crossing of a self-crossing polygon geometry and the geometry repaired; `Ok(None)`
/// when no polygon of it crosses itself, and the crossings of the first polygon too tangled to
/// repair as the error.
pub fn repair_geometry(g: &Geometry<f64>) -> Result<Option<Repaired>, SelfCrossings> {
    let checked = |p: &Polygon<f64>| match self_crossings(p) {
        Some(c) if c.too_tangled() => Err(c),
        found => Ok(found),
    };
    match g {
        Geometry::Polygon(p) => {
            Ok(checked(p)?.map(|c| (c.first, Geometry::MultiPolygon(even_odd(p)))))
        }
        Geometry::MultiPolygon(mp) => {
            let crossings = mp.0.iter().map(checked).collect::<Result<Vec<_>, _>>()?;
            let Some(first) = crossings.iter().flatten().next().map(|c| c.first) else {
                return Ok(None);
            };
            let mut parts = Vec::with_capacity(mp.0.len());
            for (p, c) in mp.0.iter().zip(&crossings) {
                match c {
                    Some(_) => parts.extend(even_odd(p).0),
                    None => parts.push(p.clone()),
                }
            }
            Ok(Some((first, Geometry::MultiPolygon(MultiPolygon(parts)))))
        }
        _ => Ok(None),
    }
}

/// One boundary segment, its ring and place in it.
#[derive(Clone, Copy)]
struct Segment {
    /// The end with the smaller x (the sweep's order), then the other: which end came first
    /// along the ring does not matter to a crossing.
    a: Coord<f64>,
    b: Coord<f64>,
    /// Ring (0 the exterior) and place along it: 40 bytes a segment instead of 64, because a
    /// province's load sorts millions of them (the check was a quarter of a national layer's load).
    ring: u32,
    index: u32,
}

impl Segment {
    /// Segment `index` of ring `ring`, from `p` to `q` (stored left end first).
    fn new(p: Coord<f64>, q: Coord<f64>, ring: usize, index: usize) -> Segment {
        let (a, b) = if p.x <= q.x { (p, q) } else { (q, p) };
        Segment {
            a,
            b,
            ring: ring as u32,
            index: index as u32,
        }
    }

    fn min_x(&self) -> f64 {
        self.a.x
    }

    fn max_x(&self) -> f64 {
        self.b.x
    }
}

/// A run of consecutive segments of one ring along which x never turns back (an x-monotone
/// chain), stored in `segments[start..end]` in order of x. Two of its segments cannot properly
/// cross: apart from neighbours, their x-ranges meet at most in one x, where at least one of
/// them ends or both are vertical (collinear). So only pairs from different chains are tested.
#[derive(Clone, Copy)]
struct Chain {
    start: u32,
    end: u32,
    min_x: f64,
    max_x: f64,
}

/// The sweep's buffers, kept per thread between polygons: a layer's check would otherwise
/// allocate and free three vectors for every polygon.
#[derive(Default)]
struct SweepBuffers {
    segments: Vec<Segment>,
    chains: Vec<Chain>,
    active: Vec<usize>,
}

thread_local! {
    static SWEEP_BUFFERS: std::cell::RefCell<SweepBuffers> = Default::default();
}

/// Comparisons a polygon's sweep may make per segment before the rest is searched more
/// carefully (guards against a comb-shaped boundary making the sweep quadratic).
const SWEEP_BUDGET_PER_SEGMENT: usize = 256;

/// Crossings a boundary may have, per segment, and still be repaired. A drawing slip (a
/// bow-tie, a loop where a line was traced twice) crosses itself a few times; a boundary whose
/// points came in the wrong order crosses itself up to n²/4 times, and its even-odd "repair" is
/// a dust of slivers that takes the overlay seconds to minutes to make (fuzz finding 16: 65
/// points, 1,415 slivers). Such a boundary is refused, named, instead.
const CROSSINGS_PER_SEGMENT_MAX: usize = 4;

/// Crossings any boundary may have, however few its segments.
const CROSSINGS_MIN_LIMIT: usize = 64;

/// What the search for self-crossings found in one polygon.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SelfCrossings {
    /// The first crossing found.
    pub first: Crossing,
    /// Crossings counted, up to one past the polygon's limit.
    pub count: usize,
    /// The polygon's boundary segments (zero-length ones left out).
    pub segments: usize,
}

impl SelfCrossings {
    /// Too many crossings for the boundary to be a drawing slip that a repair could mend.
    pub fn too_tangled(&self) -> bool {
        self.count > crossing_limit(self.segments)
    }
}

fn crossing_limit(segments: usize) -> usize {
    segments
        .saturating_mul(CROSSINGS_PER_SEGMENT_MAX)
        .max(CROSSINGS_MIN_LIMIT)
}

/// Crossings as a search meets them: the first, and a count that stops one past the limit.
struct Tally {
    first: Option<Coord<f64>>,
    count: usize,
    limit: usize,
}

impl Tally {
    fn new(segments: usize) -> Tally {
        Tally {
            first: None,
            count: 0,
            limit: crossing_limit(segments),
        }
    }

    /// Records a crossing; true when the count has passed the limit (the search may stop).
    fn record(&mut self, at: Coord<f64>) -> bool {
        self.first.get_or_insert(at);
        self.count += 1;
        self.count > self.limit
    }

    /// Keeps a crossing as the first if none is, without counting it (it is counted where the
    /// search meets it again).
    fn note(&mut self, at: Coord<f64>) {
        self.first.get_or_insert(at);
    }

    fn found(&self, segments: usize) -> Option<SelfCrossings> {
        Some(SelfCrossings {
            first: Crossing { at: self.first? },
            count: self.count,
            segments,
        })
    }
}

/// The first proper crossing between two segments of the polygon's rings (a ring with itself, or
/// a hole with the shell or another hole).
pub fn first_crossing(p: &Polygon<f64>) -> Option<Crossing> {
    self_crossings(p).map(|c| c.first)
}

/// The polygon's proper self-crossings: the first, and how many (counted up to one past what a
/// repair is attempted for).
pub fn self_crossings(p: &Polygon<f64>) -> Option<SelfCrossings> {
    SWEEP_BUFFERS.with(|buffers| match buffers.try_borrow_mut() {
        Ok(mut buffers) => sweep(p, &mut buffers),
        // Not reached (the sweep calls nothing that sweeps again); fresh buffers if it were.
        Err(_) => sweep(p, &mut SweepBuffers::default()),
    })
}

/// The polygon's segments cut into x-monotone chains, each chain's segments in order of x.
fn split_into_chains(p: &Polygon<f64>, segments: &mut Vec<Segment>, chains: &mut Vec<Chain>) {
    segments.clear();
    chains.clear();
    let mut close = |segments: &mut Vec<Segment>, start: usize, falling: bool| {
        let end = segments.len();
        if start == end {
            return;
        }
        if falling {
            segments[start..end].reverse();
        }
        chains.push(Chain {
            start: start as u32,
            end: end as u32,
            min_x: segments[start].min_x(),
            max_x: segments[end - 1].max_x(),
        });
    };
    for (ring, coords) in std::iter::once(p.exterior())
        .chain(p.interiors())
        .enumerate()
    {
        let mut start = segments.len();
        // The chain's way along x: rising, falling, or not yet known (vertical so far).
        let mut way = std::cmp::Ordering::Equal;
        for (index, w) in coords.0.windows(2).enumerate() {
            if w[0] == w[1] {
                continue;
            }
            let step = w[1]
                .x
                .partial_cmp(&w[0].x)
                .unwrap_or(std::cmp::Ordering::Equal);
            if step.is_ne() {
                if way.is_ne() && step != way {
                    close(segments, start, way.is_lt());
                    start = segments.len();
                }
                way = step;
            }
            segments.push(Segment::new(w[0], w[1], ring, index));
        }
        close(segments, start, way.is_lt());
    }
}

fn sweep(p: &Polygon<f64>, buffers: &mut SweepBuffers) -> Option<SelfCrossings> {
    let SweepBuffers {
        segments,
        chains,
        active,
    } = buffers;
    split_into_chains(p, segments, chains);
    if segments.len() < 4 {
        return None;
    }
    let ring_lens: Vec<usize> = std::iter::once(p.exterior())
        .chain(p.interiors())
        .map(|r| r.0.len().saturating_sub(1))
        .collect();
    chains.sort_unstable_by(|c, d| c.min_x.total_cmp(&d.min_x));
    active.clear();
    let mut tally = Tally::new(segments.len());
    let budget = segments.len().saturating_mul(SWEEP_BUDGET_PER_SEGMENT);
    let mut spent = 0usize;
    let slice = |c: &Chain| &segments[c.start as usize..c.end as usize];
    for (i, chain) in chains.iter().enumerate() {
        active.retain(|&k| chains[k].max_x >= chain.min_x);
        for &k in active.iter() {
            if walk_pair(
                slice(&chains[k]),
                slice(chain),
                &ring_lens,
                &mut tally,
                &mut spent,
            ) {
                return tally.found(segments.len());
            }
        }
        if spent > budget {
            return crossings_by_grid(segments, &ring_lens);
        }
        active.push(i);
    }
    tally.found(segments.len())
}

/// Tests the segments of chain `left` (starting no further right than `right`) against those
/// of chain `right` whose x-ranges overlap, walking both in order of x: each segment meets only
/// its neighbours along x in the other chain. True when the tally has passed its limit.
fn walk_pair(
    left: &[Segment],
    right: &[Segment],
    ring_lens: &[usize],
    tally: &mut Tally,
    spent: &mut usize,
) -> bool {
    let (Some(first), Some(last)) = (right.first(), right.last()) else {
        return false;
    };
    let (from_x, to_x) = (first.min_x(), last.max_x());
    let mut i = left.partition_point(|s| s.max_x() < from_x);
    let mut j = 0;
    while let (Some(s), Some(t)) = (left.get(i), right.get(j)) {
        if s.min_x() > to_x {
            break;
        }
        *spent += 1;
        if !adjacent(s, t, ring_lens)
            && let Some(at) = proper_crossing(s, t)
            && tally.record(at)
        {
            return true;
        }
        // The one ending first moves on; when both end at one x, both do (a segment starting
        // there shares with the other at most that x, where the other ends: no proper crossing).
        match s.max_x().partial_cmp(&t.max_x()) {
            Some(std::cmp::Ordering::Less) => i += 1,
            Some(std::cmp::Ordering::Greater) => j += 1,
            _ => {
                i += 1;
                j += 1;
            }
        }
    }
    false
}

/// The fallback for boundaries the sweep finds crowded: segments bucketed in a grid of cells,
/// each pair tested where both share a cell, and a crossing counted in the cell it lies in.
fn crossings_by_grid(segments: &[Segment], ring_lens: &[usize]) -> Option<SelfCrossings> {
    let (mut min, mut max) = (segments[0].a, segments[0].a);
    for s in segments {
        for c in [s.a, s.b] {
            min.x = min.x.min(c.x);
            min.y = min.y.min(c.y);
            max.x = max.x.max(c.x);
            max.y = max.y.max(c.y);
        }
    }
    let side = (segments.len() as f64).sqrt().ceil().max(1.0) as usize;
    let cell_w = ((max.x - min.x) / side as f64).max(f64::MIN_POSITIVE);
    let cell_h = ((max.y - min.y) / side as f64).max(f64::MIN_POSITIVE);
    let cell = |v: f64, lo: f64, w: f64| (((v - lo) / w) as usize).min(side - 1);
    // Ordered, not hashed: which crossing is named first (and, past the limit, which are
    // counted) must not change from run to run.
    let mut cells: std::collections::BTreeMap<(usize, usize), Vec<usize>> = Default::default();
    // Long segments go into every cell of their box; a boundary of many long criss-crossing
    // segments would make that quadratic, so the search stops at a bound no real boundary
    // reaches (and reports no crossing: the polygon is then used as written).
    let mut insertions_left = segments.len().saturating_mul(64);
    for (i, s) in segments.iter().enumerate() {
        let (x0, x1) = (
            cell(s.min_x(), min.x, cell_w),
            cell(s.max_x(), min.x, cell_w),
        );
        let (y0, y1) = (
            cell(s.a.y.min(s.b.y), min.y, cell_h),
            cell(s.a.y.max(s.b.y), min.y, cell_h),
        );
        let count = (x1 - x0 + 1).saturating_mul(y1 - y0 + 1);
        if count > insertions_left {
            return None;
        }
        insertions_left -= count;
        for cx in x0..=x1 {
            for cy in y0..=y1 {
                cells.entry((cx, cy)).or_default().push(i);
            }
        }
    }
    let mut tally = Tally::new(segments.len());
    let mut tests_left = segments.len().saturating_mul(SWEEP_BUDGET_PER_SEGMENT * 4);
    for (&(cx, cy), members) in &cells {
        for (n, &i) in members.iter().enumerate() {
            for &k in &members[n + 1..] {
                let Some(left) = tests_left.checked_sub(1) else {
                    return tally.found(segments.len());
                };
                tests_left = left;
                let (s, t) = (&segments[i], &segments[k]);
                if adjacent(s, t, ring_lens) {
                    continue;
                }
                let Some(at) = proper_crossing(s, t) else {
                    continue;
                };
                // A pair sharing several cells is met in each: counted once, where it crosses.
                // (The first crossing is kept wherever it is met, so that a point rounded
                // into a neighbouring cell is not lost.)
                tally.note(at);
                let here = (cell(at.x, min.x, cell_w), cell(at.y, min.y, cell_h)) == (cx, cy);
                if here && tally.record(at) {
                    return tally.found(segments.len());
                }
            }
        }
    }
    tally.found(segments.len())
}

/// Consecutive segments of one ring (they share a vertex by construction).
fn adjacent(s: &Segment, t: &Segment, ring_lens: &[usize]) -> bool {
    if s.ring != t.ring {
        return false;
    }
    let n = ring_lens[s.ring as usize];
    let d = s.index.abs_diff(t.index) as usize;
    d <= 1 || d + 1 == n
}

/// The point where the interiors of two segments cross, or `None` when they do not (touching
/// at an end, collinear overlap and disjoint segments are not proper crossings).
fn proper_crossing(s: &Segment, t: &Segment) -> Option<Coord<f64>> {
    let ymin = |g: &Segment| g.a.y.min(g.b.y);
    let ymax = |g: &Segment| g.a.y.max(g.b.y);
    if s.max_x() < t.min_x() || t.max_x() < s.min_x() || ymax(s) < ymin(t) || ymax(t) < ymin(s) {
        return None;
    }
    let o1 = RobustKernel::orient2d(s.a, s.b, t.a);
    let o2 = RobustKernel::orient2d(s.a, s.b, t.b);
    let o3 = RobustKernel::orient2d(t.a, t.b, s.a);
    let o4 = RobustKernel::orient2d(t.a, t.b, s.b);
    let opposite = |p: Orientation, q: Orientation| {
        matches!(
            (p, q),
            (Orientation::Clockwise, Orientation::CounterClockwise)
                | (Orientation::CounterClockwise, Orientation::Clockwise)
        )
    };
    if !(opposite(o1, o2) && opposite(o3, o4)) {
        return None;
    }
    let d = (s.b.x - s.a.x) * (t.b.y - t.a.y) - (s.b.y - s.a.y) * (t.b.x - t.a.x);
    let u = ((t.a.x - s.a.x) * (t.b.y - t.a.y) - (t.a.y - s.a.y) * (t.b.x - t.a.x)) / d;
    Some(Coord {
        x: s.a.x + u * (s.b.x - s.a.x),
        y: s.a.y + u * (s.b.y - s.a.y),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Area, LineString};

    fn poly(points: &[(f64, f64)]) -> Polygon<f64> {
        Polygon::new(LineString::from(points.to_vec()), vec![])
    }

    #[test]
    fn a_bow_tie_crosses_at_its_waist_and_repairs_into_two_triangles() {
        let bow = poly(&[(0., 0.), (10., 10.), (10., 0.), (0., 10.), (0., 0.)]);
        let c = first_crossing(&bow).unwrap();
        assert!((c.at.x - 5.0).abs() < 1e-12 && (c.at.y - 5.0).abs() < 1e-12);
        let (_, repaired) = repair_geometry(&Geometry::Polygon(bow)).unwrap().unwrap();
        let Geometry::MultiPolygon(mp) = repaired else {
            panic!("a multipolygon")
        };
        // Two triangles of 25 each (hand-computed: half of 5 × 10 each).
        assert_eq!(mp.0.len(), 2);
        assert!((mp.unsigned_area() - 50.0).abs() < 1e-9);
    }

    #[test]
    fn simple_polygons_and_touching_holes_are_left_alone() {
        let square = poly(&[(0., 0.), (10., 0.), (10., 10.), (0., 10.), (0., 0.)]);
        assert!(first_crossing(&square).is_none());
        let hole = LineString::from(vec![(0., 5.), (5., 2.), (5., 8.), (0., 5.)]);
        let touching = Polygon::new(square.exterior().clone(), vec![hole]);
        assert!(first_crossing(&touching).is_none());
        // A fine circle: many segments, no crossing.
        let circle: Vec<(f64, f64)> = (0..=20_000)
            .map(|i| {
                let t = i as f64 / 20_000.0 * std::f64::consts::TAU;
                (t.cos(), t.sin())
            })
            .collect();
        assert!(first_crossing(&poly(&circle)).is_none());
    }

    /// From the origin, `teeth` teeth 1 apart reaching out to x = 1000, each 0.5 thick: the
    /// ring is left open, to be closed as each test needs.
    fn comb_teeth(teeth: usize) -> Vec<(f64, f64)> {
        let mut pts = vec![(0.0, 0.0)];
        for i in 0..teeth {
            let y = 1.0 + i as f64;
            pts.extend([(1000.0, y), (1000.0, y + 0.5), (0.5, y + 0.5)]);
        }
        pts
    }

    #[test]
    fn a_crowded_comb_is_searched_by_the_grid_too() {
        // A comb of 3,000 thin teeth: a vertical sweep line crosses every tooth.
        let mut pts = comb_teeth(3_000);
        pts.push((0.0, 3_001.0));
        // The last segment goes back across every tooth: crossings exist.
        pts.push((2000.0, 0.5));
        pts.push((0.0, 0.0));
        assert!(first_crossing(&poly(&pts)).is_some());
    }

    /// The regular star polygon {n/k}: vertex i joined to vertex i + k, around a circle.
    fn star(n: usize, k: usize) -> Polygon<f64> {
        let pts: Vec<(f64, f64)> = (0..=n)
            .map(|i| {
                let t = ((i * k) % n) as f64 / n as f64 * std::f64::consts::TAU;
                (100.0 * t.cos(), 100.0 * t.sin())
            })
            .collect();
        poly(&pts)
    }

    #[test]
    fn crossings_are_counted_as_a_star_polygon_has_them() {
        // A star polygon {n/k} crosses itself n(k − 1) times (each edge crosses the 2(k − 1)
        // edges whose ends straddle it, each crossing shared by two edges): the pentagram 5,
        // the heptagram {7/3} 14.
        for (n, k, expected) in [(5, 2, 5), (7, 3, 14), (9, 4, 27)] {
            let c = self_crossings(&star(n, k)).unwrap();
            assert_eq!((c.count, c.segments), (expected, n), "{{{n}/{k}}}");
            assert!(!c.too_tangled());
        }
    }

    #[test]
    fn a_boundary_crossing_itself_more_than_four_times_a_segment_is_refused() {
        // {101/50}: 101 × 49 = 4,949 crossings, over the limit of 4 × 101 = 404.
        let tangled = star(101, 50);
        let c = self_crossings(&tangled).unwrap();
        assert!(c.too_tangled() && c.count == 405, "{c:?}");
        assert_eq!(repair_geometry(&Geometry::Polygon(tangled.clone())), Err(c));
        // One tangled part of a multipolygon refuses the whole.
        let square = poly(&[(500., 0.), (510., 0.), (510., 10.), (500., 10.), (500., 0.)]);
        let mp = Geometry::MultiPolygon(MultiPolygon(vec![square, tangled]));
        assert!(repair_geometry(&mp).is_err());
        // {101/2} crosses itself 101 times, within the limit: repaired.
        assert!(matches!(
            repair_geometry(&Geometry::Polygon(star(101, 2))),
            Ok(Some(_))
        ));
    }

    #[test]
    fn the_grid_counts_each_crossing_once() {
        // A comb of 500 teeth, closed without crossing (down its back at x = 0), and a
        // pentagram (5 crossings) as a ring below it. A sweep line meets the 1,000 x-monotone
        // chains of the teeth: ~0.5 M chain pairs, over the sweep's 386,000 tests; the grid's
        // cells hold ~26 segments each, ~0.5 M tests, within its 1.5 M. There the pentagram's
        // long edges share many cells, and each crossing must still be counted once.
        let mut pts = comb_teeth(500);
        pts.extend([(0.0, 501.0), (0.0, 0.0)]);
        let pentagram: Vec<(f64, f64)> = (0..=5)
            .map(|i| {
                let t = ((i * 2) % 5) as f64 / 5.0 * std::f64::consts::TAU;
                (500.0 + 400.0 * t.cos(), -500.0 + 400.0 * t.sin())
            })
            .collect();
        let p = Polygon::new(LineString::from(pts), vec![LineString::from(pentagram)]);
        let c = self_crossings(&p).unwrap();
        assert_eq!(c.count, 5, "{c:?}");
        // And the crossing named first is the same every time (cells visited in order).
        for _ in 0..5 {
            assert_eq!(self_crossings(&p), Some(c));
        }
    }

    #[test]
    fn the_chain_sweep_counts_what_testing_every_pair_counts() {
        // Random rings (and a random hole), some vertices repeated and some x repeated (vertical
        // segments, chains of constant x), against the count of every pair of segments tested.
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let (mut crossing_cases, mut crossings) = (0, 0);
        let mut next = move |n: u64| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) % n
        };
        for case in 0..400 {
            let mut ring = |most: u64| -> LineString<f64> {
                let mut pts: Vec<(f64, f64)> = Vec::new();
                for _ in 0..3 + next(most) {
                    let x = next(12) as f64;
                    let y = next(12) as f64;
                    match next(5) {
                        0 if !pts.is_empty() => pts.push(*pts.last().unwrap()),
                        1 if !pts.is_empty() => pts.push((pts.last().unwrap().0, y)),
                        _ => pts.push((x, y)),
                    }
                }
                pts.push(pts[0]);
                LineString::from(pts)
            };
            let exterior = ring(20);
            let holes = if case % 3 == 0 { vec![ring(5)] } else { vec![] };
            let p = Polygon::new(exterior, holes);
            let rings: Vec<&LineString<f64>> =
                std::iter::once(p.exterior()).chain(p.interiors()).collect();
            let ring_lens: Vec<usize> = rings.iter().map(|r| r.0.len() - 1).collect();
            let mut all = Vec::new();
            for (ring, r) in rings.iter().enumerate() {
                for (index, w) in r.0.windows(2).enumerate() {
                    if w[0] != w[1] {
                        all.push(Segment::new(w[0], w[1], ring, index));
                    }
                }
            }
            let mut expected = 0;
            for (n, s) in all.iter().enumerate() {
                for t in &all[n + 1..] {
                    if !adjacent(s, t, &ring_lens) && proper_crossing(s, t).is_some() {
                        expected += 1;
                    }
                }
            }
            let counted = self_crossings(&p).map_or(0, |c| c.count);
            let limit = crossing_limit(all.len());
            assert_eq!(counted, expected.min(limit + 1), "case {case}: {p:?}");
            crossing_cases += usize::from(expected > 0);
            crossings += expected;
        }
        // Most rings cross themselves, so the counts above were a test.
        assert!(
            crossing_cases > 300 && crossings > 3_000,
            "{crossing_cases} {crossings}"
        );
    }
}
