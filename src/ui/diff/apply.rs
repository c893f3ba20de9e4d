//! How `DiffAction`s change the app: a comparison starts a worker, `poll` takes its result in,
//! a picked unit or site is zoomed to, exports are written by the engine.
//!
//! Not for widgets or answers.

use std::path::{Path, PathBuf};

use crate::io::geojson_write::write_polygons_geojson;
use crate::ui::diff::job::{DiffJob, DiffRequest};
use crate::ui::diff::{DiffAction, DiffState};
use crate::ui::i18n::{Key, tr};
use crate::ui::state::AppState;
use crate::workspace::batch::write_sheets;
use crate::workspace::diff::{diff_pieces, diff_sheets};

/// Applies one comparison action to the app state.
pub fn apply(state: &mut AppState, action: DiffAction) {
    match action {
        DiffAction::Show(true) => state.open_bottom_view(crate::ui::state::BottomView::Diff),
        DiffAction::Show(false) => state.diff.open = false,
        DiffAction::SetVersion(which, path) => {
            let text = path.display().to_string();
            match which {
                crate::ui::diff::Version::Old => state.diff.old_input = text,
                crate::ui::diff::Version::New => state.diff.new_input = text,
            }
        }
        DiffAction::Run => run(state),
        DiffAction::SelectUnit(unit) => {
            state.diff.selected_unit = Some(unit);
            let bbox = state
                .diff
                .result
                .as_ref()
                .and_then(|r| r.overlay.bbox_of(&r.fids_of_unit(unit)));
            if let (Some(bbox), Some(canvas)) = (bbox, state.canvas) {
                state.view.fit(canvas, bbox, 60.0);
            }
        }
        DiffAction::SelectSite(index) => {
            crate::ui::batch::apply(state, crate::ui::batch::BatchAction::Select(index))
        }
        DiffAction::FilterKind(k) => state.diff.kind_filter = k,
        DiffAction::Export(path) => export(state, &path),
        DiffAction::Clear => {
            let repaint = state.diff.repaint.take();
            let (old_input, new_input) = (
                std::mem::take(&mut state.diff.old_input),
                std::mem::take(&mut state.diff.new_input),
            );
            state.diff = DiffState {
                open: state.diff.open,
                old_input,
                new_input,
                repaint,
                ..DiffState::default()
            };
        }
    }
}

fn run(state: &mut AppState) {
    let d = &mut state.diff;
    d.error = None;
    d.export_status = None;
    d.selected_unit = None;
    let old = d.old_input.trim();
    if old.is_empty() {
        d.error = Some(tr(state.lang, Key::DiffNeedsOld).to_string());
        return;
    }
    let old = PathBuf::from(old);
    let new = Some(d.new_input.trim())
        .filter(|s| !s.is_empty())
        .map(PathBuf::from);
    if new.is_none() && state.layers.is_empty() {
        state.diff.error = Some(tr(state.lang, Key::DiffNeedsNew).to_string());
        return;
    }
    let sites = state.batch.sites.clone();
    let radius_m = state.site.radius_m.max(0.0);
    let repaint = state.diff.repaint.clone();
    let request = DiffRequest {
        old,
        new,
        loaded: state.workspace(),
        sites,
        radius_m,
        lang: state.lang,
    };
    state.diff.job = Some(DiffJob::start(request, repaint));
}

fn export(state: &mut AppState, path: &Path) {
    let Some(r) = &state.diff.result else { return };
    let geojson = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("geojson"));
    let written = if geojson {
        write_polygons_geojson(&diff_pieces(&r.diff), path)
    } else {
        write_sheets(path, &diff_sheets(&r.diff, r.sites.as_deref(), state.lang))
    };
    state.diff.export_status = Some(
        written
            .map(|_| path.to_path_buf())
            .map_err(|e| e.to_string()),
    );
}

/// Takes in the comparison once the worker has sent it.
pub fn poll(state: &mut AppState) {
    let Some(job) = state.diff.job.as_mut() else {
        return;
    };
    if let Some(result) = job.poll() {
        take(state, result);
    }
}

fn take(state: &mut AppState, result: Result<Box<crate::ui::diff::DiffResult>, String>) {
    state.diff.job = None;
    match result {
        Ok(r) => {
            if let (Some(bbox), Some(canvas)) = (r.overlay.mesh.bbox_lonlat, state.canvas) {
                state.view.fit(canvas, bbox, 40.0);
            }
            state.diff.result = Some(r);
        }
        Err(e) => state.diff.error = Some(e),
    }
}

/// Blocks until the running comparison has finished, up to `timeout`; true when it did.
pub fn wait_for_diff(state: &mut AppState, timeout: std::time::Duration) -> bool {
    let Some(job) = state.diff.job.as_mut() else {
        return true;
    };
    match job.wait(timeout) {
        Some(result) => {
            take(state, result);
            true
        }
        None => false,
    }
}
