//! A damaged basemap is said, in Chinese and English, naming the file (and the tile), and never
//! stops the rest from drawing: a corrupt tile leaves a transparent square among the others; a
//! corrupt database, a cut PMTiles archive or an empty folder fails to open with the reason.

use std::path::{Path, PathBuf};

use zonecheck::basemap::resample::{RasterFrame, render};
use zonecheck::basemap::{Basemap, BasemapProblem, OpenOptions, TileId};
use zonecheck::present::Lang;
use zonecheck::present::basemap::{error_text, tiles_failed_text};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/basemap")
        .join(name)
}

/// The four fixture tiles' block, at one raster pixel per tile pixel.
fn block_frame() -> RasterFrame {
    // The block's bounds (expected.json): 115.6640625–115.751953125 E, 37.68382–37.75334 N.
    let (w, s, e, n) = (
        115.6640625,
        37.683_820_326_693_83,
        115.75195312500001,
        37.75334401310658,
    );
    RasterFrame {
        width_px: 512,
        height_px: 512,
        top_left_lonlat: (w, n),
        deg_lon_per_px: (e - w) / 512.0,
        deg_lat_per_px: (n - s) / 512.0,
    }
}

fn opaque_in(rgba: &[u8], x0: usize, y0: usize) -> usize {
    (y0 + 16..y0 + 240)
        .flat_map(|y| (x0 + 16..x0 + 240).map(move |x| (x, y)))
        .filter(|(x, y)| rgba[(y * 512 + x) * 4 + 3] == 255)
        .count()
}

#[test]
fn a_corrupt_tile_is_reported_and_the_others_draw() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.mbtiles");
    std::fs::copy(fixture("merc_tms.mbtiles"), &path).unwrap();
    // The north-east tile (6729/3167 XYZ = TMS row 8191-3167 = 5024) becomes garbage after a
    // PNG signature: it sniffs as PNG and fails to decode.
    let conn = damage_tile(&path, 6729, 5024);
    drop(conn);
    let b = Basemap::open(&path, &OpenOptions::default()).unwrap();
    let drawn = render(&b, &block_frame());
    assert_eq!(drawn.errors.len(), 1, "{:?}", drawn.errors);
    let err = &drawn.errors[0];
    assert_eq!(
        err.tile,
        Some(TileId {
            z: 13,
            x: 6729,
            y: 3167
        })
    );
    assert!(
        matches!(err.problem, BasemapProblem::BadImage(_)),
        "{err:?}"
    );
    let zh = tiles_failed_text(Lang::Zh, err, 1);
    let en = tiles_failed_text(Lang::En, err, 1);
    assert!(
        zh.contains("damaged.mbtiles") && zh.contains("13/6729/3167") && zh.contains("损坏"),
        "{zh}"
    );
    assert!(
        en.contains("damaged.mbtiles") && en.contains("13/6729/3167") && en.contains("damaged"),
        "{en}"
    );
    // The other three tiles are drawn; the damaged one is left transparent.
    let rgba = &drawn.rgba;
    assert_eq!(opaque_in(rgba, 0, 0), 224 * 224, "north-west drawn");
    assert_eq!(
        opaque_in(rgba, 256, 0),
        0,
        "north-east (damaged) left empty"
    );
    assert_eq!(opaque_in(rgba, 0, 256), 224 * 224, "south-west drawn");
    assert_eq!(opaque_in(rgba, 256, 256), 224 * 224, "south-east drawn");
}

/// Replaces one tile's blob with a PNG signature followed by garbage, through a plain SQLite
/// write on the test's own copy.
fn damage_tile(path: &Path, col: i64, row: i64) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut blob = b"\x89PNG\r\n\x1a\n".to_vec();
    blob.extend(std::iter::repeat_n(0x5a, 200));
    let n = conn
        .execute(
            "UPDATE tiles SET tile_data = ?1 WHERE zoom_level = 13 AND tile_column = ?2 AND tile_row = ?3",
            rusqlite::params![blob, col, row],
        )
        .unwrap();
    assert_eq!(n, 1);
    conn
}

#[test]
fn a_corrupt_database_fails_to_open_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("底图.mbtiles");
    std::fs::write(&path, b"this is not a database at all, just text").unwrap();
    let err = Basemap::open(&path, &OpenOptions::default()).unwrap_err();
    assert_eq!(err.problem, BasemapProblem::NotSqlite);
    let zh = error_text(Lang::Zh, &err);
    assert!(
        zh.contains("底图.mbtiles") && zh.contains("不是 SQLite 数据库"),
        "{zh}"
    );
    let en = error_text(Lang::En, &err);
    assert!(en.contains("not an SQLite database"), "{en}");
    // The first page of a real database with the rest cut off.
    let cut = dir.path().join("cut.mbtiles");
    let bytes = std::fs::read(fixture("merc_tms.mbtiles")).unwrap();
    std::fs::write(&cut, &bytes[..1500]).unwrap();
    let err = Basemap::open(&cut, &OpenOptions::default()).unwrap_err();
    assert!(
        matches!(err.problem, BasemapProblem::NotMbtiles(_)),
        "{err:?}"
    );
    // An SQLite file that is not an MBTiles (no tiles table).
    let other = dir.path().join("other.mbtiles");
    rusqlite::Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (a int); INSERT INTO t VALUES (1);")
        .unwrap();
    let err = Basemap::open(&other, &OpenOptions::default()).unwrap_err();
    assert!(
        error_text(Lang::En, &err).contains("no `tiles` table"),
        "{err}"
    );
}

#[test]
fn the_input_files_are_left_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("copy.mbtiles");
    std::fs::copy(fixture("merc_tms.mbtiles"), &path).unwrap();
    let before = std::fs::read(&path).unwrap();
    let b = Basemap::open(&path, &OpenOptions::default()).unwrap();
    let _ = render(&b, &block_frame());
    drop(b);
    assert_eq!(std::fs::read(&path).unwrap(), before);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "nothing written beside it: {names:?}");
}

#[test]
fn a_cut_or_foreign_pmtiles_archive_and_an_empty_folder_fail_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = std::fs::read(fixture("merc.pmtiles")).unwrap();
    let cut = dir.path().join("cut.pmtiles");
    std::fs::write(&cut, &bytes[..200]).unwrap();
    let err = Basemap::open(&cut, &OpenOptions::default()).unwrap_err();
    assert!(
        matches!(err.problem, BasemapProblem::BadPmtiles(_)),
        "{err:?}"
    );
    assert!(error_text(Lang::Zh, &err).contains("PMTiles 文件已损坏"));
    let v2 = dir.path().join("v2.pmtiles");
    let mut b = bytes.clone();
    b[7] = 2;
    std::fs::write(&v2, &b).unwrap();
    let err = Basemap::open(&v2, &OpenOptions::default()).unwrap_err();
    assert!(
        error_text(Lang::En, &err).contains("spec version 2"),
        "{err}"
    );
    // Tile data cut off: the archive opens (header and directory are whole) and the tiles
    // beyond the end are reported, not a panic.
    let short = dir.path().join("short.pmtiles");
    std::fs::write(&short, &bytes[..bytes.len() - 300]).unwrap();
    let b = Basemap::open(&short, &OpenOptions::default()).unwrap();
    let drawn = render(&b, &block_frame());
    assert!(!drawn.errors.is_empty());
    assert!(
        drawn.rgba.chunks_exact(4).any(|p| p[3] == 255),
        "the whole tiles still draw"
    );
    let empty = dir.path().join("tiles");
    std::fs::create_dir_all(empty.join("12").join("3")).unwrap();
    let err = Basemap::open(&empty, &OpenOptions::default()).unwrap_err();
    assert_eq!(err.problem, BasemapProblem::NoTileFolder);
}
