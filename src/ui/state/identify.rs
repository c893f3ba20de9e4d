//! What identify found at a clicked point, as the app keeps it for the panel and the highlight,
//! and the identify policy's parameters (the engine's `point_report` takes them as arguments).

use geo::Coord;

use crate::requirements::Requirement;
use crate::ui::state::LayerId;
use crate::workspace::point_report::PointFact;

/// One feature found by identify; `distance_m` is set for lines and points found near the click.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub fid: usize,
    pub distance_m: Option<f64>,
    /// For control units: every requirement that applies, level by level (province first) and
    /// dimension by dimension — from the project's access-list tables and the unit's own fields.
    pub requirements: Vec<Requirement>,
}

/// What is at a clicked point, per layer (top layer first), from the engine's `point_report`:
/// the features at the point apart from those only near it, and the facts about the point.
#[derive(Debug, Clone, PartialEq)]
pub struct IdentifyResult {
    pub lonlat: Coord<f64>,
    /// Features the point is in (and lines/points within the click tolerance): the hits.
    pub layers: Vec<(LayerId, Vec<Hit>)>,
    /// Sensitive features near the point that do not contain it, with their distance: never
    /// shown or highlighted as hits.
    pub nearby: Vec<(LayerId, Vec<Hit>)>,
    /// In no control unit, outside the loaded data, a dimension not loaded or hidden.
    pub facts: Vec<PointFact>,
}

/// Lines and points within this many screen points of a click count as hits.
pub const CLICK_TOLERANCE_PX: f64 = 6.0;
/// Reserve, redline and water-source zones this close to a click are listed with their
/// distance (at most `SENSITIVE_NEAR_MAX` per layer, nearest first).
pub const SENSITIVE_NEAR_M: f64 = 5_000.0;
pub const SENSITIVE_NEAR_MAX: usize = 3;
