//! Site overlay on a 2×2 tiling of 0.01° cells (116.00–116.02 E, 40.00–40.02 N) and two rivers.
//! Reference figures: `python3 tests/fixtures/query/reference.py`, cases O1–O7 (shapely
//! intersection, then pyproj.Geod(ellps='GRS80').geometry_area_perimeter / geometry_length;
//! planar figures from pyproj's EPSG:4490 → EPSG:4527 transform and shapely area).

use crate::query_common;

use geo::{Geometry, LineString, Point, Polygon};
use query_common::{assert_close, layer, rect};
use zonecheck::crs::Crs;
use zonecheck::index::IndexedLayer;
use zonecheck::model::GeometryKind;
use zonecheck::query::{SiteAnalysis, overlay};

/// fids 0..3 = cells c00 (SW), c10 (SE), c01 (NW), c11 (NE).
fn tiling(crs: Crs) -> IndexedLayer {
    let cells = [
        rect(116.00, 40.00, 116.01, 40.01),
        rect(116.01, 40.00, 116.02, 40.01),
        rect(116.00, 40.01, 116.01, 40.02),
        rect(116.01, 40.01, 116.02, 40.02),
    ];
    IndexedLayer::new(layer(
        "units",
        GeometryKind::Polygon,
        cells
            .into_iter()
            .map(|p| Some(Geometry::Polygon(p)))
            .collect(),
        crs,
    ))
}

/// fid 0 crosses the middle of the tiling along 40.01 N; fid 1 runs along 40.03 N.
fn rivers() -> IndexedLayer {
    let lines = [
        [(116.0, 40.01), (116.02, 40.01)],
        [(116.0, 40.03), (116.02, 40.03)],
    ];
    IndexedLayer::new(layer(
        "rivers",
        GeometryKind::Line,
        lines
            .into_iter()
            .map(|l| Some(Geometry::LineString(LineString::from(l.to_vec()))))
            .collect(),
        Crs::cgcs2000(),
    ))
}

fn site1() -> Geometry<f64> {
    Geometry::Polygon(rect(116.005, 40.005, 116.015, 40.015))
}

/// (fid, area) of the overlaps with layer 0, by fid.
fn areas(a: &SiteAnalysis) -> Vec<(usize, f64)> {
    let mut v: Vec<(usize, f64)> = a
        .overlaps
        .iter()
        .filter(|o| o.layer_index == 0)
        .map(|o| (o.fid, o.area_m2))
        .collect();
    v.sort_by_key(|x| x.0);
    v
}

fn share_sum(a: &SiteAnalysis) -> f64 {
    a.overlaps
        .iter()
        .filter(|o| o.layer_index == 0)
        .map(|o| o.share)
        .sum()
}

#[test]
fn square_site_across_four_cells() {
    let a = overlay(&[tiling(Crs::cgcs2000())], &site1(), 0.0).expect("overlay");
    // O1.
    assert_close("O1 site", a.site_area_m2, 948_030.865_101_814_3, 1e-3);
    let want = [
        237_016.260_192_394_26,
        237_016.260_191_917_42,
        236_999.172_574_520_1,
        236_999.172_574_043_27,
    ];
    let got = areas(&a);
    assert_eq!(got.len(), 4, "{got:?}");
    for ((fid, area), w) in got.iter().zip(want) {
        assert_close(&format!("O1 cell {fid}"), *area, w, 1e-3);
    }
    // i_overlay snaps to an integer grid over the inputs' box (about 1e-11° here): 1e-8 of slack.
    assert_close("share sum", share_sum(&a), 1.0, 1e-8);
    // Geographic data: no planar figures.
    assert!(a.planar_crs.is_none() && a.site_area_planar_m2.is_none());
    assert!(a.overlaps.iter().all(|o| o.area_planar_m2.is_none()));
    // The southern cells' pieces are larger (degrees of longitude shrink northwards): sorted by share.
    assert!(a.overlaps[0].share > a.overlaps[3].share);
    assert!(a.nearby.is_empty());
}

#[test]
fn triangle_site_and_a_corner_touch() {
    // O2: the triangle (116,40)-(116.02,40)-(116,40.02) covers c00 whole, half of c10 and c01,
    // and meets c11 only at its corner (116.01, 40.01).
    let tri = Geometry::Polygon(Polygon::new(
        LineString::from(vec![(116.0, 40.0), (116.02, 40.0), (116.0, 40.02)]),
        vec![],
    ));
    let a = overlay(&[tiling(Crs::cgcs2000())], &tri, 0.0).expect("overlay");
    assert_close("O2 site", a.site_area_m2, 1_896_338.403_150_558_5, 1e-3);
    let got = areas(&a);
    let fids: Vec<usize> = got.iter().map(|x| x.0).collect();
    assert_eq!(fids, vec![0, 1, 2]);
    assert_close("O2 c00", got[0].1, 948_099.211_909_294_1, 1e-3);
    assert_close("O2 c10", got[1].1, 474_084.187_758_445_74, 1e-3);
    assert_close("O2 c01", got[2].1, 474_015.844_596_862_8, 1e-3);
    // Areas treat edges as geodesics (as pyproj does); the 2.8 km hypotenuse split at a point
    // straight between its ends in lon/lat, so the pieces sum to 139 m² less than the site:
    // the reference ratio (948099.2119 + 474084.1878 + 474015.8446) / 1896338.4032 = 0.99992661.
    assert_close("share sum", share_sum(&a), 0.999_926_616, 1e-8);
    assert_eq!(a.nearby.len(), 1, "{:?}", a.nearby);
    assert_eq!(
        (a.nearby[0].fid, a.nearby[0].distance_m),
        (3, 0.0),
        "corner touch"
    );
}

#[test]
fn site_with_a_hole() {
    // O3: 116.002–116.018 × 40.002–40.018 with a hole 116.008–116.012 × 40.008–40.012.
    let site = Geometry::Polygon(Polygon::new(
        rect(116.002, 40.002, 116.018, 40.018).exterior().clone(),
        vec![rect(116.008, 40.008, 116.012, 40.012).exterior().clone()],
    ));
    let a = overlay(&[tiling(Crs::cgcs2000())], &site, 0.0).expect("overlay");
    assert_close("O3 site", a.site_area_m2, 2_275_274.068_835_497, 1e-3);
    let want = [
        568_851.003_309_369_1,
        568_851.003_308_415_4,
        568_786.032_509_923,
        568_786.032_509_207_7,
    ];
    for ((fid, area), w) in areas(&a).iter().zip(want) {
        assert_close(&format!("O3 cell {fid}"), *area, w, 1e-3);
    }
    // i_overlay snaps to an integer grid over the inputs' box (about 1e-11° here): 1e-8 of slack.
    assert_close("share sum", share_sum(&a), 1.0, 1e-8);
    for o in &a.overlaps {
        assert_eq!(o.piece.0.len(), 1, "each piece is one L-shaped polygon");
        assert!(o.piece.0[0].interiors().is_empty());
    }
}

#[test]
fn point_site_on_a_shared_edge_is_in_both() {
    // O4: (116.01, 40.005) is on the edge between c00 and c10.
    let p = Geometry::Point(Point::new(116.01, 40.005));
    let a = overlay(&[tiling(Crs::cgcs2000())], &p, 0.0).expect("overlay");
    let fids: Vec<usize> = a.overlaps.iter().map(|o| o.fid).collect();
    assert_eq!(fids, vec![0, 1]);
    assert!(
        a.overlaps
            .iter()
            .all(|o| o.share == 1.0 && o.area_m2 == 0.0)
    );
    assert_eq!(a.site_area_m2, 0.0);
}

#[test]
fn line_site_crossing_two_cells() {
    // O5: (116.005, 40.005)-(116.015, 40.005): half in c00, half in c10.
    let l = Geometry::LineString(LineString::from(vec![(116.005, 40.005), (116.015, 40.005)]));
    let a = overlay(&[tiling(Crs::cgcs2000())], &l, 0.0).expect("overlay");
    assert_close(
        "O5 length",
        a.site_length_m.expect("line"),
        853.876_282_333_186_5,
        1e-6,
    );
    let fids: Vec<usize> = a.overlaps.iter().map(|o| o.fid).collect();
    assert_eq!(fids, vec![0, 1]);
    for o in &a.overlaps {
        assert_close(
            "O5 piece",
            o.length_m.expect("length"),
            426.938_141_335,
            1e-6,
        );
        assert_close("O5 share", o.share, 0.5, 1e-9);
        assert_eq!(o.area_m2, 0.0);
    }
    // c01 and c11 touch nothing: 40.005 is 0.005° south of them.
    assert!(a.nearby.is_empty());
}

#[test]
fn rivers_crossing_and_within_radius() {
    let layers = [tiling(Crs::cgcs2000()), rivers()];
    let a = overlay(&layers, &site1(), 2_000.0).expect("overlay");
    let river_hits: Vec<(usize, f64)> = a
        .nearby
        .iter()
        .filter(|n| n.layer_index == 1)
        .map(|n| (n.fid, n.distance_m))
        .collect();
    assert_eq!(river_hits.len(), 2, "{river_hits:?}");
    assert_eq!(river_hits[0], (0, 0.0), "the river crossing the site");
    // O6: Geod.inv between (116.01, 40.015) and (116.01, 40.03): the meridian arc between the parallels.
    assert_eq!(river_hits[1].0, 1);
    assert_close("O6", river_hits[1].1, 1_665.525_974_948_932_8, 1e-3);
    let a = overlay(&layers, &site1(), 1_000.0).expect("overlay");
    assert_eq!(a.nearby.iter().filter(|n| n.layer_index == 1).count(), 1);
}

#[test]
fn planar_areas_in_the_data_gauss_kruger_zone() {
    // O7: the tiling's source CRS is EPSG:4527 (zone 39, CM 117°E); reference by pyproj + shapely.
    let gk = Crs::from_epsg(4527).expect("built in");
    let a = overlay(&[rivers(), tiling(gk.clone())], &site1(), 0.0).expect("overlay");
    assert_eq!(
        a.planar_crs.as_ref(),
        Some(&gk),
        "first projected layer's CRS"
    );
    assert_close(
        "O7 site",
        a.site_area_planar_m2.expect("planar"),
        948_197.579_147_534_7,
        1e-2,
    );
    let mut got: Vec<(usize, f64)> = a
        .overlaps
        .iter()
        .map(|o| (o.fid, o.area_planar_m2.expect("planar")))
        .collect();
    got.sort_by_key(|x| x.0);
    let want = [
        237_058.154_260_065_3,
        237_057.733_181_318_9,
        237_041.057_457_773_4,
        237_040.636_473_723_28,
    ];
    for ((fid, area), w) in got.iter().zip(want) {
        assert_close(&format!("O7 cell {fid}"), *area, w, 1e-2);
    }
}

#[test]
fn bad_sites_are_errors_not_panics() {
    let l = [tiling(Crs::cgcs2000())];
    assert!(overlay(&l, &Geometry::Point(Point::new(f64::NAN, 40.0)), 0.0).is_err());
    assert!(overlay(&l, &site1(), -5.0).is_err());
    assert!(overlay(&l, &Geometry::GeometryCollection(Default::default()), 0.0).is_err());
    assert!(overlay(&l, &Geometry::LineString(LineString::new(vec![])), 0.0).is_err());
}
