//! The JSON of one query hit, written straight into the output line: `{"layer", "fid", "code",
//! "name", "category", "attributes"}`, the keys in that order, as `serde_json`'s compact form
//! of the same object would print them.
//!
//! Written, not cached: a cache of every hit feature's JSON (the earlier design) held 22.5 MB
//! on the national 100,000-point run (heaptrack) — a copy of the attribute texts the layer
//! already shares — while escaping a hit's strings straight into the line costs little beside
//! building a `serde_json::Value` per hit, which is what had made caching look necessary.

use std::io::Write;

use crate::model::AttrValue;
use crate::workspace::Workspace;

/// Appends feature `fid` of layer `layer_index` as a hit object to `out`.
pub fn write_hit(catalog: &Workspace, layer_index: usize, fid: usize, out: &mut Vec<u8>) {
    let l = &catalog.layers[layer_index].layer;
    out.extend_from_slice(b"{\"layer\":");
    write_str(out, &l.name);
    out.extend_from_slice(b",\"fid\":");
    // Writing into a Vec cannot fail.
    let _ = write!(out, "{fid}");
    out.extend_from_slice(b",\"code\":");
    write_opt_str(out, l.unit_code_str(fid).as_deref());
    out.extend_from_slice(b",\"name\":");
    write_opt_str(out, l.feature_name_str(fid).as_deref());
    out.extend_from_slice(b",\"category\":");
    write_opt_str(out, l.unit_category(fid).map(|c| c.key()));
    out.extend_from_slice(b",\"attributes\":{");
    if let Some(f) = l.features.get(fid) {
        for (k, (field, v)) in l.fields.iter().zip(&f.attributes).enumerate() {
            if k > 0 {
                out.push(b',');
            }
            write_str(out, &field.name);
            out.push(b':');
            match v {
                AttrValue::Text(s) | AttrValue::Date(s) => write_str(out, s),
                other => {
                    let _ = serde_json::to_writer(&mut *out, &other.to_json());
                }
            }
        }
    }
    out.extend_from_slice(b"}}");
}

/// `text` as a JSON string, escaped as serde_json escapes it.
pub fn write_str(out: &mut Vec<u8>, text: &str) {
    // serde_json escapes only quotes, backslashes and control characters; a text with none
    // (nearly every code, name and field) is copied between quotes as it is. serde_json's
    // writer, called for every string, was a tenth of a national query run.
    if !text.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
        out.reserve(text.len() + 2);
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
        return;
    }
    // Writing into a Vec cannot fail, and a &str always serialises.
    let _ = serde_json::to_writer(&mut *out, text);
}

fn write_opt_str(out: &mut Vec<u8>, text: Option<&str>) {
    match text {
        Some(t) => write_str(out, t),
        None => out.extend_from_slice(b"null"),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use geo::polygon;

    use super::*;
    use crate::index::IndexedLayer;
    use crate::model::testing::layer_with_features;
    use crate::model::{Field, FieldKind};

    /// One control unit whose name needs escaping, with a float attribute.
    fn unit_layer_workspace(name: &str, area: f64) -> Workspace {
        let square = geo::Geometry::Polygon(polygon![
            (x: 115.0, y: 37.0), (x: 115.1, y: 37.0), (x: 115.1, y: 37.1), (x: 115.0, y: 37.0)
        ]);
        let mut layer = layer_with_features(
            "环境管控单元",
            &["HJGKDYBM", "HJGKDYMC", "ZHGKDYFL"],
            vec![(Some(square), vec!["ZH13110220001", name, "优先保护单元"])],
        );
        layer
            .fields
            .push(Field::new("MJ".to_string(), FieldKind::Float));
        layer.features[0].attributes.push(AttrValue::Float(area));
        Workspace::new(
            Default::default(),
            None,
            vec![Arc::new(IndexedLayer::new(layer))],
            Arc::new(Default::default()),
        )
    }

    /// The hand-written object is the one `serde_json` makes of the same values (preserve_order:
    /// keys as inserted), byte for byte, with quotes, backslashes and control characters escaped.
    #[test]
    fn a_hit_is_what_serde_json_would_print() {
        let ws = unit_layer_workspace("单元 \"甲\"\\\n\t一", 3.5);
        let l = &ws.layers[0].layer;
        let mut attributes = serde_json::Map::new();
        for (field, v) in l.fields.iter().zip(&l.features[0].attributes) {
            attributes.insert(field.name.clone(), v.to_json());
        }
        let expected = serde_json::json!({
            "layer": l.name,
            "fid": 0,
            "code": l.unit_code(0),
            "name": l.feature_name(0),
            "category": l.unit_category(0).map(|c| c.key()),
            "attributes": attributes,
        })
        .to_string();
        let mut out = Vec::new();
        write_hit(&ws, 0, 0, &mut out);
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }

    #[test]
    fn strings_are_escaped_exactly_as_serde_json_escapes_them() {
        let mut texts: Vec<String> = (0u8..0x80).map(|b| format!("a{}b", b as char)).collect();
        texts.extend(["", "衡水市", "\u{7f}\u{2028}é", "\"\\"].map(String::from));
        for t in texts {
            let mut out = Vec::new();
            write_str(&mut out, &t);
            assert_eq!(out, serde_json::to_vec(&t).unwrap(), "{t:?}");
        }
    }
}
