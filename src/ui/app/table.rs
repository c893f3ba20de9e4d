//! What the attribute table asks for, carried out: exporting its rows, selecting a feature (its
//! row, a highlight and a zoom), and keeping the selection in step with identify.
//!
//! Not for drawing the table (`panels::table`).

use std::path::Path;

use crate::ui::i18n::{Key, tr};
use crate::ui::panels::table::{row_order, shown_layer};
use crate::ui::state::{Action, AppState, Hit, IdentifyResult, LayerId, Level, Message};

/// Writes the rows the table shows now (filter and sort as set) to `path` and says so.
pub fn export_rows(state: &mut AppState, path: &Path) {
    let lang = state.lang;
    let Some(id) = shown_layer(&state.layers, &state.table) else {
        return;
    };
    let Some(l) = state.layer(id) else { return };
    let layer = l.layer();
    let rows = row_order(layer, state.table.sort, &state.table.filter);
    let result = crate::report::attribute_rows::write_attribute_rows(layer, &rows, path);
    let (level, text) = match result {
        Ok(()) => (
            Level::Info,
            format!(
                "{}{} → {}",
                rows.len(),
                tr(lang, Key::RowsExported),
                path.display()
            ),
        ),
        Err(e) => (Level::Error, e.to_string()),
    };
    state.messages.push(Message { level, text });
}

/// Selects feature `fid` of layer `id`: its row, a highlight (as an identify result at its label
/// point) and a zoom to it. `identify_all` identifies every layer at that point (the find box);
/// otherwise only the feature itself is shown.
pub fn select(state: &mut AppState, id: LayerId, fid: usize, identify_all: bool) {
    let Some(span) = state
        .layer(id)
        .and_then(|l| l.ready.mesh.features.get(fid))
        .cloned()
    else {
        return;
    };
    let point = span
        .label_lonlat
        .or_else(|| span.bbox_lonlat.map(|b| b.center()))
        .unwrap_or(state.view.center_lonlat);
    state.apply(Action::ZoomToFeature(id, fid));
    let mut result = state.identify_at(point);
    if !identify_all {
        result.layers.retain(|(lid, _)| *lid == id);
        for (_, hits) in &mut result.layers {
            hits.retain(|h| h.fid == fid);
        }
        result.layers.retain(|(_, hits)| !hits.is_empty());
        // Only the picked feature: what lies near the label point is not what was asked.
        result.nearby.clear();
        result.facts.clear();
    }
    if !result
        .layers
        .iter()
        .any(|(lid, hits)| *lid == id && hits.iter().any(|h| h.fid == fid))
    {
        // A line or point picked from the table (its label point is on it, not in it): the
        // workspace still gives its requirements when it is a unit.
        let workspace = state.workspace();
        let requirements = workspace
            .index_of(id)
            .map(|li| workspace.requirements_for(li, fid))
            .unwrap_or_default();
        result.layers.insert(
            0,
            (
                id,
                vec![Hit {
                    fid,
                    distance_m: None,
                    requirements,
                }],
            ),
        );
    }
    state.table.synced_identify = Some(result.lonlat);
    state.identify = Some(IdentifyResult {
        lonlat: point,
        ..result
    });
    state.table.layer = Some(id);
    state.table.selected = Some((id, fid));
    state.table.scroll_to_selected = true;
}

/// Mirrors a new identify result into the selection (its first hit in the shown layer).
pub fn sync_from_identify(state: &mut AppState) {
    let Some(id) = shown_layer(&state.layers, &state.table) else {
        return;
    };
    let Some(result) = &state.identify else {
        return;
    };
    if state.table.synced_identify == Some(result.lonlat) {
        return;
    }
    state.table.synced_identify = Some(result.lonlat);
    if let Some((_, hits)) = result.layers.iter().find(|(lid, _)| *lid == id)
        && let Some(hit) = hits.first()
    {
        state.table.selected = Some((id, hit.fid));
        state.table.scroll_to_selected = true;
    }
}
