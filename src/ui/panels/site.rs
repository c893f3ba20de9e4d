//! The site panel (right, beside identify): import a site from a file or pasted coordinates, or
//! draw it on the map; set the search radius; read its area, the overlapped units, the protected
//! areas touched (a red warning block) and what lies near; export the table, the pieces and the
//! report to a typed path, or through a save dialog when none is typed.
//!
//! Not for computing anything: the answers come from `site::SiteResult` (the engine's overlay).

use egui::{Color32, RichText, Ui};

use crate::crs::CoordSource;
use crate::io::CoordMeaning;
use crate::model::LayerRole;
use crate::ui::file_dialog::{DialogKind, DialogRequest};
use crate::ui::i18n::{Key, Lang, category_label, role_label, tr};
use crate::ui::site::rows::{nearby_rows, overlap_rows};
use crate::ui::site::{DrawEdit, SiteAction, SiteResult, SiteState};
use crate::ui::state::{Action, AppState};
use crate::ui::style::{category_colour, verdict_colours};
use crate::workspace::SiteReport;
use crate::workspace::sensitive::Relation;

fn act(a: SiteAction) -> Action {
    Action::Site(a)
}

/// `area_m2` as "m² · 公顷 · 亩" (the engine's wording).
pub fn area_text(lang: Lang, area_m2: f64) -> String {
    crate::present::area_full_text(lang, area_m2)
}

pub use crate::present::thousands;

/// Shows the panel; returns what the user asked for. Its text inputs edit `site` (the panel's
/// own state) directly; the rest of the state is only read.
pub fn site_panel_ui(ui: &mut Ui, state: &AppState, site: &mut SiteState) -> Vec<Action> {
    let lang = state.lang;
    let mut actions = Vec::new();
    // The panel's width, never the content's: a wide table scrolls sideways on its own instead
    // of widening the panel (the map beside it must not jump).
    let panel_width = ui.available_width();
    egui::ScrollArea::vertical()
        .id_salt("site_scroll")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            ui.set_max_width(panel_width);
            inputs_ui(ui, state, site, &mut actions);
            ui.separator();
            if site.busy() {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(tr(lang, Key::SiteWorking));
                });
            }
            if let Some(e) = &site.error {
                ui.colored_label(Color32::from_rgb(190, 30, 30), e);
            }
            if let Some(r) = &site.result {
                result_ui(ui, state, r, &mut actions);
                ui.separator();
                export_ui(ui, state, site, &mut actions);
            }
        });
    actions
}

/// The site file names no CRS: the layers' CRS picker (family, zone, prefix, a place clicked
/// on the map) or a typed CRS, then read again.
fn site_crs_ui(
    ui: &mut Ui,
    state: &AppState,
    c: &mut crate::ui::state::CrsNeeded,
    reason: &str,
    actions: &mut Vec<Action>,
) {
    let lang = state.lang;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        let name = c
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        ui.horizontal_wrapped(|ui| {
            ui.label(
                RichText::new(format!("{name}{}", tr(lang, Key::CrsNeeded)))
                    .color(Color32::from_rgb(190, 120, 0)),
            )
            .on_hover_text(reason);
            if ui
                .small_button("×")
                .on_hover_text(tr(lang, Key::Dismiss))
                .clicked()
            {
                actions.push(act(SiteAction::DismissCrsNeeded));
            }
        });
        let picking = state.crs_pick_for.as_ref() == Some(&c.path);
        actions.extend(crate::ui::panels::crs_picker::crs_picker_ui(
            ui, lang, c, picking,
        ));
        ui.label(RichText::new(tr(lang, Key::CrsOrType)).small().weak());
        ui.horizontal(|ui| {
            ui.add(
                egui::TextEdit::singleline(&mut c.crs_text)
                    .hint_text(tr(lang, Key::CrsExample))
                    .desired_width(180.0),
            );
            if ui.button(tr(lang, Key::ReadWithCrs)).clicked() {
                actions.push(act(SiteAction::ImportWithCrs));
            }
        });
        if let Some(e) = &c.error {
            ui.label(
                RichText::new(e)
                    .small()
                    .color(Color32::from_rgb(200, 40, 40)),
            );
        }
    });
}

fn inputs_ui(ui: &mut Ui, state: &AppState, s: &mut SiteState, actions: &mut Vec<Action>) {
    let lang = state.lang;
    let dialogs_busy = state.dialogs.busy();
    ui.label(RichText::new(tr(lang, Key::DialogImportSite)).strong());
    // Buttons first from the right, so the path box takes what is left in either language.
    let row = egui::vec2(ui.available_width(), ui.spacing().interact_size.y);
    let right_to_left = egui::Layout::right_to_left(egui::Align::Center);
    ui.allocate_ui_with_layout(row, right_to_left, |ui| {
        let browse = egui::Button::new(tr(lang, Key::Browse));
        if ui.add_enabled(!dialogs_busy, browse).clicked() {
            actions.push(Action::Browse(DialogRequest::open(DialogKind::ImportSite)));
        }
        let import = ui.button(tr(lang, Key::ImportSite)).clicked();
        let edit = egui::TextEdit::singleline(&mut s.path_input)
            .hint_text(tr(lang, Key::SitePathHint))
            .desired_width(ui.available_width());
        let r = ui.add(edit);
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if (import || enter) && !s.path_input.trim().is_empty() {
            actions.push(act(SiteAction::ImportPath(s.path_input.trim().into())));
        }
    });
    ui.label(RichText::new(tr(lang, Key::SiteDropHint)).weak().small());
    if let Some(c) = s.crs_needed.as_mut() {
        site_crs_ui(ui, state, c, &s.crs_reason, actions);
    }
    egui::CollapsingHeader::new(tr(lang, Key::PasteCoordinatesFromExcel))
        .id_salt("site_paste")
        .show(ui, |ui| {
            ui.add(
                egui::TextEdit::multiline(&mut s.paste_text)
                    .hint_text("J1  4180000.00  39500000.00")
                    .desired_rows(5)
                    .desired_width(f32::INFINITY)
                    .font(egui::TextStyle::Monospace),
            );
            ui.horizontal_wrapped(|ui| {
                ui.label(tr(lang, Key::CoordOrder));
                for (m, key) in [
                    (CoordMeaning::Auto, Key::CoordAuto),
                    (CoordMeaning::LonLat, Key::CoordLonLat),
                    (CoordMeaning::NorthEast, Key::CoordNorthEast),
                ] {
                    ui.radio_value(&mut s.paste_meaning, m, tr(lang, key));
                }
            });
            ui.horizontal(|ui| {
                ui.label(tr(lang, Key::Crs));
                ui.add(
                    egui::TextEdit::singleline(&mut s.paste_crs)
                        .hint_text(tr(lang, Key::PasteCrsHint))
                        .desired_width(ui.available_width()),
                );
            });
            ui.horizontal_wrapped(|ui| {
                ui.label(tr(lang, Key::CoordSourceLabel));
                for (src, key) in [
                    (CoordSource::Cgcs2000, Key::SourceCgcs2000),
                    (CoordSource::Gcj02, Key::SourceGcj02),
                    (CoordSource::Bd09, Key::SourceBd09),
                ] {
                    ui.radio_value(&mut s.paste_source, src, tr(lang, key));
                }
            });
            if ui.button(tr(lang, Key::UseTheseCoordinates)).clicked() {
                actions.push(act(SiteAction::ImportPasted));
            }
        });
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        if s.draw.active {
            ui.label(RichText::new(tr(lang, Key::DrawHelp)).color(Color32::from_rgb(150, 20, 120)));
            if ui.button(tr(lang, Key::MeasureFinish)).clicked() {
                actions.push(act(SiteAction::FinishDrawing));
            }
            if ui
                .add_enabled(s.draw.can_undo(), egui::Button::new(tr(lang, Key::Undo)))
                .clicked()
            {
                actions.push(act(SiteAction::Draw(DrawEdit::Undo)));
            }
            if ui.button(tr(lang, Key::Cancel)).clicked() {
                actions.push(act(SiteAction::Draw(DrawEdit::Cancel)));
            }
        } else if ui.button(tr(lang, Key::DrawASiteOnThe)).clicked() {
            actions.push(act(SiteAction::Draw(DrawEdit::Start)));
        }
    });
    ui.horizontal(|ui| {
        ui.label(tr(lang, Key::RadiusLabel));
        ui.add(
            egui::DragValue::new(&mut s.radius_m)
                .range(0.0..=50_000.0)
                .speed(10.0)
                .suffix(" m"),
        );
        if s.result.is_some() && ui.button(tr(lang, Key::AnalyseAgain)).clicked() {
            actions.push(act(SiteAction::Reanalyse));
        }
    });
}

/// The verdict at the top of the result: the coloured conclusion, what it rests on, and what is
/// missing — the same verdict the report and `check --json` carry.
fn verdict_ui(ui: &mut Ui, lang: Lang, report: &SiteReport) {
    let v = &report.verdict;
    let (fill, stroke, text) = verdict_colours(v.result);
    egui::Frame::new()
        .fill(fill)
        .stroke(egui::Stroke::new(2.0, stroke))
        .inner_margin(8.0)
        .corner_radius(4.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(
                RichText::new(format!(
                    "{}{}",
                    tr(lang, Key::VerdictPrefix),
                    v.conclusion(lang)
                ))
                .size(16.0)
                .strong()
                .color(text),
            );
            for reason in &v.reasons {
                ui.label(RichText::new(format!("· {reason}")).color(text));
            }
            if !v.conditions.is_empty() {
                ui.label(RichText::new(tr(lang, Key::ConditionsPrefix)).strong());
                for c in &v.conditions {
                    ui.label(format!("· {c}"));
                }
            }
            if !v.basis.is_empty() {
                egui::CollapsingHeader::new(tr(lang, Key::BasisLabel))
                    .id_salt("verdict_basis")
                    .show(ui, |ui| {
                        for b in &v.basis {
                            ui.label(RichText::new(b).weak());
                        }
                    });
            }
            if report.data_version.is_unstated() {
                ui.label(RichText::new(tr(lang, Key::DataVersionNotStatedIn)).weak());
            } else {
                let dv = &report.data_version;
                let parts: Vec<&str> = [&dv.version, &dv.published, &dv.source]
                    .into_iter()
                    .flatten()
                    .map(String::as_str)
                    .collect();
                ui.label(
                    RichText::new(format!(
                        "{}{}",
                        tr(lang, Key::DataVersion),
                        parts.join(" · ")
                    ))
                    .weak(),
                );
            }
        });
}

fn result_ui(ui: &mut Ui, state: &AppState, r: &SiteResult, actions: &mut Vec<Action>) {
    let lang = state.lang;
    let report = &r.report;
    ui.horizontal(|ui| {
        ui.label(RichText::new(&r.site.name).size(16.0).strong());
        if ui.small_button(tr(lang, Key::Clear)).clicked() {
            actions.push(act(SiteAction::Clear));
        }
    });
    verdict_ui(ui, lang, report);
    ui.add_space(4.0);
    if report.site_area_m2 > 0.0 {
        ui.label(format!(
            "{}：{}",
            tr(lang, Key::AreaEllipsoidal),
            area_text(lang, report.site_area_m2)
        ));
        if let (Some(p), Some(crs)) = (report.site_area_planar_m2, &report.planar_crs) {
            let chosen = if report.planar_crs_chosen {
                tr(lang, Key::SiteOwnZone)
            } else {
                ""
            };
            ui.label(
                RichText::new(format!(
                    "{}：{} m²（{}{chosen}）",
                    tr(lang, Key::PlanarArea),
                    thousands(p),
                    crs.label()
                ))
                .weak(),
            );
        }
    } else if let Some(len) = report.site_length_m {
        ui.label(format!("{}：{len:.1} m", tr(lang, Key::SiteLength)));
    }
    ui.add_space(4.0);
    ui.label(RichText::new(tr(lang, Key::ControlUnitsOverlapped)).strong());
    if report.units.is_empty() {
        ui.label(RichText::new(tr(lang, Key::NoneText)).weak());
    } else {
        // Five columns do not fit a narrow panel: the table scrolls sideways by itself.
        egui::ScrollArea::horizontal()
            .id_salt("site_units_h")
            .show(ui, |ui| {
                egui::Grid::new("site_units")
                    .striped(true)
                    .num_columns(5)
                    .show(ui, |ui| {
                        for h in [
                            tr(lang, Key::UnitCode),
                            tr(lang, Key::Name),
                            tr(lang, Key::Category),
                            tr(lang, Key::OverlapM),
                            tr(lang, Key::ShareHeader),
                        ] {
                            ui.label(RichText::new(h).strong());
                        }
                        ui.end_row();
                        for u in &report.units {
                            let layer_id = r.workspace.id_of(u.layer_index);
                            if ui.link(&u.code).clicked() {
                                actions.push(Action::ZoomToFeature(layer_id, u.fid));
                            }
                            ui.scope(|ui| {
                                // Names are long; give them room before wrapping.
                                ui.set_min_width(110.0);
                                ui.add(egui::Label::new(&u.name).wrap());
                            });
                            let category = r
                                .workspace
                                .layers
                                .get(u.layer_index)
                                .and_then(|l| l.layer.unit_category(u.fid));
                            ui.horizontal(|ui| {
                                let (rect, _) = ui.allocate_exact_size(
                                    egui::vec2(10.0, 10.0),
                                    egui::Sense::hover(),
                                );
                                ui.painter()
                                    .rect_filled(rect, 2.0, category_colour(category));
                                ui.label(category.map(|c| category_label(lang, c)).unwrap_or("—"));
                            });
                            ui.label(format!("{:.1}", u.area_m2))
                                .on_hover_text(thousands(u.area_m2));
                            ui.label(format!("{:.2}%", u.share * 100.0))
                                .on_hover_text(format!("{:.6}", u.share));
                            ui.end_row();
                        }
                    });
            });
    }
    let rows = overlap_rows(state, r);
    for o in rows
        .iter()
        .filter(|o| o.role != LayerRole::ControlUnits && !o.role.is_sensitive())
    {
        ui.label(format!(
            "{} · {}：{} m²（{:.2}%）",
            o.layer_name,
            o.name,
            thousands(o.area_m2),
            o.share * 100.0
        ));
    }
    ui.add_space(4.0);
    ui.label(RichText::new(tr(lang, Key::SensitiveAreas)).strong());
    for s in &report.sensitive {
        let colour = match &s.relation {
            Relation::Overlaps { .. } | Relation::Crosses { .. } | Relation::Inside => {
                Color32::from_rgb(170, 0, 0)
            }
            Relation::NotChecked => Color32::from_rgb(120, 90, 0),
            _ => ui.visuals().text_color(),
        };
        ui.label(RichText::new(format!("{} · {}", s.kind, s.sentence)).color(colour));
    }
    ui.add_space(4.0);
    ui.label(
        RichText::new(format!(
            "{} {} m {}",
            tr(lang, Key::WithinRadius),
            r.radius_m,
            tr(lang, Key::NearbyNotOverlapped)
        ))
        .strong(),
    );
    // Rivers and sensitive areas; neighbouring control units are not what this list is for.
    let near: Vec<_> = nearby_rows(state, r)
        .into_iter()
        .filter(|n| n.role.is_sensitive())
        .collect();
    let not_loaded: Vec<&str> = report
        .sensitive
        .iter()
        .filter(|s| s.relation == Relation::NotChecked)
        .map(|s| s.kind.as_str())
        .collect();
    if near.is_empty() {
        ui.label(RichText::new(tr(lang, Key::NoneText)).weak());
    }
    if !not_loaded.is_empty() {
        ui.label(
            RichText::new(format!(
                "{}{}",
                tr(lang, Key::NotLoadedNotChecked),
                not_loaded.join(tr(lang, Key::ListSeparator))
            ))
            .color(Color32::from_rgb(120, 90, 0)),
        );
    }
    for n in near {
        let what = if n.distance_m <= 0.0 {
            tr(lang, Key::CrossesOrTouches).to_string()
        } else {
            format!(
                "{} {}",
                tr(lang, Key::DistancePrefix),
                crate::present::distance_text(lang, n.distance_m)
            )
        };
        ui.label(format!("{} · {}：{what}", role_label(lang, n.role), n.name));
    }
}

fn export_ui(ui: &mut Ui, state: &AppState, s: &mut SiteState, actions: &mut Vec<Action>) {
    let lang = state.lang;
    let dialogs_busy = state.dialogs.busy();
    let site_name = s
        .result
        .as_ref()
        .map(|r| r.site.name.clone())
        .unwrap_or_default();
    ui.label(RichText::new(tr(lang, Key::ExportHeading)).strong());
    ui.horizontal(|ui| {
        ui.label(tr(lang, Key::ReportProjectName));
        ui.add(
            egui::TextEdit::singleline(&mut s.report_name)
                .hint_text(tr(lang, Key::ReportNameHint))
                .desired_width(f32::INFINITY),
        );
    });
    ui.horizontal(|ui| {
        ui.label(tr(lang, Key::IndustryCode));
        let edited = ui.add(
            egui::TextEdit::singleline(&mut s.report_industry)
                .hint_text(tr(lang, Key::IndustryHint))
                .desired_width(f32::INFINITY),
        );
        if edited.changed() {
            actions.push(act(SiteAction::Reanswer));
        }
    });
    ui.add(
        egui::TextEdit::singleline(&mut s.export_path)
            .hint_text(tr(lang, Key::ReportPathHint))
            .desired_width(f32::INFINITY),
    );
    let path = std::path::PathBuf::from(s.export_path.trim());
    // With no typed path, each export asks where to save (a save dialog with its extension).
    let has_path = !s.export_path.trim().is_empty();
    let stem = match s.report_name.trim() {
        "" => site_name.as_str(),
        name => name,
    };
    let export = |kind: DialogKind, typed: SiteAction| {
        if has_path {
            act(typed)
        } else {
            Action::Browse(DialogRequest::save(kind, stem))
        }
    };
    ui.horizontal_wrapped(|ui| {
        let enabled = has_path || !dialogs_busy;
        if ui
            .add_enabled(enabled, egui::Button::new(tr(lang, Key::ExportReport)))
            .on_hover_text(".docx / .html / .xlsx / .csv")
            .clicked()
        {
            actions.push(export(
                DialogKind::ExportReport,
                SiteAction::ExportReport(path.clone()),
            ));
        }
        if ui
            .add_enabled(enabled, egui::Button::new(tr(lang, Key::TableCSV)))
            .clicked()
        {
            actions.push(export(
                DialogKind::ExportCsv,
                SiteAction::ExportCsv(path.with_extension("csv")),
            ));
        }
        if ui
            .add_enabled(enabled, egui::Button::new(tr(lang, Key::PiecesGeoJSON)))
            .clicked()
        {
            actions.push(export(
                DialogKind::ExportGeoJson,
                SiteAction::ExportGeoJson(path.with_extension("geojson")),
            ));
        }
        if ui
            .add_enabled(enabled, egui::Button::new(tr(lang, Key::SiteBoundary)))
            .on_hover_text(tr(lang, Key::BoundaryFormatsTip))
            .clicked()
        {
            let typed = if path.extension().is_some() {
                path.clone()
            } else {
                path.with_extension("txt")
            };
            actions.push(export(
                DialogKind::ExportSiteBoundary,
                SiteAction::ExportBoundary(typed),
            ));
        }
    });
    match &s.export_status {
        Some(Ok(p)) => {
            ui.colored_label(
                Color32::from_rgb(20, 120, 40),
                format!("{} {}", tr(lang, Key::WrittenPrefix), p.display()),
            );
        }
        Some(Err(e)) => {
            ui.colored_label(Color32::from_rgb(190, 30, 30), e);
        }
        None => {}
    }
}

/// The two tabs at the top of the right side: identify results or the project site.
pub fn right_panel_tabs(ui: &mut Ui, state: &AppState) -> Vec<Action> {
    let lang = state.lang;
    let mut actions = Vec::new();
    ui.horizontal(|ui| {
        let open = state.site.panel_open;
        if ui
            .selectable_label(
                !open,
                crate::ui::i18n::tr(lang, crate::ui::i18n::Key::Identify),
            )
            .clicked()
            && open
        {
            actions.push(act(SiteAction::ShowPanel(false)));
        }
        if ui
            .selectable_label(open, tr(lang, Key::ProjectSite))
            .clicked()
            && !open
        {
            actions.push(act(SiteAction::ShowPanel(true)));
        }
    });
    ui.separator();
    actions
}
