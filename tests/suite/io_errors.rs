//! Broken inputs give a `ZoneError` naming the file and the problem, never a panic, and reading
//! never writes beside the input. Broken files are made in a temporary folder from the good
//! fixtures of tests/fixtures/io/make_fixtures.py.

use std::path::{Path, PathBuf};

use crate::io_common;
use zonecheck::ZoneError;

use io_common::{error_text, listing};
use zonecheck::io::{LoadOptions, load_layers};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/io")
        .join(rel)
}

/// Copies the units shapefile into `dir` under `stem`, leaving out the extensions in `skip`.
fn copy_units(dir: &Path, stem: &str, skip: &[&str]) -> PathBuf {
    for ext in ["shp", "shx", "dbf", "prj", "cpg"] {
        if !skip.contains(&ext) {
            std::fs::copy(
                fixture(&format!("gbk_cpg/units_gbk.{ext}")),
                dir.join(format!("{stem}.{ext}")),
            )
            .unwrap();
        }
    }
    dir.join(format!("{stem}.shp"))
}

#[test]
fn a_missing_file() {
    let path = fixture("no/such/file.shp");
    let err = load_layers(&path, &LoadOptions::default()).unwrap_err();
    assert!(matches!(err, ZoneError::Io { .. }));
    assert!(err.to_string().contains("file.shp"));
}

#[test]
fn a_missing_shx_is_named_and_a_missing_dbf_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let shp = copy_units(dir.path(), "no_shx", &["shx"]);
    let err = error_text(&shp);
    assert!(err.contains("no_shx.shx"), "{err}");
    // GDAL reads the geometry of a shapefile without its .dbf; so does zonecheck, saying so.
    let shp = copy_units(dir.path(), "no_dbf", &["dbf"]);
    let layer = load_layers(&shp, &LoadOptions::default())
        .unwrap()
        .remove(0);
    assert_eq!(layer.features.len(), 4);
    assert!(layer.fields.is_empty() && layer.encoding.is_none());
    assert!(
        layer
            .warnings
            .iter()
            .any(|w| w.contains("no_dbf.dbf") && w.contains("role cannot be detected")),
        "{:?}",
        layer.warnings
    );
}

#[test]
fn a_truncated_shp() {
    let dir = tempfile::tempdir().unwrap();
    let shp = copy_units(dir.path(), "cut", &[]);
    let bytes = std::fs::read(&shp).unwrap();
    // Keep the header and the first record's start: later records run past the end.
    std::fs::write(&shp, &bytes[..bytes.len() / 2]).unwrap();
    let err = error_text(&shp);
    assert!(
        err.contains("cut.shp") && err.contains("truncated"),
        "{err}"
    );
}

#[test]
fn a_png_renamed_to_shp() {
    let dir = tempfile::tempdir().unwrap();
    let shp = copy_units(dir.path(), "picture", &["shp"]);
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(std::iter::repeat_n(0u8, 200));
    std::fs::write(&shp, png).unwrap();
    let err = error_text(&shp);
    assert!(err.contains("picture.shp") && err.contains("PNG"), "{err}");
}

#[test]
fn a_garbage_prj_counts_as_none() {
    let dir = tempfile::tempdir().unwrap();
    let shp = copy_units(dir.path(), "badprj", &["prj"]);
    std::fs::write(dir.path().join("badprj.prj"), "this is not WKT at all").unwrap();
    // As GDAL does: read without the .prj's CRS. The zone-prefixed eastings are then guessed from.
    let layer = load_layers(&shp, &LoadOptions::default())
        .unwrap()
        .remove(0);
    assert!(
        matches!(layer.crs.origin, zonecheck::crs::CrsOrigin::Guessed(_)),
        "{:?}",
        layer.crs.origin
    );
    assert_eq!(layer.crs.crs.epsg, Some(4527));
    assert!(
        layer
            .warnings
            .iter()
            .any(|w| w.contains("badprj.prj cannot be read") && w.contains("treated as missing")),
        "{:?}",
        layer.warnings
    );
    // Stating the CRS bypasses the broken .prj.
    let opts = LoadOptions {
        crs: Some(zonecheck::crs::Crs::from_epsg(4527).unwrap()),
        ..Default::default()
    };
    assert_eq!(load_layers(&shp, &opts).unwrap()[0].features.len(), 4);
}

#[test]
fn broken_json() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.geojson");
    std::fs::write(&path, r#"{"type":"FeatureCollection","features":[{"type":"#).unwrap();
    let err = error_text(&path);
    assert!(
        err.contains("broken.geojson") && err.contains("not valid JSON"),
        "{err}"
    );
}

#[test]
fn a_zip_without_layers_and_a_corrupt_zip() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("junk.zip");
    std::fs::write(&path, b"PK\x03\x04 not really a zip").unwrap();
    let err = error_text(&path);
    assert!(err.contains("junk.zip") && err.contains("zip"), "{err}");
}

#[test]
fn no_crs_and_no_guess_asks_the_user() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("local.geojson");
    // A `crs` member is required to avoid the RFC 7946 default; here the values are metres
    // without zone prefix, which no rule can place.
    std::fs::write(
        &path,
        r#"{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[380000,4180000]}}"#,
    )
    .unwrap();
    let err = load_layers(&path, &LoadOptions::default()).unwrap_err();
    assert_eq!(
        err.fix(),
        // 6-digit eastings: EPSG:4548 (CM 117E, no zone number) is the example, as in the text.
        Some(zonecheck::error::Fix::StateLayerCrs {
            example: Some(4548)
        })
    );
    // The engine names no flag: each face words the fix with its own controls.
    assert!(!err.to_string().contains("--"), "{err}");
}

#[test]
fn reading_never_writes_beside_the_inputs() {
    let dir = tempfile::tempdir().unwrap();
    copy_units(dir.path(), "units", &[]);
    std::fs::copy(fixture("two_layers.zip"), dir.path().join("two.zip")).unwrap();
    let before = listing(dir.path());
    load_layers(&dir.path().join("units.shp"), &LoadOptions::default()).unwrap();
    load_layers(&dir.path().join("two.zip"), &LoadOptions::default()).unwrap();
    assert_eq!(listing(dir.path()), before);
}
