//! KML and KMZ (Google Earth; Ovital's .ovkml/.ovkmz are the same with GCJ-02 lon/lat): every
//! Placemark at any depth of Documents and Folders becomes a feature of one layer, with its
//! folder path, `<name>`, `<description>` and `ExtendedData` (`Data` and `SchemaData` values) as
//! text attributes. KML is WGS 84 lon/lat by definition; web-map offsets are undone afterwards
//! (see `web_offsets`). `LoadOptions::layer` keeps the placemarks of one folder.
//!
//! Parsing is the georust `kml` crate's, after `kml_xml` has checked the XML; geometry goes
//! through `kml_geometry`. Not for styles, overlays, network links or writing KML.

use std::io::Read;
use std::path::Path;

use geo::Geometry;
use kml::types::Element;
use kml::{Kml, KmlReader};

use crate::crs::{Crs, CrsInfo, CrsOrigin};
use crate::error::{Result, ZoneError};
use crate::io::LoadOptions;
use crate::io::kml_empty_points::without_empty_points;
use crate::io::kml_geometry::kml_to_geo;
use crate::io::kml_xml::{check_kml_xml, decode_xml};
use crate::io::layer_crs;
use crate::io::layer_parts::{LayerParts, file_stem};
use crate::io::layer_select::{no_such_layer, same_name};
use crate::io::zip::decode_member_name;
use crate::model::{AttrValue, Feature, Field, FieldKind, Layer, SourceFormat};

/// The KML inside a KMZ larger than this is refused (a hostile archive cannot exhaust memory).
const MAX_KML_BYTES: u64 = 1024 * 1024 * 1024;

/// The attributes every placemark has, before its ExtendedData.
const FOLDER: &str = "folder";
const NAME: &str = "name";
const DESCRIPTION: &str = "description";

/// One placemark as found: where it sits, what it says and its geometry.
struct RawPlacemark {
    /// Folder names from the outermost down.
    folders: Vec<String>,
    name: Option<String>,
    description: Option<String>,
    /// ExtendedData values by name, in document order.
    data: Vec<(String, String)>,
    geometry: Option<Geometry<f64>>,
}

/// Reads a .kml/.ovkml (XML) or .kmz/.ovkmz (zipped) file into one layer.
pub fn read_kml(path: &Path, opts: &LoadOptions) -> Result<Vec<Layer>> {
    let bytes = std::fs::read(path).map_err(|e| ZoneError::io(path, e))?;
    let zipped = bytes.starts_with(b"PK\x03\x04");
    let (xml, member) = if zipped {
        let (xml, member) = main_kml_member(path, &bytes)?;
        (xml, Some(member))
    } else {
        (bytes, None)
    };
    let display = match &member {
        Some(m) => path.join(m),
        None => path.to_path_buf(),
    };
    let (text, encoding) = decode_xml(&xml, opts.encoding.as_deref()).map_err(ZoneError::Input)?;
    check_kml_xml(&text).map_err(|why| ZoneError::format(&display, why))?;
    let (text, empty_points) = without_empty_points(&text);
    let kml: Kml<f64> = KmlReader::from_string(&text)
        .read()
        .map_err(|e| ZoneError::format(&display, format!("not readable KML: {e}")))?;
    let mut placemarks = Vec::new();
    walk(std::slice::from_ref(&kml), &mut Vec::new(), &mut placemarks);
    if let Some(want) = opts.layer.as_deref() {
        let mut folders: Vec<String> = placemarks.iter().flat_map(|p| p.folders.clone()).collect();
        folders.sort();
        folders.dedup();
        placemarks.retain(|p| p.folders.iter().any(|f| same_name(f, want)));
        if placemarks.is_empty() {
            return Err(no_such_layer(path, want, &folders));
        }
    }

    let mut warnings = Vec::new();
    if empty_points > 0 {
        warnings.push(format!(
            "{empty_points} <Point> element(s) have no coordinate: read as placemarks without geometry"
        ));
    }
    let without = placemarks.iter().filter(|p| p.geometry.is_none()).count();
    if without > 0 {
        warnings.push(format!(
            "{without} placemark(s) have no geometry zonecheck reads (none, a 3D model or a GPS track): kept without geometry, so they take part in no check; draw them as a polygon, path or point (Google Earth, Ovital) to have them checked"
        ));
    }
    let (fields, mut features) = to_features(placemarks);
    let kml_crs = CrsInfo {
        crs: Crs::wgs84(),
        origin: CrsOrigin::FormatDefault(
            "KML is WGS 84 lon/lat by definition (OGC KML 2.2)".into(),
        ),
    };
    let crs = layer_crs::georeference(
        &mut features,
        opts.crs.as_ref(),
        Some(kml_crs),
        &display,
        &mut warnings,
    )?;
    Ok(vec![
        LayerParts {
            name: file_stem(path),
            path: path.to_path_buf(),
            member,
            format: if zipped {
                SourceFormat::Kmz
            } else {
                SourceFormat::Kml
            },
            source_geometry_type: "Placemark".to_string(),
            fields,
            features,
            crs,
            encoding: Some(encoding),
            warnings,
        }
        .into_layer(),
    ])
}

/// The main KML of a KMZ: `doc.kml` at the top, else the first `.kml` at the top, else the
/// first anywhere (as Google Earth picks it), with its member name.
fn main_kml_member(path: &Path, bytes: &[u8]) -> Result<(Vec<u8>, String)> {
    let mut archive = ::zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| ZoneError::format(path, format!("not a readable KMZ (zip) archive: {e}")))?;
    let mut names = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| ZoneError::format(path, format!("member {i} cannot be read: {e}")))?;
        names.push(decode_member_name(entry.name_raw()));
    }
    let is_kml = |n: &&String| n.to_ascii_lowercase().ends_with(".kml");
    let top = |n: &&String| !n.contains('/');
    let chosen = names
        .iter()
        .position(|n| n.eq_ignore_ascii_case("doc.kml"))
        .or_else(|| names.iter().position(|n| is_kml(&n) && top(&n)))
        .or_else(|| names.iter().position(|n| is_kml(&n)))
        .ok_or_else(|| ZoneError::format(path, "the KMZ archive holds no .kml file"))?;
    let name = names[chosen].clone();
    let entry = archive
        .by_index(chosen)
        .map_err(|e| ZoneError::format(path, format!("member {name} cannot be read: {e}")))?;
    let mut xml = Vec::new();
    entry
        .take(MAX_KML_BYTES + 1)
        .read_to_end(&mut xml)
        .map_err(|e| {
            ZoneError::format(path, format!("member {name} cannot be decompressed: {e}"))
        })?;
    if xml.len() as u64 > MAX_KML_BYTES {
        return Err(ZoneError::format(
            path,
            format!("member {name} is larger than {MAX_KML_BYTES} bytes"),
        ));
    }
    Ok((xml, name))
}

/// Collects the placemarks under `elements`, `folders` being the path to them.
fn walk(elements: &[Kml<f64>], folders: &mut Vec<String>, out: &mut Vec<RawPlacemark>) {
    for e in elements {
        match e {
            Kml::KmlDocument(d) => walk(&d.elements, folders, out),
            Kml::Document { elements, .. } => walk(elements, folders, out),
            Kml::Folder(f) => {
                folders.push(f.name.as_deref().unwrap_or("").trim().to_string());
                walk(&f.elements, folders, out);
                folders.pop();
            }
            Kml::Placemark(p) => out.push(RawPlacemark {
                folders: folders.iter().filter(|f| !f.is_empty()).cloned().collect(),
                name: p.name.as_deref().map(str::trim).map(str::to_string),
                description: p.description.as_deref().map(str::trim).map(str::to_string),
                data: p.children.iter().flat_map(extended_data).collect(),
                geometry: p.geometry.as_ref().and_then(kml_to_geo),
            }),
            _ => {}
        }
    }
}

/// The (name, value) pairs of an `ExtendedData` element: `<Data name=…><value>` and
/// `<SchemaData><SimpleData name=…>`.
fn extended_data(e: &Element) -> Vec<(String, String)> {
    if e.name != "ExtendedData" {
        return Vec::new();
    }
    let content = |e: &Element| e.content.as_deref().unwrap_or("").trim().to_string();
    let mut out = Vec::new();
    for child in &e.children {
        match child.name.as_str() {
            "Data" => {
                if let Some(name) = child.attrs.get("name") {
                    let value = child
                        .children
                        .iter()
                        .find(|c| c.name == "value")
                        .map(content)
                        .unwrap_or_default();
                    out.push((name.trim().to_string(), value));
                }
            }
            "SchemaData" => {
                for simple in child.children.iter().filter(|c| c.name == "SimpleData") {
                    if let Some(name) = simple.attrs.get("name") {
                        out.push((name.trim().to_string(), content(simple)));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Fields (folder, name, description, then every ExtendedData name in first-seen order; a name
/// that repeats one of those gets a `_data` suffix) and the features.
fn to_features(placemarks: Vec<RawPlacemark>) -> (Vec<Field>, Vec<Feature>) {
    let mut names: Vec<String> = vec![FOLDER.into(), NAME.into(), DESCRIPTION.into()];
    let mut key_of = std::collections::HashMap::new();
    for (key, _) in placemarks.iter().flat_map(|p| &p.data) {
        if key_of.contains_key(key) {
            continue;
        }
        let mut field = key.clone();
        while names.iter().any(|n| same_name(n, &field)) {
            field.push_str("_data");
        }
        key_of.insert(key.clone(), names.len());
        names.push(field);
    }
    let text = |v: Option<String>| match v {
        Some(s) if !s.is_empty() => AttrValue::Text(s.into()),
        _ => AttrValue::Null,
    };
    let features = placemarks
        .into_iter()
        .map(|p| {
            let mut attributes = vec![AttrValue::Null; names.len()];
            attributes[0] = text((!p.folders.is_empty()).then(|| p.folders.join("/")));
            attributes[1] = text(p.name);
            attributes[2] = text(p.description);
            for (key, value) in p.data {
                if let Some(&i) = key_of.get(&key) {
                    attributes[i] = text(Some(value));
                }
            }
            Feature {
                geometry: p.geometry,
                attributes,
            }
        })
        .collect();
    let fields = names
        .into_iter()
        .map(|name| Field::new(name, FieldKind::Text))
        .collect();
    (fields, features)
}
