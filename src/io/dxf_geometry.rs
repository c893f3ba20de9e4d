//! CAD curves as vertex lists: polyline bulges (DXF group 42: the tangent of a quarter of the
//! arc's included angle, positive counter-clockwise) and arcs/circles, densified so that no chord
//! strays more than `SAGITTA_M` from the true arc. Coordinates are the drawing's (Gauss-Kruger
//! metres in practice), before any CRS transform.
//!
//! Not for splines, ellipses or hatches (the reader counts and skips those).

use std::f64::consts::TAU;

use geo::Coord;

/// The largest gap allowed between an arc and its chords, in drawing units (metres): 1 mm, far
/// below survey precision; a 50 m semicircle loses under 0.1 m² of area.
pub const SAGITTA_M: f64 = 0.001;

/// Chords per full circle, at most: a huge radius must not make millions of vertices.
const MAX_SEGMENTS_PER_TURN: f64 = 2048.0;

/// The points of an arc of `radius` about `center` from angle `start` sweeping `sweep` radians
/// (negative: clockwise), both ends included.
pub fn arc_points(center: Coord<f64>, radius: f64, start: f64, sweep: f64) -> Vec<Coord<f64>> {
    let n = segments(radius, sweep);
    (0..=n)
        .map(|k| {
            let a = start + sweep * k as f64 / n as f64;
            Coord {
                x: center.x + radius * a.cos(),
                y: center.y + radius * a.sin(),
            }
        })
        .collect()
}

/// How many chords an arc of `radius` and `sweep` needs to stay within `SAGITTA_M`.
fn segments(radius: f64, sweep: f64) -> usize {
    let turns = sweep.abs() / TAU;
    if !(radius.is_finite() && radius > 0.0 && sweep.is_finite()) || turns == 0.0 {
        return 1;
    }
    // A chord subtending angle `step` strays r·(1 − cos(step/2)) from the arc.
    let step = if radius <= SAGITTA_M {
        TAU / 8.0
    } else {
        2.0 * (1.0 - SAGITTA_M / radius).acos()
    };
    let wanted = (sweep.abs() / step).ceil();
    // No CAD curve turns more than once: a sweep of many turns (a corrupt file's) still gets at
    // most one turn's chords, so the vertex count stays bounded whatever the input.
    let cap = (MAX_SEGMENTS_PER_TURN * turns.min(1.0)).ceil().max(1.0);
    wanted.clamp(1.0, cap) as usize
}

/// The vertices between `a` and `b` (exclusive of `a`, inclusive of `b`) of a polyline segment
/// with `bulge`; a straight segment (bulge 0, or a degenerate one) is just `b`.
pub fn bulge_segment(a: Coord<f64>, b: Coord<f64>, bulge: f64) -> Vec<Coord<f64>> {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let chord = dx.hypot(dy);
    if bulge == 0.0 || !bulge.is_finite() || chord == 0.0 {
        return vec![b];
    }
    let sweep = 4.0 * bulge.atan();
    let radius = chord / (2.0 * (sweep / 2.0).sin().abs());
    // The centre lies on the chord's perpendicular bisector, left of a→b for a
    // counter-clockwise arc; past a semicircle (|bulge| > 1) cos turns negative and it crosses.
    let h = radius * (sweep / 2.0).cos() * bulge.signum();
    let center = Coord {
        x: (a.x + b.x) / 2.0 - h * dy / chord,
        y: (a.y + b.y) / 2.0 + h * dx / chord,
    };
    let start = (a.y - center.y).atan2(a.x - center.x);
    let mut points = arc_points(center, radius, start, sweep);
    points.remove(0);
    // The last computed point is `b` up to rounding: use `b` itself so rings close exactly.
    if let Some(last) = points.last_mut() {
        *last = b;
    }
    points
}

/// A polyline's vertices `(x, y, bulge)` as points, arcs densified; `closed` adds the segment
/// from the last vertex back to the first (the ring is returned closed).
pub fn polyline_points(vertices: &[(f64, f64, f64)], closed: bool) -> Vec<Coord<f64>> {
    let Some(&(x0, y0, _)) = vertices.first() else {
        return Vec::new();
    };
    let mut out = vec![Coord { x: x0, y: y0 }];
    let pairs = vertices.windows(2).map(|w| (w[0], w[1]));
    let closing = closed.then(|| (vertices[vertices.len() - 1], vertices[0]));
    for ((ax, ay, bulge), (bx, by, _)) in pairs.chain(closing) {
        out.extend(bulge_segment(
            Coord { x: ax, y: ay },
            Coord { x: bx, y: by },
            bulge,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn near(a: Coord<f64>, b: (f64, f64)) -> bool {
        (a.x - b.0).abs() < 1e-9 && (a.y - b.1).abs() < 1e-9
    }

    #[test]
    fn a_bulge_of_one_is_a_semicircle_on_the_right_side() {
        // From (1,0) to (-1,0) counter-clockwise: through (0,1).
        let pts = bulge_segment(Coord { x: 1.0, y: 0.0 }, Coord { x: -1.0, y: 0.0 }, 1.0);
        assert!(near(*pts.last().unwrap(), (-1.0, 0.0)));
        assert!(pts.iter().all(|p| (p.x.hypot(p.y) - 1.0).abs() < 1e-9));
        assert!(pts.iter().all(|p| p.y >= -1e-12));
        // Clockwise (negative bulge): through (0,-1).
        let pts = bulge_segment(Coord { x: 1.0, y: 0.0 }, Coord { x: -1.0, y: 0.0 }, -1.0);
        assert!(pts.iter().all(|p| p.y <= 1e-12));
    }

    #[test]
    fn a_quarter_arc_and_a_three_quarter_arc() {
        // tan(90°/4): a quarter circle about the origin from (1,0) to (0,1).
        let b = (std::f64::consts::FRAC_PI_2 / 4.0).tan();
        let pts = bulge_segment(Coord { x: 1.0, y: 0.0 }, Coord { x: 0.0, y: 1.0 }, b);
        assert!(
            pts.iter()
                .all(|p| (p.x.hypot(p.y) - 1.0).abs() < 1e-9 && p.x >= -1e-12)
        );
        // tan(270°/4): the long way round, through (-1, 0) and (0, -1) about (0,0).
        let b = (3.0 * std::f64::consts::FRAC_PI_2 / 4.0).tan();
        let pts = bulge_segment(Coord { x: 0.0, y: -1.0 }, Coord { x: 1.0, y: 0.0 }, -b);
        assert!(pts.iter().all(|p| (p.x.hypot(p.y) - 1.0).abs() < 1e-9));
        assert!(pts.iter().any(|p| near(*p, (-1.0, 0.0)) || p.x < -0.99));
    }

    /// Fuzz finding 22: a sweep of ~1e28 turns asked for more vertices than memory has.
    #[test]
    fn a_sweep_of_many_turns_gets_one_turns_chords_at_most() {
        let pts = arc_points(Coord { x: 0.0, y: 0.0 }, 1e6, 0.0, 1e30);
        assert_eq!(pts.len(), MAX_SEGMENTS_PER_TURN as usize + 1);
    }

    #[test]
    fn chords_stay_within_the_sagitta_and_the_count_is_bounded() {
        let r = 50.0;
        let pts = arc_points(Coord { x: 0.0, y: 0.0 }, r, 0.0, TAU);
        let step = TAU / (pts.len() - 1) as f64;
        assert!(r * (1.0 - (step / 2.0).cos()) <= SAGITTA_M);
        let huge = arc_points(Coord { x: 0.0, y: 0.0 }, 1e9, 0.0, TAU);
        assert!(huge.len() <= 2049);
        assert_eq!(
            arc_points(Coord { x: 0.0, y: 0.0 }, f64::NAN, 0.0, 1.0).len(),
            2
        );
    }
}
