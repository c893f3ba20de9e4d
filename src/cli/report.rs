//! `zonecheck report`: overlay a site, check the access list and the project's industry, and write
//! the compliance report as .docx, .html, .xlsx or .csv.

use std::path::Path;

use anyhow::Result;

use super::args::ReportArgs;
use crate::io::load_site;
use crate::report::{ProjectInfo, ReportData, ReportFormat, write_report};
use crate::workspace::{SiteQuestion, site_report};

/// Builds the report and writes it; prints the conclusion and the output path.
pub fn run(args: &ReportArgs) -> Result<()> {
    ReportFormat::for_path(&args.out)?;
    let lang = super::parse_lang(&args.lang)?;
    let industry = super::parse_industry(args.industry.as_deref())?;
    let site_opts = super::site_load_options(args.site_crs.as_deref())?;
    let site = load_site(&args.site, &site_opts)?;
    for w in &site.warnings {
        eprintln!("warning: {}: {w}", args.site.display());
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
    let data = ReportData::build(&workspace, &site, &answer, &info)?;
    let mut inputs = crate::report::project_inputs(&workspace.project);
    inputs.extend(
        args.layers
            .iter()
            .chain(&args.tables)
            .chain([&args.site])
            .cloned(),
    );
    crate::report::refuse_overwriting_inputs(&args.out, inputs.iter().map(|p| p.as_path()))?;
    write_report(&data, &args.out)?;
    print_summary(&data, &args.out)?;
    Ok(())
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
