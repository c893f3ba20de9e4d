//! Many sites in one run (`zonecheck batch`, the app's 批量核查): the sites of a file or folder,
//! each answered by [`site_report`] exactly as one `check` answers it, in parallel over sites and
//! handed back in input order, with a summary row per site for a spreadsheet.
//!
//! Not for reading one site (see `io::site`), wording (see `present::batch`) or printing (the
//! faces).

pub mod file_names;
pub mod sheets;
pub mod sites;
pub mod summary;

use std::ops::ControlFlow;

use rayon::prelude::*;

use super::{SiteQuestion, SiteReport, Workspace, site_report};
use crate::error::ZoneError;

pub use file_names::{FileNames, safe_stem};
pub use sheets::{Cell, Sheet, SheetFormat, sheet_format, write_sheets};
pub use sites::{BatchSite, BatchSites, ID_FIELDS, read_sites};
pub use summary::{SummaryRow, summary_sheet};

/// Sites answered together before their answers are handed on: enough to keep every core busy,
/// few enough that a batch of 10,000 never holds more than this many reports at once.
const CHUNK_SITES: usize = 256;

/// Answers every site of `sites` with [`site_report`], in parallel, and calls `each` with the
/// site and its answer (or the reason it has none) in input order. `each` may stop the batch
/// (`ControlFlow::Break`, the app's cancel); the count of sites handed on is returned.
pub fn answer_sites<F>(
    workspace: &Workspace,
    sites: &[BatchSite],
    question: &SiteQuestion,
    mut each: F,
) -> usize
where
    F: FnMut(&BatchSite, Result<SiteReport, &ZoneError>) -> ControlFlow<()>,
{
    let mut done = 0;
    for chunk in sites.chunks(CHUNK_SITES) {
        let answers: Vec<Option<Result<SiteReport, ZoneError>>> = chunk
            .par_iter()
            .map(|s| {
                s.site
                    .as_ref()
                    .ok()
                    .map(|site| site_report(workspace, site, question))
            })
            .collect();
        for (site, answer) in chunk.iter().zip(answers) {
            let flow = match answer {
                Some(Ok(report)) => each(site, Ok(report)),
                Some(Err(e)) => each(site, Err(&e)),
                None => match &site.site {
                    Err(e) => each(site, Err(e)),
                    // Every readable site was answered above.
                    Ok(_) => ControlFlow::Continue(()),
                },
            };
            done += 1;
            if flow.is_break() {
                return done;
            }
        }
    }
    done
}
