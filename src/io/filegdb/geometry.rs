//! Geometry blobs: the shape type (plain Esri shape types and the "general" types with Z/M/curve
//! flags), then quantised coordinates — points as varuint + 1, all other vertices as varint
//! deltas from the previous vertex, scaled by the field's xy origin and scale — then Z, M and
//! curve segments, which are densified (see `curves`).
//!
//! Every count is checked against the bytes left before anything is allocated. Not for building
//! polygons from rings (the caller decides which rings are holes) nor for reprojection.

use geo_types::Coord;

use super::bytes::Cursor;
use super::curves::{Interior, arc_by_centre, arc_through, cubic_bezier};
use super::fields::{GeometryInfo, Quantisation};

/// The kind of shape a blob holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShapeKind {
    Point,
    Multipoint,
    Polyline,
    /// Rings in stored order: outer rings clockwise, holes counter-clockwise (by Esri convention,
    /// which writers do not always keep).
    Polygon,
    /// 3-D patches: not decoded.
    Multipatch,
}

/// A decoded geometry in the feature class's own coordinates.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub kind: ShapeKind,
    /// For points and multipoints one part holding the points; for lines the paths; for polygons
    /// the rings (closed as stored). Curves are already densified.
    pub parts: Vec<Vec<Coord<f64>>>,
    /// Z per vertex, shaped like `parts`, when the blob has Z and the field a Z scale.
    pub z: Option<Vec<Vec<f64>>>,
    /// M per vertex, shaped like `parts`, when present.
    pub m: Option<Vec<Vec<f64>>>,
    /// Curve segments (arcs, Béziers) replaced by chords.
    pub curves_densified: usize,
    /// Elliptic arcs, which are not decoded: replaced by the straight chord between their ends.
    pub ellipses_as_chords: usize,
}

/// How curves are flattened.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CurveTolerance(pub f64);

const Z_FLAG: u64 = 0x8000_0000;
const M_FLAG: u64 = 0x4000_0000;
const CURVE_FLAG: u64 = 0x2000_0000;

/// Decodes a geometry blob (the bytes after its length prefix). `Ok(None)` for null and empty
/// shapes.
pub fn decode_shape(
    blob: &[u8],
    info: &GeometryInfo,
    tolerance: CurveTolerance,
) -> Result<Option<Shape>, String> {
    let mut c = Cursor::new(blob);
    let code = c.varuint("shape type")?;
    let base = code & 0xFF;
    let general = (50..=54).contains(&base);
    let (kind, mut has_z, mut has_m) = match base {
        0 => return Ok(None),
        1 | 52 => (ShapeKind::Point, false, false),
        9 => (ShapeKind::Point, true, false),
        11 => (ShapeKind::Point, true, true),
        21 => (ShapeKind::Point, false, true),
        8 | 53 => (ShapeKind::Multipoint, false, false),
        20 => (ShapeKind::Multipoint, true, false),
        18 => (ShapeKind::Multipoint, true, true),
        28 => (ShapeKind::Multipoint, false, true),
        3 | 50 => (ShapeKind::Polyline, false, false),
        10 => (ShapeKind::Polyline, true, false),
        13 => (ShapeKind::Polyline, true, true),
        23 => (ShapeKind::Polyline, false, true),
        5 | 51 => (ShapeKind::Polygon, false, false),
        19 => (ShapeKind::Polygon, true, false),
        15 => (ShapeKind::Polygon, true, true),
        25 => (ShapeKind::Polygon, false, true),
        31 | 32 | 54 => (ShapeKind::Multipatch, false, false),
        other => return Err(format!("unknown shape type {other}")),
    };
    if general {
        has_z = code & Z_FLAG != 0;
        has_m = code & M_FLAG != 0;
    }
    let has_curves = code & CURVE_FLAG != 0;
    let mut d = Decoder {
        c,
        info,
        has_z,
        has_m,
    };
    match kind {
        ShapeKind::Point => d.point(),
        ShapeKind::Multipoint => d.multipoint(),
        ShapeKind::Polyline | ShapeKind::Polygon => d.paths(kind, has_curves, tolerance),
        ShapeKind::Multipatch => Ok(Some(Shape {
            kind,
            parts: Vec::new(),
            z: None,
            m: None,
            curves_densified: 0,
            ellipses_as_chords: 0,
        })),
    }
}

struct Decoder<'a, 'b> {
    c: Cursor<'a>,
    info: &'b GeometryInfo,
    has_z: bool,
    has_m: bool,
}

fn dequantise(v: f64, q: Quantisation) -> f64 {
    v / q.scale + q.origin
}

impl Decoder<'_, '_> {
    fn point(&mut self) -> Result<Option<Shape>, String> {
        let x = self.c.varuint("point x")?;
        let y = self.c.varuint("point y")?;
        // 0 marks an empty point (stored values are offset by one).
        if x == 0 || y == 0 {
            return Ok(None);
        }
        let (qx, qy) = self.info.xy;
        let p = Coord {
            x: dequantise((x - 1) as f64, qx),
            y: dequantise((y - 1) as f64, qy),
        };
        let z = if self.has_z {
            let v = self.c.varuint("point z")?;
            self.info
                .z
                .filter(|_| v > 0)
                .map(|q| vec![vec![dequantise((v - 1) as f64, q)]])
        } else {
            None
        };
        let m = if self.has_m && self.c.remaining() > 0 {
            let v = self.c.varuint("point m")?;
            self.info
                .m
                .filter(|_| v > 0)
                .map(|q| vec![vec![dequantise((v - 1) as f64, q)]])
        } else {
            None
        };
        Ok(Some(Shape {
            kind: ShapeKind::Point,
            parts: vec![vec![p]],
            z,
            m,
            curves_densified: 0,
            ellipses_as_chords: 0,
        }))
    }

    fn count(&mut self, what: &'static str) -> Result<usize, String> {
        let n = self.c.varuint(what)?;
        // Every counted item takes at least one more byte.
        if n > self.c.remaining() as u64 {
            return Err(format!(
                "{what} is {n}, more than the {} bytes left in the geometry",
                self.c.remaining()
            ));
        }
        Ok(n as usize)
    }

    fn multipoint(&mut self) -> Result<Option<Shape>, String> {
        let n = self.count("point count")?;
        if n == 0 {
            return Ok(None);
        }
        self.skip_bbox()?;
        let counts = [n];
        let xy = self.xy(&counts)?;
        let z = self.z_or_m(&counts, true)?;
        let m = self.z_or_m(&counts, false)?;
        Ok(Some(Shape {
            kind: ShapeKind::Multipoint,
            parts: xy,
            z,
            m,
            curves_densified: 0,
            ellipses_as_chords: 0,
        }))
    }

    fn skip_bbox(&mut self) -> Result<(), String> {
        for what in ["bbox xmin", "bbox ymin", "bbox width", "bbox height"] {
            self.c.varuint(what)?;
        }
        Ok(())
    }

    /// Vertex deltas of all parts: one running (x, y) across parts.
    fn xy(&mut self, counts: &[usize]) -> Result<Vec<Vec<Coord<f64>>>, String> {
        let (qx, qy) = self.info.xy;
        let (mut dx, mut dy) = (0i64, 0i64);
        let mut parts = Vec::with_capacity(counts.len());
        for &n in counts {
            let mut part = Vec::with_capacity(n);
            for _ in 0..n {
                dx = dx.saturating_add(self.c.varint("x delta")?);
                dy = dy.saturating_add(self.c.varint("y delta")?);
                part.push(Coord {
                    x: dequantise(dx as f64, qx),
                    y: dequantise(dy as f64, qy),
                });
            }
            parts.push(part);
        }
        Ok(parts)
    }

    /// The Z (or M) array when the shape has one. A missing M array is marked by a single byte
    /// (0x42) or by the blob simply ending; both mean "no M".
    fn z_or_m(&mut self, counts: &[usize], z: bool) -> Result<Option<Vec<Vec<f64>>>, String> {
        let (present, q, what) = if z {
            (self.has_z, self.info.z, "z delta")
        } else {
            (self.has_m, self.info.m, "m delta")
        };
        if !present {
            return Ok(None);
        }
        let total: usize = counts.iter().sum();
        if !z && self.c.remaining() < total {
            if self.c.peek() == Some(0x42) {
                self.c.skip(1, "no-M marker")?;
            }
            return Ok(None);
        }
        let mut running = 0i64;
        let mut parts = Vec::with_capacity(counts.len());
        for &n in counts {
            let mut part = Vec::with_capacity(n);
            for _ in 0..n {
                running = running.saturating_add(self.c.varint(what)?);
                part.push(running as f64);
            }
            parts.push(part);
        }
        // Without a scale in the field the numbers cannot be interpreted: read past, drop.
        Ok(q.map(|q| {
            parts
                .into_iter()
                .map(|p| p.into_iter().map(|v| dequantise(v, q)).collect())
                .collect()
        }))
    }

    fn paths(
        &mut self,
        kind: ShapeKind,
        has_curves: bool,
        tolerance: CurveTolerance,
    ) -> Result<Option<Shape>, String> {
        let n_points = self.count("point count")?;
        if n_points == 0 {
            return Ok(None);
        }
        let n_parts = self.count("part count")?;
        let n_curves = if has_curves {
            self.count("curve count")?
        } else {
            0
        };
        if n_parts == 0 {
            return Ok(None);
        }
        self.skip_bbox()?;
        let mut counts = Vec::with_capacity(n_parts);
        let mut sum = 0usize;
        for _ in 0..n_parts - 1 {
            let n = self.count("part point count")?;
            sum += n;
            counts.push(n);
        }
        if sum > n_points {
            return Err(format!(
                "the parts hold {sum} points but the geometry declares {n_points}"
            ));
        }
        counts.push(n_points - sum);
        if n_points.saturating_mul(2) > self.c.remaining() {
            return Err(format!(
                "{n_points} points declared but only {} bytes left for them",
                self.c.remaining()
            ));
        }
        let xy = self.xy(&counts)?;
        let z = self.z_or_m(&counts, true)?;
        let m = self.z_or_m(&counts, false)?;
        let mut shape = Shape {
            kind,
            parts: xy,
            z,
            m,
            curves_densified: 0,
            ellipses_as_chords: 0,
        };
        if n_curves > 0 {
            let segments = self.curve_segments(n_curves, n_points)?;
            densify(&mut shape, &counts, &segments, tolerance);
        }
        Ok(Some(shape))
    }

    fn curve_segments(
        &mut self,
        n: usize,
        n_points: usize,
    ) -> Result<Vec<(usize, Segment)>, String> {
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            let start = self.c.varuint("curve start index")?;
            let start = usize::try_from(start)
                .ok()
                .filter(|&s| s < n_points.saturating_sub(1))
                .ok_or_else(|| {
                    format!("a curve starts at vertex {start} of a geometry of {n_points} points")
                })?;
            let kind = self.c.varuint("curve type")?;
            let c = &mut self.c;
            let segment = match kind {
                1 => {
                    let a = c.f64("arc point x")?;
                    let b = c.f64("arc point y")?;
                    let bits = c.u32("arc flags")?;
                    let point = Coord { x: a, y: b };
                    if bits & ARC_INTERIOR_POINT != 0 {
                        Segment::ArcThrough(point)
                    } else if bits & (ARC_EMPTY | ARC_LINE | ARC_POINT) != 0 {
                        Segment::Straight
                    } else {
                        Segment::ArcCentre(point, bits & ARC_CCW != 0)
                    }
                }
                4 => Segment::Bezier(
                    Coord {
                        x: c.f64("bezier x1")?,
                        y: c.f64("bezier y1")?,
                    },
                    Coord {
                        x: c.f64("bezier x2")?,
                        y: c.f64("bezier y2")?,
                    },
                ),
                5 => {
                    c.skip(5 * 8 + 4, "elliptic arc")?;
                    Segment::Ellipse
                }
                other => return Err(format!("unknown curve segment type {other}")),
            };
            out.push((start, segment));
        }
        Ok(out)
    }
}

const ARC_EMPTY: u32 = 0x1;
const ARC_CCW: u32 = 0x8;
const ARC_LINE: u32 = 0x20;
const ARC_POINT: u32 = 0x40;
const ARC_INTERIOR_POINT: u32 = 0x80;

/// One non-straight segment, starting at a vertex and ending at the next.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Segment {
    ArcThrough(Coord<f64>),
    ArcCentre(Coord<f64>, bool),
    Bezier(Coord<f64>, Coord<f64>),
    Ellipse,
    Straight,
}

/// Replaces each curve segment (start vertex index across all parts) by chords, Z and M
/// interpolated linearly along it.
fn densify(
    shape: &mut Shape,
    counts: &[usize],
    segments: &[(usize, Segment)],
    tol: CurveTolerance,
) {
    let mut by_start: Vec<(usize, Segment)> = segments.to_vec();
    by_start.sort_by_key(|s| s.0);
    let mut next = by_start.iter().peekable();
    let mut first_index = 0usize;
    for (part_no, &n) in counts.iter().enumerate() {
        let old = std::mem::take(&mut shape.parts[part_no]);
        let old_z = shape.z.as_mut().map(|z| std::mem::take(&mut z[part_no]));
        let old_m = shape.m.as_mut().map(|m| std::mem::take(&mut m[part_no]));
        let mut pts = Vec::with_capacity(n);
        let mut zs = old_z.as_ref().map(|_| Vec::with_capacity(n));
        let mut ms = old_m.as_ref().map(|_| Vec::with_capacity(n));
        for k in 0..n {
            pts.push(old[k]);
            if let (Some(out), Some(src)) = (zs.as_mut(), old_z.as_ref()) {
                out.push(src[k]);
            }
            if let (Some(out), Some(src)) = (ms.as_mut(), old_m.as_ref()) {
                out.push(src[k]);
            }
            let global = first_index + k;
            while next.peek().is_some_and(|s| s.0 < global) {
                next.next();
            }
            let Some(&&(_, segment)) = next.peek().filter(|s| s.0 == global) else {
                continue;
            };
            next.next();
            if k + 1 >= n {
                continue; // a curve cannot leave the last vertex of its part
            }
            let (p0, p1) = (old[k], old[k + 1]);
            let interior: Interior = match segment {
                Segment::ArcThrough(ip) => arc_through(p0, ip, p1, tol.0),
                Segment::ArcCentre(centre, ccw) => arc_by_centre(p0, centre, p1, ccw, tol.0),
                Segment::Bezier(c1, c2) => cubic_bezier(p0, c1, c2, p1, tol.0),
                Segment::Ellipse => {
                    shape.ellipses_as_chords += 1;
                    Vec::new()
                }
                Segment::Straight => Vec::new(),
            };
            if !matches!(segment, Segment::Ellipse | Segment::Straight) {
                shape.curves_densified += 1;
            }
            for (p, t) in interior {
                pts.push(p);
                if let (Some(out), Some(src)) = (zs.as_mut(), old_z.as_ref()) {
                    out.push(src[k] + (src[k + 1] - src[k]) * t);
                }
                if let (Some(out), Some(src)) = (ms.as_mut(), old_m.as_ref()) {
                    out.push(src[k] + (src[k + 1] - src[k]) * t);
                }
            }
        }
        shape.parts[part_no] = pts;
        if let (Some(z), Some(v)) = (shape.z.as_mut(), zs) {
            z[part_no] = v;
        }
        if let (Some(m), Some(v)) = (shape.m.as_mut(), ms) {
            m[part_no] = v;
        }
        first_index += n;
    }
}

#[cfg(test)]
#[path = "geometry_tests.rs"]
mod tests;
