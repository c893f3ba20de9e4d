//! Coordinate exchange text (坐标交换格式) and sites, against the GBK fixture written by
//! tests/fixtures/io/make_fixtures.py: parcel P01 is a 100 m square (1.0000 ha), P02 a 100 m
//! square with a 20 m hole (0.9600 ha), zone-39 prefixed eastings. Lon/lat figures: pyproj 3.7.2.

use std::path::{Path, PathBuf};

use geo::Geometry;
use zonecheck::crs::CrsOrigin;
use zonecheck::io::{LoadOptions, load_layers, load_site};
use zonecheck::model::{AttrValue, SourceFormat};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/io")
        .join(rel)
}

fn close(a: (f64, f64), b: (f64, f64)) -> bool {
    (a.0 - b.0).abs() < 1e-7 && (a.1 - b.1).abs() < 1e-7
}

const FILE: &str = "exchange/报盘_两地块.txt";

#[test]
fn two_parcels_one_with_a_hole() {
    let layer = load_layers(&fixture(FILE), &LoadOptions::default())
        .unwrap()
        .remove(0);
    assert_eq!(layer.format, SourceFormat::CoordinateExchangeText);
    assert_eq!(layer.crs.crs.epsg, Some(4527));
    assert_eq!(layer.crs.origin, CrsOrigin::Header);
    assert_eq!(layer.encoding.as_ref().unwrap().encoding, "GBK");
    assert_eq!(layer.features.len(), 2);
    // The declared point counts and areas agree with the boundaries: no warnings.
    assert!(layer.warnings.is_empty(), "{:?}", layer.warnings);
    assert_eq!(layer.text(0, Some("地块编号")).as_deref(), Some("P01"));
    assert_eq!(layer.text(1, Some("地块名称")).as_deref(), Some("乙地块"));
    assert_eq!(layer.text(0, Some("地块用途")).as_deref(), Some("工业用地"));
    let idx = layer.field_index("界址点数").unwrap();
    assert_eq!(layer.features[1].attributes[idx], AttrValue::Integer(10));
    let idx = layer.field_index("地块面积(公顷)").unwrap();
    assert_eq!(layer.features[1].attributes[idx], AttrValue::Float(0.96));

    let Some(Geometry::Polygon(p1)) = &layer.features[0].geometry else {
        panic!("P01 is a polygon")
    };
    assert_eq!(p1.exterior().0.len(), 5);
    assert!(p1.interiors().is_empty());
    // J1 of P01: X 4180000 (north), Y 39380000 (east) -> pyproj (115.638507113, 37.744392881).
    assert!(close(
        p1.exterior().0[0].x_y(),
        (115.638507113, 37.744392881)
    ));
    let Some(Geometry::Polygon(p2)) = &layer.features[1].geometry else {
        panic!("P02 is a polygon")
    };
    assert_eq!(p2.interiors().len(), 1);
    // J1 of P02: (39381000 E, 4181000 N) -> pyproj (115.649686295, 37.753530550).
    assert!(close(
        p2.exterior().0[0].x_y(),
        (115.649686295, 37.753530550)
    ));
}

#[test]
fn a_zone_number_that_disagrees_with_the_prefix_is_overruled_with_a_warning() {
    let text = std::fs::read(fixture(FILE)).unwrap();
    let (decoded, _, _) = encoding_rs::GBK.decode(&text);
    let changed = decoded.replace("带号=39", "带号=38");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("zone38.txt");
    std::fs::write(&path, encoding_rs::GBK.encode(&changed).0).unwrap();
    let layer = load_layers(&path, &LoadOptions::default())
        .unwrap()
        .remove(0);
    assert_eq!(layer.crs.crs.epsg, Some(4527));
    assert!(
        layer
            .warnings
            .iter()
            .any(|w| w.contains("带号=38") && w.contains("39")),
        "{:?}",
        layer.warnings
    );
}

#[test]
fn a_wrong_declared_area_is_reported() {
    let text = std::fs::read(fixture(FILE)).unwrap();
    let (decoded, _, _) = encoding_rs::GBK.decode(&text);
    let changed = decoded.replace("5,1.0000,P01", "5,2.0000,P01");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("area.txt");
    std::fs::write(&path, changed).unwrap(); // UTF-8 this time
    let layer = load_layers(&path, &LoadOptions::default())
        .unwrap()
        .remove(0);
    assert_eq!(layer.encoding.as_ref().unwrap().encoding, "UTF-8");
    assert!(
        layer
            .warnings
            .iter()
            .any(|w| w.contains("P01") && w.contains("1.0000 ha")),
        "{:?}",
        layer.warnings
    );
}

#[test]
fn a_site_from_exchange_text_keeps_its_parcels() {
    let site = load_site(&fixture(FILE), &LoadOptions::default()).unwrap();
    assert_eq!(site.name, "报盘_两地块");
    assert_eq!(site.crs.crs.epsg, Some(4527));
    let names: Vec<&str> = site.parcels.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["甲地块", "乙地块"]);
    let Geometry::MultiPolygon(mp) = &site.geometry else {
        panic!("a multipolygon site")
    };
    // The two parcels are 1 km apart: the union keeps both, and P02's hole.
    assert_eq!(mp.0.len(), 2);
    assert_eq!(mp.0.iter().map(|p| p.interiors().len()).sum::<usize>(), 1);
}

#[test]
fn a_site_from_a_shapefile_unions_its_polygons() {
    let site = load_site(&fixture("gbk_cpg/units_gbk.shp"), &LoadOptions::default()).unwrap();
    // Three features with geometry (the null shape is skipped): A, B and C's two parts are
    // disjoint squares, so the union has four polygons.
    assert_eq!(site.parcels.len(), 3);
    assert_eq!(site.parcels[0].name, "桃城区优先保护单元");
    let Geometry::MultiPolygon(mp) = &site.geometry else {
        panic!("a multipolygon site")
    };
    assert_eq!(mp.0.len(), 4);
}

/// A minimal exchange text with `header` lines and one 100 m square parcel.
fn square_parcel(header: &str, parcel_line: &str, prefix: &str) -> String {
    let mut s = format!("[属性描述]\n{header}\n[地块坐标]\n{parcel_line}\n");
    for (i, (n, e)) in [(0, 0), (0, 100), (100, 100), (100, 0), (0, 0)]
        .iter()
        .enumerate()
    {
        s += &format!(
            "J{},1,{},{prefix}{}\n",
            i % 4 + 1,
            4_180_000 + n,
            380_000 + e
        );
    }
    s
}

#[test]
fn unprefixed_eastings_take_the_zone_from_the_header() {
    let text = square_parcel(
        "坐标系=2000国家大地坐标系\n几度分带=3\n带号=39",
        "5,1.0,P1,甲,面,,,,@",
        "",
    );
    let layer =
        zonecheck::io::parse_exchange_text(&text, Path::new("pasted"), &LoadOptions::default())
            .unwrap();
    // pyproj: EPSG:4548 is "CGCS2000 / 3-degree Gauss-Kruger CM 117E" (zone 39 without prefix).
    assert_eq!(layer.crs.crs.epsg, Some(4548));
    let Some(Geometry::Polygon(p)) = &layer.features[0].geometry else {
        panic!("a polygon")
    };
    // pyproj: EPSG:4548 (380000, 4180000) -> (115.638507113, 37.744392881).
    assert!(close(
        p.exterior().0[0].x_y(),
        (115.638507113, 37.744392881)
    ));
}

#[test]
fn twelve_field_headers_keep_the_extra_fields() {
    let text = square_parcel(
        "坐标系=2000国家大地坐标系\n几度分带=3\n带号=39",
        "5,1.0,P1,甲,面,J50,工业用地,0601,衡水市,桃城区,某公司,@",
        "39",
    );
    let layer =
        zonecheck::io::parse_exchange_text(&text, Path::new("pasted"), &LoadOptions::default())
            .unwrap();
    assert_eq!(layer.crs.crs.epsg, Some(4527));
    assert_eq!(layer.text(0, Some("地类编号")).as_deref(), Some("0601"));
    assert_eq!(layer.text(0, Some("附加字段3")).as_deref(), Some("某公司"));
}

#[test]
fn xian_1980_headers_load_with_a_datum_warning() {
    let text = square_parcel(
        "坐标系=1980西安坐标系\n几度分带=3\n带号=39",
        "5,1.0,P1,甲,面,,,,@",
        "39",
    );
    let layer =
        zonecheck::io::parse_exchange_text(&text, Path::new("pasted"), &LoadOptions::default())
            .unwrap();
    // pyproj: EPSG:2363 is "Xian 1980 / 3-degree Gauss-Kruger zone 39".
    assert_eq!(layer.crs.crs.epsg, Some(2363));
    assert!(
        layer.warnings.iter().any(|w| w.contains("Xian 1980")),
        "{:?}",
        layer.warnings
    );
}

#[test]
fn no_zone_anywhere_asks_for_the_crs() {
    let text = square_parcel("坐标系=2000国家大地坐标系", "5,1.0,P1,甲,面,,,,@", "");
    let err =
        zonecheck::io::parse_exchange_text(&text, Path::new("pasted"), &LoadOptions::default())
            .unwrap_err();
    assert_eq!(
        err.fix(),
        Some(zonecheck::error::Fix::StateLayerCrs {
            example: Some(4548)
        })
    );
    assert!(err.to_string().contains("no 带号"), "{err}");
}

/// Found by fuzzing (fuzz/RUNS.md, finding 3): this exchange text has parcels whose coordinates
/// are off by orders of magnitude (a northing of 478,555,210 m). The Gauss-Kruger inverse turned
/// them into vertices across the globe (PROJ does the same: −13.9° for that point), and the
/// even-odd repair of the resulting self-crossing rings then failed a debug assertion inside
/// i_overlay 4.5.2 (`extract_ogc.rs:121`; debug and fuzz builds panicked). Now a point that does
/// not come back from its projection is an error naming the file, the feature and the point.
#[test]
fn a_fuzzed_exchange_text_with_a_northing_beyond_the_projection_is_an_error() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz/exchange_text-overlay-assertion.txt");
    let e = match load_layers(&path, &LoadOptions::default()) {
        Ok(_) => panic!("a northing of 478,555,210 m was read as a place"),
        Err(e) => e.to_string(),
    };
    assert!(
        e.contains("exchange_text-overlay-assertion.txt")
            && e.contains("478555210")
            && e.contains("outside what the projection can represent"),
        "{e}"
    );
}
