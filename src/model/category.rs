//! Control-unit categories (优先保护 / 重点管控 / 一般管控): normalising the many ways data writes them,
//! and reading the category digit inside a unit code.

use serde::Serialize;

/// The three categories of environmental control unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitCategory {
    /// 优先保护单元: ecological function first; development largely prohibited.
    Priority,
    /// 重点管控单元: towns, industrial parks; strict emission and risk rules.
    Key,
    /// 一般管控单元: the rest; basic rules.
    General,
}

impl UnitCategory {
    /// The stable English key used in JSON output.
    pub fn key(self) -> &'static str {
        match self {
            UnitCategory::Priority => "priority",
            UnitCategory::Key => "key",
            UnitCategory::General => "general",
        }
    }

    /// The Chinese name reviewers expect in tables.
    pub fn name_zh(self) -> &'static str {
        match self {
            UnitCategory::Priority => "优先保护单元",
            UnitCategory::Key => "重点管控单元",
            UnitCategory::General => "一般管控单元",
        }
    }

    /// The English name for the English interface and reports.
    pub fn name_en(self) -> &'static str {
        match self {
            UnitCategory::Priority => "Priority protection",
            UnitCategory::Key => "Key control",
            UnitCategory::General => "General control",
        }
    }

    /// The digit used in unit codes and in ZHGKDYFL fields.
    pub fn digit(self) -> char {
        match self {
            UnitCategory::Priority => '1',
            UnitCategory::Key => '2',
            UnitCategory::General => '3',
        }
    }

    /// Reads a category written as text (优先保护单元, 优先, 重点管控区), a digit (1/2/3, 1.0) or English.
    pub fn normalise(raw: &str) -> Option<UnitCategory> {
        let s = raw.trim();
        if s.is_empty() {
            return None;
        }
        let lower = s.to_lowercase();
        // Digits, possibly written as floats by spreadsheets ("2.0").
        let digits = lower.strip_suffix(".0").unwrap_or(&lower);
        match digits {
            "1" | "01" => return Some(UnitCategory::Priority),
            "2" | "02" => return Some(UnitCategory::Key),
            "3" | "03" => return Some(UnitCategory::General),
            _ => {}
        }
        if s.contains("优先") {
            return Some(UnitCategory::Priority);
        }
        if s.contains("重点") {
            return Some(UnitCategory::Key);
        }
        if s.contains("一般") {
            return Some(UnitCategory::General);
        }
        if lower.contains("priority") || lower.contains("protect") {
            return Some(UnitCategory::Priority);
        }
        if lower.contains("key") || lower.contains("focus") {
            return Some(UnitCategory::Key);
        }
        if lower.contains("general") || lower.contains("ordinary") {
            return Some(UnitCategory::General);
        }
        None
    }

    /// The category named by a unit code such as `ZH13110220001` (the digit after the county code).
    /// `None` when the code does not have the standard 13-character shape.
    pub fn from_unit_code(code: &str) -> Option<UnitCategory> {
        let code = code.trim();
        let rest = code
            .strip_prefix("ZH")
            .or_else(|| code.strip_prefix("zh"))
            .or_else(|| code.strip_prefix("YS"))
            .unwrap_or(code);
        // A standard code body is 6 county digits, 1 category digit, 4 serial digits.
        if rest.len() != 11 || !rest.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        UnitCategory::normalise(&rest[6..7])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_the_forms_seen_in_data() {
        for (raw, want) in [
            ("优先保护单元", UnitCategory::Priority),
            ("优先保护", UnitCategory::Priority),
            (" 优先\n", UnitCategory::Priority),
            ("重点管控单元", UnitCategory::Key),
            ("2", UnitCategory::Key),
            ("2.0", UnitCategory::Key),
            ("一般管控单元", UnitCategory::General),
            ("General control", UnitCategory::General),
            ("Priority protection", UnitCategory::Priority),
        ] {
            assert_eq!(UnitCategory::normalise(raw), Some(want), "{raw:?}");
        }
        assert_eq!(UnitCategory::normalise("其他"), None);
        assert_eq!(UnitCategory::normalise("4"), None);
    }

    #[test]
    fn reads_the_category_digit_of_a_unit_code() {
        assert_eq!(
            UnitCategory::from_unit_code("ZH13110220001"),
            Some(UnitCategory::Key)
        );
        assert_eq!(
            UnitCategory::from_unit_code("ZH13112610003"),
            Some(UnitCategory::Priority)
        );
        assert_eq!(UnitCategory::from_unit_code("ZH1311022"), None);
        assert_eq!(UnitCategory::from_unit_code("ZH13110290001"), None);
    }
}
