//! The workspace: the opened data — layers with their roles and indexes, the access list
//! (requirement tables and industry rules), the project's statements (name, zoning version,
//! dimensions not applicable, verdict rules) — and the questions asked of it: [`point_report`],
//! [`site_report`] and the verdict. This is the one place answers are decided; the CLI and the
//! app hold a `Workspace` and render what these functions return.
//!
//! Not for reading formats (see `io`), geometry algorithms (see `query`) or wording (see `present`).

pub mod batch;
pub mod coverage;
pub mod diff;
pub mod open;
pub mod point_report;
pub mod result_layers;
pub mod sensitive;
pub mod site_report;
pub mod verdict;

use std::path::PathBuf;
use std::sync::Arc;

use crate::index::IndexedLayer;
use crate::model::project::Project;
use crate::model::verdict_rules::{ZoneRule, default_zone_rules};
use crate::requirements::{AccessList, Requirement};

pub use coverage::{CoverageStatus, Dimension, DimensionCoverage};
pub use open::{OpenEvent, OpenOptions, OpenPlan, PlannedLayer};
pub use point_report::{PointFact, PointHit, PointLayer, PointQuery, PointReport, point_report};
pub use site_report::{SiteQuestion, SiteReport, UnitRow, site_report};
pub use verdict::{Verdict, VerdictResult};

/// The zoning data's version as the project file states it (all optional).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct DataVersion {
    pub version: Option<String>,
    pub published: Option<String>,
    pub source: Option<String>,
}

impl DataVersion {
    /// Whether the project says nothing of its version.
    pub fn is_unstated(&self) -> bool {
        self.version.is_none() && self.published.is_none() && self.source.is_none()
    }
}

/// The opened data that every answer is computed from. Cheap to clone (layers and tables are
/// shared), so a face can hand a snapshot to a worker thread.
#[derive(Clone, Default)]
pub struct Workspace {
    /// The project's name, or the file names of the layers opened.
    pub name: String,
    /// The project, when one was opened (or one built from the plain layer paths): its
    /// statements (not applicable dimensions, version, verdict rules) apply to every answer.
    pub project: Project,
    /// The project file it came from, when one was opened.
    pub project_file: Option<PathBuf>,
    /// Layers in drawing order (bottom first), shared with the faces' caches and workers.
    pub layers: Vec<Arc<IndexedLayer>>,
    /// The face's id for each layer (the CLI: its position; the app: its stable layer id).
    pub layer_ids: Vec<u64>,
    /// Requirement tables and industry rules (empty when the project names none: requirements
    /// then come from the units' own fields).
    pub access: Arc<AccessList>,
}

impl Workspace {
    /// A workspace over `layers` with the project's statements and access list.
    pub fn new(
        project: Project,
        project_file: Option<PathBuf>,
        layers: Vec<Arc<IndexedLayer>>,
        access: Arc<AccessList>,
    ) -> Workspace {
        let layer_ids = (0..layers.len() as u64).collect();
        Workspace {
            name: project.name.clone(),
            project,
            project_file,
            layers,
            layer_ids,
            access,
        }
    }

    /// The layer at `index`, by its display name for messages.
    pub fn layer_name(&self, index: usize) -> &str {
        self.layers
            .get(index)
            .map(|l| l.layer.name.as_str())
            .unwrap_or("?")
    }

    /// The position of the layer with face id `id`.
    pub fn index_of(&self, id: u64) -> Option<usize> {
        self.layer_ids.iter().position(|&i| i == id)
    }

    /// The face id of the layer at `index`.
    pub fn id_of(&self, index: usize) -> u64 {
        self.layer_ids.get(index).copied().unwrap_or(index as u64)
    }

    /// Every warning of every layer and of the access list, each prefixed with its file.
    pub fn warnings(&self) -> Vec<String> {
        self.layers
            .iter()
            .flat_map(|l| {
                l.layer
                    .warnings
                    .iter()
                    .map(move |w| format!("{}: {w}", l.layer.path.display()))
            })
            .chain(self.access.warnings.iter().cloned())
            .collect()
    }

    /// Every requirement that applies to feature `fid` of layer `index` when it is a control
    /// unit: the tables' rows at every level and the unit's own requirement fields.
    pub fn requirements_for(&self, index: usize, fid: usize) -> Vec<Requirement> {
        match self.layers.get(index) {
            Some(l) if l.layer.role.role == crate::model::LayerRole::ControlUnits => {
                self.access.requirements.requirements_for(&l.layer, fid)
            }
            _ => Vec::new(),
        }
    }

    /// The verdict's zone rules: the project's when it states them, else the national ones.
    pub fn zone_rules(&self) -> Vec<ZoneRule> {
        match &self.project.verdict {
            Some(v) if !v.zone_rules.is_empty() => v.zone_rules.clone(),
            _ => default_zone_rules(),
        }
    }

    /// The zoning data's version as the project states it.
    pub fn data_version(&self) -> DataVersion {
        DataVersion {
            version: self.project.version.clone(),
            published: self.project.published.clone(),
            source: self.project.source.clone(),
        }
    }

    /// The reason the project gives for `dimension` not applying to its area, if it does.
    pub fn not_applicable(&self, dimension: Dimension) -> Option<&str> {
        self.project
            .not_applicable
            .get(dimension.key())
            .map(String::as_str)
    }
}
