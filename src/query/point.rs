//! Point query: which polygons of a layer contain a lon/lat point, a point on a boundary
//! belonging to every polygon it touches (within `index::BOUNDARY_TOLERANCE_DEG`).
//!
//! Not for distances (see `query::nearby`): points and lines never "contain" a point.

use geo::Coord;
use rayon::prelude::*;

use crate::index::IndexedLayer;

/// Fids (ascending) of the polygon features containing or touching `lonlat` (x = lon, y = lat,
/// CGCS2000 degrees). A point in a hole is outside; on a hole's edge it touches.
pub fn features_at(layer: &IndexedLayer, lonlat: Coord<f64>) -> Vec<usize> {
    if !lonlat.x.is_finite() || !lonlat.y.is_finite() {
        return Vec::new();
    }
    let mut fids: Vec<usize> = layer
        .index
        .entries_at(lonlat)
        .filter(|e| {
            layer
                .layer
                .features
                .get(e.fid)
                .and_then(|f| f.geometry.as_ref())
                .and_then(|g| e.locate(g, lonlat))
                .is_some_and(|loc| loc.touches())
        })
        .map(|e| e.fid)
        .collect();
    fids.sort_unstable();
    fids.dedup();
    fids
}

/// [`features_at`] for many points in parallel; the answers keep the order of `lonlats`.
pub fn features_at_many(layer: &IndexedLayer, lonlats: &[Coord<f64>]) -> Vec<Vec<usize>> {
    lonlats.par_iter().map(|&c| features_at(layer, c)).collect()
}
