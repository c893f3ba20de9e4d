//! From the FileGDB reader's values and shapes to zonecheck's: field kinds, attribute values
//! (dates as ISO text, float32 at its own precision, GUIDs as text) and geo geometries (polygon
//! holes found by containment, as for shapefiles).
//!
//! Not for reading the geodatabase (see `filegdb`) or deciding CRS and role (see `gdb_layers`).

use geo::{Geometry, LineString, MultiLineString, MultiPoint, Point};

use crate::io::filegdb::{FieldType, Shape, ShapeKind, Value, days_to_datetime};
use crate::io::rings::polygons_from_rings;
use crate::model::{AttrValue, FieldKind};

/// The zonecheck kind of a FileGDB column, `None` for columns that are not attributes
/// (geometry, raster, binary).
pub fn field_kind(t: FieldType) -> Option<FieldKind> {
    use FieldType::*;
    Some(match t {
        Int16 | Int32 | Int64 | ObjectId => FieldKind::Integer,
        Float32 | Float64 => FieldKind::Float,
        String | Xml | Guid | GlobalId | Time => FieldKind::Text,
        DateTime | Date | DateTimeOffset => FieldKind::Date,
        Geometry | Raster | Binary => return None,
    })
}

/// A stored value as an attribute. `float32` says the column is single precision, whose values
/// print at that precision (0.1, not 0.10000000149).
pub fn attr_value(v: Value<'_>, float32: bool) -> AttrValue {
    match v {
        Value::Null | Value::Raster | Value::Binary(_) | Value::Geometry(_) => AttrValue::Null,
        Value::Int(i) => AttrValue::Integer(i),
        Value::Float(f) if float32 => {
            let narrow = f as f32;
            AttrValue::Float(narrow.to_string().parse().unwrap_or(f))
        }
        Value::Float(f) => AttrValue::Float(f),
        Value::Text(t) | Value::Guid(t) => AttrValue::Text(t.into()),
        Value::DateTime(days) => date_text(days, None),
        Value::DateTimeOffset(days, minutes) => date_text(days, Some(minutes)),
        Value::Time(fraction) => match days_to_datetime(fraction) {
            Some((_, _, _, h, mi, s)) => AttrValue::Text(format!("{h:02}:{mi:02}:{s:02}").into()),
            None => AttrValue::Null,
        },
    }
}

/// `YYYY-MM-DD`, with ` HH:MM:SS` when the time is not midnight, and `+HH:MM` for a stated
/// UTC offset; null for dates that are not dates (NaN, out of range).
fn date_text(days: f64, offset_minutes: Option<i16>) -> AttrValue {
    let Some((y, mo, d, h, mi, s)) = days_to_datetime(days) else {
        return AttrValue::Null;
    };
    let mut text = format!("{y:04}-{mo:02}-{d:02}");
    if (h, mi, s) != (0, 0, 0) || offset_minutes.is_some() {
        text.push_str(&format!(" {h:02}:{mi:02}:{s:02}"));
    }
    if let Some(off) = offset_minutes {
        let sign = if off < 0 { '-' } else { '+' };
        let a = off.unsigned_abs();
        text.push_str(&format!("{sign}{:02}:{:02}", a / 60, a % 60));
    }
    AttrValue::Date(text.into())
}

/// What became of one shape: a geometry (none for empty shapes and multipatches) and counts
/// for the layer's warnings.
#[derive(Debug, Default)]
pub struct Converted {
    pub geometry: Option<Geometry<f64>>,
    pub degenerate_rings: usize,
    pub multipatch: bool,
    pub curves: usize,
    pub ellipses: usize,
}

/// A shape in geo terms, X/Y only: polygon rings nested by containment (writers do not keep
/// Esri's ring orientation reliably), lines of one part as a LineString.
pub fn convert_shape(shape: Shape) -> Converted {
    let mut out = Converted {
        curves: shape.curves_densified,
        ellipses: shape.ellipses_as_chords,
        ..Converted::default()
    };
    let mut parts = shape.parts;
    out.geometry = match shape.kind {
        ShapeKind::Point => parts
            .first()
            .and_then(|p| p.first())
            .map(|c| Geometry::Point(Point(*c))),
        ShapeKind::Multipoint => Some(Geometry::MultiPoint(MultiPoint(
            parts.concat().into_iter().map(Point).collect(),
        ))),
        ShapeKind::Polyline => {
            parts.retain(|p| !p.is_empty());
            let mut lines: Vec<LineString<f64>> = parts.into_iter().map(LineString).collect();
            match lines.len() {
                0 => None,
                1 => lines.pop().map(Geometry::LineString),
                _ => Some(Geometry::MultiLineString(MultiLineString(lines))),
            }
        }
        ShapeKind::Polygon => {
            let (g, dropped) = polygons_from_rings(parts.into_iter().map(LineString).collect());
            out.degenerate_rings = dropped;
            g
        }
        ShapeKind::Multipatch => {
            out.multipatch = true;
            None
        }
    };
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_print_as_iso_text() {
        // 45352.521006944 days after 1899-12-30 is 2024-03-01 12:30:15 (see filegdb::row).
        let days = 45_352.0 + (12.0 * 3600.0 + 30.0 * 60.0 + 15.0) / 86_400.0;
        assert_eq!(
            attr_value(Value::DateTime(days), false),
            AttrValue::Date("2024-03-01 12:30:15".into())
        );
        assert_eq!(
            attr_value(Value::DateTime(45_092.0), false),
            AttrValue::Date("2023-06-15".into())
        );
        assert_eq!(
            attr_value(Value::DateTimeOffset(45_092.0, 480), false),
            AttrValue::Date("2023-06-15 00:00:00+08:00".into())
        );
        assert_eq!(
            attr_value(Value::Time(0.5), false),
            AttrValue::Text("12:00:00".into())
        );
        assert_eq!(
            attr_value(Value::DateTime(f64::NAN), false),
            AttrValue::Null
        );
    }

    #[test]
    fn single_precision_values_keep_their_own_digits() {
        let stored = f64::from(0.1f32);
        assert_eq!(
            attr_value(Value::Float(stored), true),
            AttrValue::Float(0.1)
        );
        assert_eq!(
            attr_value(Value::Float(stored), false),
            AttrValue::Float(stored)
        );
    }
}
