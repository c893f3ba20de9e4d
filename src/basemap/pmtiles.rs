//! PMTiles v3 raster archives (protomaps' single-file tile format): the 127-byte header, the
//! root and leaf directories (varint, delta and column coded, gzip or uncompressed), the JSON
//! metadata's name and attribution, and tiles found by their Hilbert tile id.
//!
//! Hand-written because the `pmtiles` crate reads only through async (tokio) backends, and
//! pulling an async runtime into an offline desktop reader for a ~200-line format is not worth
//! it. Brotli/zstd-compressed directories are refused with the reason. Not for writing archives.

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{
    BasemapError, BasemapInfo, BasemapProblem, OpenOptions, TileFormat, TileGrid, TileId,
    TileScheme, TileSource,
};

const HEADER_LEN: usize = 127;
/// Directories deeper than this are a damaged (or looping) archive.
const MAX_DEPTH: usize = 4;
/// A directory larger than this is refused rather than read into memory.
const MAX_DIR_BYTES: u64 = 64 << 20;
/// Leaf directories kept decoded.
const LEAF_CACHE: usize = 64;

#[derive(Debug, Clone, Copy)]
struct Entry {
    tile_id: u64,
    offset: u64,
    length: u64,
    run_length: u64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Compression {
    None,
    Gzip,
}

/// An open PMTiles archive.
pub struct Pmtiles {
    path: PathBuf,
    info: BasemapInfo,
    file: Mutex<File>,
    root: Vec<Entry>,
    leaf_offset: u64,
    data_offset: u64,
    internal: Compression,
    tiles: Compression,
    leaves: Mutex<HashMap<(u64, u64), Vec<Entry>>>,
}

fn bad(path: &Path, why: impl Into<String>) -> BasemapError {
    BasemapError::new(path, BasemapProblem::BadPmtiles(why.into()))
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(a)
}

fn i32_at(b: &[u8], at: usize) -> i32 {
    let mut a = [0u8; 4];
    a.copy_from_slice(&b[at..at + 4]);
    i32::from_le_bytes(a)
}

fn compression(path: &Path, code: u8, what: &str) -> Result<Compression, BasemapError> {
    match code {
        0 | 1 => Ok(Compression::None),
        2 => Ok(Compression::Gzip),
        3 => Err(bad(
            path,
            format!("{what} are Brotli-compressed, which is not supported"),
        )),
        4 => Err(bad(
            path,
            format!("{what} are zstd-compressed, which is not supported"),
        )),
        n => Err(bad(path, format!("unknown {what} compression {n}"))),
    }
}

fn inflate(
    path: &Path,
    bytes: Vec<u8>,
    c: Compression,
    limit: u64,
) -> Result<Vec<u8>, BasemapError> {
    match c {
        Compression::None => Ok(bytes),
        Compression::Gzip => {
            let mut out = Vec::new();
            flate2::read::GzDecoder::new(bytes.as_slice())
                .take(limit)
                .read_to_end(&mut out)
                .map_err(|e| bad(path, format!("a gzip section does not inflate: {e}")))?;
            Ok(out)
        }
    }
}

fn varint(b: &[u8], pos: &mut usize) -> Option<u64> {
    let mut v: u64 = 0;
    for shift in (0..64).step_by(7) {
        let byte = *b.get(*pos)?;
        *pos += 1;
        v |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(v);
        }
    }
    None
}

/// Decodes one directory (already inflated).
fn parse_directory(path: &Path, b: &[u8]) -> Result<Vec<Entry>, BasemapError> {
    let cut = || bad(path, "a directory is cut short");
    let mut pos = 0;
    let n = varint(b, &mut pos).ok_or_else(cut)?;
    // Every entry takes at least four bytes: a count beyond that is damage, not a big archive.
    if n == 0 || n > b.len() as u64 {
        return Err(bad(path, format!("a directory claims {n} entries")));
    }
    let n = n as usize;
    let mut entries = vec![
        Entry {
            tile_id: 0,
            offset: 0,
            length: 0,
            run_length: 0,
        };
        n
    ];
    let mut last = 0u64;
    for e in entries.iter_mut() {
        last = last
            .checked_add(varint(b, &mut pos).ok_or_else(cut)?)
            .ok_or_else(|| bad(path, "tile ids overflow"))?;
        e.tile_id = last;
    }
    for e in entries.iter_mut() {
        e.run_length = varint(b, &mut pos).ok_or_else(cut)?;
    }
    for e in entries.iter_mut() {
        e.length = varint(b, &mut pos).ok_or_else(cut)?;
    }
    for i in 0..n {
        let v = varint(b, &mut pos).ok_or_else(cut)?;
        entries[i].offset = if v == 0 && i > 0 {
            entries[i - 1].offset + entries[i - 1].length
        } else {
            v.checked_sub(1)
                .ok_or_else(|| bad(path, "the first entry has no offset"))?
        };
    }
    Ok(entries)
}

/// The PMTiles tile id of z/x/y: the tiles of all lower zooms, then the position on the
/// level's Hilbert curve.
pub fn tile_id(z: u8, x: u32, y: u32) -> u64 {
    let mut acc: u64 = 0;
    for level in 0..u32::from(z) {
        acc += 1u64 << (2 * level);
    }
    let n: u64 = 1 << z;
    let (mut tx, mut ty) = (u64::from(x), u64::from(y));
    let mut d: u64 = 0;
    let mut s = n / 2;
    while s > 0 {
        let rx = u64::from(tx & s > 0);
        let ry = u64::from(ty & s > 0);
        d += s * s * ((3 * rx) ^ ry);
        if ry == 0 {
            if rx == 1 {
                tx = s - 1 - (tx & (s - 1));
                ty = s - 1 - (ty & (s - 1));
            }
            std::mem::swap(&mut tx, &mut ty);
        }
        s /= 2;
    }
    acc + d
}

impl Pmtiles {
    /// Opens the archive at `path`: header, root directory and metadata.
    pub fn open(path: &Path, opts: &OpenOptions) -> Result<Pmtiles, BasemapError> {
        let io = |e: std::io::Error| BasemapError::new(path, BasemapProblem::Io(e.to_string()));
        let mut file = File::open(path).map_err(io)?;
        let size = file.metadata().map_err(io)?.len();
        let mut h = vec![0u8; HEADER_LEN];
        let got = file.read(&mut h).map_err(io)?;
        if got < 8 || &h[..7] != b"PMTiles" {
            return Err(BasemapError::new(
                path,
                BasemapProblem::NotPmtiles("it does not start with \"PMTiles\"".into()),
            ));
        }
        if h[7] != 3 {
            return Err(BasemapError::new(
                path,
                BasemapProblem::NotPmtiles(format!("spec version {} (only 3 is read)", h[7])),
            ));
        }
        if got < HEADER_LEN {
            return Err(bad(path, "the header is cut short"));
        }
        let internal = compression(path, h[97], "directories")?;
        let tiles = compression(path, h[98], "tiles")?;
        let format = match h[99] {
            1 => TileFormat::Vector,
            2 => TileFormat::Png,
            3 => TileFormat::Jpeg,
            4 => TileFormat::Webp,
            _ => TileFormat::Unknown,
        };
        let (min_zoom, max_zoom) = (h[100].min(30), h[101].min(30));
        let e7 = |at| f64::from(i32_at(&h, at)) / 1e7;
        let bounds =
            super::parse_bounds(&format!("{},{},{},{}", e7(102), e7(106), e7(110), e7(114)));
        let mut read_section = |offset: u64, length: u64| -> Result<Vec<u8>, BasemapError> {
            if length > MAX_DIR_BYTES || offset.checked_add(length).is_none_or(|end| end > size) {
                return Err(bad(path, "a section lies outside the file"));
            }
            let mut buf = vec![0u8; length as usize];
            file.seek(SeekFrom::Start(offset)).map_err(io)?;
            file.read_exact(&mut buf).map_err(io)?;
            Ok(buf)
        };
        let root_raw = read_section(u64_at(&h, 8), u64_at(&h, 16))?;
        let root = parse_directory(path, &inflate(path, root_raw, internal, MAX_DIR_BYTES)?)?;
        let meta_raw = read_section(u64_at(&h, 24), u64_at(&h, 32))?;
        let meta: serde_json::Value = inflate(path, meta_raw, internal, MAX_DIR_BYTES)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or(serde_json::Value::Null);
        let text = |k: &str| {
            meta.get(k)
                .and_then(|v| v.as_str())
                .map(str::to_string)
                .filter(|s| !s.trim().is_empty())
        };
        let name = text("name").unwrap_or_else(|| super::file_label(path));
        let info = BasemapInfo {
            name,
            format,
            grid: opts.grid.unwrap_or(TileGrid::WebMercator),
            zooms: (min_zoom..=max_zoom.max(min_zoom)).collect(),
            bounds_lonlat: bounds,
            attribution: text("attribution"),
            scheme: TileScheme::Xyz,
        };
        Ok(Pmtiles {
            path: path.to_path_buf(),
            info,
            file: Mutex::new(file),
            root,
            leaf_offset: u64_at(&h, 40),
            data_offset: u64_at(&h, 56),
            internal,
            tiles,
            leaves: Mutex::new(HashMap::new()),
        })
    }

    fn read_at(&self, offset: u64, length: u64) -> Result<Vec<u8>, BasemapError> {
        let io =
            |e: std::io::Error| BasemapError::new(&self.path, BasemapProblem::Io(e.to_string()));
        if length > MAX_DIR_BYTES {
            return Err(bad(&self.path, "an entry is implausibly long"));
        }
        let mut file = self
            .file
            .lock()
            .map_err(|_| bad(&self.path, "a reader thread failed"))?;
        let size = file.metadata().map_err(io)?.len();
        if offset.checked_add(length).is_none_or(|end| end > size) {
            return Err(bad(&self.path, "an entry points outside the file"));
        }
        let mut buf = vec![0u8; length as usize];
        file.seek(SeekFrom::Start(offset)).map_err(io)?;
        file.read_exact(&mut buf).map_err(io)?;
        Ok(buf)
    }

    fn leaf(&self, offset: u64, length: u64) -> Result<Vec<Entry>, BasemapError> {
        if let Some(hit) = self
            .leaves
            .lock()
            .ok()
            .and_then(|l| l.get(&(offset, length)).cloned())
        {
            return Ok(hit);
        }
        let start = self
            .leaf_offset
            .checked_add(offset)
            .ok_or_else(|| bad(&self.path, "a leaf offset overflows"))?;
        let raw = self.read_at(start, length)?;
        let entries = parse_directory(
            &self.path,
            &inflate(&self.path, raw, self.internal, MAX_DIR_BYTES)?,
        )?;
        if let Ok(mut l) = self.leaves.lock() {
            if l.len() >= LEAF_CACHE {
                l.clear();
            }
            l.insert((offset, length), entries.clone());
        }
        Ok(entries)
    }
}

/// The entry covering `id`: the last with tile_id ≤ id, if it is a leaf or its run reaches id.
fn find(entries: &[Entry], id: u64) -> Option<Entry> {
    let i = entries
        .partition_point(|e| e.tile_id <= id)
        .checked_sub(1)?;
    let e = entries[i];
    (e.run_length == 0 || id < e.tile_id + e.run_length).then_some(e)
}

impl TileSource for Pmtiles {
    fn info(&self) -> &BasemapInfo {
        &self.info
    }

    fn tile_bytes(&self, id: TileId) -> Result<Option<Vec<u8>>, BasemapError> {
        if id.z > 30 || id.x >= 1 << id.z || id.y >= 1 << id.z {
            return Ok(None);
        }
        let want = tile_id(id.z, id.x, id.y);
        let mut dir = self.root.clone();
        for _ in 0..MAX_DEPTH {
            let Some(e) = find(&dir, want) else {
                return Ok(None);
            };
            if e.run_length > 0 {
                let start = self
                    .data_offset
                    .checked_add(e.offset)
                    .ok_or_else(|| bad(&self.path, "a tile offset overflows"))?;
                let raw = self.read_at(start, e.length).map_err(|err| BasemapError {
                    tile: Some(id),
                    ..err
                })?;
                return inflate(&self.path, raw, self.tiles, 16 << 20).map(Some);
            }
            dir = self.leaf(e.offset, e.length)?;
        }
        Err(bad(&self.path, "directories nest too deep"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tile_ids_follow_the_specification() {
        // The specification's examples: 0/0/0 → 0, z1 starts at 1, z2 at 5; the Hilbert order
        // of z1 is (0,0), (0,1), (1,1), (1,0).
        assert_eq!(tile_id(0, 0, 0), 0);
        assert_eq!(tile_id(1, 0, 0), 1);
        assert_eq!(tile_id(1, 0, 1), 2);
        assert_eq!(tile_id(1, 1, 1), 3);
        assert_eq!(tile_id(1, 1, 0), 4);
        assert_eq!(tile_id(2, 0, 0), 5);
        // The reference implementation's test: 12/3423/1763 → 19078479.
        assert_eq!(tile_id(12, 3423, 1763), 19_078_479);
    }

    #[test]
    fn varints_and_a_cut_directory() {
        let mut pos = 0;
        assert_eq!(varint(&[0xac, 0x02], &mut pos), Some(300));
        assert!(parse_directory(Path::new("x.pmtiles"), &[5, 1]).is_err());
    }
}
