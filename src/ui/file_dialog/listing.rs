//! The file-system side of the in-app file browser, kept free of egui so it can be tested: which
//! entries of a folder to list (folders first, then files of the wanted kinds), how names show
//! (non-UTF-8 names, e.g. GBK bytes from a Windows zip, are shown lossily but kept exact), what a
//! typed name means, and the extension a saved file must end in.
//!
//! Not for drawing the browser (see `browser`) or for the native dialog (see `native`).

use std::ffi::OsString;
use std::io;
use std::path::{Path, PathBuf};

/// One row of the browser: a folder or a file of a wanted kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The name on disk, exactly (joined to the folder to open or choose it).
    pub name: OsString,
    /// The name as shown (lossy where the bytes are not UTF-8).
    pub label: String,
    pub is_dir: bool,
}

/// Whether `path` ends in one of `extensions` (lower case, without the dot), ignoring case.
pub fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// `path` as chosen for saving: kept when it already ends in one of `allowed`, else with
/// `.default` appended (appended, not replaced: "项目A.v2" becomes "项目A.v2.docx"). Native save
/// dialogs differ here (GTK adds nothing, Windows adds the filter's), so every path goes through.
pub fn with_extension_ensured(path: PathBuf, allowed: &[&str], default: &str) -> PathBuf {
    if has_extension(&path, allowed) {
        return path;
    }
    let mut name = path.clone().into_os_string();
    name.push(".");
    name.push(default);
    PathBuf::from(name)
}

/// The folders and wanted files in `folder`: hidden entries (a leading dot) left out, folders
/// first, each group sorted by name ignoring ASCII case. `extensions` empty means every file.
pub fn list_folder(folder: &Path, extensions: &[&str]) -> io::Result<Vec<Entry>> {
    let mut entries: Vec<Entry> = std::fs::read_dir(folder)?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name();
            let label = name.to_string_lossy().into_owned();
            if label.starts_with('.') {
                return None;
            }
            // Follows links, so a linked folder opens like a folder; broken links are skipped.
            let meta = std::fs::metadata(e.path()).ok()?;
            let is_dir = meta.is_dir();
            let wanted = is_dir
                || (meta.is_file()
                    && (extensions.is_empty() || has_extension(Path::new(&name), extensions)));
            wanted.then_some(Entry {
                name,
                label,
                is_dir,
            })
        })
        .collect();
    entries.sort_by(|a, b| {
        b.is_dir
            .cmp(&a.is_dir)
            .then_with(|| a.label.to_lowercase().cmp(&b.label.to_lowercase()))
    });
    Ok(entries)
}

/// The user's home folder ($HOME, or %USERPROFILE% on Windows), when it exists.
pub fn home_folder() -> Option<PathBuf> {
    std::env::home_dir().filter(|p| p.is_dir())
}

/// What a name typed in the browser refers to: a path relative to `folder`, or an absolute one
/// (a leading `~` is the home folder). Quotes around a pasted path are dropped.
pub fn resolve_typed(folder: &Path, typed: &str) -> Option<PathBuf> {
    let typed = typed.trim().trim_matches('"');
    if typed.is_empty() {
        return None;
    }
    if let Some(rest) = typed.strip_prefix('~')
        && (rest.is_empty() || rest.starts_with(['/', '\\']))
        && let Some(home) = home_folder()
    {
        return Some(home.join(rest.trim_start_matches(['/', '\\'])));
    }
    Some(folder.join(typed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(p: &Path) {
        std::fs::write(p, b"x").unwrap();
    }

    #[test]
    fn lists_folders_first_then_wanted_files_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir(d.join("数据")).unwrap();
        std::fs::create_dir(d.join("Archive")).unwrap();
        std::fs::create_dir(d.join(".cache")).unwrap();
        for f in [
            "衡水市生态保护红线.shp",
            "衡水市生态保护红线.dbf",
            "b.GeoJSON",
            "a.zip",
            "说明.docx",
            ".hidden.shp",
        ] {
            touch(&d.join(f));
        }
        let got = list_folder(d, &["shp", "zip", "geojson"]).unwrap();
        let shown: Vec<(&str, bool)> = got.iter().map(|e| (e.label.as_str(), e.is_dir)).collect();
        assert_eq!(
            shown,
            [
                ("Archive", true),
                ("数据", true),
                ("a.zip", false),
                ("b.GeoJSON", false),
                ("衡水市生态保护红线.shp", false),
            ]
        );
        // No filter: every visible file.
        assert_eq!(list_folder(d, &[]).unwrap().len(), 7);
        assert!(list_folder(&d.join("missing"), &[]).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn non_utf8_names_show_lossily_and_open_exactly() {
        use std::os::unix::ffi::OsStrExt;
        let dir = tempfile::tempdir().unwrap();
        // "红线.shp" in GBK, as a Windows zip unpacked on Linux leaves it.
        let gbk = std::ffi::OsStr::from_bytes(b"\xba\xec\xcf\xdf.shp");
        if std::fs::write(dir.path().join(gbk), b"x").is_err() {
            return; // a file system that insists on UTF-8 names (not the usual Linux ones)
        }
        let got = list_folder(dir.path(), &["shp"]).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].name, gbk);
        assert!(got[0].label.ends_with(".shp") && got[0].label.contains('\u{fffd}'));
        assert!(dir.path().join(&got[0].name).is_file());
    }

    #[test]
    fn saved_paths_get_the_extension_they_need() {
        let report = ["docx", "html", "xlsx", "csv"];
        let cases = [
            ("/tmp/项目A", "/tmp/项目A.docx"),
            ("/tmp/项目A.docx", "/tmp/项目A.docx"),
            ("/tmp/项目A.HTML", "/tmp/项目A.HTML"),
            ("/tmp/项目A.v2", "/tmp/项目A.v2.docx"),
            ("/tmp/项目A.pdf", "/tmp/项目A.pdf.docx"),
        ];
        for (given, want) in cases {
            assert_eq!(
                with_extension_ensured(given.into(), &report, "docx"),
                PathBuf::from(want),
                "{given}"
            );
        }
        assert_eq!(
            with_extension_ensured("/tmp/表".into(), &["csv"], "csv"),
            PathBuf::from("/tmp/表.csv")
        );
    }

    #[test]
    fn typed_names_are_relative_to_the_folder_unless_absolute() {
        let folder = Path::new("/data/衡水");
        assert_eq!(
            resolve_typed(folder, " 红线.shp "),
            Some(PathBuf::from("/data/衡水/红线.shp"))
        );
        assert_eq!(
            resolve_typed(folder, "\"/tmp/a.zip\""),
            Some(PathBuf::from("/tmp/a.zip"))
        );
        assert_eq!(
            resolve_typed(folder, "../x"),
            Some(PathBuf::from("/data/衡水/../x"))
        );
        assert_eq!(resolve_typed(folder, "  "), None);
        if let Some(home) = home_folder() {
            assert_eq!(resolve_typed(folder, "~/a"), Some(home.join("a")));
            assert_eq!(resolve_typed(folder, "~"), Some(home.clone()));
        }
        // "~name" is a file called that, not someone's home.
        assert_eq!(
            resolve_typed(folder, "~x"),
            Some(PathBuf::from("/data/衡水/~x"))
        );
    }
}
