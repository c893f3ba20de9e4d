//! What changes the app state: `AppState::apply` carries out one `Action`, and the loader's
//! events are taken in here. The state itself is plain data in `ui::state`; panels read it and
//! return actions, and nothing but this module (with its helpers `find`, `table`, and the
//! feature modules' `apply` functions it calls) changes it.
//!
//! Not for drawing widgets (see `panels`, `map::canvas`) or for computing answers (the engine's
//! `workspace` does that; this module only calls it).

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use geo::Coord;

use crate::ui::i18n::{Key, Lang, tr};
use crate::ui::loader::{LoadEvent, Loader, ReadyLayer};
use crate::ui::map::mesh::union;
use crate::ui::map::view::MapView;
use crate::ui::undo::UndoStep;
use crate::workspace::PointLayer;
use crate::workspace::point_report::{NearbyScope, PointQuery, point_report};

mod print;
pub mod table;

use crate::ui::state::{
    Action, AppState, CLICK_TOLERANCE_PX, Confirm, CrsNeeded, Hit, IdentifyResult, LayerId, Level,
    Message, SENSITIVE_NEAR_M, SENSITIVE_NEAR_MAX,
};

impl AppState {
    /// Applies one action.
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::OpenPaths(paths) => {
                let paths = crate::ui::map::basemap::open_basemap_paths(self, paths);
                if !paths.is_empty() {
                    self.fit_pending |= self.layers.is_empty();
                    self.loader.spawn(paths);
                }
            }
            Action::SetVisible(id, v) => {
                if let Some(l) = self.layers.iter_mut().find(|l| l.id == id) {
                    self.undo.push(UndoStep::Visible {
                        id,
                        visible: l.visible,
                    });
                    l.visible = v;
                }
            }
            Action::SetOpacity(id, o) => {
                if let Some(l) = self.layers.iter_mut().find(|l| l.id == id) {
                    self.undo.push(UndoStep::Opacity {
                        id,
                        opacity: l.opacity,
                    });
                    l.opacity = o.clamp(0.0, 1.0);
                }
            }
            Action::ZoomToLayer(id) => {
                if let (Some(bbox), Some(canvas)) = (
                    self.layer(id).and_then(|l| l.ready.mesh.bbox_lonlat),
                    self.canvas,
                ) {
                    self.view.fit(canvas, bbox, 20.0);
                }
            }
            Action::ZoomToFeature(id, fid) => {
                let bbox = self
                    .layer(id)
                    .and_then(|l| l.ready.mesh.features.get(fid))
                    .and_then(|f| f.bbox_lonlat);
                if let (Some(bbox), Some(canvas)) = (bbox, self.canvas) {
                    self.view.fit(canvas, bbox, 40.0);
                }
            }
            Action::ZoomToExtent => self.zoom_to_extent(),
            Action::RemoveLayer(id) => {
                if self.layer(id).is_some() {
                    self.confirm = Some(Confirm::RemoveLayer(id));
                }
            }
            Action::ConfirmPending => match self.confirm.take() {
                Some(Confirm::RemoveLayer(id)) => self.remove_layer(id),
                Some(Confirm::Overwrite(_, action)) => self.apply_confirmed(*action),
                None => {}
            },
            Action::CancelPending => self.confirm = None,
            Action::PanBy(delta) => self.view.pan(delta),
            Action::ZoomBy(factor) => {
                if let Some(canvas) = self.canvas {
                    self.view.zoom_about(canvas, canvas.center(), factor);
                }
            }
            Action::FocusFind => self.find.focus_requested = true,
            Action::ShowTable(true) => self.open_bottom_view(crate::ui::state::BottomView::Table),
            Action::ShowTable(false) => self.table.open = false,
            Action::PickCrsZone(path) => self.crs_pick_for = path,
            Action::ExportMapView(ref path) => {
                let path = path.clone();
                self.write_or_ask(path, action);
            }
            Action::ExportTableRows(ref path) => {
                let path = path.clone();
                self.write_or_ask(path, action);
            }
            Action::Undo => {
                let text = match crate::ui::undo::undo(self) {
                    Some(name) => format!("{}{}", tr(self.lang, Key::Undone), name),
                    None => tr(self.lang, Key::NothingToUndo).to_string(),
                };
                self.apply(Action::Notify(text));
            }
            Action::Identify(lonlat) => match self.crs_pick_for.take() {
                Some(path) => self.pick_zone_at(&path, lonlat),
                None => {
                    self.identify = Some(self.identify_at(lonlat));
                    // The answer is shown where it is read: the right side follows the click.
                    self.site.panel_open = false;
                }
            },
            Action::ClearIdentify => self.identify = None,
            Action::CancelLoad(job) => {
                self.loader.cancel(job);
                if !self.loader.busy() && self.fit_pending {
                    self.fit_pending = false;
                    self.zoom_to_extent();
                }
            }
            Action::SetLanguage(lang) => {
                self.lang = lang;
                // The site's reasons and sentences are worded in the interface language.
                crate::ui::site::apply::reanswer(self);
            }
            Action::DismissMessage(i) => {
                if i < self.messages.len() {
                    self.messages.remove(i);
                }
            }
            Action::Site(
                crate::ui::site::SiteAction::ExportCsv(ref path)
                | crate::ui::site::SiteAction::ExportGeoJson(ref path)
                | crate::ui::site::SiteAction::ExportReport(ref path)
                | crate::ui::site::SiteAction::ExportBoundary(ref path),
            ) => {
                let path = path.clone();
                self.write_or_ask(path, action);
            }
            Action::Site(a) => {
                // Site drawing and measuring both take map clicks: one ends the other.
                if a == crate::ui::site::SiteAction::Draw(crate::ui::site::DrawEdit::Start) {
                    self.measure.end();
                }
                crate::ui::site::apply(self, a)
            }
            Action::CenterOn(lonlat) => self.center_on(lonlat),
            Action::FindFeature(id, fid) => table::select(self, id, fid, true),
            Action::SelectFeature(id, fid) => table::select(self, id, fid, false),
            Action::SetLegendHidden(id, entry, hidden) => {
                if let Some(l) = self.layers.iter_mut().find(|l| l.id == id) {
                    self.undo.push(UndoStep::Legend {
                        id,
                        legend: l.legend.clone(),
                    });
                    l.legend.set(&l.ready.style, entry, hidden);
                }
                // What is hidden cannot be identified.
                self.refresh_identify();
            }
            Action::Notify(text) => {
                // One at a time: repeated copies should not pile up.
                self.messages
                    .retain(|m| m.level != Level::Info || m.text != text);
                self.messages.push(Message {
                    level: Level::Info,
                    text,
                });
            }
            Action::MoveLayer(id, delta) => {
                if let Some(from) = self.layers.iter().position(|l| l.id == id) {
                    let to =
                        (from as i64 + i64::from(delta)).clamp(0, self.layers.len() as i64 - 1);
                    if to as usize != from {
                        self.undo.push(UndoStep::Moved { id, index: from });
                    }
                    let l = self.layers.remove(from);
                    self.layers.insert(to as usize, l);
                    self.refresh_identify();
                }
            }
            Action::OpenLayerSettings(id) => {
                self.layer_settings = self
                    .layer(id)
                    .map(crate::ui::layer_settings::SettingsDraft::for_layer);
            }
            Action::CloseLayerSettings => self.layer_settings = None,
            Action::SaveProject(ref path) => {
                let file = crate::ui::save_project::project_file_name(path);
                self.write_or_ask(file, action);
            }
            Action::ApplyLayerSettings(id, settings) => {
                if let Some(l) = self.layer(id) {
                    let step = UndoStep::Settings {
                        id,
                        ready: Box::new(l.ready.clone()),
                        legend: l.legend.clone(),
                    };
                    self.undo.push(step);
                }
                crate::ui::layer_settings::apply(self, id, *settings);
            }
            Action::Measure(a) => crate::ui::measure::apply(self, a),
            Action::Browse(request) => self.dialogs.open(request, self.lang),
            Action::ReadWithCrs(path) => self.read_with_crs(&path),
            Action::DismissCrsNeeded(path) => self.crs_needed.retain(|c| c.path != path),
            Action::Basemap(a) => crate::ui::map::basemap::apply(self, a),
            Action::Batch(crate::ui::batch::BatchAction::ExportSummary(ref path))
            | Action::Diff(crate::ui::diff::DiffAction::Export(ref path)) => {
                let path = path.clone();
                self.write_or_ask(path, action);
            }
            Action::Batch(a) => crate::ui::batch::apply(self, a),
            Action::Diff(a) => crate::ui::diff::apply(self, a),
        }
    }

    /// Removes a layer, keeping it for undo; identify and the site are answered again without it.
    fn remove_layer(&mut self, id: LayerId) {
        let Some(index) = self.layers.iter().position(|l| l.id == id) else {
            return;
        };
        let layer = self.layers.remove(index);
        let name = layer.layer().name.clone();
        self.undo.push(UndoStep::Removed {
            index,
            layer: Box::new(layer),
        });
        if self.layer_settings.as_ref().is_some_and(|d| d.id == id) {
            self.layer_settings = None;
        }
        self.table.forget_layer(id);
        self.layers_changed();
        let text = format!(
            "{}{name}{}",
            tr(self.lang, Key::RemovedLayer),
            tr(self.lang, Key::UndoHint)
        );
        self.apply(Action::Notify(text));
    }

    /// The layers changed (removed, brought back, added): a removed unit layer makes a point
    /// "not loaded" rather than silently absent, and a site analysed over other layers is
    /// analysed again over these.
    pub fn layers_changed(&mut self) {
        self.refresh_identify();
        let ids: Vec<LayerId> = self.layers.iter().map(|l| l.id).collect();
        let stale = self
            .site
            .result
            .as_ref()
            .is_some_and(|r| r.layer_ids != ids);
        if stale && !self.site.busy() {
            crate::ui::site::apply(self, crate::ui::site::SiteAction::Reanalyse);
        }
    }

    /// The name of the loaded layer read from the same file (and the same layer of a container)
    /// as `ready`, if there is one.
    fn already_loaded(&self, ready: &ReadyLayer) -> Option<String> {
        let new = &ready.indexed.layer;
        self.layers
            .iter()
            .find(|l| {
                let old = l.layer();
                old.member == new.member
                    && crate::report::same_file(&l.ready.spec.path, &ready.spec.path)
            })
            .map(|l| l.layer().name.clone())
    }

    /// Writes (runs `action`) unless `path` is an input (refused, said in the messages) or
    /// already exists (asked first).
    fn write_or_ask(&mut self, path: PathBuf, action: Action) {
        let inputs = self.input_paths();
        if crate::report::refuse_overwriting_inputs(&path, inputs.iter().map(PathBuf::as_path))
            .is_err()
        {
            let text = format!(
                "{}: {}",
                path.display(),
                tr(self.lang, Key::WouldOverwriteInput)
            );
            self.messages.push(Message {
                level: Level::Error,
                text,
            });
            return;
        }
        if path.exists() {
            self.confirm = Some(Confirm::Overwrite(path, Box::new(action)));
        } else {
            self.apply_confirmed(action);
        }
    }

    /// Runs a write action whose target was checked (or confirmed).
    fn apply_confirmed(&mut self, action: Action) {
        match action {
            Action::SaveProject(path) => crate::ui::save_project::save(self, &path),
            Action::Site(a) => crate::ui::site::apply(self, a),
            Action::Batch(a) => crate::ui::batch::apply(self, a),
            Action::Diff(a) => crate::ui::diff::apply(self, a),
            Action::ExportTableRows(path) => table::export_rows(self, &path),
            Action::ExportMapView(path) => print::print_map_view(self, path),
            other => self.apply(other),
        }
    }

    /// Sets the CRS picker's zone of `path` from a clicked place.
    fn pick_zone_at(&mut self, path: &std::path::Path, lonlat: Coord<f64>) {
        let lang = self.lang;
        // A layer file, or the site file, waiting for its CRS.
        let site = self.site.crs_needed.as_mut().filter(|c| c.path == path);
        let Some(c) = self.crs_needed.iter_mut().find(|c| c.path == path).or(site) else {
            return;
        };
        if c.pick.set_zone_from_lon(lonlat.x) {
            if let Some(code) = c.pick.epsg_text() {
                c.crs_text = code;
                c.error = None;
            }
        } else {
            c.error = Some(tr(lang, Key::PlaceInNoGkZone).to_string());
        }
    }

    /// Starts reading `path` with the CRS typed for it; a CRS that cannot be understood stays
    /// in the box with the reason.
    fn read_with_crs(&mut self, path: &std::path::Path) {
        let Some(pos) = self.crs_needed.iter().position(|c| c.path == path) else {
            return;
        };
        let text = self.crs_needed[pos].crs_text.trim().to_string();
        if let Err(e) = crate::crs::Crs::from_user_text(&text) {
            self.crs_needed[pos].error = Some(e.to_string());
            return;
        }
        self.crs_needed.remove(pos);
        // The failure it answers is dealt with; a new one would be reported afresh.
        let shown = path.display().to_string();
        self.messages
            .retain(|m| m.level != Level::Error || !m.text.contains(&shown));
        self.fit_pending |= self.layers.is_empty();
        self.loader.spawn_with_crs(path.to_path_buf(), text);
    }

    /// Centres the map on `lonlat` (zooming in when far out) and identifies there.
    fn center_on(&mut self, lonlat: Coord<f64>) {
        let px_per_deg = self
            .view
            .px_per_deg
            .max(crate::ui::panels::find::CLOSE_PX_PER_DEG);
        self.view = MapView::looking_at(lonlat, px_per_deg);
        self.identify = Some(self.identify_at(lonlat));
    }

    /// Identifies again at the same point (after layers, their order, roles or legends changed).
    pub fn refresh_identify(&mut self) {
        if let Some(p) = self.identify.as_ref().map(|r| r.lonlat) {
            self.identify = Some(self.identify_at(p));
        }
    }

    /// Fits the view to every loaded layer (to the last known canvas, or a default one).
    pub fn zoom_to_extent(&mut self) {
        let bbox = self
            .layers
            .iter()
            .filter_map(|l| l.ready.mesh.bbox_lonlat)
            .reduce(union);
        let canvas = self.canvas.unwrap_or(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(800.0, 600.0),
        ));
        if let Some(bbox) = bbox {
            self.view.fit(canvas, bbox, 20.0);
        }
    }

    /// What is at `lonlat`, from the engine's `point_report` over the visible layers (features
    /// hidden by the legend left out): polygons containing it, lines and points within
    /// `CLICK_TOLERANCE_PX` of it, and apart from them sensitive zones within `SENSITIVE_NEAR_M`.
    pub fn identify_at(&self, lonlat: Coord<f64>) -> IdentifyResult {
        let workspace = self.workspace();
        let shown: Vec<(bool, &crate::ui::legend_filter::LegendFilter)> =
            self.layers.iter().map(|l| (l.visible, &l.legend)).collect();
        let skip = |li: usize, fid: Option<usize>| match (shown.get(li), fid) {
            (Some((visible, _)), None) => !visible,
            (Some((_, legend)), Some(fid)) => legend.hides(fid),
            (None, _) => true,
        };
        let query = PointQuery {
            lonlat,
            tolerance_m: CLICK_TOLERANCE_PX * self.view.metres_per_point(),
            nearby_radius_m: Some(SENSITIVE_NEAR_M),
            nearby_scope: NearbyScope::Sensitive,
            nearby_max_per_layer: Some(SENSITIVE_NEAR_MAX),
            with_requirements: true,
            skip: &skip,
        };
        let report = point_report(&workspace, &query);
        let hits = |l: &PointLayer| -> Vec<Hit> {
            l.hits
                .iter()
                .map(|h| Hit {
                    fid: h.fid,
                    distance_m: h.distance_m,
                    requirements: h.requirements.clone(),
                })
                .collect()
        };
        let near = |l: &PointLayer| -> Vec<Hit> {
            l.nearby
                .iter()
                .map(|n| Hit {
                    fid: n.fid,
                    distance_m: Some(n.distance_m),
                    requirements: Vec::new(),
                })
                .collect()
        };
        // Top layer first, as the layers panel lists them.
        let layers = report
            .layers
            .iter()
            .rev()
            .filter(|l| !l.hits.is_empty())
            .map(|l| (l.layer_id, hits(l)))
            .collect();
        let nearby = report
            .layers
            .iter()
            .rev()
            .filter(|l| !l.nearby.is_empty())
            .map(|l| (l.layer_id, near(l)))
            .collect();
        IdentifyResult {
            lonlat,
            layers,
            nearby,
            facts: report.facts,
        }
    }

    /// Takes in what the loader threads sent since the last frame.
    pub fn poll_loader(&mut self) {
        crate::ui::site::poll(self);
        crate::ui::batch::poll(self);
        crate::ui::diff::poll(self);
        let events = self.loader.poll();
        for e in events {
            self.take_event(e);
        }
    }

    /// Blocks until every load has finished or `timeout` passes; true when all finished. For
    /// tests and headless use; the UI polls instead.
    pub fn wait_for_loads(&mut self, timeout: Duration) -> bool {
        self.wait_while(timeout, Loader::busy)
    }

    /// As `wait_for_loads`, and then until the background refinements of drawn layers have
    /// finished too: a test that counts frames to settle must not race a refinement, whose
    /// progress row asks for a frame after every frame until it ends.
    pub fn wait_until_idle(&mut self, timeout: Duration) -> bool {
        self.wait_while(timeout, |loader| !loader.idle())
    }

    fn wait_while(&mut self, timeout: Duration, running: impl Fn(&Loader) -> bool) -> bool {
        let deadline = std::time::Instant::now() + timeout;
        while running(&self.loader) {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                return false;
            }
            if let Some(e) = self.loader.wait_event(left) {
                self.take_event(e);
            }
        }
        self.poll_loader();
        true
    }

    fn take_event(&mut self, event: LoadEvent) {
        match event {
            LoadEvent::Reading { .. } => {}
            LoadEvent::Project {
                name,
                file,
                requirements,
                statements,
                ..
            } => {
                if !name.is_empty() {
                    self.project_name = Some(name);
                }
                crate::ui::map::basemap::open_project_basemaps(self, &statements);
                self.project_statements = *statements;
                self.project_file = Some(file);
                self.project_requirements = requirements;
            }
            LoadEvent::AccessList { access, .. } => {
                for w in &access.warnings {
                    self.messages.push(Message {
                        level: Level::Warning,
                        text: w.clone(),
                    });
                }
                self.access = Some(Arc::new(*access));
            }
            LoadEvent::Layer {
                layer, replaces, ..
            } => {
                let warnings = layer.indexed.layer.warnings.clone();
                let name = layer.indexed.layer.name.clone();
                let crs = layer.indexed.layer.crs.clone();
                match replaces {
                    Some(id) => crate::ui::layer_settings::replace_layer(self, id, *layer),
                    None => {
                        if let Some(same) = self.already_loaded(&layer) {
                            // The same file twice would list every feature twice in identify
                            // and the site answer.
                            let text = format!(
                                "{name}{}{same}{}",
                                tr(self.lang, Key::AlreadyLoadedAs),
                                tr(self.lang, Key::NotAddedAgain)
                            );
                            self.messages.push(Message {
                                level: Level::Warning,
                                text,
                            });
                            return;
                        }
                        self.add_layer(*layer);
                    }
                }
                for w in warnings {
                    let text = if w.starts_with(crate::io::GUESSED_CRS_WARNING) {
                        crate::present::guessed_crs_notice(self.lang, &name, &crs)
                    } else {
                        format!("{name}: {w}")
                    };
                    self.messages.push(Message {
                        level: Level::Warning,
                        text,
                    });
                }
            }
            LoadEvent::Failed {
                path,
                message,
                kind,
                needs_crs,
                fix,
                ..
            } => {
                if needs_crs && !self.crs_needed.iter().any(|c| c.path == path) {
                    self.crs_needed.push(CrsNeeded {
                        path: path.clone(),
                        crs_text: String::new(),
                        error: None,
                        pick: Default::default(),
                    });
                }
                let text = failure_text(self.lang, &path, kind, needs_crs, &message, fix);
                self.messages.push(Message {
                    level: Level::Error,
                    text,
                });
            }
            LoadEvent::Done { .. } => {
                if !self.loader.busy() {
                    if self.fit_pending {
                        self.fit_pending = false;
                        self.zoom_to_extent();
                    }
                    self.layers_changed();
                }
            }
        }
    }
}

/// A load failure for the messages list: what failed and what sort of problem it is, in the
/// interface language, then the engine's detailed message (which names the file in full).
/// `crs_box`: the layers panel offers to state a CRS for it. `fix`, when the engine knows one,
/// ends the text with where to click (see `ui::fix_text`).
fn failure_text(
    lang: Lang,
    path: &std::path::Path,
    kind: crate::ui::loader::FailureKind,
    crs_box: bool,
    message: &str,
    fix: Option<crate::error::Fix>,
) -> String {
    use crate::ui::loader::FailureKind as F;
    let what = tr(lang, Key::FailedToLoad);
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let foreign = (kind == F::BadContent)
        .then(|| crate::io::open::foreign_content(path))
        .flatten();
    let colon = crate::ui::i18n::colon(lang);
    if let Some(content) = foreign {
        let said = crate::present::foreign_content_text(lang, content);
        return format!("{what} {file}{colon}{said}\n{message}");
    }
    let summary = match kind {
        F::Unreadable => Some(Key::FailUnreadable),
        F::BadContent => Some(Key::FailBadContent),
        F::Crs if crs_box => Some(Key::FailCrsStateBelow),
        F::Crs => Some(Key::FailCrs),
        F::Input => Some(Key::FailInput),
        F::Other => None,
    };
    let text = match summary {
        Some(key) => format!("{what} {file}{colon}{}\n{message}", tr(lang, key)),
        None => format!("{what} {file}{colon}{message}"),
    };
    match fix {
        Some(fix) => format!(
            "{text}\n{}",
            crate::ui::fix_text::fix_text(lang, fix, crs_box)
        ),
        None => text,
    }
}
