//! A comparison as tables and pieces for files: the changed units, zones and sites as sheets
//! (.xlsx/.csv), and the gained and lost pieces of every changed unit and zone as GeoJSON
//! features. Both faces write exactly these (`zonecheck diff --out`, the app's 导出变化…).
//!
//! Not for the wording of cells (see `present::diff_text`, `present::batch`).

use serde_json::json;

use super::{AreaChange, ChangeKind, SiteChange, UnitVersion, ZoningDiff};
use crate::io::geojson_write::PolygonFeature;
use crate::present::Lang;
use crate::present::batch::{
    diff_sheet_names, site_change_headers, unit_change_headers, yes_no, zone_change_headers,
};
use crate::present::diff_text::{category_text, changes_text, units_text};
use crate::workspace::batch::{Cell, Sheet};

fn area_cells(a: &AreaChange) -> [Cell; 2] {
    [
        Cell::Number(a.area_gained_m2, 1),
        Cell::Number(a.area_lost_m2, 1),
    ]
}

fn opt_number(v: Option<f64>) -> Cell {
    v.map_or(Cell::Empty, |v| Cell::Number(v, 1))
}

/// The changed units, zones and (with sites) the sites, one sheet each.
pub fn diff_sheets(diff: &ZoningDiff, sites: Option<&[SiteChange]>, lang: Lang) -> Vec<Sheet> {
    let [units_name, zones_name, sites_name] = diff_sheet_names(lang);
    let side = |v: &Option<UnitVersion>| match v {
        Some(v) => [
            Cell::Text(v.name.clone().unwrap_or_default()),
            Cell::Text(category_text(v.category, lang)),
            Cell::Number(v.area_m2, 1),
        ],
        None => [Cell::Empty, Cell::Empty, Cell::Empty],
    };
    let units = Sheet {
        name: units_name.to_string(),
        headers: unit_change_headers(lang),
        rows: diff
            .units
            .iter()
            .map(|u| {
                let mut row = vec![u.code.clone().into(), changes_text(&u.changes, lang).into()];
                row.extend(side(&u.old));
                row.extend(side(&u.new));
                row.extend(area_cells(&u.area));
                row
            })
            .collect(),
    };
    let zones = Sheet {
        name: zones_name.to_string(),
        headers: zone_change_headers(lang),
        rows: diff
            .zones
            .iter()
            .map(|z| {
                let mut row = vec![
                    z.key.role.into(),
                    z.key.name.clone().into(),
                    z.key.zone.clone().unwrap_or_default().into(),
                    changes_text(&z.changes, lang).into(),
                    opt_number(z.old_area_m2),
                    opt_number(z.new_area_m2),
                ];
                row.extend(area_cells(&z.area));
                row
            })
            .collect(),
    };
    let mut out = vec![units, zones];
    if let Some(sites) = sites {
        out.push(Sheet {
            name: sites_name.to_string(),
            headers: site_change_headers(lang),
            rows: sites
                .iter()
                .map(|s| {
                    vec![
                        Cell::Number((s.index + 1) as f64, 0),
                        s.id.clone().into(),
                        yes_no(lang, s.changed).into(),
                        units_text(&s.before, lang).into(),
                        units_text(&s.after, lang).into(),
                        s.error.clone().unwrap_or_default().into(),
                    ]
                })
                .collect(),
        });
    }
    out
}

/// The gained and lost pieces of every changed unit and zone, as GeoJSON features (`code` or
/// `role`/`name`/`zone`, `piece`: gained | lost, `changes`, `area_m2`).
pub fn diff_pieces(diff: &ZoningDiff) -> Vec<PolygonFeature> {
    let mut features = Vec::new();
    let mut push =
        |who: Vec<(String, serde_json::Value)>, changes: &[ChangeKind], a: &AreaChange| {
            for (kind, piece, area) in [
                ("gained", &a.gained, a.area_gained_m2),
                ("lost", &a.lost, a.area_lost_m2),
            ] {
                if piece.0.is_empty() {
                    continue;
                }
                let mut properties = who.clone();
                properties.push(("piece".into(), json!(kind)));
                properties.push(("changes".into(), json!(changes)));
                properties.push(("area_m2".into(), json!(area)));
                features.push(PolygonFeature {
                    properties,
                    geometry: piece.clone(),
                });
            }
        };
    for u in &diff.units {
        push(vec![("code".into(), json!(u.code))], &u.changes, &u.area);
    }
    for z in &diff.zones {
        push(
            vec![
                ("role".into(), json!(z.key.role)),
                ("name".into(), json!(z.key.name)),
                ("zone".into(), json!(z.key.zone)),
            ],
            &z.changes,
            &z.area,
        );
    }
    features
}
