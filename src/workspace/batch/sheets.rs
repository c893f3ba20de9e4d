//! Plain tables written as a workbook (one sheet each, numbers kept as numbers) or as CSV (the
//! tables one after another, UTF-8 with a BOM so Excel in China opens it as UTF-8): the batch
//! summary and the version comparison's tables.
//!
//! Not for the compliance report's layout (see `report`).

use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, Workbook};

use crate::error::{Result, ZoneError};

/// One cell: text, or a number a spreadsheet can sum and sort.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// The value and the decimals CSV writes it with.
    Number(f64, usize),
    Empty,
}

impl Cell {
    /// The cell as CSV (and the app's table) shows it.
    pub fn text(&self) -> String {
        match self {
            Cell::Text(t) => t.clone(),
            Cell::Number(v, decimals) => format!("{v:.decimals$}"),
            Cell::Empty => String::new(),
        }
    }
}

impl From<String> for Cell {
    fn from(t: String) -> Cell {
        Cell::Text(t)
    }
}

impl From<&str> for Cell {
    fn from(t: &str) -> Cell {
        Cell::Text(t.to_string())
    }
}

/// A table with a name (the sheet's), its column names and its rows.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub name: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// Writes `sheets` to `path`: `.xlsx` one sheet per table, `.csv` every table in turn (a title
/// row before each when there are several). Any other extension is an error naming both.
pub fn write_sheets(path: &Path, sheets: &[Sheet]) -> Result<()> {
    match sheet_format(path)? {
        SheetFormat::Xlsx => write_xlsx(path, sheets),
        SheetFormat::Csv => {
            let mut text = String::from("\u{feff}");
            text.push_str(&to_csv(sheets)?);
            std::fs::write(path, text).map_err(|e| ZoneError::io(path, e))
        }
    }
}

/// The formats a table can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetFormat {
    Xlsx,
    Csv,
}

/// The format `path`'s extension names (.xlsx or .csv), checked before any work is done.
pub fn sheet_format(path: &Path) -> Result<SheetFormat> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("xlsx") => Ok(SheetFormat::Xlsx),
        Some("csv") => Ok(SheetFormat::Csv),
        _ => Err(ZoneError::Input(format!(
            "{}: a summary is written as .xlsx or .csv (the extension chooses)",
            path.display()
        ))),
    }
}

/// The tables as CSV text (without the BOM).
pub fn to_csv(sheets: &[Sheet]) -> Result<String> {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    let err = |e: csv::Error| ZoneError::Input(format!("cannot write CSV: {e}"));
    for (i, sheet) in sheets.iter().enumerate() {
        if sheets.len() > 1 {
            if i > 0 {
                w.write_record([""]).map_err(err)?;
            }
            w.write_record([&sheet.name]).map_err(err)?;
        }
        w.write_record(&sheet.headers).map_err(err)?;
        for row in &sheet.rows {
            w.write_record(row.iter().map(Cell::text)).map_err(err)?;
        }
    }
    let bytes = w
        .into_inner()
        .map_err(|e| ZoneError::Input(format!("cannot write CSV: {e}")))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn write_xlsx(path: &Path, sheets: &[Sheet]) -> Result<()> {
    let e = |e: rust_xlsxwriter::XlsxError| {
        ZoneError::format(path, format!("cannot write the workbook: {e}"))
    };
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    for sheet in sheets {
        let ws = wb.add_worksheet();
        // Excel allows 31 characters and no []:*?/\ in a sheet name.
        let name: String = sheet
            .name
            .chars()
            .filter(|c| !"[]:*?/\\".contains(*c))
            .take(31)
            .collect();
        ws.set_name(&name).map_err(e)?;
        for (c, h) in sheet.headers.iter().enumerate() {
            let col = u16::try_from(c).map_err(|_| ZoneError::Input("too many columns".into()))?;
            ws.write_string_with_format(0, col, h, &bold).map_err(e)?;
            ws.set_column_width(col, if h.chars().count() > 12 { 40 } else { 16 })
                .map_err(e)?;
        }
        for (r, cells) in sheet.rows.iter().enumerate() {
            let row = u32::try_from(r + 1)
                .ok()
                .filter(|&r| r < 1_048_576)
                .ok_or_else(|| {
                    ZoneError::format(
                        path,
                        "more rows than an Excel sheet holds (1,048,576): write .csv",
                    )
                })?;
            for (c, cell) in cells.iter().enumerate() {
                let col =
                    u16::try_from(c).map_err(|_| ZoneError::Input("too many columns".into()))?;
                match cell {
                    Cell::Text(t) => {
                        ws.write_string_with_format(row, col, t, &wrap).map_err(e)?;
                    }
                    Cell::Number(v, _) if v.is_finite() => {
                        ws.write_number(row, col, *v).map_err(e)?;
                    }
                    Cell::Number(..) | Cell::Empty => {}
                }
            }
        }
    }
    wb.save(path).map_err(e)
}
