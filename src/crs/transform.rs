//! Transforms between two CRSs through proj4rs (which wants radians for geographic systems).

use geo::Geometry;
use geo::MapCoordsInPlace;
use proj4rs::Proj;

use super::Crs;
use super::proj_build::build_proj;
use crate::error::{Result, ZoneError};

/// How far (metres) a projected point may land from itself after the inverse and the forward
/// projection: far above the projections' own round-trip error (well under a millimetre within
/// thousands of km of the central meridian), far below any survey's precision.
const ROUND_TRIP_TOLERANCE_M: f64 = 0.01;

/// A ready transform from one CRS to another; build once per layer, apply to many coordinates.
pub struct Transform {
    from: Proj,
    to: Proj,
    from_geographic: bool,
    to_geographic: bool,
    /// True when both ends are the same system (no work to do).
    identity: bool,
    label: String,
}

impl Transform {
    /// A transform from `from` to `to`.
    pub fn new(from: &Crs, to: &Crs) -> Result<Transform> {
        let build = |crs: &Crs| {
            build_proj(&crs.proj4)
                .map_err(|e| ZoneError::crs(crs.label(), format!("proj4rs cannot build it: {e}")))
        };
        Ok(Transform {
            from: build(from)?,
            to: build(to)?,
            from_geographic: from.geographic,
            to_geographic: to.geographic,
            identity: from.proj4 == to.proj4,
            label: format!("{} -> {}", from.label(), to.label()),
        })
    }

    /// A transform from `from` to the working frame (CGCS2000 lon/lat).
    pub fn to_lonlat(from: &Crs) -> Result<Transform> {
        Transform::new(from, &Crs::cgcs2000())
    }

    /// A transform from the working frame (CGCS2000 lon/lat) to `to`.
    pub fn from_lonlat(to: &Crs) -> Result<Transform> {
        Transform::new(&Crs::cgcs2000(), to)
    }

    /// Transforms one coordinate pair (x = easting or lon, y = northing or lat).
    pub fn point(&self, x: f64, y: f64) -> Result<(f64, f64)> {
        if self.identity {
            return Ok((x, y));
        }
        let mut p = if self.from_geographic {
            (x.to_radians(), y.to_radians(), 0.0)
        } else {
            (x, y, 0.0)
        };
        proj4rs::transform::transform(&self.from, &self.to, &mut p).map_err(|e| {
            ZoneError::crs(&self.label, format!("cannot transform ({x}, {y}): {e}"))
        })?;
        if !self.from_geographic {
            self.check_comes_back(x, y, p)?;
        }
        if self.to_geographic {
            Ok((p.0.to_degrees(), p.1.to_degrees()))
        } else {
            Ok((p.0, p.1))
        }
    }

    /// Projects `to` (the result of transforming the projected (`x`, `y`)) back and fails unless
    /// it lands within [`ROUND_TRIP_TOLERANCE_M`] of where it came from. A projection's inverse
    /// returns *some* lon/lat for any easting and northing, also for ones outside what the
    /// projection can represent (a Gauss-Kruger northing beyond the pole, a mistyped digit
    /// making an easting thousands of km off): such a point would silently become a vertex on
    /// the far side of the globe. Only points inside the projection's domain come back.
    fn check_comes_back(&self, x: f64, y: f64, to: (f64, f64, f64)) -> Result<()> {
        let mut back = to;
        let returned = proj4rs::transform::transform(&self.to, &self.from, &mut back).is_ok();
        let off_m = (back.0 - x).hypot(back.1 - y);
        if returned && off_m <= ROUND_TRIP_TOLERANCE_M {
            return Ok(());
        }
        Err(ZoneError::crs(
            &self.label,
            format!(
                "({x}, {y}) lies outside what the projection can represent (projected back it \
                 does not return to itself): a mistyped coordinate, or the wrong CRS"
            ),
        ))
    }

    /// Transforms every coordinate of `geometry` in place; fails on the first that cannot be
    /// transformed, leaving the geometry partly transformed (callers discard it then).
    pub fn geometry(&self, geometry: &mut Geometry<f64>) -> Result<()> {
        if self.identity {
            return Ok(());
        }
        let f = |c: geo::Coord<f64>| {
            self.point(c.x, c.y)
                .map(|(x, y)| geo::coord! { x: x, y: y })
        };
        map_geometry(geometry, &f)
    }
}

/// Applies `f` to every coordinate. Written out per variant because geo's own
/// `try_map_coords_in_place` on `Geometry` recurses through `GeometryCollection` with an ever
/// deeper closure type and hits the compiler's instantiation limit.
fn map_geometry(
    geometry: &mut Geometry<f64>,
    f: &dyn Fn(geo::Coord<f64>) -> Result<geo::Coord<f64>>,
) -> Result<()> {
    match geometry {
        Geometry::Point(g) => g.try_map_coords_in_place(f),
        Geometry::Line(g) => g.try_map_coords_in_place(f),
        Geometry::LineString(g) => g.try_map_coords_in_place(f),
        Geometry::Polygon(g) => g.try_map_coords_in_place(f),
        Geometry::MultiPoint(g) => g.try_map_coords_in_place(f),
        Geometry::MultiLineString(g) => g.try_map_coords_in_place(f),
        Geometry::MultiPolygon(g) => g.try_map_coords_in_place(f),
        Geometry::Rect(g) => g.try_map_coords_in_place(f),
        Geometry::Triangle(g) => g.try_map_coords_in_place(f),
        Geometry::GeometryCollection(gc) => {
            for g in gc.0.iter_mut() {
                map_geometry(g, f)?;
            }
            Ok(())
        }
    }
}
