//! The `.gdbtable` file header (40 bytes) and the fixed part of its field section: file version
//! (3 = 32-bit object ids, 4 = 64-bit object ids, ArcGIS Pro 3.2), valid row count, where the
//! fields start, the table's geometry type, Z/M flags and text encoding.
//!
//! Every offset and length is checked against the real file size before anything is read or
//! allocated. Not for the field descriptors themselves (see `fields`).

use super::bytes::Cursor;
use super::fields::{FieldList, FieldType, parse_fields};

/// The geometry type a feature class declares for all its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableGeometryType {
    /// A plain table without geometry.
    None,
    Point,
    Multipoint,
    Polyline,
    Polygon,
    Multipatch,
}

impl TableGeometryType {
    /// The Esri name, e.g. `Polygon`.
    pub fn label(self) -> &'static str {
        match self {
            TableGeometryType::None => "None",
            TableGeometryType::Point => "Point",
            TableGeometryType::Multipoint => "Multipoint",
            TableGeometryType::Polyline => "Polyline",
            TableGeometryType::Polygon => "Polygon",
            TableGeometryType::Multipatch => "Multipatch",
        }
    }
}

/// What the header and field section of a table say.
#[derive(Debug, Clone, PartialEq)]
pub struct TableHeader {
    /// 3 (32-bit object ids) or 4 (64-bit object ids).
    pub version: u32,
    /// Rows not deleted, as the header counts them.
    pub valid_rows: u64,
    /// The field section's own version: 3 for FileGDB 9.x, 4 (or 6) for 10.x.
    pub field_section_version: u32,
    pub geometry_type: TableGeometryType,
    pub has_z: bool,
    pub has_m: bool,
    /// Text values are UTF-8 (else UTF-16LE).
    pub strings_utf8: bool,
    pub fields: FieldList,
    /// Nullable fields, hence bits in each row's null bitmap.
    pub nullable_count: usize,
    /// Byte where the field section ends (rows come after it).
    pub fields_end: u64,
}

impl TableHeader {
    /// The index of the geometry field, if any.
    pub fn geometry_index(&self) -> Option<usize> {
        self.fields
            .fields
            .iter()
            .position(|f| f.field_type == FieldType::Geometry)
    }
}

/// Bytes of the file header.
pub const HEADER_LEN: usize = 40;
/// Bytes at the start of the field section up to the field count.
pub const SECTION_HEAD_LEN: usize = 14;

fn geometry_type_from_code(code: u8) -> Result<TableGeometryType, String> {
    Ok(match code {
        0 => TableGeometryType::None,
        1 => TableGeometryType::Point,
        2 => TableGeometryType::Multipoint,
        3 => TableGeometryType::Polyline,
        4 => TableGeometryType::Polygon,
        9 => TableGeometryType::Multipatch,
        other => return Err(format!("unknown table geometry type {other}")),
    })
}

/// Where the field section starts, from the first `HEADER_LEN` bytes of a `.gdbtable`.
pub fn field_section_offset(head: &[u8]) -> Result<u64, String> {
    if head.len() < HEADER_LEN {
        return Err(format!(
            "only {} bytes: a .gdbtable header alone is {HEADER_LEN} (truncated file?)",
            head.len()
        ));
    }
    Ok(Cursor::new(&head[32..]).u64("field section offset")?)
}

/// The table's geometry type from the first `SECTION_HEAD_LEN` bytes of its field section,
/// without reading the rest of the file.
pub fn geometry_type_of_section(section_head: &[u8]) -> Result<TableGeometryType, String> {
    let mut c = Cursor::new(section_head);
    c.skip(8, "field section length and version")?;
    geometry_type_from_code(c.u8("geometry type")?)
}

/// Parses the header and field descriptors of a whole `.gdbtable` held in `bytes`.
pub fn parse_header(bytes: &[u8]) -> Result<TableHeader, String> {
    if bytes.len() < HEADER_LEN {
        return Err(format!(
            "only {} bytes: a .gdbtable header alone is {HEADER_LEN} (truncated file?)",
            bytes.len()
        ));
    }
    let mut c = Cursor::new(bytes);
    let version = c.u32("file version")?;
    let valid_rows = match version {
        3 => {
            let n = c.i32("valid row count")?;
            u64::try_from(n).map_err(|_| format!("the valid row count is negative ({n})"))?
        }
        4 => {
            c.skip(12, "header")?;
            let n = c.i64("valid row count")?;
            u64::try_from(n).map_err(|_| format!("the valid row count is negative ({n})"))?
        }
        other => {
            return Err(format!(
                "file version {other}: not a FileGDB 10 table (3 or 4 expected); is this really a .gdbtable?"
            ));
        }
    };
    let field_offset = field_section_offset(bytes)?;
    let file_len = bytes.len() as u64;
    if field_offset < HEADER_LEN as u64
        || field_offset.saturating_add(SECTION_HEAD_LEN as u64) > file_len
    {
        return Err(format!(
            "the field section is said to start at byte {field_offset}, but the file has {file_len} bytes (truncated?)"
        ));
    }
    let start = field_offset as usize;
    let mut c = Cursor::new(&bytes[start..]);
    let section_len = u64::from(c.u32("field section length")?);
    let section_end = field_offset + 4 + section_len;
    if section_end > file_len {
        return Err(format!(
            "the field section (bytes {field_offset}..{section_end}) runs past the end of the file ({file_len} bytes): truncated"
        ));
    }
    let section = &bytes[start + 4..section_end as usize];
    let mut c = Cursor::new(section);
    let field_section_version = c.u32("field section version")?;
    let geometry_code = c.u8("geometry type")?;
    let text_flags = c.u8("text flags")?;
    c.skip(1, "reserved")?;
    let geometry_flags = c.u8("geometry flags")?;
    let field_count = c.u16("field count")? as usize;
    let geometry_type = geometry_type_from_code(geometry_code)?;
    let has_m = geometry_flags & 0x40 != 0;
    let has_z = geometry_flags & 0x80 != 0;
    // Each descriptor takes at least 5 bytes: a declared count beyond that is corrupt.
    if field_count > c.remaining() / 5 + 1 {
        return Err(format!(
            "{field_count} fields declared but the field section has only {} bytes",
            section.len()
        ));
    }
    let fields = parse_fields(&mut c, field_count, has_z, has_m)?;
    if geometry_type != TableGeometryType::None && fields.geometry.is_none() {
        return Err(format!(
            "the table declares {} geometry but has no geometry field",
            geometry_type.label()
        ));
    }
    let nullable_count = fields.fields.iter().filter(|f| f.nullable).count();
    Ok(TableHeader {
        version,
        valid_rows,
        field_section_version,
        geometry_type,
        has_z,
        has_m,
        strings_utf8: text_flags & 1 != 0,
        fields,
        nullable_count,
        fields_end: section_end,
    })
}
