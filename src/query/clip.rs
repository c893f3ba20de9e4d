//! Cutting a big site down to a candidate feature's box before the boolean intersection: the
//! intersection of site and feature lies inside the feature's box, so the site's rings clipped to
//! that box (Sutherland–Hodgman, one ring at a time) give the same intersection, and the boolean
//! operation sees the site's vertices near the feature instead of millions.
//!
//! The clipped rings may run along the box edge twice where the site leaves and re-enters it;
//! under the even-odd rule the boolean operations use, such doubled edges cancel. Not for
//! clipping to anything but an axis-aligned box.

use geo::{Coord, LineString, MultiPolygon, Polygon, Rect};

/// Sites with fewer vertices than this are intersected whole (clipping would not pay, and small
/// sites keep exactly the figures they always had).
pub const CLIP_MIN_VERTICES: usize = 20_000;

/// The parts of `mp` inside `rect`, for intersecting with something inside `rect`.
pub fn clip_to_rect(mp: &MultiPolygon<f64>, rect: Rect<f64>) -> MultiPolygon<f64> {
    let mut out = Vec::new();
    for p in &mp.0 {
        let Some(exterior) = clip_ring(p.exterior(), rect) else {
            continue;
        };
        let interiors = p
            .interiors()
            .iter()
            .filter_map(|r| clip_ring(r, rect))
            .collect();
        out.push(Polygon::new(exterior, interiors));
    }
    MultiPolygon(out)
}

/// One ring clipped to `rect`; `None` when nothing of it is left.
fn clip_ring(ring: &LineString<f64>, rect: Rect<f64>) -> Option<LineString<f64>> {
    let (lo, hi) = (rect.min(), rect.max());
    let (mut rmin, mut rmax) = (*ring.0.first()?, *ring.0.first()?);
    for c in &ring.0 {
        rmin.x = rmin.x.min(c.x);
        rmin.y = rmin.y.min(c.y);
        rmax.x = rmax.x.max(c.x);
        rmax.y = rmax.y.max(c.y);
    }
    if rmax.x < lo.x || rmax.y < lo.y || rmin.x > hi.x || rmin.y > hi.y {
        return None;
    }
    if rmin.x >= lo.x && rmin.y >= lo.y && rmax.x <= hi.x && rmax.y <= hi.y {
        return Some(ring.clone());
    }
    let mut pts: Vec<Coord<f64>> = ring.0.clone();
    if pts.len() > 1 && pts.first() == pts.last() {
        pts.pop();
    }
    for edge in [
        Edge::Left(lo.x),
        Edge::Right(hi.x),
        Edge::Bottom(lo.y),
        Edge::Top(hi.y),
    ] {
        pts = clip_against(&pts, edge);
        if pts.len() < 3 {
            return None;
        }
    }
    pts.push(pts[0]);
    Some(LineString(pts))
}

/// One side of the box, as the half-plane kept.
#[derive(Clone, Copy)]
enum Edge {
    Left(f64),
    Right(f64),
    Bottom(f64),
    Top(f64),
}

impl Edge {
    fn inside(self, c: Coord<f64>) -> bool {
        match self {
            Edge::Left(x) => c.x >= x,
            Edge::Right(x) => c.x <= x,
            Edge::Bottom(y) => c.y >= y,
            Edge::Top(y) => c.y <= y,
        }
    }

    /// Where segment `a`–`b` (one end on each side) crosses this side's line.
    fn cross(self, a: Coord<f64>, b: Coord<f64>) -> Coord<f64> {
        match self {
            Edge::Left(x) | Edge::Right(x) => {
                let t = (x - a.x) / (b.x - a.x);
                Coord {
                    x,
                    y: a.y + t * (b.y - a.y),
                }
            }
            Edge::Bottom(y) | Edge::Top(y) => {
                let t = (y - a.y) / (b.y - a.y);
                Coord {
                    x: a.x + t * (b.x - a.x),
                    y,
                }
            }
        }
    }
}

/// One Sutherland–Hodgman pass over an implicitly closed ring.
fn clip_against(pts: &[Coord<f64>], edge: Edge) -> Vec<Coord<f64>> {
    let mut out = Vec::with_capacity(pts.len() + 4);
    let Some(&last) = pts.last() else {
        return out;
    };
    let mut prev = last;
    for &cur in pts {
        match (edge.inside(prev), edge.inside(cur)) {
            (true, true) => out.push(cur),
            (true, false) => out.push(edge.cross(prev, cur)),
            (false, true) => {
                out.push(edge.cross(prev, cur));
                out.push(cur);
            }
            (false, false) => {}
        }
        prev = cur;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Area, BooleanOps};

    #[test]
    fn clipping_first_gives_the_same_intersection() {
        // A U shape (concave: leaves and re-enters the box) with a hole, and a box over its arms.
        let u = Polygon::new(
            LineString::from(vec![
                (0., 0.),
                (10., 0.),
                (10., 10.),
                (7., 10.),
                (7., 3.),
                (3., 3.),
                (3., 10.),
                (0., 10.),
                (0., 0.),
            ]),
            vec![LineString::from(vec![
                (4., 1.),
                (6., 1.),
                (6., 2.),
                (4., 2.),
                (4., 1.),
            ])],
        );
        let site = MultiPolygon(vec![u]);
        let feature = MultiPolygon(vec![Polygon::new(
            LineString::from(vec![(1., 1.5), (9., 1.5), (9., 8.), (1., 8.), (1., 1.5)]),
            vec![],
        )]);
        let rect = Rect::new(Coord { x: 1., y: 1.5 }, Coord { x: 9., y: 8. });
        let whole = site.intersection(&feature).unsigned_area();
        let clipped = clip_to_rect(&site, rect)
            .intersection(&feature)
            .unsigned_area();
        // Hand-computed: box 8 × 6.5 = 52, minus the notch 4 × 5 = 20, minus the hole's part
        // inside (2 × 0.5 = 1): 31.
        assert!((whole - 31.0).abs() < 1e-9, "{whole}");
        assert!((clipped - whole).abs() < 1e-9, "{clipped}");
    }
}
