//! The engine's error type: every failure names the file (or input) and the problem.
//!
//! Not for presentation: the CLI and the GUI format these with `Display`.

use std::path::{Path, PathBuf};

/// Everything that can go wrong while reading, recognising or querying zoning data.
#[derive(Debug, thiserror::Error)]
pub enum ZoneError {
    /// The file could not be opened or read at all.
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file exists but its content is not what its format requires.
    #[error("{path}: {message}")]
    Format { path: PathBuf, message: String },
    /// The coordinate system could not be recognised or built.
    #[error("{context}: coordinate system problem: {message}")]
    Crs { context: String, message: String },
    /// Something the user typed or stated (a coordinate, an option, a field name) is invalid.
    #[error("{0}")]
    Input(String),
}

impl ZoneError {
    /// A format error for `path`.
    pub fn format(path: &Path, message: impl Into<String>) -> Self {
        ZoneError::Format {
            path: path.to_path_buf(),
            message: message.into(),
        }
    }

    /// An I/O error for `path`.
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        ZoneError::Io {
            path: path.to_path_buf(),
            source,
        }
    }

    /// A CRS error; `context` names the file or the input it came from.
    pub fn crs(context: impl Into<String>, message: impl Into<String>) -> Self {
        ZoneError::Crs {
            context: context.into(),
            message: message.into(),
        }
    }
}

/// The engine's result type.
pub type Result<T, E = ZoneError> = std::result::Result<T, E>;
