//! How a layer's field is named for people: what it means to zonecheck (单元编码, 管控类别…)
//! when the role maps it, the producer's alias when the file carries one, and always the
//! field's own name, so the attribute table, the identify panel and any export word a field
//! the same way.
//!
//! Not for deciding which field means what (see `model::role`).

use super::Lang;
use crate::model::Layer;

/// The mapping keys of `model::role::FieldMapping` with their labels in `lang`, in the order
/// the settings window lists them.
pub fn field_meanings(lang: Lang) -> [(&'static str, &'static str); 14] {
    let pick = |zh: &'static str, en: &'static str| lang.t(zh, en);
    [
        ("code", pick("单元编码", "Unit code")),
        ("name", pick("单元名称", "Unit name")),
        ("category", pick("管控类别", "Category")),
        ("subtype", pick("重点管控亚类", "Key-unit subtype")),
        ("province", pick("省", "Province")),
        ("city", pick("市", "City")),
        ("county", pick("县（区）", "County")),
        ("req_spatial", pick("空间布局约束", "Spatial layout")),
        ("req_emission", pick("污染物排放管控", "Emission control")),
        ("req_risk", pick("环境风险防控", "Risk prevention")),
        (
            "req_efficiency",
            pick("资源开发效率要求", "Resource efficiency"),
        ),
        ("level", pick("级别", "Level")),
        ("zone", pick("功能分区", "Zone")),
        ("measures", pick("管控措施", "Measures")),
    ]
}

/// The label of mapping key `key` (`code`, `req_spatial`…) in `lang`, `None` for an unknown key.
pub fn field_meaning_label(lang: Lang, key: &str) -> Option<&'static str> {
    field_meanings(lang)
        .into_iter()
        .find(|(k, _)| *k == key)
        .map(|(_, label)| label)
}

/// What field `col` of `layer` means under its role's mapping, worded in `lang`.
pub fn field_meaning(lang: Lang, layer: &Layer, col: usize) -> Option<&'static str> {
    let field = layer.fields.get(col)?;
    layer
        .role
        .mapping
        .entries()
        .into_iter()
        .find(|(_, name)| name.trim().eq_ignore_ascii_case(field.name.trim()))
        .and_then(|(key, _)| field_meaning_label(lang, key))
}

/// A column heading for field `col` of `layer`: `单元编码 HJGKDYBM` (meaning, name), `环境管控
/// 单元编码 HJGKDYBM` (the file's alias, name), `单元编码 DYBM（环境管控单元编码）` (both, when
/// they differ), else the name alone. Empty for a column the layer does not have.
pub fn field_heading(lang: Lang, layer: &Layer, col: usize) -> String {
    let Some(field) = layer.fields.get(col) else {
        return String::new();
    };
    let meaning = field_meaning(lang, layer, col);
    let alias = field.alias.as_deref();
    match (meaning, alias) {
        (Some(m), Some(a)) if a != m => {
            let (open, close) = match lang {
                Lang::Zh => ("（", "）"),
                Lang::En => (" (", ")"),
            };
            format!("{m} {}{open}{a}{close}", field.name)
        }
        (Some(label), _) | (None, Some(label)) => format!("{label} {}", field.name),
        (None, None) => field.name.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::layer_with_features;
    use crate::model::{Field, FieldKind};

    fn units() -> Layer {
        let mut layer = layer_with_features("units", &["HJGKDYBM", "BZ", "XMMC"], Vec::new());
        layer.fields[0] =
            Field::new("HJGKDYBM", FieldKind::Text).with_alias(Some("环境管控单元编码"));
        layer.fields[1] = Field::new("BZ", FieldKind::Text).with_alias(Some("备注"));
        layer
    }

    #[test]
    fn headings_name_the_meaning_the_alias_and_the_field() {
        let layer = units();
        assert_eq!(layer.role.mapping.code.as_deref(), Some("HJGKDYBM"));
        assert_eq!(
            field_heading(Lang::Zh, &layer, 0),
            "单元编码 HJGKDYBM（环境管控单元编码）"
        );
        assert_eq!(
            field_heading(Lang::En, &layer, 0),
            "Unit code HJGKDYBM (环境管控单元编码)"
        );
        assert_eq!(field_heading(Lang::Zh, &layer, 1), "备注 BZ");
        assert_eq!(field_heading(Lang::Zh, &layer, 2), "XMMC");
        assert_eq!(field_heading(Lang::Zh, &layer, 9), "");
    }

    #[test]
    fn an_alias_equal_to_the_meaning_is_said_once() {
        let mut layer = units();
        layer.fields[0].alias = Some("单元编码".into());
        assert_eq!(field_heading(Lang::Zh, &layer, 0), "单元编码 HJGKDYBM");
    }
}
