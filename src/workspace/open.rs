//! Opening a workspace: the one walk from paths (layer files and project files, any mix) to a
//! plan of layers to read, and the one way each planned layer is read, stated and indexed. The
//! CLI opens everything at once ([`Workspace::open`], in parallel); the app reads the same plan
//! layer by layer on its loader thread ([`open_stream`]) with progress events and a cancel.
//!
//! Not for reading formats (see `io`) or answering questions (see the rest of `workspace`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::Workspace;
use crate::crs::Crs;
use crate::error::{Result, ZoneError};
use crate::index::IndexedLayer;
use crate::io::{LoadOptions, load_layers};
use crate::model::Layer;
use crate::model::project::{LayerSpec, LonlatSource, Project};
use crate::requirements::AccessList;

/// Statements about plain layer files (not project files, which carry their own).
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    /// DBF encoding override for every plain layer.
    pub encoding: Option<String>,
    /// CRS override for every plain layer.
    pub crs: Option<Crs>,
    /// The web-map frame of every plain layer's lon/lat (GCJ-02, BD-09, or not shifted).
    pub lonlat_source: Option<LonlatSource>,
    /// Extra access-list tables (requirements or industry rules) besides the project's.
    pub tables: Vec<PathBuf>,
}

/// One layer entry to read: the statements about it (absolute path) and the project file it came
/// from, if any.
#[derive(Debug, Clone)]
pub struct PlannedLayer {
    pub spec: LayerSpec,
    pub project_file: Option<PathBuf>,
}

/// What opening `paths` will read: one project standing for all of them, its layer entries with
/// absolute paths, and the access-list tables.
#[derive(Debug, Clone)]
pub struct OpenPlan {
    /// The merged project: a single project file as it is, or the statements of several.
    pub project: Project,
    /// The project file when exactly one was opened (kept so a face can save it again).
    pub project_file: Option<PathBuf>,
    pub layers: Vec<PlannedLayer>,
    /// Access-list tables, absolute.
    pub tables: Vec<PathBuf>,
}

/// What [`open_stream`] reports as it goes.
pub enum OpenEvent {
    /// The plan is made: what will be read.
    Planned {
        project: Box<Project>,
        project_file: Option<PathBuf>,
        layer_count: usize,
    },
    /// Reading layer entry `index` of `count` now.
    Reading {
        path: PathBuf,
        index: usize,
        count: usize,
    },
    /// One layer is read, stated and indexed; `of_entry` is how many layers its entry gave
    /// (a zip or container may give several), so a face knows whether the entry's display name
    /// belongs to it alone.
    Layer {
        layer: Arc<IndexedLayer>,
        spec: Box<LayerSpec>,
        from_project: bool,
        of_entry: usize,
    },
    /// The access-list tables are read.
    Access(Box<AccessList>),
    /// `path` could not be read; the rest goes on.
    Failed { path: PathBuf, error: ZoneError },
}

/// `path` made absolute against the working folder (as given if that fails).
pub fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

impl OpenPlan {
    /// The plan for `paths`: project files contribute their layers and tables with their
    /// statements; plain layer files get `opts`' encoding and CRS.
    pub fn for_paths(paths: &[PathBuf], opts: &OpenOptions) -> Result<OpenPlan> {
        let mut merged = Project::default();
        let mut names = Vec::new();
        let mut layers = Vec::new();
        let mut tables = Vec::new();
        let mut project_files = Vec::new();
        for path in paths {
            if Project::is_project_path(path) {
                let p = Project::read(path)?;
                let file = absolute(path);
                names.push(if p.name.is_empty() {
                    file_name(path)
                } else {
                    p.name.clone()
                });
                for spec in &p.layers {
                    let mut spec = spec.clone();
                    spec.path = absolute(&p.layer_path(&spec));
                    layers.push(PlannedLayer {
                        spec,
                        project_file: Some(file.clone()),
                    });
                }
                tables.extend(p.requirements.iter().map(|t| {
                    if t.is_absolute() {
                        t.clone()
                    } else {
                        absolute(&p.base_dir.join(t))
                    }
                }));
                if project_files.is_empty() {
                    merged = p.clone();
                } else {
                    merge_statements(&mut merged, &p);
                }
                project_files.push(file);
            } else {
                let mut spec = LayerSpec::for_path(absolute(path));
                spec.encoding = opts.encoding.clone();
                spec.crs = opts.crs.as_ref().map(|c| match c.epsg {
                    Some(code) => format!("EPSG:{code}"),
                    None => c.proj4.clone(),
                });
                spec.lonlat_source = opts.lonlat_source;
                names.push(file_name(path));
                layers.push(PlannedLayer {
                    spec,
                    project_file: None,
                });
            }
        }
        tables.extend(opts.tables.iter().map(|t| absolute(t)));
        merged.name = names.join(", ");
        merged.layers = layers.iter().map(|l| l.spec.clone()).collect();
        merged.requirements = tables.clone();
        if project_files.len() != 1 || paths.len() != 1 {
            merged.base_dir = PathBuf::from(".");
        }
        Ok(OpenPlan {
            project: merged,
            project_file: match (project_files.len(), paths.len()) {
                (1, 1) => project_files.pop(),
                _ => None,
            },
            layers,
            tables,
        })
    }

    /// The plan for one layer entry with its statements (a file read again with a stated CRS
    /// or encoding).
    pub fn single(spec: LayerSpec) -> OpenPlan {
        let mut spec = spec;
        spec.path = absolute(&spec.path);
        OpenPlan {
            project: Project {
                name: file_name(&spec.path),
                layers: vec![spec.clone()],
                ..Project::default()
            },
            project_file: None,
            layers: vec![PlannedLayer {
                spec,
                project_file: None,
            }],
            tables: Vec::new(),
        }
    }

    /// Reads the access-list tables, when there are any.
    pub fn read_access(&self) -> Result<AccessList> {
        AccessList::load(&self.tables)
    }
}

/// Keeps the first project's statements and adds the others' where the first is silent: a
/// dimension stated not applicable in either stays so, with its reason.
fn merge_statements(into: &mut Project, other: &Project) {
    for (k, v) in &other.not_applicable {
        into.not_applicable
            .entry(k.clone())
            .or_insert_with(|| v.clone());
    }
    if into.version.is_none() {
        into.version = other.version.clone();
        into.published = other.published.clone();
        into.source = other.source.clone();
    }
    if into.verdict.is_none() {
        into.verdict = other.verdict.clone();
    }
}

/// Reads the layers one entry names, with its statements (role, fields, encoding, CRS) applied
/// over what detection found. The display name (`spec.name`) is left to the faces: the layer
/// keeps its file stem, which the CLI's JSON contract names layers by.
pub fn read_planned(planned: &PlannedLayer) -> Result<Vec<Layer>> {
    let spec = &planned.spec;
    let crs = match spec.crs.as_deref() {
        Some(text) => Some(Crs::from_user_text(text).map_err(|e| {
            ZoneError::Input(format!(
                "{}: layer {}: {e}",
                planned
                    .project_file
                    .as_deref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default(),
                spec.path.display()
            ))
        })?),
        None => None,
    };
    let opts = LoadOptions {
        encoding: spec.encoding.clone(),
        crs,
        layer: spec.layer.clone(),
        lonlat_source: spec.lonlat_source.map(LonlatSource::coord_source),
    };
    let mut layers = load_layers(&spec.path, &opts)?;
    for layer in &mut layers {
        apply_spec(layer, spec);
    }
    Ok(layers)
}

/// Applies a project entry's statements to a freshly read layer: stated role and fields win.
pub fn apply_spec(layer: &mut Layer, spec: &LayerSpec) {
    if let Some(role) = spec.role {
        layer.role.role = role;
        layer.role.how = "stated".into();
    }
    if spec.fields != Default::default() {
        layer.role.mapping = spec.fields.clone().or(&layer.role.mapping);
        layer.role.how = "stated".into();
    }
    for (meaning, field) in spec.fields.entries() {
        if layer.field_index(field).is_none() {
            layer.warnings.push(format!(
                "the project maps {meaning} to field {field:?}, which this layer does not have: \
                 correct the project file (`zonecheck info` lists the layer's fields)"
            ));
        }
    }
}

/// Reads the plan layer by layer, reporting each step to `on_event`; stops early when it
/// returns false (the user cancelled). A layer that fails is reported and the rest goes on.
pub fn open_stream(plan: &OpenPlan, on_event: &mut dyn FnMut(OpenEvent) -> bool) {
    if !on_event(OpenEvent::Planned {
        project: Box::new(plan.project.clone()),
        project_file: plan.project_file.clone(),
        layer_count: plan.layers.len(),
    }) {
        return;
    }
    if !plan.tables.is_empty() {
        let event = match plan.read_access() {
            Ok(access) => OpenEvent::Access(Box::new(access)),
            Err(error) => OpenEvent::Failed {
                path: plan.tables.first().cloned().unwrap_or_default(),
                error,
            },
        };
        if !on_event(event) {
            return;
        }
    }
    let count = plan.layers.len();
    for (index, planned) in plan.layers.iter().enumerate() {
        if !on_event(OpenEvent::Reading {
            path: planned.spec.path.clone(),
            index,
            count,
        }) {
            return;
        }
        match read_planned(planned) {
            Ok(layers) => {
                let of_entry = layers.len();
                for layer in layers {
                    let event = OpenEvent::Layer {
                        layer: Arc::new(IndexedLayer::new(layer)),
                        spec: Box::new(planned.spec.clone()),
                        from_project: planned.project_file.is_some(),
                        of_entry,
                    };
                    if !on_event(event) {
                        return;
                    }
                }
            }
            Err(error) => {
                if !on_event(OpenEvent::Failed {
                    path: planned.spec.path.clone(),
                    error,
                }) {
                    return;
                }
            }
        }
    }
}

impl Workspace {
    /// Opens layer files and project files (any mix), reads, reprojects and indexes every layer
    /// in parallel, and reads the access-list tables. Fails on the first layer that cannot be
    /// read: a question asked of partial data would get a partial answer.
    pub fn open(paths: &[PathBuf], opts: &OpenOptions) -> Result<Workspace> {
        let plan = OpenPlan::for_paths(paths, opts)?;
        let loaded: Vec<Result<Vec<Layer>>> = plan.layers.par_iter().map(read_planned).collect();
        let mut layers = Vec::new();
        for result in loaded {
            layers.extend(result?);
        }
        let layers = layers
            .into_par_iter()
            .map(|layer| Arc::new(IndexedLayer::new(layer)))
            .collect();
        let access = plan.read_access()?;
        Ok(Workspace::new(
            plan.project,
            plan.project_file,
            layers,
            Arc::new(access),
        ))
    }
}
