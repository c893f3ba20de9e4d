//! What a GeoPackage holds, from its own metadata tables: the feature tables (`gpkg_contents`
//! joined with `gpkg_geometry_columns`), each table's attribute columns with the field kind
//! their declared type gives, values as attributes, and the CRS in `gpkg_spatial_ref_sys`.
//!
//! Not for reading rows or geometry (see `gpkg`, `gpkg_geometry`).

use std::path::Path;

use rusqlite::Connection;
use rusqlite::types::ValueRef;

use crate::crs::{Crs, CrsInfo, CrsOrigin};
use crate::error::{Result, ZoneError};
use crate::model::{AttrValue, FieldKind};

/// One feature table as `gpkg_contents` and `gpkg_geometry_columns` describe it.
pub struct TableInfo {
    pub name: String,
    pub geometry_column: String,
    /// `POLYGON`, `MULTIPOLYGON`, `GEOMETRY`…, with ` Z`/` M`/` ZM` added from the z/m flags.
    pub geometry_type: String,
    pub srs_id: i64,
}

/// An attribute column: its name and the kind its declared type gives.
pub struct Column {
    pub name: String,
    pub kind: FieldKind,
    /// Part of the primary key (GDAL's `fid`).
    pub key: bool,
    /// The column's human-readable name from `gpkg_data_columns` (the schema extension), where
    /// GDAL keeps a field's alternative name (alias); its `title` when it gives no name.
    pub alias: Option<String>,
}

/// A format error for `path` saying what was being read and what SQLite answered.
pub fn sql_error(path: &Path, what: &str, e: rusqlite::Error) -> ZoneError {
    ZoneError::format(path, format!("{what}: {e}"))
}

/// Quotes an SQL identifier (table or column name), doubling embedded quotes.
pub fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// An error unless the database has GeoPackage's `gpkg_contents` and `gpkg_geometry_columns`.
fn check_is_geopackage(conn: &Connection, path: &Path) -> Result<()> {
    let has_contents: bool = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE name IN ('gpkg_contents', 'gpkg_geometry_columns')",
            [],
            |r| r.get::<_, i64>(0),
        )
        .map(|n| n == 2)
        .map_err(|e| sql_error(path, "not a readable SQLite database", e))?;
    if has_contents {
        Ok(())
    } else {
        Err(ZoneError::format(
            path,
            "an SQLite database but not a GeoPackage: it has no gpkg_contents and gpkg_geometry_columns tables",
        ))
    }
}

/// The non-spatial tables (`data_type` `attributes`) in `gpkg_contents` order.
pub fn attribute_tables(conn: &Connection, path: &Path) -> Result<Vec<String>> {
    check_is_geopackage(conn, path)?;
    let what = "cannot list the tables without geometry";
    let mut stmt = conn
        .prepare(
            "SELECT table_name FROM gpkg_contents WHERE lower(data_type) = 'attributes' ORDER BY rowid",
        )
        .map_err(|e| sql_error(path, what, e))?;
    stmt.query_map([], |r| r.get::<_, String>(0))
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
        .map_err(|e| sql_error(path, what, e))
}

/// The feature tables in `gpkg_contents` order.
pub fn feature_tables(conn: &Connection, path: &Path) -> Result<Vec<TableInfo>> {
    check_is_geopackage(conn, path)?;
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

/// Every column of `table` but its geometry column, in table order, the primary key first. BLOB columns are left
/// out with a warning (there is nothing to show of them).
pub fn attribute_columns(
    conn: &Connection,
    path: &Path,
    table: &str,
    geometry_column: Option<&str>,
    warnings: &mut Vec<String>,
) -> Result<Vec<Column>> {
    let mut stmt = conn
        .prepare(&format!("PRAGMA table_info({})", quoted(table)))
        .map_err(|e| sql_error(path, &format!("table {table}: no column list"), e))?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                r.get::<_, i64>(5)?,
            ))
        })
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
        .map_err(|e| sql_error(path, &format!("table {table}: no column list"), e))?;
    let aliases = column_aliases(conn, path, table)?;
    let mut columns: Vec<(i64, Column)> = Vec::new();
    let mut skipped = Vec::new();
    for (name, decl, pk) in rows {
        if geometry_column.is_some_and(|g| name.eq_ignore_ascii_case(g)) {
            continue;
        }
        match field_kind(&decl) {
            Some(kind) => columns.push((
                pk,
                Column {
                    alias: aliases
                        .iter()
                        .find(|(c, _)| c.eq_ignore_ascii_case(&name))
                        .map(|(_, a)| a.clone()),
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
            "binary (BLOB) columns not read: {} (to see or map them, convert them to text \
             fields in a copy, e.g. with QGIS's field calculator)",
            skipped.join(", ")
        ));
    }
    // The key first (stable otherwise), so messages can name a feature by it.
    columns.sort_by_key(|(pk, _)| *pk == 0);
    Ok(columns.into_iter().map(|(_, c)| c).collect())
}

/// (column, alias) pairs of `table` from `gpkg_data_columns`, empty when the GeoPackage does not
/// use the schema extension. An alias that is empty or only repeats the column is left out.
fn column_aliases(conn: &Connection, path: &Path, table: &str) -> Result<Vec<(String, String)>> {
    let has_table: bool = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'gpkg_data_columns'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .map(|n| n > 0)
        .map_err(|e| sql_error(path, "cannot list the tables", e))?;
    if !has_table {
        return Ok(Vec::new());
    }
    let what = format!("table {table}: cannot read gpkg_data_columns");
    let mut stmt = conn
        .prepare(
            "SELECT column_name, name, title FROM gpkg_data_columns WHERE lower(table_name) = lower(?1)",
        )
        .map_err(|e| sql_error(path, &what, e))?;
    let rows = stmt
        .query_map([table], |r| {
            Ok((
                r.get::<_, Option<String>>(0)?.unwrap_or_default(),
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
            ))
        })
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
        .map_err(|e| sql_error(path, &what, e))?;
    let said = |column: &str, text: Option<String>| {
        text.map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty() && !t.eq_ignore_ascii_case(column.trim()))
    };
    Ok(rows
        .into_iter()
        .filter_map(|(column, name, title)| {
            let alias = said(&column, name).or_else(|| said(&column, title))?;
            Some((column, alias))
        })
        .collect())
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
pub fn to_attr(v: ValueRef<'_>, kind: FieldKind) -> AttrValue {
    match v {
        ValueRef::Null => AttrValue::Null,
        ValueRef::Integer(i) => match kind {
            FieldKind::Bool => AttrValue::Bool(i != 0),
            FieldKind::Float => AttrValue::Float(i as f64),
            FieldKind::Text | FieldKind::Date => AttrValue::Text(i.to_string().into()),
            FieldKind::Integer => AttrValue::Integer(i),
        },
        ValueRef::Real(f) => AttrValue::Float(f),
        ValueRef::Text(bytes) => {
            let s = String::from_utf8_lossy(bytes).into_owned();
            if kind == FieldKind::Date {
                AttrValue::Date(s.into())
            } else {
                AttrValue::Text(s.into())
            }
        }
        ValueRef::Blob(b) => AttrValue::Text(format!("({} bytes of binary data)", b.len()).into()),
    }
}

/// The table's CRS from `gpkg_spatial_ref_sys`: the EPSG code when it is one, else the stored
/// WKT. `None` for the undefined systems (srs_id 0 and -1), which leaves a guess to the caller.
pub fn file_crs(conn: &Connection, path: &Path, t: &TableInfo) -> Result<Option<CrsInfo>> {
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
