//! How `BatchAction`s change the app: a run starts a worker over a snapshot of the loaded
//! layers, `poll` takes its rows in and colours the sites on the map by verdict, a picked row
//! becomes the site panel's site, exports are written by the engine.
//!
//! Not for widgets or answers.

use std::path::{Path, PathBuf};

use crate::ui::batch::job::{BatchEvent, BatchJob};
use crate::ui::batch::{BatchAction, BatchState};
use crate::ui::i18n::{Key, tr};
use crate::ui::site::apply::site_question;
use crate::ui::state::{AppState, Level, Message};
use crate::ui::style::verdict_colours;
use crate::workspace::batch::{summary_sheet, write_sheets};

/// Applies one batch action to the app state.
pub fn apply(state: &mut AppState, action: BatchAction) {
    match action {
        BatchAction::Show(true) => state.open_bottom_view(crate::ui::state::BottomView::Batch),
        BatchAction::Show(false) => state.batch.open = false,
        BatchAction::Run(path) => run(state, path),
        BatchAction::Cancel => {
            if let Some(job) = &state.batch.job {
                job.cancel();
            }
        }
        BatchAction::Select(index) => select(state, index),
        BatchAction::SortBy(column) => {
            let b = &mut state.batch;
            if b.sort == column {
                b.descending = !b.descending;
            } else {
                b.sort = column;
                b.descending = false;
            }
        }
        BatchAction::FilterVerdict(v) => state.batch.verdict_filter = v,
        BatchAction::ExportSummary(path) => export_summary(state, &path),
        BatchAction::ExportReports(dir) => export_reports(state, dir),
        BatchAction::Clear => {
            if let Some(job) = &state.batch.job {
                job.cancel();
            }
            let open = state.batch.open;
            let path_input = std::mem::take(&mut state.batch.path_input);
            let repaint = state.batch.repaint.take();
            state.batch = BatchState {
                open,
                path_input,
                repaint,
                ..BatchState::default()
            };
        }
    }
}

fn run(state: &mut AppState, path: PathBuf) {
    if let Some(job) = &state.batch.job {
        job.cancel();
    }
    let b = &mut state.batch;
    b.path_input = path.display().to_string();
    b.rows.clear();
    b.sites = None;
    b.overlay = None;
    b.warnings.clear();
    b.selected = None;
    b.export_status = None;
    b.error = None;
    if state.layers.is_empty() {
        b.error = Some(tr(state.lang, Key::BatchNeedsLayers).to_string());
        b.job = None;
        return;
    }
    let question = site_question(state);
    let repaint = state.batch.repaint.clone();
    state.batch.answered_layers = state.layers.iter().map(|l| l.id).collect();
    state.batch.job = Some(BatchJob::check(path, state.workspace(), question, repaint));
}

/// Zooms to the site of row `index` and makes it the site panel's site (its full answer).
fn select(state: &mut AppState, index: usize) {
    state.batch.selected = Some(index);
    let bbox = state
        .batch
        .overlay
        .as_ref()
        .and_then(|o| o.feature_bbox(index));
    if let (Some(bbox), Some(canvas)) = (bbox, state.canvas) {
        state.view.fit(canvas, bbox, 60.0);
    }
    let site = state
        .batch
        .sites
        .as_ref()
        .and_then(|s| s.get(index))
        .and_then(|s| {
            s.site
                .as_ref()
                .ok()
                .map(|site| (site.clone(), s.id.clone()))
        });
    if let Some((site, id)) = site {
        crate::ui::site::apply::use_site(state, site, id);
    }
}

fn export_summary(state: &mut AppState, path: &Path) {
    let sheet = summary_sheet(&state.batch.rows, state.lang);
    state.batch.export_status = Some(
        write_sheets(path, &[sheet])
            .map(|_| path.to_path_buf())
            .map_err(|e| e.to_string()),
    );
}

fn export_reports(state: &mut AppState, dir: PathBuf) {
    let Some(sites) = state.batch.sites.clone() else {
        return;
    };
    if state.batch.busy() {
        return;
    }
    let mut inputs = state.input_paths();
    inputs.extend(sites.iter().map(|s| s.source.clone()));
    let question = site_question(state);
    let repaint = state.batch.repaint.clone();
    state.batch.export_status = None;
    state.batch.job = Some(BatchJob::write_reports(
        dir,
        sites,
        state.workspace(),
        question,
        inputs,
        repaint,
    ));
}

/// Takes in what the batch worker sent since the last frame.
pub fn poll(state: &mut AppState) {
    let Some(job) = state.batch.job.as_mut() else {
        return;
    };
    let events = job.poll();
    let lang = state.lang;
    let mut recolour = Vec::new();
    for e in events {
        match e {
            BatchEvent::SitesRead {
                sites,
                warnings,
                overlay,
            } => {
                if let Some(job) = state.batch.job.as_mut() {
                    job.total = Some(sites.len());
                }
                state.batch.sites = Some(sites);
                state.batch.warnings = warnings;
                state.batch.overlay = Some(overlay);
                if let (Some(bbox), Some(canvas)) = (
                    state
                        .batch
                        .overlay
                        .as_ref()
                        .and_then(|o| o.mesh.bbox_lonlat),
                    state.canvas,
                ) {
                    state.view.fit(canvas, bbox, 40.0);
                }
            }
            BatchEvent::Row(row) => {
                if let Some(v) = row.verdict {
                    recolour.push((row.index, verdict_colours(v).1));
                } else {
                    recolour.push((row.index, egui::Color32::from_rgb(90, 90, 90)));
                }
                state.batch.rows.push(*row);
                if let Some(job) = state.batch.job.as_mut() {
                    job.done += 1;
                }
            }
            BatchEvent::Failed(text) => {
                state.batch.error = Some(text);
                state.batch.job = None;
            }
            BatchEvent::Finished { done, cancelled } => {
                state.batch.job = None;
                if cancelled {
                    let total = state.batch.sites.as_ref().map_or(0, |s| s.len());
                    state.messages.push(Message {
                        level: Level::Warning,
                        text: match lang {
                            crate::ui::Lang::Zh => {
                                format!("批量核查已取消：{total} 个地块中已核查 {done} 个")
                            }
                            crate::ui::Lang::En => {
                                format!("Batch cancelled: {done} of {total} sites checked")
                            }
                        },
                    });
                }
            }
            BatchEvent::Progress(n) => {
                if let Some(job) = state.batch.job.as_mut() {
                    job.done = n;
                }
            }
            BatchEvent::Exported(result, errors) => {
                state.batch.job = None;
                state.batch.export_status = Some(result);
                for text in errors {
                    state.messages.push(Message {
                        level: Level::Error,
                        text,
                    });
                }
            }
        }
    }
    if !recolour.is_empty()
        && let Some(o) = &state.batch.overlay
    {
        state.batch.overlay = Some(o.recoloured(recolour));
    }
}

/// Blocks until the running batch or export has finished, up to `timeout`; true when it did.
/// For tests and headless use; the UI polls instead.
pub fn wait_for_batch(state: &mut AppState, timeout: std::time::Duration) -> bool {
    let deadline = std::time::Instant::now() + timeout;
    while state.batch.job.is_some() {
        if std::time::Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        poll(state);
    }
    true
}
