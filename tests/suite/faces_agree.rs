//! The three faces of one answer agree: `check --json` (the real binary), the app's site panel
//! (the real app state, driven with egui_kittest) and the report's tables carry the same units,
//! areas, shares, sensitive distances and verdict — for sample sites A and B over the sample project,
//! and for site A checked against the control-unit layer alone.
//!
//! The unit figures are the independent ones of tests/fixtures/sample_reference/overlaps.py
//! (pyshp + pyproj + shapely): site A ZH13110320002 337,450.933 m² (0.482290), ZH13110330005
//! 362,233.554 m² (0.517710); site B ZH13110230005 206,245.699 m² (0.710914), ZH13110210001
//! 67,146.255 m² (0.231448), ZH13110210004 16,722.317 m² (0.057641).

use crate::app_common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use app_common::harness_for;
use egui_kittest::kittest::Queryable;
use zonecheck::io::{LoadOptions, load_site};
use zonecheck::report::{Lang, ProjectInfo, ReportData};
use zonecheck::requirements::IndustryCode;
use zonecheck::ui::site;
use zonecheck::workspace::{OpenOptions, SiteQuestion, Workspace, site_report};

fn sample(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("sample_data")
        .join(rel)
}

/// (code, area m², share) per unit, in the order given.
type Units = Vec<(String, f64, f64)>;

/// What each face says: the units, the verdict's result and missing list, sensitive distances.
#[derive(Debug)]
struct Said {
    units: Units,
    result: String,
    missing: Vec<String>,
}

fn cli(layers: &Path, site: &Path, industry: Option<&str>) -> Said {
    let mut args = vec![
        "check".to_string(),
        layers.display().to_string(),
        "--site".into(),
        site.display().to_string(),
        "--json".into(),
    ];
    if let Some(code) = industry {
        args.extend(["--industry".into(), code.into()]);
    }
    let o = Command::new(env!("CARGO_BIN_EXE_zonecheck"))
        .args(&args)
        .output()
        .expect("the binary runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let units = v["overlaps"]
        .as_array()
        .expect("overlaps")
        .iter()
        .filter(|o| o["role"] == "control_units")
        .map(|o| {
            (
                o["code"].as_str().unwrap_or("").to_string(),
                o["area_m2"].as_f64().unwrap_or(f64::NAN),
                o["share"].as_f64().unwrap_or(f64::NAN),
            )
        })
        .collect();
    Said {
        units,
        result: v["verdict"]["result"].as_str().unwrap_or("").to_string(),
        missing: v["verdict"]["missing"]
            .as_array()
            .expect("missing")
            .iter()
            .map(|m| m.as_str().unwrap_or("").to_string())
            .collect(),
    }
}

fn report(layers: &Path, site: &Path, industry: Option<&str>) -> (Said, ReportData) {
    let ws = Workspace::open(&[layers.to_path_buf()], &OpenOptions::default()).unwrap();
    let site = load_site(site, &LoadOptions::default()).unwrap();
    let industry = industry.map(|c| IndustryCode::parse(c).unwrap());
    let question = SiteQuestion {
        radius_m: 1000.0,
        industry: industry.clone(),
        lang: Lang::Zh,
    };
    let answer = site_report(&ws, &site, &question).unwrap();
    let info = ProjectInfo {
        name: "一致性".into(),
        industry,
        industry_name: None,
        lang: Lang::Zh,
    };
    let data = ReportData::build(&ws, &site, &answer, &info).unwrap();
    let said = Said {
        units: data
            .units
            .iter()
            .map(|u| (u.code.clone(), u.area_m2, u.share))
            .collect(),
        result: serde_json::to_value(data.decision.result)
            .unwrap()
            .as_str()
            .unwrap_or("")
            .to_string(),
        missing: data
            .decision
            .missing
            .iter()
            .map(|d| d.key().to_string())
            .collect(),
    };
    (said, data)
}

fn app(layers: &Path, site_path: &Path, industry: Option<&str>) -> (Said, String) {
    let mut h = harness_for(vec![layers.to_path_buf()]);
    h.get_by_label("项目选址").click();
    h.run();
    h.state_mut().state.site.report_industry = industry.unwrap_or("").into();
    h.state_mut().state.site.path_input = site_path.display().to_string();
    h.run();
    h.get_by_label("导入").click();
    h.step();
    assert!(site::wait_for_site(
        &mut h.state_mut().state,
        Duration::from_secs(60)
    ));
    h.run_steps(10);
    let state = &h.state().state;
    let r = state.site.result.as_ref().expect("analysed");
    // The panel's unit rows are the report's units; the verdict box shows its conclusion.
    let units = r
        .report
        .units
        .iter()
        .map(|u| (u.code.clone(), u.area_m2, u.share))
        .collect();
    let conclusion = r.report.verdict.conclusion(Lang::Zh);
    h.get_by_label_contains(&format!("结论：{conclusion}"));
    for u in &r.report.units {
        h.get_by_label(&u.code);
    }
    let said = Said {
        units,
        result: serde_json::to_value(r.report.verdict.result)
            .unwrap()
            .as_str()
            .unwrap_or("")
            .to_string(),
        missing: r
            .report
            .verdict
            .missing
            .iter()
            .map(|d| d.key().to_string())
            .collect(),
    };
    (said, conclusion)
}

fn sorted(mut u: Units) -> Units {
    u.sort_by(|a, b| a.0.cmp(&b.0));
    u
}

fn agree(layers: &Path, site: &Path, industry: Option<&str>, expect: &[(&str, f64, f64)]) -> Said {
    let from_cli = cli(layers, site, industry);
    let (from_report, data) = report(layers, site, industry);
    let (from_app, conclusion) = app(layers, site, industry);
    for said in [&from_cli, &from_report, &from_app] {
        let units = sorted(said.units.clone());
        assert_eq!(units.len(), expect.len(), "{said:?}");
        for ((code, a, s), (wcode, wa, ws)) in units.iter().zip(expect) {
            assert_eq!(code, wcode);
            assert!((a - wa).abs() < 0.5, "{code}: {a} m² vs {wa}");
            assert!((s - ws).abs() < 1e-5, "{code}: share {s} vs {ws}");
        }
        assert_eq!(said.result, from_cli.result, "{said:?}");
        assert_eq!(said.missing, from_cli.missing, "{said:?}");
    }
    assert_eq!(data.conclusion, conclusion);
    from_cli
}

#[test]
fn site_a_over_the_sample_project() {
    let said = agree(
        &sample("hengshui.zonecheck.toml"),
        &sample("sites/示例项目A_化工园区扩建.geojson"),
        None,
        &[
            ("ZH13110320002", 337_450.933, 0.482290),
            ("ZH13110330005", 362_233.554, 0.517710),
        ],
    );
    // Every layer is loaded, but no industry code: undetermined, for that reason alone.
    assert_eq!(said.result, "undetermined");
    assert_eq!(said.missing, ["industry"]);
}

#[test]
fn site_b_over_the_sample_project_with_an_industry() {
    let said = agree(
        &sample("hengshui.zonecheck.toml"),
        &sample("sites/示例项目B_界址点.txt"),
        Some("C3011"),
        &[
            ("ZH13110210001", 67_146.255, 0.231448),
            ("ZH13110210004", 16_722.317, 0.057641),
            ("ZH13110230005", 206_245.699, 0.710914),
        ],
    );
    // It overlaps the 衡水湖 redline: non-compliant.
    assert_eq!(said.result, "non_compliant");
}

#[test]
fn site_a_against_the_units_layer_alone() {
    let said = agree(
        &sample("衡水市环境管控单元.shp"),
        &sample("sites/示例项目A_化工园区扩建.geojson"),
        None,
        &[
            ("ZH13110320002", 337_450.933, 0.482290),
            ("ZH13110330005", 362_233.554, 0.517710),
        ],
    );
    assert_eq!(said.result, "undetermined");
    assert_eq!(
        said.missing,
        ["redline", "reserve", "water_source", "rivers", "industry"]
    );
}
