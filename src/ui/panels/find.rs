//! The find box (toolbar, above the map): one text field that takes a lon/lat (decimal or DMS),
//! a surveyor's X/Y in a stated projected CRS (X north), a unit code or part of a unit name. A
//! point centres the map, drops the marker and identifies; a code or name finds the feature
//! (a list to pick from when several match). Points copied from Amap/Tencent (GCJ-02) or Baidu
//! (BD-09) are converted back to CGCS2000 when marked as such.
//!
//! Not for parsing or transforming (the engine's `crs::typed` does that) or for matching names
//! (`query::find_features`).

use egui::{Color32, RichText, Ui};
use geo::Coord;

use crate::crs::Crs;
use crate::crs::typed::{
    CoordSource, parse_lonlat, parse_projected_xy, projected_to_lonlat, to_cgcs2000,
};
use crate::query::{FoundFeature, find_features};
use crate::ui::i18n::{Key, tr};
use crate::ui::state::{Action, AppState, LayerId};

/// At most this many code/name matches are listed.
pub const MAX_MATCHES: usize = 50;
/// A found point is shown at least this close (points per degree of latitude, ≈ 14 m a point: a few kilometres across).
pub const CLOSE_PX_PER_DEG: f64 = 8_000.0;

/// What the find box holds between frames.
#[derive(Debug, Clone)]
pub struct FindState {
    /// The typed text.
    pub text: String,
    /// Where a typed lon/lat came from (GPS, Amap, Baidu).
    pub source: CoordSource,
    /// The CRS of typed X/Y; `None` means the data's projected CRS.
    pub xy_crs: Option<Crs>,
    /// Code/name matches of the last search, to pick from.
    pub matches: Vec<(LayerId, FoundFeature)>,
    /// Why the last search found nothing.
    pub error: Option<String>,
    /// Ctrl+F was pressed: the box takes the keyboard on the next frame.
    pub focus_requested: bool,
}

impl Default for FindState {
    fn default() -> Self {
        FindState {
            text: String::new(),
            source: CoordSource::Cgcs2000,
            xy_crs: None,
            matches: Vec::new(),
            error: None,
            focus_requested: false,
        }
    }
}

/// What a typed text means.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    /// A point in CGCS2000 lon/lat.
    Point(Coord<f64>),
    /// Features whose code or name matched (exact code matches first).
    Features(Vec<(LayerId, FoundFeature)>),
    /// Nothing: why.
    Nothing(String),
}

/// The projected CRS of the loaded data (the first layer read from a projected file), the
/// default for typed X/Y.
pub fn data_projected_crs(state: &AppState) -> Option<Crs> {
    state
        .layers
        .iter()
        .map(|l| &l.layer().crs.crs)
        .find(|c| !c.geographic)
        .cloned()
}

/// Resolves typed `text`: X/Y in `xy_crs` (or the data's projected CRS) when it reads as a
/// projected pair, else a lon/lat from `source`, else a unit code or name over all layers.
pub fn resolve(state: &AppState, text: &str, source: CoordSource, xy_crs: Option<&Crs>) -> Found {
    let text = text.trim();
    if text.is_empty() {
        return Found::Nothing(String::new());
    }
    // Projected pairs are metres: both numbers far beyond any degree value.
    if let Ok((north, east)) = parse_projected_xy(text)
        && north.abs() > 1000.0
        && east.abs() > 1000.0
    {
        let crs = xy_crs.cloned().or_else(|| data_projected_crs(state));
        return match crs {
            Some(crs) => match projected_to_lonlat(text, &crs) {
                Ok((x, y)) => Found::Point(Coord { x, y }),
                Err(e) => Found::Nothing(e.to_string()),
            },
            None => Found::Nothing("no projected CRS stated for X/Y".into()),
        };
    }
    let lonlat_error = match parse_lonlat(text) {
        Ok((lon, lat)) => {
            let (x, y) = to_cgcs2000(lon, lat, source);
            return Found::Point(Coord { x, y });
        }
        Err(e) => e.to_string(),
    };
    let mut found = Vec::new();
    for l in state.layers.iter().rev() {
        for f in find_features(l.layer(), text, MAX_MATCHES) {
            found.push((l.id, f));
        }
    }
    // Exact code matches of any layer before name matches.
    found.sort_by_key(|(_, f)| !f.exact_code);
    found.truncate(MAX_MATCHES);
    if found.is_empty() {
        // Digits suggest a mistyped coordinate: say what the coordinate parser objected to.
        let why = if text.chars().any(|c| c.is_ascii_digit()) {
            lonlat_error
        } else {
            String::new()
        };
        Found::Nothing(why)
    } else {
        Found::Features(found)
    }
}

/// Runs the search for the text in `find` over the loaded layers and turns it into actions; the
/// matches and the error are kept in `find` for the box to show.
pub fn submit(state: &AppState, find: &mut FindState) -> Vec<Action> {
    let found = resolve(state, &find.text, find.source, find.xy_crs.as_ref());
    let mut actions = Vec::new();
    let lang = state.lang;
    find.matches.clear();
    find.error = None;
    match found {
        Found::Point(p) => actions.push(Action::CenterOn(p)),
        Found::Features(list) => {
            if list.len() == 1
                || list[0].1.exact_code && !list.get(1).is_some_and(|m| m.1.exact_code)
            {
                actions.push(Action::FindFeature(list[0].0, list[0].1.fid));
            }
            if list.len() > 1 {
                find.matches = list;
            }
        }
        Found::Nothing(why) => {
            let head = tr(lang, Key::NothingFound);
            find.error = Some(if why.is_empty() {
                head.to_string()
            } else {
                format!("{head}: {why}")
            });
        }
    }
    actions
}

/// The find row: text box, lon/lat source, X/Y CRS; then the matches or the error below it.
/// `find` is the box's own state; everything else is only read.
pub fn find_bar_ui(ui: &mut Ui, state: &AppState, find: &mut FindState) -> Vec<Action> {
    let lang = state.lang;
    let mut actions = Vec::new();
    let mut go = false;
    ui.horizontal(|ui| {
        let edit = egui::TextEdit::singleline(&mut find.text)
            .hint_text(tr(lang, Key::FindHint))
            .id_salt(crate::ui::shortcuts::FIND_BOX_ID)
            .desired_width(300.0);
        let r = ui.add(edit).on_hover_text("Ctrl+F");
        if std::mem::take(&mut find.focus_requested) {
            r.request_focus();
        }
        go |= r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        go |= ui.button(tr(lang, Key::Find)).clicked();
        let sources = [
            (CoordSource::Cgcs2000, Key::FromGps),
            (CoordSource::Gcj02, Key::FromAmap),
            (CoordSource::Bd09, Key::FromBaidu),
        ];
        let current = sources
            .iter()
            .find(|(s, _)| *s == find.source)
            .map_or(Key::FromGps, |(_, k)| *k);
        let label = ui.label(tr(lang, Key::CoordFrom));
        let _ = egui::ComboBox::from_id_salt("find_source")
            .selected_text(tr(lang, current))
            .show_ui(ui, |ui| {
                for (s, k) in sources {
                    ui.selectable_value(&mut find.source, s, tr(lang, k));
                }
            })
            .response
            .labelled_by(label.id);
        let data_crs = data_projected_crs(state);
        let mut choices: Vec<Crs> = data_crs.iter().cloned().collect();
        for l in &state.layers {
            let c = &l.layer().crs.crs;
            if !c.geographic && !choices.contains(c) {
                choices.push(c.clone());
            }
        }
        for dlon in [-3.0, 0.0, 3.0] {
            if let Ok(c) = Crs::gk3_zone_for_lon(state.view.center_lonlat.x + dlon)
                && !choices.contains(&c)
            {
                choices.push(c);
            }
        }
        let shown = find.xy_crs.clone().or(data_crs);
        let xy_label = ui.label(tr(lang, Key::FindXyIn));
        let _ = egui::ComboBox::from_id_salt("find_xy_crs")
            .selected_text(shown.map_or("—".to_string(), |c| crs_short(&c)))
            .width(150.0)
            .show_ui(ui, |ui| {
                for c in choices {
                    let text = crs_short(&c);
                    let selected = find.xy_crs.as_ref() == Some(&c);
                    if ui
                        .selectable_label(selected, text)
                        .on_hover_text(c.label())
                        .clicked()
                    {
                        find.xy_crs = Some(c);
                    }
                }
            })
            .response
            .labelled_by(xy_label.id);
    });
    if go {
        actions.extend(submit(state, find));
    }
    if let Some(e) = &find.error {
        ui.label(
            RichText::new(e)
                .color(Color32::from_rgb(200, 40, 40))
                .small(),
        );
    }
    if !find.matches.is_empty() {
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(format!("{} {}", find.matches.len(), tr(lang, Key::Matches))).small(),
            );
            if ui.small_button("×").clicked() {
                find.matches.clear();
            }
        });
        egui::ScrollArea::vertical()
            .id_salt("find_matches")
            .max_height(140.0)
            .show(ui, |ui| {
                for (id, m) in &find.matches {
                    let layer = state
                        .layer(*id)
                        .map(|l| l.layer().name.as_str())
                        .unwrap_or("");
                    let text = format!(
                        "{} {} — {layer}",
                        m.code.as_deref().unwrap_or(""),
                        m.name.as_deref().unwrap_or("")
                    );
                    if ui.selectable_label(false, text.trim()).clicked() {
                        actions.push(Action::FindFeature(*id, m.fid));
                    }
                }
            });
    }
    actions
}

/// `EPSG:4527` or the CRS name, for the picker.
fn crs_short(c: &Crs) -> String {
    match c.epsg {
        Some(code) => format!("EPSG:{code}"),
        None => c.name.clone(),
    }
}
