//! Readers, one format per file: Shapefile (plain or zipped), GeoJSON, File Geodatabase (a
//! `.gdb` folder or zipped), GeoPackage, KML/KMZ (Ovital's .ovkml too), CAD DXF, coordinate
//! tables in workbooks, land-survey coordinate exchange text (坐标交换格式) and coordinate lists.
//! Every reader returns `Layer`s whose
//! features are CGCS2000 lon/lat, with the file's own CRS and text encoding recorded.
//!
//! Readers never write anything, least of all beside their inputs. Not for indexing or queries.

pub mod coord_list;
pub mod dbf;
pub mod dbf_encoding;
pub mod dxf;
mod dxf_geometry;
mod dxf_site;
mod dxf_tame;
mod dxf_text;
mod exchange_crs;
pub mod exchange_text;
pub mod filegdb;
mod gdb_convert;
pub(crate) mod gdb_layers;
pub mod geojson;
mod geojson_geometry;
pub mod geojson_write;
pub mod gpkg;
mod gpkg_geometry;
mod gpkg_schema;
pub mod kml;
mod kml_empty_points;
mod kml_geometry;
mod kml_xml;
mod layer_crs;
pub use layer_crs::GUESSED_CRS_WARNING;
pub use web_offsets::OVITAL_NOT_SHIFTED_HINT;
pub(crate) mod calamine_cfb;
mod layer_parts;
mod layer_select;
pub mod open;
pub mod overlay_kernel;
pub mod plain_tables;
mod rings;
pub mod shapefile;
pub(crate) mod sheet_bounds;
mod shp_geometry;
mod shp_stream;
mod shx;
pub mod site;
pub mod site_write;
mod site_write_formats;
pub mod text;
pub mod validity;
mod web_offsets;
mod xls_sst;
mod xlsx_cells;
pub mod xlsx_coords;
mod xlsx_refs;
pub mod zip;

use std::path::Path;

use crate::crs::{CoordSource, Crs};
use crate::error::{Fix, Result, ZoneError};
use crate::model::Layer;

pub use coord_list::{CoordList, CoordListOptions, CoordMeaning, parse_coordinate_list};
pub use exchange_text::parse_exchange_text;
pub use layer_select::{same_name, split_layer_suffix};
pub use open::{Openable, check_openable, read_file};
pub use site::{Parcel, Site, load_site, site_from_coord_list, site_from_layers};

/// The warning of a layer without features, the same from every reader.
pub(crate) const NO_FEATURES_WARNING: &str =
    "the layer has no features: nothing in it is checked (an empty export, or the wrong file?)";

/// How to read a file when it does not say (or says wrongly).
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// A WHATWG label (`GBK`, `UTF-8`) or code page (`936`) that overrides detection.
    pub encoding: Option<String>,
    /// A stated CRS, which overrides the file's own and any guess.
    pub crs: Option<Crs>,
    /// One layer of a container (a GeoPackage table, a zip member) by name; all layers when
    /// `None`. A path ending in `|layername=NAME` (QGIS's spelling) says the same.
    pub layer: Option<String>,
    /// The web-map frame lon/lat are written in, for files that hold lon/lat: GCJ-02 or BD-09
    /// are moved back to CGCS2000 with a warning; `Cgcs2000` says "not shifted" (e.g. an
    /// .ovkml written by Ovital before 9.3). `None`: the format's own rule (.ovkml/.ovkmz are
    /// GCJ-02, everything else is not shifted).
    pub lonlat_source: Option<CoordSource>,
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
    GeoPackage,
    /// .kml/.kmz, and Ovital's .ovkml/.ovkmz (GCJ-02 lon/lat).
    Kml,
    Dxf,
    /// A boundary table in a workbook (.xlsx/.xls).
    Spreadsheet,
}

/// Reads a .shp, a .zip (shapefiles, GeoJSON files or `.gdb` folders inside), a File Geodatabase
/// folder, a .geojson/.json, a GeoPackage, KML/KMZ (and Ovital's .ovkml/.ovkmz), a CAD .dxf, a
/// coordinate table in a workbook (.xlsx/.xls), a coordinate exchange text (.txt) or a coordinate
/// list (.csv/.txt) into layers. `path` may end in `|layername=NAME` to pick one layer of a
/// container, as `opts.layer` does.
pub fn load_layers(path: &Path, opts: &LoadOptions) -> Result<Vec<Layer>> {
    let (path, opts) = layer_select::split_layer_suffix(path, opts)?;
    let path = path.as_path();
    if check_openable(path)? == Openable::Folder {
        if !filegdb::looks_like_gdb(path) {
            return Err(ZoneError::format(
                path,
                "is a folder but not a File Geodatabase (no a00000001.gdbtable): name a .gdb folder, .shp, .zip, .geojson, .gpkg, .kml, .dxf, .xlsx, .txt or .csv file",
            ));
        }
        let mut layers = gdb_layers::read_gdb_dir(path, &opts)?;
        for layer in &mut layers {
            web_offsets::apply(layer, opts.lonlat_source, false)?;
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
                Some(gdb) => load_layers(gdb, &opts),
                None => Err(ZoneError::format(
                    path,
                    "is part of a File Geodatabase: open the .gdb folder it belongs to",
                )),
            };
        }
        "gpkg" => Kind::GeoPackage,
        "kml" | "kmz" | "ovkml" | "ovkmz" => Kind::Kml,
        "dxf" => Kind::Dxf,
        "xlsx" | "xlsm" | "xls" | "ods" => Kind::Spreadsheet,
        "dbf" | "shx" | "prj" | "cpg" => {
            return Err(ZoneError::format(
                path,
                "is part of a shapefile: open the .shp file beside it",
            ));
        }
        "dwg" => {
            return Err(ZoneError::format(
                path,
                "DWG is AutoCAD's closed drawing format: save it as DXF in the CAD program (另存为 DXF) and open the .dxf",
            ));
        }
        _ => sniff_kind(path)?,
    };
    let mut layers = match kind {
        Kind::Shapefile => vec![shapefile::read_shapefile(path, &opts)?],
        Kind::Zip => zip::read_zip(path, &opts)?,
        Kind::GeoJson => vec![geojson::read_geojson(path, &opts)?],
        Kind::Text => {
            let head = open::read_head(path, text::SNIFF_BYTES)?;
            if exchange_text::looks_like_exchange_text(&head) {
                vec![exchange_text::read_exchange_text(path, &opts)?]
            } else {
                vec![coord_list::read_coordinate_list_file(path, &opts)?]
            }
        }
        Kind::CoordList => vec![coord_list::read_coordinate_list_file(path, &opts)?],
        Kind::GeoPackage => gpkg::read_gpkg(path, &opts)?,
        Kind::Kml => kml::read_kml(path, &opts)?,
        Kind::Dxf => vec![dxf::read_dxf(path, &opts)?],
        Kind::Spreadsheet => xlsx_coords::read_coordinate_workbook(path, &opts)?,
    };
    // A zip may hold shapefiles and geodatabases together: the chosen layer is picked here.
    if kind == Kind::Zip {
        layers = pick_layer(path, layers, opts.layer.as_deref())?;
    }
    let ovital = matches!(ext.as_str(), "ovkml" | "ovkmz");
    for layer in &mut layers {
        web_offsets::apply(layer, opts.lonlat_source, ovital)?;
        check_lonlat_range(path, layer)?;
        validity::repair_self_intersections(layer)
            .map_err(|tangled| ZoneError::format(path, tangled.to_string()))?;
    }
    Ok(layers)
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
    if head.starts_with(gpkg::SQLITE_MAGIC) {
        return Ok(Kind::GeoPackage);
    }
    let text = text::decode_prefix(head);
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        return Ok(Kind::GeoJson);
    }
    if trimmed.starts_with("<?xml") || trimmed.starts_with("<kml") {
        return Ok(Kind::Kml);
    }
    if dxf::looks_like_dxf(trimmed) {
        return Ok(Kind::Dxf);
    }
    if exchange_text::looks_like_exchange_text(head) {
        return Ok(Kind::Text);
    }
    Err(ZoneError::format(
        path,
        "unrecognised format: zonecheck reads .shp, .zip, .gdb folders, .geojson/.json, .gpkg, .kml/.kmz/.ovkml/.ovkmz, .dxf, .xlsx/.xls coordinate tables, coordinate exchange .txt and .csv coordinate lists",
    ))
}
