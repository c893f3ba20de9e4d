//! The desktop app, zonecheck's egui face: open zoning layers or a project, see them on a map,
//! click to read which control unit, reserve zone or water-source zone a point is in.
//!
//! Layout: `state` is the data the app holds; `app` applies `Action`s to it (the only code that
//! changes it); `panels` and `map::canvas` draw it and return actions — each panel reads the
//! state and edits only its own widget state (text boxes, sort order), handed to it apart;
//! `settings` is what outlives a session; `loader` reads files off the UI thread; `map` caches
//! tessellated geometry. Only this file names `app` (tests/suite/engine_boundary.rs checks it).
//! Not for computing answers: every query goes through the engine (`crate::query`).

pub mod app;
pub mod batch;
pub mod cursor_xy;
pub mod diff;
pub mod file_dialog;
pub mod fix_text;
pub mod fonts;
pub mod i18n;
pub mod identify_text;
pub mod layer_settings;
pub mod legend_filter;
pub mod loader;
pub mod map;
pub mod measure;
pub mod panels;
pub mod sample;
pub mod save_project;
pub mod settings;
pub mod shortcuts;
pub mod site;
pub mod state;
pub mod style;
pub mod style_by_field;
pub mod undo;

use std::path::{Path, PathBuf};

use egui::{TextureHandle, TextureOptions};

pub use i18n::Lang;
pub use state::{Action, AppState, Hit, IdentifyResult, LayerId, Level, MapLayer, Message};

/// The bundled sample project, relative to the crate root.
pub const SAMPLE_PROJECT: &str = "sample_data/hengshui.zonecheck.toml";

/// The whole app: the state plus runtime-only things (textures). `ui` draws one frame.
pub struct ZoneCheckApp {
    pub state: AppState,
    hatch: Option<TextureHandle>,
    projector: cursor_xy::CursorProjector,
    /// The window title last sent, so it is sent only on change.
    title: String,
    /// The widths the find bar and the toolbar buttons took last frame (points), which decide
    /// whether they share one row.
    toolbar_parts_px: [f32; 2],
    /// Preferences kept between sessions (saved only when `settings_path` is set).
    pub settings: settings::Settings,
    settings_path: Option<PathBuf>,
    /// The settings as last written, to write again only on change.
    saved_settings: settings::Settings,
}

impl ZoneCheckApp {
    /// An app that starts loading `paths` (layers or project files) right away.
    pub fn new(paths: Vec<PathBuf>) -> ZoneCheckApp {
        let mut state = AppState::default();
        state.apply(Action::OpenPaths(paths));
        ZoneCheckApp {
            state,
            hatch: None,
            projector: cursor_xy::CursorProjector::default(),
            title: String::new(),
            toolbar_parts_px: [0.0; 2],
            settings: settings::Settings::default(),
            settings_path: None,
            saved_settings: settings::Settings::default(),
        }
    }

    /// Uses and keeps the preferences in `path` (the real app; tests never touch the user's).
    pub fn with_settings_file(mut self, path: PathBuf) -> ZoneCheckApp {
        self.settings = settings::Settings::load(&path);
        self.saved_settings = self.settings.clone();
        self.settings.apply_to(&mut self.state);
        self.settings_path = Some(path);
        self
    }

    /// Writes the settings if they changed since the last write (or always, with `force`).
    fn save_settings(&mut self, force: bool) {
        if let Some(path) = &self.settings_path
            && (force || self.settings != self.saved_settings)
        {
            // Not being able to save preferences must not disturb the work; it is retried on
            // the next change.
            if self.settings.save(path).is_ok() {
                self.saved_settings = self.settings.clone();
            }
        }
    }

    /// Draws one frame into `ui` (the whole window) and applies what the user did.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        fonts::install_cjk_font(&ctx);
        self.state.loader.set_repaint_context(&ctx);
        self.state.site.jobs.set_repaint_context(&ctx);
        self.state.batch.repaint.get_or_insert_with(|| ctx.clone());
        self.state.diff.repaint.get_or_insert_with(|| ctx.clone());
        self.state.poll_loader();
        let hatch = self
            .hatch
            .get_or_insert_with(|| {
                ctx.load_texture(
                    "redline_hatch",
                    map::draw::hatch_image(),
                    TextureOptions::NEAREST_REPEAT,
                )
            })
            .clone();

        let mut actions = Vec::new();
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        // A dropped exchange text, or any site file while the site panel is open, is the site.
        let (site_drops, dropped): (Vec<PathBuf>, Vec<PathBuf>) = dropped
            .into_iter()
            .partition(|p| site::drop_is_site(p, self.state.site.panel_open));
        if let Some(p) = site_drops.into_iter().next() {
            actions.push(Action::Site(site::SiteAction::ImportPath(p)));
        }
        if !dropped.is_empty() {
            actions.push(Action::OpenPaths(dropped));
        }

        // The table's selection follows a new identify result before the table is drawn.
        app::table::sync_from_identify(&mut self.state);
        let state = &mut self.state;
        let projector = &mut self.projector;
        let prefs = &mut self.settings;
        // Panel sizes as laid out this frame: layers, identify, table.
        let mut sizes: [Option<f32>; 3] = [None; 3];
        // The find bar and the buttons on one row when they fit side by side (as measured last
        // frame), else the buttons on a second row: never drawn over each other.
        let [find_px, buttons_px] = self.toolbar_parts_px;
        let two_rows = find_px + buttons_px + 32.0 > ctx.content_rect().width();
        let parts = &mut self.toolbar_parts_px;
        egui::Panel::top("toolbar").show(ui, |ui| {
            let right = egui::Layout::right_to_left(egui::Align::Min);
            // In a vertical parent the buttons come below the find bar, in a horizontal one beside.
            let mut row = |ui: &mut egui::Ui| {
                let mut find = std::mem::take(&mut state.find);
                let found = ui.vertical(|ui| panels::find::find_bar_ui(ui, state, &mut find));
                state.find = find;
                let buttons = ui.with_layout(right, |ui| settings::toolbar_ui(ui, prefs, state));
                let widths = [found.response.rect.width(), buttons.response.rect.width()];
                (widths, found.inner, buttons.inner)
            };
            let (widths, found, pressed) = if two_rows {
                ui.vertical(|ui| row(ui)).inner
            } else {
                ui.horizontal(|ui| row(ui)).inner
            };
            *parts = widths;
            actions.extend(found);
            actions.extend(pressed);
        });
        egui::Panel::bottom("status_bar").show(ui, |ui| {
            actions.extend(panels::status::status_bar_ui(ui, state));
        });
        let window_height = ctx.content_rect().height();
        if state.table.open {
            // At most 40 % of the window's height: the map above keeps the rest.
            let table_max = (window_height * 0.4).max(120.0);
            let r = egui::Panel::bottom("attribute_table")
                .default_size(prefs.table_height.unwrap_or(220.0).min(table_max))
                .max_size(table_max)
                .resizable(true)
                .show(ui, |ui| {
                    let mut table = std::mem::take(&mut state.table);
                    actions.extend(panels::table::table_panel_ui(ui, state, &mut table));
                    state.table = table;
                });
            sizes[2] = Some(r.response.rect.height());
        } else if state.batch.open || state.diff.open {
            // The batch and comparison views list more than the table: 40 % of the height at
            // first, at most 50 %.
            let views_max = (window_height * 0.5).max(160.0);
            egui::Panel::bottom("analysis_views")
                .default_size((window_height * 0.4).max(160.0))
                .max_size(views_max)
                .resizable(true)
                .show(ui, |ui| {
                    // A panel shrinks to its content: fill the size it was given instead, so a
                    // short list does not leave the panel a sliver.
                    ui.set_min_height(ui.max_rect().height());
                    if state.batch.open {
                        let mut batch = std::mem::take(&mut state.batch);
                        actions.extend(panels::batch::batch_panel_ui(ui, state, &mut batch));
                        state.batch = batch;
                    } else {
                        let mut diff = std::mem::take(&mut state.diff);
                        actions.extend(panels::diff::diff_panel_ui(ui, state, &mut diff));
                        state.diff = diff;
                    }
                });
        }
        // The side panels never take more than about half the window between them, so the map
        // keeps at least half of it (a reviewer's laptop may be 1024 px wide).
        let window_width = ctx.content_rect().width();
        let (layers_max, right_max) = side_panel_max_widths(window_width);
        let r = egui::Panel::left("layers_panel")
            .default_size(prefs.layers_panel_width.unwrap_or(280.0).min(layers_max))
            .min_size(160.0_f32.min(layers_max))
            .max_size(layers_max)
            .resizable(true)
            .show(ui, |ui| {
                let mut path_input = std::mem::take(&mut state.path_input);
                let mut crs_needed = std::mem::take(&mut state.crs_needed);
                actions.extend(panels::layers::layers_panel_ui(
                    ui,
                    state,
                    &mut path_input,
                    &mut crs_needed,
                ));
                state.path_input = path_input;
                state.crs_needed = crs_needed;
            });
        sizes[0] = Some(r.response.rect.width());
        let r = egui::Panel::right("identify_panel")
            .default_size(prefs.identify_panel_width.unwrap_or(340.0).min(right_max))
            .min_size(200.0_f32.min(right_max))
            .max_size(right_max)
            .resizable(true)
            .show(ui, |ui| {
                actions.extend(panels::site::right_panel_tabs(ui, state));
                if state.site.panel_open {
                    let mut site = std::mem::take(&mut state.site);
                    actions.extend(panels::site::site_panel_ui(ui, state, &mut site));
                    state.site = site;
                } else {
                    actions.extend(panels::identify::identify_panel_ui(ui, state));
                }
            });
        sizes[1] = Some(r.response.rect.width());
        let mut draft = state.layer_settings.take();
        actions.extend(panels::layer_settings::layer_settings_window(
            &ctx, state, &mut draft,
        ));
        state.layer_settings = draft;
        egui::CentralPanel::no_frame().show(ui, |ui| {
            actions.extend(map_area(ui, state, Some(&hatch)));
            state.cursor_xy = state
                .cursor_lonlat
                .and_then(|c| projector.project(&state.layers, c));
            actions.extend(measure::overlay::measure_overlay_ui(ui, state));
        });
        actions.extend(state.dialogs.ui(&ctx, state.lang));
        actions.extend(panels::confirm::confirm_ui(&ctx, state));
        actions.extend(shortcuts::shortcut_actions(&ctx, state));
        self.settings.note_actions(&actions);
        for a in actions {
            self.state.apply(a);
        }
        self.settings.capture(&self.state);
        if let Some(inner) = ctx.input(|i| i.viewport().inner_rect) {
            self.settings.window_size = Some([inner.width(), inner.height()]);
        }
        // Sizes are taken when a drag ends (a panel resized), not from the first frames' layout.
        if ctx.input(|i| i.pointer.any_released()) {
            self.settings.take_panel_sizes(sizes);
        }
        let dragging = ctx.input(|i| i.pointer.any_down());
        if self.settings.worth_saving(&self.saved_settings, dragging) {
            self.save_settings(true);
        }
        let app_title = i18n::tr(self.state.lang, i18n::Key::AppTitle);
        let title = match &self.state.project_name {
            Some(name) => format!("{name} — {app_title}"),
            None => app_title.to_string(),
        };
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
        if self.state.is_loading() {
            // Keep the spinner and elapsed time moving.
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
    }
}

impl eframe::App for ZoneCheckApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        ZoneCheckApp::ui(self, ui);
    }

    fn on_exit(&mut self) {
        self.save_settings(false);
    }
}

/// The map filling `ui`: each step gets only what it changes. The pointer's tools and the painting
/// read the state and return actions; panning and zooming change the view (the canvas's own);
/// the basemaps take in their tiles. The first canvas fits the view to the layers.
fn map_area(
    ui: &mut egui::Ui,
    state: &mut AppState,
    hatch: Option<&egui::TextureHandle>,
) -> Vec<state::Action> {
    let (response, painter) =
        ui.allocate_painter(ui.available_size(), egui::Sense::click_and_drag());
    let canvas = response.rect;
    if state.canvas.replace(canvas).is_none() && !state.layers.is_empty() {
        state.zoom_to_extent();
    }
    let input = map::canvas::pointer_actions(ui, &response, canvas, state);
    let zoom_box = map::nav::navigate(
        ui,
        &response,
        canvas,
        &mut state.view,
        &mut state.map_drag,
        input.drag_taken,
    );
    let basemap = state.basemaps.frame_shapes(
        ui.ctx(),
        &state.view,
        canvas,
        &mut state.messages,
        state.lang,
    );
    let pointer = response.hover_pos();
    let frame = map::canvas::MapFrame {
        canvas,
        hatch,
        basemap,
        zoom_box,
        pointer,
    };
    state.last_draw = map::canvas::paint_map(&painter, state, frame);
    state.cursor_lonlat = pointer.map(|p| state.view.to_lonlat(canvas, p));
    input.actions
}

/// The widest the layers panel and the right (identify/site) panel may be in a window this
/// wide: together at most 48 % of it, so the map keeps more than half.
pub fn side_panel_max_widths(window_width: f32) -> (f32, f32) {
    (
        (window_width * 0.21).clamp(160.0, 420.0),
        (window_width * 0.27).clamp(200.0, 560.0),
    )
}

/// Finds the bundled sample project: beside the executable (and up to three folders above it,
/// which covers `target/debug`), else in the source tree this binary was built from.
pub fn find_sample_project() -> Option<PathBuf> {
    let mut candidates = Vec::new();
    if let Ok(exe) = std::env::current_exe() {
        let mut dir = exe.parent().map(Path::to_path_buf);
        for _ in 0..4 {
            let Some(d) = dir else { break };
            candidates.push(d.join(SAMPLE_PROJECT));
            dir = d.parent().map(Path::to_path_buf);
        }
    }
    candidates.push(Path::new(env!("CARGO_MANIFEST_DIR")).join(SAMPLE_PROJECT));
    candidates.into_iter().find(|p| p.is_file())
}

/// Opens the app window. With no paths it opens the bundled sample project.
pub fn run(paths: Vec<PathBuf>) -> anyhow::Result<()> {
    let mut paths = paths;
    let mut startup_note = None;
    let settings_file = settings::settings_path();
    let mut prefs = settings_file
        .as_deref()
        .map(settings::Settings::load)
        .unwrap_or_default();
    if paths.is_empty() {
        // A sample folder on disk (a checkout, an unpacked release), else the copy inside the
        // binary written to the user's cache folder.
        match find_sample_project().map_or_else(sample::unpack_sample, Ok) {
            Ok(p) => paths.push(p),
            Err(e) => startup_note = Some(format!("the bundled sample could not be unpacked: {e}")),
        }
    } else {
        for p in &paths {
            if p.to_string_lossy().ends_with(".toml") {
                prefs.remember_project(p);
            }
        }
    }
    let window = prefs
        .window_size
        .filter(|[w, h]| *w >= 640.0 && *h >= 400.0)
        .unwrap_or([1280.0, 800.0]);
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(i18n::tr(Lang::Zh, i18n::Key::AppTitle))
            .with_inner_size(window)
            .with_min_inner_size([640.0, 400.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "zonecheck",
        options,
        Box::new(move |cc| {
            fonts::install_cjk_font(&cc.egui_ctx);
            // A light theme matches the pale map and printed zoning maps.
            cc.egui_ctx.set_theme(egui::Theme::Light);
            let mut app = ZoneCheckApp::new(paths);
            if let Some(file) = settings_file {
                app = app.with_settings_file(file);
                app.settings.recent_projects = prefs.recent_projects;
            }
            app.state.loader.set_repaint_context(&cc.egui_ctx);
            if let Some(text) = startup_note {
                app.state.messages.push(Message {
                    level: Level::Warning,
                    text,
                });
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("cannot open the app window: {e}"))
}
