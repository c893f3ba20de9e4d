//! Ecological protection redline (生态保护红线) polygons: the lake, two river shore belts and a
//! forest park, clipped to the city. Synthetic, drawn to look like the real pattern.

use anyhow::Result;
use geo::{BooleanOps, Buffer, LineString, MultiPolygon, Polygon};

use super::geom::{Plane, star_ring, wobble};
use super::places::RIVERS;

/// One redline polygon: name, type, geometry in GK metres.
pub struct Redline {
    pub name: &'static str,
    pub kind: &'static str,
    pub geometry: MultiPolygon<f64>,
}

/// The redline polygons; `reserve` is the reserve outline, `city` Hengshui's boundary.
pub fn build(
    plane: &Plane,
    reserve: &MultiPolygon<f64>,
    rivers: &[LineString<f64>],
    city: &MultiPolygon<f64>,
) -> Result<Vec<Redline>> {
    let river = |name: &str, half_width_m: f64| -> MultiPolygon<f64> {
        let idx = RIVERS.iter().position(|r| r.name == name).unwrap_or(0);
        rivers[idx]
            .buffer(half_width_m)
            .difference(reserve)
            .intersection(city)
    };
    let park_center = plane.gk(116.385, 37.775)?;
    let park = MultiPolygon::new(vec![Polygon::new(
        star_ring(park_center, 90, |t| {
            1900.0 * (1.0 + wobble(t, &[(2.0, 0.2, 0.3), (3.0, 0.1, 1.1), (6.0, 0.04, 2.0)]))
        }),
        vec![],
    )])
    .intersection(city);
    Ok(vec![
        Redline {
            name: "衡水湖生物多样性维护生态保护红线",
            kind: "生物多样性维护",
            geometry: reserve.intersection(city),
        },
        Redline {
            name: "滏阳河河湖滨岸带生态保护红线",
            kind: "河湖滨岸带",
            geometry: river("滏阳河", 250.0),
        },
        Redline {
            name: "滹沱河河湖滨岸带生态保护红线",
            kind: "河湖滨岸带",
            geometry: river("滹沱河", 300.0),
        },
        Redline {
            name: "景县森林公园生态保护红线",
            kind: "生物多样性维护",
            geometry: park,
        },
    ])
}
