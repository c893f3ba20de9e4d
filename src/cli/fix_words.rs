//! The command line's words for an error: the engine's message said once (a cause repeated by its
//! context is dropped), then the fix the error carries ([`Fix`]) worded with a flag the command
//! really has — or, for a layer listed in a project file, the project file's own key.
//!
//! Not for the app's words (see `ui::fix_text`).

use std::path::Path;

use super::args::Command;
use crate::error::{Fix, ZoneError};
use crate::model::project::Project;

/// The example EPSG code when the error suggests none: CGCS2000 3° zone 39 (117°E), the sample's.
const DEFAULT_EXAMPLE_EPSG: u32 = 4527;

/// What the wording depends on: the command, and whether its layers include project files and
/// plain layer files (their CRS and encoding are stated in different places).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorContext {
    pub command: CommandKind,
    pub project_layers: bool,
    pub plain_layers: bool,
}

/// The subcommands, as far as their flags go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommandKind {
    Open,
    Info,
    Query,
    Check,
    Report,
    Batch,
    Diff,
}

impl CommandKind {
    /// Every command, for tests that check the wording of each against its `--help`.
    pub const ALL: [CommandKind; 7] = [
        CommandKind::Open,
        CommandKind::Info,
        CommandKind::Query,
        CommandKind::Check,
        CommandKind::Report,
        CommandKind::Batch,
        CommandKind::Diff,
    ];

    /// The subcommand's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            CommandKind::Open => "open",
            CommandKind::Info => "info",
            CommandKind::Query => "query",
            CommandKind::Check => "check",
            CommandKind::Report => "report",
            CommandKind::Batch => "batch",
            CommandKind::Diff => "diff",
        }
    }

    fn has_layer_flags(self) -> bool {
        !matches!(self, CommandKind::Open)
    }

    fn has_site_crs(self) -> bool {
        matches!(
            self,
            CommandKind::Check | CommandKind::Report | CommandKind::Batch | CommandKind::Diff
        )
    }
}

impl ErrorContext {
    /// The context of a parsed command.
    pub fn of(command: &Command) -> ErrorContext {
        let (kind, layers): (CommandKind, Vec<&Path>) = match command {
            Command::Open { paths } => (
                CommandKind::Open,
                paths.iter().map(|p| p.as_path()).collect(),
            ),
            Command::Info { layer, .. } => (CommandKind::Info, vec![layer.as_path()]),
            Command::Query { layers, .. } => (
                CommandKind::Query,
                layers.iter().map(|p| p.as_path()).collect(),
            ),
            Command::Check { layers, .. } => (
                CommandKind::Check,
                layers.iter().map(|p| p.as_path()).collect(),
            ),
            Command::Report(args) => (
                CommandKind::Report,
                args.layers.iter().map(|p| p.as_path()).collect(),
            ),
            Command::Batch(args) => (
                CommandKind::Batch,
                args.layers.iter().map(|p| p.as_path()).collect(),
            ),
            Command::Diff(args) => (
                CommandKind::Diff,
                args.old
                    .iter()
                    .chain(&args.new)
                    .map(|p| p.as_path())
                    .collect(),
            ),
        };
        let project_layers = layers.iter().any(|p| Project::is_project_path(p));
        ErrorContext {
            command: kind,
            project_layers,
            plain_layers: layers.iter().any(|p| !Project::is_project_path(p)),
        }
    }
}

/// The one line `main` prints for a failed command: the messages of the error chain, each said
/// once, then what to do about it when the engine knows.
pub fn error_line(e: &anyhow::Error, context: Option<&ErrorContext>) -> String {
    let mut line = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        let text = text.trim();
        if text.is_empty() || line.contains(text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(text);
    }
    let fix = e
        .chain()
        .find_map(|c| c.downcast_ref::<ZoneError>())
        .and_then(ZoneError::fix);
    if let (Some(fix), Some(context)) = (fix, context) {
        line.push_str(". ");
        line.push_str(&fix_words(fix, context));
    }
    line
}

/// A fix in the command line's words, naming only flags `context.command` has.
pub fn fix_words(fix: Fix, context: &ErrorContext) -> String {
    let flags = context.command.has_layer_flags();
    let plain = context.plain_layers || !context.project_layers;
    let in_project =
        |key: &str| format!("{key} in the layer's [[layers]] entry of the project file");
    let both = |flag: String, key: String| match (flags && plain, context.project_layers) {
        (true, true) => format!(
            "{flag} (for a layer listed in a project file: {})",
            in_project(&key)
        ),
        (true, false) => flag,
        (false, true) => in_project(&key),
        (false, false) => format!("state it in a project file: {}", in_project(&key)),
    };
    match fix {
        Fix::StateLayerCrs { example } => {
            let code = example.unwrap_or(DEFAULT_EXAMPLE_EPSG);
            format!(
                "State the layer's coordinate system: {}",
                both(
                    format!("--layer-crs EPSG:{code}"),
                    format!("crs = \"EPSG:{code}\"")
                )
            )
        }
        Fix::StateSiteCrs { example } => {
            let code = example.unwrap_or(DEFAULT_EXAMPLE_EPSG);
            if context.command.has_site_crs() {
                format!("State the site file's coordinate system: --site-crs EPSG:{code}")
            } else {
                format!(
                    "State the site file's coordinate system (EPSG:{code}, for example) in the \
                     file itself (a .prj, or the 坐标系/带号 header)"
                )
            }
        }
        Fix::StateEncoding => format!(
            "State the layer's text encoding: {}",
            both(
                "--encoding GBK".to_string(),
                "encoding = \"GBK\"".to_string()
            )
        ),
    }
}

/// A layer warning in the command line's words: a hint the engine leaves for a face to word
/// (the Ovital GCJ-02 default) is completed with the flag and the project key that say it.
pub fn warning_words(warning: &str) -> String {
    if warning.contains(crate::io::OVITAL_NOT_SHIFTED_HINT) {
        format!(
            "{warning} (--lonlat-source wgs84; for a layer listed in a project file: \
             lonlat_source = \"wgs84\" in its [[layers]] entry)"
        )
    } else {
        warning.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cause_repeated_by_its_context_is_said_once() {
        let io = std::io::Error::from(std::io::ErrorKind::NotFound);
        let text = io.to_string();
        let e = anyhow::Error::new(io).context(format!("a.csv: cannot read: {text}"));
        assert_eq!(error_line(&e, None), format!("a.csv: cannot read: {text}"));
    }

    #[test]
    fn project_layers_are_told_the_project_key() {
        let context = ErrorContext {
            command: CommandKind::Check,
            project_layers: true,
            plain_layers: false,
        };
        let words = fix_words(
            Fix::StateLayerCrs {
                example: Some(4548),
            },
            &context,
        );
        assert!(
            words.contains("crs = \"EPSG:4548\"") && !words.contains("--"),
            "{words}"
        );
    }
}
