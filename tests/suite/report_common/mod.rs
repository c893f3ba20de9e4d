//! Readers for the produced reports, used by tests/report_*.rs: they parse the files (the .docx's
//! word/document.xml, the HTML, the workbook) rather than trusting the code's own strings.

#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};

use quick_xml::Reader;
use quick_xml::events::Event;

/// Tables → rows → cells (cell text: its paragraphs joined by '\n').
pub type Tables = Vec<Vec<Vec<String>>>;

fn entity(name: &str) -> String {
    match name {
        "amp" => "&".into(),
        "lt" => "<".into(),
        "gt" => ">".into(),
        "quot" => "\"".into(),
        "apos" | "#39" => "'".into(),
        other => other
            .strip_prefix('#')
            .and_then(|n| n.parse::<u32>().ok())
            .and_then(char::from_u32)
            .map(String::from)
            .unwrap_or_default(),
    }
}

/// Walks XML/HTML: collects every table's cells and every paragraph-level text outside tables.
pub fn parse_tables(
    xml: &str,
    table: &str,
    row: &str,
    cells: &[&str],
    para: &str,
) -> (Tables, String) {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().check_end_names = false;
    let mut tables: Tables = Vec::new();
    let mut depth = 0usize; // table nesting (the reports do not nest; kept simple)
    let mut in_cell = false;
    let mut all_text = String::new();
    loop {
        let ev = reader.read_event().expect("the report parses as XML");
        match ev {
            Event::Start(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).to_string();
                if name == table {
                    depth += 1;
                    tables.push(Vec::new());
                } else if name == row && depth > 0 {
                    tables.last_mut().unwrap().push(Vec::new());
                } else if cells.contains(&name.as_str()) && depth > 0 {
                    in_cell = true;
                    tables
                        .last_mut()
                        .unwrap()
                        .last_mut()
                        .unwrap()
                        .push(String::new());
                } else if name == para && in_cell {
                    let c = tables
                        .last_mut()
                        .unwrap()
                        .last_mut()
                        .unwrap()
                        .last_mut()
                        .unwrap();
                    if !c.is_empty() {
                        c.push('\n');
                    }
                }
            }
            Event::End(e) => {
                let name = String::from_utf8_lossy(e.local_name().as_ref()).to_string();
                if name == table {
                    depth = depth.saturating_sub(1);
                } else if cells.contains(&name.as_str()) {
                    in_cell = false;
                } else if name == para {
                    all_text.push('\n');
                }
            }
            Event::Text(t) => {
                let s = t.decode().unwrap().to_string();
                push_text(&mut tables, in_cell, &mut all_text, &s);
            }
            Event::GeneralRef(r) => {
                let s = entity(&r.decode().unwrap());
                push_text(&mut tables, in_cell, &mut all_text, &s);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    (tables, all_text)
}

fn push_text(tables: &mut Tables, in_cell: bool, all: &mut String, s: &str) {
    all.push_str(s);
    if in_cell {
        tables
            .last_mut()
            .unwrap()
            .last_mut()
            .unwrap()
            .last_mut()
            .unwrap()
            .push_str(s);
    }
}

/// A .docx's tables and whole text, and the names of its zip members.
pub fn read_docx(path: &Path) -> (Tables, String, Vec<String>) {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).expect("a .docx is a zip");
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.to_string()))
        .collect();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let (tables, text) = parse_tables(&xml, "tbl", "tr", &["tc"], "p");
    (tables, text, names)
}

/// An HTML report's tables and text.
pub fn read_html(path: &Path) -> (Tables, String) {
    let html = std::fs::read_to_string(path).unwrap();
    // <!DOCTYPE>, <meta> and <img> are void elements: fine with end-name checks off.
    parse_tables(&html, "table", "tr", &["td", "th"], "p")
}

/// Every sheet of a workbook as (name, rows of text).
pub fn read_xlsx(path: &Path) -> Vec<(String, Vec<Vec<String>>)> {
    use calamine::{Reader as _, open_workbook_auto};
    let mut wb = open_workbook_auto(path).unwrap();
    let names = wb.sheet_names();
    names
        .into_iter()
        .map(|n| {
            let range = wb.worksheet_range(&n).unwrap();
            let rows = range
                .rows()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect();
            (n, rows)
        })
        .collect()
}

/// The fixture folder.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report")
}

/// The table whose header row has a cell `header`.
pub fn table_with_header<'a>(tables: &'a Tables, header: &str) -> &'a Vec<Vec<String>> {
    tables
        .iter()
        .find(|t| {
            t.first()
                .is_some_and(|r| r.iter().any(|c| c.trim() == header))
        })
        .unwrap_or_else(|| panic!("no table with a {header} column"))
}

/// The row whose first cell is `key`.
pub fn row<'a>(table: &'a [Vec<String>], key: &str) -> &'a Vec<String> {
    table
        .iter()
        .find(|r| r.first().is_some_and(|c| c.trim() == key))
        .unwrap_or_else(|| panic!("no row {key}"))
}
