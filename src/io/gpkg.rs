//! GeoPackage (.gpkg, OGC 12-128) reading: every feature table listed in `gpkg_contents` (or the
//! one `LoadOptions::layer` names) becomes a layer, with its CRS from `gpkg_spatial_ref_sys`
//! (EPSG code, else the stored WKT, through `crs`), its attribute columns with their declared
//! types (the primary key — GDAL's `fid` — kept as an attribute) and its geometry blobs decoded
//! by `gpkg_geometry`.
//!
//! The database is opened read-only and immutable (`?immutable=1`): SQLite then takes no locks
//! and creates no -wal, -shm or -journal file beside the input. Not for tiles (MBTiles) or
//! writing; non-spatial tables are not layers.

use std::path::Path;

use rayon::prelude::*;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};

use crate::crs::{Crs, CrsInfo, CrsOrigin};
use crate::error::{Result, ZoneError};
use crate::io::LoadOptions;
use crate::io::gpkg_geometry::decode_gpkg_blob;
use crate::io::layer_crs;
use crate::io::layer_parts::LayerParts;
use crate::io::layer_select::{no_such_layer, same_name};
use crate::model::{AttrValue, Feature, Field, FieldKind, Layer, SourceFormat};

/// The first 16 bytes of every SQLite 3 database file.
pub const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";

/// One feature table as `gpkg_contents` and `gpkg_geometry_columns` describe it.
struct TableInfo {
    name: String,
    geometry_column: String,
    /// `POLYGON`, `MULTIPOLYGON`, `GEOMETRY`…, with ` Z`/` M`/` ZM` added from the z/m flags.
    geometry_type: String,
    srs_id: i64,
}

/// An attribute column: its name and the kind its declared type gives.
struct Column {
    name: String,
    kind: FieldKind,
    /// Part of the primary key (GDAL's `fid`).
    key: bool,
}

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

fn check_magic(path: &Path) -> Result<()> {
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
fn open_immutable(path: &Path) -> Result<Connection> {
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
fn uri_path(absolute: &Path) -> String {
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

fn sql_error(path: &Path, what: &str, e: rusqlite::Error) -> ZoneError {
    ZoneError::format(path, format!("{what}: {e}"))
}

/// Quotes an SQL identifier (table or column name), doubling embedded quotes.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The feature tables in `gpkg_contents` order.
fn feature_tables(conn: &Connection, path: &Path) -> Result<Vec<TableInfo>> {
    let has_contents: bool = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name IN ('gpkg_contents', 'gpkg_geometry_columns')",
            [],
            |r| r.get::<_, i64>(0),
        )
        .map(|n| n == 2)
        .map_err(|e| sql_error(path, "not a readable SQLite database", e))?;
    if !has_contents {
        return Err(ZoneError::format(
            path,
            "an SQLite database but not a GeoPackage: it has no gpkg_contents and gpkg_geometry_columns tables",
        ));
    }
    let mut stmt = conn
        .prepare(
            "SELECT c.table_name, g.column_name, g.geometry_type_name, g.srs_id, g.z, g.m \
             FROM gpkg_contents c JOIN gpkg_geometry_columns g ON c.table_name = g.table_name \
             WHERE lower(c.data_type) = 'features' ORDER BY c.rowid",
        )
        .map_err(|e| sql_error(path, "cannot list the feature tables", e))?;
    let rows = stmt
        .query_map([], |r| {
            let zm = |v: Option<i64>| v.unwrap_or(0) != 0;
            let (z, m) = (zm(r.get(4)?), zm(r.get(5)?));
            let base: String = r.get(2)?;
            let suffix = match (z, m) {
                (false, false) => "",
                (true, false) => " Z",
                (false, true) => " M",
                (true, true) => " ZM",
            };
            Ok(TableInfo {
                name: r.get(0)?,
                geometry_column: r.get(1)?,
                geometry_type: format!("{base}{suffix}"),
                srs_id: r.get(3)?,
            })
        })
        .map_err(|e| sql_error(path, "cannot list the feature tables", e))?;
    let tables = rows
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(|e| sql_error(path, "cannot list the feature tables", e))?;
    if tables.is_empty() {
        return Err(ZoneError::format(
            path,
            "the GeoPackage holds no feature table (only tiles or non-spatial tables)",
        ));
    }
    Ok(tables)
}

/// Reads one feature table into a layer.
fn read_table(conn: &Connection, path: &Path, t: &TableInfo, opts: &LoadOptions) -> Result<Layer> {
    let ctx = |what: &str| format!("table {}: {what}", t.name);
    let mut warnings = Vec::new();
    let columns = attribute_columns(conn, path, t, &mut warnings)?;
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
        .map(|c| Field {
            name: c.name.trim().to_string(),
            kind: c.kind,
        })
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

/// Every column but the geometry, in table order, the primary key first. BLOB columns are left
/// out with a warning (there is nothing to show of them).
fn attribute_columns(
    conn: &Connection,
    path: &Path,
    t: &TableInfo,
    warnings: &mut Vec<String>,
) -> Result<Vec<Column>> {
    let mut stmt = conn
        .prepare(&format!("PRAGMA table_info({})", quoted(&t.name)))
        .map_err(|e| sql_error(path, &format!("table {}: no column list", t.name), e))?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                r.get::<_, i64>(5)?,
            ))
        })
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
        .map_err(|e| sql_error(path, &format!("table {}: no column list", t.name), e))?;
    let mut columns: Vec<(i64, Column)> = Vec::new();
    let mut skipped = Vec::new();
    for (name, decl, pk) in rows {
        if name.eq_ignore_ascii_case(&t.geometry_column) {
            continue;
        }
        match field_kind(&decl) {
            Some(kind) => columns.push((
                pk,
                Column {
                    name,
                    kind,
                    key: pk != 0,
                },
            )),
            None => skipped.push(name),
        }
    }
    if !skipped.is_empty() {
        warnings.push(format!(
            "binary (BLOB) columns not read: {}",
            skipped.join(", ")
        ));
    }
    // The key first (stable otherwise), so messages can name a feature by it.
    columns.sort_by_key(|(pk, _)| *pk == 0);
    Ok(columns.into_iter().map(|(_, c)| c).collect())
}

/// The field kind of a declared column type (GeoPackage §1.1.1.1.3 names), `None` for BLOBs
/// and geometry columns.
fn field_kind(decl: &str) -> Option<FieldKind> {
    let upper = decl.trim().to_ascii_uppercase();
    let base = upper.split('(').next().unwrap_or("").trim();
    Some(match base {
        "BOOLEAN" => FieldKind::Bool,
        "TINYINT" | "SMALLINT" | "MEDIUMINT" | "INT" | "INTEGER" | "BIGINT" => FieldKind::Integer,
        "FLOAT" | "DOUBLE" | "REAL" | "NUMERIC" | "DECIMAL" => FieldKind::Float,
        "DATE" => FieldKind::Date,
        "BLOB" | "GEOMETRY" | "POINT" | "LINESTRING" | "POLYGON" | "MULTIPOINT"
        | "MULTILINESTRING" | "MULTIPOLYGON" | "GEOMETRYCOLLECTION" => return None,
        // TEXT, TEXT(n), DATETIME (kept as its ISO text) and anything unknown.
        _ => FieldKind::Text,
    })
}

/// A stored value as an attribute; SQLite's dynamic typing means a value need not match its
/// column's declared type, so the value's own type decides, the column's only refines it.
fn to_attr(v: ValueRef<'_>, kind: FieldKind) -> AttrValue {
    match v {
        ValueRef::Null => AttrValue::Null,
        ValueRef::Integer(i) => match kind {
            FieldKind::Bool => AttrValue::Bool(i != 0),
            FieldKind::Float => AttrValue::Float(i as f64),
            FieldKind::Text | FieldKind::Date => AttrValue::Text(i.to_string()),
            FieldKind::Integer => AttrValue::Integer(i),
        },
        ValueRef::Real(f) => AttrValue::Float(f),
        ValueRef::Text(bytes) => {
            let s = String::from_utf8_lossy(bytes).into_owned();
            if kind == FieldKind::Date {
                AttrValue::Date(s)
            } else {
                AttrValue::Text(s)
            }
        }
        ValueRef::Blob(b) => AttrValue::Text(format!("({} bytes of binary data)", b.len())),
    }
}

/// The table's CRS from `gpkg_spatial_ref_sys`: the EPSG code when it is one, else the stored
/// WKT. `None` for the undefined systems (srs_id 0 and -1), which leaves a guess to the caller.
fn file_crs(conn: &Connection, path: &Path, t: &TableInfo) -> Result<Option<CrsInfo>> {
    if t.srs_id == 0 || t.srs_id == -1 {
        return Ok(None);
    }
    let row = conn.query_row(
        "SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?1",
        [t.srs_id],
        |r| {
            Ok((
                r.get::<_, Option<String>>(0)?.unwrap_or_default(),
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, Option<String>>(2)?.unwrap_or_default(),
            ))
        },
    );
    let (org, code, definition) = match row {
        Ok(r) => r,
        Err(rusqlite::Error::QueryReturnedNoRows) => {
            return Err(ZoneError::crs(
                path.display().to_string(),
                format!(
                    "table {}: its srs_id {} is missing from gpkg_spatial_ref_sys; state the CRS (e.g. EPSG:4527)",
                    t.name, t.srs_id
                ),
            ));
        }
        Err(e) => return Err(sql_error(path, "cannot read gpkg_spatial_ref_sys", e)),
    };
    let epsg = code
        .filter(|_| org.trim().eq_ignore_ascii_case("EPSG"))
        .and_then(|c| u32::try_from(c).ok());
    if let Some(crs) = epsg.and_then(|c| Crs::from_epsg(c).ok()) {
        return Ok(Some(CrsInfo {
            origin: CrsOrigin::Embedded(format!(
                "gpkg_spatial_ref_sys (EPSG:{})",
                epsg.unwrap_or_default()
            )),
            crs,
        }));
    }
    match Crs::from_wkt(&definition) {
        Ok(crs) => Ok(Some(CrsInfo {
            crs,
            origin: CrsOrigin::Embedded(format!(
                "gpkg_spatial_ref_sys (srs_id {}, its WKT)",
                t.srs_id
            )),
        })),
        Err(e) => Err(ZoneError::crs(
            path.display().to_string(),
            format!(
                "table {}: its CRS (srs_id {}, {org}:{}) is not one zonecheck recognises ({e}); state it (e.g. EPSG:4527)",
                t.name,
                t.srs_id,
                code.unwrap_or_default()
            ),
        )),
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

    #[test]
    fn declared_types() {
        assert_eq!(field_kind("TEXT(254)"), Some(FieldKind::Text));
        assert_eq!(field_kind("MEDIUMINT"), Some(FieldKind::Integer));
        assert_eq!(field_kind("double"), Some(FieldKind::Float));
        assert_eq!(field_kind("BOOLEAN"), Some(FieldKind::Bool));
        assert_eq!(field_kind("DATE"), Some(FieldKind::Date));
        assert_eq!(field_kind("DATETIME"), Some(FieldKind::Text));
        assert_eq!(field_kind("BLOB"), None);
        assert_eq!(field_kind("MULTIPOLYGON"), None);
    }
}
