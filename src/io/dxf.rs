//! DXF site plans from CAD (the `dxf` crate): model-space LWPOLYLINE and POLYLINE (closed ones as
//! polygons, bulges as densified arcs), LINE, ARC and CIRCLE (a polygon), TEXT and MTEXT as
//! points carrying their text, each with its DXF layer. Strings are decoded as `$DWGCODEPAGE`
//! says (see `dxf_text`). `LoadOptions::layer` keeps one DXF layer.
//!
//! Coordinates are the drawing's own, Gauss-Kruger metres in practice: a zone-prefixed easting
//! gives the zone, otherwise the CRS must be stated (the same guess and error as for a .shp
//! without .prj). Not for blocks (INSERTs are counted, not expanded), paper space, splines,
//! ellipses, hatches, or DWG.

use std::collections::BTreeMap;
use std::path::Path;

use dxf::entities::{Entity, EntityType};
use geo::{Coord, Geometry, LineString, Point};

use crate::error::{Result, ZoneError};
use crate::io::LoadOptions;
use crate::io::dxf_geometry::{SAGITTA_M, arc_points, polyline_points};
use crate::io::dxf_tame::tame_for_dxf_crate;
use crate::io::dxf_text::{plain_mtext, plain_text, scan_header, string_encoding};
use crate::io::layer_crs;
use crate::io::layer_parts::{LayerParts, file_stem};
use crate::io::layer_select::{no_such_layer, same_name};
use crate::io::rings::polygons_from_rings;
use crate::model::{AttrValue, Feature, Field, FieldKind, Layer, SourceFormat};

/// The DXF layer field, which `io::site` reads to choose the boundary.
pub const LAYER_FIELD: &str = "layer";
/// The entity type field (`LWPOLYLINE`, `CIRCLE`, `TEXT`…).
pub const ENTITY_FIELD: &str = "entity";
/// Whether a polyline is closed (and so a polygon).
pub const CLOSED_FIELD: &str = "closed";
const TEXT_FIELD: &str = "text";

/// Whether text starting a file looks like an ASCII DXF (`0` / `SECTION`) or a binary one.
pub fn looks_like_dxf(head: &str) -> bool {
    let mut lines = head.lines().map(str::trim);
    head.starts_with("AutoCAD Binary DXF")
        || (lines.next() == Some("0") && lines.next() == Some("SECTION"))
        || head.trim_start().starts_with("999")
}

/// One entity read: its layer, type name, closed flag, text and geometry in drawing units.
struct RawEntity {
    layer: String,
    kind: &'static str,
    closed: bool,
    /// Has arc segments (bulges, ARC, CIRCLE), densified.
    arcs: bool,
    text: Option<String>,
    geometry: Geometry<f64>,
}

/// Reads a .dxf into one layer of its model-space entities.
pub fn read_dxf(path: &Path, opts: &LoadOptions) -> Result<Layer> {
    let bytes = std::fs::read(path).map_err(|e| ZoneError::io(path, e))?;
    let header = scan_header(&bytes);
    let (encoding, encoding_info) =
        string_encoding(&header, &bytes, opts.encoding.as_deref()).map_err(ZoneError::Input)?;
    let tamed = tame_for_dxf_crate(&bytes, encoding);
    let parsed = tamed.as_deref().unwrap_or(&bytes);
    let drawing = dxf::Drawing::load_with_encoding(&mut std::io::Cursor::new(parsed), encoding)
        .map_err(|e| ZoneError::format(path, format!("not a readable DXF drawing: {e}")))?;

    let mut warnings = Vec::new();
    let mut skipped: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut paper_space = 0usize;
    let mut entities = Vec::new();
    for e in drawing.entities() {
        if e.common.is_in_paper_space {
            paper_space += 1;
            continue;
        }
        match entity(e) {
            Ok(raw) => entities.push(raw),
            Err(kind) => *skipped.entry(kind).or_default() += 1,
        }
    }
    if let Some(want) = opts.layer.as_deref() {
        let mut layers: Vec<String> = entities.iter().map(|e| e.layer.clone()).collect();
        layers.sort();
        layers.dedup();
        entities.retain(|e| same_name(&e.layer, want));
        if entities.is_empty() {
            return Err(no_such_layer(path, want, &layers));
        }
    }
    if paper_space > 0 {
        warnings.push(format!(
            "{paper_space} paper-space entities (layout sheets, title blocks) not read: a boundary \
             drawn on a layout must be moved to model space in CAD first"
        ));
    }
    if !skipped.is_empty() {
        let list: Vec<String> = skipped.iter().map(|(k, n)| format!("{n} {k}")).collect();
        warnings.push(format!(
            "entities not read: {}{}",
            list.join(", "),
            if skipped.contains_key("INSERT") {
                " (a boundary inside a block must be exploded in CAD first)"
            } else {
                ""
            }
        ));
    }
    if entities.iter().any(|e| e.arcs) {
        warnings.push(format!(
            "arcs densified into chords within {} mm of the curve",
            SAGITTA_M * 1000.0
        ));
    }

    let fields = vec![
        Field::new(LAYER_FIELD, FieldKind::Text),
        Field::new(ENTITY_FIELD, FieldKind::Text),
        Field::new(CLOSED_FIELD, FieldKind::Bool),
        Field::new(TEXT_FIELD, FieldKind::Text),
    ];
    let mut features: Vec<Feature> = entities
        .into_iter()
        .map(|e| Feature {
            geometry: Some(e.geometry),
            attributes: vec![
                AttrValue::Text(e.layer.into()),
                AttrValue::Text(e.kind.to_string().into()),
                AttrValue::Bool(e.closed),
                e.text
                    .map_or(AttrValue::Null, |t| AttrValue::Text(t.into())),
            ],
        })
        .collect();
    let crs = layer_crs::georeference(&mut features, opts.crs.as_ref(), None, path, &mut warnings)?;
    Ok(LayerParts {
        name: file_stem(path),
        path: path.to_path_buf(),
        member: None,
        format: SourceFormat::Dxf,
        source_geometry_type: version_name(header.acadver.as_deref()),
        fields,
        features,
        crs,
        encoding: Some(encoding_info),
        warnings,
    }
    .into_layer())
}

/// The entity as a raw feature, or the type name of one that is not read.
fn entity(e: &Entity) -> std::result::Result<RawEntity, &'static str> {
    let layer = e.common.layer.trim().to_string();
    let raw = |kind, closed, text, geometry| RawEntity {
        layer: layer.clone(),
        kind,
        closed,
        arcs: matches!(kind, "ARC" | "CIRCLE"),
        text,
        geometry,
    };
    match &e.specific {
        EntityType::LwPolyline(p) => {
            let flip = ocs_flip(p.extrusion_direction.z).ok_or("LWPOLYLINE (tilted)")?;
            let vertices: Vec<(f64, f64, f64)> = p
                .vertices
                .iter()
                .map(|v| (flip * v.x, v.y, flip * v.bulge))
                .collect();
            let arcs = vertices.iter().any(|v| v.2 != 0.0);
            polyline(&vertices, p.is_closed()).map(|(g, closed)| RawEntity {
                arcs,
                ..raw("LWPOLYLINE", closed, None, g)
            })
        }
        EntityType::Polyline(p) => {
            // Polygon and polyface meshes (flags 16 and 64) are 3D surfaces, not outlines.
            if p.flags & (16 | 64) != 0 {
                return Err("POLYLINE (mesh)");
            }
            let flip = ocs_flip(p.normal.z).ok_or("POLYLINE (tilted)")?;
            // Vertex flag 16: a spline frame control point, not on the curve.
            let vertices: Vec<(f64, f64, f64)> = p
                .vertices()
                .filter(|v| v.flags & 16 == 0)
                .map(|v| (flip * v.location.x, v.location.y, flip * v.bulge))
                .collect();
            let arcs = vertices.iter().any(|v| v.2 != 0.0);
            polyline(&vertices, p.is_closed()).map(|(g, closed)| RawEntity {
                arcs,
                ..raw("POLYLINE", closed, None, g)
            })
        }
        EntityType::Line(l) => Ok(raw(
            "LINE",
            false,
            None,
            Geometry::LineString(LineString(vec![
                Coord {
                    x: l.p1.x,
                    y: l.p1.y,
                },
                Coord {
                    x: l.p2.x,
                    y: l.p2.y,
                },
            ])),
        )),
        EntityType::Arc(a) => {
            let flip = ocs_flip(a.normal.z).ok_or("ARC (tilted)")?;
            let (start, end) = (a.start_angle.to_radians(), a.end_angle.to_radians());
            // An arc sweeps counter-clockwise from start to end, less than a turn (a full one
            // when they are equal), however many turns the angles themselves hold (fuzz
            // finding 22: angles of ~1e30° asked for more vertices than memory has).
            let mut sweep = (end - start).rem_euclid(std::f64::consts::TAU);
            if sweep == 0.0 {
                sweep = std::f64::consts::TAU;
            }
            // Angles run counter-clockwise in the entity's own (OCS) plane; a mirrored OCS maps
            // x to −x in the world.
            let center = Coord {
                x: a.center.x,
                y: a.center.y,
            };
            let points: Vec<Coord<f64>> = arc_points(center, a.radius, start, sweep)
                .into_iter()
                .map(|c| Coord {
                    x: flip * c.x,
                    y: c.y,
                })
                .collect();
            Ok(raw(
                "ARC",
                false,
                None,
                Geometry::LineString(LineString(points)),
            ))
        }
        EntityType::Circle(c) => {
            let flip = ocs_flip(c.normal.z).ok_or("CIRCLE (tilted)")?;
            let center = Coord {
                x: flip * c.center.x,
                y: c.center.y,
            };
            let ring = arc_points(center, c.radius, 0.0, std::f64::consts::TAU);
            let g = polygons_from_rings(vec![LineString(ring)])
                .0
                .ok_or("CIRCLE (radius 0)")?;
            Ok(raw("CIRCLE", true, None, g))
        }
        EntityType::Text(t) => {
            let flip = ocs_flip(t.normal.z).ok_or("TEXT (tilted)")?;
            let at = Point::new(flip * t.location.x, t.location.y);
            Ok(raw(
                "TEXT",
                false,
                Some(plain_text(&t.value)),
                Geometry::Point(at),
            ))
        }
        EntityType::MText(t) => {
            let mut value = t.extended_text.concat();
            value.push_str(&t.text);
            let at = Point::new(t.insertion_point.x, t.insertion_point.y);
            Ok(raw(
                "MTEXT",
                false,
                Some(plain_mtext(&value)),
                Geometry::Point(at),
            ))
        }
        EntityType::Insert(_) => Err("INSERT"),
        EntityType::Spline(_) => Err("SPLINE"),
        EntityType::Ellipse(_) => Err("ELLIPSE"),
        EntityType::Solid(_) | EntityType::Trace(_) => Err("SOLID/TRACE"),
        EntityType::RotatedDimension(_)
        | EntityType::RadialDimension(_)
        | EntityType::DiameterDimension(_)
        | EntityType::AngularThreePointDimension(_)
        | EntityType::OrdinateDimension(_)
        | EntityType::Leader(_) => Err("DIMENSION/LEADER"),
        _ => Err("other"),
    }
}

/// `DXF R2000 (AC1015)` for `info`.
fn version_name(acadver: Option<&str>) -> String {
    let Some(code) = acadver else {
        return "DXF (no $ACADVER)".to_string();
    };
    let release = match code {
        "AC1009" => "R12",
        "AC1012" => "R13",
        "AC1014" => "R14",
        "AC1015" => "R2000",
        "AC1018" => "R2004",
        "AC1021" => "R2007",
        "AC1024" => "R2010",
        "AC1027" => "R2013",
        "AC1032" => "R2018",
        _ => return format!("DXF {code}"),
    };
    format!("DXF {release} ({code})")
}

/// +1 for entities in the world's own XY plane (extrusion +Z), −1 for mirrored ones (extrusion
/// −Z, whose OCS X axis points west), `None` for anything tilted out of the plane.
fn ocs_flip(extrusion_z: f64) -> Option<f64> {
    if (extrusion_z - 1.0).abs() < 1e-9 {
        Some(1.0)
    } else if (extrusion_z + 1.0).abs() < 1e-9 {
        Some(-1.0)
    } else {
        None
    }
}

/// A polyline's geometry and whether it is closed: a closed one with three or more distinct
/// points is a polygon, anything else a line.
fn polyline(
    vertices: &[(f64, f64, f64)],
    closed_flag: bool,
) -> std::result::Result<(Geometry<f64>, bool), &'static str> {
    if vertices.is_empty() {
        return Err("POLYLINE (no vertices)");
    }
    // Drawn closed by repeating the first vertex instead of setting the flag: closed too.
    let repeats_first = vertices.len() > 3
        && vertices.first().map(|v| (v.0, v.1)) == vertices.last().map(|v| (v.0, v.1));
    let points = polyline_points(vertices, closed_flag && !repeats_first);
    if (closed_flag || repeats_first)
        && let Some(polygon) = polygons_from_rings(vec![LineString(points.clone())]).0
    {
        return Ok((polygon, true));
    }
    Ok((Geometry::LineString(LineString(points)), false))
}
