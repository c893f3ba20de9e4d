//! A project site (the area an EIA is about) from any readable file or pasted coordinates: every
//! polygon feature unioned into one MultiPolygon, or the points/lines when there is no polygon,
//! with each feature kept as a named parcel.
//!
//! Not for overlay or distances (see `query`).

use std::path::Path;

use geo::{Geometry, MultiLineString, MultiPoint, MultiPolygon, Polygon};

use crate::crs::CrsInfo;
use crate::error::{Result, ZoneError};
use crate::io::coord_list::CoordList;
use crate::io::{LoadOptions, load_layers};
use crate::model::{AttrValue, Layer, SourceFormat};

/// One part of a site as the file gave it (an exchange-text parcel, a shapefile feature).
#[derive(Debug, Clone)]
pub struct Parcel {
    /// A readable name: 地块名称/地块编号, the mapped name field, else `layer #fid`.
    pub name: String,
    /// CGCS2000 lon/lat.
    pub geometry: Geometry<f64>,
    /// The feature's attributes as (field, value) pairs.
    pub attributes: Vec<(String, AttrValue)>,
}

/// A project site ready for overlay.
#[derive(Debug, Clone)]
pub struct Site {
    /// The file stem (or the name given to pasted coordinates).
    pub name: String,
    /// CGCS2000 lon/lat: a MultiPolygon when any polygon was given, else the points or lines.
    pub geometry: Geometry<f64>,
    /// The source's own CRS and how it was found.
    pub crs: CrsInfo,
    pub parcels: Vec<Parcel>,
    pub warnings: Vec<String>,
}

/// Reads a site from any file `load_layers` reads. From a CAD drawing only the boundary is
/// taken (see `dxf_site`). A fix an error carries is aimed at the site file (its CRS is stated
/// apart from the layers').
pub fn load_site(path: &Path, opts: &LoadOptions) -> Result<Site> {
    let (path, opts) = crate::io::layer_select::split_layer_suffix(path, opts)?;
    let path = path.as_path();
    let mut layers = load_layers(path, &opts).map_err(ZoneError::for_site)?;
    for layer in layers.iter_mut().filter(|l| l.format == SourceFormat::Dxf) {
        crate::io::dxf_site::keep_boundary(layer, opts.layer.is_some())?;
    }
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    site_from_layers(&name, &layers).map_err(|e| match e {
        ZoneError::Input(m) => ZoneError::format(path, m),
        other => other,
    })
}

/// A site from pasted coordinates.
pub fn site_from_coord_list(name: &str, list: CoordList) -> Site {
    Site {
        name: name.to_string(),
        parcels: vec![Parcel {
            name: name.to_string(),
            geometry: list.geometry.clone(),
            attributes: Vec::new(),
        }],
        geometry: match list.geometry {
            Geometry::Polygon(p) => Geometry::MultiPolygon(MultiPolygon(vec![p])),
            g => g,
        },
        crs: list.crs,
        warnings: list.warnings,
    }
}

/// A site from loaded layers: polygons unioned; else all lines; else all points.
pub fn site_from_layers(name: &str, layers: &[Layer]) -> Result<Site> {
    let first = layers
        .first()
        .ok_or_else(|| ZoneError::Input("no layer to make a site from".into()))?;
    let mut parcels = Vec::new();
    let mut warnings = Vec::new();
    for layer in layers {
        warnings.extend(
            layer
                .warnings
                .iter()
                .map(|w| format!("{}: {w}", layer.path.display())),
        );
        for (fid, f) in layer.features.iter().enumerate() {
            let Some(g) = f.geometry.clone() else {
                continue;
            };
            parcels.push(Parcel {
                name: parcel_name(layer, fid),
                geometry: g,
                attributes: layer
                    .attributes(fid)
                    .into_iter()
                    .map(|(k, v)| (k.to_string(), v.clone()))
                    .collect(),
            });
        }
    }
    let geometry = site_geometry(&parcels)
        .ok_or_else(|| ZoneError::Input("the file has no geometry to make a site from".into()))?;
    Ok(Site {
        name: name.to_string(),
        geometry,
        crs: first.crs.clone(),
        parcels,
        warnings,
    })
}

fn parcel_name(layer: &Layer, fid: usize) -> String {
    let by_field = |field: &str| layer.text(fid, Some(field));
    by_field("地块名称")
        .or_else(|| by_field("地块编号"))
        .or_else(|| layer.feature_name(fid))
        .unwrap_or_else(|| format!("{} #{fid}", layer.name))
}

fn site_geometry(parcels: &[Parcel]) -> Option<Geometry<f64>> {
    let mut polygons: Vec<Polygon<f64>> = Vec::new();
    let mut lines = Vec::new();
    let mut points = Vec::new();
    for p in parcels {
        collect(&p.geometry, &mut polygons, &mut lines, &mut points);
    }
    if !polygons.is_empty() {
        let union = if polygons.len() == 1 {
            MultiPolygon(polygons)
        } else {
            crate::io::overlay_kernel::union(&polygons)
        };
        return Some(Geometry::MultiPolygon(union));
    }
    if !lines.is_empty() {
        return Some(Geometry::MultiLineString(MultiLineString(lines)));
    }
    match points.len() {
        0 => None,
        1 => points.pop().map(Geometry::Point),
        _ => Some(Geometry::MultiPoint(MultiPoint(points))),
    }
}

fn collect(
    g: &Geometry<f64>,
    polygons: &mut Vec<Polygon<f64>>,
    lines: &mut Vec<geo::LineString<f64>>,
    points: &mut Vec<geo::Point<f64>>,
) {
    match g {
        Geometry::Polygon(p) => polygons.push(p.clone()),
        Geometry::MultiPolygon(mp) => polygons.extend(mp.0.iter().cloned()),
        Geometry::Rect(r) => polygons.push(r.to_polygon()),
        Geometry::Triangle(t) => polygons.push(t.to_polygon()),
        Geometry::LineString(l) => lines.push(l.clone()),
        Geometry::MultiLineString(ml) => lines.extend(ml.0.iter().cloned()),
        Geometry::Line(l) => lines.push(geo::LineString::from(vec![l.start, l.end])),
        Geometry::Point(p) => points.push(*p),
        Geometry::MultiPoint(mp) => points.extend(mp.0.iter().copied()),
        Geometry::GeometryCollection(gc) => {
            for g in &gc.0 {
                collect(g, polygons, lines, points);
            }
        }
    }
}
