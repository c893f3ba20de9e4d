//! A folder of tiles, `{z}/{x}/{y}.png|jpg|jpeg|webp`, as tile downloaders, gdal2tiles and
//! QGIS's "Generate XYZ tiles (Directory)" write them.
//!
//! Rows are XYZ (from the top) unless stated, or unless the folder holds gdal2tiles's
//! `tilemapresource.xml` (whose tiles are TMS). A `metadata.json` beside the levels (mb-util,
//! gdal2tiles) gives the name, attribution, bounds and scheme. Not for nested quadkey folders.

use std::path::{Path, PathBuf};

use super::{
    BasemapError, BasemapInfo, BasemapProblem, OpenOptions, TileFormat, TileGrid, TileId,
    TileScheme, TileSource,
};

const EXTENSIONS: [&str; 4] = ["png", "jpg", "jpeg", "webp"];

/// An opened tile folder.
pub struct TileFolder {
    root: PathBuf,
    info: BasemapInfo,
    /// The image extension found (the tiles' file names end in it).
    extension: String,
}

fn numeric_dirs(dir: &Path) -> Vec<(u32, PathBuf)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<(u32, PathBuf)> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .filter_map(|e| {
            let n: u32 = e.file_name().to_str()?.parse().ok()?;
            Some((n, e.path()))
        })
        .collect();
    out.sort();
    out
}

/// The image extension of the first tile in some `{z}/{x}/` folder, if any.
fn first_tile_extension(root: &Path) -> Option<String> {
    for (z, zdir) in numeric_dirs(root) {
        if z > 30 {
            continue;
        }
        for (_, xdir) in numeric_dirs(&zdir).into_iter().take(4) {
            let Ok(files) = std::fs::read_dir(&xdir) else {
                continue;
            };
            for f in files.filter_map(|f| f.ok()).take(16) {
                let p = f.path();
                let stem_ok = p
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .is_some_and(|s| s.parse::<u32>().is_ok());
                let ext = p
                    .extension()
                    .and_then(|e| e.to_str())
                    .map(str::to_ascii_lowercase);
                if let (true, Some(ext)) = (stem_ok, ext)
                    && EXTENSIONS.contains(&ext.as_str())
                {
                    return Some(ext);
                }
            }
        }
    }
    None
}

/// Whether `dir` holds `{z}/{x}/{y}.png|jpg|webp` tiles.
pub fn looks_like_tile_folder(dir: &Path) -> bool {
    first_tile_extension(dir).is_some()
}

impl TileFolder {
    /// Opens the tile folder `root`.
    pub fn open(root: &Path, opts: &OpenOptions) -> Result<TileFolder, BasemapError> {
        let extension = first_tile_extension(root)
            .ok_or_else(|| BasemapError::new(root, BasemapProblem::NoTileFolder))?;
        let zooms: Vec<u8> = numeric_dirs(root)
            .into_iter()
            .filter(|(z, d)| *z <= 30 && !numeric_dirs(d).is_empty())
            .map(|(z, _)| z as u8)
            .collect();
        let meta: serde_json::Value = std::fs::read(root.join("metadata.json"))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or(serde_json::Value::Null);
        let text = |k: &str| {
            meta.get(k).and_then(|v| match v {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Array(a) => Some(
                    a.iter()
                        .map(|x| x.to_string())
                        .collect::<Vec<_>>()
                        .join(","),
                ),
                _ => None,
            })
        };
        let scheme = opts.scheme.unwrap_or_else(|| {
            match text("scheme").map(|s| s.to_ascii_lowercase()).as_deref() {
                Some("tms") => TileScheme::Tms,
                Some("xyz") => TileScheme::Xyz,
                _ if root.join("tilemapresource.xml").is_file() => TileScheme::Tms,
                _ => TileScheme::Xyz,
            }
        });
        let grid = opts
            .grid
            .or_else(|| text("crs").and_then(|c| super::grid_from_text(&c)))
            .unwrap_or(TileGrid::WebMercator);
        let name = text("name").unwrap_or_else(|| super::file_label(root));
        let info = BasemapInfo {
            name,
            format: TileFormat::from_name(&extension),
            grid,
            zooms,
            bounds_lonlat: text("bounds").and_then(|b| super::parse_bounds(&b)),
            attribution: text("attribution").filter(|a| !a.trim().is_empty()),
            scheme,
        };
        Ok(TileFolder {
            root: root.to_path_buf(),
            info,
            extension,
        })
    }
}

impl TileSource for TileFolder {
    fn info(&self) -> &BasemapInfo {
        &self.info
    }

    fn tile_bytes(&self, id: TileId) -> Result<Option<Vec<u8>>, BasemapError> {
        let Some(row) = self.info.store_row(id) else {
            return Ok(None);
        };
        let path = self
            .root
            .join(id.z.to_string())
            .join(id.x.to_string())
            .join(format!("{row}.{}", self.extension));
        match std::fs::read(&path) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(BasemapError::at(
                &self.root,
                id,
                BasemapProblem::Io(e.to_string()),
            )),
        }
    }
}
