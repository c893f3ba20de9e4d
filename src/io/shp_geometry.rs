//! Converting one shapefile record (shapefile crate `Shape`) to a geo geometry in the file's own
//! coordinates: Z and M dropped, polygon holes found by containment (see `rings`).
//!
//! Not for transforming coordinates (see `layer_crs`) or reading the file (see `shapefile`).

use geo::{Coord, Geometry, LineString, MultiLineString, MultiPoint, Point};
use shapefile::record::traits::HasXY;
use shapefile::{PolygonRing, Shape};

use crate::io::rings::polygons_from_rings;

/// What became of one record: a geometry (or none, for null shapes) and notes for warnings.
#[derive(Debug, Default)]
pub struct Converted {
    pub geometry: Option<Geometry<f64>>,
    /// Rings with fewer than three distinct points, dropped.
    pub degenerate_rings: usize,
    /// The record was a Multipatch, which is not read.
    pub multipatch: bool,
}

/// Converts a shape to geo, keeping x/y only.
pub fn convert_shape(shape: &Shape) -> Converted {
    let geometry = match shape {
        Shape::NullShape => None,
        Shape::Point(p) => Some(point(p)),
        Shape::PointM(p) => Some(point(p)),
        Shape::PointZ(p) => Some(point(p)),
        Shape::Multipoint(mp) => Some(multipoint(mp.points())),
        Shape::MultipointM(mp) => Some(multipoint(mp.points())),
        Shape::MultipointZ(mp) => Some(multipoint(mp.points())),
        Shape::Polyline(l) => lines(l.parts()),
        Shape::PolylineM(l) => lines(l.parts()),
        Shape::PolylineZ(l) => lines(l.parts()),
        Shape::Polygon(p) => return polygon(p.rings()),
        Shape::PolygonM(p) => return polygon(p.rings()),
        Shape::PolygonZ(p) => return polygon(p.rings()),
        Shape::Multipatch(_) => {
            return Converted {
                multipatch: true,
                ..Converted::default()
            };
        }
    };
    Converted {
        geometry,
        ..Converted::default()
    }
}

fn coords<P: HasXY>(points: &[P]) -> Vec<Coord<f64>> {
    points
        .iter()
        .map(|p| Coord { x: p.x(), y: p.y() })
        .collect()
}

fn point<P: HasXY>(p: &P) -> Geometry<f64> {
    Geometry::Point(Point::new(p.x(), p.y()))
}

fn multipoint<P: HasXY>(points: &[P]) -> Geometry<f64> {
    Geometry::MultiPoint(MultiPoint(
        points.iter().map(|p| Point::new(p.x(), p.y())).collect(),
    ))
}

fn lines<P: HasXY>(parts: &[Vec<P>]) -> Option<Geometry<f64>> {
    let mut lines: Vec<LineString<f64>> = parts
        .iter()
        .filter(|part| !part.is_empty())
        .map(|part| LineString(coords(part)))
        .collect();
    match lines.len() {
        0 => None,
        1 => lines.pop().map(Geometry::LineString),
        _ => Some(Geometry::MultiLineString(MultiLineString(lines))),
    }
}

fn polygon<P: HasXY>(rings: &[PolygonRing<P>]) -> Converted {
    let rings: Vec<LineString<f64>> = rings
        .iter()
        .map(|r| LineString(coords(r.points())))
        .collect();
    let (geometry, degenerate_rings) = polygons_from_rings(rings);
    Converted {
        geometry,
        degenerate_rings,
        multipatch: false,
    }
}
