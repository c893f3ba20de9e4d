//! The cursor in Gauss-Kruger X/Y for the status bar: in the projected CRS of the top visible
//! layer that came in one (the data's own frame), else in the CGCS2000 3° zone (zone number
//! prefixed to the easting, as surveyors write it) under the cursor. X is north, Y is east.
//!
//! Display only: the transform is the engine's (`crs::Transform`), cached while the CRS holds.

use geo::Coord;

use crate::crs::{Crs, Transform};
use crate::ui::state::MapLayer;

/// The cursor as surveyors write it.
#[derive(Debug, Clone, PartialEq)]
pub struct CursorXy {
    /// Northing, metres.
    pub x_north_m: f64,
    /// Easting, metres (with the zone prefix when the CRS has one).
    pub y_east_m: f64,
    /// `EPSG:4527 …`, to say which frame the numbers are in.
    pub crs_label: String,
}

/// Keeps the last transform so moving the mouse does not rebuild it.
#[derive(Default)]
pub struct CursorProjector {
    cached: Option<(String, Transform)>,
}

impl CursorProjector {
    /// The cursor at `lonlat` in the frame described above; `None` outside China's GK zones.
    pub fn project(&mut self, layers: &[MapLayer], lonlat: Coord<f64>) -> Option<CursorXy> {
        let crs = layers
            .iter()
            .rev()
            .filter(|l| l.visible)
            .map(|l| &l.layer().crs.crs)
            .find(|c| !c.geographic)
            .cloned()
            .or_else(|| prefixed_gk3_zone(lonlat.x))?;
        let label = crs.label();
        if self.cached.as_ref().is_none_or(|(l, _)| *l != label) {
            self.cached = Some((label.clone(), Transform::from_lonlat(&crs).ok()?));
        }
        let (_, t) = self.cached.as_ref()?;
        let (east, north) = t.point(lonlat.x, lonlat.y).ok()?;
        Some(CursorXy {
            x_north_m: north,
            y_east_m: east,
            crs_label: label,
        })
    }
}

/// The CGCS2000 3° Gauss-Kruger zone with prefixed eastings (EPSG 4488 + zone) for `lon`.
fn prefixed_gk3_zone(lon: f64) -> Option<Crs> {
    let zone = (lon / 3.0).round();
    if !(25.0..=45.0).contains(&zone) {
        return None;
    }
    Crs::from_epsg(4488 + zone as u32).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hengshui_in_zone_39_matches_pyproj() {
        // pyproj: Transformer.from_crs(4490, 4527, always_xy=True).transform(115.67, 37.74)
        // = (39382768.9353, 4179472.4757) (easting, northing).
        let mut p = CursorProjector::default();
        let xy = p
            .project(
                &[],
                Coord {
                    x: 115.67,
                    y: 37.74,
                },
            )
            .expect("zone 39");
        assert!(xy.crs_label.starts_with("EPSG:4527"), "{}", xy.crs_label);
        assert!((xy.y_east_m - 39_382_768.94).abs() < 0.05, "{xy:?}");
        assert!((xy.x_north_m - 4_179_472.48).abs() < 0.05, "{xy:?}");
    }
}
