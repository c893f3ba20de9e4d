//! The geodatabase's own list of tables: the system catalog `a00000001.gdbtable` (GDB_SystemCatalog:
//! object id N ↔ file `a{N:08x}.gdbtable`, and the table's name), completed from GDB_Items (each
//! item's path, which names the feature dataset a class sits in, its alias and WKID).
//!
//! FileGDB 9.x folders have no GDB_Items; their tables are still listed, without datasets. Not
//! for reading the tables' rows (see `table`).

use std::collections::HashMap;

use super::error::{GdbError, Result};
use super::header::{
    HEADER_LEN, SECTION_HEAD_LEN, TableGeometryType, field_section_offset, geometry_type_of_section,
};
use super::row::Value;
use super::source::Source;
use super::srs::{alias_from_definition, wkids_from_definition};
use super::table::Table;

/// One table of the geodatabase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableEntry {
    /// The name users know (the feature class or table name).
    pub name: String,
    /// The file number: the table is `a{number:08x}.gdbtable`.
    pub number: u64,
    /// The feature dataset holding it, if any.
    pub dataset: Option<String>,
    /// The alias from the item's definition.
    pub alias: Option<String>,
    /// WKID and LatestWKID from the item's definition.
    pub wkid: Option<u32>,
    pub latest_wkid: Option<u32>,
    /// Esri's own bookkeeping tables (`GDB_*`).
    pub system: bool,
}

impl TableEntry {
    /// The stem of the table's files, e.g. `a00000009`.
    pub fn file_stem(&self) -> String {
        format!("a{:08x}", self.number)
    }
}

const SYSTEM_CATALOG: &str = "a00000001";

/// The geometry type of table file `stem`, from its header alone.
pub fn table_geometry_type(source: &Source, stem: &str, name: &str) -> Result<TableGeometryType> {
    refuse_compressed(source, stem, name)?;
    let file = format!("{stem}.gdbtable");
    let path = source.display(&file);
    let err = |m: String| GdbError::format(&path, format!("table {name}: {m}"));
    let head = source
        .read_range(&file, 0, HEADER_LEN)?
        .ok_or_else(|| missing(source, &file, name))?;
    let offset = field_section_offset(&head).map_err(err)?;
    let section = source
        .read_range(&file, offset, SECTION_HEAD_LEN)?
        .unwrap_or_default();
    geometry_type_of_section(&section).map_err(err)
}

fn missing(source: &Source, file: &str, name: &str) -> GdbError {
    GdbError::format(
        source.display(file),
        format!("table {name}: the file is missing from the geodatabase"),
    )
}

fn refuse_compressed(source: &Source, stem: &str, name: &str) -> Result<()> {
    match source.compressed_form(stem) {
        Some(compressed) => Err(GdbError::unsupported(
            source.display(&compressed),
            format!(
                "table {name} is stored compressed (Esri's CDF/SDC format), which no open reader can \
                 decode; uncompress it in ArcGIS (Uncompress File Geodatabase Data) or export it, then \
                 read it again"
            ),
        )),
        None => Ok(()),
    }
}

/// Opens table file `stem` of `source` (with its `.gdbtablx`), named `name` in messages.
pub fn open_table_file(source: &Source, stem: &str, name: &str) -> Result<Table> {
    refuse_compressed(source, stem, name)?;
    let file = format!("{stem}.gdbtable");
    let path = source.display(&file);
    let Some(data) = source.read(&file)? else {
        return Err(missing(source, &file, name));
    };
    let tablx = source.read(&format!("{stem}.gdbtablx"))?;
    Table::from_bytes(name, &path, data, tablx.as_deref().map(|v| v.as_slice()))
}

/// Lists the tables of the geodatabase in `source`.
pub fn read_catalog(source: &Source) -> Result<Vec<TableEntry>> {
    let catalog_file = format!("{SYSTEM_CATALOG}.gdbtable");
    if !source.exists(&catalog_file) {
        return Err(GdbError::format(
            source.root(),
            "not a File Geodatabase: it has no system catalog (a00000001.gdbtable)",
        ));
    }
    let catalog = open_table_file(source, SYSTEM_CATALOG, "GDB_SystemCatalog")?;
    let name_field = catalog
        .fields()
        .iter()
        .position(|f| f.name.eq_ignore_ascii_case("Name"))
        .ok_or_else(|| {
            GdbError::format(
                catalog.path(),
                "the system catalog has no Name field: not a File Geodatabase catalog",
            )
        })?;
    let mut entries = Vec::new();
    for row in catalog.rows() {
        let row = row?;
        if let Some(Value::Text(name)) = row.values.get(name_field) {
            entries.push(TableEntry {
                system: name.starts_with("GDB_"),
                name: name.clone(),
                number: row.oid,
                dataset: None,
                alias: None,
                wkid: None,
                latest_wkid: None,
            });
        }
    }
    if let Some(items) = entries.iter().find(|e| e.name == "GDB_Items") {
        let table = open_table_file(source, &items.file_stem(), "GDB_Items")?;
        let details = read_items(&table)?;
        for e in &mut entries {
            if let Some(d) = details.get(&e.name.to_lowercase()) {
                e.dataset = d.dataset.clone();
                e.alias = d.alias.clone();
                e.wkid = d.wkid;
                e.latest_wkid = d.latest_wkid;
            }
        }
    }
    Ok(entries)
}

#[derive(Debug, Default)]
struct ItemDetails {
    dataset: Option<String>,
    alias: Option<String>,
    wkid: Option<u32>,
    latest_wkid: Option<u32>,
}

/// Per item name (lower case): the dataset from its `\Dataset\Name` path and its definition.
fn read_items(table: &Table) -> Result<HashMap<String, ItemDetails>> {
    let find = |name: &str| {
        table
            .fields()
            .iter()
            .position(|f| f.name.eq_ignore_ascii_case(name))
    };
    let (Some(name_i), Some(path_i)) = (find("Name"), find("Path")) else {
        return Ok(HashMap::new());
    };
    let def_i = find("Definition");
    let mut out = HashMap::new();
    for row in table.rows() {
        let row = row?;
        let text = |i: usize| match row.values.get(i) {
            Some(Value::Text(t)) => Some(t.as_str()),
            _ => None,
        };
        let (Some(name), Some(path)) = (text(name_i), text(path_i)) else {
            continue;
        };
        let parts: Vec<&str> = path.split('\\').filter(|p| !p.is_empty()).collect();
        let dataset = (parts.len() >= 2).then(|| parts[parts.len() - 2].to_string());
        let definition = def_i.and_then(text).unwrap_or("");
        let (wkid, latest_wkid) = wkids_from_definition(definition);
        out.insert(
            name.to_lowercase(),
            ItemDetails {
                dataset,
                alias: alias_from_definition(definition),
                wkid,
                latest_wkid,
            },
        );
    }
    Ok(out)
}
