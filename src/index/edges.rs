//! Point-in-polygon with a boundary tolerance, and the per-polygon edge index (horizontal bands)
//! that keeps a point test on a 100,000-vertex polygon to a handful of edges.
//!
//! Why hand-written: geo's `Contains` says false on the boundary, and geo's prepared
//! `IntervalTreeMultiPolygon` only knows an exact boundary (no tolerance) and copies every
//! segment. Zoning data needs "on a shared boundary digitised with float noise counts for both
//! sides", so the boundary test here uses [`BOUNDARY_TOLERANCE_DEG`], and the band index stores
//! edge ids only (the coordinates stay in the layer).
//!
//! Not for polygon-polygon questions (see `query::overlay`).

use geo::{Coord, LineString, Polygon};

/// How close (in degrees) a point must be to an edge to count as on the boundary: 1e-9° is about
/// 0.1 mm on the ground, far below survey precision and far above f64 noise at lon/lat magnitudes.
pub const BOUNDARY_TOLERANCE_DEG: f64 = 1e-9;

/// Polygons with fewer edges than this are ray-cast over all their edges; a band index would not pay.
/// Measured on the national benchmark layer (45,000 polygons of ~225 edges): building bands for
/// every polygon cost ~0.8 s, while ray-casting 225 edges costs well under a microsecond per test,
/// so bands are kept for the big polygons (reserve and redline boundaries) where they matter.
pub const BAND_MIN_EDGES: usize = 1024;

/// Where a point lies relative to a polygon (holes count as outside; their edges as boundary).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    Inside,
    /// Within [`BOUNDARY_TOLERANCE_DEG`] of an edge of the outer ring or of a hole.
    Boundary,
    Outside,
}

impl Location {
    /// True for `Inside` and `Boundary`: a point on a boundary belongs to every polygon it touches.
    pub fn touches(self) -> bool {
        self != Location::Outside
    }
}

/// What one edge says about a point: on it, crossed by the rightward ray from it, or neither.
enum EdgeHit {
    Boundary,
    Crossing,
    Miss,
}

/// Number of edges of a ring; rings from `Polygon::new` are closed, but an open one still gets its closing edge.
fn ring_edge_count(ring: &LineString<f64>) -> usize {
    let n = ring.0.len();
    if n < 2 {
        0
    } else if ring.0[0] == ring.0[n - 1] {
        n - 1
    } else {
        n
    }
}

/// Edge `i` of a ring (valid for `i < ring_edge_count(ring)`).
fn ring_edge(ring: &LineString<f64>, i: usize) -> (Coord<f64>, Coord<f64>) {
    let c = &ring.0;
    (c[i], c[(i + 1) % c.len()])
}

/// All rings of a polygon, outer first.
fn rings(polygon: &Polygon<f64>) -> impl Iterator<Item = &LineString<f64>> {
    std::iter::once(polygon.exterior()).chain(polygon.interiors().iter())
}

/// The squared distance from `p` to segment `ab`.
pub(crate) fn segment_distance2(p: Coord<f64>, a: Coord<f64>, b: Coord<f64>) -> f64 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p.x - a.x) * dx + (p.y - a.y) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (ex, ey) = (a.x + t * dx - p.x, a.y + t * dy - p.y);
    ex * ex + ey * ey
}

/// Tests one edge: boundary within the tolerance first, then the half-open crossing rule
/// (an edge counts when exactly one end is strictly above the point), so vertices are never counted twice.
#[inline]
fn edge_hit(p: Coord<f64>, a: Coord<f64>, b: Coord<f64>) -> EdgeHit {
    let tol = BOUNDARY_TOLERANCE_DEG;
    let (ymin, ymax) = if a.y < b.y { (a.y, b.y) } else { (b.y, a.y) };
    if p.y < ymin - tol || p.y > ymax + tol {
        return EdgeHit::Miss;
    }
    if p.x <= a.x.max(b.x) + tol
        && p.x >= a.x.min(b.x) - tol
        && segment_distance2(p, a, b) <= tol * tol
    {
        return EdgeHit::Boundary;
    }
    if (a.y > p.y) != (b.y > p.y) {
        let x_cross = a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y);
        if p.x < x_cross {
            return EdgeHit::Crossing;
        }
    }
    EdgeHit::Miss
}

/// Folds edge hits into a location (even-odd over all rings, so a point in a hole is outside).
fn locate_edges(p: Coord<f64>, edges: impl Iterator<Item = (Coord<f64>, Coord<f64>)>) -> Location {
    let mut inside = false;
    for (a, b) in edges {
        match edge_hit(p, a, b) {
            EdgeHit::Boundary => return Location::Boundary,
            EdgeHit::Crossing => inside = !inside,
            EdgeHit::Miss => {}
        }
    }
    if inside {
        Location::Inside
    } else {
        Location::Outside
    }
}

/// Locates `p` by ray-casting every edge of `polygon`: for small polygons, and as the reference.
pub fn locate_brute(polygon: &Polygon<f64>, p: Coord<f64>) -> Location {
    locate_edges(
        p,
        rings(polygon).flat_map(|r| (0..ring_edge_count(r)).map(move |i| ring_edge(r, i))),
    )
}

/// Horizontal bands over a polygon's y-range, each listing the edges whose y-range (widened by the
/// tolerance) reaches into it, so a point test ray-casts only the edges of its own band.
#[derive(Debug, Clone)]
pub struct EdgeBands {
    y0: f64,
    /// Bands per degree of latitude (0 when there is one band).
    per_unit: f64,
    n_bands: usize,
    /// First edge id of each ring, then the total edge count.
    ring_starts: Vec<u32>,
    /// CSR offsets into `edge_ids`, `n_bands + 1` long.
    band_starts: Vec<u32>,
    edge_ids: Vec<u32>,
}

impl EdgeBands {
    /// Builds the bands for `polygon`, or `None` when it is small enough to ray-cast whole (or
    /// its coordinates are not finite, or it is too large for 32-bit edge ids).
    pub fn build(polygon: &Polygon<f64>) -> Option<EdgeBands> {
        let tol = BOUNDARY_TOLERANCE_DEG;
        let mut ring_starts = Vec::with_capacity(1 + polygon.interiors().len());
        let mut total = 0usize;
        let (mut ylo, mut yhi) = (f64::INFINITY, f64::NEG_INFINITY);
        for r in rings(polygon) {
            ring_starts.push(u32::try_from(total).ok()?);
            total += ring_edge_count(r);
            for c in &r.0 {
                ylo = ylo.min(c.y);
                yhi = yhi.max(c.y);
            }
        }
        ring_starts.push(u32::try_from(total).ok()?);
        // 8 entries per edge at most (see below) must fit in u32 offsets.
        if total < BAND_MIN_EDGES || total > (u32::MAX as usize) / 8 {
            return None;
        }
        if !ylo.is_finite() || !yhi.is_finite() {
            return None;
        }
        let y0 = ylo - tol;
        let span = (yhi + tol) - y0;
        let edge_ranges: Vec<(f64, f64)> = rings(polygon)
            .flat_map(|r| (0..ring_edge_count(r)).map(move |i| ring_edge(r, i)))
            .map(|(a, b)| (a.y.min(b.y) - tol, a.y.max(b.y) + tol))
            .collect();

        // About four edges' worth of height per band keeps a band to a few edges on ordinary
        // outlines. Long edges (a comb of tall strips) would land in many bands: halve the band
        // count until the entries stay within 8 per edge, so memory never explodes.
        let mut n_bands = (total / 4).max(1);
        let (per_unit, spans) = loop {
            // Bands per degree; 0 (one band) for a flat polygon.
            let per_unit = if n_bands > 1 && span > 0.0 {
                n_bands as f64 / span
            } else {
                0.0
            };
            let spans: Vec<(u32, u32)> = edge_ranges
                .iter()
                .map(|&(lo, hi)| {
                    (
                        band_of(lo, y0, per_unit, n_bands) as u32,
                        band_of(hi, y0, per_unit, n_bands) as u32,
                    )
                })
                .collect();
            let entries: usize = spans.iter().map(|&(a, b)| (b - a) as usize + 1).sum();
            if entries <= 8 * total || n_bands == 1 {
                break (per_unit, spans);
            }
            n_bands /= 2;
        };

        let mut counts = vec![0u32; n_bands + 1];
        for &(a, b) in &spans {
            for band in a..=b {
                counts[band as usize + 1] += 1;
            }
        }
        for i in 1..counts.len() {
            counts[i] += counts[i - 1];
        }
        let band_starts = counts;
        let mut fill = band_starts.clone();
        let mut edge_ids = vec![0u32; band_starts[n_bands] as usize];
        for (id, &(a, b)) in spans.iter().enumerate() {
            for band in a..=b {
                let slot = &mut fill[band as usize];
                edge_ids[*slot as usize] = id as u32;
                *slot += 1;
            }
        }
        Some(EdgeBands {
            y0,
            per_unit,
            n_bands,
            ring_starts,
            band_starts,
            edge_ids,
        })
    }

    /// Locates `p` in `polygon`, which must be the polygon the bands were built from.
    pub fn locate(&self, polygon: &Polygon<f64>, p: Coord<f64>) -> Location {
        let band = band_of(p.y, self.y0, self.per_unit, self.n_bands);
        let ids =
            &self.edge_ids[self.band_starts[band] as usize..self.band_starts[band + 1] as usize];
        locate_edges(
            p,
            ids.iter().filter_map(|&id| {
                // Rings are few; a partition point over their starts finds the ring of an edge.
                let ring = self
                    .ring_starts
                    .partition_point(|&s| s <= id)
                    .checked_sub(1)?;
                let r = match ring {
                    0 => polygon.exterior(),
                    k => polygon.interiors().get(k - 1)?,
                };
                let i = (id - self.ring_starts[ring]) as usize;
                (i < ring_edge_count(r)).then(|| ring_edge(r, i))
            }),
        )
    }

    /// Number of bands, for statistics and tests.
    pub fn band_count(&self) -> usize {
        self.n_bands
    }

    /// Number of (band, edge) entries, for statistics and tests.
    pub fn entry_count(&self) -> usize {
        self.edge_ids.len()
    }
}

/// The band holding ordinate `y`: monotone in `y`, so an edge whose widened y-range covers `y`
/// is always listed in `y`'s band.
/// (`as usize` truncates, which is floor for the non-negative values that reach it, and maps
/// NaN to 0; it avoids a libm `floor` call that cost 13 % of index build time.)
#[inline]
fn band_of(y: f64, y0: f64, per_unit: f64, n_bands: usize) -> usize {
    let k = (y - y0) * per_unit;
    if k > 0.0 {
        (k as usize).min(n_bands - 1)
    } else {
        0
    }
}

/// Locates `p` in `polygon`, through `bands` when it has them.
pub fn locate(polygon: &Polygon<f64>, bands: Option<&EdgeBands>, p: Coord<f64>) -> Location {
    match bands {
        Some(b) => b.locate(polygon, p),
        None => locate_brute(polygon, p),
    }
}
