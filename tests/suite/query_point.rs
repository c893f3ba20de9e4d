//! Point query on hand-made polygons whose answers are read off the coordinates: inside, outside,
//! in a hole, on a hole's edge, on a shared edge (both polygons), on a shared vertex, in a concave notch.

use crate::query_common;

use geo::{Geometry, LineString, MultiPolygon, Point, Polygon};
use query_common::{c, layer, polygons, rect, ring};
use zonecheck::crs::Crs;
use zonecheck::index::IndexedLayer;
use zonecheck::model::GeometryKind;
use zonecheck::query::{features_at, features_at_many};

/// fid 0 and 1: squares sharing the meridian 116.0; fid 2: a square with a square hole;
/// fid 3: a U (concave) whose notch is 116.6–116.7 × 40.0–40.2.
fn fixture() -> IndexedLayer {
    let holed = Polygon::new(
        rect(116.2, 39.9, 116.4, 40.1).exterior().clone(),
        vec![ring(&[
            (116.25, 39.95),
            (116.35, 39.95),
            (116.35, 40.05),
            (116.25, 40.05),
        ])],
    );
    let u = Polygon::new(
        ring(&[
            (116.5, 39.9),
            (116.8, 39.9),
            (116.8, 40.2),
            (116.7, 40.2),
            (116.7, 40.0),
            (116.6, 40.0),
            (116.6, 40.2),
            (116.5, 40.2),
        ]),
        vec![],
    );
    polygons(vec![
        rect(115.9, 39.9, 116.0, 40.0),
        rect(116.0, 39.9, 116.1, 40.0),
        holed,
        u,
    ])
}

#[test]
fn inside_and_outside() {
    let l = fixture();
    assert_eq!(features_at(&l, c(115.95, 39.95)), vec![0]);
    assert_eq!(features_at(&l, c(116.05, 39.95)), vec![1]);
    assert_eq!(features_at(&l, c(117.0, 40.0)), Vec::<usize>::new());
    assert_eq!(
        features_at(&l, c(116.15, 39.95)),
        Vec::<usize>::new(),
        "gap between 1 and 2"
    );
}

#[test]
fn shared_edge_and_vertex_belong_to_both() {
    let l = fixture();
    assert_eq!(
        features_at(&l, c(116.0, 39.95)),
        vec![0, 1],
        "on the shared edge"
    );
    assert_eq!(
        features_at(&l, c(116.0, 40.0)),
        vec![0, 1],
        "on the shared corner"
    );
    assert_eq!(
        features_at(&l, c(116.0, 39.9)),
        vec![0, 1],
        "shared bottom corner"
    );
    assert_eq!(
        features_at(&l, c(115.9, 39.9)),
        vec![0],
        "outer corner of 0 only"
    );
    assert_eq!(features_at(&l, c(115.95, 40.0)), vec![0], "top edge of 0");
}

#[test]
fn boundary_tolerance_is_about_a_tenth_of_a_millimetre() {
    let l = fixture();
    // 3e-10° off the shared edge: float noise, still both.
    assert_eq!(features_at(&l, c(116.0 + 3e-10, 39.95)), vec![0, 1]);
    assert_eq!(features_at(&l, c(116.0 - 3e-10, 39.95)), vec![0, 1]);
    // 1e-7° (about 1 cm) off: only the side it is on.
    assert_eq!(features_at(&l, c(116.0 + 1e-7, 39.95)), vec![1]);
    assert_eq!(features_at(&l, c(116.0 - 1e-7, 39.95)), vec![0]);
    // Just outside an outer edge by 1e-7°: outside.
    assert_eq!(features_at(&l, c(115.9 - 1e-7, 39.95)), Vec::<usize>::new());
}

#[test]
fn holes_are_outside_and_their_edges_touch() {
    let l = fixture();
    assert_eq!(
        features_at(&l, c(116.3, 40.0)),
        Vec::<usize>::new(),
        "in the hole"
    );
    assert_eq!(
        features_at(&l, c(116.25, 40.0)),
        vec![2],
        "on the hole's west edge"
    );
    assert_eq!(
        features_at(&l, c(116.35, 40.05)),
        vec![2],
        "on the hole's corner"
    );
    assert_eq!(
        features_at(&l, c(116.22, 40.0)),
        vec![2],
        "between outer ring and hole"
    );
    assert_eq!(
        features_at(&l, c(116.3, 40.08)),
        vec![2],
        "north of the hole"
    );
}

#[test]
fn concave_polygon() {
    let l = fixture();
    assert_eq!(
        features_at(&l, c(116.65, 40.1)),
        Vec::<usize>::new(),
        "in the notch"
    );
    assert_eq!(
        features_at(&l, c(116.65, 40.0)),
        vec![3],
        "on the notch floor"
    );
    assert_eq!(
        features_at(&l, c(116.65, 39.95)),
        vec![3],
        "below the notch"
    );
    assert_eq!(features_at(&l, c(116.55, 40.1)), vec![3], "left arm");
    assert_eq!(features_at(&l, c(116.75, 40.1)), vec![3], "right arm");
    // A ray from this point passes through the notch's vertices at y = 40.0 exactly.
    assert_eq!(features_at(&l, c(116.52, 40.0)), vec![3]);
    assert_eq!(features_at(&l, c(116.45, 40.0)), Vec::<usize>::new());
}

#[test]
fn multipolygon_parts_overlapping_features_and_empty_geometry() {
    let mp = MultiPolygon::new(vec![rect(0.0, 0.0, 1.0, 1.0), rect(2.0, 0.0, 3.0, 1.0)]);
    let l = IndexedLayer::new(layer(
        "mixed",
        GeometryKind::Polygon,
        vec![
            Some(Geometry::MultiPolygon(mp)),
            None,
            Some(Geometry::Polygon(rect(0.5, 0.5, 2.5, 0.8))),
        ],
        Crs::cgcs2000(),
    ));
    assert_eq!(
        features_at(&l, c(2.5, 0.5)),
        vec![0, 2],
        "second part of 0, edge of 2"
    );
    assert_eq!(features_at(&l, c(1.5, 0.6)), vec![2]);
    assert_eq!(
        features_at(&l, c(1.5, 0.2)),
        Vec::<usize>::new(),
        "between parts"
    );
    assert_eq!(features_at(&l, c(f64::NAN, 0.2)), Vec::<usize>::new());
}

#[test]
fn points_and_lines_contain_nothing() {
    let pts = IndexedLayer::new(layer(
        "wells",
        GeometryKind::Point,
        vec![Some(Geometry::Point(Point::new(116.0, 40.0)))],
        Crs::cgcs2000(),
    ));
    assert!(features_at(&pts, c(116.0, 40.0)).is_empty());
    let closed_line = LineString::from(vec![(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 0.0)]);
    let lines = IndexedLayer::new(layer(
        "rivers",
        GeometryKind::Line,
        vec![Some(Geometry::LineString(closed_line))],
        Crs::cgcs2000(),
    ));
    assert!(features_at(&lines, c(0.7, 0.3)).is_empty());
    assert!(features_at(&lines, c(0.5, 0.0)).is_empty());
}

#[test]
fn batch_keeps_order() {
    let l = fixture();
    let pts = vec![
        c(116.3, 40.0),
        c(116.0, 39.95),
        c(115.95, 39.95),
        c(116.75, 40.1),
    ];
    let want: Vec<Vec<usize>> = vec![vec![], vec![0, 1], vec![0], vec![3]];
    assert_eq!(features_at_many(&l, &pts), want);
}

#[test]
fn features_with_non_finite_coordinates_are_skipped_not_fatal() {
    let bad = Polygon::new(
        LineString::from(vec![(0.0, 0.0), (f64::NAN, 0.0), (1.0, 1.0)]),
        vec![],
    );
    let l = IndexedLayer::new(layer(
        "broken",
        GeometryKind::Polygon,
        vec![
            Some(Geometry::Polygon(bad)),
            Some(Geometry::Polygon(rect(0.0, 0.0, 1.0, 1.0))),
        ],
        Crs::cgcs2000(),
    ));
    assert_eq!(l.index.skipped_fids, vec![0]);
    assert_eq!(features_at(&l, c(0.5, 0.5)), vec![1]);
}
