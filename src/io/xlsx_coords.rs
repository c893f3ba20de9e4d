//! Boundary tables in workbooks (.xlsx/.xls), as surveyors hand them over: 点号 | X | Y (X north,
//! Y east, zone prefix or not) or 经度 | 纬度 (decimal or degrees-minutes-seconds), headers in
//! Chinese or English, rings by a 圈号 column, parcels by a 地块 column or one per sheet. Each
//! parcel becomes one feature; `LoadOptions::layer` picks one sheet.
//!
//! The numbers are read by the pasted-coordinates rules (`coord_list`): this module only finds
//! the columns and writes each parcel out as such a list, rings apart by a blank line, so a
//! table and the same cells pasted into the app give the same polygon. Sheets without a header
//! are read as pasted text. Not for requirement tables (see `requirements`).

use std::path::Path;

use crate::error::{Result, ZoneError};
use crate::io::LoadOptions;
use crate::io::coord_list::{CoordListOptions, parse_coordinate_list};
use crate::io::layer_parts::{LayerParts, file_stem};
use crate::io::layer_select::{no_such_layer, same_name};
use crate::io::xlsx_cells::{Sheet, read_sheets};
use crate::model::{AttrValue, Feature, Field, FieldKind, Layer, SourceFormat};

/// Header spellings (compared lower-case, without spaces, bracketed notes or a trailing 坐标).
const ID: &[&str] = &[
    "点号",
    "点名",
    "界址点号",
    "界址点",
    "点位",
    "序号",
    "编号",
    "点",
    "id",
    "point",
    "no",
    "no.",
];
const NORTH: &[&str] = &["x", "北", "纵", "n", "north", "northing"];
const EAST: &[&str] = &["y", "东", "横", "e", "east", "easting"];
const LON: &[&str] = &["经度", "东经", "lon", "lng", "long", "longitude"];
const LAT: &[&str] = &["纬度", "北纬", "lat", "latitude"];
const RING: &[&str] = &["圈号", "环号", "地块圈号", "圈", "ring"];
const PARCEL: &[&str] = &[
    "地块",
    "地块号",
    "地块编号",
    "地块名称",
    "宗地",
    "宗地号",
    "宗地编号",
    "parcel",
    "block",
];

/// How many rows from the top a header is looked for in.
const HEADER_SEARCH_ROWS: usize = 20;

/// The columns found in a sheet's header row.
struct Columns {
    header_row: u32,
    id: Option<u32>,
    /// The first and second number of each point: X then Y, or longitude then latitude.
    first: u32,
    second: u32,
    lonlat: bool,
    ring: Option<u32>,
    parcel: Option<u32>,
}

/// One parcel as read: its name and its coordinates written as a pasted list.
struct ParcelText {
    name: String,
    sheet: String,
    text: String,
}

/// Reads the boundary tables of the workbook at `path` into one layer of parcels.
pub fn read_coordinate_workbook(path: &Path, opts: &LoadOptions) -> Result<Vec<Layer>> {
    let mut sheets = read_sheets(path)?;
    if let Some(want) = opts.layer.as_deref() {
        let names: Vec<String> = sheets.iter().map(|s| s.name.clone()).collect();
        sheets.retain(|s| same_name(&s.name, want));
        if sheets.is_empty() {
            return Err(no_such_layer(path, want, &names));
        }
    }
    let list_opts = CoordListOptions {
        crs: opts.crs.clone(),
        ..CoordListOptions::default()
    };
    let mut parcels = Vec::new();
    let mut skipped = Vec::new();
    let mut parcel_field = "地块名称";
    for sheet in &sheets {
        match find_columns(sheet) {
            Some(cols) => {
                if cols
                    .parcel
                    .is_some_and(|c| header_text(sheet, cols.header_row, c).contains('号'))
                {
                    parcel_field = "地块编号";
                }
                parcels
                    .extend(parcels_of(sheet, &cols).map_err(|why| ZoneError::format(path, why))?);
            }
            None if sheet.rows.is_empty() => {}
            None => match headerless(sheet, &list_opts) {
                Some(p) => parcels.push(p),
                None => skipped.push(sheet.name.clone()),
            },
        }
    }
    if parcels.is_empty() {
        return Err(ZoneError::format(
            path,
            "no coordinate columns in any sheet: expected a header row with 点号 | X | Y (X north) or 经度 | 纬度 (or x/y, lon/lat)",
        ));
    }
    let mut warnings = Vec::new();
    if !skipped.is_empty() {
        warnings.push(format!(
            "sheets without coordinates not read: {}",
            skipped.join(", ")
        ));
    }
    // One CRS for the whole table, decided (or guessed, once) from all its points together.
    let all: String = parcels.iter().map(|p| p.text.clone() + "\n").collect();
    let whole = parse_coordinate_list(&all, &list_opts).map_err(|e| match e {
        ZoneError::Crs { message, .. } => ZoneError::crs(path.display().to_string(), message),
        other => ZoneError::format(path, other.to_string()),
    })?;
    warnings.extend(whole.warnings);
    let per_parcel = CoordListOptions {
        crs: Some(whole.crs.crs.clone()),
        ..CoordListOptions::default()
    };
    let mut features = Vec::with_capacity(parcels.len());
    for p in parcels {
        let list = parse_coordinate_list(&p.text, &per_parcel).map_err(|e| {
            ZoneError::format(path, format!("sheet {}, parcel {}: {e}", p.sheet, p.name))
        })?;
        for w in list.warnings {
            if !warnings.contains(&w) {
                warnings.push(w);
            }
        }
        features.push(Feature {
            geometry: Some(list.geometry),
            attributes: vec![
                AttrValue::Text(p.name.into()),
                AttrValue::Text(p.sheet.into()),
                AttrValue::Integer(list.lonlat.len() as i64),
            ],
        });
    }
    let fields = vec![
        Field::new(parcel_field, FieldKind::Text),
        Field::new("工作表", FieldKind::Text),
        Field::new("点数", FieldKind::Integer),
    ];
    let crs = whole.crs;
    Ok(vec![
        LayerParts {
            name: file_stem(path),
            path: path.to_path_buf(),
            member: None,
            format: SourceFormat::CoordinateTable,
            source_geometry_type: format!("{} parcel(s)", features.len()),
            fields,
            features,
            crs,
            encoding: None,
            warnings,
        }
        .into_layer(),
    ])
}

/// A header as compared: lower case, no whitespace, no bracketed note, no trailing 坐标.
fn normalise(h: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in h.chars() {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = (depth - 1).max(0),
            c if depth == 0 && !c.is_whitespace() => out.extend(c.to_lowercase()),
            _ => {}
        }
    }
    let out = out.strip_suffix("坐标").unwrap_or(&out).to_string();
    out.strip_suffix("值").unwrap_or(&out).to_string()
}

fn header_text(sheet: &Sheet, row: u32, col: u32) -> String {
    cell(sheet, row, col).unwrap_or("").to_string()
}

fn cell(sheet: &Sheet, row: u32, col: u32) -> Option<&str> {
    let (_, cells) = sheet.rows.iter().find(|(r, _)| *r == row)?;
    cells
        .iter()
        .find(|(c, _)| *c == col)
        .map(|(_, t)| t.as_str())
}

/// The first row (of the top few) that names both coordinate columns, with the others it names.
fn find_columns(sheet: &Sheet) -> Option<Columns> {
    for (row, cells) in sheet.rows.iter().take(HEADER_SEARCH_ROWS) {
        let find = |aliases: &[&str]| {
            cells
                .iter()
                .find(|(_, t)| aliases.contains(&normalise(t).as_str()))
                .map(|(c, _)| *c)
        };
        let (first, second, lonlat) = match (find(NORTH), find(EAST), find(LON), find(LAT)) {
            (Some(x), Some(y), _, _) => (x, y, false),
            (_, _, Some(lon), Some(lat)) => (lon, lat, true),
            _ => continue,
        };
        return Some(Columns {
            header_row: *row,
            id: find(ID),
            first,
            second,
            lonlat,
            ring: find(RING),
            parcel: find(PARCEL),
        });
    }
    None
}

/// The sheet's parcels as pasted lists: `id<TAB>first<TAB>second` lines, a blank line where
/// the ring number changes, one list per parcel value (in first-seen order) or one for the sheet.
fn parcels_of(sheet: &Sheet, cols: &Columns) -> std::result::Result<Vec<ParcelText>, String> {
    let mut parcels: Vec<(String, String, Option<String>)> = Vec::new();
    for (row, _) in sheet.rows.iter().filter(|(r, _)| *r > cols.header_row) {
        let get = |c: Option<u32>| c.and_then(|c| cell(sheet, *row, c)).unwrap_or("");
        let (a, b) = (get(Some(cols.first)), get(Some(cols.second)));
        if a.is_empty() && b.is_empty() {
            continue;
        }
        let excel_row = row + 1;
        let (a, b) = if cols.lonlat {
            (lonlat_cell(a, 'E'), lonlat_cell(b, 'N'))
        } else {
            (a.to_string(), b.to_string())
        };
        for v in [&a, &b] {
            if v.parse::<f64>().is_err()
                && !(cols.lonlat && v.chars().any(|c| "°度'′\"″分秒".contains(c)))
            {
                return Err(format!(
                    "sheet {}, row {excel_row}: {v:?} is not a coordinate",
                    sheet.name
                ));
            }
        }
        let id = match get(cols.id) {
            "" => excel_row.to_string(),
            id => id.replace(char::is_whitespace, ""),
        };
        let parcel = match get(cols.parcel) {
            "" => sheet.name.clone(),
            p => p.to_string(),
        };
        let ring = get(cols.ring).to_string();
        let entry = match parcels.iter().position(|(name, _, _)| *name == parcel) {
            Some(i) => &mut parcels[i],
            None => {
                parcels.push((parcel, String::new(), None));
                parcels.last_mut().expect("just pushed")
            }
        };
        if entry.2.as_ref().is_some_and(|r| *r != ring) {
            entry.1.push('\n');
        }
        entry.2 = Some(ring);
        entry.1.push_str(&format!("{id}\t{a}\t{b}\n"));
    }
    Ok(parcels
        .into_iter()
        .map(|(name, text, _)| ParcelText {
            name,
            sheet: sheet.name.clone(),
            text,
        })
        .collect())
}

/// A longitude or latitude cell, with its hemisphere letter added when written in DMS without
/// one (the column says which it is).
fn lonlat_cell(v: &str, hemisphere: char) -> String {
    let dms = v.chars().any(|c| "°度'′\"″分秒".contains(c));
    let marked = v.chars().any(|c| "NSEWnsew东西南北".contains(c));
    if dms && !marked {
        format!("{v}{hemisphere}")
    } else {
        v.to_string()
    }
}

/// A sheet without a recognised header, read as if its cells were pasted (tab-separated).
fn headerless(sheet: &Sheet, opts: &CoordListOptions) -> Option<ParcelText> {
    let text: String = sheet
        .rows
        .iter()
        .map(|(_, cells)| {
            let line: Vec<&str> = cells.iter().map(|(_, t)| t.as_str()).collect();
            line.join("\t") + "\n"
        })
        .collect();
    parse_coordinate_list(&text, opts)
        .is_ok()
        .then(|| ParcelText {
            name: sheet.name.clone(),
            sheet: sheet.name.clone(),
            text,
        })
}
