//! The report on the bundled Hengshui sample with the sample access list: the two example sites.
//!
//! Expected figures from tests/fixtures/report/sample_expect.py (shapely + pyproj.Geod, no zonecheck):
//!   示例项目A (冀州区, 699,684.823 m²): ZH13110330005 362,233.554 m² (51.77 %),
//!     ZH13110320002 337,450.933 m² (48.23 %); 冀州区 bans new chemical projects (C26).
//!   示例项目B (exchange text, 290,113.238 m²): ZH13110230005 206,245.700 m² (71.09 %),
//!     ZH13110210001 67,146.255 m² (23.14 %), ZH13110210004 16,722.317 m² (5.76 %);
//!     实验区 and the 衡水湖 redline each 67,146.253 m².

use crate::report_common;

use std::path::PathBuf;

use report_common::*;
use zonecheck::io::{LoadOptions, load_site};
use zonecheck::report::{Lang, ProjectInfo, ReportData, write_report};
use zonecheck::requirements::{AccessList, IndustryCode};
use zonecheck::workspace::{OpenOptions, Workspace};
use zonecheck::workspace::{SiteQuestion, site_report};

fn sample() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample_data")
}

fn report(site: &str, industry: &str) -> (tempfile::TempDir, PathBuf) {
    let s = sample();
    let catalog = Workspace::open(
        &[s.join("hengshui.zonecheck.toml")],
        &OpenOptions::default(),
    )
    .unwrap();
    // The project file names both sample tables (requirements and industry rules).
    assert_eq!(catalog.access.rule_tables.len(), 1);
    assert_eq!(catalog.access.requirements.tables.len(), 1);
    assert!(
        catalog.access.warnings.is_empty(),
        "{:?}",
        catalog.access.warnings
    );
    let site = load_site(&s.join("sites").join(site), &LoadOptions::default()).unwrap();
    let industry = Some(IndustryCode::parse(industry).unwrap());
    let question = SiteQuestion {
        radius_m: 1000.0,
        industry: industry.clone(),
        lang: Lang::Zh,
    };
    let answer = site_report(&catalog, &site, &question).unwrap();
    let info = ProjectInfo {
        name: String::new(),
        industry,
        industry_name: None,
        lang: Lang::Zh,
    };
    let data = ReportData::build(&catalog, &site, &answer, &info).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.docx");
    write_report(&data, &path).unwrap();
    (dir, path)
}

#[test]
fn sample_site_a_chemical_expansion_in_jizhou_is_prohibited() {
    let (_dir, path) = report("示例项目A_化工园区扩建.geojson", "C2614");
    let (tables, text, _) = read_docx(&path);
    let units = table_with_header(&tables, "占用地比例");
    // 362,233.554 m² = 36.2234 ha = 543.35 亩; 337,450.933 m² = 33.7451 ha = 506.18 亩.
    assert_eq!(row(units, "ZH13110330005")[4], "36.2234 公顷（543.35 亩）");
    assert_eq!(row(units, "ZH13110330005")[6], "51.77%");
    assert_eq!(row(units, "ZH13110320002")[4], "33.7451 公顷（506.18 亩）");
    let industry = table_with_header(&tables, "核查结果");
    for code in ["ZH13110330005", "ZH13110320002"] {
        let r = row(industry, code);
        assert_eq!(r[3], "禁止准入", "{code}");
        assert!(r[4].contains("桃城区、冀州区禁止新建化工项目。"), "{r:?}");
    }
    let reqs = table_with_header(&tables, "要求原文");
    assert!(
        reqs.iter()
            .any(|r| r[0].starts_with("省级") && r[2].contains("严格执行国家和河北省产业政策"))
    );
    assert!(reqs.iter().any(|r| r[0].starts_with("管控单元")
        && r[2].contains("冀州区产业集聚区内新建项目应符合园区规划")));
    assert!(text.contains("项目建设与生态环境准入清单要求不符合"));
}

#[test]
fn sample_site_b_exchange_text_touches_the_lake_reserve_and_redline() {
    let (_dir, path) = report("示例项目B_界址点.txt", "C3011");
    let (tables, _text, _) = read_docx(&path);
    let units = table_with_header(&tables, "占用地比例");
    // 67,146.255 m² = 6.7146 ha = 100.72 亩; 206,245.699 m² = 20.6246 ha = 309.37 亩.
    assert_eq!(row(units, "ZH13110210001")[4], "6.7146 公顷（100.72 亩）");
    assert_eq!(row(units, "ZH13110230005")[4], "20.6246 公顷（309.37 亩）");
    assert_eq!(row(units, "ZH13110210004")[6], "5.76%");
    let sensitive = table_with_header(&tables, "位置关系");
    let exp = sensitive.iter().find(|r| r[1].contains("实验区")).unwrap();
    assert!(exp[2].contains("6.7146 公顷"), "{exp:?}");
    let red = sensitive
        .iter()
        .find(|r| r[0] == "生态保护红线" && r[2].contains("范围内"))
        .unwrap();
    assert!(red[2].contains("6.7146 公顷"), "{red:?}");
    // Cement (C3011) in the lake unit: the unit's own no-development rule prohibits it.
    let industry = table_with_header(&tables, "核查结果");
    let lake = row(industry, "ZH13110210001");
    assert_eq!(lake[3], "禁止准入");
    assert!(
        lake[4].contains("衡水湖国家级自然保护区：核心区、缓冲区禁止任何开发建设活动"),
        "{lake:?}"
    );
}

#[test]
fn the_sample_list_names_only_units_that_exist() {
    let s = sample();
    let catalog = Workspace::open(
        &[s.join("hengshui.zonecheck.toml")],
        &OpenOptions::default(),
    )
    .unwrap();
    let access = AccessList::load(&[s.join("requirements/衡水市生态环境准入清单.csv")]).unwrap();
    let cov = access
        .requirements
        .coverage(catalog.layers.iter().map(|l| &l.layer));
    assert!(cov.unmatched_rows.is_empty(), "{:?}", cov.unmatched_rows);
    assert!(cov.units_without.is_empty(), "{:?}", cov.units_without);
}
