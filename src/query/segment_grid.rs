//! A uniform grid over a big query's segments (a site of millions of vertices), so each candidate
//! feature is measured against the site's segments near it rather than all of them.
//!
//! Each segment is listed in every cell its box meets; a box query reports each segment once (in
//! the first cell of the query range it meets), without sorting. Not for point location (see
//! `index::edges`).

use geo::Coord;

/// Queries with fewer segments than this are searched whole; a grid would not pay.
pub const GRID_MIN_SEGMENTS: usize = 4096;

/// Segment ids by grid cell, in CSR form.
#[derive(Debug, Clone)]
pub struct SegmentGrid {
    min: Coord<f64>,
    max: Coord<f64>,
    cell_w: f64,
    cell_h: f64,
    nx: usize,
    ny: usize,
    cell_starts: Vec<u32>,
    ids: Vec<u32>,
}

impl SegmentGrid {
    /// The grid over `segments`, or `None` when they are few (or too many for 32-bit ids, or
    /// their extent is not finite).
    pub fn build(segments: &[(Coord<f64>, Coord<f64>)]) -> Option<SegmentGrid> {
        let n = segments.len();
        if n < GRID_MIN_SEGMENTS || n > (u32::MAX as usize) / 8 {
            return None;
        }
        let (mut min, mut max) = (segments[0].0, segments[0].0);
        for &(a, b) in segments {
            for c in [a, b] {
                min.x = min.x.min(c.x);
                min.y = min.y.min(c.y);
                max.x = max.x.max(c.x);
                max.y = max.y.max(c.y);
            }
        }
        if !(min.x.is_finite() && min.y.is_finite() && max.x.is_finite() && max.y.is_finite()) {
            return None;
        }
        let (w, h) = ((max.x - min.x).max(1e-12), (max.y - min.y).max(1e-12));
        // About four segments per cell; halve the cells while long segments would list more
        // than eight entries per segment (memory stays bounded).
        let mut cells = (n / 4).max(1);
        loop {
            let nx = ((cells as f64 * w / h).sqrt().round() as usize).clamp(1, cells);
            let ny = (cells / nx).max(1);
            let mut grid = SegmentGrid {
                min,
                max,
                cell_w: w / nx as f64,
                cell_h: h / ny as f64,
                nx,
                ny,
                cell_starts: Vec::new(),
                ids: Vec::new(),
            };
            let entries: usize = segments
                .iter()
                .map(|&(a, b)| {
                    let (x0, x1, y0, y1) = grid.cell_range(seg_box(a, b));
                    (x1 - x0 + 1) * (y1 - y0 + 1)
                })
                .sum();
            if entries <= 8 * n || cells == 1 {
                grid.fill(segments, entries);
                return Some(grid);
            }
            cells /= 2;
        }
    }

    fn fill(&mut self, segments: &[(Coord<f64>, Coord<f64>)], entries: usize) {
        let mut counts = vec![0u32; self.nx * self.ny + 1];
        for &(a, b) in segments {
            let (x0, x1, y0, y1) = self.cell_range(seg_box(a, b));
            for cy in y0..=y1 {
                for cx in x0..=x1 {
                    counts[cy * self.nx + cx + 1] += 1;
                }
            }
        }
        for i in 1..counts.len() {
            counts[i] += counts[i - 1];
        }
        let mut fill = counts.clone();
        let mut ids = vec![0u32; entries];
        for (id, &(a, b)) in segments.iter().enumerate() {
            let (x0, x1, y0, y1) = self.cell_range(seg_box(a, b));
            for cy in y0..=y1 {
                for cx in x0..=x1 {
                    let slot = &mut fill[cy * self.nx + cx];
                    ids[*slot as usize] = id as u32;
                    *slot += 1;
                }
            }
        }
        self.cell_starts = counts;
        self.ids = ids;
    }

    /// The cells (x0, x1, y0, y1, inclusive) a box meets, clamped to the grid.
    fn cell_range(&self, (lo, hi): (Coord<f64>, Coord<f64>)) -> (usize, usize, usize, usize) {
        let cx = |x: f64| {
            let k = (x - self.min.x) / self.cell_w;
            if k > 0.0 {
                (k as usize).min(self.nx - 1)
            } else {
                0
            }
        };
        let cy = |y: f64| {
            let k = (y - self.min.y) / self.cell_h;
            if k > 0.0 {
                (k as usize).min(self.ny - 1)
            } else {
                0
            }
        };
        (cx(lo.x), cx(hi.x), cy(lo.y), cy(hi.y))
    }

    /// Calls `f` once with the id of each segment whose box meets the box `min`..`max`.
    pub fn for_each_in(
        &self,
        segments: &[(Coord<f64>, Coord<f64>)],
        min: Coord<f64>,
        max: Coord<f64>,
        mut f: impl FnMut(usize),
    ) {
        if max.x < self.min.x || max.y < self.min.y || min.x > self.max.x || min.y > self.max.y {
            return;
        }
        let (qx0, qx1, qy0, qy1) = self.cell_range((min, max));
        for cy in qy0..=qy1 {
            for cx in qx0..=qx1 {
                let cell = cy * self.nx + cx;
                let ids =
                    &self.ids[self.cell_starts[cell] as usize..self.cell_starts[cell + 1] as usize];
                for &id in ids {
                    let (a, b) = segments[id as usize];
                    let (lo, hi) = seg_box(a, b);
                    if hi.x < min.x || hi.y < min.y || lo.x > max.x || lo.y > max.y {
                        continue;
                    }
                    // Report it from the first cell of the query range it meets, only.
                    let (sx0, _, sy0, _) = self.cell_range((lo, hi));
                    if sx0.max(qx0) == cx && sy0.max(qy0) == cy {
                        f(id as usize);
                    }
                }
            }
        }
    }
}

fn seg_box(a: Coord<f64>, b: Coord<f64>) -> (Coord<f64>, Coord<f64>) {
    (
        Coord {
            x: a.x.min(b.x),
            y: a.y.min(b.y),
        },
        Coord {
            x: a.x.max(b.x),
            y: a.y.max(b.y),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn box_queries_report_each_meeting_segment_once() {
        // A 100 x 100 lattice of short segments and a few long diagonals.
        let mut segs = Vec::new();
        for i in 0..100 {
            for j in 0..100 {
                let a = Coord {
                    x: i as f64,
                    y: j as f64,
                };
                segs.push((
                    a,
                    Coord {
                        x: a.x + 0.5,
                        y: a.y + 0.25,
                    },
                ));
            }
        }
        segs.push((Coord { x: 0.0, y: 0.0 }, Coord { x: 99.0, y: 99.0 }));
        segs.push((Coord { x: 99.0, y: 0.0 }, Coord { x: 0.0, y: 99.0 }));
        let grid = SegmentGrid::build(&segs).unwrap();
        for (lo, hi) in [
            ((10.2, 20.1), (30.7, 25.0)),
            ((-5.0, -5.0), (200.0, 200.0)),
            ((50.0, 50.0), (50.0, 50.0)),
        ] {
            let (lo, hi) = (Coord { x: lo.0, y: lo.1 }, Coord { x: hi.0, y: hi.1 });
            let mut got = Vec::new();
            grid.for_each_in(&segs, lo, hi, |id| got.push(id));
            let mut sorted = got.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(sorted.len(), got.len(), "each once");
            let expected: Vec<usize> = (0..segs.len())
                .filter(|&i| {
                    let (l, h) = seg_box(segs[i].0, segs[i].1);
                    !(h.x < lo.x || h.y < lo.y || l.x > hi.x || l.y > hi.y)
                })
                .collect();
            assert_eq!(sorted, expected);
        }
    }
}
