//! The attribute table's rows as a file: the rows the user filtered and sorted in the app, as
//! .xlsx (numbers stay numbers, unit codes stay text) or .csv (UTF-8 with a BOM, so Excel in
//! China opens it as UTF-8). The header row gives the fields' raw names, so the file can be
//! joined back to the layer.
//!
//! Not for the compliance report's tables (see `tables`, `xlsx`, `csv_out`).

use std::path::Path;

use rust_xlsxwriter::{Format, Workbook};

use crate::error::{Result, ZoneError};
use crate::model::{AttrValue, Layer};

/// Writes features `fids` of `layer` (in that order) to `path`; the format follows the
/// extension (.xlsx, else CSV).
pub fn write_attribute_rows(layer: &Layer, fids: &[usize], path: &Path) -> Result<()> {
    let xlsx = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if xlsx {
        write_xlsx(layer, fids, path)
    } else {
        let text = to_csv(layer, fids)?;
        std::fs::write(path, text).map_err(|e| ZoneError::io(path, e))
    }
}

/// The rows as CSV text (BOM first).
pub fn to_csv(layer: &Layer, fids: &[usize]) -> Result<String> {
    let err = |e: csv::Error| ZoneError::Input(format!("cannot write CSV: {e}"));
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    w.write_record(layer.fields.iter().map(|f| f.name.as_str()))
        .map_err(err)?;
    for &fid in fids {
        let Some(f) = layer.features.get(fid) else {
            continue;
        };
        w.write_record(f.attributes.iter().map(|v| v.as_text().unwrap_or_default()))
            .map_err(err)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| ZoneError::Input(format!("cannot write CSV: {e}")))?;
    let mut out = String::from("\u{feff}");
    out.push_str(&String::from_utf8_lossy(&bytes));
    Ok(out)
}

fn write_xlsx(layer: &Layer, fids: &[usize], path: &Path) -> Result<()> {
    let e = |e: rust_xlsxwriter::XlsxError| {
        ZoneError::format(path, format!("cannot write the workbook: {e}"))
    };
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = wb.add_worksheet();
    for (c, f) in layer.fields.iter().enumerate() {
        let col = u16::try_from(c).map_err(|_| {
            ZoneError::format(path, "more than 65,535 fields do not fit a worksheet")
        })?;
        sheet
            .write_string_with_format(0, col, &f.name, &bold)
            .map_err(e)?;
    }
    for (r, &fid) in fids.iter().enumerate() {
        let Some(feature) = layer.features.get(fid) else {
            continue;
        };
        // Row 0 is the header; a worksheet holds 1,048,576 rows.
        let row = u32::try_from(r + 1)
            .ok()
            .filter(|&row| row < 1_048_576)
            .ok_or_else(|| {
                ZoneError::format(
                    path,
                    "more than 1,048,575 rows do not fit a worksheet: export as .csv",
                )
            })?;
        for (c, v) in feature.attributes.iter().enumerate() {
            let col = c as u16;
            match v {
                AttrValue::Null => {}
                AttrValue::Integer(i) => {
                    sheet.write_number(row, col, *i as f64).map_err(e)?;
                }
                AttrValue::Float(x) if x.is_finite() => {
                    sheet.write_number(row, col, *x).map_err(e)?;
                }
                other => {
                    let text = other.as_text().unwrap_or_default();
                    sheet.write_string(row, col, &text).map_err(e)?;
                }
            }
        }
    }
    wb.save(path).map_err(e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::testing::layer_with_features;

    #[test]
    fn csv_keeps_codes_and_chinese_and_quotes_commas() {
        let layer = layer_with_features(
            "units",
            &["HJGKDYBM", "HJGKDYMC"],
            vec![
                (None, vec!["ZH13110220001", "桃城区,城镇"]),
                (None, vec!["ZH13110210002", "滏阳河"]),
            ],
        );
        // In the order asked (the table's sort), an ASCII comma quoted, as RFC 4180 has it.
        let text = to_csv(&layer, &[1, 0]).unwrap();
        assert_eq!(
            text,
            "\u{feff}HJGKDYBM,HJGKDYMC\nZH13110210002,滏阳河\nZH13110220001,\"桃城区,城镇\"\n"
        );
    }
}
