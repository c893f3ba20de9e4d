//! KML geometry (as the `kml` crate reads it) to geo-types, 2D: Point, LineString, LinearRing
//! (a ring, so a polygon), Polygon with its inner boundaries, and MultiGeometry — a
//! MultiPolygon, MultiLineString or MultiPoint when its parts are all of one kind, else a
//! collection. Polygons are rebuilt from their rings by containment, as for every other format.
//!
//! Not for `Model` or `gx:Track`: those give `None` and the reader counts them.

use geo::{Coord, Geometry, LineString, MultiLineString, MultiPoint, MultiPolygon, Point, Polygon};
use kml::types::Geometry as KmlGeometry;

use crate::io::rings::polygons_from_rings;

/// The geometry of a placemark, `None` when it has none zonecheck can use.
pub fn kml_to_geo(g: &KmlGeometry<f64>) -> Option<Geometry<f64>> {
    match g {
        KmlGeometry::Point(p) => Some(Geometry::Point(Point::new(p.coord.x, p.coord.y))),
        KmlGeometry::LineString(l) => {
            (!l.coords.is_empty()).then(|| Geometry::LineString(line(&l.coords)))
        }
        KmlGeometry::LinearRing(r) => polygons_from_rings(vec![line(&r.coords)]).0,
        KmlGeometry::Polygon(p) => {
            let rings = std::iter::once(&p.outer)
                .chain(&p.inner)
                .map(|r| line(&r.coords))
                .collect();
            polygons_from_rings(rings).0
        }
        KmlGeometry::MultiGeometry(m) => {
            multi(m.geometries.iter().filter_map(kml_to_geo).collect())
        }
        _ => None,
    }
}

fn line(coords: &[kml::types::Coord<f64>]) -> LineString<f64> {
    LineString(coords.iter().map(|c| Coord { x: c.x, y: c.y }).collect())
}

/// One geometry of `parts`: the multi-type of their common kind, else a collection.
fn multi(parts: Vec<Geometry<f64>>) -> Option<Geometry<f64>> {
    if parts.is_empty() {
        return None;
    }
    let mut polygons: Vec<Polygon<f64>> = Vec::new();
    let mut lines: Vec<LineString<f64>> = Vec::new();
    let mut points: Vec<Point<f64>> = Vec::new();
    let mut other = false;
    for p in &parts {
        match p {
            Geometry::Polygon(x) => polygons.push(x.clone()),
            Geometry::MultiPolygon(x) => polygons.extend(x.0.iter().cloned()),
            Geometry::LineString(x) => lines.push(x.clone()),
            Geometry::MultiLineString(x) => lines.extend(x.0.iter().cloned()),
            Geometry::Point(x) => points.push(*x),
            Geometry::MultiPoint(x) => points.extend(x.0.iter().copied()),
            _ => other = true,
        }
    }
    let kinds = [!polygons.is_empty(), !lines.is_empty(), !points.is_empty()]
        .iter()
        .filter(|k| **k)
        .count();
    Some(match (kinds, other) {
        (1, false) if !polygons.is_empty() => Geometry::MultiPolygon(MultiPolygon(polygons)),
        (1, false) if !lines.is_empty() => Geometry::MultiLineString(MultiLineString(lines)),
        (1, false) => Geometry::MultiPoint(MultiPoint(points)),
        _ => Geometry::GeometryCollection(geo::GeometryCollection(parts)),
    })
}
