//! Access-list tables: layered requirements for real units, coverage (units without requirements,
//! rows whose code matches no unit), Excel reading, and the sample Hengshui tables.

use std::path::PathBuf;

use zonecheck::requirements::{
    AccessList, Dimension, IndustryCode, Level, RequirementSet, load_industry_rules,
    load_requirement_table,
};
use zonecheck::workspace::{OpenOptions, Workspace};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture_catalog() -> Workspace {
    let p = root().join("tests/fixtures/report/fixture.zonecheck.toml");
    Workspace::open(&[p], &OpenOptions::default()).unwrap()
}

#[test]
fn requirements_for_a_unit_run_province_to_unit_in_all_dimensions() {
    let catalog = fixture_catalog();
    let access = AccessList::for_project(&catalog.project, &[]).unwrap();
    let units = &catalog.layers[0].layer;
    // fid 0 is ZH13110220001 (桃城区, key control) in the fixture (make_fixtures.py).
    assert_eq!(units.unit_code(0).as_deref(), Some("ZH13110220001"));
    let reqs = access.requirements.requirements_for(units, 0);
    let got: Vec<(Level, Dimension, &str)> = reqs
        .iter()
        .map(|r| (r.level, r.dimension, r.text.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                Level::Province,
                Dimension::Spatial,
                "禁止新建、扩建钢铁、焦化、水泥熟料、平板玻璃等产能过剩行业项目。"
            ),
            (Level::City, Dimension::Efficiency, "禁止新建自备水井。"),
            (
                Level::County,
                Dimension::Spatial,
                "禁止新建化工、化学制药、电镀项目。"
            ),
            // From the unit's own KJBJYS attribute.
            (
                Level::Unit,
                Dimension::Spatial,
                "单元内禁止新建涉重金属排放项目。"
            ),
        ]
    );
    assert_eq!(reqs[3].source, "units 属性 KJBJYS");
    // The priority unit (fid 2) gets the category row, not the 景县 county row.
    let p = access.requirements.requirements_for(units, 2);
    assert!(p.iter().any(|r| r.level == Level::Category));
    assert!(!p.iter().any(|r| r.scope.contains("景县")));
}

#[test]
fn coverage_reports_rows_for_unknown_units() {
    let catalog = fixture_catalog();
    let access = AccessList::for_project(&catalog.project, &[]).unwrap();
    let cov = access
        .requirements
        .coverage(catalog.layers.iter().map(|l| &l.layer));
    assert_eq!(cov.unmatched_rows.len(), 1, "{:?}", cov.unmatched_rows);
    assert_eq!(cov.unmatched_rows[0].1, "ZH13119930009");
    assert!(cov.unmatched_rows[0].0.contains("第8行"));
    // Every unit is in 河北省, so none is left without a requirement.
    assert!(cov.units_without.is_empty());
    // Without tables, only ZH13110220001 has requirement text (its KJBJYS field).
    let none = RequirementSet::default().coverage(catalog.layers.iter().map(|l| &l.layer));
    let codes: Vec<&str> = none.units_without.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(codes, ["ZH13112730001", "ZH13110210001"]);
}

fn sample(name: &str) -> PathBuf {
    root().join("sample_data/requirements").join(name)
}

#[test]
fn the_sample_tables_load_without_skipped_rows() {
    let t = load_requirement_table(&sample("衡水市生态环境准入清单.csv")).unwrap();
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
    for level in [
        Level::Province,
        Level::City,
        Level::County,
        Level::Category,
        Level::Unit,
    ] {
        assert!(t.requirements.iter().any(|r| r.level == level), "{level:?}");
    }
    let (rules, warnings) = load_industry_rules(&sample("衡水市行业准入规则.csv")).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let c2614 = IndustryCode::parse("C2614").unwrap();
    assert!(
        rules
            .iter()
            .any(|r| r.scope.contains("桃城区") && r.prefixes.iter().any(|p| c2614.starts_with(p)))
    );
}

/// The .xlsx copy holds the same requirements as the CSV (`make_sample` writes it from the CSV with
/// rust_xlsxwriter; it is read back here with calamine).
#[test]
fn the_xlsx_copy_reads_the_same_as_the_csv() {
    let csv = load_requirement_table(&sample("衡水市生态环境准入清单.csv")).unwrap();
    let xlsx = load_requirement_table(&sample("衡水市生态环境准入清单.xlsx")).unwrap();
    let strip = |t: &zonecheck::requirements::RequirementTable| {
        t.requirements
            .iter()
            .map(|r| (r.level, r.scope.clone(), r.dimension, r.text.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(&csv), strip(&xlsx));
}

#[test]
fn gbk_csv_reads_like_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/report/requirements.csv")).unwrap();
    let (gbk, _, bad) = encoding_rs::GBK.encode(&text);
    assert!(!bad);
    let p = dir.path().join("gbk.csv");
    std::fs::write(&p, &gbk).unwrap();
    let a = load_requirement_table(&p).unwrap();
    let b = load_requirement_table(&root().join("tests/fixtures/report/requirements.csv")).unwrap();
    assert_eq!(a.requirements.len(), b.requirements.len());
    assert_eq!(a.requirements[3].text, "禁止新建化工、化学制药、电镀项目。");
}

/// Found by fuzzing (fuzz/RUNS.md, finding 6): an .xls requirement table whose BOF record is
/// shorter than its two version bytes made calamine 0.38 panic (`xls.rs:772`, `parse_bof`). It
/// is an error naming the file and the record; the panic came before the fix.
#[test]
fn a_requirement_table_with_a_cut_bof_record_is_an_error() {
    let path = root().join("tests/fixtures/fuzz/requirement_table-bof-too-short.xls");
    let before = std::fs::read(&path).unwrap();
    let err = load_requirement_table(&path).unwrap_err().to_string();
    assert!(err.contains("requirement_table-bof-too-short.xls"), "{err}");
    assert!(err.contains("a BOF record of"), "{err}");
    assert!(err.contains("damaged"), "{err}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the input is unchanged"
    );
}

/// Found by fuzzing (fuzz/RUNS.md, finding 8): an .xls whose Workbook stream's sector
/// chain runs to a sector at the very end of the file makes calamine 0.38's own compound-file
/// reader panic (`cfb.rs:320`, `Sectors::get`: it allows sector ids up to the file length over the
/// sector size, two past the last real sector). `io::calamine_cfb` replays calamine's reading
/// and refuses it first: an error naming the file.
#[test]
fn a_requirement_table_whose_sector_chain_runs_past_the_file_is_an_error() {
    let path = root().join("tests/fixtures/fuzz/requirement_table-cfb-sector-past-end.xls");
    let err = load_requirement_table(&path).unwrap_err().to_string();
    assert!(
        err.contains("requirement_table-cfb-sector-past-end.xls"),
        "{err}"
    );
    assert!(err.contains("damaged"), "{err}");
}

/// Found by fuzzing (fuzz/RUNS.md, finding 12): an .xls whose sheet is 32,771 columns wide
/// with four named. Every header was normalised again for every alias (seconds under the
/// fuzzer) and the error listed all 32,771 columns. Columns right of the last named one are
/// now dropped, and the error lists the named ones.
#[test]
fn a_requirement_table_wider_than_its_named_columns_lists_only_those() {
    let path = root().join("tests/fixtures/fuzz/requirement_table-wide-header.xls");
    let grid = zonecheck::requirements::grid::read_grid(&path).unwrap();
    assert_eq!(grid.header, ["parcel", "point", "northing", "easting"]);
    assert!(grid.rows.iter().all(|(_, r)| r.len() <= 4));
    let err = load_requirement_table(&path).unwrap_err().to_string();
    assert!(err.contains("requirement_table-wide-header.xls"), "{err}");
    assert!(
        err.ends_with("the header is: parcel, point, northing, easting"),
        "{err}"
    );
}

/// A header too long to quote whole is cut in the error.
#[test]
fn a_requirement_table_header_is_quoted_within_bounds() {
    let dir = tempfile::tempdir().unwrap();
    let wide = dir.path().join("wide.csv");
    let names: Vec<String> = (0..500).map(|i| format!("列{i}")).collect();
    std::fs::write(&wide, format!("{}\n{}\n", names.join(","), names.join(","))).unwrap();
    let err = load_requirement_table(&wide).unwrap_err().to_string();
    assert!(err.contains("the header is: 列0, 列1, 列2"), "{err}");
    assert!(err.contains("more characters)"), "{err}");
    assert!(
        err.chars().count() < 600,
        "{} characters",
        err.chars().count()
    );
}

/// Fuzz finding 14: an .xls whose shared-string table ends a string's header where the size of
/// its extended data should be made calamine read past the record (a panic); it is refused,
/// naming the file and the string.
#[test]
fn an_xls_with_a_cut_shared_string_is_refused() {
    let path = root().join("tests/fixtures/fuzz/requirement_table-sst-cut-extended-size.xls");
    let err = zonecheck::requirements::grid::read_grid(&path)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("requirement_table-sst-cut-extended-size.xls"),
        "{err}"
    );
    assert!(err.contains("shared-string table"), "{err}");
    assert!(err.contains("string 11 "), "{err}");
    assert!(err.contains("extended data"), "{err}");
    // An ordinary .xls (its header text is in the shared-string table) still reads.
    let xls = root().join("tests/fixtures/xlsx/示例项目B_无带号.xls");
    let grid = zonecheck::requirements::grid::read_grid(&xls).unwrap();
    assert!(!grid.header.is_empty() && !grid.rows.is_empty());
}
