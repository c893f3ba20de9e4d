//! Building polygons from a bag of rings without trusting ring orientation: a ring nested inside
//! an odd number of other rings is a hole of the smallest ring that holds it, any other ring is
//! an outer ring.
//!
//! Real shapefiles come with holes wound either way (and GeoJSON writers ignore RFC 7946's
//! winding rule), so containment is the only reliable signal. Not for repairing self-intersecting
//! rings: those are kept as written. Output shells are wound counter-clockwise and holes
//! clockwise, as geo's boolean operations need.

use geo::{Coord, Geometry, LineString, MultiPolygon, Polygon, Rect};

/// One ring with the figures the nesting test needs.
struct RingInfo {
    ring: LineString<f64>,
    bbox: Rect<f64>,
    area_abs: f64,
    counter_clockwise: bool,
}

/// Assembles rings (each a closed or unclosed coordinate sequence) into a Polygon, a
/// MultiPolygon, or `None` when no ring has at least three distinct points. The count of
/// degenerate rings dropped is returned alongside.
pub fn polygons_from_rings(rings: Vec<LineString<f64>>) -> (Option<Geometry<f64>>, usize) {
    let mut dropped = 0;
    let mut infos: Vec<RingInfo> = Vec::with_capacity(rings.len());
    for mut ring in rings {
        if ring.0.len() > 1 && ring.0.first() == ring.0.last() {
            ring.0.pop();
        }
        if ring.0.len() < 3 {
            dropped += 1;
            continue;
        }
        let Some(bbox) = bounding_rect(&ring.0) else {
            dropped += 1;
            continue;
        };
        let area2 = signed_area2(&ring.0);
        infos.push(RingInfo {
            ring,
            bbox,
            area_abs: area2.abs(),
            counter_clockwise: area2 > 0.0,
        });
    }
    if infos.is_empty() {
        return (None, dropped);
    }
    if infos.len() == 1 {
        let only = infos.pop().expect("one ring is present");
        let shell = wound(only.ring, only.counter_clockwise, true);
        return (
            Some(Geometry::Polygon(Polygon::new(shell, vec![]))),
            dropped,
        );
    }
    // Largest first: a ring can only lie inside a larger one.
    infos.sort_by(|a, b| b.area_abs.total_cmp(&a.area_abs));
    let n = infos.len();
    let mut depth = vec![0usize; n];
    let mut parent: Vec<Option<usize>> = vec![None; n];
    for i in 1..n {
        for j in 0..i {
            if ring_inside(&infos[i], &infos[j]) {
                depth[i] += 1;
                // Later (smaller) containers are tighter; keep the last one found.
                parent[i] = Some(j);
            }
        }
    }
    let mut outer_index: Vec<Option<usize>> = vec![None; n];
    let mut shells: Vec<(LineString<f64>, Vec<LineString<f64>>)> = Vec::new();
    let mut holes: Vec<(usize, LineString<f64>)> = Vec::new();
    for (i, info) in infos.into_iter().enumerate() {
        if depth[i].is_multiple_of(2) {
            outer_index[i] = Some(shells.len());
            shells.push((wound(info.ring, info.counter_clockwise, true), Vec::new()));
        } else if let Some(p) = parent[i] {
            holes.push((p, wound(info.ring, info.counter_clockwise, false)));
        }
    }
    for (p, ring) in holes {
        if let Some(k) = outer_index[p] {
            shells[k].1.push(ring);
        }
    }
    let mut polygons: Vec<Polygon<f64>> = shells
        .into_iter()
        .map(|(exterior, interiors)| Polygon::new(exterior, interiors))
        .collect();
    let geometry = if polygons.len() == 1 {
        Geometry::Polygon(polygons.pop().expect("one polygon is present"))
    } else {
        Geometry::MultiPolygon(MultiPolygon(polygons))
    };
    (Some(geometry), dropped)
}

/// The ring wound as geo and RFC 7946 expect (shells counter-clockwise, holes clockwise),
/// keeping its first vertex. geo's boolean operations depend on it: `unary_union` of a
/// clockwise-shell polygon with a counter-clockwise-shell one was seen to drop a polygon.
fn wound(mut ring: LineString<f64>, counter_clockwise: bool, shell: bool) -> LineString<f64> {
    if counter_clockwise != shell && ring.0.len() > 2 {
        ring.0[1..].reverse();
    }
    ring
}

/// Twice the signed area (shoelace), relative to the first vertex to keep precision with large
/// projected coordinates.
fn signed_area2(coords: &[Coord<f64>]) -> f64 {
    let o = coords[0];
    let mut sum = 0.0;
    for w in coords.windows(2) {
        sum += (w[0].x - o.x) * (w[1].y - o.y) - (w[1].x - o.x) * (w[0].y - o.y);
    }
    sum
}

fn bounding_rect(coords: &[Coord<f64>]) -> Option<Rect<f64>> {
    let first = coords.first()?;
    let (mut min, mut max) = (*first, *first);
    for c in coords {
        min.x = min.x.min(c.x);
        min.y = min.y.min(c.y);
        max.x = max.x.max(c.x);
        max.y = max.y.max(c.y);
    }
    Some(Rect::new(min, max))
}

/// Whether ring `inner` lies inside ring `outer`: its bounding box is within, and its vertices
/// (the first that is not on `outer`'s boundary decides) are inside by the even-odd rule.
fn ring_inside(inner: &RingInfo, outer: &RingInfo) -> bool {
    let (a, b) = (inner.bbox, outer.bbox);
    if a.min().x < b.min().x
        || a.min().y < b.min().y
        || a.max().x > b.max().x
        || a.max().y > b.max().y
    {
        return false;
    }
    if inner.area_abs >= outer.area_abs {
        return false;
    }
    for &c in &inner.ring.0 {
        match point_in_ring(c, &outer.ring.0) {
            Position::Inside => return true,
            Position::Outside => return false,
            Position::Boundary => continue,
        }
    }
    // Every vertex on the boundary: treat as inside (a hole touching its shell everywhere).
    true
}

enum Position {
    Inside,
    Outside,
    Boundary,
}

/// Even-odd (crossing number) test of `p` against an implicitly closed ring.
fn point_in_ring(p: Coord<f64>, ring: &[Coord<f64>]) -> Position {
    let mut inside = false;
    let n = ring.len();
    let mut j = n - 1;
    for i in 0..n {
        let (a, b) = (ring[j], ring[i]);
        if a == p || b == p {
            return Position::Boundary;
        }
        if (b.y > p.y) != (a.y > p.y) {
            let x_cross = b.x + (p.y - b.y) * (a.x - b.x) / (a.y - b.y);
            if x_cross == p.x {
                return Position::Boundary;
            }
            if p.x < x_cross {
                inside = !inside;
            }
        } else if a.y == p.y && b.y == p.y && p.x >= a.x.min(b.x) && p.x <= a.x.max(b.x) {
            return Position::Boundary;
        }
        j = i;
    }
    if inside {
        Position::Inside
    } else {
        Position::Outside
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring(points: &[(f64, f64)]) -> LineString<f64> {
        LineString::from(points.to_vec())
    }

    const CW_SQUARE: [(f64, f64); 5] = [(0., 0.), (0., 10.), (10., 10.), (10., 0.), (0., 0.)];
    const CCW_HOLE: [(f64, f64); 5] = [(2., 2.), (4., 2.), (4., 4.), (2., 4.), (2., 2.)];
    const CW_HOLE: [(f64, f64); 5] = [(2., 2.), (2., 4.), (4., 4.), (4., 2.), (2., 2.)];

    #[test]
    fn a_hole_is_a_hole_whatever_its_winding() {
        for hole in [CCW_HOLE, CW_HOLE] {
            let (g, dropped) = polygons_from_rings(vec![ring(&hole), ring(&CW_SQUARE)]);
            assert_eq!(dropped, 0);
            match g {
                Some(Geometry::Polygon(p)) => {
                    assert_eq!(p.interiors().len(), 1);
                    assert_eq!(p.exterior().0[0], Coord { x: 0., y: 0. });
                    // Normalised: shell counter-clockwise (positive area), hole clockwise.
                    assert!(signed_area2(&p.exterior().0) > 0.0);
                    assert!(signed_area2(&p.interiors()[0].0) < 0.0);
                }
                other => panic!("expected a polygon with a hole, got {other:?}"),
            }
        }
    }

    #[test]
    fn an_island_in_a_hole_is_a_second_polygon() {
        let island = [(2.5, 2.5), (3.5, 2.5), (3.5, 3.5), (2.5, 3.5)];
        let far = [(20., 0.), (21., 0.), (21., 1.), (20., 1.)];
        let (g, _) = polygons_from_rings(vec![
            ring(&CW_SQUARE),
            ring(&CW_HOLE),
            ring(&island),
            ring(&far),
        ]);
        match g {
            Some(Geometry::MultiPolygon(mp)) => {
                assert_eq!(mp.0.len(), 3);
                assert_eq!(mp.0.iter().map(|p| p.interiors().len()).sum::<usize>(), 1);
            }
            other => panic!("expected three polygons, got {other:?}"),
        }
    }

    #[test]
    fn degenerate_rings_are_dropped_and_counted() {
        let (g, dropped) = polygons_from_rings(vec![ring(&[(0., 0.), (1., 1.), (0., 0.)])]);
        assert!(g.is_none());
        assert_eq!(dropped, 1);
    }
}
