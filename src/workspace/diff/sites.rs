//! What a zoning update changes for each site: the control units it overlaps before and after
//! (code, category, area, share), and whether that changed — the set of unit codes differs, a
//! unit's category differs, or a share moved by more than [`SHARE_TOLERANCE`].
//!
//! Not for reading sites (see `batch::sites`).

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::error::Result;
use crate::io::Site;
use crate::model::{LayerRole, UnitCategory};
use crate::query::overlay_site;
use crate::workspace::Workspace;
use crate::workspace::batch::BatchSite;

/// A share moving by more than this (0.1 % of the site) is a change for the site.
pub const SHARE_TOLERANCE: f64 = 0.001;

/// One unit a site overlaps in one version (features of one code added together).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SiteUnit {
    pub code: String,
    pub category: Option<UnitCategory>,
    pub area_m2: f64,
    pub share: f64,
}

/// One site before and after the update, or why it could not be compared.
#[derive(Debug, Clone, Serialize)]
pub struct SiteChange {
    pub index: usize,
    pub id: String,
    pub before: Vec<SiteUnit>,
    pub after: Vec<SiteUnit>,
    pub changed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The control units `site` overlaps in `workspace`, in code order.
pub fn site_units(workspace: &Workspace, site: &Site, radius_m: f64) -> Result<Vec<SiteUnit>> {
    let analysis = overlay_site(&workspace.layers, site, radius_m)?;
    let mut by_code: BTreeMap<String, SiteUnit> = BTreeMap::new();
    for o in &analysis.overlaps {
        let layer = &workspace.layers[o.layer_index].layer;
        if layer.role.role != LayerRole::ControlUnits {
            continue;
        }
        let code = layer
            .unit_code(o.fid)
            .unwrap_or_else(|| format!("#{}", o.fid));
        let u = by_code.entry(code.clone()).or_insert(SiteUnit {
            code,
            category: layer.unit_category(o.fid),
            area_m2: 0.0,
            share: 0.0,
        });
        u.area_m2 += o.area_m2;
        u.share += o.share;
    }
    Ok(by_code.into_values().collect())
}

/// Whether the site's answer changed between `before` and `after` (both in code order).
pub fn units_changed(before: &[SiteUnit], after: &[SiteUnit]) -> bool {
    before.len() != after.len()
        || before.iter().zip(after).any(|(b, a)| {
            b.code != a.code
                || b.category != a.category
                || (b.share - a.share).abs() > SHARE_TOLERANCE
        })
}

/// Every site before and after, in input order (in parallel over sites).
pub fn diff_sites(
    old: &Workspace,
    new: &Workspace,
    sites: &[BatchSite],
    radius_m: f64,
) -> Vec<SiteChange> {
    sites
        .par_iter()
        .map(|s| {
            let answer = s.site.as_ref().map_err(|e| e.to_string()).and_then(|site| {
                let before = site_units(old, site, radius_m).map_err(|e| e.to_string())?;
                let after = site_units(new, site, radius_m).map_err(|e| e.to_string())?;
                Ok((before, after))
            });
            match answer {
                Ok((before, after)) => SiteChange {
                    index: s.index,
                    id: s.id.clone(),
                    changed: units_changed(&before, &after),
                    before,
                    after,
                    error: None,
                },
                Err(error) => SiteChange {
                    index: s.index,
                    id: s.id.clone(),
                    before: Vec::new(),
                    after: Vec::new(),
                    changed: false,
                    error: Some(error),
                },
            }
        })
        .collect()
}
