//! The batch view (bottom panel, beside the attribute table): the sites path and its buttons,
//! the progress while sites are checked, the counts by verdict as filter buttons, and a table of
//! sites — one row per site with its verdict in colour — sortable by column. A row opens its site.
//!
//! Not for answers: the rows are the engine's summary rows (`workspace::batch::SummaryRow`).

use egui::{Color32, RichText, Ui};

use crate::present::area_text;
use crate::present::batch::{row_units_text, totals_text};
use crate::ui::batch::{BatchAction, BatchColumn, BatchState};
use crate::ui::file_dialog::{DialogKind, DialogRequest};
use crate::ui::i18n::{Key, tr};
use crate::ui::state::{Action, AppState};
use crate::ui::style::verdict_colours;
use crate::workspace::VerdictResult;
use crate::workspace::batch::SummaryRow;

const ROW_HEIGHT: f32 = 20.0;

fn act(a: BatchAction) -> Action {
    Action::Batch(a)
}

/// Shows the view; its text boxes edit `batch` (its own state), the rest is only read.
pub fn batch_panel_ui(ui: &mut Ui, state: &AppState, batch: &mut BatchState) -> Vec<Action> {
    let lang = state.lang;
    let mut actions = Vec::new();
    inputs_row(ui, state, batch, &mut actions);
    if let Some(job) = &batch.job {
        ui.horizontal(|ui| {
            ui.spinner();
            let what = if job.exporting {
                Key::BatchWritingReports
            } else {
                Key::BatchChecking
            };
            let count = match job.total {
                Some(t) => format!("{} / {t}", job.done),
                None => job.done.to_string(),
            };
            ui.label(format!("{} {count}", tr(lang, what)));
            if let Some(t) = job.total.filter(|t| *t > 0) {
                ui.add(
                    egui::ProgressBar::new(job.done as f32 / t as f32)
                        .desired_width(200.0)
                        .show_percentage(),
                );
            }
            if ui.button(tr(lang, Key::Cancel)).clicked() {
                actions.push(act(BatchAction::Cancel));
            }
        });
    }
    if let Some(e) = &batch.error {
        ui.colored_label(Color32::from_rgb(190, 30, 30), e);
    }
    let loaded: Vec<_> = state.layers.iter().map(|l| l.id).collect();
    if batch.is_stale(&loaded) {
        ui.colored_label(Color32::from_rgb(170, 90, 0), tr(lang, Key::BatchStale));
    }
    for w in &batch.warnings {
        ui.colored_label(Color32::from_rgb(170, 90, 0), w);
    }
    if batch.rows.is_empty() {
        if batch.job.is_none() && batch.error.is_none() {
            ui.label(RichText::new(tr(lang, Key::BatchEmpty)).weak());
        }
        return actions;
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(totals_text(&batch.rows, lang)).strong());
        // The zoning version the answers used, as every row records it.
        if let Some(version) = batch.rows.iter().find(|r| r.error.is_none()) {
            ui.label(format!(
                "{}{}",
                tr(lang, Key::DataVersion),
                version.data_version
            ));
        }
    });
    filters_row(ui, state, batch, &mut actions);
    export_row(ui, state, batch, &mut actions);
    ui.separator();
    table_ui(ui, state, batch, &mut actions);
    actions
}

fn inputs_row(ui: &mut Ui, state: &AppState, batch: &mut BatchState, actions: &mut Vec<Action>) {
    let lang = state.lang;
    ui.horizontal(|ui| {
        ui.label(RichText::new(tr(lang, Key::BatchTab)).strong());
        let browse = egui::Button::new(tr(lang, Key::Browse));
        if ui
            .add_enabled(!state.dialogs.busy() && !batch.busy(), browse)
            .clicked()
        {
            actions.push(Action::Browse(DialogRequest::open(
                DialogKind::OpenBatchSites,
            )));
        }
        let path = batch.path_input.trim().to_string();
        let run = egui::Button::new(tr(lang, Key::BatchRun));
        let run_clicked = ui
            .add_enabled(!path.is_empty() && !batch.busy(), run)
            .clicked();
        let edit = egui::TextEdit::singleline(&mut batch.path_input)
            .hint_text(tr(lang, Key::BatchPathHint))
            .desired_width(ui.available_width().min(520.0));
        let r = ui.add(edit);
        let entered = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if (run_clicked || entered) && !path.is_empty() && !batch.busy() {
            actions.push(act(BatchAction::Run(path.into())));
        }
        if !batch.rows.is_empty() && ui.small_button("×").clicked() {
            actions.push(act(BatchAction::Clear));
        }
    });
}

fn filters_row(ui: &mut Ui, state: &AppState, batch: &mut BatchState, actions: &mut Vec<Action>) {
    let lang = state.lang;
    ui.horizontal_wrapped(|ui| {
        let count = |v: Option<VerdictResult>| batch.rows.iter().filter(|r| r.verdict == v).count();
        let all = format!("{} {}", tr(lang, Key::BatchAll), batch.rows.len());
        if ui
            .selectable_label(batch.verdict_filter.is_none(), all)
            .clicked()
        {
            actions.push(act(BatchAction::FilterVerdict(None)));
        }
        let kinds = [
            Some(VerdictResult::NonCompliant),
            Some(VerdictResult::Undetermined),
            None,
            Some(VerdictResult::Conditional),
            Some(VerdictResult::Compliant),
        ];
        for v in kinds {
            let n = count(v);
            if n == 0 {
                continue;
            }
            let (label, colour) = match v {
                Some(v) => (v.label(lang), verdict_colours(v).2),
                None => (tr(lang, Key::BatchNotChecked), Color32::from_gray(60)),
            };
            let text = RichText::new(format!("{label} {n}")).color(colour);
            if ui
                .selectable_label(batch.verdict_filter == Some(v), text)
                .clicked()
            {
                actions.push(act(BatchAction::FilterVerdict(Some(v))));
            }
        }
        ui.separator();
        ui.add(
            egui::TextEdit::singleline(&mut batch.filter)
                .hint_text(tr(lang, Key::Filter))
                .desired_width(160.0),
        );
        if !batch.filter.is_empty() && ui.small_button("×").clicked() {
            batch.filter.clear();
        }
    });
}

fn export_row(ui: &mut Ui, state: &AppState, batch: &mut BatchState, actions: &mut Vec<Action>) {
    let lang = state.lang;
    ui.horizontal(|ui| {
        let idle = !batch.busy() && !state.dialogs.busy();
        if ui
            .add_enabled(idle, egui::Button::new(tr(lang, Key::BatchExportSummary)))
            .clicked()
        {
            let stem = std::path::Path::new(batch.path_input.trim())
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            actions.push(Action::Browse(DialogRequest::save(
                DialogKind::ExportBatchSummary,
                &format!("{stem}_{}", tr(lang, Key::BatchTab)),
            )));
        }
        ui.separator();
        if batch.reports_input.trim().is_empty() {
            batch.reports_input = default_reports_folder(batch.path_input.trim(), lang);
        }
        let export = ui
            .add_enabled(idle, egui::Button::new(tr(lang, Key::BatchExportReports)))
            .on_hover_text(tr(lang, Key::BatchReportsTip));
        ui.add(
            egui::TextEdit::singleline(&mut batch.reports_input)
                .hint_text(tr(lang, Key::BatchReportsHint))
                .desired_width(ui.available_width().min(420.0)),
        );
        if export.clicked() && !batch.reports_input.trim().is_empty() {
            actions.push(act(BatchAction::ExportReports(
                batch.reports_input.trim().into(),
            )));
        }
    });
    match &batch.export_status {
        Some(Ok(p)) => {
            ui.label(format!("{} {}", tr(lang, Key::WrittenPrefix), p.display()));
        }
        Some(Err(e)) => {
            ui.colored_label(Color32::from_rgb(190, 30, 30), e);
        }
        None => {}
    }
}

/// `<folder of the sites>/<stem>_报告`: beside the sites file, never inside a .gdb.
fn default_reports_folder(sites_path: &str, lang: crate::ui::Lang) -> String {
    let p = std::path::Path::new(sites_path);
    let Some(stem) = p.file_stem() else {
        return String::new();
    };
    let dir = p.parent().unwrap_or(std::path::Path::new(""));
    let suffix = lang.t("_报告", "_reports");
    dir.join(format!("{}{suffix}", stem.to_string_lossy()))
        .display()
        .to_string()
}

/// The columns: (title, width, sort column).
fn columns(lang: crate::ui::Lang) -> [(&'static str, f32, Option<BatchColumn>); 6] {
    [
        (tr(lang, Key::ColIndex), 48.0, Some(BatchColumn::Index)),
        (tr(lang, Key::ColSiteId), 150.0, Some(BatchColumn::Id)),
        (tr(lang, Key::ColArea), 170.0, Some(BatchColumn::Area)),
        (tr(lang, Key::ColVerdict), 130.0, Some(BatchColumn::Verdict)),
        (tr(lang, Key::ColUnits), 340.0, None),
        (tr(lang, Key::ColSensitive), 260.0, None),
    ]
}

fn table_ui(ui: &mut Ui, state: &AppState, batch: &mut BatchState, actions: &mut Vec<Action>) {
    let lang = state.lang;
    let order = batch.shown_order();
    let cols = columns(lang);
    egui::ScrollArea::horizontal()
        .id_salt("batch_h")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                for (title, width, sort) in cols {
                    let arrow = match sort {
                        Some(c) if c == batch.sort && batch.sort != BatchColumn::Index => {
                            if batch.descending { " ▼" } else { " ▲" }
                        }
                        _ => "",
                    };
                    let b = egui::Button::new(RichText::new(format!("{title}{arrow}")).strong())
                        .frame(false);
                    let r = ui
                        .allocate_ui_with_layout(
                            egui::vec2(width, ROW_HEIGHT),
                            egui::Layout::left_to_right(egui::Align::Center),
                            |ui| {
                                ui.set_min_width(width);
                                ui.add(b)
                            },
                        )
                        .inner;
                    if let (true, Some(c)) = (r.clicked(), sort) {
                        actions.push(act(BatchAction::SortBy(c)));
                    }
                }
            });
            ui.separator();
            egui::ScrollArea::vertical()
                .id_salt("batch_rows")
                .auto_shrink([false, false])
                .show_rows(ui, ROW_HEIGHT, order.len(), |ui, range| {
                    for &i in &order[range] {
                        let row = &batch.rows[i];
                        if row_ui(ui, lang, row, &cols, batch.selected == Some(row.index)) {
                            actions.push(act(BatchAction::Select(row.index)));
                        }
                    }
                });
        });
}

/// One site's row; true when it was clicked.
fn row_ui(
    ui: &mut Ui,
    lang: crate::ui::Lang,
    row: &SummaryRow,
    cols: &[(&'static str, f32, Option<BatchColumn>); 6],
    selected: bool,
) -> bool {
    let mut clicked = false;
    let drawn = ui.horizontal(|ui| {
        let r = ui.add_sized(
            [cols[0].1, ROW_HEIGHT],
            egui::Button::selectable(selected, (row.index + 1).to_string()),
        );
        clicked |= r.clicked();
        let area = row
            .area_m2
            .map(|a| area_text(lang, a))
            .unwrap_or_else(|| "—".into());
        let units = row_units_text(row, lang);
        let sensitive = row.sensitive_overlaps.join(lang.t("；", "; "));
        let (verdict_text, verdict_colour) = match (row.verdict, &row.error) {
            (Some(v), _) => (v.label(lang).to_string(), verdict_colours(v).2),
            (None, Some(e)) => (
                format!("{}：{e}", tr(lang, Key::BatchNotChecked)),
                Color32::from_rgb(160, 0, 0),
            ),
            (None, None) => (
                tr(lang, Key::BatchNotChecked).into(),
                Color32::from_gray(60),
            ),
        };
        let cells: [(String, Option<Color32>, &str); 5] = [
            (row.id.clone(), None, row.source.as_str()),
            (area, None, ""),
            (verdict_text, Some(verdict_colour), row.conclusion.as_str()),
            (units, None, ""),
            (sensitive, None, ""),
        ];
        for ((text, colour, tip), (_, width, _)) in cells.into_iter().zip(&cols[1..]) {
            let mut rt = RichText::new(text.clone());
            if let Some(c) = colour {
                rt = rt.color(c).strong();
            }
            // Left-aligned in its column (add_sized would centre it).
            let mut r = ui
                .allocate_ui_with_layout(
                    egui::vec2(*width, ROW_HEIGHT),
                    egui::Layout::left_to_right(egui::Align::Center),
                    |ui| {
                        ui.set_min_width(*width);
                        ui.add(egui::Label::new(rt).truncate().sense(egui::Sense::click()))
                    },
                )
                .inner;
            let tip = if tip.is_empty() {
                text
            } else {
                tip.to_string()
            };
            if !tip.is_empty() {
                r = r.on_hover_text(tip);
            }
            clicked |= r.clicked();
        }
    });
    // The whole row answers a click, not only its texts.
    let whole = ui.interact(
        drawn.response.rect,
        ui.scope_id().with(("batch_row", row.index)),
        egui::Sense::click(),
    );
    if whole.hovered() {
        ui.painter().rect_filled(
            drawn.response.rect,
            0.0,
            Color32::from_rgba_unmultiplied(0, 90, 200, 18),
        );
    }
    clicked || whole.clicked()
}
