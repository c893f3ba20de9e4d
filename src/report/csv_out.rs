//! The CSV report: every table one after another (a title row, the header, the rows, a blank
//! line), UTF-8 with a BOM so that Excel in China opens it as UTF-8.
//!
//! Not for one-table-per-file exports (the XLSX writer gives one sheet per table).

use std::path::Path;

use super::data::ReportData;
use super::tables::{summary, tables, warnings_heading};
use crate::error::{Result, ZoneError};

/// The CSV text of the report.
pub fn to_csv(d: &ReportData) -> Result<String> {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    let err = |e: csv::Error| ZoneError::Input(format!("cannot write CSV: {e}"));
    w.write_record([d.lang.t("项目概况", "Project")])
        .map_err(err)?;
    for (k, v) in summary(d) {
        w.write_record([k, v]).map_err(err)?;
    }
    w.write_record([d.lang.t("结论", "Verdict"), &d.verdict])
        .map_err(err)?;
    for (i, warning) in d.warnings.iter().enumerate() {
        let label = if i == 0 { warnings_heading(d.lang) } else { "" };
        w.write_record([label, warning]).map_err(err)?;
    }
    for t in tables(d) {
        w.write_record([""]).map_err(err)?;
        w.write_record([&t.title]).map_err(err)?;
        w.write_record(&t.headers).map_err(err)?;
        for r in &t.rows {
            w.write_record(r).map_err(err)?;
        }
        if let Some(n) = &t.note {
            w.write_record([n]).map_err(err)?;
        }
    }
    let bytes = w
        .into_inner()
        .map_err(|e| ZoneError::Input(format!("cannot write CSV: {e}")))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Writes the CSV report to `path`.
pub fn write_csv(d: &ReportData, path: &Path) -> Result<()> {
    let mut text = String::from("\u{feff}");
    text.push_str(&to_csv(d)?);
    std::fs::write(path, text).map_err(|e| ZoneError::io(path, e))
}
