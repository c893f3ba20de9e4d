//! The radius ring drawn around a site: the site buffered by a distance in metres, computed in the
//! site's own 3° Gauss-Kruger zone (metres), returned in CGCS2000 lon/lat.
//!
//! Not for deciding what is within the radius (see `overlay`, which measures geodesic distances);
//! the ring is a picture of that radius, exact to the zone's scale error (< 0.1 % near the centre).

use geo::{Buffer, Coord, CoordsIter, Geometry, MultiPolygon};

use crate::crs::{Crs, Transform};
use crate::error::{Result, ZoneError};

/// The site grown by `radius_m` metres, in lon/lat, for drawing the search radius on a map.
pub fn radius_ring_lonlat(site: &Geometry<f64>, radius_m: f64) -> Result<MultiPolygon<f64>> {
    if !radius_m.is_finite() || radius_m <= 0.0 {
        return Err(ZoneError::Input(format!(
            "radius ring needs a distance above 0 m, not {radius_m}"
        )));
    }
    let n = site.coords_count();
    if n == 0 {
        return Err(ZoneError::Input("the site has no coordinates".into()));
    }
    let centre_lon = site.coords_iter().map(|c| c.x).sum::<f64>() / n as f64;
    let zone = Crs::gk3_zone_for_lon(centre_lon)?;
    let mut planar = site.clone();
    Transform::from_lonlat(&zone)?.geometry(&mut planar)?;
    let grown = planar.buffer(radius_m);
    let back = Transform::to_lonlat(&zone)?;
    let mut out: Geometry<f64> = grown.into();
    back.geometry(&mut out)?;
    match out {
        Geometry::MultiPolygon(mp) => Ok(mp),
        _ => Ok(MultiPolygon::new(Vec::new())),
    }
}

/// The point at the middle of a site's coordinates (for labels and map centring).
pub fn coords_centre(site: &Geometry<f64>) -> Option<Coord<f64>> {
    let n = site.coords_count();
    (n > 0).then(|| {
        let (sx, sy) = site
            .coords_iter()
            .fold((0.0, 0.0), |(x, y), c| (x + c.x, y + c.y));
        Coord {
            x: sx / n as f64,
            y: sy / n as f64,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::measure::area_ellipsoidal_m2;
    use geo::{Point, polygon};

    #[test]
    fn a_point_grows_to_a_disc_of_pi_r_squared() {
        // A 1 km disc has π·10⁶ m² = 3,141,593 m² (hand figure); buffering inscribes the circle
        // with chords (geo's default: a 32-gon keeps 99.36 %), so between 98.5 % and 100.1 %.
        let site: Geometry<f64> = Point::new(115.6, 37.7).into();
        let ring = radius_ring_lonlat(&site, 1000.0).unwrap();
        let a = area_ellipsoidal_m2(&ring);
        let ratio = a / 3_141_593.0;
        assert!((0.985..1.001).contains(&ratio), "{a}");
    }

    #[test]
    fn a_square_grows_by_perimeter_times_r_plus_pi_r_squared() {
        // ~0.01° square near Hengshui; grown area = A + P·r + π r² with the square's own figures.
        let sq = polygon![(x: 115.60, y: 37.70), (x: 115.61, y: 37.70), (x: 115.61, y: 37.71), (x: 115.60, y: 37.71)];
        let a0 = area_ellipsoidal_m2(&MultiPolygon::new(vec![sq.clone()]));
        let side_ew = crate::query::measure::distance_geodesic_m(
            Coord {
                x: 115.60,
                y: 37.705,
            },
            Coord {
                x: 115.61,
                y: 37.705,
            },
        );
        let side_ns = crate::query::measure::distance_geodesic_m(
            Coord {
                x: 115.605,
                y: 37.70,
            },
            Coord {
                x: 115.605,
                y: 37.71,
            },
        );
        let r = 200.0;
        let expect = a0 + 2.0 * (side_ew + side_ns) * r + std::f64::consts::PI * r * r;
        let a = area_ellipsoidal_m2(&radius_ring_lonlat(&sq.into(), r).unwrap());
        assert!((a / expect - 1.0).abs() < 0.01, "{a} vs {expect}");
    }

    #[test]
    fn rejects_a_zero_radius() {
        let site: Geometry<f64> = Point::new(115.6, 37.7).into();
        assert!(radius_ring_lonlat(&site, 0.0).is_err());
    }
}
