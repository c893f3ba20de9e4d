//! `site_report`: everything a compliance analysis says about one project site — its areas, the
//! control units it overlaps with area and share, the sensitive areas with overlap or distance,
//! the features nearby, the requirements that apply, the industry check, what was and was not
//! checked, and the verdict. The site panel, `check`, `report` and `batch` all render this one
//! answer, so they cannot disagree.
//!
//! Not for wording a whole report (see `report`) or for geometry (see `query`).

use serde::Serialize;

use super::Workspace;
use super::coverage::DimensionCoverage;
use super::sensitive::{SensitiveFinding, sensitive_findings};
use super::verdict::{Verdict, decide};
use crate::crs::Crs;
use crate::error::Result;
use crate::io::Site;
use crate::model::LayerRole;
use crate::present::Lang;
use crate::query::{SiteAnalysis, area_planar_m2, overlay_site};
use crate::requirements::keywords::KeywordHint;
use crate::requirements::{
    IndustryCode, Level, Requirement, SiteIndustryVerdict, check_site_industry,
};

/// What is asked about a site besides its geometry.
#[derive(Debug, Clone)]
pub struct SiteQuestion {
    /// Features within this distance (metres) that the site does not overlap are listed.
    pub radius_m: f64,
    /// The project's GB/T 4754-2017 industry, when given: without one the industry check is
    /// reported as not made, and the verdict cannot be 符合.
    pub industry: Option<IndustryCode>,
    /// The language of the sentences (sensitive findings, reasons).
    pub lang: Lang,
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
    /// How many requirements apply to it (tables and its own fields, every level).
    pub requirement_count: usize,
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

/// The whole answer for one site.
#[derive(Debug, Clone, Serialize)]
pub struct SiteReport {
    pub site_name: String,
    pub lang: Lang,
    pub radius_m: f64,
    /// Ellipsoidal area (CGCS2000), 0 for points and lines.
    pub site_area_m2: f64,
    /// Planar area in `planar_crs`.
    pub site_area_planar_m2: Option<f64>,
    pub site_length_m: Option<f64>,
    /// The Gauss-Kruger CRS of the planar figures (the data's, else the site's 3° zone).
    #[serde(skip)]
    pub planar_crs: Option<Crs>,
    /// True when the data is geographic and the planar CRS is the site's own 3° zone.
    pub planar_crs_chosen: bool,
    /// The overlay: every overlap and nearby feature, by layer position in the workspace.
    pub analysis: SiteAnalysis,
    pub units: Vec<UnitRow>,
    pub sensitive: Vec<SensitiveFinding>,
    pub requirements: Vec<RequirementRow>,
    pub industry_check: Option<SiteIndustryVerdict>,
    pub industry: Option<IndustryCode>,
    pub coverage: Vec<DimensionCoverage>,
    pub data_version: super::DataVersion,
    pub verdict: Verdict,
    /// Warnings about the site and how the data fits it (unit codes without requirements…).
    pub warnings: Vec<String>,
}

/// Overlays `site` on the workspace and gathers the whole answer, verdict included.
pub fn site_report(
    workspace: &Workspace,
    site: &Site,
    question: &SiteQuestion,
) -> Result<SiteReport> {
    // A projected site (a survey file in its own Gauss-Kruger zone) gets its planar figures there.
    let analysis = overlay_site(&workspace.layers, site, question.radius_m)?;
    Ok(site_report_of(workspace, site, analysis, question))
}

/// As [`site_report`], from an overlay already computed on the same workspace (the app keeps it
/// while only the industry code changes).
pub fn site_report_of(
    workspace: &Workspace,
    site: &Site,
    analysis: SiteAnalysis,
    question: &SiteQuestion,
) -> SiteReport {
    let lang = question.lang;
    let layers = &workspace.layers;
    // Geographic data has no planar frame of its own: use the site's 3° Gauss-Kruger zone.
    let chosen_crs = match &analysis.planar_crs {
        Some(_) => None,
        None => site_centre_lon(site).and_then(|lon| Crs::gk3_zone_for_lon(lon).ok()),
    };
    let planar = analysis.planar_crs.clone().or(chosen_crs.clone());
    let planar_of = |piece: &geo::MultiPolygon<f64>| -> Option<f64> {
        if piece.0.is_empty() {
            return None;
        }
        planar.as_ref().and_then(|c| area_planar_m2(piece, c).ok())
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
                requirement_count: workspace.requirements_for(o.layer_index, o.fid).len(),
            }
        })
        .collect();
    let industry_check = question.industry.as_ref().map(|code| {
        check_site_industry(
            layers,
            &analysis,
            code,
            &workspace.access.rules,
            &workspace.access.requirements,
        )
    });
    let requirements = requirement_rows(workspace, &units, question.industry.as_ref(), lang);
    let sensitive = sensitive_findings(workspace, &analysis, &site.geometry, lang);
    let site_area_planar_m2 = analysis
        .site_area_planar_m2
        .or_else(|| match &site.geometry {
            geo::Geometry::MultiPolygon(mp) => planar_of(mp),
            geo::Geometry::Polygon(p) => planar_of(&geo::MultiPolygon::new(vec![p.clone()])),
            _ => None,
        });
    let mut warnings = fit_warnings(workspace, &units, lang);
    warnings.extend(declared_area_warnings(site, lang));
    let coverage = workspace.coverage();
    let mut report = SiteReport {
        site_name: site.name.clone(),
        lang,
        radius_m: question.radius_m,
        site_area_m2: analysis.site_area_m2,
        site_area_planar_m2,
        site_length_m: analysis.site_length_m,
        planar_crs: planar,
        planar_crs_chosen: chosen_crs.is_some(),
        analysis,
        units,
        sensitive,
        requirements,
        industry_check,
        industry: question.industry.clone(),
        coverage,
        data_version: workspace.data_version(),
        verdict: Verdict::default(),
        warnings,
    };
    report.verdict = decide(workspace, site, &report);
    report
}

fn site_centre_lon(site: &Site) -> Option<f64> {
    use geo::BoundingRect;
    site.geometry.bounding_rect().map(|r| r.center().x)
}

/// Each parcel whose stated 地块面积 (coordinate exchange text) differs from its planar area in
/// the site's own zone by more than the tolerance (0.1 %): the boundary or the header is wrong,
/// and every figure of the answer rests on the boundary.
fn declared_area_warnings(site: &Site, lang: Lang) -> Vec<String> {
    crate::query::declared_areas(site)
        .into_iter()
        .filter(|d| d.disagrees)
        .map(|d| {
            let pct = d.relative_difference * 100.0;
            let (declared, planar) = (
                crate::present::area_text(lang, d.declared_m2),
                crate::present::area_text(lang, d.planar_m2),
            );
            match lang {
                Lang::Zh => format!(
                    "地块 {} 申报的地块面积 {declared} 与其界址点在 {} 中的平面面积 {planar} 相差 {pct:+.2}%（超过 0.1%）：请核对界址点或面积",
                    d.parcel, d.crs
                ),
                Lang::En => format!(
                    "parcel {}: its stated 地块面积 {declared} differs from the boundary's planar area {planar} in {} by {pct:+.2}% (over 0.1%): check the boundary points or the stated area",
                    d.parcel, d.crs
                ),
            }
        })
        .collect()
}

/// Unit codes of the tables that match no loaded unit, and units hit without any requirement.
fn fit_warnings(workspace: &Workspace, units: &[UnitRow], lang: Lang) -> Vec<String> {
    let mut warnings = Vec::new();
    let unmatched = workspace
        .access
        .requirements
        .unmatched_unit_rows(workspace.layers.iter().map(|l| &l.layer));
    for (source, code) in &unmatched {
        warnings.push(match lang {
            Lang::Zh => format!("{source}：单元编码 {code} 不在所载管控单元图层中"),
            Lang::En => format!("{source}: unit code {code} is in no loaded control-unit layer"),
        });
    }
    for u in units.iter().filter(|u| u.requirement_count == 0) {
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
    warnings
}

/// The requirements applying to the overlapped units, each once, with the units it covers.
fn requirement_rows(
    workspace: &Workspace,
    units: &[UnitRow],
    industry: Option<&IndustryCode>,
    lang: Lang,
) -> Vec<RequirementRow> {
    let mut rows: Vec<RequirementRow> = Vec::new();
    for u in units {
        for r in workspace.requirements_for(u.layer_index, u.fid) {
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
