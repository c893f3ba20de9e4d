//! Cell references of an .xlsx checked against Excel's grid before calamine reads the sheets.
//!
//! calamine 0.38 turns a reference such as `r="B7"` or `ref="A1:E14"` into numbers with plain
//! `u32` arithmetic (`xlsx::get_row_and_optional_column`): a damaged or hostile reference with
//! many letters or digits overflows it, which panics in debug builds and silently wraps in
//! release ones (a cell read at the wrong place). No released calamine checks this, so the
//! references calamine will parse — `r` and `ref` attributes in the worksheet and table parts —
//! are scanned here first, the same way calamine scans them (letters, then digits, per side of
//! a `:`), and any outside A1:XFD1048576 is refused.

use std::io::{Cursor, Read};

use quick_xml::events::Event;

use crate::error::quote;
use crate::io::sheet_bounds::{EXCEL_COLUMNS, EXCEL_ROWS};

/// Most bytes one part may inflate to while scanned; beyond it the workbook is refused.
const MAX_PART_BYTES: u64 = 512 * 1024 * 1024;

/// Refuses an .xlsx naming a cell outside Excel's grid in any worksheet or table part. The
/// reason is a sentence for the caller to prefix with the file; a zip that cannot be read is left
/// for calamine to report.
pub fn check_xlsx_references(bytes: &[u8]) -> std::result::Result<(), String> {
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index(i) else {
            continue;
        };
        let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
        let lower = name.to_ascii_lowercase();
        let scanned = (lower.starts_with("xl/worksheets/") || lower.starts_with("xl/tables/"))
            && lower.ends_with(".xml");
        if scanned {
            check_part(entry, &name)?;
        }
    }
    Ok(())
}

fn check_part(part: impl Read, name: &str) -> std::result::Result<(), String> {
    let mut limited = std::io::BufReader::new(part.take(MAX_PART_BYTES + 1));
    let mut reader = quick_xml::Reader::from_reader(&mut limited);
    reader.config_mut().check_end_names = false;
    let mut buf = Vec::new();
    // Broken XML ends the scan: it is calamine's to report; a part too long to scan is ours.
    while let Ok(event) = reader.read_event_into(&mut buf) {
        match event {
            Event::Start(e) | Event::Empty(e) => {
                for attr in e.attributes().flatten() {
                    if matches!(attr.key.as_ref(), b"r" | b"ref") {
                        let value = String::from_utf8_lossy(&attr.value);
                        let why = if !value.split(':').all(inside_grid) {
                            Some("lies outside Excel's grid (A1…XFD1048576)")
                        } else if attr.key.as_ref() == b"ref" && ends_before_start(&value) {
                            Some("ends before it starts")
                        } else {
                            None
                        };
                        if let Some(why) = why {
                            return Err(format!(
                                "{name}: <{} {}=\"{}\"> {why}: the workbook is damaged",
                                String::from_utf8_lossy(e.local_name().as_ref()),
                                String::from_utf8_lossy(attr.key.as_ref()),
                                quote(&value)
                            ));
                        }
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if reader.buffer_position() > MAX_PART_BYTES {
        return Err(format!(
            "{name} inflates to more than {} MiB, more than zonecheck reads from one sheet: the \
             workbook is damaged, or split the table",
            MAX_PART_BYTES >> 20
        ));
    }
    Ok(())
}

/// The column (A = 1) and row (1-based) of the leading letters and the digits after them, 0
/// where there are none; `None` beyond 3 letters or 7 digits (beyond XFD / 1048576 whatever
/// they are). What follows them is left to calamine, which stops there with an error.
fn column_and_row(reference: &str) -> Option<(u32, u32)> {
    let bytes = reference.as_bytes();
    let letters = bytes.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let digits = bytes[letters..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    if letters > 3 || digits > 7 {
        return None;
    }
    let column = bytes[..letters].iter().fold(0u32, |col, b| {
        col * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1
    });
    let row = bytes[letters..letters + digits]
        .iter()
        .fold(0u32, |row, b| row * 10 + u32::from(b - b'0'));
    Some((column, row))
}

/// False when the reference names a place beyond Excel's grid.
fn inside_grid(reference: &str) -> bool {
    column_and_row(reference)
        .is_some_and(|(column, row)| column <= EXCEL_COLUMNS && row <= EXCEL_ROWS)
}

/// True for a range such as `B5:A1`, whose end lies above or left of its start: calamine
/// (`xlsx::get_dimension`) subtracts start from end without a check, which panics in debug
/// builds and wraps to a range of four billion rows in release ones (fuzz finding 18). A side
/// without a column or a row is left to calamine, which refuses it before subtracting.
fn ends_before_start(range: &str) -> bool {
    let mut sides = range.split(':').map(column_and_row);
    match (sides.next(), sides.next(), sides.next()) {
        (Some(Some((c0, r0))), Some(Some((c1, r1))), None) => {
            c0 > 0 && r0 > 0 && c1 > 0 && r1 > 0 && (c1 < c0 || r1 < r0)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::{ends_before_start, inside_grid};

    #[test]
    fn ranges_that_end_before_they_start() {
        for bad in ["B5:A1", "A5:A1", "B1:A1", "b2:a3"] {
            assert!(ends_before_start(bad), "{bad}");
        }
        // Forward ranges, single cells, and sides calamine itself refuses (no row, no column).
        for ok in ["A1:B5", "A1:A1", "C7", "B:A", "5:1", "B5:", "A1:B2:A1"] {
            assert!(!ends_before_start(ok), "{ok}");
        }
    }

    #[test]
    fn references_inside_and_outside_the_grid() {
        for ok in ["A1", "XFD1048576", "e14", "A", "7", "", "$A$1"] {
            assert!(inside_grid(ok), "{ok}");
        }
        for bad in [
            "XFE1",
            "A1048577",
            "CnlineStn",
            "AAAA1",
            "A99999999",
            "ZZZ1",
        ] {
            assert!(!inside_grid(bad), "{bad}");
        }
    }
}
