//! The verdict, honest: 无法判定 with the right `missing` list when each sensitive layer is absent,
//! when the industry code is missing, when a unit has no requirements, when the site extends outside
//! the units; 不符合 for a prohibited industry even with layers missing; 符合 only with everything
//! present; a dimension stated not applicable counts as checked and its reason reaches the report.
//!
//! Workspaces are built from the bundled sample's own layers through project files written to a
//! temporary folder (absolute paths), so each case differs from the full sample by one statement.
//! The compliant site is a 200 m square around (39,417,700 E, 4,145,653 N, EPSG:4527) inside the
//! general-control unit ZH13112630004 (故城县), far from every redline, reserve, water-source zone
//! and river of the sample (2,496 m to the nearest, a river): tests/fixtures/workspace/clear_site.py
//! (pyogrio + shapely + pyproj) checks it.

use std::path::{Path, PathBuf};

use zonecheck::io::{LoadOptions, load_site};
use zonecheck::report::{Lang, ProjectInfo, ReportData};
use zonecheck::requirements::IndustryCode;
use zonecheck::workspace::{
    OpenOptions, SiteQuestion, SiteReport, VerdictResult, Workspace, site_report,
};

fn sample() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample_data")
}

/// The sample's layers as project entries: file, role, then `meaning = "FIELD"` pairs.
const UNITS: (&str, &str, &str) = ("衡水市环境管控单元.shp", "control_units", "");
const RESERVE: (&str, &str, &str) = (
    "衡水湖国家级自然保护区.shp",
    "reserve",
    "name = \"BHQMC\"\nzone = \"GNQ\"",
);
const REDLINE: (&str, &str, &str) = ("衡水市生态保护红线.shp", "redline", "name = \"HXMC\"");
const WATER: (&str, &str, &str) = (
    "衡水市饮用水水源保护区.shp",
    "water_source",
    "name = \"水源地名称\"\nzone = \"功能类型\"",
);
const RIVERS: (&str, &str, &str) = ("衡水市主要河流.geojson", "river", "name = \"HLMC\"");

type Part = (&'static str, &'static str, &'static str);

fn entry((file, role, fields): Part) -> String {
    format!("[[layers]]\npath = \"{{S}}/{file}\"\nrole = \"{role}\"\n[layers.fields]\n{fields}\n")
}

const TABLES: &str = r#"requirements = ["{S}/requirements/衡水市生态环境准入清单.csv", "{S}/requirements/衡水市行业准入规则.csv"]
"#;

/// A project of the sample's layers `parts` (TOML snippets), written to `dir`.
fn project(dir: &Path, head: &str, parts: &[Part]) -> PathBuf {
    let s = sample().display().to_string();
    let mut text = format!("name = \"测试\"\n{head}");
    for p in parts {
        text.push_str(&entry(*p));
    }
    let path = dir.join("t.zonecheck.toml");
    std::fs::write(&path, text.replace("{S}", &s)).unwrap();
    path
}

fn open(path: &Path) -> Workspace {
    Workspace::open(&[path.to_path_buf()], &OpenOptions::default()).unwrap()
}

/// The compliant square (see the module comment) as GeoJSON in EPSG:4527.
fn clear_site(dir: &Path) -> PathBuf {
    let (e, n) = (39_417_700.0, 4_145_653.0);
    let ring: Vec<[f64; 2]> = vec![
        [e - 100.0, n - 100.0],
        [e + 100.0, n - 100.0],
        [e + 100.0, n + 100.0],
        [e - 100.0, n + 100.0],
        [e - 100.0, n - 100.0],
    ];
    let text = serde_json::json!({
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4527"}},
        "features": [{"type": "Feature", "properties": {"name": "清洁场地"},
                      "geometry": {"type": "Polygon", "coordinates": [ring]}}]
    });
    let path = dir.join("clear.geojson");
    std::fs::write(&path, text.to_string()).unwrap();
    path
}

fn answer(ws: &Workspace, site: &Path, industry: Option<&str>) -> SiteReport {
    let site = load_site(site, &LoadOptions::default()).unwrap();
    let question = SiteQuestion {
        radius_m: 1000.0,
        industry: industry.map(|c| IndustryCode::parse(c).unwrap()),
        lang: Lang::Zh,
    };
    site_report(ws, &site, &question).unwrap()
}

fn missing(r: &SiteReport) -> Vec<&'static str> {
    r.verdict.missing.iter().map(|d| d.key()).collect()
}

const ALL: [Part; 5] = [UNITS, RESERVE, REDLINE, WATER, RIVERS];

#[test]
fn complies_only_with_everything_present() {
    let dir = tempfile::tempdir().unwrap();
    let ws = open(&project(dir.path(), TABLES, &ALL));
    let site = clear_site(dir.path());
    // C3411 (锅炉制造) is under the city's 鼓励 rule for C34 and no prohibition.
    let r = answer(&ws, &site, Some("C3411"));
    assert_eq!(r.units.len(), 1, "{:?}", r.units);
    assert_eq!(r.units[0].code, "ZH13112630004");
    assert!(r.verdict.missing.is_empty(), "{:?}", r.verdict);
    assert_eq!(
        r.verdict.result,
        VerdictResult::Compliant,
        "{:?}",
        r.verdict
    );
    assert_eq!(r.verdict.conclusion(Lang::Zh), "符合");
    // The same site without an industry code cannot be called compliant.
    let r = answer(&ws, &site, None);
    assert_eq!(r.verdict.result, VerdictResult::Undetermined);
    assert_eq!(missing(&r), ["industry"]);
    assert_eq!(
        r.verdict.conclusion(Lang::Zh),
        "无法判定（需补充：行业准入核查）"
    );
}

#[test]
fn each_absent_sensitive_layer_is_named_missing() {
    let dir = tempfile::tempdir().unwrap();
    let site = clear_site(dir.path());
    let cases = [
        (REDLINE, "redline"),
        (RESERVE, "reserve"),
        (WATER, "water_source"),
        (RIVERS, "rivers"),
    ];
    for (left_out, key) in cases {
        let parts: Vec<Part> = ALL.iter().copied().filter(|p| *p != left_out).collect();
        let ws = open(&project(dir.path(), TABLES, &parts));
        let r = answer(&ws, &site, Some("C3411"));
        assert_eq!(r.verdict.result, VerdictResult::Undetermined, "{key}");
        assert_eq!(missing(&r), [key], "{key}: {:?}", r.verdict);
        assert!(
            r.verdict.reasons.iter().any(|t| t.contains("未载入")),
            "{:?}",
            r.verdict.reasons
        );
    }
}

#[test]
fn units_alone_and_no_industry_miss_every_other_check() {
    let dir = tempfile::tempdir().unwrap();
    let ws = open(&project(dir.path(), "", &[UNITS]));
    let site_a = sample().join("sites/示例项目A_化工园区扩建.geojson");
    let r = answer(&ws, &site_a, None);
    assert_eq!(r.verdict.result, VerdictResult::Undetermined);
    assert_eq!(
        missing(&r),
        ["redline", "reserve", "water_source", "rivers", "industry"]
    );
    // The units' own requirement fields were found: requirements are not missing.
    assert!(r.units.iter().all(|u| u.requirement_count > 0));
}

#[test]
fn a_prohibited_industry_does_not_comply_even_with_layers_missing() {
    let dir = tempfile::tempdir().unwrap();
    let ws = open(&project(dir.path(), TABLES, &[UNITS]));
    let site_a = sample().join("sites/示例项目A_化工园区扩建.geojson");
    let r = answer(&ws, &site_a, Some("C2614"));
    assert_eq!(
        r.verdict.result,
        VerdictResult::NonCompliant,
        "{:?}",
        r.verdict
    );
    assert!(
        r.verdict.reasons[0].contains("禁止准入类"),
        "{:?}",
        r.verdict
    );
    // What was not checked is still said.
    assert_eq!(
        missing(&r),
        ["redline", "reserve", "water_source", "rivers"]
    );
}

#[test]
fn a_redline_overlap_does_not_comply_and_cites_its_rule() {
    let dir = tempfile::tempdir().unwrap();
    let ws = open(&project(dir.path(), TABLES, &ALL));
    // Site B overlaps the 衡水湖 redline and the reserve's 实验区 (tests/suite/report_sample.rs).
    let site_b = sample().join("sites/示例项目B_界址点.txt");
    let r = answer(&ws, &site_b, Some("C3411"));
    assert_eq!(
        r.verdict.result,
        VerdictResult::NonCompliant,
        "{:?}",
        r.verdict
    );
    assert!(
        r.verdict.basis.iter().any(|b| b.contains("三条控制线")),
        "{:?}",
        r.verdict.basis
    );
    // The experimental zone's condition is listed too.
    assert!(
        r.verdict.conditions.iter().any(|c| c.contains("污染环境")),
        "{:?}",
        r.verdict.conditions
    );
}

#[test]
fn a_stated_not_applicable_dimension_counts_as_checked_and_is_quoted() {
    let dir = tempfile::tempdir().unwrap();
    let head = format!(
        "{TABLES}not_applicable = {{ water_source = \"本市无集中式饮用水水源地（测试声明）\" }}\n"
    );
    let parts = [UNITS, RESERVE, REDLINE, RIVERS];
    let ws = open(&project(dir.path(), &head, &parts));
    let site_path = clear_site(dir.path());
    let r = answer(&ws, &site_path, Some("C3411"));
    assert_eq!(
        r.verdict.result,
        VerdictResult::Compliant,
        "{:?}",
        r.verdict
    );
    let site = load_site(&site_path, &LoadOptions::default()).unwrap();
    let info = ProjectInfo {
        name: "测试".into(),
        industry: r.industry.clone(),
        industry_name: None,
        lang: Lang::Zh,
    };
    let data = ReportData::build(&ws, &site, &r, &info).unwrap();
    assert!(
        data.verdict
            .contains("本市无集中式饮用水水源地（测试声明）"),
        "{}",
        data.verdict
    );
    assert!(
        data.sensitive
            .iter()
            .any(|s| s.sentence.contains("本市无集中式饮用水水源地")),
        "{:?}",
        data.sensitive
    );
    // An unknown dimension name is refused, naming it.
    let bad = project(
        dir.path(),
        "not_applicable = { lakes = \"无\" }\n",
        &[UNITS],
    );
    let err = Workspace::open(&[bad], &OpenOptions::default())
        .err()
        .expect("an unknown dimension is an error")
        .to_string();
    assert!(err.contains("lakes"), "{err}");
}

/// A one-unit GeoJSON layer (a 0.01° square at 116°E 38°N) without requirement fields, and
/// sites inside it and half outside it.
fn tiny_units(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let square = |x0: f64, y0: f64, d: f64| {
        vec![
            [x0, y0],
            [x0 + d, y0],
            [x0 + d, y0 + d],
            [x0, y0 + d],
            [x0, y0],
        ]
    };
    let write = |name: &str, props: serde_json::Value, ring: Vec<[f64; 2]>| {
        let text = serde_json::json!({
            "type": "FeatureCollection",
            "features": [{"type": "Feature", "properties": props,
                          "geometry": {"type": "Polygon", "coordinates": [ring]}}]
        });
        let path = dir.join(name);
        std::fs::write(&path, text.to_string()).unwrap();
        path
    };
    let units = write(
        "units.geojson",
        serde_json::json!({"HJGKDYBM": "ZH13110230099", "HJGKDYMC": "测试单元", "ZHGKDYFL": "3"}),
        square(116.0, 38.0, 0.01),
    );
    let inside = write(
        "inside.geojson",
        serde_json::json!({}),
        square(116.002, 38.002, 0.002),
    );
    let half_out = write(
        "half_out.geojson",
        serde_json::json!({}),
        square(116.009, 38.004, 0.002),
    );
    (units, inside, half_out)
}

#[test]
fn a_unit_without_requirements_and_a_site_beyond_the_units_are_missing() {
    let dir = tempfile::tempdir().unwrap();
    let (units, inside, half_out) = tiny_units(dir.path());
    let text = format!(
        "[[layers]]\npath = {:?}\nrole = \"control_units\"\n",
        units.display().to_string()
    );
    let path = dir.path().join("tiny.zonecheck.toml");
    std::fs::write(&path, text).unwrap();
    let ws = open(&path);
    let r = answer(&ws, &inside, None);
    assert_eq!(r.units.len(), 1);
    assert_eq!(r.units[0].requirement_count, 0);
    assert!(missing(&r).contains(&"requirements"), "{:?}", r.verdict);
    assert!(!missing(&r).contains(&"unit_coverage"), "{:?}", r.verdict);
    let r = answer(&ws, &half_out, None);
    assert!(missing(&r).contains(&"unit_coverage"), "{:?}", r.verdict);
    assert!(
        r.verdict.reasons.iter().any(|t| t.contains("超出")),
        "{:?}",
        r.verdict.reasons
    );
}
