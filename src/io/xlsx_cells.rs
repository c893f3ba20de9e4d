//! The filled cells of every sheet of a workbook, as text, without trusting the sizes a file
//! declares: calamine builds a dense grid over the used range, so one cell at XFD1048576 would
//! ask for 17 billion cells. .xlsx sheets are streamed cell by cell (calamine's cell reader) into
//! sparse rows; .xls and .ods workbooks, which calamine parses whole when opened, are first
//! scanned (`sheet_bounds`) for the extent their records claim.
//!
//! Not for interpreting the cells (see `xlsx_coords`).

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Ods, Range, Reader, Xls, Xlsx};

use crate::error::{Result, ZoneError};
use crate::io::sheet_bounds::{WorkbookKind, check_extent, workbook_kind};

/// Most filled cells a sheet may have: a boundary table has hundreds.
const MAX_CELLS: u64 = 2_000_000;

/// Non-empty rows: (0-based row index, cells as (0-based column, trimmed text)), in order.
pub type SheetRows = Vec<(u32, Vec<(u32, String)>)>;

/// One sheet: its name and its non-empty rows (0-based row index, cells as (0-based column,
/// trimmed text)), in order.
pub struct Sheet {
    pub name: String,
    pub rows: SheetRows,
}

/// Every sheet of the .xlsx/.xlsm/.xls/.ods at `path`, by its content (zip or compound file).
pub fn read_sheets(path: &Path) -> Result<Vec<Sheet>> {
    let bytes = crate::io::read_file(path)?;
    let open_error = |e: &dyn std::fmt::Display| {
        ZoneError::format(path, format!("cannot open the workbook: {e}"))
    };
    let kind = workbook_kind(&bytes).ok_or_else(|| {
        ZoneError::format(
            path,
            "not an Excel workbook (.xlsx, .xls) nor an OpenDocument one (.ods): save it from \
             Excel or WPS as .xlsx",
        )
    })?;
    check_extent(&bytes, kind, MAX_CELLS).map_err(|why| ZoneError::format(path, why))?;
    let reader = Cursor::new(bytes.as_slice());
    match kind {
        WorkbookKind::Xlsx => {
            let mut wb = Xlsx::new(reader).map_err(|e| open_error(&e))?;
            let names = wb.sheet_names();
            names
                .into_iter()
                .map(|name| {
                    let rows = xlsx_rows(&mut wb, &name)
                        .map_err(|why| ZoneError::format(path, format!("sheet {name}: {why}")))?;
                    Ok(Sheet { name, rows })
                })
                .collect()
        }
        WorkbookKind::Xls => {
            let wb = Xls::new(reader).map_err(|e| open_error(&e))?;
            dense_sheets(wb, path)
        }
        WorkbookKind::Ods => {
            let wb = Ods::new(reader).map_err(|e| open_error(&e))?;
            dense_sheets(wb, path)
        }
        WorkbookKind::Xlsb => Err(ZoneError::format(
            path,
            "an .xlsb (binary) workbook is not read as a boundary table: save it as .xlsx",
        )),
    }
}

/// The sheets of a workbook calamine has parsed whole (its extent checked before), as rows.
fn dense_sheets<RS, R>(mut wb: R, path: &Path) -> Result<Vec<Sheet>>
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
{
    let names = wb.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = wb
                .worksheet_range(&name)
                .map_err(|e| ZoneError::format(path, format!("sheet {name}: {e}")))?;
            Ok(Sheet {
                rows: range_rows(&range),
                name,
            })
        })
        .collect()
}

/// A dense range's filled cells as sparse rows, at their place in the sheet.
fn range_rows(range: &Range<Data>) -> SheetRows {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    range
        .rows()
        .enumerate()
        .filter_map(|(i, row)| {
            let cells: Vec<(u32, String)> = row
                .iter()
                .enumerate()
                .map(|(j, d)| (c0 + j as u32, cell_text(d)))
                .filter(|(_, t)| !t.is_empty())
                .collect();
            (!cells.is_empty()).then_some((r0 + i as u32, cells))
        })
        .collect()
}

/// An .xlsx sheet's filled cells, streamed.
fn xlsx_rows(wb: &mut Xlsx<Cursor<&[u8]>>, name: &str) -> std::result::Result<SheetRows, String> {
    let mut reader = wb.worksheet_cells_reader(name).map_err(|e| e.to_string())?;
    let mut cells: Vec<(u32, u32, String)> = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(|e| e.to_string())? {
        let text = cell_text(&Data::from(cell.get_value().clone()));
        if text.is_empty() {
            continue;
        }
        if cells.len() as u64 >= MAX_CELLS {
            return Err(format!(
                "more than {MAX_CELLS} filled cells: too large for a coordinate table"
            ));
        }
        let (r, c) = cell.get_position();
        cells.push((r, c, text));
    }
    cells.sort_by_key(|&(r, c, _)| (r, c));
    let mut rows: SheetRows = Vec::new();
    for (r, c, text) in cells {
        match rows.last_mut() {
            Some((row, cells)) if *row == r => cells.push((c, text)),
            _ => rows.push((r, vec![(c, text)])),
        }
    }
    Ok(rows)
}

/// A cell as text: numbers in full precision (shortest round-trip form, so 4166616.962 stays
/// that), strings trimmed, errors and empties as "".
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty | Data::Error(_) => String::new(),
        Data::Float(f) => f.to_string(),
        other => other.to_string().trim().to_string(),
    }
}
