//! Control units of two zoning versions matched by unit code: which were added or removed, and
//! for the rest whether the boundary, the category, the name or any of the four requirement
//! texts changed, with the areas gained and lost.
//!
//! Not for non-unit zones (see `zones`) or sites (see `sites`).

use std::collections::{BTreeMap, BTreeSet};

use geo::{Geometry, MultiPolygon, Polygon};
use rayon::prelude::*;
use serde::Serialize;

use super::pieces::{Area, AreaChange, area_change_with};
use crate::model::{LayerRole, UnitCategory};
use crate::requirements::Dimension as RequirementDimension;
use crate::workspace::Workspace;

/// What changed about a unit, by its JSON key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Removed,
    Geometry,
    Category,
    Name,
    Requirements,
}

impl ChangeKind {
    /// Every kind, in the order they are listed and drawn.
    pub const ALL: [ChangeKind; 6] = [
        ChangeKind::Added,
        ChangeKind::Removed,
        ChangeKind::Geometry,
        ChangeKind::Category,
        ChangeKind::Name,
        ChangeKind::Requirements,
    ];

    /// The JSON key (`"added"`, `"geometry"`…).
    pub fn key(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Geometry => "geometry",
            ChangeKind::Category => "category",
            ChangeKind::Name => "name",
            ChangeKind::Requirements => "requirements",
        }
    }
}

/// A unit as one version has it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnitVersion {
    pub name: Option<String>,
    pub category: Option<UnitCategory>,
    /// Ellipsoidal area of all its features together.
    pub area_m2: f64,
}

/// One control unit that changed between the versions.
#[derive(Debug, Clone, Serialize)]
pub struct UnitChange {
    pub code: String,
    pub changes: Vec<ChangeKind>,
    pub old: Option<UnitVersion>,
    pub new: Option<UnitVersion>,
    #[serde(flatten)]
    pub area: AreaChange,
}

/// A unit of one version: its features merged, with what is compared.
struct UnitEntry<'a> {
    name: Option<String>,
    category: Option<UnitCategory>,
    geometry: Area<'a>,
    /// Per requirement dimension, the texts that apply (sorted, each once).
    requirements: [Vec<String>; 4],
}

impl UnitEntry<'_> {
    fn version(&self) -> UnitVersion {
        UnitVersion {
            name: self.name.clone(),
            category: self.category,
            area_m2: self.geometry.area_m2(),
        }
    }
}

/// The polygons of a geometry (a unit is an area; anything else has none).
pub(super) fn polygons_of(g: Option<&Geometry<f64>>) -> Vec<Polygon<f64>> {
    match g {
        Some(Geometry::Polygon(p)) => vec![p.clone()],
        Some(Geometry::MultiPolygon(mp)) => mp.0.clone(),
        _ => Vec::new(),
    }
}

/// The polygons of a geometry, borrowed.
fn polygon_refs(g: Option<&Geometry<f64>>) -> Vec<&Polygon<f64>> {
    match g {
        Some(Geometry::Polygon(p)) => vec![p],
        Some(Geometry::MultiPolygon(mp)) => mp.0.iter().collect(),
        _ => Vec::new(),
    }
}

/// Every control unit of `workspace` by code; features without a code are counted, not compared.
/// The geometry is borrowed from the layers (a national layer's is not copied twice over).
fn units_by_code(workspace: &Workspace) -> (BTreeMap<String, UnitEntry<'_>>, usize) {
    let mut parts: BTreeMap<String, (Vec<&Polygon<f64>>, UnitEntry<'_>)> = BTreeMap::new();
    let mut uncoded = 0;
    for (li, il) in workspace.layers.iter().enumerate() {
        let layer = &il.layer;
        if layer.role.role != LayerRole::ControlUnits {
            continue;
        }
        for (fid, f) in layer.features.iter().enumerate() {
            let Some(code) = layer.unit_code(fid).map(|c| c.trim().to_string()) else {
                uncoded += 1;
                continue;
            };
            let requirements = workspace.requirements_for(li, fid);
            let (polys, entry) = parts.entry(code).or_insert_with(|| {
                (
                    Vec::new(),
                    UnitEntry {
                        name: None,
                        category: None,
                        geometry: Area::Merged(MultiPolygon(Vec::new())),
                        requirements: Default::default(),
                    },
                )
            });
            polys.extend(polygon_refs(f.geometry.as_ref()));
            entry.name = entry.name.take().or_else(|| layer.feature_name(fid));
            entry.category = entry.category.or_else(|| layer.unit_category(fid));
            for r in requirements {
                let d = RequirementDimension::ALL
                    .iter()
                    .position(|&d| d == r.dimension)
                    .unwrap_or(0);
                entry.requirements[d].push(r.text.trim().to_string());
            }
        }
    }
    let units = parts
        .into_par_iter()
        .map(|(code, (polys, mut entry))| {
            entry.geometry = Area::of(polys);
            for texts in &mut entry.requirements {
                texts.sort();
                texts.dedup();
            }
            (code, entry)
        })
        .collect();
    (units, uncoded)
}

/// The changed units in code order, and how many unit features had no code (per version).
pub fn diff_units(old: &Workspace, new: &Workspace) -> (Vec<UnitChange>, [usize; 2]) {
    let ((old_units, old_uncoded), (new_units, new_uncoded)) =
        rayon::join(|| units_by_code(old), || units_by_code(new));
    let codes: BTreeSet<&String> = old_units.keys().chain(new_units.keys()).collect();
    let codes: Vec<&String> = codes.into_iter().collect();
    let changes = codes
        .par_iter()
        .filter_map(|&code| compare(code, old_units.get(code), new_units.get(code)))
        .collect();
    (changes, [old_uncoded, new_uncoded])
}

/// The polygons of a unit, none for a missing one.
fn polygons<'e>(u: Option<&'e UnitEntry<'_>>) -> &'e [Polygon<f64>] {
    u.map_or(&[][..], |u| u.geometry.polygons())
}

fn compare(code: &str, old: Option<&UnitEntry>, new: Option<&UnitEntry>) -> Option<UnitChange> {
    let geometry_differs = polygons(old) != polygons(new);
    let attributes_differ = match (old, new) {
        (Some(o), Some(n)) => {
            o.category != n.category || o.name != n.name || o.requirements != n.requirements
        }
        _ => true,
    };
    if !geometry_differs && !attributes_differ {
        return None;
    }
    // Each whole area is measured once, for the versions and for the gained/lost figures.
    let (old_version, new_version) = (old.map(UnitEntry::version), new.map(UnitEntry::version));
    let whole_m2 = [&old_version, &new_version].map(|v| v.as_ref().map_or(0.0, |v| v.area_m2));
    let area = if geometry_differs {
        area_change_with(polygons(old), polygons(new), Some(whole_m2))
    } else {
        AreaChange::default()
    };
    let mut changes = Vec::new();
    match (old, new) {
        (None, Some(_)) => changes.push(ChangeKind::Added),
        (Some(_), None) => changes.push(ChangeKind::Removed),
        (Some(o), Some(n)) => {
            if area.is_geometry_change() {
                changes.push(ChangeKind::Geometry);
            }
            if o.category != n.category {
                changes.push(ChangeKind::Category);
            }
            if o.name != n.name {
                changes.push(ChangeKind::Name);
            }
            if o.requirements != n.requirements {
                changes.push(ChangeKind::Requirements);
            }
        }
        (None, None) => {}
    }
    if changes.is_empty() {
        return None;
    }
    Some(UnitChange {
        code: code.to_string(),
        changes,
        old: old_version,
        new: new_version,
        area,
    })
}
