//! Drinking-water source protection zones (饮用水水源保护区): two synthetic groundwater wellfields,
//! each with a first-level zone, a second-level ring around it and a quasi-protection ring
//! around that (rings share their boundaries exactly, so the zones do not overlap).

use anyhow::Result;
use geo::{MultiPolygon, Polygon};

use super::geom::{Plane, rotated_rect};

/// One zone: source name, zone type, measures, polygon in GK metres.
pub struct WaterZone {
    pub source: &'static str,
    pub zone: &'static str,
    pub measures: &'static str,
    pub geometry: MultiPolygon<f64>,
}

const MEASURES: [(&str, &str); 3] = [
    (
        "一级保护区",
        "禁止新建、扩建与供水设施和保护水源无关的建设项目；禁止从事种植、放养畜禽等可能污染水源的活动；设置隔离防护设施。",
    ),
    (
        "二级保护区",
        "禁止新建、改建、扩建排放污染物的建设项目；已建成的排放污染物的建设项目责令拆除或者关闭；禁止设置排污口。",
    ),
    (
        "准保护区",
        "禁止新建、扩建对水体污染严重的建设项目；改建建设项目不得增加排污量；禁止倾倒、堆放工业废渣和生活垃圾。",
    ),
];

/// A wellfield: its zones are rectangles about one centre, nested by size.
struct Source {
    name: &'static str,
    center_lonlat: (f64, f64),
    angle_deg: f64,
    /// Width and height in metres of the 一级 / 二级 / 准 rectangles.
    sizes_m: [(f64, f64); 3],
}

const SOURCES: [Source; 2] = [
    Source {
        name: "衡水市城区地下水水源地",
        center_lonlat: (115.765, 37.792),
        angle_deg: 32.0,
        sizes_m: [(1400.0, 700.0), (3600.0, 2200.0), (7000.0, 4600.0)],
    },
    Source {
        name: "景县县城地下水水源地",
        center_lonlat: (116.318, 37.712),
        angle_deg: -20.0,
        sizes_m: [(900.0, 500.0), (2600.0, 1600.0), (5200.0, 3400.0)],
    },
];

/// All zones, 一级 first within each source.
pub fn build(plane: &Plane) -> Result<Vec<WaterZone>> {
    let mut out = Vec::new();
    for Source {
        name: source,
        center_lonlat: (lon, lat),
        angle_deg,
        sizes_m,
    } in SOURCES
    {
        let c = plane.gk(lon, lat)?;
        let rects: Vec<Polygon<f64>> = sizes_m
            .iter()
            .map(|(w, h)| rotated_rect(c, *w, *h, angle_deg))
            .collect();
        for (k, (zone, measures)) in MEASURES.iter().enumerate() {
            let holes = if k == 0 {
                vec![]
            } else {
                vec![rects[k - 1].exterior().clone()]
            };
            let polygon = Polygon::new(rects[k].exterior().clone(), holes);
            out.push(WaterZone {
                source,
                zone,
                measures,
                geometry: MultiPolygon::new(vec![polygon]),
            });
        }
    }
    Ok(out)
}
