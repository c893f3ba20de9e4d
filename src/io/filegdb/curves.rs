//! Curve segments of FileGDB geometries turned into straight segments: circular arcs (by an
//! interior point, or by centre and direction) and cubic Béziers.
//!
//! The tolerance is the largest distance allowed between the true curve and the chords that
//! replace it, in the data's own units; at most `MAX_SEGMENTS` chords are made per curve (a full
//! circle of radius 10 km then deviates by at most 0.5 mm). Each function returns the points
//! strictly between the segment's ends, with the curve parameter (0..1) of each for
//! interpolating Z and M. Not for elliptic arcs, which the reader reports instead.

use geo_types::Coord;

/// Upper bound on chords per curve segment, so a tiny tolerance cannot exhaust memory.
pub const MAX_SEGMENTS: usize = 10_000;

/// Interior points of a densified curve, each with its parameter in (0, 1).
pub type Interior = Vec<(Coord<f64>, f64)>;

/// Chords needed so a circular arc of `radius` and `sweep` radians stays within `tolerance`.
fn arc_segments(radius: f64, sweep: f64, tolerance: f64) -> usize {
    let sweep = sweep.abs();
    if !(radius > 0.0 && sweep > 0.0 && radius.is_finite() && sweep.is_finite()) {
        return 1;
    }
    if tolerance.is_nan() || tolerance <= 0.0 {
        return MAX_SEGMENTS;
    }
    if tolerance >= radius {
        return 1;
    }
    // A chord spanning angle a deviates r(1 - cos(a/2)) from the arc.
    let max_angle = 2.0 * (1.0 - tolerance / radius).acos();
    ((sweep / max_angle).ceil() as usize).clamp(1, MAX_SEGMENTS)
}

fn arc_points(
    centre: Coord<f64>,
    radius: f64,
    start_angle: f64,
    sweep: f64,
    tolerance: f64,
) -> Interior {
    let n = arc_segments(radius, sweep, tolerance);
    (1..n)
        .map(|k| {
            let t = k as f64 / n as f64;
            let a = start_angle + sweep * t;
            (
                Coord {
                    x: centre.x + radius * a.cos(),
                    y: centre.y + radius * a.sin(),
                },
                t,
            )
        })
        .collect()
}

/// The sweep from angle `a0` to `a1` going counter-clockwise (`ccw`) or clockwise, in
/// (0, 2π] or [-2π, 0); equal angles mean a full turn.
fn sweep_between(a0: f64, a1: f64, ccw: bool) -> f64 {
    let tau = std::f64::consts::TAU;
    let d = (a1 - a0).rem_euclid(tau);
    let full_turn = d <= 1e-15 || d >= tau - 1e-15;
    if full_turn {
        if ccw { tau } else { -tau }
    } else if ccw {
        d
    } else {
        d - tau
    }
}

/// An arc from `p0` to `p1` around `centre`, counter-clockwise when `ccw`. `p0 == p1` is a full
/// circle.
pub fn arc_by_centre(
    p0: Coord<f64>,
    centre: Coord<f64>,
    p1: Coord<f64>,
    ccw: bool,
    tolerance: f64,
) -> Interior {
    let radius = ((p0.x - centre.x).powi(2) + (p0.y - centre.y).powi(2)).sqrt();
    let a0 = (p0.y - centre.y).atan2(p0.x - centre.x);
    let a1 = (p1.y - centre.y).atan2(p1.x - centre.x);
    arc_points(centre, radius, a0, sweep_between(a0, a1, ccw), tolerance)
}

/// An arc from `p0` through `interior` to `p1`. Collinear points give a straight segment (no
/// interior points); `p0 == p1` is the full circle whose diameter ends at `interior`.
pub fn arc_through(
    p0: Coord<f64>,
    interior: Coord<f64>,
    p1: Coord<f64>,
    tolerance: f64,
) -> Interior {
    let closed = (p0.x - p1.x).abs() <= f64::EPSILON * p0.x.abs().max(1.0)
        && (p0.y - p1.y).abs() <= f64::EPSILON * p0.y.abs().max(1.0);
    if closed {
        let centre = Coord {
            x: (p0.x + interior.x) / 2.0,
            y: (p0.y + interior.y) / 2.0,
        };
        let radius = ((p0.x - centre.x).powi(2) + (p0.y - centre.y).powi(2)).sqrt();
        let a0 = (p0.y - centre.y).atan2(p0.x - centre.x);
        return arc_points(centre, radius, a0, std::f64::consts::TAU, tolerance);
    }
    // Work relative to p0 so large Gauss-Kruger coordinates keep their precision.
    let (bx, by) = (interior.x - p0.x, interior.y - p0.y);
    let (cx, cy) = (p1.x - p0.x, p1.y - p0.y);
    let d = 2.0 * (bx * cy - by * cx);
    let scale = (bx * bx + by * by).max(cx * cx + cy * cy);
    if d.abs() <= 1e-12 * scale {
        return Vec::new();
    }
    let b2 = bx * bx + by * by;
    let c2 = cx * cx + cy * cy;
    let ux = (cy * b2 - by * c2) / d;
    let uy = (bx * c2 - cx * b2) / d;
    let centre = Coord {
        x: p0.x + ux,
        y: p0.y + uy,
    };
    let radius = (ux * ux + uy * uy).sqrt();
    let a0 = (p0.y - centre.y).atan2(p0.x - centre.x);
    let a1 = (p1.y - centre.y).atan2(p1.x - centre.x);
    // p0 -> interior -> p1 turning left means the arc runs counter-clockwise.
    let ccw = d > 0.0;
    arc_points(centre, radius, a0, sweep_between(a0, a1, ccw), tolerance)
}

/// A cubic Bézier from `p0` to `p1` with control points `c1`, `c2`. Uniform steps: with n steps
/// the chord error is at most max|B''| / (8 n²), and max|B''| = 6 · max(|p0 − 2c1 + c2|,
/// |c1 − 2c2 + p1|).
pub fn cubic_bezier(
    p0: Coord<f64>,
    c1: Coord<f64>,
    c2: Coord<f64>,
    p1: Coord<f64>,
    tolerance: f64,
) -> Interior {
    let second = |a: Coord<f64>, b: Coord<f64>, c: Coord<f64>| {
        ((a.x - 2.0 * b.x + c.x).powi(2) + (a.y - 2.0 * b.y + c.y).powi(2)).sqrt()
    };
    let bend = second(p0, c1, c2).max(second(c1, c2, p1));
    let n = if !bend.is_finite() {
        1
    } else if tolerance > 0.0 {
        ((0.75 * bend / tolerance).sqrt().ceil() as usize).clamp(1, MAX_SEGMENTS)
    } else {
        MAX_SEGMENTS
    };
    (1..n)
        .map(|k| {
            let t = k as f64 / n as f64;
            let u = 1.0 - t;
            let (w0, w1, w2, w3) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
            (
                Coord {
                    x: w0 * p0.x + w1 * c1.x + w2 * c2.x + w3 * p1.x,
                    y: w0 * p0.y + w1 * c1.y + w2 * c2.y + w3 * p1.y,
                },
                t,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(x: f64, y: f64) -> Coord<f64> {
        Coord { x, y }
    }

    /// Largest distance from the true circle of the chords' midpoints (where chords are farthest).
    fn worst_sagitta(pts: &[Coord<f64>], centre: Coord<f64>, r: f64) -> f64 {
        pts.windows(2)
            .map(|w| {
                let m = c((w[0].x + w[1].x) / 2.0, (w[0].y + w[1].y) / 2.0);
                r - ((m.x - centre.x).powi(2) + (m.y - centre.y).powi(2)).sqrt()
            })
            .fold(0.0, f64::max)
    }

    #[test]
    fn half_circle_through_its_top_stays_within_tolerance() {
        // Arc from (0,0) through (1,1) to (2,0): the upper half of the unit circle around (1,0),
        // clockwise. Hand-worked: r = 1, sweep = -π; tolerance 0.001 needs chords of at most
        // 2·acos(0.999) = 0.08946 rad, so ceil(π / 0.08946) = 36 chords, 35 interior points.
        let pts = arc_through(c(0.0, 0.0), c(1.0, 1.0), c(2.0, 0.0), 0.001);
        assert_eq!(pts.len(), 35);
        let mut all = vec![c(0.0, 0.0)];
        all.extend(pts.iter().map(|p| p.0));
        all.push(c(2.0, 0.0));
        for p in &all {
            let r = ((p.x - 1.0).powi(2) + p.y.powi(2)).sqrt();
            assert!((r - 1.0).abs() < 1e-12);
            assert!(p.y >= -1e-12, "upper half: {p:?}");
        }
        // Midway (t = 0.5) is the top of the circle.
        let mid = pts[17];
        assert!((mid.1 - 0.5).abs() < 1e-12);
        assert!((mid.0.x - 1.0).abs() < 1e-12 && (mid.0.y - 1.0).abs() < 1e-12);
        let s = worst_sagitta(&all, c(1.0, 0.0), 1.0);
        assert!(s <= 0.001 && s > 0.0005, "{s}");
    }

    #[test]
    fn centre_arcs_follow_the_stated_direction() {
        // Quarter circle radius 10 around the origin from (10,0) to (0,10): counter-clockwise it
        // passes (7.071, 7.071); clockwise it goes the long way through (0,-10).
        let ccw = arc_by_centre(c(10.0, 0.0), c(0.0, 0.0), c(0.0, 10.0), true, 0.01);
        assert!(ccw.iter().all(|(p, _)| p.x > 0.0 && p.y > 0.0));
        let cw = arc_by_centre(c(10.0, 0.0), c(0.0, 0.0), c(0.0, 10.0), false, 0.01);
        assert!(cw.iter().any(|(p, _)| p.y < -9.9));
        assert!(cw.len() > 2 * ccw.len());
        // Start = end: a full circle.
        let full = arc_by_centre(c(10.0, 0.0), c(0.0, 0.0), c(10.0, 0.0), true, 0.01);
        assert!(full.iter().any(|(p, _)| p.x < -9.9));
    }

    #[test]
    fn collinear_interior_point_is_a_straight_segment() {
        assert!(arc_through(c(0.0, 0.0), c(1.0, 1.0), c(2.0, 2.0), 0.001).is_empty());
    }

    #[test]
    fn gauss_kruger_sized_coordinates_keep_precision() {
        // A 50 m radius half circle at easting 39,500,000: every point on the circle within 1e-6 m.
        let (x0, y0) = (39_500_000.0, 4_180_000.0);
        let pts = arc_through(c(x0, y0), c(x0 + 50.0, y0 + 50.0), c(x0 + 100.0, y0), 0.001);
        for (p, _) in pts {
            let r = ((p.x - x0 - 50.0).powi(2) + (p.y - y0).powi(2)).sqrt();
            assert!((r - 50.0).abs() < 1e-6, "{r}");
        }
    }

    #[test]
    fn bezier_meets_its_error_bound() {
        // Control polygon (0,0) (0,1) (1,1) (1,0): both second differences have length √2, so
        // max|B''| = 6·√2 and n = ceil(√(0.75 · √2 / 0.001)) = ceil(32.57) = 33 steps, 32 interior
        // points (hand-worked).
        let pts = cubic_bezier(c(0.0, 0.0), c(0.0, 1.0), c(1.0, 1.0), c(1.0, 0.0), 0.001);
        assert_eq!(pts.len(), 32);
        // The curve's top at t = 0.5 is (0.5, 0.75); the nearest step is t = 16/33.
        let best = pts.iter().map(|(p, _)| p.y).fold(f64::MIN, f64::max);
        assert!((best - 0.75).abs() < 0.001);
    }

    #[test]
    fn zero_tolerance_is_capped() {
        let pts = arc_through(c(0.0, 0.0), c(1.0, 1.0), c(2.0, 0.0), 0.0);
        assert_eq!(pts.len(), MAX_SEGMENTS - 1);
    }
}
