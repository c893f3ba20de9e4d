//! `ReportData`: everything a compliance report says, laid out from the workspace's `SiteReport`
//! (units, requirements, sensitive areas, industry check, verdict) plus what only a document
//! needs (coordinate table, sources, figure) — the writers only lay it out.
//!
//! Not for layout or file formats (see `tables` and the writers); no egui here.

use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;

use crate::crs::{Crs, Transform};
use crate::io::Site;
use crate::present::{Lang, date_text, utc_text};
use crate::requirements::{IndustryCode, SiteIndustryVerdict};
use crate::workspace::sensitive::SensitiveFinding;
pub use crate::workspace::site_report::{RequirementRow, UnitRow};
use crate::workspace::{DataVersion, DimensionCoverage, SiteReport, Verdict, Workspace};

/// What the caller knows about the project besides its site.
#[derive(Debug, Clone, Default)]
pub struct ProjectInfo {
    /// 项目名称; the site's name when empty.
    pub name: String,
    /// The GB/T 4754-2017 code of the project's industry, when given.
    pub industry: Option<IndustryCode>,
    /// The industry in words (e.g. 有机化学原料制造), when given.
    pub industry_name: Option<String>,
    pub lang: Lang,
}

/// One vertex of the site in the coordinate table.
#[derive(Debug, Clone, Serialize)]
pub struct CoordRow {
    /// The parcel (地块) the point belongs to.
    pub parcel: String,
    /// `J1`, `J2`… per ring, as land surveys number boundary points.
    pub point: String,
    /// Northing (X) and easting (Y) in `ReportData::coord_crs`, when it is projected.
    pub x_north: Option<f64>,
    pub y_east: Option<f64>,
    pub lon: f64,
    pub lat: f64,
}

/// A data source listed at the end of the report.
#[derive(Debug, Clone, Serialize)]
pub struct SourceRow {
    pub name: String,
    pub file: String,
    pub role: String,
    pub crs: String,
    /// The file's modification date, the nearest thing to a data version most files carry.
    pub date: String,
    pub features: usize,
}

/// Everything the report says; built by [`ReportData::build`].
#[derive(Debug, Clone, Serialize)]
pub struct ReportData {
    pub lang: Lang,
    pub project_name: String,
    pub industry: Option<IndustryCode>,
    pub industry_name: Option<String>,
    pub site_name: String,
    pub site_area_m2: f64,
    pub site_area_planar_m2: Option<f64>,
    /// The CRS of the planar area and of the X/Y coordinates (the data's Gauss-Kruger zone).
    pub planar_crs: Option<String>,
    /// True when the data is geographic and the planar CRS is the site's own 3° zone.
    pub planar_crs_chosen: bool,
    /// The site file's own CRS and how it was found.
    pub site_crs: String,
    pub coordinates: Vec<CoordRow>,
    /// How areas were computed, stated under the units table.
    pub area_method: String,
    pub units: Vec<UnitRow>,
    pub requirements: Vec<RequirementRow>,
    pub industry_check: Option<SiteIndustryVerdict>,
    pub sensitive: Vec<SensitiveFinding>,
    pub sources: Vec<SourceRow>,
    /// Access-list tables used.
    pub tables: Vec<String>,
    /// The verdict paragraph in EIA style.
    pub verdict: String,
    /// 符合 / 有条件符合 / 不符合 / 无法判定（需补充：…）: the workspace's verdict, worded.
    pub conclusion: String,
    /// The verdict with everything it rests on (the same one `check --json` and the app show).
    pub decision: Verdict,
    /// What was and was not checked, dimension by dimension.
    pub coverage: Vec<DimensionCoverage>,
    /// The zoning data's version, as the project states it.
    pub data_version: DataVersion,
    pub software: String,
    pub generated_utc: String,
    /// The same time in the machine's zone, with the zone said (北京时间 in China): what the
    /// documents print.
    pub generated_local: String,
    /// Warnings from loading and from the access list.
    pub warnings: Vec<String>,
    /// The map figure, PNG bytes.
    #[serde(skip)]
    pub figure_png: Vec<u8>,
}

impl ReportData {
    /// Lays out the report of `site` from the workspace's answer for it.
    pub fn build(
        workspace: &Workspace,
        site: &Site,
        answer: &SiteReport,
        project: &ProjectInfo,
    ) -> crate::error::Result<ReportData> {
        let lang = answer.lang;
        let layers = &workspace.layers;
        let planar = answer.planar_crs.as_ref();
        let coordinates = coordinate_rows(site, planar);
        let mut sources: Vec<SourceRow> = layers
            .iter()
            .map(|l| {
                let l = &l.layer;
                SourceRow {
                    name: l.name.clone(),
                    file: l
                        .path
                        .file_name()
                        .map(|f| f.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    role: lang
                        .t(l.role.role.label_zh(), l.role.role.key())
                        .to_string(),
                    crs: crate::present::crs_text(lang, &l.crs),
                    date: file_date(&l.path),
                    features: l.features.len(),
                }
            })
            .collect();
        sources.dedup_by(|a, b| a.file == b.file && a.name == b.name);
        let access = &workspace.access;
        let tables: Vec<String> = access
            .requirements
            .tables
            .iter()
            .map(|t| t.path.display().to_string())
            .chain(access.rule_tables.iter().map(|p| p.display().to_string()))
            .collect();
        let mut warnings = site.warnings.clone();
        warnings.extend(workspace.warnings());
        warnings.extend(answer.warnings.iter().cloned());

        let mut data = ReportData {
            lang,
            project_name: if project.name.trim().is_empty() {
                site.name.clone()
            } else {
                project.name.trim().to_string()
            },
            industry: answer.industry.clone(),
            industry_name: project.industry_name.clone(),
            site_name: site.name.clone(),
            site_area_m2: answer.site_area_m2,
            site_area_planar_m2: answer.site_area_planar_m2,
            planar_crs: planar.map(|c| c.label()),
            planar_crs_chosen: answer.planar_crs_chosen,
            site_crs: crate::present::crs_text(lang, &site.crs),
            coordinates,
            area_method: String::new(),
            units: answer.units.clone(),
            requirements: answer.requirements.clone(),
            industry_check: answer.industry_check.clone(),
            sensitive: answer.sensitive.clone(),
            sources,
            tables,
            verdict: String::new(),
            conclusion: answer.verdict.conclusion(lang),
            decision: answer.verdict.clone(),
            coverage: answer.coverage.clone(),
            data_version: answer.data_version.clone(),
            software: format!("zonecheck {}", env!("CARGO_PKG_VERSION")),
            generated_utc: utc_text(now_unix_s()),
            generated_local: local_time_now(lang),
            warnings,
            figure_png: Vec::new(),
        };
        data.area_method = super::verdict::area_method(&data);
        data.verdict = super::verdict::verdict_paragraph(&data);
        data.figure_png = super::figure::render_png(workspace, site, &data)?;
        Ok(data)
    }
}

/// Now, in this machine's time zone, worded as reports and prints date themselves.
pub fn local_time_now(lang: Lang) -> String {
    crate::present::local_time_text(
        lang,
        now_unix_s(),
        chrono::Local::now().offset().local_minus_utc(),
    )
}

fn now_unix_s() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

fn file_date(path: &std::path::Path) -> String {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map(|d| date_text(d.as_secs() as i64))
        .unwrap_or_else(|| "—".into())
}

/// The site's boundary points per parcel, as land surveys list them: each ring clockwise from its
/// north-west corner, numbered J1, J2… within the parcel (closing point not repeated), in lon/lat
/// and, in `planar`, as X (north) / Y (east).
fn coordinate_rows(site: &Site, planar: Option<&Crs>) -> Vec<CoordRow> {
    use geo::CoordsIter;
    let transform = planar.and_then(|c| Transform::from_lonlat(c).ok());
    let mut rows = Vec::new();
    for parcel in &site.parcels {
        let rings: Vec<Vec<geo::Coord<f64>>> = match &parcel.geometry {
            geo::Geometry::Polygon(p) => polygon_rings(p),
            geo::Geometry::MultiPolygon(mp) => mp.0.iter().flat_map(polygon_rings).collect(),
            g => vec![g.coords_iter().collect()],
        };
        let mut n = 0;
        for ring in rings {
            for c in ring {
                n += 1;
                let (x_north, y_east) = match transform.as_ref().map(|t| t.point(c.x, c.y)) {
                    Some(Ok((e, north))) => (Some(north), Some(e)),
                    _ => (None, None),
                };
                rows.push(CoordRow {
                    parcel: parcel.name.clone(),
                    point: format!("J{n}"),
                    x_north,
                    y_east,
                    lon: c.x,
                    lat: c.y,
                });
            }
        }
    }
    rows
}

/// A polygon's rings clockwise from their north-west vertex, without the closing vertex.
fn polygon_rings(p: &geo::Polygon<f64>) -> Vec<Vec<geo::Coord<f64>>> {
    use geo::winding_order::Winding;
    std::iter::once(p.exterior())
        .chain(p.interiors())
        .map(|r| {
            let mut ring = r.clone();
            ring.make_cw_winding();
            let mut c = ring.0;
            if c.len() > 1 && c.first() == c.last() {
                c.pop();
            }
            // North-west: the largest lat − lon (a corner on the upper left), ties by the north.
            if let Some(start) = (0..c.len()).max_by(|&a, &b| {
                (c[a].y - c[a].x)
                    .total_cmp(&(c[b].y - c[b].x))
                    .then(c[a].y.total_cmp(&c[b].y))
            }) {
                c.rotate_left(start);
            }
            c
        })
        .collect()
}
