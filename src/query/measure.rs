//! Measurement on the CGCS2000 ellipsoid (geodesic distance, length, ellipsoidal area by
//! Karney's algorithms through geographiclib-rs) and planar area in a projected CRS; the
//! per-segment lengths and the enclosed area the app's measure tool shows.
//!
//! Not for finding what is near what (see `query::nearby`).

use std::sync::OnceLock;

use geo::kernels::{Kernel, Orientation, RobustKernel};
use geo::line_intersection::{LineIntersection, line_intersection};
use geo::{Coord, Line, LineString, MultiLineString, MultiPolygon, Polygon};
use geographiclib_rs::{Geodesic, InverseGeodesic, PolygonArea, Winding};

use crate::crs::{Crs, Transform};
use crate::error::{Result, ZoneError};

/// CGCS2000 semi-major axis in metres.
pub const CGCS2000_A_M: f64 = 6_378_137.0;
/// CGCS2000 flattening; GRS80's derived 1/f = 298.2572221008827 differs by well under a micrometre on the axes.
pub const CGCS2000_F: f64 = 1.0 / 298.257_222_101;
/// Square metres in one hectare (公顷).
pub const M2_PER_HECTARE: f64 = 10_000.0;
/// Square metres in one mu (亩): 10000/15 = 666.67 m².
pub const M2_PER_MU: f64 = 10_000.0 / 15.0;

/// The CGCS2000 ellipsoid as a geographiclib geodesic, built once.
pub fn cgcs2000_geodesic() -> &'static Geodesic {
    static GEODESIC: OnceLock<Geodesic> = OnceLock::new();
    GEODESIC.get_or_init(|| Geodesic::new(CGCS2000_A_M, CGCS2000_F))
}

/// Geodesic distance in metres between two lon/lat points (x = lon, y = lat, degrees).
pub fn distance_geodesic_m(a: Coord<f64>, b: Coord<f64>) -> f64 {
    if a == b {
        return 0.0;
    }
    let s12: f64 = cgcs2000_geodesic().inverse(a.y, a.x, b.y, b.x);
    s12
}

/// Geodesic length in metres of a lon/lat line (the sum of its edges' geodesic lengths).
pub fn length_geodesic_m(line: &LineString<f64>) -> f64 {
    line.0
        .windows(2)
        .map(|w| distance_geodesic_m(w[0], w[1]))
        .sum()
}

/// Geodesic length in metres of all parts of a lon/lat multi-line.
pub fn length_geodesic_multi_m(lines: &MultiLineString<f64>) -> f64 {
    lines.0.iter().map(length_geodesic_m).sum()
}

/// The ellipsoidal area in m² of one lon/lat ring, whatever its orientation.
fn ring_area_ellipsoidal_m2(ring: &LineString<f64>) -> f64 {
    let coords = &ring.0;
    let n = if coords.len() > 1 && coords[0] == coords[coords.len() - 1] {
        coords.len() - 1
    } else {
        coords.len()
    };
    if n < 3 {
        return 0.0;
    }
    let mut pa = PolygonArea::new(cgcs2000_geodesic(), Winding::CounterClockwise);
    for c in &coords[..n] {
        pa.add_point(c.y, c.x);
    }
    // Signed, then absolute: orientation-independent for any polygon smaller than half the Earth.
    let (_perimeter_m, area_m2, _count) = pa.compute(true);
    area_m2.abs()
}

/// Ellipsoidal area in m² of a lon/lat polygon: outer ring minus holes.
pub fn polygon_area_ellipsoidal_m2(polygon: &Polygon<f64>) -> f64 {
    let outer = ring_area_ellipsoidal_m2(polygon.exterior());
    let holes: f64 = polygon
        .interiors()
        .iter()
        .map(ring_area_ellipsoidal_m2)
        .sum();
    (outer - holes).max(0.0)
}

/// Ellipsoidal area in m² of a lon/lat multipolygon on the CGCS2000 ellipsoid (holes subtracted,
/// ring orientation ignored); the figure land surveys report.
pub fn area_ellipsoidal_m2(multi_polygon: &MultiPolygon<f64>) -> f64 {
    multi_polygon
        .0
        .iter()
        .map(polygon_area_ellipsoidal_m2)
        .sum()
}

/// Shoelace area of a planar ring, taken about its first vertex so large GK eastings
/// (39,500,000 m with the zone prefix) do not cost precision.
fn ring_area_shoelace(coords: &[(f64, f64)]) -> f64 {
    let Some(&(x0, y0)) = coords.first() else {
        return 0.0;
    };
    let twice: f64 = coords
        .windows(2)
        .map(|w| (w[0].0 - x0) * (w[1].1 - y0) - (w[1].0 - x0) * (w[0].1 - y0))
        .sum();
    (twice / 2.0).abs()
}

/// Projects a lon/lat ring with `transform` (closing it if open).
fn project_ring(ring: &LineString<f64>, transform: &Transform) -> Result<Vec<(f64, f64)>> {
    let mut out = ring
        .0
        .iter()
        .map(|c| transform.point(c.x, c.y))
        .collect::<Result<Vec<_>>>()?;
    if let (Some(&first), Some(&last)) = (out.first(), out.last())
        && first != last
    {
        out.push(first);
    }
    Ok(out)
}

/// Planar area in m² of a lon/lat multipolygon projected with `transform` (which must end in a
/// projected CRS); for callers that measure many pieces with one transform.
pub fn area_planar_with_m2(
    multi_polygon: &MultiPolygon<f64>,
    transform: &Transform,
) -> Result<f64> {
    let mut total = 0.0;
    for polygon in &multi_polygon.0 {
        let outer = ring_area_shoelace(&project_ring(polygon.exterior(), transform)?);
        let mut holes = 0.0;
        for hole in polygon.interiors() {
            holes += ring_area_shoelace(&project_ring(hole, transform)?);
        }
        total += (outer - holes).max(0.0);
    }
    Ok(total)
}

/// Planar area in m² of a lon/lat multipolygon once projected into `crs` (e.g. its Gauss-Kruger
/// zone), the figure many reviewers compute; fails for a geographic `crs`.
pub fn area_planar_m2(multi_polygon: &MultiPolygon<f64>, crs: &Crs) -> Result<f64> {
    if crs.geographic {
        return Err(ZoneError::crs(
            crs.label(),
            "planar area needs a projected CRS (metres), not a geographic one",
        ));
    }
    area_planar_with_m2(multi_polygon, &Transform::from_lonlat(crs)?)
}

/// Square metres to hectares (公顷).
pub fn hectares(area_m2: f64) -> f64 {
    area_m2 / M2_PER_HECTARE
}

/// Square metres to mu (亩, 666.67 m²).
pub fn mu(area_m2: f64) -> f64 {
    area_m2 / M2_PER_MU
}

/// Per-segment and total geodesic lengths of a path of clicked points (the measure tool's
/// distance mode).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PathMeasure {
    /// One geodesic length per pair of consecutive points, in order.
    pub segments_m: Vec<f64>,
    pub total_m: f64,
}

/// Geodesic lengths of the path through `lonlat` points in order (fewer than two: no segments).
pub fn measure_path_geodesic(lonlat: &[Coord<f64>]) -> PathMeasure {
    let segments_m: Vec<f64> = lonlat
        .windows(2)
        .map(|w| distance_geodesic_m(w[0], w[1]))
        .collect();
    let total_m = segments_m.iter().sum();
    PathMeasure {
        segments_m,
        total_m,
    }
}

/// The ellipsoidal area and geodesic perimeter (closing edge included) of a clicked polygon.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AreaMeasure {
    pub area_m2: f64,
    pub perimeter_m: f64,
}

/// Why clicked points enclose no area, so the tool can say so instead of showing a wrong figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NotAnArea {
    #[error("an area needs at least 3 distinct points")]
    TooFewPoints,
    #[error("the points lie on one line")]
    Collinear,
    #[error("the outline crosses or touches itself")]
    SelfIntersecting,
}

/// Ellipsoidal area and perimeter of the polygon closed through `lonlat` points (either winding;
/// repeated consecutive points and a repeated closing point are ignored). Crossing edges are
/// found with straight edges in lon/lat, which is what the map draws; the area itself uses
/// geodesic edges (Karney), as `area_ellipsoidal_m2` does.
pub fn measure_area_ellipsoidal(
    lonlat: &[Coord<f64>],
) -> std::result::Result<AreaMeasure, NotAnArea> {
    let mut pts: Vec<Coord<f64>> = Vec::with_capacity(lonlat.len());
    for &c in lonlat {
        if pts.last() != Some(&c) {
            pts.push(c);
        }
    }
    while pts.len() > 1 && pts.first() == pts.last() {
        pts.pop();
    }
    if pts.len() < 3 {
        return Err(NotAnArea::TooFewPoints);
    }
    if pts
        .iter()
        .all(|&c| RobustKernel::orient2d(pts[0], pts[1], c) == Orientation::Collinear)
    {
        return Err(NotAnArea::Collinear);
    }
    if ring_self_intersects(&pts) {
        return Err(NotAnArea::SelfIntersecting);
    }
    let mut pa = PolygonArea::new(cgcs2000_geodesic(), Winding::CounterClockwise);
    for c in &pts {
        pa.add_point(c.y, c.x);
    }
    let (perimeter_m, area_m2, _count) = pa.compute(true);
    Ok(AreaMeasure {
        area_m2: area_m2.abs(),
        perimeter_m,
    })
}

/// Whether the closed ring through `pts` (no repeated consecutive points) crosses or touches
/// itself: non-adjacent edges meeting at all, or adjacent edges doubling back over each other.
fn ring_self_intersects(pts: &[Coord<f64>]) -> bool {
    let n = pts.len();
    let edge = |i: usize| Line::new(pts[i], pts[(i + 1) % n]);
    for i in 0..n {
        for j in i + 1..n {
            let adjacent = j == i + 1 || (i == 0 && j == n - 1);
            // Adjacent edges always share their common point; only an overlap beyond it counts.
            let crossing = match line_intersection(edge(i), edge(j)) {
                None => false,
                Some(LineIntersection::SinglePoint { .. }) => !adjacent,
                Some(LineIntersection::Collinear { intersection }) => {
                    !adjacent || intersection.start != intersection.end
                }
            };
            if crossing {
                return true;
            }
        }
    }
    false
}
