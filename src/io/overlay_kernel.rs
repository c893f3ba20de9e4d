//! Polygon unions and even-odd repairs through i_overlay 9, called directly rather than through
//! geo 0.33's boolean operations: geo pins i_overlay 4.5, whose OGC extraction fails an internal
//! assertion on some inputs (fuzz findings 3, 5 and 15: fuzzed self-crossing rings, then the
//! union of a fuzzed KML site's parcels), which in a release build means a geometry built past a
//! broken invariant.
//!
//! Unions, intersections and differences run on i_overlay's 64-bit integer grid, fitted to the
//! inputs' box: on its 32-bit grid (a step of ~5 µm over 0.1°) a site's overlap with a unit was
//! off by 1–2 mm² from pyproj's figure (tests/suite/query_overlay.rs allows 1 mm²). The even-odd
//! repair of a self-crossing ring runs on the 32-bit grid: there the 64-bit grid resolved a
//! tangled ring's near-parallel crossings into 2.5× as many slivers and took 50× as long (fuzz
//! finding 16: 1.7 s against 33 ms), and a repaired bow-tie's area is an estimate of what was
//! meant anyway.
//!
//! Every production boolean operation on areas goes through here (clipping a line still uses
//! geo's): unions (site parcels, a diff's merged
//! units), intersections (a site with the units it overlaps, the report figure's labels) and
//! differences (a unit's gained and lost area between versions).

use geo::orient::{Direction, Orient};
use geo::{Coord, LineString, MultiPolygon, Polygon};
use i_overlay::core::fill_rule::FillRule;
use i_overlay::core::overlay_rule::OverlayRule;
use i_overlay::core::solver::Solver;
use i_overlay::float::overlay::{FloatOverlay, OverlayOptions};
use i_overlay::float::simplify::SimplifyShape;

/// A ring as i_overlay takes it: implicitly closed, so geo's closing coordinate is left off.
fn open_ring(ring: &LineString<f64>) -> Vec<[f64; 2]> {
    let n = ring.0.len().saturating_sub(1);
    ring.0[..n].iter().map(|c| [c.x, c.y]).collect()
}

/// A polygon's rings, exterior first.
fn polygon_paths(p: &Polygon<f64>) -> Vec<Vec<[f64; 2]>> {
    std::iter::once(p.exterior())
        .chain(p.interiors())
        .map(open_ring)
        .collect()
}

/// Polygons as i_overlay shapes, every one oriented alike (exterior anticlockwise, holes
/// clockwise), as the non-zero fill needs.
fn oriented_shapes<'a>(
    polygons: impl IntoIterator<Item = &'a Polygon<f64>>,
) -> Vec<Vec<Vec<[f64; 2]>>> {
    polygons
        .into_iter()
        .map(|p| polygon_paths(&p.orient(Direction::Default)))
        .collect()
}

/// i_overlay's shapes (each an exterior, then its holes) as geo polygons with closed rings.
fn to_multipolygon(shapes: Vec<Vec<Vec<[f64; 2]>>>) -> MultiPolygon<f64> {
    let closed = |path: Vec<[f64; 2]>| -> LineString<f64> {
        let mut coords: Vec<Coord<f64>> = path.into_iter().map(|[x, y]| Coord { x, y }).collect();
        if let Some(&first) = coords.first() {
            coords.push(first);
        }
        LineString(coords)
    };
    MultiPolygon(
        shapes
            .into_iter()
            .filter_map(|shape| {
                let mut rings = shape.into_iter().map(closed);
                let exterior = rings.next()?;
                Some(Polygon::new(exterior, rings.collect()))
            })
            .collect(),
    )
}

/// The even-odd fill of one polygon's rings: what a self-crossing ("bow-tie") polygon covers,
/// as valid polygons.
pub fn even_odd(p: &Polygon<f64>) -> MultiPolygon<f64> {
    let shapes = polygon_paths(p).simplify_shape_custom_as::<i32>(
        FillRule::EvenOdd,
        OverlayOptions::ogc(),
        Solver::default(),
    );
    to_multipolygon(shapes)
}

/// The union of valid polygons: every polygon is oriented alike (exterior anticlockwise, holes
/// clockwise) and the rings filled by the non-zero rule, so where polygons overlap the area is
/// counted once and a hole of one that another covers is filled.
pub fn union<'a>(polygons: impl IntoIterator<Item = &'a Polygon<f64>>) -> MultiPolygon<f64> {
    let shapes = oriented_shapes(polygons);
    let united = shapes.simplify_shape_custom_as::<i64>(
        FillRule::NonZero,
        OverlayOptions::ogc(),
        Solver::default(),
    );
    to_multipolygon(united)
}

/// The part of `a` inside `b`.
pub fn intersection(a: &MultiPolygon<f64>, b: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    boolean(a, b, OverlayRule::Intersect)
}

/// The part of `a` outside `b`.
pub fn difference(a: &MultiPolygon<f64>, b: &MultiPolygon<f64>) -> MultiPolygon<f64> {
    boolean(a, b, OverlayRule::Difference)
}

/// `a` and `b` each oriented alike and filled by the non-zero rule (as in [`union`]): parts of
/// one multipolygon that overlap each other count once, where geo's even-odd fill would cut
/// their overlap out as a hole.
fn boolean(a: &MultiPolygon<f64>, b: &MultiPolygon<f64>, rule: OverlayRule) -> MultiPolygon<f64> {
    let (subject, clip) = (oriented_shapes(&a.0), oriented_shapes(&b.0));
    let out = FloatOverlay::<[f64; 2], i64>::from_subj_and_clip_custom(
        &subject,
        &clip,
        OverlayOptions::ogc(),
        Solver::default(),
    )
    .overlay(rule, FillRule::NonZero);
    to_multipolygon(out)
}

#[cfg(test)]
mod tests {
    use geo::{Area, Contains, Point, polygon};

    use super::*;

    #[test]
    fn overlapping_squares_unite_into_one_polygon_of_their_joint_area() {
        // Two 2×2 squares overlapping in a 1×2 strip: 4 + 4 − 2 = 6, one polygon. The second
        // is written clockwise, which the non-zero rule would otherwise cancel.
        let a = polygon![(x: 0.0, y: 0.0), (x: 2.0, y: 0.0), (x: 2.0, y: 2.0), (x: 0.0, y: 2.0)];
        let b = polygon![(x: 1.0, y: 0.0), (x: 1.0, y: 2.0), (x: 3.0, y: 2.0), (x: 3.0, y: 0.0)];
        let u = union(&[a, b]);
        assert_eq!(u.0.len(), 1);
        assert!(
            (u.unsigned_area() - 6.0).abs() < 1e-9,
            "{}",
            u.unsigned_area()
        );
    }

    #[test]
    fn a_hole_stays_unless_another_polygon_covers_it() {
        // A 4×4 square with a 2×2 hole (area 12), and apart from it a 1×1 square: 13, hole kept.
        let holed = polygon!(
            exterior: [(x: 0.0, y: 0.0), (x: 4.0, y: 0.0), (x: 4.0, y: 4.0), (x: 0.0, y: 4.0)],
            interiors: [[(x: 1.0, y: 1.0), (x: 3.0, y: 1.0), (x: 3.0, y: 3.0), (x: 1.0, y: 3.0)]],
        );
        let apart =
            polygon![(x: 5.0, y: 0.0), (x: 6.0, y: 0.0), (x: 6.0, y: 1.0), (x: 5.0, y: 1.0)];
        let u = union(&[holed.clone(), apart]);
        assert!((u.unsigned_area() - 13.0).abs() < 1e-9);
        assert!(!u.contains(&Point::new(2.0, 2.0)));
        // A square filling the hole: 16, and the hole's centre is covered.
        let plug = polygon![(x: 1.0, y: 1.0), (x: 3.0, y: 1.0), (x: 3.0, y: 3.0), (x: 1.0, y: 3.0)];
        let u = union(&[holed, plug]);
        assert!((u.unsigned_area() - 16.0).abs() < 1e-9);
        assert!(u.contains(&Point::new(2.0, 2.0)));
    }

    #[test]
    fn a_bow_tie_is_filled_as_its_two_triangles() {
        let bow = polygon![(x: 0.0, y: 0.0), (x: 2.0, y: 2.0), (x: 2.0, y: 0.0), (x: 0.0, y: 2.0)];
        let repaired = even_odd(&bow);
        assert_eq!(repaired.0.len(), 2);
        assert!((repaired.unsigned_area() - 2.0).abs() < 1e-9);
    }

    #[test]
    fn intersections_and_differences_of_squares_have_their_hand_computed_areas() {
        // A 2×2 square at the origin and one shifted by (1, 1): they share a 1×1 square.
        let a = MultiPolygon(vec![
            polygon![(x: 0.0, y: 0.0), (x: 2.0, y: 0.0), (x: 2.0, y: 2.0), (x: 0.0, y: 2.0)],
        ]);
        // Written clockwise, which must not matter.
        let b = MultiPolygon(vec![
            polygon![(x: 1.0, y: 1.0), (x: 1.0, y: 3.0), (x: 3.0, y: 3.0), (x: 3.0, y: 1.0)],
        ]);
        assert!((intersection(&a, &b).unsigned_area() - 1.0).abs() < 1e-9);
        assert!((difference(&a, &b).unsigned_area() - 3.0).abs() < 1e-9);
        assert!((difference(&b, &a).unsigned_area() - 3.0).abs() < 1e-9);
        assert!(!difference(&a, &b).contains(&Point::new(1.5, 1.5)));
        // Two overlapping parts of one multipolygon cover their union (1 × 3 = 3, not the 2 an
        // even-odd fill would leave): the 3×1 strip cuts all of it.
        let overlapping = MultiPolygon(vec![
            polygon![(x: 0.0, y: 0.0), (x: 2.0, y: 0.0), (x: 2.0, y: 1.0), (x: 0.0, y: 1.0)],
            polygon![(x: 1.0, y: 0.0), (x: 3.0, y: 0.0), (x: 3.0, y: 1.0), (x: 1.0, y: 1.0)],
        ]);
        let strip = MultiPolygon(vec![
            polygon![(x: -1.0, y: 0.25), (x: 4.0, y: 0.25), (x: 4.0, y: 0.75), (x: -1.0, y: 0.75)],
        ]);
        assert!((intersection(&overlapping, &strip).unsigned_area() - 1.5).abs() < 1e-9);
        // Disjoint: nothing in common, all left.
        let far = MultiPolygon(vec![
            polygon![(x: 10.0, y: 0.0), (x: 11.0, y: 0.0), (x: 11.0, y: 1.0)],
        ]);
        assert!(intersection(&a, &far).0.is_empty());
        assert!((difference(&a, &far).unsigned_area() - 4.0).abs() < 1e-9);
    }
}
