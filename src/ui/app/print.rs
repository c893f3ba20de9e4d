//! The map print asked for, carried out: what the map shows now — its extent, the visible layers
//! in map order, the analysed site and the top visible basemap — handed to the engine's
//! `report::map_print` on a worker thread (a print of a province takes seconds), the result
//! reported in the messages.
//!
//! Not for drawing the print (the engine does) or for choosing the file (the save dialog).

use std::path::PathBuf;
use std::sync::Arc;

use crate::report::figure::FigureFrame;
use crate::report::map_print::{MapPrint, write_map_print};
use crate::ui::i18n::{Key, tr};
use crate::ui::state::{AppState, Level, Message};

/// Starts printing the map view to `path` (PDF or PNG by its extension).
pub fn print_map_view(state: &mut AppState, path: PathBuf) {
    let lang = state.lang;
    let Some(canvas) = state.canvas else {
        // Nothing was drawn yet: there is no view to print.
        state.messages.push(Message {
            level: Level::Warning,
            text: format!(
                "{}{}",
                tr(lang, Key::MapPrintFailed),
                tr(lang, Key::NoLayers)
            ),
        });
        return;
    };
    let frame = FigureFrame::fitting(state.view.visible_lonlat(canvas));
    let workspace = state.workspace();
    // The map's order (bottom first); hidden layers are not printed.
    let layers: Vec<usize> = (state.layers.iter().enumerate())
        .filter(|(_, l)| l.visible)
        .map(|(i, _)| i)
        .collect();
    let site = state.site.result.as_ref().map(|r| r.site.clone());
    let basemap = (state.basemaps.layers.iter().rev())
        .find(|b| b.visible)
        .map(|b| Arc::clone(&b.basemap));
    let title = state
        .project_name
        .clone()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| tr(lang, Key::MapTitleDefault).to_string());
    let printed_at = crate::report::data::local_time_now(lang);
    state.messages.push(Message {
        level: Level::Info,
        text: tr(lang, Key::MapPrinting).to_string(),
    });
    state.site.jobs.print_map(move || {
        let print = MapPrint {
            title,
            frame,
            layers,
            site: site.as_ref(),
            basemap: basemap.as_deref(),
            lang,
            printed_at,
        };
        let failed = write_map_print(&workspace, &print, &path).map_err(|e| e.to_string())?;
        let note = failed
            .first()
            .map(|first| crate::present::basemap::tiles_failed_text(lang, first, failed.len()));
        Ok((path, note))
    });
}
