//! Converting one shapefile record (shapefile crate `Shape`) to a geo geometry in the file's own
//! coordinates: Z and M dropped, polygon holes found by containment (see `rings`).
//!
//! Not for transforming coordinates (see `layer_crs`) or reading the file (see `shapefile`).

use geo::{Coord, Geometry, LineString, MultiLineString, MultiPoint, Point};
use shapefile::record::traits::HasXY;
use shapefile::{PolygonRing, Shape};

use crate::io::rings::polygons_from_rings;
use crate::io::shx::le_i32;

/// What became of one record: a geometry (or none, for null shapes) and notes for warnings.
#[derive(Debug, Default)]
pub struct Converted {
    pub geometry: Option<Geometry<f64>>,
    /// Rings with fewer than three distinct points, dropped.
    pub degenerate_rings: usize,
    /// The record was a Multipatch, which is not read.
    pub multipatch: bool,
}

/// Converts a shape to geo, keeping x/y only.
pub fn convert_shape(shape: &Shape) -> Converted {
    let geometry = match shape {
        Shape::NullShape => None,
        Shape::Point(p) => Some(point(p)),
        Shape::PointM(p) => Some(point(p)),
        Shape::PointZ(p) => Some(point(p)),
        Shape::Multipoint(mp) => Some(multipoint(mp.points())),
        Shape::MultipointM(mp) => Some(multipoint(mp.points())),
        Shape::MultipointZ(mp) => Some(multipoint(mp.points())),
        Shape::Polyline(l) => lines(l.parts()),
        Shape::PolylineM(l) => lines(l.parts()),
        Shape::PolylineZ(l) => lines(l.parts()),
        Shape::Polygon(p) => return polygon(p.rings()),
        Shape::PolygonM(p) => return polygon(p.rings()),
        Shape::PolygonZ(p) => return polygon(p.rings()),
        Shape::Multipatch(_) => {
            return Converted {
                multipatch: true,
                ..Converted::default()
            };
        }
    };
    Converted {
        geometry,
        ..Converted::default()
    }
}

fn coords<P: HasXY>(points: &[P]) -> Vec<Coord<f64>> {
    points
        .iter()
        .map(|p| Coord { x: p.x(), y: p.y() })
        .collect()
}

fn point<P: HasXY>(p: &P) -> Geometry<f64> {
    Geometry::Point(Point::new(p.x(), p.y()))
}

fn multipoint<P: HasXY>(points: &[P]) -> Geometry<f64> {
    Geometry::MultiPoint(MultiPoint(
        points.iter().map(|p| Point::new(p.x(), p.y())).collect(),
    ))
}

fn lines<P: HasXY>(parts: &[Vec<P>]) -> Option<Geometry<f64>> {
    lines_from(parts.iter().map(|part| LineString(coords(part))).collect())
}

/// The non-empty parts of a PolyLine as one line or a multi-line.
fn lines_from(parts: Vec<LineString<f64>>) -> Option<Geometry<f64>> {
    let mut lines: Vec<LineString<f64>> = parts.into_iter().filter(|l| !l.0.is_empty()).collect();
    match lines.len() {
        0 => None,
        1 => lines.pop().map(Geometry::LineString),
        _ => Some(Geometry::MultiLineString(MultiLineString(lines))),
    }
}

fn polygon<P: HasXY>(rings: &[PolygonRing<P>]) -> Converted {
    polygon_from(
        rings
            .iter()
            .map(|r| LineString(coords(r.points())))
            .collect(),
    )
}

fn polygon_from(rings: Vec<LineString<f64>>) -> Converted {
    let (geometry, degenerate_rings) = polygons_from_rings(rings);
    Converted {
        geometry,
        degenerate_rings,
        multipatch: false,
    }
}

/// The shapefile crate's words for a record whose declared sizes do not fit it.
const BAD_RECORD_SIZE: &str = "The record size declared in the file is inconsistent or invalid";

/// A PolyLine (3) or Polygon (5) record — `content` from its shape type on — read straight from
/// its bytes into geo coordinates; `None` for every other shape type (read by the crate).
///
/// By hand because the shapefile crate reads each ring into its own point vector, then works
/// out each ring's winding, before `convert_shape` copies the points again: on a province that
/// was a second copy of every coordinate made and freed, the largest cost of its load. Read as
/// the crate reads: parts taken one after another from the first point, each up to the next
/// part's start (the last to the point count); a record shorter than its counts, or a part
/// start before the previous one, is an error in the crate's words. Z and M types still go
/// through the crate, which checks their measure and elevation sections.
pub fn convert_plain_record(content: &[u8]) -> Option<std::result::Result<Converted, String>> {
    let int = |at: usize| le_i32(content, at);
    let shape_type = int(0)?;
    if shape_type != 3 && shape_type != 5 {
        return None;
    }
    let read = || -> std::result::Result<Vec<LineString<f64>>, String> {
        let too_short = || "unexpected end of data (truncated?)".to_string();
        let (parts, points) = (
            int(36).ok_or_else(too_short)?,
            int(40).ok_or_else(too_short)?,
        );
        let (Ok(parts), Ok(points)) = (usize::try_from(parts), usize::try_from(points)) else {
            return Err(BAD_RECORD_SIZE.into());
        };
        // 4 (shape type) + 32 (box) + 8 (counts) + a start per part + 16 bytes a point.
        let needed = parts
            .checked_mul(4)
            .and_then(|p| points.checked_mul(16)?.checked_add(p + 44));
        if needed.is_none_or(|n| n > content.len()) {
            return Err(BAD_RECORD_SIZE.into());
        }
        let starts: Vec<i32> = (0..parts).filter_map(|k| int(44 + 4 * k)).collect();
        let mut at = 44 + 4 * parts;
        let mut rings = Vec::with_capacity(parts);
        for (k, &start) in starts.iter().enumerate() {
            let end = starts.get(k + 1).copied().unwrap_or(points as i32);
            let n = usize::try_from(end.checked_sub(start).ok_or(BAD_RECORD_SIZE)?)
                .map_err(|_| BAD_RECORD_SIZE)?;
            let bytes = at
                .checked_add(n * 16)
                .and_then(|stop| content.get(at..stop))
                .ok_or_else(too_short)?;
            let ring: Vec<Coord<f64>> = bytes
                .chunks_exact(16)
                .map(|xy| {
                    let f = |b: &[u8]| f64::from_le_bytes(b.try_into().unwrap_or([0; 8]));
                    Coord {
                        x: f(&xy[..8]),
                        y: f(&xy[8..]),
                    }
                })
                .collect();
            rings.push(LineString(ring));
            at += n * 16;
        }
        Ok(rings)
    };
    Some(read().map(|rings| {
        if shape_type == 5 {
            polygon_from(rings)
        } else {
            Converted {
                geometry: lines_from(rings),
                ..Converted::default()
            }
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The records of a `.shp` file: each record's content (shape type on), as the file lays them
    /// out (a 100-byte header, then per record a big-endian number and length in 16-bit words).
    fn shp_records(bytes: &[u8]) -> Vec<&[u8]> {
        let mut out = Vec::new();
        let mut at = 100;
        while let Some(head) = bytes.get(at..at + 8) {
            let words = i32::from_be_bytes([head[4], head[5], head[6], head[7]]);
            let Some(content) = usize::try_from(words)
                .ok()
                .and_then(|w| bytes.get(at + 8..at + 8 + 2 * w))
            else {
                break;
            };
            out.push(content);
            at += 8 + content.len();
        }
        out
    }

    /// Both readings of one record: the direct one of PolyLine/Polygon records and the shapefile
    /// crate's (`Shape::read_from`, then `convert_shape`), as geometry and dropped-ring count, or
    /// `None` for an error; `None` overall when the record is not one the direct reading takes or
    /// its declared counts are refused first (as `convert_records` does).
    type Reading = Option<(Option<Geometry<f64>>, usize)>;
    fn both_readings(content: &[u8]) -> Option<(Reading, Reading)> {
        use shapefile::ReadableShape;
        crate::io::shx::check_declared_counts(content).ok()?;
        let direct = convert_plain_record(content)?
            .ok()
            .map(|c| (c.geometry, c.degenerate_rings));
        let mut cursor = std::io::Cursor::new(content);
        let by_crate = shapefile::Shape::read_from(&mut cursor, content.len() as i32)
            .ok()
            .map(|shape| {
                let c = convert_shape(&shape);
                (c.geometry, c.degenerate_rings)
            });
        Some((direct, by_crate))
    }

    /// The direct reading of PolyLine and Polygon records gives what the shapefile crate's reading
    /// gives, record for record, on every shapefile of the fixtures and the sample (rings with
    /// holes, multi-part units, river lines), and on a few thousand of their records with bytes
    /// changed in the counts, the part starts and the points: the same geometry, or an error from
    /// both.
    #[test]
    fn polygon_and_line_records_are_read_as_the_shapefile_crate_reads_them() {
        let mut files = Vec::new();
        for dir in ["tests/fixtures", "sample_data"] {
            let mut stack = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir)];
            while let Some(d) = stack.pop() {
                for entry in std::fs::read_dir(&d).unwrap().flatten() {
                    let p = entry.path();
                    if p.is_dir() {
                        stack.push(p);
                    } else if p.extension().is_some_and(|e| e == "shp") {
                        files.push(p);
                    }
                }
            }
        }
        let (mut compared, mut mutated, mut refused) = (0, 0, 0);
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move |n: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) as usize % n.max(1)
        };
        for file in &files {
            let bytes = std::fs::read(file).unwrap();
            for (r, content) in shp_records(&bytes).into_iter().enumerate() {
                let Some((direct, by_crate)) = both_readings(content) else {
                    continue;
                };
                assert_eq!(direct, by_crate, "{} record {r}", file.display());
                compared += 1;
                for _ in 0..16 {
                    let mut changed = content.to_vec();
                    // The counts and part starts (bytes 36..52) most of the time, else anywhere.
                    let at = if next(3) > 0 {
                        36 + next(16)
                    } else {
                        next(changed.len())
                    };
                    if let Some(b) = changed.get_mut(at) {
                        *b = match next(3) {
                            0 => 0xff,
                            1 => 0,
                            _ => next(256) as u8,
                        };
                    }
                    let Some((direct, by_crate)) = both_readings(&changed) else {
                        refused += 1;
                        continue;
                    };
                    // Compared as printed: a changed byte can make a NaN, which equals nothing.
                    assert!(
                        format!("{direct:?}") == format!("{by_crate:?}"),
                        "{} record {r}, byte {at} changed",
                        file.display()
                    );
                    mutated += 1;
                }
            }
        }
        // Enough of both kinds to be a test (136 records, 1,671 mutants read on 2026-12-06).
        assert!(
            compared > 100 && mutated > 1_500,
            "{compared} {mutated} {refused}"
        );
    }
}
