//! Reading a table file (CSV in UTF-8, UTF-16 or GBK, or the first non-empty sheet of an
//! .xlsx/.xls workbook) into rows of trimmed text, and finding columns by header aliases.
//!
//! A workbook is told by its content, not its name. An .xlsx/.xlsb sheet is read cell by cell and
//! bounded before any row is laid out: a cell outside Excel's grid (a hostile `XFD1048577`) is an
//! error, cells right of the header are never read (no column without a header is), and a sheet
//! may lay out at most [`MAX_CELLS`] cells. An .xls/.ods workbook, which calamine parses whole
//! into dense ranges, is first scanned (`io::sheet_bounds`) and refused beyond the same bound.
//! Not for interpreting the rows (see `table` and `industry`).

use std::path::Path;

use std::io::Cursor;

use calamine::{Data, DataRef, Ods, Reader, Xls, Xlsb, Xlsx};

use crate::error::{Result, ZoneError};
use crate::io::plain_tables::{PlainTable, is_table_container, read_plain_table};
use crate::io::sheet_bounds::{
    EXCEL_COLUMNS, EXCEL_ROWS, WorkbookKind, cell_name, check_extent, workbook_kind,
};
/// The most cells one sheet is laid out into (rows times their width), ~200 MB of text at worst;
/// a province's access list is a few hundred thousand.
pub const MAX_CELLS: usize = 8_000_000;

/// A table as rows of cells; the first row is the header.
#[derive(Debug, Clone)]
pub struct Grid {
    pub header: Vec<String>,
    /// The columns' aliases where the table carries them (a geodatabase or GeoPackage table's
    /// fields), aligned with `header`; empty for files.
    pub header_aliases: Vec<Option<String>>,
    /// Data rows with their number: the 1-based row number in a file (the header is row 1), or
    /// the row's id in a database table (see `id_name`).
    pub rows: Vec<(usize, Vec<String>)>,
    /// What a row's number is in a database table (`OBJECTID`, `fid`); `None` for a file,
    /// whose rows are counted.
    pub id_name: Option<String>,
}

impl Grid {
    /// How messages point at row `row_no`: `row 7`, or `OBJECTID 7` in a database table.
    pub fn row_ref(&self, row_no: usize) -> String {
        match &self.id_name {
            Some(id) => format!("{id} {row_no}"),
            None => format!("row {row_no}"),
        }
    }

    /// How a requirement cites its row: `清单.csv 第7行`, or `data.gpkg|layername=清单
    /// OBJECTID 7` in a database table.
    pub fn row_source(&self, file: &str, row_no: usize) -> String {
        match &self.id_name {
            Some(id) => format!("{file} {id} {row_no}"),
            None => format!("{file} 第{row_no}行"),
        }
    }

    /// The index of the first column whose header (or alias) equals one of `aliases`
    /// (case-insensitive, ignoring spaces and a trailing "（…）" note such as "要求内容（原文）").
    /// Each alias is normalised once and headers are compared as character streams, without
    /// allocating: a sheet may have thousands of columns (a fuzzed one with 16,000 took
    /// seconds when every header was normalised again for every alias).
    pub fn column(&self, aliases: &[&str]) -> Option<usize> {
        fn norm(s: &str) -> impl Iterator<Item = char> + '_ {
            let s = s.split(['（', '(']).next().unwrap_or(s);
            s.chars()
                .filter(|c| !c.is_whitespace())
                .flat_map(char::to_lowercase)
        }
        let aliases: Vec<String> = aliases.iter().map(|a| norm(a).collect()).collect();
        let matches = |h: &str| aliases.iter().any(|a| norm(h).eq(a.chars()));
        self.header.iter().position(|h| matches(h)).or_else(|| {
            self.header_aliases
                .iter()
                .position(|a| a.as_deref().is_some_and(matches))
        })
    }

    /// The header's named columns for a message, in order and cut to
    /// [`crate::error::QUOTE_MAX_CHARS`]: `parcel, point, northing`.
    pub fn header_list(&self) -> String {
        let named: Vec<&str> = self
            .header
            .iter()
            .map(|h| h.as_str())
            .filter(|h| !h.is_empty())
            .collect();
        if named.is_empty() {
            return "(no column has a name)".to_string();
        }
        crate::error::quote(&named.join(", "))
    }

    /// The cell of `row` at column `col`, empty when out of range.
    pub fn cell(row: &[String], col: Option<usize>) -> &str {
        col.and_then(|c| row.get(c))
            .map(String::as_str)
            .unwrap_or("")
    }
}

/// Reads `path` by its extension: .csv/.txt as CSV, .xlsx/.xlsm/.xls/.ods as a workbook; a
/// table without geometry in a GeoPackage or File Geodatabase as `PATH|layername=NAME` (or
/// the container's only such table with no name).
pub fn read_grid(path: &Path) -> Result<Grid> {
    let none = crate::io::LoadOptions::default();
    let (file, opts) = crate::io::split_layer_suffix(path, &none)?;
    if is_table_container(&file) {
        return Ok(grid_of_table(read_plain_table(
            &file,
            opts.layer.as_deref(),
        )?));
    }
    if let Some(name) = &opts.layer {
        return Err(ZoneError::format(
            &file,
            format!(
                "`|layername={name}` picks a table of a GeoPackage (.gpkg) or File Geodatabase \
                 (.gdb folder); this file is read as one table"
            ),
        ));
    }
    read_grid_bytes(&crate::io::read_file(&file)?, &file)
}

/// A database table as a grid: the field names as the header (their aliases beside), each row
/// numbered by its id, values as text.
fn grid_of_table(table: PlainTable) -> Grid {
    let rows = table
        .rows
        .into_iter()
        .map(|(id, values)| {
            let cells = values
                .iter()
                .map(|v| v.as_text().unwrap_or_default().trim().to_string())
                .collect::<Vec<_>>();
            (usize::try_from(id).unwrap_or(0), cells)
        })
        .filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()))
        .collect();
    Grid {
        header: table.fields.iter().map(|f| f.name.clone()).collect(),
        header_aliases: table.fields.into_iter().map(|f| f.alias).collect(),
        rows,
        id_name: Some(table.id_name),
    }
}

/// Reads a table file already in memory; `path` gives its extension (the format) and names it.
pub fn read_grid_bytes(bytes: &[u8], path: &Path) -> Result<Grid> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_lowercase();
    let rows = match ext.as_str() {
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => read_workbook(bytes, path)?,
        _ => read_csv(bytes, path)?,
    };
    let mut it = rows.into_iter().enumerate();
    let mut header = loop {
        match it.next() {
            Some((_, r)) if r.iter().all(|c| c.is_empty()) => continue,
            Some((_, r)) => break r,
            None => return Err(ZoneError::format(path, "the table is empty")),
        }
    };
    // Columns right of the last named one are not read (as for a streamed .xlsx): a sheet
    // formatted far to the right, or a dense .xls range, must not carry thousands of blanks.
    while header.last().is_some_and(String::is_empty) {
        header.pop();
    }
    let width = header.len();
    let rows = it
        .map(|(i, mut r)| {
            r.truncate(width);
            (i, r)
        })
        .filter(|(_, r)| r.iter().any(|c| !c.is_empty()))
        .map(|(i, r)| (i + 1, r))
        .collect();
    Ok(Grid {
        header,
        header_aliases: Vec::new(),
        rows,
        id_name: None,
    })
}

/// Decodes CSV bytes: a byte-order mark (UTF-8, or UTF-16 as Excel's "Unicode text" saves),
/// else UTF-8 when valid, else GBK — Excel in China saves GBK.
fn decode_text(bytes: &[u8]) -> String {
    match crate::io::text::decode_text(bytes, None) {
        Ok((text, _)) => text,
        Err(_) => String::new(),
    }
}

fn read_csv(bytes: &[u8], path: &Path) -> Result<Vec<Vec<String>>> {
    let text = decode_text(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| ZoneError::format(path, format!("CSV row {}: {e}", i + 1)))?;
        rows.push(rec.iter().map(|c| c.trim().to_string()).collect());
    }
    Ok(rows)
}

/// Returns (from the enclosing function) the rows of the first non-empty sheet of `$wb`, read cell
/// by cell and bounded. A macro because calamine's .xlsx and .xlsb cell readers share no trait.
macro_rules! first_sheet_streamed {
    ($wb:ident, $path:ident) => {
        for name in $wb.sheet_names() {
            let mut cells = $wb
                .worksheet_cells_reader(&name)
                .map_err(|e| ZoneError::format($path, format!("sheet {name}: {e}")))?;
            let rows = bounded_rows($path, &name, || {
                cells
                    .next_cell()
                    .map_err(|e| e.to_string())
                    .map(|c| c.map(|c| (c.get_position(), data_ref_text(c.get_value()))))
            })?;
            if !rows.is_empty() {
                return Ok(rows);
            }
        }
    };
}

fn read_workbook(bytes: &[u8], path: &Path) -> Result<Vec<Vec<String>>> {
    let cannot_open = |e: &dyn std::fmt::Display| {
        ZoneError::format(path, format!("cannot open the workbook: {e}"))
    };
    let kind = workbook_kind(bytes).ok_or_else(|| {
        ZoneError::format(
            path,
            "not an Excel workbook (.xlsx, .xls, .xlsb) nor an OpenDocument one (.ods): save it \
             as .xlsx or .csv",
        )
    })?;
    check_extent(bytes, kind, MAX_CELLS as u64).map_err(|why| ZoneError::format(path, why))?;
    let reader = Cursor::new(bytes);
    match kind {
        WorkbookKind::Xlsx => {
            let mut wb = Xlsx::new(reader).map_err(|e| cannot_open(&e))?;
            first_sheet_streamed!(wb, path);
        }
        WorkbookKind::Xlsb => {
            let mut wb = Xlsb::new(reader).map_err(|e| cannot_open(&e))?;
            first_sheet_streamed!(wb, path);
        }
        WorkbookKind::Xls => {
            let wb = Xls::new(reader).map_err(|e| cannot_open(&e))?;
            return first_dense_sheet(wb, path);
        }
        WorkbookKind::Ods => {
            let wb = Ods::new(reader).map_err(|e| cannot_open(&e))?;
            return first_dense_sheet(wb, path);
        }
    }
    Err(no_sheet(path))
}

fn no_sheet(path: &Path) -> ZoneError {
    ZoneError::format(path, "the workbook has no non-empty sheet")
}

/// The rows of the first non-empty sheet of a workbook calamine parsed whole (its extent
/// checked before it was opened).
fn first_dense_sheet<RS, R>(mut wb: R, path: &Path) -> Result<Vec<Vec<String>>>
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
{
    for name in wb.sheet_names() {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| ZoneError::format(path, format!("sheet {name}: {e}")))?;
        if range.is_empty() {
            continue;
        }
        return Ok(range
            .rows()
            .map(|r| r.iter().map(cell_text).collect())
            .collect());
    }
    Err(no_sheet(path))
}

/// One cell read from a sheet: its (row, column) and its text.
type SheetCell = ((u32, u32), String);

/// Lays a sheet's cells (in any order) out in rows, bounded: a cell outside Excel's grid is an
/// error; each row is cut at the header's width (the first non-empty row, in row order); at most
/// [`MAX_CELLS`] cells are laid out. Empty cells are skipped before anything is kept.
fn bounded_rows(
    path: &Path,
    sheet: &str,
    mut next: impl FnMut() -> std::result::Result<Option<SheetCell>, String>,
) -> Result<Vec<Vec<String>>> {
    let mut cells: Vec<SheetCell> = Vec::new();
    while let Some(((row, col), text)) =
        next().map_err(|e| ZoneError::format(path, format!("sheet {sheet}: {e}")))?
    {
        if row >= EXCEL_ROWS || col >= EXCEL_COLUMNS {
            return Err(ZoneError::format(
                path,
                format!(
                    "sheet {sheet}: a cell at {} lies outside Excel's grid (A1…XFD1048576): the \
                     workbook is damaged",
                    cell_name(u64::from(row), u64::from(col))
                ),
            ));
        }
        if text.is_empty() {
            continue;
        }
        if cells.len() >= MAX_CELLS {
            return Err(too_large(path, sheet));
        }
        cells.push(((row, col), text));
    }
    let Some(header_row) = cells.iter().map(|((r, _), _)| *r).min() else {
        // Nothing but empty cells.
        return Ok(Vec::new());
    };
    let width = cells
        .iter()
        .filter(|((r, _), _)| *r == header_row)
        .map(|((_, c), _)| *c as usize + 1)
        .max()
        .unwrap_or(0);
    cells.retain(|((_, c), _)| (*c as usize) < width);
    cells.sort_by_key(|(pos, _)| *pos);
    // Rows keep their place: row numbers are reported. An empty row costs one empty Vec, and
    // there are at most Excel's 1,048,576 of them.
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut laid_out = 0usize;
    let mut current: Option<u32> = None;
    for ((row, col), text) in cells {
        if current != Some(row) {
            let gap = current.map_or(row, |c| row - c - 1);
            rows.extend((0..gap).map(|_| Vec::new()));
            rows.push(Vec::new());
            current = Some(row);
        }
        let Some(out) = rows.last_mut() else {
            continue;
        };
        let col = col as usize;
        laid_out += col + 1 - out.len().min(col + 1);
        if laid_out > MAX_CELLS {
            return Err(too_large(path, sheet));
        }
        out.resize(out.len().max(col), String::new());
        out.push(text);
    }
    Ok(rows)
}

fn too_large(path: &Path, sheet: &str) -> ZoneError {
    ZoneError::format(
        path,
        format!(
            "sheet {sheet}: more than {MAX_CELLS} cells, more than zonecheck reads from one \
             table: split it"
        ),
    )
}

/// A streamed cell's text, as [`cell_text`] gives a read one.
fn data_ref_text(v: &DataRef<'_>) -> String {
    cell_text(&Data::from(v.clone()))
}

/// A cell as text; whole floats lose their ".0" so codes stored as numbers read back as typed.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string().trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_gbk_and_utf8_with_bom() {
        let (gbk, _, _) = encoding_rs::GBK.encode("层级,维度\n省,空间\n");
        assert_eq!(decode_text(&gbk), "层级,维度\n省,空间\n");
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice("层级".as_bytes());
        assert_eq!(decode_text(&bom), "层级");
    }

    #[test]
    fn rows_keep_their_numbers_and_stop_at_the_header() {
        let cells = vec![
            ((0, 0), "码".to_string()),
            ((0, 1), "求".to_string()),
            ((3, 1), "b".to_string()),
            ((3, 9), "no header".to_string()),
            ((2, 0), "a".to_string()),
        ];
        let mut it = cells.into_iter();
        let rows = bounded_rows(Path::new("t.xlsx"), "s", || Ok(it.next())).unwrap();
        assert_eq!(
            rows,
            vec![
                vec!["码".to_string(), "求".to_string()],
                vec![],
                vec!["a".to_string()],
                vec![String::new(), "b".to_string()],
            ]
        );
    }
}
