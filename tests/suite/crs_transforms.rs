//! Transforms agree with PROJ to < 1 mm inside the zone, for every CRS family zonecheck knows.
//!
//! The control values were produced by tests/fixtures/crs/gen_transforms.py,
//! run with pyproj 3.7.2 PROJ 9.5.1:
//!
//! ```python
//! import pyproj
//! t = pyproj.Transformer.from_crs(SRC, DST, always_xy=True)
//! x, y = t.transform(lon, lat)          # printed with 4 decimals (0.1 mm)
//! # inverse cases: from_crs(CODE, its geographic CRS, always_xy=True), printed with 11 decimals
//! ```
//!
//! Xian 1980 and Beijing 1954 cases go from their own geographic CRS (4610, 4214), so PROJ applies
//! no datum shift: these check the projection on the right ellipsoid, which is all zonecheck does.

use zonecheck::crs::{Crs, Datum, Transform};

/// (source EPSG, target EPSG, lon, lat, easting m, northing m) from pyproj.
const FORWARD: &[(u32, u32, f64, f64, f64, f64)] = &[
    (4490, 4527, 115.6705, 37.7389, 39382811.2747, 4179349.7505),
    (4490, 4527, 116.5, 37.2, 39455610.8499, 4118823.9813),
    (4490, 4527, 117.0, 38.2, 39500000.0000, 4229697.6931),
    (4490, 4527, 118.4, 38.0, 39622968.4366, 4208423.0577),
    (4490, 4527, 115.6, 38.2, 39377366.3596, 4230624.3289),
    (4490, 4498, 114.3, 37.2, 20260275.3381, 4122123.3300),
    (4490, 4498, 115.6705, 37.7389, 20382811.2747, 4179349.7505),
    (4490, 4498, 119.8, 38.2, 20745284.6609, 4233405.7464),
    (4490, 4548, 115.6705, 37.7389, 382811.2747, 4179349.7505),
    (4490, 4548, 116.2, 38.1, 429829.0042, 4218900.0497),
    (4490, 4509, 114.3, 37.2, 260275.3381, 4122123.3300),
    (4490, 4509, 119.8, 38.2, 745284.6609, 4233405.7464),
    (4490, 4547, 113.6, 37.5, 464629.7472, 4152077.3042),
    (4490, 4547, 115.4, 38.1, 622801.2262, 4219523.6042),
    (4490, 4513, 74.1, 39.5, 25422587.3079, 4374400.8652),
    (4490, 4513, 75.0, 39.5, 25500000.0000, 4374014.1135),
    (4326, 3857, 115.6705, 37.7389, 12876381.1598, 4542606.5186),
    (4326, 3857, 116.6, 38.2, 12979852.6265, 4607717.7591),
    (4326, 3857, -70.0, -33.4, -7792364.3555, -3948518.4271),
    (4326, 32650, 115.6705, 37.7389, 382858.1502, 4177678.0107),
    (4326, 32650, 119.9, 38.2, 753944.9521, 4231982.0239),
    (4326, 32650, 114.1, 22.3, 201201.7737, 2468904.4045),
    (4326, 32750, 117.0, -31.95, 500000.0000, 6465106.4076),
    (4326, 32750, 115.86, -31.95, 392259.3619, 6464539.1639),
    (4610, 2363, 115.6705, 37.7389, 39382811.2195, 4179351.6995),
    (4610, 2363, 118.4, 38.0, 39622968.4946, 4208425.0203),
    (4610, 2345, 115.6705, 37.7389, 382811.2195, 4179351.6995),
    (4610, 2345, 119.8, 38.2, 745284.7765, 4233407.7207),
    (4214, 2415, 115.6705, 37.7389, 39382809.3115, 4179423.7520),
    (4214, 2415, 116.5, 37.2, 39455610.1061, 4118896.9322),
    (4214, 21460, 115.6705, 37.7389, 382809.3115, 4179423.7520),
    (4214, 21460, 114.3, 37.2, 260271.3210, 4122196.3362),
    (4214, 2436, 115.6705, 37.7389, 382809.3115, 4179423.7520),
];

/// (projected EPSG, easting m, northing m, lon, lat) from pyproj, to that datum's geographic CRS.
const INVERSE: &[(u32, f64, f64, f64, f64)] = &[
    (
        4527,
        39512345.678,
        4180000.123,
        117.14008924371,
        37.75217486151,
    ),
    (
        4548,
        512345.678,
        4180000.123,
        117.14008924371,
        37.75217486151,
    ),
    (4498, 20431234.5, 4130000.0, 116.22441189571, 37.29921467282),
    (32650, 470000.0, 4180000.0, 116.65938009462, 37.76683493253),
    (
        3857,
        12876543.21,
        4543210.98,
        115.67195572168,
        37.74319393927,
    ),
    (
        2363,
        39512345.678,
        4180000.123,
        117.14008914458,
        37.75215729910,
    ),
    (
        2415,
        39512345.678,
        4180000.123,
        117.14008563973,
        37.75150804241,
    ),
    (21460, 431234.5, 4130000.0, 116.22443165722, 37.29855576709),
];

/// The distance in metres between two nearby lon/lat points (local flat approximation, ample for mm).
fn gap_m(lon1: f64, lat1: f64, lon2: f64, lat2: f64) -> f64 {
    let m_per_deg = 111_320.0;
    let dx = (lon1 - lon2) * m_per_deg * lat1.to_radians().cos();
    let dy = (lat1 - lat2) * m_per_deg;
    (dx * dx + dy * dy).sqrt()
}

#[test]
fn forward_agrees_with_proj_to_a_millimetre() {
    for &(src, dst, lon, lat, x, y) in FORWARD {
        let t =
            Transform::new(&Crs::from_epsg(src).unwrap(), &Crs::from_epsg(dst).unwrap()).unwrap();
        let (gx, gy) = t.point(lon, lat).unwrap();
        let gap = ((gx - x).powi(2) + (gy - y).powi(2)).sqrt();
        assert!(
            gap < 0.001,
            "EPSG:{src}->{dst} ({lon}, {lat}): got ({gx:.4}, {gy:.4}), PROJ ({x}, {y}), {gap} m"
        );
    }
}

#[test]
fn inverse_agrees_with_proj_to_a_millimetre() {
    for &(code, x, y, lon, lat) in INVERSE {
        let crs = Crs::from_epsg(code).unwrap();
        let geo = Crs::from_epsg(crs.datum.geographic_epsg().unwrap()).unwrap();
        let (glon, glat) = Transform::new(&crs, &geo).unwrap().point(x, y).unwrap();
        let gap = gap_m(glon, glat, lon, lat);
        assert!(
            gap < 0.001,
            "EPSG:{code} ({x}, {y}): got ({glon:.11}, {glat:.11}), PROJ ({lon}, {lat}), {gap} m"
        );
    }
}

#[test]
fn round_trips_through_the_working_frame() {
    for &(_, dst, lon, lat, _, _) in FORWARD {
        let crs = Crs::from_epsg(dst).unwrap();
        let (x, y) = Transform::from_lonlat(&crs)
            .unwrap()
            .point(lon, lat)
            .unwrap();
        let (blon, blat) = Transform::to_lonlat(&crs).unwrap().point(x, y).unwrap();
        assert!(
            gap_m(blon, blat, lon, lat) < 1e-4,
            "EPSG:{dst} ({lon}, {lat}) came back as ({blon}, {blat})"
        );
    }
}

#[test]
fn old_datums_reach_cgcs2000_without_a_shift_and_say_so() {
    // To the working frame, Xian 1980 / Beijing 1954 coordinates keep their own lon/lat: the
    // inverse values above (PROJ, to 4610 / 4214) must come out unchanged in CGCS2000.
    for &(code, x, y, lon, lat) in INVERSE {
        let crs = Crs::from_epsg(code).unwrap();
        if !matches!(crs.datum, Datum::Xian1980 | Datum::Beijing1954) {
            continue;
        }
        let (glon, glat) = Transform::to_lonlat(&crs).unwrap().point(x, y).unwrap();
        assert!(gap_m(glon, glat, lon, lat) < 0.001, "EPSG:{code}");
        let warning = crs.datum_warning().expect("old datums carry a warning");
        assert!(warning.contains("without a datum shift"), "{warning}");
    }
    // The same easting/northing means a different place on a different ellipsoid: ~60-70 m in
    // northing between Beijing 1954 and CGCS2000 zone 39 here (PROJ: 4179423.7520 vs 4179349.7505).
    let lonlat_54 = Transform::to_lonlat(&Crs::from_epsg(2415).unwrap())
        .unwrap()
        .point(39382809.3115, 4179423.7520)
        .unwrap();
    assert!(gap_m(lonlat_54.0, lonlat_54.1, 115.6705, 37.7389) < 0.001);
}

#[test]
fn cgcs2000_and_wgs84_are_the_same_frame() {
    let t = Transform::new(&Crs::wgs84(), &Crs::cgcs2000()).unwrap();
    let (lon, lat) = t.point(115.6705, 37.7389).unwrap();
    assert!(gap_m(lon, lat, 115.6705, 37.7389) < 1e-6);
    // And Web Mercator from CGCS2000 equals Web Mercator from WGS 84 (no shift either way).
    let a = Transform::from_lonlat(&Crs::from_epsg(3857).unwrap())
        .unwrap()
        .point(115.6705, 37.7389)
        .unwrap();
    assert!(
        (a.0 - 12876381.1598).abs() < 0.001 && (a.1 - 4542606.5186).abs() < 0.001,
        "{a:?}"
    );
}

#[test]
fn geometries_transform_in_place() {
    use geo::{Geometry, LineString, Polygon};
    let ring = LineString::from(vec![
        (115.6705, 37.7389),
        (116.5, 37.2),
        (117.0, 38.2),
        (115.6705, 37.7389),
    ]);
    let mut g = Geometry::Polygon(Polygon::new(ring, vec![]));
    Transform::from_lonlat(&Crs::from_epsg(4527).unwrap())
        .unwrap()
        .geometry(&mut g)
        .unwrap();
    let Geometry::Polygon(p) = g else {
        panic!("still a polygon")
    };
    let c = p.exterior().0[1];
    assert!(
        (c.x - 39455610.8499).abs() < 0.001 && (c.y - 4118823.9813).abs() < 0.001,
        "{c:?}"
    );
}

/// A projection's inverse answers for any easting and northing, also for ones it cannot
/// represent; those must be an error, not a vertex on the far side of the globe. The reference is
/// PROJ's own round trip (pyproj 3.7.2, PROJ 9.5.1, EPSG:4526 → 4490 → 4526, always_xy):
/// (38597406, 478555210) — a northing with two digits too many, found by the fuzzer in an
/// exchange text — goes to (114.901°, −13.915°) and comes back as (38597406, −1539145): not
/// itself. Points PROJ does bring back, even 3,000 km off the central meridian (146.283°,
/// 32.530°) or past the pole (northing 10,100,000 → −110.818°, 88.763°), are left to the extent
/// checks and still transform.
#[test]
fn a_point_the_projection_cannot_represent_is_an_error() {
    let zone_38 = Crs::from_epsg(4526).unwrap();
    let t = Transform::to_lonlat(&zone_38).unwrap();
    let e = t
        .point(38_597_406.0, 478_555_210.0)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("38597406") && e.contains("478555210") && e.contains("outside"),
        "{e}"
    );
    for (x, y, lon, lat) in [
        (
            38_597_406.0,
            4_102_621.0,
            115.09500494480494,
            37.05000245035225,
        ),
        (
            41_597_406.0,
            4_102_621.0,
            146.2829732881778,
            32.52962908561544,
        ),
        (
            38_597_406.0,
            10_100_000.0,
            -110.81804167639609,
            88.76275573036476,
        ),
    ] {
        let (glon, glat) = t.point(x, y).unwrap();
        assert!(
            gap_m(glon, glat, lon, lat) < 0.01,
            "({x}, {y}): got ({glon}, {glat}), PROJ ({lon}, {lat})"
        );
    }
}
