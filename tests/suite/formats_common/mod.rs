//! Shared by the format tests (io_gpkg, io_kml, io_dxf, io_xlsx): where a format's fixtures are,
//! the figures its generating script wrote (expected.json), and loading one file's first layer.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use serde_json::Value;
use zonecheck::io::{LoadOptions, load_layers};
use zonecheck::model::Layer;

/// `tests/fixtures/<format>/<name>`.
pub fn fixture(format: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(format)
        .join(name)
}

/// The expected.json the format's make_*.py wrote beside its fixtures.
pub fn expected(format: &str) -> Value {
    let path = fixture(format, "expected.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("expected.json is JSON")
}

/// The first layer of `tests/fixtures/<format>/<name>`, panicking with the error.
pub fn load_first(format: &str, name: &str, opts: &LoadOptions) -> Layer {
    load_layers(&fixture(format, name), opts)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .remove(0)
}
