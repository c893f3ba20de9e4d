//! The command line face: turns parsed arguments into engine calls and prints tables or JSON.
//!
//! Not for computing answers: every figure printed here comes from the engine.

pub mod args;
mod batch;
mod check;
mod diff;
pub mod fix_words;
mod format;
mod hit_json;
mod info;
pub mod out;
pub mod points;
mod progress;
mod query;
mod report;
mod table;

use std::path::PathBuf;

use anyhow::{Context, Result};

pub use args::Cli;
use args::{Command, LayerOpts};
pub use fix_words::{ErrorContext, error_line};

use crate::crs::Crs;
use crate::workspace::{OpenOptions, Workspace};

/// The desktop app on `paths` (the bundled sample when none).
#[cfg(feature = "gui")]
pub fn open_app(paths: Vec<PathBuf>) -> Result<()> {
    crate::ui::run(paths)
}

/// An engine-only build (without the `gui` feature) has no window to open: it says so.
#[cfg(not(feature = "gui"))]
pub fn open_app(_paths: Vec<PathBuf>) -> Result<()> {
    anyhow::bail!("this zonecheck was built without the desktop app (cargo feature `gui`)")
}

/// Runs one command. Warnings go to stderr so that `--json` output on stdout stays clean.
pub fn run(command: Command) -> Result<()> {
    match command {
        Command::Open { paths } => open_app(paths),
        Command::Info {
            layer,
            layer_opts,
            json,
        } => info::run(&layer, &layer_opts, json),
        Command::Query {
            layers,
            at,
            points,
            crs,
            from,
            radius,
            layer_opts,
            json,
        } => {
            let input = match (at, points) {
                (Some(at), None) => points::PointInput::At(at),
                (None, Some(file)) => points::PointInput::Csv(file),
                _ => anyhow::bail!(
                    "give one point with --at LON,LAT or a CSV file with --points FILE"
                ),
            };
            let request = query::Request {
                input,
                crs: crs.as_deref(),
                from,
                radius_m: radius,
                json,
            };
            query::run(&layers, &layer_opts, request)
        }
        Command::Check {
            layers,
            site,
            radius,
            site_crs,
            industry,
            lang,
            tables,
            layer_opts,
            json,
        } => {
            let request = check::Request {
                site: &site,
                radius_m: radius,
                site_crs: site_crs.as_deref(),
                industry: industry.as_deref(),
                lang: &lang,
                json,
            };
            check::run(&layers, &layer_opts, &tables, request)
        }
        Command::Report(args) => report::run(&args),
        Command::Batch(args) => batch::run(&args),
        Command::Diff(args) => diff::run(&args),
    }
}

/// Opens the layers (and access-list tables) named on the command line and prints their
/// warnings to stderr.
/// What the binary asks to be done once a command's layers are open (see [`set_after_load`]).
static AFTER_LOAD: std::sync::OnceLock<fn()> = std::sync::OnceLock::new();

/// Registers a call made once a command's layers are read and indexed, before it answers. The
/// binary uses it to tell its allocator that the load's large temporary buffers are gone and
/// that what follows frees and reuses memory chunk after chunk (`src/main.rs`); the library
/// itself knows no allocator. A second registration is ignored.
pub fn set_after_load(f: fn()) {
    let _ = AFTER_LOAD.set(f);
}

fn open_workspace(paths: &[PathBuf], opts: &LayerOpts, tables: &[PathBuf]) -> Result<Workspace> {
    let crs = opts
        .layer_crs
        .as_deref()
        .map(Crs::from_user_text)
        .transpose()
        .context("--layer-crs")?;
    let workspace = Workspace::open(
        paths,
        &OpenOptions {
            encoding: opts.encoding.clone(),
            crs,
            lonlat_source: opts.lonlat_source.map(|s| s.statement()),
            tables: tables.to_vec(),
        },
    )?;
    for w in workspace.warnings() {
        crate::cli::out::warn_line!("warning: {}", fix_words::warning_words(&w));
    }
    for w in crate::query::require_features(&workspace.layers)? {
        crate::cli::out::warn_line!("warning: {w}");
    }
    if let Some(after_load) = AFTER_LOAD.get() {
        after_load();
    }
    Ok(workspace)
}

/// `--lang`, checked: zh or en.
fn parse_lang(raw: &str) -> Result<crate::present::Lang> {
    crate::present::Lang::parse(raw)
        .with_context(|| format!("--lang must be zh or en, not {raw:?}"))
}

/// `--industry`, checked when given.
fn parse_industry(raw: Option<&str>) -> Result<Option<crate::requirements::IndustryCode>> {
    raw.map(crate::requirements::IndustryCode::parse)
        .transpose()
        .context("--industry")
}

/// How site files are read: in `--site-crs` when it is given (for files that state none).
fn site_load_options(site_crs: Option<&str>) -> Result<crate::io::LoadOptions> {
    Ok(crate::io::LoadOptions {
        crs: site_crs
            .map(Crs::from_user_text)
            .transpose()
            .context("--site-crs")?,
        ..Default::default()
    })
}

/// The sites of a many-site file or folder (`batch`, `diff --sites`), with the warnings about
/// the path as a whole printed once.
fn read_batch_sites(
    path: &std::path::Path,
    site_crs: Option<&str>,
) -> Result<Vec<crate::workspace::batch::BatchSite>> {
    let read = crate::workspace::batch::read_sites(path, &site_load_options(site_crs)?)?;
    for w in &read.warnings {
        crate::cli::out::warn_line!("warning: {w}");
    }
    Ok(read.sites)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    static CALLS: AtomicUsize = AtomicUsize::new(0);

    fn count_call() {
        CALLS.fetch_add(1, Ordering::SeqCst);
    }

    /// The call registered for after the load is made once per opened workspace, after the
    /// layers are read (an open that fails makes none).
    #[test]
    fn the_after_load_call_follows_each_opened_workspace() {
        set_after_load(count_call);
        let sample =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample_data/衡水市环境管控单元.shp");
        let opts = LayerOpts::default();
        let before = CALLS.load(Ordering::SeqCst);
        let workspace = open_workspace(std::slice::from_ref(&sample), &opts, &[]).unwrap();
        assert!(!workspace.layers.is_empty());
        assert_eq!(CALLS.load(Ordering::SeqCst), before + 1);
        let missing = sample.with_file_name("no-such-layer.shp");
        assert!(open_workspace(&[missing], &opts, &[]).is_err());
        assert_eq!(CALLS.load(Ordering::SeqCst), before + 1);
    }
}
