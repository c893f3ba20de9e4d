//! 衡水湖国家级自然保护区 as three nested zones: core (核心区), buffer (缓冲区, a ring around
//! the core) and experimental (实验区, a ring around the buffer). The rings share their boundary
//! vertices exactly, so the zones tile the reserve without overlap.

use anyhow::Result;
use geo::{Area, Coord, LineString, MultiPolygon, Polygon, coord};

use super::geom::{Plane, wobble};
use super::places::{RESERVE_AREA_HA, RESERVE_EAST, RESERVE_NORTH, RESERVE_SOUTH, RESERVE_WEST};

/// The reserve's zones in GK metres.
pub struct Reserve {
    pub core: Polygon<f64>,
    pub buffer: Polygon<f64>,
    pub experimental: Polygon<f64>,
}

impl Reserve {
    /// The whole reserve (outer boundary of the experimental zone).
    pub fn outline(&self) -> MultiPolygon<f64> {
        MultiPolygon::new(vec![Polygon::new(
            self.experimental.exterior().clone(),
            vec![],
        )])
    }

    /// The zones with their Chinese names, core first.
    pub fn zones(&self) -> [(&'static str, &Polygon<f64>); 3] {
        [
            ("核心区", &self.core),
            ("缓冲区", &self.buffer),
            ("实验区", &self.experimental),
        ]
    }
}

const VERTICES: usize = 480;

/// The shape: an ellipse filling the published extent, with lobes to the south-west and
/// south-east and a notch to the south where 冀州 town lies outside the reserve.
fn shape(theta: f64) -> f64 {
    use std::f64::consts::PI;
    let notch = 0.62 * (-((theta - 1.5 * PI) / 0.32).powi(2)).exp();
    let lobes = wobble(
        theta,
        &[
            (2.0, 0.10, 0.4),
            (3.0, 0.07, 1.3),
            (5.0, 0.035, 2.1),
            (9.0, 0.015, 0.7),
        ],
    );
    (1.0 + lobes - notch).max(0.15)
}

/// Builds the zones, scaled so the total is the published 18,787 ha.
pub fn build(plane: &Plane) -> Result<Reserve> {
    let sw = plane.gk(RESERVE_WEST, RESERVE_SOUTH)?;
    let ne = plane.gk(RESERVE_EAST, RESERVE_NORTH)?;
    let center = coord! { x: (sw.x + ne.x) / 2.0, y: (sw.y + ne.y) / 2.0 };
    let (half_w, half_h) = ((ne.x - sw.x) / 2.0, (ne.y - sw.y) / 2.0);
    let ring = |scale: f64, level: f64| -> LineString<f64> {
        let mut pts: Vec<Coord<f64>> = (0..VERTICES)
            .map(|i| {
                let t = i as f64 / VERTICES as f64 * std::f64::consts::TAU;
                let r = scale
                    * shape(t)
                    * (level
                        + 0.025 * wobble(t, &[(4.0, 1.0, level * 7.0), (7.0, 0.5, level * 3.0)]));
                coord! { x: center.x + half_w * r * t.cos(), y: center.y + half_h * r * t.sin() }
            })
            .collect();
        pts.push(pts[0]);
        LineString::new(pts)
    };
    let unit_area = Polygon::new(ring(1.0, 1.0), vec![]).unsigned_area();
    let scale = (RESERVE_AREA_HA * 1e4 / unit_area).sqrt();
    let outer = ring(scale, 1.0);
    let buffer_outer = ring(scale, 0.74);
    let core_outer = ring(scale, 0.52);
    Ok(Reserve {
        core: Polygon::new(core_outer.clone(), vec![]),
        buffer: Polygon::new(buffer_outer.clone(), vec![core_outer]),
        experimental: Polygon::new(outer, vec![buffer_outer]),
    })
}
