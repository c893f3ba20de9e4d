//! A local planar frame around a point (equirectangular, scaled by the CGCS2000 radii of
//! curvature there) and the nearest pair of points between two sets of points and segments in it.
//!
//! Used only to *choose* the nearest pair; the distance reported is the geodesic one between the
//! pair (see `query::nearby`). Not for areas or for anything far from the frame's centre.

use geo::{Coord, CoordsIter, Geometry, LineString};

use super::measure::{CGCS2000_A_M, CGCS2000_F};

/// An equirectangular frame in metres centred at (`lon0`, `lat0`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct LocalFrame {
    lon0: f64,
    lat0: f64,
    m_per_deg_lon: f64,
    m_per_deg_lat: f64,
}

impl LocalFrame {
    /// The frame at `center` (lon/lat degrees): metres per degree from the meridional radius M
    /// and the parallel radius N·cos φ of the CGCS2000 ellipsoid there.
    pub(crate) fn at(center: Coord<f64>) -> LocalFrame {
        let e2 = CGCS2000_F * (2.0 - CGCS2000_F);
        let phi = center.y.clamp(-89.999, 89.999).to_radians();
        let w = (1.0 - e2 * phi.sin().powi(2)).sqrt();
        let n = CGCS2000_A_M / w;
        let m = CGCS2000_A_M * (1.0 - e2) / (w * w * w);
        LocalFrame {
            lon0: center.x,
            lat0: center.y,
            m_per_deg_lon: (n * phi.cos()).to_radians(),
            m_per_deg_lat: m.to_radians(),
        }
    }

    /// Lon/lat degrees to frame metres.
    pub(crate) fn to_xy(&self, c: Coord<f64>) -> Coord<f64> {
        Coord {
            x: (c.x - self.lon0) * self.m_per_deg_lon,
            y: (c.y - self.lat0) * self.m_per_deg_lat,
        }
    }

    /// Frame metres back to lon/lat degrees (the exact inverse of `to_xy`).
    pub(crate) fn to_lonlat(&self, p: Coord<f64>) -> Coord<f64> {
        Coord {
            x: self.lon0 + p.x / self.m_per_deg_lon,
            y: self.lat0 + p.y / self.m_per_deg_lat,
        }
    }
}

/// The points and segments of a geometry, in lon/lat: what distances are measured between.
#[derive(Debug, Clone, Default)]
pub(crate) struct Elements {
    pub points: Vec<Coord<f64>>,
    pub segments: Vec<(Coord<f64>, Coord<f64>)>,
}

impl Elements {
    /// The elements of `geometry`, keeping only those whose box meets the envelope `keep` (min, max) when given.
    pub(crate) fn of(geometry: &Geometry<f64>, keep: Option<(Coord<f64>, Coord<f64>)>) -> Elements {
        let mut out = Elements::default();
        out.add(geometry, keep);
        out
    }

    /// True when there is nothing to measure to.
    pub(crate) fn is_empty(&self) -> bool {
        self.points.is_empty() && self.segments.is_empty()
    }

    fn add(&mut self, geometry: &Geometry<f64>, keep: Option<(Coord<f64>, Coord<f64>)>) {
        let inside = |a: Coord<f64>, b: Coord<f64>| match keep {
            None => true,
            Some((lo, hi)) => {
                a.x.max(b.x) >= lo.x
                    && a.x.min(b.x) <= hi.x
                    && a.y.max(b.y) >= lo.y
                    && a.y.min(b.y) <= hi.y
            }
        };
        let line = |ls: &LineString<f64>, out: &mut Elements| {
            if ls.0.len() == 1 && inside(ls.0[0], ls.0[0]) {
                out.points.push(ls.0[0]);
            }
            out.segments.extend(
                ls.0.windows(2)
                    .map(|w| (w[0], w[1]))
                    .filter(|&(a, b)| inside(a, b)),
            );
        };
        match geometry {
            Geometry::Point(p) => {
                if inside(p.0, p.0) {
                    self.points.push(p.0)
                }
            }
            Geometry::MultiPoint(mp) => self
                .points
                .extend(mp.0.iter().map(|p| p.0).filter(|&c| inside(c, c))),
            Geometry::Line(l) => {
                if inside(l.start, l.end) {
                    self.segments.push((l.start, l.end))
                }
            }
            Geometry::LineString(ls) => line(ls, self),
            Geometry::MultiLineString(mls) => mls.0.iter().for_each(|ls| line(ls, self)),
            Geometry::Polygon(_)
            | Geometry::MultiPolygon(_)
            | Geometry::Rect(_)
            | Geometry::Triangle(_) => crate::index::parts::for_each_polygon(geometry, &mut |p| {
                std::iter::once(p.exterior())
                    .chain(p.interiors().iter())
                    .for_each(|r| line(r, self))
            }),
            Geometry::GeometryCollection(gc) => gc.0.iter().for_each(|g| self.add(g, keep)),
        }
    }
}

/// One vertex of each connected piece of `geometry` (each point, each line, each polygon's outer
/// ring): if no edges cross, a piece is wholly inside or wholly outside any polygon.
pub(crate) fn anchors(geometry: &Geometry<f64>) -> Vec<Coord<f64>> {
    match geometry {
        Geometry::Polygon(_)
        | Geometry::MultiPolygon(_)
        | Geometry::Rect(_)
        | Geometry::Triangle(_) => {
            let mut out = Vec::new();
            crate::index::parts::for_each_polygon(geometry, &mut |p| {
                out.extend(p.exterior().0.first().copied())
            });
            out
        }
        Geometry::LineString(ls) => ls.0.first().copied().into_iter().collect(),
        Geometry::MultiLineString(mls) => {
            mls.0.iter().filter_map(|l| l.0.first().copied()).collect()
        }
        Geometry::GeometryCollection(gc) => gc.0.iter().flat_map(anchors).collect(),
        other => other.coords_iter().collect(),
    }
}

/// The nearest pair between two element sets, in lon/lat, with its length in the frame (metres).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pair {
    pub a: Coord<f64>,
    pub b: Coord<f64>,
    pub planar_m: f64,
}

/// The closest point to `p` on segment `ab` (all in frame metres).
fn closest_on_segment(p: Coord<f64>, a: Coord<f64>, b: Coord<f64>) -> Coord<f64> {
    let d = b - a;
    let len2 = d.x * d.x + d.y * d.y;
    if len2 <= 0.0 {
        return a;
    }
    let t = (((p.x - a.x) * d.x + (p.y - a.y) * d.y) / len2).clamp(0.0, 1.0);
    a + d * t
}

fn dist2(a: Coord<f64>, b: Coord<f64>) -> f64 {
    (a.x - b.x).powi(2) + (a.y - b.y).powi(2)
}

fn cross(o: Coord<f64>, a: Coord<f64>, b: Coord<f64>) -> f64 {
    (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x)
}

/// Closest points between segments `ab` and `cd` (frame metres): the crossing point when they cross.
fn closest_segments(
    a: Coord<f64>,
    b: Coord<f64>,
    c: Coord<f64>,
    d: Coord<f64>,
) -> (Coord<f64>, Coord<f64>) {
    let (d1, d2) = (cross(c, d, a), cross(c, d, b));
    let (d3, d4) = (cross(a, b, c), cross(a, b, d));
    if ((d1 > 0.0 && d2 < 0.0) || (d1 < 0.0 && d2 > 0.0))
        && ((d3 > 0.0 && d4 < 0.0) || (d3 < 0.0 && d4 > 0.0))
    {
        let t = d1 / (d1 - d2);
        let x = a + (b - a) * t;
        return (x, x);
    }
    let candidates = [
        (a, closest_on_segment(a, c, d)),
        (b, closest_on_segment(b, c, d)),
        (closest_on_segment(c, a, b), c),
        (closest_on_segment(d, a, b), d),
    ];
    let mut best = candidates[0];
    for cand in &candidates[1..] {
        if dist2(cand.0, cand.1) < dist2(best.0, best.1) {
            best = *cand;
        }
    }
    best
}

/// The nearest pair between `a` and `b` chosen in `frame` (brute force over element pairs:
/// callers keep `b` to the elements near `a`).
pub(crate) fn nearest_pair(frame: &LocalFrame, a: &Elements, b: &Elements) -> Option<Pair> {
    let xy = |c: Coord<f64>| frame.to_xy(c);
    let a_pts: Vec<Coord<f64>> = a.points.iter().map(|&c| xy(c)).collect();
    let a_segs: Vec<(Coord<f64>, Coord<f64>)> =
        a.segments.iter().map(|&(p, q)| (xy(p), xy(q))).collect();
    let b_pts: Vec<Coord<f64>> = b.points.iter().map(|&c| xy(c)).collect();
    let b_segs: Vec<(Coord<f64>, Coord<f64>)> =
        b.segments.iter().map(|&(p, q)| (xy(p), xy(q))).collect();

    let mut best: Option<(Coord<f64>, Coord<f64>, f64)> = None;
    let mut offer = |p: Coord<f64>, q: Coord<f64>| {
        let d2 = dist2(p, q);
        if best.is_none_or(|(_, _, bd)| d2 < bd) {
            best = Some((p, q, d2));
        }
    };
    for &p in &a_pts {
        b_pts.iter().for_each(|&q| offer(p, q));
        b_segs
            .iter()
            .for_each(|&(c, d)| offer(p, closest_on_segment(p, c, d)));
    }
    for &(s, t) in &a_segs {
        b_pts
            .iter()
            .for_each(|&q| offer(closest_on_segment(q, s, t), q));
        for &(c, d) in &b_segs {
            let (p, q) = closest_segments(s, t, c, d);
            offer(p, q);
        }
    }
    best.map(|(p, q, d2)| Pair {
        a: frame.to_lonlat(p),
        b: frame.to_lonlat(q),
        planar_m: d2.sqrt(),
    })
}
