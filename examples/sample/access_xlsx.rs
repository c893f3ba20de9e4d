//! The .xlsx copy of the sample access list, written from the hand-written CSV so that the sample
//! also exercises the Excel reader (tests/suite/requirements_tables.rs checks both read the same).

use std::path::Path;

use anyhow::{Context, Result};

/// Writes `out` (one sheet, every cell as text) from the rows of `csv_path`.
pub fn write_from_csv(csv_path: &Path, out: &Path) -> Result<()> {
    let text = std::fs::read_to_string(csv_path)
        .with_context(|| format!("{}: cannot read", csv_path.display()))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("准入清单")?;
    for (r, record) in reader.records().enumerate() {
        let record = record.with_context(|| format!("{}: row {}", csv_path.display(), r + 1))?;
        for (c, value) in record.iter().enumerate() {
            sheet.write_string(u32::try_from(r)?, u16::try_from(c)?, value)?;
        }
    }
    workbook
        .save(out)
        .with_context(|| format!("{}: cannot write", out.display()))?;
    Ok(())
}
