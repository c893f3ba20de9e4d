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
use crate::workspace::Workspace;
use crate::workspace::point_report::{
    NearbyScope, PointFact, PointQuery, PointReport, point_report,
};

/// Points answered (and their lines built) in parallel at a time.
const CHUNK: usize = 16_384;

/// What to ask: the points, how to read them, and whether to look around them.
pub struct Request<'a> {
    pub input: PointInput,
    pub crs: Option<&'a str>,
    pub from: PointSource,
    /// When set, features within this many metres (not containing the point) are listed too.
    pub radius_m: Option<f64>,
    pub json: bool,
}

/// Runs the query and prints one answer per input point, in input order.
pub fn run(paths: &[PathBuf], opts: &LayerOpts, request: Request) -> Result<()> {
    let points = points::read(&request.input, request.crs, request.from)?;
    let workspace = super::open_workspace(paths, opts, &[])?;
    let report_at = |p: &points::InputPoint| {
        let mut q = PointQuery::at(geo::coord! { x: p.lonlat.0, y: p.lonlat.1 });
        q.nearby_radius_m = request.radius_m;
        q.nearby_scope = NearbyScope::All;
        point_report(&workspace, &q)
    };
    let json = request.json;
    let mut out = super::out::stdout();
    if json {
        let cache = HitJsonCache::new(&workspace);
        // Answered and worded in parallel a chunk at a time, then written in order: the answers
        // of 100,000 points are never all held at once (issue 12's peak memory).
        for chunk in points.chunks(CHUNK) {
            let lines: Vec<String> = chunk
                .par_iter()
                .map(|p| json_line(&workspace, &cache, p, &report_at(p), request.radius_m))
                .collect();
            for line in lines {
                out.write_all(line.as_bytes())?;
            }
        }
    } else {
        for chunk in points.chunks(CHUNK) {
            let reports: Vec<PointReport> = chunk.par_iter().map(report_at).collect();
            for (p, report) in chunk.iter().zip(&reports) {
                print_point(&mut out, &workspace, p, report, request.radius_m)?;
            }
        }
    }
    out.flush()?;
    Ok(())
}

/// One point's JSON line: `{"id", "hits", ["nearby"], ["facts"]}` and a newline.
fn json_line(
    workspace: &Workspace,
    cache: &HitJsonCache,
    p: &points::InputPoint,
    report: &PointReport,
    radius_m: Option<f64>,
) -> String {
    let mut line = String::with_capacity(256);
    line.push_str("{\"id\":");
    line.push_str(&serde_json::Value::from(p.id.as_str()).to_string());
    line.push_str(",\"hits\":[");
    for (k, (li, hit)) in report.hits().enumerate() {
        if k > 0 {
            line.push(',');
        }
        line.push_str(cache.get(li, hit.fid));
    }
    line.push(']');
    if radius_m.is_some() {
        line.push_str(",\"nearby\":");
        line.push_str(&nearby_json(workspace, report));
    }
    let facts: Vec<&str> = report.point_facts().map(PointFact::key).collect();
    if !facts.is_empty() {
        line.push_str(",\"facts\":");
        line.push_str(&serde_json::Value::from(facts).to_string());
    }
    line.push_str("}\n");
    line
}

/// One point's answer as the text tables.
fn print_point(
    out: &mut impl Write,
    workspace: &Workspace,
    p: &points::InputPoint,
    report: &PointReport,
    radius_m: Option<f64>,
) -> Result<()> {
    writeln!(
        out,
        "点 {}  ({:.6}, {:.6})  CGCS2000 lon/lat",
        p.id, p.lonlat.0, p.lonlat.1
    )?;
    let mut table = Table::new(&["图层", "编码", "名称", "类别"]);
    for (li, hit) in report.hits() {
        let l = &workspace.layers[li].layer;
        let fid = hit.fid;
        table.row(vec![
            l.name.clone(),
            l.unit_code(fid).unwrap_or_else(|| "—".into()),
            l.feature_name(fid).unwrap_or_else(|| format!("#{fid}")),
            category_human(l.unit_category(fid)),
        ]);
    }
    if table.is_empty() {
        writeln!(
            out,
            "  不在任何图层的面要素内 (inside no polygon of the layers)"
        )?;
    } else {
        write!(out, "{}", table.render(2))?;
    }
    for fact in report.point_facts() {
        writeln!(out, "  ！{}", fact_text(fact))?;
    }
    if let Some(radius_m) = radius_m {
        writeln!(out, "  周边 {radius_m} m 内 nearby:")?;
        let mut t = Table::new(&["图层", "名称", "类型", "距离"]);
        for (li, n) in report.nearby_by_distance() {
            let (fid, distance_m) = (n.fid, n.distance_m);
            let l = &workspace.layers[li].layer;
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
    Ok(())
}

/// `[{"layer", "fid", "role", "name", "distance_m"}]` for one point, nearest first.
fn nearby_json(workspace: &Workspace, report: &PointReport) -> String {
    let list: Vec<serde_json::Value> = report
        .nearby_by_distance()
        .into_iter()
        .map(|(li, n)| {
            let l = &workspace.layers[li].layer;
            serde_json::json!({
                "layer": l.name,
                "fid": n.fid,
                "role": l.role.role.key(),
                "name": l.feature_name(n.fid),
                "distance_m": n.distance_m,
            })
        })
        .collect();
    serde_json::Value::Array(list).to_string()
}

/// A point's own fact in words (the CLI's tables are Chinese).
fn fact_text(fact: &PointFact) -> String {
    crate::present::point_fact_text(fact, crate::present::Lang::Zh)
}
