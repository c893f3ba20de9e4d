//! The Hengshui sample project shipped inside the binary: `zonecheck` with no arguments opens it
//! even when the executable alone was copied to another machine. The files are written once to
//! the user's cache folder (`$XDG_CACHE_HOME/zonecheck/sample-<version>/`, else
//! `~/.cache/zonecheck/…`, `%LOCALAPPDATA%/zonecheck/…` on Windows) and opened from there; never
//! beside the user's own data.
//!
//! Not for finding a sample folder on disk (see `find_sample_project`) or for reading it.

use std::path::{Path, PathBuf};

/// The sample's files (path inside the sample folder, bytes), layers first, project file last.
pub const SAMPLE_FILES: &[(&str, &[u8])] = &[
    ("README.md", include_bytes!("../../sample_data/README.md")),
    (
        "requirements/README.md",
        include_bytes!("../../sample_data/requirements/README.md"),
    ),
    (
        "requirements/衡水市生态环境准入清单.csv",
        include_bytes!("../../sample_data/requirements/衡水市生态环境准入清单.csv"),
    ),
    (
        "requirements/衡水市行业准入规则.csv",
        include_bytes!("../../sample_data/requirements/衡水市行业准入规则.csv"),
    ),
    (
        "sites/示例项目A_化工园区扩建.geojson",
        include_bytes!("../../sample_data/sites/示例项目A_化工园区扩建.geojson"),
    ),
    (
        "sites/示例项目B_界址点.txt",
        include_bytes!("../../sample_data/sites/示例项目B_界址点.txt"),
    ),
    (
        "衡水市主要河流.geojson",
        include_bytes!("../../sample_data/衡水市主要河流.geojson"),
    ),
    (
        "衡水市环境管控单元.cpg",
        include_bytes!("../../sample_data/衡水市环境管控单元.cpg"),
    ),
    (
        "衡水市环境管控单元.dbf",
        include_bytes!("../../sample_data/衡水市环境管控单元.dbf"),
    ),
    (
        "衡水市环境管控单元.prj",
        include_bytes!("../../sample_data/衡水市环境管控单元.prj"),
    ),
    (
        "衡水市环境管控单元.shp",
        include_bytes!("../../sample_data/衡水市环境管控单元.shp"),
    ),
    (
        "衡水市环境管控单元.shx",
        include_bytes!("../../sample_data/衡水市环境管控单元.shx"),
    ),
    (
        "衡水市生态保护红线.cpg",
        include_bytes!("../../sample_data/衡水市生态保护红线.cpg"),
    ),
    (
        "衡水市生态保护红线.dbf",
        include_bytes!("../../sample_data/衡水市生态保护红线.dbf"),
    ),
    (
        "衡水市生态保护红线.prj",
        include_bytes!("../../sample_data/衡水市生态保护红线.prj"),
    ),
    (
        "衡水市生态保护红线.shp",
        include_bytes!("../../sample_data/衡水市生态保护红线.shp"),
    ),
    (
        "衡水市生态保护红线.shx",
        include_bytes!("../../sample_data/衡水市生态保护红线.shx"),
    ),
    (
        "衡水市饮用水水源保护区.cpg",
        include_bytes!("../../sample_data/衡水市饮用水水源保护区.cpg"),
    ),
    (
        "衡水市饮用水水源保护区.dbf",
        include_bytes!("../../sample_data/衡水市饮用水水源保护区.dbf"),
    ),
    (
        "衡水市饮用水水源保护区.prj",
        include_bytes!("../../sample_data/衡水市饮用水水源保护区.prj"),
    ),
    (
        "衡水市饮用水水源保护区.shp",
        include_bytes!("../../sample_data/衡水市饮用水水源保护区.shp"),
    ),
    (
        "衡水市饮用水水源保护区.shx",
        include_bytes!("../../sample_data/衡水市饮用水水源保护区.shx"),
    ),
    (
        "衡水湖国家级自然保护区.cpg",
        include_bytes!("../../sample_data/衡水湖国家级自然保护区.cpg"),
    ),
    (
        "衡水湖国家级自然保护区.dbf",
        include_bytes!("../../sample_data/衡水湖国家级自然保护区.dbf"),
    ),
    (
        "衡水湖国家级自然保护区.prj",
        include_bytes!("../../sample_data/衡水湖国家级自然保护区.prj"),
    ),
    (
        "衡水湖国家级自然保护区.shp",
        include_bytes!("../../sample_data/衡水湖国家级自然保护区.shp"),
    ),
    (
        "衡水湖国家级自然保护区.shx",
        include_bytes!("../../sample_data/衡水湖国家级自然保护区.shx"),
    ),
    (
        "衡水市示意底图.mbtiles",
        include_bytes!("../../sample_data/衡水市示意底图.mbtiles"),
    ),
    (
        "hengshui.zonecheck.toml",
        include_bytes!("../../sample_data/hengshui.zonecheck.toml"),
    ),
];

/// The project file's name inside the sample folder.
pub const SAMPLE_PROJECT_FILE: &str = "hengshui.zonecheck.toml";

/// Whether `dir` is the bundled sample's folder: the unpacked copy in the cache, or the
/// `sample_data` folder of a checkout (nothing the user made should be saved there).
pub fn is_sample_folder(dir: &Path) -> bool {
    let Ok(dir) = dir.canonicalize() else {
        return false;
    };
    let unpacked = cache_root().map(|r| r.join(format!("sample-{}", env!("CARGO_PKG_VERSION"))));
    let checkout = crate::ui::find_sample_project().and_then(|p| p.parent().map(Path::to_path_buf));
    [unpacked, checkout]
        .into_iter()
        .flatten()
        .filter_map(|d| d.canonicalize().ok())
        .any(|d| d == dir)
}

/// The per-user cache folder for zonecheck, from the environment; `None` when no home is known.
pub fn cache_root() -> Option<PathBuf> {
    let from_env = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if cfg!(windows) {
        return from_env("LOCALAPPDATA").map(|p| p.join("zonecheck"));
    }
    from_env("XDG_CACHE_HOME")
        .or_else(|| from_env("HOME").map(|h| h.join(".cache")))
        .map(|p| p.join("zonecheck"))
}

/// Writes the embedded sample under `root` (in `sample-<version>/`) unless an identical copy is
/// there already, and returns the project file's path.
pub fn unpack_sample_into(root: &Path) -> std::io::Result<PathBuf> {
    let dir = root.join(format!("sample-{}", env!("CARGO_PKG_VERSION")));
    for (name, bytes) in SAMPLE_FILES {
        let path = dir.join(name);
        let same = std::fs::metadata(&path).is_ok_and(|m| m.len() == bytes.len() as u64);
        if same {
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        // Write beside, then rename: a half-written file is never taken for the sample.
        let tmp = path.with_extension("partial");
        std::fs::write(&tmp, bytes)?;
        std::fs::rename(&tmp, &path)?;
    }
    Ok(dir.join(SAMPLE_PROJECT_FILE))
}

/// The embedded sample's project file in the user's cache folder, written there if needed.
pub fn unpack_sample() -> std::io::Result<PathBuf> {
    let root =
        cache_root().ok_or_else(|| std::io::Error::other("no home or cache folder is known"))?;
    unpack_sample_into(&root)
}
