//! `zonecheck info`: what a layer is, as zonecheck understood it.

use std::path::{Path, PathBuf};

use anyhow::Result;
use serde_json::json;

use super::args::LayerOpts;
use super::table::Table;
use crate::crs::Crs;
use crate::io::plain_tables::{PlainTableInfo, list_plain_tables};
use crate::io::{LoadOptions, same_name, split_layer_suffix};
use crate::model::{Field, Layer};
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
            lonlat_source: opts.lonlat_source.map(|s| s.statement()),
            tables: Vec::new(),
        },
    )?;
    let mut layers = Vec::new();
    let mut containers: Vec<(PathBuf, Vec<PlainTableInfo>)> = Vec::new();
    let mut named_tables: Vec<(PathBuf, PlainTableInfo)> = Vec::new();
    let none = LoadOptions::default();
    for planned in &plan.layers {
        let (file, picked) = split_layer_suffix(&planned.spec.path, &none)?;
        let wanted = planned.spec.layer.clone().or(picked.layer.clone());
        let tables = list_plain_tables(&file)?;
        // A table without geometry named: described as a table, not read as a layer.
        if let Some(t) = wanted
            .as_deref()
            .and_then(|w| tables.iter().find(|t| same_name(&t.name, w)))
        {
            named_tables.push((file.clone(), t.clone()));
            continue;
        }
        match read_planned(planned) {
            Ok(read) => layers.extend(read),
            // A container of tables alone: they are what it holds.
            Err(_) if wanted.is_none() && !tables.is_empty() => {}
            Err(e) => return Err(e.into()),
        }
        if !tables.is_empty() && !containers.iter().any(|(p, _)| *p == file) {
            containers.push((file, tables));
        }
    }
    for layer in &layers {
        for w in &layer.warnings {
            crate::cli::out::warn_line!(
                "warning: {}: {}",
                layer.path.display(),
                super::fix_words::warning_words(w)
            );
        }
    }
    let tables_of = |layer: &Layer| -> &[PlainTableInfo] {
        containers
            .iter()
            .find(|(p, _)| *p == layer.path)
            .map_or(&[], |(_, t)| t.as_slice())
    };
    // Containers none of whose layers were read (tables only) show their tables alone.
    let lone_tables: Vec<(PathBuf, PlainTableInfo)> = containers
        .iter()
        .filter(|(p, _)| !layers.iter().any(|l| l.path == *p))
        .flat_map(|(p, ts)| ts.iter().map(|t| (p.clone(), t.clone())))
        .chain(named_tables)
        .collect();
    if json {
        let docs: Vec<serde_json::Value> = layers
            .iter()
            .map(|l| {
                let mut doc = info_json(l);
                let tables = tables_of(l);
                if !tables.is_empty()
                    && let Some(obj) = doc.as_object_mut()
                {
                    obj.insert(
                        "tables_without_geometry".into(),
                        tables.iter().map(table_summary_json).collect(),
                    );
                }
                doc
            })
            .chain(lone_tables.iter().map(|(p, t)| table_json(p, t)))
            .collect();
        let out = if docs.len() == 1 {
            docs.into_iter().next().unwrap_or_default()
        } else {
            serde_json::Value::Array(docs)
        };
        super::out::print(&format!("{}\n", serde_json::to_string_pretty(&out)?))?;
    } else {
        let mut text: String = layers.iter().map(info_text).collect();
        for (path, tables) in &containers {
            if layers.iter().any(|l| l.path == *path) {
                text.push_str(&tables_text(path, tables));
            }
        }
        text.extend(lone_tables.iter().map(|(p, t)| table_text(p, t)));
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
        "feature_dataset": layer.dataset,
        "layer": layer.name,
        "format": layer.format.label(),
        "geometry_type": layer.geometry_kind,
        "source_geometry_type": layer.source_geometry_type,
        "feature_count": layer.features.len(),
        "vertex_count": layer.vertex_count(),
        "fields": layer.fields.iter().map(field_json).collect::<Vec<_>>(),
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
    if let Some(d) = &layer.dataset {
        line("数据集 dataset", format!("{d} (feature dataset)"));
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
    let t = fields_table(&layer.fields, |f| {
        let meaning: Vec<&str> = layer
            .role
            .mapping
            .entries()
            .into_iter()
            .filter(|(_, name)| name.trim().eq_ignore_ascii_case(f.name.trim()))
            .map(|(k, _)| k)
            .collect();
        meaning.join(", ")
    });
    out.push_str(&t.render(2));
    for w in &layer.warnings {
        out.push_str(&format!("  ! {}\n", super::fix_words::warning_words(w)));
    }
    out.push('\n');
    out
}

/// A field as `info --json` gives it.
fn field_json(f: &Field) -> serde_json::Value {
    json!({"name": f.name, "type": f.kind, "alias": f.alias})
}

/// A table without geometry in a layer's description: name, rows, fields.
fn table_summary_json(t: &PlainTableInfo) -> serde_json::Value {
    json!({
        "name": t.name,
        "row_count": t.row_count,
        "fields": t.fields.iter().map(field_json).collect::<Vec<_>>(),
    })
}

/// A table without geometry described on its own.
fn table_json(path: &Path, t: &PlainTableInfo) -> serde_json::Value {
    json!({
        "path": path.display().to_string(),
        "table": t.name,
        "geometry_type": null,
        "row_count": t.row_count,
        "fields": t.fields.iter().map(field_json).collect::<Vec<_>>(),
        "use_as": format!("{}|layername={}", path.display(), t.name),
    })
}

/// The container's tables without geometry, one line each, after its layers.
fn tables_text(path: &Path, tables: &[PlainTableInfo]) -> String {
    let mut out = format!("无几何的表 tables without geometry in {}\n", path.display());
    for t in tables {
        out.push_str(&format!(
            "  {} — {} rows, {} fields; as an access-list table: --requirements '{}|layername={}'\n",
            t.name,
            t.row_count,
            t.fields.len(),
            path.display(),
            t.name
        ));
    }
    out.push('\n');
    out
}

/// A table without geometry described on its own: its rows and fields.
fn table_text(path: &Path, t: &PlainTableInfo) -> String {
    let mut out = String::new();
    let mut line = |k: &str, v: String| {
        let pad = 14usize.saturating_sub(unicode_width::UnicodeWidthStr::width(k));
        out.push_str(&format!("{k}{} {v}\n", " ".repeat(pad)));
    };
    line("表 table", t.name.clone());
    line("文件 file", path.display().to_string());
    line("几何 geom", format!("none (a table), {} rows", t.row_count));
    line(
        "用作 use as",
        format!(
            "an access-list table: --requirements '{}|layername={}'",
            path.display(),
            t.name
        ),
    );
    out.push_str(&fields_table(&t.fields, |_| String::new()).render(2));
    out.push('\n');
    out
}

/// The fields as a text table (with an alias column when any field has one); `meaning`
/// gives each field's meaning under the layer's role.
fn fields_table(fields: &[Field], meaning: impl Fn(&Field) -> String) -> Table {
    let has_aliases = fields.iter().any(|f| f.alias.is_some());
    let mut headings = vec!["字段 field", "类型 type", "含义 meaning"];
    if has_aliases {
        headings.insert(1, "别名 alias");
    }
    let mut t = Table::new(&headings);
    for f in fields {
        let mut row = vec![f.name.clone(), format!("{:?}", f.kind), meaning(f)];
        if has_aliases {
            row.insert(1, f.alias.clone().unwrap_or_default());
        }
        t.row(row);
    }
    t
}
