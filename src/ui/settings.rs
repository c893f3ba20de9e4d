//! Settings that outlive a session: language, window size, panel layout, recent projects — a
//! small TOML file in the user's config folder (`$XDG_CONFIG_HOME/zonecheck/settings.toml`, else
//! `~/.config/zonecheck/…`, `%APPDATA%/zonecheck/…` on Windows). Only serialisable preferences
//! live here; runtime state (layers, view, loader) stays in `AppState`.
//!
//! Not for project files (see `project`) or for anything about the data.

use std::path::{Path, PathBuf};

use egui::Ui;
use serde::{Deserialize, Serialize};

use crate::ui::i18n::{Key, Lang, tr};
use crate::ui::state::{Action, AppState};

/// At most this many recent projects are remembered.
pub const MAX_RECENT: usize = 10;

/// The persisted preferences.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// `zh` or `en`.
    pub language: String,
    /// The window's inner size, points.
    pub window_size: Option<[f32; 2]>,
    /// Project files opened, most recent first.
    pub recent_projects: Vec<PathBuf>,
    /// Whether the attribute table is shown.
    pub show_table: bool,
    /// Panel sizes, points: layers (left), identify (right), table (bottom).
    pub layers_panel_width: Option<f32>,
    pub identify_panel_width: Option<f32>,
    pub table_height: Option<f32>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            language: "zh".into(),
            window_size: None,
            recent_projects: Vec::new(),
            show_table: false,
            layers_panel_width: None,
            identify_panel_width: None,
            table_height: None,
        }
    }
}

/// The settings file's path, from the environment; `None` when no home is known.
pub fn settings_path() -> Option<PathBuf> {
    let from_env = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let dir = if cfg!(windows) {
        from_env("APPDATA")
    } else {
        from_env("XDG_CONFIG_HOME").or_else(|| from_env("HOME").map(|h| h.join(".config")))
    };
    dir.map(|d| d.join("zonecheck").join("settings.toml"))
}

impl Settings {
    /// The settings in `path`; defaults when the file is missing or unreadable (a broken settings
    /// file must never stop the app from starting).
    pub fn load(path: &Path) -> Settings {
        std::fs::read_to_string(path)
            .ok()
            .and_then(|text| toml::from_str(&text).ok())
            .unwrap_or_default()
    }

    /// Writes the settings to `path`, creating its folder.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let text = toml::to_string(self).map_err(std::io::Error::other)?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(path, text)
    }

    /// The interface language.
    pub fn lang(&self) -> Lang {
        if self.language == "en" {
            Lang::En
        } else {
            Lang::Zh
        }
    }

    /// Puts `project` first in the recent list (once), keeping at most `MAX_RECENT`.
    pub fn remember_project(&mut self, project: &Path) {
        let project = std::path::absolute(project).unwrap_or_else(|_| project.to_path_buf());
        self.recent_projects.retain(|p| *p != project);
        self.recent_projects.insert(0, project);
        self.recent_projects.truncate(MAX_RECENT);
    }

    /// Remembers the project files among `actions`' opened paths.
    pub fn note_actions(&mut self, actions: &[Action]) {
        for a in actions {
            if let Action::OpenPaths(paths) = a {
                for p in paths {
                    if p.to_string_lossy().ends_with(".toml") {
                        self.remember_project(p);
                    }
                }
            }
        }
    }

    /// Whether these settings differ from `saved` enough to write now: any preference at once,
    /// sizes (window, panels) only once the pointer is up — they change every frame of a drag.
    pub fn worth_saving(&self, saved: &Settings, pointer_down: bool) -> bool {
        if self == saved {
            return false;
        }
        let mut unsized_now = self.clone();
        unsized_now.window_size = saved.window_size;
        unsized_now.layers_panel_width = saved.layers_panel_width;
        unsized_now.identify_panel_width = saved.identify_panel_width;
        unsized_now.table_height = saved.table_height;
        unsized_now != *saved || !pointer_down
    }

    /// Keeps the panel sizes measured this frame (layers, identify, table; `None`: not shown).
    pub fn take_panel_sizes(&mut self, sizes: [Option<f32>; 3]) {
        let [layers, identify, table] = sizes;
        self.layers_panel_width = layers.or(self.layers_panel_width);
        self.identify_panel_width = identify.or(self.identify_panel_width);
        self.table_height = table.or(self.table_height);
    }

    /// Applies the preferences the app state holds (language, table shown).
    pub fn apply_to(&self, state: &mut AppState) {
        state.lang = self.lang();
        state.table.open = self.show_table;
    }

    /// Takes the preferences back from the app state.
    pub fn capture(&mut self, state: &AppState) {
        self.language = match state.lang {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
        .into();
        self.show_table = state.table.open;
    }
}

/// The recent-projects menu and the table toggle, for the toolbar.
pub fn toolbar_ui(ui: &mut Ui, settings: &Settings, state: &AppState) -> Vec<Action> {
    let lang = state.lang;
    let mut actions = Vec::new();
    ui.menu_button(tr(lang, Key::Recent), |ui| {
        if settings.recent_projects.is_empty() {
            ui.label(tr(lang, Key::NoRecent));
        }
        for p in &settings.recent_projects {
            let name = p.file_name().map_or_else(
                || p.display().to_string(),
                |f| f.to_string_lossy().into_owned(),
            );
            if ui
                .button(name)
                .on_hover_text(p.display().to_string())
                .clicked()
            {
                actions.push(Action::OpenPaths(vec![p.clone()]));
                ui.close();
            }
        }
    });
    let mut table_open = state.table.open;
    if ui
        .toggle_value(&mut table_open, tr(lang, Key::ShowTable))
        .changed()
    {
        actions.push(Action::ShowTable(table_open));
    }
    let mut batch_open = state.batch.open;
    if ui
        .toggle_value(&mut batch_open, tr(lang, Key::BatchTab))
        .on_hover_text(tr(lang, Key::BatchTabTip))
        .changed()
    {
        actions.push(Action::Batch(crate::ui::batch::BatchAction::Show(
            batch_open,
        )));
    }
    let mut diff_open = state.diff.open;
    if ui
        .toggle_value(&mut diff_open, tr(lang, Key::DiffTab))
        .on_hover_text(tr(lang, Key::DiffTabTip))
        .changed()
    {
        actions.push(Action::Diff(crate::ui::diff::DiffAction::Show(diff_open)));
    }
    actions.extend(crate::ui::measure::overlay::toggle_ui(ui, state));
    let print = egui::Button::new(tr(lang, Key::ExportMap));
    if ui
        .add_enabled(!state.layers.is_empty() && !state.dialogs.busy(), print)
        .on_hover_text(tr(lang, Key::ExportMapTip))
        .clicked()
    {
        let stem = state
            .project_name
            .clone()
            .unwrap_or_else(|| tr(lang, Key::MapTitleDefault).to_string());
        actions.push(Action::Browse(crate::ui::file_dialog::DialogRequest::save(
            crate::ui::file_dialog::DialogKind::ExportMap,
            &format!("{stem}{}", tr(lang, Key::MapFileSuffix)),
        )));
    }
    actions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_survives_a_broken_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("settings.toml");
        assert_eq!(Settings::load(&path), Settings::default());
        let mut s = Settings {
            language: "en".into(),
            window_size: Some([1000.0, 700.0]),
            show_table: true,
            table_height: Some(180.0),
            ..Settings::default()
        };
        for i in 0..12 {
            s.remember_project(&dir.path().join(format!("p{i}.zonecheck.toml")));
        }
        s.remember_project(&dir.path().join("p5.zonecheck.toml"));
        assert_eq!(s.recent_projects.len(), MAX_RECENT);
        assert!(s.recent_projects[0].ends_with("p5.zonecheck.toml"));
        assert!(s.recent_projects[1].ends_with("p11.zonecheck.toml"));
        s.save(&path).unwrap();
        assert_eq!(Settings::load(&path), s);
        assert_eq!(Settings::load(&path).lang(), Lang::En);
        std::fs::write(&path, "language = [not toml").unwrap();
        assert_eq!(Settings::load(&path), Settings::default());
    }

    #[test]
    fn sizes_wait_for_the_pointer_but_preferences_do_not() {
        let saved = Settings::default();
        let mut resized = saved.clone();
        resized.layers_panel_width = Some(300.0);
        assert!(!resized.worth_saving(&saved, true));
        assert!(resized.worth_saving(&saved, false));
        let mut english = saved.clone();
        english.language = "en".into();
        assert!(english.worth_saving(&saved, true));
        assert!(!saved.worth_saving(&saved, false));
    }
}
