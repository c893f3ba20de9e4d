//! Boundary tables in workbooks against the files tests/fixtures/xlsx/make_xlsx.py writes with
//! openpyxl and xlwt: headers in Chinese and English, X/Y with and without the zone prefix,
//! decimal and DMS lon/lat, rings by 圈号, parcels by column or by sheet; areas against the
//! script's pyproj figures (expected.json); sheets that declare absurd sizes; bad files.

use crate::formats_common;
use crate::io_common;

use std::path::PathBuf;

use geo::{Geometry, MultiPolygon};
use serde_json::Value;
use zonecheck::crs::Crs;
use zonecheck::io::{LoadOptions, load_layers, load_site};
use zonecheck::model::{Layer, SourceFormat};
use zonecheck::query::measure::{area_ellipsoidal_m2, area_planar_m2};

fn fixture(name: &str) -> PathBuf {
    formats_common::fixture("xlsx", name)
}

fn expected() -> Value {
    formats_common::expected("xlsx")
}

fn load(name: &str, opts: &LoadOptions) -> Layer {
    formats_common::load_first("xlsx", name, opts)
}

fn polygon_area_m2(g: &Option<Geometry<f64>>) -> f64 {
    match g {
        Some(Geometry::Polygon(p)) => area_ellipsoidal_m2(&MultiPolygon(vec![p.clone()])),
        Some(Geometry::MultiPolygon(mp)) => area_ellipsoidal_m2(mp),
        other => panic!("not a polygon: {other:?}"),
    }
}

fn close(got: f64, want: &Value, tol: f64) {
    let want = want.as_f64().unwrap();
    assert!((got - want).abs() < tol, "{got} vs {want}");
}

#[test]
fn parcels_by_column_under_a_title_row() {
    let layer = load("示例项目B_界址点.xlsx", &LoadOptions::default());
    let exp = expected();
    assert_eq!(layer.format, SourceFormat::CoordinateTable);
    assert_eq!(layer.crs.crs.epsg, Some(4527));
    assert_eq!(layer.features.len(), 2);
    assert_eq!(layer.text(1, Some("地块编号")).as_deref(), Some("B-02"));
    assert_eq!(layer.text(0, Some("点数")).as_deref(), Some("5"));
    for (fid, want) in exp["site_b_parcel_areas_m2"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        close(polygon_area_m2(&layer.features[fid].geometry), want, 0.1);
    }
    // One CRS decision for the whole table: one guess, one warning.
    let guesses = layer
        .warnings
        .iter()
        .filter(|w| w.contains("guessed"))
        .count();
    assert_eq!(guesses, 1, "{:?}", layer.warnings);
}

#[test]
fn parcels_by_sheet_give_the_same_parcels() {
    let by_column = load("示例项目B_界址点.xlsx", &LoadOptions::default());
    let by_sheet = load("示例项目B_分表.xlsx", &LoadOptions::default());
    assert_eq!(by_sheet.text(0, Some("地块名称")).as_deref(), Some("B-01"));
    assert_eq!(by_sheet.text(1, Some("工作表")).as_deref(), Some("B-02"));
    for fid in 0..2 {
        assert_eq!(
            by_sheet.features[fid].geometry,
            by_column.features[fid].geometry
        );
    }
    let one = LoadOptions {
        layer: Some("B-02".into()),
        ..LoadOptions::default()
    };
    assert_eq!(load("示例项目B_分表.xlsx", &one).features.len(), 1);
}

#[test]
fn an_xls_in_english_without_zone_prefix_needs_its_crs() {
    let err = io_common::error_text(&fixture("示例项目B_无带号.xls"));
    assert!(
        err.contains("示例项目B_无带号.xls") && err.contains("no zone number"),
        "{err}"
    );
    let stated = LoadOptions {
        crs: Some(Crs::from_epsg(4548).unwrap()),
        ..LoadOptions::default()
    };
    let plain = load("示例项目B_无带号.xls", &stated);
    let prefixed = load("示例项目B_界址点.xlsx", &LoadOptions::default());
    let exp = expected();
    for (fid, want) in exp["site_b_parcel_areas_m2"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        close(polygon_area_m2(&plain.features[fid].geometry), want, 0.1);
    }
    assert_eq!(plain.text(0, Some("地块名称")).as_deref(), Some("B-01"));
    assert_eq!(prefixed.features.len(), plain.features.len());
}

#[test]
fn lon_lat_in_decimal_and_in_dms() {
    let exp = expected();
    let decimal = load("示例项目A_经纬度.xlsx", &LoadOptions::default());
    close(
        polygon_area_m2(&decimal.features[0].geometry),
        &exp["site_a_area_m2"],
        0.1,
    );
    assert!(
        decimal.warnings.iter().any(|w| w.contains("说明")),
        "{:?}",
        decimal.warnings
    );
    let dms = load("示例项目A_度分秒.xlsx", &LoadOptions::default());
    close(
        polygon_area_m2(&dms.features[0].geometry),
        &exp["site_a_dms_area_m2"],
        0.1,
    );
}

#[test]
fn rings_by_number_make_a_hole() {
    let layer = load("hole.xlsx", &LoadOptions::default());
    let Some(Geometry::Polygon(p)) = &layer.features[0].geometry else {
        panic!("one polygon with a hole: {:?}", layer.features[0].geometry)
    };
    assert_eq!(p.interiors().len(), 1);
    let exp = &expected()["hole"];
    let mp = MultiPolygon(vec![p.clone()]);
    close(
        area_planar_m2(&mp, &Crs::from_epsg(4527).unwrap()).unwrap(),
        &exp["planar_m2"],
        0.01,
    );
    close(area_ellipsoidal_m2(&mp), &exp["ellipsoidal_m2"], 0.1);
}

#[test]
fn declared_sizes_are_not_trusted() {
    // One stray cell at XFD1048576 beside a four-point table: read sparsely, no dense grid.
    let layer = load("far_cell.xlsx", &LoadOptions::default());
    assert_eq!(layer.features.len(), 1);
    // An .xls whose cells span 65536 × 256: refused before calamine allocates it.
    let err = io_common::error_text(&fixture("huge_extent.xls"));
    assert!(
        err.contains("huge_extent.xls") && err.contains("more than the 2000000 cells"),
        "{err}"
    );
}

#[test]
fn bad_workbooks_get_one_clear_error() {
    for (name, says) in [
        ("no_coords.xlsx", "no coordinate columns"),
        ("not_xlsx.xlsx", "not an Excel workbook"),
    ] {
        let err = io_common::error_text(&fixture(name));
        assert!(err.contains(name) && err.contains(says), "{name}: {err}");
    }
    let missing = LoadOptions {
        layer: Some("B-03".into()),
        ..LoadOptions::default()
    };
    let err = load_layers(&fixture("示例项目B_分表.xlsx"), &missing)
        .unwrap_err()
        .to_string();
    assert!(err.contains("B-03") && err.contains("B-01, B-02"), "{err}");
}

#[test]
fn a_table_as_a_site() {
    let site = load_site(&fixture("示例项目B_界址点.xlsx"), &LoadOptions::default()).unwrap();
    assert_eq!(site.parcels.len(), 2);
    assert_eq!(site.parcels[0].name, "B-01");
    let Geometry::MultiPolygon(mp) = &site.geometry else {
        panic!("a polygon site")
    };
    close(area_ellipsoidal_m2(mp), &expected()["site_b_area_m2"], 0.1);
}

/// Found by fuzzing (fuzz/RUNS.md): an .xls whose BOUNDSHEET record puts a sheet past the end of
/// the Workbook stream made calamine panic; it is an error naming the file and the sheet.
#[test]
fn a_sheet_said_to_start_past_the_stream_is_an_error() {
    let path = formats_common::fixture("fuzz", "workbook-boundsheet-past-end.xls");
    let err = io_common::error_text(&path);
    assert!(err.contains("workbook-boundsheet-past-end.xls"), "{err}");
    assert!(err.contains("of the Workbook stream, which has"), "{err}");
    assert!(err.contains("damaged"), "{err}");
}

/// Found by fuzzing (fuzz/RUNS.md, finding 4): a cell reference of nine letters
/// (`r="CnlineStn"`) overflowed calamine's u32 column arithmetic (a panic in debug builds, a
/// wrapped column in release ones). References are checked against Excel's grid first; the
/// error names the file, the sheet part and the reference.
#[test]
fn a_cell_reference_beyond_excels_grid_is_an_error() {
    let path = formats_common::fixture("fuzz", "workbook-cell-reference-overflow.xlsx");
    let err = io_common::error_text(&path);
    assert!(
        err.contains("workbook-cell-reference-overflow.xlsx"),
        "{err}"
    );
    assert!(err.contains("xl/worksheets/sheet1.xml"), "{err}");
    assert!(
        err.contains("<c r=\"CnlineStn\"> lies outside Excel's grid"),
        "{err}"
    );
}

/// Found by fuzzing (fuzz/RUNS.md, finding 18): an .xlsx whose sheet declares
/// `<dimension ref="W1:B1"/>`, a range ending left of its start. calamine 0.38 subtracts start
/// from end unchecked (`xlsx::get_dimension`): the fuzz build (and this debug test, before the
/// fix) panicked, a release build wrapped to a range four billion columns wide. It is an error
/// naming the file, the sheet part and the range.
#[test]
fn a_range_ending_before_it_starts_is_an_error() {
    let path = formats_common::fixture("fuzz", "workbook-range-ends-before-start.xlsx");
    let err = io_common::error_text(&path);
    assert!(
        err.contains("workbook-range-ends-before-start.xlsx")
            && err.contains("xl/worksheets/sheet1.xml")
            && err.contains("<dimension ref=\"W1:B1\"> ends before it starts"),
        "{err}"
    );
}

/// Found by fuzzing (fuzz/RUNS.md, finding 7): an .xls whose workbook-globals record is shorter
/// than the fields calamine 0.38 reads unchecked (`read_u16` in `parse_workbook`) made it panic.
/// It is an error naming the file and the record; it panicked before the fix.
#[test]
fn an_xls_record_shorter_than_its_fields_is_an_error() {
    let path = formats_common::fixture("fuzz", "workbook-short-globals-record.xls");
    let err = io_common::error_text(&path);
    assert!(err.contains("workbook-short-globals-record.xls"), "{err}");
    assert!(
        err.contains("of the Workbook stream (it needs at least"),
        "{err}"
    );
    assert!(err.contains("damaged"), "{err}");
}

/// Fuzz finding 17: a sheet whose BOUNDSHEET places it where no record of the stream's own
/// walk starts; read from there, its DIMENSIONS asked calamine for 2.9 GB (the process
/// aborted). Each sheet is now scanned from its own start too.
#[test]
fn a_sheet_read_from_its_own_start_is_bounded_too() {
    let path = formats_common::fixture("fuzz", "workbook-sheet-start-mid-record.xls");
    let err = io_common::error_text(&path);
    assert!(err.contains("workbook-sheet-start-mid-record.xls"), "{err}");
    assert!(err.contains("more than the 2000000 cells"), "{err}");
}
