//! `zonecheck query`: which features of which layers contain each point.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use serde_json::{Map, Value, json};

use super::args::{LayerOpts, PointSource};
use super::format::category_human;
use super::points::{self, PointInput};
use super::table::Table;
use crate::index::IndexedLayer;
use crate::query::features_at_many;

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
        // Field names are turned into JSON keys once per layer, not once per hit.
        let keys: Vec<Vec<String>> = catalog
            .layers
            .iter()
            .map(|l| l.layer.fields.iter().map(|f| f.name.clone()).collect())
            .collect();
        for (i, p) in points.iter().enumerate() {
            let mut list = Vec::new();
            for (li, layer) in catalog.layers.iter().enumerate() {
                for &fid in &hits[li][i] {
                    list.push(hit_json(layer, fid, &keys[li]));
                }
            }
            serde_json::to_writer(&mut out, &json!({"id": p.id, "hits": list}))?;
            out.write_all(b"\n")?;
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

fn hit_json(layer: &IndexedLayer, fid: usize, keys: &[String]) -> Value {
    let l = &layer.layer;
    let mut attributes = Map::with_capacity(keys.len());
    if let Some(f) = l.features.get(fid) {
        for (k, v) in keys.iter().zip(&f.attributes) {
            attributes.insert(k.clone(), v.to_json());
        }
    }
    json!({
        "layer": l.name,
        "fid": fid,
        "code": l.unit_code(fid),
        "name": l.feature_name(fid),
        "category": l.unit_category(fid).map(|c| c.key()),
        "attributes": attributes,
    })
}
