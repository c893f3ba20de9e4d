//! Readers, one format per file: Shapefile (plain or zipped), GeoJSON, land-survey coordinate
//! exchange text (坐标交换格式) and coordinate lists. Every reader returns `Layer`s whose
//! features are CGCS2000 lon/lat, with the file's own CRS and text encoding recorded.
//!
//! Readers never write anything, least of all beside their inputs. Not for indexing or queries.

pub mod coord_list;
pub mod dbf;
pub mod dbf_encoding;
mod exchange_crs;
pub mod exchange_text;
pub mod geojson;
mod geojson_geometry;
pub mod geojson_write;
mod layer_crs;
pub mod open;
mod rings;
pub mod shapefile;
mod shp_geometry;
mod shx;
pub mod site;
pub mod text;
pub mod validity;
pub mod zip;

use std::path::Path;

use crate::crs::Crs;
use crate::error::{Fix, Result, ZoneError};
use crate::model::Layer;

pub use coord_list::{CoordList, CoordListOptions, CoordMeaning, parse_coordinate_list};
pub use exchange_text::parse_exchange_text;
pub use open::{Openable, check_openable, read_file};
pub use site::{Parcel, Site, load_site, site_from_coord_list, site_from_layers};

/// How to read a file when it does not say (or says wrongly).
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// A WHATWG label (`GBK`, `UTF-8`) or code page (`936`) that overrides detection.
    pub encoding: Option<String>,
    /// A stated CRS, which overrides the file's own and any guess.
    pub crs: Option<Crs>,
}

/// The formats `load_layers` recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Shapefile,
    Zip,
    GeoJson,
    /// .txt: exchange text when it has the section headers, else a coordinate list.
    Text,
    CoordList,
}

/// Reads a .shp, a .zip (one or more shapefiles or GeoJSON files inside), a .geojson/.json, a
/// coordinate exchange text (.txt) or a coordinate list (.csv/.txt) into layers.
pub fn load_layers(path: &Path, opts: &LoadOptions) -> Result<Vec<Layer>> {
    if check_openable(path)? == Openable::Folder {
        return Err(ZoneError::format(
            path,
            "is a folder: name a .shp, .zip, .geojson, .txt or .csv file",
        ));
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let kind = match ext.as_str() {
        "shp" => Kind::Shapefile,
        "zip" => Kind::Zip,
        "geojson" | "json" => Kind::GeoJson,
        "txt" => Kind::Text,
        "csv" | "tsv" => Kind::CoordList,
        "dbf" | "shx" | "prj" | "cpg" => {
            return Err(ZoneError::format(
                path,
                "is part of a shapefile: open the .shp file beside it",
            ));
        }
        _ => sniff_kind(path)?,
    };
    let layers = match kind {
        Kind::Shapefile => vec![shapefile::read_shapefile(path, opts)?],
        Kind::Zip => zip::read_zip(path, opts)?,
        Kind::GeoJson => vec![geojson::read_geojson(path, opts)?],
        Kind::Text => {
            let head = open::read_head(path, text::SNIFF_BYTES)?;
            if exchange_text::looks_like_exchange_text(&head) {
                vec![exchange_text::read_exchange_text(path, opts)?]
            } else {
                vec![coord_list::read_coordinate_list_file(path, opts)?]
            }
        }
        Kind::CoordList => vec![coord_list::read_coordinate_list_file(path, opts)?],
    };
    let mut layers = layers;
    for layer in &mut layers {
        check_lonlat_range(path, layer)?;
        validity::repair_self_intersections(layer);
    }
    Ok(layers)
}

/// Fails when a layer's coordinates, taken to lon/lat through its CRS, are not on the Earth:
/// the CRS stated (or declared by the file) is wrong — typically Gauss-Kruger metres read as
/// degrees. Answering queries on such a layer would silently find nothing.
fn check_lonlat_range(path: &Path, layer: &Layer) -> Result<()> {
    let Some(extent) = layer.extent_lonlat() else {
        return Ok(());
    };
    let (min, max) = (extent.min(), extent.max());
    let on_earth = [min.x, max.x]
        .iter()
        .all(|x| x.is_finite() && x.abs() <= 180.0)
        && [min.y, max.y]
            .iter()
            .all(|y| y.is_finite() && y.abs() <= 90.0);
    if on_earth {
        return Ok(());
    }
    let what = match &layer.member {
        Some(m) => format!("layer {m}: "),
        None => String::new(),
    };
    Err(ZoneError::crs(
        path.display().to_string(),
        format!(
            "{what}the coordinates do not fit {} ({}): they give longitudes {:.0}…{:.0} and \
             latitudes {:.0}…{:.0}, off the Earth. The CRS is wrong — projected metres read as \
             degrees? State the right one (e.g. EPSG:4527).",
            layer.crs.crs.label(),
            layer.crs.origin.describe(),
            min.x,
            max.x,
            min.y,
            max.y
        ),
    )
    .with_fix(Fix::StateLayerCrs { example: None }))
}

/// Decides the format of a file with an unknown extension from its first bytes.
fn sniff_kind(path: &Path) -> Result<Kind> {
    let head = open::read_head(path, text::SNIFF_BYTES)?;
    let head = head.as_slice();
    if head.starts_with(b"PK\x03\x04") {
        return Ok(Kind::Zip);
    }
    if head.starts_with(&[0x00, 0x00, 0x27, 0x0A]) {
        return Ok(Kind::Shapefile);
    }
    let text = text::decode_prefix(head);
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        return Ok(Kind::GeoJson);
    }
    if exchange_text::looks_like_exchange_text(head) {
        return Ok(Kind::Text);
    }
    Err(ZoneError::format(
        path,
        "unrecognised format: zonecheck reads .shp, .zip, .geojson/.json, coordinate exchange .txt and .csv coordinate lists",
    ))
}
