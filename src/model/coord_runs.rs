//! A geometry's coordinates as contiguous runs (each ring, line or point a slice), for the
//! whole-layer scans every load makes (extent, finiteness): geo's `coords_iter` walks a
//! province's millions of vertices through nested iterator adapters one coordinate at a time
//! (4 % of a national query run), while a loop over a slice is a tight, vectorisable one.

use geo::{Coord, Geometry, LineString, Polygon};

/// Calls `f` with every run of coordinates of `g`: each ring of a polygon, each line, each
/// point; a `Rect` as its two corners, a `Triangle` as its three.
pub fn for_each_coord_run(g: &Geometry<f64>, f: &mut dyn FnMut(&[Coord<f64>])) {
    let polygon = |p: &Polygon<f64>, f: &mut dyn FnMut(&[Coord<f64>])| {
        f(&p.exterior().0);
        p.interiors().iter().for_each(|r| f(&r.0));
    };
    let line = |l: &LineString<f64>, f: &mut dyn FnMut(&[Coord<f64>])| f(&l.0);
    match g {
        Geometry::Point(p) => f(std::slice::from_ref(&p.0)),
        Geometry::MultiPoint(mp) => mp.0.iter().for_each(|p| f(std::slice::from_ref(&p.0))),
        Geometry::Line(l) => f(&[l.start, l.end]),
        Geometry::LineString(l) => line(l, f),
        Geometry::MultiLineString(ml) => ml.0.iter().for_each(|l| line(l, f)),
        Geometry::Polygon(p) => polygon(p, f),
        Geometry::MultiPolygon(mp) => mp.0.iter().for_each(|p| polygon(p, f)),
        Geometry::Rect(r) => f(&[r.min(), r.max()]),
        Geometry::Triangle(t) => f(&t.to_array()),
        Geometry::GeometryCollection(gc) => gc.0.iter().for_each(|g| for_each_coord_run(g, f)),
    }
}

/// Whether every coordinate of `g` is a finite number (no NaN, no infinity).
pub fn all_finite(g: &Geometry<f64>) -> bool {
    let mut finite = true;
    for_each_coord_run(g, &mut |run| {
        // `&` rather than `&&`, and no early exit inside a run: the loop vectorises.
        finite &= run
            .iter()
            .fold(true, |ok, c| ok & c.x.is_finite() & c.y.is_finite());
    });
    finite
}

/// `[min_x, min_y, max_x, max_y]` grown by every coordinate of `g`; `None` stays `None` when
/// `g` has no coordinate. NaN coordinates are passed over (as `f64::min` does).
pub fn extend_bounds(g: &Geometry<f64>, bounds: &mut Option<[f64; 4]>) {
    for_each_coord_run(g, &mut |run| {
        let Some(first) = run.first() else {
            return;
        };
        let b = bounds.get_or_insert([first.x, first.y, first.x, first.y]);
        for c in run {
            b[0] = b[0].min(c.x);
            b[1] = b[1].min(c.y);
            b[2] = b[2].max(c.x);
            b[3] = b[3].max(c.y);
        }
    });
}

#[cfg(test)]
mod tests {
    use geo::{CoordsIter, Rect, Triangle, coord, line_string, point, polygon};

    use super::*;

    fn every_kind() -> Vec<Geometry<f64>> {
        let square = polygon!(
            exterior: [(x: 0., y: 0.), (x: 4., y: 0.), (x: 4., y: 4.), (x: 0., y: 4.)],
            interiors: [[(x: 1., y: 1.), (x: 2., y: 1.), (x: 2., y: 2.)]],
        );
        vec![
            point!(x: 1., y: 2.).into(),
            geo::MultiPoint(vec![point!(x: -1., y: 5.), point!(x: 3., y: -2.)]).into(),
            geo::Line::new(coord! { x: 0., y: 0. }, coord! { x: 7., y: -1. }).into(),
            line_string![(x: 0., y: 0.), (x: 2., y: 9.)].into(),
            square.clone().into(),
            geo::MultiPolygon(vec![square.clone(), square]).into(),
            Rect::new(coord! { x: -3., y: 1. }, coord! { x: 2., y: 8. }).into(),
            Triangle::new(
                coord! { x: 0., y: 0. },
                coord! { x: 5., y: 1. },
                coord! { x: 2., y: -6. },
            )
            .into(),
        ]
    }

    #[test]
    fn runs_cover_what_geo_iterates() {
        let all = every_kind();
        let mut gc = all.clone();
        // A collection of all but the Rect (checked alone below), and one with everything
        // (its bounds and finiteness checked).
        let no_rect = all
            .iter()
            .filter(|g| !matches!(g, Geometry::Rect(_)))
            .cloned();
        gc.push(Geometry::GeometryCollection(geo::GeometryCollection(
            no_rect.collect(),
        )));
        gc.push(Geometry::GeometryCollection(geo::GeometryCollection(
            all.clone(),
        )));
        for g in gc {
            let mut mine: Vec<Coord<f64>> = Vec::new();
            for_each_coord_run(&g, &mut |run| mine.extend_from_slice(run));
            let mut geos: Vec<Coord<f64>> = g.coords_iter().collect();
            let key = |c: &Coord<f64>| (c.x.to_bits(), c.y.to_bits());
            mine.sort_by_key(key);
            mine.dedup();
            geos.sort_by_key(key);
            geos.dedup();
            // The same set of coordinates (a Rect's four corners iterated by geo, its two
            // extreme ones here: the bounds and finiteness agree).
            let rect_inside = |g: &Geometry<f64>| match g {
                Geometry::Rect(_) => true,
                Geometry::GeometryCollection(gc) => {
                    gc.0.iter().any(|g| matches!(g, Geometry::Rect(_)))
                }
                _ => false,
            };
            if matches!(g, Geometry::Rect(_)) {
                assert_eq!(mine.len(), 2);
            } else if !rect_inside(&g) {
                assert_eq!(mine, geos, "{g:?}");
            }
            let mut b = None;
            extend_bounds(&g, &mut b);
            let r = geo::BoundingRect::bounding_rect(&g).unwrap();
            assert_eq!(b, Some([r.min().x, r.min().y, r.max().x, r.max().y]));
            assert!(all_finite(&g));
        }
    }

    #[test]
    fn a_nan_or_infinity_anywhere_is_not_finite() {
        for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let g: Geometry<f64> = polygon!(
                exterior: [(x: 0., y: 0.), (x: 4., y: 0.), (x: 4., y: 4.)],
                interiors: [[(x: 1., y: 1.), (x: 2., y: bad), (x: 2., y: 2.)]],
            )
            .into();
            assert!(!all_finite(&g));
        }
        let mut b = None;
        extend_bounds(&line_string![(x: 0., y: 0.)].into(), &mut b);
        extend_bounds(&geo::LineString::<f64>::new(vec![]).into(), &mut b);
        assert_eq!(b, Some([0.0; 4]));
    }
}
