//! Tables without geometry inside a GeoPackage or a File Geodatabase (a 准入清单 shipped with
//! the zoning data): listed with their row counts and columns, and read whole as rows of
//! attribute values, each row keyed by its own id (the GeoPackage fid or the OBJECTID) so a
//! message can point at it in QGIS or ArcGIS.
//!
//! Not for feature tables (see `gpkg`, `gdb_layers`) or for what the rows mean (see
//! `requirements`).

use std::path::Path;

use crate::error::{Result, ZoneError};
use crate::io::filegdb::{FieldType, Gdb, TableGeometryType};
use crate::io::gdb_convert::{attr_value, field_kind};
use crate::io::gpkg_schema::{attribute_columns, attribute_tables, quoted, sql_error, to_attr};
use crate::io::layer_select::{no_such_layer, same_name};
use crate::io::{Openable, check_openable, filegdb, gpkg};
use crate::model::{AttrValue, Field};

/// A table without geometry, as `info` lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlainTableInfo {
    pub name: String,
    pub row_count: usize,
    pub fields: Vec<Field>,
}

/// A table without geometry read whole.
#[derive(Debug, Clone, PartialEq)]
pub struct PlainTable {
    pub name: String,
    pub fields: Vec<Field>,
    /// What the row ids are called in the source: `fid` (GeoPackage) or `OBJECTID`.
    pub id_name: String,
    /// (row id, values aligned with `fields`), in the table's order.
    pub rows: Vec<(i64, Vec<AttrValue>)>,
}

/// Whether `path` is a container that can hold tables without geometry: a `.gpkg` file, a
/// File Geodatabase folder, or a zip (which may hold one). Decided by name and kind only
/// (nothing is opened).
pub fn is_table_container(path: &Path) -> bool {
    let has_ext = |x: &str| path.extension().is_some_and(|e| e.eq_ignore_ascii_case(x));
    ((has_ext("gpkg") || has_ext("zip")) && path.is_file())
        || (path.is_dir() && filegdb::looks_like_gdb(path))
}

/// The geodatabases to look in: the folder itself, or every `.gdb` inside a zip.
fn geodatabases(path: &Path) -> Result<Vec<Gdb>> {
    if path.is_dir() {
        return Ok(vec![Gdb::open(path)?]);
    }
    crate::io::zip::zipped_gdbs(path)?
        .into_iter()
        .map(|(folder, files)| Ok(Gdb::from_files(&path.join(folder), files)?))
        .collect()
}

fn is_zip(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
}

/// The tables without geometry in the container at `path`; empty for any other file.
pub fn list_plain_tables(path: &Path) -> Result<Vec<PlainTableInfo>> {
    if !is_table_container(path) {
        return Ok(Vec::new());
    }
    if check_openable(path)? == Openable::Folder || is_zip(path) {
        gdb_plain_tables(path)
    } else {
        gpkg_plain_tables(path)
    }
}

/// The tables without geometry of a `.gdb` folder, or of every `.gdb` in a zip.
fn gdb_plain_tables(path: &Path) -> Result<Vec<PlainTableInfo>> {
    let mut out = Vec::new();
    for gdb in geodatabases(path)? {
        for entry in gdb.user_tables() {
            if gdb.geometry_type(entry)? != TableGeometryType::None {
                continue;
            }
            let table = gdb.open_entry(entry)?;
            out.push(PlainTableInfo {
                name: entry.name.clone(),
                row_count: table.row_count(),
                fields: gdb_fields(&table).into_iter().map(|(_, f, _)| f).collect(),
            });
        }
    }
    Ok(out)
}

fn gpkg_plain_tables(path: &Path) -> Result<Vec<PlainTableInfo>> {
    gpkg::check_magic(path)?;
    let conn = gpkg::open_immutable(path)?;
    attribute_tables(&conn, path)?
        .into_iter()
        .map(|name| {
            let fields = gpkg_columns(&conn, path, &name)?.1;
            let row_count: i64 = conn
                .query_row(
                    &format!("SELECT count(*) FROM {}", quoted(&name)),
                    [],
                    |r| r.get(0),
                )
                .map_err(|e| sql_error(path, &format!("table {name}: cannot be read"), e))?;
            Ok(PlainTableInfo {
                name,
                row_count: usize::try_from(row_count).unwrap_or(0),
                fields,
            })
        })
        .collect()
}

/// Reads the table without geometry named `name` from the container at `path`; with no name,
/// the container's only such table. A feature class, an unknown name, or several tables and
/// none named, is an error that lists the tables there.
pub fn read_plain_table(path: &Path, name: Option<&str>) -> Result<PlainTable> {
    let tables = list_plain_tables(path)?;
    let names: Vec<String> = tables.iter().map(|t| t.name.clone()).collect();
    let chosen = match name {
        Some(want) => tables
            .iter()
            .find(|t| same_name(&t.name, want))
            .ok_or_else(|| no_such_table(path, want, &names))?,
        None => match tables.as_slice() {
            [only] => only,
            [] => {
                return Err(ZoneError::format(
                    path,
                    "holds no table without geometry to read as a table",
                ));
            }
            _ => {
                return Err(ZoneError::format(
                    path,
                    format!(
                        "holds several tables without geometry ({}): name one as PATH|layername=NAME",
                        names.join(", ")
                    ),
                ));
            }
        },
    };
    if check_openable(path)? == Openable::Folder || is_zip(path) {
        read_gdb_table(path, &chosen.name)
    } else {
        read_gpkg_table(path, &chosen.name)
    }
}

fn no_such_table(path: &Path, want: &str, names: &[String]) -> ZoneError {
    let mut e = no_such_layer(path, want, names);
    if let ZoneError::Format { message, .. } = &mut e {
        *message = message.replace("has no layer named", "has no table without geometry named");
        *message = message.replace("its layers are", "its tables without geometry are");
    }
    e
}

/// The attribute columns of a FileGDB table: (column index, field, single precision).
fn gdb_fields(table: &filegdb::Table) -> Vec<(usize, Field, bool)> {
    table
        .fields()
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            let kind = field_kind(f.field_type)?;
            let field = Field::new(f.name.trim(), kind).with_alias(f.alias.as_deref());
            Some((i, field, f.field_type == FieldType::Float32))
        })
        .collect()
}

fn read_gdb_table(path: &Path, name: &str) -> Result<PlainTable> {
    let gdbs = geodatabases(path)?;
    // The first geodatabase that has it (a zip may hold several).
    let gdb = gdbs
        .iter()
        .find(|g| g.user_tables().any(|t| same_name(&t.name, name)))
        .or(gdbs.first())
        .ok_or_else(|| ZoneError::format(path, "holds no File Geodatabase"))?;
    let table = gdb.table(name)?;
    let columns = gdb_fields(&table);
    let mut rows = Vec::with_capacity(table.row_count());
    for row in table.rows() {
        let row = row?;
        let mut values = row.values;
        let attrs = columns
            .iter()
            .map(|(c, _, f32)| {
                attr_value(
                    std::mem::replace(&mut values[*c], filegdb::Value::Null),
                    *f32,
                )
            })
            .collect();
        rows.push((i64::try_from(row.oid).unwrap_or(i64::MAX), attrs));
    }
    Ok(PlainTable {
        name: table.name().to_string(),
        fields: columns.into_iter().map(|(_, f, _)| f).collect(),
        id_name: "OBJECTID".to_string(),
        rows,
    })
}

/// The columns of a GeoPackage table and, first, its integer key's name when it has one.
fn gpkg_columns(
    conn: &rusqlite::Connection,
    path: &Path,
    name: &str,
) -> Result<(Option<String>, Vec<Field>, Vec<crate::model::FieldKind>)> {
    let mut ignored = Vec::new();
    let columns = attribute_columns(conn, path, name, None, &mut ignored)?;
    let key = columns.iter().find(|c| c.key).map(|c| c.name.clone());
    let kinds = columns.iter().map(|c| c.kind).collect();
    let fields = columns
        .into_iter()
        .map(|c| Field::new(c.name.trim(), c.kind).with_alias(c.alias.as_deref()))
        .collect();
    Ok((key, fields, kinds))
}

fn read_gpkg_table(path: &Path, name: &str) -> Result<PlainTable> {
    let conn = gpkg::open_immutable(path)?;
    let (key, fields, kinds) = gpkg_columns(&conn, path, name)?;
    let ctx = |what: String| format!("table {name}: {what}");
    let select: Vec<String> = std::iter::once("rowid".to_string())
        .chain(fields.iter().map(|f| quoted(&f.name)))
        .collect();
    let sql = format!(
        "SELECT {} FROM {} ORDER BY rowid",
        select.join(", "),
        quoted(name)
    );
    let mut stmt = conn
        .prepare(&sql)
        .map_err(|e| sql_error(path, &ctx("cannot be read".into()), e))?;
    let mut query = stmt
        .query([])
        .map_err(|e| sql_error(path, &ctx("cannot be read".into()), e))?;
    let mut rows = Vec::new();
    while let Some(row) = query
        .next()
        .map_err(|e| sql_error(path, &ctx(format!("row {}", rows.len() + 1)), e))?
    {
        let id: i64 = row
            .get(0)
            .map_err(|e| sql_error(path, &ctx(format!("row {}", rows.len() + 1)), e))?;
        let values = kinds
            .iter()
            .enumerate()
            .map(|(i, kind)| {
                row.get_ref(i + 1)
                    .map(|v| to_attr(v, *kind))
                    .map_err(|e| sql_error(path, &ctx(format!("row {id}")), e))
            })
            .collect::<Result<Vec<_>>>()?;
        rows.push((id, values));
    }
    Ok(PlainTable {
        name: name.to_string(),
        fields,
        id_name: key.unwrap_or_else(|| "rowid".to_string()),
        rows,
    })
}
