//! One opened table: its `.gdbtable` bytes with the parsed header and the live rows found
//! through its `.gdbtablx`, and row-by-row access that other threads can share (`&self`).
//!
//! Errors name the file, the table and the row's object id. Not for finding tables by name (see
//! `catalog`) or interpreting values for an application.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::error::{GdbError, Result};
use super::fields::{Field, GeometryInfo};
use super::geometry::{CurveTolerance, Shape, decode_shape};
use super::header::{TableGeometryType, TableHeader, parse_header};
use super::row::{Value, decode_row};
use super::tablx::{RowIndex, RowLocation, parse_tablx};

/// A table ready to be read.
#[derive(Debug, Clone)]
pub struct Table {
    name: String,
    path: PathBuf,
    data: Arc<Vec<u8>>,
    header: TableHeader,
    index: RowIndex,
    warnings: Vec<String>,
}

/// One live row: its object id and one value per field (OBJECTID included).
#[derive(Debug, Clone, PartialEq)]
pub struct Row<'a> {
    pub oid: u64,
    pub values: Vec<Value<'a>>,
}

impl Table {
    /// Opens a table from its files' bytes. `path` is the `.gdbtable` as errors should name it;
    /// `tablx` may be absent only for a table without rows.
    pub fn from_bytes(
        name: &str,
        path: &Path,
        data: Arc<Vec<u8>>,
        tablx: Option<&[u8]>,
    ) -> Result<Table> {
        let err = |m: String| GdbError::format(path, format!("table {name}: {m}"));
        let header = parse_header(&data).map_err(err)?;
        let tablx_path = path.with_extension("gdbtablx");
        let index = match tablx {
            Some(bytes) => parse_tablx(bytes, header.version).map_err(|m| {
                GdbError::format(&tablx_path, format!("table {name}: row index: {m}"))
            })?,
            None if header.valid_rows == 0 => RowIndex {
                rows: Vec::new(),
                deleted: 0,
                oids_reliable: true,
            },
            None => {
                return Err(GdbError::format(
                    &tablx_path,
                    format!(
                        "table {name}: missing (the row index); the table has {} rows that cannot be found without it",
                        header.valid_rows
                    ),
                ));
            }
        };
        let len = data.len() as u64;
        if let Some(bad) = index
            .rows
            .iter()
            .find(|r| r.offset < header.fields_end || r.offset.saturating_add(4) > len)
        {
            return Err(GdbError::format(
                &tablx_path,
                format!(
                    "table {name}: row OBJECTID {} is said to be at byte {} of {}, which has {len} bytes and its rows start at byte {}: the index points {} (truncated or mismatched files?)",
                    bad.oid,
                    bad.offset,
                    file_name(path),
                    header.fields_end,
                    if bad.offset < header.fields_end {
                        "into the header"
                    } else {
                        "past the end"
                    }
                ),
            ));
        }
        let mut warnings = Vec::new();
        if index.rows.len() as u64 != header.valid_rows {
            warnings.push(format!(
                "table {name}: the .gdbtable counts {} rows but its .gdbtablx indexes {}; the indexed rows were read: compare the count in ArcGIS, and compact or copy the geodatabase if they differ",
                header.valid_rows,
                index.rows.len()
            ));
        }
        if !index.oids_reliable {
            warnings.push(format!(
                "table {name}: the row index uses a page layout this reader only partly understands: all rows were read, but OBJECTID values may be wrong; cite features by their codes, or export the class to a new geodatabase"
            ));
        }
        Ok(Table {
            name: name.to_string(),
            path: path.to_path_buf(),
            data,
            header,
            index,
            warnings,
        })
    }

    /// The table's name (as in the catalog).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The `.gdbtable` file as errors name it.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What the header and field descriptors say.
    pub fn header(&self) -> &TableHeader {
        &self.header
    }

    /// Every column in stored order, OBJECTID and geometry included.
    pub fn fields(&self) -> &[Field] {
        &self.header.fields.fields
    }

    /// The geometry type all rows declare (`None` for plain tables).
    pub fn geometry_type(&self) -> TableGeometryType {
        self.header.geometry_type
    }

    /// The geometry field's precision model and WKT, for feature classes.
    pub fn geometry_info(&self) -> Option<&GeometryInfo> {
        self.header.fields.geometry.as_ref()
    }

    /// Live (not deleted) rows.
    pub fn row_count(&self) -> usize {
        self.index.rows.len()
    }

    /// Object-id slots marked deleted in the index.
    pub fn deleted_count(&self) -> u64 {
        self.index.deleted
    }

    /// Things the reader noticed that do not stop it (counts that disagree, approximate ids).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Decodes live row `i` (0-based in object-id order).
    pub fn row(&self, i: usize) -> Result<Row<'_>> {
        let Some(&RowLocation { oid, offset }) = self.index.rows.get(i) else {
            return Err(self.error(
                None,
                format!("row {i} asked for, the table has {}", self.row_count()),
            ));
        };
        let start = offset as usize;
        let data: &[u8] = &self.data;
        let mut len_bytes = [0u8; 4];
        len_bytes.copy_from_slice(&data[start..start + 4]);
        let len = u32::from_le_bytes(len_bytes);
        if len & 0x8000_0000 != 0 {
            return Err(self.error(
                Some(oid),
                "the row is marked deleted but the index still points to it".to_string(),
            ));
        }
        let end = start as u64 + 4 + u64::from(len);
        if end > data.len() as u64 {
            return Err(self.error(
                Some(oid),
                format!(
                    "the row (bytes {offset}..{end}) runs past the end of the file ({} bytes): truncated",
                    data.len()
                ),
            ));
        }
        let payload = &data[start + 4..end as usize];
        let values = decode_row(
            payload,
            self.fields(),
            self.header.nullable_count,
            self.header.strings_utf8,
            oid,
        )
        .map_err(|m| self.error(Some(oid), m))?;
        Ok(Row { oid, values })
    }

    /// Every live row in object-id order.
    pub fn rows(&self) -> impl Iterator<Item = Result<Row<'_>>> + '_ {
        (0..self.row_count()).map(|i| self.row(i))
    }

    /// Reads the whole table at once (for attribute-only tables such as requirement lists).
    pub fn read_all(&self) -> Result<Vec<Row<'_>>> {
        self.rows().collect()
    }

    /// Decodes the geometry blob of row `oid`. `tolerance` (in the data's units) bounds how far
    /// densified curves may stray from the true curve; `None` takes the feature class's XY
    /// tolerance.
    pub fn shape(&self, oid: u64, blob: &[u8], tolerance: Option<f64>) -> Result<Option<Shape>> {
        let info = self.geometry_info().ok_or_else(|| {
            self.error(
                Some(oid),
                "a geometry value in a table without geometry field".into(),
            )
        })?;
        let tol = tolerance.unwrap_or_else(|| default_tolerance(info));
        decode_shape(blob, info, CurveTolerance(tol))
            .map_err(|m| self.error(Some(oid), format!("geometry: {m}")))
    }

    fn error(&self, oid: Option<u64>, message: String) -> GdbError {
        let row = oid
            .map(|o| format!(", row OBJECTID {o}"))
            .unwrap_or_default();
        GdbError::format(&self.path, format!("table {}{row}: {message}", self.name))
    }
}

/// The curve tolerance when none is given: the feature class's XY tolerance, else two
/// resolution steps.
pub fn default_tolerance(info: &GeometryInfo) -> f64 {
    if info.xy_tolerance.is_finite() && info.xy_tolerance > 0.0 {
        info.xy_tolerance
    } else {
        2.0 / info.xy.0.scale
    }
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}
