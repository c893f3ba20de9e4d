//! Everything the user can ask the app to do. Panels, the map canvas and the keyboard return
//! `Action`s; only `AppState::apply` (in `ui::app`) carries them out.

use std::path::PathBuf;

use geo::Coord;

use crate::ui::i18n::Lang;
use crate::ui::state::LayerId;

/// Everything the user can ask the app to do; panels return these.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Load layer files or project files (off the UI thread).
    OpenPaths(Vec<PathBuf>),
    SetVisible(LayerId, bool),
    SetOpacity(LayerId, f32),
    ZoomToLayer(LayerId),
    /// Fit the view to one feature (fid) of a layer.
    ZoomToFeature(LayerId, usize),
    ZoomToExtent,
    /// Ask whether to remove a layer (the × button): the answer is `ConfirmPending`.
    RemoveLayer(LayerId),
    /// Do what the confirmation box asked about (remove the layer, write over the file).
    ConfirmPending,
    /// Close the confirmation box without doing it.
    CancelPending,
    /// Take back the last layer removal or layer change (Ctrl+Z).
    Undo,
    /// Move the map by this many screen points (arrow keys).
    PanBy(egui::Vec2),
    /// Zoom about the map's centre by this factor (+/− keys).
    ZoomBy(f64),
    /// Show (true) or hide the attribute table.
    ShowTable(bool),
    /// Give the find box the keyboard (Ctrl+F).
    FocusFind,
    /// Print the map as it is shown (visible layers, basemap, site) to a .pdf or .png file.
    ExportMapView(PathBuf),
    /// Write the attribute table's rows, as filtered and sorted, to a .xlsx or .csv file.
    ExportTableRows(PathBuf),
    /// The next map click sets the CRS picker's zone for this file (None: stop picking).
    PickCrsZone(Option<PathBuf>),
    /// Find the features at a lon/lat point in every visible layer.
    Identify(Coord<f64>),
    ClearIdentify,
    /// Stop a running load (what it already delivered stays).
    CancelLoad(u64),
    SetLanguage(Lang),
    DismissMessage(usize),
    /// A project-site request (import, draw, analyse, export).
    Site(crate::ui::site::SiteAction),
    /// Centre the map on a found point (zooming in if far out) and identify there.
    CenterOn(Coord<f64>),
    /// A found feature: zoom to it, identify at its label point and select its table row.
    FindFeature(LayerId, usize),
    /// A table row picked: select, highlight and zoom to that feature.
    SelectFeature(LayerId, usize),
    /// Switch a legend entry (by index) of a layer off (true) or on.
    SetLegendHidden(LayerId, usize, bool),
    /// Show a short information message (e.g. "copied").
    Notify(String),
    /// Move a layer up (towards the top, +1) or down (-1) the drawing order.
    MoveLayer(LayerId, i32),
    /// Open the settings window of a layer (role, fields, style, encoding, CRS).
    OpenLayerSettings(LayerId),
    CloseLayerSettings,
    /// Read a layer file that failed for want of a CRS again, with the CRS typed for it.
    ReadWithCrs(PathBuf),
    /// Forget a file waiting for a CRS.
    DismissCrsNeeded(PathBuf),
    /// Save the open layers with their settings as a project file (never over a file loaded).
    SaveProject(PathBuf),
    /// Apply edited settings to a layer: role, fields and style at once; a changed encoding
    /// or CRS reads the file again (off the UI thread).
    ApplyLayerSettings(LayerId, Box<crate::ui::layer_settings::LayerSettings>),
    /// A measure-tool request (start, add a point, finish, clear).
    Measure(crate::ui::measure::MeasureAction),
    /// Open a file dialog (native, or the in-app browser); its answer comes back as an action.
    Browse(crate::ui::file_dialog::DialogRequest),
    /// A batch-view request (run, pick a row, sort, export).
    Batch(crate::ui::batch::BatchAction),
    /// A version-comparison request (run, pick a unit, export).
    Diff(crate::ui::diff::DiffAction),
    /// A basemap row's request (show, opacity, order, remove, zoom to).
    Basemap(crate::ui::map::basemap::BasemapAction),
}

/// A question the app asks before doing something that loses work.
#[derive(Debug, Clone, PartialEq)]
pub enum Confirm {
    /// Remove this layer (it can be brought back with Ctrl+Z).
    RemoveLayer(LayerId),
    /// Write over an existing file: the export or save action that would.
    Overwrite(PathBuf, Box<Action>),
}
