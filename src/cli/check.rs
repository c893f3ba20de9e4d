//! `zonecheck check`: overlay a project site on every layer and print what it overlaps and what is near.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde_json::json;

use super::args::LayerOpts;
use super::format::{area_human, category_human, distance_human, share_human};
use super::table::Table;
use crate::crs::Crs;
use crate::io::{LoadOptions, load_site};
use crate::query::{SiteAnalysis, overlay};

/// Runs the overlay and prints a JSON object or readable tables.
pub fn run(
    paths: &[PathBuf],
    opts: &LayerOpts,
    site_path: &Path,
    radius_m: f64,
    site_crs: Option<&str>,
    json: bool,
) -> Result<()> {
    if !radius_m.is_finite() || radius_m < 0.0 {
        anyhow::bail!("--radius must be a distance in metres ≥ 0, not {radius_m}");
    }
    let site_opts = LoadOptions {
        encoding: None,
        crs: site_crs
            .map(Crs::from_user_text)
            .transpose()
            .context("--site-crs")?,
    };
    let site = load_site(site_path, &site_opts)?;
    for w in &site.warnings {
        eprintln!("warning: {}: {w}", site_path.display());
    }
    let catalog = super::open_catalog(paths, opts)?;
    let analysis = overlay(&catalog.layers, &site.geometry, radius_m)?;
    if json {
        super::out::print(&format!(
            "{}\n",
            serde_json::to_string_pretty(&to_json(&catalog, &analysis))?
        ))?;
    } else {
        super::out::print(&to_text(
            &catalog, &analysis, &site.name, site_path, radius_m,
        ))?;
    }
    Ok(())
}

fn to_json(catalog: &crate::catalog::Catalog, a: &SiteAnalysis) -> serde_json::Value {
    let overlaps: Vec<_> = a
        .overlaps
        .iter()
        .map(|o| {
            let l = &catalog.layers[o.layer_index].layer;
            json!({
                "layer": l.name,
                "fid": o.fid,
                "role": l.role.role.key(),
                "code": l.unit_code(o.fid),
                "name": l.feature_name(o.fid),
                "category": l.unit_category(o.fid).map(|c| c.key()),
                "area_m2": o.area_m2,
                "area_planar_m2": o.area_planar_m2,
                "length_m": o.length_m,
                "share": o.share,
            })
        })
        .collect();
    let nearby: Vec<_> = a
        .nearby
        .iter()
        .map(|n| {
            let l = &catalog.layers[n.layer_index].layer;
            json!({
                "layer": l.name,
                "fid": n.fid,
                "role": l.role.role.key(),
                "name": l.feature_name(n.fid),
                "distance_m": n.distance_m,
            })
        })
        .collect();
    json!({
        "site": {
            "area_m2": a.site_area_m2,
            "area_planar_m2": a.site_area_planar_m2,
            "planar_crs": a.planar_crs.as_ref().map(|c| c.label()),
            "area_method": "geodesic on the CGCS2000 ellipsoid; planar in the data's Gauss-Kruger zone",
        },
        "overlaps": overlaps,
        "nearby": nearby,
    })
}

fn to_text(
    catalog: &crate::catalog::Catalog,
    a: &SiteAnalysis,
    site_name: &str,
    site_path: &Path,
    radius_m: f64,
) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "项目用地 site: {site_name}  ({})\n",
        site_path.display()
    ));
    out.push_str(&format!(
        "  面积（椭球面积，CGCS2000 椭球）: {} = {:.1} m²\n",
        area_human(a.site_area_m2),
        a.site_area_m2
    ));
    if let (Some(planar), Some(crs)) = (a.site_area_planar_m2, &a.planar_crs) {
        out.push_str(&format!(
            "  面积（平面面积，{}）: {} = {:.1} m²\n",
            crs.label(),
            area_human(planar),
            planar
        ));
    }
    out.push('\n');

    let mut units = Table::new(&["图层", "编码", "名称", "类别", "重叠面积", "占比"]);
    let mut sensitive = Vec::new();
    for o in &a.overlaps {
        let l = &catalog.layers[o.layer_index].layer;
        let name = l
            .feature_name(o.fid)
            .unwrap_or_else(|| format!("#{}", o.fid));
        let amount = match o.length_m {
            Some(len) if o.area_m2 == 0.0 => format!("{len:.1} m（线）"),
            _ => area_human(o.area_m2),
        };
        units.row(vec![
            l.name.clone(),
            l.unit_code(o.fid).unwrap_or_else(|| "—".into()),
            name.clone(),
            category_human(l.unit_category(o.fid)),
            amount.clone(),
            share_human(o.share),
        ]);
        if l.role.role.is_sensitive() {
            sensitive.push(format!(
                "！项目用地与{}「{}」重叠 {}（占用地 {}）",
                l.role.role.label_zh(),
                name,
                amount,
                share_human(o.share)
            ));
        }
    }
    out.push_str("重叠的管控单元及各图层要素 overlaps:\n");
    if units.is_empty() {
        out.push_str("  无（项目用地不在任何图层的面要素内）\n");
    } else {
        out.push_str(&units.render(2));
    }
    out.push('\n');

    let mut near = Table::new(&["图层", "名称", "类型", "最近距离"]);
    for n in &a.nearby {
        let l = &catalog.layers[n.layer_index].layer;
        let name = l
            .feature_name(n.fid)
            .unwrap_or_else(|| format!("#{}", n.fid));
        near.row(vec![
            l.name.clone(),
            name.clone(),
            l.role.role.label_zh().to_string(),
            distance_human(n.distance_m),
        ]);
        if l.role.role.is_sensitive() && n.distance_m == 0.0 {
            sensitive.push(format!(
                "！项目用地穿越或接触{}「{}」",
                l.role.role.label_zh(),
                name
            ));
        }
    }
    out.push_str(&format!("周边 {radius_m} m 内（未重叠） nearby:\n"));
    if near.is_empty() {
        out.push_str("  无\n");
    } else {
        out.push_str(&near.render(2));
    }
    out.push('\n');
    out.push_str("敏感区 sensitive areas:\n");
    if sensitive.is_empty() {
        out.push_str(
            "  项目用地不涉及生态保护红线、自然保护区、饮用水水源保护区（在所载图层范围内）。\n",
        );
    } else {
        for s in sensitive {
            out.push_str(&format!("  {s}\n"));
        }
    }
    out
}
