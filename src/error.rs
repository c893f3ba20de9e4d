//! The engine's error type: every failure names the file (or input) and the problem, and, where
//! the user can do something about it, carries the fix as data ([`Fix`]).
//!
//! Not for presentation: the engine's text names no command-line flag and no button; each face
//! words the fix for its own controls (`cli::fix_words`, `ui::fix_text`).

use std::path::{Path, PathBuf};

/// What the user can do to get past an error: each face says it with its own controls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fix {
    /// State the coordinate system of the layer file (it names none, or a wrong one).
    StateLayerCrs {
        /// An EPSG code that would fit the coordinates, for the example the face shows.
        example: Option<u32>,
    },
    /// State the coordinate system of the site file.
    StateSiteCrs { example: Option<u32> },
    /// State the text encoding of the layer file (GBK, UTF-8…).
    StateEncoding,
}

impl Fix {
    /// Every fix, for faces and tests that must word each one.
    pub const ALL: [Fix; 3] = [
        Fix::StateLayerCrs {
            example: Some(4527),
        },
        Fix::StateSiteCrs {
            example: Some(4527),
        },
        Fix::StateEncoding,
    ];

    /// The same fix, aimed at the site: a layer reader's fix, raised while reading a site.
    pub fn for_site(self) -> Fix {
        match self {
            Fix::StateLayerCrs { example } => Fix::StateSiteCrs { example },
            other => other,
        }
    }
}

/// Everything that can go wrong while reading, recognising or querying zoning data.
#[derive(Debug, thiserror::Error)]
pub enum ZoneError {
    /// The file could not be opened or read at all. The cause is said here once (not also as a
    /// `source`), so that an error chain printed in full does not repeat it.
    #[error("{path}: cannot read: {}", io_text(cause))]
    Io {
        path: PathBuf,
        cause: std::io::Error,
    },
    /// The file exists but its content is not what its format requires.
    #[error("{path}: {message}")]
    Format {
        path: PathBuf,
        message: String,
        fix: Option<Fix>,
    },
    /// The coordinate system could not be recognised or built.
    #[error("{context}: coordinate system problem: {message}")]
    Crs {
        context: String,
        message: String,
        fix: Option<Fix>,
    },
    /// Something the user typed or stated (a coordinate, an option, a field name) is invalid.
    #[error("{0}")]
    Input(String),
}

/// An I/O error's text without the "(os error N)" tail, which says nothing to a planner.
fn io_text(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.rfind(" (os error ") {
        Some(i) if text.ends_with(')') => text[..i].to_string(),
        _ => text,
    }
}

impl ZoneError {
    /// A format error for `path`.
    pub fn format(path: &Path, message: impl Into<String>) -> Self {
        ZoneError::Format {
            path: path.to_path_buf(),
            message: message.into(),
            fix: None,
        }
    }

    /// An I/O error for `path`.
    pub fn io(path: &Path, cause: std::io::Error) -> Self {
        ZoneError::Io {
            path: path.to_path_buf(),
            cause,
        }
    }

    /// A CRS error; `context` names the file or the input it came from.
    pub fn crs(context: impl Into<String>, message: impl Into<String>) -> Self {
        ZoneError::Crs {
            context: context.into(),
            message: message.into(),
            fix: None,
        }
    }

    /// The same error carrying `fix` (ignored for I/O and input errors, which have none).
    pub fn with_fix(mut self, new: Fix) -> Self {
        if let ZoneError::Format { fix, .. } | ZoneError::Crs { fix, .. } = &mut self {
            *fix = Some(new);
        }
        self
    }

    /// What the user can do about it, when the engine knows.
    pub fn fix(&self) -> Option<Fix> {
        match self {
            ZoneError::Format { fix, .. } | ZoneError::Crs { fix, .. } => *fix,
            _ => None,
        }
    }

    /// The same error, its fix aimed at the site file (see [`Fix::for_site`]).
    pub fn for_site(self) -> Self {
        match self.fix() {
            Some(f) => self.with_fix(f.for_site()),
            None => self,
        }
    }
}

/// Most characters of a user's input an error message quotes; longer inputs are cut with `…`
/// (a 5 MB .prj must not make a 5 MB error line).
pub const QUOTE_MAX_CHARS: usize = 200;

/// `text` for an error message: at most [`QUOTE_MAX_CHARS`] characters, then `…` and the
/// length of what was left out.
pub fn quote(text: &str) -> String {
    match text.char_indices().nth(QUOTE_MAX_CHARS) {
        None => text.to_string(),
        Some((cut, _)) => format!(
            "{}… ({} more characters)",
            &text[..cut],
            text[cut..].chars().count()
        ),
    }
}

/// The engine's result type.
pub type Result<T, E = ZoneError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_cut_at_the_character_limit() {
        assert_eq!(quote("EPSG:4527"), "EPSG:4527");
        let long = "衡".repeat(500);
        let q = quote(&long);
        assert!(q.starts_with(&"衡".repeat(200)), "{q}");
        assert!(q.ends_with("… (300 more characters)"), "{q}");
    }

    #[test]
    fn io_errors_say_their_cause_once() {
        let e = ZoneError::io(
            Path::new("a.shp"),
            std::io::Error::from(std::io::ErrorKind::NotFound),
        );
        assert_eq!(std::error::Error::source(&e).map(|s| s.to_string()), None);
        let text = e.to_string();
        assert!(text.starts_with("a.shp: cannot read: "), "{text}");
        assert!(!text.contains("os error"), "{text}");
    }

    #[test]
    fn a_fix_follows_the_error_and_turns_to_the_site() {
        let e = ZoneError::crs("a.geojson", "no CRS").with_fix(Fix::StateLayerCrs {
            example: Some(4548),
        });
        assert_eq!(
            e.for_site().fix(),
            Some(Fix::StateSiteCrs {
                example: Some(4548)
            })
        );
        assert_eq!(
            ZoneError::Input("x".into())
                .with_fix(Fix::StateEncoding)
                .fix(),
            None
        );
    }
}
