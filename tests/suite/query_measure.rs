//! Geodesic distance, length and area on the CGCS2000 ellipsoid, and planar area in a
//! Gauss-Kruger zone, against pyproj.Geod(ellps='GRS80') and hand figures.
//! Reference numbers: `python3 tests/fixtures/query/reference.py`, cases M1–M6.

use crate::query_common;

use geo::{LineString, MultiPolygon, Polygon};
use query_common::{assert_close, c, rect, ring};
use zonecheck::crs::Crs;
use zonecheck::query::{
    area_ellipsoidal_m2, area_planar_m2, distance_geodesic_m, hectares, length_geodesic_m, mu,
};

#[test]
fn distance_matches_pyproj() {
    // M1: Geod(ellps='GRS80').inv(116, 40, 117, 41).
    assert_close(
        "M1",
        distance_geodesic_m(c(116.0, 40.0), c(117.0, 41.0)),
        139_698.755_392_028_22,
        1e-6,
    );
    assert_eq!(distance_geodesic_m(c(116.0, 40.0), c(116.0, 40.0)), 0.0);
    // Hand figure: one degree of longitude on the equator is a·π/180.
    assert_close(
        "equator",
        distance_geodesic_m(c(0.0, 0.0), c(1.0, 0.0)),
        6_378_137.0 * std::f64::consts::PI / 180.0,
        1e-6,
    );
}

#[test]
fn length_matches_pyproj() {
    // M6: Geod.geometry_length of (116,40)-(116.1,40)-(116.1,40.1).
    let line = LineString::from(vec![(116.0, 40.0), (116.1, 40.0), (116.1, 40.1)]);
    assert_close("M6", length_geodesic_m(&line), 19_642.944_612_549_392, 1e-6);
}

#[test]
fn area_matches_pyproj_whatever_the_orientation() {
    // M2: geometry_area_perimeter of the 1° square 116–117 E × 40–41 N.
    let sq = rect(116.0, 40.0, 117.0, 41.0);
    let want = 9_412_788_745.639_282;
    assert_close(
        "M2 ccw",
        area_ellipsoidal_m2(&MultiPolygon::new(vec![sq.clone()])),
        want,
        1e-3,
    );
    let mut cw = sq.exterior().clone();
    cw.0.reverse();
    assert_close(
        "M2 cw",
        area_ellipsoidal_m2(&MultiPolygon::new(vec![Polygon::new(cw, vec![])])),
        want,
        1e-3,
    );
}

#[test]
fn holes_are_subtracted() {
    // M3: the same square with a 0.5° hole (pyproj on the oriented polygon).
    let hole = ring(&[
        (116.25, 40.25),
        (116.75, 40.25),
        (116.75, 40.75),
        (116.25, 40.75),
    ]);
    let holed = Polygon::new(
        rect(116.0, 40.0, 117.0, 41.0).exterior().clone(),
        vec![hole.clone()],
    );
    assert_close(
        "M3",
        area_ellipsoidal_m2(&MultiPolygon::new(vec![holed])),
        7_059_556_965.065_247,
        1e-3,
    );
    // A hole wound the same way as the outer ring still subtracts.
    let mut same = hole;
    same.0.reverse();
    let holed2 = Polygon::new(
        rect(116.0, 40.0, 117.0, 41.0).exterior().clone(),
        vec![same],
    );
    assert_close(
        "M3 same winding",
        area_ellipsoidal_m2(&MultiPolygon::new(vec![holed2])),
        7_059_556_965.065_247,
        1e-3,
    );
}

#[test]
fn small_rectangle_matches_the_hand_formula() {
    // M4: pyproj 948099.2119092941; the closed-form area between two parallels and two meridians,
    // (b²·Δλ/2)·(q(φ2) − q(φ1)) with the authalic q, gives 948099.2124830723 — the 0.6 mm²
    // difference is geodesic vs parallel edges.
    let a = area_ellipsoidal_m2(&MultiPolygon::new(vec![rect(116.0, 40.0, 116.01, 40.01)]));
    assert_close("M4 pyproj", a, 948_099.211_909_294_1, 1e-4);
    assert_close("M4 hand", a, 948_099.212_483_072_3, 1e-2);
}

#[test]
fn planar_area_of_a_gauss_kruger_square_is_one_square_kilometre() {
    // M5: the square 39,500,000–39,501,000 E × 4,430,000–4,431,000 N in EPSG:4527, taken to
    // lon/lat by pyproj; projected back by our transform it must be 1,000,000 m² (hand figure).
    let ll = ring(&[
        (117.0, 40.004_241_645_868_6),
        (117.011_711_168_774_3, 40.004_241_054_178_046),
        (117.011_712_707_925_88, 40.013_247_239_387_39),
        (117.0, 40.013_247_831_265_62),
    ]);
    let mp = MultiPolygon::new(vec![Polygon::new(ll, vec![])]);
    let gk = Crs::from_epsg(4527).expect("EPSG:4527 is built in");
    assert_close(
        "M5 planar",
        area_planar_m2(&mp, &gk).expect("projects"),
        1_000_000.0,
        1e-3,
    );
    // On the central meridian the GK scale is 1, so the ellipsoidal area is the same to ~1e-8.
    assert_close(
        "M5 ellipsoidal",
        area_ellipsoidal_m2(&mp),
        999_999.993_845_841_4,
        1e-4,
    );
    assert!(
        area_planar_m2(&mp, &Crs::cgcs2000()).is_err(),
        "geographic CRS is refused"
    );
}

#[test]
fn hectares_and_mu() {
    assert_eq!(hectares(25_000.0), 2.5);
    assert!((mu(10_000.0) - 15.0).abs() < 1e-12, "1 ha = 15 mu");
    assert!((mu(666.67) - 1.0).abs() < 1e-5, "1 mu ≈ 666.67 m²");
}
