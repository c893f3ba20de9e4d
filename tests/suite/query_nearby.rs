//! Radius search against pyproj.Geod(ellps='GRS80'): reference minima from
//! `python3 tests/fixtures/query/reference.py`, cases N1–N5 (edges straight in lon/lat, sampled
//! densely and refined by golden-section search, each candidate measured with Geod.inv).

use crate::query_common;

use geo::{Geometry, LineString, Point, Polygon};
use query_common::{assert_close, layer, rect};
use zonecheck::crs::Crs;
use zonecheck::index::IndexedLayer;
use zonecheck::model::GeometryKind;
use zonecheck::query::{Nearby, distance_to_feature, features_within};

fn line(pts: &[(f64, f64)]) -> Geometry<f64> {
    Geometry::LineString(LineString::from(pts.to_vec()))
}

fn pt(lon: f64, lat: f64) -> Geometry<f64> {
    Geometry::Point(Point::new(lon, lat))
}

fn one(kind: GeometryKind, g: Geometry<f64>) -> IndexedLayer {
    IndexedLayer::new(layer("things", kind, vec![Some(g)], Crs::cgcs2000()))
}

fn only_distance(hits: &[Nearby]) -> f64 {
    assert_eq!(hits.len(), 1, "{hits:?}");
    hits[0].distance_m
}

#[test]
fn point_to_line_interior_foot() {
    // N1: pyproj reference 4652.912269838475 m. (shapely nearest_points in an aeqd frame gives
    // 4646.13 m: there the 20 km edge is straight in aeqd, not in lon/lat — a different line.)
    let l = one(GeometryKind::Line, line(&[(116.0, 40.0), (116.2, 40.1)]));
    let d = only_distance(&features_within(&l, &pt(116.1, 40.1), 5_000.0));
    assert_close("N1", d, 4_652.912_269_838_475, 1e-4);
    assert!(
        features_within(&l, &pt(116.1, 40.1), 4_600.0).is_empty(),
        "beyond the radius"
    );
}

#[test]
fn point_to_line_endpoint_is_exact() {
    // N2: the nearest point is the end vertex: Geod.inv(116.3, 40.2, 116.2, 40.1).
    let l = one(GeometryKind::Line, line(&[(116.0, 40.0), (116.2, 40.1)]));
    let d = only_distance(&features_within(&l, &pt(116.3, 40.2), 20_000.0));
    assert_close("N2", d, 13_996.252_146_633_175, 1e-6);
}

#[test]
fn point_and_polygon_to_polygon() {
    let l = one(
        GeometryKind::Polygon,
        Geometry::Polygon(rect(116.0, 40.0, 116.1, 40.1)),
    );
    // N3: point east of the square.
    let d = only_distance(&features_within(&l, &pt(116.15, 40.05), 5_000.0));
    assert_close("N3", d, 4_266.576_813_997_459, 0.001);
    // N4: a square east of it, 0.1° further.
    let site = Geometry::Polygon(rect(116.2, 40.0, 116.25, 40.05));
    let d = only_distance(&features_within(&l, &site, 10_000.0));
    assert_close("N4", d, 8_533.152_282_715_158, 1e-4);
    assert_close(
        "N4 unbounded",
        distance_to_feature(&l, 0, &site).expect("measurable"),
        8_533.152_282_715_158,
        0.01,
    );
}

#[test]
fn long_edges_tens_of_kilometres_away() {
    // N5: a 100 km edge; points about 8 and 42 km off it.
    let l = one(GeometryKind::Line, line(&[(116.0, 40.0), (117.0, 40.5)]));
    let d = only_distance(&features_within(&l, &pt(116.5, 40.34), 10_000.0));
    assert_close("N5a", d, 8_367.181_178_404_662, 1e-4);
    let d = only_distance(&features_within(&l, &pt(116.3, 40.6), 50_000.0));
    assert_close("N5b", d, 41_811.719_634_739_384, 1e-4);
}

#[test]
fn touching_and_overlapping_are_zero() {
    let sq = Geometry::Polygon(rect(116.0, 40.0, 116.1, 40.1));
    let l = one(GeometryKind::Polygon, sq.clone());
    assert_eq!(
        only_distance(&features_within(&l, &pt(116.05, 40.05), 0.0)),
        0.0,
        "point inside"
    );
    assert_eq!(
        only_distance(&features_within(&l, &pt(116.1, 40.05), 0.0)),
        0.0,
        "point on edge"
    );
    // A line crossing the square with no vertex inside it.
    let crossing = line(&[(115.9, 40.05), (116.2, 40.05)]);
    assert_eq!(
        only_distance(&features_within(&l, &crossing, 0.0)),
        0.0,
        "line crossing"
    );
    // A plus sign: neither rectangle has a vertex inside the other.
    let bar = Geometry::Polygon(rect(116.04, 39.9, 116.06, 40.2));
    assert_eq!(
        only_distance(&features_within(&l, &bar, 0.0)),
        0.0,
        "crossing rectangles"
    );
    // A site around a point feature, and a site sharing an edge.
    let well = one(GeometryKind::Point, pt(116.05, 40.05));
    assert_eq!(
        only_distance(&features_within(&well, &sq, 0.0)),
        0.0,
        "point feature in site"
    );
    let neighbour = Geometry::Polygon(rect(116.1, 40.0, 116.2, 40.1));
    assert_eq!(
        only_distance(&features_within(&l, &neighbour, 0.0)),
        0.0,
        "shared edge"
    );
    // A site inside a hole is not overlapping: its distance is to the hole's edge.
    let holed = Polygon::new(
        rect(116.0, 40.0, 116.1, 40.1).exterior().clone(),
        vec![rect(116.02, 40.02, 116.08, 40.08).exterior().clone()],
    );
    let l = one(GeometryKind::Polygon, Geometry::Polygon(holed));
    // N7: pyproj minimum from the hole's centre to its edges.
    let d = only_distance(&features_within(&l, &pt(116.05, 40.05), 10_000.0));
    assert_close("N7", d, 2_559.946_174_495_765_3, 1e-4);
}

#[test]
fn sorted_by_distance_and_filtered_by_radius() {
    let l = IndexedLayer::new(layer(
        "wells",
        GeometryKind::Point,
        vec![
            Some(pt(116.03, 40.0)),
            Some(pt(116.01, 40.0)),
            None,
            Some(pt(116.5, 40.0)),
            Some(pt(116.02, 40.0)),
        ],
        Crs::cgcs2000(),
    ));
    // 0.03° of longitude at 40°N is about 2.56 km: outside a 2 km radius.
    let hits = features_within(&l, &pt(116.0, 40.0), 2_000.0);
    let fids: Vec<usize> = hits.iter().map(|h| h.fid).collect();
    assert_eq!(fids, vec![1, 4], "{hits:?}");
    // N6: Geod.inv(116, 40, 116.01, 40) and (116.02, 40).
    assert_close("N6 0.01°", hits[0].distance_m, 853.938_569_144_595_1, 1e-6);
    assert_close(
        "N6 0.02°",
        hits[1].distance_m,
        1_707.877_135_601_046_1,
        1e-6,
    );
    assert!(features_within(&l, &pt(116.0, 40.0), -1.0).is_empty());
}

#[test]
fn long_dense_line_site_against_a_dense_river() {
    // A 1,000-vertex pipeline along 40.02°N and a 10,000-vertex river along 40.03°N, both from
    // 116°E to 117°E: the distance is the meridian arc between the parallels, N8 in the
    // reference script (Geod.inv(116.5, 40.02, 116.5, 40.03)).
    let along = |lat: f64, n: usize| -> Geometry<f64> {
        line(
            &(0..=n)
                .map(|i| (116.0 + i as f64 / n as f64, lat))
                .collect::<Vec<_>>(),
        )
    };
    let river = one(GeometryKind::Line, along(40.03, 10_000));
    let d = only_distance(&features_within(&river, &along(40.02, 1_000), 2_000.0));
    assert_close("N8", d, 1_110.351_130_464_338, 1e-3);
    assert!(features_within(&river, &along(40.02, 1_000), 1_000.0).is_empty());
}
