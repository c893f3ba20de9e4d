//! Pasted coordinate lists and .csv files. Expected lon/lat: pyproj 3.7.2, EPSG:4527 -> 4490
//! (the same figures tests/fixtures/io/make_fixtures.py prints).

use geo::Geometry;
use zonecheck::crs::{CoordSource, Crs, CrsOrigin, china_offsets};
use zonecheck::io::{
    CoordListOptions, CoordMeaning, LoadOptions, load_layers, load_site, parse_coordinate_list,
};
use zonecheck::model::SourceFormat;

fn close(a: (f64, f64), b: (f64, f64)) -> bool {
    (a.0 - b.0).abs() < 1e-7 && (a.1 - b.1).abs() < 1e-7
}

#[test]
fn lonlat_pairs_make_a_polygon() {
    let text = "115.1,37.1\n115.2,37.1\n115.2,37.2\n115.1,37.2\n115.1,37.1\n";
    let list = parse_coordinate_list(text, &CoordListOptions::default()).unwrap();
    assert_eq!(
        list.lonlat.len(),
        4,
        "the repeated closing point is dropped"
    );
    assert_eq!(list.crs.crs.epsg, Some(4490));
    let Geometry::Polygon(p) = &list.geometry else {
        panic!("a polygon")
    };
    assert_eq!(p.exterior().0.len(), 5);
    assert!(close(p.exterior().0[1].x_y(), (115.2, 37.1)));
}

#[test]
fn excel_columns_of_surveyor_xy_with_header_and_ids() {
    // X = north, Y = east with the zone-39 prefix, tab separated as Excel copies them.
    let text =
        "点号\tX\tY\r\nJ1\t4180000\t39380000\r\nJ2\t4180000\t39381000\r\nJ3\t4181000\t39381000\r\n";
    let list = parse_coordinate_list(text, &CoordListOptions::default()).unwrap();
    assert_eq!(list.ids, ["J1", "J2", "J3"]);
    assert_eq!(list.crs.crs.epsg, Some(4527));
    assert!(matches!(list.crs.origin, CrsOrigin::Guessed(_)));
    // pyproj: (39380000 E, 4180000 N) -> (115.638507113, 37.744392881);
    // (39381000 E, 4181000 N) -> (115.649686295, 37.753530550).
    assert!(close(list.lonlat[0].x_y(), (115.638507113, 37.744392881)));
    assert!(close(list.lonlat[2].x_y(), (115.649686295, 37.753530550)));
}

#[test]
fn unprefixed_eastings_need_a_stated_crs() {
    let text = "4180000 380000\n4180000 381000\n4181000 381000\n";
    let err = parse_coordinate_list(text, &CoordListOptions::default()).unwrap_err();
    assert!(
        matches!(err.fix(), Some(zonecheck::error::Fix::StateLayerCrs { .. })),
        "{err}"
    );
    // EPSG:4548 is CGCS2000 3-degree CM 117E without prefix: same point as 39380000 in 4527.
    let opts = CoordListOptions {
        meaning: CoordMeaning::NorthEast,
        crs: Some(Crs::from_epsg(4548).unwrap()),
        source: None,
    };
    let list = parse_coordinate_list(text, &opts).unwrap();
    assert!(close(list.lonlat[0].x_y(), (115.638507113, 37.744392881)));
}

#[test]
fn latitude_first_is_recognised() {
    let list = parse_coordinate_list("37.7389, 115.6705", &CoordListOptions::default()).unwrap();
    assert!(close(list.lonlat[0].x_y(), (115.6705, 37.7389)));
    assert!(!list.warnings.is_empty());
}

#[test]
fn web_map_points_are_moved_back() {
    // A WGS 84 point moved to GCJ-02 by the forward offset; reading it as GCJ-02 must return it.
    let (glon, glat) = china_offsets::wgs84_to_gcj02(115.6705, 37.7389);
    let opts = CoordListOptions {
        source: Some(CoordSource::Gcj02),
        ..Default::default()
    };
    let list = parse_coordinate_list(&format!("{glon},{glat}"), &opts).unwrap();
    assert!(
        close(list.lonlat[0].x_y(), (115.6705, 37.7389)),
        "{:?}",
        list.lonlat
    );
}

#[test]
fn a_bad_line_is_named() {
    let err = parse_coordinate_list("115.1,37.1\n115.2,abc\n", &CoordListOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.contains("line 2"), "{err}");
}

#[test]
fn a_csv_file_loads_as_a_layer_and_a_site() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("红线 边界.csv");
    std::fs::write(&path, "lon,lat\n115.1,37.1\n115.2,37.1\n115.2,37.2\n").unwrap();
    let layer = load_layers(&path, &LoadOptions::default())
        .unwrap()
        .remove(0);
    assert_eq!(layer.format, SourceFormat::CoordinateList);
    assert_eq!(layer.name, "红线 边界");
    let site = load_site(&path, &LoadOptions::default()).unwrap();
    assert!(matches!(site.geometry, Geometry::MultiPolygon(ref mp) if mp.0.len() == 1));
}

/// Ellipsoidal area of a list's geometry, m².
fn area_m2(g: &Geometry<f64>) -> f64 {
    let multi = match g {
        Geometry::Polygon(p) => geo::MultiPolygon(vec![p.clone()]),
        Geometry::MultiPolygon(m) => m.clone(),
        other => panic!("a polygon, not {other:?}"),
    };
    zonecheck::query::area_ellipsoidal_m2(&multi)
}

// Areas from pyproj 3.7.2 `Geod(ellps='GRS80').polygon_area_perimeter` of the same corners:
// A = 115.50–115.51°E × 37.50–37.51°N: 981,343.190 m²; B = 115.60–115.61 × 37.60–37.61:
// 980,049.394 m²; O = 115.50–115.52 × 37.50–37.52: 3,925,114.270 m²; I = 115.505–115.515 ×
// 37.505–37.515: 981,278.572 m².

#[test]
fn rings_separated_by_a_blank_line_make_a_multipolygon() {
    let text = "J1,115.50,37.50\nJ2,115.51,37.50\nJ3,115.51,37.51\nJ4,115.50,37.51\n\n\
                J5,115.60,37.60\nJ6,115.61,37.60\nJ7,115.61,37.61\nJ8,115.60,37.61\n";
    let list = parse_coordinate_list(text, &CoordListOptions::default()).unwrap();
    let Geometry::MultiPolygon(m) = &list.geometry else {
        panic!("a multipolygon: {:?}", list.geometry)
    };
    assert_eq!(m.0.len(), 2);
    assert_eq!(list.ids.len(), 8);
    let want = 981_343.190 + 980_049.394;
    assert!((area_m2(&list.geometry) - want).abs() < 0.01);
}

#[test]
fn a_ring_closed_then_another_inside_it_is_a_hole() {
    // Surveyors list the outer boundary J1..J4, J1 again to close it, then the inner one.
    let text = "J1 115.50 37.50\nJ2 115.52 37.50\nJ3 115.52 37.52\nJ4 115.50 37.52\nJ1 115.50 37.50\n\
                K1 115.505 37.505\nK2 115.515 37.505\nK3 115.515 37.515\nK4 115.505 37.515\n";
    let list = parse_coordinate_list(text, &CoordListOptions::default()).unwrap();
    let Geometry::Polygon(p) = &list.geometry else {
        panic!("a polygon with a hole: {:?}", list.geometry)
    };
    assert_eq!(p.interiors().len(), 1);
    // The closing repeat is not a point of the list.
    assert_eq!(list.ids, ["J1", "J2", "J3", "J4", "K1", "K2", "K3", "K4"]);
    let want = 3_925_114.270 - 981_278.572;
    assert!((area_m2(&list.geometry) - want).abs() < 0.01);
}

#[test]
fn degrees_minutes_seconds_rows_read_as_lon_lat() {
    // 115°30′ = 115.5°, 37°30′36″ = 37.51°, 115°30′36″ = 115.51° (hand conversion): square A.
    let text = "点号 纬度 经度\nJ1 37°30′00″N 115°30′00″E\nJ2 37°30′00″N 115°30′36″E\n\
                J3 北纬37度30分36秒 东经115度30分36秒\nJ4 37°30'36\"N, 115°30'00\"E\n";
    let list = parse_coordinate_list(text, &CoordListOptions::default()).unwrap();
    assert_eq!(list.ids, ["J1", "J2", "J3", "J4"]);
    assert!(close(list.lonlat[0].x_y(), (115.5, 37.5)));
    assert!(close(list.lonlat[2].x_y(), (115.51, 37.51)));
    assert!((area_m2(&list.geometry) - 981_343.190).abs() < 0.01);
    // DMS rows cannot be metres.
    let opts = CoordListOptions {
        meaning: CoordMeaning::NorthEast,
        ..CoordListOptions::default()
    };
    assert!(parse_coordinate_list(text, &opts).is_err());
}

#[test]
fn point_ids_with_letters_are_not_taken_for_hemispheres() {
    // "NE1", "E2"… are ids; the numbers are latitude first, as the user says.
    let text = "NE1,37.50,115.50\nE2,37.50,115.51\nN3,37.51,115.51\nS4,37.51,115.50\n";
    let opts = CoordListOptions {
        meaning: CoordMeaning::LatLon,
        ..CoordListOptions::default()
    };
    let list = parse_coordinate_list(text, &opts).unwrap();
    assert_eq!(list.ids, ["NE1", "E2", "N3", "S4"]);
    assert!(close(list.lonlat[1].x_y(), (115.51, 37.5)));
    assert!((area_m2(&list.geometry) - 981_343.190).abs() < 0.01);
}
