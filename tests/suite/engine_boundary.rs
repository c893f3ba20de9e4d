//! The rules ARCHITECTURE.md states, checked on the source text:
//! - the engine never imports a face: no file of the engine's folders names `crate::ui`,
//!   `crate::cli`, `egui` or `eframe` in a `use` line or path — so a screen type can't creep
//!   into an answer;
//! - inside the app, only `ui/app/` (which applies actions) and `ui/mod.rs` (which runs the frame)
//!   name `ui::app`; everything else works on the plain data of `ui::state`, so no panel reaches
//!   into the code that changes the state;
//! - a panel never holds the whole state mutably and never applies an action itself: it reads
//!   the state, edits only the widget state handed to it, and returns actions.

use std::path::{Path, PathBuf};

const ENGINE: [&str; 11] = [
    "basemap",
    "model",
    "io",
    "crs",
    "index",
    "query",
    "requirements",
    "workspace",
    "present",
    "report",
    "lib.rs",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    if dir.is_file() {
        out.push(dir.to_path_buf());
        return;
    }
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn src() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every line of code (comments cut off) in the files under `dir` that contains one of `needles`.
fn lines_naming(dir: &Path, needles: &[&str], except: impl Fn(&Path) -> bool) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(dir, &mut files);
    assert!(!files.is_empty(), "no files under {}", dir.display());
    let mut found = Vec::new();
    for file in files.iter().filter(|f| !except(f)) {
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if needles.iter().any(|f| code.contains(f)) {
                found.push(format!("{}:{}: {line}", file.display(), n + 1));
            }
        }
    }
    found
}

#[test]
fn only_the_app_module_and_the_frame_name_the_app() {
    let ui = src().join("ui");
    let app = ui.join("app");
    let offences = lines_naming(&ui, &["ui::app", "super::app"], |f| {
        f.starts_with(&app) || f == ui.join("mod.rs")
    });
    assert!(offences.is_empty(), "{}", offences.join("\n"));
}

#[test]
fn panels_read_the_state_and_return_actions() {
    let panels = src().join("ui").join("panels");
    let offences = lines_naming(&panels, &["&mut AppState", ".apply("], |_| false);
    assert!(offences.is_empty(), "{}", offences.join("\n"));
}

#[test]
fn the_map_and_its_tools_read_the_state_and_return_actions() {
    let ui = src().join("ui");
    // The map's widgets and the drawing and measuring tools' pointer and painting code.
    let widgets: Vec<PathBuf> = [
        "map/canvas.rs",
        "map/nav.rs",
        "map/draw.rs",
        "map/labels.rs",
        "map/overlay.rs",
        "site/input.rs",
        "site/shapes.rs",
        "measure/input.rs",
        "measure/shapes.rs",
        "measure/overlay.rs",
    ]
    .iter()
    .map(|f| ui.join(f))
    .collect();
    for f in &widgets {
        assert!(f.is_file(), "{} exists", f.display());
    }
    let offences = lines_naming(&ui, &["&mut AppState", ".apply("], |f| {
        !widgets.iter().any(|w| w == f)
    });
    assert!(offences.is_empty(), "{}", offences.join("\n"));
}

#[test]
fn the_engine_imports_no_face() {
    let src = src();
    let mut files = Vec::new();
    for part in ENGINE {
        rust_files(&src.join(part), &mut files);
    }
    assert!(
        files.len() > 50,
        "the engine's files were found: {}",
        files.len()
    );
    let mut offences = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            let face = [
                "crate::ui",
                "crate::cli",
                "egui::",
                "eframe::",
                "use egui",
                "use eframe",
            ];
            // lib.rs declares the face modules; declaring is not importing.
            if face.iter().any(|f| code.contains(f)) {
                offences.push(format!("{}:{}: {line}", file.display(), n + 1));
            }
        }
    }
    assert!(offences.is_empty(), "{}", offences.join("\n"));
}
