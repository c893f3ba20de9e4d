//! The version comparison view (bottom panel): the old and new version boxes, the counts of
//! what changed as filter buttons, the changed units (click: zoom to them), the changed zones,
//! and the batch's sites the update affects (click: open the site). The map shows the changed
//! units coloured by kind of change with their gained and lost pieces.
//!
//! Not for comparing: every figure is the engine's (`workspace::diff`).

use egui::{Color32, RichText, Ui};

use crate::present::batch::{change_label, versions_line};
use crate::present::diff_text::{
    category_text, changes_text, diff_counts_text, gained_lost_text, site_changes_count_text,
    uncoded_units_text, units_text, zone_title,
};
use crate::ui::diff::{DiffAction, DiffState, Version, change_colour};
use crate::ui::file_dialog::{DialogKind, DialogRequest};
use crate::ui::i18n::{Key, tr};
use crate::ui::state::{Action, AppState};
use crate::workspace::diff::ChangeKind;

const ROW_HEIGHT: f32 = 20.0;

fn act(a: DiffAction) -> Action {
    Action::Diff(a)
}

/// Shows the view; its text boxes edit `diff` (its own state), the rest is only read.
pub fn diff_panel_ui(ui: &mut Ui, state: &AppState, diff: &mut DiffState) -> Vec<Action> {
    let lang = state.lang;
    let mut actions = Vec::new();
    inputs_row(ui, state, diff, &mut actions);
    if diff.job.is_some() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(tr(lang, Key::DiffRunning));
        });
    }
    if let Some(e) = &diff.error {
        ui.colored_label(Color32::from_rgb(190, 30, 30), e);
    }
    let Some(r) = diff.result.as_ref() else {
        if diff.job.is_none() && diff.error.is_none() {
            ui.label(RichText::new(tr(lang, Key::DiffEmpty)).weak());
        }
        return actions;
    };
    ui.label(versions_line(lang, &r.versions[0], &r.versions[1]));
    ui.label(RichText::new(diff_counts_text(&r.diff, lang)).strong());
    if r.diff.units.is_empty() && r.diff.zones.is_empty() {
        ui.label(tr(lang, Key::DiffNoChanges));
    }
    for (n, which) in r
        .diff
        .uncoded_units
        .iter()
        .zip([Key::DiffOld, Key::DiffNew])
    {
        if *n > 0 {
            ui.colored_label(
                Color32::from_rgb(170, 90, 0),
                uncoded_units_text(tr(lang, which), *n, lang),
            );
        }
    }
    kinds_row(ui, state, diff, &mut actions);
    ui.separator();
    // Units on the left, zones and sites on the right.
    ui.columns(2, |cols| {
        units_list(&mut cols[0], state, diff, &mut actions);
        other_lists(&mut cols[1], state, diff, &mut actions);
    });
    actions
}

fn inputs_row(ui: &mut Ui, state: &AppState, diff: &mut DiffState, actions: &mut Vec<Action>) {
    let lang = state.lang;
    let busy = diff.job.is_some();
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(tr(lang, Key::DiffTab)).strong());
        for (which, key, hint) in [
            (Version::Old, Key::DiffOld, Key::DiffOldHint),
            (Version::New, Key::DiffNew, Key::DiffNewHint),
        ] {
            ui.label(tr(lang, key));
            let text = match which {
                Version::Old => &mut diff.old_input,
                Version::New => &mut diff.new_input,
            };
            ui.add(
                egui::TextEdit::singleline(text)
                    .hint_text(tr(lang, hint))
                    .desired_width(260.0),
            );
            let browse = egui::Button::new(tr(lang, Key::Browse)).small();
            if ui.add_enabled(!state.dialogs.busy(), browse).clicked() {
                actions.push(Action::Browse(DialogRequest::open(
                    DialogKind::OpenDiffVersion(which),
                )));
            }
        }
        let run = egui::Button::new(tr(lang, Key::DiffRun));
        if ui
            .add_enabled(!busy && !diff.old_input.trim().is_empty(), run)
            .clicked()
        {
            actions.push(act(DiffAction::Run));
        }
        if diff.result.is_some() {
            let export = egui::Button::new(tr(lang, Key::DiffExport));
            if ui
                .add_enabled(!state.dialogs.busy(), export)
                .on_hover_text(tr(lang, Key::DiffExportTip))
                .clicked()
            {
                actions.push(Action::Browse(DialogRequest::save(
                    DialogKind::ExportDiff,
                    tr(lang, Key::DiffTab),
                )));
            }
            if ui.small_button("×").clicked() {
                actions.push(act(DiffAction::Clear));
            }
        }
    });
    match &diff.export_status {
        Some(Ok(p)) => {
            ui.label(format!("{} {}", tr(lang, Key::WrittenPrefix), p.display()));
        }
        Some(Err(e)) => {
            ui.colored_label(Color32::from_rgb(190, 30, 30), e);
        }
        None => {}
    }
}

/// The kinds of change as filter buttons, each in its map colour, with the pieces' legend.
fn kinds_row(ui: &mut Ui, state: &AppState, diff: &mut DiffState, actions: &mut Vec<Action>) {
    let lang = state.lang;
    let Some(r) = &diff.result else { return };
    ui.horizontal_wrapped(|ui| {
        if ui
            .selectable_label(diff.kind_filter.is_none(), tr(lang, Key::AllKinds))
            .clicked()
        {
            actions.push(act(DiffAction::FilterKind(None)));
        }
        for k in ChangeKind::ALL {
            let n = r
                .diff
                .units
                .iter()
                .filter(|u| u.changes.contains(&k))
                .count();
            if n == 0 {
                continue;
            }
            let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 2.0, change_colour(k));
            let text = format!("{} {n}", change_label(k.key(), lang));
            if ui
                .selectable_label(diff.kind_filter == Some(k), text)
                .clicked()
            {
                actions.push(act(DiffAction::FilterKind(Some(k))));
            }
        }
        ui.separator();
        for (fill, key) in [
            (crate::ui::diff::job::GAINED_FILL, Key::DiffGained),
            (crate::ui::diff::job::LOST_FILL, Key::DiffLost),
        ] {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 2.0, fill);
            ui.label(tr(lang, key));
        }
        ui.separator();
        ui.add(
            egui::TextEdit::singleline(&mut diff.filter)
                .hint_text(tr(lang, Key::Filter))
                .desired_width(140.0),
        );
    });
}

fn units_list(ui: &mut Ui, state: &AppState, diff: &DiffState, actions: &mut Vec<Action>) {
    let lang = state.lang;
    let Some(r) = &diff.result else { return };
    let shown = diff.shown_units();
    ui.label(RichText::new(format!("{}（{}）", tr(lang, Key::DiffUnits), shown.len())).strong());
    egui::ScrollArea::vertical()
        .id_salt("diff_units")
        .auto_shrink([false, false])
        .show_rows(ui, ROW_HEIGHT, shown.len(), |ui, range| {
            for &i in &shown[range] {
                let u = &r.diff.units[i];
                let side = |v: &Option<crate::workspace::diff::UnitVersion>| {
                    v.as_ref().map_or("—".to_string(), |v| {
                        format!(
                            "{} {}",
                            v.name.as_deref().unwrap_or(""),
                            category_text(v.category, lang)
                        )
                    })
                };
                let text = format!(
                    "{}  {}  {}",
                    u.code,
                    changes_text(&u.changes, lang),
                    gained_lost_text(&u.area)
                );
                let tip = format!(
                    "{}：{}\n{}：{}",
                    tr(lang, Key::DiffOld),
                    side(&u.old),
                    tr(lang, Key::DiffNew),
                    side(&u.new)
                );
                let colour = crate::workspace::result_layers::main_change(&u.changes)
                    .map_or(Color32::GRAY, change_colour);
                ui.horizontal(|ui| {
                    let (rect, _) =
                        ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
                    ui.painter().rect_filled(rect, 2.0, colour);
                    let b = egui::Button::selectable(diff.selected_unit == Some(i), text);
                    if ui.add(b).on_hover_text(tip).clicked() {
                        actions.push(act(DiffAction::SelectUnit(i)));
                    }
                });
            }
        });
}

fn other_lists(ui: &mut Ui, state: &AppState, diff: &DiffState, actions: &mut Vec<Action>) {
    let lang = state.lang;
    let Some(r) = &diff.result else { return };
    egui::ScrollArea::vertical()
        .id_salt("diff_other")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.label(
                RichText::new(format!(
                    "{}（{}）",
                    tr(lang, Key::DiffZones),
                    r.diff.zones.len()
                ))
                .strong(),
            );
            for z in &r.diff.zones {
                ui.label(format!(
                    "{}  {}  {}",
                    zone_title(z, lang),
                    changes_text(&z.changes, lang),
                    gained_lost_text(&z.area)
                ));
            }
            ui.separator();
            ui.label(RichText::new(tr(lang, Key::DiffSites)).strong());
            let Some(sites) = &r.sites else {
                ui.label(RichText::new(tr(lang, Key::DiffNoSites)).weak());
                return;
            };
            ui.label(site_changes_count_text(sites, lang));
            for s in sites.iter().filter(|s| s.changed || s.error.is_some()) {
                let text = match &s.error {
                    Some(e) => format!(
                        "[{}] {}  {}{e}",
                        s.index + 1,
                        s.id,
                        lang.t("错误：", "error: ")
                    ),
                    None => format!(
                        "[{}] {}  {}  →  {}",
                        s.index + 1,
                        s.id,
                        units_text(&s.before, lang),
                        units_text(&s.after, lang)
                    ),
                };
                let colour = if s.error.is_some() {
                    Color32::from_rgb(160, 0, 0)
                } else {
                    Color32::from_rgb(150, 80, 0)
                };
                let label = egui::Label::new(RichText::new(text.clone()).color(colour))
                    .truncate()
                    .sense(egui::Sense::click());
                if ui.add(label).on_hover_text(text).clicked() {
                    actions.push(act(DiffAction::SelectSite(s.index)));
                }
            }
        });
}
