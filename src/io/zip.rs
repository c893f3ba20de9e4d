//! Zipped data as it is mailed around: one or more shapefiles (possibly in subfolders, member
//! names possibly GBK), GeoJSON files and File Geodatabase folders inside a .zip. Members are
//! read into memory; nothing is extracted to disk, so a `../` name can do no harm.
//! `LoadOptions::layer` picks one member by its path or file stem.
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
use crate::io::layer_select::{no_such_layer, same_name};
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

/// The File Geodatabases inside the zip at `path`: each folder (`""` for the archive's root)
/// with its table files in memory. For the tables without geometry a zipped `.gdb` holds.
pub fn zipped_gdbs(path: &Path) -> Result<Vec<(String, GdbFiles)>> {
    let (file, _) = crate::io::open::open_regular(path)?;
    let (_, gdbs) = archive_members(std::io::BufReader::new(file), path)?;
    Ok(gdbs.into_iter().collect())
}

/// A geodatabase's files read from an archive: (file name in its folder, bytes).
pub type GdbFiles = Vec<(String, Vec<u8>)>;

fn read_archive<R: Read + std::io::Seek>(
    reader: R,
    path: &Path,
    opts: &LoadOptions,
) -> Result<Vec<Layer>> {
    let (members, gdb_members) = archive_members(reader, path)?;
    // With geodatabases beside the shapefiles, every layer of either is read and the chosen one
    // is picked out by the caller (`io::load_layers`).
    let all = LoadOptions {
        layer: None,
        ..opts.clone()
    };
    let mut layers = if members.is_empty() && !gdb_members.is_empty() {
        Vec::new()
    } else if gdb_members.is_empty() {
        read_members(path, members, opts)?
    } else {
        read_members(path, members, &all)?
    };
    for (folder, files) in gdb_members {
        layers.extend(crate::io::gdb_layers::read_gdb_files(
            path, &folder, files, &all,
        )?);
    }
    Ok(layers)
}

/// The members a reader needs, inflated: shapefile parts and GeoJSON files, and the table files
/// of each geodatabase folder.
fn archive_members<R: Read + std::io::Seek>(
    reader: R,
    path: &Path,
) -> Result<(Vec<Member>, BTreeMap<String, GdbFiles>)> {
    let mut archive = ::zip::ZipArchive::new(reader)
        .map_err(|e| ZoneError::format(path, format!("not a readable zip archive: {e}")))?;
    let mut members = Vec::new();
    let names: Vec<String> = (0..archive.len())
        .filter_map(|i| {
            archive
                .by_index_raw(i)
                .ok()
                .map(|e| decode_member_name(e.name_raw()))
        })
        .collect();
    let gdb_folders = gdb_folders(&names);
    let mut gdb_members: BTreeMap<String, GdbFiles> = BTreeMap::new();
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
        let in_gdb = gdb_folders.iter().find_map(|folder| {
            let file = if folder.is_empty() {
                Some(name.as_str())
            } else {
                name.strip_prefix(folder.as_str())?.strip_prefix('/')
            };
            file.map(|f| (folder.clone(), f.to_string()))
        });
        if let Some((folder, file)) = in_gdb.filter(|(_, f)| !f.contains('/')) {
            if gdb_file_needed(&file) {
                let bytes = read_member(path, &name, &mut entry, &mut inflated_total)?;
                gdb_members.entry(folder).or_default().push((file, bytes));
                continue;
            }
            // The other files of a .gdb folder (indexes, timestamps) are not read; at the
            // archive's root they may also be shapefiles beside the geodatabase's tables.
            if !folder.is_empty() {
                continue;
            }
        }
        let ext = extension(&name);
        if !matches!(
            ext.as_str(),
            "shp" | "shx" | "dbf" | "prj" | "cpg" | "geojson" | "json"
        ) {
            continue;
        }
        let bytes = read_member(path, &name, &mut entry, &mut inflated_total)?;
        members.push(Member { name, bytes });
    }
    Ok((members, gdb_members))
}

/// Inflates one member as a stream, bounded by its compressed size and by what the archive may
/// inflate to in all (`inflated_total`, updated): never by the size its header declares.
fn read_member(
    path: &Path,
    name: &str,
    entry: &mut ::zip::read::ZipFile<'_, impl Read>,
    inflated_total: &mut u64,
) -> Result<Vec<u8>> {
    let limit = (entry.compressed_size().saturating_mul(MAX_RATIO))
        .max(RATIO_FLOOR_BYTES)
        .min(MAX_ARCHIVE_INFLATED_BYTES - *inflated_total);
    let declared = entry.size();
    let compressed = entry.compressed_size();
    let mut bytes = Vec::with_capacity(declared.min(limit).min(RESERVE_MAX_BYTES) as usize);
    entry
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| {
            ZoneError::format(
                path,
                format!("member {} cannot be decompressed: {e}", quote(name)),
            )
        })?;
    if bytes.len() as u64 > limit {
        return Err(ZoneError::format(
            path,
            format!(
                "member {} inflates to more than {limit} bytes from {compressed} compressed \
                 (a zip bomb, or more than zonecheck reads from one archive): stopped; unpack \
                 it and open the files themselves",
                quote(name)
            ),
        ));
    }
    *inflated_total += bytes.len() as u64;
    Ok(bytes)
}

/// The folders of the archive that are File Geodatabases: named `*.gdb`, or holding the
/// system catalog `a00000001.gdbtable`. `""` stands for the archive's root.
fn gdb_folders(names: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in names {
        let trimmed = name.trim_end_matches('/');
        let mut prefix = String::new();
        for part in trimmed.split('/') {
            if !prefix.is_empty() {
                prefix.push('/');
            }
            prefix.push_str(part);
            let is_file = prefix.len() == trimmed.len() && !name.ends_with('/');
            if !is_file && part.to_ascii_lowercase().ends_with(".gdb") && !out.contains(&prefix) {
                out.push(prefix.clone());
            }
        }
        let file = trimmed.rsplit('/').next().unwrap_or(trimmed);
        if file.eq_ignore_ascii_case("a00000001.gdbtable") {
            let folder = trimmed[..trimmed.len() - file.len()]
                .trim_end_matches('/')
                .to_string();
            if !out.contains(&folder) {
                out.push(folder);
            }
        }
    }
    out
}

/// The geodatabase files the reader uses: tables, their indexes of rows, compressed tables
/// (to say so) and lock files (to warn); not the attribute or spatial indexes.
fn gdb_file_needed(file: &str) -> bool {
    let lower = file.to_ascii_lowercase();
    [".gdbtable", ".gdbtablx", ".cdf", ".sdc", ".lock"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// Member names are UTF-8 when valid, else GBK (Windows in China writes GBK without the
/// UTF-8 flag; the zip crate's own decoding would read those as CP437).
pub(crate) fn decode_member_name(raw: &[u8]) -> String {
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
    let wanted = |member: &str| {
        opts.layer.as_deref().is_none_or(|want| {
            same_name(member, want)
                || same_name(stem_path(member).rsplit('/').next().unwrap_or(""), want)
        })
    };
    let mut available = Vec::new();
    let mut layers = Vec::new();
    for (_, (member, parts, has_shp)) in groups {
        if !has_shp {
            continue;
        }
        available.push(member.clone());
        if !wanted(&member) {
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
        available.push(m.name.clone());
        if !wanted(&m.name) {
            continue;
        }
        let display = member_display(path, &m.name);
        layers.push(crate::io::geojson::read_geojson_bytes(
            &m.bytes,
            path,
            Some(&m.name),
            &display,
            opts,
        )?);
    }
    if let Some(want) = opts.layer.as_deref()
        && layers.is_empty()
        && !available.is_empty()
    {
        return Err(no_such_layer(path, want, &available));
    }
    if layers.is_empty() {
        return Err(ZoneError::format(
            path,
            "the archive holds no shapefile (.shp with its .shx and .dbf), GeoJSON file or File Geodatabase (.gdb folder)",
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
