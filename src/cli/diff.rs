//! `zonecheck diff`: two versions of the zoning data compared — changed control units by code,
//! changed reserves / redlines / water sources by name and zone, and with `--sites` which sites'
//! units changed — printed as one JSON object or readable lines, optionally written as tables
//! (.xlsx/.csv) or as the gained and lost pieces (.geojson).

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use serde_json::json;

use super::args::DiffArgs;
use crate::io::geojson_write::{PolygonFeature, write_polygons_geojson};
use crate::model::UnitCategory;
use crate::present::Lang;
use crate::present::batch::{
    change_label, diff_sheet_names, site_change_headers, unit_change_headers, version_text, yes_no,
    zone_change_headers,
};
use crate::workspace::batch::{Cell, Sheet, sheet_format, write_sheets};
use crate::workspace::diff::{
    AreaChange, ChangeKind, SiteChange, SiteUnit, ZoningDiff, diff_sites, diff_zoning,
};

/// The outputs `--out` can write.
enum OutKind {
    Sheets,
    GeoJson,
}

/// Runs the comparison; fails (exit 1) at the end if a site could not be compared.
pub fn run(args: &DiffArgs) -> Result<()> {
    let lang = super::parse_lang(&args.lang)?;
    let out_kind = match &args.out {
        None => None,
        Some(p)
            if p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("geojson")) =>
        {
            Some(OutKind::GeoJson)
        }
        Some(p) => {
            sheet_format(p).context("--out: .xlsx, .csv or .geojson")?;
            Some(OutKind::Sheets)
        }
    };
    let sites = args
        .sites
        .as_deref()
        .map(|path| super::read_batch_sites(path, args.site_crs.as_deref()))
        .transpose()?;
    let old = super::open_workspace(&args.old, &args.layer_opts, &[]).context("--old")?;
    let new = super::open_workspace(&args.new, &args.layer_opts, &[]).context("--new")?;
    let diff = diff_zoning(&old, &new);
    for (which, n) in ["old", "new"].iter().zip(diff.uncoded_units) {
        if n > 0 {
            crate::cli::out::warn_line!(
                "warning: --{which}: {n} control-unit features have no unit code and were not compared"
            );
        }
    }
    let site_changes = sites
        .as_ref()
        .map(|s| diff_sites(&old, &new, s, args.radius_m));
    if let (Some(out), Some(kind)) = (&args.out, &out_kind) {
        let mut inputs: Vec<PathBuf> = crate::report::project_inputs(&old.project);
        inputs.extend(crate::report::project_inputs(&new.project));
        inputs.extend(args.old.iter().chain(&args.new).cloned());
        inputs.extend(args.sites.iter().cloned());
        crate::report::refuse_overwriting_inputs(out, inputs.iter().map(PathBuf::as_path))?;
        match kind {
            OutKind::GeoJson => write_polygons_geojson(&pieces(&diff), out)?,
            OutKind::Sheets => write_sheets(out, &sheets(&diff, site_changes.as_deref(), lang))?,
        }
        crate::cli::out::warn_line!("{} → {}", lang.t("变化", "changes"), out.display());
    }
    let text = if args.json {
        let mut object = json!({"units": diff.units, "zones": diff.zones});
        if let Some(s) = &site_changes {
            object["sites"] = json!(s);
        }
        object["data_version"] = json!({"old": old.data_version(), "new": new.data_version()});
        format!("{}\n", serde_json::to_string_pretty(&object)?)
    } else {
        let versions = format!(
            "{}{}  →  {}\n",
            lang.t("数据版本：", "Data versions: "),
            version_text(lang, &old.data_version()),
            version_text(lang, &new.data_version())
        );
        versions + &to_text(&diff, site_changes.as_deref(), lang)
    };
    super::out::print(&text)?;
    let failed = site_changes
        .iter()
        .flatten()
        .filter(|s| s.error.is_some())
        .count();
    if failed > 0 {
        bail!(
            "{}",
            match lang {
                Lang::Zh => format!("{failed} 个地块未能比较（见各自的 error）"),
                Lang::En => format!("{failed} sites could not be compared (see their errors)"),
            }
        );
    }
    Ok(())
}

fn changes_text(changes: &[ChangeKind], lang: Lang) -> String {
    changes
        .iter()
        .map(|c| change_label(c.key(), lang))
        .collect::<Vec<_>>()
        .join(lang.t("、", ", "))
}

fn category_text(c: Option<UnitCategory>, lang: Lang) -> String {
    c.map(|c| lang.t(c.name_zh(), c.name_en()).to_string())
        .unwrap_or_else(|| "—".into())
}

fn units_text(units: &[SiteUnit], lang: Lang) -> String {
    if units.is_empty() {
        return lang.t("无", "none").to_string();
    }
    units
        .iter()
        .map(|u| {
            format!(
                "{} {} {:.2}%",
                u.code,
                category_text(u.category, lang),
                u.share * 100.0
            )
        })
        .collect::<Vec<_>>()
        .join(lang.t("；", "; "))
}

fn to_text(diff: &ZoningDiff, sites: Option<&[SiteChange]>, lang: Lang) -> String {
    let mut out = String::new();
    out.push_str(&match lang {
        Lang::Zh => format!("变化的环境管控单元 {} 个：\n", diff.units.len()),
        Lang::En => format!("{} control units changed:\n", diff.units.len()),
    });
    for u in &diff.units {
        out.push_str(&format!(
            "  {}  {}  +{:.1} m² / −{:.1} m²\n",
            u.code,
            changes_text(&u.changes, lang),
            u.area.area_gained_m2,
            u.area.area_lost_m2
        ));
    }
    out.push_str(&match lang {
        Lang::Zh => format!("变化的保护区、红线与水源保护区 {} 处：\n", diff.zones.len()),
        Lang::En => format!(
            "{} reserves, redlines and water-source zones changed:\n",
            diff.zones.len()
        ),
    });
    for z in &diff.zones {
        out.push_str(&format!(
            "  {} {}{}  {}  +{:.1} m² / −{:.1} m²\n",
            z.key.role,
            z.key.name,
            z.key
                .zone
                .as_deref()
                .map(|z| format!("（{z}）"))
                .unwrap_or_default(),
            changes_text(&z.changes, lang),
            z.area.area_gained_m2,
            z.area.area_lost_m2
        ));
    }
    if let Some(sites) = sites {
        let changed = sites.iter().filter(|s| s.changed).count();
        out.push_str(&match lang {
            Lang::Zh => format!("{} 个地块中 {changed} 个涉及的单元有变化：\n", sites.len()),
            Lang::En => format!("{changed} of {} sites changed units:\n", sites.len()),
        });
        for s in sites {
            if let Some(e) = &s.error {
                out.push_str(&format!(
                    "  [{}] {}  {}{e}\n",
                    s.index + 1,
                    s.id,
                    lang.t("错误：", "error: ")
                ));
            } else if s.changed {
                out.push_str(&format!(
                    "  [{}] {}  {}  →  {}\n",
                    s.index + 1,
                    s.id,
                    units_text(&s.before, lang),
                    units_text(&s.after, lang)
                ));
            }
        }
    }
    out
}

fn area_cells(a: &AreaChange) -> [Cell; 2] {
    [
        Cell::Number(a.area_gained_m2, 1),
        Cell::Number(a.area_lost_m2, 1),
    ]
}

fn opt_number(v: Option<f64>) -> Cell {
    v.map_or(Cell::Empty, |v| Cell::Number(v, 1))
}

/// The changed units, zones and (with sites) the sites, one table each.
fn sheets(diff: &ZoningDiff, sites: Option<&[SiteChange]>, lang: Lang) -> Vec<Sheet> {
    let [units_name, zones_name, sites_name] = diff_sheet_names(lang);
    let units = Sheet {
        name: units_name.to_string(),
        headers: unit_change_headers(lang),
        rows: diff
            .units
            .iter()
            .map(|u| {
                let side = |v: &Option<crate::workspace::diff::UnitVersion>| match v {
                    Some(v) => [
                        Cell::Text(v.name.clone().unwrap_or_default()),
                        Cell::Text(category_text(v.category, lang)),
                        Cell::Number(v.area_m2, 1),
                    ],
                    None => [Cell::Empty, Cell::Empty, Cell::Empty],
                };
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

/// The gained and lost pieces of every changed unit and zone, as GeoJSON features.
fn pieces(diff: &ZoningDiff) -> Vec<PolygonFeature> {
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
