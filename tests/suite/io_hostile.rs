//! Hostile inputs found by the black-box fuzzer (issue 9 §3) and the ones to try besides: each
//! ends in an error naming the file and the problem — quickly, in memory bounded by the file's
//! real size — or loads with a warning; none aborts, hangs or writes anything. Small reproducers
//! are under tests/fixtures/hostile/ (make_hostile.py); large ones are made here at run time.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::io_common;

use io_common::{error_text, listing};
use zonecheck::io::{LoadOptions, load_layers};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile")
        .join(rel)
}

#[test]
fn a_zip_member_declaring_4_gb_is_read_as_what_it_holds() {
    // Its headers say 4,294,967,295 bytes; the deflate stream holds 508 (and their CRC agrees).
    // Nothing is allocated from the declared size (this aborted the process before).
    let path = fixture("zip/declares_4gb.zip");
    let layers = load_layers(&path, &LoadOptions::default()).unwrap();
    assert_eq!(layers[0].features.len(), 3);
}

#[test]
fn a_zip_bomb_stops_at_its_cap_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bomb.zip");
    let mut z = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    z.start_file("units.shp", deflated).unwrap();
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..100 {
        z.write_all(&zeros).unwrap();
    }
    z.finish().unwrap();
    let compressed = std::fs::metadata(&path).unwrap().len();
    assert!(
        compressed < 1 << 20,
        "the bomb is small: {compressed} bytes"
    );
    let err = error_text(&path);
    assert!(
        err.contains("bomb.zip") && err.contains("units.shp") && err.contains("zip bomb"),
        "{err}"
    );
}

#[test]
fn zip_members_named_outside_the_archive_are_read_and_nothing_is_written() {
    let path = fixture("zip/dot_dot_names.zip");
    let before = listing(&fixture("zip"));
    let layers = load_layers(&path, &LoadOptions::default()).unwrap();
    assert_eq!(layers.len(), 2);
    assert!(layers.iter().all(|l| l.features.len() == 3));
    assert_eq!(listing(&fixture("zip")), before);
    assert!(!fixture("escape").exists() && !Path::new("/tmp/abs_units.shp").exists());
}

#[cfg(unix)]
#[test]
fn fifos_sockets_devices_folders_and_link_loops_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("units.shp");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    let err = error_text(&fifo);
    assert!(
        err.contains("units.shp") && err.contains("named pipe"),
        "{err}"
    );

    // A FIFO where the .dbf should be: an error, not a missing part (and no hang).
    for ext in ["shp", "shx", "prj"] {
        std::fs::copy(
            fixture(&format!("shx/good.{ext}")),
            dir.path().join(format!("side.{ext}")),
        )
        .unwrap();
    }
    let side_dbf = dir.path().join("side.dbf");
    std::process::Command::new("mkfifo")
        .arg(&side_dbf)
        .status()
        .unwrap();
    let err = error_text(&dir.path().join("side.shp"));
    assert!(
        err.contains("side.dbf") && err.contains("named pipe"),
        "{err}"
    );

    let socket = dir.path().join("s.geojson");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    assert!(error_text(&socket).contains("socket"));
    assert!(error_text(Path::new("/dev/zero")).contains("character device"));
    assert!(error_text(dir.path()).contains("is a folder"));

    let a = dir.path().join("a.shp");
    let b = dir.path().join("b.shp");
    std::os::unix::fs::symlink(&b, &a).unwrap();
    std::os::unix::fs::symlink(&a, &b).unwrap();
    let err = error_text(&a);
    assert!(
        err.contains("a.shp") && err.contains("cannot read"),
        "{err}"
    );
}

#[test]
fn an_xlsx_cell_outside_excels_grid_is_an_error() {
    let path = fixture("xlsx/far_cell.xlsx");
    let err = zonecheck::requirements::grid::read_grid(&path)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("far_cell.xlsx") && err.contains("1048577") && err.contains("Excel's grid"),
        "{err}"
    );
}

/// .xls and .ods workbooks, which calamine parses whole into dense ranges, are bounded from their
/// own records first, as requirement tables and as boundary tables. Before: the .xls aborted
/// (SIGABRT, calamine reserving 2³² × 256 cells from its DIMENSIONS record) and the .ods of 6,000
/// repeats of a 16,384-cell row took 82 s and 12.3 GB (calamine alone, debug build).
#[test]
fn xls_and_ods_sheets_are_bounded_before_calamine_lays_them_out() {
    use zonecheck::requirements::grid::read_grid;
    let grid = read_grid(&fixture("xlsx/requirements.ods")).unwrap();
    assert_eq!(grid.header, ["单元编码", "维度", "要求"]);
    assert_eq!(
        grid.rows,
        [(
            2,
            vec![
                "ZH13110220002".to_string(),
                "空间布局约束".into(),
                "禁止新建化工项目".into()
            ]
        )]
    );
    for (name, says) in [
        (
            "xlsx/huge_dimensions.xls",
            "DIMENSIONS record declares 4294967295 rows × 256 columns",
        ),
        (
            "xlsx/far_cell.ods",
            "a cell at XFD1048577 lies outside Excel's grid",
        ),
        (
            "xlsx/wide_repeats.ods",
            "its filled cells span 6002 rows × 16384 columns",
        ),
    ] {
        let path = fixture(name);
        let file = path.file_name().unwrap().to_str().unwrap();
        for err in [read_grid(&path).unwrap_err().to_string(), error_text(&path)] {
            assert!(err.contains(file) && err.contains(says), "{name}: {err}");
        }
    }
}

/// A boundary table saved as .ods reads as the .xlsx does: a 150 m × 100 m rectangle by 点号 | X
/// | Y in EPSG:4527 (zone-prefixed Y), planar area 15,000 m² (hand-computed).
#[test]
fn an_ods_boundary_table_is_read() {
    use geo::{Geometry, MultiPolygon};
    let layer = load_layers(&fixture("xlsx/boundary.ods"), &LoadOptions::default())
        .unwrap()
        .remove(0);
    assert_eq!(layer.crs.crs.epsg, Some(4527));
    let Some(Geometry::Polygon(p)) = &layer.features[0].geometry else {
        panic!("one polygon: {:?}", layer.features[0].geometry)
    };
    let gk = zonecheck::crs::Crs::from_epsg(4527).unwrap();
    let planar_m2 =
        zonecheck::query::measure::area_planar_m2(&MultiPolygon(vec![p.clone()]), &gk).unwrap();
    assert!((planar_m2 - 15_000.0).abs() < 0.01, "{planar_m2}");
}

#[test]
fn excel_unicode_text_is_read_as_utf16() {
    let layer = load_layers(&fixture("text/excel_unicode.txt"), &LoadOptions::default())
        .unwrap()
        .remove(0);
    assert_eq!(layer.vertex_count(), 5);
    assert_eq!(layer.crs.crs.epsg, Some(4527));
    let enc = layer.encoding.unwrap();
    assert_eq!(enc.encoding, "UTF-16LE");
}

#[test]
fn a_200000_point_utf16_list_is_sniffed_and_decoded_in_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("boundary.txt");
    let mut text = String::from("点号\t经度\t纬度\r\n");
    for i in 0..200_000u32 {
        let t = f64::from(i) / 200_000.0 * std::f64::consts::TAU;
        text.push_str(&format!(
            "J{i}\t{:.7}\t{:.7}\r\n",
            115.6 + 0.05 * t.cos(),
            37.7 + 0.05 * t.sin()
        ));
    }
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(&path, &bytes).unwrap();
    let layer = load_layers(&path, &LoadOptions::default())
        .unwrap()
        .remove(0);
    assert_eq!(layer.vertex_count(), 200_001);
}

#[test]
fn an_shx_whose_200000_entries_name_one_record_is_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    for ext in ["shp", "dbf", "prj"] {
        std::fs::copy(
            fixture(&format!("shx/good.{ext}")),
            dir.path().join(format!("many.{ext}")),
        )
        .unwrap();
    }
    let good = std::fs::read(fixture("shx/good.shx")).unwrap();
    let mut shx = good[..100].to_vec();
    for _ in 0..200_000 {
        shx.extend_from_slice(&good[100..108]);
    }
    std::fs::write(dir.path().join("many.shx"), &shx).unwrap();
    let layer = load_layers(&dir.path().join("many.shp"), &LoadOptions::default())
        .unwrap()
        .remove(0);
    assert_eq!(layer.features.len(), 3);
    assert!(
        layer
            .warnings
            .iter()
            .any(|w| w.contains(".shx index does not fit")),
        "{:?}",
        layer.warnings
    );
}

#[test]
fn the_small_shx_reproducers() {
    // 50 entries all naming record 0, beside a .dbf of 50 rows: the .shp holds 3 records.
    let err = error_text(&fixture("shx/one_record_many_times.shp"));
    assert!(err.contains("3 records") && err.contains("has 50"), "{err}");
    // An entry past the end of the .shp: the .shp's own headers give the 3 records.
    let layer = load_layers(&fixture("shx/past_end.shp"), &LoadOptions::default())
        .unwrap()
        .remove(0);
    assert_eq!(layer.features.len(), 3);
    assert!(
        layer.warnings.iter().any(|w| w.contains("past the end")),
        "{:?}",
        layer.warnings
    );
    // A record claiming 2^31 - 1 points is refused before anything is allocated for them.
    let err = error_text(&fixture("shx/huge_count.shp"));
    assert!(
        err.contains("record 1 is corrupt") && err.contains("2147483647 points"),
        "{err}"
    );
}

/// Inputs the fuzz targets found (fuzz/), each kept as a reproducer.
#[test]
fn fuzz_findings_stay_fixed() {
    // exchange_text: an easting of 4.4e18 gave zone number u32::MAX, and EPSG code arithmetic
    // overflowed (a panic with debug assertions, a wrong zone without).
    let path = fixture("fuzz/exchange_text_zone_overflow.txt");
    zonecheck::fuzzing::exchange_text(&std::fs::read(&path).unwrap());
    let err = error_text(&path);
    assert!(err.contains("exchange_text_zone_overflow.txt"), "{err}");
}

/// A loader's warning says what the user can do about it, not only what happened (issue 9): each
/// case here is a file loaded with a warning elsewhere in these tests.
#[test]
fn loader_warnings_say_what_to_do() {
    let warnings = |rel: &str| -> String {
        load_layers(&fixture(rel), &LoadOptions::default())
            .unwrap()
            .iter()
            .flat_map(|l| l.warnings.clone())
            .collect::<Vec<_>>()
            .join("\n")
    };
    for (rel, about, what_to_do) in [
        (
            "no_dbf/parcels.shp",
            "no parcels.dbf",
            "put the .dbf beside the .shp",
        ),
        (
            "shx/past_end.shp",
            "does not fit the .shp",
            "rebuild the .shx",
        ),
        (
            "geojson/bow_tie.geojson",
            "self-intersecting",
            "Fix geometries",
        ),
        (
            "no_fields/empty_units.shp",
            "no features",
            "the wrong file?",
        ),
    ] {
        let w = warnings(rel);
        assert!(w.contains(about) && w.contains(what_to_do), "{rel}: {w}");
    }
}

/// Found by fuzzing (fuzz/RUNS.md, finding 5): a File Geodatabase table (packed as
/// `zonecheck::fuzzing::pack_files` does) whose self-crossing polygons near Hengshui have runs of
/// one repeated vertex and segments of a tenth of a micro-degree. Their even-odd repair through
/// geo 0.33 (i_overlay 4.5.2) failed an assertion inside i_overlay (`extract_ogc.rs:121`; debug
/// and fuzz builds panicked, as this test did). The repair now calls i_overlay 9 directly
/// (`io::overlay_kernel`).
#[test]
fn a_fuzzed_geodatabase_polygon_is_repaired_without_a_kernel_assertion() {
    let data = std::fs::read(fixture("../fuzz/filegdb-overlay-assertion.bin")).unwrap();
    // Reads or is refused with an error; the harness itself panics on a panic.
    zonecheck::fuzzing::filegdb(&data);
}

/// Found by fuzzing (fuzz/RUNS.md, finding 16): a mangled exchange text whose one parcel of 65
/// points jumps between latitude 37° and the equator and back, so that its boundary crosses
/// itself over and over (its even-odd repair was 1,415 slivers and took 3.8 s in a release build,
/// 15 s in the fuzz build). Such a boundary is refused, naming the file and the parcel, before
/// any repair is tried.
#[test]
fn a_boundary_tangled_past_repair_is_an_error_naming_the_feature() {
    let path = fixture("../fuzz/exchange_text-tangled-parcel.txt");
    let before = std::fs::read(&path).unwrap();
    let e = error_text(&path);
    assert!(
        e.contains("exchange_text-tangled-parcel.txt")
            && e.contains("feature 0")
            && e.contains("crosses itself at more than 256 places (64 segments"),
        "{e}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}
