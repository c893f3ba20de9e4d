//! Land-survey coordinate exchange text (坐标交换格式, "电子报盘"): the `[属性描述]` header
//! (坐标系, 几度分带, 带号 …) and `[地块坐标]` parcels, each a header line ending in `@` followed
//! by point lines `点号,圈号,X(north),Y(east)`. Each parcel becomes one feature.
//!
//! The CRS comes from the header and the eastings: a zone prefix on the eastings wins over a
//! 带号 that disagrees (with a warning). Not for writing the format.

use std::path::Path;

use geo::{Area, Coord, Geometry, LineString, MultiLineString, MultiPoint, Point};

use crate::crs::{CrsInfo, CrsOrigin};
use crate::error::{Result, ZoneError, quote};
use crate::io::LoadOptions;
use crate::io::exchange_crs::header_crs;
use crate::io::layer_crs;
use crate::io::rings::polygons_from_rings;
use crate::io::text::{decode_prefix, decode_text_owned};
use crate::model::role::detect_role;
use crate::model::{AttrValue, EncodingInfo, Feature, Field, FieldKind, Layer, SourceFormat};

/// How far (relative) a parcel's stated 地块面积 may differ from its boundary's planar area before
/// it is warned about: 0.1 %, the rounding of a figure stated to four decimals of a hectare on
/// parcels of a few hectares.
pub const DECLARED_AREA_TOLERANCE: f64 = 0.001;

/// The attribute a parcel's stated 地块面积 (hectares) is kept in.
pub const DECLARED_HECTARES_FIELD: &str = "地块面积(公顷)";

/// The parcel header fields in the standard order (the 9th field is the `@` terminator).
const HEADER_FIELDS: [(&str, FieldKind); 8] = [
    ("界址点数", FieldKind::Integer),
    (DECLARED_HECTARES_FIELD, FieldKind::Float),
    ("地块编号", FieldKind::Text),
    ("地块名称", FieldKind::Text),
    ("图形属性", FieldKind::Text),
    ("图幅号", FieldKind::Text),
    ("地块用途", FieldKind::Text),
    ("地类编号", FieldKind::Text),
];

/// Whether `bytes` look like exchange text (either section header present, GBK or UTF-8).
/// Only the first bytes are decoded (see `text::decode_prefix`), however large the file.
pub fn looks_like_exchange_text(bytes: &[u8]) -> bool {
    let t = decode_prefix(bytes);
    t.contains("[地块坐标]") || t.contains("[属性描述]")
}

/// Reads an exchange-text file (GBK or UTF-8).
pub fn read_exchange_text(path: &Path, opts: &LoadOptions) -> Result<Layer> {
    let bytes = crate::io::open::read_file(path)?;
    let (text, encoding) = decode_text_owned(bytes, opts.encoding.as_deref())?;
    build_layer(&text, path, encoding, opts)
}

/// Parses exchange text already in memory (pasted into the app); `source` names it in messages.
pub fn parse_exchange_text(text: &str, source: &Path, opts: &LoadOptions) -> Result<Layer> {
    let encoding = EncodingInfo {
        encoding: "UTF-8".into(),
        how: "text given".into(),
    };
    build_layer(text, source, encoding, opts)
}

/// The `key=value` pairs of `[属性描述]`, in file order.
type HeaderPairs = Vec<(String, String)>;

/// One parcel as read: header values and its points (ring number, north, east).
struct RawParcel {
    line: usize,
    header: Vec<String>,
    points: Vec<(String, Coord<f64>)>,
}

fn build_layer(
    text: &str,
    path: &Path,
    encoding: EncodingInfo,
    opts: &LoadOptions,
) -> Result<Layer> {
    let (attributes, parcels) = split_sections(text, path)?;
    let mut warnings = Vec::new();
    let crs = if let Some(stated) = &opts.crs {
        CrsInfo {
            crs: stated.clone(),
            origin: CrsOrigin::Stated,
        }
    } else {
        let eastings: Vec<f64> = parcels
            .iter()
            .flat_map(|p| p.points.iter().map(|(_, c)| c.x))
            .collect();
        header_crs(&attributes, &eastings, path, &mut warnings)?
    };
    warnings.extend(crs.crs.datum_warning());

    let extra = parcels
        .iter()
        .map(|p| p.header.len().saturating_sub(HEADER_FIELDS.len()))
        .max()
        .unwrap_or(0);
    let mut fields: Vec<Field> = HEADER_FIELDS
        .iter()
        .map(|(n, k)| Field::new(n.to_string(), *k))
        .collect();
    fields.extend((0..extra).map(|i| Field::new(format!("附加字段{}", i + 1), FieldKind::Text)));

    let mut features = Vec::with_capacity(parcels.len());
    for (i, p) in parcels.iter().enumerate() {
        let shape = p.header.get(4).map(String::as_str).unwrap_or("面");
        let geometry = parcel_geometry(p, shape, &mut warnings, i);
        check_parcel(p, geometry.as_ref(), &mut warnings, i);
        let attributes = (0..fields.len())
            .map(|k| {
                let v = p.header.get(k).map(|s| s.trim()).unwrap_or("");
                match (v.is_empty(), fields[k].kind) {
                    (true, _) => AttrValue::Null,
                    (false, FieldKind::Integer) => v
                        .parse()
                        .map_or(AttrValue::Text(v.into()), AttrValue::Integer),
                    (false, FieldKind::Float) => v
                        .parse()
                        .map_or(AttrValue::Text(v.into()), AttrValue::Float),
                    (false, _) => AttrValue::Text(v.into()),
                }
            })
            .collect();
        features.push(Feature {
            geometry,
            attributes,
        });
    }
    if features.is_empty() {
        warnings.push(
            "the [地块坐标] section holds no parcels: export the file again from the survey \
             software"
                .to_string(),
        );
    }
    layer_crs::check_finite(&features, path)?;
    layer_crs::transform_features(&mut features, &crs.crs, path)?;
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let geometry_kind = layer_crs::geometry_kind(&features);
    let role = detect_role(&fields, geometry_kind, &name);
    Ok(Layer {
        name,
        path: path.to_path_buf(),
        member: None,
        dataset: None,
        format: SourceFormat::CoordinateExchangeText,
        geometry_kind,
        source_geometry_type: "地块 (exchange text parcels)".to_string(),
        fields,
        features,
        crs,
        encoding: Some(encoding),
        role,
        warnings,
    })
}

/// Splits the text into `key=value` pairs of `[属性描述]` and the parcels of `[地块坐标]`.
fn split_sections(text: &str, path: &Path) -> Result<(HeaderPairs, Vec<RawParcel>)> {
    let mut attributes = Vec::new();
    let mut parcels: Vec<RawParcel> = Vec::new();
    let mut section = "";
    let mut saw_coordinates = false;
    for (n, raw_line) in text.lines().enumerate() {
        let line_no = n + 1;
        let line = raw_line
            .trim()
            .trim_start_matches('\u{feff}')
            .replace('，', ",");
        if line.is_empty() {
            continue;
        }
        if line.starts_with('[') && line.ends_with(']') {
            section = if line.contains("属性描述") {
                "attributes"
            } else if line.contains("地块坐标") {
                saw_coordinates = true;
                "coordinates"
            } else {
                ""
            };
            continue;
        }
        match section {
            "attributes" => {
                if let Some((k, v)) = line.split_once('=') {
                    attributes.push((k.trim().to_string(), v.trim().to_string()));
                }
            }
            "coordinates" => {
                let parts: Vec<&str> = line.split(',').map(str::trim).collect();
                if parts.last() == Some(&"@")
                    || (parts.len() >= 8
                        && parts.first().is_some_and(|f| f.parse::<u64>().is_ok())
                        && parts.len() != 4)
                {
                    let end = if parts.last() == Some(&"@") {
                        parts.len() - 1
                    } else {
                        parts.len()
                    };
                    parcels.push(RawParcel {
                        line: line_no,
                        header: parts[..end].iter().map(|s| s.to_string()).collect(),
                        points: Vec::new(),
                    });
                    continue;
                }
                let parcel = parcels.last_mut().ok_or_else(|| {
                    ZoneError::format(path, format!("line {line_no}: a point line before any parcel header (a line ending in @)"))
                })?;
                if parts.len() < 4 {
                    return Err(ZoneError::format(
                        path,
                        format!(
                            "line {line_no}: expected 点号,圈号,X,Y but found {:?}",
                            quote(&line)
                        ),
                    ));
                }
                let num = |s: &str, what: &str| -> Result<f64> {
                    s.parse::<f64>()
                        .ok()
                        .filter(|v| v.is_finite())
                        .ok_or_else(|| {
                            ZoneError::format(
                                path,
                                format!("line {line_no}: {what} {:?} is not a number", quote(s)),
                            )
                        })
                };
                let north = num(parts[2], "X (north)")?;
                let east = num(parts[3], "Y (east)")?;
                parcel
                    .points
                    .push((parts[1].to_string(), Coord { x: east, y: north }));
            }
            _ => {}
        }
    }
    if !saw_coordinates {
        return Err(ZoneError::format(
            path,
            "no [地块坐标] section: not a coordinate exchange text file",
        ));
    }
    Ok((attributes, parcels))
}

/// The parcel's geometry in the file's own coordinates (x = east, y = north).
fn parcel_geometry(
    p: &RawParcel,
    shape: &str,
    warnings: &mut Vec<String>,
    index: usize,
) -> Option<Geometry<f64>> {
    if p.points.is_empty() {
        warnings.push(format!(
            "parcel {index} (line {}) has no points and is left out: add its points or remove \
             its header line",
            p.line
        ));
        return None;
    }
    // Consecutive runs of the same 圈号 form one ring or line.
    let mut runs: Vec<Vec<Coord<f64>>> = Vec::new();
    let mut current: Option<&str> = None;
    for (ring, c) in &p.points {
        if current != Some(ring.as_str()) {
            runs.push(Vec::new());
            current = Some(ring.as_str());
        }
        if let Some(run) = runs.last_mut() {
            run.push(*c);
        }
    }
    match shape {
        "点" => Some(Geometry::MultiPoint(MultiPoint(
            p.points.iter().map(|(_, c)| Point(*c)).collect(),
        ))),
        "线" => {
            let mut lines: Vec<LineString<f64>> = runs.into_iter().map(LineString).collect();
            if lines.len() == 1 {
                lines.pop().map(Geometry::LineString)
            } else {
                Some(Geometry::MultiLineString(MultiLineString(lines)))
            }
        }
        _ => {
            let (g, dropped) = polygons_from_rings(runs.into_iter().map(LineString).collect());
            if dropped > 0 {
                warnings.push(format!(
                    "parcel {index} (line {}): {dropped} rings with fewer than 3 points dropped",
                    p.line
                ));
            }
            g
        }
    }
}

/// Cross-checks a parcel's declared point count and area against its boundary.
fn check_parcel(
    p: &RawParcel,
    geometry: Option<&Geometry<f64>>,
    warnings: &mut Vec<String>,
    index: usize,
) {
    let label = p
        .header
        .get(2)
        .filter(|s| !s.is_empty())
        .cloned()
        .unwrap_or_else(|| format!("parcel {index}"));
    if let Some(declared) = p
        .header
        .first()
        .and_then(|s| s.trim().parse::<usize>().ok())
        && declared != p.points.len()
    {
        warnings.push(format!(
            "{label}: header says {declared} points, {} found: check for points missing or \
             repeated (is it the complete export?)",
            p.points.len()
        ));
    }
    let declared_ha = p
        .header
        .get(1)
        .and_then(|s| s.trim().parse::<f64>().ok())
        .filter(|a| *a > 0.0);
    if let (Some(declared_ha), Some(g)) = (declared_ha, geometry) {
        let area_ha = g.unsigned_area() / 10_000.0;
        let difference = (area_ha - declared_ha) / declared_ha;
        if area_ha > 0.0 && difference.abs() > DECLARED_AREA_TOLERANCE {
            warnings.push(format!(
                "{label}: header says {declared_ha} ha but the boundary encloses {area_ha:.4} ha \
                 (planar, in the file's projection): {:+.2} %, beyond the 0.1 % rounding allows; \
                 check the boundary points or the stated area",
                difference * 100.0
            ));
        }
    }
}
