//! What `info` says about containers (File Geodatabase, GeoPackage) through the real binary:
//! field aliases (text and JSON), the feature dataset a class sits in, the tables without
//! geometry a container holds and how to use one as an access-list table, and `check` reading
//! its requirements from such tables. The aliases and datasets are the literals the fixture
//! scripts wrote (tests/fixtures/filegdb/make_filegdb.py, GDAL 3.6;
//! tests/fixtures/access_tables/make_access_tables.py, GDAL 3.12 + gpkg_data_columns).

use std::process::{Command, Output};

use serde_json::Value;
use zonecheck::io::{LoadOptions, load_layers};
use zonecheck::present::{Lang, field_heading};

const DIR: &str = env!("CARGO_MANIFEST_DIR");

fn zonecheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zonecheck"))
        .args(args)
        .output()
        .expect("the zonecheck binary runs")
}

fn stdout_of(args: &[&str]) -> String {
    let o = zonecheck(args);
    assert!(
        o.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

fn fixture(rel: &str) -> String {
    format!("{DIR}/tests/fixtures/{rel}")
}

fn json_layers(args: &[&str]) -> Vec<Value> {
    match serde_json::from_str(&stdout_of(args)).unwrap() {
        Value::Array(a) => a,
        one => vec![one],
    }
}

fn by_name<'a>(docs: &'a [Value], key: &str, name: &str) -> &'a Value {
    docs.iter()
        .find(|d| d[key] == name)
        .unwrap_or_else(|| panic!("no {key} {name} in {docs:?}"))
}

fn alias_of(doc: &Value, field: &str) -> Value {
    doc["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == field)
        .map(|f| f["alias"].clone())
        .unwrap_or_else(|| panic!("no field {field}"))
}

#[test]
fn geodatabase_aliases_and_feature_datasets_are_shown() {
    let gdb = fixture("filegdb/fixtures.gdb");
    let docs = json_layers(&["info", &gdb, "--json"]);
    let red = by_name(&docs, "layer", "生态保护红线");
    assert_eq!(alias_of(red, "HXMC"), "红线名称");
    assert_eq!(alias_of(red, "MJ_GQ"), "面积（公顷）");
    assert_eq!(red["feature_dataset"], "规划数据");
    assert_eq!(
        by_name(&docs, "layer", "水源井")["feature_dataset"],
        "规划数据"
    );
    let units = by_name(&docs, "layer", "管控单元");
    assert_eq!(units["feature_dataset"], Value::Null);
    assert_eq!(alias_of(units, "OBJECTID"), Value::Null);
    let aliased = by_name(&docs, "layer", "别名单元");
    assert_eq!(alias_of(aliased, "F1"), "环境管控单元编码");
    assert_eq!(aliased["role"]["fields"]["code"], "F1");

    let text = stdout_of(&["info", &format!("{gdb}|layername=生态保护红线")]);
    assert!(text.contains("数据集 dataset 规划数据"), "{text}");
    assert!(text.contains("别名 alias"), "{text}");
    let hxmc = text
        .lines()
        .find(|l| l.trim_start().starts_with("HXMC"))
        .unwrap();
    assert!(hxmc.contains("红线名称"), "{hxmc}");
}

#[test]
fn geopackage_data_column_names_are_aliases() {
    let gpkg = fixture("access_tables/access.gpkg");
    let docs = json_layers(&["info", &gpkg, "--json"]);
    let units = by_name(&docs, "layer", "别名单元");
    assert_eq!(alias_of(units, "F1"), "环境管控单元编码");
    // Both a name and a title: the name (where GDAL keeps an alternative name) wins.
    assert_eq!(alias_of(units, "F2"), "环境管控单元名称");
    // Only a title.
    assert_eq!(alias_of(units, "F3"), "管控单元类别");
    assert_eq!(alias_of(units, "fid"), Value::Null);
    // The aliases make it a control-unit layer whose mapping names the real fields.
    assert_eq!(units["role"]["role"], "control_units");
    assert_eq!(units["role"]["fields"]["code"], "F1");
    assert_eq!(units["role"]["fields"]["category"], "F3");
}

#[test]
fn the_engines_heading_of_a_field_carries_its_alias() {
    let gdb = fixture("filegdb/fixtures.gdb");
    let layers = load_layers(
        std::path::Path::new(&gdb),
        &LoadOptions {
            layer: Some("别名单元".into()),
            ..LoadOptions::default()
        },
    )
    .unwrap();
    let layer = &layers[0];
    let col = layer.field_index("F1").unwrap();
    assert_eq!(
        field_heading(Lang::Zh, layer, col),
        "单元编码 F1（环境管控单元编码）"
    );
    let red = load_layers(
        std::path::Path::new(&format!("{gdb}|layername=生态保护红线")),
        &LoadOptions::default(),
    )
    .unwrap();
    let col = red[0].field_index("MJ_GQ").unwrap();
    assert_eq!(field_heading(Lang::Zh, &red[0], col), "面积（公顷） MJ_GQ");
}

#[test]
fn tables_without_geometry_are_listed_and_described() {
    for container in ["access_tables/access.gpkg", "access_tables/access.gdb"] {
        let path = fixture(container);
        let text = stdout_of(&["info", &path]);
        assert!(text.contains("tables without geometry"), "{text}");
        assert!(
            text.contains(&format!(
                "准入清单 — 31 rows, 7 fields; as an access-list table: --requirements '{path}|layername=准入清单'"
            )),
            "{text}"
        );
        let docs = json_layers(&["info", &path, "--json"]);
        let tables = docs[0]["tables_without_geometry"].as_array().unwrap();
        let rules = tables.iter().find(|t| t["name"] == "行业准入规则").unwrap();
        assert_eq!(rules["row_count"], 11);
        assert_eq!(rules["fields"].as_array().unwrap().len(), 9);

        let named = format!("{path}|layername=行业准入规则");
        let doc = &json_layers(&["info", &named, "--json"])[0];
        assert_eq!(doc["table"], "行业准入规则");
        assert_eq!(doc["row_count"], 11);
        assert_eq!(doc["geometry_type"], Value::Null);
        assert_eq!(doc["use_as"], named.as_str());
        let text = stdout_of(&["info", &named]);
        assert!(text.contains("none (a table), 11 rows"), "{text}");
    }
}

#[test]
fn check_takes_its_access_list_from_container_tables() {
    let units = format!("{DIR}/sample_data/衡水市环境管控单元.shp");
    let site = format!("{DIR}/sample_data/sites/示例项目A_化工园区扩建.geojson");
    let check = |tables: [String; 2]| -> Value {
        let out = stdout_of(&[
            "check",
            &units,
            "--site",
            &site,
            "--industry",
            "C2614",
            "--requirements",
            &tables[0],
            "--requirements",
            &tables[1],
            "--json",
        ]);
        serde_json::from_str(&out).unwrap()
    };
    let csv = check([
        format!("{DIR}/sample_data/requirements/衡水市生态环境准入清单.csv"),
        format!("{DIR}/sample_data/requirements/衡水市行业准入规则.csv"),
    ]);
    let db = check([
        format!(
            "{}|layername=准入清单",
            fixture("access_tables/access.gpkg")
        ),
        format!(
            "{}|layername=行业准入规则",
            fixture("access_tables/access.gdb")
        ),
    ]);
    assert_eq!(csv["verdict"]["result"], "non_compliant");
    assert_eq!(csv["verdict"]["result"], db["verdict"]["result"]);
    assert_eq!(csv["verdict"]["reasons"], db["verdict"]["reasons"]);
    assert_eq!(csv["overlaps"], db["overlaps"]);
    // The prohibiting rule is cited from the table it came from: CSV row 5 is OBJECTID 4.
    assert_eq!(csv["verdict"]["basis"][0], "衡水市行业准入规则.csv 第5行");
    assert_eq!(
        db["verdict"]["basis"][0],
        "access.gdb|layername=行业准入规则 OBJECTID 4"
    );
}
