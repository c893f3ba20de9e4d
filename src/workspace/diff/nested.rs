//! The commonest boundary change of an update answered without boolean operations: a unit
//! redrawn wholly inside (or around, or apart from) its old outline, the two boundaries nowhere
//! touching. Then `old − new` is the old outline with the new one as a hole (or the old area
//! whole), `new − old` likewise, and their areas are differences of ring areas, exactly.
//!
//! Why hand-written: geo's boolean operations snap to a fixed-point grid and build a full overlay
//! graph, which for a shrunk or grown unit of a few hundred vertices is most of `diff`'s time;
//! deciding that two rings never touch needs only a sweep over their segments with the robust
//! orientation predicate (geo's `RobustKernel`), and the answer is then exact, not snapped.
//!
//! Not for anything else: polygons with holes, several parts, or boundaries that touch or cross
//! at any point are left to the boolean operations (`None` here).

use geo::kernels::{Kernel, Orientation, RobustKernel};
use geo::{Coord, LineString, MultiPolygon, Polygon, Winding};

/// The gained (`new − old`) and lost (`old − new`) pieces when the outlines of two single,
/// hole-free polygons nowhere touch; `None` in every other case.
pub fn nested_pieces(
    old: &[Polygon<f64>],
    new: &[Polygon<f64>],
) -> Option<(MultiPolygon<f64>, MultiPolygon<f64>)> {
    let (o, n) = (single_simple(old)?, single_simple(new)?);
    if rings_touch(o.exterior(), n.exterior()) {
        return None;
    }
    // The outlines are apart, so any vertex of one is strictly inside or strictly outside the other.
    let new_in_old = strictly_inside(o.exterior(), n.exterior().0[0]);
    let old_in_new = !new_in_old && strictly_inside(n.exterior(), o.exterior().0[0]);
    let empty = MultiPolygon(Vec::new());
    Some(if new_in_old {
        (empty, MultiPolygon(vec![with_hole(o, n)]))
    } else if old_in_new {
        (MultiPolygon(vec![with_hole(n, o)]), empty)
    } else {
        (MultiPolygon(new.to_vec()), MultiPolygon(old.to_vec()))
    })
}

/// The one polygon of `parts` when it has no holes and a ring of at least three edges.
fn single_simple(parts: &[Polygon<f64>]) -> Option<&Polygon<f64>> {
    match parts {
        [p] if p.interiors().is_empty() && p.exterior().0.len() >= 4 => Some(p),
        _ => None,
    }
}

/// `outer` with `inner`'s outline as its hole (wound clockwise, as geo expects of holes).
fn with_hole(outer: &Polygon<f64>, inner: &Polygon<f64>) -> Polygon<f64> {
    let mut hole = inner.exterior().clone();
    hole.make_cw_winding();
    Polygon::new(outer.exterior().clone(), vec![hole])
}

/// One segment of either ring, with its x-range for the sweep.
#[derive(Clone, Copy)]
struct Segment {
    a: Coord<f64>,
    b: Coord<f64>,
    min_x: f64,
    max_x: f64,
    /// Which ring: false for the first, true for the second.
    second: bool,
}

fn segments(ring: &LineString<f64>, second: bool, out: &mut Vec<Segment>) {
    for w in ring.0.windows(2) {
        out.push(Segment {
            a: w[0],
            b: w[1],
            min_x: w[0].x.min(w[1].x),
            max_x: w[0].x.max(w[1].x),
            second,
        });
    }
    // An unclosed ring still has its closing edge.
    if let (Some(&first), Some(&last)) = (ring.0.first(), ring.0.last())
        && first != last
    {
        out.push(Segment {
            a: last,
            b: first,
            min_x: last.x.min(first.x),
            max_x: last.x.max(first.x),
            second,
        });
    }
}

/// Whether any segment of `r` meets any segment of `s` (crossing, touching at a point, or
/// overlapping), decided exactly: a sweep along x over both rings' segments.
pub fn rings_touch(r: &LineString<f64>, s: &LineString<f64>) -> bool {
    let mut all = Vec::with_capacity(r.0.len() + s.0.len());
    segments(r, false, &mut all);
    segments(s, true, &mut all);
    all.sort_unstable_by(|p, q| p.min_x.total_cmp(&q.min_x));
    // Active segments of each ring whose x-range still reaches the sweep line; a segment is
    // only tested against the other ring's.
    let mut active: [Vec<usize>; 2] = [Vec::new(), Vec::new()];
    // A comb-like boundary could make the sweep quadratic: past this many tests the rings are
    // taken as touching, which only sends the pair to the boolean operations.
    let mut tests_left = all.len().saturating_mul(SWEEP_TESTS_PER_SEGMENT);
    for (i, seg) in all.iter().enumerate() {
        for list in &mut active {
            list.retain(|&k| all[k].max_x >= seg.min_x);
        }
        let other = &active[usize::from(!seg.second)];
        tests_left = match tests_left.checked_sub(other.len()) {
            Some(left) => left,
            None => return true,
        };
        if other.iter().any(|&k| segments_meet(seg, &all[k])) {
            return true;
        }
        active[usize::from(seg.second)].push(i);
    }
    false
}

/// Segment tests the sweep may make per segment before it gives up (see `rings_touch`).
const SWEEP_TESTS_PER_SEGMENT: usize = 64;

/// Whether two closed segments share at least one point (robust orientation predicates).
fn segments_meet(s: &Segment, t: &Segment) -> bool {
    let (s_lo, s_hi) = (s.a.y.min(s.b.y), s.a.y.max(s.b.y));
    let (t_lo, t_hi) = (t.a.y.min(t.b.y), t.a.y.max(t.b.y));
    if s.max_x < t.min_x || t.max_x < s.min_x || s_hi < t_lo || t_hi < s_lo {
        return false;
    }
    let sign = |o: Orientation| match o {
        Orientation::CounterClockwise => 1i8,
        Orientation::Clockwise => -1,
        Orientation::Collinear => 0,
    };
    let o1 = sign(RobustKernel::orient2d(s.a, s.b, t.a));
    let o2 = sign(RobustKernel::orient2d(s.a, s.b, t.b));
    let o3 = sign(RobustKernel::orient2d(t.a, t.b, s.a));
    let o4 = sign(RobustKernel::orient2d(t.a, t.b, s.b));
    if o1 == 0 && o2 == 0 {
        // Collinear: they meet exactly when their boxes overlap, which was checked above.
        return true;
    }
    o1 * o2 <= 0 && o3 * o4 <= 0
}

/// Whether `p`, which is on no edge of `ring`, lies inside it (even-odd, robust orientation for
/// the side of each edge the rightward ray crosses).
fn strictly_inside(ring: &LineString<f64>, p: Coord<f64>) -> bool {
    let c = &ring.0;
    let mut inside = false;
    for i in 0..c.len() {
        let (a, b) = (c[i], c[(i + 1) % c.len()]);
        if (a.y > p.y) == (b.y > p.y) {
            continue;
        }
        // The edge spans p's height; the ray to the right of p crosses it when p is on the
        // edge's left going up, or on its right going down.
        let o = RobustKernel::orient2d(a, b, p);
        let crosses = if b.y > a.y {
            o == Orientation::CounterClockwise
        } else {
            o == Orientation::Clockwise
        };
        if crosses {
            inside = !inside;
        }
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Area, BooleanOps};

    fn square(x0: f64, y0: f64, side: f64) -> MultiPolygon<f64> {
        let ring = LineString::from(vec![
            (x0, y0),
            (x0 + side, y0),
            (x0 + side, y0 + side),
            (x0, y0 + side),
            (x0, y0),
        ]);
        MultiPolygon(vec![Polygon::new(ring, vec![])])
    }

    /// Planar areas compared with geo's own boolean operations (the independent reference).
    fn agrees_with_booleans(old: &MultiPolygon<f64>, new: &MultiPolygon<f64>) {
        let (gained, lost) = nested_pieces(&old.0, &new.0).expect("outlines apart");
        let (want_gained, want_lost) = (new.difference(old), old.difference(new));
        assert!((gained.unsigned_area() - want_gained.unsigned_area()).abs() < 1e-9);
        assert!((lost.unsigned_area() - want_lost.unsigned_area()).abs() < 1e-9);
    }

    #[test]
    fn a_shrunk_unit_loses_a_frame_and_gains_nothing() {
        let (old, new) = (square(0.0, 0.0, 10.0), square(1.0, 1.0, 8.0));
        let (gained, lost) = nested_pieces(&old.0, &new.0).expect("nested");
        assert!(gained.0.is_empty());
        // Hand-computed: 100 − 64.
        assert!((lost.unsigned_area() - 36.0).abs() < 1e-12);
        agrees_with_booleans(&old, &new);
    }

    #[test]
    fn a_grown_or_moved_unit_is_answered_too() {
        let (old, new) = (square(1.0, 1.0, 8.0), square(0.0, 0.0, 10.0));
        let (gained, lost) = nested_pieces(&old.0, &new.0).expect("nested");
        assert!((gained.unsigned_area() - 36.0).abs() < 1e-12 && lost.0.is_empty());
        agrees_with_booleans(&old, &new);
        // Moved clear away: everything gained and lost.
        agrees_with_booleans(&square(0.0, 0.0, 1.0), &square(5.0, 5.0, 1.0));
    }

    #[test]
    fn touching_or_crossing_outlines_are_left_to_the_booleans() {
        let old = square(0.0, 0.0, 10.0);
        // Sharing the edge x = 0.
        assert!(nested_pieces(&old.0, &square(0.0, 1.0, 5.0).0).is_none());
        // Touching at one corner from inside: (10, 10).
        assert!(nested_pieces(&old.0, &square(5.0, 5.0, 5.0).0).is_none());
        // Crossing.
        assert!(nested_pieces(&old.0, &square(5.0, 5.0, 10.0).0).is_none());
        // Touching at a corner from outside.
        assert!(nested_pieces(&old.0, &square(10.0, 10.0, 3.0).0).is_none());
    }

    #[test]
    fn holes_and_several_parts_are_left_to_the_booleans() {
        let old = square(0.0, 0.0, 10.0);
        let mut two = square(1.0, 1.0, 2.0);
        two.0.extend(square(5.0, 5.0, 2.0).0);
        assert!(nested_pieces(&old.0, &two.0).is_none());
        let holed = old.difference(&square(4.0, 4.0, 1.0));
        assert!(nested_pieces(&holed.0, &square(1.0, 1.0, 2.0).0).is_none());
    }
}
