//! A site of many vertices takes the fast paths (clipped to each feature's box before the boolean
//! intersection, its segments in a grid, its polygons in edge bands): the answers must be those of
//! the plain computation — each overlap area equal to geo's intersection of the whole site with
//! the feature, and the features within the radius the same as for the site decimated to 1/10 of
//! its vertices within the decimation's own error.

use crate::query_common;

use geo::{BooleanOps, Coord, Geometry, LineString, MultiPolygon, Polygon};
use zonecheck::query::{area_ellipsoidal_m2, overlay};

/// A wavy ring of `n` vertices around (115.05, 37.05), about 1.6 km across.
fn wavy_site(n: usize) -> Polygon<f64> {
    let ring: Vec<Coord<f64>> = (0..=n)
        .map(|i| {
            let t = std::f64::consts::TAU * (i % n) as f64 / n as f64;
            let r = 0.008 * (1.0 + 0.05 * (25.0 * t).sin());
            Coord {
                x: 115.05 + r * t.cos(),
                y: 37.05 + r * t.sin(),
            }
        })
        .collect();
    Polygon::new(LineString(ring), vec![])
}

/// A 4 × 4 tiling of 0.005° squares over the site, and one square 300 m east of it.
fn tiles() -> Vec<Polygon<f64>> {
    let square = |x: f64, y: f64, d: f64| {
        Polygon::new(
            LineString::from(vec![(x, y), (x + d, y), (x + d, y + d), (x, y + d), (x, y)]),
            vec![],
        )
    };
    let mut out = Vec::new();
    for i in 0..4 {
        for j in 0..4 {
            out.push(square(
                115.04 + 0.005 * i as f64,
                37.04 + 0.005 * j as f64,
                0.005,
            ));
        }
    }
    out.push(square(115.0625, 37.045, 0.002));
    out
}

#[test]
fn a_big_site_gets_the_plain_answers() {
    let site = wavy_site(30_000);
    let layer = query_common::polygons(tiles());
    let a = overlay(
        std::slice::from_ref(&layer),
        &Geometry::Polygon(site.clone()),
        1000.0,
    )
    .unwrap();
    let whole = MultiPolygon(vec![site.clone()]);
    assert!(!a.overlaps.is_empty());
    for o in &a.overlaps {
        let Some(Geometry::Polygon(tile)) = &layer.layer.features[o.fid].geometry else {
            panic!("a polygon tile")
        };
        let plain = area_ellipsoidal_m2(&whole.intersection(&MultiPolygon(vec![tile.clone()])));
        assert!(
            (o.area_m2 - plain).abs() <= 1e-6 * plain.max(1.0),
            "tile {}: {} vs {plain}",
            o.fid,
            o.area_m2
        );
    }
    let shares: f64 = a.overlaps.iter().map(|o| o.share).sum();
    assert!((shares - 1.0).abs() < 1e-6, "{shares}");

    // The square east of the site is nearby, not overlapped; its distance agrees with the one
    // measured to a tenth of the vertices (no fast path) within what dropping vertices moves the
    // boundary (the ring's wave is 0.05 of 0.008°, sampled 3,000 times: well under 0.1 m).
    let east = a
        .nearby
        .iter()
        .find(|n| n.fid == 16)
        .expect("the east square is nearby");
    let coarse: Vec<Coord<f64>> = site.exterior().0.iter().step_by(10).copied().collect();
    let mut coarse = coarse;
    coarse.push(coarse[0]);
    let small = overlay(
        std::slice::from_ref(&layer),
        &Geometry::Polygon(Polygon::new(LineString(coarse), vec![])),
        1000.0,
    )
    .unwrap();
    let east_small = small.nearby.iter().find(|n| n.fid == 16).unwrap();
    assert!(
        (east.distance_m - east_small.distance_m).abs() < 0.5,
        "{} vs {}",
        east.distance_m,
        east_small.distance_m
    );
}
