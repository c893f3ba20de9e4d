//! File Geodatabases through `io::load_layers`: a `.gdb` folder and a zipped one, one layer
//! picked by name, CRS, role and reprojection, and damaged files. Fixtures and expected figures:
//! tests/fixtures/filegdb (written by GDAL's OpenFileGDB driver, figures by GDAL + pyproj +
//! shapely; see make_filegdb.py and expected_filegdb.py).

use std::io::Write;
use std::path::{Path, PathBuf};

use geo::{Geometry, MultiPolygon};
use zonecheck::crs::CrsOrigin;
use zonecheck::io::{LoadOptions, load_layers};
use zonecheck::model::{AttrValue, GeometryKind, Layer, LayerRole, SourceFormat};
use zonecheck::query::measure::area_ellipsoidal_m2;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/filegdb")
        .join(name)
}

fn expected() -> serde_json::Value {
    let text = std::fs::read_to_string(fixture("expected.json")).expect("expected.json");
    serde_json::from_str(&text).expect("JSON")
}

fn load_all(path: &Path) -> Vec<Layer> {
    load_layers(path, &LoadOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

/// The layers `path` gives when the layer `name` is asked for.
fn load_one(path: &Path, name: &str) -> zonecheck::error::Result<Vec<Layer>> {
    load_layers(
        path,
        &LoadOptions {
            layer: Some(name.into()),
            ..Default::default()
        },
    )
}

fn layer<'a>(layers: &'a [Layer], name: &str) -> &'a Layer {
    layers
        .iter()
        .find(|l| l.name == name)
        .unwrap_or_else(|| panic!("no layer {name}"))
}

fn multipolygon(g: &Geometry<f64>) -> MultiPolygon<f64> {
    match g {
        Geometry::Polygon(p) => MultiPolygon(vec![p.clone()]),
        Geometry::MultiPolygon(mp) => mp.clone(),
        other => panic!("not a polygon: {other:?}"),
    }
}

#[test]
fn a_gdb_folder_opens_every_feature_class_and_no_plain_table() {
    let layers = load_all(&fixture("fixtures.gdb"));
    let mut names: Vec<&str> = layers.iter().map(|l| l.name.as_str()).collect();
    names.sort();
    let mut want = vec![
        "生态保护红线",
        "水源井",
        "管控单元",
        "别名单元",
        "河流",
        "监测点",
        "曲线",
        "弧线",
        "稀疏编号",
        "无坐标系",
        "空图层",
    ];
    want.sort();
    assert_eq!(names, want);
    for l in &layers {
        assert_eq!(l.format, SourceFormat::FileGdb);
        assert_eq!(l.member.as_deref(), Some(l.name.as_str()));
        assert_eq!(l.path, fixture("fixtures.gdb"));
    }
    assert_eq!(layer(&layers, "河流").geometry_kind, GeometryKind::Line);
    assert_eq!(layer(&layers, "河流").source_geometry_type, "PolylineZM");
    assert_eq!(layer(&layers, "水源井").geometry_kind, GeometryKind::Point);
    assert_eq!(layer(&layers, "监测点").geometry_kind, GeometryKind::Point);
    let empty = layer(&layers, "空图层");
    assert!(empty.features.is_empty());
    assert!(empty.warnings.iter().any(|w| w.contains("no features")));
}

#[test]
fn gk_zone_class_is_reprojected_with_fids_in_row_order() {
    let exp = expected();
    let want = &exp["fixtures.gdb"]["layers"]["生态保护红线"];
    let layers = load_all(&fixture("fixtures.gdb"));
    let red = layer(&layers, "生态保护红线");
    assert_eq!(red.crs.crs.epsg, Some(4527));
    assert_eq!(red.crs.origin, CrsOrigin::FileGdb);
    let features = want["features"].as_array().unwrap();
    assert_eq!(red.features.len(), features.len());
    let oid = red.field_index("OBJECTID").expect("OBJECTID kept");
    for (fid, (f, w)) in red.features.iter().zip(features).enumerate() {
        // fid = position among live rows (OBJECTID 3 was deleted); OBJECTID kept as written.
        assert_eq!(
            f.attributes[oid],
            AttrValue::Integer(w["oid"].as_i64().unwrap()),
            "fid {fid}"
        );
        assert_eq!(
            red.text(fid, Some("HXMC")),
            w["attributes"]["HXMC"].as_str().map(String::from)
        );
        let Some(g) = &f.geometry else {
            assert!(
                w.get("first_lonlat").is_none(),
                "fid {fid} has geometry in GDAL"
            );
            continue;
        };
        let mp = multipolygon(g);
        assert_eq!(mp.0.len() as u64, w["polygons"].as_u64().unwrap());
        let holes: usize = mp.0.iter().map(|p| p.interiors().len()).sum();
        assert_eq!(holes as u64, w["holes"].as_u64().unwrap());
        // Ellipsoidal area against pyproj.Geod on the CGCS2000 ellipsoid, 1 cm² .
        let area = area_ellipsoidal_m2(&mp);
        let want_area = w["area_ellipsoidal_m2"].as_f64().unwrap();
        assert!(
            (area - want_area).abs() < 1e-2,
            "fid {fid}: {area} vs {want_area}"
        );
        // The first vertex, reprojected, against pyproj (1e-8° ≈ 1 mm).
        let lonlat = w["first_lonlat"].as_array().unwrap();
        let (lon, lat) = (lonlat[0].as_f64().unwrap(), lonlat[1].as_f64().unwrap());
        let has = geo::CoordsIter::coords_iter(g)
            .any(|c| (c.x - lon).abs() < 1e-8 && (c.y - lat).abs() < 1e-8);
        assert!(has, "fid {fid}: no vertex at {lon},{lat}");
    }
    // Types of the attributes: int16/int32 integers, float32 at its own precision, dates as text.
    let v = |field: &str| red.features[0].attributes[red.field_index(field).unwrap()].clone();
    assert_eq!(v("BH"), AttrValue::Integer(1));
    assert_eq!(v("BL"), AttrValue::Float(0.25));
    assert_eq!(v("HDRQ"), AttrValue::Date("2023-06-15".into()));
    assert_eq!(
        red.features[1].attributes[red.field_index("HDRQ").unwrap()],
        AttrValue::Date("2024-03-01 12:30:15".into())
    );
    assert!(
        red.field_index("FJ").is_none(),
        "binary fields are not attributes"
    );
    assert!(red.warnings.iter().any(|w| w.contains("FJ")));
}

#[test]
fn roles_are_detected_from_names_and_from_aliases() {
    let layers = load_all(&fixture("fixtures.gdb"));
    let units = layer(&layers, "管控单元");
    assert_eq!(units.role.role, LayerRole::ControlUnits);
    assert_eq!(units.role.mapping.code.as_deref(), Some("HJGKDYBM"));
    assert_eq!(units.unit_code(1).as_deref(), Some("ZH13110220001"));
    // Fields F1/F2/F3 say nothing; their aliases 环境管控单元编码/名称/管控单元类别 do.
    let aliased = layer(&layers, "别名单元");
    assert_eq!(aliased.role.role, LayerRole::ControlUnits);
    assert_eq!(aliased.role.mapping.code.as_deref(), Some("F1"));
    assert_eq!(aliased.role.mapping.name.as_deref(), Some("F2"));
    assert_eq!(aliased.role.mapping.category.as_deref(), Some("F3"));
    assert_eq!(aliased.unit_code(0).as_deref(), Some("ZH13110210001"));
}

#[test]
fn curves_sparse_ids_and_z_m_classes_load() {
    let exp = expected();
    let layers = load_all(&fixture("fixtures.gdb"));
    let curves = layer(&layers, "曲线");
    assert!(
        curves.warnings.iter().any(|w| w.contains("curve segments")),
        "{:?}",
        curves.warnings
    );
    let area = area_ellipsoidal_m2(&multipolygon(curves.features[0].geometry.as_ref().unwrap()));
    // π·100² on the plane of the GK zone. On the ellipsoid it is smaller by the square of the
    // zone's scale factor, k ≈ 1 + (Δλ·cos φ)²/2 = 1.00016 at 1.3° from the central meridian
    // (117°E) and 37.6°N, so by about 0.03 %.
    let exact = exp["curve_areas_exact_m2"]["圆"].as_f64().unwrap();
    assert!(
        area < exact && area / exact > 1.0 - 1e-3,
        "{area} vs {exact}"
    );
    let sparse = layer(&layers, "稀疏编号");
    let oid = sparse.field_index("OBJECTID").unwrap();
    let oids: Vec<AttrValue> = sparse
        .features
        .iter()
        .map(|f| f.attributes[oid].clone())
        .collect();
    assert_eq!(
        oids,
        [
            AttrValue::Integer(1),
            AttrValue::Integer(2),
            AttrValue::Integer(3000)
        ]
    );
}

#[test]
fn a_class_without_spatial_reference_is_guessed_or_stated() {
    let gdb = fixture("fixtures.gdb");
    let pick = |crs: Option<u32>| {
        let opts = LoadOptions {
            layer: Some("无坐标系".into()),
            crs: crs.map(|c| zonecheck::crs::Crs::from_epsg(c).unwrap()),
            ..Default::default()
        };
        load_layers(&gdb, &opts).map(|mut l| l.remove(0))
    };
    // An eight-digit easting starting with 39: Gauss-Kruger zone 39, guessed and said so.
    let guessed = pick(None).unwrap();
    assert_eq!(guessed.crs.crs.epsg, Some(4527));
    assert!(matches!(guessed.crs.origin, CrsOrigin::Guessed(_)));
    assert!(guessed.warnings.iter().any(|w| w.contains("guessed")));
    let stated = pick(Some(4527)).unwrap();
    assert_eq!(stated.crs.origin, CrsOrigin::Stated);
    assert_eq!(stated.features, guessed.features);
    // Stating lon/lat for metres puts the layer off the Earth: an error, not an empty answer.
    let err = pick(Some(4490)).unwrap_err().to_string();
    assert!(err.contains("off the Earth"), "{err}");
}

#[test]
fn one_layer_is_picked_by_name_or_layername_suffix() {
    let gdb = fixture("fixtures.gdb");
    let picked = load_one(&gdb, "管控单元").unwrap();
    assert_eq!(picked.len(), 1);
    assert_eq!(picked[0].name, "管控单元");
    let suffixed = PathBuf::from(format!("{}|layername=河流", gdb.display()));
    let picked = load_layers(&suffixed, &LoadOptions::default()).unwrap();
    assert_eq!(picked.len(), 1);
    assert_eq!(picked[0].name, "河流");
    let err = load_one(&gdb, "红线").unwrap_err().to_string();
    assert!(
        err.contains("红线") && err.contains("生态保护红线") && err.contains("fixtures.gdb"),
        "{err}"
    );
    let err = load_one(&gdb, "准入清单").unwrap_err().to_string();
    assert!(err.contains("without geometry"), "{err}");
}

/// Zips the fixture folder under `prefix` (e.g. `数据/fixtures.gdb`).
fn zip_fixture(zip_path: &Path, prefix: &str) {
    let file = std::fs::File::create(zip_path).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let opts = zip::write::SimpleFileOptions::default();
    for e in std::fs::read_dir(fixture("fixtures.gdb")).unwrap() {
        let e = e.unwrap();
        let name = e.file_name().to_string_lossy().into_owned();
        let member = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}/{name}")
        };
        zip.start_file(member, opts).unwrap();
        zip.write_all(&std::fs::read(e.path()).unwrap()).unwrap();
    }
    zip.finish().unwrap();
}

#[test]
fn a_zipped_gdb_reads_like_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let folder = load_all(&fixture("fixtures.gdb"));
    for prefix in ["数据/fixtures.gdb", ""] {
        let zip_path = dir.path().join("规划.zip");
        zip_fixture(&zip_path, prefix);
        let zipped = load_all(&zip_path);
        assert_eq!(zipped.len(), folder.len(), "prefix {prefix:?}");
        for l in &zipped {
            let f = layer(&folder, &l.name);
            assert_eq!(l.features, f.features, "{}", l.name);
            assert_eq!(l.path, zip_path);
        }
        let picked = load_one(&zip_path, "监测点").unwrap();
        assert_eq!(picked.len(), 1);
    }
}

fn copy_gdb(to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(fixture("fixtures.gdb")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

#[test]
fn truncated_files_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let gdb = dir.path().join("坏.gdb");
    copy_gdb(&gdb);
    // 管控单元 is table a0000000b: cut it inside its last row.
    let file = gdb.join("a0000000b.gdbtable");
    let bytes = std::fs::read(&file).unwrap();
    std::fs::write(&file, &bytes[..bytes.len() - 40]).unwrap();
    let err = load_layers(&gdb, &LoadOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("a0000000b.gdbtable")
            && err.contains("管控单元")
            && err.contains("OBJECTID 3"),
        "{err}"
    );
    // Only the header left.
    std::fs::write(&file, &bytes[..30]).unwrap();
    let err = load_layers(&gdb, &LoadOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("a0000000b.gdbtable") && err.contains("truncated"),
        "{err}"
    );
}

#[test]
fn a_file_picked_inside_the_folder_opens_the_geodatabase() {
    let layers = load_all(&fixture("fixtures.gdb/a00000001.gdbtable"));
    assert_eq!(layers.len(), 11);
    assert_eq!(layers[0].path, fixture("fixtures.gdb"));
}

#[test]
fn folders_that_are_not_geodatabases_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let err = load_layers(dir.path(), &LoadOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("not a File Geodatabase"), "{err}");
    // A .gdb name without catalog.
    let fake = dir.path().join("空.gdb");
    std::fs::create_dir(&fake).unwrap();
    let err = load_layers(&fake, &LoadOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("a00000001.gdbtable"), "{err}");
}

#[test]
fn a_compressed_class_is_left_out_and_said_so_or_refused_when_named() {
    let dir = tempfile::tempdir().unwrap();
    let gdb = dir.path().join("压缩.gdb");
    copy_gdb(&gdb);
    // 生态保护红线 (a00000009) stored in Esri's compressed format.
    std::fs::rename(
        gdb.join("a00000009.gdbtable"),
        gdb.join("a00000009.gdbtable.cdf"),
    )
    .unwrap();
    let layers = load_all(&gdb);
    assert_eq!(layers.len(), 10);
    assert!(layers.iter().all(|l| l.name != "生态保护红线"));
    assert!(layers.iter().all(|l| {
        l.warnings
            .iter()
            .any(|w| w.contains("生态保护红线 was not read") && w.contains("compressed"))
    }));
    let err = load_one(&gdb, "生态保护红线").unwrap_err().to_string();
    assert!(
        err.contains("a00000009.gdbtable.cdf") && err.contains("compressed"),
        "{err}"
    );
}

#[test]
fn lock_files_warn_on_every_layer() {
    let dir = tempfile::tempdir().unwrap();
    let gdb = dir.path().join("编辑中.gdb");
    copy_gdb(&gdb);
    std::fs::write(gdb.join("_gdb.PC-01.5104.6580.sr.lock"), b"").unwrap();
    std::fs::write(gdb.join("a0000000b.gdbtable.PC-01.5104.6580.wr.lock"), b"").unwrap();
    let layers = load_all(&gdb);
    assert!(
        layers
            .iter()
            .all(|l| l.warnings.iter().any(|w| w.contains("being edited")))
    );
}
