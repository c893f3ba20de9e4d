//! How `SiteAction`s change the app: imports and drawings start an analysis on a worker thread,
//! finished work is taken in by `poll`, exports are gathered and sent to a worker.
//!
//! Not for widgets or geometry (the engine reads, overlays and writes).

use std::path::Path;
use std::time::{Duration, Instant};

use crate::crs::{Crs, CrsInfo, CrsOrigin};
use crate::io::{
    CoordListOptions, CoordMeaning, LoadOptions, Parcel, Site, parse_coordinate_list,
    site_from_coord_list,
};
use crate::requirements::IndustryCode;
use crate::ui::i18n::{Key, tr};
use crate::ui::site::job::{SiteEvent, SiteInput};
use crate::ui::site::rows::overlap_rows;
use crate::ui::site::{DrawEdit, SiteAction, export};
use crate::ui::state::{AppState, Level, Message};
use crate::workspace::SiteQuestion;
use crate::workspace::site_report::site_report_of;

/// Applies one site action to the app state.
pub fn apply(state: &mut AppState, action: SiteAction) {
    let lang = state.lang;
    match action {
        SiteAction::ShowPanel(open) => state.site.panel_open = open,
        SiteAction::ImportPath(path) => {
            state.site.panel_open = true;
            state.site.crs_needed = None;
            state.site.path_input = path.display().to_string();
            start(state, SiteInput::File(path, LoadOptions::default()));
        }
        SiteAction::ImportWithCrs => import_with_crs(state),
        SiteAction::DismissCrsNeeded => state.site.crs_needed = None,
        SiteAction::ImportPasted => match pasted_site(state) {
            Ok(site) => start(state, SiteInput::Given(Box::new(site))),
            Err(e) => state.site.error = Some(e),
        },
        SiteAction::Draw(edit) => {
            if edit == DrawEdit::Start {
                state.site.panel_open = true;
            }
            state.site.draw.edit(edit);
        }
        SiteAction::FinishDrawing => {
            let polygon = state.site.draw.polygon();
            if polygon.is_some() {
                state.site.draw.active = false;
                state.site.draw.dragging = None;
            }
            analyse_polygon(state, polygon, tr(lang, Key::DrawnSite));
        }
        SiteAction::FromPolygon(vertices) => {
            let mut draw = crate::ui::site::DrawState::default();
            draw.vertices = vertices;
            let polygon = draw.polygon();
            if polygon.is_some() {
                state.site.panel_open = true;
                state.measure.end();
            }
            analyse_polygon(state, polygon, tr(lang, Key::MeasuredSite));
        }
        SiteAction::Reanswer => reanswer(state),
        SiteAction::Reanalyse => {
            if let Some(r) = &state.site.result {
                let site = r.site.clone();
                start(state, SiteInput::Given(Box::new(site)));
            }
        }
        SiteAction::ExportCsv(path) => {
            if let Some(r) = &state.site.result {
                let rows = overlap_rows(state, r);
                state
                    .site
                    .jobs
                    .export(move || export::write_overlap_csv(&rows, lang, &path));
            }
        }
        SiteAction::ExportGeoJson(path) => {
            if let Some(r) = &state.site.result {
                let feats = export::overlap_features(&overlap_rows(state, r), r);
                state
                    .site
                    .jobs
                    .export(move || export::write_overlap_geojson(&feats, &path));
            }
        }
        SiteAction::ExportReport(path) => export_report(state, &path),
        SiteAction::ExportBoundary(path) => {
            if let Some(r) = &state.site.result {
                let site = r.site.clone();
                state.site.export_status = None;
                state.site.jobs.export(move || {
                    crate::io::site_write::write_site(&site, &path)
                        .map(|_| path)
                        .map_err(|e| e.to_string())
                });
            }
        }
        SiteAction::Clear => {
            state.site.result = None;
            state.site.error = None;
            state.site.export_status = None;
            state.site.draw.edit(DrawEdit::Cancel);
        }
    }
}

/// Reads the site file waiting for a CRS with the CRS typed or picked for it; a CRS that cannot
/// be understood stays in the box with the reason.
fn import_with_crs(state: &mut AppState) {
    let Some(c) = state.site.crs_needed.as_mut() else {
        return;
    };
    let text = c.crs_text.trim().to_string();
    let crs = match Crs::from_user_text(&text) {
        Ok(crs) => crs,
        Err(e) => {
            c.error = Some(e.to_string());
            return;
        }
    };
    let path = c.path.clone();
    state.site.crs_needed = None;
    let opts = LoadOptions {
        crs: Some(crs),
        ..Default::default()
    };
    start(state, SiteInput::File(path, opts));
}

/// Makes a site already read (a batch's site picked in its table) the panel's site, named
/// `name` in its report, and analyses it.
pub fn use_site(state: &mut AppState, site: Site, name: String) {
    state.site.panel_open = true;
    state.site.path_input.clear();
    state.site.report_name = name;
    start(state, SiteInput::Given(Box::new(site)));
}

/// Analyses a drawn or measured polygon as the site named `name`; `None` (fewer than three
/// distinct vertices) is said in the panel.
fn analyse_polygon(state: &mut AppState, polygon: Option<geo::Geometry<f64>>, name: &str) {
    match polygon {
        Some(geometry) => start(
            state,
            SiteInput::Given(Box::new(lonlat_site(name, geometry))),
        ),
        None => state.site.error = Some(tr(state.lang, Key::SiteNeedsThreeVertices).into()),
    }
}

/// A site of one parcel from a polygon in CGCS2000 lon/lat (drawn or measured on the map).
fn lonlat_site(name: &str, geometry: geo::Geometry<f64>) -> Site {
    Site {
        name: name.to_string(),
        parcels: vec![Parcel {
            name: name.to_string(),
            geometry: geometry.clone(),
            attributes: Vec::new(),
        }],
        geometry,
        crs: CrsInfo {
            crs: Crs::cgcs2000(),
            origin: CrsOrigin::Stated,
        },
        warnings: Vec::new(),
    }
}

fn export_report(state: &mut AppState, path: &Path) {
    // The answer the report writes is the one for what the panel shows now (industry, language).
    reanswer(state);
    let Some(r) = &state.site.result else { return };
    let job = export::ReportJob {
        result: r.clone(),
        path: path.to_path_buf(),
        report_name: state.site.report_name.clone(),
    };
    state.site.export_status = None;
    state.site.jobs.export(move || job.run());
}

/// The question the panel asks: its radius, the industry code typed (when it reads as one) and
/// the interface language.
pub fn site_question(state: &AppState) -> SiteQuestion {
    SiteQuestion {
        radius_m: state.site.radius_m.max(0.0),
        industry: IndustryCode::parse(state.site.report_industry.trim()).ok(),
        lang: state.lang,
    }
}

/// Starts the analysis of `input` over the loaded layers (visible or not: a hidden layer still
/// constrains the site), with the panel's radius and industry.
fn start(state: &mut AppState, input: SiteInput) {
    state.site.error = None;
    let question = site_question(state);
    state.site.jobs.analyse(input, state.workspace(), question);
}

/// Asks the same workspace again about the analysed site after the industry code or the
/// language changed: the overlay is kept, only the answer is rebuilt (no worker needed).
pub fn reanswer(state: &mut AppState) {
    let question = site_question(state);
    if let Some(r) = state.site.result.as_mut() {
        if r.report.industry == question.industry && r.report.lang == question.lang {
            return;
        }
        r.report = site_report_of(&r.workspace, &r.site, r.report.analysis.clone(), &question);
    }
}

/// The pasted coordinates as a site, with the panel's order, CRS and source. Metre values with
/// no stated CRS use the data's projected CRS (the first layer read from one).
fn pasted_site(state: &AppState) -> Result<Site, String> {
    let s = &state.site;
    let crs = if s.paste_crs.trim().is_empty() {
        let metres = matches!(
            s.paste_meaning,
            CoordMeaning::NorthEast | CoordMeaning::EastNorth
        );
        metres
            .then(|| crate::ui::panels::find::data_projected_crs(state))
            .flatten()
    } else {
        Some(Crs::from_user_text(s.paste_crs.trim()).map_err(|e| e.to_string())?)
    };
    let opts = CoordListOptions {
        meaning: s.paste_meaning,
        crs,
        source: Some(s.paste_source),
    };
    let list = parse_coordinate_list(&s.paste_text, &opts).map_err(|e| e.to_string())?;
    Ok(site_from_coord_list(
        tr(state.lang, Key::PastedCoordinates),
        list,
    ))
}

/// Takes in finished site work (called every frame).
pub fn poll(state: &mut AppState) {
    for e in state.site.jobs.poll() {
        take(state, e);
    }
}

/// Blocks until no site work is running or `timeout` passes; true when all finished (tests).
pub fn wait_for_site(state: &mut AppState, timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    while state.site.jobs.busy() {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return false;
        }
        if let Some(e) = state.site.jobs.wait(left) {
            take(state, e);
        }
    }
    true
}

fn take(state: &mut AppState, e: SiteEvent) {
    match e {
        SiteEvent::Analysed(_, Ok(result)) => {
            for w in &result.site.warnings {
                state.messages.push(Message {
                    level: Level::Warning,
                    text: format!("{}: {w}", result.site.name),
                });
            }
            fit_to_site(state, &result);
            state.site.result = Some(*result);
            state.site.error = None;
        }
        SiteEvent::Analysed(_, Err(message)) => state.site.error = Some(message),
        SiteEvent::NeedsCrs(_, path, message) => {
            // Said by the picker in the interface language; the engine's reason on hover.
            state.site.error = None;
            state.site.crs_reason = message;
            state.site.crs_needed = Some(crate::ui::state::CrsNeeded {
                path,
                crs_text: String::new(),
                error: None,
                pick: Default::default(),
            });
        }
        SiteEvent::Exported(outcome) => state.site.export_status = Some(outcome),
        SiteEvent::MapPrinted(outcome) => {
            let lang = state.lang;
            let (level, text) = match outcome {
                Ok((path, note)) => (
                    Level::Info,
                    format!(
                        "{}{}{}",
                        tr(lang, Key::MapPrinted),
                        path.display(),
                        note.map(|n| format!(" — {n}")).unwrap_or_default()
                    ),
                ),
                Err(e) => (
                    Level::Error,
                    format!("{}{e}", tr(lang, Key::MapPrintFailed)),
                ),
            };
            state.messages.push(Message { level, text });
        }
    }
}

/// Shows the site and its ring.
fn fit_to_site(state: &mut AppState, r: &crate::ui::site::SiteResult) {
    use geo::BoundingRect;
    let bbox = match &r.ring_lonlat {
        Some(ring) if !ring.0.is_empty() => ring.bounding_rect(),
        _ => r.site.geometry.bounding_rect(),
    };
    if let (Some(b), Some(canvas)) = (bbox, state.canvas) {
        state.view.fit(canvas, b, 40.0);
    }
}
