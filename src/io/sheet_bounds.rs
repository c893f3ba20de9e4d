//! What kind of workbook some bytes are, and, for the kinds calamine parses whole when opened
//! (.xls, .ods), how many cells its sheets would lay out — found from the file's own records
//! before calamine is asked, because calamine sizes its buffers from what the file declares:
//! an .xls DIMENSIONS record or cell span, an .ods `number-rows-repeated`, can ask for billions
//! of cells (a hostile or damaged file aborted the process).
//!
//! Not for reading the cells (see `xlsx_cells` and `requirements::grid`); .xlsx and .xlsb sheets
//! are streamed cell by cell there and need no scan.

use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};

use crate::io::calamine_cfb::Refusal;

/// Excel's grid: 1,048,576 rows by 16,384 columns (A1 to XFD1048576).
pub const EXCEL_ROWS: u32 = 1_048_576;
pub const EXCEL_COLUMNS: u32 = 16_384;
/// Most bytes of an .ods `content.xml` read for the scan.
const MAX_SCANNED_BYTES: u64 = 512 * 1024 * 1024;

/// A workbook's container, told by content (not by its name: an .xlsx renamed .xls is common).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkbookKind {
    Xlsx,
    Xlsb,
    Ods,
    Xls,
}

/// The kind of workbook `bytes` hold: a zip with an Excel or OpenDocument part, or an OLE
/// compound file; `None` for anything else.
pub fn workbook_kind(bytes: &[u8]) -> Option<WorkbookKind> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Some(WorkbookKind::Xls);
    }
    if !bytes.starts_with(b"PK\x03\x04") {
        return None;
    }
    let zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let has = |name: &str| zip.index_for_name(name).is_some();
    if has("xl/workbook.bin") {
        Some(WorkbookKind::Xlsb)
    } else if has("xl/workbook.xml") {
        Some(WorkbookKind::Xlsx)
    } else if has("content.xml") {
        Some(WorkbookKind::Ods)
    } else {
        None
    }
}

/// `A1`-style name of a 0-based (row, column).
pub fn cell_name(row: u64, col: u64) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row + 1)
}

/// Refuses an .xls or .ods whose sheets would lay out more than `max_cells` cells (or name a
/// cell outside Excel's grid), and an .xlsx whose cell references leave the grid (`xlsx_refs`);
/// does nothing for .xlsb. The reason is a sentence
/// for the caller to prefix with the file.
pub fn check_extent(
    bytes: &[u8],
    kind: WorkbookKind,
    max_cells: u64,
) -> std::result::Result<(), String> {
    match kind {
        WorkbookKind::Xls => check_xls(bytes, max_cells),
        WorkbookKind::Ods => check_ods(bytes, max_cells),
        WorkbookKind::Xlsx => crate::io::xlsx_refs::check_xlsx_references(bytes),
        WorkbookKind::Xlsb => Ok(()),
    }
}

fn too_many(rows: u64, cols: u64, what: &str, max_cells: u64) -> std::result::Result<(), String> {
    if rows.saturating_mul(cols) > max_cells {
        Err(format!(
            "{what} {rows} rows × {cols} columns, more than the {max_cells} cells \
             zonecheck reads from one sheet: the workbook is damaged, or split the table"
        ))
    } else {
        Ok(())
    }
}

/// The BIFF records of the Workbook stream: each sheet's DIMENSIONS (calamine reserves rows ×
/// columns from it) and the span of its cell records (calamine lays that out densely).
fn check_xls(bytes: &[u8], max_cells: u64) -> std::result::Result<(), String> {
    // The `cfb` crate's checks first: their reasons are the clearer for an ordinary damaged file.
    let file = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| format!("not a readable .xls compound file: {e}"))?;
    if !["/Workbook", "/Book"].into_iter().any(|s| file.exists(s)) {
        return Err("not an .xls workbook: the compound file has no Workbook stream".into());
    }
    // Then the stream exactly as calamine will read it, refused where its reader would panic.
    let data = match crate::io::calamine_cfb::workbook_stream(bytes) {
        Ok(data) => data,
        Err(Refusal::Damaged(why)) => return Err(why),
        // calamine refuses the file with an error of its own: nothing of it to scan.
        Err(Refusal::CalamineErrs) => return Ok(()),
    };
    let mut sheet_starts = Vec::new();
    walk_records(&data, 0, max_cells, Some(&mut sheet_starts))?;
    // calamine reads each sheet from where its BOUNDSHEET says it starts, which in a damaged
    // file need not be where a record of the walk above starts: a sheet read from there is a
    // different run of records (fuzz finding 17: a DIMENSIONS of 90 million cells seen only
    // from a sheet's own start aborted the process). In a sound file it is a tail of the walk.
    sheet_starts.sort_unstable();
    sheet_starts.dedup();
    for start in sheet_starts {
        walk_records(&data, start, max_cells, None)?;
    }
    Ok(())
}

/// The records of the Workbook stream `data` from byte `from` on, checked as [`check_xls`]
/// says; `sheet_starts`, when given, collects where the BOUNDSHEET records place the sheets.
fn walk_records(
    data: &[u8],
    from: usize,
    max_cells: u64,
    mut sheet_starts: Option<&mut Vec<usize>>,
) -> std::result::Result<(), String> {
    let u16_at = |b: &[u8], i: usize| b.get(i..i + 2).map(|s| u16::from_le_bytes([s[0], s[1]]));
    let u32_at = |b: &[u8], i: usize| {
        b.get(i..i + 4)
            .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    };
    let mut sheets_seen = 0u32;
    let mut extent: Option<(u32, u32, u32, u32)> = None;
    // Cell records of the whole stream: calamine keeps each one, so their number is bounded too.
    let mut cell_records = 0u64;
    let mut at = from;
    let mut in_globals = from == 0;
    while let (Some(typ), Some(len)) = (u16_at(data, at), u16_at(data, at + 2)) {
        let body = data.get(at + 4..at + 4 + len as usize).unwrap_or(&[]);
        check_fixed_fields(typ, body, at)?;
        // calamine parses the shared strings of the workbook globals, before their EOF.
        if typ == 0x00FC && in_globals {
            crate::io::xls_sst::check_sst(data, at)?;
        }
        in_globals &= typ != 0x000A;
        at += 4 + len as usize;
        let cell = |row: Option<u16>, first: Option<u16>, last: Option<u16>| {
            (row.zip(first).zip(last)).map(|((r, f), l)| (r as u32, f as u32, l as u32))
        };
        let span = match typ {
            // BOF / EOF of a sheet: check the extent seen, start afresh.
            0x0809 | 0x000A => {
                xls_span_fits(extent.take(), max_cells)?;
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
                    too_many(
                        u64::from(rl - rf),
                        u64::from(cl),
                        "a sheet's DIMENSIONS record declares",
                        max_cells,
                    )?;
                }
                None
            }
            // BOUNDSHEET: where a sheet's records start in the stream (calamine slices the
            // stream there unchecked; a position past the end aborted the process).
            0x0085 => {
                if let Some(pos) = u32_at(body, 0)
                    && pos as usize > data.len()
                {
                    sheets_seen += 1;
                    return Err(format!(
                        "sheet {sheets_seen} is said to start at byte {pos} of the Workbook \
                         stream, which has {} bytes: the file is damaged",
                        data.len()
                    ));
                }
                if let (Some(starts), Some(pos)) = (sheet_starts.as_deref_mut(), u32_at(body, 0)) {
                    starts.push(pos as usize);
                }
                sheets_seen += 1;
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
            cell_records += u64::from(l - f) + 1;
            if cell_records > max_cells {
                return Err(format!(
                    "more than {max_cells} cell records, more than zonecheck reads from one \
                     workbook: the workbook is damaged, or split the table"
                ));
            }
            let e = extent.get_or_insert((r, r, f, l));
            *e = (e.0.min(r), e.1.max(r), e.2.min(f), e.3.max(l));
        }
    }
    xls_span_fits(extent, max_cells)
}

/// The workbook-globals records whose leading fields calamine 0.38 reads without checking the
/// record's length (`parse_workbook`: `read_u16(r.data)`, `r.data[4]`, `r.data[14..]`), with the
/// bytes it reads: a shorter record panicked it (fuzz/RUNS.md, findings 6 and 7). Well-formed
/// records are longer still (MS-XLS: a BOF has 16 bytes in BIFF8, a BoundSheet8 at least 8).
const FIXED_FIELDS: [(u16, &str, usize); 7] = [
    (0x002F, "FilePass", 2),
    (0x0042, "CodePage", 2),
    (0x0022, "DateMode", 2),
    (0x0809, "BOF", 2),
    (0x0017, "ExternSheet", 2),
    (0x0085, "BoundSheet8", 6),
    (0x0018, "Lbl", 14),
];

/// Refuses a record of the kinds above that is shorter than the fields calamine reads, or a Lbl
/// (defined name) whose formula length runs before the record's start (calamine subtracts it
/// from the record's length unchecked). `at` is the record's position in the stream.
fn check_fixed_fields(typ: u16, body: &[u8], at: usize) -> std::result::Result<(), String> {
    let Some(&(_, name, min)) = FIXED_FIELDS.iter().find(|(t, _, _)| *t == typ) else {
        return Ok(());
    };
    if body.len() < min {
        return Err(format!(
            "a {name} record of {} byte(s) at byte {at} of the Workbook stream (it needs at \
             least {min}): the file is damaged",
            body.len()
        ));
    }
    // A Lbl is at least 14 bytes here, so its formula length (bytes 4–5) is there to read.
    if typ == 0x0018 {
        let formula_len = usize::from(u16::from_le_bytes([body[4], body[5]]));
        if formula_len > body.len() - 14 {
            return Err(format!(
                "a defined name (Lbl record) at byte {at} of the Workbook stream says its formula \
                 has {formula_len} bytes, more than the record holds: the file is damaged"
            ));
        }
    }
    Ok(())
}

/// One .xls sheet's span of cell records, (first row, last row, first column, last column),
/// laid out densely by calamine.
fn xls_span_fits(
    extent: Option<(u32, u32, u32, u32)>,
    max_cells: u64,
) -> std::result::Result<(), String> {
    match extent {
        Some((r0, r1, c0, c1)) => too_many(
            u64::from(r1 - r0) + 1,
            u64::from(c1 - c0) + 1,
            "a sheet's cells span",
            max_cells,
        ),
        None => Ok(()),
    }
}

/// One `table:table` of an .ods as calamine will lay it out: rows and columns counted with
/// their repeats, the extent of the filled cells, and the cells held before the layout.
#[derive(Default)]
struct OdsTable {
    name: String,
    /// The next row's 0-based index, repeats counted.
    next_row: u64,
    /// (first row, last row, first column, last column) of the filled cells.
    extent: Option<(u64, u64, u64, u64)>,
    /// Cells calamine keeps before laying out: each row up to its last filled cell.
    held: u64,
    /// The row being read.
    row: Option<OdsRow>,
}

/// A `table:table-row` being read.
struct OdsRow {
    /// Its first 0-based row index.
    first: u64,
    /// How many rows it stands for.
    repeats: u64,
    /// The next cell's 0-based column, repeats counted.
    next_col: u64,
    /// (first, last) column of its filled cells.
    span: Option<(u64, u64)>,
}

/// Attributes of an ODS element, as text (unquoted values).
fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .map(|a| String::from_utf8_lossy(&a.value).into_owned())
}

/// A repeat count as written; an unreadable one is left to calamine to refuse.
fn repeats(e: &BytesStart<'_>, name: &str) -> u64 {
    attr(e, name)
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(1)
}

/// Whether calamine will keep a value for this cell (a value, a string, a formula).
fn ods_cell_filled(e: &BytesStart<'_>) -> bool {
    e.attributes().flatten().any(|a| {
        matches!(
            a.key.as_ref(),
            b"office:value"
                | b"office:string-value"
                | b"office:date-value"
                | b"office:time-value"
                | b"office:boolean-value"
                | b"table:formula"
        ) || (a.key.as_ref() == b"office:value-type" && a.value.as_ref() == b"string")
    })
}

impl OdsTable {
    fn start_row(&mut self, e: &BytesStart<'_>) {
        self.end_row();
        let n = repeats(e, "table:number-rows-repeated").max(1);
        self.row = Some(OdsRow {
            first: self.next_row,
            repeats: n,
            next_col: 0,
            span: None,
        });
    }

    fn cell(&mut self, e: &BytesStart<'_>) -> std::result::Result<(), String> {
        let Some(OdsRow {
            first: first_row,
            next_col,
            span,
            ..
        }) = &mut self.row
        else {
            return Ok(());
        };
        let n = repeats(e, "table:number-columns-repeated");
        let col = *next_col;
        *next_col = next_col.saturating_add(n);
        if n == 0 || !ods_cell_filled(e) {
            return Ok(());
        }
        let last = col.saturating_add(n - 1);
        if *first_row >= u64::from(EXCEL_ROWS) || last >= u64::from(EXCEL_COLUMNS) {
            return Err(format!(
                "sheet {}: a cell at {} lies outside Excel's grid (A1…XFD1048576): the \
                 workbook is damaged",
                self.name,
                cell_name(*first_row, last.max(col))
            ));
        }
        let s = span.get_or_insert((col, last));
        *s = (s.0.min(col), s.1.max(last));
        Ok(())
    }

    fn end_row(&mut self) {
        let Some(OdsRow {
            first,
            repeats: n,
            span,
            ..
        }) = self.row.take()
        else {
            return;
        };
        self.next_row = self.next_row.saturating_add(n);
        if let Some((c0, c1)) = span {
            self.held = self.held.saturating_add(c1 + 1);
            let last = first.saturating_add(n - 1);
            let e = self.extent.get_or_insert((first, last, c0, c1));
            *e = (e.0.min(first), e.1.max(last), e.2.min(c0), e.3.max(c1));
        }
    }

    fn check(mut self, max_cells: u64) -> std::result::Result<(), String> {
        self.end_row();
        let sheet = &self.name;
        if self.held > max_cells {
            return Err(format!(
                "sheet {sheet}: more than {max_cells} cells, more than zonecheck reads from one \
                 sheet: the workbook is damaged, or split the table"
            ));
        }
        if let Some((r0, r1, c0, c1)) = self.extent {
            let what = format!("sheet {sheet}: its filled cells span");
            too_many(r1 - r0 + 1, c1 - c0 + 1, &what, max_cells)?;
        }
        Ok(())
    }
}

fn too_long() -> String {
    format!(
        "content.xml inflates to more than {} MiB, more than zonecheck reads from one table: \
         the workbook is damaged, or split the table",
        MAX_SCANNED_BYTES >> 20
    )
}

/// Streams `content.xml` and counts each table's rows and columns with their repeats.
fn check_ods(bytes: &[u8], max_cells: u64) -> std::result::Result<(), String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not a readable .ods (zip) file: {e}"))?;
    let content = zip
        .by_name("content.xml")
        .map_err(|e| format!("not an .ods workbook: content.xml: {e}"))?;
    let mut limited = std::io::BufReader::new(content.take(MAX_SCANNED_BYTES + 1));
    let mut reader = quick_xml::Reader::from_reader(&mut limited);
    let config = reader.config_mut();
    config.check_end_names = false;
    config.expand_empty_elements = true;
    let mut buf = Vec::new();
    let mut table: Option<OdsTable> = None;
    loop {
        let event = match reader.read_event_into(&mut buf) {
            Ok(event) => event,
            Err(_) if reader.buffer_position() > MAX_SCANNED_BYTES => return Err(too_long()),
            Err(e) => return Err(format!("content.xml is not readable XML: {e}")),
        };
        match event {
            Event::Start(e) => match e.name().as_ref() {
                b"table:table" => {
                    if let Some(t) = table.take() {
                        t.check(max_cells)?;
                    }
                    table = Some(OdsTable {
                        name: attr(&e, "table:name").unwrap_or_default(),
                        ..OdsTable::default()
                    });
                }
                b"table:table-row" => {
                    if let Some(t) = &mut table {
                        t.start_row(&e);
                    }
                }
                b"table:table-cell" | b"table:covered-table-cell" => {
                    if let Some(t) = &mut table {
                        t.cell(&e)?;
                    }
                }
                _ => {}
            },
            Event::End(e) if e.name().as_ref() == b"table:table" => {
                if let Some(t) = table.take() {
                    t.check(max_cells)?;
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if reader.buffer_position() > MAX_SCANNED_BYTES {
        return Err(too_long());
    }
    if let Some(t) = table {
        t.check(max_cells)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_shorter_than_the_fields_calamine_reads_are_refused() {
        // A CodePage of one byte, a BOF of none: too short. Other record kinds are not looked at.
        let err = check_fixed_fields(0x0042, &[0xE4], 100).unwrap_err();
        assert!(
            err.starts_with("a CodePage record of 1 byte(s) at byte 100"),
            "{err}"
        );
        assert!(check_fixed_fields(0x0809, &[], 0).is_err());
        assert!(check_fixed_fields(0x0042, &[0xE4, 0x04], 0).is_ok());
        assert!(check_fixed_fields(0x0203, &[], 0).is_ok());
        // A Lbl of 14 bytes with no room for the formula it declares (1 byte), then with none.
        let mut lbl = [0u8; 14];
        lbl[4] = 1;
        assert!(
            check_fixed_fields(0x0018, &lbl, 0)
                .unwrap_err()
                .contains("formula has 1 bytes")
        );
        lbl[4] = 0;
        assert!(check_fixed_fields(0x0018, &lbl, 0).is_ok());
    }

    #[test]
    fn cell_names() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(1_048_576, 16_383), "XFD1048577");
        assert_eq!(cell_name(9, 26), "AA10");
    }
}
