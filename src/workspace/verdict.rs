//! The verdict, honest: 符合 / 有条件符合 / 不符合 / 无法判定（需补充：…）, decided once from a
//! site's facts and the workspace's coverage, with everything it rests on.
//!
//! 符合 or 有条件符合 only when a control-unit layer is loaded and the site lies wholly inside its
//! units, every sensitive dimension is loaded (and covers the site) or stated not applicable, the
//! requirements of every unit hit were found, and an industry code was given and checked. 不符合
//! whenever a prohibition applies (an industry rule, or a zone rule such as a redline overlap),
//! whatever else is missing. Otherwise 无法判定, listing exactly what is missing.
//!
//! Not for the report's paragraph (see `report::verdict`), which words this.

use geo::{BoundingRect, Rect};
use serde::Serialize;

use super::Workspace;
use super::coverage::{CoverageStatus, Dimension, union};
use super::site_report::SiteReport;
use crate::io::Site;
use crate::model::verdict_rules::ZoneOutcome;
use crate::present::{Lang, area_text, missing_label, share_text};
use crate::requirements::{Access, IndustryVerdict};

/// The verdict's one word.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VerdictResult {
    Compliant,
    Conditional,
    NonCompliant,
    /// Something the verdict needs was not checked (see `Verdict::missing`).
    #[default]
    Undetermined,
}

impl VerdictResult {
    /// The word EIA reports use.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            VerdictResult::Compliant => lang.t("符合", "Complies"),
            VerdictResult::Conditional => lang.t("有条件符合", "Complies under conditions"),
            VerdictResult::NonCompliant => lang.t("不符合", "Does not comply"),
            VerdictResult::Undetermined => lang.t("无法判定", "Cannot be determined"),
        }
    }
}

/// The verdict and what it rests on.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Verdict {
    pub result: VerdictResult,
    /// The dimensions that were not checked (or could not be settled), by their keys.
    pub missing: Vec<Dimension>,
    /// Why: one sentence per finding that moved the verdict, prohibitions first.
    pub reasons: Vec<String>,
    /// The conditions an 有条件符合 rests on.
    pub conditions: Vec<String>,
    /// The rules applied (law and article), quoted.
    pub basis: Vec<String>,
    /// Dimensions stated not applicable, with the project's reason, quoted.
    pub not_applicable: Vec<(Dimension, String)>,
}

impl Verdict {
    /// `无法判定（需补充：生态保护红线、行业代码）`, `不符合`, …: the conclusion line.
    pub fn conclusion(&self, lang: Lang) -> String {
        let word = self.result.label(lang);
        if self.result != VerdictResult::Undetermined || self.missing.is_empty() {
            return word.to_string();
        }
        let items: Vec<&str> = self
            .missing
            .iter()
            .map(|d| missing_label(*d, lang))
            .collect();
        match lang {
            Lang::Zh => format!("{word}（需补充：{}）", items.join("、")),
            Lang::En => format!("{word} (still needed: {})", items.join(", ")),
        }
    }
}

/// How much of the site may lie outside every unit before it counts as not covered: shares of
/// a full tiling sum to 1 − 1e-4 for kilometre-long diagonal edges (see `query::Overlap::share`).
const UNCOVERED_SHARE_TOLERANCE: f64 = 1e-3;

fn contains(outer: Rect<f64>, inner: Rect<f64>) -> bool {
    let tol = 1e-9;
    inner.min().x >= outer.min().x - tol
        && inner.min().y >= outer.min().y - tol
        && inner.max().x <= outer.max().x + tol
        && inner.max().y <= outer.max().y + tol
}

/// Collects the verdict as findings arrive.
#[derive(Default)]
struct Findings {
    prohibited: bool,
    conditional: bool,
    v: Verdict,
}

impl Findings {
    fn missing(&mut self, d: Dimension, reason: String) {
        if !self.v.missing.contains(&d) {
            self.v.missing.push(d);
        }
        self.v.reasons.push(reason);
    }
    fn basis(&mut self, b: &str) {
        if !b.is_empty() && !self.v.basis.iter().any(|x| x == b) {
            self.v.basis.push(b.to_string());
        }
    }
    fn condition(&mut self, c: String) {
        self.conditional = true;
        if !self.v.conditions.contains(&c) {
            self.v.conditions.push(c);
        }
    }
}

/// Decides the verdict for a site from its report's facts.
pub fn decide(workspace: &Workspace, site: &Site, r: &SiteReport) -> Verdict {
    let lang = r.lang;
    let mut f = Findings::default();
    let site_box = site.geometry.bounding_rect();

    // Where the site is: wholly inside loaded control units?
    let units_extent = match workspace.coverage_of(Dimension::UnitCoverage) {
        CoverageStatus::Loaded { extent, .. } => {
            let covered: f64 = r.units.iter().map(|u| u.share).sum();
            let outside_extent =
                matches!((extent, site_box), (Some(e), Some(s)) if !contains(e, s));
            if outside_extent {
                f.missing(
                    Dimension::UnitCoverage,
                    lang.t(
                        "项目用地超出所载环境管控单元图层的范围，范围外部分无法判定所属单元",
                        "the site extends beyond the loaded control-unit layer; its units there are unknown",
                    )
                    .to_string(),
                );
            } else if r.units.is_empty() {
                f.missing(
                    Dimension::UnitCoverage,
                    lang.t(
                        "项目用地不在所载环境管控单元图层的任何单元内",
                        "the site lies in no unit of the loaded control-unit layer",
                    )
                    .to_string(),
                );
            } else if covered < 1.0 - UNCOVERED_SHARE_TOLERANCE {
                let outside = share_text((1.0 - covered).max(0.0));
                f.missing(
                    Dimension::UnitCoverage,
                    match lang {
                        Lang::Zh => format!("项目用地约 {outside} 不在任何环境管控单元内"),
                        Lang::En => format!("about {outside} of the site lies in no control unit"),
                    },
                );
            }
            extent
        }
        _ => {
            f.missing(
                Dimension::UnitCoverage,
                lang.t("未载入环境管控单元图层", "no control-unit layer was loaded")
                    .to_string(),
            );
            None
        }
    };

    // Sensitive dimensions: loaded and covering the site, or stated not applicable.
    for d in Dimension::SENSITIVE {
        let label = missing_label(d, lang);
        match workspace.coverage_of(d) {
            CoverageStatus::NotLoaded => f.missing(
                d,
                match lang {
                    Lang::Zh => format!("未载入{label}图层，未核查"),
                    Lang::En => format!("no {label} layer was loaded: not checked"),
                },
            ),
            CoverageStatus::NotApplicable { reason } => f.v.not_applicable.push((d, reason)),
            CoverageStatus::Loaded { extent, .. } => {
                // A sensitive layer holds only its zones; the area it was compiled for is taken
                // to be its own extent together with the control units' (the data set's area).
                let area = match (extent, units_extent) {
                    (Some(a), Some(b)) => Some(union(a, b)),
                    (a, b) => a.or(b),
                };
                if let (Some(area), Some(s)) = (area, site_box)
                    && !contains(area, s)
                {
                    f.missing(
                        d,
                        match lang {
                            Lang::Zh => format!("项目用地超出所载{label}图层及管控单元的范围，未能核查"),
                            Lang::En => format!("the site extends beyond the loaded {label} layer and units: not checked"),
                        },
                    );
                }
            }
        }
    }

    // Zone rules: redline, reserve zones, water-source grades the site is inside.
    let rules = workspace.zone_rules();
    for s in r.sensitive.iter().filter(|s| s.relation.is_inside()) {
        let zone_or_name = s.zone.clone().unwrap_or_else(|| s.name.clone());
        let Some(rule) = rules
            .iter()
            .find(|rule| rule.matches(s.role, &zone_or_name))
        else {
            continue;
        };
        let place = s.sentence.trim_end_matches('。').trim_end_matches('.');
        match rule.outcome {
            ZoneOutcome::NonCompliant => {
                f.prohibited = true;
                f.v.reasons.insert(
                    0,
                    match lang {
                        Lang::Zh => format!("{place}：{}", rule.condition),
                        Lang::En => format!("{place}: prohibited ({})", rule.condition),
                    },
                );
            }
            ZoneOutcome::Conditional => {
                f.v.reasons.push(match lang {
                    Lang::Zh => format!("{place}：有条件准入（条件见下）"),
                    Lang::En => format!("{place}: allowed only under conditions (listed below)"),
                });
                f.condition(rule.condition.clone());
            }
            ZoneOutcome::Undetermined => {
                if let Some(d) = super::coverage::Dimension::of_role(s.role) {
                    f.missing(d, format!("{place}：{}", rule.condition));
                }
            }
        }
        f.basis(&rule.basis);
    }

    // Requirements of every unit hit.
    for u in r.units.iter().filter(|u| u.requirement_count == 0) {
        f.missing(
            Dimension::Requirements,
            match lang {
                Lang::Zh => format!(
                    "单元 {}（{}）未找到管控要求（准入清单表与单元属性均无）",
                    u.code, u.name
                ),
                Lang::En => format!("no requirement was found for unit {} ({})", u.code, u.name),
            },
        );
    }

    // The industry.
    match (&r.industry, &r.industry_check) {
        (None, _) | (_, None) => f.missing(
            Dimension::Industry,
            lang.t(
                "未给出项目行业代码（GB/T 4754），行业准入未核查",
                "no industry code (GB/T 4754) was given: industry access not checked",
            )
            .to_string(),
        ),
        (Some(code), Some(check)) => {
            if workspace.access.rule_tables.is_empty() {
                f.missing(
                    Dimension::Industry,
                    match lang {
                        Lang::Zh => {
                            format!("未载入行业准入规则表，项目行业（{code}）的准入类别未核查")
                        }
                        Lang::En => format!(
                            "no industry rules table was loaded: industry {code} not checked"
                        ),
                    },
                );
            }
            match check.overall {
                IndustryVerdict::Prohibited => {
                    f.prohibited = true;
                    let units: Vec<String> = check
                        .units
                        .iter()
                        .filter(|u| u.verdict == IndustryVerdict::Prohibited)
                        .map(|u| u.key.code.clone().unwrap_or_default())
                        .collect();
                    let rule = check
                        .units
                        .iter()
                        .flat_map(|u| u.rules.iter())
                        .find(|r| r.access == Access::Prohibited);
                    let rule_text = rule
                        .map(|r| r.text.trim_end_matches('。').to_string())
                        .unwrap_or_default();
                    f.v.reasons.insert(
                        0,
                        match lang {
                            Lang::Zh => format!(
                                "项目行业（{code}）在 {} 属禁止准入类（{rule_text}），涉及用地 {}（占 {}）",
                                units.join("、"),
                                area_text(lang, check.prohibited_area_m2),
                                share_text(check.prohibited_share)
                            ),
                            Lang::En => format!(
                                "industry {code} is prohibited in {} ({rule_text}), {} of the site",
                                units.join(", "),
                                share_text(check.prohibited_share)
                            ),
                        },
                    );
                    if let Some(rule) = rule {
                        f.basis(&rule.source);
                    }
                }
                IndustryVerdict::Restricted => {
                    for rule in check
                        .units
                        .iter()
                        .flat_map(|u| u.rules.iter())
                        .filter(|r| r.access == Access::Restricted)
                    {
                        f.condition(rule.text.trim_end_matches('。').to_string());
                        f.basis(&rule.source);
                    }
                    f.v.reasons.push(match lang {
                        Lang::Zh => format!("项目行业（{code}）属限制准入类，须满足所列条件"),
                        Lang::En => {
                            format!("industry {code} is restricted: the conditions listed apply")
                        }
                    });
                }
                IndustryVerdict::Encouraged
                | IndustryVerdict::NotListed
                | IndustryVerdict::NoUnit => {}
            }
            let hinted: Vec<String> = check
                .units
                .iter()
                .flat_map(|u| u.hints.iter())
                .map(|h| h.keyword.clone())
                .fold(Vec::new(), |mut acc, k| {
                    if !acc.contains(&k) {
                        acc.push(k);
                    }
                    acc
                });
            if !hinted.is_empty() && check.overall != IndustryVerdict::Prohibited {
                f.missing(
                    Dimension::Industry,
                    match lang {
                        Lang::Zh => format!(
                            "管控要求中有限制性条款以文字提及本项目所属行业（“{}”），需审查人员逐条判读",
                            hinted.join("”“")
                        ),
                        Lang::En => format!(
                            "restrictive requirement clauses name the project's industry in words (“{}”): the reviewer must read them",
                            hinted.join("”, “")
                        ),
                    },
                );
            }
        }
    }

    for (d, reason) in &f.v.not_applicable {
        let label = missing_label(*d, lang);
        f.v.reasons.push(match lang {
            Lang::Zh => format!("{label}：不适用（项目文件声明：{reason}）"),
            Lang::En => format!("{label}: not applicable (the project file states: {reason})"),
        });
    }
    f.v.missing.sort();
    f.v.result = if f.prohibited {
        VerdictResult::NonCompliant
    } else if !f.v.missing.is_empty() {
        VerdictResult::Undetermined
    } else if f.conditional {
        VerdictResult::Conditional
    } else {
        VerdictResult::Compliant
    };
    f.v
}
