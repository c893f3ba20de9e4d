//! `ReportData`: everything a compliance report says, computed once from the catalog, the site,
//! the overlay, the access list and the industry check — the writers only lay it out.
//!
//! Not for layout or file formats (see `tables` and the writers); no egui here.

use std::time::{SystemTime, UNIX_EPOCH};

use serde::Serialize;

use super::lang::{Lang, date_text, utc_text};
use super::sensitive::{SensitiveFinding, sensitive_findings};
use crate::catalog::Catalog;
use crate::crs::{Crs, Transform};
use crate::io::Site;
use crate::model::LayerRole;
use crate::query::SiteAnalysis;
use crate::query::area_planar_m2;
use crate::requirements::keywords::KeywordHint;
use crate::requirements::{
    AccessList, IndustryCode, Level, Requirement, SiteIndustryVerdict, check_site_industry,
};

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

/// One overlapped control unit.
#[derive(Debug, Clone, Serialize)]
pub struct UnitRow {
    pub layer_index: usize,
    pub fid: usize,
    pub code: String,
    pub name: String,
    pub category: String,
    pub county: String,
    pub area_m2: f64,
    pub area_planar_m2: Option<f64>,
    /// For a line site: its geodesic length inside the unit.
    pub length_m: Option<f64>,
    pub share: f64,
}

/// One requirement in the check table, with the units it applies to.
#[derive(Debug, Clone, Serialize)]
pub struct RequirementRow {
    pub requirement: Requirement,
    /// Codes of the overlapped units it applies to.
    pub unit_codes: Vec<String>,
    /// 本项目情况: what the software can say, or a blank for the reviewer.
    pub situation: String,
    /// 结论: left for the reviewer unless a keyword points at the project's industry.
    pub conclusion: String,
    /// Sentences naming the project's industry in words.
    pub hints: Vec<KeywordHint>,
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
    /// 符合 / 不符合 / 有条件符合 / 无法判断.
    pub conclusion: String,
    pub software: String,
    pub generated_utc: String,
    /// Warnings from loading and from the access list.
    pub warnings: Vec<String>,
    /// The map figure, PNG bytes.
    #[serde(skip)]
    pub figure_png: Vec<u8>,
}

impl ReportData {
    /// Gathers the report from an overlay already computed for `site` over `catalog`.
    pub fn build(
        catalog: &Catalog,
        site: &Site,
        analysis: &SiteAnalysis,
        access: &AccessList,
        project: &ProjectInfo,
    ) -> crate::error::Result<ReportData> {
        let lang = project.lang;
        let layers = &catalog.layers;
        // Geographic data has no planar frame of its own: use the site's 3° Gauss-Kruger zone.
        let chosen_crs = match &analysis.planar_crs {
            Some(_) => None,
            None => site_centre_lon(site).and_then(|lon| Crs::gk3_zone_for_lon(lon).ok()),
        };
        let planar = analysis.planar_crs.as_ref().or(chosen_crs.as_ref());
        let planar_of = |piece: &geo::MultiPolygon<f64>| -> Option<f64> {
            if piece.0.is_empty() {
                return None;
            }
            planar.and_then(|c| area_planar_m2(piece, c).ok())
        };
        let units: Vec<UnitRow> = analysis
            .overlaps
            .iter()
            .filter(|o| layers[o.layer_index].layer.role.role == LayerRole::ControlUnits)
            .map(|o| {
                let l = &layers[o.layer_index].layer;
                UnitRow {
                    layer_index: o.layer_index,
                    fid: o.fid,
                    code: l.unit_code(o.fid).unwrap_or_else(|| "—".into()),
                    name: l
                        .feature_name(o.fid)
                        .unwrap_or_else(|| format!("#{}", o.fid)),
                    category: l
                        .unit_category(o.fid)
                        .map(|c| lang.t(c.name_zh(), c.name_en()).to_string())
                        .unwrap_or_else(|| "—".into()),
                    county: l
                        .text(o.fid, l.role.mapping.county.as_deref())
                        .unwrap_or_else(|| "—".into()),
                    area_m2: o.area_m2,
                    area_planar_m2: o.area_planar_m2.or_else(|| planar_of(&o.piece)),
                    length_m: o.length_m,
                    share: o.share,
                }
            })
            .collect();

        let industry_check = project.industry.as_ref().map(|code| {
            check_site_industry(layers, analysis, code, &access.rules, &access.requirements)
        });
        let requirements =
            requirement_rows(catalog, &units, access, project.industry.as_ref(), lang);
        let sensitive = sensitive_findings(catalog, analysis, &site.geometry, lang);
        let planar_crs = planar.map(|c| c.label());
        let coordinates = coordinate_rows(site, planar);
        let site_area_planar_m2 = analysis
            .site_area_planar_m2
            .or_else(|| match &site.geometry {
                geo::Geometry::MultiPolygon(mp) => planar_of(mp),
                _ => None,
            });

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
                    crs: crs_text(lang, &l.crs),
                    date: file_date(&l.path),
                    features: l.features.len(),
                }
            })
            .collect();
        sources.dedup_by(|a, b| a.file == b.file && a.name == b.name);
        let tables: Vec<String> = access
            .requirements
            .tables
            .iter()
            .map(|t| t.path.display().to_string())
            .chain(access.rule_tables.iter().map(|p| p.display().to_string()))
            .collect();

        let mut warnings = site.warnings.clone();
        warnings.extend(catalog.warnings());
        warnings.extend(access.warnings.iter().cloned());
        let coverage = access
            .requirements
            .coverage(layers.iter().map(|l| &l.layer));
        for (source, code) in &coverage.unmatched_rows {
            warnings.push(match lang {
                Lang::Zh => format!("{source}：单元编码 {code} 不在所载管控单元图层中"),
                Lang::En => {
                    format!("{source}: unit code {code} is in no loaded control-unit layer")
                }
            });
        }
        for u in &units {
            let layer = &layers[u.layer_index].layer;
            if access
                .requirements
                .requirements_for(layer, u.fid)
                .is_empty()
            {
                warnings.push(match lang {
                    Lang::Zh => format!(
                        "单元 {} 未找到任何管控要求（准入清单表与单元属性均无）",
                        u.code
                    ),
                    Lang::En => format!(
                        "unit {} has no requirement in the tables or its attributes",
                        u.code
                    ),
                });
            }
        }

        let mut data = ReportData {
            lang,
            project_name: if project.name.trim().is_empty() {
                site.name.clone()
            } else {
                project.name.trim().to_string()
            },
            industry: project.industry.clone(),
            industry_name: project.industry_name.clone(),
            site_name: site.name.clone(),
            site_area_m2: analysis.site_area_m2,
            site_area_planar_m2,
            planar_crs,
            planar_crs_chosen: chosen_crs.is_some(),
            site_crs: crs_text(lang, &site.crs),
            coordinates,
            area_method: String::new(),
            units,
            requirements,
            industry_check,
            sensitive,
            sources,
            tables,
            verdict: String::new(),
            conclusion: String::new(),
            software: format!("zonecheck {}", env!("CARGO_PKG_VERSION")),
            generated_utc: utc_text(now_unix_s()),
            warnings,
            figure_png: Vec::new(),
        };
        data.area_method = super::verdict::area_method(&data);
        let (verdict, conclusion) = super::verdict::verdict(&data);
        data.verdict = verdict;
        data.conclusion = conclusion;
        data.figure_png = super::figure::render_png(catalog, site, &data)?;
        Ok(data)
    }
}

/// `EPSG:4527 …（from .prj）`: the CRS and how it was found.
fn crs_text(lang: Lang, info: &crate::crs::CrsInfo) -> String {
    match lang {
        Lang::Zh => format!("{}（{}）", info.crs.label(), info.origin.describe()),
        Lang::En => format!("{} ({})", info.crs.label(), info.origin.describe()),
    }
}

fn site_centre_lon(site: &Site) -> Option<f64> {
    use geo::BoundingRect;
    site.geometry.bounding_rect().map(|r| r.center().x)
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

/// The requirements applying to the overlapped units, each once, with the units it covers.
fn requirement_rows(
    catalog: &Catalog,
    units: &[UnitRow],
    access: &AccessList,
    industry: Option<&IndustryCode>,
    lang: Lang,
) -> Vec<RequirementRow> {
    let mut rows: Vec<RequirementRow> = Vec::new();
    for u in units {
        let layer = &catalog.layers[u.layer_index].layer;
        for r in access.requirements.requirements_for(layer, u.fid) {
            if let Some(row) = rows.iter_mut().find(|row| {
                row.requirement.level == r.level
                    && row.requirement.dimension == r.dimension
                    && row.requirement.text == r.text
                    && (r.level != Level::Unit || row.requirement.scope == r.scope)
            }) {
                if !row.unit_codes.contains(&u.code) {
                    row.unit_codes.push(u.code.clone());
                }
                continue;
            }
            let hints = industry
                .map(|c| crate::requirements::keywords::keyword_hints(std::slice::from_ref(&r), c))
                .unwrap_or_default();
            let (situation, conclusion) = match (industry, hints.first()) {
                (Some(code), Some(h)) => (
                    match lang {
                        Lang::Zh => format!(
                            "本项目行业代码 {code} 属条款所称“{}”（{}）",
                            h.keyword,
                            h.prefixes.join("、")
                        ),
                        Lang::En => format!(
                            "The project's industry {code} falls under “{}” ({})",
                            h.keyword,
                            h.prefixes.join(", ")
                        ),
                    },
                    lang.t("需审查人员判读", "For the reviewer to read")
                        .to_string(),
                ),
                _ => (
                    lang.t("（由审查人员填写）", "(for the reviewer)")
                        .to_string(),
                    lang.t("待审查人员判定", "For the reviewer").to_string(),
                ),
            };
            rows.push(RequirementRow {
                requirement: r,
                unit_codes: vec![u.code.clone()],
                situation,
                conclusion,
                hints,
            });
        }
    }
    rows.sort_by_key(|r| (r.requirement.level, r.requirement.dimension));
    rows
}
