//! The project site in the app: where it comes from (a file, pasted coordinates, or a polygon
//! drawn on the map), its analysis over the loaded layers, and its exports. `SiteState` lives in
//! `AppState::site`; `SiteAction`s change it through `apply`.
//!
//! Not for widgets (see `panels::site`) or for geometry: the engine reads, overlays, buffers and
//! writes; this module only gathers inputs for it and keeps the answers.

pub mod apply;
pub mod draw;
pub mod export;
pub mod input;
pub mod job;
pub mod rows;
pub mod shapes;

use std::path::PathBuf;

pub use apply::{apply, poll, wait_for_site};
pub use draw::{DrawEdit, DrawState};
pub use job::{SiteJobs, SiteResult};

use crate::crs::CoordSource;
use crate::io::CoordMeaning;

/// The default search radius around a site, metres.
pub const DEFAULT_RADIUS_M: f64 = 1000.0;

/// What the user can do with the site; wrapped in `Action::Site`.
#[derive(Debug, Clone, PartialEq)]
pub enum SiteAction {
    /// Show the site panel (true) or the identify panel (false) on the right.
    ShowPanel(bool),
    /// Read a site file (GeoJSON, shapefile, zip, exchange text, coordinate list) and analyse it.
    ImportPath(PathBuf),
    /// Read the site file waiting for a CRS with the CRS picked or typed for it.
    ImportWithCrs,
    /// Forget the site file waiting for a CRS.
    DismissCrsNeeded,
    /// Parse the pasted coordinates with the panel's options and analyse them.
    ImportPasted,
    /// Change the polygon being drawn.
    Draw(DrawEdit),
    /// Close the drawn polygon and analyse it (double-click or Enter).
    FinishDrawing,
    /// Analyse a polygon given by its vertices (lon/lat) as the site: a measured area.
    FromPolygon(Vec<geo::Coord<f64>>),
    /// Run the analysis of the current site again (after a radius change or new layers).
    Reanalyse,
    /// Answer again from the same overlay after the industry code or the language changed.
    Reanswer,
    ExportCsv(PathBuf),
    ExportGeoJson(PathBuf),
    /// The full compliance report; the format follows the extension (.docx/.html/.xlsx/.csv).
    ExportReport(PathBuf),
    /// The site's boundary: .txt (坐标交换格式), .shp, .geojson, .dxf or .xlsx (points).
    ExportBoundary(PathBuf),
    Clear,
}

/// The site panel's inputs and the latest answer.
pub struct SiteState {
    /// Whether the right side shows the site panel (else the identify panel).
    pub panel_open: bool,
    pub path_input: String,
    pub paste_text: String,
    pub paste_meaning: CoordMeaning,
    /// A CRS for metre values (EPSG code, proj string); empty: the data's projected CRS.
    pub paste_crs: String,
    pub paste_source: CoordSource,
    pub radius_m: f64,
    pub draw: DrawState,
    pub result: Option<SiteResult>,
    /// The last import or analysis error, shown in the panel.
    pub error: Option<String>,
    /// A site file that names no CRS, with the CRS being picked for it (the layers' picker).
    pub crs_needed: Option<crate::ui::state::CrsNeeded>,
    /// Why the site file's CRS could not be found (the engine's words, shown on hover).
    pub crs_reason: String,
    pub export_path: String,
    /// The project's name for the report (项目名称); the site's name when empty.
    pub report_name: String,
    /// The project's GB/T 4754-2017 industry code (e.g. C2614) for the access check; optional.
    pub report_industry: String,
    /// The last export's outcome: Ok(path) or Err(message).
    pub export_status: Option<Result<PathBuf, String>>,
    pub jobs: SiteJobs,
}

impl Default for SiteState {
    fn default() -> Self {
        SiteState {
            panel_open: false,
            path_input: String::new(),
            paste_text: String::new(),
            paste_meaning: CoordMeaning::Auto,
            paste_crs: String::new(),
            paste_source: CoordSource::Cgcs2000,
            radius_m: DEFAULT_RADIUS_M,
            draw: DrawState::default(),
            result: None,
            error: None,
            crs_needed: None,
            crs_reason: String::new(),
            export_path: String::new(),
            report_name: String::new(),
            report_industry: String::new(),
            export_status: None,
            jobs: SiteJobs::default(),
        }
    }
}

impl SiteState {
    /// Whether an analysis or export is running.
    pub fn busy(&self) -> bool {
        self.jobs.busy()
    }
}

/// Whether a dropped file should become the site rather than a layer: coordinate exchange text
/// (.txt) always does, anything else when the site panel is open.
pub fn drop_is_site(path: &std::path::Path, panel_open: bool) -> bool {
    let txt = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("txt"));
    let project = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    txt || (panel_open && !project)
}
