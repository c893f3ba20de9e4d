//! The DBF attribute table of a shapefile, read from its bytes: field names and typed values,
//! text decoded with the encoding `dbf_encoding` decides.
//!
//! Read by hand rather than through the dbase crate because dbase decodes field names and text
//! with its own idea of the encoding (silent U+FFFD for GBK without `.cpg`/LDID) and does not
//! expose a numeric field's decimal count, which decides Integer versus Float.
//! Not for writing DBF, nor for memo (.dbt/.fpt) files: memo fields read as null.

use std::path::Path;

use rayon::prelude::*;

use crate::error::{Result, ZoneError};
use crate::io::dbf_encoding::{self, TextEvidence};
use crate::model::{AttrValue, EncodingInfo, Field, FieldKind};

/// A DBF table: its fields, one row of values per record, and how its text was decoded.
#[derive(Debug, Clone)]
pub struct DbfTable {
    pub fields: Vec<Field>,
    /// One row per record, in file order, aligned with `fields`.
    pub rows: Vec<Vec<AttrValue>>,
    /// Whether each record is marked deleted (`*` flag).
    pub deleted: Vec<bool>,
    pub encoding: EncodingInfo,
    pub warnings: Vec<String>,
}

/// One field descriptor as stored in the header.
#[derive(Debug, Clone)]
struct RawField {
    name: Vec<u8>,
    kind_byte: u8,
    offset: usize,
    length: usize,
    decimals: u8,
}

/// Reads a DBF table from `bytes`. `path` names it in errors; `cpg` is the `.cpg` content if
/// there is one; `stated` is the user's encoding label.
pub fn read_dbf(
    bytes: &[u8],
    path: &Path,
    cpg: Option<&[u8]>,
    stated: Option<&str>,
) -> Result<DbfTable> {
    if bytes.len() < 33 {
        return Err(ZoneError::format(
            path,
            format!(
                "too short to be a DBF table ({} bytes; a header needs at least 33)",
                bytes.len()
            ),
        ));
    }
    let num_records = u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]) as usize;
    let header_len = u16::from_le_bytes([bytes[8], bytes[9]]) as usize;
    let record_len = u16::from_le_bytes([bytes[10], bytes[11]]) as usize;
    let ldid = bytes[29];
    let raw_fields = read_field_descriptors(bytes, header_len, record_len, path)?;
    let mut warnings = Vec::new();

    let body = bytes.get(header_len..).unwrap_or(&[]);
    if record_len == 0 {
        // A table with no fields, as written for a layer with no records (GDAL reads it).
        if num_records > 0 {
            return Err(ZoneError::format(
                path,
                format!(
                    "not a valid DBF table: the header announces {num_records} records of 0 bytes"
                ),
            ));
        }
        return Ok(DbfTable {
            fields: Vec::new(),
            rows: Vec::new(),
            deleted: Vec::new(),
            encoding: EncodingInfo {
                encoding: "UTF-8".into(),
                how: "no text fields".into(),
            },
            warnings,
        });
    }
    let available = body.len() / record_len;
    let count = if available < num_records {
        warnings.push(format!(
            "the DBF header announces {num_records} records but the file holds only {available} (truncated .dbf?): copy the complete .dbf from the source"
        ));
        available
    } else {
        num_records
    };
    let records: Vec<&[u8]> = body.chunks_exact(record_len).take(count).collect();

    let text_fields: Vec<&RawField> = raw_fields.iter().filter(|f| f.kind_byte == b'C').collect();
    let evidence = TextEvidence::from_chunks(raw_fields.iter().map(|f| f.name.as_slice()).chain(
        records.iter().flat_map(|r| {
            text_fields
                .iter()
                .map(move |f| &r[f.offset..f.offset + f.length])
        }),
    ));
    let choice = dbf_encoding::decide_encoding(stated, cpg, ldid, evidence)?;
    warnings.extend(choice.warning.clone());
    let encoding = choice.encoding;

    let fields: Vec<Field> = raw_fields
        .iter()
        .map(|f| {
            Field::new(
                encoding
                    .decode_without_bom_handling(&f.name)
                    .0
                    .trim()
                    .to_string(),
                field_kind(f),
            )
        })
        .collect();

    let rows: Vec<Vec<AttrValue>> = records
        .par_chunks(SHARED_TEXT_CHUNK)
        // One map per worker, emptied for each chunk: a fresh map per chunk was allocated and
        // zeroed again each time (page faults were 2.5 % of a national query run).
        .map_init(SharedTexts::default, |texts, chunk| {
            texts.seen.clear();
            chunk
                .iter()
                .map(|record| {
                    raw_fields
                        .iter()
                        .enumerate()
                        .map(|(k, f)| {
                            let raw = &record[f.offset..f.offset + f.length];
                            match f.kind_byte {
                                b'C' => texts.value(k, raw, encoding),
                                _ => parse_value(raw, f, encoding),
                            }
                        })
                        .collect()
                })
                .collect::<Vec<Vec<AttrValue>>>()
        })
        .collect::<Vec<_>>()
        .into_iter()
        .flatten()
        .collect();
    let deleted = records.iter().map(|r| r[0] == b'*').collect();

    Ok(DbfTable {
        fields,
        rows,
        deleted,
        encoding: choice.info,
        warnings,
    })
}

/// Reads the 32-byte field descriptors that follow the 32-byte table header, up to the 0x0D
/// terminator, and checks they fit in a record.
fn read_field_descriptors(
    bytes: &[u8],
    header_len: usize,
    record_len: usize,
    path: &Path,
) -> Result<Vec<RawField>> {
    let mut fields = Vec::new();
    let mut offset = 1; // byte 0 of each record is the deletion flag
    let mut pos = 32;
    let end = header_len.min(bytes.len());
    while pos + 32 <= end && bytes[pos] != 0x0D {
        let d = &bytes[pos..pos + 32];
        let name_end = d[..11].iter().position(|&b| b == 0).unwrap_or(11);
        let length = d[16] as usize;
        fields.push(RawField {
            name: d[..name_end].to_vec(),
            kind_byte: d[11].to_ascii_uppercase(),
            offset,
            length,
            decimals: d[17],
        });
        offset += length;
        pos += 32;
    }
    if header_len < 33 || header_len > bytes.len() {
        return Err(ZoneError::format(
            path,
            format!(
                "not a valid DBF table: header length {header_len} does not fit the file ({} bytes)",
                bytes.len()
            ),
        ));
    }
    // No fields and 0-byte records (not even the deletion flag): an empty table.
    let fieldless = fields.is_empty() && record_len == 0;
    if offset > record_len && !fieldless {
        return Err(ZoneError::format(
            path,
            format!(
                "not a valid DBF table: fields need {offset} bytes per record but records are {record_len} bytes"
            ),
        ));
    }
    Ok(fields)
}

fn field_kind(f: &RawField) -> FieldKind {
    match f.kind_byte {
        b'N' if f.decimals == 0 => FieldKind::Integer,
        b'N' | b'F' | b'O' | b'B' => FieldKind::Float,
        b'I' | b'+' => FieldKind::Integer,
        b'L' => FieldKind::Bool,
        b'D' => FieldKind::Date,
        _ => FieldKind::Text,
    }
}

/// Records read together, sharing one text per distinct value (see [`SharedTexts`]).
const SHARED_TEXT_CHUNK: usize = 4096;

/// The text values of a run of records, one allocation per distinct (field, bytes): a unit
/// layer repeats its province, city, category and requirement texts in thousands of records
/// (on the national benchmark layer the four requirement fields hold three distinct texts in
/// 40,050 records each), so sharing them saves most of the table's text memory (heaptrack:
/// 22.6 MB of decoded strings) and the decoding of the repeats.
#[derive(Default)]
struct SharedTexts<'a> {
    seen: std::collections::HashMap<(usize, &'a [u8]), AttrValue>,
}

impl<'a> SharedTexts<'a> {
    fn value(
        &mut self,
        field: usize,
        raw: &'a [u8],
        encoding: &'static encoding_rs::Encoding,
    ) -> AttrValue {
        let raw = text_bytes(raw);
        self.seen
            .entry((field, raw))
            .or_insert_with(|| AttrValue::Text(encoding.decode_without_bom_handling(raw).0.into()))
            .clone()
    }
}

/// A character field's bytes without the trailing blanks and NULs that pad it.
fn text_bytes(raw: &[u8]) -> &[u8] {
    let end = raw
        .iter()
        .rposition(|&b| b != b' ' && b != 0)
        .map_or(0, |p| p + 1);
    &raw[..end]
}

/// Parses one field value. Unparsable numbers (blank, `*****` overflow marks) read as null
/// rather than failing the whole layer.
fn parse_value(raw: &[u8], f: &RawField, encoding: &'static encoding_rs::Encoding) -> AttrValue {
    match f.kind_byte {
        b'C' => AttrValue::Text(
            encoding
                .decode_without_bom_handling(text_bytes(raw))
                .0
                .into(),
        ),
        b'N' | b'F' => {
            let t = ascii_trim(raw);
            if f.kind_byte == b'N'
                && f.decimals == 0
                && let Some(i) = t.and_then(|s| s.parse::<i64>().ok())
            {
                return AttrValue::Integer(i);
            }
            match t.and_then(|s| s.parse::<f64>().ok()) {
                Some(v) if v.is_finite() => AttrValue::Float(v),
                _ => AttrValue::Null,
            }
        }
        b'L' => match raw.first() {
            Some(b'T' | b't' | b'Y' | b'y') => AttrValue::Bool(true),
            Some(b'F' | b'f' | b'N' | b'n') => AttrValue::Bool(false),
            _ => AttrValue::Null,
        },
        b'D' => match ascii_trim(raw) {
            Some(s) if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) && s != "00000000" => {
                AttrValue::Date(format!("{}-{}-{}", &s[0..4], &s[4..6], &s[6..8]).into())
            }
            _ => AttrValue::Null,
        },
        b'I' if raw.len() == 4 => {
            AttrValue::Integer(i32::from_le_bytes([raw[0], raw[1], raw[2], raw[3]]) as i64)
        }
        b'O' if raw.len() == 8 => {
            let mut b = [0u8; 8];
            b.copy_from_slice(raw);
            let v = f64::from_le_bytes(b);
            if v.is_finite() {
                AttrValue::Float(v)
            } else {
                AttrValue::Null
            }
        }
        b'M' | b'B' | b'G' | b'P' | b'I' | b'O' => AttrValue::Null,
        _ => {
            let (text, _) = encoding.decode_without_bom_handling(raw);
            AttrValue::Text(text.trim_end_matches([' ', '\0']).to_string().into())
        }
    }
}

/// The field as trimmed ASCII text, or `None` when blank or not ASCII.
fn ascii_trim(raw: &[u8]) -> Option<&str> {
    let s = std::str::from_utf8(raw).ok()?.trim_matches([' ', '\0']);
    (!s.is_empty()).then_some(s)
}
