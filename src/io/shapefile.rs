//! ESRI Shapefile reading: .shp geometry (through the shapefile crate, record by record in
//! parallel using the .shx offsets), .dbf attributes (see `dbf`), .prj CRS, .cpg encoding; all
//! features transformed to CGCS2000 lon/lat.
//!
//! Works on bytes in memory so zipped shapefiles read the same way. Not for writing shapefiles.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use shapefile::{ReadableShape, Shape, ShapeReader};

use crate::crs::{Crs, CrsInfo, CrsOrigin};
use crate::error::{Result, ZoneError};
use crate::io::LoadOptions;
use crate::io::dbf::{DbfTable, read_dbf};
use crate::io::layer_crs::{self, Bounds};
use crate::io::shp_geometry::convert_shape;
use crate::model::role::detect_role;
use crate::model::{AttrValue, Feature, Layer, SourceFormat};

/// The files of one shapefile, read into memory.
#[derive(Debug, Clone, Default)]
pub struct ShapefileParts {
    pub shp: Vec<u8>,
    pub shx: Option<Vec<u8>>,
    pub dbf: Option<Vec<u8>>,
    pub prj: Option<Vec<u8>>,
    pub cpg: Option<Vec<u8>>,
}

/// Where a shapefile came from, for layer names and error messages.
#[derive(Debug, Clone)]
pub struct ShapefileSource {
    /// The file on disk: the .shp, or the .zip holding it.
    pub path: PathBuf,
    /// The member path inside a zip.
    pub member: Option<String>,
    /// The path errors should name (`archive.zip!dir/a.shp` for members).
    pub display: PathBuf,
}

/// Reads the shapefile at `path` (any case of extension) with its .shx, .dbf, .prj and .cpg.
pub fn read_shapefile(path: &Path, opts: &LoadOptions) -> Result<Layer> {
    let shp = std::fs::read(path).map_err(|e| ZoneError::io(path, e))?;
    let sibling = |ext: &str| -> Result<Option<Vec<u8>>> {
        match find_sibling(path, ext) {
            Some(p) => std::fs::read(&p)
                .map(Some)
                .map_err(|e| ZoneError::io(&p, e)),
            None => Ok(None),
        }
    };
    let parts = ShapefileParts {
        shp,
        shx: sibling("shx")?,
        dbf: sibling("dbf")?,
        prj: sibling("prj")?,
        cpg: sibling("cpg")?,
    };
    let source = ShapefileSource {
        path: path.to_path_buf(),
        member: None,
        display: path.to_path_buf(),
    };
    read_shapefile_parts(&parts, &source, opts)
}

/// The file beside `shp` with the same stem and extension `ext` in any letter case.
fn find_sibling(shp: &Path, ext: &str) -> Option<PathBuf> {
    let stem = shp.file_stem()?;
    let dir = match shp.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    for candidate in [ext.to_ascii_lowercase(), ext.to_ascii_uppercase()] {
        let p = dir.join(stem).with_extension(&candidate);
        if p.is_file() {
            return Some(p);
        }
    }
    // Mixed case (.Dbf): scan the folder.
    std::fs::read_dir(&dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_stem() == Some(stem)
                && p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| e.eq_ignore_ascii_case(ext))
        })
}

/// Reads a shapefile from its parts in memory.
pub fn read_shapefile_parts(
    parts: &ShapefileParts,
    source: &ShapefileSource,
    opts: &LoadOptions,
) -> Result<Layer> {
    let shp_path = source.display.as_path();
    let companion = |ext: &str| shp_path.with_extension(ext);
    let header_reader = ShapeReader::new(Cursor::new(&parts.shp[..])).map_err(|e| {
        ZoneError::format(
            shp_path,
            format!(
                "not a readable .shp file ({}): {}",
                describe_shp_error(&e),
                sniff(&parts.shp)
            ),
        )
    })?;
    let header = *header_reader.header();
    let shx = parts.shx.as_deref().ok_or_else(|| {
        ZoneError::format(
            shp_path,
            format!(
                "missing {} (the shape index); a shapefile needs its .shp, .shx and .dbf together",
                file_name(&companion("shx"))
            ),
        )
    })?;
    let dbf_bytes = parts.dbf.as_deref().ok_or_else(|| {
        ZoneError::format(
            shp_path,
            format!(
                "missing {} (the attribute table); a shapefile needs its .shp, .shx and .dbf together",
                file_name(&companion("dbf"))
            ),
        )
    })?;
    let offsets = read_shx(shx, &companion("shx"))?;

    let mut warnings = Vec::new();
    let from_prj = match (&parts.prj, &opts.crs) {
        (Some(prj), None) => {
            let text = String::from_utf8_lossy(prj);
            let crs = Crs::from_wkt(&text).map_err(|e| {
                ZoneError::crs(
                    companion("prj").display().to_string(),
                    format!("cannot read the .prj (state the CRS with --crs to bypass it): {e}"),
                )
            })?;
            Some(CrsInfo {
                crs,
                origin: CrsOrigin::PrjFile,
            })
        }
        _ => None,
    };
    let b = &header.bbox;
    let bounds = (!offsets.is_empty()).then_some(Bounds {
        min_x: b.min.x,
        min_y: b.min.y,
        max_x: b.max.x,
        max_y: b.max.y,
    });
    let crs = layer_crs::decide_crs(shp_path, opts.crs.as_ref(), from_prj, bounds, &mut warnings)?;
    warnings.extend(crs.crs.datum_warning());

    let table = read_dbf(
        dbf_bytes,
        &companion("dbf"),
        parts.cpg.as_deref(),
        opts.encoding.as_deref(),
    )?;
    let mut features = read_geometries(&parts.shp, &offsets, shp_path, &mut warnings)?;
    attach_attributes(&mut features, &table, &mut warnings);
    warnings.extend(table.warnings.iter().cloned());
    layer_crs::check_finite(&features, shp_path)?;
    layer_crs::transform_features(&mut features, &crs.crs, shp_path)?;
    if features.is_empty() {
        warnings.push("the layer has no features".to_string());
    }

    let name = layer_name(source);
    let geometry_kind = layer_crs::geometry_kind(&features);
    let role = detect_role(&table.fields, geometry_kind, &name);
    Ok(Layer {
        name,
        path: source.path.clone(),
        member: source.member.clone(),
        format: if source.member.is_some() {
            SourceFormat::ZippedShapefile
        } else {
            SourceFormat::Shapefile
        },
        geometry_kind,
        source_geometry_type: header.shape_type.to_string(),
        fields: table.fields,
        features,
        crs,
        encoding: Some(table.encoding),
        role,
        warnings,
    })
}

fn layer_name(source: &ShapefileSource) -> String {
    let from = match &source.member {
        Some(m) => Path::new(m.rsplit('/').next().unwrap_or(m)).to_path_buf(),
        None => source.path.clone(),
    };
    from.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

/// Record (byte offset, content length in bytes) pairs from the .shx index.
fn read_shx(shx: &[u8], path: &Path) -> Result<Vec<(usize, usize)>> {
    if shx.len() < 100 || i32::from_be_bytes([shx[0], shx[1], shx[2], shx[3]]) != 9994 {
        return Err(ZoneError::format(
            path,
            "not a valid .shx index (bad header)",
        ));
    }
    Ok(shx[100..]
        .chunks_exact(8)
        .map(|e| {
            let offset_words = i32::from_be_bytes([e[0], e[1], e[2], e[3]]);
            let len_words = i32::from_be_bytes([e[4], e[5], e[6], e[7]]);
            (
                offset_words.max(0) as usize * 2,
                len_words.max(0) as usize * 2,
            )
        })
        .collect())
}

/// Parses every record in parallel; an error names the record (0-based, as the fid).
fn read_geometries(
    shp: &[u8],
    offsets: &[(usize, usize)],
    path: &Path,
    warnings: &mut Vec<String>,
) -> Result<Vec<Feature>> {
    let converted: Vec<_> = offsets
        .par_iter()
        .enumerate()
        .map(|(i, &(offset, len))| {
            let start = offset + 8;
            let end = start.checked_add(len).filter(|&e| e <= shp.len()).ok_or_else(|| {
                ZoneError::format(
                    path,
                    format!(
                        "record {i} runs past the end of the file (bytes {offset}..{} of {}): the .shp is truncated",
                        offset + 8 + len,
                        shp.len()
                    ),
                )
            })?;
            let mut cursor = Cursor::new(&shp[start..end]);
            let shape = Shape::read_from(&mut cursor, len as i32).map_err(|e| {
                ZoneError::format(path, format!("record {i} is corrupt: {}", describe_shp_error(&e)))
            })?;
            Ok(convert_shape(&shape))
        })
        .collect::<Result<_>>()?;
    let degenerate: usize = converted.iter().map(|c| c.degenerate_rings).sum();
    let multipatch = converted.iter().filter(|c| c.multipatch).count();
    if degenerate > 0 {
        warnings.push(format!(
            "{degenerate} polygon rings with fewer than 3 distinct points were dropped"
        ));
    }
    if multipatch > 0 {
        warnings.push(format!(
            "{multipatch} Multipatch records are not supported and have no geometry"
        ));
    }
    Ok(converted
        .into_iter()
        .map(|c| Feature {
            geometry: c.geometry,
            attributes: Vec::new(),
        })
        .collect())
}

/// Gives each feature its DBF row, pads or cuts when the counts differ, and drops records the
/// DBF marks deleted (as GDAL does).
fn attach_attributes(features: &mut Vec<Feature>, table: &DbfTable, warnings: &mut Vec<String>) {
    let row_count = table.rows.len();
    if row_count != features.len() {
        warnings.push(format!(
            "the .shp has {} records but the .dbf has {row_count}: attributes matched by position",
            features.len()
        ));
    }
    let width = table.fields.len();
    let mut keep = Vec::with_capacity(features.len());
    for (i, f) in features.iter_mut().enumerate() {
        match table.rows.get(i) {
            Some(row) => {
                f.attributes = row.clone();
                keep.push(!table.deleted[i]);
            }
            None => {
                f.attributes = vec![AttrValue::Null; width];
                keep.push(true);
            }
        }
    }
    let deleted = keep.iter().filter(|k| !**k).count();
    if deleted > 0 {
        let mut k = keep.into_iter();
        features.retain(|_| k.next().unwrap_or(true));
        warnings.push(format!(
            "{deleted} records marked deleted in the .dbf were skipped"
        ));
    }
}

fn describe_shp_error(e: &shapefile::Error) -> String {
    match e {
        shapefile::Error::InvalidFileCode(code) => {
            format!("file code {code} where a shapefile has 9994")
        }
        shapefile::Error::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            "unexpected end of data (truncated?)".to_string()
        }
        other => other.to_string(),
    }
}

/// A hint at what the bytes really are, for files renamed to .shp.
fn sniff(bytes: &[u8]) -> String {
    let kind = if bytes.starts_with(b"\x89PNG") {
        "a PNG image"
    } else if bytes.starts_with(b"PK\x03\x04") {
        "a zip archive"
    } else if bytes.starts_with(b"\xFF\xD8\xFF") {
        "a JPEG image"
    } else if bytes.starts_with(b"%PDF") {
        "a PDF document"
    } else if bytes.len() < 100 {
        return format!(
            "only {} bytes, a shapefile header alone is 100",
            bytes.len()
        );
    } else {
        return "it does not start like a shapefile".to_string();
    };
    format!("the content looks like {kind}")
}
