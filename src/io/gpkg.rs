//! GeoPackage (.gpkg, OGC 12-128) reading: every feature table listed in `gpkg_contents` (or the
//! one `LoadOptions::layer` names) becomes a layer, with its CRS from `gpkg_spatial_ref_sys`
//! (EPSG code, else the stored WKT, through `crs`), its attribute columns with their declared
//! types (the primary key — GDAL's `fid` — kept as an attribute) and its geometry blobs decoded
//! by `gpkg_geometry`.
//!
//! The tables, columns and CRS are found by `gpkg_schema`.
//!
//! The database is opened read-only and immutable (`?immutable=1`): SQLite then takes no locks
//! and creates no -wal, -shm or -journal file beside the input. Not for tiles (MBTiles) or
//! writing; non-spatial tables are not layers.

use std::path::Path;

use rayon::prelude::*;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};

use crate::error::{Result, ZoneError};
use crate::io::LoadOptions;
use crate::io::gpkg_geometry::decode_gpkg_blob;
use crate::io::gpkg_schema::{
    Column, TableInfo, attribute_columns, feature_tables, file_crs, quoted, sql_error, to_attr,
};
use crate::io::layer_crs;
use crate::io::layer_parts::LayerParts;
use crate::io::layer_select::{no_such_layer, same_name};
use crate::model::{AttrValue, Feature, Field, Layer, SourceFormat};

/// The first 16 bytes of every SQLite 3 database file.
pub const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";

/// Reads the feature tables of the GeoPackage at `path` (all, or the one `opts.layer` names).
pub fn read_gpkg(path: &Path, opts: &LoadOptions) -> Result<Vec<Layer>> {
    check_magic(path)?;
    let mut warnings = Vec::new();
    if std::fs::metadata(wal_path(path)).is_ok_and(|m| m.len() > 0) {
        warnings.push(
            "a -wal file lies beside the GeoPackage (it is open in another program, or was not \
             closed cleanly): changes held only there are not read; close that program and open \
             the file again"
                .to_string(),
        );
    }
    let conn = open_immutable(path)?;
    let tables = feature_tables(&conn, path)?;
    let chosen: Vec<&TableInfo> = match opts.layer.as_deref() {
        Some(want) => {
            let found: Vec<&TableInfo> =
                tables.iter().filter(|t| same_name(&t.name, want)).collect();
            if found.is_empty() {
                let names: Vec<String> = tables.iter().map(|t| t.name.clone()).collect();
                return Err(no_such_layer(path, want, &names));
            }
            found
        }
        None => tables.iter().collect(),
    };
    chosen
        .into_iter()
        .map(|t| {
            let mut layer = read_table(&conn, path, t, opts)?;
            layer.warnings.splice(0..0, warnings.iter().cloned());
            Ok(layer)
        })
        .collect()
}

pub(crate) fn check_magic(path: &Path) -> Result<()> {
    use std::io::Read;
    let mut head = [0u8; 16];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|e| ZoneError::io(path, e))?;
    if head[..n] != *SQLITE_MAGIC {
        return Err(ZoneError::format(
            path,
            "not a GeoPackage: the file is not an SQLite database (it does not start with \"SQLite format 3\")",
        ));
    }
    Ok(())
}

fn wal_path(path: &Path) -> std::path::PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push("-wal");
    s.into()
}

/// Opens `path` read-only through an SQLite URI with `immutable=1`.
pub(crate) fn open_immutable(path: &Path) -> Result<Connection> {
    let absolute = std::path::absolute(path).map_err(|e| ZoneError::io(path, e))?;
    let uri = format!("file:{}?immutable=1", uri_path(&absolute));
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    Connection::open_with_flags(&uri, flags)
        .map_err(|e| ZoneError::format(path, format!("cannot open the GeoPackage: {e}")))
}

/// An absolute path written for a `file:` URI: `/`-separated, with every byte outside the
/// unreserved set percent-encoded (`?`, `#`, `%` and spaces would otherwise end or bend it;
/// Chinese names go as their UTF-8 bytes, which SQLite decodes back).
pub(crate) fn uri_path(absolute: &Path) -> String {
    let text = absolute.to_string_lossy().replace('\\', "/");
    let mut out = String::with_capacity(text.len() + 8);
    // Windows: file:///C:/… (the drive needs a leading slash).
    if !text.starts_with('/') {
        out.push('/');
    }
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'.' | b'_' | b'~' | b':') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Reads one feature table into a layer.
fn read_table(conn: &Connection, path: &Path, t: &TableInfo, opts: &LoadOptions) -> Result<Layer> {
    let ctx = |what: &str| format!("table {}: {what}", t.name);
    let mut warnings = Vec::new();
    let columns = attribute_columns(conn, path, &t.name, Some(&t.geometry_column), &mut warnings)?;
    let select: Vec<String> = std::iter::once(quoted(&t.geometry_column))
        .chain(columns.iter().map(|c| quoted(&c.name)))
        .collect();
    let sql = format!("SELECT {} FROM {}", select.join(", "), quoted(&t.name));
    let mut stmt = conn
        .prepare(&sql)
        .map_err(|e| sql_error(path, &ctx("cannot be read"), e))?;
    let mut rows = stmt
        .query([])
        .map_err(|e| sql_error(path, &ctx("cannot be read"), e))?;
    let mut blobs: Vec<Option<Vec<u8>>> = Vec::new();
    let mut features: Vec<Feature> = Vec::new();
    while let Some(row) = rows
        .next()
        .map_err(|e| sql_error(path, &ctx(&format!("row {}", blobs.len())), e))?
    {
        let index = blobs.len();
        let get = |i: usize| {
            row.get_ref(i)
                .map_err(|e| sql_error(path, &ctx(&format!("row {index}")), e))
        };
        blobs.push(match get(0)? {
            ValueRef::Null => None,
            ValueRef::Blob(b) => Some(b.to_vec()),
            other => {
                return Err(ZoneError::format(
                    path,
                    ctx(&format!(
                        "feature {index}: the geometry column {} holds {:?}, not a geometry blob",
                        t.geometry_column,
                        other.data_type()
                    )),
                ));
            }
        });
        let attributes = columns
            .iter()
            .enumerate()
            .map(|(i, c)| get(i + 1).map(|v| to_attr(v, c.kind)))
            .collect::<Result<Vec<_>>>()?;
        features.push(Feature {
            geometry: None,
            attributes,
        });
    }
    let geometries: Vec<_> = blobs
        .par_iter()
        .enumerate()
        .map(|(i, b)| match b {
            None => Ok(None),
            Some(b) => decode_gpkg_blob(b).map_err(|why| {
                ZoneError::format(
                    path,
                    ctx(&format!(
                        "feature {i}{}: broken geometry: {why}",
                        fid_note(&features[i], &columns)
                    )),
                )
            }),
        })
        .collect::<Result<_>>()?;
    for (f, g) in features.iter_mut().zip(geometries) {
        f.geometry = g;
    }

    let from_file = if opts.crs.is_some() {
        // A stated CRS wins; a file CRS we cannot read must not stop the user who stated one.
        file_crs(conn, path, t).ok().flatten()
    } else {
        file_crs(conn, path, t)?
    };
    let crs = layer_crs::georeference(
        &mut features,
        opts.crs.as_ref(),
        from_file,
        path,
        &mut warnings,
    )
    .map_err(|e| in_table(e, &t.name))?;
    let fields: Vec<Field> = columns
        .iter()
        .map(|c| Field::new(c.name.trim(), c.kind).with_alias(c.alias.as_deref()))
        .collect();
    Ok(LayerParts {
        name: t.name.clone(),
        path: path.to_path_buf(),
        member: Some(t.name.clone()),
        format: SourceFormat::GeoPackage,
        source_geometry_type: t.geometry_type.clone(),
        fields,
        features,
        crs,
        encoding: None,
        warnings,
    }
    .into_layer())
}

/// ` (fid 7)` when the table's first column is its integer key, for messages.
fn fid_note(f: &Feature, columns: &[Column]) -> String {
    match (columns.first(), f.attributes.first()) {
        (Some(c), Some(AttrValue::Integer(fid))) if c.key => format!(" ({} {fid})", c.name),
        _ => String::new(),
    }
}

/// Puts the table name into a CRS error from the shared steps.
fn in_table(e: ZoneError, table: &str) -> ZoneError {
    match e {
        ZoneError::Crs {
            context,
            message,
            fix,
        } => ZoneError::Crs {
            context: format!("{context} (table {table})"),
            message,
            fix,
        },
        ZoneError::Format { path, message, fix } => ZoneError::Format {
            path,
            message: format!("table {table}: {message}"),
            fix,
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_paths_escape_what_would_end_the_path() {
        assert_eq!(
            uri_path(Path::new("/d/数据 #1?.gpkg")),
            "/d/%E6%95%B0%E6%8D%AE%20%231%3F.gpkg"
        );
        assert_eq!(uri_path(Path::new("C:\\d\\a.gpkg")), "/C:/d/a.gpkg");
    }
}
