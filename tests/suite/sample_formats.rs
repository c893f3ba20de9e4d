//! The bundled sample in other formats, through the real binary: the same data must give the
//! same answers whatever it was saved as.
//!
//! - tests/fixtures/gpkg/hengshui.gpkg: the control units and the nature reserve converted from
//!   sample_data/*.shp by GDAL 3.12 (make_gpkg.py). `query` on a grid of points and `check` on
//!   both sample sites must answer exactly as with the shapefiles; the only difference allowed is
//!   the GeoPackage's own `fid` column among a hit's attributes (kept, as the issue asks).
//! - The sample sites written again as KML (tests/fixtures/kml/make_kml.py), as Ovital's GCJ-02
//!   .ovkml/.ovkmz: the same area as the GeoJSON / exchange-text originals within 0.1 m², and the
//!   same `check` overlaps. Reference areas (../sample_reference/sample_sites.py, pyproj Geod on
//!   GRS80): site A 699,684.823 m², site B 290,113.238 m².
//! - The sample sites as DXF (tests/fixtures/dxf/make_dxf.py, ezdxf): site A as R12 POLYLINEs,
//!   site B as R2000 LWPOLYLINEs with zone-prefixed eastings and without (stated EPSG:4548),
//!   each beside a larger drawing frame that must not be taken for the site.
//! - The sample sites as boundary tables (tests/fixtures/xlsx/make_xlsx.py, openpyxl and xlwt):
//!   lon/lat in decimal and in DMS (rounded to 1e-6″), X/Y with the zone prefix (parcels by
//!   column and by sheet) and without it in an .xls (stated EPSG:4548).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use geo::Geometry;
use serde_json::Value;
use zonecheck::io::{LoadOptions, load_site};
use zonecheck::query::measure::area_ellipsoidal_m2;

/// Site areas by sample_sites.py (pyproj Geod, GRS80).
const SITE_A_M2: f64 = 699_684.823;
const SITE_B_M2: f64 = 290_113.238;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn sample(rel: &str) -> String {
    root().join("sample_data").join(rel).display().to_string()
}

fn fixture(rel: &str) -> PathBuf {
    root().join("tests/fixtures").join(rel)
}

fn zonecheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zonecheck"))
        .args(args)
        .output()
        .expect("the zonecheck binary runs")
}

fn ok_stdout(o: Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout).expect("UTF-8 output")
}

/// The shapefile layers the GeoPackage was made from.
fn shapefiles() -> Vec<String> {
    vec![
        sample("衡水市环境管控单元.shp"),
        sample("衡水湖国家级自然保护区.shp"),
    ]
}

/// A 25 × 25 grid of points over the sample (115.1–116.6 E, 37.0–38.4 N), as a points CSV.
fn grid_points(dir: &Path) -> PathBuf {
    let mut csv = String::from("id,lon,lat\n");
    for i in 0..25 {
        for j in 0..25 {
            let lon = 115.1 + 1.5 * f64::from(i) / 24.0;
            let lat = 37.0 + 1.4 * f64::from(j) / 24.0;
            csv.push_str(&format!("p{i}_{j},{lon:.6},{lat:.6}\n"));
        }
    }
    // Inside the reserve's core zone (see tests/suite/sample_cli.rs).
    csv.push_str("core,115.5883399,37.6160449\n");
    let path = dir.join("grid.csv");
    std::fs::write(&path, csv).expect("write points");
    path
}

/// Query hits as JSON lines with the GeoPackage's `fid` attribute taken out.
fn hits_without_gpkg_fid(jsonl: &str) -> Vec<Value> {
    jsonl
        .lines()
        .map(|line| {
            let mut v: Value = serde_json::from_str(line).expect("a JSON line");
            for hit in v["hits"].as_array_mut().expect("hits") {
                if let Some(attrs) = hit["attributes"].as_object_mut() {
                    attrs.remove("fid");
                }
            }
            v
        })
        .collect()
}

#[test]
fn geopackage_answers_queries_as_the_shapefiles_do() {
    let dir = tempfile::tempdir().unwrap();
    let points = grid_points(dir.path());
    let points = points.display().to_string();
    let mut args = vec!["query".to_string()];
    args.extend(shapefiles());
    args.extend(["--points".into(), points.clone(), "--json".into()]);
    let shp = ok_stdout(zonecheck(
        &args.iter().map(String::as_str).collect::<Vec<_>>(),
    ));
    let gpkg = fixture("gpkg/hengshui.gpkg").display().to_string();
    let from_gpkg = ok_stdout(zonecheck(&["query", &gpkg, "--points", &points, "--json"]));
    let (a, b) = (
        hits_without_gpkg_fid(&shp),
        hits_without_gpkg_fid(&from_gpkg),
    );
    assert_eq!(a.len(), 626);
    // The grid reaches into the units (254 hits) and the reserve: the comparison is not of empty lists.
    let hit_count: usize = a.iter().map(|v| v["hits"].as_array().unwrap().len()).sum();
    assert!(hit_count > 200, "{hit_count}");
    assert_eq!(a, b);
}

#[test]
fn geopackage_answers_site_checks_as_the_shapefiles_do() {
    let gpkg = fixture("gpkg/hengshui.gpkg").display().to_string();
    // Also through a project file naming each table with `layer = "..."`.
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("gpkg.zonecheck.toml");
    std::fs::write(
        &project,
        format!(
            "name = \"gpkg\"\n[[layers]]\npath = {gpkg:?}\nlayer = \"衡水市环境管控单元\"\n\
             [[layers]]\npath = {gpkg:?}\nlayer = \"衡水湖国家级自然保护区\"\n"
        ),
    )
    .unwrap();
    let project = project.display().to_string();
    for site in [
        "sites/示例项目A_化工园区扩建.geojson",
        "sites/示例项目B_界址点.txt",
    ] {
        let site = sample(site);
        let mut args = vec!["check".to_string()];
        args.extend(shapefiles());
        args.extend(["--site".into(), site.clone(), "--json".into()]);
        let shp = ok_stdout(zonecheck(
            &args.iter().map(String::as_str).collect::<Vec<_>>(),
        ));
        let from_gpkg = ok_stdout(zonecheck(&["check", &gpkg, "--site", &site, "--json"]));
        assert_eq!(shp, from_gpkg, "site {site}");
        let from_project = ok_stdout(zonecheck(&["check", &project, "--site", &site, "--json"]));
        assert_eq!(shp, from_project, "site {site} through the project file");
        let v: Value = serde_json::from_str(&shp).unwrap();
        assert!(!v["overlaps"].as_array().unwrap().is_empty());
    }
}

#[test]
fn info_lists_each_table_of_a_geopackage() {
    let gpkg = fixture("gpkg/hengshui.gpkg").display().to_string();
    let v: Value = serde_json::from_str(&ok_stdout(zonecheck(&["info", &gpkg, "--json"]))).unwrap();
    let layers = v.as_array().expect("one entry per table");
    assert_eq!(layers.len(), 2);
    assert_eq!(layers[0]["member"], "衡水市环境管控单元");
    assert_eq!(layers[0]["format"], "GeoPackage");
    let one = format!("{gpkg}|layername=衡水湖国家级自然保护区");
    let v: Value = serde_json::from_str(&ok_stdout(zonecheck(&["info", &one, "--json"]))).unwrap();
    assert_eq!(v["member"], "衡水湖国家级自然保护区");
}

fn site_area_m2(path: &Path, crs: Option<&str>) -> f64 {
    let opts = LoadOptions {
        crs: crs.map(|c| zonecheck::crs::Crs::from_user_text(c).expect("a CRS")),
        ..LoadOptions::default()
    };
    let site = load_site(path, &opts).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match &site.geometry {
        Geometry::MultiPolygon(mp) => area_ellipsoidal_m2(mp),
        other => panic!("{}: not a polygon site: {other:?}", path.display()),
    }
}

/// `check --json` of the sample project for `site`, read with `--site-crs` when given.
fn check_sample(site: &Path, crs: Option<&str>) -> Value {
    let project = sample("hengshui.zonecheck.toml");
    let site = site.display().to_string();
    let mut args = vec!["check", &project, "--site", &site, "--json"];
    if let Some(crs) = crs {
        args.extend(["--site-crs", crs]);
    }
    serde_json::from_str(&ok_stdout(zonecheck(&args))).expect("JSON")
}

/// The same overlaps (layer, fid, code) with areas within 0.1 m², and the same site area.
fn same_check(got: &Value, want: &Value, what: &str) {
    let close = |a: &Value, b: &Value| (a.as_f64().unwrap() - b.as_f64().unwrap()).abs() < 0.1;
    assert!(
        close(&got["site"]["area_m2"], &want["site"]["area_m2"]),
        "{what}: site area"
    );
    let (g, w) = (
        got["overlaps"].as_array().unwrap(),
        want["overlaps"].as_array().unwrap(),
    );
    assert_eq!(g.len(), w.len(), "{what}: overlap count");
    assert!(!w.is_empty());
    for (a, b) in g.iter().zip(w) {
        for key in ["layer", "fid", "code", "name"] {
            assert_eq!(a[key], b[key], "{what}: {key}");
        }
        assert!(
            close(&a["area_m2"], &b["area_m2"]),
            "{what}: {} vs {}",
            a["area_m2"],
            b["area_m2"]
        );
    }
}

/// Each copy of a sample site (with the CRS to state, if any) against its original: area (and
/// the reference) and `check`.
fn same_site_as_original(copies: &[(&str, Option<&str>)], original: &str, reference_m2: f64) {
    let original = root().join("sample_data/sites").join(original);
    let want_area = site_area_m2(&original, None);
    assert!((want_area - reference_m2).abs() < 0.01, "{want_area}");
    let want = check_sample(&original, None);
    for &(copy, crs) in copies {
        let path = fixture(copy);
        let area = site_area_m2(&path, crs);
        assert!(
            (area - want_area).abs() < 0.1,
            "{copy}: {area} m² vs the original's {want_area} m²"
        );
        same_check(&check_sample(&path, crs), &want, copy);
    }
}

#[test]
fn sites_as_kml_and_ovital_gcj02_match_the_originals() {
    same_site_as_original(
        &[("kml/示例项目A.kml", None), ("kml/示例项目A.ovkmz", None)],
        "示例项目A_化工园区扩建.geojson",
        SITE_A_M2,
    );
    same_site_as_original(
        &[("kml/示例项目B.kml", None), ("kml/示例项目B.ovkml", None)],
        "示例项目B_界址点.txt",
        SITE_B_M2,
    );
}

#[test]
fn sites_as_dxf_with_and_without_zone_prefix_match_the_originals() {
    same_site_as_original(
        &[("dxf/示例项目A.dxf", None)],
        "示例项目A_化工园区扩建.geojson",
        SITE_A_M2,
    );
    same_site_as_original(
        &[
            ("dxf/示例项目B_带号.dxf", None),
            ("dxf/示例项目B_无带号.dxf", Some("EPSG:4548")),
        ],
        "示例项目B_界址点.txt",
        SITE_B_M2,
    );
}

#[test]
fn sites_as_spreadsheet_tables_match_the_originals() {
    same_site_as_original(
        &[
            ("xlsx/示例项目A_经纬度.xlsx", None),
            ("xlsx/示例项目A_度分秒.xlsx", None),
        ],
        "示例项目A_化工园区扩建.geojson",
        SITE_A_M2,
    );
    same_site_as_original(
        &[
            ("xlsx/示例项目B_界址点.xlsx", None),
            ("xlsx/示例项目B_分表.xlsx", None),
            ("xlsx/示例项目B_无带号.xls", Some("EPSG:4548")),
        ],
        "示例项目B_界址点.txt",
        SITE_B_M2,
    );
}
