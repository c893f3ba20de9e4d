//! The site result as rows for the panel and the CSV: overlapped control units, sensitive areas
//! touched (reserves, redlines, water-source zones) and features near the site. Only looks up
//! names and categories of features the engine's overlay found; measures nothing.
//!
//! Not for drawing (see `panels::site`).

use crate::model::{LayerRole, UnitCategory};
use crate::ui::site::SiteResult;
use crate::ui::state::{AppState, LayerId};

/// One overlapped feature.
#[derive(Debug, Clone, PartialEq)]
pub struct OverlapRow {
    pub layer_id: LayerId,
    pub layer_name: String,
    pub role: LayerRole,
    pub fid: usize,
    pub code: String,
    pub name: String,
    pub category: Option<UnitCategory>,
    /// For reserves and water-source zones: the zone (核心区, 一级保护区…), when the layer has one.
    pub zone: Option<String>,
    pub area_m2: f64,
    pub area_planar_m2: Option<f64>,
    pub share: f64,
}

/// One feature within the radius that the site does not overlap.
#[derive(Debug, Clone, PartialEq)]
pub struct NearbyRow {
    pub layer_id: LayerId,
    pub layer_name: String,
    pub role: LayerRole,
    pub fid: usize,
    pub name: String,
    pub distance_m: f64,
}

/// Whether features of `role` call for the prominent warning when the site overlaps them.
pub fn is_protected(role: LayerRole) -> bool {
    matches!(
        role,
        LayerRole::Reserve | LayerRole::Redline | LayerRole::WaterSource
    )
}

/// Every overlap of the result, in the engine's order (by layer, largest share first).
pub fn overlap_rows(state: &AppState, r: &SiteResult) -> Vec<OverlapRow> {
    r.report
        .analysis
        .overlaps
        .iter()
        .filter_map(|o| {
            let id = *r.layer_ids.get(o.layer_index)?;
            let l = state.layer(id)?;
            let layer = l.layer();
            let role = layer.role.role;
            let zone_field = match role {
                LayerRole::Reserve | LayerRole::WaterSource => layer.role.mapping.zone.as_deref(),
                _ => None,
            };
            Some(OverlapRow {
                layer_id: id,
                layer_name: layer.name.clone(),
                role,
                fid: o.fid,
                code: layer.unit_code(o.fid).unwrap_or_default(),
                name: layer
                    .feature_name(o.fid)
                    .unwrap_or_else(|| format!("#{}", o.fid)),
                category: layer.unit_category(o.fid),
                zone: layer.text(o.fid, zone_field),
                area_m2: o.area_m2,
                area_planar_m2: o.area_planar_m2,
                share: o.share,
            })
        })
        .collect()
}

/// Features within the radius, nearest first per layer.
pub fn nearby_rows(state: &AppState, r: &SiteResult) -> Vec<NearbyRow> {
    r.report
        .analysis
        .nearby
        .iter()
        .filter_map(|n| {
            let id = *r.layer_ids.get(n.layer_index)?;
            let layer = state.layer(id)?.layer();
            Some(NearbyRow {
                layer_id: id,
                layer_name: layer.name.clone(),
                role: layer.role.role,
                fid: n.fid,
                name: layer
                    .feature_name(n.fid)
                    .unwrap_or_else(|| format!("#{}", n.fid)),
                distance_m: n.distance_m,
            })
        })
        .collect()
}
