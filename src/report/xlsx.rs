//! The Excel report: a summary sheet (project, verdict, figure) and one sheet per table, for
//! further work on the figures.
//!
//! Not for the printed document (see `docx` and `html`).

use std::path::Path;

use rust_xlsxwriter::{Format, FormatAlign, Image, Workbook};

use super::data::ReportData;
use super::tables::{summary, tables, warnings_heading};
use crate::error::{Result, ZoneError};

fn xerr(path: &Path) -> impl Fn(rust_xlsxwriter::XlsxError) -> ZoneError + '_ {
    move |e| ZoneError::format(path, format!("cannot write the workbook: {e}"))
}

/// Writes the workbook to `path`.
pub fn write_xlsx(d: &ReportData, path: &Path) -> Result<()> {
    let e = xerr(path);
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let sheet = wb.add_worksheet();
    sheet.set_name(d.lang.t("概况", "Summary")).map_err(&e)?;
    sheet.set_column_width(0, 28).map_err(&e)?;
    sheet.set_column_width(1, 90).map_err(&e)?;
    let mut row = 0u32;
    for (k, v) in summary(d) {
        sheet
            .write_string_with_format(row, 0, &k, &bold)
            .map_err(&e)?;
        sheet
            .write_string_with_format(row, 1, &v, &wrap)
            .map_err(&e)?;
        row += 1;
    }
    sheet
        .write_string_with_format(row, 0, d.lang.t("结论表述", "Verdict"), &bold)
        .map_err(&e)?;
    sheet
        .write_string_with_format(row, 1, &d.verdict, &wrap)
        .map_err(&e)?;
    row += 1;
    for (i, w) in d.warnings.iter().enumerate() {
        if i == 0 {
            sheet
                .write_string_with_format(row, 0, warnings_heading(d.lang), &bold)
                .map_err(&e)?;
        }
        sheet
            .write_string_with_format(row, 1, w, &wrap)
            .map_err(&e)?;
        row += 1;
    }
    row += 1;
    if !d.figure_png.is_empty() {
        let img = Image::new_from_buffer(&d.figure_png)
            .map_err(&e)?
            .set_scale_width(0.45)
            .set_scale_height(0.45);
        sheet.insert_image(row, 0, &img).map_err(&e)?;
    }
    for t in tables(d) {
        let sheet = wb.add_worksheet();
        sheet.set_name(&t.sheet).map_err(&e)?;
        for (c, h) in t.headers.iter().enumerate() {
            sheet
                .write_string_with_format(0, c as u16, h, &bold)
                .map_err(&e)?;
            let width = if h.contains("要求")
                || h.contains("规则")
                || h.contains("条款")
                || h.contains("关系")
                || h.contains("Requirement")
            {
                70
            } else {
                22
            };
            sheet.set_column_width(c as u16, width).map_err(&e)?;
        }
        for (r, cells) in t.rows.iter().enumerate() {
            for (c, v) in cells.iter().enumerate() {
                sheet
                    .write_string_with_format(r as u32 + 1, c as u16, v, &wrap)
                    .map_err(&e)?;
            }
        }
        if let Some(n) = &t.note {
            sheet
                .write_string(t.rows.len() as u32 + 2, 0, n)
                .map_err(&e)?;
        }
    }
    wb.save(path).map_err(&e)
}
