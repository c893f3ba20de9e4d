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
use crate::error::{Result, ZoneError, quote};
use crate::io::LoadOptions;
use crate::io::dbf::read_dbf;
use crate::io::layer_crs::{self, Bounds};
use crate::io::open::{check_regular_file, read_file};
use crate::io::shp_geometry::{Converted, convert_plain_record, convert_shape};
use crate::io::shp_stream::ShpFile;
use crate::io::shx::{RecordSpan, check_declared_counts, record_spans};
use crate::io::text::decode_text;
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
    // A sibling that exists but is not a regular file (a FIFO named units.dbf) is an error, not
    // a missing part.
    let sibling = |ext: &str| -> Result<Option<Vec<u8>>> {
        find_sibling(path, ext).map(|p| read_file(&p)).transpose()
    };
    let shx = sibling("shx")?;
    // The .dbf is checked now (so its problems are named in the same order as before) but read
    // only when parsed, and its bytes dropped before the geometry is read: a national layer's
    // attribute file is a third the size of its coordinates.
    let dbf_path = find_sibling(path, "dbf");
    if let Some(p) = &dbf_path {
        check_regular_file(p)?;
    }
    let mut parts = ShapefileParts {
        shp: Vec::new(),
        shx,
        dbf: None,
        prj: sibling("prj")?,
        cpg: sibling("cpg")?,
    };
    let source = ShapefileSource {
        path: path.to_path_buf(),
        member: None,
        display: path.to_path_buf(),
    };
    // The records a window at a time when the index fits (the whole .shp is then never held
    // beside its geometry); on any doubt the whole file, read and checked in memory, which also
    // words whatever is wrong.
    if let Ok(mut shp) = ShpFile::open(path) {
        let dbf = match &dbf_path {
            Some(p) => DbfBody::File(p),
            None => DbfBody::Missing,
        };
        if let Ok(layer) = read_body(ShpBody::Stream(&mut shp), dbf, &parts, &source, opts) {
            return Ok(layer);
        }
    }
    parts.shp = read_file(path)?;
    parts.dbf = dbf_path.map(|p| read_file(&p)).transpose()?;
    read_shapefile_parts(&parts, &source, opts)
}

/// Where the `.dbf`'s bytes come from.
enum DbfBody<'a> {
    /// In memory (a zip member, or the fallback read).
    Memory(&'a [u8]),
    /// A file read when parsed and dropped once parsed.
    File(&'a Path),
    Missing,
}

/// Where the `.shp`'s records are read from.
enum ShpBody<'a> {
    /// All of it in memory.
    Memory(&'a [u8]),
    /// The file, a window at a time (see `shp_stream`).
    Stream(&'a mut ShpFile),
}

impl ShpBody<'_> {
    /// The start of the file (its header).
    fn head(&self) -> &[u8] {
        match self {
            ShpBody::Memory(shp) => shp,
            ShpBody::Stream(f) => &f.head,
        }
    }
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
        if p.exists() {
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
    let dbf = match parts.dbf.as_deref() {
        Some(bytes) => DbfBody::Memory(bytes),
        None => DbfBody::Missing,
    };
    read_body(ShpBody::Memory(&parts.shp), dbf, parts, source, opts)
}

/// Reads a shapefile whose records come from `body` and other parts from `parts`.
fn read_body(
    mut body: ShpBody<'_>,
    dbf: DbfBody<'_>,
    parts: &ShapefileParts,
    source: &ShapefileSource,
    opts: &LoadOptions,
) -> Result<Layer> {
    let shp_path = source.display.as_path();
    let companion = |ext: &str| shp_path.with_extension(ext);
    let header_reader = ShapeReader::new(Cursor::new(body.head())).map_err(|e| {
        ZoneError::format(
            shp_path,
            format!(
                "not a readable .shp file ({}): {}",
                describe_shp_error(&e),
                sniff(body.head())
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
    let mut warnings = Vec::new();
    let spans = match &body {
        ShpBody::Memory(shp) => record_spans(shx, shp, &companion("shx"), shp_path, &mut warnings)?,
        ShpBody::Stream(f) => f
            .spans(shx)
            .ok_or_else(|| ZoneError::format(shp_path, "the .shx needs the full check"))?,
    };

    let from_prj = match (&parts.prj, &opts.crs) {
        (Some(prj), None) => prj_crs(prj, &companion("prj"), &mut warnings),
        _ => None,
    };
    let b = &header.bbox;
    let bounds = (!spans.is_empty()).then_some(Bounds {
        min_x: b.min.x,
        min_y: b.min.y,
        max_x: b.max.x,
        max_y: b.max.y,
    });
    let crs = layer_crs::decide_crs(shp_path, opts.crs.as_ref(), from_prj, bounds, &mut warnings)?;
    warnings.extend(crs.crs.datum_warning());

    let parse = |bytes: &[u8]| {
        read_dbf(
            bytes,
            &companion("dbf"),
            parts.cpg.as_deref(),
            opts.encoding.as_deref(),
        )
    };
    let table = match dbf {
        DbfBody::Memory(bytes) => Some(parse(bytes)?),
        DbfBody::File(p) => Some(parse(&read_file(p)?)?),
        DbfBody::Missing => {
            warnings.push(format!(
                "no {} (the attribute table) beside it: read as geometry without attributes, so \
                 codes, names and categories are unknown and the role cannot be detected from \
                 field names; put the .dbf beside the .shp, or state the role in a project file",
                file_name(&companion("dbf"))
            ));
            None
        }
    };
    let mut features = match &mut body {
        ShpBody::Memory(shp) => read_geometries(shp, &spans, shp_path, &mut warnings)?,
        ShpBody::Stream(f) => read_geometries_streamed(f, &spans, shp_path, &mut warnings)?,
    };
    let (fields, encoding) = match table {
        Some(table) => {
            if table.rows.len() != features.len() {
                return Err(ZoneError::format(
                    shp_path,
                    format!(
                        "the .shp has {} records but {} has {}: attributes cannot be matched to \
                         shapes (a unit could get another unit's code); repair the shapefile",
                        features.len(),
                        file_name(&companion("dbf")),
                        table.rows.len()
                    ),
                ));
            }
            let width = table.fields.len();
            attach_attributes(
                &mut features,
                table.rows,
                &table.deleted,
                width,
                &mut warnings,
            );
            warnings.extend(table.warnings);
            (table.fields, Some(table.encoding))
        }
        None => (Vec::new(), None),
    };
    layer_crs::check_finite(&features, shp_path)?;
    layer_crs::transform_features(&mut features, &crs.crs, shp_path)?;
    if features.is_empty() {
        warnings.push(crate::io::NO_FEATURES_WARNING.to_string());
    }

    let name = layer_name(source);
    let geometry_kind = layer_crs::geometry_kind(&features);
    let role = detect_role(&fields, geometry_kind, &name);
    Ok(Layer {
        name,
        path: source.path.clone(),
        member: source.member.clone(),
        dataset: None,
        format: if source.member.is_some() {
            SourceFormat::ZippedShapefile
        } else {
            SourceFormat::Shapefile
        },
        geometry_kind,
        source_geometry_type: header.shape_type.to_string(),
        fields,
        features,
        crs,
        encoding,
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

/// The CRS the .prj names. Text after the WKT's closing bracket (a note a tool appended) is
/// ignored with a warning, as GDAL ignores it. A .prj that still cannot be read (garbage, a
/// projection zonecheck does not know) counts as no .prj, with a warning: the CRS is then
/// guessed from the coordinates, or asked for.
fn prj_crs(prj: &[u8], prj_path: &Path, warnings: &mut Vec<String>) -> Option<CrsInfo> {
    let (text, _) = decode_text(prj, None).ok()?;
    let found = |crs| {
        Some(CrsInfo {
            crs,
            origin: CrsOrigin::PrjFile,
        })
    };
    let error = match Crs::from_wkt(&text) {
        Ok(crs) => return found(crs),
        Err(e) => e,
    };
    if let Some((wkt, rest)) = split_after_wkt(&text)
        && let Ok(crs) = Crs::from_wkt(wkt)
    {
        warnings.push(format!(
            "{} has text after its WKT ({:?}): ignored",
            file_name(prj_path),
            quote(rest.trim())
        ));
        return found(crs);
    }
    let why = match error {
        ZoneError::Crs { message, .. } => message,
        other => other.to_string(),
    };
    warnings.push(format!(
        "{} cannot be read ({why}): treated as missing; state the layer's CRS if the guess \
         is wrong",
        file_name(prj_path)
    ));
    None
}

/// The WKT up to the bracket that closes its first keyword, and what follows, when something
/// does.
fn split_after_wkt(text: &str) -> Option<(&str, &str)> {
    let mut depth = 0usize;
    let mut in_quotes = false;
    for (i, c) in text.char_indices() {
        match c {
            '"' => in_quotes = !in_quotes,
            '[' | '(' if !in_quotes => depth += 1,
            ']' | ')' if !in_quotes => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    let (wkt, rest) = text.split_at(i + c.len_utf8());
                    return (!rest.trim().is_empty()).then_some((wkt, rest));
                }
            }
            _ => {}
        }
    }
    None
}

/// Parses every record in parallel; an error names the record (0-based, as the fid).
fn read_geometries(
    shp: &[u8],
    spans: &[RecordSpan],
    path: &Path,
    warnings: &mut Vec<String>,
) -> Result<Vec<Feature>> {
    let mut converted = Vec::with_capacity(spans.len());
    convert_records(shp, 0, spans, &mut converted, path)?;
    finish_geometries(converted, warnings)
}

/// As `read_geometries`, reading the records from the file a window at a time.
fn read_geometries_streamed(
    shp: &mut ShpFile,
    spans: &[RecordSpan],
    path: &Path,
    warnings: &mut Vec<String>,
) -> Result<Vec<Feature>> {
    let mut converted = Vec::with_capacity(spans.len());
    shp.for_each_window(spans, &mut |window, base, run| {
        convert_records(window, base, run, &mut converted, path)
    })?;
    finish_geometries(converted, warnings)
}

/// Parses records `spans` in parallel from `bytes`, which holds the file from byte `base` on,
/// appending them to `out` (numbered on from its length). Written in place: a vector per
/// window, copied over and freed, was zeroed afresh each time (5 % of a national query run).
fn convert_records(
    bytes: &[u8],
    base: usize,
    spans: &[RecordSpan],
    out: &mut Vec<Converted>,
    path: &Path,
) -> Result<()> {
    let first_index = out.len();
    // The failing record with the lowest number, so that the error is the same on every run.
    let first_error: std::sync::Mutex<Option<(usize, ZoneError)>> = Default::default();
    out.par_extend(spans.par_iter().enumerate().map(|(k, span)| {
        let i = first_index + k;
        convert_record(bytes, base, span, i, path).unwrap_or_else(|e| {
            let mut first = first_error.lock().unwrap_or_else(|p| p.into_inner());
            if first.as_ref().is_none_or(|(at, _)| i < *at) {
                *first = Some((i, e));
            }
            Converted::default()
        })
    }));
    match first_error.into_inner().unwrap_or_else(|p| p.into_inner()) {
        Some((_, e)) => Err(e),
        None => Ok(()),
    }
}

/// Record `i` (at `span`) from `bytes`, which holds the file from byte `base` on.
fn convert_record(
    bytes: &[u8],
    base: usize,
    span: &RecordSpan,
    i: usize,
    path: &Path,
) -> Result<Converted> {
    // `record_spans` (or the window) checked every span lies inside the bytes.
    let content = &bytes[span.offset - base + 8..span.end() - base];
    let corrupt = |why: String| ZoneError::format(path, format!("record {i} is corrupt: {why}"));
    check_declared_counts(content).map_err(corrupt)?;
    if let Some(converted) = convert_plain_record(content) {
        return converted.map_err(corrupt);
    }
    let mut cursor = Cursor::new(content);
    let shape = Shape::read_from(&mut cursor, span.len as i32)
        .map_err(|e| corrupt(describe_shp_error(&e)))?;
    Ok(convert_shape(&shape))
}

/// Features from the converted records, with warnings for what was dropped.
fn finish_geometries(
    converted: Vec<Converted>,
    warnings: &mut Vec<String>,
) -> Result<Vec<Feature>> {
    let degenerate: usize = converted.iter().map(|c| c.degenerate_rings).sum();
    let multipatch = converted.iter().filter(|c| c.multipatch).count();
    if degenerate > 0 {
        warnings.push(format!(
            "{degenerate} polygon rings with fewer than 3 distinct points were dropped"
        ));
    }
    if multipatch > 0 {
        warnings.push(format!(
            "{multipatch} Multipatch records are not supported and have no geometry: export their \
             footprints as polygons to have them checked"
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

/// Gives each feature its DBF row (the counts agree: `read_shapefile_parts` checked) and drops
/// records the DBF marks deleted (as GDAL does).
/// The rows are moved, not copied: a national layer's attribute texts are as large as a third
/// of its coordinates, and two copies were alive at once (issue 12's peak memory).
fn attach_attributes(
    features: &mut Vec<Feature>,
    rows: Vec<Vec<AttrValue>>,
    deleted: &[bool],
    width: usize,
    warnings: &mut Vec<String>,
) {
    let mut keep = Vec::with_capacity(features.len());
    let mut rows = rows.into_iter();
    for (i, f) in features.iter_mut().enumerate() {
        match rows.next() {
            Some(row) => {
                f.attributes = row;
                keep.push(!deleted.get(i).copied().unwrap_or(false));
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
