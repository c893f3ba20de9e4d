//! The app's 版本对比: two versions of the zoning data (two project files or unit layers; the new
//! one may be what is loaded) compared exactly as `zonecheck diff` compares them — the changed
//! units coloured on the map by kind of change with their gained and lost pieces, the changed
//! units and zones listed, and for the batch's sites which ones the update changes.
//!
//! `DiffState` lives in `AppState::diff`; `DiffAction`s change it through `apply`. Not for
//! comparing (the engine's `workspace::diff`) or widgets (see `panels::diff`).

pub mod apply;
pub mod job;

use std::path::PathBuf;

use crate::workspace::diff::ChangeKind;

pub use apply::{apply, poll, wait_for_diff};
pub use job::{DiffJob, DiffResult, change_colour};

/// What the user can do in the version comparison; wrapped in `Action::Diff`.
#[derive(Debug, Clone, PartialEq)]
pub enum DiffAction {
    /// Show (true) or hide the view (it shares the bottom panel with the table).
    Show(bool),
    /// A version's path chosen in a file dialog.
    SetVersion(Version, PathBuf),
    /// Compare the two versions typed (an empty new version: the layers loaded now).
    Run,
    /// A changed unit picked (index into the diff's units): zoom to it.
    SelectUnit(usize),
    /// A site picked (its index in the batch): zoom to it and open it in the site panel.
    SelectSite(usize),
    /// Show only units with this kind of change (`None`: all).
    FilterKind(Option<ChangeKind>),
    /// The changes as .xlsx/.csv (tables) or .geojson (gained and lost pieces).
    Export(PathBuf),
    Clear,
}

/// Which version box a file dialog fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    Old,
    New,
}

/// The view's inputs and the latest comparison.
#[derive(Default)]
pub struct DiffState {
    pub open: bool,
    /// The old version: a project file or a unit layer.
    pub old_input: String,
    /// The new version; empty: the layers loaded now.
    pub new_input: String,
    pub job: Option<DiffJob>,
    pub result: Option<Box<DiffResult>>,
    pub error: Option<String>,
    pub kind_filter: Option<ChangeKind>,
    pub filter: String,
    pub selected_unit: Option<usize>,
    pub export_status: Option<Result<PathBuf, String>>,
    pub repaint: Option<egui::Context>,
}

impl DiffState {
    /// The changed units the list shows (indices into the diff's units), filtered by kind and
    /// by text (code or name).
    pub fn shown_units(&self) -> Vec<usize> {
        let Some(r) = &self.result else {
            return Vec::new();
        };
        let needle = self.filter.trim().to_lowercase();
        r.diff
            .units
            .iter()
            .enumerate()
            .filter(|(_, u)| self.kind_filter.is_none_or(|k| u.changes.contains(&k)))
            .filter(|(_, u)| {
                needle.is_empty()
                    || u.code.to_lowercase().contains(&needle)
                    || [&u.old, &u.new].iter().any(|v| {
                        v.as_ref()
                            .and_then(|v| v.name.as_deref())
                            .is_some_and(|n| n.to_lowercase().contains(&needle))
                    })
            })
            .map(|(i, _)| i)
            .collect()
    }
}
