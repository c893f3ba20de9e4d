//! Industry access: a project's GB/T 4754-2017 code (门类 letter + up to 4 digits, e.g. C2614),
//! access rules by code prefix at every level (禁止 / 限制 with its condition / 鼓励), and the check
//! that gives each overlapped unit a verdict with the rules that produced it, plus the site's.
//!
//! The check supports, and does not replace, the reviewer's judgement: rules are only as complete as
//! the table, and requirement texts that name industries in words are shown as hints (see `keywords`).
//! Not for reading the requirement texts themselves (see `set`).

use std::path::Path;

use serde::Serialize;

use super::Level;
pub use super::gbt4754::IndustryCode;
use super::grid::{Grid, read_grid};
use super::keywords::{KeywordHint, keyword_hints};
use super::scope::UnitKey;
use super::set::RequirementSet;
use crate::error::{Result, ZoneError};
use crate::index::IndexedLayer;
use crate::model::LayerRole;
use crate::query::SiteAnalysis;

/// What a rule says about an industry, strictest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    /// 禁止: may not be built.
    Prohibited,
    /// 限制: may be built under the rule's condition.
    Restricted,
    /// 鼓励.
    Encouraged,
}

impl Access {
    /// Reads 禁止/禁止类/严禁, 限制/限制类, 鼓励/允许, or English.
    pub fn parse(raw: &str) -> Option<Access> {
        let s = raw.trim().to_lowercase();
        if s.contains("禁") || s.starts_with("prohibit") {
            Some(Access::Prohibited)
        } else if s.contains("限") || s.starts_with("restrict") {
            Some(Access::Restricted)
        } else if s.contains("鼓励") || s.contains("允许") || s.starts_with("encourage") {
            Some(Access::Encouraged)
        } else {
            None
        }
    }

    /// 禁止 / 限制 / 鼓励.
    pub fn label_zh(self) -> &'static str {
        match self {
            Access::Prohibited => "禁止",
            Access::Restricted => "限制",
            Access::Encouraged => "鼓励",
        }
    }
}

/// One access rule of the rules table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndustryRule {
    pub level: Level,
    /// Place name, category or unit code(s), as in requirement tables; empty = everywhere.
    pub scope: String,
    /// The code prefixes the rule covers.
    pub prefixes: Vec<IndustryCode>,
    /// The industry in words as the list writes it (化学原料和化学制品制造业).
    pub industry: String,
    pub access: Access,
    /// The rule or condition text (for 限制: the condition under which it may be built).
    pub text: String,
    /// `file 第N行`.
    pub source: String,
}

/// Reads an industry rules table (CSV/Excel). Columns: 层级, 适用范围 or 单元编码, 行业代码 (prefixes
/// separated by 、 , ; or spaces), 行业名称, 准入类型 (禁止/限制/鼓励), 要求内容 (the rule or condition).
/// Returns the rules and the rows skipped, with why.
pub fn load_industry_rules(path: &Path) -> Result<(Vec<IndustryRule>, Vec<String>)> {
    industry_rules_from_grid(&read_grid(path)?, path)
}

/// Industry rules from rows already read (`path` names it in messages).
pub fn industry_rules_from_grid(
    grid: &Grid,
    path: &Path,
) -> Result<(Vec<IndustryRule>, Vec<String>)> {
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let col = |names: &[&str]| grid.column(names);
    let level_col = col(&["层级", "级别", "level"]);
    let scope_col = col(&["适用范围", "范围", "scope"]);
    let unit_col = col(&["单元编码", "环境管控单元编码", "code", "unit_code"]);
    let codes_col = col(&[
        "行业代码",
        "行业分类代码",
        "国民经济行业代码",
        "industry_code",
    ]);
    let name_col = col(&["行业名称", "行业", "industry"]);
    let access_col = col(&["准入类型", "管控类型", "类型", "access"]);
    let text_col = col(&["要求内容", "条件", "限制条件", "说明", "text"]);
    let (Some(codes_col), Some(access_col)) = (codes_col, access_col) else {
        return Err(ZoneError::format(
            path,
            format!(
                "not an industry rules table: need columns 行业代码 and 准入类型; the header is: {}",
                grid.header_list()
            ),
        ));
    };
    let mut rules = Vec::new();
    let mut warnings = Vec::new();
    for (row_no, row) in &grid.rows {
        let unit = Grid::cell(row, unit_col);
        let level = match Level::parse(Grid::cell(row, level_col)) {
            Some(l) => l,
            None if !unit.is_empty() => Level::Unit,
            None => {
                warnings.push(format!(
                    "{}: unknown level {:?}, row skipped (levels: 省级, 市级, 区县, 单元类别, \
                     管控单元)",
                    grid.row_ref(*row_no),
                    Grid::cell(row, level_col)
                ));
                continue;
            }
        };
        let Some(access) = Access::parse(Grid::cell(row, Some(access_col))) else {
            warnings.push(format!(
                "{}: unknown access type {:?}, row skipped: write 禁止, 限制 or 鼓励",
                grid.row_ref(*row_no),
                Grid::cell(row, Some(access_col))
            ));
            continue;
        };
        let mut prefixes = Vec::new();
        let mut bad = None;
        for part in Grid::cell(row, Some(codes_col))
            .split(['、', ',', '，', ';', '；', ' ', '/'])
            .filter(|p| !p.trim().is_empty())
        {
            match IndustryCode::parse(part) {
                Ok(c) => prefixes.push(c),
                Err(e) => bad = Some(e.to_string()),
            }
        }
        if let Some(e) = bad {
            warnings.push(format!(
                "{}: {e}; row skipped: correct the industry code",
                grid.row_ref(*row_no)
            ));
            continue;
        }
        if prefixes.is_empty() {
            warnings.push(format!(
                "{}: no industry code, row skipped: fill in its GB/T 4754 codes",
                grid.row_ref(*row_no)
            ));
            continue;
        }
        let scope = if level == Level::Unit && !unit.is_empty() {
            unit
        } else {
            Grid::cell(row, scope_col)
        };
        rules.push(IndustryRule {
            level,
            scope: scope.to_string(),
            prefixes,
            industry: Grid::cell(row, name_col).to_string(),
            access,
            text: Grid::cell(row, text_col).to_string(),
            source: grid.row_source(&file, *row_no),
        });
    }
    Ok((rules, warnings))
}

/// The outcome of the industry check for a unit or a site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IndustryVerdict {
    /// A 禁止 rule covers the industry here.
    Prohibited,
    /// A 限制 rule covers it: allowed under its conditions.
    Restricted,
    /// Only 鼓励 rules cover it.
    Encouraged,
    /// No rule names the industry's code; the requirement texts still need reading.
    NotListed,
    /// The site lies in no control unit: nothing can be said.
    NoUnit,
}

impl IndustryVerdict {
    /// The short Chinese conclusion used in tables.
    pub fn label_zh(self) -> &'static str {
        match self {
            IndustryVerdict::Prohibited => "禁止准入",
            IndustryVerdict::Restricted => "限制准入（须满足条件）",
            IndustryVerdict::Encouraged => "鼓励类",
            IndustryVerdict::NotListed => "未列入禁止/限制类",
            IndustryVerdict::NoUnit => "不在管控单元内，无法判断",
        }
    }

    /// The English conclusion.
    pub fn label_en(self) -> &'static str {
        match self {
            IndustryVerdict::Prohibited => "Prohibited",
            IndustryVerdict::Restricted => "Restricted (conditions apply)",
            IndustryVerdict::Encouraged => "Encouraged",
            IndustryVerdict::NotListed => "Not listed as prohibited or restricted",
            IndustryVerdict::NoUnit => "In no control unit: cannot judge",
        }
    }
}

/// The industry check for one overlapped control unit.
#[derive(Debug, Clone, Serialize)]
pub struct UnitIndustryVerdict {
    pub layer_index: usize,
    pub fid: usize,
    pub key: UnitKey,
    /// The site's overlap with this unit (ellipsoidal m²) and its share of the site.
    pub area_m2: f64,
    pub share: f64,
    pub verdict: IndustryVerdict,
    /// The rules that cover the industry here, strictest first.
    pub rules: Vec<IndustryRule>,
    /// Requirement sentences naming the industry in words: for the reviewer to read.
    pub hints: Vec<KeywordHint>,
}

/// The industry check for the whole site.
#[derive(Debug, Clone, Serialize)]
pub struct SiteIndustryVerdict {
    pub code: IndustryCode,
    /// Prohibited if any part is prohibited, else restricted if any part is, and so on.
    pub overall: IndustryVerdict,
    pub units: Vec<UnitIndustryVerdict>,
    /// Total ellipsoidal area of the parts where the industry is prohibited, and its share.
    pub prohibited_area_m2: f64,
    pub prohibited_share: f64,
}

/// Checks `code` against `rules` for every control unit the site overlaps (for point and line
/// sites, every unit they fall in), with keyword hints from the requirements that apply there.
pub fn check_site_industry<L: std::borrow::Borrow<IndexedLayer>>(
    layers: &[L],
    analysis: &SiteAnalysis,
    code: &IndustryCode,
    rules: &[IndustryRule],
    requirements: &RequirementSet,
) -> SiteIndustryVerdict {
    let mut units = Vec::new();
    for o in &analysis.overlaps {
        let Some(layer) = layers.get(o.layer_index).map(|l| &l.borrow().layer) else {
            continue;
        };
        if layer.role.role != LayerRole::ControlUnits {
            continue;
        }
        let key = UnitKey::from_layer(layer, o.fid);
        let mut matched: Vec<IndustryRule> = rules
            .iter()
            .filter(|r| key.matches(r.level, &r.scope))
            .filter(|r| r.prefixes.iter().any(|p| code.starts_with(p)))
            .cloned()
            .collect();
        matched.sort_by_key(|r| (r.access, r.level));
        let verdict = match matched.first().map(|r| r.access) {
            Some(Access::Prohibited) => IndustryVerdict::Prohibited,
            Some(Access::Restricted) => IndustryVerdict::Restricted,
            Some(Access::Encouraged) => IndustryVerdict::Encouraged,
            None => IndustryVerdict::NotListed,
        };
        let reqs = requirements.requirements_for(layer, o.fid);
        units.push(UnitIndustryVerdict {
            layer_index: o.layer_index,
            fid: o.fid,
            key,
            area_m2: o.area_m2,
            share: o.share,
            verdict,
            rules: matched,
            hints: keyword_hints(&reqs, code),
        });
    }
    let overall = units
        .iter()
        .map(|u| u.verdict)
        .min()
        .unwrap_or(IndustryVerdict::NoUnit);
    let prohibited = units
        .iter()
        .filter(|u| u.verdict == IndustryVerdict::Prohibited);
    SiteIndustryVerdict {
        code: code.clone(),
        overall,
        prohibited_area_m2: prohibited.clone().map(|u| u.area_m2).sum(),
        prohibited_share: prohibited.map(|u| u.share).sum(),
        units,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_words() {
        assert_eq!(Access::parse("禁止类"), Some(Access::Prohibited));
        assert_eq!(Access::parse("限制"), Some(Access::Restricted));
        assert_eq!(Access::parse("鼓励类"), Some(Access::Encouraged));
        assert_eq!(Access::parse("其他"), None);
    }
}
