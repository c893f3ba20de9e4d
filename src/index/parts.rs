//! The polygon parts of a geometry, numbered the same way at index build and at query time.
//!
//! Not for other geometry kinds: lines and points are indexed whole.

use std::borrow::Cow;

use geo::{Geometry, MultiPolygon, Polygon};

/// Calls `f` with every polygon part of `geometry` in a fixed order: a `Polygon` is part 0, a
/// `MultiPolygon`'s members in order, `Rect`/`Triangle` converted, collections flattened depth-first.
pub fn for_each_polygon<'a>(geometry: &'a Geometry<f64>, f: &mut dyn FnMut(Cow<'a, Polygon<f64>>)) {
    match geometry {
        Geometry::Polygon(p) => f(Cow::Borrowed(p)),
        Geometry::MultiPolygon(mp) => mp.0.iter().for_each(|p| f(Cow::Borrowed(p))),
        Geometry::Rect(r) => f(Cow::Owned(r.to_polygon())),
        Geometry::Triangle(t) => f(Cow::Owned(t.to_polygon())),
        Geometry::GeometryCollection(gc) => gc.0.iter().for_each(|g| for_each_polygon(g, f)),
        _ => {}
    }
}

/// Polygon part number `part` of `geometry` (in the order of [`for_each_polygon`]).
pub fn polygon_part(geometry: &Geometry<f64>, part: usize) -> Option<Cow<'_, Polygon<f64>>> {
    match geometry {
        Geometry::Polygon(p) => (part == 0).then_some(Cow::Borrowed(p)),
        Geometry::MultiPolygon(mp) => mp.0.get(part).map(Cow::Borrowed),
        _ => {
            let mut found = None;
            let mut k = 0;
            for_each_polygon(geometry, &mut |p| {
                if k == part {
                    found = Some(p);
                }
                k += 1;
            });
            found
        }
    }
}

/// All polygon parts of `geometry` as one multipolygon (empty when it has none).
pub fn to_multipolygon(geometry: &Geometry<f64>) -> MultiPolygon<f64> {
    if let Geometry::MultiPolygon(mp) = geometry {
        return mp.clone();
    }
    let mut out = Vec::new();
    for_each_polygon(geometry, &mut |p| out.push(p.into_owned()));
    MultiPolygon::new(out)
}

/// True when `geometry` holds anything besides polygons (points, lines), which is indexed whole.
pub fn has_non_polygon(geometry: &Geometry<f64>) -> bool {
    match geometry {
        Geometry::Polygon(_)
        | Geometry::MultiPolygon(_)
        | Geometry::Rect(_)
        | Geometry::Triangle(_) => false,
        Geometry::GeometryCollection(gc) => gc.0.iter().any(has_non_polygon),
        _ => true,
    }
}
