//! What one area gained and lost between two versions: the pieces `new − old` and `old − new`
//! by geo's boolean operations, measured on the CGCS2000 ellipsoid as every other area is.
//!
//! Not for deciding what counts as a change (see `units` and `zones`).

use geo::{MultiPolygon, Polygon};

use crate::io::overlay_kernel::difference;
use serde::Serialize;

use super::nested::nested_pieces;
use crate::query::{area_ellipsoidal_m2, polygon_area_ellipsoidal_m2};

/// A change of area smaller than this (m²) is rounding in the data, not a boundary change.
pub const GEOMETRY_TOLERANCE_M2: f64 = 1.0;

/// The gained and lost pieces of an area and their ellipsoidal areas.
#[derive(Debug, Clone, Serialize)]
pub struct AreaChange {
    pub area_gained_m2: f64,
    pub area_lost_m2: f64,
    /// `new − old` in lon/lat.
    #[serde(skip)]
    pub gained: MultiPolygon<f64>,
    /// `old − new` in lon/lat.
    #[serde(skip)]
    pub lost: MultiPolygon<f64>,
}

impl Default for AreaChange {
    fn default() -> Self {
        AreaChange {
            area_gained_m2: 0.0,
            area_lost_m2: 0.0,
            gained: MultiPolygon(Vec::new()),
            lost: MultiPolygon(Vec::new()),
        }
    }
}

impl AreaChange {
    /// Whether the boundary moved by more than [`GEOMETRY_TOLERANCE_M2`] either way.
    pub fn is_geometry_change(&self) -> bool {
        self.area_gained_m2 > GEOMETRY_TOLERANCE_M2 || self.area_lost_m2 > GEOMETRY_TOLERANCE_M2
    }
}

/// The area as one multipolygon from any number of parts (features sharing a code or a name):
/// unioned when there are several, so shared edges do not count twice.
pub fn merged(parts: Vec<Polygon<f64>>) -> MultiPolygon<f64> {
    if parts.len() <= 1 {
        MultiPolygon(parts)
    } else {
        crate::io::overlay_kernel::union(&parts)
    }
}

/// An area as its polygons: borrowed from the layer when one polygon is the whole of it (most
/// units: the layers are not copied for a `diff`), owned when several parts were unioned.
#[derive(Debug, Clone, PartialEq)]
pub enum Area<'a> {
    One(&'a Polygon<f64>),
    Merged(MultiPolygon<f64>),
}

impl<'a> Area<'a> {
    /// The area of `parts` (features sharing a code): the one part itself, or their union, so
    /// shared edges do not count twice.
    pub fn of(parts: Vec<&'a Polygon<f64>>) -> Area<'a> {
        match parts.as_slice() {
            [one] => Area::One(one),
            [] => Area::Merged(MultiPolygon(Vec::new())),
            _ => Area::Merged(crate::io::overlay_kernel::union(parts.iter().copied())),
        }
    }

    /// The polygons, in order.
    pub fn polygons(&self) -> &[Polygon<f64>] {
        match self {
            Area::One(p) => std::slice::from_ref(*p),
            Area::Merged(mp) => &mp.0,
        }
    }

    /// The ellipsoidal area in m².
    pub fn area_m2(&self) -> f64 {
        polygons_area_m2(self.polygons())
    }
}

/// Gained `new − old` and lost `old − new`; a missing side is empty. Identical coordinates
/// (most units of an update) are answered without boolean operations.
pub fn area_change(old: Option<&MultiPolygon<f64>>, new: Option<&MultiPolygon<f64>>) -> AreaChange {
    area_change_with(parts_of(old), parts_of(new), None)
}

/// The polygons of a multipolygon, none for a missing one.
pub fn parts_of(mp: Option<&MultiPolygon<f64>>) -> &[Polygon<f64>] {
    mp.map_or(&[][..], |m| m.0.as_slice())
}

/// [`area_change`] over the polygons of each side (none for a missing side), when the caller may
/// already have measured the two whole areas (`[old, new]`, m²): a unit redrawn inside, around
/// or apart from its old outline (see `nested`) then costs no boolean operation and no further
/// geodesic area, which are most of a `diff`.
pub fn area_change_with(
    old: &[Polygon<f64>],
    new: &[Polygon<f64>],
    whole_m2: Option<[f64; 2]>,
) -> AreaChange {
    if old == new {
        return AreaChange::default();
    }
    let owned = |parts: &[Polygon<f64>]| MultiPolygon(parts.to_vec());
    let [old_m2, new_m2] =
        whole_m2.unwrap_or_else(|| [polygons_area_m2(old), polygons_area_m2(new)]);
    if old.is_empty() || new.is_empty() {
        return AreaChange {
            area_gained_m2: new_m2 + 0.0,
            area_lost_m2: old_m2 + 0.0,
            gained: owned(new),
            lost: owned(old),
        };
    }
    if let Some((gained, lost)) = nested_pieces(old, new) {
        // The pieces are whole polygons or one outline less another, so their areas are
        // differences of the whole areas: the same ring sums `area_m2` of the pieces would make.
        let (area_gained_m2, area_lost_m2) = match (gained.0.is_empty(), lost.0.is_empty()) {
            (true, false) => (0.0, (old_m2 - new_m2).max(0.0)),
            (false, true) => ((new_m2 - old_m2).max(0.0), 0.0),
            _ => (new_m2, old_m2),
        };
        return AreaChange {
            area_gained_m2: area_gained_m2 + 0.0,
            area_lost_m2: area_lost_m2 + 0.0,
            gained,
            lost,
        };
    }
    let (old, new) = (owned(old), owned(new));
    let gained = difference(&new, &old);
    let lost = difference(&old, &new);
    AreaChange {
        area_gained_m2: area_m2(&gained),
        area_lost_m2: area_m2(&lost),
        gained,
        lost,
    }
}

/// The ellipsoidal area of polygons taken together, +0 for none.
fn polygons_area_m2(parts: &[Polygon<f64>]) -> f64 {
    parts.iter().map(polygon_area_ellipsoidal_m2).sum::<f64>() + 0.0
}

/// The ellipsoidal area, +0 for nothing (an empty float sum is −0, which prints as `-0`).
pub fn area_m2(piece: &MultiPolygon<f64>) -> f64 {
    area_ellipsoidal_m2(piece) + 0.0
}
