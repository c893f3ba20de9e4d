//! The comparison off the UI thread: opening the old (and, when given, the new) version, the
//! engine's `diff_zoning`, the batch's sites compared, and the changes tessellated for the map.
//!
//! Not for deciding what to compare (see `diff::apply`) or for comparing (the engine does).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

use egui::{Color32, Stroke};

use crate::present::diff_text::no_unit_layer_text;
use crate::ui::Lang;
use crate::ui::map::overlay::Overlay;
use crate::workspace::batch::BatchSite;
use crate::workspace::diff::{
    ChangeKind, SiteChange, ZoningDiff, diff_sites, diff_zoning, side_without_units,
};
use crate::workspace::open::OpenOptions;
use crate::workspace::result_layers::{DiffFeature, diff_units_layer};
use crate::workspace::{DataVersion, Workspace};

/// A finished comparison.
pub struct DiffResult {
    pub diff: ZoningDiff,
    /// The batch's sites compared (None when no batch was read).
    pub sites: Option<Vec<SiteChange>>,
    /// The changed units and their pieces drawn, and what each drawn feature is.
    pub overlay: Overlay,
    pub features: Vec<DiffFeature>,
    pub versions: [DataVersion; 2],
    /// Every file the two versions read (an export may not overwrite one).
    pub inputs: Vec<PathBuf>,
}

impl DiffResult {
    /// The drawn features (fids) of changed unit `unit`: its features and its pieces.
    pub fn fids_of_unit(&self, unit: usize) -> Vec<usize> {
        self.features
            .iter()
            .enumerate()
            .filter(|(_, f)| match f {
                DiffFeature::Unit { unit: u, .. }
                | DiffFeature::Gained { unit: u }
                | DiffFeature::Lost { unit: u } => *u == unit,
            })
            .map(|(fid, _)| fid)
            .collect()
    }
}

/// The colour a kind of change is drawn in; the gained pieces green, the lost ones red.
pub fn change_colour(kind: ChangeKind) -> Color32 {
    match kind {
        ChangeKind::Added => Color32::from_rgb(50, 120, 220),
        ChangeKind::Removed => Color32::from_rgb(140, 90, 170),
        ChangeKind::Geometry => Color32::from_rgb(240, 150, 40),
        ChangeKind::Category => Color32::from_rgb(210, 60, 140),
        ChangeKind::Name => Color32::from_rgb(60, 165, 165),
        ChangeKind::Requirements => Color32::from_rgb(185, 160, 40),
    }
}

/// The fill of an area a unit gained in the new version.
pub const GAINED_FILL: Color32 = Color32::from_rgb(30, 160, 60);
/// The fill of an area a unit lost.
pub const LOST_FILL: Color32 = Color32::from_rgb(215, 35, 35);

/// A running comparison.
pub struct DiffJob {
    rx: Receiver<Result<Box<DiffResult>, String>>,
}

/// What to compare: the old version's file, the new one's (None: `loaded`), the batch's sites.
pub struct DiffRequest {
    pub old: PathBuf,
    pub new: Option<PathBuf>,
    /// The layers loaded now, the new version when `new` is None.
    pub loaded: Workspace,
    pub sites: Option<Arc<Vec<BatchSite>>>,
    pub radius_m: f64,
    pub lang: Lang,
}

impl DiffJob {
    /// Opens the versions of `request` and compares them (with the batch's sites when there
    /// are any), on a thread.
    pub fn start(request: DiffRequest, repaint: Option<egui::Context>) -> DiffJob {
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let result = compare(request);
            let _ = tx.send(result);
            if let Some(c) = repaint {
                c.request_repaint();
            }
        });
        DiffJob { rx }
    }

    /// The result, once the worker has sent it.
    pub fn poll(&mut self) -> Option<Result<Box<DiffResult>, String>> {
        self.rx.try_recv().ok()
    }

    /// Blocks for the result up to `timeout` (tests).
    pub fn wait(
        &mut self,
        timeout: std::time::Duration,
    ) -> Option<Result<Box<DiffResult>, String>> {
        self.rx.recv_timeout(timeout).ok()
    }
}

/// Why a version cannot be compared: it has no control-unit layer.
fn compare(request: DiffRequest) -> Result<Box<DiffResult>, String> {
    let DiffRequest {
        old,
        new,
        loaded,
        sites,
        radius_m,
        lang,
    } = request;
    let open = |p: &PathBuf| {
        Workspace::open(std::slice::from_ref(p), &OpenOptions::default()).map_err(|e| e.to_string())
    };
    let old_ws = open(&old)?;
    let mut inputs = crate::report::project_inputs(&old_ws.project);
    inputs.push(old);
    let new_ws = match new {
        Some(p) => {
            let ws = open(&p)?;
            inputs.extend(crate::report::project_inputs(&ws.project));
            inputs.push(p);
            ws
        }
        None => loaded,
    };
    // Without a unit layer on one side every unit would read as added or removed.
    if let Some(side) = side_without_units(&old_ws, &new_ws) {
        return Err(no_unit_layer_text(side, lang));
    }
    let diff = diff_zoning(&old_ws, &new_ws);
    let site_changes = sites.map(|s| diff_sites(&old_ws, &new_ws, &s, radius_m));
    let (layer, features) = diff_units_layer(&diff, &old_ws, &new_ws);
    let fills: Vec<(usize, Color32)> = features
        .iter()
        .enumerate()
        .map(|(fid, f)| match f {
            DiffFeature::Unit { kind, .. } => (fid, change_colour(*kind)),
            DiffFeature::Gained { .. } => (fid, GAINED_FILL),
            DiffFeature::Lost { .. } => (fid, LOST_FILL),
        })
        .collect();
    let overlay = Overlay::build(
        layer,
        Color32::GRAY,
        Stroke::new(1.2, Color32::from_rgb(50, 50, 50)),
    )
    .recoloured(fills);
    Ok(Box::new(DiffResult {
        diff,
        sites: site_changes,
        overlay,
        features,
        versions: [old_ws.data_version(), new_ws.data_version()],
        inputs,
    }))
}
