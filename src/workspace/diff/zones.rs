//! Non-unit zones of two versions — nature reserves, ecological redlines, drinking-water source
//! zones — matched by kind, name and functional zone (核心区, 一级保护区…): which were added or
//! removed and whose boundary moved, with the areas gained and lost.
//!
//! Not for control units (see `units`): those are matched by code.

use std::collections::{BTreeMap, BTreeSet};

use geo::Polygon;
use rayon::prelude::*;
use serde::Serialize;

use super::pieces::{AreaChange, area_change_with, area_m2, merged, parts_of};
use super::units::{ChangeKind, polygons_of};
use crate::model::LayerRole;
use crate::workspace::Workspace;

/// The layer roles compared by name and zone.
pub const ZONE_ROLES: [LayerRole; 3] = [
    LayerRole::Reserve,
    LayerRole::Redline,
    LayerRole::WaterSource,
];

/// What identifies a zone across versions.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct ZoneKey {
    /// The layer role's key (`reserve`, `redline`, `water_source`).
    pub role: &'static str,
    pub name: String,
    /// The functional zone, when the layer has a zone field.
    pub zone: Option<String>,
}

/// One zone that changed between the versions.
#[derive(Debug, Clone, Serialize)]
pub struct ZoneChange {
    #[serde(flatten)]
    pub key: ZoneKey,
    /// A subset of `added`, `removed`, `geometry`.
    pub changes: Vec<ChangeKind>,
    pub old_area_m2: Option<f64>,
    pub new_area_m2: Option<f64>,
    #[serde(flatten)]
    pub area: AreaChange,
}

fn zones_by_key(workspace: &Workspace) -> BTreeMap<ZoneKey, geo::MultiPolygon<f64>> {
    let mut parts: BTreeMap<ZoneKey, Vec<Polygon<f64>>> = BTreeMap::new();
    for il in &workspace.layers {
        let layer = &il.layer;
        if !ZONE_ROLES.contains(&layer.role.role) {
            continue;
        }
        let m = &layer.role.mapping;
        for (fid, f) in layer.features.iter().enumerate() {
            let polygons = polygons_of(f.geometry.as_ref());
            if polygons.is_empty() {
                continue;
            }
            let key = ZoneKey {
                role: layer.role.role.key(),
                name: layer
                    .text(fid, m.name.as_deref())
                    .map(|t| t.trim().to_string())
                    .unwrap_or_else(|| layer.name.clone()),
                zone: layer
                    .text(fid, m.zone.as_deref())
                    .map(|t| t.trim().to_string()),
            };
            parts.entry(key).or_default().extend(polygons);
        }
    }
    parts
        .into_par_iter()
        .map(|(k, polys)| (k, merged(polys)))
        .collect()
}

/// The changed zones in (kind, name, zone) order.
pub fn diff_zones(old: &Workspace, new: &Workspace) -> Vec<ZoneChange> {
    let (old_zones, new_zones) = rayon::join(|| zones_by_key(old), || zones_by_key(new));
    let keys: BTreeSet<&ZoneKey> = old_zones.keys().chain(new_zones.keys()).collect();
    let keys: Vec<&ZoneKey> = keys.into_iter().collect();
    keys.par_iter()
        .filter_map(|&key| {
            let (o, n) = (old_zones.get(key), new_zones.get(key));
            if o == n {
                return None;
            }
            let (old_area_m2, new_area_m2) = (o.map(area_m2), n.map(area_m2));
            let whole_m2 = [old_area_m2.unwrap_or(0.0), new_area_m2.unwrap_or(0.0)];
            let area = area_change_with(parts_of(o), parts_of(n), Some(whole_m2));
            let changes = match (o, n) {
                (None, Some(_)) => vec![ChangeKind::Added],
                (Some(_), None) => vec![ChangeKind::Removed],
                _ if area.is_geometry_change() => vec![ChangeKind::Geometry],
                _ => return None,
            };
            Some(ZoneChange {
                key: key.clone(),
                changes,
                old_area_m2,
                new_area_m2,
                area,
            })
        })
        .collect()
}
