//! A minimal dBASE III writer for GBK attribute tables, as Chinese GIS data is delivered: field
//! names and text in GBK, language-driver byte 0x4D (cp936).
//!
//! Written by hand because dbase 0.8 writes field names as UTF-8 bytes, so a Chinese name such as
//! 水源地名称 (10 bytes in GBK, 15 in UTF-8) cannot be written with it. Not a general DBF library:
//! only Character and Numeric fields, no memo, no dates.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, bail};

/// The language-driver id ArcGIS writes for GBK / code page 936.
const LDID_GBK: u8 = 0x4D;

/// A column of the table.
#[derive(Debug, Clone)]
pub struct DbfField {
    /// Field name; at most 10 bytes in GBK.
    pub name: &'static str,
    pub kind: DbfKind,
}

/// The two field types we need.
#[derive(Debug, Clone, Copy)]
pub enum DbfKind {
    /// Text of at most `len` GBK bytes (254 at most).
    Char { len: u8 },
    /// A number printed with `decimals` places in `len` characters.
    Numeric { len: u8, decimals: u8 },
}

impl DbfField {
    /// A text field.
    pub const fn text(name: &'static str, len: u8) -> DbfField {
        DbfField {
            name,
            kind: DbfKind::Char { len },
        }
    }

    /// A numeric field.
    pub const fn number(name: &'static str, len: u8, decimals: u8) -> DbfField {
        DbfField {
            name,
            kind: DbfKind::Numeric { len, decimals },
        }
    }

    fn len(&self) -> u8 {
        match self.kind {
            DbfKind::Char { len } | DbfKind::Numeric { len, .. } => len,
        }
    }
}

/// One cell of a record.
#[derive(Debug, Clone)]
pub enum DbfValue {
    Text(String),
    Number(f64),
}

impl From<&str> for DbfValue {
    fn from(s: &str) -> DbfValue {
        DbfValue::Text(s.to_string())
    }
}

impl From<String> for DbfValue {
    fn from(s: String) -> DbfValue {
        DbfValue::Text(s)
    }
}

impl From<f64> for DbfValue {
    fn from(v: f64) -> DbfValue {
        DbfValue::Number(v)
    }
}

/// The GBK bytes of `text`, failing on characters GBK cannot hold.
pub fn gbk(text: &str) -> Result<Vec<u8>> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    if unmappable {
        bail!("{text:?} has characters that GBK cannot encode");
    }
    Ok(bytes.into_owned())
}

/// Writes `records` to `path` as a GBK dBASE III table.
pub fn write_dbf(path: &Path, fields: &[DbfField], records: &[Vec<DbfValue>]) -> Result<()> {
    let bytes = dbf_bytes(fields, records).with_context(|| format!("{}", path.display()))?;
    std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}

/// The whole file as bytes.
pub fn dbf_bytes(fields: &[DbfField], records: &[Vec<DbfValue>]) -> Result<Vec<u8>> {
    let record_len: usize = 1 + fields.iter().map(|f| f.len() as usize).sum::<usize>();
    let header_len = 32 + 32 * fields.len() + 1;
    let mut out = Vec::with_capacity(header_len + record_len * records.len() + 1);
    // Version 3, a fixed date (2025-01-01) so that regenerating gives identical bytes.
    out.extend_from_slice(&[0x03, 125, 1, 1]);
    out.extend_from_slice(&u32::try_from(records.len())?.to_le_bytes());
    out.extend_from_slice(&u16::try_from(header_len)?.to_le_bytes());
    out.extend_from_slice(&u16::try_from(record_len)?.to_le_bytes());
    out.extend_from_slice(&[0u8; 17]);
    out.push(LDID_GBK);
    out.extend_from_slice(&[0u8; 2]);
    for field in fields {
        let name = gbk(field.name)?;
        if name.len() > 10 {
            bail!(
                "field name {} is {} bytes in GBK (10 at most)",
                field.name,
                name.len()
            );
        }
        let mut descriptor = [0u8; 32];
        descriptor[..name.len()].copy_from_slice(&name);
        let (type_byte, decimals) = match field.kind {
            DbfKind::Char { .. } => (b'C', 0),
            DbfKind::Numeric { decimals, .. } => (b'N', decimals),
        };
        descriptor[11] = type_byte;
        descriptor[16] = field.len();
        descriptor[17] = decimals;
        out.extend_from_slice(&descriptor);
    }
    out.push(0x0D);
    for (row, record) in records.iter().enumerate() {
        if record.len() != fields.len() {
            bail!(
                "record {row} has {} values for {} fields",
                record.len(),
                fields.len()
            );
        }
        out.push(b' ');
        for (field, value) in fields.iter().zip(record) {
            write_cell(&mut out, field, value).with_context(|| format!("record {row}"))?;
        }
    }
    out.push(0x1A);
    Ok(out)
}

fn write_cell(out: &mut Vec<u8>, field: &DbfField, value: &DbfValue) -> Result<()> {
    let len = field.len() as usize;
    match (field.kind, value) {
        (DbfKind::Char { .. }, DbfValue::Text(text)) => {
            let bytes = gbk(text)?;
            if bytes.len() > len {
                bail!(
                    "field {}: {} GBK bytes do not fit in {len}: {text}",
                    field.name,
                    bytes.len()
                );
            }
            out.extend_from_slice(&bytes);
            out.resize(out.len() + len - bytes.len(), b' ');
        }
        (DbfKind::Numeric { decimals, .. }, DbfValue::Number(v)) => {
            let text = format!("{:>len$.prec$}", v, len = len, prec = decimals as usize);
            if text.len() > len {
                bail!(
                    "field {}: {text} does not fit in {len} characters",
                    field.name
                );
            }
            out.write_all(text.as_bytes())?;
        }
        _ => bail!(
            "field {}: value {value:?} does not match the field type",
            field.name
        ),
    }
    Ok(())
}
