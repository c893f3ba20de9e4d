//! Reading a table file (CSV in UTF-8 or GBK, or the first non-empty sheet of an .xlsx/.xls
//! workbook) into rows of trimmed text, and finding columns by header aliases.
//!
//! Not for interpreting the rows (see `table` and `industry`).

use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};

use crate::error::{Result, ZoneError};

/// A table as rows of cells; the first row is the header.
#[derive(Debug, Clone)]
pub struct Grid {
    pub header: Vec<String>,
    /// Data rows with their 1-based row number in the file (the header is row 1).
    pub rows: Vec<(usize, Vec<String>)>,
}

impl Grid {
    /// The index of the first column whose header equals one of `aliases` (case-insensitive,
    /// ignoring spaces and a trailing "（…）" note such as "要求内容（原文）").
    pub fn column(&self, aliases: &[&str]) -> Option<usize> {
        let norm = |s: &str| -> String {
            let s = s.split(['（', '(']).next().unwrap_or(s);
            s.chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_lowercase()
        };
        self.header.iter().position(|h| {
            let h = norm(h);
            aliases.iter().any(|a| norm(a) == h)
        })
    }

    /// The cell of `row` at column `col`, empty when out of range.
    pub fn cell(row: &[String], col: Option<usize>) -> &str {
        col.and_then(|c| row.get(c))
            .map(String::as_str)
            .unwrap_or("")
    }
}

/// Reads `path` by its extension: .csv/.txt as CSV, .xlsx/.xlsm/.xls/.ods as a workbook.
pub fn read_grid(path: &Path) -> Result<Grid> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_lowercase();
    let rows = match ext.as_str() {
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => read_workbook(path)?,
        _ => read_csv(path)?,
    };
    let mut it = rows.into_iter().enumerate();
    let header = loop {
        match it.next() {
            Some((_, r)) if r.iter().all(|c| c.is_empty()) => continue,
            Some((_, r)) => break r,
            None => return Err(ZoneError::format(path, "the table is empty")),
        }
    };
    let rows = it
        .filter(|(_, r)| r.iter().any(|c| !c.is_empty()))
        .map(|(i, r)| (i + 1, r))
        .collect();
    Ok(Grid { header, rows })
}

/// Decodes CSV bytes: UTF-8 (with or without BOM) when valid, else GBK — Excel in China saves GBK.
fn decode_text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GBK.decode(bytes).0.into_owned(),
    }
}

fn read_csv(path: &Path) -> Result<Vec<Vec<String>>> {
    let bytes = std::fs::read(path).map_err(|e| ZoneError::io(path, e))?;
    let text = decode_text(&bytes);
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

fn read_workbook(path: &Path) -> Result<Vec<Vec<String>>> {
    let mut wb = open_workbook_auto(path)
        .map_err(|e| ZoneError::format(path, format!("cannot open the workbook: {e}")))?;
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
    Err(ZoneError::format(
        path,
        "the workbook has no non-empty sheet",
    ))
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
}
