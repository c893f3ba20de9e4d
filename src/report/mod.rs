//! The compliance report (三线一单符合性分析 in an EIA report): `ReportData` gathered once from the
//! engine's answers, then one writer per format — Word (.docx), self-contained HTML, Excel (.xlsx)
//! and CSV — plus the offline map figure.
//!
//! Not for computing overlaps or distances (see `query`) or for deciding on the reviewer's behalf:
//! the report states what the data shows and leaves 本项目情况 to the reviewer where it cannot know.

pub mod attribute_rows;
pub mod csv_out;
pub mod data;
pub mod docx;
mod docx_header_rows;
pub mod figure;
mod figure_basemap;
mod furniture;
mod glyphs;
pub mod html;
pub mod map_print;
pub mod out_path;
pub mod site_files;
pub mod tables;
pub mod verdict;
pub mod xlsx;

use std::path::Path;

pub use crate::present::Lang;
pub use data::{ProjectInfo, ReportData};
pub use out_path::{project_inputs, refuse_overwriting_inputs, same_file};
pub use site_files::SiteReportFiles;

use crate::error::{Result, ZoneError};

/// The output formats, chosen by the file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Docx,
    Html,
    Xlsx,
    Csv,
}

impl ReportFormat {
    /// The format for `path`'s extension (.docx, .html/.htm, .xlsx, .csv).
    pub fn for_path(path: &Path) -> Result<ReportFormat> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_lowercase();
        Ok(match ext.as_str() {
            "docx" => ReportFormat::Docx,
            "html" | "htm" => ReportFormat::Html,
            "xlsx" => ReportFormat::Xlsx,
            "csv" => ReportFormat::Csv,
            _ => {
                return Err(ZoneError::Input(format!(
                    "{}: the report format is chosen by the extension: .docx, .html, .xlsx or .csv",
                    path.display()
                )));
            }
        })
    }
}

/// Writes `data` to `path` in the format its extension names.
pub fn write_report(data: &ReportData, path: &Path) -> Result<()> {
    match ReportFormat::for_path(path)? {
        ReportFormat::Docx => docx::write_docx(data, path),
        ReportFormat::Html => {
            std::fs::write(path, html::to_html(data)).map_err(|e| ZoneError::io(path, e))
        }
        ReportFormat::Xlsx => xlsx::write_xlsx(data, path),
        ReportFormat::Csv => csv_out::write_csv(data, path),
    }
}
