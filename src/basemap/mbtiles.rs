//! MBTiles (SQLite) raster basemaps: the `tiles` table (or view) and the `metadata` table's
//! name, format, bounds, minzoom/maxzoom, attribution, and the non-standard `scheme` and
//! `crs` keys some exporters write.
//!
//! The MBTiles specification numbers rows from the bottom (TMS); some tools write XYZ rows
//! instead. Without a statement or a `scheme` key, the rows found at the deepest level are
//! compared with the rows the stated bounds cover under either numbering.
//!
//! Opened read-only and immutable as GeoPackages are (`io::gpkg`): nothing is written beside the
//! file. Not for vector tiles (refused on opening).

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::{
    BasemapError, BasemapInfo, BasemapProblem, OpenOptions, TileFormat, TileGrid, TileId,
    TileScheme, TileSource,
};

/// An open MBTiles file.
pub struct Mbtiles {
    path: PathBuf,
    info: BasemapInfo,
    // One connection used by one decoding thread at a time; SQLite connections are not Sync.
    conn: Mutex<Connection>,
}

fn problem_sql(path: &Path, e: rusqlite::Error) -> BasemapError {
    BasemapError::new(path, BasemapProblem::NotMbtiles(e.to_string()))
}

impl Mbtiles {
    /// Opens `path` and reads its metadata; fails with the reason if it is not an MBTiles.
    pub fn open(path: &Path, opts: &OpenOptions) -> Result<Mbtiles, BasemapError> {
        check_magic(path)?;
        let absolute = std::path::absolute(path)
            .map_err(|e| BasemapError::new(path, BasemapProblem::Io(e.to_string())))?;
        let uri = format!("file:{}?immutable=1", crate::io::gpkg::uri_path(&absolute));
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_URI
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(&uri, flags).map_err(|e| problem_sql(path, e))?;
        let meta = metadata(&conn, path)?;
        let get = |k: &str| {
            meta.iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(k))
                .map(|(_, v)| v.clone())
        };
        let mut zooms: Vec<u8> = {
            let mut stmt = conn
                .prepare("SELECT DISTINCT zoom_level FROM tiles ORDER BY zoom_level")
                .map_err(|e| problem_sql(path, e))?;
            let rows = stmt
                .query_map([], |r| r.get::<_, i64>(0))
                .map_err(|e| problem_sql(path, e))?;
            rows.filter_map(|z| z.ok())
                .filter_map(|z| u8::try_from(z).ok().filter(|z| *z <= 30))
                .collect()
        };
        zooms.dedup();
        let grid = opts
            .grid
            .or_else(|| {
                ["crs", "srs", "projection"]
                    .iter()
                    .find_map(|k| get(k).and_then(|v| super::grid_from_text(&v)))
            })
            .unwrap_or(TileGrid::WebMercator);
        let bounds = get("bounds").and_then(|b| super::parse_bounds(&b));
        let scheme = match opts.scheme {
            Some(s) => s,
            None => match get("scheme").map(|s| s.to_ascii_lowercase()) {
                Some(s) if s == "xyz" => TileScheme::Xyz,
                Some(s) if s == "tms" => TileScheme::Tms,
                _ => guess_scheme(&conn, grid, bounds, zooms.last().copied()),
            },
        };
        let name = get("name")
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| super::file_label(path));
        let info = BasemapInfo {
            name,
            format: get("format").map_or(TileFormat::Unknown, |f| TileFormat::from_name(&f)),
            grid,
            zooms,
            bounds_lonlat: bounds,
            attribution: get("attribution").filter(|a| !a.trim().is_empty()),
            scheme,
        };
        Ok(Mbtiles {
            path: path.to_path_buf(),
            info,
            conn: Mutex::new(conn),
        })
    }
}

fn check_magic(path: &Path) -> Result<(), BasemapError> {
    use std::io::Read;
    let mut head = [0u8; 16];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .map_err(|e| BasemapError::new(path, BasemapProblem::Io(e.to_string())))?;
    if head[..n] != *crate::io::gpkg::SQLITE_MAGIC {
        return Err(BasemapError::new(path, BasemapProblem::NotSqlite));
    }
    Ok(())
}

fn metadata(conn: &Connection, path: &Path) -> Result<Vec<(String, String)>, BasemapError> {
    let has_tiles: Option<String> = conn
        .query_row(
            "SELECT name FROM sqlite_master WHERE type IN ('table','view') AND name = 'tiles'",
            [],
            |r| r.get(0),
        )
        .optional()
        .map_err(|e| problem_sql(path, e))?;
    if has_tiles.is_none() {
        return Err(BasemapError::new(
            path,
            BasemapProblem::NotMbtiles("it has no `tiles` table".into()),
        ));
    }
    // The metadata table is required by the specification but often missing: go on without.
    let Ok(mut stmt) = conn.prepare("SELECT name, value FROM metadata") else {
        return Ok(Vec::new());
    };
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .map_err(|e| problem_sql(path, e))?;
    Ok(rows.filter_map(|r| r.ok()).collect())
}

/// TMS unless the rows at the deepest level fit the bounds only when read as XYZ.
fn guess_scheme(
    conn: &Connection,
    grid: TileGrid,
    bounds: Option<geo::Rect<f64>>,
    deepest: Option<u8>,
) -> TileScheme {
    let (Some(b), Some(z)) = (bounds, deepest) else {
        return TileScheme::Tms;
    };
    let Ok((lo, hi)) = conn.query_row(
        "SELECT MIN(tile_row), MAX(tile_row) FROM tiles WHERE zoom_level = ?1",
        [i64::from(z)],
        |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)),
    ) else {
        return TileScheme::Tms;
    };
    // XYZ rows the bounds cover (north edge → smaller row), with one tile of slack.
    let (_, y_top) = grid.tile_xy(z, b.min().x, b.max().y);
    let (_, y_bottom) = grid.tile_xy(z, b.min().x, b.min().y);
    let (xyz_lo, xyz_hi) = (y_top.floor() as i64 - 1, y_bottom.floor() as i64 + 1);
    let rows = i64::from(grid.rows(z));
    let (tms_lo, tms_hi) = (rows - 1 - xyz_hi, rows - 1 - xyz_lo);
    let fits = |a: i64, b: i64| lo >= a && hi <= b;
    if fits(xyz_lo, xyz_hi) && !fits(tms_lo, tms_hi) {
        TileScheme::Xyz
    } else {
        TileScheme::Tms
    }
}

impl TileSource for Mbtiles {
    fn info(&self) -> &BasemapInfo {
        &self.info
    }

    fn tile_bytes(&self, id: TileId) -> Result<Option<Vec<u8>>, BasemapError> {
        let Some(row) = self.info.store_row(id) else {
            return Ok(None);
        };
        let conn = self.conn.lock().map_err(|_| {
            BasemapError::at(
                &self.path,
                id,
                BasemapProblem::Io("a reader thread failed".into()),
            )
        })?;
        conn.query_row(
            "SELECT tile_data FROM tiles WHERE zoom_level = ?1 AND tile_column = ?2 AND tile_row = ?3",
            [i64::from(id.z), i64::from(id.x), i64::from(row)],
            |r| r.get::<_, Vec<u8>>(0),
        )
        .optional()
        .map_err(|e| BasemapError::at(&self.path, id, BasemapProblem::NotMbtiles(e.to_string())))
    }
}
