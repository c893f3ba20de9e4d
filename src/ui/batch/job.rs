//! The batch off the UI thread: reading the sites path, answering every site (the engine's
//! `answer_sites`, parallel over sites) and sending each summary row back as it is ready, or
//! writing the per-site reports. A cancel flag is asked between sites.
//!
//! Not for deciding what to run (see `batch::apply`) or for answering (the engine does).

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

use egui::{Color32, Stroke};

use crate::io::LoadOptions;
use crate::report::SiteReportFiles;
use crate::ui::map::overlay::Overlay;
use crate::workspace::batch::{BatchSite, SummaryRow, answer_sites, read_sites};
use crate::workspace::result_layers::batch_sites_layer;
use crate::workspace::{SiteQuestion, Workspace};

/// The fill of a site not answered yet.
pub const PENDING_FILL: Color32 = Color32::from_rgb(200, 200, 210);

/// What a batch worker sends back.
pub enum BatchEvent {
    /// The sites path was read: the sites, the warnings about the path, the sites drawn.
    SitesRead {
        sites: Arc<Vec<BatchSite>>,
        warnings: Vec<String>,
        overlay: Overlay,
    },
    /// One site answered (or not), in input order.
    Row(Box<SummaryRow>),
    /// The sites path could not be read at all.
    Failed(String),
    /// Every site was answered, or the batch was cancelled after `done` of them.
    Finished { done: usize, cancelled: bool },
    /// An export finished: the path written (a folder for the reports) or the error, and the
    /// sites whose report could not be written, each with why.
    Exported(Result<PathBuf, String>, Vec<String>),
    /// Progress of an export: reports written so far.
    Progress(usize),
}

/// A running batch or export: its channel, cancel flag and progress.
pub struct BatchJob {
    rx: Receiver<BatchEvent>,
    cancel: Arc<AtomicBool>,
    /// Sites answered (or reports written) so far, and how many in all once known.
    pub done: usize,
    pub total: Option<usize>,
    /// Whether this job writes reports rather than answering sites.
    pub exporting: bool,
}

impl BatchJob {
    fn spawn(
        exporting: bool,
        repaint: Option<egui::Context>,
        work: impl FnOnce(&Sender<BatchEvent>, &AtomicBool) + Send + 'static,
    ) -> BatchJob {
        let (tx, rx) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = cancel.clone();
        std::thread::spawn(move || {
            work(&tx, &flag);
            if let Some(c) = repaint {
                c.request_repaint();
            }
        });
        BatchJob {
            rx,
            cancel,
            done: 0,
            total: None,
            exporting,
        }
    }

    /// Reads the sites of `path` and answers each against `workspace`, sending rows as they come.
    pub fn check(
        path: PathBuf,
        workspace: Workspace,
        question: SiteQuestion,
        repaint: Option<egui::Context>,
    ) -> BatchJob {
        let ctx = repaint.clone();
        BatchJob::spawn(false, repaint, move |tx, cancel| {
            let read = match read_sites(&path, &LoadOptions::default()) {
                Ok(r) => r,
                Err(e) => {
                    let _ = tx.send(BatchEvent::Failed(e.to_string()));
                    return;
                }
            };
            let sites = Arc::new(read.sites);
            let overlay = Overlay::build(
                batch_sites_layer(&sites),
                PENDING_FILL,
                Stroke::new(1.5, Color32::from_rgb(40, 40, 60)),
            );
            let _ = tx.send(BatchEvent::SitesRead {
                sites: sites.clone(),
                warnings: read.warnings,
                overlay,
            });
            let mut last_repaint = std::time::Instant::now();
            let done = answer_sites(&workspace, &sites, &question, |site, answer| {
                let row = match answer {
                    Ok(report) => SummaryRow::of_report(site, &report),
                    Err(e) => SummaryRow::of_error(site, &e.to_string(), question.lang),
                };
                let _ = tx.send(BatchEvent::Row(Box::new(row)));
                // A repaint at most every 100 ms keeps the table moving without a frame per site.
                if last_repaint.elapsed().as_millis() >= 100 {
                    if let Some(c) = &ctx {
                        c.request_repaint();
                    }
                    last_repaint = std::time::Instant::now();
                }
                if cancel.load(Ordering::Relaxed) {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            });
            let _ = tx.send(BatchEvent::Finished {
                done,
                cancelled: cancel.load(Ordering::Relaxed) && done < sites.len(),
            });
        })
    }

    /// Writes one report per readable site of `sites` into `dir`. The sites are answered again:
    /// the batch keeps summary rows only, since 10,000 full reports would not fit the memory
    /// bound `answer_sites` keeps.
    pub fn write_reports(
        dir: PathBuf,
        sites: Arc<Vec<BatchSite>>,
        workspace: Workspace,
        question: SiteQuestion,
        inputs: Vec<PathBuf>,
        repaint: Option<egui::Context>,
    ) -> BatchJob {
        let ctx = repaint.clone();
        let total = sites.len();
        let mut job = BatchJob::spawn(true, repaint, move |tx, cancel| {
            let (result, errors) = write_reports(
                &dir, &sites, &workspace, &question, inputs, tx, cancel, &ctx,
            );
            let _ = tx.send(BatchEvent::Exported(result, errors));
        });
        job.total = Some(total);
        job
    }

    /// Asks the worker to stop after the site it is on.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// The events sent since the last call.
    pub fn poll(&mut self) -> Vec<BatchEvent> {
        let mut out = Vec::new();
        while let Ok(e) = self.rx.try_recv() {
            out.push(e);
        }
        out
    }

    /// Blocks for the next event up to `timeout` (tests).
    pub fn wait(&mut self, timeout: std::time::Duration) -> Option<BatchEvent> {
        self.rx.recv_timeout(timeout).ok()
    }
}

#[allow(clippy::too_many_arguments)]
fn write_reports(
    dir: &Path,
    sites: &[BatchSite],
    workspace: &Workspace,
    question: &SiteQuestion,
    inputs: Vec<PathBuf>,
    tx: &Sender<BatchEvent>,
    cancel: &AtomicBool,
    ctx: &Option<egui::Context>,
) -> (Result<PathBuf, String>, Vec<String>) {
    let mut files = match SiteReportFiles::new(
        dir,
        "docx",
        question.industry.clone(),
        question.lang,
        inputs,
    ) {
        Ok(f) => f,
        Err(e) => return (Err(e.to_string()), Vec::new()),
    };
    let mut errors = Vec::new();
    let mut written = 0;
    answer_sites(workspace, sites, question, |site, answer| {
        match (answer, &site.site) {
            (Ok(report), Ok(readable)) => match files.write(workspace, site, readable, &report) {
                Ok(_) => written += 1,
                Err(e) => errors.push(format!("{}: {e}", site.id)),
            },
            (Err(e), _) => errors.push(format!("{}: {e}", site.id)),
            (Ok(_), Err(e)) => errors.push(format!("{}: {e}", site.id)),
        }
        let _ = tx.send(BatchEvent::Progress(written + errors.len()));
        if let Some(c) = ctx {
            c.request_repaint();
        }
        if cancel.load(Ordering::Relaxed) {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    (Ok(dir.to_path_buf()), errors)
}
