//! Attribute values as they come from DBF and GeoJSON, with their types kept.

use std::sync::Arc;

use serde::Serialize;

/// One attribute value of one feature.
///
/// Dates stay ISO text (`YYYY-MM-DD`) because DBF dates have no time zone and
/// reports print them as written.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum AttrValue {
    Null,
    Text(Arc<str>),
    Integer(i64),
    Float(f64),
    Bool(bool),
    Date(Arc<str>),
}

impl AttrValue {
    /// The value as display text; `None` for null. Floats that hold whole numbers print without
    /// a fraction, since unit codes stored as floats (13110220001.0) must read as codes.
    pub fn as_text(&self) -> Option<String> {
        self.as_text_str().map(std::borrow::Cow::into_owned)
    }

    /// [`AttrValue::as_text`] borrowing the text where it can: the query writer asks for a hit's
    /// code, name and category once per point answered (100,000 allocations a national run).
    pub fn as_text_str(&self) -> Option<std::borrow::Cow<'_, str>> {
        use std::borrow::Cow;
        match self {
            AttrValue::Null => None,
            AttrValue::Text(s) => {
                let t = s.trim();
                if t.is_empty() {
                    None
                } else {
                    Some(Cow::Borrowed(t))
                }
            }
            AttrValue::Integer(i) => Some(Cow::Owned(i.to_string())),
            AttrValue::Float(f) => {
                if !f.is_finite() {
                    None
                } else if f.fract() == 0.0 && f.abs() < 1e17 {
                    Some(Cow::Owned(format!("{}", *f as i64)))
                } else {
                    Some(Cow::Owned(f.to_string()))
                }
            }
            AttrValue::Bool(b) => Some(Cow::Owned(b.to_string())),
            AttrValue::Date(d) => Some(Cow::Borrowed(d)),
        }
    }

    /// The value as JSON, for `--json` output.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            AttrValue::Null => serde_json::Value::Null,
            AttrValue::Text(s) => serde_json::Value::String(s.to_string()),
            AttrValue::Integer(i) => serde_json::Value::from(*i),
            AttrValue::Float(f) => serde_json::Number::from_f64(*f)
                .map(serde_json::Value::Number)
                .unwrap_or(serde_json::Value::Null),
            AttrValue::Bool(b) => serde_json::Value::Bool(*b),
            AttrValue::Date(d) => serde_json::Value::String(d.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float_codes_print_as_codes() {
        assert_eq!(
            AttrValue::Float(13110220001.0).as_text().as_deref(),
            Some("13110220001")
        );
        assert_eq!(AttrValue::Float(1.5).as_text().as_deref(), Some("1.5"));
        assert_eq!(AttrValue::Text("  \n".into()).as_text(), None);
    }
}
