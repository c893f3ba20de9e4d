//! Which parts of a CAD site plan are the project site: the closed polylines (and circles) of the
//! layer the user named, else of layers named like a boundary (红线, 用地, 征地, 范围, 边界, 界址,
//! boundary — in that order of preference), else the single largest closed polyline. What was
//! taken is said in a warning; the rest of the drawing (roads, frames, labels) is left out.
//!
//! Not for reading DXF (see `dxf`) or for sites from other formats (see `site`).

use std::collections::BTreeSet;

use geo::{Geometry, MultiPolygon};

use crate::error::{Result, ZoneError};
use crate::io::dxf::{CLOSED_FIELD, ENTITY_FIELD, LAYER_FIELD};
use crate::model::{AttrValue, Layer};
use crate::query::measure::area_ellipsoidal_m2;

/// Layer-name fragments that mark a site boundary, most telling first.
const BOUNDARY_WORDS: [&str; 7] = ["红线", "用地", "征地", "范围", "边界", "界址", "boundary"];

/// Keeps only the features of `layer` (read from a DXF) that make the site, with a warning
/// saying which; `layer_stated` when the user named the DXF layer (already filtered to it).
pub fn keep_boundary(layer: &mut Layer, layer_stated: bool) -> Result<()> {
    let text = |fid: usize, field: &str| layer.text(fid, Some(field)).unwrap_or_default();
    let closed: Vec<usize> = (0..layer.features.len())
        .filter(|&fid| {
            let f = &layer.features[fid];
            let flag = layer
                .field_index(CLOSED_FIELD)
                .and_then(|i| f.attributes.get(i))
                .is_some_and(|v| *v == AttrValue::Bool(true));
            flag && matches!(f.geometry, Some(Geometry::Polygon(_)))
        })
        .collect();
    if closed.is_empty() {
        let mut kinds: Vec<String> = (0..layer.features.len())
            .map(|fid| text(fid, ENTITY_FIELD))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        if kinds.is_empty() {
            kinds.push("nothing".into());
        }
        return Err(ZoneError::format(
            &layer.path,
            format!(
                "no closed polyline (LWPOLYLINE/POLYLINE with the closed flag, or CIRCLE) to take as the site boundary; the drawing holds {}. Close the boundary in CAD (PEDIT, Close) and save again",
                kinds.join(", ")
            ),
        ));
    }
    let layer_of = |fid: usize| text(fid, LAYER_FIELD);
    let (taken, how): (Vec<usize>, String) = if layer_stated {
        (
            closed.clone(),
            format!(
                "took {} closed polyline(s) on the layer stated",
                closed.len()
            ),
        )
    } else if let Some((word, taken)) = BOUNDARY_WORDS.iter().find_map(|word| {
        let hits: Vec<usize> = closed
            .iter()
            .copied()
            .filter(|&fid| layer_of(fid).to_lowercase().contains(word))
            .collect();
        (!hits.is_empty()).then_some((*word, hits))
    }) {
        let names: BTreeSet<String> = taken.iter().map(|&fid| layer_of(fid)).collect();
        let names: Vec<String> = names.into_iter().collect();
        let how = format!(
            "took {} closed polyline(s) on layer {}, named like a site boundary ({word})",
            taken.len(),
            names.join(", ")
        );
        (taken, how)
    } else {
        let area = |fid: usize| match &layer.features[fid].geometry {
            Some(Geometry::Polygon(p)) => area_ellipsoidal_m2(&MultiPolygon(vec![p.clone()])),
            _ => 0.0,
        };
        let largest = closed
            .iter()
            .copied()
            .max_by(|&a, &b| area(a).total_cmp(&area(b)))
            .unwrap_or(closed[0]);
        (
            vec![largest],
            format!(
                "took the largest closed polyline (layer {}, {:.0} m²), as no layer is named like a boundary ({}); name the boundary layer (PATH|layername=NAME) if that is wrong",
                layer_of(largest),
                area(largest),
                BOUNDARY_WORDS.join(", ")
            ),
        )
    };
    let left: BTreeSet<String> = (0..layer.features.len())
        .filter(|fid| !taken.contains(fid))
        .map(layer_of)
        .collect();
    let left_note = if left.is_empty() {
        String::new()
    } else {
        format!(
            "; left out {} other entities (layers {})",
            layer.features.len() - taken.len(),
            left.into_iter().collect::<Vec<_>>().join(", ")
        )
    };
    layer.warnings.push(format!("site: {how}{left_note}"));
    let mut fid = 0;
    layer.features.retain(|_| {
        let keep = taken.contains(&fid);
        fid += 1;
        keep
    });
    Ok(())
}
