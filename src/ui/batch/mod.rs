//! The app's 批量核查: a many-site file or folder checked against the loaded layers exactly as
//! `zonecheck batch` checks it, the answers arriving row by row in a table (verdict colours,
//! sortable, filterable), the sites on the map coloured by verdict, a row opening its site in the
//! site panel, and the summary and the per-site reports exported.
//!
//! `BatchState` lives in `AppState::batch`; `BatchAction`s change it through `apply`. Not for
//! answering (the engine's `workspace::batch`) or widgets (see `panels::batch`).

pub mod apply;
pub mod job;

use std::path::PathBuf;
use std::sync::Arc;

use crate::ui::map::overlay::Overlay;
use crate::workspace::VerdictResult;
use crate::workspace::batch::{BatchSite, SummaryRow};

pub use apply::{apply, poll, wait_for_batch};
pub use job::{BatchEvent, BatchJob};

/// What the user can do in the batch view; wrapped in `Action::Batch`.
#[derive(Debug, Clone, PartialEq)]
pub enum BatchAction {
    /// Show (true) or hide the batch view (it shares the bottom panel with the table).
    Show(bool),
    /// Read the sites of a file or folder and check each against the loaded layers.
    Run(PathBuf),
    /// Stop a running batch (the answers so far stay).
    Cancel,
    /// A row picked: zoom to its site and open it in the site panel.
    Select(usize),
    /// Sort by a column; the same column again reverses the order.
    SortBy(BatchColumn),
    /// Show only rows with this verdict (`None`: all; `Some(None)`: those not checked).
    FilterVerdict(Option<Option<VerdictResult>>),
    /// The summary (one row per site) as .xlsx or .csv.
    ExportSummary(PathBuf),
    /// One report per site into this folder (Word).
    ExportReports(PathBuf),
    /// Forget the batch.
    Clear,
}

/// The columns the table sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BatchColumn {
    /// Input order.
    #[default]
    Index,
    Id,
    Area,
    Verdict,
}

/// The batch view's inputs and what has been answered.
#[derive(Default)]
pub struct BatchState {
    pub open: bool,
    pub path_input: String,
    /// The sites read (shared with the worker), once the path was read.
    pub sites: Option<Arc<Vec<BatchSite>>>,
    /// Warnings about the sites path as a whole (a guessed CRS, files skipped in a folder).
    pub warnings: Vec<String>,
    /// One row per answered site, in input order (arriving while the batch runs).
    pub rows: Vec<SummaryRow>,
    /// The sites drawn on the map, coloured by verdict as the rows arrive.
    pub overlay: Option<Overlay>,
    pub sort: BatchColumn,
    pub descending: bool,
    pub verdict_filter: Option<Option<VerdictResult>>,
    /// The text filter over id, source, units and conclusion.
    pub filter: String,
    /// The row (site index) picked last.
    pub selected: Option<usize>,
    /// Why the sites path could not be read, or the batch stopped.
    pub error: Option<String>,
    /// The last export's outcome.
    pub export_status: Option<Result<PathBuf, String>>,
    /// The running batch or export, if any.
    pub job: Option<BatchJob>,
    /// The app ids of the layers the rows were answered from.
    pub answered_layers: Vec<crate::ui::state::LayerId>,
    /// Asked for a repaint as rows arrive (set by the window).
    pub repaint: Option<egui::Context>,
    /// The folder typed for the per-site reports.
    pub reports_input: String,
    order_cache: Option<(OrderKey, Vec<usize>)>,
}

impl BatchState {
    /// Whether a batch or an export is running.
    pub fn busy(&self) -> bool {
        self.job.is_some()
    }

    /// Whether the layers loaded now differ from those the rows were answered from (a layer
    /// added or removed since): the rows may no longer hold.
    pub fn is_stale(&self, loaded: &[crate::ui::state::LayerId]) -> bool {
        !self.rows.is_empty() && self.answered_layers != loaded
    }

    /// The rows the table shows (indices into `rows`), in its order: filtered by verdict and
    /// text, then sorted. Kept between frames until the rows, filter or sort change.
    pub fn shown_order(&mut self) -> Vec<usize> {
        let key: OrderKey = (
            self.sort,
            self.descending,
            self.filter.clone(),
            self.verdict_filter,
            self.rows.len(),
        );
        if let Some((k, order)) = &self.order_cache
            && *k == key
        {
            return order.clone();
        }
        let order = self.order();
        self.order_cache = Some((key, order.clone()));
        order
    }

    fn order(&self) -> Vec<usize> {
        let needle = self.filter.trim().to_lowercase();
        let mut order: Vec<usize> = (0..self.rows.len())
            .filter(|&i| {
                let r = &self.rows[i];
                self.verdict_filter.is_none_or(|v| r.verdict == v)
                    && (needle.is_empty() || row_text(r).to_lowercase().contains(&needle))
            })
            .collect();
        let rows = &self.rows;
        match self.sort {
            BatchColumn::Index => {}
            BatchColumn::Id => {
                order.sort_by_cached_key(|&i| crate::present::collation_key(&rows[i].id))
            }
            BatchColumn::Area => order.sort_by(|&a, &b| {
                let area = |i: usize| rows[i].area_m2.unwrap_or(-1.0);
                area(a).total_cmp(&area(b))
            }),
            BatchColumn::Verdict => order.sort_by_key(|&i| verdict_rank(rows[i].verdict)),
        }
        if self.descending {
            order.reverse();
        }
        order
    }
}

/// What the table's row order depends on: sort column and direction, filters, row count.
type OrderKey = (
    BatchColumn,
    bool,
    String,
    Option<Option<VerdictResult>>,
    usize,
);

/// The order verdicts sort in: the worst first (不符合, not checked, 无法判定, 有条件符合, 符合).
pub fn verdict_rank(v: Option<VerdictResult>) -> u8 {
    match v {
        Some(VerdictResult::NonCompliant) => 0,
        None => 1,
        Some(VerdictResult::Undetermined) => 2,
        Some(VerdictResult::Conditional) => 3,
        Some(VerdictResult::Compliant) => 4,
    }
}

/// Everything of a row the text filter looks in.
fn row_text(r: &SummaryRow) -> String {
    let mut t = format!("{} {} {}", r.id, r.source, r.conclusion);
    for u in &r.units {
        t.push_str(&format!(" {} {} {}", u.code, u.name, u.category));
    }
    if let Some(e) = &r.error {
        t.push(' ');
        t.push_str(e);
    }
    t
}
