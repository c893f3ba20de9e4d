//! Which units a requirement's scope covers: a unit's key (code, category, province, city, county)
//! and the name matching that tolerates "河北" vs "河北省" and "桃城" vs "桃城区".
//!
//! Not for reading tables (see `table`) or layers (the key is read from a `Layer`).

use serde::Serialize;

use super::Level;
use crate::model::{Layer, UnitCategory};

/// What a control unit is known by, for finding the requirements that apply to it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct UnitKey {
    pub code: Option<String>,
    pub name: Option<String>,
    pub category: Option<UnitCategory>,
    pub province: Option<String>,
    pub city: Option<String>,
    pub county: Option<String>,
}

impl UnitKey {
    /// The key of feature `fid` of a control-unit layer, through the layer's field mapping.
    pub fn from_layer(layer: &Layer, fid: usize) -> UnitKey {
        let m = &layer.role.mapping;
        UnitKey {
            code: layer.unit_code(fid),
            name: layer.feature_name(fid),
            category: layer.unit_category(fid),
            province: layer.text(fid, m.province.as_deref()),
            city: layer.text(fid, m.city.as_deref()),
            county: layer.text(fid, m.county.as_deref()),
        }
    }

    /// Whether a requirement at `level` with `scope` applies to this unit. An empty scope applies
    /// to every unit (a table's general rows).
    pub fn matches(&self, level: Level, scope: &str) -> bool {
        let scope = scope.trim();
        if scope.is_empty() || scope == "*" || scope == "全部" {
            return true;
        }
        // A scope may name several places or codes: "景县、阜城县、故城县".
        scope
            .split(['、', ',', '，', ';', '；', '/', '|'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .any(|one| self.matches_one(level, one))
    }

    fn matches_one(&self, level: Level, scope: &str) -> bool {
        match level {
            Level::Province => same_place(self.province.as_deref(), scope),
            Level::City => same_place(self.city.as_deref(), scope),
            Level::County => same_place(self.county.as_deref(), scope),
            Level::Category => match (self.category, UnitCategory::normalise(scope)) {
                (Some(a), Some(b)) => a == b,
                _ => false,
            },
            Level::Unit => self
                .code
                .as_deref()
                .is_some_and(|c| c.trim().eq_ignore_ascii_case(scope)),
        }
    }
}

/// A place name without its administrative suffix, for matching "河北" with "河北省".
pub fn place_stem(name: &str) -> &str {
    let name = name.trim();
    for suffix in ["自治区", "自治州", "地区", "省", "市", "区", "县", "旗"] {
        if let Some(stem) = name.strip_suffix(suffix)
            // "县" alone or a one-character stem (e.g. 景县 → 景) is still a name: keep ≥ 1 char.
            && !stem.is_empty()
        {
            return stem;
        }
    }
    name
}

fn same_place(unit_value: Option<&str>, scope: &str) -> bool {
    unit_value.is_some_and(|v| place_stem(v) == place_stem(scope))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> UnitKey {
        UnitKey {
            code: Some("ZH13110220001".into()),
            name: None,
            category: Some(UnitCategory::Key),
            province: Some("河北省".into()),
            city: Some("衡水市".into()),
            county: Some("桃城区".into()),
        }
    }

    #[test]
    fn matches_places_with_or_without_suffix_and_lists() {
        let k = key();
        assert!(k.matches(Level::Province, "河北"));
        assert!(k.matches(Level::Province, "河北省"));
        assert!(!k.matches(Level::Province, "山东省"));
        assert!(k.matches(Level::County, "冀州区、桃城区"));
        assert!(!k.matches(Level::County, "景县、阜城县"));
        assert!(k.matches(Level::Category, "重点管控单元"));
        assert!(!k.matches(Level::Category, "优先保护"));
        assert!(k.matches(Level::Unit, "zh13110220001"));
        assert!(!k.matches(Level::Unit, "ZH13110220002"));
        assert!(k.matches(Level::City, ""));
    }

    #[test]
    fn one_character_county_stems_do_not_collide() {
        let mut k = key();
        k.county = Some("景县".into());
        assert!(k.matches(Level::County, "景县"));
        assert!(!k.matches(Level::County, "故城县"));
    }
}
