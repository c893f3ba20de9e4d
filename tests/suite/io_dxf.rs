//! DXF reading against drawings written by ezdxf (tests/fixtures/dxf/make_dxf.py): entity kinds,
//! bulges and circles against their closed-form areas, a mirrored OCS against pyproj's corners,
//! text encodings (GBK by $DWGCODEPAGE, UTF-8 for R2010) and escapes, the CRS from a zone
//! prefix or stated, the boundary a site takes, and bad files.

use crate::formats_common;

use std::path::PathBuf;

use geo::{CoordsIter, Geometry, MultiPolygon};
use serde_json::Value;
use zonecheck::crs::Crs;
use zonecheck::io::{LoadOptions, load_layers, load_site};
use zonecheck::model::{Layer, SourceFormat};
use zonecheck::query::measure::area_planar_m2;

/// The densification bound of src/io/dxf_geometry.rs: no chord strays more than 1 mm from its
/// arc, so the area lost to chords is under ⅔ · 1 mm · arc length.
const SAGITTA_M: f64 = 0.001;

fn fixture(name: &str) -> PathBuf {
    formats_common::fixture("dxf", name)
}

fn expected() -> Value {
    formats_common::expected("dxf")
}

fn load(name: &str, opts: &LoadOptions) -> Layer {
    formats_common::load_first("dxf", name, opts)
}

fn on_layer<'a>(layer: &'a Layer, dxf_layer: &str) -> Vec<&'a Geometry<f64>> {
    (0..layer.features.len())
        .filter(|&i| layer.text(i, Some("layer")).as_deref() == Some(dxf_layer))
        .filter_map(|i| layer.features[i].geometry.as_ref())
        .collect()
}

fn planar_m2(g: &Geometry<f64>) -> f64 {
    let Geometry::Polygon(p) = g else {
        panic!("not a polygon: {g:?}")
    };
    let gk39 = Crs::from_epsg(4527).unwrap();
    area_planar_m2(&MultiPolygon(vec![p.clone()]), &gk39).unwrap()
}

fn has_vertex(g: &Geometry<f64>, lonlat: &Value) -> bool {
    let (x, y) = (lonlat[0].as_f64().unwrap(), lonlat[1].as_f64().unwrap());
    g.coords_iter()
        .any(|c| (c.x - x).abs() < 1e-8 && (c.y - y).abs() < 1e-8)
}

#[test]
fn bulges_and_circles_against_their_closed_form_areas() {
    let layer = load("kinds.dxf", &LoadOptions::default());
    let exp = &expected()["kinds"];
    assert_eq!(layer.format, SourceFormat::Dxf);
    assert_eq!(layer.source_geometry_type, "DXF R2010 (AC1024)");
    assert_eq!(layer.crs.crs.epsg, Some(4527));
    // Rectangle 100 x 60 with a half disc of radius 50 bulging from its top edge.
    let got = planar_m2(on_layer(&layer, "弧形地块")[0]);
    let want = exp["arc_parcel_m2"].as_f64().unwrap();
    let bound = 2.0 / 3.0 * SAGITTA_M * exp["half_circle_m"].as_f64().unwrap() + 0.01;
    assert!(
        got <= want + 0.01 && want - got < bound,
        "{got} vs {want} (bound {bound})"
    );
    let got = planar_m2(on_layer(&layer, "圆")[0]);
    let want = exp["circle_m2"].as_f64().unwrap();
    let bound = 2.0 / 3.0 * SAGITTA_M * exp["circle_circumference_m"].as_f64().unwrap() + 0.01;
    assert!(got <= want + 0.01 && want - got < bound, "{got} vs {want}");
    assert!(layer.warnings.iter().any(|w| w.contains("within 1 mm")));
}

#[test]
fn a_mirrored_ocs_lands_where_pyproj_puts_it() {
    let layer = load("kinds.dxf", &LoadOptions::default());
    let exp = &expected()["kinds"];
    let g = on_layer(&layer, "镜像")[0];
    for corner in exp["mirrored_corners_lonlat"].as_array().unwrap() {
        assert!(has_vertex(g, corner), "corner {corner} missing");
    }
    assert!((planar_m2(g) - exp["mirrored_m2"].as_f64().unwrap()).abs() < 0.01);
}

#[test]
fn lines_arcs_texts_and_what_is_not_read() {
    let layer = load("kinds.dxf", &LoadOptions::default());
    let exp = &expected()["kinds"];
    let lines = on_layer(&layer, "线");
    assert_eq!(lines.len(), 3, "ARC, LINE and open LWPOLYLINE");
    let arc = lines
        .iter()
        .find(|g| g.coords_count() > 3)
        .expect("the densified ARC");
    for end in exp["arc_ends_lonlat"].as_array().unwrap() {
        assert!(has_vertex(arc, end), "arc end {end} missing");
    }
    assert!(lines.iter().all(|g| matches!(g, Geometry::LineString(_))));
    let fid = (0..layer.features.len())
        .find(|&i| layer.text(i, Some("entity")).as_deref() == Some("TEXT"))
        .unwrap();
    assert_eq!(layer.text(fid, Some("text")).as_deref(), Some("坡度±5°"));
    assert_eq!(layer.encoding.as_ref().unwrap().encoding, "UTF-8");
    let warnings = layer.warnings.join("\n");
    assert!(
        warnings.contains("1 INSERT") && warnings.contains("1 paper-space"),
        "{warnings}"
    );
}

#[test]
fn gbk_text_by_code_page_with_escapes_and_mtext_codes() {
    let layer = load("示例项目B_带号.dxf", &LoadOptions::default());
    let enc = layer.encoding.as_ref().unwrap();
    assert_eq!(
        (enc.encoding.as_str(), enc.how.as_str()),
        ("GBK", "$DWGCODEPAGE ANSI_936")
    );
    let texts: Vec<String> = (0..layer.features.len())
        .filter_map(|i| layer.text(i, Some("text")))
        .collect();
    assert!(texts.contains(&"示例项目B地块一".to_string()), "{texts:?}");
    // ezdxf wrote ✓ (not in GBK) as \U+2713 and kept the MTEXT font and paragraph codes.
    assert!(texts.contains(&"项目B\n用地红线✓".to_string()), "{texts:?}");
    assert_eq!(on_layer(&layer, "红线").len(), 2);
    assert_eq!(layer.crs.crs.epsg, Some(4527));
}

#[test]
fn without_the_zone_prefix_the_crs_must_be_stated() {
    let err = load_layers(&fixture("示例项目B_无带号.dxf"), &LoadOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("示例项目B_无带号.dxf") && err.contains("no zone number"),
        "{err}"
    );
    let stated = LoadOptions {
        crs: Some(Crs::from_epsg(4548).unwrap()),
        ..LoadOptions::default()
    };
    let plain = load("示例项目B_无带号.dxf", &stated);
    let prefixed = load("示例项目B_带号.dxf", &LoadOptions::default());
    let (a, b) = (on_layer(&plain, "红线"), on_layer(&prefixed, "红线"));
    for (p, q) in a.iter().zip(&b) {
        for (c, d) in p.coords_iter().zip(q.coords_iter()) {
            assert!((c.x - d.x).abs() < 1e-9 && (c.y - d.y).abs() < 1e-9);
        }
    }
}

#[test]
fn a_site_takes_the_boundary_layer_or_the_largest_closed_polyline() {
    let site = load_site(&fixture("示例项目B_带号.dxf"), &LoadOptions::default()).unwrap();
    assert_eq!(site.parcels.len(), 2);
    let w = site.warnings.join("\n");
    assert!(
        w.contains("layer 红线, named like a site boundary") && w.contains("图框"),
        "{w}"
    );
    // Naming the layer takes that layer's closed polylines instead: here the drawing frame.
    let frame = PathBuf::from(format!(
        "{}|layername=图框",
        fixture("示例项目B_带号.dxf").display()
    ));
    let site = load_site(&frame, &LoadOptions::default()).unwrap();
    assert_eq!(site.parcels.len(), 1);
    assert!(site.warnings.join("\n").contains("on the layer stated"));
    // No layer named like a boundary: the largest closed polyline, said so.
    let site = load_site(&fixture("largest.dxf"), &LoadOptions::default()).unwrap();
    assert_eq!(site.parcels.len(), 1);
    let gk39 = Crs::from_epsg(4527).unwrap();
    let Geometry::MultiPolygon(mp) = &site.geometry else {
        panic!("polygon site")
    };
    let want = expected()["largest_m2_planar"].as_f64().unwrap();
    assert!((area_planar_m2(mp, &gk39).unwrap() - want).abs() < 0.01);
    assert!(
        site.warnings
            .join("\n")
            .contains("took the largest closed polyline (layer 0")
    );
}

#[test]
fn bad_drawings_get_one_clear_error() {
    let err = load_site(&fixture("no_closed.dxf"), &LoadOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("no_closed.dxf")
            && err.contains("no closed polyline")
            && err.contains("LINE, TEXT"),
        "{err}"
    );
    for name in ["not_dxf.dxf", "cut.dxf"] {
        let err = load_layers(&fixture(name), &LoadOptions::default())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(name) && err.contains("not a readable DXF"),
            "{name}: {err}"
        );
    }
    let missing = LoadOptions {
        layer: Some("规划".into()),
        ..LoadOptions::default()
    };
    let err = load_layers(&fixture("示例项目B_带号.dxf"), &missing)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("规划") && err.contains("红线") && err.contains("图框"),
        "{err}"
    );
}

/// The sample drawing's lines (split at '\n', as bytes: the drawing is GBK), edited by `edit`,
/// written to a scratch file and read as a site: it must give the sample's own geometry.
fn assert_edited_sample_reads_the_same(what: &str, edit: impl FnOnce(&mut Vec<&[u8]>)) {
    let good = std::fs::read(fixture("示例项目B_带号.dxf")).unwrap();
    let mut lines: Vec<&[u8]> = good.split(|&b| b == b'\n').collect();
    edit(&mut lines);
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("edited.dxf");
    std::fs::write(&bad, lines.join(&b'\n')).unwrap();
    let a = load_site(&fixture("示例项目B_带号.dxf"), &LoadOptions::default()).unwrap();
    let b = load_site(&bad, &LoadOptions::default()).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_eq!(a.geometry, b.geometry, "{what}");
}

/// Found by fuzzing (fuzz/RUNS.md): a header date ($TDUUPDATE 245855413, a Julian day far past
/// the calendar) made the dxf crate panic. The fuzzer's input now gets the error its other damage
/// deserves; a good drawing with such a date reads as without it (the date is not used).
#[test]
fn a_header_date_beyond_the_calendar_is_ignored() {
    let path = formats_common::fixture("fuzz", "dxf-header-date-past-calendar.dxf");
    let err = load_layers(&path, &LoadOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("dxf-header-date-past-calendar.dxf"), "{err}");
    assert!(err.contains("not a readable DXF drawing"), "{err}");

    for (var, value) in [("$TDUUPDATE", "245855413.24311"), ("$TDCREATE", "1e300")] {
        assert_edited_sample_reads_the_same(var, |lines| {
            let at = match lines.iter().position(|l| l.trim_ascii() == var.as_bytes()) {
                Some(at) => at,
                None => {
                    // After "0 SECTION 2 HEADER".
                    let added: [&[u8]; 4] = [b"  9", var.as_bytes(), b" 40", b"0.0"];
                    lines.splice(4..4, added);
                    5
                }
            };
            lines[at + 2] = value.as_bytes();
        });
    }
}

/// Fuzz finding 9: a layer colour (code 62) of -32768 made the dxf crate's `i16::abs` overflow.
#[test]
fn a_layer_colour_that_overflows_is_read_as_an_ordinary_off_layer() {
    let path = formats_common::fixture("fuzz", "dxf-layer-colour-overflow.dxf");
    // The fuzzed drawing has nothing to read as a site: the outcome is an error naming it.
    let err = load_site(&path, &LoadOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("dxf-layer-colour-overflow.dxf"), "{err}");

    for bad_colour in ["-32768", "-1e9"] {
        // Every layer's colour 7 (the table rows) set to the overflowing value.
        assert_edited_sample_reads_the_same(bad_colour, |lines| {
            let mut changed = 0;
            for i in 1..lines.len() {
                if lines[i - 1].trim_ascii() == b"62" && lines[i].trim_ascii() == b"7" {
                    lines[i] = bad_colour.as_bytes();
                    changed += 1;
                }
            }
            assert_eq!(changed, 6, "the fixture's six layer colours were changed");
        });
    }
}

/// Fuzz finding 13: a blank code line ends the dxf crate's pair iterator for one call only, so
/// the header read on past it; the walk that tames dates stopped there, and a `$TDUUPDATE` of
/// 245855413 days after it overflowed the crate's date arithmetic.
#[test]
fn a_date_beyond_the_calendar_after_a_blank_code_line_is_read_as_no_date() {
    let path = formats_common::fixture("fuzz", "dxf-date-after-blank-code-line.dxf");
    // The fuzzed drawing has nothing to read as a site: the outcome is an error naming it.
    let err = load_site(&path, &LoadOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("dxf-date-after-blank-code-line.dxf"), "{err}");

    assert_edited_sample_reads_the_same("a blank code line", |lines| {
        let at = lines
            .iter()
            .position(|l| l.trim_ascii() == b"$TDUUPDATE")
            .unwrap();
        assert_eq!(lines[at + 1].trim_ascii(), b"40");
        lines[at + 2] = b"245855413.24311";
        // A blank line where a code would be, before the variable's own code 9.
        lines.insert(at - 1, b" ");
    });
}

/// Fuzz finding 19: a code line of a no-break space (byte 0xA0) and `10` stopped the walk that
/// tames colours (it read lines as UTF-8), while the dxf crate, reading code lines as
/// Windows-1252 and trimming Unicode spaces, read on to a layer colour of -1e+20 and overflowed
/// `i16::abs` (it panicked here before the fix). The walk now reads each line as the crate does.
#[test]
fn a_colour_past_a_code_line_only_windows_1252_reads_is_tamed() {
    assert_fuzzed_drawing_is_an_error_naming_it("dxf-colour-after-no-break-space.dxf");
}

/// Fuzz finding 20: a code line `0.0` stopped the walk that tames colours, but the dxf crate's
/// entity reader drops the error such a pair gives and the crate reads on from the next line,
/// a line off from the walk's old phase, to a layer colour of -1e+20 (it panicked here before
/// the fix). The walk now reads on past a bad pair as the crate does.
#[test]
fn a_colour_after_a_pair_the_crate_drops_is_tamed() {
    assert_fuzzed_drawing_is_an_error_naming_it("dxf-colour-after-walk-loses-phase.dxf");
}

/// A fuzzed drawing from `tests/fixtures/fuzz` goes through the fuzz target without a panic,
/// and, having nothing to read as a site, gives an error naming it.
fn assert_fuzzed_drawing_is_an_error_naming_it(name: &str) {
    let path = formats_common::fixture("fuzz", name);
    zonecheck::fuzzing::dxf(&std::fs::read(&path).unwrap());
    let err = load_site(&path, &LoadOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains(name), "{err}");
}

/// Fuzz finding 21: the dxf crate gives every pair after a header variable's name to that
/// variable, so a second code 40 after `$TDUCREATE` (245855413 days) is a date to it too and
/// overflowed its date arithmetic (it panicked here before the fix); the walk tamed only the
/// pair right after the name.
#[test]
fn a_second_date_value_of_a_variable_is_tamed() {
    assert_fuzzed_drawing_is_an_error_naming_it("dxf-second-date-value-of-a-variable.dxf");
}

/// Fuzz finding 22 (in zonecheck's own code): a DXB drawing's ARC with angles of ~1e30° made
/// the arc densifier ask for more vertices than memory has (a panic in release builds). An arc
/// now sweeps less than a turn whatever its angles, and no curve gets more than one turn's
/// chords.
#[test]
fn an_arc_of_huge_angles_is_one_turn_at_most() {
    let path = formats_common::fixture("fuzz", "dxf-dxb-arc-of-huge-angles.dxf");
    zonecheck::fuzzing::dxf(&std::fs::read(&path).unwrap());
    let layer = load_layers(&path, &LoadOptions::default())
        .unwrap()
        .remove(0);
    // Seven entities, none past one turn of 2,048 chords.
    assert_eq!(layer.features.len(), 7);
    assert!(layer.vertex_count() <= 7 * 2049, "{}", layer.vertex_count());
}
