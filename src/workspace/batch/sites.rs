//! The sites of a batch: a file holding many sites (each GeoJSON feature, shapefile / File
//! Geodatabase / GeoPackage record, KML Placemark, 坐标交换格式 地块 or workbook parcel is one
//! site) or a folder (each site file is one site, read exactly as `check --site` reads it), in
//! input order, each with its id and where it came from.
//!
//! A site that cannot be read, or has no area, is kept as an entry carrying its error, so the
//! batch answers every other site and says which ones it could not. Not for answering sites
//! (see `batch::answer_sites`).

use std::path::{Path, PathBuf};

use geo::Geometry;

use crate::error::{Result, ZoneError};
use crate::io::{LoadOptions, Openable, Site, check_openable, load_layers, load_site};
use crate::model::{Layer, SourceFormat};
use crate::query::area_ellipsoidal_m2;

/// Attribute fields that carry a site's own name or number, most telling first: the exchange
/// text's 地块编号 (and a workbook parcel's 地块名称), a KML `<name>`, then the usual names.
pub const ID_FIELDS: [&str; 8] = [
    "地块编号",
    "地块名称",
    "name",
    "名称",
    "id",
    "编号",
    "DKBH",
    "DKMC",
];

/// Files in a sites folder that are parts of another file (a shapefile's sidecars) or metadata:
/// skipped without a word.
const SIDECARS: [&str; 11] = [
    "dbf", "shx", "prj", "cpg", "sbn", "sbx", "qix", "fix", "xml", "qmd", "aux",
];

/// Extensions a sites folder's files are read by (what `load_layers` reads as a whole file).
const SITE_EXTENSIONS: [&str; 18] = [
    "shp", "zip", "geojson", "json", "txt", "csv", "tsv", "gpkg", "kml", "kmz", "ovkml", "ovkmz",
    "dxf", "xlsx", "xlsm", "xls", "ods", "gdb",
];

/// One site of a batch as read: its geometry, or why it could not be read.
#[derive(Debug)]
pub struct BatchSite {
    /// 0-based position in the input.
    pub index: usize,
    /// The site's own name or number, else `<file stem>#<index+1>` (see [`ID_FIELDS`]).
    pub id: String,
    /// The file it was read from.
    pub source: PathBuf,
    /// The site, or what made it unreadable (or not an area).
    pub site: std::result::Result<Site, ZoneError>,
}

/// Everything read from a sites path: the sites in order and the warnings about the path as a
/// whole (a layer's guessed CRS, files skipped in a folder), said once rather than per site.
#[derive(Debug, Default)]
pub struct BatchSites {
    pub sites: Vec<BatchSite>,
    pub warnings: Vec<String>,
}

/// Reads the sites of `path` (a many-site file or a folder of site files). Fails only when the
/// path itself cannot be read (missing, a broken file of many sites, an empty folder); a bad
/// site among good ones is an entry with its error.
pub fn read_sites(path: &Path, opts: &LoadOptions) -> Result<BatchSites> {
    match check_openable(path)? {
        Openable::Folder if !crate::io::filegdb::looks_like_gdb(path) => read_folder(path, opts),
        _ => read_many_site_file(path, opts),
    }
}

/// A site file in a folder: all its features together are one site, as `check --site` reads it.
fn read_folder(dir: &Path, opts: &LoadOptions) -> Result<BatchSites> {
    let mut names: Vec<(String, PathBuf)> = Vec::new();
    let mut skipped: Vec<String> = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| ZoneError::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| ZoneError::io(dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let path = entry.path();
        let ext = extension(&path);
        if SIDECARS.contains(&ext.as_str()) {
            continue;
        }
        let is_dir = path.is_dir();
        let readable = if is_dir {
            crate::io::filegdb::looks_like_gdb(&path)
        } else {
            SITE_EXTENSIONS.contains(&ext.as_str())
        };
        if readable {
            names.push((name, path));
        } else {
            skipped.push(name);
        }
    }
    // Byte order of the UTF-8 names: the same order on every machine and locale.
    names.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    if names.is_empty() {
        return Err(ZoneError::format(
            dir,
            "the folder holds no site file (.shp, .geojson, .kml, .gpkg, .txt, .xlsx, .dxf, .zip, .gdb …)",
        ));
    }
    let mut warnings = Vec::new();
    if !skipped.is_empty() {
        skipped.sort();
        warnings.push(format!(
            "{}: {} entries are not site files and were skipped: {}",
            dir.display(),
            skipped.len(),
            skipped.join(", ")
        ));
    }
    let sites = names
        .into_iter()
        .enumerate()
        .map(|(index, (_, path))| {
            let site = load_site(&path, opts).and_then(|s| require_area(&path, s));
            let id = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| format!("#{}", index + 1));
            BatchSite {
                index,
                id,
                source: path,
                site,
            }
        })
        .collect();
    Ok(BatchSites { sites, warnings })
}

/// Each feature of every layer of the file is one site. A CAD drawing is a site plan: the whole
/// drawing is one site, as `check --site` reads it.
fn read_many_site_file(path: &Path, opts: &LoadOptions) -> Result<BatchSites> {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if extension(path) == "dxf" {
        let site = load_site(path, opts).and_then(|s| require_area(path, s));
        return Ok(BatchSites {
            sites: vec![BatchSite {
                index: 0,
                id: stem,
                source: path.to_path_buf(),
                site,
            }],
            warnings: Vec::new(),
        });
    }
    let layers = load_layers(path, opts).map_err(ZoneError::for_site)?;
    let mut out = BatchSites::default();
    for mut layer in layers {
        out.warnings.extend(
            layer
                .warnings
                .drain(..)
                .map(|w| format!("{}: {}: {w}", path.display(), layer.name)),
        );
        let features = std::mem::take(&mut layer.features);
        for feature in features {
            let index = out.sites.len();
            let one = Layer {
                features: vec![feature],
                ..layer.clone()
            };
            let id = own_id(&one).unwrap_or_else(|| format!("{stem}#{}", index + 1));
            let site = site_of_feature(path, &id, &one);
            out.sites.push(BatchSite {
                index,
                id,
                source: path.to_path_buf(),
                site,
            });
        }
    }
    if out.sites.is_empty() {
        return Err(ZoneError::format(
            path,
            "the file holds no feature to check",
        ));
    }
    Ok(out)
}

/// The site made of one feature, named by its id, exactly as `site_from_layers` makes any site.
fn site_of_feature(path: &Path, id: &str, one: &Layer) -> Result<Site> {
    if one.features.first().is_none_or(|f| f.geometry.is_none()) {
        return Err(ZoneError::format(
            path,
            format!("site {id}: the feature has no geometry"),
        ));
    }
    let site = crate::io::site_from_layers(id, std::slice::from_ref(one)).map_err(|e| match e {
        ZoneError::Input(m) => ZoneError::format(path, format!("site {id}: {m}")),
        other => other,
    })?;
    require_area(path, site)
}

/// A batch checks areas: a point or a line (or a polygon of no area) is not a site to overlay.
fn require_area(path: &Path, site: Site) -> Result<Site> {
    let area_m2 = match &site.geometry {
        Geometry::MultiPolygon(mp) => area_ellipsoidal_m2(mp),
        _ => 0.0,
    };
    if area_m2 > 0.0 {
        Ok(site)
    } else {
        let what = match &site.geometry {
            Geometry::MultiPolygon(_) => "its polygon encloses no area",
            Geometry::Point(_) | Geometry::MultiPoint(_) => "it is a point, not an area",
            _ => "it is a line, not an area",
        };
        Err(ZoneError::format(
            path,
            format!("site {}: has no area ({what})", site.name),
        ))
    }
}

/// The feature's own name or number from the first of [`ID_FIELDS`] it has; a CAD entity's
/// layer name is not a site's name.
fn own_id(one: &Layer) -> Option<String> {
    if one.format == SourceFormat::Dxf {
        return None;
    }
    ID_FIELDS
        .iter()
        .find_map(|f| one.text(0, Some(f)))
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
}

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}
