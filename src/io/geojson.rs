//! GeoJSON (RFC 7946) reading: a FeatureCollection, a single Feature or a bare Geometry, with
//! the legacy `crs` member honoured (`urn:ogc:def:crs:EPSG::4527`, `EPSG:4527`), else WGS 84 as
//! the RFC says. Property types become field kinds (keys in first-seen order across features).
//!
//! Walked as serde_json values rather than through the geojson crate so that every error can
//! name the feature, and NaN (which Python writes) can be told apart from broken JSON. The
//! features stay raw text until each is converted, so only one feature's JSON tree is ever held
//! (20,000 polygons, 56 MB: peak RSS 1,029 MB → 155 MB). Polygons
//! are rebuilt from their rings by containment (writers ignore the winding rule).
//! Not for writing GeoJSON.

use std::path::Path;

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::crs::{Crs, CrsInfo, CrsOrigin};
use crate::error::{Result, ZoneError, quote};
use crate::io::LoadOptions;
use crate::io::geojson_geometry::{parse_geometry, read_geometry_json};
use crate::io::layer_crs;
use crate::io::text::{decode_text, decode_text_owned};
use crate::model::role::detect_role;
use crate::model::{AttrValue, Feature, Field, FieldKind, Layer, SourceFormat};

/// A feature's geometry (raw JSON text, parsed when converted) and properties.
type RawFeature<'a> = (Option<&'a RawValue>, Option<Map<String, Value>>);

/// The top level of a GeoJSON text: its members that matter, the features left unparsed.
#[derive(Deserialize)]
struct TopObject<'a> {
    #[serde(rename = "type")]
    kind: Option<Value>,
    #[serde(borrow)]
    features: Option<&'a RawValue>,
    #[serde(borrow, default, deserialize_with = "raw_unless_null")]
    geometry: Option<&'a RawValue>,
    properties: Option<Value>,
    crs: Option<Value>,
}

/// One feature: its geometry as raw text (None when absent or null) and its properties.
#[derive(Deserialize, Default)]
struct FeatureParts<'a> {
    #[serde(borrow, default, deserialize_with = "raw_unless_null")]
    geometry: Option<&'a RawValue>,
    properties: Option<Value>,
}

/// A member's raw text, `None` for JSON `null` (an absent geometry).
fn raw_unless_null<'de, D>(d: D) -> std::result::Result<Option<&'de RawValue>, D::Error>
where
    D: serde::Deserializer<'de>,
{
    let raw: &RawValue = Deserialize::deserialize(d)?;
    Ok((raw.get().trim() != "null").then_some(raw))
}

fn into_object(v: Value) -> Option<Map<String, Value>> {
    match v {
        Value::Object(m) => Some(m),
        _ => None,
    }
}

/// Reads a .geojson/.json file.
pub fn read_geojson(path: &Path, opts: &LoadOptions) -> Result<Layer> {
    let bytes = crate::io::open::read_file(path)?;
    let (text, _) = decode_text_owned(bytes, opts.encoding.as_deref())?;
    geojson_from_text(&text, path, None, path, opts)
}

/// Reads GeoJSON from bytes; `path` is the file (or archive), `member` the zip member if any,
/// `display` what errors name.
pub fn read_geojson_bytes(
    bytes: &[u8],
    path: &Path,
    member: Option<&str>,
    display: &Path,
    opts: &LoadOptions,
) -> Result<Layer> {
    let (text, _) = decode_text(bytes, opts.encoding.as_deref())?;
    geojson_from_text(&text, path, member, display, opts)
}

/// Reads GeoJSON from its decoded text (see [`read_geojson_bytes`] for the names).
fn geojson_from_text(
    text: &str,
    path: &Path,
    member: Option<&str>,
    display: &Path,
    opts: &LoadOptions,
) -> Result<Layer> {
    let (clean, replaced_non_finite) = replace_non_finite_literals(text);
    let not_json = |e: serde_json::Error| {
        ZoneError::format(
            display,
            format!(
                "not valid JSON (line {}, column {}): {e}",
                e.line(),
                e.column()
            ),
        )
    };
    // The top level with its features left as raw text: each feature's geometry is parsed
    // into a JSON tree only while it is converted, so a file of many features never holds the
    // trees of all of them (a JSON tree takes ~100 bytes per vertex).
    if !clean.trim_start().starts_with('{') {
        // Valid JSON that is not an object, or no JSON at all.
        serde_json::from_str::<serde::de::IgnoredAny>(&clean).map_err(not_json)?;
        return Err(ZoneError::format(
            display,
            "not a GeoJSON object (the top level is not {…})",
        ));
    }
    let top: TopObject<'_> = serde_json::from_str(&clean).map_err(not_json)?;
    let kind = top.kind.as_ref().and_then(Value::as_str).unwrap_or("");
    let raw_features: Vec<RawFeature<'_>> = match kind {
        "FeatureCollection" => {
            let list: Option<Vec<&RawValue>> = top
                .features
                .and_then(|f| serde_json::from_str(f.get()).ok());
            list.ok_or_else(|| {
                ZoneError::format(display, "FeatureCollection without a \"features\" array")
            })?
            .into_iter()
            .map(|f| {
                let parts: FeatureParts<'_> = serde_json::from_str(f.get()).unwrap_or_default();
                (parts.geometry, parts.properties.and_then(into_object))
            })
            .collect()
        }
        "Feature" => vec![(top.geometry, top.properties.and_then(into_object))],
        "Point" | "MultiPoint" | "LineString" | "MultiLineString" | "Polygon" | "MultiPolygon"
        | "GeometryCollection" => {
            let whole: &RawValue = serde_json::from_str(&clean).map_err(not_json)?;
            vec![(Some(whole), None)]
        }
        other => {
            return Err(ZoneError::format(
                display,
                format!("not GeoJSON: top-level \"type\" is {other:?}"),
            ));
        }
    };

    let (fields, keys) = collect_fields(raw_features.iter().filter_map(|(_, p)| p.as_ref()));
    let mut features = Vec::with_capacity(raw_features.len());
    let mut unclosed_features = Vec::new();
    let mut geometry_types: Vec<String> = Vec::new();
    for (i, (geometry, properties)) in raw_features.iter().enumerate() {
        let mut unclosed = 0;
        let hint = if replaced_non_finite {
            " (the file contains NaN/Infinity, which JSON does not allow)"
        } else {
            ""
        };
        let feature_error =
            |why: String| ZoneError::format(display, format!("feature {i}: {why}{hint}"));
        let geometry = match geometry {
            None => None,
            Some(raw) => {
                let read = read_geometry_json(raw.get()).map_err(feature_error)?;
                if let Some(t) = read.kind()
                    && !geometry_types.iter().any(|k| k == t)
                {
                    geometry_types.push(t.to_string());
                }
                Some(parse_geometry(read, &mut unclosed).map_err(feature_error)?)
            }
        };
        if unclosed > 0 {
            unclosed_features.push(i);
        }
        let attributes = keys
            .iter()
            .map(|k| {
                properties
                    .as_ref()
                    .and_then(|p| p.get(k))
                    .map_or(AttrValue::Null, to_attr)
            })
            .collect();
        features.push(Feature {
            geometry,
            attributes,
        });
    }
    let crs_member = top.crs;

    let mut warnings = Vec::new();
    let bounds = layer_crs::Bounds::of_features(&features);
    let fits_degrees = bounds.is_none_or(|b| {
        b.min_x >= -180.0 && b.max_x <= 180.0 && b.min_y >= -90.0 && b.max_y <= 90.0
    });
    let from_file = match &crs_member {
        Some(member) => Some(CrsInfo {
            crs: crs_from_member(member)
                .map_err(|why| ZoneError::crs(display.display().to_string(), why))?,
            origin: CrsOrigin::GeoJsonMember,
        }),
        None if fits_degrees => Some(CrsInfo {
            crs: Crs::wgs84(),
            origin: CrsOrigin::Rfc7946Default,
        }),
        // RFC 7946 says WGS 84, but these numbers are not degrees (Chinese tools export
        // Gauss-Kruger metres without a crs member): guess from them, or ask.
        None => None,
    };
    let crs = layer_crs::decide_crs(display, opts.crs.as_ref(), from_file, bounds, &mut warnings)?;
    warnings.extend(crs.crs.datum_warning());
    layer_crs::check_finite(&features, display)?;
    layer_crs::transform_features(&mut features, &crs.crs, display)?;
    if features.is_empty() {
        warnings.push(crate::io::NO_FEATURES_WARNING.to_string());
    }
    let name = Path::new(member.map_or(path.as_os_str(), |m| {
        std::ffi::OsStr::new(m.rsplit('/').next().unwrap_or(m))
    }))
    .file_stem()
    .map(|s| s.to_string_lossy().into_owned())
    .unwrap_or_default();
    let geometry_kind = layer_crs::geometry_kind(&features);
    let role = detect_role(&fields, geometry_kind, &name);
    let source_geometry_type = if geometry_types.is_empty() {
        "None".to_string()
    } else {
        geometry_types.join("/")
    };
    let mut layer = Layer {
        name,
        path: path.to_path_buf(),
        member: member.map(str::to_string),
        dataset: None,
        format: SourceFormat::GeoJson,
        geometry_kind,
        source_geometry_type,
        fields,
        features,
        crs,
        encoding: None,
        role,
        warnings,
    };
    if !unclosed_features.is_empty() {
        let warning = unclosed_warning(&layer, &unclosed_features);
        layer.warnings.push(warning);
    }
    Ok(layer)
}

/// Names the features whose polygon rings did not end where they began (the first few, then a
/// count).
fn unclosed_warning(layer: &Layer, fids: &[usize]) -> String {
    const NAMED: usize = 10;
    let mut list: Vec<String> = fids
        .iter()
        .take(NAMED)
        .map(|&f| match layer.unit_code(f) {
            Some(code) => format!("{f} (code {code})"),
            None => f.to_string(),
        })
        .collect();
    if fids.len() > NAMED {
        list.push(format!("and {} more", fids.len() - NAMED));
    }
    format!(
        "polygon rings not closed (the last position is not the first, as RFC 7946 requires) in \
         feature {}: closed by joining the last position to the first",
        list.join(", ")
    )
}

/// JSON has no NaN or Infinity, but Python's json module writes them. Replace such bare words
/// (outside strings) with `null` so the file parses and the feature holding them can be named.
fn replace_non_finite_literals(text: &str) -> (std::borrow::Cow<'_, str>, bool) {
    if !(text.contains("NaN") || text.contains("Infinity")) {
        return (std::borrow::Cow::Borrowed(text), false);
    }
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    let mut replaced = false;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let word = ["-Infinity", "Infinity", "NaN"]
            .into_iter()
            .find(|w| rest.starts_with(w));
        if let Some(w) = word {
            out.push_str("null");
            rest = &rest[w.len()..];
            replaced = true;
            continue;
        }
        if c == '"' {
            in_string = true;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    (std::borrow::Cow::Owned(out), replaced)
}

/// Fields from the union of property keys, in first-seen order; a key's kind is the kind of its
/// values when they agree (integers widen to float), else text. Returns the fields (names
/// trimmed) and the exact keys to look values up by.
fn collect_fields<'a>(
    properties: impl Iterator<Item = &'a Map<String, Value>>,
) -> (Vec<Field>, Vec<String>) {
    let mut fields: Vec<Field> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    let mut seen: std::collections::HashMap<String, (usize, Option<FieldKind>)> =
        Default::default();
    for props in properties {
        for (key, value) in props {
            let kind = value_kind(value);
            match seen.get_mut(key) {
                Some((_, k)) => *k = merge_kind(*k, kind),
                None => {
                    seen.insert(key.clone(), (fields.len(), kind));
                    keys.push(key.clone());
                    fields.push(Field::new(key.trim().to_string(), FieldKind::Text));
                }
            }
        }
    }
    let mut kinds: Vec<(usize, Option<FieldKind>)> = seen.into_values().collect();
    kinds.sort_by_key(|(i, _)| *i);
    for (i, kind) in kinds {
        fields[i].kind = kind.unwrap_or(FieldKind::Text);
    }
    (fields, keys)
}

fn value_kind(v: &Value) -> Option<FieldKind> {
    match v {
        Value::Null => None,
        Value::Bool(_) => Some(FieldKind::Bool),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some(FieldKind::Integer),
        Value::Number(_) => Some(FieldKind::Float),
        _ => Some(FieldKind::Text),
    }
}

fn merge_kind(a: Option<FieldKind>, b: Option<FieldKind>) -> Option<FieldKind> {
    match (a, b) {
        (None, k) | (k, None) => k,
        (Some(x), Some(y)) if x == y => Some(x),
        (Some(FieldKind::Integer), Some(FieldKind::Float))
        | (Some(FieldKind::Float), Some(FieldKind::Integer)) => Some(FieldKind::Float),
        _ => Some(FieldKind::Text),
    }
}

fn to_attr(v: &Value) -> AttrValue {
    match v {
        Value::Null => AttrValue::Null,
        Value::Bool(b) => AttrValue::Bool(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => AttrValue::Integer(i),
            None => n.as_f64().map_or(AttrValue::Null, AttrValue::Float),
        },
        Value::String(s) => AttrValue::Text(s.clone().into()),
        other => AttrValue::Text(other.to_string().into()),
    }
}

/// The CRS a legacy `crs` member names.
fn crs_from_member(member: &Value) -> std::result::Result<Crs, String> {
    let name = member
        .get("properties")
        .and_then(|p| p.get("name"))
        .and_then(Value::as_str)
        .ok_or_else(|| {
            format!(
                "the \"crs\" member is not of the named form: {}",
                quote(&member.to_string())
            )
        })?;
    let upper = name.trim().to_ascii_uppercase();
    if upper.ends_with("CRS84") || upper.ends_with("CRS:84") {
        return Ok(Crs::wgs84());
    }
    let code = upper
        .rsplit([':', '/'])
        .find(|part| !part.is_empty())
        .and_then(|digits| digits.parse::<u32>().ok())
        .filter(|_| upper.contains("EPSG"))
        .ok_or_else(|| {
            format!(
                "the \"crs\" member names {:?}, which is not an EPSG code",
                quote(name)
            )
        })?;
    Crs::from_epsg(code).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Layer {
        let p = Path::new("t.geojson");
        geojson_from_text(text, p, None, p, &LoadOptions::default()).expect("reads")
    }

    #[test]
    fn features_read_one_at_a_time_keep_every_case_of_the_whole_tree() {
        let l = read(
            r#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:4490"}},
            "features":[
             {"type":"Feature","properties":{"a":1},"geometry":{"type":"Point","coordinates":[115.5,37.5]}},
             {"type":"Feature","properties":{"a":2.5,"b":"x"},"geometry":null},
             {"type":"Feature","properties":null},
             7,
             {"type":"Feature","properties":{"b":"y"},"geometry":{"type":"LineString","coordinates":[[115,37],[116,38]]}}]}"#,
        );
        assert_eq!(
            l.features.len(),
            5,
            "a non-object entry is a feature without anything"
        );
        let kinds: Vec<bool> = l.features.iter().map(|f| f.geometry.is_some()).collect();
        assert_eq!(kinds, [true, false, false, false, true]);
        assert_eq!(l.source_geometry_type, "Point/LineString");
        let names: Vec<&str> = l.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!(l.fields[0].kind, FieldKind::Float);
        assert_eq!(l.crs.origin, CrsOrigin::GeoJsonMember);
        let bare =
            read(r#"{"type":"Polygon","coordinates":[[[115,37],[116,37],[116,38],[115,37]]]}"#);
        assert_eq!(bare.features.len(), 1);
        assert_eq!(bare.source_geometry_type, "Polygon");
        let p = Path::new("t.geojson");
        let err = |t: &str| {
            geojson_from_text(t, p, None, p, &LoadOptions::default())
                .unwrap_err()
                .to_string()
        };
        assert!(err("[1,2]").contains("not a GeoJSON object"));
        assert!(
            err("{\"type\":\"FeatureCollection\",\"features\":3}").contains("\"features\" array")
        );
        assert!(err("{\"type\": ").contains("not valid JSON (line 1"));
        assert!(
            err(r#"{"type":"Feature","geometry":{"type":"Point","coordinates":["a",1]}}"#)
                .contains("feature 0: a coordinate is not a number")
        );
    }

    #[test]
    fn non_finite_words_outside_strings_become_null() {
        let (s, replaced) = replace_non_finite_literals(r#"{"a":"NaN here","c":[NaN,-Infinity]}"#);
        assert!(replaced);
        assert_eq!(s, r#"{"a":"NaN here","c":[null,null]}"#);
    }

    #[test]
    fn crs_member_forms() {
        let urn =
            serde_json::json!({"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4527"}});
        assert_eq!(crs_from_member(&urn).unwrap().epsg, Some(4527));
        let short = serde_json::json!({"type":"name","properties":{"name":"EPSG:4490"}});
        assert_eq!(crs_from_member(&short).unwrap().epsg, Some(4490));
        let crs84 = serde_json::json!({"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}});
        assert_eq!(crs_from_member(&crs84).unwrap().epsg, Some(4326));
        let bad = serde_json::json!({"type":"link","properties":{"href":"x"}});
        assert!(crs_from_member(&bad).is_err());
    }
}
