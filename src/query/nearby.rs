//! Radius search: features whose minimum geodesic distance to a point, line or polygon is within
//! a radius, 0 when they touch or overlap.
//!
//! How: R-tree candidates from the query's lon/lat box widened generously for the radius and
//! latitude; "touch or overlap" by point-in-polygon tests both ways; otherwise the feature's
//! edges near the query go to `query::closest`, which screens pairs in a local planar frame and
//! measures the closest ones on the CGCS2000 ellipsoid with geographiclib. The reported distance
//! is a true geodesic distance between a point of each geometry (edges straight in lon/lat, as
//! stored), so it never undershoots; tests against pyproj (minima on lon/lat-straight edges
//! found by dense sampling) agree within 0.1 mm from 850 m to 42 km. Not for data crossing the antimeridian.
//!
//! Not for overlap areas (see `query::overlay`).

use geo::{BoundingRect, Coord, CoordsIter, Geometry, MultiPolygon};
use rayon::prelude::*;
use serde::Serialize;

use super::closest::closest_distance_m;
use super::planar::{Elements, anchors};
use crate::index::parts::to_multipolygon;
use crate::index::{IndexedLayer, locate_brute};

/// Pairs closer than this in the planar frame (metres) count as touching: shared boundaries
/// digitised with float noise (the 1e-9° point tolerance is about 0.1 mm).
pub const TOUCH_TOLERANCE_M: f64 = 1e-3;

/// One feature within the radius.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Nearby {
    pub fid: usize,
    /// Minimum geodesic distance in metres; 0 when the feature touches or overlaps the query.
    pub distance_m: f64,
}

/// A query geometry prepared once for many candidate features.
pub(crate) struct QueryShape {
    polygons: MultiPolygon<f64>,
    vertices: Vec<Coord<f64>>,
    elements: Elements,
    min: Coord<f64>,
    max: Coord<f64>,
}

impl QueryShape {
    /// Prepares `geometry`; `None` when it is empty or has a non-finite coordinate.
    pub(crate) fn new(geometry: &Geometry<f64>) -> Option<QueryShape> {
        let vertices: Vec<Coord<f64>> = geometry.coords_iter().collect();
        if vertices
            .iter()
            .any(|c| !c.x.is_finite() || !c.y.is_finite())
        {
            return None;
        }
        let rect = geometry.bounding_rect()?;
        Some(QueryShape {
            polygons: to_multipolygon(geometry),
            vertices,
            elements: Elements::of(geometry, None),
            min: rect.min(),
            max: rect.max(),
        })
    }

    /// The query's box widened by `radius_m` on the ground, generously: a degree of latitude is at
    /// least 110,574 m, a degree of longitude at least 111,319 m·cos φ at the highest latitude reached.
    pub(crate) fn envelope(&self, radius_m: f64) -> (Coord<f64>, Coord<f64>) {
        let margin = 1.02;
        let dlat = radius_m / 110_574.0 * margin + 1e-9;
        let phi_max = (self.min.y.abs().max(self.max.y.abs()) + dlat).min(90.0);
        let cos = phi_max.to_radians().cos();
        let dlon = if cos < 1e-6 {
            360.0
        } else {
            radius_m / (111_319.0 * cos) * margin + 1e-9
        };
        (
            Coord {
                x: self.min.x - dlon,
                y: self.min.y - dlat,
            },
            Coord {
                x: self.max.x + dlon,
                y: self.max.y + dlat,
            },
        )
    }
}

/// Minimum geodesic distance in metres from the query to feature `fid`, when it is at most
/// `radius_m` (`None` otherwise, or when the feature has no geometry). An infinite radius measures any feature.
pub(crate) fn distance_to_feature_m(
    layer: &IndexedLayer,
    fid: usize,
    query: &QueryShape,
    radius_m: f64,
) -> Option<f64> {
    let geometry = layer.layer.features.get(fid)?.geometry.as_ref()?;
    // Overlap or containment: a query vertex in the feature, or a feature piece in the query.
    if query
        .vertices
        .iter()
        .any(|&v| layer.locate_in_feature(fid, v).is_some_and(|l| l.touches()))
    {
        return Some(0.0);
    }
    if !query.polygons.0.is_empty()
        && anchors(geometry).iter().any(|&v| {
            query
                .polygons
                .0
                .iter()
                .any(|p| locate_brute(p, v).touches())
        })
    {
        return Some(0.0);
    }
    let keep = radius_m.is_finite().then(|| query.envelope(radius_m));
    let near = Elements::of(geometry, keep);
    if near.is_empty() {
        return None;
    }
    let distance_m = closest_distance_m(&query.elements, &near, TOUCH_TOLERANCE_M, radius_m)?;
    (distance_m <= radius_m).then_some(distance_m)
}

/// Features of `layer` (points, lines, polygons) whose minimum geodesic distance to `geometry`
/// (lon/lat) is at most `radius_m`, nearest first (ties by fid); 0 when they touch or overlap.
pub fn features_within(
    layer: &IndexedLayer,
    geometry: &Geometry<f64>,
    radius_m: f64,
) -> Vec<Nearby> {
    if radius_m.is_nan() || radius_m < 0.0 {
        return Vec::new();
    }
    let Some(query) = QueryShape::new(geometry) else {
        return Vec::new();
    };
    let (min, max) = if radius_m.is_finite() {
        query.envelope(radius_m)
    } else {
        (
            Coord {
                x: -360.0,
                y: -90.0,
            },
            Coord { x: 360.0, y: 90.0 },
        )
    };
    let candidates = layer.index.fids_in_envelope(min, max);
    let mut hits: Vec<Nearby> = candidates
        .par_iter()
        .filter_map(|&fid| {
            distance_to_feature_m(layer, fid, &query, radius_m)
                .map(|distance_m| Nearby { fid, distance_m })
        })
        .collect();
    hits.sort_by(|a, b| {
        a.distance_m
            .total_cmp(&b.distance_m)
            .then(a.fid.cmp(&b.fid))
    });
    hits
}

/// Minimum geodesic distance in metres from `geometry` to feature `fid`, however far ("约10.9 km"
/// in a report); `None` when either has no usable geometry.
pub fn distance_to_feature(
    layer: &IndexedLayer,
    fid: usize,
    geometry: &Geometry<f64>,
) -> Option<f64> {
    let query = QueryShape::new(geometry)?;
    distance_to_feature_m(layer, fid, &query, f64::INFINITY)
}
