//! Readers, one format per file: Shapefile (plain or zipped), GeoJSON, File Geodatabase (a
//! `.gdb` folder or zipped), land-survey coordinate exchange text (坐标交换格式) and coordinate
//! lists. Every reader returns `Layer`s whose
//! features are CGCS2000 lon/lat, with the file's own CRS and text encoding recorded.
//!
//! Readers never write anything, least of all beside their inputs. Not for indexing or queries.

pub mod coord_list;
pub mod dbf;
pub mod dbf_encoding;
mod exchange_crs;
pub mod exchange_text;
pub mod filegdb;
mod gdb_convert;
mod gdb_layers;
pub mod geojson;
mod geojson_geometry;
pub mod geojson_write;
mod layer_crs;
mod rings;
pub mod shapefile;
mod shp_geometry;
pub mod site;
mod text;
pub mod zip;

use std::path::Path;

use crate::crs::Crs;
use crate::error::{Result, ZoneError};
use crate::model::Layer;

pub use coord_list::{CoordList, CoordListOptions, CoordMeaning, parse_coordinate_list};
pub use exchange_text::parse_exchange_text;
pub use site::{Parcel, Site, load_site, site_from_coord_list, site_from_layers};

/// How to read a file when it does not say (or says wrongly).
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// A WHATWG label (`GBK`, `UTF-8`) or code page (`936`) that overrides detection.
    pub encoding: Option<String>,
    /// A stated CRS, which overrides the file's own and any guess.
    pub crs: Option<Crs>,
    /// One layer of a container by name (a File Geodatabase feature class, or the stem of a
    /// shapefile in a zip); all layers when absent. An unknown name is an error listing the
    /// names there.
    pub layer: Option<String>,
}

/// How QGIS (and GDAL) name one layer of a container on a command line: `PATH|layername=NAME`.
const LAYERNAME: &str = "|layername=";

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

/// Reads a .shp, a .zip (one or more shapefiles, GeoJSON files or `.gdb` folders inside), a
/// File Geodatabase folder, a .geojson/.json, a coordinate exchange text (.txt) or a coordinate
/// list (.csv/.txt) into layers. `PATH|layername=NAME` picks one layer, as `opts.layer` does.
pub fn load_layers(path: &Path, opts: &LoadOptions) -> Result<Vec<Layer>> {
    if let Some((file, name)) = split_layername(path) {
        let opts = LoadOptions {
            layer: Some(name),
            ..opts.clone()
        };
        return load_layers(&file, &opts);
    }
    let meta = std::fs::metadata(path).map_err(|e| ZoneError::io(path, e))?;
    if meta.is_dir() {
        if !filegdb::looks_like_gdb(path) {
            return Err(ZoneError::format(
                path,
                "is a folder but not a File Geodatabase (no a00000001.gdbtable): name a .gdb folder, .shp, .zip, .geojson, .txt or .csv file",
            ));
        }
        let layers = gdb_layers::read_gdb_dir(path, opts)?;
        for layer in &layers {
            check_lonlat_range(path, layer)?;
        }
        return Ok(layers);
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
        // A file picked inside a .gdb folder (file dialogs pick files, not folders).
        "gdbtable" | "gdbtablx" | "gdbindexes" | "atx" | "spx" | "freelist" => {
            return match path.parent().filter(|p| filegdb::looks_like_gdb(p)) {
                Some(gdb) => load_layers(gdb, opts),
                None => Err(ZoneError::format(
                    path,
                    "is part of a File Geodatabase: open the .gdb folder it belongs to",
                )),
            };
        }
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
            let bytes = std::fs::read(path).map_err(|e| ZoneError::io(path, e))?;
            if exchange_text::looks_like_exchange_text(&bytes) {
                vec![exchange_text::read_exchange_text(path, opts)?]
            } else {
                vec![coord_list::read_coordinate_list_file(path, opts)?]
            }
        }
        Kind::CoordList => vec![coord_list::read_coordinate_list_file(path, opts)?],
    };
    let layers = pick_layer(path, layers, opts.layer.as_deref())?;
    for layer in &layers {
        check_lonlat_range(path, layer)?;
    }
    Ok(layers)
}

/// `PATH|layername=NAME` split, when `path` is written so and `PATH` exists.
fn split_layername(path: &Path) -> Option<(std::path::PathBuf, String)> {
    let text = path.to_str()?;
    let at = text.rfind(LAYERNAME)?;
    let file = Path::new(&text[..at]);
    let name = text[at + LAYERNAME.len()..].trim();
    (file.exists() && !path.exists() && !name.is_empty())
        .then(|| (file.to_path_buf(), name.to_string()))
}

/// The layer named `wanted` among those of a file (a File Geodatabase picks its own while
/// reading); an unknown name is an error listing the names there.
fn pick_layer(path: &Path, layers: Vec<Layer>, wanted: Option<&str>) -> Result<Vec<Layer>> {
    let Some(want) = wanted.map(str::trim) else {
        return Ok(layers);
    };
    let matches = |l: &Layer| {
        l.name.eq_ignore_ascii_case(want) || l.member.as_deref().is_some_and(|m| m == want)
    };
    if layers.iter().any(matches) {
        return Ok(layers.into_iter().filter(matches).collect());
    }
    let names: Vec<&str> = layers.iter().map(|l| l.name.as_str()).collect();
    Err(ZoneError::Input(format!(
        "{}: no layer named {want:?}; it holds: {}",
        path.display(),
        names.join(", ")
    )))
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
    ))
}

/// Decides the format of a file with an unknown extension from its first bytes.
fn sniff_kind(path: &Path) -> Result<Kind> {
    use std::io::Read;
    let mut head = [0u8; 512];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|e| ZoneError::io(path, e))?;
    let head = &head[..n];
    if head.starts_with(b"PK\x03\x04") {
        return Ok(Kind::Zip);
    }
    if head.starts_with(&[0x00, 0x00, 0x27, 0x0A]) {
        return Ok(Kind::Shapefile);
    }
    let text = String::from_utf8_lossy(head);
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        return Ok(Kind::GeoJson);
    }
    if exchange_text::looks_like_exchange_text(head) {
        return Ok(Kind::Text);
    }
    Err(ZoneError::format(
        path,
        "unrecognised format: zonecheck reads .shp, .zip, .gdb folders, .geojson/.json, coordinate exchange .txt and .csv coordinate lists",
    ))
}
