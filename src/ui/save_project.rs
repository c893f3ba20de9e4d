//! Saving what is open as a project file: every layer in drawing order with what the user
//! stated or chose for it — role, field mapping, encoding, CRS, visibility, opacity, styling —
//! and the project's requirement tables, so corrections made in the window survive a restart
//! and can be handed to a colleague (the CLI reads the same file).
//!
//! Not for the file format (see `model::project`) or for choosing the path (the panels).

use std::path::{Path, PathBuf};

use egui::Color32;

use crate::model::project::{LayerSpec, LayerStyle, Project};
use crate::ui::i18n::{Key, tr};
use crate::ui::state::{AppState, Level, MapLayer, Message};

/// The project that reopens the app's layers as they are now; `file` is where it will be
/// written (paths inside its folder are stored relative to it by `Project::write`).
pub fn project_of(state: &AppState, file: &Path) -> Project {
    let name = state.project_name.clone().unwrap_or_else(|| {
        file.file_stem()
            .map(|s| {
                s.to_string_lossy()
                    .trim_end_matches(".zonecheck")
                    .to_string()
            })
            .unwrap_or_default()
    });
    // The statements every answer rests on (version, dimensions not applicable, verdict rules)
    // are kept as the opened project stated them.
    let stated = &state.project_statements;
    Project {
        name,
        description: stated.description.clone(),
        layers: state.layers.iter().map(layer_spec).collect(),
        requirements: state.project_requirements.clone(),
        version: stated.version.clone(),
        published: stated.published.clone(),
        source: stated.source.clone(),
        not_applicable: stated.not_applicable.clone(),
        verdict: stated.verdict.clone(),
        basemaps: crate::ui::map::basemap::specs(&state.basemaps),
        base_dir: file.parent().map(Path::to_path_buf).unwrap_or_default(),
    }
}

/// One layer's entry: its file, the statements it was read with, its role and fields as they
/// are now, and its look.
fn layer_spec(l: &MapLayer) -> LayerSpec {
    let layer = l.layer();
    let spec = &l.ready.spec;
    let stem = spec
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned());
    let choice = &l.ready.choice;
    let hex = |c: Color32| format!("#{:02x}{:02x}{:02x}", c.r(), c.g(), c.b());
    LayerSpec {
        path: spec.path.clone(),
        // One entry per layer: a container's layer is named, else each entry would read them all.
        layer: spec.layer.clone().or_else(|| layer.member.clone()),
        // Zip members and renamed layers keep their display name; a plain file's is its stem.
        name: (Some(&layer.name) != stem.as_ref()).then(|| layer.name.clone()),
        role: Some(layer.role.role),
        encoding: spec.encoding.clone(),
        crs: spec.crs.clone(),
        lonlat_source: spec.lonlat_source,
        visible: l.visible,
        fields: layer.role.mapping.clone(),
        style: Some(LayerStyle {
            fill: choice.fill.map(hex),
            stroke: choice.stroke.map(hex),
            opacity: Some((l.opacity * 100.0).round() / 100.0),
            by_field: choice.by_field.clone(),
            label_field: choice.label_field.clone(),
        }),
    }
}

/// The file a project chosen as `file` is written to: `.toml` kept, else `.zonecheck.toml` added.
pub fn project_file_name(file: &Path) -> PathBuf {
    if file.extension().is_some_and(|e| e == "toml") {
        file.to_path_buf()
    } else {
        file.with_extension("zonecheck.toml")
    }
}

/// Where the save dialog starts: beside the opened project (or the first layer), where a
/// colleague would look — but never in the bundled sample's folder (a copy the app may
/// rewrite at the next start, or the source tree): the user's documents folder instead.
pub fn suggested_folder(state: &AppState) -> Option<PathBuf> {
    let beside = state
        .project_file
        .as_ref()
        .or_else(|| state.layers.first().map(|l| &l.ready.spec.path))
        .and_then(|p| p.parent())
        .map(PathBuf::from);
    match beside {
        Some(dir) if !crate::ui::sample::is_sample_folder(&dir) => Some(dir),
        _ => documents_folder(),
    }
}

/// The user's documents folder (`~/Documents`, `%USERPROFILE%\\Documents`) or, failing that,
/// the home folder.
pub fn documents_folder() -> Option<PathBuf> {
    let home = std::env::var_os(if cfg!(windows) { "USERPROFILE" } else { "HOME" })
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)?;
    let docs = home.join("Documents");
    Some(if docs.is_dir() { docs } else { home })
}

/// Writes the project to `file` and says so in the window; refuses to overwrite any file the
/// user loaded (the project opened, a layer, a requirement table).
pub fn save(state: &mut AppState, file: &Path) {
    let lang = state.lang;
    let file = project_file_name(file);
    let loaded = state
        .input_paths()
        .iter()
        .any(|p| crate::report::same_file(p, &file));
    let result = if loaded {
        Err(format!(
            "{}: {}",
            file.display(),
            tr(lang, Key::WouldOverwriteInput)
        ))
    } else {
        project_of(state, &file)
            .write(&file)
            .map_err(|e| e.to_string())
    };
    let (level, text) = match result {
        Ok(()) => (
            Level::Info,
            format!("{} {}", tr(lang, Key::ProjectSaved), file.display()),
        ),
        Err(e) => (Level::Error, e),
    };
    state.messages.push(Message { level, text });
}
