//! Shared by every reader: decide a layer's CRS (stated, from the file, or guessed from the
//! extent), check coordinates are finite, and transform features to CGCS2000 lon/lat in parallel.
//!
//! Not for recognising CRSs (see `crs`): this only applies the order of precedence and words the
//! warnings.

use std::path::Path;

use geo::Geometry;
use rayon::prelude::*;

use crate::crs::{Crs, CrsInfo, CrsOrigin, Transform};
use crate::error::{Fix, Result, ZoneError};
use crate::model::coord_runs::{all_finite, extend_bounds};
use crate::model::{Feature, GeometryKind};

/// An extent in the file's own coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub min_x: f64,
    pub min_y: f64,
    pub max_x: f64,
    pub max_y: f64,
}

impl Bounds {
    /// The extent of every coordinate of `features`, or `None` when there is none.
    pub fn of_features(features: &[Feature]) -> Option<Bounds> {
        let mut b = None;
        for g in features.iter().filter_map(|f| f.geometry.as_ref()) {
            extend_bounds(g, &mut b);
        }
        b.map(|[min_x, min_y, max_x, max_y]| Bounds {
            min_x,
            min_y,
            max_x,
            max_y,
        })
    }
}

/// How the warning about a guessed CRS begins: the app words its own notice in the interface
/// language instead (`present::guessed_crs_notice`) and leaves this one out.
pub const GUESSED_CRS_WARNING: &str = "no CRS in the file: CRS guessed as";

/// Decides the CRS of a layer read from `source`: a stated CRS wins; else the one the file
/// names; else a guess from `bounds` (with a warning); else an error asking the user to state it.
pub fn decide_crs(
    source: &Path,
    stated: Option<&Crs>,
    from_file: Option<CrsInfo>,
    bounds: Option<Bounds>,
    warnings: &mut Vec<String>,
) -> Result<CrsInfo> {
    if let Some(crs) = stated {
        if let Some(file) = from_file.as_ref().filter(|f| f.crs.proj4 != crs.proj4) {
            warnings.push(format!(
                "the stated CRS {} overrides the file's own {} ({}); state none to use the \
                 file's",
                crs.label(),
                file.crs.label(),
                file.origin.describe()
            ));
        }
        return Ok(CrsInfo {
            crs: crs.clone(),
            origin: CrsOrigin::Stated,
        });
    }
    if let Some(info) = from_file {
        return Ok(info);
    }
    let Some(b) = bounds else {
        warnings.push(
            "no coordinates and no CRS: CGCS2000 lon/lat assumed (state the layer's CRS if \
             features are added to it)"
                .to_string(),
        );
        return Ok(CrsInfo {
            crs: Crs::cgcs2000(),
            origin: CrsOrigin::Guessed("no coordinates to guess from".into()),
        });
    };
    match crate::crs::guess_crs(b.min_x, b.min_y, b.max_x, b.max_y) {
        Some((crs, why)) => {
            warnings.push(format!(
                "{GUESSED_CRS_WARNING} {} (because {why}); state the layer's CRS if wrong",
                crs.label()
            ));
            Ok(CrsInfo {
                crs,
                origin: CrsOrigin::Guessed(why),
            })
        }
        None => Err(ZoneError::crs(
            source.display().to_string(),
            format!(
                "the file names no CRS and it cannot be guessed: {}",
                crate::crs::guess::explain_no_guess(b.min_x, b.min_y, b.max_x, b.max_y)
            ),
        )
        .with_fix(Fix::StateLayerCrs {
            example: crate::crs::guess::example_for_no_guess(b.min_x, b.min_y, b.max_x, b.max_y),
        })),
    }
}

/// The steps every reader ends with: decide the CRS (`decide_crs`), add its datum warning,
/// check coordinates are finite and transform the features to CGCS2000 lon/lat in place.
pub fn georeference(
    features: &mut [Feature],
    stated: Option<&Crs>,
    from_file: Option<CrsInfo>,
    source: &Path,
    warnings: &mut Vec<String>,
) -> Result<CrsInfo> {
    let bounds = Bounds::of_features(features);
    let crs = decide_crs(source, stated, from_file, bounds, warnings)?;
    warnings.extend(crs.crs.datum_warning());
    check_finite(features, source)?;
    transform_features(features, &crs.crs, source)?;
    Ok(crs)
}

/// Errors on the first feature holding a NaN or infinite coordinate, naming it.
pub fn check_finite(features: &[Feature], source: &Path) -> Result<()> {
    let bad = features
        .par_iter()
        .position_first(|f| f.geometry.as_ref().is_some_and(|g| !all_finite(g)));
    match bad {
        Some(i) => Err(ZoneError::format(
            source,
            format!("feature {i} has a coordinate that is not a finite number (NaN or infinite)"),
        )),
        None => Ok(()),
    }
}

/// Features per parallel work item: large enough that building a transform per item is noise.
const CHUNK: usize = 512;

/// Transforms every feature from `crs` to CGCS2000 lon/lat in place, in parallel; an error names
/// the feature.
pub fn transform_features(features: &mut [Feature], crs: &Crs, source: &Path) -> Result<()> {
    // Build once up front so a bad CRS fails once, with its own message.
    let first = Transform::to_lonlat(crs)?;
    if features.len() <= CHUNK {
        return transform_chunk(features, 0, &first, source);
    }
    features
        .par_chunks_mut(CHUNK)
        .enumerate()
        .try_for_each(|(k, chunk)| {
            let t = Transform::to_lonlat(crs)?;
            transform_chunk(chunk, k * CHUNK, &t, source)
        })
}

fn transform_chunk(
    chunk: &mut [Feature],
    first_index: usize,
    t: &Transform,
    source: &Path,
) -> Result<()> {
    for (i, f) in chunk.iter_mut().enumerate() {
        if let Some(g) = f.geometry.as_mut() {
            let fid = first_index + i;
            t.geometry(g).map_err(|e| {
                ZoneError::format(
                    source,
                    format!("feature {fid}: cannot transform to lon/lat: {e}"),
                )
            })?;
            if !all_finite(g) {
                return Err(ZoneError::format(
                    source,
                    format!(
                        "feature {fid}: coordinates fall outside the CRS's valid area (transform gave no finite result)"
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// The broad geometry kind of a set of features.
pub fn geometry_kind(features: &[Feature]) -> GeometryKind {
    let mut kind: Option<GeometryKind> = None;
    for g in features.iter().filter_map(|f| f.geometry.as_ref()) {
        let k = kind_of(g);
        match kind {
            None => kind = Some(k),
            Some(prev) if prev != k => return GeometryKind::Mixed,
            _ => {}
        }
    }
    kind.unwrap_or(GeometryKind::Empty)
}

fn kind_of(g: &Geometry<f64>) -> GeometryKind {
    match g {
        Geometry::Point(_) | Geometry::MultiPoint(_) => GeometryKind::Point,
        Geometry::Line(_) | Geometry::LineString(_) | Geometry::MultiLineString(_) => {
            GeometryKind::Line
        }
        Geometry::Polygon(_)
        | Geometry::MultiPolygon(_)
        | Geometry::Rect(_)
        | Geometry::Triangle(_) => GeometryKind::Polygon,
        Geometry::GeometryCollection(gc) => {
            let mut kinds = gc.0.iter().map(kind_of);
            match kinds.next() {
                Some(first) if kinds.all(|k| k == first) => first,
                Some(_) => GeometryKind::Mixed,
                None => GeometryKind::Empty,
            }
        }
    }
}
