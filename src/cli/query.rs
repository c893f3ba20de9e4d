//! `zonecheck query`: which features of which layers contain each point.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;
use rayon::prelude::*;

use super::args::{LayerOpts, PointSource};
use super::format::{category_human, distance_human};
use super::hit_json::{write_hit, write_str};
use super::points::{self, InputPoint, PointInput};
use super::table::Table;
use crate::workspace::Workspace;
use crate::workspace::point_report::{
    NearbyScope, PointFact, PointQuery, PointReport, point_report,
};

/// What to ask: the points, how to read them, and whether to look around them.
pub struct Request<'a> {
    pub input: PointInput,
    pub crs: Option<&'a str>,
    pub from: PointSource,
    /// When set, features within this many metres (not containing the point) are listed too.
    pub radius_m: Option<f64>,
    pub json: bool,
}

/// Runs the query and prints one answer per input point, in input order. A points file is read
/// twice, a chunk at a time: once to check every row (a bad row is an error before the layers
/// are opened and before any answer is written), then to answer and write each chunk, so memory
/// does not grow with the number of rows.
pub fn run(paths: &[PathBuf], opts: &LayerOpts, request: Request) -> Result<()> {
    let crs = points::parse_crs(request.crs, request.from)?;
    let one = match &request.input {
        PointInput::At(text) => Some(points::at(text, crs.as_ref(), request.from)?),
        PointInput::Csv(path) => {
            points::check_csv(path, crs.as_ref(), request.from)?;
            None
        }
    };
    let workspace = super::open_workspace(paths, opts, &[])?;
    let mut out = super::out::stdout();
    let mut answer = |chunk: &[InputPoint]| -> Result<()> {
        let reports = answer_chunk(&workspace, &request, chunk);
        if request.json {
            write_json(&workspace, &request, chunk, &reports, &mut out)
        } else {
            write_text(&workspace, &request, chunk, &reports, &mut out)
        }
    };
    match (one, &request.input) {
        (Some(point), _) => answer(std::slice::from_ref(&point))?,
        (None, PointInput::Csv(path)) => {
            let mut points = points::CsvPoints::open(path, crs.as_ref(), request.from)?;
            loop {
                let chunk = points.next_chunk(points::CHUNK_POINTS)?;
                if chunk.is_empty() {
                    break;
                }
                answer(&chunk)?;
            }
        }
        (None, PointInput::At(_)) => {}
    }
    out.flush()?;
    // The process ends here: freeing a province's geometry one allocation at a time would
    // take longer than the answers' last chunk (2 % of a national run's CPU); the OS takes it
    // back whole.
    std::mem::forget(workspace);
    Ok(())
}

/// The answers for one chunk of points, in parallel.
fn answer_chunk(
    workspace: &Workspace,
    request: &Request,
    chunk: &[InputPoint],
) -> Vec<PointReport> {
    chunk
        .par_iter()
        .map(|p| {
            let mut q = PointQuery::at(geo::coord! { x: p.lonlat.0, y: p.lonlat.1 });
            q.nearby_radius_m = request.radius_m;
            q.nearby_scope = NearbyScope::All;
            point_report(workspace, &q)
        })
        .collect()
}

/// One JSON line per point, built in parallel, then written in order.
fn write_json(
    workspace: &Workspace,
    request: &Request,
    chunk: &[InputPoint],
    reports: &[PointReport],
    out: &mut impl Write,
) -> Result<()> {
    let lines: Vec<Vec<u8>> = chunk
        .par_iter()
        .zip(reports)
        .map(|(point, report)| {
            let mut line = Vec::with_capacity(256);
            line.extend_from_slice(b"{\"id\":");
            write_str(&mut line, &point.id);
            line.extend_from_slice(b",\"hits\":[");
            for (k, (li, hit)) in report.hits().enumerate() {
                if k > 0 {
                    line.push(b',');
                }
                write_hit(workspace, li, hit.fid, &mut line);
            }
            line.push(b']');
            if request.radius_m.is_some() {
                line.extend_from_slice(b",\"nearby\":");
                line.extend_from_slice(nearby_json(workspace, report).as_bytes());
            }
            let facts: Vec<&str> = report.point_facts().map(PointFact::key).collect();
            if !facts.is_empty() {
                line.extend_from_slice(b",\"facts\":");
                line.extend_from_slice(serde_json::Value::from(facts).to_string().as_bytes());
            }
            line.extend_from_slice(b"}\n");
            line
        })
        .collect();
    for line in lines {
        out.write_all(&line)?;
    }
    Ok(())
}

/// Each point's tables of hits and nearby features, for people.
fn write_text(
    workspace: &Workspace,
    request: &Request,
    chunk: &[InputPoint],
    reports: &[PointReport],
    out: &mut impl Write,
) -> Result<()> {
    for (p, report) in chunk.iter().zip(reports) {
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
        if let Some(radius_m) = request.radius_m {
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
    }
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
