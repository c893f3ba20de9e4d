//! GeoJSON geometry objects to geo. The coordinates are read straight into `Vec<Coord>`s by a
//! serde visitor (16 bytes a vertex) instead of a `serde_json::Value` tree (about 100 bytes a
//! vertex), so one polygon of millions of vertices fits; what is wrong with a coordinate (a
//! NaN, a string, a short position) is kept as a message for the feature's error. Polygons are
//! rebuilt from their rings by containment, since writers ignore RFC 7946's winding rule.
//!
//! Hand-written rather than the `geojson` crate: it parses positions into `Vec<f64>` each (a heap
//! allocation per vertex) and reports a bad coordinate without saying what was found.
//!
//! Not for features, properties or CRS (see `geojson`).

use std::fmt;

use geo::{Coord, Geometry, LineString, MultiPolygon, Polygon};
use serde::Deserialize;
use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use crate::error::quote;
use crate::io::rings::polygons_from_rings;

/// A geometry object as read: its type, and its coordinates or member geometries.
#[derive(Deserialize)]
pub struct GeometryJson {
    #[serde(rename = "type")]
    kind: Option<Value>,
    coordinates: Option<Coords>,
    geometries: Option<Vec<GeometryJson>>,
}

impl GeometryJson {
    /// The `type` member, when it is a string.
    pub fn kind(&self) -> Option<&str> {
        self.kind.as_ref().and_then(Value::as_str)
    }
}

/// A `coordinates` member at any depth.
enum Coords {
    /// `[]`, at whatever depth it stands.
    Empty,
    /// `[x, y, …]`.
    Position(Coord<f64>),
    /// `[[x, y], …]`: a line, a ring or a multipoint.
    Positions(Vec<Coord<f64>>),
    /// `[[[x, y], …], …]` and deeper.
    Lists(Vec<Coords>),
    /// What is wrong, said once for the whole member.
    Bad(String),
}

/// One element of a coordinates array.
enum Item {
    Number(f64),
    Null,
    List(Coords),
    Other(String),
}

const NOT_FINITE: &str = "a coordinate is not a finite number (NaN, Infinity or null)";

fn found(what: &str) -> String {
    format!("expected an array of coordinates, found {what}")
}

fn drain<'de, A: SeqAccess<'de>>(seq: &mut A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

/// The rest of a position whose first number is `x`: the second number, and any more (height,
/// measure) skipped.
fn position_from<'de, A: SeqAccess<'de>>(x: f64, seq: &mut A) -> Result<Coords, A::Error> {
    let c = match seq.next_element::<Item>()? {
        Some(Item::Number(y)) => Coords::Position(Coord { x, y }),
        Some(Item::Null) => Coords::Bad(NOT_FINITE.into()),
        Some(Item::Other(s)) => Coords::Bad(format!("a coordinate is not a number: {s}")),
        Some(Item::List(_)) => Coords::Bad("a coordinate is not a number: […]".into()),
        None => Coords::Bad(format!("a position needs at least 2 numbers, found [{x}]")),
    };
    drain(seq)?;
    Ok(c)
}

/// The rest of a list of lists whose first element is `first`.
fn lists_from<'de, A: SeqAccess<'de>>(first: Coords, seq: &mut A) -> Result<Coords, A::Error> {
    let bad = |seq: &mut A, why: String| drain(seq).map(|()| Coords::Bad(why));
    match first {
        Coords::Bad(why) => bad(seq, why),
        Coords::Position(p) => {
            let mut positions = vec![p];
            while let Some(item) = seq.next_element::<Item>()? {
                match item {
                    Item::List(Coords::Position(p)) => positions.push(p),
                    Item::List(Coords::Bad(why)) => return bad(seq, why),
                    Item::List(_) => return bad(seq, found("a list where a position was")),
                    Item::Number(n) => return bad(seq, found(&n.to_string())),
                    Item::Null => return bad(seq, found("null")),
                    Item::Other(s) => return bad(seq, found(&s)),
                }
            }
            Ok(Coords::Positions(positions))
        }
        list => {
            let mut lists = vec![list];
            while let Some(item) = seq.next_element::<Item>()? {
                match item {
                    Item::List(Coords::Bad(why)) => return bad(seq, why),
                    Item::List(Coords::Position(_)) => {
                        return bad(seq, found("a position where a list was"));
                    }
                    Item::List(c) => lists.push(c),
                    Item::Number(n) => return bad(seq, found(&n.to_string())),
                    Item::Null => return bad(seq, found("null")),
                    Item::Other(s) => return bad(seq, found(&s)),
                }
            }
            Ok(Coords::Lists(lists))
        }
    }
}

struct CoordsVisitor;

impl<'de> Visitor<'de> for CoordsVisitor {
    type Value = Coords;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("GeoJSON coordinates")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Coords, A::Error> {
        match seq.next_element::<Item>()? {
            None => Ok(Coords::Empty),
            Some(Item::Number(x)) => position_from(x, &mut seq),
            Some(Item::Null) => {
                drain(&mut seq)?;
                Ok(Coords::Bad(NOT_FINITE.into()))
            }
            Some(Item::Other(s)) => {
                drain(&mut seq)?;
                Ok(Coords::Bad(format!("a coordinate is not a number: {s}")))
            }
            Some(Item::List(first)) => lists_from(first, &mut seq),
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<Coords, E> {
        Ok(Coords::Bad(found("null")))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Coords, E> {
        Ok(Coords::Bad(found(&v.to_string())))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Coords, E> {
        Ok(Coords::Bad(found(&v.to_string())))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Coords, E> {
        Ok(Coords::Bad(found(&v.to_string())))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Coords, E> {
        Ok(Coords::Bad(found(&v.to_string())))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Coords, E> {
        Ok(Coords::Bad(found(&quote(&format!("{v:?}")))))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Coords, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Coords::Bad(found("an object")))
    }
}

impl<'de> Deserialize<'de> for Coords {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(CoordsVisitor)
    }
}

struct ItemVisitor;

impl<'de> Visitor<'de> for ItemVisitor {
    type Value = Item;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number or an array")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Item, A::Error> {
        CoordsVisitor.visit_seq(seq).map(Item::List)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Item, E> {
        Ok(Item::Null)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Item, E> {
        Ok(Item::Number(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Item, E> {
        Ok(Item::Number(v as f64))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Item, E> {
        // serde_json gives no NaN or infinity; a number too large for f64 is refused by it.
        Ok(if v.is_finite() {
            Item::Number(v)
        } else {
            Item::Null
        })
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Item, E> {
        Ok(Item::Other(v.to_string()))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Item, E> {
        Ok(Item::Other(quote(&format!("{v:?}"))))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Item, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Item::Other("{…}".into()))
    }
}

impl<'de> Deserialize<'de> for Item {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ItemVisitor)
    }
}

/// Reads a geometry object's JSON text (a feature's `geometry` member, not null).
pub fn read_geometry_json(text: &str) -> Result<GeometryJson, String> {
    serde_json::from_str(text).map_err(|e| {
        // The text is valid JSON (the feature was read), so this is its shape, not its syntax.
        let why = e.to_string();
        let why = why.split(" at line ").next().unwrap_or(&why).to_string();
        format!("the geometry is not a GeoJSON geometry object ({why})")
    })
}

/// A GeoJSON geometry object to geo; polygons rebuilt by ring containment. `unclosed` counts the
/// polygon rings whose last position is not their first (RFC 7946 requires it; they are closed).
pub fn parse_geometry(
    g: GeometryJson,
    unclosed: &mut usize,
) -> std::result::Result<Geometry<f64>, String> {
    let kind = g.kind().ok_or("geometry without a \"type\"")?.to_string();
    if kind == "GeometryCollection" {
        let parts = g
            .geometries
            .ok_or("GeometryCollection without \"geometries\"")?;
        return parts
            .into_iter()
            .map(|p| parse_geometry(p, unclosed))
            .collect::<std::result::Result<Vec<_>, _>>()
            .map(|v| Geometry::GeometryCollection(geo::GeometryCollection(v)));
    }
    let c = g
        .coordinates
        .ok_or_else(|| format!("{kind} without \"coordinates\""))?;
    Ok(match kind.as_str() {
        "Point" => Geometry::Point(geo::Point(position(c)?)),
        "MultiPoint" => Geometry::MultiPoint(geo::MultiPoint(
            positions(c)?.into_iter().map(geo::Point).collect(),
        )),
        "LineString" => Geometry::LineString(LineString(positions(c)?)),
        "MultiLineString" => Geometry::MultiLineString(geo::MultiLineString(
            lists(c)?
                .into_iter()
                .map(|l| positions(l).map(LineString))
                .collect::<std::result::Result<_, _>>()?,
        )),
        "Polygon" => {
            let rings = lists(c)?
                .into_iter()
                .map(|r| ring(r, unclosed))
                .collect::<std::result::Result<Vec<_>, _>>()?;
            polygons_from_rings(rings)
                .0
                .unwrap_or(Geometry::Polygon(Polygon::new(LineString(vec![]), vec![])))
        }
        "MultiPolygon" => {
            let mut rings = Vec::new();
            for p in lists(c)? {
                for r in lists(p)? {
                    rings.push(ring(r, unclosed)?);
                }
            }
            match polygons_from_rings(rings).0 {
                Some(Geometry::Polygon(p)) => Geometry::MultiPolygon(MultiPolygon(vec![p])),
                Some(g) => g,
                None => Geometry::MultiPolygon(MultiPolygon(vec![])),
            }
        }
        other => return Err(format!("unknown geometry type {other:?}")),
    })
}

fn position(c: Coords) -> Result<Coord<f64>, String> {
    match c {
        Coords::Position(p) => Ok(p),
        Coords::Bad(why) => Err(why),
        Coords::Empty => Err("a position needs at least 2 numbers, found []".into()),
        Coords::Positions(_) | Coords::Lists(_) => Err(found("a list where a position was")),
    }
}

fn positions(c: Coords) -> Result<Vec<Coord<f64>>, String> {
    match c {
        Coords::Positions(v) => Ok(v),
        Coords::Empty => Ok(Vec::new()),
        Coords::Bad(why) => Err(why),
        Coords::Position(p) => Err(found(&format!("a number ({})", p.x))),
        Coords::Lists(_) => Err(found("a list where a position was")),
    }
}

fn lists(c: Coords) -> Result<Vec<Coords>, String> {
    match c {
        Coords::Lists(v) => Ok(v),
        Coords::Empty => Ok(Vec::new()),
        Coords::Bad(why) => Err(why),
        Coords::Position(p) => Err(found(&format!("a number ({})", p.x))),
        // One level too shallow: each element is a position.
        Coords::Positions(v) => Err(found(&match v.first() {
            Some(p) => format!(
                "a position ([{}, {}]) where a list of positions was",
                p.x, p.y
            ),
            None => "a position where a list of positions was".to_string(),
        })),
    }
}

/// A polygon ring, counted in `unclosed` (and closed) when its last position is not its first.
fn ring(c: Coords, unclosed: &mut usize) -> std::result::Result<LineString<f64>, String> {
    let mut r = LineString(positions(c)?);
    if let (Some(&first), Some(&last)) = (r.0.first(), r.0.last())
        && first != last
    {
        *unclosed += 1;
        r.0.push(first);
    }
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Geometry<f64>, String> {
        let mut unclosed = 0;
        parse_geometry(read_geometry_json(text)?, &mut unclosed)
    }

    #[test]
    fn every_type_at_its_depth() {
        let g = parse(r#"{"type":"Point","coordinates":[1.5,2,9]}"#).unwrap();
        assert_eq!(g, Geometry::Point(geo::Point::new(1.5, 2.0)));
        let g = parse(r#"{"coordinates":[[0,0],[1,1]],"type":"LineString"}"#).unwrap();
        assert_eq!(
            g,
            Geometry::LineString(LineString::from(vec![(0.0, 0.0), (1.0, 1.0)]))
        );
        let g = parse(r#"{"type":"MultiLineString","coordinates":[[],[[0,0],[1,1]]]}"#).unwrap();
        let Geometry::MultiLineString(m) = g else {
            panic!("{g:?}")
        };
        assert_eq!(m.0.len(), 2);
        assert!(m.0[0].0.is_empty());
        let g = parse(
            r#"{"type":"MultiPolygon","coordinates":[[[[0,0],[4,0],[4,4],[0,4]],[[1,1],[2,1],[2,2],[1,1]]],[[[10,10],[11,10],[11,11],[10,10]]]]}"#,
        )
        .unwrap();
        let Geometry::MultiPolygon(m) = g else {
            panic!("{g:?}")
        };
        assert_eq!(m.0.len(), 2);
        assert_eq!(m.0[0].interiors().len(), 1, "the hole stays in its polygon");
        assert_eq!(m.0[0].exterior().0.len(), 5, "the unclosed ring is closed");
        let g = parse(
            r#"{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,2]},{"type":"MultiPoint","coordinates":[[1,2],[3,4]]}]}"#,
        )
        .unwrap();
        let Geometry::GeometryCollection(c) = g else {
            panic!("{g:?}")
        };
        assert_eq!(c.0.len(), 2);
    }

    #[test]
    fn what_is_wrong_is_said() {
        let err = |t: &str| parse(t).unwrap_err();
        assert!(err(r#"{"type":"Point","coordinates":["a",1]}"#).contains("not a number: \"a\""));
        assert!(err(r#"{"type":"Point","coordinates":[1,null]}"#).contains("not a finite number"));
        assert!(err(r#"{"type":"Point","coordinates":[1]}"#).contains("at least 2 numbers"));
        assert!(
            err(r#"{"type":"LineString","coordinates":[[0,0],[1,"x"],[2,2]]}"#)
                .contains("not a number: \"x\"")
        );
        assert!(err(r#"{"type":"Polygon","coordinates":[[0,0],[1,1]]}"#).contains("where a list"));
        assert!(err(r#"{"type":"LineString","coordinates":[[0,0],5]}"#).contains("found 5"));
        assert!(err(r#"{"type":"LineString","coordinates":"abc"}"#).contains("found \"abc\""));
        assert!(err(r#"{"type":"Polygon"}"#).contains("without \"coordinates\""));
        assert!(err(r#"{"type":7,"coordinates":[1,2]}"#).contains("without a \"type\""));
        assert!(err(r#"{"type":"Circle","coordinates":[1,2]}"#).contains("unknown geometry"));
        assert!(err("5").contains("not a GeoJSON geometry object"));
    }
}
