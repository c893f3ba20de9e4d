//! The minimum geodesic distance between two sets of points and segments (edges straight in
//! lon/lat, as stored), without a planar frame's distortion deciding the answer.
//!
//! Three stages, because no single planar frame is faithful over tens of kilometres (meridians
//! converge: two meridian edges look parallel in an equirectangular frame, yet are 0.07 % closer
//! at the northern end of a 0.05° span at 40°N):
//! 1. in one equirectangular frame (affine in lon/lat, so crossing tests are exact), find the best
//!    vertex-to-element distance with R-tree nearest-neighbour queries, then every vertex–element
//!    pair within that frame's worst scale error of it;
//! 2. rank the survivors by an equirectangular distance scaled at each pair's mean latitude
//!    (second-order accurate: centimetres at 10 km);
//! 3. measure the best few on the CGCS2000 ellipsoid with geographiclib, searching the foot along
//!    the segment by golden section on the true geodesic distance.
//!
//! Not for containment (a point deep inside a polygon is "touching" but far from every edge):
//! callers test that first (see `query::nearby`).

use geo::Coord;
use rstar::{AABB, PointDistance, RTree, RTreeObject};

use super::measure::distance_geodesic_m;
use super::planar::{Elements, LocalFrame};

/// At most this many pairs are measured on the ellipsoid (stage 3).
const MAX_REFINED: usize = 32;

/// A point of one set against a segment `a`–`b` of the other (a point when `a == b`), lon/lat.
#[derive(Debug, Clone, Copy)]
struct Primitive {
    p: Coord<f64>,
    a: Coord<f64>,
    b: Coord<f64>,
}

/// The parameter of the point on `a`–`b` nearest to `p`, all in one planar frame.
fn foot_t(p: Coord<f64>, a: Coord<f64>, b: Coord<f64>) -> f64 {
    let d = b - a;
    let len2 = d.x * d.x + d.y * d.y;
    if len2 <= 0.0 {
        0.0
    } else {
        (((p.x - a.x) * d.x + (p.y - a.y) * d.y) / len2).clamp(0.0, 1.0)
    }
}

fn lerp(a: Coord<f64>, b: Coord<f64>, t: f64) -> Coord<f64> {
    a + (b - a) * t
}

fn cross(o: Coord<f64>, a: Coord<f64>, b: Coord<f64>) -> f64 {
    (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
}

/// True when segments `ab` and `cd` cross at a point interior to both.
fn proper_crossing(a: Coord<f64>, b: Coord<f64>, c: Coord<f64>, d: Coord<f64>) -> bool {
    let (d1, d2) = (cross(c, d, a), cross(c, d, b));
    let (d3, d4) = (cross(a, b, c), cross(a, b, d));
    ((d1 > 0.0 && d2 < 0.0) || (d1 < 0.0 && d2 > 0.0))
        && ((d3 > 0.0 && d4 < 0.0) || (d3 < 0.0 && d4 > 0.0))
}

/// A point (`a == b`) or segment in frame metres, with its lon/lat ends, for the R-tree.
#[derive(Debug, Clone, Copy)]
struct Elem {
    a: [f64; 2],
    b: [f64; 2],
    ll_a: Coord<f64>,
    ll_b: Coord<f64>,
}

impl RTreeObject for Elem {
    type Envelope = AABB<[f64; 2]>;
    fn envelope(&self) -> AABB<[f64; 2]> {
        AABB::from_corners(self.a, self.b)
    }
}

impl PointDistance for Elem {
    /// Exact squared distance from a frame point to the segment (degenerate ones included).
    fn distance_2(&self, p: &[f64; 2]) -> f64 {
        let (a, b) = (xy(self.a), xy(self.b));
        let q = xy(*p);
        let foot = lerp(a, b, foot_t(q, a, b));
        (foot.x - q.x).powi(2) + (foot.y - q.y).powi(2)
    }
}

fn xy(p: [f64; 2]) -> Coord<f64> {
    Coord { x: p[0], y: p[1] }
}

/// One set's elements in the frame: an R-tree of them, and their vertices (lon/lat beside frame).
struct Side {
    tree: RTree<Elem>,
    vertices: Vec<([f64; 2], Coord<f64>)>,
    segments: Vec<Elem>,
}

fn side(e: &Elements, frame: &LocalFrame) -> Side {
    let pr = |c: Coord<f64>| {
        let p = frame.to_xy(c);
        [p.x, p.y]
    };
    let elem = |a: Coord<f64>, b: Coord<f64>| Elem {
        a: pr(a),
        b: pr(b),
        ll_a: a,
        ll_b: b,
    };
    let segments: Vec<Elem> = e.segments.iter().map(|&(a, b)| elem(a, b)).collect();
    let mut vertices: Vec<([f64; 2], Coord<f64>)> = e.points.iter().map(|&c| (pr(c), c)).collect();
    for s in &segments {
        // A line's inner vertices come twice (end of one segment, start of the next): skip repeats.
        if vertices.last().is_none_or(|v| v.1 != s.ll_a) {
            vertices.push((s.a, s.ll_a));
        }
        vertices.push((s.b, s.ll_b));
    }
    let all: Vec<Elem> = e
        .points
        .iter()
        .map(|&c| elem(c, c))
        .chain(segments.iter().copied())
        .collect();
    Side {
        tree: RTree::bulk_load(all),
        vertices,
        segments,
    }
}

/// True when a segment of `x` properly crosses one of `y`.
fn any_crossing(x: &Side, y: &Side) -> bool {
    x.segments.iter().any(|s| {
        y.tree
            .locate_in_envelope_intersecting(&s.envelope())
            .any(|t| proper_crossing(xy(s.a), xy(s.b), xy(t.a), xy(t.b)))
    })
}

/// The smallest planar distance between the sets: between two sets of points and segments that
/// do not cross, it is reached at a vertex of one of them.
fn best_planar(x: &Side, y: &Side) -> f64 {
    let one_way = |from: &Side, to: &Side| {
        from.vertices
            .iter()
            .filter_map(|(v, _)| to.tree.nearest_neighbor(v).map(|e| e.distance_2(v)))
            .fold(f64::INFINITY, f64::min)
    };
    one_way(x, y).min(one_way(y, x)).sqrt()
}

/// Every vertex–element pair between the sets closer than `threshold_m` in the frame.
fn pairs_within(x: &Side, y: &Side, threshold_m: f64) -> Vec<Primitive> {
    let mut out = Vec::new();
    for (from, to) in [(x, y), (y, x)] {
        for (v, ll) in &from.vertices {
            for e in to
                .tree
                .locate_within_distance(*v, threshold_m * threshold_m)
            {
                out.push(Primitive {
                    p: *ll,
                    a: e.ll_a,
                    b: e.ll_b,
                });
            }
        }
    }
    out
}

/// Stage 2: distance from `p` to `a`–`b` in an equirectangular frame at the pair's mean latitude.
fn mean_latitude_distance(prim: &Primitive) -> (f64, f64) {
    let mut lat = prim.p.y;
    let mut t = 0.0;
    for _ in 0..2 {
        let frame = LocalFrame::at(Coord {
            x: prim.p.x,
            y: lat,
        });
        t = foot_t(
            frame.to_xy(prim.p),
            frame.to_xy(prim.a),
            frame.to_xy(prim.b),
        );
        lat = (prim.p.y + lerp(prim.a, prim.b, t).y) / 2.0;
    }
    let frame = LocalFrame::at(Coord {
        x: prim.p.x,
        y: lat,
    });
    let (p, foot) = (frame.to_xy(prim.p), frame.to_xy(lerp(prim.a, prim.b, t)));
    (t, ((foot.x - p.x).powi(2) + (foot.y - p.y).powi(2)).sqrt())
}

/// How precisely stage 3 measures, in metres: a hundredth of a millimetre.
const REFINE_PRECISION_M: f64 = 1e-5;

/// Stage 3: the geodesic distance from `p` to `a`–`b`, golden-section searched along the segment.
/// `near_m` is stage 2's estimate of the distance. Near an interior minimum the distance is
/// quadratic in the position along the segment: a bracket of `s` metres on the ground leaves an
/// error of at most about s²/(2·near_m), so the search stops once that is below
/// [`REFINE_PRECISION_M`] (the segment's ends are measured exactly besides).
fn geodesic_point_segment_m(prim: &Primitive, t_guess: f64, near_m: f64) -> f64 {
    let f = |t: f64| distance_geodesic_m(prim.p, lerp(prim.a, prim.b, t));
    if prim.a == prim.b {
        return f(0.0);
    }
    let frame = LocalFrame::at(prim.p);
    let (fa, fb) = (frame.to_xy(prim.a), frame.to_xy(prim.b));
    // The frame's length with a margin for its scale error (a few per cent at worst here).
    let segment_m = ((fb.x - fa.x).powi(2) + (fb.y - fa.y).powi(2)).sqrt() * 1.1;
    let bracket_m = (2.0 * near_m.max(1e-3) * REFINE_PRECISION_M).sqrt();
    // Stage 2's foot is good to centimetres: search a few metres around it first, and the whole
    // segment only when the minimum turns out not to lie inside that window.
    let window = ((1.0 + 1e-3 * near_m) / segment_m.max(1e-9)).min(0.5);
    let (lo, hi) = ((t_guess - window).max(0.0), (t_guess + window).min(1.0));
    let inside = |lo: f64, hi: f64| {
        let mid = f(t_guess.clamp(lo, hi));
        (lo == 0.0 || f(lo) >= mid) && (hi == 1.0 || f(hi) >= mid)
    };
    let (lo, hi) = if hi - lo < 1.0 && inside(lo, hi) {
        (lo, hi)
    } else {
        (0.0, 1.0)
    };
    let best = golden_section(&f, lo, hi, bracket_m / segment_m.max(1e-9));
    // The ends are measured exactly when the bracket reaches them (the slope there is not flat).
    let ends = [(lo == 0.0).then(|| f(0.0)), (hi == 1.0).then(|| f(1.0))];
    ends.into_iter().flatten().fold(best, f64::min)
}

/// The least value golden-section search finds for `f` on `lo`..`hi`, stopping once the bracket
/// is narrower than `tolerance` (in the parameter).
fn golden_section(f: &impl Fn(f64) -> f64, mut lo: f64, mut hi: f64, tolerance: f64) -> f64 {
    let g = (5f64.sqrt() - 1.0) / 2.0;
    let (mut c, mut d) = (hi - g * (hi - lo), lo + g * (hi - lo));
    let (mut fc, mut fd) = (f(c), f(d));
    for _ in 0..50 {
        if hi - lo <= tolerance {
            break;
        }
        if fc < fd {
            hi = d;
            d = c;
            fd = fc;
            c = hi - g * (hi - lo);
            fc = f(c);
        } else {
            lo = c;
            c = d;
            fc = fd;
            d = lo + g * (hi - lo);
            fd = f(d);
        }
    }
    fc.min(fd)
}

/// The minimum geodesic distance in metres between `x` and `y`; 0 when segments cross or come
/// within `touch_m`; `None` when either set is empty or (a shortcut, not a promise) nothing comes
/// within `reach_m`: pass the search radius, or infinity for the true minimum however far.
pub(crate) fn closest_distance_m(
    x: &Elements,
    y: &Elements,
    touch_m: f64,
    reach_m: f64,
) -> Option<f64> {
    if x.is_empty() || y.is_empty() {
        return None;
    }
    let all = || {
        x.points.iter().chain(y.points.iter()).copied().chain(
            x.segments
                .iter()
                .chain(y.segments.iter())
                .flat_map(|&(a, b)| [a, b]),
        )
    };
    let (mut lat_lo, mut lat_hi) = (f64::INFINITY, f64::NEG_INFINITY);
    let (mut lon_lo, mut lon_hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for c in all() {
        lat_lo = lat_lo.min(c.y);
        lat_hi = lat_hi.max(c.y);
        lon_lo = lon_lo.min(c.x);
        lon_hi = lon_hi.max(c.x);
    }
    let center = Coord {
        x: (lon_lo + lon_hi) / 2.0,
        y: (lat_lo + lat_hi) / 2.0,
    };
    let frame = LocalFrame::at(center);
    let (sx, sy) = (side(x, &frame), side(y, &frame));

    // Stage 1: crossings, the best planar distance, then the pairs that might beat it on the
    // ellipsoid given the frame's scale error across the latitudes involved.
    if any_crossing(&sx, &sy) {
        return Some(0.0);
    }
    let best = best_planar(&sx, &sy);
    if !best.is_finite() {
        return None;
    }
    if best <= touch_m {
        return Some(0.0);
    }
    let cos0 = center.y.to_radians().cos();
    let scale_error = [lat_lo, lat_hi]
        .iter()
        .map(|lat| (lat.to_radians().cos() / cos0 - 1.0).abs())
        .fold(0.0, f64::max);
    let eps = (scale_error + 1e-4).min(0.5);
    // Every pair's ellipsoidal distance is at least (1 - eps) times its distance in the frame:
    // beyond the reach even so, nothing comes within it.
    if best * (1.0 - eps) > reach_m + 0.01 {
        return None;
    }
    let threshold = best * (1.0 + eps) / (1.0 - eps) + 0.01;
    let survivors = pairs_within(&sx, &sy, threshold);

    // Stage 2: rank by mean-latitude distance; keep the near-ties.
    let mut ranked: Vec<(f64, f64, Primitive)> = survivors
        .iter()
        .map(|prim| {
            let (t, d) = mean_latitude_distance(prim);
            (d, t, *prim)
        })
        .collect();
    ranked.sort_by(|a, b| a.0.total_cmp(&b.0));
    let best2 = ranked.first()?.0;
    if best2 <= touch_m {
        return Some(0.0);
    }
    // Stage 2 is good to centimetres at 10 km (1e-6); with a hundredfold margin, a best pair
    // beyond the reach means nothing comes within it.
    if best2 * (1.0 - 1e-4) > reach_m + 0.01 {
        return None;
    }
    // Stage 3: measure the near-ties on the ellipsoid. Stage 2's relative error grows as the
    // square of distance over Earth radius; keep every pair within a few times that of the best.
    let rel = best2 / 6_371_000.0;
    let tie = best2 * (1.0 + 4.0 * rel * rel + 1e-6) + 0.01;
    let min_m = ranked
        .iter()
        .take_while(|(d, _, _)| *d <= tie)
        .take(MAX_REFINED)
        .map(|(d, t, prim)| geodesic_point_segment_m(prim, *t, *d))
        .fold(f64::INFINITY, f64::min);
    Some(if min_m <= touch_m { 0.0 } else { min_m })
}
