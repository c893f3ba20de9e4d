//! `zonecheck query`: which features of which layers contain each point.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use rayon::prelude::*;

use super::args::{LayerOpts, PointSource};
use super::format::category_human;
use super::hit_json::HitJsonCache;
use super::points::{self, PointInput};
use super::table::Table;
use crate::query::features_at_many;

/// Points per chunk of JSON lines built in parallel.
const JSON_CHUNK: usize = 16_384;

/// Runs the query and prints one answer per input point, in input order.
pub fn run(
    paths: &[PathBuf],
    opts: &LayerOpts,
    input: PointInput,
    crs: Option<&str>,
    from: PointSource,
    json: bool,
) -> Result<()> {
    let points = points::read(&input, crs, from)?;
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
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
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
                    line.push_str("]}\n");
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
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(())
}
