//! Where a geodatabase's files come from: a `.gdb` folder on disk, or files already in memory
//! (a zipped `.gdb`, unpacked by the caller). Names are matched without regard to letter case,
//! as on Windows where these folders are made.
//!
//! Also reads what the folder says about its state: lock files left by a program that has it
//! open, and compressed (CDF / SDC) tables. Not for parsing any table.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::error::{GdbError, Result};

/// The files of one geodatabase.
#[derive(Debug, Clone)]
pub enum Source {
    /// A folder; file names listed once when opened.
    Dir { root: PathBuf, names: Vec<String> },
    /// Files in memory, keyed by lower-case name; `root` is what errors name (e.g.
    /// `data.zip/规划.gdb`).
    Memory {
        root: PathBuf,
        files: HashMap<String, Arc<Vec<u8>>>,
    },
}

impl Source {
    /// Lists the folder `root`.
    pub fn dir(root: &Path) -> Result<Source> {
        let entries = std::fs::read_dir(root).map_err(|e| GdbError::io(root, e))?;
        let mut names = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| GdbError::io(root, e))?;
            names.push(entry.file_name().to_string_lossy().into_owned());
        }
        names.sort();
        Ok(Source::Dir {
            root: root.to_path_buf(),
            names,
        })
    }

    /// Files already read; `files` are (name inside the `.gdb` folder, bytes).
    pub fn memory(root: &Path, files: Vec<(String, Vec<u8>)>) -> Source {
        Source::Memory {
            root: root.to_path_buf(),
            files: files
                .into_iter()
                .map(|(n, b)| (n.to_lowercase(), Arc::new(b)))
                .collect(),
        }
    }

    /// The geodatabase as errors name it.
    pub fn root(&self) -> &Path {
        match self {
            Source::Dir { root, .. } | Source::Memory { root, .. } => root,
        }
    }

    /// The path errors use for file `name`.
    pub fn display(&self, name: &str) -> PathBuf {
        self.root().join(name)
    }

    /// Every file name (lower case for in-memory sources).
    pub fn names(&self) -> Vec<String> {
        match self {
            Source::Dir { names, .. } => names.clone(),
            Source::Memory { files, .. } => {
                let mut n: Vec<String> = files.keys().cloned().collect();
                n.sort();
                n
            }
        }
    }

    /// Whether file `name` is there.
    pub fn exists(&self, name: &str) -> bool {
        match self {
            Source::Dir { names, .. } => names.iter().any(|n| n.eq_ignore_ascii_case(name)),
            Source::Memory { files, .. } => files.contains_key(&name.to_lowercase()),
        }
    }

    /// The bytes of file `name`, `None` when it is absent.
    pub fn read(&self, name: &str) -> Result<Option<Arc<Vec<u8>>>> {
        match self {
            Source::Dir { root, names } => {
                let Some(real) = names.iter().find(|n| n.eq_ignore_ascii_case(name)) else {
                    return Ok(None);
                };
                let path = root.join(real);
                std::fs::read(&path)
                    .map(|b| Some(Arc::new(b)))
                    .map_err(|e| GdbError::io(path, e))
            }
            Source::Memory { files, .. } => Ok(files.get(&name.to_lowercase()).cloned()),
        }
    }

    /// `len` bytes of file `name` from byte `offset` (fewer at the end of the file), `None` when
    /// the file is absent: for looking at a table's header without reading its rows.
    pub fn read_range(&self, name: &str, offset: u64, len: usize) -> Result<Option<Vec<u8>>> {
        use std::io::{Read, Seek, SeekFrom};
        match self {
            Source::Dir { root, names } => {
                let Some(real) = names.iter().find(|n| n.eq_ignore_ascii_case(name)) else {
                    return Ok(None);
                };
                let path = root.join(real);
                let io = |e| GdbError::io(&path, e);
                let mut file = std::fs::File::open(&path).map_err(io)?;
                file.seek(SeekFrom::Start(offset)).map_err(io)?;
                let mut out = Vec::with_capacity(len);
                file.take(len as u64).read_to_end(&mut out).map_err(io)?;
                Ok(Some(out))
            }
            Source::Memory { files, .. } => Ok(files.get(&name.to_lowercase()).map(|b| {
                let start = usize::try_from(offset).unwrap_or(usize::MAX).min(b.len());
                b[start..(start.saturating_add(len)).min(b.len())].to_vec()
            })),
        }
    }

    /// Warnings about lock files: a program (ArcGIS, QGIS) has the geodatabase open, and when it
    /// holds a write or edit lock the files may be half written.
    pub fn lock_warnings(&self) -> Vec<String> {
        let locks: Vec<String> = self
            .names()
            .into_iter()
            .filter(|n| n.to_ascii_lowercase().ends_with(".lock"))
            .collect();
        if locks.is_empty() {
            return Vec::new();
        }
        let writing = locks.iter().any(|n| {
            let l = n.to_ascii_lowercase();
            l.ends_with(".wr.lock") || l.ends_with(".ed.lock")
        });
        let shown: Vec<&str> = locks.iter().take(3).map(String::as_str).collect();
        let more = if locks.len() > 3 {
            format!(" and {} more", locks.len() - 3)
        } else {
            String::new()
        };
        vec![if writing {
            format!(
                "the geodatabase is being edited by another program (write/edit lock files: {}{more}); what was read may be incomplete — close that program and read it again",
                shown.join(", ")
            )
        } else {
            format!(
                "the geodatabase is open in another program (lock files: {}{more}); if that program is editing it, close it and read again",
                shown.join(", ")
            )
        }]
    }

    /// The compressed form of table file `stem` (`a00000009`), if that is how it is stored.
    pub fn compressed_form(&self, stem: &str) -> Option<String> {
        ["gdbtable.cdf", "cdf", "gdbtable.sdc", "sdc"]
            .iter()
            .map(|ext| format!("{stem}.{ext}"))
            .find(|n| self.exists(n))
    }
}

/// Whether `dir` is a File Geodatabase folder: named `*.gdb`, or holding the system catalog.
pub fn looks_like_gdb(dir: &Path) -> bool {
    let named = dir
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("gdb"));
    named || dir.join("a00000001.gdbtable").is_file()
}
