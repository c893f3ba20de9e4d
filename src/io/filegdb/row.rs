//! One row of a table: the null bitmap (one bit per nullable field, in field order), then each
//! present value in field order — fixed-size numbers, length-prefixed text, blobs and geometry,
//! 16-byte GUIDs. The OBJECTID is not stored: it is the row's index entry.
//!
//! Not for locating rows (see `tablx`) or decoding geometry blobs (see `geometry`): geometry is
//! handed back as its raw bytes so the caller decides when (and on which thread) to decode it.

use super::bytes::{Cursor, utf16_to_string};
use super::fields::{Field, FieldType, RasterStorage};

/// A value as stored, before any interpretation by the caller.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    Null,
    /// int16, int32, int64 and the object id.
    Int(i64),
    /// float32 and float64.
    Float(f64),
    /// string and XML.
    Text(String),
    /// datetime and date: days since 1899-12-30 00:00.
    DateTime(f64),
    /// time of day as a fraction of a day.
    Time(f64),
    /// datetime with offset: days since 1899-12-30 (local) and the offset from UTC in minutes.
    DateTimeOffset(f64, i16),
    /// GUID and GlobalID as `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}`.
    Guid(String),
    Binary(&'a [u8]),
    /// The geometry blob without its length prefix (see `geometry::decode_shape`).
    Geometry(&'a [u8]),
    /// A raster cell reference: not decoded.
    Raster,
}

/// Decodes a row's payload (the bytes after its 4-byte length). `oid` fills the OBJECTID field;
/// `nullable` is the count of nullable fields.
pub fn decode_row<'a>(
    payload: &'a [u8],
    fields: &[Field],
    nullable: usize,
    strings_utf8: bool,
    oid: u64,
) -> Result<Vec<Value<'a>>, String> {
    let mut c = Cursor::new(payload);
    let bitmap = c.take(nullable.div_ceil(8), "null flags")?;
    let mut bit = 0usize;
    let mut values = Vec::with_capacity(fields.len());
    for field in fields {
        if field.nullable {
            let null = bitmap[bit / 8] & (1 << (bit % 8)) != 0;
            bit += 1;
            if null {
                values.push(Value::Null);
                continue;
            }
        }
        let value = read_value(&mut c, field, strings_utf8, oid)
            .map_err(|e| format!("field {:?} ({}): {e}", field.name, field.field_type.label()))?;
        values.push(value);
    }
    Ok(values)
}

fn read_value<'a>(
    c: &mut Cursor<'a>,
    field: &Field,
    strings_utf8: bool,
    oid: u64,
) -> Result<Value<'a>, String> {
    Ok(match field.field_type {
        FieldType::ObjectId => Value::Int(i64::try_from(oid).unwrap_or(i64::MAX)),
        FieldType::Int16 => Value::Int(i64::from(c.i16("int16")?)),
        FieldType::Int32 => Value::Int(i64::from(c.i32("int32")?)),
        FieldType::Int64 => Value::Int(c.i64("int64")?),
        FieldType::Float32 => Value::Float(f64::from(c.f32("float32")?)),
        FieldType::Float64 => Value::Float(c.f64("float64")?),
        FieldType::DateTime | FieldType::Date => Value::DateTime(c.f64("date")?),
        FieldType::Time => Value::Time(c.f64("time")?),
        FieldType::DateTimeOffset => {
            let days = c.f64("datetime")?;
            Value::DateTimeOffset(days, c.i16("utc offset")?)
        }
        FieldType::String | FieldType::Xml => {
            let bytes = length_prefixed(c, "text")?;
            let text = if strings_utf8 || field.field_type == FieldType::Xml {
                String::from_utf8_lossy(bytes).into_owned()
            } else {
                utf16_to_string(bytes)
            };
            Value::Text(text)
        }
        FieldType::Guid | FieldType::GlobalId => Value::Guid(guid(c.take(16, "guid")?)),
        FieldType::Binary => Value::Binary(length_prefixed(c, "binary")?),
        FieldType::Geometry => Value::Geometry(length_prefixed(c, "geometry")?),
        FieldType::Raster => {
            match field.raster {
                Some(RasterStorage::Managed) => c.skip(4, "raster key")?,
                _ => {
                    length_prefixed(c, "raster")?;
                }
            }
            Value::Raster
        }
    })
}

fn length_prefixed<'a>(c: &mut Cursor<'a>, what: &'static str) -> Result<&'a [u8], String> {
    let at = c.pos();
    let n = c.varuint(what)?;
    if n > c.remaining() as u64 {
        return Err(format!(
            "{what} at byte {at} declares {n} bytes but only {} are left in the row",
            c.remaining()
        ));
    }
    Ok(c.take(n as usize, what)?)
}

/// Esri GUID byte order: the first three groups little-endian.
fn guid(b: &[u8]) -> String {
    format!(
        "{{{:02X}{:02X}{:02X}{:02X}-{:02X}{:02X}-{:02X}{:02X}-{:02X}{:02X}-{:02X}{:02X}{:02X}{:02X}{:02X}{:02X}}}",
        b[3],
        b[2],
        b[1],
        b[0],
        b[5],
        b[4],
        b[7],
        b[6],
        b[8],
        b[9],
        b[10],
        b[11],
        b[12],
        b[13],
        b[14],
        b[15]
    )
}

/// A (proleptic Gregorian) calendar date and time from FileGDB days since 1899-12-30 00:00,
/// rounded to the second: (year, month, day, hour, minute, second). `None` for NaN or dates
/// outside years 1..9999.
pub fn days_to_datetime(days: f64) -> Option<(i32, u32, u32, u32, u32, u32)> {
    if !days.is_finite() {
        return None;
    }
    let seconds = (days * 86_400.0).round();
    if seconds.abs() > 1e13 {
        return None;
    }
    let seconds = seconds as i64;
    let day = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400) as u32;
    // 1970-01-01 is 25 569 days after 1899-12-30.
    let (y, m, d) = civil_from_days(day - 25_569);
    if !(1..=9999).contains(&y) {
        return None;
    }
    Some((y, m, d, secs / 3600, secs % 3600 / 60, secs % 60))
}

/// Howard Hinnant's days-from-1970 to civil date.
fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = if m <= 2 { y + 1 } else { y };
    (y as i32, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str, t: FieldType, nullable: bool) -> Field {
        Field {
            name: name.into(),
            alias: None,
            field_type: t,
            nullable,
            max_width: None,
            raster: None,
        }
    }

    #[test]
    fn nulls_and_values_follow_field_order() {
        let fields = [
            field("OBJECTID", FieldType::ObjectId, false),
            field("名称", FieldType::String, true),
            field("n", FieldType::Int32, true),
            field("x", FieldType::Float64, false),
        ];
        // Bitmap: 名称 present (bit 0 = 0), n null (bit 1 = 1).
        let mut row = vec![0b10u8];
        row.push(6);
        row.extend("红线".as_bytes());
        row.extend(2.5f64.to_le_bytes());
        let v = decode_row(&row, &fields, 2, true, 7).unwrap();
        assert_eq!(
            v,
            [
                Value::Int(7),
                Value::Text("红线".into()),
                Value::Null,
                Value::Float(2.5)
            ]
        );
    }

    #[test]
    fn utf16_tables_and_guids() {
        let fields = [
            field("s", FieldType::String, false),
            field("g", FieldType::GlobalId, false),
        ];
        let text: Vec<u8> = "水源".encode_utf16().flat_map(u16::to_le_bytes).collect();
        let mut row = vec![text.len() as u8];
        row.extend(&text);
        row.extend([
            0x78, 0x56, 0x34, 0x12, 0xBC, 0x9A, 0xF0, 0xDE, 0x12, 0x34, 0x56, 0x78, 0x90, 0xAB,
            0xCD, 0xEF,
        ]);
        let v = decode_row(&row, &fields, 0, false, 1).unwrap();
        assert_eq!(v[0], Value::Text("水源".into()));
        assert_eq!(
            v[1],
            Value::Guid("{12345678-9ABC-DEF0-1234-567890ABCDEF}".into())
        );
    }

    #[test]
    fn a_length_past_the_row_end_is_an_error_naming_the_field() {
        let fields = [field("HXMC", FieldType::String, false)];
        let e = decode_row(&[50, b'a'], &fields, 0, true, 1).unwrap_err();
        assert!(e.contains("HXMC") && e.contains("50 bytes"), "{e}");
        let fields = [field("n", FieldType::Float64, false)];
        assert!(decode_row(&[0; 4], &fields, 0, true, 1).is_err());
    }

    #[test]
    fn dates_count_days_from_1899_12_30() {
        // 2024-03-01 12:30:15 is 45352 days + 0.521007 day after 1899-12-30 (Excel serial 45352).
        let days = 45_352.0 + (12.0 * 3600.0 + 30.0 * 60.0 + 15.0) / 86_400.0;
        assert_eq!(days_to_datetime(days), Some((2024, 3, 1, 12, 30, 15)));
        assert_eq!(days_to_datetime(0.0), Some((1899, 12, 30, 0, 0, 0)));
        assert_eq!(days_to_datetime(25_569.0), Some((1970, 1, 1, 0, 0, 0)));
        assert_eq!(days_to_datetime(f64::NAN), None);
    }
}
