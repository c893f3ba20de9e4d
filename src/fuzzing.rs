//! Every reader, fed bytes: the entry points of the fuzz targets (`fuzz/`) and of the bounded
//! mutation test (`tests/suite/mutation.rs`). Each ignores what the reader answers; what is tested is
//! that it answers — no panic, no hang, no allocation beyond the input's size.
//!
//! Not for the faces: they read files through `io::load_layers` and friends.

use std::path::Path;

use crate::io::{LoadOptions, validity};
use crate::model::Layer;

/// Packs a shapefile's parts into one input for [`shapefile`]: the .shp's and the .shx's lengths
/// (u32, little-endian), then the .shp, the .shx and the .dbf.
pub fn pack_shapefile(shp: &[u8], shx: &[u8], dbf: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(8 + shp.len() + shx.len() + dbf.len());
    out.extend_from_slice(&(shp.len() as u32).to_le_bytes());
    out.extend_from_slice(&(shx.len() as u32).to_le_bytes());
    out.extend_from_slice(shp);
    out.extend_from_slice(shx);
    out.extend_from_slice(dbf);
    out
}

/// The parts [`pack_shapefile`] packed; lengths past the end are cut to what there is.
fn unpack_shapefile(data: &[u8]) -> (&[u8], &[u8], &[u8]) {
    let len = |at: usize| {
        data.get(at..at + 4)
            .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    };
    let rest = data.get(8..).unwrap_or(&[]);
    let shp_len = len(0).min(rest.len());
    let (shp, rest) = rest.split_at(shp_len);
    let shx_len = len(4).min(rest.len());
    let (shx, dbf) = rest.split_at(shx_len);
    (shp, shx, dbf)
}

/// What every reader's layers go through after reading in `load_layers`.
fn after_reading(layers: impl IntoIterator<Item = Layer>) {
    for mut layer in layers {
        // A tangled feature is an error for the user; here the search and repair are what run.
        let _ = validity::repair_self_intersections(&mut layer);
        let _ = layer.extent_lonlat();
    }
}

/// A shapefile (.shp + .shx + .dbf) from one packed input.
pub fn shapefile(data: &[u8]) {
    use crate::io::shapefile::{ShapefileParts, ShapefileSource, read_shapefile_parts};
    let (shp, shx, dbf) = unpack_shapefile(data);
    let parts = ShapefileParts {
        shp: shp.to_vec(),
        shx: Some(shx.to_vec()),
        dbf: (!dbf.is_empty()).then(|| dbf.to_vec()),
        prj: None,
        cpg: None,
    };
    let source = ShapefileSource {
        path: "fuzz.shp".into(),
        member: None,
        display: "fuzz.shp".into(),
    };
    if let Ok(layer) = read_shapefile_parts(&parts, &source, &LoadOptions::default()) {
        after_reading([layer]);
    }
}

/// A DBF table alone.
pub fn dbf(data: &[u8]) {
    let _ = crate::io::dbf::read_dbf(data, Path::new("fuzz.dbf"), None, None);
    let _ = crate::io::dbf::read_dbf(data, Path::new("fuzz.dbf"), Some(b"UTF-8"), None);
}

/// A GeoJSON file.
pub fn geojson(data: &[u8]) {
    let path = Path::new("fuzz.geojson");
    if let Ok(layer) =
        crate::io::geojson::read_geojson_bytes(data, path, None, path, &LoadOptions::default())
    {
        after_reading([layer]);
    }
}

/// A coordinate exchange text (坐标交换格式), decoded as a file is.
pub fn exchange_text(data: &[u8]) {
    let _ = crate::io::exchange_text::looks_like_exchange_text(data);
    if let Ok((text, _)) = crate::io::text::decode_text(data, None)
        && let Ok(layer) =
            crate::io::parse_exchange_text(&text, Path::new("fuzz.txt"), &LoadOptions::default())
    {
        after_reading([layer]);
    }
}

/// A coordinate list, read with the meaning decided by the numbers and as surveyors' X/Y.
pub fn coord_list(data: &[u8]) {
    use crate::io::{CoordListOptions, CoordMeaning, parse_coordinate_list};
    let Ok((text, _)) = crate::io::text::decode_text(data, None) else {
        return;
    };
    let _ = parse_coordinate_list(&text, &CoordListOptions::default());
    let _ = parse_coordinate_list(
        &text,
        &CoordListOptions {
            meaning: CoordMeaning::NorthEast,
            ..CoordListOptions::default()
        },
    );
}

/// A .prj (WKT), and the same text as a typed CRS.
pub fn prj(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = crate::crs::Crs::from_wkt(&text);
    let _ = crate::crs::Crs::from_user_text(&text);
}

/// A zip archive of shapefiles and GeoJSON.
pub fn zip(data: &[u8]) {
    if let Ok(layers) =
        crate::io::zip::read_zip_bytes(data, Path::new("fuzz.zip"), &LoadOptions::default())
    {
        after_reading(layers);
    }
}

/// A project file (TOML).
pub fn project_toml(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = crate::model::project::Project::parse(&text, Path::new("fuzz.toml"), Path::new("."));
}

/// A points CSV for `query --points`, as lon/lat and as projected x/y.
pub fn points_csv(data: &[u8]) {
    use crate::cli::points::read_csv_from;
    use crate::crs::CoordSource;
    let path = Path::new("fuzz.csv");
    let _ = read_csv_from(data, path, None, CoordSource::Cgcs2000);
    if let Ok(gk) = crate::crs::Crs::from_epsg(4527) {
        let _ = read_csv_from(data, path, Some(&gk), CoordSource::Cgcs2000);
    }
}

/// A requirements or industry-rules table: the first byte picks CSV (even) or a workbook (odd;
/// .xlsx, .xlsb, .xls or .ods, told by content).
pub fn requirement_table(data: &[u8]) {
    use crate::requirements::grid::read_grid_bytes;
    let Some((&kind, bytes)) = data.split_first() else {
        return;
    };
    let path = Path::new(if kind % 2 == 0 {
        "fuzz.csv"
    } else {
        "fuzz.xlsx"
    });
    if let Ok(grid) = read_grid_bytes(bytes, path) {
        let _ = crate::requirements::table::requirement_table_from_grid(&grid, path);
        let _ = crate::requirements::industry::industry_rules_from_grid(&grid, path);
    }
}

/// Packs several files into one input for [`filegdb`]: for each, its name's length (u16,
/// little-endian), the name (UTF-8), the data's length (u32, little-endian) and the data.
pub fn pack_files(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    for (name, data) in files {
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out.extend_from_slice(data);
    }
    out
}

/// The files [`pack_files`] packed; lengths past the end are cut to what there is, names that
/// are not UTF-8 are read lossily.
fn unpack_files(mut data: &[u8]) -> Vec<(String, Vec<u8>)> {
    fn take<'a>(data: &mut &'a [u8], n: usize) -> &'a [u8] {
        let (head, rest) = data.split_at(n.min(data.len()));
        *data = rest;
        head
    }
    let mut files = Vec::new();
    while !data.is_empty() {
        let len = take(&mut data, 2);
        let name_len = len.iter().rev().fold(0usize, |n, &b| n << 8 | b as usize);
        let name = String::from_utf8_lossy(take(&mut data, name_len)).into_owned();
        let len = take(&mut data, 4);
        let data_len = len.iter().rev().fold(0usize, |n, &b| n << 8 | b as usize);
        files.push((name, take(&mut data, data_len).to_vec()));
    }
    files
}

/// A File Geodatabase folder from one packed input (see [`pack_files`]: the `.gdbtable` and
/// `.gdbtablx` files by their names in the folder), read as the zip reader reads a zipped
/// `.gdb`; then each `.gdbtable` on its own (with its `.gdbtablx`), every row and shape decoded,
/// so a damaged catalog does not hide the tables from the fuzzer.
pub fn filegdb(data: &[u8]) {
    use crate::io::filegdb::{Table, Value};
    use std::sync::Arc;
    let files = unpack_files(data);
    if let Ok(layers) = crate::io::gdb_layers::read_gdb_files(
        Path::new("fuzz.zip"),
        "fuzz.gdb",
        files.clone(),
        &LoadOptions::default(),
    ) {
        after_reading(layers);
    }
    for (name, bytes) in &files {
        let Some(stem) = name.strip_suffix(".gdbtable") else {
            continue;
        };
        let tablx = files
            .iter()
            .find(|(n, _)| n.strip_suffix(".gdbtablx") == Some(stem))
            .map(|(_, b)| b.as_slice());
        let path = Path::new("fuzz.gdb").join(name);
        let Ok(table) = Table::from_bytes(stem, &path, Arc::new(bytes.clone()), tablx) else {
            continue;
        };
        for row in table.rows().flatten() {
            for value in &row.values {
                if let Value::Geometry(blob) = value {
                    let _ = table.shape(row.oid, blob, None);
                }
            }
        }
    }
}

/// Where the readers that take only a path are given their input: a folder of this process
/// (and thread) under the temporary directory, its files rewritten on every run.
fn scratch_file(name: &str, data: &[u8]) -> Option<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!(
        "zonecheck-fuzz-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::create_dir_all(&dir).ok()?;
    let path = dir.join(name);
    std::fs::write(&path, data).ok()?;
    Some(path)
}

/// A file through `load_site`, which reads it with `load_layers` (as the faces open files) and
/// makes a project site of its layers.
fn load_as_site(name: &str, data: &[u8]) {
    if let Some(path) = scratch_file(name, data) {
        let _ = crate::io::load_site(&path, &LoadOptions::default());
    }
}

/// A GeoPackage (SQLite bytes, written to a scratch file, as SQLite reads only files): its
/// layers as a site, and its tables without geometry as requirement tables are read.
pub fn gpkg(data: &[u8]) {
    let Some(path) = scratch_file("fuzz.gpkg", data) else {
        return;
    };
    let _ = crate::io::load_site(&path, &LoadOptions::default());
    let _ = crate::io::plain_tables::read_plain_table(&path, None);
}

/// A KML, or a KMZ (a zip, told by content), as a site.
pub fn kml(data: &[u8]) {
    load_as_site("fuzz.kml", data);
}

/// A CAD drawing (.dxf, ASCII or binary) as a site (its boundary chosen as for a project site).
pub fn dxf(data: &[u8]) {
    load_as_site("fuzz.dxf", data);
}

/// A workbook (.xlsx, .xls or .ods, told by content) as a boundary/coordinate table, read as a
/// site.
pub fn workbook(data: &[u8]) {
    load_as_site("fuzz.xlsx", data);
}
