//! The compliance report end to end: build it for the fixture sites, write .docx/.html/.xlsx/.csv,
//! read the files back with a parser, and find the units, areas, rule texts and verdicts.
//!
//! Expected figures come from tests/fixtures/report/make_fixtures.py (shapely intersections,
//! pyproj.Geod areas and distances on GRS80), not from zonecheck:
//!   site_part_prohibited: 978,687.653 m²; ZH13110220001 489,343.827 m² (50.00 %),
//!     ZH13112730001 489,343.827 m² (50.00 %); 实验区 555.0 m, 核心区 1,886.8 m, 滏阳河 1,664.9 m.
//!   site_reserve: ZH13110210001 489,424.970 m² (50.00 %), ZH13112730001 489,392.516 m²;
//!     实验区 overlap 489,424.970 m²; 核心区 776.9 m.
//!   site_no_unit: in no unit; water source 9,086.9 m, 实验区 17,945.0 m.
//! Hectares = m² / 10,000; 亩 = m² / 666.667 (1 亩 = 10,000/15 m²).

use crate::report_common;

use std::path::PathBuf;

use report_common::*;
use zonecheck::io::{LoadOptions, load_site};
use zonecheck::report::{Lang, ProjectInfo, ReportData, write_report};
use zonecheck::requirements::IndustryCode;
use zonecheck::workspace::{OpenOptions, Workspace};
use zonecheck::workspace::{SiteQuestion, site_report};

fn build(site: &str, industry: &str, lang: Lang) -> ReportData {
    let dir = fixtures();
    let catalog = Workspace::open(
        &[dir.join("fixture.zonecheck.toml")],
        &OpenOptions::default(),
    )
    .unwrap();
    let site = load_site(
        &dir.join(format!("{site}.geojson")),
        &LoadOptions::default(),
    )
    .unwrap();
    let industry = Some(IndustryCode::parse(industry).unwrap());
    let question = SiteQuestion {
        radius_m: 1000.0,
        industry: industry.clone(),
        lang,
    };
    let answer = site_report(&catalog, &site, &question).unwrap();
    let info = ProjectInfo {
        name: "测试项目".into(),
        industry,
        industry_name: None,
        lang,
    };
    ReportData::build(&catalog, &site, &answer, &info).unwrap()
}

fn write(data: &ReportData, name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    write_report(data, &path).unwrap();
    (dir, path)
}

#[test]
fn docx_of_a_site_prohibited_in_part() {
    let data = build("site_part_prohibited", "C2614", Lang::Zh);
    let (_dir, path) = write(&data, "r.docx");
    let (tables, text, members) = read_docx(&path);
    // A real image in the package, referenced from the document.
    assert!(
        members.iter().any(|m| m.starts_with("word/media/")),
        "{members:?}"
    );
    assert!(tables.len() >= 6, "{} tables", tables.len());

    let units = table_with_header(&tables, "占用地比例");
    let u1 = row(units, "ZH13110220001");
    assert_eq!(u1[2], "重点管控单元");
    assert_eq!(u1[3], "桃城区");
    // 489,343.827 m² = 48.9344 ha = 734.02 亩.
    assert_eq!(u1[4], "48.9344 公顷（734.02 亩）");
    assert_eq!(u1[6], "50.00%");
    // Planar: the data is lon/lat, so the site's 3° zone (EPSG:4548, CM 117°E); pyproj projects
    // the piece's vertices and shapely gives 489,522.920 m² = 48.9523 ha = 734.28 亩.
    assert_eq!(u1[5], "48.9523 公顷（734.28 亩）");
    let coords = table_with_header(&tables, "点号");
    // Clockwise from the north-west corner, as surveys list boundary points.
    let points: Vec<(&str, &str, &str)> = coords[1..]
        .iter()
        .map(|r| (r[1].as_str(), r[4].as_str(), r[5].as_str()))
        .collect();
    assert_eq!(
        points,
        [
            ("J1", "115.61500000", "37.71500000"),
            ("J2", "115.62500000", "37.71500000"),
            ("J3", "115.62500000", "37.70500000"),
            ("J4", "115.61500000", "37.70500000"),
        ]
    );
    // pyproj EPSG:4490 → EPSG:4548 for (115.625, 37.705): E 378745.227, N 4175644.822
    // (X = north, Y = east).
    assert_eq!(
        (coords[3][2].as_str(), coords[3][3].as_str()),
        ("4175644.822", "378745.227")
    );
    let u2 = row(units, "ZH13112730001");
    assert_eq!(u2[4], "48.9344 公顷（734.02 亩）");

    let industry = table_with_header(&tables, "核查结果");
    let i1 = row(industry, "ZH13110220001");
    assert_eq!(i1[3], "禁止准入");
    assert!(
        i1[4].contains("桃城区、冀州区禁止新建化工项目。"),
        "{}",
        i1[4]
    );
    let i2 = row(industry, "ZH13112730001");
    assert_eq!(i2[3], "限制准入（须满足条件）");
    assert!(
        i2[4].contains("新建化工项目原则上进入合规设立的化工园区。"),
        "{}",
        i2[4]
    );

    // The county ban names 化工 in words: flagged for the reviewer, never a verdict.
    let reqs = table_with_header(&tables, "要求原文");
    let ban = reqs
        .iter()
        .find(|r| r[2].contains("禁止新建化工、化学制药、电镀项目。"))
        .expect("county ban listed");
    assert!(ban[0].starts_with("区县"), "{ban:?}");
    assert_eq!(ban[4], "需审查人员判读");
    // Levels run province → city → county → unit.
    let levels: Vec<&str> = reqs[1..].iter().map(|r| r[0].as_str()).collect();
    let rank = |l: &str| {
        ["省级", "市级", "区县", "单元类别", "管控单元"]
            .iter()
            .position(|p| l.starts_with(p))
            .unwrap()
    };
    assert!(
        levels.windows(2).all(|w| rank(w[0]) <= rank(w[1])),
        "{levels:?}"
    );
    // The unit's own attribute text is there too.
    assert!(
        reqs.iter()
            .any(|r| r[2].contains("单元内禁止新建涉重金属排放项目。"))
    );

    let sensitive = table_with_header(&tables, "位置关系");
    let exp = sensitive.iter().find(|r| r[1].contains("实验区")).unwrap();
    assert!(
        exp[2].contains("约 555 m") && exp[2].contains("不位于"),
        "{exp:?}"
    );
    let core = sensitive.iter().find(|r| r[1].contains("核心区")).unwrap();
    assert!(core[2].contains("约 1.9 km"), "{core:?}");
    let river = sensitive.iter().find(|r| r[1].contains("滏阳河")).unwrap();
    assert!(river[2].contains("约 1.7 km"), "{river:?}");

    assert!(text.contains("不符合"));
    assert!(text.contains("支持而非替代审查人员的判断"));
}

#[test]
fn html_of_a_site_touching_the_reserve() {
    let data = build("site_reserve", "N7851", Lang::Zh);
    let (_dir, path) = write(&data, "r.html");
    let raw = std::fs::read_to_string(&path).unwrap();
    assert!(
        raw.contains("src=\"data:image/png;base64,iVBOR"),
        "figure embedded as PNG"
    );
    assert!(raw.contains("@media print") && raw.contains("size: A4"));
    assert!(!raw.contains("src=\"http"), "self-contained");
    let (tables, text) = read_html(&path);
    let units = table_with_header(&tables, "占用地比例");
    // 489,424.970 m² → 48.9425 ha, 734.14 亩; share 0.500017 → 50.00 %.
    assert_eq!(row(units, "ZH13110210001")[4], "48.9425 公顷（734.14 亩）");
    assert_eq!(row(units, "ZH13112730001")[4], "48.9393 公顷（734.09 亩）");
    let sensitive = table_with_header(&tables, "位置关系");
    let exp = sensitive.iter().find(|r| r[1].contains("实验区")).unwrap();
    assert!(
        exp[2].contains("位于衡水湖国家级自然保护区（实验区）范围内")
            && exp[2].contains("48.9425 公顷"),
        "{exp:?}"
    );
    let core = sensitive.iter().find(|r| r[1].contains("核心区")).unwrap();
    assert!(core[2].contains("约 777 m"), "{core:?}");
    // A park (N7851) is not an industry the rules name; the reserve overlap makes it conditional.
    let industry = table_with_header(&tables, "核查结果");
    assert_eq!(row(industry, "ZH13110210001")[3], "未列入禁止/限制类");
    assert!(text.contains("有条件符合"), "{text}");
    // The fixture table's row 8 names a unit that no layer has.
    assert!(text.contains("requirements.csv 第8行：单元编码 ZH13119930009 不在所载管控单元图层中"));
}

#[test]
fn xlsx_and_csv_of_a_site_in_no_unit() {
    let data = build("site_no_unit", "C2614", Lang::Zh);
    assert!(data.units.is_empty());
    let (_dir, path) = write(&data, "r.xlsx");
    let sheets = read_xlsx(&path);
    let summary = &sheets[0].1;
    let conclusion = summary.iter().find(|r| r[0] == "结论").unwrap();
    // In no unit: undetermined, and the conclusion says what is missing.
    assert!(
        conclusion[1].starts_with("无法判定（需补充：覆盖项目用地的环境管控单元"),
        "{conclusion:?}"
    );
    let (_, sens) = sheets
        .iter()
        .find(|(n, _)| n == "生态环境敏感区")
        .expect("sensitive sheet");
    let water = sens.iter().find(|r| r[0] == "饮用水水源保护区").unwrap();
    assert!(water[2].contains("约 9.1 km"), "{water:?}");
    let exp = sens.iter().find(|r| r[1].contains("实验区")).unwrap();
    assert!(exp[2].contains("约 17.9 km"), "{exp:?}");
    let (_, industry) = sheets
        .iter()
        .find(|(n, _)| n.contains("行业准入核查"))
        .unwrap();
    assert_eq!(industry[1][3], "不在管控单元内，无法判断");

    let (_dir2, csv_path) = write(&data, "r.csv");
    let bytes = std::fs::read(&csv_path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "BOM for Excel");
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(&bytes[3..]);
    let rows: Vec<Vec<String>> = rdr
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    assert!(
        rows.iter()
            .any(|r| r.len() >= 2 && r[0] == "结论" && r[1].starts_with("无法判定（需补充："))
    );
}

#[test]
fn english_report() {
    let data = build("site_part_prohibited", "C2614", Lang::En);
    let (_dir, path) = write(&data, "r.docx");
    let (tables, text, _) = read_docx(&path);
    let industry = table_with_header(&tables, "Result");
    assert_eq!(row(industry, "ZH13110220001")[3], "Prohibited");
    assert!(text.contains("Does not comply"));
    assert!(text.contains("does not replace"));
}

#[test]
fn cli_writes_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("报告.docx");
    let fx = fixtures();
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_zonecheck"))
        .args(["report"])
        .arg(fx.join("fixture.zonecheck.toml"))
        .arg("--site")
        .arg(fx.join("site_part_prohibited.geojson"))
        .args(["--industry", "C3360", "--name", "电镀项目", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let stdout = String::from_utf8_lossy(&status.stdout);
    assert!(stdout.contains("不符合"), "{stdout}");
    let (tables, _, _) = read_docx(&out);
    let industry = table_with_header(&tables, "核查结果");
    assert!(row(industry, "ZH13110220001")[4].contains("桃城区、冀州区禁止新建电镀项目。"));
    // A bad code is refused with the reason.
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_zonecheck"))
        .args(["report"])
        .arg(fx.join("fixture.zonecheck.toml"))
        .arg("--site")
        .arg(fx.join("site_part_prohibited.geojson"))
        .args(["--industry", "C4411", "--out"])
        .arg(dir.path().join("x.docx"))
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("section D"));
}

/// A pipeline (line site) crossing the reserve's 实验区: lengths, not areas. make_fixtures.py:
/// inside the 实验区 from (115.62, 37.70) to (115.63, 37.69), pyproj.Geod 1,417.649 m of 2,835.226 m.
#[test]
fn line_site_crossing_the_reserve() {
    let data = build("site_line", "C2614", Lang::Zh);
    let (_dir, path) = write(&data, "r.html");
    let (tables, text) = read_html(&path);
    let units = table_with_header(&tables, "占用地比例");
    assert_eq!(row(units, "ZH13110210001")[4], "1417.6 m（线路长度）");
    let sensitive = table_with_header(&tables, "位置关系");
    let exp = sensitive.iter().find(|r| r[1].contains("实验区")).unwrap();
    assert!(
        exp[2].contains("穿越长度约 1418 m") && exp[2].contains("50.00%"),
        "{exp:?}"
    );
    // The pipeline is in the priority unit, where the rules prohibit manufacturing (C).
    assert!(text.contains("不符合"));
}

#[test]
fn word_tables_repeat_their_header_row_on_every_page() {
    let data = build("site_part_prohibited", "C2614", Lang::Zh);
    let (_dir, path) = write(&data, "r.docx");
    let file = std::fs::File::open(&path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    // Every table: its first row, and only that row, is a header row (w:tblHeader); no marker
    // height is left behind.
    let tables: Vec<&str> = xml.split("<w:tbl>").skip(1).collect();
    // The first is the conclusion's shaded box (one cell, no header), the data tables follow.
    assert!(
        tables[0].contains("结论：不符合") && tables[0].contains("w:fill=\"FDE2E2\""),
        "the conclusion stands first, in red"
    );
    let tables = &tables[1..];
    assert!(tables.len() >= 6, "{} tables", tables.len());
    for t in tables {
        let rows: Vec<&str> = t.split("<w:tr>").skip(1).collect();
        assert!(
            rows[0].contains("<w:tblHeader />"),
            "{}",
            &rows[0][..200.min(rows[0].len())]
        );
        assert!(rows[1..].iter().all(|r| !r.contains("tblHeader")));
    }
    assert!(!xml.contains("w:trHeight"));
    // The rest of the package is intact: the figure and the styles are still there.
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.to_string()))
        .collect();
    assert!(
        names.iter().any(|n| n.starts_with("word/media/")),
        "{names:?}"
    );
    assert!(names.iter().any(|n| n == "word/styles.xml"), "{names:?}");
}

/// The site's warnings reach every format under one heading, in Chinese and in English: a
/// 坐标交换格式 parcel whose stated 地块面积 (1.51 ha) is 0.66 % off its boundary's planar area
/// (150 m × 100 m = 1.50 ha, hand-computed; see tests/suite/cli_hostile.rs for `check`).
#[test]
fn a_stated_parcel_area_off_its_boundary_is_in_every_report_format() {
    let sample = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data");
    let catalog = Workspace::open(
        &[sample.join("hengshui.zonecheck.toml")],
        &OpenOptions::default(),
    )
    .unwrap();
    let site = load_site(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/hostile/exchange/gk_site_off.txt"),
        &LoadOptions::default(),
    )
    .unwrap();
    for (lang, heading, says) in [
        (
            Lang::Zh,
            "提示（请核对）",
            "地块 甲地块 申报的地块面积 1.5100 公顷",
        ),
        (
            Lang::En,
            "Warnings (to check)",
            "parcel 甲地块: its stated 地块面积",
        ),
    ] {
        let question = SiteQuestion {
            radius_m: 1000.0,
            industry: None,
            lang,
        };
        let answer = site_report(&catalog, &site, &question).unwrap();
        let info = ProjectInfo {
            name: "测试项目".into(),
            industry: None,
            industry_name: None,
            lang,
        };
        let data = ReportData::build(&catalog, &site, &answer, &info).unwrap();
        let warned = |text: &str| text.contains(says) && text.contains("-0.66%");

        let (_d1, docx) = write(&data, "r.docx");
        let (_, text, _) = read_docx(&docx);
        assert!(
            text.contains(heading) && warned(&text),
            "docx {lang:?}: {text}"
        );

        let (_d2, html) = write(&data, "r.html");
        let (_, text) = read_html(&html);
        assert!(
            text.contains(heading) && warned(&text),
            "html {lang:?}: {text}"
        );

        let (_d3, xlsx) = write(&data, "r.xlsx");
        let summary = &read_xlsx(&xlsx)[0].1;
        let at = summary
            .iter()
            .position(|r| r[0] == heading)
            .unwrap_or_else(|| panic!("xlsx {lang:?}: no {heading} row: {summary:?}"));
        assert!(
            summary[at..].iter().any(|r| r.len() > 1 && warned(&r[1])),
            "xlsx {lang:?}: {summary:?}"
        );

        let (_d4, csv) = write(&data, "r.csv");
        let text = std::fs::read_to_string(&csv).unwrap();
        assert!(
            text.contains(heading) && warned(&text),
            "csv {lang:?}: {text}"
        );
    }
}
