//! Which tiles to draw for a view, and for each the warp mesh that puts its pixels on CGCS2000
//! lon/lat: a grid of vertices (latitude strips for a Mercator tile; columns too when a GCJ-02
//! or BD-09 shift bends it), fine enough that straight interpolation between vertices is off by
//! less than a quarter of a screen pixel.
//!
//! The zoom drawn is the available level nearest to the view's scale, so a basemap lacking the
//! level the view wants is drawn from the nearest it has (enlarged or reduced), never blank; a
//! single missing tile is filled from an ancestor by `Basemap::tile_or_ancestor`.
//! Not for reading tiles or drawing them.

use geo::{Coord, Rect};

use super::tile::{TileGrid, TileId};
use super::{BasemapInfo, BasemapOffset};

/// The pixel size tiles are assumed to have when choosing a zoom (the web's standard).
pub const TILE_PX: u32 = 256;
/// At most this many tiles are planned for one view (a basemap with only deep levels seen from
/// far out would otherwise ask for thousands).
pub const MAX_TILES: usize = 400;
/// The warp's allowed error, in screen pixels.
const TOLERANCE_PX: f64 = 0.25;
/// Finest subdivision of a tile side.
const MAX_DIVISIONS: usize = 64;

/// The part of the lon/lat plane shown and its scale: what a face knows of its view. The
/// screen is linear in lon/lat (x = lon·`lon_factor`, y = lat), as the app's map and the report
/// figure both are.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ViewFrame {
    /// The lon/lat (CGCS2000) rectangle shown.
    pub rect_lonlat: Rect<f64>,
    /// Screen pixels per degree of latitude.
    pub px_per_deg_lat: f64,
    /// Screen pixels per degree of longitude over those per degree of latitude (cos lat0).
    pub lon_factor: f64,
}

/// One vertex of a warp mesh: where a point of the tile is on the earth, and where it is in
/// the tile (`uv` in the tile's unit square, v down).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeshVertex {
    pub lonlat: Coord<f64>,
    pub uv: [f32; 2],
}

/// A tile's warp mesh: `(cols+1)·(rows+1)` vertices, row by row from the top.
#[derive(Debug, Clone, PartialEq)]
pub struct WarpMesh {
    pub cols: usize,
    pub rows: usize,
    pub vertices: Vec<MeshVertex>,
}

impl WarpMesh {
    /// The triangles, as vertex indices: each grid cell split along its top-left to
    /// bottom-right diagonal.
    pub fn triangles(&self) -> Vec<u32> {
        let w = self.cols + 1;
        let mut out = Vec::with_capacity(self.cols * self.rows * 6);
        for r in 0..self.rows {
            for c in 0..self.cols {
                let a = (r * w + c) as u32;
                let b = a + 1;
                let d = a + w as u32;
                let e = d + 1;
                out.extend_from_slice(&[a, b, e, a, e, d]);
            }
        }
        out
    }

    /// Where the mesh, drawn as its triangles, puts the tile point `(u, v)`: what a GPU shows.
    pub fn lonlat_at(&self, u: f64, v: f64) -> Coord<f64> {
        let fc = (u.clamp(0.0, 1.0) * self.cols as f64).min(self.cols as f64 - 1e-9);
        let fr = (v.clamp(0.0, 1.0) * self.rows as f64).min(self.rows as f64 - 1e-9);
        let (c, r) = (fc.floor() as usize, fr.floor() as usize);
        let (s, t) = (fc - c as f64, fr - r as f64);
        let w = self.cols + 1;
        let p = |i: usize| self.vertices[i].lonlat;
        let (a, b, d, e) = (
            p(r * w + c),
            p(r * w + c + 1),
            p((r + 1) * w + c),
            p((r + 1) * w + c + 1),
        );
        // Triangle a-b-e above the diagonal (s ≥ t), a-e-d below it.
        if s >= t {
            a + (b - a) * (s - t) + (e - a) * t
        } else {
            a + (e - a) * s + (d - a) * (t - s)
        }
    }
}

/// A tile to draw and its mesh.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedTile {
    pub id: TileId,
    pub mesh: WarpMesh,
}

/// The tiles of one view.
#[derive(Debug, Clone, PartialEq)]
pub struct ViewPlan {
    /// The level drawn (one the basemap has).
    pub zoom: u8,
    /// The level the view's scale asks for.
    pub ideal_zoom: u8,
    pub tiles: Vec<PlannedTile>,
    /// More tiles were needed than `MAX_TILES`: the plan was cut (zoom in to see all).
    pub cut: bool,
}

/// The zoom at which one tile pixel is about one screen pixel at `lat`.
pub fn ideal_zoom(grid: TileGrid, px_per_deg_lat: f64, lat: f64) -> u8 {
    let per_tile_deg = |z: u8| grid.deg_lat_per_px(z, lat, TILE_PX) * f64::from(TILE_PX);
    let want_px_per_tile = f64::from(TILE_PX);
    // Tile side in screen pixels at z0, doubling with each level.
    let side0 = per_tile_deg(0) * px_per_deg_lat;
    if !(side0.is_finite() && side0 > 0.0) {
        return 0;
    }
    let zf = (want_px_per_tile / side0).log2();
    // Favour the sharper level once a tile would be drawn 1.4× enlarged.
    (-zf - 0.5).ceil().clamp(0.0, 30.0) as u8
}

/// The level of `zooms` (ascending, non-empty) nearest to `ideal`; the lower one on a tie.
pub fn nearest_zoom(zooms: &[u8], ideal: u8) -> Option<u8> {
    zooms
        .iter()
        .copied()
        .min_by_key(|z| (z.abs_diff(ideal), *z))
}

/// Which tiles of `info` a view needs, before their meshes.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanIds {
    pub zoom: u8,
    pub ideal_zoom: u8,
    /// Centre first, at most `MAX_TILES`.
    pub ids: Vec<TileId>,
    pub cut: bool,
    /// Screen pixels per tile pixel when the level is enlarged (1 otherwise).
    pub enlarge: f64,
}

/// The tiles of `info` a view needs (the level nearest the view's scale, within its bounds).
pub fn plan_ids(info: &BasemapInfo, offset: BasemapOffset, view: &ViewFrame) -> PlanIds {
    let centre = view.rect_lonlat.center();
    let ideal = ideal_zoom(info.grid, view.px_per_deg_lat, centre.y);
    let mut out = PlanIds {
        zoom: 0,
        ideal_zoom: ideal,
        ids: Vec::new(),
        cut: false,
        enlarge: 1.0,
    };
    let Some(zoom) = nearest_zoom(&info.zooms, ideal) else {
        return out;
    };
    out.zoom = zoom;
    out.enlarge = 2f64.powi(i32::from(ideal) - i32::from(zoom)).max(1.0);
    let area = match info.bounds_lonlat {
        Some(b) => match intersect(view.rect_lonlat, b) {
            Some(a) => a,
            None => return out,
        },
        None => view.rect_lonlat,
    };
    let mut ids = tiles_covering(info.grid, offset, zoom, area);
    out.cut = ids.len() > MAX_TILES;
    ids.truncate(MAX_TILES);
    out.ids = ids;
    out
}

/// The tiles of `info` to draw for `view`, with their meshes.
pub fn plan_view(info: &BasemapInfo, offset: BasemapOffset, view: &ViewFrame) -> ViewPlan {
    let ids = plan_ids(info, offset, view);
    let tiles = ids
        .ids
        .iter()
        .map(|&id| PlannedTile {
            id,
            mesh: warp_mesh(info.grid, offset, id, view, ids.enlarge),
        })
        .collect();
    ViewPlan {
        zoom: ids.zoom,
        ideal_zoom: ids.ideal_zoom,
        tiles,
        cut: ids.cut,
    }
}

fn intersect(a: Rect<f64>, b: Rect<f64>) -> Option<Rect<f64>> {
    let (x0, y0) = (a.min().x.max(b.min().x), a.min().y.max(b.min().y));
    let (x1, y1) = (a.max().x.min(b.max().x), a.max().y.min(b.max().y));
    (x0 < x1 && y0 < y1).then(|| Rect::new(Coord { x: x0, y: y0 }, Coord { x: x1, y: y1 }))
}

/// The tiles at `zoom` whose area, in the basemap's frame, meets `area` (CGCS2000), centre first.
pub fn tiles_covering(
    grid: TileGrid,
    offset: BasemapOffset,
    zoom: u8,
    area: Rect<f64>,
) -> Vec<TileId> {
    let (lat_lo, lat_hi) = grid.lat_range();
    let corners = [
        (area.min().x, area.min().y),
        (area.min().x, area.max().y),
        (area.max().x, area.min().y),
        (area.max().x, area.max().y),
    ];
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for (lon, lat) in corners {
        let (lon, lat) = offset.from_cgcs2000(lon, lat);
        let (tx, ty) = grid.tile_xy(zoom, lon.clamp(-180.0, 180.0), lat.clamp(lat_lo, lat_hi));
        x0 = x0.min(tx);
        x1 = x1.max(tx);
        y0 = y0.min(ty);
        y1 = y1.max(ty);
    }
    // The shift moves tile edges by under a kilometre: one tile of margin where one applies.
    let margin = if offset == BasemapOffset::None {
        0.0
    } else {
        0.5
    };
    let clamp_x = |v: f64| (v.floor().max(0.0) as u64).min(u64::from(grid.cols(zoom)) - 1) as u32;
    let clamp_y = |v: f64| (v.floor().max(0.0) as u64).min(u64::from(grid.rows(zoom)) - 1) as u32;
    let (cx0, cx1) = (clamp_x(x0 - margin), clamp_x(x1 + margin));
    let (cy0, cy1) = (clamp_y(y0 - margin), clamp_y(y1 + margin));
    let (mx, my) = ((x0 + x1) / 2.0, (y0 + y1) / 2.0);
    let mut ids: Vec<TileId> = Vec::new();
    for y in cy0..=cy1 {
        for x in cx0..=cx1 {
            ids.push(TileId { z: zoom, x, y });
            if ids.len() > 4 * MAX_TILES {
                break;
            }
        }
    }
    ids.sort_by(|a, b| {
        let d =
            |t: &TileId| (f64::from(t.x) + 0.5 - mx).powi(2) + (f64::from(t.y) + 0.5 - my).powi(2);
        d(a).total_cmp(&d(b))
    });
    ids
}

/// The warp mesh of tile `id`, subdivided until its error is under the tolerance at this
/// view's scale (`enlarge`: screen pixels per tile pixel beyond one).
pub fn warp_mesh(
    grid: TileGrid,
    offset: BasemapOffset,
    id: TileId,
    view: &ViewFrame,
    enlarge: f64,
) -> WarpMesh {
    let f = |u: f64, v: f64| -> Coord<f64> {
        let (lon, lat) = grid.lonlat(id.z, f64::from(id.x) + u, f64::from(id.y) + v);
        let (lon, lat) = offset.to_cgcs2000(lon, lat);
        Coord { x: lon, y: lat }
    };
    // The tile drawn at one tile pixel per screen pixel (the plan's aim), or enlarged.
    let px_per_deg = {
        let side_deg = (f(0.0, 0.0) - f(0.0, 1.0)).y.abs().max(1e-12);
        (f64::from(TILE_PX) * enlarge / side_deg).max(view.px_per_deg_lat)
    };
    let err_px = |a: Coord<f64>, b: Coord<f64>, m: Coord<f64>| {
        let mid = (a + b) * 0.5;
        let d = m - mid;
        (d.x * view.lon_factor).hypot(d.y) * px_per_deg
    };
    let needed = |along_v: bool| -> usize {
        let mut n = 1;
        while n < MAX_DIVISIONS {
            let step = 1.0 / n as f64;
            let worst = (0..n)
                .map(|i| {
                    let (s0, s1) = (i as f64 * step, (i as f64 + 1.0) * step);
                    let pts = |s: f64| if along_v { f(0.5, s) } else { f(s, 0.5) };
                    err_px(pts(s0), pts(s1), pts((s0 + s1) / 2.0))
                })
                .fold(0.0, f64::max);
            if worst < TOLERANCE_PX {
                break;
            }
            n *= 2;
        }
        n
    };
    let rows = needed(true);
    let cols = if offset == BasemapOffset::None && grid_is_linear_in_lon(grid) {
        1
    } else {
        needed(false)
    };
    let mut vertices = Vec::with_capacity((rows + 1) * (cols + 1));
    for r in 0..=rows {
        for c in 0..=cols {
            let (u, v) = (c as f64 / cols as f64, r as f64 / rows as f64);
            vertices.push(MeshVertex {
                lonlat: f(u, v),
                uv: [u as f32, v as f32],
            });
        }
    }
    WarpMesh {
        cols,
        rows,
        vertices,
    }
}

/// Both grids put longitude linearly across a tile.
fn grid_is_linear_in_lon(_grid: TileGrid) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_zoom_prefers_the_lower_on_a_tie() {
        assert_eq!(nearest_zoom(&[8, 10, 13], 9), Some(8));
        assert_eq!(nearest_zoom(&[8, 10, 13], 12), Some(13));
        assert_eq!(nearest_zoom(&[8, 10, 13], 3), Some(8));
        assert_eq!(nearest_zoom(&[], 3), None);
    }

    #[test]
    fn ideal_zoom_matches_the_scale() {
        // At the equator a z-level tile spans 360/2^z degrees; 256 px of it per tile means
        // px_per_deg = 256·2^z/360. z=10 → 728.18 px per degree.
        let z = ideal_zoom(TileGrid::LonLat, 256.0 * 1024.0 / 360.0, 0.0);
        assert_eq!(z, 10);
    }
}
