//! Answers as layers for a map: the sites of a batch (one feature per site, in input order) and
//! what a zoning update changed (each changed unit's features, and the gained and lost pieces).
//! The app draws them over the data; they are never part of a workspace, so no answer is ever
//! asked of them.
//!
//! Not for colours (the faces choose) or for the answers themselves (see `batch`, `diff`).

use std::collections::BTreeMap;

use geo::Geometry;

use super::Workspace;
use super::batch::BatchSite;
use super::diff::{ChangeKind, ZoningDiff};
use crate::crs::{Crs, CrsInfo, CrsOrigin};
use crate::model::role::FieldMapping;
use crate::model::{
    AttrValue, Feature, Field, FieldKind, GeometryKind, Layer, LayerRole, RoleInfo, SourceFormat,
};

/// A polygon layer held only in memory (role `Other`: nothing in it is a unit or a zone).
fn answer_layer(name: &str, fields: &[&str], features: Vec<Feature>) -> Layer {
    Layer {
        name: name.to_string(),
        path: Default::default(),
        member: None,
        dataset: None,
        format: SourceFormat::GeoJson,
        geometry_kind: GeometryKind::Polygon,
        source_geometry_type: "Polygon".into(),
        fields: fields
            .iter()
            .map(|f| Field::new(f.to_string(), FieldKind::Text))
            .collect(),
        features,
        crs: CrsInfo {
            crs: Crs::cgcs2000(),
            origin: CrsOrigin::Stated,
        },
        encoding: None,
        role: RoleInfo {
            role: LayerRole::Other,
            mapping: FieldMapping::default(),
            how: "stated".into(),
        },
        warnings: Vec::new(),
    }
}

fn text(s: &str) -> AttrValue {
    AttrValue::Text(s.to_string().into())
}

/// One feature per site of a batch (fid = the site's index), with its id; a site that could
/// not be read has no geometry.
pub fn batch_sites_layer(sites: &[BatchSite]) -> Layer {
    let features = sites
        .iter()
        .map(|s| Feature {
            geometry: s.site.as_ref().ok().map(|site| site.geometry.clone()),
            attributes: vec![text(&s.id)],
        })
        .collect();
    answer_layer("batch_sites", &["id"], features)
}

/// The kind a changed unit is drawn by: added and removed first, then the boundary, the
/// category, the name, the requirements (the first of its changes in that order).
pub fn main_change(changes: &[ChangeKind]) -> Option<ChangeKind> {
    changes.iter().min().copied()
}

/// Where a feature of [`diff_units_layer`] comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffFeature {
    /// A feature of changed unit `unit` (an index into `ZoningDiff::units`).
    Unit { unit: usize, kind: ChangeKind },
    /// The area unit `unit` gained in the new version.
    Gained { unit: usize },
    /// The area unit `unit` lost.
    Lost { unit: usize },
}

/// The changed units drawn: every feature of each changed unit as the new version has it (the
/// old version's, for a removed unit), then the gained and lost pieces of the units that are in
/// both versions. Returns the layer
/// (fields `code`, `change`, `piece`) and what each of its features is.
pub fn diff_units_layer(
    diff: &ZoningDiff,
    old: &Workspace,
    new: &Workspace,
) -> (Layer, Vec<DiffFeature>) {
    let index: BTreeMap<&str, usize> = diff
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.code.as_str(), i))
        .collect();
    let mut features = Vec::new();
    let mut what = Vec::new();
    for (workspace, removed_only) in [(new, false), (old, true)] {
        for il in &workspace.layers {
            let layer = &il.layer;
            if layer.role.role != LayerRole::ControlUnits {
                continue;
            }
            for (fid, f) in layer.features.iter().enumerate() {
                let Some(code) = layer.unit_code(fid) else {
                    continue;
                };
                let Some(&unit) = index.get(code.trim()) else {
                    continue;
                };
                let changes = &diff.units[unit].changes;
                if removed_only != changes.contains(&ChangeKind::Removed) {
                    continue;
                }
                let Some(kind) = main_change(changes) else {
                    continue;
                };
                features.push(Feature {
                    geometry: f.geometry.clone(),
                    attributes: vec![text(&code), text(kind.key()), text("unit")],
                });
                what.push(DiffFeature::Unit { unit, kind });
            }
        }
    }
    for (unit, u) in diff.units.iter().enumerate() {
        // An added or removed unit is its own piece: drawn once, as the unit.
        if u.changes.contains(&ChangeKind::Added) || u.changes.contains(&ChangeKind::Removed) {
            continue;
        }
        for (piece, geometry, key) in [
            (DiffFeature::Gained { unit }, &u.area.gained, "gained"),
            (DiffFeature::Lost { unit }, &u.area.lost, "lost"),
        ] {
            if geometry.0.is_empty() {
                continue;
            }
            let kind = main_change(&u.changes).map_or("", |k| k.key());
            features.push(Feature {
                geometry: Some(Geometry::MultiPolygon(geometry.clone())),
                attributes: vec![text(&u.code), text(kind), text(key)],
            });
            what.push(piece);
        }
    }
    (
        answer_layer("diff_units", &["code", "change", "piece"], features),
        what,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_change_in_order_is_the_one_drawn() {
        use ChangeKind::*;
        assert_eq!(main_change(&[Name, Geometry]), Some(Geometry));
        assert_eq!(main_change(&[Requirements, Category]), Some(Category));
        assert_eq!(main_change(&[Removed]), Some(Removed));
        assert_eq!(main_change(&[]), None);
    }
}
