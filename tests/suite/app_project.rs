//! A project file opens with its name, its layers' stated roles and its access-list tables; a
//! click on a unit lists the layered requirements that apply to it (by level and dimension).

use crate::app_common;

use app_common::{click_lonlat, expand_requirement_levels, harness_for, write_fixture_layers};
use egui_kittest::kittest::Queryable;
use geo::Coord;
use zonecheck::model::LayerRole;

const PROJECT: &str = r#"name = "测试项目（衡水）"
requirements = ["清单.csv"]

[[layers]]
path = "units.geojson"
name = "管控单元"

[[layers]]
path = "河流.geojson"
role = "river"
visible = false
"#;

// Levels and scopes as the access-list tables write them; an empty scope applies to every unit.
const TABLE: &str = "层级,适用范围,单元编码,维度,要求内容,依据
省,,,空间布局约束,全省禁止新建钢铁产能。,测试
单元类别,重点管控单元,,污染物排放管控,重点管控单元执行特别排放限值。,测试
单元,ZH13110220001,ZH13110220001,环境风险防控,本单元企业编制应急预案。,测试
";

#[test]
fn a_project_opens_with_its_statements_and_layered_requirements() {
    let dir = tempfile::tempdir().unwrap();
    write_fixture_layers(dir.path());
    std::fs::write(dir.path().join("清单.csv"), TABLE).unwrap();
    let project = dir.path().join("test.zonecheck.toml");
    std::fs::write(&project, PROJECT).unwrap();
    let mut h = harness_for(vec![project]);

    let s = &h.state().state;
    assert_eq!(s.project_name.as_deref(), Some("测试项目（衡水）"));
    let layers: Vec<(String, LayerRole, bool)> = s
        .layers
        .iter()
        .map(|l| (l.layer().name.clone(), l.layer().role.role, l.visible))
        .collect();
    assert_eq!(
        layers,
        [
            ("管控单元".to_string(), LayerRole::ControlUnits, true),
            ("河流".to_string(), LayerRole::River, false)
        ]
    );
    assert!(s.access.is_some());
    assert_eq!(
        h.get_all_by_label("测试项目（衡水）").count(),
        1,
        "the layers panel (the status bar no longer repeats it: it crowded the scale at 1024 px)"
    );

    // The key unit: the province row, its category's row, its own row, then its attribute texts.
    click_lonlat(
        &mut h,
        Coord {
            x: 115.55,
            y: 37.53,
        },
    );
    expand_requirement_levels(&mut h);
    h.get_by_label("省级 · 空间布局约束");
    h.get_by_label("全省禁止新建钢铁产能。");
    h.get_by_label("单元类别 · 污染物排放管控");
    h.get_by_label("重点管控单元执行特别排放限值。");
    h.get_by_label("本单元企业编制应急预案。");
    h.get_by_label("万元GDP水耗持续下降。");
    let hits = &h.state().state.identify.as_ref().unwrap().layers[0].1;
    // 3 table rows + 4 attribute requirements of the fixture unit.
    assert_eq!(hits[0].requirements.len(), 7);

    // The priority unit gets the province row but neither the key-unit nor the unit row.
    click_lonlat(
        &mut h,
        Coord {
            x: 115.62,
            y: 37.59,
        },
    );
    let hits = &h.state().state.identify.as_ref().unwrap().layers[0].1;
    let texts: Vec<&str> = hits[0]
        .requirements
        .iter()
        .map(|r| r.text.as_str())
        .collect();
    assert_eq!(texts, ["全省禁止新建钢铁产能。", "禁止开发建设活动。"]);
}
