//! `zonecheck query`: which features of which layers contain each point.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use rayon::prelude::*;

use super::args::{LayerOpts, PointSource};
use super::format::{category_human, distance_human};
use super::hit_json::HitJsonCache;
use super::points::{self, PointInput};
use super::table::Table;
use crate::catalog::Catalog;
use crate::query::{features_at_many, features_within};

/// Points per chunk of JSON lines built in parallel.
const JSON_CHUNK: usize = 16_384;

/// What to ask: the points, how to read them, and whether to look around them.
pub struct Request<'a> {
    pub input: PointInput,
    pub crs: Option<&'a str>,
    pub from: PointSource,
    /// When set, features within this many metres (not containing the point) are listed too.
    pub radius_m: Option<f64>,
    pub json: bool,
}

/// A feature near a point: (layer index, fid, geodesic distance in metres).
type NearbyHit = (usize, usize, f64);

/// Runs the query and prints one answer per input point, in input order.
pub fn run(paths: &[PathBuf], opts: &LayerOpts, request: Request) -> Result<()> {
    if let Some(r) = request.radius_m
        && (!r.is_finite() || r < 0.0)
    {
        anyhow::bail!("--radius must be a distance in metres ≥ 0, not {r}");
    }
    let points = points::read(&request.input, request.crs, request.from)?;
    let catalog = super::open_catalog(paths, opts)?;
    let coords: Vec<geo::Coord<f64>> = points
        .iter()
        .map(|p| geo::coord! { x: p.lonlat.0, y: p.lonlat.1 })
        .collect();
    // hits[layer][point] = fids
    let hits: Vec<Vec<Vec<usize>>> = catalog
        .layers
        .iter()
        .map(|layer| features_at_many(layer, &coords))
        .collect();
    let nearby: Vec<Vec<NearbyHit>> = match request.radius_m {
        Some(radius_m) => coords
            .par_iter()
            .enumerate()
            .map(|(i, &c)| {
                let point = geo::Geometry::Point(geo::Point(c));
                let mut near = Vec::new();
                for (li, layer) in catalog.layers.iter().enumerate() {
                    for n in features_within(layer, &point, radius_m) {
                        if !hits[li][i].contains(&n.fid) {
                            near.push((li, n.fid, n.distance_m));
                        }
                    }
                }
                near.sort_by(|a, b| a.2.total_cmp(&b.2));
                near
            })
            .collect(),
        None => Vec::new(),
    };
    let json = request.json;
    let mut out = super::out::stdout();
    if json {
        let cache = HitJsonCache::new(&catalog);
        // Lines are built in parallel, a chunk at a time (bounded memory), then written in order.
        for chunk_start in (0..points.len()).step_by(JSON_CHUNK) {
            let chunk_end = (chunk_start + JSON_CHUNK).min(points.len());
            let lines: Vec<String> = (chunk_start..chunk_end)
                .into_par_iter()
                .map(|i| {
                    let mut line = String::with_capacity(256);
                    line.push_str("{\"id\":");
                    line.push_str(&serde_json::Value::from(points[i].id.as_str()).to_string());
                    line.push_str(",\"hits\":[");
                    let mut first = true;
                    for (li, layer_hits) in hits.iter().enumerate() {
                        for &fid in &layer_hits[i] {
                            if !first {
                                line.push(',');
                            }
                            first = false;
                            line.push_str(cache.get(li, fid));
                        }
                    }
                    line.push(']');
                    if let Some(near) = nearby.get(i) {
                        line.push_str(",\"nearby\":");
                        line.push_str(&nearby_json(&catalog, near));
                    }
                    line.push_str("}\n");
                    line
                })
                .collect();
            for line in lines {
                out.write_all(line.as_bytes())?;
            }
        }
    } else {
        for (i, p) in points.iter().enumerate() {
            writeln!(
                out,
                "点 {}  ({:.6}, {:.6})  CGCS2000 lon/lat",
                p.id, p.lonlat.0, p.lonlat.1
            )?;
            let mut table = Table::new(&["图层", "编码", "名称", "类别"]);
            for (li, layer) in catalog.layers.iter().enumerate() {
                for &fid in &hits[li][i] {
                    let l = &layer.layer;
                    table.row(vec![
                        l.name.clone(),
                        l.unit_code(fid).unwrap_or_else(|| "—".into()),
                        l.feature_name(fid).unwrap_or_else(|| format!("#{fid}")),
                        category_human(l.unit_category(fid)),
                    ]);
                }
            }
            if table.is_empty() {
                writeln!(
                    out,
                    "  不在任何图层的面要素内 (inside no polygon of the layers)"
                )?;
            } else {
                write!(out, "{}", table.render(2))?;
            }
            if let (Some(near), Some(radius_m)) = (nearby.get(i), request.radius_m) {
                writeln!(out, "  周边 {radius_m} m 内 nearby:")?;
                let mut t = Table::new(&["图层", "名称", "类型", "距离"]);
                for &(li, fid, distance_m) in near {
                    let l = &catalog.layers[li].layer;
                    t.row(vec![
                        l.name.clone(),
                        l.feature_name(fid).unwrap_or_else(|| format!("#{fid}")),
                        l.role.role.label_zh().to_string(),
                        distance_human(distance_m),
                    ]);
                }
                if t.is_empty() {
                    writeln!(out, "    无")?;
                } else {
                    write!(out, "{}", t.render(4))?;
                }
            }
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(())
}

/// `[{"layer", "fid", "name", "distance_m"}]` for one point, nearest first.
fn nearby_json(catalog: &Catalog, near: &[NearbyHit]) -> String {
    let list: Vec<serde_json::Value> = near
        .iter()
        .map(|&(li, fid, distance_m)| {
            let l = &catalog.layers[li].layer;
            serde_json::json!({
                "layer": l.name,
                "fid": fid,
                "role": l.role.role.key(),
                "name": l.feature_name(fid),
                "distance_m": distance_m,
            })
        })
        .collect();
    serde_json::Value::Array(list).to_string()
}
