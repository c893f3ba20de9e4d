//! The measure tool's engine: per-segment and total geodesic lengths of a clicked path, and the
//! ellipsoidal area and perimeter of a clicked polygon, against pyproj.Geod(ellps='GRS80');
//! outlines that enclose no area are refused, not measured.
//! Reference numbers: `python3 tests/fixtures/query/measure_tool.py`, cases MT1–MT4.

use crate::query_common;

use query_common::{assert_close, c};
use zonecheck::query::{NotAnArea, hectares, measure_area_ellipsoidal, measure_path_geodesic, mu};

#[test]
fn a_short_path_near_hengshui_matches_pyproj() {
    // MT1: Geod.inv per segment of (115.50,37.60)-(115.52,37.61)-(115.53,37.595).
    let m = measure_path_geodesic(&[c(115.50, 37.60), c(115.52, 37.61), c(115.53, 37.595)]);
    assert_eq!(m.segments_m.len(), 2);
    assert_close("MT1 s1", m.segments_m[0], 2_085.837_105_245_44, 1e-6);
    assert_close("MT1 s2", m.segments_m[1], 1_884.526_796_628_610_3, 1e-6);
    assert_close("MT1 total", m.total_m, 3_970.363_901_874_050_5, 1e-6);
}

#[test]
fn a_long_path_of_several_hundred_km_matches_pyproj() {
    // MT2: Hengshui - Beijing - Shijiazhuang - Jinan.
    let m = measure_path_geodesic(&[
        c(115.67, 37.74),
        c(116.40, 39.90),
        c(114.51, 38.04),
        c(117.00, 36.65),
    ]);
    let want = [
        248_022.474_273_779_78,
        263_547.716_919_697_9,
        269_199.610_509_533_4,
    ];
    assert_eq!(m.segments_m.len(), 3);
    for (i, (got, want)) in m.segments_m.iter().zip(want).enumerate() {
        assert_close(&format!("MT2 s{i}"), *got, want, 1e-5);
    }
    assert_close("MT2 total", m.total_m, 780_769.801_703_011, 1e-5);
}

#[test]
fn fewer_than_two_points_have_no_length() {
    assert_eq!(measure_path_geodesic(&[]).segments_m, Vec::<f64>::new());
    let one = measure_path_geodesic(&[c(115.5, 37.6)]);
    assert!(one.segments_m.is_empty() && one.total_m == 0.0);
}

#[test]
fn a_one_km_square_matches_pyproj_in_m2_hectares_and_mu() {
    // MT3: geometry_area_perimeter of 115.50–115.5113°E × 37.60–37.609°N, counter-clockwise.
    let square = [
        c(115.50, 37.60),
        c(115.5113, 37.60),
        c(115.5113, 37.609),
        c(115.50, 37.609),
    ];
    let m = measure_area_ellipsoidal(&square).expect("a square is an area");
    assert_close("MT3 area", m.area_m2, 996_716.820_079_803_5, 1e-4);
    assert_close("MT3 perimeter", m.perimeter_m, 3_993.428_829_620_901, 1e-6);
    // 1 公顷 = 10 000 m², 1 亩 = 10 000/15 m²: by hand from the pyproj figure.
    assert_close("MT3 ha", hectares(m.area_m2), 99.671_682_008, 1e-7);
    assert_close("MT3 mu", mu(m.area_m2), 1_495.075_230_12, 1e-6);
    // A repeated closing point and a double click's repeated vertex change nothing.
    let mut closed = square.to_vec();
    closed.insert(2, square[1]);
    closed.push(square[0]);
    assert_eq!(measure_area_ellipsoidal(&closed), Ok(m));
}

#[test]
fn a_clockwise_pentagon_matches_pyproj() {
    // MT4: an irregular pentagon listed clockwise.
    let mut ring = vec![
        c(115.60, 37.70),
        c(115.62, 37.74),
        c(115.68, 37.73),
        c(115.70, 37.69),
        c(115.65, 37.67),
    ];
    ring.reverse();
    let m = measure_area_ellipsoidal(&ring).expect("a simple pentagon is an area");
    assert_close("MT4 area", m.area_m2, 43_553_944.223_529_816, 1e-3);
    assert_close("MT4 perimeter", m.perimeter_m, 25_422.011_285_373_133, 1e-6);
}

#[test]
fn outlines_without_an_inside_are_refused() {
    assert_eq!(
        measure_area_ellipsoidal(&[c(115.5, 37.6), c(115.6, 37.6)]),
        Err(NotAnArea::TooFewPoints)
    );
    assert_eq!(
        measure_area_ellipsoidal(&[c(115.5, 37.6), c(115.6, 37.6), c(115.5, 37.6)]),
        Err(NotAnArea::TooFewPoints)
    );
    assert_eq!(
        measure_area_ellipsoidal(&[c(115.5, 37.6), c(115.6, 37.6), c(115.7, 37.6)]),
        Err(NotAnArea::Collinear)
    );
    // A bow tie: its two triangles' areas would cancel in a signed sum.
    assert_eq!(
        measure_area_ellipsoidal(&[
            c(115.5, 37.6),
            c(115.6, 37.7),
            c(115.6, 37.6),
            c(115.5, 37.7)
        ]),
        Err(NotAnArea::SelfIntersecting)
    );
    // A spike that doubles back along its own edge.
    assert_eq!(
        measure_area_ellipsoidal(&[
            c(115.5, 37.6),
            c(115.6, 37.6),
            c(115.6, 37.7),
            c(115.6, 37.65)
        ]),
        Err(NotAnArea::SelfIntersecting)
    );
    // Coming back through an earlier vertex (touching itself) is not a simple outline either.
    assert_eq!(
        measure_area_ellipsoidal(&[
            c(115.5, 37.6),
            c(115.6, 37.6),
            c(115.6, 37.7),
            c(115.5, 37.6),
            c(115.4, 37.7),
            c(115.4, 37.6)
        ]),
        Err(NotAnArea::SelfIntersecting)
    );
}
