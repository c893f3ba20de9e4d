//! Drives `zonecheck batch` as scripts will: many sites from one file or a folder, JSON Lines in
//! input order with error lines for unreadable sites and exit status 1 after the rest, the
//! summary table, the per-site reports, and the same numbers as one `check` per site.
//!
//! Reference figures: tests/fixtures/batch/expected.json, written by make_fixtures.py beside it
//! (shapely 2.2.0 intersections, pyproj 3.7.2 `Geod(ellps="GRS80")` geodesic areas; the method
//! is stated in the script). The fixtures and the figures are regenerated together by that script.

use crate::batch_common;

use std::path::Path;
use std::process::Output;

use serde_json::Value;

use batch_common::{expected, fixture, stderr, stdout, zonecheck};

/// Every stdout line parsed as JSON (fails the test on any other line).
fn json_lines(o: &Output) -> Vec<Value> {
    stdout(o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

fn close(actual: f64, expected: f64, relative: f64) -> bool {
    (actual - expected).abs() <= relative * expected.abs().max(1.0)
}

#[test]
fn each_feature_is_a_site_in_input_order_with_error_lines_and_exit_1() {
    let sites = fixture("sites.geojson");
    let o = zonecheck(&[
        "batch",
        &fixture("old.zonecheck.toml"),
        "--sites",
        &sites,
        "--json",
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "a site failed: exit 1\n{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("8 个地块中有 2 个未能核查"),
        "{}",
        stderr(&o)
    );
    let lines = json_lines(&o);
    let want = expected();
    let want_sites = want["sites"].as_array().expect("sites");
    assert_eq!(
        lines.len(),
        want_sites.len(),
        "one line per site, unreadable ones included"
    );
    for (line, w) in lines.iter().zip(want_sites) {
        assert_eq!(line["index"], w["index"]);
        assert_eq!(line["id"], w["id"], "ids: DKBH, else <stem>#<index+1>");
        assert_eq!(line["source"].as_str(), Some(sites.as_str()));
        if w["error"] == true {
            let message = line["error"].as_str().expect("an error line says why");
            assert!(message.contains("sites.geojson"), "{message}");
            assert!(line.get("site").is_none(), "{line}");
            continue;
        }
        assert!(line.get("error").is_none(), "{line}");
        let area = line["site"]["area_m2"].as_f64().expect("site area");
        let want_area = w["area_m2"].as_f64().expect("expected area");
        assert!(
            close(area, want_area, 1e-6),
            "{} area {area} vs {want_area}",
            w["id"]
        );
        let units: Vec<&Value> = line["overlaps"]
            .as_array()
            .expect("overlaps")
            .iter()
            .filter(|o| o["role"] == "control_units")
            .collect();
        let want_units = w["before"].as_array().expect("before");
        let mut codes: Vec<&str> = units.iter().filter_map(|u| u["code"].as_str()).collect();
        codes.sort();
        let want_codes: Vec<&str> = want_units
            .iter()
            .filter_map(|u| u["code"].as_str())
            .collect();
        assert_eq!(codes, want_codes, "{}", w["id"]);
        for wu in want_units {
            let u = units
                .iter()
                .find(|u| u["code"] == wu["code"])
                .expect("unit listed");
            assert_eq!(u["category"], wu["category"]);
            let share = u["share"].as_f64().expect("share");
            assert!((share - wu["share"].as_f64().unwrap()).abs() < 1e-6, "{u}");
        }
        assert_eq!(line["data_version"]["version"], "2023年版");
        assert!(line["verdict"]["result"].is_string(), "{line}");
    }
}

#[test]
fn three_parcels_give_the_numbers_of_three_checks() {
    let units = fixture("units_old.geojson");
    let reserve = fixture("保护区_old.geojson");
    let o = zonecheck(&[
        "batch",
        &units,
        &reserve,
        "--sites",
        &fixture("三地块.txt"),
        "--json",
        "--radius",
        "3000",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let lines = json_lines(&o);
    let ids: Vec<&str> = lines.iter().filter_map(|l| l["id"].as_str()).collect();
    assert_eq!(ids, ["P01", "P02", "P03"], "地块编号 is the id");
    for (i, line) in lines.iter().enumerate() {
        let parcel = fixture(&format!("parcel_{}.txt", i + 1));
        let c = zonecheck(&[
            "check", &units, &reserve, "--site", &parcel, "--json", "--radius", "3000",
        ]);
        assert!(c.status.success(), "{}", stderr(&c));
        let check: Value = serde_json::from_str(&stdout(&c)).expect("check --json");
        for key in ["site", "overlaps", "nearby", "verdict", "data_version"] {
            assert_eq!(line[key], check[key], "parcel {} {key}", i + 1);
        }
        assert!(
            !check["overlaps"].as_array().expect("overlaps").is_empty(),
            "the parcels lie in the units"
        );
    }
    // P02 straddles 115.10 E: two units; the figures are what a check says, not empty.
    let units_hit = lines[1]["overlaps"]
        .as_array()
        .expect("overlaps")
        .iter()
        .filter(|o| o["role"] == "control_units")
        .count();
    assert_eq!(units_hit, 2);
    assert!(lines[0]["nearby"].as_array().is_some_and(|n| !n.is_empty()));
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).expect("write fixture");
}

fn polygon(lon0: f64, lat0: f64, lon1: f64, lat1: f64) -> String {
    format!(
        r#"{{"type":"Polygon","coordinates":[[[{lon0},{lat0}],[{lon1},{lat0}],[{lon1},{lat1}],[{lon0},{lat1}],[{lon0},{lat0}]]]}}"#
    )
}

#[test]
fn a_folder_is_one_site_per_file_in_byte_order() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sites = dir.path().join("地块");
    std::fs::create_dir(&sites).expect("mkdir");
    write(
        &sites.join("b.geojson"),
        &polygon(115.19, 37.02, 115.23, 37.04),
    );
    write(
        &sites.join("Z.geojson"),
        &polygon(115.02, 37.02, 115.04, 37.04),
    );
    write(
        &sites.join("é.geojson"),
        &polygon(115.32, 37.01, 115.34, 37.03),
    );
    write(
        &sites.join("broken.geojson"),
        "{\"type\": \"Polygon\", \"coordinates\": [[[",
    );
    write(&sites.join("readme.md"), "not a site");
    write(&sites.join("Z.prj"), "sidecar, skipped without a word");
    let units = fixture("units_old.geojson");
    let o = zonecheck(&[
        "batch",
        &units,
        "--sites",
        sites.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("readme.md"),
        "skipped files are named: {}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("Z.prj"), "{}", stderr(&o));
    let lines = json_lines(&o);
    let ids: Vec<&str> = lines.iter().filter_map(|l| l["id"].as_str()).collect();
    assert_eq!(
        ids,
        ["Z", "b", "broken", "é"],
        "UTF-8 byte order of the names"
    );
    assert!(
        lines[2]["error"]
            .as_str()
            .is_some_and(|e| e.contains("broken.geojson"))
    );
    for (i, name) in [(0, "Z.geojson"), (1, "b.geojson"), (3, "é.geojson")] {
        let path = sites.join(name);
        assert_eq!(lines[i]["source"].as_str(), path.to_str());
        let c = zonecheck(&["check", &units, "--site", path.to_str().unwrap(), "--json"]);
        let check: Value = serde_json::from_str(&stdout(&c)).expect("check --json");
        assert_eq!(lines[i]["site"], check["site"], "{name}");
        assert_eq!(lines[i]["overlaps"], check["overlaps"], "{name}");
    }
}

#[test]
fn the_summary_table_has_a_row_per_site_and_names_the_version() {
    let dir = tempfile::tempdir().expect("temp dir");
    let csv = dir.path().join("汇总.csv");
    let o = zonecheck(&[
        "batch",
        &fixture("old.zonecheck.toml"),
        "--sites",
        &fixture("sites.geojson"),
        "--out",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        !stderr(&o).contains('\r'),
        "no progress bar when stderr is not a terminal"
    );
    let text = std::fs::read_to_string(&csv).expect("summary written");
    let text = text.strip_prefix('\u{feff}').expect("UTF-8 BOM for Excel");
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers = reader.headers().expect("header row").clone();
    assert_eq!(&headers[1], "地块编号");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), 8);
    let dk2 = &rows[1];
    assert_eq!(&dk2[1], "DK-002");
    assert!(
        dk2[6].contains("ZH13110220002") && dk2[6].contains("25.00%"),
        "{dk2:?}"
    );
    let area: f64 = dk2[3].parse().expect("area in m²");
    let want = expected()["sites"][1]["area_m2"].as_f64().unwrap();
    assert!(close(area, want, 1e-6), "{area} vs {want}");
    assert!(
        dk2[11].contains("2023年版"),
        "the version the answer used: {dk2:?}"
    );
    assert!(
        !rows[5][12].is_empty(),
        "the point site's error: {:?}",
        rows[5]
    );

    // Plain layers state no version: the summary says so.
    let xlsx = dir.path().join("summary.xlsx");
    let o = zonecheck(&[
        "batch",
        &fixture("units_old.geojson"),
        "--sites",
        &fixture("三地块.txt"),
        "--out",
        xlsx.to_str().unwrap(),
        "--lang",
        "en",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("Data version: not stated"),
        "{}",
        stdout(&o)
    );
    use calamine::{Reader, open_workbook_auto};
    let mut wb = open_workbook_auto(&xlsx).expect("workbook");
    let range = wb.worksheet_range("Batch summary").expect("sheet");
    assert_eq!(range.height(), 4, "header and three parcels");
    let version = range
        .get_value((1, 11))
        .map(|c| c.to_string())
        .unwrap_or_default();
    assert!(version.starts_with("not stated"), "{version}");
}

#[test]
fn reports_are_named_by_site_id_and_never_over_inputs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let reports = dir.path().join("reports");
    let o = zonecheck(&[
        "batch",
        &fixture("units_old.geojson"),
        "--sites",
        &fixture("三地块.txt"),
        "--reports",
        reports.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut names: Vec<String> = std::fs::read_dir(&reports)
        .expect("reports folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["P01.docx", "P02.docx", "P03.docx"],
        "Word by default"
    );
    let head = std::fs::read(reports.join("P01.docx")).expect("report");
    assert!(head.starts_with(b"PK"), "a .docx is a zip");

    // A coordinate list is a one-site file; writing the summary over it is refused.
    let site = dir.path().join("site.csv");
    let original = "lon,lat\n115.02,37.02\n115.04,37.02\n115.04,37.04\n115.02,37.04\n";
    write(&site, original);
    let o = zonecheck(&[
        "batch",
        &fixture("units_old.geojson"),
        "--sites",
        site.to_str().unwrap(),
        "--out",
        site.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("overwrite an input"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&site).unwrap(), original);
}

#[test]
fn a_sites_path_that_cannot_be_read_fails_before_any_work() {
    let units = fixture("units_old.geojson");
    let o = zonecheck(&[
        "batch",
        &units,
        "--sites",
        "/nonexistent/sites.geojson",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty());
    assert!(
        stderr(&o).contains("/nonexistent/sites.geojson"),
        "{}",
        stderr(&o)
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let o = zonecheck(&["batch", &units, "--sites", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no site file"), "{}", stderr(&o));
}

#[test]
fn kml_placemarks_are_sites_named_by_their_name() {
    let dir = tempfile::tempdir().expect("temp dir");
    let kml = dir.path().join("供地.kml");
    let ring = |lon0: f64, lat0: f64| {
        format!(
            "{lon0},{lat0},0 {},{lat0},0 {},{},0 {lon0},{},0 {lon0},{lat0},0",
            lon0 + 0.02,
            lon0 + 0.02,
            lat0 + 0.02,
            lat0 + 0.02
        )
    };
    let placemark = |name: &str, lon0: f64, lat0: f64| {
        format!(
            "<Placemark><name>{name}</name><Polygon><outerBoundaryIs><LinearRing><coordinates>{}</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>",
            ring(lon0, lat0)
        )
    };
    write(
        &kml,
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>{}{}</Document></kml>"#,
            placemark("北区一号地", 115.02, 37.02),
            placemark("南区二号地", 115.25, 37.06)
        ),
    );
    let o = zonecheck(&[
        "batch",
        &fixture("units_old.geojson"),
        "--sites",
        kml.to_str().unwrap(),
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let lines = json_lines(&o);
    let ids: Vec<&str> = lines.iter().filter_map(|l| l["id"].as_str()).collect();
    assert_eq!(ids, ["北区一号地", "南区二号地"]);
    assert_eq!(lines[0]["overlaps"][0]["code"], "ZH13110210001");
    assert_eq!(lines[1]["overlaps"][0]["code"], "ZH13110230003");
}
