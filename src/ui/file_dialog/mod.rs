//! File dialogs for the panels: "浏览…" to open layers, a project or a site file, and "save as"
//! for the exports. The desktop's own dialog is used where there is one (`native`); where there is
//! none (Linux with no xdg-desktop-portal) the in-app `browser` opens instead. Either way the UI
//! keeps running, and the answer comes back from `FileDialogs::ui` as the same `Action` the
//! panels' path boxes give (`OpenPaths`, the site's import or export).
//!
//! Not for reading or writing the files (the loader and the site's jobs do that).

pub mod browser;
pub mod kind;
pub mod listing;
pub mod native;
#[cfg(all(unix, not(target_os = "macos")))]
pub mod portal;

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError};

pub use browser::{Browser, BrowserOutcome};
pub use kind::{DialogKind, DialogRequest};
use native::NativeOutcome;

use crate::ui::i18n::Lang;
use crate::ui::state::Action;

/// Which dialog to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Backend {
    /// The desktop's dialog, or the in-app browser where the desktop has none.
    #[default]
    Auto,
    /// Always the in-app browser (tests).
    InApp,
}

/// A native dialog being shown.
struct Pending {
    request: DialogRequest,
    answer: Receiver<NativeOutcome>,
}

/// The app's file dialogs: at most one at a time. Lives in `AppState::dialogs`.
#[derive(Default)]
pub struct FileDialogs {
    /// The dialog to use; tests set `InApp`.
    pub backend: Backend,
    pending: Option<Pending>,
    browser: Option<Browser>,
    /// Where the last dialog ended up, to start the next one there.
    last_folder: Option<PathBuf>,
    repaint: Option<egui::Context>,
    /// Frames left in which a map click is ignored: the double-click that chose a file in the
    /// in-app browser ends over the map once the browser has closed.
    quiet_frames: u8,
}

impl FileDialogs {
    /// Whether a dialog is open (the panels disable their 浏览… buttons meanwhile).
    pub fn busy(&self) -> bool {
        self.pending.is_some() || self.browser.is_some()
    }

    /// Whether a dialog closed in this frame or the last: a click ending now began in it.
    pub fn recently_closed(&self) -> bool {
        self.quiet_frames > 0
    }

    /// The in-app browser, when it is open (tests look into it).
    pub fn browser(&self) -> Option<&Browser> {
        self.browser.as_ref()
    }

    /// Where a dialog starts: the folder the panel asked for, else where the last one ended.
    fn start_folder(&self, request: &DialogRequest) -> Option<PathBuf> {
        request.folder.clone().or_else(|| self.last_folder.clone())
    }

    /// Opens a dialog for `request`; ignored while another is open.
    pub fn open(&mut self, request: DialogRequest, lang: Lang) {
        if self.busy() {
            return;
        }
        match self.backend {
            Backend::InApp => {
                let start = self.start_folder(&request);
                self.browser = Some(Browser::new(request, start));
            }
            Backend::Auto => {
                let answer = native::start(
                    &request,
                    self.start_folder(&request),
                    lang,
                    self.repaint.clone(),
                );
                self.pending = Some(Pending { request, answer });
            }
        }
    }

    /// Takes the native dialog's answer and draws the in-app browser; gives the actions the
    /// user's choice asks for. Call once per frame.
    pub fn ui(&mut self, ctx: &egui::Context, lang: Lang) -> Vec<Action> {
        self.repaint = Some(ctx.clone());
        self.quiet_frames = self.quiet_frames.saturating_sub(1);
        let was_open = self.busy();
        let mut chosen = None;
        if let Some(p) = &self.pending {
            match p.answer.try_recv() {
                Ok(NativeOutcome::Chosen(paths)) => chosen = Some((p.request.kind, paths)),
                Ok(NativeOutcome::Unavailable) => {
                    let request = p.request.clone();
                    let start = self.start_folder(&request);
                    self.browser = Some(Browser::new(request, start));
                    self.pending = None;
                }
                Err(TryRecvError::Empty) => {}
                // The worker died without answering: nothing was chosen.
                Err(TryRecvError::Disconnected) => chosen = Some((p.request.kind, Vec::new())),
            }
            if chosen.is_some() {
                self.pending = None;
            }
        }
        if let Some(b) = &mut self.browser {
            match b.show(ctx, lang) {
                BrowserOutcome::Open => {}
                BrowserOutcome::Chosen(path) => {
                    chosen = Some((b.request_kind(), vec![path]));
                    self.browser = None;
                }
                BrowserOutcome::Cancelled => {
                    self.last_folder = Some(b.folder().to_path_buf());
                    self.browser = None;
                }
            }
        }
        if was_open && !self.busy() {
            self.quiet_frames = 2;
        }
        let Some((kind, paths)) = chosen else {
            return Vec::new();
        };
        if let Some(folder) = paths.first().and_then(|p| p.parent()) {
            self.last_folder = Some(folder.to_path_buf());
        }
        kind.action(paths).into_iter().collect()
    }
}
