//! The control units (环境管控单元): each county is carved, in order of precedence, into the
//! lake reserve, a city park, river corridors, the town, the industrial park(s) and Voronoi
//! cells for general units. Carving (intersection with what is left, then difference) makes
//! the units of a county tile it with no gap or overlap by construction.

use anyhow::{Result, bail};
use geo::{
    Area, BooleanOps, BoundingRect, Buffer, Centroid, Contains, Coord, LineString, MultiPolygon,
    Point, Polygon, coord,
};

use super::geom::{Plane, carve, star_ring, voronoi_cell, wobble};
use super::places::{COUNTIES, County, RIVERS};
use super::prng::Prng;
use super::texts::UnitKind;

/// One control unit in GK metres.
pub struct Unit {
    pub county: &'static County,
    pub kind: UnitKind,
    pub name: String,
    /// The river of a corridor unit, empty otherwise.
    pub river: &'static str,
    pub geometry: MultiPolygon<f64>,
    /// `ZH` + county code + category digit + 4-digit serial.
    pub code: String,
}

/// Parts smaller than this are numerical crumbs of the boolean operations, not land.
const CRUMB_M2: f64 = 1.0;
/// Parts of a general cell larger than this become units of their own.
const OWN_UNIT_M2: f64 = 10.0e6;
/// Parts smaller than this (slivers where a corridor grazes a county edge) join the neighbour
/// they share the most boundary with.
const SLIVER_M2: f64 = 0.3e6;
/// The park that makes a hole in the city-centre key unit: offset from the seat and radius.
const PARK_OFFSET_M: (f64, f64) = (1500.0, -1700.0);
const PARK_RADIUS_M: f64 = 650.0;

/// The city park's polygon (inside 桃城区's town unit).
pub fn city_park(plane: &Plane) -> Result<Polygon<f64>> {
    let seat = plane.gk(COUNTIES[0].seat.0, COUNTIES[0].seat.1)?;
    let c = coord! { x: seat.x + PARK_OFFSET_M.0, y: seat.y + PARK_OFFSET_M.1 };
    let ring = star_ring(c, 96, |t| {
        PARK_RADIUS_M * (1.0 + wobble(t, &[(3.0, 0.12, 0.5), (5.0, 0.05, 1.0)]))
    });
    Ok(Polygon::new(ring, vec![]))
}

/// The river lines in GK metres, with their corridor half-widths.
pub fn corridor(line: &LineString<f64>, half_width_m: f64) -> MultiPolygon<f64> {
    line.buffer(half_width_m)
}

fn blob(plane: &Plane, lonlat: (f64, f64), radius_m: f64, phase: f64) -> Result<MultiPolygon<f64>> {
    let c = plane.gk(lonlat.0, lonlat.1)?;
    let ring = star_ring(c, 120, |t| {
        radius_m
            * (1.0
                + wobble(
                    t,
                    &[
                        (2.0, 0.15, phase),
                        (3.0, 0.10, phase * 2.0),
                        (7.0, 0.03, phase * 3.0),
                    ],
                ))
    });
    Ok(MultiPolygon::new(vec![Polygon::new(ring, vec![])]))
}

fn drop_crumbs(mp: MultiPolygon<f64>) -> MultiPolygon<f64> {
    MultiPolygon::new(
        mp.0.into_iter()
            .filter(|p| p.unsigned_area() >= CRUMB_M2)
            .collect(),
    )
}

fn direction_word(from: Coord<f64>, to: Coord<f64>, radius_m: f64) -> &'static str {
    let (dx, dy) = (to.x - from.x, to.y - from.y);
    if dx.hypot(dy) < 0.25 * radius_m {
        return "中部";
    }
    let octant = ((dy.atan2(dx).to_degrees() + 360.0 + 22.5) / 45.0) as usize % 8;
    [
        "东部",
        "东北部",
        "北部",
        "西北部",
        "西部",
        "西南部",
        "南部",
        "东南部",
    ][octant]
}

/// Seeds for the general units: points inside `free`, spread apart, from a county-keyed PRNG.
fn general_seeds(
    county: &County,
    region: &MultiPolygon<f64>,
    free: &MultiPolygon<f64>,
) -> Vec<Coord<f64>> {
    let Some(rect) = region.bounding_rect() else {
        return vec![];
    };
    let spacing = (region.unsigned_area() / county.general_units as f64).sqrt() * 0.75;
    let mut prng = Prng::new(county.code.parse::<u64>().unwrap_or(1));
    let mut seeds: Vec<Coord<f64>> = Vec::new();
    for _ in 0..20_000 {
        if seeds.len() == county.general_units {
            break;
        }
        let p = coord! { x: prng.range(rect.min().x, rect.max().x), y: prng.range(rect.min().y, rect.max().y) };
        let far = seeds.iter().all(|s| (s.x - p.x).hypot(s.y - p.y) > spacing);
        if far && free.contains(&Point::from(p)) {
            seeds.push(p);
        }
    }
    seeds
}

/// Builds all units of all counties; `boundaries[i]` is COUNTIES[i]'s boundary in GK metres.
pub fn build(
    plane: &Plane,
    boundaries: &[MultiPolygon<f64>],
    reserve: &MultiPolygon<f64>,
    rivers: &[LineString<f64>],
) -> Result<Vec<Unit>> {
    let park = MultiPolygon::new(vec![city_park(plane)?]);
    let mut units = Vec::new();
    for (ci, (county, region)) in COUNTIES.iter().zip(boundaries).enumerate() {
        let mut cutters: Vec<(UnitKind, &'static str, MultiPolygon<f64>)> = Vec::new();
        cutters.push((UnitKind::Lake, "", reserve.clone()));
        if ci == 0 {
            cutters.push((UnitKind::Park, "", park.clone()));
        }
        for (river, line) in RIVERS.iter().zip(rivers) {
            if river.corridor_half_width_m > 0.0 {
                cutters.push((
                    UnitKind::Corridor,
                    river.name,
                    corridor(line, river.corridor_half_width_m),
                ));
            }
        }
        let town = blob(plane, county.seat, county.town_radius_m, ci as f64 * 0.9)?;
        cutters.push((UnitKind::Town, "", town));
        let mut industry = MultiPolygon::new(vec![]);
        for (k, p) in county.parks.iter().enumerate() {
            industry = industry.union(&blob(plane, *p, 1700.0, ci as f64 * 1.7 + k as f64)?);
        }
        cutters.push((UnitKind::Industry, "", industry));
        let taken = cutters
            .iter()
            .fold(MultiPolygon::new(vec![]), |acc, (_, _, c)| acc.union(c));
        let free = region.difference(&taken);
        let seeds = general_seeds(county, region, &free);
        if seeds.len() < 2 {
            bail!("{}: could not place general-unit seeds", county.name);
        }
        let Some(rect) = region.bounding_rect() else {
            bail!("{}: empty boundary", county.name)
        };
        let pad = coord! { x: 1000.0, y: 1000.0 };
        for i in 0..seeds.len() {
            let cell = voronoi_cell(&seeds, i, rect.min() - pad, rect.max() + pad);
            cutters.push((UnitKind::General, "", MultiPolygon::new(vec![cell])));
        }
        let shapes: Vec<MultiPolygon<f64>> = cutters.iter().map(|(_, _, c)| c.clone()).collect();
        let (pieces, rest) = carve(region, &shapes);
        let rest_m2 = rest.unsigned_area();
        if rest_m2 > 10.0 {
            bail!("{}: {rest_m2} m² left uncarved", county.name);
        }
        let county_centroid = region.centroid().map(|p| p.0).unwrap_or_default();
        let county_radius_m = (region.unsigned_area() / std::f64::consts::PI).sqrt();
        let mut names_used: Vec<String> = Vec::new();
        let mut county_units: Vec<Unit> = Vec::new();
        for ((kind, river, _), piece) in cutters.iter().zip(pieces) {
            let piece = drop_crumbs(piece);
            if piece.0.is_empty() {
                continue;
            }
            let groups: Vec<MultiPolygon<f64>> = if *kind == UnitKind::General {
                split_general(piece)
            } else {
                vec![piece]
            };
            for geometry in groups {
                let base = match kind {
                    UnitKind::Lake => format!("{}衡水湖优先保护单元", county.name),
                    UnitKind::Park => format!("{}城市公园优先保护单元", county.name),
                    UnitKind::Corridor => format!("{}{}生态廊道优先保护单元", county.name, river),
                    UnitKind::Town => format!("{}城镇生活重点管控单元", county.name),
                    UnitKind::Industry => format!("{}产业集聚重点管控单元", county.name),
                    UnitKind::General => {
                        let c = geometry.centroid().map(|p| p.0).unwrap_or_default();
                        format!(
                            "{}{}一般管控单元",
                            county.name,
                            direction_word(county_centroid, c, county_radius_m)
                        )
                    }
                };
                let mut name = base.clone();
                let mut n = 2;
                while names_used.contains(&name) {
                    name = format!("{base}{n}");
                    n += 1;
                }
                names_used.push(name.clone());
                county_units.push(Unit {
                    county,
                    kind: *kind,
                    name,
                    river,
                    geometry,
                    code: String::new(),
                });
            }
        }
        absorb_slivers(&mut county_units);
        units.extend(county_units);
    }
    assign_codes(&mut units);
    Ok(units)
}

/// Splits a general cell's piece into its connected parts: big parts become units of their own,
/// small ones stay with the biggest (making it a multipart unit).
fn split_general(piece: MultiPolygon<f64>) -> Vec<MultiPolygon<f64>> {
    let mut parts = piece.0;
    parts.sort_by(|a, b| b.unsigned_area().total_cmp(&a.unsigned_area()));
    let mut groups: Vec<MultiPolygon<f64>> = Vec::new();
    let mut small = Vec::new();
    for p in parts {
        if groups.is_empty() || p.unsigned_area() >= OWN_UNIT_M2 {
            groups.push(MultiPolygon::new(vec![p]));
        } else {
            small.push(p);
        }
    }
    groups[0].0.extend(small);
    groups
}

/// Moves every part smaller than `SLIVER_M2` into the unit it shares the most boundary with
/// (measured as the overlap of a 1 m buffer), dropping units left empty. Isolated parts stay.
fn absorb_slivers(units: &mut Vec<Unit>) {
    for i in 0..units.len() {
        let parts = std::mem::take(&mut units[i].geometry.0);
        let mut kept = Vec::new();
        for part in parts {
            if part.unsigned_area() >= SLIVER_M2 {
                kept.push(part);
                continue;
            }
            let halo = part.buffer(1.0);
            let best = (0..units.len())
                .filter(|&j| j != i)
                .map(|j| (j, halo.intersection(&units[j].geometry).unsigned_area()))
                .filter(|(_, shared)| *shared > 0.0)
                .max_by(|a, b| a.1.total_cmp(&b.1));
            match best {
                Some((j, _)) => {
                    units[j].geometry = units[j].geometry.union(&MultiPolygon::new(vec![part]))
                }
                None => kept.push(part),
            }
        }
        units[i].geometry = MultiPolygon::new(kept);
    }
    units.retain(|u| !u.geometry.0.is_empty());
}

/// Codes per county and category in order of creation: ZH + county + category + serial.
fn assign_codes(units: &mut [Unit]) {
    let mut counters: std::collections::HashMap<(String, u8), u32> = Default::default();
    for unit in units.iter_mut() {
        let category = unit.kind.category();
        let serial = counters
            .entry((unit.county.code.to_string(), category))
            .or_insert(0);
        *serial += 1;
        unit.code = format!("ZH{}{}{:04}", unit.county.code, category, serial);
    }
}
