//! `zonecheck batch`: every site of a many-site file or folder checked against the workspace, in
//! parallel, printed in input order — JSON Lines (`site`, `overlaps`, `nearby` exactly as `check
//! --json` prints them) or one line per site — with an optional summary workbook and one report
//! per site. A site that cannot be read or answered is an error line; the batch goes on and
//! exits 1 at the end.

use std::collections::HashSet;
use std::io::Write;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde_json::{Map, Value, json};

use super::args::BatchArgs;
use super::progress::Progress;
use crate::error::ZoneError;
use crate::present::Lang;
use crate::present::batch::{summary_line, totals_text, version_line};
use crate::report::{ReportFormat, SiteReportFiles};
use crate::workspace::batch::{
    BatchSite, SummaryRow, answer_sites, sheet_format, summary_sheet, write_sheets,
};
use crate::workspace::{SiteQuestion, SiteReport, Workspace};

/// Runs the batch; fails (exit 1) after every site was tried if any could not be checked.
pub fn run(args: &BatchArgs) -> Result<()> {
    let lang = super::parse_lang(&args.lang)?;
    let industry = super::parse_industry(args.industry.as_deref())?;
    if let Some(out) = &args.out {
        sheet_format(out)?;
    }
    let report_ext = report_extension(&args.report_format)?;
    let sites = super::read_batch_sites(&args.sites, args.site_crs.as_deref())?;
    let workspace = super::open_workspace(&args.layers, &args.layer_opts, &args.tables)?;
    let inputs = inputs(args, &workspace, &sites);
    if let Some(out) = &args.out {
        crate::report::refuse_overwriting_inputs(out, inputs.iter().map(PathBuf::as_path))?;
    }
    let reports = args
        .reports
        .as_deref()
        .map(|dir| SiteReportFiles::new(dir, report_ext, industry.clone(), lang, inputs.clone()))
        .transpose()
        .context("--reports")?;
    let question = SiteQuestion {
        radius_m: args.radius_m,
        industry: industry.clone(),
        lang,
    };
    let mut sink = Sink {
        workspace: &workspace,
        args,
        lang,
        reports,
        out: super::out::stdout(),
        rows: Vec::new(),
        warnings: Vec::new(),
        seen_warnings: HashSet::new(),
        failed: 0,
        write_error: None,
    };
    if !args.json {
        sink.line(&format!(
            "{}\n",
            version_line(lang, &workspace.data_version())
        ));
    }
    let total = sites.len();
    let mut progress = Progress::new(lang.t("批量核查", "Checking sites"), total);
    let mut done = 0;
    answer_sites(&workspace, &sites, &question, |site, answer| {
        sink.take(site, answer);
        done += 1;
        progress.set(done);
        match sink.write_error {
            Some(_) => ControlFlow::Break(()),
            None => ControlFlow::Continue(()),
        }
    });
    progress.finish();
    if let Some(e) = sink.write_error.take() {
        return Err(e.into());
    }
    for w in &sink.warnings {
        crate::cli::out::warn_line!("warning: {w}");
    }
    if !args.json {
        let totals = format!("\n{}\n", totals_text(&sink.rows, lang));
        sink.line(&totals);
    }
    sink.out.flush()?;
    if let Some(out) = &args.out {
        write_sheets(out, &[summary_sheet(&sink.rows, lang)])?;
        crate::cli::out::warn_line!("{} → {}", lang.t("汇总表", "summary"), out.display());
    }
    if sink.failed > 0 {
        bail!(
            "{}",
            match lang {
                Lang::Zh => format!(
                    "{} 个地块中有 {} 个未能核查（见各自的错误行）",
                    total, sink.failed
                ),
                Lang::En => format!(
                    "{} of {} sites could not be checked (see their error lines)",
                    sink.failed, total
                ),
            }
        );
    }
    Ok(())
}

/// Where each answer goes as it arrives, in input order.
struct Sink<'a> {
    workspace: &'a Workspace,
    args: &'a BatchArgs,
    lang: Lang,
    /// Where each site's report goes, with `--reports`.
    reports: Option<SiteReportFiles>,
    out: super::out::Out,
    rows: Vec<SummaryRow>,
    /// Each distinct warning once, in the order first met (a table's unmatched code would
    /// otherwise be said once per site).
    warnings: Vec<String>,
    seen_warnings: HashSet<String>,
    failed: usize,
    /// A failed write to stdout ends the batch (a closed pipe included).
    write_error: Option<std::io::Error>,
}

impl Sink<'_> {
    fn line(&mut self, text: &str) {
        if self.write_error.is_none()
            && let Err(e) = self.out.write_all(text.as_bytes())
        {
            self.write_error = Some(e);
        }
    }

    fn warn(&mut self, w: String) {
        if self.seen_warnings.insert(w.clone()) {
            self.warnings.push(w);
        }
    }

    fn take(&mut self, site: &BatchSite, answer: Result<SiteReport, &ZoneError>) {
        let report = match answer {
            Ok(report) => report,
            Err(e) => return self.fail(site, &e.to_string()),
        };
        if let Ok(s) = &site.site {
            for w in &s.warnings {
                self.warn(format!("{}: {w}", site.source.display()));
            }
        }
        for w in &report.warnings {
            self.warn(w.clone());
        }
        let written = match (&mut self.reports, &site.site) {
            (Some(files), Ok(s)) => files.write(self.workspace, site, s, &report).map(Some),
            _ => Ok(None),
        };
        let row = SummaryRow::of_report(site, &report);
        if self.args.json {
            let text = json_line(self.workspace, site, &report);
            self.line(&format!("{text}\n"));
        } else {
            let text = summary_line(&row, self.lang);
            self.line(&format!("{text}\n"));
        }
        self.rows.push(row);
        match written {
            Ok(Some(path)) => crate::cli::out::warn_line!("{} → {}", site.id, path.display()),
            Ok(None) => {}
            Err(e) => {
                self.failed += 1;
                crate::cli::out::warn_line!(
                    "zonecheck: error: {}: {}: {e:#}",
                    site.id,
                    self.lang
                        .t("报告未能写出", "the report could not be written")
                );
            }
        }
    }

    fn fail(&mut self, site: &BatchSite, message: &str) {
        self.failed += 1;
        let row = SummaryRow::of_error(site, message, self.lang);
        if self.args.json {
            let line = json!({
                "index": site.index,
                "id": site.id,
                "source": site.source.display().to_string(),
                "error": message,
            });
            self.line(&format!("{line}\n"));
        } else {
            let text = format!(
                "[{}] {}  {}{message}\n",
                site.index + 1,
                site.id,
                self.lang.t("错误：", "error: ")
            );
            self.line(&text);
        }
        self.rows.push(row);
    }
}

/// One JSON line: where the site came from, then the whole `check --json` object for it.
fn json_line(workspace: &Workspace, site: &BatchSite, report: &SiteReport) -> String {
    let mut line = Map::new();
    line.insert("index".into(), json!(site.index));
    line.insert("id".into(), json!(site.id));
    line.insert("source".into(), json!(site.source.display().to_string()));
    if let Value::Object(check) = super::check::to_json(workspace, report) {
        line.extend(check);
    }
    Value::Object(line).to_string()
}

/// The extension of the per-site reports' format.
fn report_extension(format: &str) -> Result<&'static str> {
    let ext = match format
        .trim()
        .trim_start_matches('.')
        .to_ascii_lowercase()
        .as_str()
    {
        "docx" | "word" => "docx",
        "html" | "htm" => "html",
        "xlsx" | "excel" => "xlsx",
        "csv" => "csv",
        other => bail!("--report-format must be docx, html, xlsx or csv, not {other:?}"),
    };
    // The report writers choose by extension: make sure they know this one.
    ReportFormat::for_path(Path::new(&format!("x.{ext}")))?;
    Ok(ext)
}

/// Every file the batch reads, which no output may overwrite.
fn inputs(args: &BatchArgs, workspace: &Workspace, sites: &[BatchSite]) -> Vec<PathBuf> {
    let mut inputs = crate::report::project_inputs(&workspace.project);
    inputs.extend(args.layers.iter().chain(&args.tables).cloned());
    inputs.push(args.sites.clone());
    let mut seen = HashSet::new();
    for s in sites {
        if seen.insert(&s.source) {
            inputs.push(s.source.clone());
        }
    }
    inputs
}
