//! A local planar frame around a point (equirectangular, scaled by the CGCS2000 radii of
//! curvature there), and the points and segments of a geometry that distances are measured between.
//!
//! The frame is affine in lon/lat, so edges straight in lon/lat stay straight and crossing tests
//! in it are exact; its scale is right only near its centre. Not for areas (see `query::measure`).

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
    pub(crate) fn to_xy(self, c: Coord<f64>) -> Coord<f64> {
        Coord {
            x: (c.x - self.lon0) * self.m_per_deg_lon,
            y: (c.y - self.lat0) * self.m_per_deg_lat,
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
