//! The desktop's own file dialog through `rfd`, run so the UI never waits: the answer comes back
//! over a channel that `FileDialogs` polls each frame (as the loader's do).
//!
//! On Linux and the BSDs the dialog is the xdg-desktop-portal's, and a worker thread first asks
//! the session bus whether a file-chooser portal is there (`portal`): rfd answers "nothing
//! chosen" both when the user cancels and when there is no portal, and only the latter should
//! open the in-app browser. On macOS and Windows the dialog always exists; macOS wants it begun
//! on the main (UI) thread, so there the dialog is begun here and only awaited on the worker.
//!
//! Not for deciding what the answer means (see `kind`).

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::mpsc::{Receiver, channel};

use crate::ui::file_dialog::kind::{DialogRequest, Mode};
use crate::ui::i18n::{Key, Lang, tr};

/// What a native dialog came back with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NativeOutcome {
    /// The paths chosen; empty when the user cancelled.
    Chosen(Vec<PathBuf>),
    /// The desktop has no file dialog to offer (no portal): use the in-app browser.
    Unavailable,
}

/// Everything rfd needs, as plain data (the dialog is built on the thread that begins it).
struct NativeSpec {
    title: String,
    mode: Mode,
    filters: Vec<(String, Vec<String>)>,
    folder: Option<PathBuf>,
    file_name: String,
}

type PathsFuture = Pin<Box<dyn Future<Output = Vec<PathBuf>> + Send>>;

impl NativeSpec {
    fn new(request: &DialogRequest, folder: Option<PathBuf>, lang: Lang) -> NativeSpec {
        let kind = request.kind;
        let extensions = kind.extensions().iter().map(|e| e.to_string()).collect();
        NativeSpec {
            title: kind.title(lang).to_string(),
            mode: kind.mode(),
            filters: vec![
                (kind.filter_name(lang), extensions),
                (tr(lang, Key::AllFiles).to_string(), vec!["*".to_string()]),
            ],
            folder,
            file_name: request.file_name.clone(),
        }
    }

    /// Shows the dialog (rfd starts it on this call) and gives the future of its answer.
    fn begin(self) -> PathsFuture {
        let mut dialog = rfd::AsyncFileDialog::new().set_title(self.title);
        for (name, extensions) in &self.filters {
            dialog = dialog.add_filter(name, extensions);
        }
        if let Some(folder) = &self.folder {
            dialog = dialog.set_directory(folder);
        }
        let path = |h: rfd::FileHandle| h.path().to_path_buf();
        match self.mode {
            Mode::OpenMany => {
                let f = dialog.pick_files();
                Box::pin(async move { f.await.unwrap_or_default().into_iter().map(path).collect() })
            }
            Mode::OpenOne => {
                let f = dialog.pick_file();
                Box::pin(async move { f.await.map(path).into_iter().collect() })
            }
            Mode::Save => {
                let f = dialog.set_file_name(self.file_name).save_file();
                Box::pin(async move { f.await.map(path).into_iter().collect() })
            }
        }
    }
}

/// Starts the native dialog for `request` in `folder`; the answer arrives on the receiver, and
/// `repaint` is woken when it does.
pub fn start(
    request: &DialogRequest,
    folder: Option<PathBuf>,
    lang: Lang,
    repaint: Option<egui::Context>,
) -> Receiver<NativeOutcome> {
    let (tx, rx) = channel();
    let spec = NativeSpec::new(request, folder, lang);
    let send = move |outcome| {
        // The app may have closed meanwhile; then nobody needs the answer.
        let _ = tx.send(outcome);
        if let Some(ctx) = repaint {
            ctx.request_repaint();
        }
    };
    #[cfg(all(unix, not(target_os = "macos")))]
    std::thread::spawn(move || {
        if crate::ui::file_dialog::portal::file_chooser_available() {
            send(NativeOutcome::Chosen(pollster::block_on(spec.begin())));
        } else {
            send(NativeOutcome::Unavailable);
        }
    });
    #[cfg(not(all(unix, not(target_os = "macos"))))]
    {
        let answer = spec.begin();
        std::thread::spawn(move || send(NativeOutcome::Chosen(pollster::block_on(answer))));
    }
    rx
}
