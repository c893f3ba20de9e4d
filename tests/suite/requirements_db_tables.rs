//! Access-list tables shipped inside a GeoPackage or a File Geodatabase (tables without
//! geometry, picked with `PATH|layername=NAME`) read exactly as the sample's CSV copies; their
//! rows are cited by OBJECTID/fid; a container asked for no or a wrong table says which it has.
//! Fixtures: tests/fixtures/access_tables/make_access_tables.py (GDAL through pyogrio, from the
//! sample CSVs; expected.json is pyogrio's reading back).

use std::path::{Path, PathBuf};

use serde_json::Value;
use zonecheck::io::plain_tables::{list_plain_tables, read_plain_table};
use zonecheck::requirements::{
    AccessList, RequirementTable, load_industry_rules, load_requirement_table,
};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/access_tables").join(name)
}

fn picked(container: &str, table: &str) -> PathBuf {
    PathBuf::from(format!(
        "{}|layername={table}",
        fixture(container).display()
    ))
}

fn sample(name: &str) -> PathBuf {
    root().join("sample_data/requirements").join(name)
}

fn expected() -> Value {
    serde_json::from_str(&std::fs::read_to_string(fixture("expected.json")).unwrap()).unwrap()
}

fn strip(t: &RequirementTable) -> Vec<(String, String, String, String)> {
    t.requirements
        .iter()
        .map(|r| {
            (
                format!("{:?}", r.level),
                r.scope.clone(),
                format!("{:?}", r.dimension),
                r.text.clone(),
            )
        })
        .collect()
}

#[test]
fn the_containers_list_their_tables_with_pyogrios_counts_and_columns() {
    let exp = expected();
    for container in ["access.gpkg", "access.gdb"] {
        let tables = list_plain_tables(&fixture(container)).unwrap();
        for name in ["准入清单", "行业准入规则"] {
            let t = tables.iter().find(|t| t.name == name).unwrap();
            let want = &exp[container][name];
            assert_eq!(
                t.row_count as u64,
                want["count"].as_u64().unwrap(),
                "{container} {name}"
            );
            let names: Vec<&str> = t.fields.iter().map(|f| f.name.as_str()).collect();
            // GDAL reports the user columns; the id column (fid / OBJECTID) is ours to keep.
            let user: Vec<&str> = names[1..].to_vec();
            let want_fields: Vec<&str> = want["fields"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap())
                .collect();
            assert_eq!(user, want_fields, "{container} {name}");
        }
        assert!(
            !tables
                .iter()
                .any(|t| t.name == "范围" || t.name == "别名单元"),
            "feature tables are layers, not tables: {tables:?}"
        );
    }
    assert!(
        list_plain_tables(&sample("衡水市生态环境准入清单.csv"))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn rows_read_back_the_codes_gdal_wrote() {
    let exp = expected();
    for container in ["access.gpkg", "access.gdb"] {
        let t = read_plain_table(&fixture(container), Some("准入清单")).unwrap();
        let col = t.fields.iter().position(|f| f.name == "单元编码").unwrap();
        let codes: Vec<String> = t
            .rows
            .iter()
            .map(|(_, v)| v[col].as_text().unwrap_or_default())
            .collect();
        let want: Vec<String> = exp[container]["准入清单"]["codes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        assert_eq!(codes, want, "{container}");
        let ids: Vec<i64> = t.rows.iter().map(|(id, _)| *id).collect();
        assert_eq!(
            ids,
            (1..=ids.len() as i64).collect::<Vec<_>>(),
            "{container}"
        );
    }
}

#[test]
fn requirement_tables_in_a_geopackage_and_a_geodatabase_read_as_the_csv() {
    let csv = load_requirement_table(&sample("衡水市生态环境准入清单.csv")).unwrap();
    assert!(!csv.requirements.is_empty());
    for path in [
        picked("access.gpkg", "准入清单"),
        picked("access.gdb", "准入清单"),
        // Pinyin-initial columns whose gpkg_data_columns names are the CSV's headers.
        picked("access.gpkg", "准入清单_拼音"),
    ] {
        let t = load_requirement_table(&path).unwrap();
        assert!(
            t.warnings.is_empty(),
            "{}: {:?}",
            path.display(),
            t.warnings
        );
        assert_eq!(strip(&t), strip(&csv), "{}", path.display());
    }
    // Rows are cited by their id: CSV row 5 (the header is row 1) is OBJECTID 4.
    let gdb = load_requirement_table(&picked("access.gdb", "准入清单")).unwrap();
    assert_eq!(
        csv.requirements[3].source,
        "衡水市生态环境准入清单.csv 第5行"
    );
    assert_eq!(
        gdb.requirements[3].source,
        "access.gdb|layername=准入清单 OBJECTID 4"
    );
    let gpkg = load_requirement_table(&picked("access.gpkg", "准入清单")).unwrap();
    assert_eq!(
        gpkg.requirements[3].source,
        "access.gpkg|layername=准入清单 fid 4"
    );
}

#[test]
fn industry_rules_in_a_container_read_as_the_csv_and_sort_by_header() {
    let (csv, _) = load_industry_rules(&sample("衡水市行业准入规则.csv")).unwrap();
    let key = |rules: &[zonecheck::requirements::IndustryRule]| {
        rules
            .iter()
            .map(|r| (r.scope.clone(), r.prefixes.clone(), r.text.clone()))
            .collect::<Vec<_>>()
    };
    for container in ["access.gpkg", "access.gdb"] {
        let (rules, warnings) = load_industry_rules(&picked(container, "行业准入规则")).unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(key(&rules), key(&csv), "{container}");
    }
    // An access list sorts a container's tables by their headers, as it does files.
    let access = AccessList::load(&[
        picked("access.gdb", "准入清单"),
        picked("access.gpkg", "行业准入规则"),
    ])
    .unwrap();
    assert_eq!(access.rules.len(), csv.len());
    assert_eq!(access.rule_tables, [picked("access.gpkg", "行业准入规则")]);
    assert_eq!(access.requirements.tables.len(), 1);
}

fn error_of(path: &Path) -> String {
    load_requirement_table(path).unwrap_err().to_string()
}

#[test]
fn a_wrong_or_missing_table_name_says_what_the_container_holds() {
    let e = error_of(&fixture("access.gpkg"));
    assert!(
        e.contains("access.gpkg")
            && e.contains("several tables")
            && e.contains("准入清单, 行业准入规则"),
        "{e}"
    );
    let e = error_of(&picked("access.gdb", "清单"));
    assert!(
        e.contains("access.gdb") && e.contains("\"清单\"") && e.contains("准入清单, 行业准入规则"),
        "{e}"
    );
    // A feature class is not a table.
    let e = error_of(&picked("access.gdb", "范围"));
    assert!(
        e.contains("no table without geometry named \"范围\""),
        "{e}"
    );
    // A layer name on a plain table file is refused rather than ignored.
    let e = error_of(&PathBuf::from(format!(
        "{}|layername=Sheet2",
        sample("衡水市生态环境准入清单.xlsx").display()
    )));
    assert!(
        e.contains("|layername=Sheet2") && e.contains("GeoPackage"),
        "{e}"
    );
}

#[test]
fn a_zipped_geodatabase_serves_its_tables_as_the_folder_does() {
    // The fixture .gdb folder zipped as a reviewer receives it (access.gdb/ inside the archive).
    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir.path().join("准入清单.zip");
    let mut writer = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    for entry in std::fs::read_dir(fixture("access.gdb")).unwrap() {
        let entry = entry.unwrap();
        let name = format!("access.gdb/{}", entry.file_name().to_string_lossy());
        writer.start_file(name, options).unwrap();
        std::io::Write::write_all(&mut writer, &std::fs::read(entry.path()).unwrap()).unwrap();
    }
    writer.finish().unwrap();
    let listed: Vec<String> = list_plain_tables(&zip_path)
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    let folder: Vec<String> = list_plain_tables(&fixture("access.gdb"))
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(listed, folder);
    let zipped = load_requirement_table(&PathBuf::from(format!(
        "{}|layername=准入清单",
        zip_path.display()
    )))
    .unwrap();
    let unzipped = load_requirement_table(&picked("access.gdb", "准入清单")).unwrap();
    assert_eq!(strip(&zipped), strip(&unzipped));
    assert!(!strip(&zipped).is_empty());
    let rows = read_plain_table(&zip_path, Some("行业准入规则")).unwrap();
    assert_eq!(
        rows.rows.len(),
        read_plain_table(&fixture("access.gdb"), Some("行业准入规则"))
            .unwrap()
            .rows
            .len()
    );
}
