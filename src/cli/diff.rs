//! `zonecheck diff`: two versions of the zoning data compared — changed control units by code,
//! changed reserves / redlines / water sources by name and zone, and with `--sites` which sites'
//! units changed — printed as one JSON object or readable lines, optionally written as tables
//! (.xlsx/.csv) or as the gained and lost pieces (.geojson).

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use serde_json::json;

use super::args::DiffArgs;
use crate::io::geojson_write::write_polygons_geojson;
use crate::present::Lang;
use crate::present::batch::versions_line;
use crate::present::diff_text::{diff_text, no_unit_layer_text};
use crate::workspace::batch::{sheet_format, write_sheets};
use crate::workspace::diff::{
    DiffSide, diff_pieces, diff_sheets, diff_sites, diff_zoning, side_without_units,
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
    if let Some(side) = side_without_units(&old, &new) {
        let flag = match side {
            DiffSide::Old => "--old",
            DiffSide::New => "--new",
        };
        bail!("{flag}: {}", no_unit_layer_text(side, lang));
    }
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
            OutKind::GeoJson => write_polygons_geojson(&diff_pieces(&diff), out)?,
            OutKind::Sheets => {
                write_sheets(out, &diff_sheets(&diff, site_changes.as_deref(), lang))?
            }
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
        let versions = versions_line(lang, &old.data_version(), &new.data_version());
        format!("{versions}\n") + &diff_text(&diff, site_changes.as_deref(), lang)
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
