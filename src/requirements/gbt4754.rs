//! GB/T 4754-2017 industry codes (国民经济行业分类): a section letter (门类 A–T) and up to four
//! digits (大类 2, 中类 3, 小类 4), checked against the sections' division ranges, and prefix matching.
//!
//! Not for access rules (see `industry`).

use std::fmt;

use serde::Serialize;

use crate::error::{Result, ZoneError};

/// The 2-digit divisions (大类) of each section (门类) in GB/T 4754-2017.
const SECTIONS: [(char, u8, u8); 20] = [
    ('A', 1, 5),
    ('B', 6, 12),
    ('C', 13, 43),
    ('D', 44, 46),
    ('E', 47, 50),
    ('F', 51, 52),
    ('G', 53, 60),
    ('H', 61, 62),
    ('I', 63, 65),
    ('J', 66, 69),
    ('K', 70, 70),
    ('L', 71, 72),
    ('M', 73, 75),
    ('N', 76, 79),
    ('O', 80, 82),
    ('P', 83, 83),
    ('Q', 84, 85),
    ('R', 86, 90),
    ('S', 91, 97),
    ('T', 98, 98),
];

/// A GB/T 4754-2017 industry code or prefix: section letter plus 0, 2, 3 or 4 digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct IndustryCode {
    /// 门类, A–T.
    pub section: char,
    /// 大类 (2), 中类 (3) or 小类 (4) digits; empty for a whole section.
    pub digits: String,
}

impl IndustryCode {
    /// Parses `C2614`, `c26`, `C` or a bare `2614` (the section is inferred from the division),
    /// checking that the division belongs to the section (C4411 is refused: 44 is section D).
    pub fn parse(raw: &str) -> Result<IndustryCode> {
        let s: String = raw.trim().chars().filter(|c| !c.is_whitespace()).collect();
        let bad = |why: &str| {
            ZoneError::Input(format!(
                "{raw:?} is not a GB/T 4754-2017 industry code ({why}); write a section letter and up \
                 to 4 digits, e.g. C2614"
            ))
        };
        let mut chars = s.chars();
        let (section, digits) = match chars.next() {
            Some(c) if c.is_ascii_alphabetic() => (Some(c.to_ascii_uppercase()), chars.as_str()),
            Some(_) => (None, s.as_str()),
            None => return Err(bad("empty")),
        };
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad("only digits may follow the letter"));
        }
        if !matches!(digits.len(), 0 | 2 | 3 | 4) {
            return Err(bad("2, 3 or 4 digits"));
        }
        let division: Option<u8> = digits.get(..2).and_then(|d| d.parse().ok());
        let by_division = division.and_then(|d| {
            SECTIONS
                .iter()
                .find(|(_, lo, hi)| (*lo..=*hi).contains(&d))
                .map(|(c, _, _)| *c)
        });
        let section = match (section, by_division) {
            (Some(s), Some(d)) if s != d => {
                return Err(bad(&format!(
                    "division {} belongs to section {d}, not {s}",
                    &digits[..2]
                )));
            }
            (Some(s), _) if !SECTIONS.iter().any(|(c, _, _)| *c == s) => {
                return Err(bad("the section letter must be A–T"));
            }
            (_, None) if division.is_some() => return Err(bad("no such division")),
            (Some(s), _) => s,
            (None, Some(d)) => d,
            (None, None) => return Err(bad("no section letter")),
        };
        Ok(IndustryCode {
            section,
            digits: digits.to_string(),
        })
    }

    /// Whether this code falls under `prefix` (C2614 under C26, C261, C2614 and C).
    pub fn starts_with(&self, prefix: &IndustryCode) -> bool {
        self.section == prefix.section && self.digits.starts_with(&prefix.digits)
    }
}

impl fmt::Display for IndustryCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.section, self.digits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_validates_codes() {
        let c = IndustryCode::parse(" c2614 ").unwrap();
        assert_eq!(c.to_string(), "C2614");
        assert_eq!(IndustryCode::parse("2614").unwrap().to_string(), "C2614");
        assert_eq!(IndustryCode::parse("4411").unwrap().to_string(), "D4411");
        assert_eq!(IndustryCode::parse("A03").unwrap().section, 'A');
        assert_eq!(IndustryCode::parse("C").unwrap().digits, "");
        for bad in ["C4411", "C26141", "C2", "Z01", "", "C26a", "99"] {
            assert!(IndustryCode::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn prefixes_match_by_section_and_digits() {
        let c = IndustryCode::parse("C2614").unwrap();
        for p in ["C", "C26", "C261", "C2614"] {
            assert!(c.starts_with(&IndustryCode::parse(p).unwrap()), "{p}");
        }
        for p in ["C27", "C2613", "D44"] {
            assert!(!c.starts_with(&IndustryCode::parse(p).unwrap()), "{p}");
        }
    }
}
