//! A read-only reader of Esri File Geodatabases (`.gdb` folders, or their files in memory), after
//! the public reverse-engineered FGDB specification that GDAL's OpenFileGDB driver follows.
//!
//! It lists the tables (also inside feature datasets), reads field descriptors (names, aliases,
//! every field type, UTF-8 and UTF-16 text), rows through the `.gdbtablx` index (deleted rows,
//! 32- and 64-bit object ids, sparse pages), geometry blobs (points, multipoints, lines, polygons
//! with holes, Z/M, arcs and Béziers densified to a stated tolerance) and spatial references.
//! Every declared size is checked against the real file before it is trusted; bad files give a
//! `GdbError` naming the file, table and row, never a panic.
//!
//! Self-contained (std, geo-types and thiserror only) so it can become a crate of its own. Not
//! for writing, indexes (`.atx`, `.spx`), rasters, compressed (CDF) tables or multipatches.

/// Bounds-checked little-endian reads and FileGDB varints.
pub mod bytes;
/// The list of tables (GDB_SystemCatalog, GDB_Items).
pub mod catalog;
/// Arcs and Béziers turned into chords.
pub mod curves;
/// The reader's error type.
pub mod error;
/// Field descriptors and the geometry precision model.
pub mod fields;
/// Geometry blobs.
pub mod geometry;
/// The `.gdbtable` header.
pub mod header;
/// Row values.
pub mod row;
/// A `.gdb` folder or its files in memory.
pub mod source;
/// Spatial reference WKT and WKIDs.
pub mod srs;
/// An opened table.
pub mod table;
/// The `.gdbtablx` row index.
pub mod tablx;
#[cfg(test)]
mod tests;

use std::path::Path;

pub use catalog::TableEntry;
pub use error::{GdbError, Result};
pub use fields::{Field, FieldType, GeometryInfo};
pub use geometry::{Shape, ShapeKind};
pub use header::TableGeometryType;
pub use row::{Value, days_to_datetime};
pub use source::looks_like_gdb;
pub use srs::SpatialReference;
pub use table::{Row, Table};

use source::Source;

/// An opened geodatabase: its table list and where to read each table from.
#[derive(Debug, Clone)]
pub struct Gdb {
    source: Source,
    tables: Vec<TableEntry>,
    warnings: Vec<String>,
}

impl Gdb {
    /// Opens the `.gdb` folder `dir`.
    pub fn open(dir: &Path) -> Result<Gdb> {
        Gdb::from_source(Source::dir(dir)?)
    }

    /// Opens a geodatabase whose files are already in memory (e.g. from a zip): `files` are
    /// (file name inside the `.gdb` folder, bytes); `root` is what messages call it.
    pub fn from_files(root: &Path, files: Vec<(String, Vec<u8>)>) -> Result<Gdb> {
        Gdb::from_source(Source::memory(root, files))
    }

    fn from_source(source: Source) -> Result<Gdb> {
        let tables = catalog::read_catalog(&source)?;
        let warnings = source.lock_warnings();
        Ok(Gdb {
            source,
            tables,
            warnings,
        })
    }

    /// The geodatabase as messages name it.
    pub fn path(&self) -> &Path {
        self.source.root()
    }

    /// Every table in catalog order, system tables (`GDB_*`) included.
    pub fn tables(&self) -> &[TableEntry] {
        &self.tables
    }

    /// The user's tables and feature classes (no `GDB_*` tables).
    pub fn user_tables(&self) -> impl Iterator<Item = &TableEntry> {
        self.tables.iter().filter(|t| !t.system)
    }

    /// Things to tell the user about the whole geodatabase (lock files).
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Opens the table named `name` (case-insensitive); an unknown name is an error listing
    /// the user tables there.
    pub fn table(&self, name: &str) -> Result<Table> {
        let entry = self
            .tables
            .iter()
            .find(|t| t.name.eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| GdbError::NoSuchTable {
                path: self.path().to_path_buf(),
                name: name.to_string(),
                available: self
                    .user_tables()
                    .map(|t| t.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            })?;
        self.open_entry(entry)
    }

    /// Opens the table of a catalog entry.
    pub fn open_entry(&self, entry: &TableEntry) -> Result<Table> {
        catalog::open_table_file(&self.source, &entry.file_stem(), &entry.name)
    }

    /// The geometry type of a table from its header alone (`None` for plain tables), to tell
    /// feature classes from tables without reading their rows.
    pub fn geometry_type(&self, entry: &TableEntry) -> Result<TableGeometryType> {
        catalog::table_geometry_type(&self.source, &entry.file_stem(), &entry.name)
    }

    /// The spatial reference of a feature class: the WKT of its geometry field and the WKIDs of
    /// its definition.
    pub fn spatial_reference(&self, entry: &TableEntry, table: &Table) -> SpatialReference {
        SpatialReference {
            wkt: table.geometry_info().and_then(|g| g.wkt.clone()),
            wkid: entry.wkid,
            latest_wkid: entry.latest_wkid,
        }
    }
}
