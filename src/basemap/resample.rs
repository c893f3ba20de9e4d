//! A basemap drawn into a raster whose pixels are linear in lon/lat (the report figure's local
//! frame), pixel by pixel: each pixel centre's CGCS2000 lon/lat is moved into the basemap's
//! frame, found in the tile grid, and the tile pixel there is taken (nearest neighbour). Slow
//! beside the app's GPU meshes but exact, so it also checks them.
//!
//! Tiles that fail are left transparent and reported; the rest still draws. Not for the screen.

use std::collections::HashMap;

use super::decode::DecodedTile;
use super::plan::{ideal_zoom, nearest_zoom};
use super::{Basemap, BasemapError, TileId};

/// A raster frame: `width_px`×`height_px`, where pixel (x, y) has lon/lat
/// `origin + (x·dlon, −y·dlat)` at its top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RasterFrame {
    pub width_px: u32,
    pub height_px: u32,
    /// Lon/lat of the top-left corner.
    pub top_left_lonlat: (f64, f64),
    /// Degrees of longitude per pixel.
    pub deg_lon_per_px: f64,
    /// Degrees of latitude per pixel.
    pub deg_lat_per_px: f64,
}

impl RasterFrame {
    /// The lon/lat at raster position (`x`, `y`) (pixel units, corners at integers).
    pub fn lonlat(&self, x: f64, y: f64) -> (f64, f64) {
        (
            self.top_left_lonlat.0 + x * self.deg_lon_per_px,
            self.top_left_lonlat.1 - y * self.deg_lat_per_px,
        )
    }
}

/// What `render` drew.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    /// Straight RGBA, row by row from the top; transparent where the basemap has nothing.
    pub rgba: Vec<u8>,
    /// The level drawn.
    pub zoom: u8,
    /// Tiles that could not be read or decoded (each once).
    pub errors: Vec<BasemapError>,
}

/// Draws `basemap` into `frame`, at the level nearest to the frame's scale.
pub fn render(basemap: &Basemap, frame: &RasterFrame) -> Rendered {
    let centre = frame.lonlat(
        f64::from(frame.width_px) / 2.0,
        f64::from(frame.height_px) / 2.0,
    );
    let px_per_deg_lat = 1.0 / frame.deg_lat_per_px.max(1e-12);
    let ideal = ideal_zoom(basemap.info.grid, px_per_deg_lat, centre.1);
    let zoom = nearest_zoom(&basemap.info.zooms, ideal).unwrap_or(0);
    render_at_zoom(basemap, frame, zoom)
}

type Found = Option<(DecodedTile, [f64; 3])>;

/// Draws `basemap` into `frame` from the tiles of level `zoom` (missing ones from ancestors).
pub fn render_at_zoom(basemap: &Basemap, frame: &RasterFrame, zoom: u8) -> Rendered {
    let grid = basemap.info.grid;
    let (w, h) = (frame.width_px as usize, frame.height_px as usize);
    let mut rgba = vec![0u8; w * h * 4];
    let mut tiles: HashMap<TileId, Found> = HashMap::new();
    let mut errors = Vec::new();
    let cols = grid.cols(zoom);
    let rows = grid.rows(zoom);
    let (lat_lo, lat_hi) = grid.lat_range();
    for py in 0..h {
        for px in 0..w {
            let (lon, lat) = frame.lonlat(px as f64 + 0.5, py as f64 + 0.5);
            if let Some(b) = basemap.info.bounds_lonlat
                && (lon < b.min().x || lon > b.max().x || lat < b.min().y || lat > b.max().y)
            {
                continue;
            }
            let (lon, lat) = basemap.offset.from_cgcs2000(lon, lat);
            if !(lat_lo..=lat_hi).contains(&lat) || !(-180.0..180.0).contains(&lon) {
                continue;
            }
            let (tx, ty) = grid.tile_xy(zoom, lon, lat);
            let (x, y) = (tx.floor(), ty.floor());
            if x < 0.0 || y < 0.0 || x >= f64::from(cols) || y >= f64::from(rows) {
                continue;
            }
            let id = TileId {
                z: zoom,
                x: x as u32,
                y: y as u32,
            };
            let found = tiles
                .entry(id)
                .or_insert_with(|| match basemap.tile_or_ancestor(id) {
                    Ok(f) => f.map(|(_, tile, sub)| (tile, sub)),
                    Err(e) => {
                        errors.push(e);
                        None
                    }
                });
            let Some((tile, [u0, v0, size])) = found.as_ref() else {
                continue;
            };
            let u = u0 + (tx - x) * size;
            let v = v0 + (ty - y) * size;
            let sx = (u * f64::from(tile.width_px)).floor() as u32;
            let sy = (v * f64::from(tile.height_px)).floor() as u32;
            let i = (py * w + px) * 4;
            rgba[i..i + 4].copy_from_slice(&tile.pixel(sx, sy));
        }
    }
    Rendered { rgba, zoom, errors }
}
