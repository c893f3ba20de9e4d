//! Helpers shared by the reader tests: the error a file must give, and a folder's listing (to
//! show nothing was written beside an input).

use std::path::Path;

use zonecheck::io::{LoadOptions, load_layers};

/// The error text of reading `path`; fails the test when it loads.
pub fn error_text(path: &Path) -> String {
    match load_layers(path, &LoadOptions::default()) {
        Ok(layers) => panic!(
            "{} loaded ({} layers) but should fail",
            path.display(),
            layers.len()
        ),
        Err(e) => e.to_string(),
    }
}

/// The names in `dir`, sorted.
pub fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
