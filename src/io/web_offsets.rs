//! Moving lon/lat written in a Chinese web-map frame (GCJ-02: Amap, Tencent, Ovital since 9.3;
//! BD-09: Baidu) back to CGCS2000 after a layer is read, with a warning that says so and by how
//! much. Ovital's .ovkml/.ovkmz are GCJ-02 unless the user says otherwise.
//!
//! Not for the offset formulas themselves (see `crs::china_offsets`).

use geo::{CoordsIter, MapCoordsInPlace};

use crate::crs::{CoordSource, to_cgcs2000};
use crate::error::Result;
use crate::model::Layer;

/// How the warning about Ovital's GCJ-02 default ends: a face appends how to say the file is not
/// shifted (the command line names `--lonlat-source wgs84`).
pub const OVITAL_NOT_SHIFTED_HINT: &str =
    "if this file is not shifted (Ovital before 9.3), state its lon/lat source as wgs84";

/// Applies the frame `stated` (else GCJ-02 when `ovital`, else nothing) to `layer`'s lon/lat.
/// A web-map frame stated for a projected layer is not applied, with a warning: the offsets
/// exist only in lon/lat, and one statement may cover several layers (a command line's
/// `--lonlat-source`), projected ones among them.
pub fn apply(layer: &mut Layer, stated: Option<CoordSource>, ovital: bool) -> Result<()> {
    let source = match (stated, ovital) {
        (Some(s), _) => s,
        (None, true) => CoordSource::Gcj02,
        (None, false) => return Ok(()),
    };
    if source == CoordSource::Cgcs2000 {
        if ovital {
            layer.warnings.push(
                "stated as not shifted: the Ovital coordinates are used as CGCS2000 lon/lat without the GCJ-02 correction"
                    .to_string(),
            );
        }
        return Ok(());
    }
    let frame = match source {
        CoordSource::Gcj02 => "GCJ-02",
        _ => "BD-09",
    };
    if !layer.crs.crs.geographic {
        layer.warnings.push(format!(
            "{frame} was stated as the lon/lat source, but the layer's coordinates are projected \
             ({}): web-map offsets exist only in lon/lat, so none was applied; drop the \
             lon/lat source for this layer",
            layer.crs.crs.label()
        ));
        return Ok(());
    }
    let first = first_coord(layer);
    for f in &mut layer.features {
        if let Some(g) = f.geometry.as_mut() {
            g.map_coords_in_place(|c| {
                let (x, y) = to_cgcs2000(c.x, c.y, source);
                geo::coord! { x: x, y: y }
            });
        }
    }
    let moved = match (first, first_coord(layer)) {
        (Some(a), Some(b)) => format!(
            " (the first point moved {:.0} m)",
            crate::query::measure::distance_geodesic_m(a, b)
        ),
        _ => String::new(),
    };
    layer.warnings.push(if ovital && stated.is_none() {
        format!(
            "Ovital (奥维互动地图) writes GCJ-02 lon/lat into .ovkml/.ovkmz since version 9.3: converted from GCJ-02 to CGCS2000{moved}; {OVITAL_NOT_SHIFTED_HINT}"
        )
    } else {
        format!("stated as {frame} lon/lat: converted to CGCS2000{moved}")
    });
    Ok(())
}

fn first_coord(layer: &Layer) -> Option<geo::Coord<f64>> {
    layer
        .features
        .iter()
        .filter_map(|f| f.geometry.as_ref())
        .find_map(|g| g.coords_iter().next())
}
