//! The reader's own error type: every failure names the file (and the table and row where it
//! helps) and what was wrong, so a caller can show it as it is.
//!
//! Not for warnings (lock files, unreliable object ids): those travel as plain strings beside
//! the data they qualify.

use std::path::PathBuf;

/// Everything that can go wrong while reading a File Geodatabase.
#[derive(Debug, thiserror::Error)]
pub enum GdbError {
    /// A file could not be opened or read.
    #[error("{path}: cannot read: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A file's bytes do not follow the format (truncated, a count past the end, a bad value).
    #[error("{path}: {message}")]
    Format { path: PathBuf, message: String },
    /// The data is valid but uses a part of the format this reader does not decode (compressed
    /// CDF tables, an unknown field type, a newer file version).
    #[error("{path}: {message}")]
    Unsupported { path: PathBuf, message: String },
    /// A table asked for by name is not in the geodatabase.
    #[error("{path}: no table named {name:?}; the geodatabase holds: {available}")]
    NoSuchTable {
        path: PathBuf,
        name: String,
        available: String,
    },
}

impl GdbError {
    /// A format error for `path`.
    pub fn format(path: impl Into<PathBuf>, message: impl Into<String>) -> GdbError {
        GdbError::Format {
            path: path.into(),
            message: message.into(),
        }
    }

    /// An unsupported-feature error for `path`.
    pub fn unsupported(path: impl Into<PathBuf>, message: impl Into<String>) -> GdbError {
        GdbError::Unsupported {
            path: path.into(),
            message: message.into(),
        }
    }

    /// An I/O error for `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> GdbError {
        GdbError::Io {
            path: path.into(),
            source,
        }
    }
}

/// The reader's result type.
pub type Result<T, E = GdbError> = std::result::Result<T, E>;
