//! Geometry helpers for the sample generator: the working plane (EPSG:4527 metres), smooth
//! curves, star-shaped blobs, convex Voronoi cells and "carve a region into pieces".
//!
//! Everything here works in Gauss-Kruger metres; conversion to lon/lat happens only when a
//! layer is written as GeoJSON.

use anyhow::{Context, Result, anyhow};
use geo::{BooleanOps, Coord, LineString, MultiPolygon, Polygon, coord};
use zonecheck::crs::{Crs, Transform};

/// Both directions between CGCS2000 lon/lat and EPSG:4527 (zone 39, prefixed eastings).
pub struct Plane {
    to_gk: Transform,
    to_lonlat: Transform,
}

impl Plane {
    /// Builds the two transforms.
    pub fn new() -> Result<Plane> {
        let gk = Crs::from_epsg(4527).map_err(|e| anyhow!("{e}"))?;
        Ok(Plane {
            to_gk: Transform::from_lonlat(&gk).map_err(|e| anyhow!("{e}"))?,
            to_lonlat: Transform::to_lonlat(&gk).map_err(|e| anyhow!("{e}"))?,
        })
    }

    /// Lon/lat degrees to GK metres.
    pub fn gk(&self, lon: f64, lat: f64) -> Result<Coord<f64>> {
        let (x, y) = self.to_gk.point(lon, lat).map_err(|e| anyhow!("{e}"))?;
        Ok(coord! { x: x, y: y })
    }

    /// GK metres to lon/lat degrees.
    pub fn lonlat(&self, c: Coord<f64>) -> Result<Coord<f64>> {
        let (lon, lat) = self.to_lonlat.point(c.x, c.y).map_err(|e| anyhow!("{e}"))?;
        Ok(coord! { x: lon, y: lat })
    }

    /// A GK line string as lon/lat.
    pub fn line_lonlat(&self, line: &LineString<f64>) -> Result<LineString<f64>> {
        line.0
            .iter()
            .map(|c| self.lonlat(*c))
            .collect::<Result<Vec<_>>>()
            .map(LineString::new)
    }

    /// A GK multipolygon as lon/lat.
    pub fn multi_lonlat(&self, mp: &MultiPolygon<f64>) -> Result<MultiPolygon<f64>> {
        let polys =
            mp.0.iter()
                .map(|p| {
                    let ext = self.line_lonlat(p.exterior())?;
                    let holes = p
                        .interiors()
                        .iter()
                        .map(|h| self.line_lonlat(h))
                        .collect::<Result<Vec<_>>>()?;
                    Ok(Polygon::new(ext, holes))
                })
                .collect::<Result<Vec<_>>>()?;
        Ok(MultiPolygon::new(polys))
    }
}

/// Reads a bare GeoJSON (Multi)Polygon geometry in GCJ-02, as cnmaps ships it, and returns it in
/// GK metres after removing the GCJ-02 offset.
pub fn load_gcj02_boundary(path: &std::path::Path, plane: &Plane) -> Result<MultiPolygon<f64>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("{}", path.display()))?;
    let value: serde_json::Value = serde_json::from_str(&text)?;
    let kind = value["type"].as_str().unwrap_or_default();
    let coords = &value["coordinates"];
    let polygons: Vec<&serde_json::Value> = match kind {
        "MultiPolygon" => coords
            .as_array()
            .map(|a| a.iter().collect())
            .unwrap_or_default(),
        "Polygon" => vec![coords],
        other => return Err(anyhow!("{}: unexpected geometry {other}", path.display())),
    };
    let ring = |r: &serde_json::Value| -> Result<LineString<f64>> {
        let pts = r
            .as_array()
            .ok_or_else(|| anyhow!("ring is not an array"))?;
        pts.iter()
            .map(|p| {
                let lon = p[0].as_f64().ok_or_else(|| anyhow!("bad coordinate"))?;
                let lat = p[1].as_f64().ok_or_else(|| anyhow!("bad coordinate"))?;
                let (lon, lat) = zonecheck::crs::china_offsets::gcj02_to_wgs84(lon, lat);
                plane.gk(lon, lat)
            })
            .collect::<Result<Vec<_>>>()
            .map(LineString::new)
    };
    let mut out = Vec::new();
    for polygon in polygons {
        let rings = polygon
            .as_array()
            .ok_or_else(|| anyhow!("polygon is not an array"))?;
        let exterior = ring(&rings[0])?;
        let holes = rings[1..].iter().map(ring).collect::<Result<Vec<_>>>()?;
        out.push(Polygon::new(exterior, holes));
    }
    Ok(MultiPolygon::new(out))
}

/// A Catmull-Rom curve through `points`, `per_segment` samples per span, ending on the last point.
pub fn smooth_curve(points: &[Coord<f64>], per_segment: usize) -> Vec<Coord<f64>> {
    let n = points.len();
    let mut out = Vec::new();
    for i in 0..n.saturating_sub(1) {
        let p0 = points[i.saturating_sub(1)];
        let p1 = points[i];
        let p2 = points[i + 1];
        let p3 = points[(i + 2).min(n - 1)];
        for s in 0..per_segment {
            let t = s as f64 / per_segment as f64;
            let (t2, t3) = (t * t, t * t * t);
            let f = |a: f64, b: f64, c: f64, d: f64| {
                0.5 * (2.0 * b
                    + (-a + c) * t
                    + (2.0 * a - 5.0 * b + 4.0 * c - d) * t2
                    + (-a + 3.0 * b - 3.0 * c + d) * t3)
            };
            out.push(coord! { x: f(p0.x, p1.x, p2.x, p3.x), y: f(p0.y, p1.y, p2.y, p3.y) });
        }
    }
    if let Some(last) = points.last() {
        out.push(*last);
    }
    out
}

/// A closed star-shaped ring around `center`: radius `radius_m(theta)`, `n` vertices.
pub fn star_ring(center: Coord<f64>, n: usize, radius_m: impl Fn(f64) -> f64) -> LineString<f64> {
    let mut pts: Vec<Coord<f64>> = (0..n)
        .map(|i| {
            let theta = i as f64 / n as f64 * std::f64::consts::TAU;
            let r = radius_m(theta);
            coord! { x: center.x + r * theta.cos(), y: center.y + r * theta.sin() }
        })
        .collect();
    pts.push(pts[0]);
    LineString::new(pts)
}

/// A smooth periodic wobble: sum of a few sines with the given (frequency, amplitude, phase).
pub fn wobble(theta: f64, terms: &[(f64, f64, f64)]) -> f64 {
    terms
        .iter()
        .map(|(k, a, phi)| a * (k * theta + phi).sin())
        .sum()
}

/// The Voronoi cell of `seeds[i]` inside the box `[min, max]`, by clipping the box with the
/// half-plane "closer to seed i than to seed j" for every j (fine for dozens of seeds).
pub fn voronoi_cell(
    seeds: &[Coord<f64>],
    i: usize,
    min: Coord<f64>,
    max: Coord<f64>,
) -> Polygon<f64> {
    let mut poly = vec![
        min,
        coord! { x: max.x, y: min.y },
        max,
        coord! { x: min.x, y: max.y },
    ];
    let s = seeds[i];
    for (j, t) in seeds.iter().enumerate() {
        if j == i {
            continue;
        }
        // Keep points p with (p - m) . (t - s) <= 0, m the midpoint of s and t.
        let m = coord! { x: (s.x + t.x) / 2.0, y: (s.y + t.y) / 2.0 };
        let d = coord! { x: t.x - s.x, y: t.y - s.y };
        let side = |p: Coord<f64>| (p.x - m.x) * d.x + (p.y - m.y) * d.y;
        let mut next = Vec::with_capacity(poly.len() + 1);
        for k in 0..poly.len() {
            let a = poly[k];
            let b = poly[(k + 1) % poly.len()];
            let (sa, sb) = (side(a), side(b));
            if sa <= 0.0 {
                next.push(a);
            }
            if (sa <= 0.0) != (sb <= 0.0) {
                let u = sa / (sa - sb);
                next.push(coord! { x: a.x + u * (b.x - a.x), y: a.y + u * (b.y - a.y) });
            }
        }
        poly = next;
    }
    let mut ring = poly;
    if let Some(first) = ring.first().copied() {
        ring.push(first);
    }
    Polygon::new(LineString::new(ring), vec![])
}

/// Splits `region` by `cutters` in order: piece k = what is left of the region inside cutter k;
/// the last piece is whatever no cutter took. The pieces tile the region by construction.
pub fn carve(
    region: &MultiPolygon<f64>,
    cutters: &[MultiPolygon<f64>],
) -> (Vec<MultiPolygon<f64>>, MultiPolygon<f64>) {
    let mut rest = region.clone();
    let mut pieces = Vec::with_capacity(cutters.len());
    for cutter in cutters {
        pieces.push(rest.intersection(cutter));
        rest = rest.difference(cutter);
    }
    (pieces, rest)
}

/// A rectangle of `width_m` x `height_m` centred on `c`, rotated by `angle_deg`.
pub fn rotated_rect(c: Coord<f64>, width_m: f64, height_m: f64, angle_deg: f64) -> Polygon<f64> {
    let (s, co) = angle_deg.to_radians().sin_cos();
    let corner = |dx: f64, dy: f64| coord! { x: c.x + dx * co - dy * s, y: c.y + dx * s + dy * co };
    let (w, h) = (width_m / 2.0, height_m / 2.0);
    Polygon::new(
        LineString::new(vec![
            corner(-w, -h),
            corner(w, -h),
            corner(w, h),
            corner(-w, h),
            corner(-w, -h),
        ]),
        vec![],
    )
}
