//! The desktop app, zonecheck's egui face: open zoning layers or a project, see them on a map,
//! click to read which control unit, reserve zone or water-source zone a point is in.
//!
//! Layout: `app` holds the state and applies `Action`s; `panels` and `map::canvas` draw and
//! return actions; `loader` reads files off the UI thread; `map` caches tessellated geometry.
//! Not for computing answers: every query goes through the engine (`crate::query`).

pub mod app;
pub mod cursor_xy;
pub mod fonts;
pub mod format;
pub mod i18n;
pub mod loader;
pub mod map;
pub mod panels;
pub mod style;
#[doc(hidden)]
pub mod testing;

use std::path::{Path, PathBuf};

use egui::{TextureHandle, TextureOptions};

pub use app::{Action, AppState, Hit, IdentifyResult, LayerId, Level, MapLayer, Message};
pub use i18n::Lang;

/// The bundled sample project, relative to the crate root.
pub const SAMPLE_PROJECT: &str = "sample_data/hengshui.zonecheck.toml";

/// The whole app: the state plus runtime-only things (textures). `ui` draws one frame.
pub struct ZoneCheckApp {
    pub state: AppState,
    hatch: Option<TextureHandle>,
    projector: cursor_xy::CursorProjector,
    /// The window title last sent, so it is sent only on change.
    title: String,
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
        }
    }

    /// Draws one frame into `ui` (the whole window) and applies what the user did.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        fonts::install_cjk_font(&ctx);
        self.state.loader.set_repaint_context(&ctx);
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
        if !dropped.is_empty() {
            actions.push(Action::OpenPaths(dropped));
        }

        let state = &mut self.state;
        let projector = &mut self.projector;
        egui::Panel::bottom("status_bar").show(ui, |ui| {
            actions.extend(panels::status::status_bar_ui(ui, state));
        });
        egui::Panel::left("layers_panel")
            .default_size(280.0)
            .resizable(true)
            .show(ui, |ui| {
                actions.extend(panels::layers::layers_panel_ui(ui, state));
            });
        egui::Panel::right("identify_panel")
            .default_size(340.0)
            .resizable(true)
            .show(ui, |ui| {
                actions.extend(panels::identify::identify_panel_ui(ui, state));
            });
        egui::CentralPanel::no_frame().show(ui, |ui| {
            let out = map::map_canvas_ui(ui, state, Some(&hatch));
            state.cursor_lonlat = out.hover_lonlat;
            state.cursor_xy = out
                .hover_lonlat
                .and_then(|c| projector.project(&state.layers, c));
            state.last_draw = out.stats;
            actions.extend(out.actions);
        });
        for a in actions {
            self.state.apply(a);
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
    if paths.is_empty() {
        match find_sample_project() {
            Some(p) => paths.push(p),
            None => startup_note = Some(format!("sample project {SAMPLE_PROJECT} not found")),
        }
    }
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(i18n::tr(Lang::Zh, i18n::Key::AppTitle))
            .with_inner_size([1280.0, 800.0])
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
