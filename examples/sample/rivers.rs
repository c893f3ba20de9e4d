//! The nine rivers as smooth polylines: the control points of `places::RIVERS`, nudged by a
//! deterministic meander and drawn as Catmull-Rom curves (some tens of vertices each).

use anyhow::Result;
use geo::{Coord, LineString, coord};

use super::geom::{Plane, smooth_curve};
use super::places::RIVERS;
use super::prng::Prng;

/// Samples per span between control points.
const PER_SPAN: usize = 6;

/// Every river in GK metres, in the order of `RIVERS`.
pub fn build(plane: &Plane) -> Result<Vec<LineString<f64>>> {
    let mut prng = Prng::new(0x1311_0000);
    RIVERS
        .iter()
        .map(|river| {
            let pts = river
                .course
                .iter()
                .map(|(lon, lat)| plane.gk(*lon, *lat))
                .collect::<Result<Vec<Coord<f64>>>>()?;
            // Nudge interior control points sideways up to 1.2 km for a natural meander.
            let nudged: Vec<Coord<f64>> = pts
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    if i == 0 || i + 1 == pts.len() {
                        return *p;
                    }
                    let (a, b) = (pts[i - 1], pts[i + 1]);
                    let (dx, dy) = (b.x - a.x, b.y - a.y);
                    let len = dx.hypot(dy).max(1.0);
                    let off = prng.range(-1200.0, 1200.0);
                    coord! { x: p.x - dy / len * off, y: p.y + dx / len * off }
                })
                .collect();
            Ok(LineString::new(smooth_curve(&nudged, PER_SPAN)))
        })
        .collect()
}
