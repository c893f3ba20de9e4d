//! The in-app file browser, for desktops with no file dialog of their own (Linux with no
//! xdg-desktop-portal, e.g. a bare window manager or Xvfb): a window with the folder's path, up and
//! home buttons, the folders and wanted files (double-click a folder to enter it, a file to choose
//! it), a file-name box, and Open/Save and Cancel.
//!
//! Written here rather than taken from a crate: egui-file-dialog has no release for egui 0.37,
//! and egui_file 0.29 (which has) has no home button and no way to add one, shows names that are
//! not UTF-8 (GBK names from Windows zips) as blanks, offers rename and new-folder (writes to disk
//! that a chooser should not make) and prints their errors to stdout, and draws emoji icons that
//! the bundled fonts lack (egui_kittest refuses a missing glyph; users would see boxes).
//!
//! Not for listing folders (see `listing`) or for what the choice means (see `kind`).

use std::path::{Path, PathBuf};

use egui::{Color32, RichText};

use crate::ui::file_dialog::kind::{DialogRequest, Mode};
use crate::ui::file_dialog::listing::{Entry, home_folder, list_folder, resolve_typed};
use crate::ui::i18n::{Key, Lang, tr};

/// What the browser did this frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BrowserOutcome {
    /// Still open.
    Open,
    Chosen(PathBuf),
    Cancelled,
}

/// The browser's state while it is open.
pub struct Browser {
    request: DialogRequest,
    folder: PathBuf,
    /// The folder box's text (edited by the user; applied on Enter).
    folder_text: String,
    entries: Vec<Entry>,
    /// Why the folder or the typed name could not be used.
    error: Option<String>,
    selected: Option<usize>,
    /// The file-name box: the name to save, or the file picked (or typed) to open.
    file_name: String,
    /// Show files of any kind, not only the dialog's.
    show_all: bool,
}

impl Browser {
    /// A browser for `request`, showing `folder` (or the home folder, or the current one).
    pub fn new(request: DialogRequest, folder: Option<PathBuf>) -> Browser {
        let folder = folder
            .filter(|f| f.is_dir())
            .or_else(home_folder)
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_else(|| PathBuf::from("/"));
        let mut b = Browser {
            file_name: request.file_name.clone(),
            request,
            folder: PathBuf::new(),
            folder_text: String::new(),
            entries: Vec::new(),
            error: None,
            selected: None,
            show_all: false,
        };
        b.go_to(folder);
        b
    }

    /// What the browser was opened for.
    pub fn request_kind(&self) -> crate::ui::file_dialog::DialogKind {
        self.request.kind
    }

    /// The folder shown.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// The entries listed, as shown.
    pub fn labels(&self) -> Vec<&str> {
        self.entries.iter().map(|e| e.label.as_str()).collect()
    }

    fn go_to(&mut self, folder: PathBuf) {
        let extensions: &[&str] = if self.show_all {
            &[]
        } else {
            self.request.kind.extensions()
        };
        match list_folder(&folder, extensions) {
            Ok(entries) => {
                self.entries = entries;
                self.error = None;
                self.selected = None;
                self.folder_text = folder.display().to_string();
                self.folder = folder;
            }
            Err(e) => {
                // Stay where we were; say why.
                self.error = Some(format!("{}: {e}", folder.display()));
                self.folder_text = self.folder.display().to_string();
            }
        }
    }

    fn refresh(&mut self) {
        self.go_to(self.folder.clone());
    }

    /// A folder is entered; a file is chosen (opening) or named (saving).
    fn activate(&mut self, index: usize) -> Option<PathBuf> {
        let entry = self.entries.get(index)?.clone();
        let path = self.folder.join(&entry.name);
        if entry.is_dir {
            self.go_to(path);
            None
        } else {
            Some(path)
        }
    }

    /// The file-name box's text, as Open/Save or Enter take it.
    fn confirm_typed(&mut self, lang: Lang) -> Option<PathBuf> {
        let path = resolve_typed(&self.folder, &self.file_name)?;
        if path.is_dir() {
            self.go_to(path);
            self.file_name = match self.request.kind.mode() {
                Mode::Save => self.request.file_name.clone(),
                _ => String::new(),
            };
            return None;
        }
        match self.request.kind.mode() {
            Mode::Save if path.parent().is_some_and(Path::is_dir) => Some(path),
            Mode::OpenOne | Mode::OpenMany if path.is_file() => Some(path),
            _ => {
                self.error = Some(format!("{}: {}", tr(lang, Key::NoSuchFile), path.display()));
                None
            }
        }
    }

    /// Draws the browser window; says whether the user chose, cancelled or is still looking.
    pub fn show(&mut self, ctx: &egui::Context, lang: Lang) -> BrowserOutcome {
        let mut outcome = BrowserOutcome::Open;
        let mut open = true;
        egui::Window::new(self.request.kind.title(lang))
            .id(egui::Id::unique("zonecheck_file_browser"))
            .open(&mut open)
            .collapsible(false)
            .resizable(true)
            .default_size([560.0, 420.0])
            .pivot(egui::Align2::CENTER_CENTER)
            .default_pos(ctx.content_rect().center())
            .show(ctx, |ui| {
                if let Some(o) = self.contents_ui(ui, lang) {
                    outcome = o;
                }
            });
        if !open || ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            return BrowserOutcome::Cancelled;
        }
        outcome
    }

    fn contents_ui(&mut self, ui: &mut egui::Ui, lang: Lang) -> Option<BrowserOutcome> {
        let mut chosen = None;
        ui.horizontal(|ui| {
            let up = self.folder.parent().map(Path::to_path_buf);
            if ui
                .add_enabled(up.is_some(), egui::Button::new(tr(lang, Key::UpFolder)))
                .clicked()
                && let Some(up) = up
            {
                self.go_to(up);
            }
            let home = home_folder();
            if ui
                .add_enabled(home.is_some(), egui::Button::new(tr(lang, Key::HomeFolder)))
                .clicked()
                && let Some(home) = home
            {
                self.go_to(home);
            }
            let label = ui.label(tr(lang, Key::FolderLabel));
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut self.folder_text)
                        .desired_width(ui.available_width()),
                )
                .labelled_by(label.id);
            if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                match resolve_typed(&self.folder, &self.folder_text) {
                    Some(p) => self.go_to(p),
                    None => self.refresh(),
                }
            }
        });
        ui.separator();
        let list_height = (ui.available_height() - 90.0).max(120.0);
        let mut activated = None;
        egui::ScrollArea::vertical()
            .id_salt("file_browser_list")
            .max_height(list_height)
            .min_scrolled_height(list_height)
            .auto_shrink([false, false])
            .show(ui, |ui| {
                for (i, e) in self.entries.iter().enumerate() {
                    // Folders end in "/" and are bold (no icon glyphs: the bundled fonts
                    // have none).
                    let text = if e.is_dir {
                        RichText::new(format!("{}/", e.label)).strong()
                    } else {
                        RichText::new(&e.label)
                    };
                    let r = ui.selectable_label(self.selected == Some(i), text);
                    if r.clicked() {
                        self.selected = Some(i);
                        if !e.is_dir {
                            self.file_name = e.label.clone();
                        }
                    }
                    if r.double_clicked() {
                        activated = Some(i);
                    }
                }
                if self.entries.is_empty() {
                    ui.label(RichText::new(tr(lang, Key::EmptyFolder)).weak());
                }
            });
        if let Some(i) = activated {
            chosen = self.activate(i);
        }
        if let Some(e) = &self.error {
            ui.colored_label(Color32::from_rgb(190, 30, 30), e);
        }
        ui.separator();
        let mut confirm = false;
        ui.horizontal(|ui| {
            let label = ui.label(tr(lang, Key::FileNameLabel));
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut self.file_name)
                        .desired_width(ui.available_width()),
                )
                .labelled_by(label.id);
            confirm |= r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        });
        let saving = self.request.kind.mode() == Mode::Save;
        let mut cancelled = false;
        ui.horizontal(|ui| {
            if ui
                .checkbox(&mut self.show_all, tr(lang, Key::ShowAllFiles))
                .changed()
            {
                self.refresh();
            }
            ui.label(
                RichText::new(self.request.kind.filter_name(lang))
                    .weak()
                    .small(),
            );
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                cancelled = ui.button(tr(lang, Key::Cancel)).clicked();
                let verb = if saving { Key::Save } else { Key::Open };
                let has_name = !self.file_name.trim().is_empty();
                confirm |= ui
                    .add_enabled(has_name, egui::Button::new(tr(lang, verb)))
                    .clicked();
            });
        });
        if saving
            && let Some(p) = resolve_typed(&self.folder, &self.file_name)
            && p.is_file()
        {
            ui.label(
                RichText::new(tr(lang, Key::WillOverwrite))
                    .small()
                    .color(Color32::from_rgb(190, 120, 0)),
            );
        }
        if confirm && chosen.is_none() {
            // A selected folder opens; anything else is the typed (or picked) name.
            chosen = match self.selected {
                Some(i) if self.entries.get(i).is_some_and(|e| e.is_dir) => self.activate(i),
                _ => self.confirm_typed(lang),
            };
        }
        if cancelled {
            return Some(BrowserOutcome::Cancelled);
        }
        chosen.map(BrowserOutcome::Chosen)
    }
}
