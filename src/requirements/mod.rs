//! The environmental access list (生态环境准入清单): layered requirements (province → city → county →
//! unit category → unit) in the four dimensions, read from tables or unit attributes, and the
//! industry access rules checked against a project's GB/T 4754 code.
//!
//! Not for deciding compliance on the reviewer's behalf: it gathers what applies and says which
//! industry rules match; every requirement text is still the reviewer's to read.

pub mod access;
pub mod gbt4754;
pub mod grid;
pub mod industry;
pub mod keywords;
pub mod scope;
pub mod set;
pub mod table;

use serde::Serialize;

pub use access::AccessList;
pub use industry::{
    Access, IndustryCode, IndustryRule, IndustryVerdict, SiteIndustryVerdict, UnitIndustryVerdict,
    check_site_industry, load_industry_rules,
};
pub use scope::UnitKey;
pub use set::{Coverage, RequirementSet, attribute_requirements};
pub use table::{RequirementTable, load_requirement_table};

/// The level a requirement applies at, ordered from the widest to the narrowest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 省级总体要求 (province-wide).
    Province,
    /// 市级总体要求 (city-wide).
    City,
    /// 区县要求.
    County,
    /// 单元类别 (all 优先保护 / 重点管控 / 一般管控 units of the area).
    Category,
    /// 单元 (one unit, by its code: 一单元一策略).
    Unit,
}

impl Level {
    /// The Chinese label used in report tables.
    pub fn label_zh(self) -> &'static str {
        match self {
            Level::Province => "省级",
            Level::City => "市级",
            Level::County => "区县",
            Level::Category => "单元类别",
            Level::Unit => "管控单元",
        }
    }

    /// The English label.
    pub fn label_en(self) -> &'static str {
        match self {
            Level::Province => "Province",
            Level::City => "City",
            Level::County => "County",
            Level::Category => "Unit category",
            Level::Unit => "Unit",
        }
    }

    /// Reads a level as tables write it (省/省级/全省, 市/市级, 区县/县, 单元类别/类别, 单元/管控单元, English).
    pub fn parse(raw: &str) -> Option<Level> {
        let s = raw.trim().to_lowercase();
        let s = s.as_str();
        Some(match s {
            "省" | "省级" | "全省" | "省域" | "省级总体" | "province" => Level::Province,
            "市" | "市级" | "全市" | "市域" | "地市" | "市级总体" | "city" => {
                Level::City
            }
            "区县" | "县" | "县级" | "区" | "县区" | "县（市、区）" | "县(市、区)" | "county" => {
                Level::County
            }
            "单元类别" | "类别" | "管控类别" | "单元类型" | "category" => {
                Level::Category
            }
            "单元" | "管控单元" | "环境管控单元" | "unit" => Level::Unit,
            _ => return None,
        })
    }
}

/// The four dimensions of every unit's requirements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// 空间布局约束.
    Spatial,
    /// 污染物排放管控.
    Emission,
    /// 环境风险防控.
    Risk,
    /// 资源开发效率要求.
    Efficiency,
}

impl Dimension {
    /// All four, in the order reports use.
    pub const ALL: [Dimension; 4] = [
        Dimension::Spatial,
        Dimension::Emission,
        Dimension::Risk,
        Dimension::Efficiency,
    ];

    /// The Chinese name (as in `FieldMapping::requirement_fields`).
    pub fn label_zh(self) -> &'static str {
        match self {
            Dimension::Spatial => "空间布局约束",
            Dimension::Emission => "污染物排放管控",
            Dimension::Risk => "环境风险防控",
            Dimension::Efficiency => "资源开发效率要求",
        }
    }

    /// The English name.
    pub fn label_en(self) -> &'static str {
        match self {
            Dimension::Spatial => "Spatial layout",
            Dimension::Emission => "Pollutant emissions",
            Dimension::Risk => "Environmental risk",
            Dimension::Efficiency => "Resource efficiency",
        }
    }

    /// Reads a dimension as tables write it (full name, short forms, English).
    pub fn parse(raw: &str) -> Option<Dimension> {
        let s = raw.trim().to_lowercase();
        if s.is_empty() {
            return None;
        }
        if s.contains("空间") || s.contains("布局") || s.starts_with("spatial") {
            Some(Dimension::Spatial)
        } else if s.contains("排放") || s.contains("污染物") || s.starts_with("emission") {
            Some(Dimension::Emission)
        } else if s.contains("风险") || s.starts_with("risk") {
            Some(Dimension::Risk)
        } else if s.contains("资源") || s.contains("效率") || s.starts_with("resource") {
            Some(Dimension::Efficiency)
        } else {
            None
        }
    }
}

/// One requirement of the access list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Requirement {
    pub level: Level,
    /// What the level is keyed by: a province, city or county name, a category name, a unit code.
    /// Empty means every unit the table is about (a table's general rows).
    pub scope: String,
    pub dimension: Dimension,
    /// The requirement text as written (要求原文).
    pub text: String,
    /// Where it came from: `file row N`, or `layer field KJBJYS`.
    pub source: String,
}
