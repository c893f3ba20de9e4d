//! Tile addresses and the two tile grids a basemap can be cut on: Web Mercator (EPSG:3857, the
//! grid of every web map and of QGIS/MBTiles exports) and the lon/lat grid of 天地图's "c"
//! tiles (EPSG:4490/4326: 2^z × 2^(z-1) tiles of 360/2^z degrees, from 180°W, 90°N).
//!
//! Not for reading tiles (see the readers) or for choosing which to draw (see `plan`).

use serde::{Deserialize, Serialize};

/// Web Mercator's latitude limit: the square world of tile 0/0/0.
pub const MERCATOR_MAX_LAT: f64 = 85.051_128_779_806_59;

/// A tile's address in its grid, rows counted from the top (north) as XYZ folders do; TMS
/// sources are flipped by their reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TileId {
    pub z: u8,
    pub x: u32,
    pub y: u32,
}

impl TileId {
    /// The tile `levels` zoom levels up that holds this one, with where this one sits in it:
    /// `(ancestor, [u0, v0, size])` in the ancestor's unit square.
    pub fn ancestor(self, levels: u8) -> Option<(TileId, [f64; 3])> {
        if levels > self.z {
            return None;
        }
        let up = TileId {
            z: self.z - levels,
            x: self.x >> levels,
            y: self.y >> levels,
        };
        let n = f64::from(1u32 << levels);
        let size = 1.0 / n;
        let u0 = f64::from(self.x - (up.x << levels)) * size;
        let v0 = f64::from(self.y - (up.y << levels)) * size;
        Some((up, [u0, v0, size]))
    }
}

/// How a basemap's tiles are laid on the earth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TileGrid {
    /// EPSG:3857 square tiles, 2^z × 2^z.
    #[serde(alias = "mercator", alias = "epsg:3857")]
    WebMercator,
    /// 天地图 "c" tiles in EPSG:4490/4326 degrees: 2^z × 2^(z-1), each 360/2^z degrees.
    #[serde(alias = "epsg:4490", alias = "epsg:4326", alias = "c")]
    LonLat,
}

/// How rows are numbered in a tile store: from the top (XYZ, web maps) or the bottom (TMS,
/// the MBTiles specification, gdal2tiles).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TileScheme {
    Xyz,
    Tms,
}

impl TileGrid {
    /// Columns at zoom `z`.
    pub fn cols(self, z: u8) -> u32 {
        1u32 << z.min(30)
    }

    /// Rows at zoom `z`.
    pub fn rows(self, z: u8) -> u32 {
        match self {
            TileGrid::WebMercator => 1u32 << z.min(30),
            TileGrid::LonLat => (1u32 << z.min(30)).div_ceil(2),
        }
    }

    /// The row of a tile numbered from the other end (XYZ ↔ TMS).
    pub fn flip_row(self, z: u8, row: u32) -> Option<u32> {
        self.rows(z).checked_sub(1)?.checked_sub(row)
    }

    /// The fractional tile coordinates (column, row from the top) of `lonlat` at zoom `z`.
    pub fn tile_xy(self, z: u8, lon: f64, lat: f64) -> (f64, f64) {
        let n = f64::from(1u32 << z.min(30));
        let tx = (lon + 180.0) / 360.0 * n;
        let ty = match self {
            TileGrid::WebMercator => {
                let phi = lat.clamp(-MERCATOR_MAX_LAT, MERCATOR_MAX_LAT).to_radians();
                (1.0 - (phi.tan() + 1.0 / phi.cos()).ln() / std::f64::consts::PI) / 2.0 * n
            }
            TileGrid::LonLat => (90.0 - lat) / 360.0 * n,
        };
        (tx, ty)
    }

    /// The lon/lat at fractional tile coordinates (column, row from the top) at zoom `z`.
    pub fn lonlat(self, z: u8, tx: f64, ty: f64) -> (f64, f64) {
        let n = f64::from(1u32 << z.min(30));
        let lon = tx / n * 360.0 - 180.0;
        let lat = match self {
            TileGrid::WebMercator => {
                let m = std::f64::consts::PI * (1.0 - 2.0 * ty / n);
                m.sinh().atan().to_degrees()
            }
            TileGrid::LonLat => 90.0 - ty / n * 360.0,
        };
        (lon, lat)
    }

    /// The latitude band the grid covers.
    pub fn lat_range(self) -> (f64, f64) {
        match self {
            TileGrid::WebMercator => (-MERCATOR_MAX_LAT, MERCATOR_MAX_LAT),
            TileGrid::LonLat => (-90.0, 90.0),
        }
    }

    /// Degrees of latitude per tile pixel at `lat`, zoom `z`, for `tile_px`-pixel tiles: what
    /// the zoom choice compares with the screen.
    pub fn deg_lat_per_px(self, z: u8, lat: f64, tile_px: u32) -> f64 {
        let n = f64::from(1u32 << z.min(30));
        let per_tile = match self {
            TileGrid::WebMercator => {
                // dφ/dy = 2π·cos φ / n per tile, in degrees.
                360.0
                    * lat
                        .clamp(-MERCATOR_MAX_LAT, MERCATOR_MAX_LAT)
                        .to_radians()
                        .cos()
                    / n
            }
            TileGrid::LonLat => 360.0 / n,
        };
        per_tile / f64::from(tile_px.max(1))
    }

    /// The grid's name as users know it.
    pub fn label(self) -> &'static str {
        match self {
            TileGrid::WebMercator => "Web Mercator (EPSG:3857)",
            TileGrid::LonLat => "经纬度 lon/lat (EPSG:4490, 天地图 c)",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mercator_round_trip_and_known_tile() {
        // Hengshui city centre (115.6706, 37.7389) lies in z10 tile 841/395: mercantile 1.2.1
        // `tile(115.6706, 37.7389, 10)` gives Tile(x=841, y=395); by hand x = 841.019,
        // y = (1 − asinh(tan 37.7389°)/π)/2·1024 = 395.927.
        let (tx, ty) = TileGrid::WebMercator.tile_xy(10, 115.6706, 37.7389);
        assert_eq!((tx as u32, ty as u32), (841, 395), "{tx} {ty}");
        assert!((ty - 395.926_958).abs() < 1e-5, "{ty}");
        let (lon, lat) = TileGrid::WebMercator.lonlat(10, tx, ty);
        assert!((lon - 115.6706).abs() < 1e-9 && (lat - 37.7389).abs() < 1e-9);
    }

    #[test]
    fn lonlat_grid_rows_and_flip() {
        assert_eq!(TileGrid::LonLat.cols(1), 2);
        assert_eq!(TileGrid::LonLat.rows(1), 1);
        assert_eq!(TileGrid::LonLat.rows(10), 512);
        assert_eq!(TileGrid::WebMercator.flip_row(3, 0), Some(7));
        assert_eq!(TileGrid::LonLat.flip_row(3, 0), Some(3));
        assert_eq!(TileGrid::WebMercator.flip_row(3, 9), None);
        // 天地图 c level 1: two tiles of 180°, the first from 180°W at 90°N.
        let (tx, ty) = TileGrid::LonLat.tile_xy(1, -90.0, 0.0);
        assert_eq!((tx, ty), (0.5, 0.5));
    }

    #[test]
    fn ancestor_sub_square() {
        let t = TileId {
            z: 12,
            x: 3365,
            y: 1551,
        };
        let (up, [u0, v0, s]) = t.ancestor(2).unwrap();
        assert_eq!(
            up,
            TileId {
                z: 10,
                x: 841,
                y: 387
            }
        );
        assert_eq!((u0, v0, s), (0.25, 0.75, 0.25));
        assert!(t.ancestor(13).is_none());
    }
}
