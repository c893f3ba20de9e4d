//! The field descriptors of a `.gdbtable`: name, alias, type, nullability, string width and, for
//! the geometry field, the coordinate precision model (origin, scale, tolerance, Z/M) and the
//! spatial reference WKT.
//!
//! Not for the 40-byte file header (see `header`) or for row values (see `row`).

use super::bytes::{Cursor, Short, utf16_to_string};

/// The type of a column, as numbered in the descriptor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Int16,
    Int32,
    Float32,
    Float64,
    /// Text, UTF-8 (or UTF-16 when the table says so), length-prefixed.
    String,
    /// Days since 1899-12-30 as a float64.
    DateTime,
    /// The implicit row id: not stored in rows.
    ObjectId,
    Geometry,
    Binary,
    Raster,
    Guid,
    GlobalId,
    Xml,
    /// ArcGIS Pro 3.2 and later.
    Int64,
    /// ArcGIS Pro 3.2: a date without time (float64 days).
    Date,
    /// ArcGIS Pro 3.2: a time of day (float64 fraction of a day).
    Time,
    /// ArcGIS Pro 3.2: float64 days plus an int16 UTC offset in minutes.
    DateTimeOffset,
}

impl FieldType {
    fn from_code(code: u8) -> Option<FieldType> {
        use FieldType::*;
        Some(match code {
            0 => Int16,
            1 => Int32,
            2 => Float32,
            3 => Float64,
            4 => String,
            5 => DateTime,
            6 => ObjectId,
            7 => Geometry,
            8 => Binary,
            9 => Raster,
            10 => Guid,
            11 => GlobalId,
            12 => Xml,
            13 => Int64,
            14 => Date,
            15 => Time,
            16 => DateTimeOffset,
            _ => return None,
        })
    }

    /// A short English name for messages.
    pub fn label(self) -> &'static str {
        use FieldType::*;
        match self {
            Int16 => "int16",
            Int32 => "int32",
            Float32 => "float32",
            Float64 => "float64",
            String => "string",
            DateTime => "datetime",
            ObjectId => "objectid",
            Geometry => "geometry",
            Binary => "binary",
            Raster => "raster",
            Guid => "guid",
            GlobalId => "globalid",
            Xml => "xml",
            Int64 => "int64",
            Date => "date",
            Time => "time",
            DateTimeOffset => "datetime with offset",
        }
    }
}

/// How a raster column stores its cells, which decides its size in a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RasterStorage {
    /// A path to an external file (length-prefixed UTF-16).
    External,
    /// An int32 key into a raster table.
    Managed,
    /// Length-prefixed bytes.
    Inline,
}

/// One column of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    /// The display name ArcGIS shows (often Chinese where the name is pinyin); `None` when empty.
    pub alias: Option<String>,
    pub field_type: FieldType,
    /// Nullable fields own one bit in each row's null bitmap.
    pub nullable: bool,
    /// Declared maximum length of a string field, in characters.
    pub max_width: Option<u32>,
    /// For raster fields, how cells are stored.
    pub raster: Option<RasterStorage>,
}

/// Origin and scale of one quantised coordinate (value = stored / scale + origin).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quantisation {
    pub origin: f64,
    pub scale: f64,
}

/// What the geometry field says about coordinates.
#[derive(Debug, Clone, PartialEq)]
pub struct GeometryInfo {
    /// The spatial reference as ESRI WKT; `None` for "Unknown" (the Esri null-SRS GUID or empty).
    pub wkt: Option<String>,
    pub xy: (Quantisation, Quantisation),
    pub z: Option<Quantisation>,
    pub m: Option<Quantisation>,
    /// The XY tolerance of the feature class in its units (also the default curve tolerance).
    pub xy_tolerance: f64,
    /// Declared extent (xmin, ymin, xmax, ymax); NaN when the class is empty.
    pub extent: [f64; 4],
}

/// The field list with the geometry description.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldList {
    pub fields: Vec<Field>,
    pub geometry: Option<GeometryInfo>,
}

/// The WKT Esri writes for "no spatial reference".
const NULL_SRS_GUID: &str = "{B286C06B-0879-11D2-AACA-00C04FA33C20}";

/// Field flag bits.
const NULLABLE: u8 = 1;
const HAS_DEFAULT: u8 = 4;

/// Reads `count` descriptors. `strings_utf8` is the table's text flag (default values are
/// stored like values), `table_z`/`table_m` whether the geometry field carries Z/M extents.
pub fn parse_fields(
    c: &mut Cursor<'_>,
    count: usize,
    table_z: bool,
    table_m: bool,
) -> Result<FieldList, String> {
    let mut fields = Vec::with_capacity(count.min(c.remaining()));
    let mut geometry = None;
    for index in 0..count {
        let at = c.pos();
        let field = parse_one(c, table_z, table_m, &mut geometry).map_err(|e| match e {
            FieldErr::Short(s) => format!("field {index} (descriptor at byte {at}): {s}"),
            FieldErr::Bad(m) => format!("field {index} (descriptor at byte {at}): {m}"),
        })?;
        if field.field_type == FieldType::ObjectId
            && fields
                .iter()
                .any(|f: &Field| f.field_type == FieldType::ObjectId)
        {
            return Err(format!("field {index}: a second OBJECTID field"));
        }
        fields.push(field);
    }
    Ok(FieldList { fields, geometry })
}

enum FieldErr {
    Short(Short),
    Bad(String),
}

impl From<Short> for FieldErr {
    fn from(s: Short) -> Self {
        FieldErr::Short(s)
    }
}

fn parse_one(
    c: &mut Cursor<'_>,
    table_z: bool,
    table_m: bool,
    geometry: &mut Option<GeometryInfo>,
) -> Result<Field, FieldErr> {
    let n = c.u8("name length")? as usize;
    let name = c.utf16(n, "field name")?;
    let n = c.u8("alias length")? as usize;
    let alias = c.utf16(n, "field alias")?;
    let code = c.u8("field type")?;
    let field_type = FieldType::from_code(code).ok_or_else(|| {
        FieldErr::Bad(format!(
            "field {name:?} has type code {code}, which this reader does not know"
        ))
    })?;
    let mut field = Field {
        name,
        alias: (!alias.trim().is_empty()).then_some(alias),
        field_type,
        nullable: false,
        max_width: None,
        raster: None,
    };
    match field_type {
        FieldType::Geometry | FieldType::Raster => {
            if field_type == FieldType::Geometry && geometry.is_some() {
                return Err(FieldErr::Bad("a second geometry field".into()));
            }
            let _ = c.u8("geometry field flags")?;
            field.nullable = c.u8("geometry field flags")? & NULLABLE != 0;
            if field_type == FieldType::Raster {
                let n = c.u8("raster column name length")? as usize;
                c.utf16(n, "raster column name")?;
            }
            let info = parse_geometry_info(c, field_type == FieldType::Geometry, table_z, table_m)?;
            if field_type == FieldType::Raster {
                field.raster = Some(match c.u8("raster storage")? {
                    0 => RasterStorage::External,
                    1 => RasterStorage::Managed,
                    2 => RasterStorage::Inline,
                    other => {
                        return Err(FieldErr::Bad(format!(
                            "raster field {:?} has storage type {other}, which this reader does not know",
                            field.name
                        )));
                    }
                });
            } else {
                *geometry = info;
            }
        }
        FieldType::String => {
            field.max_width = Some(c.u32("string width")?);
            let flags = c.u8("string flags")?;
            field.nullable = flags & NULLABLE != 0;
            let default_len = c.varuint("default value length")?;
            if flags & HAS_DEFAULT != 0 {
                skip_default(c, default_len)?;
            }
        }
        FieldType::ObjectId
        | FieldType::Binary
        | FieldType::Guid
        | FieldType::GlobalId
        | FieldType::Xml => {
            let _width = c.u8("field width")?;
            let flags = c.u8("field flags")?;
            field.nullable = flags & NULLABLE != 0 && field_type != FieldType::ObjectId;
        }
        _ => {
            let _width = c.u8("field width")?;
            let flags = c.u8("field flags")?;
            field.nullable = flags & NULLABLE != 0;
            let default_len = c.u8("default value length")?;
            if flags & HAS_DEFAULT != 0 {
                skip_default(c, u64::from(default_len))?;
            }
        }
    }
    Ok(field)
}

fn skip_default(c: &mut Cursor<'_>, len: u64) -> Result<(), FieldErr> {
    let len = usize::try_from(len).unwrap_or(usize::MAX);
    c.skip(len, "default value")?;
    Ok(())
}

fn quantisation(
    c: &mut Cursor<'_>,
    origin: &'static str,
    scale: &'static str,
) -> Result<Quantisation, Short> {
    Ok(Quantisation {
        origin: c.f64(origin)?,
        scale: c.f64(scale)?,
    })
}

/// The precision model after the WKT. For raster fields the block is shorter (no extent) and
/// may be absent; `None` is returned for those.
fn parse_geometry_info(
    c: &mut Cursor<'_>,
    is_geometry: bool,
    table_z: bool,
    table_m: bool,
) -> Result<Option<GeometryInfo>, FieldErr> {
    let wkt_bytes = c.u16("spatial reference length")? as usize;
    let wkt = utf16_to_string(c.take(wkt_bytes, "spatial reference WKT")?);
    let flags = c.u8("precision flags")?;
    let has_m = flags & 2 != 0;
    let has_z = flags & 4 != 0;
    if !is_geometry && flags == 0 {
        return Ok(None);
    }
    let x_origin = c.f64("x origin")?;
    let y_origin = c.f64("y origin")?;
    let xy_scale = c.f64("xy scale")?;
    if !(xy_scale.is_finite() && xy_scale > 0.0) {
        return Err(FieldErr::Bad(format!(
            "the xy scale is {xy_scale}, not a positive number"
        )));
    }
    let m = has_m
        .then(|| quantisation(c, "m origin", "m scale"))
        .transpose()?;
    let z = has_z
        .then(|| quantisation(c, "z origin", "z scale"))
        .transpose()?;
    let xy_tolerance = c.f64("xy tolerance")?;
    if has_m {
        c.f64("m tolerance")?;
    }
    if has_z {
        c.f64("z tolerance")?;
    }
    if !is_geometry {
        return Ok(None);
    }
    let extent = [
        c.f64("extent xmin")?,
        c.f64("extent ymin")?,
        c.f64("extent xmax")?,
        c.f64("extent ymax")?,
    ];
    if table_z {
        c.skip(16, "z extent")?;
    }
    if table_m {
        c.skip(16, "m extent")?;
    }
    c.skip(1, "spatial index marker")?;
    let grids = c.u32("spatial index grid count")?;
    if !(1..=3).contains(&grids) {
        return Err(FieldErr::Bad(format!(
            "the spatial index declares {grids} grid sizes (1 to 3 expected)"
        )));
    }
    c.skip(grids as usize * 8, "spatial index grid sizes")?;
    let wkt = wkt.trim_matches(char::from(0)).trim();
    let wkt = (!wkt.is_empty() && wkt != NULL_SRS_GUID).then(|| wkt.to_string());
    Ok(Some(GeometryInfo {
        wkt,
        xy: (
            Quantisation {
                origin: x_origin,
                scale: xy_scale,
            },
            Quantisation {
                origin: y_origin,
                scale: xy_scale,
            },
        ),
        z,
        m,
        xy_tolerance,
        extent,
    }))
}
