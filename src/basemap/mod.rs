//! Offline basemaps: raster tiles the user already has (MBTiles, a `{z}/{x}/{y}` tile folder,
//! PMTiles v3), on a Web Mercator or 天地图 lon/lat grid, optionally in a Chinese web-map frame
//! (GCJ-02 / BD-09) that is shifted back to CGCS2000. zonecheck never downloads tiles.
//!
//! The engine part only: opening a tile store, choosing the tiles for a view and the warp mesh
//! that puts each tile on CGCS2000 lon/lat (`plan`), decoding off the caller's thread
//! (`worker`), and resampling into a raster (`resample`, for the report figure). Not for
//! drawing on screen (the app's `ui::map::basemap`) or for wording (`present::basemap`).

pub mod decode;
pub mod folder;
pub mod mbtiles;
pub mod plan;
pub mod pmtiles;
pub mod resample;
pub mod tile;
pub mod worker;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use plan::{PlannedTile, ViewFrame, plan_view};
pub use tile::{TileGrid, TileId, TileScheme};

/// The image format of a basemap's tiles, as its metadata says (each tile is still sniffed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TileFormat {
    Png,
    Jpeg,
    Webp,
    /// Not said, or a format the store calls by a name we do not know.
    Unknown,
    /// Vector tiles (MVT/PBF): not drawable as a raster basemap.
    Vector,
}

impl TileFormat {
    /// The format named by MBTiles/TileJSON text (`png`, `jpg`, `pbf` …).
    pub fn from_name(name: &str) -> TileFormat {
        match name.trim().to_ascii_lowercase().as_str() {
            "png" => TileFormat::Png,
            "jpg" | "jpeg" => TileFormat::Jpeg,
            "webp" => TileFormat::Webp,
            "pbf" | "mvt" => TileFormat::Vector,
            _ => TileFormat::Unknown,
        }
    }
}

/// The web-map frame a basemap's tiles were drawn in; anything but `None` is shifted back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BasemapOffset {
    /// CGCS2000 / WGS 84 (天地图, OpenStreetMap, QGIS exports): drawn where it is.
    #[default]
    #[serde(alias = "cgcs2000", alias = "wgs84")]
    None,
    /// GCJ-02 (高德, 腾讯, most "有偏移" downloads).
    #[serde(alias = "gcj-02")]
    Gcj02,
    /// BD-09 (百度).
    #[serde(alias = "bd-09")]
    Bd09,
}

impl BasemapOffset {
    /// CGCS2000 lon/lat of a point drawn at `(lon, lat)` in this frame.
    pub fn to_cgcs2000(self, lon: f64, lat: f64) -> (f64, f64) {
        use crate::crs::CoordSource;
        let source = match self {
            BasemapOffset::None => return (lon, lat),
            BasemapOffset::Gcj02 => CoordSource::Gcj02,
            BasemapOffset::Bd09 => CoordSource::Bd09,
        };
        crate::crs::to_cgcs2000(lon, lat, source)
    }

    /// Where a CGCS2000 point is drawn in this frame (the forward offset).
    pub fn from_cgcs2000(self, lon: f64, lat: f64) -> (f64, f64) {
        use crate::crs::china_offsets as o;
        match self {
            BasemapOffset::None => (lon, lat),
            BasemapOffset::Gcj02 => o::wgs84_to_gcj02(lon, lat),
            BasemapOffset::Bd09 => {
                let (g_lon, g_lat) = o::wgs84_to_gcj02(lon, lat);
                o::gcj02_to_bd09(g_lon, g_lat)
            }
        }
    }
}

/// What a basemap says about itself (metadata, else what was found).
#[derive(Debug, Clone, PartialEq)]
pub struct BasemapInfo {
    /// Its name (metadata `name`, else the file name).
    pub name: String,
    pub format: TileFormat,
    pub grid: TileGrid,
    /// The zoom levels that hold tiles, ascending.
    pub zooms: Vec<u8>,
    /// The area covered, CGCS2000 lon/lat (after the offset), when known.
    pub bounds_lonlat: Option<geo::Rect<f64>>,
    /// Who made the map and under which licence (metadata `attribution`), as written.
    pub attribution: Option<String>,
    /// How rows are numbered in the store (for the panel's tooltip).
    pub scheme: TileScheme,
}

impl BasemapInfo {
    /// The row of tile `id` (rows from the top) as the store numbers it; `None` off the grid.
    pub fn store_row(&self, id: TileId) -> Option<u32> {
        match self.scheme {
            TileScheme::Xyz => (id.y < self.grid.rows(id.z)).then_some(id.y),
            TileScheme::Tms => self.grid.flip_row(id.z, id.y),
        }
    }
}

/// A store's name when its metadata gives none: the file or folder name without extension.
pub(crate) fn file_label(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Why a basemap or one of its tiles could not be read (worded for people by
/// `present::basemap`).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BasemapProblem {
    #[error("cannot be read: {0}")]
    Io(String),
    #[error("not an MBTiles file: not an SQLite database")]
    NotSqlite,
    #[error("not an MBTiles file: {0}")]
    NotMbtiles(String),
    #[error("not a PMTiles v3 archive: {0}")]
    NotPmtiles(String),
    #[error("a damaged PMTiles archive: {0}")]
    BadPmtiles(String),
    #[error("the folder holds no {{z}}/{{x}}/{{y}}.png|jpg tiles")]
    NoTileFolder,
    #[error(
        "holds vector tiles (MVT/PBF), which are not drawn; a raster (PNG/JPEG/WebP) basemap is needed"
    )]
    VectorTiles,
    #[error("holds no tiles")]
    Empty,
    #[error("the tile is not a PNG, JPEG or WebP image")]
    UnknownImage,
    #[error("the tile image is damaged: {0}")]
    BadImage(String),
    #[error("the tile is {0}×{1} pixels; at most {max}×{max} are drawn", max = decode::MAX_TILE_PX)]
    TooLarge(u32, u32),
}

/// A basemap problem with the file (and tile) it happened in.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}{}: {problem}", path.display(), tile.map(|t| format!(" (tile {}/{}/{})", t.z, t.x, t.y)).unwrap_or_default())]
pub struct BasemapError {
    pub path: PathBuf,
    pub tile: Option<TileId>,
    pub problem: BasemapProblem,
}

impl BasemapError {
    pub(crate) fn new(path: &Path, problem: BasemapProblem) -> BasemapError {
        BasemapError {
            path: path.to_path_buf(),
            tile: None,
            problem,
        }
    }

    pub(crate) fn at(path: &Path, tile: TileId, problem: BasemapProblem) -> BasemapError {
        BasemapError {
            path: path.to_path_buf(),
            tile: Some(tile),
            problem,
        }
    }
}

/// A tile store: its description and its tiles' bytes by XYZ address.
pub trait TileSource: Send + Sync {
    /// What the store says about itself.
    fn info(&self) -> &BasemapInfo;
    /// The encoded image of tile `id` (rows from the top), or `None` when the store lacks it.
    fn tile_bytes(&self, id: TileId) -> Result<Option<Vec<u8>>, BasemapError>;
}

/// What the user states about a basemap (each overrides what the file says or is guessed).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct OpenOptions {
    pub grid: Option<TileGrid>,
    pub scheme: Option<TileScheme>,
    pub offset: BasemapOffset,
}

/// An opened basemap: the store, what it covers, and the frame its tiles are drawn in.
pub struct Basemap {
    pub path: PathBuf,
    pub info: BasemapInfo,
    pub offset: BasemapOffset,
    source: Box<dyn TileSource>,
}

impl std::fmt::Debug for Basemap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Basemap")
            .field("path", &self.path)
            .field("info", &self.info)
            .field("offset", &self.offset)
            .finish()
    }
}

/// The tile folder a tile file `{root}/{z}/{x}/{y}.png` belongs to (what a file dialog, which
/// cannot pick folders, hands over), if `path` is one.
pub fn tile_folder_of(path: &Path) -> Option<PathBuf> {
    let numeric = |p: &Path| {
        p.file_stem()
            .and_then(|s| s.to_str())
            .is_some_and(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
    };
    let x = path.parent()?;
    let z = x.parent()?;
    let root = z.parent()?;
    (path.is_file()
        && numeric(path)
        && numeric(x)
        && numeric(z)
        && folder::looks_like_tile_folder(root))
    .then(|| root.to_path_buf())
}

/// Whether `path` is a basemap zonecheck can open: an .mbtiles or .pmtiles file, or a folder
/// whose sub-folders look like `{z}/{x}/{y}.png|jpg|webp`.
pub fn is_basemap_path(path: &Path) -> bool {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("mbtiles") | Some("pmtiles") => true,
        _ => path.is_dir() && folder::looks_like_tile_folder(path),
    }
}

impl Basemap {
    /// Opens the basemap at `path` (by extension, or a tile folder) with what the user stated.
    pub fn open(path: &Path, opts: &OpenOptions) -> Result<Basemap, BasemapError> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        let source: Box<dyn TileSource> = match ext.as_deref() {
            Some("pmtiles") => Box::new(pmtiles::Pmtiles::open(path, opts)?),
            Some("mbtiles") => Box::new(mbtiles::Mbtiles::open(path, opts)?),
            _ if path.is_dir() => Box::new(folder::TileFolder::open(path, opts)?),
            // Any other single file: MBTiles is the common one (some tools write .db/.sqlite).
            _ => Box::new(mbtiles::Mbtiles::open(path, opts)?),
        };
        let mut info = source.info().clone();
        if info.format == TileFormat::Vector {
            return Err(BasemapError::new(path, BasemapProblem::VectorTiles));
        }
        if info.zooms.is_empty() {
            return Err(BasemapError::new(path, BasemapProblem::Empty));
        }
        // Bounds are stated in the tiles' own frame; the map works in CGCS2000.
        info.bounds_lonlat = info.bounds_lonlat.map(|b| {
            let (x0, y0) = opts.offset.to_cgcs2000(b.min().x, b.min().y);
            let (x1, y1) = opts.offset.to_cgcs2000(b.max().x, b.max().y);
            geo::Rect::new(geo::coord! {x: x0, y: y0}, geo::coord! {x: x1, y: y1})
        });
        Ok(Basemap {
            path: path.to_path_buf(),
            info,
            offset: opts.offset,
            source,
        })
    }

    /// The encoded bytes of tile `id`, `None` when the store lacks it.
    pub fn tile_bytes(&self, id: TileId) -> Result<Option<Vec<u8>>, BasemapError> {
        self.source.tile_bytes(id)
    }

    /// Tile `id` decoded, else the nearest ancestor the store has (up to its lowest zoom): the
    /// found tile and where `id` sits in it. `Ok(None)` when neither it nor any ancestor exists.
    pub fn tile_or_ancestor(
        &self,
        id: TileId,
    ) -> Result<Option<(TileId, decode::DecodedTile, [f64; 3])>, BasemapError> {
        let lowest = self.info.zooms.first().copied().unwrap_or(0);
        for levels in 0..=id.z.saturating_sub(lowest) {
            let Some((up, sub)) = id.ancestor(levels) else {
                break;
            };
            if levels > 0 && !self.info.zooms.contains(&up.z) {
                continue;
            }
            if let Some(bytes) = self.tile_bytes(up)? {
                let tile = decode::decode(&bytes)
                    .map_err(|problem| BasemapError::at(&self.path, up, problem))?;
                return Ok(Some((up, tile, sub)));
            }
        }
        Ok(None)
    }
}

/// Bounds text `"w,s,e,n"` (MBTiles/TileJSON) as a rectangle, if it is four finite numbers
/// inside the world.
pub(crate) fn parse_bounds(text: &str) -> Option<geo::Rect<f64>> {
    let v: Vec<f64> = text
        .split(',')
        .map(|s| s.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .ok()?;
    let [w, s, e, n] = v.as_slice() else {
        return None;
    };
    let ok = v.iter().all(|x| x.is_finite())
        && (-180.0..=180.0).contains(w)
        && (-180.0..=180.0).contains(e)
        && (-90.0..=90.0).contains(s)
        && (-90.0..=90.0).contains(n)
        && w < e
        && s < n;
    ok.then(|| geo::Rect::new(geo::coord! {x: *w, y: *s}, geo::coord! {x: *e, y: *n}))
}

/// The grid named by a metadata value (`crs`, `srs`, `projection`…), if it names one.
pub(crate) fn grid_from_text(text: &str) -> Option<TileGrid> {
    let t = text.to_ascii_lowercase();
    if t.contains("4490") || t.contains("4326") || t.contains("lonlat") || t.contains("geodetic") {
        Some(TileGrid::LonLat)
    } else if t.contains("3857") || t.contains("900913") || t.contains("mercator") {
        Some(TileGrid::WebMercator)
    } else {
        None
    }
}
