//! The catalog: the loaded and indexed layers a question is asked of, opened from layer files or a
//! project file — the one way the CLI and the app turn paths into queryable layers.
//!
//! Not for reading formats (see `io`) or answering questions (see `query`).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::crs::Crs;
use crate::error::{Result, ZoneError};
use crate::index::IndexedLayer;
use crate::io::{LoadOptions, load_layers};
use crate::model::Layer;
use crate::model::project::{LayerSpec, Project};

/// Layers ready for queries, in drawing order (bottom first), with the project they came from.
pub struct Catalog {
    /// The project's name, or the file names of the layers opened.
    pub name: String,
    /// The project, when one was opened (or one built from the plain layer paths).
    pub project: Project,
    /// Shared, so the app's background jobs (site analysis, report export) can ask without a copy.
    pub layers: Vec<Arc<IndexedLayer>>,
}

/// Statements about plain layer files (not project files, which carry their own).
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    /// DBF encoding override for every plain layer.
    pub encoding: Option<String>,
    /// CRS override for every plain layer.
    pub crs: Option<Crs>,
}

/// Reads the layers one project entry names, with its statements (role, fields, encoding, CRS)
/// applied over what detection found.
pub fn load_spec(project: &Project, spec: &LayerSpec) -> Result<Vec<Layer>> {
    let path = project.layer_path(spec);
    let crs = match spec.crs.as_deref() {
        Some(text) => Some(Crs::from_user_text(text).map_err(|e| {
            ZoneError::Input(format!(
                "{}: layer {}: {e}",
                project_label(project),
                path.display()
            ))
        })?),
        None => None,
    };
    let opts = LoadOptions {
        encoding: spec.encoding.clone(),
        crs,
        layer: spec.layer.clone(),
        ..LoadOptions::default()
    };
    let mut layers = load_layers(&path, &opts)?;
    for layer in &mut layers {
        apply_spec(layer, spec);
    }
    Ok(layers)
}

fn project_label(project: &Project) -> String {
    if project.name.is_empty() {
        project.base_dir.display().to_string()
    } else {
        project.name.clone()
    }
}

/// Applies a project entry's statements to a freshly read layer: stated role and fields win.
/// The display name (`spec.name`) is left to the faces: the layer keeps its file stem, which the
/// CLI's JSON contract names layers by.
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
                "the project maps {meaning} to field {field:?}, which this layer does not have"
            ));
        }
    }
}

impl Catalog {
    /// Opens layer files and project files (any mix), reads, reprojects and indexes every layer.
    /// Fails on the first layer that cannot be read: a question asked of partial data would get a
    /// partial answer.
    pub fn open(paths: &[PathBuf], opts: &OpenOptions) -> Result<Catalog> {
        let project = Catalog::project_for(paths, opts)?;
        let loaded: Vec<Result<Vec<Layer>>> = project
            .layers
            .par_iter()
            .map(|spec| load_spec(&project, spec))
            .collect();
        let mut layers = Vec::new();
        for result in loaded {
            layers.extend(result?);
        }
        let layers = layers
            .into_par_iter()
            .map(|layer| Arc::new(IndexedLayer::new(layer)))
            .collect();
        Ok(Catalog {
            name: project.name.clone(),
            project,
            layers,
        })
    }

    /// One project that stands for `paths`: a single project file as it is, or the layers of all
    /// project files and plain layer files together, with the plain-layer options as statements.
    pub fn project_for(paths: &[PathBuf], opts: &OpenOptions) -> Result<Project> {
        if let [single] = paths
            && Project::is_project_path(single)
        {
            return Project::read(single);
        }
        let mut merged = Project::default();
        let mut names = Vec::new();
        for path in paths {
            if Project::is_project_path(path) {
                let p = Project::read(path)?;
                names.push(p.name.clone());
                for mut spec in p.layers.clone() {
                    spec.path = p.layer_path(&spec);
                    merged.layers.push(spec);
                }
            } else {
                let mut spec = LayerSpec::for_path(absolute(path));
                spec.encoding = opts.encoding.clone();
                spec.crs = opts.crs.as_ref().map(|c| match c.epsg {
                    Some(code) => format!("EPSG:{code}"),
                    None => c.proj4.clone(),
                });
                names.push(
                    path.file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                );
                merged.layers.push(spec);
            }
        }
        merged.name = names.join(", ");
        merged.base_dir = PathBuf::from(".");
        Ok(merged)
    }

    /// The layer at `index`, by its display name for messages.
    pub fn layer_name(&self, index: usize) -> &str {
        self.layers
            .get(index)
            .map(|l| l.layer.name.as_str())
            .unwrap_or("?")
    }

    /// Every warning of every layer, prefixed with the layer's name.
    pub fn warnings(&self) -> Vec<String> {
        self.layers
            .iter()
            .flat_map(|l| {
                l.layer
                    .warnings
                    .iter()
                    .map(move |w| format!("{}: {w}", l.layer.path.display()))
            })
            .collect()
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}
