//! Repeating table header rows in the Word report (表头跨页重复): a units or requirements table of a
//! large site runs over several pages, and a reviewer reading page 3 must still see the columns.
//!
//! Written by hand because docx-rs 0.4 cannot set a row's `w:tblHeader` property: header rows are
//! built with a marker row height (`HEADER_MARKER_HEIGHT`, twips, invisible at "at least" 7 twips),
//! and after packing, the marker in `word/document.xml` is swapped for `<w:tblHeader />`; every
//! other part of the package is copied unchanged.
//!
//! Not for building the document (see `docx`).

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;

/// The row height that marks a header row until the package is repaired.
pub const HEADER_MARKER_HEIGHT: f32 = 7.0;

/// What docx-rs writes for the marker height, and what replaces it.
const MARKER_XML: &str = r#"<w:trHeight w:val="7" w:hRule="atLeast" />"#;
const HEADER_XML: &str = "<w:tblHeader />";

/// The packed document `docx` with every marked row made a repeating header row.
pub fn mark_header_rows(docx: &[u8]) -> Result<Vec<u8>, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(docx)).map_err(|e| e.to_string())?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|e| e.to_string())?;
        let name = entry.name().map_err(|e| e.to_string())?.to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).map_err(|e| e.to_string())?;
        if name == "word/document.xml" {
            let xml = String::from_utf8(bytes).map_err(|e| e.to_string())?;
            bytes = xml.replace(MARKER_XML, HEADER_XML).into_bytes();
        }
        out.start_file(name, options).map_err(|e| e.to_string())?;
        out.write_all(&bytes).map_err(|e| e.to_string())?;
    }
    let cursor = out.finish().map_err(|e| e.to_string())?;
    Ok(cursor.into_inner())
}
