//! `point_report`: what is at one point — per layer, the features that contain it (lines and
//! points within a click tolerance), apart from them the features nearby with their distance, the
//! requirements of every unit hit level by level, and the facts a reviewer must not have to infer:
//! "in no control unit", "outside the loaded data", "dimension not loaded". `query`, the identify
//! panel, the find box and the attribute-table pick all ask this one function.
//!
//! Not for sites with an area (see `site_report`).

use geo::{Coord, Geometry, Point};
use serde::Serialize;

use super::Workspace;
use super::coverage::Dimension;
use crate::model::GeometryKind;
use crate::query::{features_at, features_within};
use crate::requirements::Requirement;

/// Which layers' features within the radius are listed as nearby.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NearbyScope {
    /// Every layer (the CLI's `--radius`).
    All,
    /// Reserves, redlines, water-source zones and rivers (the identify panel).
    Sensitive,
}

/// What is asked at a point; the radius and the tolerance are the caller's to choose.
pub struct PointQuery<'a> {
    pub lonlat: Coord<f64>,
    /// Lines and points this close (metres) count as at the point (a click's tolerance); 0 for
    /// polygons only.
    pub tolerance_m: f64,
    /// Features within this distance (metres) not at the point are listed as nearby; None for none.
    pub nearby_radius_m: Option<f64>,
    pub nearby_scope: NearbyScope,
    /// At most this many nearby features per layer (nearest first); None for all.
    pub nearby_max_per_layer: Option<usize>,
    /// Whether the requirements of every unit hit are gathered.
    pub with_requirements: bool,
    /// Leaves out a layer (fid None) or a feature the face does not show (hidden layers, legend
    /// entries switched off). A dimension whose layers are all left out is reported as hidden.
    pub skip: &'a (dyn Fn(usize, Option<usize>) -> bool + Sync),
}

/// Skips nothing.
pub fn skip_nothing(_: usize, _: Option<usize>) -> bool {
    false
}

impl<'a> PointQuery<'a> {
    /// Polygons containing the point, nothing nearby, no requirements: the CLI's plain `query`.
    pub fn at(lonlat: Coord<f64>) -> PointQuery<'static> {
        PointQuery {
            lonlat,
            tolerance_m: 0.0,
            nearby_radius_m: None,
            nearby_scope: NearbyScope::All,
            nearby_max_per_layer: None,
            with_requirements: false,
            skip: &skip_nothing,
        }
    }
}

/// A feature at the point.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PointHit {
    pub fid: usize,
    /// For a line or point found within the tolerance: how far it is.
    pub distance_m: Option<f64>,
    /// For control units: every requirement that applies, level by level.
    pub requirements: Vec<Requirement>,
}

/// A feature near the point that does not contain it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct NearbyFeature {
    pub fid: usize,
    pub distance_m: f64,
}

/// One layer's answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PointLayer {
    /// The layer's position in the workspace, and the face's id for it.
    pub layer_index: usize,
    pub layer_id: u64,
    pub hits: Vec<PointHit>,
    pub nearby: Vec<NearbyFeature>,
}

/// A fact about the point as a whole.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "fact", rename_all = "snake_case")]
pub enum PointFact {
    /// Control units are loaded, and the point is in none of them.
    InNoControlUnit,
    /// The point lies outside the extent of everything loaded.
    OutsideLoadedData,
    /// No layer of the dimension is loaded.
    NotLoaded { dimension: Dimension },
    /// The project states the dimension does not apply, for this reason.
    NotApplicable {
        dimension: Dimension,
        reason: String,
    },
    /// Layers of the dimension are loaded but hidden: not queried.
    Hidden { dimension: Dimension },
}

/// The whole answer at a point.
#[derive(Debug, Clone, PartialEq)]
pub struct PointReport {
    pub lonlat: Coord<f64>,
    /// Layers with hits or nearby features, in drawing order (bottom first, as the workspace
    /// holds them); a face that lists the top layer first reverses it.
    pub layers: Vec<PointLayer>,
    pub facts: Vec<PointFact>,
}

impl PointReport {
    /// Whether nothing at all was found at or near the point.
    pub fn is_empty(&self) -> bool {
        self.layers.is_empty()
    }

    /// Every hit as (layer position, hit), in drawing order.
    pub fn hits(&self) -> impl Iterator<Item = (usize, &PointHit)> {
        self.layers
            .iter()
            .flat_map(|l| l.hits.iter().map(move |h| (l.layer_index, h)))
    }

    /// Every nearby feature as (layer position, feature), nearest first (ties in drawing order).
    pub fn nearby_by_distance(&self) -> Vec<(usize, NearbyFeature)> {
        let mut all: Vec<(usize, NearbyFeature)> = self
            .layers
            .iter()
            .flat_map(|l| l.nearby.iter().map(move |n| (l.layer_index, *n)))
            .collect();
        all.sort_by(|a, b| a.1.distance_m.total_cmp(&b.1.distance_m));
        all
    }

    /// The facts that belong to this point (not to the workspace as a whole).
    pub fn point_facts(&self) -> impl Iterator<Item = &PointFact> {
        self.facts
            .iter()
            .filter(|f| matches!(f, PointFact::InNoControlUnit | PointFact::OutsideLoadedData))
    }
}

impl PointFact {
    /// The stable key (JSON).
    pub fn key(&self) -> &'static str {
        match self {
            PointFact::InNoControlUnit => "in_no_control_unit",
            PointFact::OutsideLoadedData => "outside_loaded_data",
            PointFact::NotLoaded { .. } => "not_loaded",
            PointFact::NotApplicable { .. } => "not_applicable",
            PointFact::Hidden { .. } => "hidden",
        }
    }
}

/// Asks every layer of `workspace` what is at `q.lonlat`.
pub fn point_report(workspace: &Workspace, q: &PointQuery) -> PointReport {
    let probe: Geometry<f64> = Point(q.lonlat).into();
    let mut layers = Vec::new();
    for (li, il) in workspace.layers.iter().enumerate() {
        if (q.skip)(li, None) {
            continue;
        }
        let layer = &il.layer;
        let shown = |fid: usize| !(q.skip)(li, Some(fid));
        let mut hits: Vec<PointHit> = features_at(il, q.lonlat)
            .into_iter()
            .filter(|&fid| shown(fid))
            .map(|fid| PointHit {
                fid,
                distance_m: None,
                requirements: if q.with_requirements {
                    workspace.requirements_for(li, fid)
                } else {
                    Vec::new()
                },
            })
            .collect();
        if q.tolerance_m > 0.0
            && matches!(
                layer.geometry_kind,
                GeometryKind::Line | GeometryKind::Point | GeometryKind::Mixed
            )
        {
            for near in features_within(il, &probe, q.tolerance_m) {
                if shown(near.fid) && !hits.iter().any(|h| h.fid == near.fid) {
                    hits.push(PointHit {
                        fid: near.fid,
                        distance_m: Some(near.distance_m),
                        requirements: Vec::new(),
                    });
                }
            }
        }
        let wants_nearby = match q.nearby_scope {
            NearbyScope::All => true,
            NearbyScope::Sensitive => layer.role.role.is_sensitive(),
        };
        let mut nearby = Vec::new();
        if let (Some(radius_m), true) = (q.nearby_radius_m, wants_nearby) {
            for n in features_within(il, &probe, radius_m) {
                if shown(n.fid) && !hits.iter().any(|h| h.fid == n.fid) {
                    nearby.push(NearbyFeature {
                        fid: n.fid,
                        distance_m: n.distance_m,
                    });
                }
            }
            nearby.sort_by(|a, b| a.distance_m.total_cmp(&b.distance_m));
            if let Some(max) = q.nearby_max_per_layer {
                nearby.truncate(max);
            }
        }
        if !hits.is_empty() || !nearby.is_empty() {
            layers.push(PointLayer {
                layer_index: li,
                layer_id: workspace.id_of(li),
                hits,
                nearby,
            });
        }
    }
    let facts = point_facts(workspace, q, &layers);
    PointReport {
        lonlat: q.lonlat,
        layers,
        facts,
    }
}

fn point_facts(workspace: &Workspace, q: &PointQuery, layers: &[PointLayer]) -> Vec<PointFact> {
    let mut facts = Vec::new();
    let inside = |r: geo::Rect<f64>| {
        let p = q.lonlat;
        p.x >= r.min().x && p.x <= r.max().x && p.y >= r.min().y && p.y <= r.max().y
    };
    if workspace.extent_lonlat().is_some_and(|e| !inside(e)) {
        facts.push(PointFact::OutsideLoadedData);
    }
    for d in std::iter::once(Dimension::UnitCoverage).chain(Dimension::SENSITIVE) {
        let Some(role) = d.role() else { continue };
        // `coverage_of` without naming sources: this runs for every point of a batch.
        if !workspace.has_layer_data(role) {
            facts.push(match workspace.not_applicable(d) {
                Some(reason) => PointFact::NotApplicable {
                    dimension: d,
                    reason: reason.to_string(),
                },
                None => PointFact::NotLoaded { dimension: d },
            });
            continue;
        }
        let queried =
            |li: usize| workspace.layers[li].layer.role.role == role && !(q.skip)(li, None);
        if !(0..workspace.layers.len()).any(queried) {
            facts.push(PointFact::Hidden { dimension: d });
        } else if d == Dimension::UnitCoverage
            && !layers
                .iter()
                .any(|l| queried(l.layer_index) && !l.hits.is_empty())
        {
            facts.push(PointFact::InNoControlUnit);
        }
    }
    facts
}
