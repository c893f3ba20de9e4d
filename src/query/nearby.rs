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

use std::borrow::Cow;

use geo::{BoundingRect, Coord, CoordsIter, Geometry, MultiPolygon, Rect};
use rayon::prelude::*;
use serde::Serialize;

use super::closest::closest_distance_m;
use super::planar::{Elements, anchors};
use super::segment_grid::SegmentGrid;
use crate::index::edges::locate;
use crate::index::parts::to_multipolygon;
use crate::index::{BOUNDARY_TOLERANCE_DEG, EdgeBands, IndexedLayer};

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

/// A query geometry prepared once for many candidate features. A big one (a site of millions of
/// vertices) also carries a grid over its segments and edge bands over its polygons, so that
/// each candidate costs what the query's part near it costs, not the whole query.
pub(crate) struct QueryShape {
    polygons: MultiPolygon<f64>,
    /// Edge bands of each of `polygons` (for the large ones).
    polygon_bands: Vec<Option<EdgeBands>>,
    /// One vertex of each connected piece of the query (see `planar::anchors`).
    anchors: Vec<Coord<f64>>,
    elements: Elements,
    /// Over `elements.segments`, when there are many.
    grid: Option<SegmentGrid>,
    min: Coord<f64>,
    max: Coord<f64>,
}

impl QueryShape {
    /// Prepares `geometry`; `None` when it is empty or has a non-finite coordinate.
    pub(crate) fn new(geometry: &Geometry<f64>) -> Option<QueryShape> {
        if geometry
            .coords_iter()
            .any(|c| !c.x.is_finite() || !c.y.is_finite())
        {
            return None;
        }
        let rect = geometry.bounding_rect()?;
        let polygons = to_multipolygon(geometry);
        let polygon_bands = polygons.0.iter().map(EdgeBands::build).collect();
        let elements = Elements::of(geometry, None);
        let grid = SegmentGrid::build(&elements.segments);
        Some(QueryShape {
            polygons,
            polygon_bands,
            anchors: anchors(geometry),
            elements,
            grid,
            min: rect.min(),
            max: rect.max(),
        })
    }

    /// Whether `v` lies in or on one of the query's polygons.
    fn polygons_touch(&self, v: Coord<f64>) -> bool {
        self.polygons
            .0
            .iter()
            .zip(&self.polygon_bands)
            .any(|(p, bands)| locate(p, bands.as_ref(), v).touches())
    }

    /// The query's elements whose box meets `min`..`max` (all of them for a small query).
    fn elements_near(&self, min: Coord<f64>, max: Coord<f64>) -> Cow<'_, Elements> {
        let Some(grid) = &self.grid else {
            return Cow::Borrowed(&self.elements);
        };
        let mut near = Elements {
            points: self
                .elements
                .points
                .iter()
                .copied()
                .filter(|c| c.x >= min.x && c.x <= max.x && c.y >= min.y && c.y <= max.y)
                .collect(),
            segments: Vec::new(),
        };
        grid.for_each_in(&self.elements.segments, min, max, |id| {
            near.segments.push(self.elements.segments[id]);
        });
        Cow::Owned(near)
    }

    /// The query's box widened by `radius_m` on the ground, generously: a degree of latitude is at
    /// least 110,574 m, a degree of longitude at least 111,319 m·cos φ at the highest latitude reached.
    pub(crate) fn envelope(&self, radius_m: f64) -> (Coord<f64>, Coord<f64>) {
        widen(self.min, self.max, radius_m)
    }
}

/// The box `min`..`max` widened by `radius_m` on the ground, generously: a degree of latitude is
/// at least 110,574 m, a degree of longitude at least 111,319 m·cos φ at the highest latitude
/// reached.
fn widen(min: Coord<f64>, max: Coord<f64>, radius_m: f64) -> (Coord<f64>, Coord<f64>) {
    let margin = 1.02;
    let dlat = radius_m / 110_574.0 * margin + 1e-9;
    let phi_max = (min.y.abs().max(max.y.abs()) + dlat).min(90.0);
    let cos = phi_max.to_radians().cos();
    let dlon = if cos < 1e-6 {
        360.0
    } else {
        radius_m / (111_319.0 * cos) * margin + 1e-9
    };
    (
        Coord {
            x: min.x - dlon,
            y: min.y - dlat,
        },
        Coord {
            x: max.x + dlon,
            y: max.y + dlat,
        },
    )
}

/// The box of feature `fid` from its index entries, widened by the boundary tolerance.
fn feature_box(layer: &IndexedLayer, fid: usize) -> Option<Rect<f64>> {
    let (lo, hi) = box_of(
        layer
            .index
            .feature_entries(fid)
            .iter()
            .flat_map(|e| [e.bbox.min(), e.bbox.max()]),
    )?;
    let t = BOUNDARY_TOLERANCE_DEG * 2.0;
    Some(Rect::new(
        Coord {
            x: lo.x - t,
            y: lo.y - t,
        },
        Coord {
            x: hi.x + t,
            y: hi.y + t,
        },
    ))
}

/// The box (min, max) of some coordinates, `None` for none.
fn box_of(mut coords: impl Iterator<Item = Coord<f64>>) -> Option<(Coord<f64>, Coord<f64>)> {
    let first = coords.next()?;
    Some(coords.fold((first, first), |(lo, hi), c| {
        (
            Coord {
                x: lo.x.min(c.x),
                y: lo.y.min(c.y),
            },
            Coord {
                x: hi.x.max(c.x),
                y: hi.y.max(c.y),
            },
        )
    }))
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
    // Containment: a piece of the query in the feature (one vertex of each piece decides, and
    // only those in the feature's box can be in it), or a piece of the feature in the query.
    // Any other overlap or touch has boundaries crossing or meeting, which the closest distance
    // below finds as 0.
    if let Some(fbox) = feature_box(layer, fid)
        && query.anchors.iter().any(|&v| {
            (fbox.min().x..=fbox.max().x).contains(&v.x)
                && (fbox.min().y..=fbox.max().y).contains(&v.y)
                && layer.locate_in_feature(fid, v).is_some_and(|l| l.touches())
        })
    {
        return Some(0.0);
    }
    if !query.polygons.0.is_empty() && anchors(geometry).iter().any(|&v| query.polygons_touch(v)) {
        return Some(0.0);
    }
    let keep = radius_m.is_finite().then(|| query.envelope(radius_m));
    let near = Elements::of(geometry, keep);
    if near.is_empty() {
        return None;
    }
    // Only the query's elements within the radius of the feature's box can be within the radius
    // of the feature.
    let query_near = match (radius_m.is_finite(), near_box(&near)) {
        (true, Some((lo, hi))) => {
            let (lo, hi) = widen(lo, hi, radius_m);
            query.elements_near(lo, hi)
        }
        _ => Cow::Borrowed(&query.elements),
    };
    let distance_m = closest_distance_m(&query_near, &near, TOUCH_TOLERANCE_M, radius_m)?;
    (distance_m <= radius_m).then_some(distance_m)
}

/// The box of a set of elements.
fn near_box(e: &Elements) -> Option<(Coord<f64>, Coord<f64>)> {
    box_of(
        e.points
            .iter()
            .copied()
            .chain(e.segments.iter().flat_map(|&(a, b)| [a, b])),
    )
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
