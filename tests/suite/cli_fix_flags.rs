//! Errors carry their fix as data, and the command line words it with a flag the command really
//! has (issue 8 item 7): every flag any message of a command names is one its `--help` lists.
//! Checked for every fix worded for every command, and on real failing runs of the binary.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

use zonecheck::cli::fix_words::{CommandKind, ErrorContext, fix_words};
use zonecheck::error::Fix;

fn zonecheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_zonecheck"))
        .args(args)
        .output()
        .expect("the zonecheck binary runs")
}

/// The `--flags` named in `text`.
fn flags_in(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|t| t.starts_with("--") && t.len() > 2 && t.as_bytes()[2].is_ascii_lowercase())
        .map(|t| t.trim_end_matches('-').to_string())
        .collect()
}

/// The flags `zonecheck <command> --help` lists.
fn help_flags(command: &str) -> BTreeSet<String> {
    let o = zonecheck(&[command, "--help"]);
    assert!(o.status.success(), "{command} --help");
    let flags = flags_in(&String::from_utf8_lossy(&o.stdout));
    assert!(flags.contains("--help"), "{flags:?}");
    flags
}

fn assert_flags_listed(command: &str, text: &str) {
    let listed = help_flags(command);
    for flag in flags_in(text) {
        assert!(
            listed.contains(&flag),
            "`{command}` names {flag}, which its --help does not list: {text}"
        );
    }
}

#[test]
fn every_fix_worded_for_every_command_names_only_its_own_flags() {
    for command in CommandKind::ALL {
        let listed = help_flags(command.name());
        for fix in Fix::ALL {
            for (project_layers, plain_layers) in [(false, true), (true, false), (true, true)] {
                let context = ErrorContext {
                    command,
                    project_layers,
                    plain_layers,
                };
                let words = fix_words(fix, &context);
                for flag in flags_in(&words) {
                    assert!(
                        listed.contains(&flag),
                        "{}: {fix:?} names {flag}: {words}",
                        command.name()
                    );
                }
            }
        }
    }
}

/// A layer in metres without zone prefix and no `crs` member: no CRS can be guessed.
fn unplaceable(dir: &Path, name: &str) -> String {
    let path = dir.join(name);
    std::fs::write(
        &path,
        r#"{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[380000,4180000],[381000,4180000],[381000,4181000],[380000,4180000]]]}}"#,
    )
    .unwrap();
    path.display().to_string()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn real_failures_name_the_flag_the_command_has() {
    let dir = tempfile::tempdir().unwrap();
    let layer = unplaceable(dir.path(), "layer.geojson");
    let site = unplaceable(dir.path(), "site.geojson");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let units = root
        .join("sample_data/衡水市环境管控单元.shp")
        .display()
        .to_string();
    let good_site = root
        .join("tests/fixtures/hostile/exchange/gk_site_ok.txt")
        .display()
        .to_string();
    // 6-digit eastings: the example is EPSG:4548 (CM 117E without zone number), as the message's.
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["info", &layer], "--layer-crs EPSG:4548"),
        (
            vec!["query", &layer, "--at", "115.6,37.7"],
            "--layer-crs EPSG:4548",
        ),
        (
            vec!["check", &layer, "--site", &good_site],
            "--layer-crs EPSG:4548",
        ),
        (
            vec!["check", &units, "--site", &site],
            "--site-crs EPSG:4548",
        ),
        (
            vec![
                "report",
                &units,
                "--site",
                &site,
                "--out",
                "/nonexistent/r.docx",
            ],
            "--site-crs EPSG:4548",
        ),
    ];
    for (args, expected) in cases {
        let o = zonecheck(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
        let text = stderr(&o);
        assert!(text.contains(expected), "{args:?}: {text}");
        assert_flags_listed(args[0], &text);
    }
}

#[test]
fn a_layer_of_a_project_file_is_told_the_project_key() {
    let dir = tempfile::tempdir().unwrap();
    unplaceable(dir.path(), "layer.geojson");
    let project = dir.path().join("p.zonecheck.toml");
    std::fs::write(&project, "[[layers]]\npath = \"layer.geojson\"\n").unwrap();
    let o = zonecheck(&["info", &project.display().to_string()]);
    let text = stderr(&o);
    assert!(text.contains("crs = \"EPSG:"), "{text}");
    assert!(flags_in(&text).is_empty(), "{text}");
}

#[test]
fn warnings_name_no_flag_a_command_lacks() {
    // A guessed CRS and an encoding overruled: both warn, in every command.
    let units = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/io/gbk_none/units_gbk_none.shp")
        .display()
        .to_string();
    let site = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile/exchange/gk_site_ok.txt")
        .display()
        .to_string();
    for args in [
        vec!["info", units.as_str()],
        vec!["query", units.as_str(), "--at", "115.6,37.7"],
        vec!["check", units.as_str(), "--site", site.as_str()],
    ] {
        let o = zonecheck(&args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("warning"), "{args:?}");
        assert_flags_listed(args[0], &stderr(&o));
    }
}

fn kml_fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/kml")
        .join(name)
        .display()
        .to_string()
}

/// `info --json`'s extent of `args`' one layer, and its stderr.
fn extent_of(args: &[&str]) -> (Vec<f64>, String) {
    let o = zonecheck(args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let extent = doc["extent_lonlat"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    (extent, stderr(&o))
}

fn close(a: &[f64], b: &[f64], tol_deg: f64) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < tol_deg)
}

#[test]
fn every_layer_command_takes_lonlat_source() {
    for command in ["info", "query", "check", "report", "batch", "diff"] {
        assert!(
            help_flags(command).contains("--lonlat-source"),
            "{command} --help lacks --lonlat-source"
        );
    }
    let o = zonecheck(&[
        "info",
        &kml_fixture("示例项目B.kml"),
        "--lonlat-source",
        "amap",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let text = stderr(&o);
    assert!(
        text.contains("--lonlat-source") && text.contains("gcj02") && text.contains("bd09"),
        "{text}"
    );
}

/// The sample's site B as an Ovital .ovkml (GCJ-02 numbers, tests/fixtures/kml/make_kml.py) and
/// the same numbers in a plain .kml: `--lonlat-source gcj02` on the .kml, or `lonlat_source` in
/// a project entry, gives what the .ovkml default gives; `wgs84` on the .ovkml leaves the
/// numbers as written. The .ovkml's extent after the shift is the plain 示例项目B.kml's (the
/// CGCS2000 original) within the GCJ-02 inversion's centimetres.
#[test]
fn lonlat_source_is_stated_by_flag_or_project_key() {
    let ovkml = kml_fixture("示例项目B.ovkml");
    let dir = tempfile::tempdir().unwrap();
    let amap = dir.path().join("traced_on_amap.kml");
    std::fs::copy(&ovkml, &amap).unwrap();
    let amap = amap.display().to_string();

    let (original, _) = extent_of(&["info", &kml_fixture("示例项目B.kml"), "--json"]);
    let (ovital, warned) = extent_of(&["info", &ovkml, "--json"]);
    assert!(close(&ovital, &original, 1e-6), "{ovital:?} {original:?}");
    assert!(warned.contains("--lonlat-source wgs84"), "{warned}");
    assert_flags_listed("info", &warned);

    let (as_written, _) = extent_of(&["info", &amap, "--json"]);
    assert!(
        !close(&as_written, &original, 1e-3),
        "GCJ-02 numbers are ~500 m off"
    );
    let (stated, said) = extent_of(&["info", &amap, "--lonlat-source", "gcj02", "--json"]);
    assert_eq!(stated, ovital);
    assert!(said.contains("stated as GCJ-02"), "{said}");
    let (unshifted, said) = extent_of(&["info", &ovkml, "--lonlat-source", "wgs84", "--json"]);
    assert_eq!(unshifted, as_written);
    assert!(said.contains("not shifted"), "{said}");

    let project = dir.path().join("p.zonecheck.toml");
    std::fs::write(
        &project,
        "[[layers]]\npath = \"traced_on_amap.kml\"\nlonlat_source = \"gcj02\"\n",
    )
    .unwrap();
    let (from_project, _) = extent_of(&["info", &project.display().to_string(), "--json"]);
    assert_eq!(from_project, ovital);
    std::fs::write(
        &project,
        "[[layers]]\npath = \"traced_on_amap.kml\"\nlonlat_source = \"amap\"\n",
    )
    .unwrap();
    let o = zonecheck(&["info", &project.display().to_string()]);
    let text = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    // One line naming the file, the line of the key, the bad word and the good ones.
    assert!(
        text.contains("p.zonecheck.toml")
            && text.contains("line 3")
            && text.contains("`amap`")
            && text.contains("`gcj02`"),
        "{text}"
    );

    // A point inside the first parcel (its north-west corner is the extent's: 115.6922E,
    // 37.6244N; the parcel spans ~500 m by ~340 m) is found in the stated layer, not in the raw
    // one, whose numbers lie ~528 m away.
    let mid = format!("{},{}", original[0] + 0.003, original[3] - 0.0015);
    let hits = |extra: &[&str]| -> usize {
        let mut args = vec!["query", amap.as_str(), "--at", mid.as_str(), "--json"];
        args.extend_from_slice(extra);
        let o = zonecheck(&args);
        assert!(o.status.success(), "{}", stderr(&o));
        let line: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        line["hits"].as_array().map_or(0, Vec::len)
    };
    assert!(hits(&["--lonlat-source", "gcj02"]) >= 1);
    assert_eq!(hits(&[]), 0);
}
