//! Coverage: for every check dimension of a compliance analysis — control units, ecological
//! redline, nature reserves, drinking-water source zones, rivers, access-list requirements,
//! industry rules — whether the workspace holds data for it, from which layers, over what
//! extent, or whether the project states it does not apply (and why).
//!
//! Not for the verdict itself (see `verdict`), which reads these facts.

use geo::Rect;
use serde::Serialize;

use super::Workspace;
use crate::model::LayerRole;

/// A check dimension, named as `check --json`'s `verdict.missing` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// The site lies wholly inside loaded control units.
    UnitCoverage,
    Redline,
    Reserve,
    WaterSource,
    Rivers,
    /// The access-list requirements of every unit hit were found.
    Requirements,
    /// An industry code was given and checked against the rules.
    Industry,
}

impl Dimension {
    /// Every dimension, in the order reports list them.
    pub const ALL: [Dimension; 7] = [
        Dimension::UnitCoverage,
        Dimension::Redline,
        Dimension::Reserve,
        Dimension::WaterSource,
        Dimension::Rivers,
        Dimension::Requirements,
        Dimension::Industry,
    ];

    /// The sensitive-area dimensions, each backed by layers of one role.
    pub const SENSITIVE: [Dimension; 4] = [
        Dimension::Redline,
        Dimension::Reserve,
        Dimension::WaterSource,
        Dimension::Rivers,
    ];

    /// The stable key (JSON, project files' `not_applicable`).
    pub fn key(self) -> &'static str {
        match self {
            Dimension::UnitCoverage => "unit_coverage",
            Dimension::Redline => "redline",
            Dimension::Reserve => "reserve",
            Dimension::WaterSource => "water_source",
            Dimension::Rivers => "rivers",
            Dimension::Requirements => "requirements",
            Dimension::Industry => "industry",
        }
    }

    /// The layer role that carries this dimension's data.
    pub fn role(self) -> Option<LayerRole> {
        match self {
            Dimension::UnitCoverage => Some(LayerRole::ControlUnits),
            Dimension::Redline => Some(LayerRole::Redline),
            Dimension::Reserve => Some(LayerRole::Reserve),
            Dimension::WaterSource => Some(LayerRole::WaterSource),
            Dimension::Rivers => Some(LayerRole::River),
            Dimension::Requirements | Dimension::Industry => None,
        }
    }

    /// The dimension a layer role feeds, if any.
    pub fn of_role(role: LayerRole) -> Option<Dimension> {
        Dimension::ALL.into_iter().find(|d| d.role() == Some(role))
    }
}

/// Whether the workspace can answer for one dimension.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum CoverageStatus {
    /// Data is loaded: the layers (or tables) by name, and the extent they cover in lon/lat.
    Loaded {
        sources: Vec<String>,
        #[serde(skip)]
        extent: Option<Rect<f64>>,
    },
    /// The project states the dimension does not apply to its area, for this reason.
    NotApplicable { reason: String },
    /// Nothing loaded for it.
    NotLoaded,
}

/// One dimension's coverage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DimensionCoverage {
    pub dimension: Dimension,
    #[serde(flatten)]
    pub status: CoverageStatus,
}

impl DimensionCoverage {
    /// Whether the dimension counts as checked: loaded, or stated not applicable.
    pub fn is_answerable(&self) -> bool {
        !matches!(self.status, CoverageStatus::NotLoaded)
    }
}

/// The box around both boxes.
pub(crate) fn union(a: Rect<f64>, b: Rect<f64>) -> Rect<f64> {
    Rect::new(
        geo::coord! { x: a.min().x.min(b.min().x), y: a.min().y.min(b.min().y) },
        geo::coord! { x: a.max().x.max(b.max().x), y: a.max().y.max(b.max().y) },
    )
}

impl Workspace {
    /// The coverage of every dimension (see [`Dimension::ALL`]). A layer dimension is loaded when
    /// a layer of its role holds at least one feature; the project's `not_applicable` statement
    /// wins only where nothing is loaded (data that is there is always used).
    pub fn coverage(&self) -> Vec<DimensionCoverage> {
        Dimension::ALL
            .into_iter()
            .map(|d| DimensionCoverage {
                dimension: d,
                status: self.coverage_of(d),
            })
            .collect()
    }

    /// The coverage of one dimension.
    pub fn coverage_of(&self, dimension: Dimension) -> CoverageStatus {
        let status = match dimension.role() {
            Some(role) => self.layer_coverage(role),
            None => self.table_coverage(dimension),
        };
        match (status, self.not_applicable(dimension)) {
            (CoverageStatus::NotLoaded, Some(reason)) => CoverageStatus::NotApplicable {
                reason: reason.to_string(),
            },
            (status, _) => status,
        }
    }

    /// Whether a layer of `role` with features is loaded: what `coverage_of` calls Loaded, without
    /// naming the sources or the extent (the per-point facts ask it for every point of a batch).
    pub fn has_layer_data(&self, role: LayerRole) -> bool {
        self.layers
            .iter()
            .any(|l| l.layer.role.role == role && !l.layer.features.is_empty())
    }

    fn layer_coverage(&self, role: LayerRole) -> CoverageStatus {
        let layers: Vec<_> = self
            .layers
            .iter()
            .filter(|l| l.layer.role.role == role && !l.layer.features.is_empty())
            .collect();
        if layers.is_empty() {
            return CoverageStatus::NotLoaded;
        }
        CoverageStatus::Loaded {
            sources: layers.iter().map(|l| l.layer.name.clone()).collect(),
            extent: layers
                .iter()
                .filter_map(|l| l.index.extent_lonlat())
                .reduce(union),
        }
    }

    fn table_coverage(&self, dimension: Dimension) -> CoverageStatus {
        let file = |p: &std::path::Path| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        let mut sources: Vec<String> = match dimension {
            Dimension::Requirements => self
                .access
                .requirements
                .tables
                .iter()
                .map(|t| file(&t.path))
                .collect(),
            _ => self.access.rule_tables.iter().map(|p| file(p)).collect(),
        };
        if dimension == Dimension::Requirements {
            // The units' own requirement fields count as a source too.
            for l in &self.layers {
                let layer = &l.layer;
                if layer.role.role == LayerRole::ControlUnits
                    && layer
                        .role
                        .mapping
                        .requirement_fields()
                        .iter()
                        .any(|(_, f)| f.is_some())
                {
                    sources.push(format!("{}（属性字段）", layer.name));
                }
            }
        }
        if sources.is_empty() {
            CoverageStatus::NotLoaded
        } else {
            CoverageStatus::Loaded {
                sources,
                extent: None,
            }
        }
    }

    /// The extent of everything loaded, lon/lat: a point outside it is outside the data.
    pub fn extent_lonlat(&self) -> Option<Rect<f64>> {
        self.layers
            .iter()
            .filter_map(|l| l.index.extent_lonlat())
            .reduce(union)
    }
}
