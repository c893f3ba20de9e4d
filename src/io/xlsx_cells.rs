//! The filled cells of every sheet of a workbook, as text, without trusting the sizes a file
//! declares: calamine builds a dense grid over the used range, so one cell at XFD1048576 would
//! ask for 17 billion cells. .xlsx sheets are streamed cell by cell (calamine's cell reader) into
//! sparse rows; .xls workbooks, which calamine parses whole when opened, are first scanned (the
//! BIFF records inside the compound file) for the extent their cells and DIMENSIONS claim.
//!
//! Not for interpreting the cells (see `xlsx_coords`).

use std::io::Read;
use std::path::Path;

use calamine::{Data, Reader, Xls, Xlsx, open_workbook};

use crate::error::{Result, ZoneError};

/// Most filled cells a sheet may have: a boundary table has hundreds.
const MAX_CELLS: u64 = 2_000_000;
/// Most bytes of an .xls workbook stream read for the scan.
const MAX_XLS_STREAM: u64 = 512 * 1024 * 1024;

/// Non-empty rows: (0-based row index, cells as (0-based column, trimmed text)), in order.
pub type SheetRows = Vec<(u32, Vec<(u32, String)>)>;

/// One sheet: its name and its non-empty rows (0-based row index, cells as (0-based column,
/// trimmed text)), in order.
pub struct Sheet {
    pub name: String,
    pub rows: SheetRows,
}

/// Every sheet of the .xlsx/.xlsm/.xls at `path`, by its content (zip or compound file).
pub fn read_sheets(path: &Path) -> Result<Vec<Sheet>> {
    let mut magic = [0u8; 8];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut magic))
        .map_err(|e| ZoneError::io(path, e))?;
    let open_error = |e: &dyn std::fmt::Display| {
        ZoneError::format(path, format!("cannot open the workbook: {e}"))
    };
    if magic[..n].starts_with(b"PK\x03\x04") {
        let mut wb: Xlsx<_> = open_workbook(path).map_err(|e| open_error(&e))?;
        let names = wb.sheet_names();
        names
            .into_iter()
            .map(|name| {
                let rows = xlsx_rows(&mut wb, &name)
                    .map_err(|why| ZoneError::format(path, format!("sheet {name}: {why}")))?;
                Ok(Sheet { name, rows })
            })
            .collect()
    } else if magic[..n] == [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] {
        check_xls_extent(path).map_err(|why| ZoneError::format(path, why))?;
        let mut wb: Xls<_> = open_workbook(path).map_err(|e| open_error(&e))?;
        let names = wb.sheet_names();
        names
            .into_iter()
            .map(|name| {
                let range = wb
                    .worksheet_range(&name)
                    .map_err(|e| ZoneError::format(path, format!("sheet {name}: {e}")))?;
                let (r0, c0) = range.start().unwrap_or((0, 0));
                let rows = range
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
                    .collect();
                Ok(Sheet { name, rows })
            })
            .collect()
    } else {
        Err(ZoneError::format(
            path,
            "not an Excel workbook (neither .xlsx, a zip, nor .xls, a compound file)",
        ))
    }
}

/// An .xlsx sheet's filled cells, streamed.
fn xlsx_rows(
    wb: &mut Xlsx<std::io::BufReader<std::fs::File>>,
    name: &str,
) -> std::result::Result<SheetRows, String> {
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

/// Refuses an .xls whose cell records or DIMENSIONS span more than `MAX_CELLS` cells, or whose
/// extents are inverted (which calamine's arithmetic would overflow on).
fn check_xls_extent(path: &Path) -> std::result::Result<(), String> {
    let mut file =
        cfb::open(path).map_err(|e| format!("not a readable .xls compound file: {e}"))?;
    let stream = ["/Workbook", "/Book"]
        .into_iter()
        .find(|s| file.exists(s))
        .ok_or("not an .xls workbook: the compound file has no Workbook stream")?;
    let mut data = Vec::new();
    file.open_stream(stream)
        .map_err(|e| e.to_string())?
        .take(MAX_XLS_STREAM)
        .read_to_end(&mut data)
        .map_err(|e| format!("the Workbook stream cannot be read: {e}"))?;
    let u16_at = |b: &[u8], i: usize| b.get(i..i + 2).map(|s| u16::from_le_bytes([s[0], s[1]]));
    let u32_at = |b: &[u8], i: usize| {
        b.get(i..i + 4)
            .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    };
    let too_big = |rows: u64, cols: u64, what: &str| -> std::result::Result<(), String> {
        if rows.saturating_mul(cols) > MAX_CELLS {
            Err(format!(
                "a sheet's {what} {rows} rows × {cols} columns: too large for a coordinate table"
            ))
        } else {
            Ok(())
        }
    };
    let mut extent: Option<(u32, u32, u32, u32)> = None;
    let mut at = 0usize;
    while let (Some(typ), Some(len)) = (u16_at(&data, at), u16_at(&data, at + 2)) {
        let body = data.get(at + 4..at + 4 + len as usize).unwrap_or(&[]);
        at += 4 + len as usize;
        let cell = |row: Option<u16>, first: Option<u16>, last: Option<u16>| {
            (row.zip(first).zip(last)).map(|((r, f), l)| (r as u32, f as u32, l as u32))
        };
        let span = match typ {
            // BOF / EOF of a sheet: check the extent seen, start afresh.
            0x0809 | 0x000A => {
                if let Some((r0, r1, c0, c1)) = extent.take() {
                    too_big(u64::from(r1 - r0) + 1, u64::from(c1 - c0) + 1, "cells span")?;
                }
                None
            }
            0x0200 => {
                let (rf, rl, cf, cl) = match body.len() {
                    10 => (
                        u16_at(body, 0).map(u32::from),
                        u16_at(body, 2).map(u32::from),
                        u16_at(body, 4),
                        u16_at(body, 6),
                    ),
                    _ => (
                        u32_at(body, 0),
                        u32_at(body, 4),
                        u16_at(body, 8),
                        u16_at(body, 10),
                    ),
                };
                if let (Some(rf), Some(rl), Some(_), Some(cl)) = (rf, rl, cf, cl)
                    && rl >= 1
                {
                    if rl - 1 < rf {
                        return Err(
                            "a sheet's DIMENSIONS record is inverted: the file is damaged".into(),
                        );
                    }
                    // calamine sizes its cell buffer from these, the first column read as 0.
                    too_big(
                        u64::from(rl - rf),
                        u64::from(cl),
                        "DIMENSIONS record declares",
                    )?;
                }
                None
            }
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                cell(u16_at(body, 0), u16_at(body, 2), u16_at(body, 2))
            }
            0x00BD => {
                let last = body.len().checked_sub(2).and_then(|i| u16_at(body, i));
                let span = cell(u16_at(body, 0), u16_at(body, 2), last);
                if span.is_some_and(|(_, f, l)| l < f) {
                    return Err("a MULRK record ends before it starts: the file is damaged".into());
                }
                span
            }
            _ => None,
        };
        if let Some((r, f, l)) = span {
            let e = extent.get_or_insert((r, r, f, l));
            *e = (e.0.min(r), e.1.max(r), e.2.min(f), e.3.max(l));
        }
    }
    if let Some((r0, r1, c0, c1)) = extent {
        too_big(u64::from(r1 - r0) + 1, u64::from(c1 - c0) + 1, "cells span")?;
    }
    Ok(())
}
