//! Where an output may not go: over any of its inputs (a layer, the site, a table, a project
//! file). `report --site site.csv --out site.csv` once overwrote the user's own site file; the CLI
//! and the app both ask [`refuse_overwriting_inputs`] before writing.
//!
//! Not for choosing output names, nor for checking that the folder is writable (the write says).

use std::path::{Path, PathBuf};

use crate::error::{Result, ZoneError};
use crate::model::project::Project;

/// Every file a project reads: its layers and its access-list tables, as full paths.
pub fn project_inputs(project: &Project) -> Vec<PathBuf> {
    project
        .layers
        .iter()
        .map(|spec| project.layer_path(spec))
        .chain(
            project
                .requirements
                .iter()
                .map(|t| project.base_dir.join(t)),
        )
        .collect()
}

/// Fails when `out` is the same file as one of `inputs` (by identity: a link or another
/// spelling of the path counts). An output that does not exist yet cannot be an input.
pub fn refuse_overwriting_inputs<'a>(
    out: &Path,
    inputs: impl IntoIterator<Item = &'a Path>,
) -> Result<()> {
    let Some(out_id) = FileId::of(out) else {
        return Ok(());
    };
    for input in inputs {
        if FileId::of(input) == Some(out_id) {
            return Err(ZoneError::Input(format!(
                "{}: the output would overwrite an input ({}); zonecheck never writes over its \
                 inputs: choose another output file",
                out.display(),
                input.display()
            )));
        }
    }
    Ok(())
}

/// Whether two paths name the same file: by identity when both exist (a link or another
/// spelling of the path counts), else by the paths themselves.
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (FileId::of(a), FileId::of(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

/// What makes two paths the same file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileId {
    device: u64,
    inode: u64,
}

impl FileId {
    #[cfg(unix)]
    fn of(path: &Path) -> Option<FileId> {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(path).ok()?;
        Some(FileId {
            device: meta.dev(),
            inode: meta.ino(),
        })
    }

    /// Elsewhere the canonical path stands for the file (hashed, to keep one shape).
    #[cfg(not(unix))]
    fn of(path: &Path) -> Option<FileId> {
        use std::hash::{Hash, Hasher};
        let canonical = std::fs::canonicalize(path).ok()?;
        let mut h = std::collections::hash_map::DefaultHasher::new();
        canonical.to_string_lossy().to_lowercase().hash(&mut h);
        Some(FileId {
            device: 0,
            inode: h.finish(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_file_by_any_path_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site.csv");
        std::fs::write(&site, "1,2\n").unwrap();
        let other = dir.path().join("report.csv");
        assert!(refuse_overwriting_inputs(&other, [site.as_path()]).is_ok());
        let again = dir.path().join(".").join("site.csv");
        let err = refuse_overwriting_inputs(&again, [site.as_path()])
            .unwrap_err()
            .to_string();
        assert!(err.contains("overwrite an input"), "{err}");
        #[cfg(unix)]
        {
            let link = dir.path().join("link.csv");
            std::os::unix::fs::symlink(&site, &link).unwrap();
            assert!(refuse_overwriting_inputs(&link, [site.as_path()]).is_err());
        }
    }
}
