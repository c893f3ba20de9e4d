//! Site work off the UI thread: reading a site file, the overlay and its radius ring, and
//! writing exports (the report renders a map figure, which takes a second or more), the map
//! print among them. Each request
//! runs on its own thread and sends one `SiteEvent` back; the UI polls every frame.
//!
//! Not for deciding what to compute (see `site::apply`) or for computing it (the engine does).

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use crate::io::Site;
use crate::query::radius_ring_lonlat;
use crate::ui::state::LayerId;
use crate::workspace::{SiteQuestion, SiteReport, Workspace, site_report};

/// A finished analysis: the engine's whole answer for the site, with the workspace it was
/// asked of (its `layer_ids` map the answer's layer positions to app ids).
#[derive(Clone)]
pub struct SiteResult {
    pub site: Site,
    /// The workspace's answer: overlaps, sensitive areas, requirements, industry, verdict.
    pub report: SiteReport,
    /// The snapshot of the workspace the answer came from (shared layers: cheap).
    pub workspace: Workspace,
    /// The site grown by the radius (None for a 0 m radius or when it cannot be computed).
    pub ring_lonlat: Option<geo::MultiPolygon<f64>>,
    pub radius_m: f64,
    pub layer_ids: Vec<LayerId>,
}

/// What a worker thread sends back.
pub enum SiteEvent {
    /// The site file was read (or the site was given); the overlay follows.
    Analysed(u64, Result<Box<SiteResult>, String>),
    /// An export finished: the path written, or the error.
    Exported(Result<PathBuf, String>),
    /// A site file names no CRS that can be found: its path and why (the panel offers the CRS
    /// picker).
    NeedsCrs(u64, PathBuf, String),
    /// A map print finished: the path written and a note on basemap tiles left out, or the error.
    MapPrinted(Result<(PathBuf, Option<String>), String>),
}

/// The channel the workers report on, and the id of the latest analysis request (older
/// results arriving late are dropped).
pub struct SiteJobs {
    tx: Sender<SiteEvent>,
    rx: Receiver<SiteEvent>,
    latest: u64,
    running: usize,
    repaint: Option<egui::Context>,
}

impl Default for SiteJobs {
    fn default() -> Self {
        let (tx, rx) = channel();
        SiteJobs {
            tx,
            rx,
            latest: 0,
            running: 0,
            repaint: None,
        }
    }
}

/// Where the site comes from.
pub enum SiteInput {
    File(PathBuf, crate::io::LoadOptions),
    Given(Box<Site>),
}

impl SiteJobs {
    /// Asks for a repaint when a worker finishes (so results show without mouse movement).
    pub fn set_repaint_context(&mut self, ctx: &egui::Context) {
        if self.repaint.is_none() {
            self.repaint = Some(ctx.clone());
        }
    }

    /// Whether a request is still running.
    pub fn busy(&self) -> bool {
        self.running > 0
    }

    /// Reads the site (if a file) and asks `workspace` for its report, on a thread.
    pub fn analyse(&mut self, input: SiteInput, workspace: Workspace, question: SiteQuestion) {
        self.latest += 1;
        let id = self.latest;
        self.spawn(move || match run_analysis(input, workspace, question) {
            Err(Failure::NeedsCrs(path, message)) => SiteEvent::NeedsCrs(id, path, message),
            Err(Failure::Other(message)) => SiteEvent::Analysed(id, Err(message)),
            Ok(r) => SiteEvent::Analysed(id, Ok(r)),
        });
    }

    /// Runs `work` (an export) on a thread.
    pub fn export(&mut self, work: impl FnOnce() -> Result<PathBuf, String> + Send + 'static) {
        self.spawn(move || SiteEvent::Exported(work()));
    }

    /// Runs `work` (a map print) on a thread.
    pub fn print_map(
        &mut self,
        work: impl FnOnce() -> Result<(PathBuf, Option<String>), String> + Send + 'static,
    ) {
        self.spawn(move || SiteEvent::MapPrinted(work()));
    }

    fn spawn(&mut self, work: impl FnOnce() -> SiteEvent + Send + 'static) {
        self.running += 1;
        let tx = self.tx.clone();
        let ctx = self.repaint.clone();
        std::thread::spawn(move || {
            let event = work();
            let _ = tx.send(event);
            if let Some(ctx) = ctx {
                ctx.request_repaint();
            }
        });
    }

    /// The events sent since the last call, dropping superseded analyses.
    pub fn poll(&mut self) -> Vec<SiteEvent> {
        let mut out = Vec::new();
        while let Ok(e) = self.rx.try_recv() {
            out.extend(self.accept(e));
        }
        out
    }

    /// Blocks for the next event up to `timeout` (tests and headless use).
    pub fn wait(&mut self, timeout: Duration) -> Option<SiteEvent> {
        let e = self.rx.recv_timeout(timeout).ok()?;
        self.accept(e)
    }

    fn accept(&mut self, e: SiteEvent) -> Option<SiteEvent> {
        self.running = self.running.saturating_sub(1);
        match &e {
            SiteEvent::Analysed(id, _) | SiteEvent::NeedsCrs(id, ..) if *id != self.latest => None,
            _ => Some(e),
        }
    }
}

/// Why an analysis has no answer.
enum Failure {
    /// The site file's CRS is neither stated nor recognisable.
    NeedsCrs(PathBuf, String),
    Other(String),
}

fn run_analysis(
    input: SiteInput,
    workspace: Workspace,
    question: SiteQuestion,
) -> Result<Box<SiteResult>, Failure> {
    let site = match input {
        SiteInput::File(path, opts) => match crate::io::load_site(&path, &opts) {
            Ok(site) => site,
            Err(e @ crate::error::ZoneError::Crs { .. }) if opts.crs.is_none() => {
                return Err(Failure::NeedsCrs(path, e.to_string()));
            }
            Err(e) => return Err(Failure::Other(e.to_string())),
        },
        SiteInput::Given(site) => *site,
    };
    let radius_m = question.radius_m;
    let report =
        site_report(&workspace, &site, &question).map_err(|e| Failure::Other(e.to_string()))?;
    let ring_lonlat = (radius_m > 0.0)
        .then(|| radius_ring_lonlat(&site.geometry, radius_m).ok())
        .flatten();
    let layer_ids = workspace.layer_ids.clone();
    Ok(Box::new(SiteResult {
        site,
        report,
        workspace,
        ring_lonlat,
        radius_m,
        layer_ids,
    }))
}
