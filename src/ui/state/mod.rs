//! The app's state: what it holds between frames (the loaded layers, the map view, the identify
//! result, the site, the panels' inputs) and the plain types of it. Data only: panels read it and
//! return `Action`s, and only `ui::app` changes it. Nothing here draws or decides an answer.
//!
//! What outlives a session (language, window size, panel sizes, recent projects) is not here but
//! in `ui::settings`; what lives only while the window is open (textures, the cursor projector)
//! is in `ZoneCheckApp`.

pub mod action;
pub mod identify;
pub mod layers;
pub mod messages;

use std::path::PathBuf;
use std::sync::Arc;

use geo::Coord;

use crate::model::project::Project;
use crate::requirements::AccessList;
use crate::ui::i18n::Lang;
use crate::ui::loader::{Loader, ReadyLayer};
use crate::ui::map::draw::DrawStats;
use crate::ui::map::view::MapView;
use crate::workspace::Workspace;

pub use action::{Action, Confirm};
pub use identify::{CLICK_TOLERANCE_PX, Hit, IdentifyResult, SENSITIVE_NEAR_M, SENSITIVE_NEAR_MAX};
pub use layers::{CrsNeeded, LayerId, MapLayer};
pub use messages::{Level, Message};

/// The views that share the bottom panel; one is open at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BottomView {
    Table,
    Batch,
    Diff,
}

/// The app state. The loader's threads are crate-private: only `ui::app` starts and polls them.
pub struct AppState {
    pub layers: Vec<MapLayer>,
    pub view: MapView,
    pub lang: Lang,
    pub identify: Option<IdentifyResult>,
    pub messages: Vec<Message>,
    pub project_name: Option<String>,
    /// The project file opened last, and its requirement tables (absolute paths): kept so
    /// "save project" writes them again and never overwrites the file opened.
    pub project_file: Option<PathBuf>,
    pub project_requirements: Vec<PathBuf>,
    /// The project's access list (layered requirements), when it names tables.
    pub access: Option<Arc<AccessList>>,
    /// The opened project's statements that every answer uses: zoning version, dimensions
    /// stated not applicable, verdict rules.
    pub project_statements: Project,
    /// The text in the add-layer path box.
    pub path_input: String,
    /// The lon/lat under the pointer, when it is over the map.
    pub cursor_lonlat: Option<Coord<f64>>,
    /// The same point in Gauss-Kruger X/Y (see `cursor_xy`).
    pub cursor_xy: Option<crate::ui::cursor_xy::CursorXy>,
    /// The map canvas of the last frame (zooming needs its size).
    pub canvas: Option<egui::Rect>,
    /// What the last frame drew.
    pub last_draw: DrawStats,
    /// A pan or zoom-box drag in progress on the map.
    pub map_drag: crate::ui::map::nav::MapDrag,
    /// Fit the view to all layers when the current loads finish.
    pub(crate) fit_pending: bool,
    /// The project site: its inputs, drawing and analysis.
    pub site: crate::ui::site::SiteState,
    /// The find box (text, CRS and source choices, matches).
    pub find: crate::ui::panels::find::FindState,
    /// The attribute table (layer, sort, filter, selection).
    pub table: crate::ui::panels::table::TableState,
    /// Layer files that could not be read for want of a CRS, each with the CRS being typed for
    /// it (shown in the layers panel until read or dismissed).
    pub crs_needed: Vec<CrsNeeded>,
    /// The layer settings window being edited, if open.
    pub layer_settings: Option<crate::ui::layer_settings::SettingsDraft>,
    /// The measure tool (distance and area on the ellipsoid).
    pub measure: crate::ui::measure::MeasureState,
    /// The file dialogs (浏览… and save-as).
    pub dialogs: crate::ui::file_dialog::FileDialogs,
    /// The confirmation box being shown, if any.
    pub confirm: Option<Confirm>,
    /// A file waiting for a CRS whose zone the next map click picks.
    pub crs_pick_for: Option<PathBuf>,
    /// Layer removals and layer changes that Ctrl+Z takes back.
    pub undo: crate::ui::undo::UndoStack,
    /// The offline basemaps under the layers, and their tile cache.
    pub basemaps: crate::ui::map::basemap::Basemaps,
    /// The batch view (many sites checked at once).
    pub batch: crate::ui::batch::BatchState,
    /// The version comparison view.
    pub diff: crate::ui::diff::DiffState,
    pub(crate) loader: Loader,
    pub(crate) next_id: LayerId,
}

impl Default for AppState {
    fn default() -> Self {
        AppState {
            layers: Vec::new(),
            view: MapView::default(),
            lang: Lang::Zh,
            identify: None,
            messages: Vec::new(),
            project_name: None,
            project_file: None,
            project_requirements: Vec::new(),
            access: None,
            project_statements: Project::default(),
            path_input: String::new(),
            cursor_lonlat: None,
            cursor_xy: None,
            canvas: None,
            last_draw: DrawStats::default(),
            map_drag: Default::default(),
            fit_pending: false,
            site: Default::default(),
            find: Default::default(),
            table: Default::default(),
            crs_needed: Vec::new(),
            layer_settings: None,
            measure: Default::default(),
            dialogs: Default::default(),
            confirm: None,
            crs_pick_for: None,
            undo: Default::default(),
            basemaps: Default::default(),
            batch: Default::default(),
            diff: Default::default(),
            loader: Loader::default(),
            next_id: 1,
        }
    }
}

impl AppState {
    /// The layer with id `id`.
    pub fn layer(&self, id: LayerId) -> Option<&MapLayer> {
        self.layers.iter().find(|l| l.id == id)
    }

    /// The ids of the loads still running, oldest first.
    pub fn loader_jobs(&self) -> Vec<u64> {
        self.loader.jobs.iter().map(|j| j.id).collect()
    }

    /// Whether files are still loading (background refinements of drawn layers aside).
    pub fn is_loading(&self) -> bool {
        self.loader.busy()
    }

    /// True when nothing runs any more, background refinements included.
    pub fn loads_idle(&self) -> bool {
        self.loader.idle()
    }

    /// Adds a prepared layer on top (used by the loader and by tests).
    pub fn add_layer(&mut self, ready: ReadyLayer) -> LayerId {
        let id = self.next_id;
        self.next_id += 1;
        let opacity = ready.opacity.unwrap_or(ready.style.default_opacity);
        self.layers.push(MapLayer {
            id,
            visible: ready.visible,
            opacity,
            ready,
            legend: Default::default(),
        });
        id
    }

    /// Every file the user loaded: layers, the project file, its requirement tables, the
    /// batch's site files and the compared versions. Nothing the app writes may be one of them.
    pub fn input_paths(&self) -> Vec<PathBuf> {
        let batch_sources = self
            .batch
            .sites
            .iter()
            .flat_map(|s| s.iter().map(|s| &s.source));
        let diff_inputs = self.diff.result.iter().flat_map(|r| r.inputs.iter());
        let mut paths: Vec<PathBuf> = self
            .project_file
            .iter()
            .chain(self.project_requirements.iter())
            .chain(self.layers.iter().map(|l| &l.ready.spec.path))
            .chain(batch_sources)
            .chain(diff_inputs)
            .cloned()
            .collect();
        paths.sort();
        paths.dedup();
        paths
    }

    /// Opens one of the views that share the bottom panel (the attribute table, the batch, the
    /// comparison) and closes the other two.
    pub fn open_bottom_view(&mut self, view: BottomView) {
        self.table.open = view == BottomView::Table;
        self.batch.open = view == BottomView::Batch;
        self.diff.open = view == BottomView::Diff;
    }

    /// The workspace the engine answers from: every loaded layer (visible or not) with its
    /// app id, the access list and the project's statements. Cheap (shared layers), so the
    /// site analysis takes one to its worker thread.
    pub fn workspace(&self) -> Workspace {
        Workspace {
            name: self.project_name.clone().unwrap_or_default(),
            project: self.project_statements.clone(),
            project_file: self.project_file.clone(),
            layers: self
                .layers
                .iter()
                .map(|l| Arc::clone(&l.ready.indexed))
                .collect(),
            layer_ids: self.layers.iter().map(|l| l.id).collect(),
            access: self.access.clone().unwrap_or_default(),
        }
    }
}
