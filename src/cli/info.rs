//! `zonecheck info`: what a layer is, as zonecheck understood it.

use std::path::Path;

use anyhow::Result;
use serde_json::json;

use super::args::LayerOpts;
use super::table::Table;
use crate::crs::Crs;
use crate::model::Layer;
use crate::workspace::open::{OpenOptions, OpenPlan, read_planned};

/// Prints the description of every layer in `path` (a project file describes all its layers).
pub fn run(path: &Path, opts: &LayerOpts, json: bool) -> Result<()> {
    let crs = opts
        .layer_crs
        .as_deref()
        .map(Crs::from_user_text)
        .transpose()?;
    let plan = OpenPlan::for_paths(
        &[path.to_path_buf()],
        &OpenOptions {
            encoding: opts.encoding.clone(),
            crs,
            tables: Vec::new(),
        },
    )?;
    let mut layers = Vec::new();
    for planned in &plan.layers {
        layers.extend(read_planned(planned)?);
    }
    for layer in &layers {
        for w in &layer.warnings {
            eprintln!("warning: {}: {w}", layer.path.display());
        }
    }
    if json {
        let docs: Vec<serde_json::Value> = layers.iter().map(info_json).collect();
        let out = if docs.len() == 1 {
            docs.into_iter().next().unwrap_or_default()
        } else {
            serde_json::Value::Array(docs)
        };
        super::out::print(&format!("{}\n", serde_json::to_string_pretty(&out)?))?;
    } else {
        let text: String = layers.iter().map(info_text).collect();
        super::out::print(&text)?;
    }
    Ok(())
}

fn info_json(layer: &Layer) -> serde_json::Value {
    let extent = layer
        .extent_lonlat()
        .map(|r| json!([r.min().x, r.min().y, r.max().x, r.max().y]));
    let mapping: serde_json::Map<String, serde_json::Value> = layer
        .role
        .mapping
        .entries()
        .into_iter()
        .map(|(k, v)| (k.to_string(), json!(v)))
        .collect();
    json!({
        "path": layer.path.display().to_string(),
        "member": layer.member,
        "layer": layer.name,
        "format": layer.format.label(),
        "geometry_type": layer.geometry_kind,
        "source_geometry_type": layer.source_geometry_type,
        "feature_count": layer.features.len(),
        "vertex_count": layer.vertex_count(),
        "fields": layer.fields.iter().map(|f| json!({"name": f.name, "type": f.kind})).collect::<Vec<_>>(),
        "crs": {
            "epsg": layer.crs.crs.epsg,
            "name": layer.crs.crs.name,
            "proj4": layer.crs.crs.proj4,
            "how": layer.crs.origin.describe(),
        },
        "encoding": layer.encoding.as_ref().map(|e| json!({"encoding": e.encoding, "how": e.how})),
        "extent_lonlat": extent,
        "role": {
            "role": layer.role.role.key(),
            "how": layer.role.how,
            "fields": mapping,
        },
        "warnings": layer.warnings,
    })
}

fn info_text(layer: &Layer) -> String {
    let mut out = String::new();
    let mut line = |k: &str, v: String| {
        // Pad by display width: Chinese labels are two columns per character.
        let pad = 14usize.saturating_sub(unicode_width::UnicodeWidthStr::width(k));
        out.push_str(&format!("{k}{} {v}\n", " ".repeat(pad)));
    };
    line("图层 layer", layer.name.clone());
    line("文件 file", layer.path.display().to_string());
    if let Some(m) = &layer.member {
        line("成员 member", m.clone());
    }
    line("格式 format", layer.format.label().to_string());
    line(
        "几何 geom",
        format!(
            "{:?} ({}), {} features, {} vertices",
            layer.geometry_kind,
            layer.source_geometry_type,
            layer.features.len(),
            layer.vertex_count()
        ),
    );
    line(
        "坐标系 CRS",
        format!(
            "{} — {}",
            layer.crs.crs.label(),
            layer.crs.origin.describe()
        ),
    );
    if let Some(e) = &layer.encoding {
        line("编码 enc", format!("{} — {}", e.encoding, e.how));
    }
    if let Some(r) = layer.extent_lonlat() {
        line(
            "范围 extent",
            format!(
                "lon {:.6} … {:.6}, lat {:.6} … {:.6}",
                r.min().x,
                r.max().x,
                r.min().y,
                r.max().y
            ),
        );
    }
    line(
        "角色 role",
        format!(
            "{} ({}, {})",
            layer.role.role.label_zh(),
            layer.role.role.key(),
            layer.role.how
        ),
    );
    let mut t = Table::new(&["字段 field", "类型 type", "含义 meaning"]);
    for f in &layer.fields {
        let meaning: Vec<&str> = layer
            .role
            .mapping
            .entries()
            .into_iter()
            .filter(|(_, name)| name.trim().eq_ignore_ascii_case(f.name.trim()))
            .map(|(k, _)| k)
            .collect();
        t.row(vec![
            f.name.clone(),
            format!("{:?}", f.kind),
            meaning.join(", "),
        ]);
    }
    out.push_str(&t.render(2));
    for w in &layer.warnings {
        out.push_str(&format!("  ! {w}\n"));
    }
    out.push('\n');
    out
}
