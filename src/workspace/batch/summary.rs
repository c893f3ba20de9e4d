//! One summary row per site of a batch — id, source, area in m²/公顷/亩, the units hit with code,
//! name, category and share, the sensitive areas overlapped, the nearest sensitive distance, the
//! verdict with what is missing, and the zoning data version — kept small so a batch of 10,000
//! holds rows, not reports.
//!
//! Not for writing files (see `sheets`) or for wording beyond the cells (see `present::batch`).

use super::BatchSite;
use super::sheets::{Cell, Sheet};
use crate::present::batch::{summary_headers, summary_sheet_name, version_text};
use crate::present::{Lang, missing_label, share_text};
use crate::query::{hectares, mu};
use crate::workspace::sensitive::Relation;
use crate::workspace::{Dimension, SiteReport, VerdictResult};

/// One control unit a site overlaps, as the summary lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryUnit {
    pub code: String,
    pub name: String,
    /// The category in the report's language (`—` when the data gives none).
    pub category: String,
    pub share: f64,
}

/// One site's line of the summary; `error` is set (and the figures empty) when it has no answer.
#[derive(Debug, Clone)]
pub struct SummaryRow {
    pub index: usize,
    pub id: String,
    pub source: String,
    pub area_m2: Option<f64>,
    pub units: Vec<SummaryUnit>,
    /// `生态保护红线：X（12.00%）` for each sensitive feature the site overlaps, touches or is in.
    pub sensitive_overlaps: Vec<String>,
    /// The nearest sensitive feature (0 when the site overlaps or touches one); None when no
    /// sensitive layer was loaded.
    pub nearest_sensitive_m: Option<f64>,
    pub verdict: Option<VerdictResult>,
    /// The conclusion line (`无法判定（需补充：…）`).
    pub conclusion: String,
    pub missing: Vec<Dimension>,
    /// The zoning data version the answer used, worded (`not stated` when the project says none).
    pub data_version: String,
    pub error: Option<String>,
}

impl SummaryRow {
    /// The row of an answered site.
    pub fn of_report(site: &BatchSite, report: &SiteReport) -> SummaryRow {
        let lang = report.lang;
        let mut sensitive_overlaps = Vec::new();
        let mut nearest: Option<f64> = None;
        for s in &report.sensitive {
            let distance_m = match &s.relation {
                Relation::Overlaps { share, .. } | Relation::Crosses { share, .. } => {
                    sensitive_overlaps.push(match lang {
                        Lang::Zh => format!("{}：{}（{}）", s.kind, s.name, share_text(*share)),
                        Lang::En => format!("{}: {} ({})", s.kind, s.name, share_text(*share)),
                    });
                    Some(0.0)
                }
                Relation::Inside | Relation::Touches => {
                    sensitive_overlaps.push(format!("{}{}{}", s.kind, lang.t("：", ": "), s.name));
                    Some(0.0)
                }
                Relation::Distance { distance_m } => Some(*distance_m),
                Relation::NotChecked | Relation::NotApplicable { .. } => None,
            };
            if let Some(d) = distance_m {
                nearest = Some(nearest.map_or(d, |n: f64| n.min(d)));
            }
        }
        SummaryRow {
            index: site.index,
            id: site.id.clone(),
            source: site.source.display().to_string(),
            area_m2: Some(report.site_area_m2),
            units: report
                .units
                .iter()
                .map(|u| SummaryUnit {
                    code: u.code.clone(),
                    name: u.name.clone(),
                    category: u.category.clone(),
                    share: u.share,
                })
                .collect(),
            sensitive_overlaps,
            nearest_sensitive_m: nearest,
            verdict: Some(report.verdict.result),
            conclusion: report.verdict.conclusion(lang),
            missing: report.verdict.missing.clone(),
            data_version: version_text(lang, &report.data_version),
            error: None,
        }
    }

    /// The row of a site that could not be read or answered.
    pub fn of_error(site: &BatchSite, message: &str, lang: Lang) -> SummaryRow {
        SummaryRow {
            index: site.index,
            id: site.id.clone(),
            source: site.source.display().to_string(),
            area_m2: None,
            units: Vec::new(),
            sensitive_overlaps: Vec::new(),
            nearest_sensitive_m: None,
            verdict: None,
            conclusion: lang
                .t("未核查（读取失败）", "not checked (unreadable)")
                .to_string(),
            missing: Vec::new(),
            data_version: String::new(),
            error: Some(message.to_string()),
        }
    }

    /// The cells in the order of [`summary_headers`].
    pub fn cells(&self, lang: Lang) -> Vec<Cell> {
        let number = |v: Option<f64>, decimals: usize| match v {
            Some(v) => Cell::Number(v, decimals),
            None => Cell::Empty,
        };
        let units: Vec<String> = self
            .units
            .iter()
            .map(|u| {
                format!(
                    "{} {} {} {}",
                    u.code,
                    u.name,
                    u.category,
                    share_text(u.share)
                )
            })
            .collect();
        let missing: Vec<&str> = self
            .missing
            .iter()
            .map(|d| missing_label(*d, lang))
            .collect();
        let list_sep = lang.t("；", "; ");
        vec![
            Cell::Number((self.index + 1) as f64, 0),
            self.id.clone().into(),
            self.source.clone().into(),
            number(self.area_m2, 3),
            number(self.area_m2.map(hectares), 4),
            number(self.area_m2.map(mu), 2),
            units.join(list_sep).into(),
            self.sensitive_overlaps.join(list_sep).into(),
            number(self.nearest_sensitive_m, 1),
            self.conclusion.clone().into(),
            missing.join(list_sep).into(),
            self.data_version.clone().into(),
            self.error.clone().unwrap_or_default().into(),
        ]
    }
}

/// The summary as one sheet.
pub fn summary_sheet(rows: &[SummaryRow], lang: Lang) -> Sheet {
    Sheet {
        name: summary_sheet_name(lang).to_string(),
        headers: summary_headers(lang),
        rows: rows.iter().map(|r| r.cells(lang)).collect(),
    }
}
