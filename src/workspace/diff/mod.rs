//! Two versions of the zoning data compared (`zonecheck diff`, the app's 版本对比): control units
//! matched by code, reserves / redlines / water sources by name and zone, each with what changed
//! and the areas gained and lost on the CGCS2000 ellipsoid; and, for a list of sites, which
//! sites' answers the update changes.
//!
//! Not for reading either version (see `workspace::open`) or wording (see `present::batch`).

pub mod nested;
pub mod pieces;
pub mod sites;
pub mod tables;
pub mod units;
pub mod zones;

use serde::Serialize;

use super::Workspace;

pub use pieces::{AreaChange, GEOMETRY_TOLERANCE_M2, area_change, area_change_with};
pub use sites::{SHARE_TOLERANCE, SiteChange, SiteUnit, diff_sites, site_units, units_changed};
pub use tables::{diff_pieces, diff_sheets};
pub use units::{ChangeKind, UnitChange, UnitVersion, diff_units};
pub use zones::{ZoneChange, ZoneKey, diff_zones};

/// What changed between two versions of the zoning data.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ZoningDiff {
    /// Every changed control unit, in code order.
    pub units: Vec<UnitChange>,
    /// Every changed non-unit zone, in (kind, name, zone) order.
    pub zones: Vec<ZoneChange>,
    /// Control-unit features without a code in the old and the new version: not compared.
    #[serde(skip)]
    pub uncoded_units: [usize; 2],
}

/// Whether `workspace` has a control-unit layer to compare: without one on a side, every unit
/// of the other side would read as added or removed, so a face refuses the comparison.
pub fn has_unit_layer(workspace: &Workspace) -> bool {
    workspace
        .layers
        .iter()
        .any(|l| l.layer.role.role == crate::model::LayerRole::ControlUnits)
}

/// One side of a comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffSide {
    Old,
    New,
}

/// The first side (old before new) that has no control-unit layer, if any: both faces refuse
/// such a comparison with `present::diff_text::no_unit_layer_text` instead of reporting every
/// unit of the other side as added or removed.
pub fn side_without_units(old: &Workspace, new: &Workspace) -> Option<DiffSide> {
    if !has_unit_layer(old) {
        Some(DiffSide::Old)
    } else if !has_unit_layer(new) {
        Some(DiffSide::New)
    } else {
        None
    }
}

/// Compares the units and zones of `old` and `new`.
pub fn diff_zoning(old: &Workspace, new: &Workspace) -> ZoningDiff {
    let ((units, uncoded_units), zones) =
        rayon::join(|| diff_units(old, new), || diff_zones(old, new));
    ZoningDiff {
        units,
        zones,
        uncoded_units,
    }
}
