//! The attribute table (bottom panel): one layer's features as rows, virtualised (only the
//! visible rows are laid out), sortable by any column (numbers as numbers) and filterable by
//! text. Picking a row highlights and zooms to the feature; identifying a feature on the map
//! selects its row.
//!
//! Not for editing attributes (layers are read-only) or for queries (identify is the engine's).

use std::cmp::Ordering;

use egui::{RichText, Ui};
use geo::Coord;

use crate::model::{AttrValue, Layer};
use crate::ui::i18n::{Key, tr};
use crate::ui::state::{Action, AppState, LayerId, MapLayer};

/// Height of one table row, points.
const ROW_HEIGHT: f32 = 18.0;
/// Narrowest and widest data column, and the row-number column, points.
const MIN_COLUMN_WIDTH: f32 = 48.0;
const MAX_COLUMN_WIDTH: f32 = 240.0;
const FID_WIDTH: f32 = 40.0;
/// Rows sampled to size the columns.
const WIDTH_SAMPLE_ROWS: usize = 300;

/// What the table shows and which row is selected.
#[derive(Debug, Clone, Default)]
pub struct TableState {
    /// Whether the bottom panel is shown.
    pub open: bool,
    /// The layer shown; `None` picks the top control-unit layer (else the top layer).
    pub layer: Option<LayerId>,
    /// Sorted by this column (field index), ascending when true.
    pub sort: Option<(usize, bool)>,
    /// Only rows with an attribute containing this text (case-insensitive).
    pub filter: String,
    /// The selected feature.
    pub selected: Option<(LayerId, usize)>,
    /// Scroll the selected row into view on the next frame.
    pub scroll_to_selected: bool,
    /// The identify point last mirrored into the selection.
    pub(crate) synced_identify: Option<Coord<f64>>,
    /// The row order for (layer, sort, filter), rebuilt only when one of them changes.
    cache: Option<(OrderKey, Vec<usize>)>,
    /// Column widths of the shown layer, sized once from its headers and first rows.
    widths: Option<(LayerId, crate::ui::i18n::Lang, Vec<f32>)>,
}

type OrderKey = (LayerId, Option<(usize, bool)>, String, usize);

impl TableState {
    /// The rows (feature ids) in display order, as of the last frame.
    pub fn rows(&self) -> &[usize] {
        self.cache.as_ref().map_or(&[], |(_, r)| r.as_slice())
    }

    /// Drops what was derived from layer `id`'s values (row order, column widths): the layer
    /// was read again (another encoding) and its values may differ.
    pub fn forget_layer(&mut self, id: LayerId) {
        if self.cache.as_ref().is_some_and(|((lid, ..), _)| *lid == id) {
            self.cache = None;
        }
        if self.widths.as_ref().is_some_and(|(lid, ..)| *lid == id) {
            self.widths = None;
        }
    }
}

/// A column's header, as the engine words a field: its meaning under the role (单元编码…) or
/// the file's alias, with the field's own name beside it; else the name alone.
pub fn header_text(lang: crate::ui::i18n::Lang, layer: &Layer, col: usize) -> String {
    crate::present::field_heading(lang, layer, col)
}

/// Column widths for `layer`: wide enough for the header and the longest of the first rows'
/// values (CJK characters count double), within the min/max.
fn column_widths(lang: crate::ui::i18n::Lang, layer: &Layer) -> Vec<f32> {
    let text_width = |t: &str| -> f32 {
        t.chars()
            .map(|c| if c.is_ascii() { 7.5 } else { 14.0 })
            .sum::<f32>()
    };
    layer
        .fields
        .iter()
        .enumerate()
        .map(|(col, _)| {
            let longest = layer
                .features
                .iter()
                .take(WIDTH_SAMPLE_ROWS)
                .filter_map(|f| f.attributes.get(col)?.as_text())
                .map(|t| text_width(&t))
                .fold(text_width(&header_text(lang, layer, col)) + 16.0, f32::max);
            (longest + 8.0).clamp(MIN_COLUMN_WIDTH, MAX_COLUMN_WIDTH)
        })
        .collect()
}

/// A value's sort key: numbers numerically, then texts, then empty values.
type SortKey = (u8, f64, Option<String>);

fn sort_key(v: &AttrValue) -> SortKey {
    match v {
        AttrValue::Integer(i) => (0, *i as f64, None),
        AttrValue::Float(f) if f.is_finite() => (0, *f, None),
        AttrValue::Bool(b) => (0, f64::from(u8::from(*b)), None),
        other => match other.as_text() {
            // Chinese by pinyin, as a dictionary orders it (see `present::collation_key`).
            Some(t) => (1, 0.0, Some(crate::present::collation_key(&t))),
            None => (2, 0.0, None),
        },
    }
}

/// How two sort keys order: numbers numerically, then texts, then empty values last.
fn compare(a: &SortKey, b: &SortKey) -> Ordering {
    a.0.cmp(&b.0)
        .then(a.1.partial_cmp(&b.1).unwrap_or(Ordering::Equal))
        .then(a.2.cmp(&b.2))
}

/// Whether `v` shown as text contains `want` (lower case); `caseless`: `want` has no letters
/// with case, so texts need no lower-casing.
fn value_contains(v: &AttrValue, want: &str, caseless: bool) -> bool {
    match v {
        AttrValue::Text(t) if caseless => t.contains(want),
        AttrValue::Text(t) if want.is_ascii() => t
            .as_bytes()
            .windows(want.len().max(1))
            .any(|w| w.eq_ignore_ascii_case(want.as_bytes())),
        other => other
            .as_text()
            .is_some_and(|t| t.to_lowercase().contains(want)),
    }
}

/// The feature ids of `layer` that contain `filter` in any attribute (ignoring case), sorted by
/// `sort` = (field index, ascending); ties keep feature order.
pub fn row_order(layer: &Layer, sort: Option<(usize, bool)>, filter: &str) -> Vec<usize> {
    let want = filter.trim().to_lowercase();
    // Without letters that have case (Chinese text, digits) texts are searched as they are,
    // without a lower-cased copy of every long requirement text.
    let caseless = !want.chars().any(char::is_alphabetic) || want.chars().all(|c| !c.is_ascii());
    let mut rows: Vec<usize> = (0..layer.features.len())
        .filter(|&fid| {
            want.is_empty()
                || layer.features[fid]
                    .attributes
                    .iter()
                    .any(|v| value_contains(v, &want, caseless))
        })
        .collect();
    if let Some((col, ascending)) = sort {
        // Keys made once per row (texts are decoded once, not per comparison).
        let keys: Vec<SortKey> = rows
            .iter()
            .map(|&fid| {
                layer.features[fid]
                    .attributes
                    .get(col)
                    .map_or((2, 0.0, None), sort_key)
            })
            .collect();
        let mut order: Vec<usize> = (0..rows.len()).collect();
        order.sort_by(|&a, &b| {
            let o = compare(&keys[a], &keys[b]);
            if ascending { o } else { o.reverse() }
        });
        rows = order.into_iter().map(|i| rows[i]).collect();
    }
    rows
}

/// The layer the table shows: the chosen one if still loaded, else the top control-unit layer,
/// else the top layer.
pub fn shown_layer(layers: &[MapLayer], table: &TableState) -> Option<LayerId> {
    if let Some(id) = table.layer.filter(|id| layers.iter().any(|l| l.id == *id)) {
        return Some(id);
    }
    let units = crate::model::LayerRole::ControlUnits;
    layers
        .iter()
        .rev()
        .find(|l| l.layer().role.role == units)
        .or(layers.last())
        .map(|l| l.id)
}

/// Shows the table; returns what the user asked for. `table` is the table's own state (sort,
/// filter, selection, caches); the rest is only read.
pub fn table_panel_ui(ui: &mut Ui, state: &AppState, table: &mut TableState) -> Vec<Action> {
    let lang = state.lang;
    let mut actions = Vec::new();
    let Some(id) = shown_layer(&state.layers, table) else {
        ui.label(tr(lang, Key::NoLayers));
        return actions;
    };
    ui.horizontal(|ui| {
        ui.label(RichText::new(tr(lang, Key::AttributeTable)).strong());
        let current = state
            .layers
            .iter()
            .find(|l| l.id == id)
            .map_or(String::new(), |l| l.layer().name.clone());
        let label = ui.label(tr(lang, Key::TableLayer));
        let _ = egui::ComboBox::from_id_salt("table_layer")
            .selected_text(current)
            .show_ui(ui, |ui| {
                for l in state.layers.iter().rev() {
                    if ui.selectable_label(l.id == id, &l.layer().name).clicked() {
                        table.layer = Some(l.id);
                        table.sort = None;
                    }
                }
            })
            .response
            .labelled_by(label.id);
        ui.add(
            egui::TextEdit::singleline(&mut table.filter)
                .hint_text(tr(lang, Key::Filter))
                .desired_width(180.0),
        );
        if !table.filter.is_empty() && ui.small_button("×").clicked() {
            table.filter.clear();
        }
        let export = ui
            .add_enabled(
                !state.dialogs.busy(),
                egui::Button::new(tr(lang, Key::ExportRows)).small(),
            )
            .on_hover_text(tr(lang, Key::ExportRowsTip));
        if export.clicked() {
            let stem = state
                .layers
                .iter()
                .find(|l| l.id == id)
                .map_or(String::new(), |l| l.layer().name.clone());
            let request = crate::ui::file_dialog::DialogRequest::save(
                crate::ui::file_dialog::DialogKind::ExportTable,
                &stem,
            );
            actions.push(Action::Browse(request));
        }
    });
    let Some(l) = state.layers.iter().find(|l| l.id == id) else {
        return actions;
    };
    let layer = l.layer();
    let key: OrderKey = (id, table.sort, table.filter.clone(), layer.features.len());
    // A new filter or sort shows its rows from the top (not somewhere down the old scroll).
    let mut reset_scroll = false;
    if table.cache.as_ref().is_none_or(|(k, _)| *k != key) {
        reset_scroll = table
            .cache
            .as_ref()
            .is_some_and(|((lid, ..), _)| *lid == id);
        let rows = row_order(layer, table.sort, &table.filter);
        table.cache = Some((key, rows));
    }
    if table
        .widths
        .as_ref()
        .is_none_or(|(wid, wlang, _)| *wid != id || *wlang != lang)
    {
        table.widths = Some((id, lang, column_widths(lang, layer)));
    }
    let widths: &[f32] = table
        .widths
        .as_ref()
        .map_or(&[][..], |(.., w)| w.as_slice());
    let width_of = |col: usize| widths.get(col).copied().unwrap_or(MIN_COLUMN_WIDTH);
    let rows = table.cache.as_ref().map_or(&[][..], |(_, r)| r.as_slice());
    ui.label(
        RichText::new(format!(
            "{} / {} {}",
            rows.len(),
            layer.features.len(),
            tr(lang, Key::Rows)
        ))
        .small(),
    );
    let selected_fid = table.selected.filter(|(lid, _)| *lid == id).map(|(_, f)| f);
    let spacing = ui.spacing().item_spacing.y;
    let mut scroll = egui::ScrollArea::vertical()
        .id_salt(("table_rows", id))
        .auto_shrink([false, false]);
    if reset_scroll {
        scroll = scroll.vertical_scroll_offset(0.0);
    }
    if table.scroll_to_selected {
        table.scroll_to_selected = false;
        if let Some(pos) = selected_fid.and_then(|f| rows.iter().position(|&r| r == f)) {
            scroll = scroll.vertical_scroll_offset((pos as f32) * (ROW_HEIGHT + spacing));
        }
    }
    let mut sort = table.sort;
    egui::ScrollArea::horizontal()
        .id_salt(("table_h", id))
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.add_sized(
                    [FID_WIDTH, ROW_HEIGHT],
                    egui::Label::new(RichText::new("#").strong()),
                );
                for (col, field) in layer.fields.iter().enumerate() {
                    let arrow = match sort {
                        Some((c, true)) if c == col => " ▲",
                        Some((c, false)) if c == col => " ▼",
                        _ => "",
                    };
                    let header = header_text(lang, layer, col);
                    let b = egui::Button::new(RichText::new(format!("{header}{arrow}")).strong())
                        .frame(false);
                    let r = ui
                        .add_sized([width_of(col), ROW_HEIGHT], b)
                        .on_hover_text(format!("{} ({:?})", field.name, field.kind));
                    if r.clicked() {
                        sort = match sort {
                            Some((c, true)) if c == col => Some((col, false)),
                            Some((c, false)) if c == col => None,
                            _ => Some((col, true)),
                        };
                    }
                }
            });
            ui.separator();
            scroll.show_rows(ui, ROW_HEIGHT, rows.len(), |ui, range| {
                for &fid in &rows[range] {
                    let is_selected = selected_fid == Some(fid);
                    ui.horizontal(|ui| {
                        let r = ui.add_sized(
                            [FID_WIDTH, ROW_HEIGHT],
                            egui::Button::selectable(is_selected, fid.to_string()),
                        );
                        if r.clicked() {
                            actions.push(Action::SelectFeature(id, fid));
                        }
                        for (col, (_, value)) in layer.attributes(fid).into_iter().enumerate() {
                            let text = value.as_text().unwrap_or_default();
                            let short: String = text.chars().take(40).collect();
                            let cell = ui.add_sized(
                                [width_of(col), ROW_HEIGHT],
                                egui::Label::new(short)
                                    .truncate()
                                    .sense(egui::Sense::click()),
                            );
                            if cell.clicked() {
                                actions.push(Action::SelectFeature(id, fid));
                            }
                        }
                    });
                }
            });
        });
    table.sort = sort;
    actions
}
