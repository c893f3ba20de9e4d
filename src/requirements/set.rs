//! The requirements in force: table rows plus the four requirement fields of the units
//! themselves, and `requirements_for` a unit, ordered province → city → county → category → unit.
//!
//! Not for reading table files (see `table`) or judging a project (see `industry`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::scope::UnitKey;
use super::table::{RequirementTable, load_requirement_table};
use super::{Dimension, Level, Requirement};
use crate::error::Result;
use crate::model::{Layer, LayerRole};

/// Requirement tables loaded for a project.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RequirementSet {
    pub tables: Vec<RequirementTable>,
}

/// How well the tables and the unit layers fit together.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Coverage {
    /// Units (code, name) that get no requirement at all, from tables or attributes.
    pub units_without: Vec<(String, String)>,
    /// Unit rows whose code matches no unit in the layers: (source, code).
    pub unmatched_rows: Vec<(String, String)>,
}

impl RequirementSet {
    /// Loads every table in `paths` (CSV or Excel).
    pub fn load(paths: &[PathBuf]) -> Result<RequirementSet> {
        let tables = paths
            .iter()
            .map(|p| load_requirement_table(p))
            .collect::<Result<Vec<_>>>()?;
        Ok(RequirementSet { tables })
    }

    /// Loads one table and adds it.
    pub fn add_table(&mut self, path: &Path) -> Result<()> {
        self.tables.push(load_requirement_table(path)?);
        Ok(())
    }

    /// Every table requirement.
    pub fn all(&self) -> impl Iterator<Item = &Requirement> {
        self.tables.iter().flat_map(|t| t.requirements.iter())
    }

    /// Table requirements that apply to the unit with `key`, ordered by level then dimension.
    pub fn requirements_for_key(&self, key: &UnitKey) -> Vec<Requirement> {
        let mut out: Vec<Requirement> = self
            .all()
            .filter(|r| key.matches(r.level, &r.scope))
            .cloned()
            .collect();
        sort(&mut out);
        out
    }

    /// Everything that applies to unit `fid` of `layer`: table rows at every level and the unit's
    /// own requirement fields (as unit-level requirements), province first, all four dimensions.
    pub fn requirements_for(&self, layer: &Layer, fid: usize) -> Vec<Requirement> {
        let key = UnitKey::from_layer(layer, fid);
        let mut out = self.requirements_for_key(&key);
        out.extend(attribute_requirements(layer, fid));
        sort(&mut out);
        out
    }

    /// Units without any requirement and unit rows that match no unit, over the control-unit layers.
    pub fn coverage<'a>(&self, layers: impl IntoIterator<Item = &'a Layer>) -> Coverage {
        let mut cov = Coverage::default();
        let mut codes = BTreeSet::new();
        for layer in layers
            .into_iter()
            .filter(|l| l.role.role == LayerRole::ControlUnits)
        {
            for fid in 0..layer.features.len() {
                if let Some(c) = layer.unit_code(fid) {
                    codes.insert(c.trim().to_uppercase());
                }
                if self.requirements_for(layer, fid).is_empty() {
                    cov.units_without.push((
                        layer.unit_code(fid).unwrap_or_else(|| format!("#{fid}")),
                        layer.feature_name(fid).unwrap_or_default(),
                    ));
                }
            }
        }
        cov.unmatched_rows = self.unmatched_in(&codes);
        cov
    }

    /// The unit-level table rows (source, scope) naming a code no control-unit layer has: what
    /// [`Self::coverage`] reports as `unmatched_rows`, without checking every unit's requirements
    /// (a site's answer asks this; a batch asks it once per site of thousands).
    pub fn unmatched_unit_rows<'a>(
        &self,
        layers: impl IntoIterator<Item = &'a Layer>,
    ) -> Vec<(String, String)> {
        if !self.all().any(|r| r.level == Level::Unit) {
            return Vec::new();
        }
        let mut codes = BTreeSet::new();
        for layer in layers
            .into_iter()
            .filter(|l| l.role.role == LayerRole::ControlUnits)
        {
            codes.extend(
                (0..layer.features.len())
                    .filter_map(|fid| layer.unit_code(fid))
                    .map(|c| c.trim().to_uppercase()),
            );
        }
        self.unmatched_in(&codes)
    }

    fn unmatched_in(&self, codes: &BTreeSet<String>) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for r in self.all().filter(|r| r.level == Level::Unit) {
            let unknown = r
                .scope
                .split(['、', ',', '，', ';', '；'])
                .map(|c| c.trim().to_uppercase())
                .any(|c| !c.is_empty() && !codes.contains(&c));
            if unknown {
                out.push((r.source.clone(), r.scope.clone()));
            }
        }
        out.dedup();
        out
    }
}

/// The unit's own requirement fields (KJBJYS…) as unit-level requirements.
pub fn attribute_requirements(layer: &Layer, fid: usize) -> Vec<Requirement> {
    let code = layer.unit_code(fid).unwrap_or_default();
    layer
        .role
        .mapping
        .requirement_fields()
        .into_iter()
        .zip(Dimension::ALL)
        .filter_map(|((_, field), dimension)| {
            let field = field?;
            let text = layer.text(fid, Some(field))?;
            let text = text.trim();
            if text.is_empty() {
                return None;
            }
            Some(Requirement {
                level: Level::Unit,
                scope: code.clone(),
                dimension,
                text: text.to_string(),
                source: if may_be_cut(text) {
                    format!(
                        "{} 属性 {field}，已达 DBF 254 字节上限，原文可能被截断",
                        layer.name
                    )
                } else {
                    format!("{} 属性 {field}", layer.name)
                },
            })
        })
        .collect()
}

/// Whether a DBF text field value fills the format's 254-byte limit (in GBK, the usual encoding),
/// so that the list's full text should be looked up.
pub fn may_be_cut(text: &str) -> bool {
    const FULL_BYTES: usize = 253;
    // A character is 1–10 bytes in GBK (one it cannot map is written `&#N;`, as `encode` does)
    // against 1–4 in UTF-8: at most 3.5 GBK bytes per UTF-8 byte (`&#2047;` for a 2-byte
    // character), at least 1/3 (€ is 1 byte). Most texts are decided by their length alone; the
    // rest are encoded into a small buffer and counted, never allocated (this is asked for every
    // unit's four texts whenever requirements are gathered: a `diff` of the national layer).
    if text.len() * 7 < FULL_BYTES * 2 {
        return false;
    }
    if text.len() >= FULL_BYTES * 3 {
        return true;
    }
    let mut encoder = encoding_rs::GBK.new_encoder();
    let mut buffer = [0u8; 64];
    let (mut rest, mut written) = (text, 0usize);
    loop {
        let (result, read, wrote, _) = encoder.encode_from_utf8(rest, &mut buffer, true);
        written += wrote;
        rest = &rest[read..];
        if written >= FULL_BYTES {
            return true;
        }
        if result == encoding_rs::CoderResult::InputEmpty {
            return false;
        }
    }
}

/// Orders by level then dimension (stable: table order within), dropping a unit's attribute text
/// when a table already gives the same text at the same level and dimension.
fn sort(reqs: &mut Vec<Requirement>) {
    reqs.sort_by_key(|r| (r.level, r.dimension));
    let mut seen = BTreeSet::new();
    reqs.retain(|r| seen.insert((r.level, r.dimension, r.text.clone())));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_filling_a_dbf_field_are_flagged() {
        // 126 hanzi are 252 bytes in GBK; 127 are 254.
        assert!(!may_be_cut(&"禁".repeat(126)));
        assert!(may_be_cut(&"禁".repeat(127)));
        assert!(!may_be_cut("禁止新建化工项目。"));
        // Decided by length alone, and by counting, agree with encoding the whole text.
        for text in [
            "禁".repeat(60),
            format!("{}ab", "禁".repeat(125)),
            format!("{}abc", "禁".repeat(125)),
            "€".repeat(252),
            "€".repeat(253),
            "a".repeat(300),
            "😀".repeat(30),
            format!("{}😀", "a".repeat(245)),
        ] {
            assert_eq!(
                may_be_cut(&text),
                encoding_rs::GBK.encode(&text).0.len() >= 253,
                "{text}"
            );
        }
    }
}
