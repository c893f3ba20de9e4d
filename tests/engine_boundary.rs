//! The rule ARCHITECTURE.md states: the engine never imports a face. Every source file of the
//! engine's folders is read and must not name `crate::ui`, `crate::cli`, `egui` or `eframe` in a
//! `use` line or path — so a screen type can't creep into an answer.

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

#[test]
fn the_engine_imports_no_face() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
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
