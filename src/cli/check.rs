//! `zonecheck check`: overlay a project site on the workspace and print the workspace's answer —
//! overlaps, nearby features, sensitive areas, what was not checked, and the verdict.

use std::path::{Path, PathBuf};

use anyhow::Result;
use serde_json::json;

use super::args::LayerOpts;
use super::format::{area_human, category_human, distance_human, share_human};
use super::table::Table;
use crate::io::load_site;
use crate::workspace::sensitive::Relation;
use crate::workspace::{SiteQuestion, SiteReport, Workspace, site_report};

/// What `check` was asked, parsed.
pub struct Request<'a> {
    pub site: &'a Path,
    pub radius_m: f64,
    pub site_crs: Option<&'a str>,
    pub industry: Option<&'a str>,
    pub lang: &'a str,
    pub json: bool,
}

/// Runs the overlay and prints a JSON object or readable tables.
pub fn run(paths: &[PathBuf], opts: &LayerOpts, tables: &[PathBuf], r: Request) -> Result<()> {
    let lang = super::parse_lang(r.lang)?;
    let industry = super::parse_industry(r.industry)?;
    let site_opts = super::site_load_options(r.site_crs)?;
    let site = load_site(r.site, &site_opts)?;
    for w in &site.warnings {
        crate::cli::out::warn_line!("warning: {}: {w}", r.site.display());
    }
    let workspace = super::open_workspace(paths, opts, tables)?;
    let question = SiteQuestion {
        radius_m: r.radius_m,
        industry,
        lang,
    };
    let report = site_report(&workspace, &site, &question)?;
    for w in &report.warnings {
        crate::cli::out::warn_line!("warning: {w}");
    }
    if r.json {
        super::out::print(&format!(
            "{}\n",
            serde_json::to_string_pretty(&to_json(&workspace, &report))?
        ))?;
    } else {
        super::out::print(&to_text(&workspace, &report, r.site))?;
    }
    Ok(())
}

/// The `check --json` object: `site`, `overlaps` and `nearby` as the contract fixes them, then
/// the verdict, the coverage of each dimension and the data version.
pub fn to_json(workspace: &Workspace, report: &SiteReport) -> serde_json::Value {
    let a = &report.analysis;
    let overlaps: Vec<_> = a
        .overlaps
        .iter()
        .map(|o| {
            let l = &workspace.layers[o.layer_index].layer;
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
            let l = &workspace.layers[n.layer_index].layer;
            json!({
                "layer": l.name,
                "fid": n.fid,
                "role": l.role.role.key(),
                "name": l.feature_name(n.fid),
                "distance_m": n.distance_m,
            })
        })
        .collect();
    let v = &report.verdict;
    json!({
        "site": {
            "area_m2": a.site_area_m2,
            "area_planar_m2": a.site_area_planar_m2,
            "planar_crs": a.planar_crs.as_ref().map(|c| c.label()),
            "area_method": "geodesic on the CGCS2000 ellipsoid; planar in the data's Gauss-Kruger zone",
        },
        "overlaps": overlaps,
        "nearby": nearby,
        "verdict": {
            "result": v.result,
            "conclusion": v.conclusion(report.lang),
            "missing": v.missing.iter().map(|d| d.key()).collect::<Vec<_>>(),
            "reasons": v.reasons,
            "conditions": v.conditions,
            "basis": v.basis,
        },
        "coverage": report.coverage,
        "data_version": report.data_version,
        "warnings": report.warnings,
    })
}

fn to_text(workspace: &Workspace, report: &SiteReport, site_path: &Path) -> String {
    let a = &report.analysis;
    let lang = report.lang;
    let mut out = String::new();
    out.push_str(&format!(
        "{} {}\n",
        lang.t("结论：", "Verdict:"),
        report.verdict.conclusion(lang)
    ));
    for reason in &report.verdict.reasons {
        out.push_str(&format!("  · {reason}\n"));
    }
    for c in &report.verdict.conditions {
        out.push_str(&format!("  {} {c}\n", lang.t("须满足：", "condition:")));
    }
    for b in &report.verdict.basis {
        out.push_str(&format!("  {} {b}\n", lang.t("依据：", "basis:")));
    }
    out.push('\n');
    out.push_str(&format!(
        "项目用地 site: {}  ({})\n",
        report.site_name,
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
    for o in &a.overlaps {
        let l = &workspace.layers[o.layer_index].layer;
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
            name,
            category_human(l.unit_category(o.fid)),
            amount,
            share_human(o.share),
        ]);
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
        let l = &workspace.layers[n.layer_index].layer;
        near.row(vec![
            l.name.clone(),
            l.feature_name(n.fid)
                .unwrap_or_else(|| format!("#{}", n.fid)),
            l.role.role.label_zh().to_string(),
            distance_human(n.distance_m),
        ]);
    }
    out.push_str(&format!(
        "周边 {} m 内（未重叠） nearby:\n",
        report.radius_m
    ));
    if near.is_empty() {
        out.push_str("  无\n");
    } else {
        out.push_str(&near.render(2));
    }
    out.push('\n');
    out.push_str("敏感区 sensitive areas:\n");
    for s in &report.sensitive {
        let mark = match s.relation {
            Relation::Overlaps { .. } | Relation::Crosses { .. } | Relation::Inside => "！",
            Relation::NotChecked => "？",
            _ => "",
        };
        out.push_str(&format!("  {mark}{}：{}\n", s.kind, s.sentence));
    }
    out
}
