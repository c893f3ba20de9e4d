//! `zonecheck report`: overlay a site, check the access list and the project's industry, and write
//! the compliance report as .docx, .html, .xlsx or .csv.

use std::path::Path;

use anyhow::Result;

use super::args::ReportArgs;
use crate::io::load_site;
use crate::report::{Lang, ProjectInfo, ReportData, ReportFormat, write_report};
use crate::workspace::{SiteQuestion, site_report};

/// Builds the report and writes it; prints the conclusion and the output path.
pub fn run(args: &ReportArgs) -> Result<()> {
    ReportFormat::for_path(&args.out)?;
    let lang = super::parse_lang(&args.lang)?;
    let industry = super::parse_industry(args.industry.as_deref())?;
    let site_opts = super::site_load_options(args.site_crs.as_deref())?;
    let site = load_site(&args.site, &site_opts)?;
    for w in &site.warnings {
        crate::cli::out::warn_line!("warning: {}: {w}", args.site.display());
    }
    let workspace = super::open_workspace(&args.layers, &args.layer_opts, &args.tables)?;
    let question = SiteQuestion {
        radius_m: args.radius_m,
        industry: industry.clone(),
        lang,
    };
    let answer = site_report(&workspace, &site, &question)?;
    let info = ProjectInfo {
        name: args.name.clone().unwrap_or_default(),
        industry,
        industry_name: args.industry_name.clone(),
        lang,
    };
    let mut data = ReportData::build(&workspace, &site, &answer, &info)?;
    if let Some(path) = &args.basemap {
        let basemap = open_basemap(args, path, lang)?;
        let (png, errors) =
            crate::report::figure::render_png_over(&workspace, &site, &data, Some(&basemap))?;
        data.figure_png = png;
        if let Some(first) = errors.first() {
            let text = crate::present::basemap::tiles_failed_text(lang, first, errors.len());
            crate::cli::out::warn_line!("warning: {text}");
            data.warnings.push(text);
        }
    }
    let mut inputs = crate::report::project_inputs(&workspace.project);
    inputs.extend(
        args.layers
            .iter()
            .chain(&args.tables)
            .chain([&args.site])
            .chain(args.basemap.as_ref())
            .cloned(),
    );
    crate::report::refuse_overwriting_inputs(&args.out, inputs.iter().map(|p| p.as_path()))?;
    write_report(&data, &args.out)?;
    print_summary(&data, &args.out)?;
    Ok(())
}

/// Opens the `--basemap` with the stated grid and offset.
fn open_basemap(args: &ReportArgs, path: &Path, lang: Lang) -> Result<crate::basemap::Basemap> {
    use crate::basemap::{BasemapOffset, OpenOptions, TileGrid};
    let opts = OpenOptions {
        grid: match args.basemap_grid.as_deref() {
            Some("lonlat") => Some(TileGrid::LonLat),
            Some("webmercator") => Some(TileGrid::WebMercator),
            _ => None,
        },
        scheme: None,
        offset: match args.basemap_offset.as_deref() {
            Some("gcj02") => BasemapOffset::Gcj02,
            Some("bd09") => BasemapOffset::Bd09,
            _ => BasemapOffset::None,
        },
    };
    // A tile of a folder names the folder (as the app's file dialog allows).
    let path = crate::basemap::tile_folder_of(path).unwrap_or_else(|| path.to_path_buf());
    crate::basemap::Basemap::open(&path, &opts)
        .map_err(|e| anyhow::anyhow!(crate::present::basemap::error_text(lang, &e)))
}

/// The verdict and where the report went (a closed pipe ends quietly, see `out`).
fn print_summary(data: &ReportData, out: &Path) -> std::io::Result<()> {
    super::out::print(&format!(
        "{}\n{}: {}  →  {}\n",
        data.verdict,
        data.lang.t("结论", "Conclusion"),
        data.conclusion,
        out.display()
    ))
}
