//! Zipped data as it is mailed around: one or more shapefiles (possibly in subfolders, member
//! names possibly GBK) and/or GeoJSON files inside a .zip. Members are read into memory; nothing
//! is extracted to disk, so a `../` name can do no harm.
//!
//! Memory is bounded by the archive's real size, never by what its headers declare: members are
//! inflated as streams into buffers that grow with what is read, each member may inflate to at
//! most [`MAX_RATIO`] times its compressed size (beyond a floor), and the archive to at most
//! [`MAX_ARCHIVE_INFLATED_BYTES`]. A zip bomb ends in a clear error after at most that much work.
//!
//! Not for writing archives, nor for nested archives (a .zip inside the .zip is skipped).

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Result, ZoneError, quote};
use crate::io::LoadOptions;
use crate::io::shapefile::{ShapefileParts, ShapefileSource, read_shapefile_parts};
use crate::model::Layer;

/// What all members of one archive may inflate to together.
pub const MAX_ARCHIVE_INFLATED_BYTES: u64 = 4 * 1024 * 1024 * 1024;
/// A member may inflate to this many times its compressed size (real shapefiles and GeoJSON
/// compress 2:1 to 20:1; a DBF of blank text fields perhaps 100:1)...
pub const MAX_RATIO: u64 = 100;
/// ...or to this much, whichever is more, so small members are never refused.
const RATIO_FLOOR_BYTES: u64 = 64 * 1024 * 1024;
/// The most a buffer is reserved ahead of reading, whatever a header declares.
const RESERVE_MAX_BYTES: u64 = 16 * 1024 * 1024;

/// One archive member, its name decoded.
struct Member {
    name: String,
    bytes: Vec<u8>,
}

/// Reads every shapefile and GeoJSON file inside the zip at `path`, in member-name order.
pub fn read_zip(path: &Path, opts: &LoadOptions) -> Result<Vec<Layer>> {
    let (file, _) = crate::io::open::open_regular(path)?;
    read_archive(std::io::BufReader::new(file), path, opts)
}

/// Reads a zip archive already in memory; `path` names it in layers and messages.
pub fn read_zip_bytes(bytes: &[u8], path: &Path, opts: &LoadOptions) -> Result<Vec<Layer>> {
    read_archive(std::io::Cursor::new(bytes), path, opts)
}

fn read_archive<R: Read + std::io::Seek>(
    reader: R,
    path: &Path,
    opts: &LoadOptions,
) -> Result<Vec<Layer>> {
    let mut archive = ::zip::ZipArchive::new(reader)
        .map_err(|e| ZoneError::format(path, format!("not a readable zip archive: {e}")))?;
    let mut members = Vec::new();
    let mut inflated_total: u64 = 0;
    for i in 0..archive.len() {
        let mut entry = archive
            .by_index(i)
            .map_err(|e| ZoneError::format(path, format!("member {i} cannot be read: {e}")))?;
        if entry.is_dir() {
            continue;
        }
        let name = decode_member_name(entry.name_raw());
        if name.starts_with("__MACOSX/")
            || name.rsplit('/').next().is_some_and(|n| n.starts_with("._"))
        {
            continue;
        }
        let ext = extension(&name);
        if !matches!(
            ext.as_str(),
            "shp" | "shx" | "dbf" | "prj" | "cpg" | "geojson" | "json"
        ) {
            continue;
        }
        let limit = (entry.compressed_size().saturating_mul(MAX_RATIO))
            .max(RATIO_FLOOR_BYTES)
            .min(MAX_ARCHIVE_INFLATED_BYTES - inflated_total);
        let declared = entry.size();
        let compressed = entry.compressed_size();
        let mut bytes = Vec::with_capacity(declared.min(limit).min(RESERVE_MAX_BYTES) as usize);
        (&mut entry)
            .take(limit.saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|e| {
                ZoneError::format(
                    path,
                    format!("member {} cannot be decompressed: {e}", quote(&name)),
                )
            })?;
        if bytes.len() as u64 > limit {
            return Err(ZoneError::format(
                path,
                format!(
                    "member {} inflates to more than {limit} bytes from {compressed} compressed \
                     (a zip bomb, or more than zonecheck reads from one archive): stopped; unpack \
                     it and open the files themselves",
                    quote(&name)
                ),
            ));
        }
        inflated_total += bytes.len() as u64;
        members.push(Member { name, bytes });
    }
    read_members(path, members, opts)
}

/// Member names are UTF-8 when valid, else GBK (Windows in China writes GBK without the
/// UTF-8 flag; the zip crate's own decoding would read those as CP437).
fn decode_member_name(raw: &[u8]) -> String {
    match std::str::from_utf8(raw) {
        Ok(s) => s.replace('\\', "/"),
        Err(_) => encoding_rs::GBK
            .decode_without_bom_handling(raw)
            .0
            .replace('\\', "/"),
    }
}

fn extension(name: &str) -> String {
    let file = name.rsplit('/').next().unwrap_or(name);
    match file.rsplit_once('.') {
        Some((_, ext)) => ext.to_ascii_lowercase(),
        None => String::new(),
    }
}

fn stem_path(name: &str) -> &str {
    let file_start = name.rfind('/').map_or(0, |i| i + 1);
    match name[file_start..].rfind('.') {
        Some(dot) => &name[..file_start + dot],
        None => name,
    }
}

fn read_members(path: &Path, members: Vec<Member>, opts: &LoadOptions) -> Result<Vec<Layer>> {
    // Group shapefile parts by their path without extension (case-insensitive, as Windows is).
    let mut groups: BTreeMap<String, (String, ShapefileParts, bool)> = BTreeMap::new();
    let mut geojson: Vec<Member> = Vec::new();
    for m in members {
        let ext = extension(&m.name);
        if ext == "geojson" || ext == "json" {
            geojson.push(m);
            continue;
        }
        let key = stem_path(&m.name).to_lowercase();
        let group = groups
            .entry(key)
            .or_insert_with(|| (m.name.clone(), ShapefileParts::default(), false));
        match ext.as_str() {
            "shp" => {
                group.0 = m.name;
                group.1.shp = m.bytes;
                group.2 = true;
            }
            "shx" => group.1.shx = Some(m.bytes),
            "dbf" => group.1.dbf = Some(m.bytes),
            "prj" => group.1.prj = Some(m.bytes),
            "cpg" => group.1.cpg = Some(m.bytes),
            _ => {}
        }
    }
    let mut layers = Vec::new();
    for (_, (member, parts, has_shp)) in groups {
        if !has_shp {
            continue;
        }
        let source = ShapefileSource {
            path: path.to_path_buf(),
            display: member_display(path, &member),
            member: Some(member),
        };
        layers.push(read_shapefile_parts(&parts, &source, opts)?);
    }
    for m in geojson {
        let display = member_display(path, &m.name);
        layers.push(crate::io::geojson::read_geojson_bytes(
            &m.bytes,
            path,
            Some(&m.name),
            &display,
            opts,
        )?);
    }
    if layers.is_empty() {
        return Err(ZoneError::format(
            path,
            "the archive holds no shapefile (.shp with its .shx and .dbf) and no GeoJSON file",
        ));
    }
    Ok(layers)
}

/// `archive.zip/member` for messages: the member seen as if inside the archive.
fn member_display(path: &Path, member: &str) -> PathBuf {
    path.join(member)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_names_decode_as_utf8_or_gbk() {
        assert_eq!(
            decode_member_name("数据/红线.shp".as_bytes()),
            "数据/红线.shp"
        );
        // "红线.shp" in GBK.
        let gbk = [0xBA, 0xEC, 0xCF, 0xDF, b'.', b's', b'h', b'p'];
        assert_eq!(decode_member_name(&gbk), "红线.shp");
    }

    #[test]
    fn stems_and_extensions() {
        assert_eq!(stem_path("a/b.c/Units.SHP"), "a/b.c/Units");
        assert_eq!(extension("a/b.c/Units.SHP"), "shp");
        assert_eq!(extension("a/README"), "");
    }
}
