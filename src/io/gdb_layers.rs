//! File Geodatabase feature classes as zonecheck layers: each class (inside feature datasets
//! too) becomes one `Layer` named after it, rows read in parallel in object-id order (`fid` is
//! the position among live rows; OBJECTID stays an attribute), the CRS taken from the class's
//! spatial reference through the usual WKT recognition, features reprojected to CGCS2000
//! lon/lat. Non-spatial tables are not layers.
//!
//! Not for parsing the format (see `filegdb`) or converting single values (see `gdb_convert`).

use std::path::Path;

use rayon::prelude::*;

use crate::crs::{Crs, CrsInfo, CrsOrigin};
use crate::error::{Result, ZoneError};
use crate::io::LoadOptions;
use crate::io::filegdb::{FieldType, Gdb, GdbError, Table, TableEntry, TableGeometryType, Value};
use crate::io::gdb_convert::{Converted, attr_value, convert_shape, field_kind};
use crate::io::layer_crs::{self, Bounds};
use crate::model::role::detect_role;
use crate::model::{Feature, Field, Layer, SourceFormat};

impl From<GdbError> for ZoneError {
    fn from(e: GdbError) -> ZoneError {
        match e {
            GdbError::Io { path, source } => ZoneError::Io {
                path,
                cause: source,
            },
            GdbError::Format { path, message } | GdbError::Unsupported { path, message } => {
                ZoneError::Format {
                    path,
                    message,
                    fix: None,
                }
            }
            other @ GdbError::NoSuchTable { .. } => ZoneError::Input(other.to_string()),
        }
    }
}

/// Reads the feature classes of the `.gdb` folder `dir` (only `opts.layer` when given).
pub fn read_gdb_dir(dir: &Path, opts: &LoadOptions) -> Result<Vec<Layer>> {
    let gdb = Gdb::open(dir)?;
    layers_of(&gdb, dir, opts)
}

/// Reads a geodatabase unpacked from the archive `archive`: `files` are the files of its
/// `folder` (the `.gdb` folder's path inside the archive).
pub fn read_gdb_files(
    archive: &Path,
    folder: &str,
    files: Vec<(String, Vec<u8>)>,
    opts: &LoadOptions,
) -> Result<Vec<Layer>> {
    let gdb = Gdb::from_files(&archive.join(folder), files)?;
    layers_of(&gdb, archive, opts)
}

/// The classes to read: the one named in `opts.layer`, or every class with geometry. Only the
/// headers are read here; each table is read whole when its turn comes, so one table at a time
/// is in memory. With no class named, tables that cannot be read at all (compressed) are left
/// out and said so in the second list; a named one is an error.
fn chosen_classes<'g>(
    gdb: &'g Gdb,
    opts: &LoadOptions,
) -> Result<(Vec<&'g TableEntry>, Vec<String>)> {
    let mut spatial = Vec::new();
    let mut plain = Vec::new();
    let mut unreadable = Vec::new();
    let mut first_unreadable = None;
    for entry in gdb.user_tables() {
        if let Some(want) = opts.layer.as_deref()
            && !entry.name.eq_ignore_ascii_case(want.trim())
        {
            continue;
        }
        match gdb.geometry_type(entry) {
            Ok(TableGeometryType::None) => plain.push(entry.name.clone()),
            Ok(_) => spatial.push(entry),
            Err(e @ GdbError::Unsupported { .. }) if opts.layer.is_none() => {
                unreadable.push(format!("{} was not read: {e}", entry.name));
                first_unreadable.get_or_insert(e);
            }
            Err(e) => return Err(e.into()),
        }
    }
    if !spatial.is_empty() {
        return Ok((spatial, unreadable));
    }
    if let Some(e) = first_unreadable {
        return Err(e.into());
    }
    let path = gdb.path();
    let names = |spatial: bool| -> Result<String> {
        let mut out = Vec::new();
        for e in gdb.user_tables() {
            let is_spatial = gdb.geometry_type(e)? != TableGeometryType::None;
            if is_spatial == spatial {
                out.push(e.name.clone());
            }
        }
        Ok(if out.is_empty() {
            "none".to_string()
        } else {
            out.join(", ")
        })
    };
    Err(match opts.layer.as_deref() {
        Some(want) if !plain.is_empty() => ZoneError::Input(format!(
            "{}: {want:?} is a table without geometry, not a layer; its feature classes: {}",
            path.display(),
            names(true)?
        )),
        Some(want) => ZoneError::Input(format!(
            "{}: no feature class named {want:?}; it holds: {}",
            path.display(),
            names(true)?
        )),
        None => ZoneError::format(
            path,
            format!(
                "the geodatabase holds no feature class with geometry (tables: {})",
                names(false)?
            ),
        ),
    })
}

fn layers_of(gdb: &Gdb, layer_path: &Path, opts: &LoadOptions) -> Result<Vec<Layer>> {
    let (classes, unreadable) = chosen_classes(gdb, opts)?;
    classes
        .into_iter()
        .map(|entry| {
            let mut layer = read_class(gdb, entry, &gdb.open_entry(entry)?, layer_path, opts)?;
            // Every layer says what of its geodatabase is missing: a check against it is not
            // against everything the file holds.
            layer.warnings.extend(unreadable.iter().cloned());
            Ok(layer)
        })
        .collect()
}

/// Reads one feature class into a layer.
fn read_class(
    gdb: &Gdb,
    entry: &TableEntry,
    table: &Table,
    layer_path: &Path,
    opts: &LoadOptions,
) -> Result<Layer> {
    let display = table.path().to_path_buf();
    // Warnings about this class, named (its layers share one path); the geodatabase's own
    // (lock files) go first as they are.
    let mut warnings: Vec<String> = table.warnings().to_vec();
    if opts.encoding.is_some() {
        warnings.push(
            "the stated text encoding is not used: FileGDB text is Unicode (UTF-8 or UTF-16); \
             state none for a .gdb"
                .to_string(),
        );
    }
    // Attribute columns: everything but geometry, rasters and binary blobs.
    let columns: Vec<(usize, Field, bool)> = table
        .fields()
        .iter()
        .enumerate()
        .filter_map(|(i, f)| {
            field_kind(f.field_type).map(|kind| {
                let field = Field::new(f.name.trim(), kind).with_alias(f.alias.as_deref());
                (i, field, f.field_type == FieldType::Float32)
            })
        })
        .collect();
    let skipped: Vec<&str> = table
        .fields()
        .iter()
        .filter(|f| matches!(f.field_type, FieldType::Binary | FieldType::Raster))
        .map(|f| f.name.as_str())
        .collect();
    if !skipped.is_empty() {
        warnings.push(format!(
            "binary and raster fields are not shown: {} (to see or map them, convert them to \
             text fields in a copy, e.g. in ArcGIS or QGIS)",
            skipped.join(", ")
        ));
    }
    let geometry_index = table.header().geometry_index();
    let rows: Vec<(Feature, Converted)> = (0..table.row_count())
        .into_par_iter()
        .map(|i| {
            let row = table.row(i)?;
            let oid = row.oid;
            let mut values: Vec<Value<'_>> = row.values;
            let mut converted = match geometry_index.map(|g| &values[g]) {
                Some(Value::Geometry(blob)) => match table.shape(oid, blob, None)? {
                    Some(shape) => convert_shape(shape),
                    None => Converted::default(),
                },
                _ => Converted::default(),
            };
            let geometry = converted.geometry.take();
            let attributes = columns
                .iter()
                .map(|(c, _, f32)| {
                    attr_value(std::mem::replace(&mut values[*c], Value::Null), *f32)
                })
                .collect();
            Ok((
                Feature {
                    geometry,
                    attributes,
                },
                converted,
            ))
        })
        .collect::<Result<_>>()?;
    let (mut features, notes): (Vec<Feature>, Vec<Converted>) = rows.into_iter().unzip();
    shape_warnings(&notes, table, &mut warnings);

    let crs = layer_crs_of(gdb, entry, table, &features, &display, opts, &mut warnings)?;
    layer_crs::check_finite(&features, &display)?;
    layer_crs::transform_features(&mut features, &crs.crs, &display)?;
    if features.is_empty() {
        warnings.push(crate::io::NO_FEATURES_WARNING.to_string());
    }
    let warnings: Vec<String> = gdb
        .warnings()
        .iter()
        .cloned()
        .chain(warnings.into_iter().map(|w| {
            if w.starts_with("table ") {
                w
            } else {
                format!("{}: {w}", entry.name)
            }
        }))
        .collect();
    let fields: Vec<Field> = columns.into_iter().map(|(_, f, _)| f).collect();
    let geometry_kind = layer_crs::geometry_kind(&features);
    let role = detect_role(&fields, geometry_kind, &entry.name);
    let header = table.header();
    let zm = match (header.has_z, header.has_m) {
        (true, true) => "ZM",
        (true, false) => "Z",
        (false, true) => "M",
        (false, false) => "",
    };
    Ok(Layer {
        name: entry.name.clone(),
        path: layer_path.to_path_buf(),
        member: Some(entry.name.clone()),
        dataset: entry.dataset.clone(),
        format: SourceFormat::FileGdb,
        geometry_kind,
        source_geometry_type: format!("{}{zm}", table.geometry_type().label()),
        fields,
        features,
        crs,
        encoding: None,
        role,
        warnings,
    })
}

fn shape_warnings(notes: &[Converted], table: &Table, warnings: &mut Vec<String>) {
    let sum = |f: fn(&Converted) -> usize| notes.iter().map(f).sum::<usize>();
    let curves = sum(|c| c.curves);
    if curves > 0 {
        let tol = table
            .geometry_info()
            .map(crate::io::filegdb::table::default_tolerance)
            .unwrap_or(0.0);
        warnings.push(format!(
            "{curves} curve segments (arcs, Béziers) were replaced by straight segments that stay within {tol} (the feature class's XY tolerance, in its units) of the true curve"
        ));
    }
    let ellipses = sum(|c| c.ellipses);
    if ellipses > 0 {
        warnings.push(format!(
            "{ellipses} elliptic arcs cannot be read and were replaced by the straight line between their ends: those shapes are approximate; densify them in a copy (ArcGIS Densify, or export from QGIS) for exact areas"
        ));
    }
    let degenerate = sum(|c| c.degenerate_rings);
    if degenerate > 0 {
        warnings.push(format!(
            "{degenerate} polygon rings with fewer than 3 distinct points were dropped"
        ));
    }
    let multipatch = notes.iter().filter(|c| c.multipatch).count();
    if multipatch > 0 {
        warnings.push(format!(
            "{multipatch} Multipatch (3-D) shapes are not supported and have no geometry: export \
             their footprints as polygons (ArcGIS Multipatch Footprint) to have them checked"
        ));
    }
}

/// The CRS: stated > the class's spatial reference (WKT, else its WKID) > a guess from the
/// declared extent.
fn layer_crs_of(
    gdb: &Gdb,
    entry: &TableEntry,
    table: &Table,
    features: &[Feature],
    display: &Path,
    opts: &LoadOptions,
    warnings: &mut Vec<String>,
) -> Result<CrsInfo> {
    let from_file = match opts.crs {
        Some(_) => None,
        None => file_crs(gdb, entry, table, display)?.map(|crs| CrsInfo {
            crs,
            origin: CrsOrigin::FileGdb,
        }),
    };
    let declared = table.geometry_info().map(|g| g.extent);
    let bounds = match declared {
        Some([x0, y0, x1, y1]) if [x0, y0, x1, y1].iter().all(|v| v.is_finite()) => Some(Bounds {
            min_x: x0,
            min_y: y0,
            max_x: x1,
            max_y: y1,
        }),
        _ => Bounds::of_features(features),
    };
    let crs = layer_crs::decide_crs(display, opts.crs.as_ref(), from_file, bounds, warnings)?;
    warnings.extend(crs.crs.datum_warning());
    Ok(crs)
}

/// The class's own CRS: its WKT through the usual recognition, else its WKID as an EPSG code;
/// `None` when it names none ("Unknown").
fn file_crs(gdb: &Gdb, entry: &TableEntry, table: &Table, display: &Path) -> Result<Option<Crs>> {
    let srs = gdb.spatial_reference(entry, table);
    let by_wkt = srs.wkt.as_deref().map(Crs::from_wkt);
    let by_code = || srs.code().and_then(|c| Crs::from_epsg(c).ok());
    let why = match by_wkt {
        None if srs.code().is_none() => return Ok(None),
        Some(Ok(crs)) => return Ok(Some(crs)),
        Some(Err(e)) => format!("cannot read its spatial reference: {e}"),
        None => format!(
            "its spatial reference is WKID {}, which zonecheck does not know",
            srs.code().unwrap_or_default()
        ),
    };
    match by_code() {
        Some(crs) => Ok(Some(crs)),
        None => Err(ZoneError::crs(
            display.display().to_string(),
            format!(
                "table {}: {why}; state the CRS with --crs (e.g. --crs EPSG:4527)",
                entry.name
            ),
        )),
    }
}
