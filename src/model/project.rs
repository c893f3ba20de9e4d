//! The project file (TOML): the layers, their roles, field mapping, encoding and CRS overrides and
//! styles — the same file the CLI reads and the app opens and saves.
//!
//! Not for loading the layers themselves (see `workspace`): this is only the file's schema.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Result, ZoneError};
use crate::model::role::{FieldMapping, LayerRole};
use crate::model::verdict_rules::VerdictSpec;

/// The dimensions a project may state as not applicable to its area.
pub const NOT_APPLICABLE_KEYS: [&str; 4] = ["redline", "reserve", "water_source", "rivers"];

/// A zonecheck project: a named set of layers with how to read and show each.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// The title shown in the app and in reports.
    #[serde(default)]
    pub name: String,
    /// Free text: where the data came from, its date, its status (official or not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Layers in drawing order, bottom first.
    #[serde(default)]
    pub layers: Vec<LayerSpec>,
    /// Access-list tables (requirements and industry rules, CSV/Excel), relative to the project file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requirements: Vec<PathBuf>,
    /// The zoning data's version (e.g. 2024年动态更新): every answer says which version it used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// When that version was published (free text, e.g. 2024-06-30).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// Who published it (e.g. 衡水市人民政府 衡政字〔2024〕…号).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Check dimensions that do not apply to this area, with the reason quoted wherever the
    /// dimension is reported: `not_applicable = { water_source = "本市无集中式饮用水水源地" }`.
    /// Keys: redline, reserve, water_source, rivers.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub not_applicable: BTreeMap<String, String>,
    /// Verdict rules replacing the built-in ones (see `model::verdict_rules`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<VerdictSpec>,
    /// Offline basemaps drawn under the layers (`[[basemap]]`), bottom first. Written after
    /// the layers; files without them read as before.
    #[serde(default, rename = "basemap", skip_serializing_if = "Vec::is_empty")]
    pub basemaps: Vec<BasemapSpec>,
    /// The folder layer paths are relative to (the project file's folder); not stored in the file.
    #[serde(skip)]
    pub base_dir: PathBuf,
}

/// One layer of a project and the user's statements about it (each overrides detection).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayerSpec {
    /// Path of the .shp/.zip/.geojson, relative to the project file (or absolute).
    pub path: PathBuf,
    /// One layer of a container (a File Geodatabase feature class, a GeoPackage table, a zip
    /// member); all of them when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layer: Option<String>,
    /// Display name; the file stem when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The role; detected from field names when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<LayerRole>,
    /// DBF text encoding override (WHATWG label: GBK, UTF-8…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// CRS override (EPSG:4527…), for files without or with a wrong .prj.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crs: Option<String>,
    /// The web-map frame the layer's lon/lat are written in (`gcj02`: Amap, Tencent, Ovital
    /// since 9.3; `bd09`: Baidu), moved back to CGCS2000 on reading; `wgs84` says "not shifted"
    /// (an Ovital file from before 9.3). The format's own rule when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lonlat_source: Option<LonlatSource>,
    /// Whether the app shows it at start.
    #[serde(default = "default_true")]
    pub visible: bool,
    /// Stated field mapping; entries left out are detected.
    #[serde(default, skip_serializing_if = "is_default_mapping")]
    pub fields: FieldMapping,
    /// Display style for the app and report figures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<LayerStyle>,
}

/// The frame a layer's lon/lat are written in, as a project file or the command line states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LonlatSource {
    /// WGS 84 / CGCS2000 (GPS, official data): not shifted.
    #[serde(alias = "cgcs2000", alias = "none")]
    Wgs84,
    /// GCJ-02 (Amap, Tencent, Ovital since 9.3).
    #[serde(alias = "gcj-02")]
    Gcj02,
    /// BD-09 (Baidu).
    #[serde(alias = "bd-09")]
    Bd09,
}

impl LonlatSource {
    /// The engine's frame.
    pub fn coord_source(self) -> crate::crs::CoordSource {
        match self {
            LonlatSource::Wgs84 => crate::crs::CoordSource::Cgcs2000,
            LonlatSource::Gcj02 => crate::crs::CoordSource::Gcj02,
            LonlatSource::Bd09 => crate::crs::CoordSource::Bd09,
        }
    }

    /// The word a project file and the command line use (`wgs84`, `gcj02`, `bd09`).
    pub fn key(self) -> &'static str {
        match self {
            LonlatSource::Wgs84 => "wgs84",
            LonlatSource::Gcj02 => "gcj02",
            LonlatSource::Bd09 => "bd09",
        }
    }
}

/// One basemap of a project: an .mbtiles, .pmtiles or `{z}/{x}/{y}` tile folder and what the
/// user states about it (each overrides what the file says or is guessed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BasemapSpec {
    /// Path relative to the project file (or absolute).
    pub path: PathBuf,
    /// Display name; the basemap's own name when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Whether the app shows it at start.
    #[serde(default = "default_true")]
    pub visible: bool,
    /// 0.0 (invisible) to 1.0 (opaque); opaque when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opacity: Option<f32>,
    /// `webmercator` (EPSG:3857) or `lonlat` (EPSG:4490, 天地图 c tiles); read from the file,
    /// else Web Mercator, when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grid: Option<crate::basemap::TileGrid>,
    /// Row numbering of a tile folder or MBTiles: `xyz` or `tms`; detected when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme: Option<crate::basemap::TileScheme>,
    /// The web-map frame the tiles were drawn in: `none`, `gcj02` or `bd09`.
    #[serde(default, skip_serializing_if = "is_no_offset")]
    pub offset: crate::basemap::BasemapOffset,
}

fn is_no_offset(o: &crate::basemap::BasemapOffset) -> bool {
    *o == crate::basemap::BasemapOffset::None
}

impl BasemapSpec {
    /// A spec for a basemap path with everything read from the file.
    pub fn for_path(path: impl Into<PathBuf>) -> BasemapSpec {
        BasemapSpec {
            path: path.into(),
            name: None,
            visible: true,
            opacity: None,
            grid: None,
            scheme: None,
            offset: crate::basemap::BasemapOffset::None,
        }
    }

    /// The options to open it with.
    pub fn open_options(&self) -> crate::basemap::OpenOptions {
        crate::basemap::OpenOptions {
            grid: self.grid,
            scheme: self.scheme,
            offset: self.offset,
        }
    }
}

/// How the app draws a layer. Colours are `#RRGGBB` text so users can edit them by hand.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LayerStyle {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fill: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stroke: Option<String>,
    /// 0.0 (invisible) to 1.0 (opaque).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opacity: Option<f32>,
    /// Colour features by the values of this field (categorised) instead of by role.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_field: Option<String>,
    /// Field whose text labels features when zoomed in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_field: Option<String>,
}

fn default_true() -> bool {
    true
}

fn is_default_mapping(m: &FieldMapping) -> bool {
    *m == FieldMapping::default()
}

impl LayerSpec {
    /// A spec for a plain layer path with everything detected.
    pub fn for_path(path: impl Into<PathBuf>) -> LayerSpec {
        LayerSpec {
            path: path.into(),
            layer: None,
            name: None,
            role: None,
            encoding: None,
            crs: None,
            lonlat_source: None,
            visible: true,
            fields: FieldMapping::default(),
            style: None,
        }
    }
}

/// A TOML error on one line: where (line and column) and what, without the multi-line snippet
/// and caret the toml crate draws, and with the offending text quoted at most so long.
fn toml_error_line(text: &str, e: &toml::de::Error) -> String {
    let message = e
        .message()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("; ");
    let message = crate::error::quote(&message);
    match e.span() {
        Some(span) => {
            let before = &text[..span.start.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            format!("line {line}, column {column}: {message}")
        }
        None => message,
    }
}

impl Project {
    /// Whether `path` names a project file rather than a layer (by its `.toml` extension).
    pub fn is_project_path(path: &Path) -> bool {
        path.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
    }

    /// Parses project text; `base_dir` is where relative layer paths start.
    pub fn parse(text: &str, source: &Path, base_dir: &Path) -> Result<Project> {
        let mut project: Project = toml::from_str(text).map_err(|e| {
            ZoneError::format(
                source,
                format!(
                    "not a valid zonecheck project file: {}",
                    toml_error_line(text, &e)
                ),
            )
        })?;
        project.base_dir = base_dir.to_path_buf();
        for (key, reason) in &project.not_applicable {
            if !NOT_APPLICABLE_KEYS.contains(&key.as_str()) {
                return Err(ZoneError::format(
                    source,
                    format!(
                        "not_applicable: {key:?} is not a check that can be stated not applicable (one of {})",
                        NOT_APPLICABLE_KEYS.join(", ")
                    ),
                ));
            }
            if reason.trim().is_empty() {
                return Err(ZoneError::format(
                    source,
                    format!("not_applicable: {key} needs a reason (it is quoted in every report)"),
                ));
            }
        }
        for spec in &project.layers {
            if spec.path.as_os_str().is_empty() {
                return Err(ZoneError::format(source, "a layer has an empty path"));
            }
            if let Some(o) = spec.style.as_ref().and_then(|s| s.opacity)
                && !(0.0..=1.0).contains(&o)
            {
                return Err(ZoneError::format(
                    source,
                    format!(
                        "layer {}: opacity {o} is not between 0 and 1",
                        spec.path.display()
                    ),
                ));
            }
        }
        for spec in &project.basemaps {
            if let Some(o) = spec.opacity
                && !(0.0..=1.0).contains(&o)
            {
                return Err(ZoneError::format(
                    source,
                    format!(
                        "basemap {}: opacity {o} is not between 0 and 1",
                        spec.path.display()
                    ),
                ));
            }
        }
        Ok(project)
    }

    /// Reads a project file (UTF-8, or UTF-16 with a byte-order mark as Windows Notepad may
    /// save it).
    pub fn read(path: &Path) -> Result<Project> {
        let bytes = crate::io::read_file(path)?;
        let text = match encoding_rs::Encoding::for_bom(&bytes) {
            Some((enc, bom)) => enc
                .decode_without_bom_handling(&bytes[bom..])
                .0
                .into_owned(),
            None => String::from_utf8(bytes)
                .map_err(|_| ZoneError::format(path, "project file is not UTF-8 text"))?,
        };
        let base = path.parent().unwrap_or(Path::new("."));
        Project::parse(&text, path, base)
    }

    /// The TOML text of this project, paths as stored.
    pub fn to_toml(&self) -> Result<String> {
        toml::to_string_pretty(self)
            .map_err(|e| ZoneError::Input(format!("cannot write the project as TOML: {e}")))
    }

    /// Writes the project file; layer and table paths inside `path`'s folder are stored
    /// relative to it.
    pub fn write(&self, path: &Path) -> Result<()> {
        let dir = path.parent().unwrap_or(Path::new("."));
        let mut out = self.clone();
        let relative = |abs: PathBuf| match abs.strip_prefix(dir) {
            Ok(rel) => rel.to_path_buf(),
            Err(_) => abs,
        };
        for spec in &mut out.layers {
            spec.path = relative(self.layer_path(spec));
        }
        for table in &mut out.requirements {
            *table = relative(self.base_dir.join(&*table));
        }
        for spec in &mut out.basemaps {
            spec.path = relative(self.base_dir.join(&spec.path));
        }
        let text = out.to_toml()?;
        std::fs::write(path, text).map_err(|e| ZoneError::io(path, e))
    }

    /// The full path of a basemap, resolving relative paths against the project's folder.
    pub fn basemap_path(&self, spec: &BasemapSpec) -> PathBuf {
        self.base_dir.join(&spec.path)
    }

    /// The full path of a layer, resolving relative paths against the project's folder.
    pub fn layer_path(&self, spec: &LayerSpec) -> PathBuf {
        if spec.path.is_absolute() {
            spec.path.clone()
        } else {
            self.base_dir.join(&spec.path)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r##"
name = "衡水市生态环境分区管控（合成示例数据）"

[[layers]]
path = "衡水市环境管控单元.shp"
role = "control_units"
encoding = "GBK"

[layers.fields]
code = "HJGKDYBM"
category = "GKDYLB"

[[layers]]
path = "rivers.geojson"
visible = false
style = { stroke = "#1f78b4", opacity = 0.8 }
"##;

    #[test]
    fn parses_roles_fields_and_styles() {
        let p = Project::parse(SAMPLE, Path::new("p.toml"), Path::new("/data")).unwrap();
        assert_eq!(p.layers.len(), 2);
        assert_eq!(p.layers[0].role, Some(LayerRole::ControlUnits));
        assert_eq!(p.layers[0].fields.code.as_deref(), Some("HJGKDYBM"));
        assert!(p.layers[0].visible);
        assert!(!p.layers[1].visible);
        assert_eq!(
            p.layers[1].style.as_ref().and_then(|s| s.opacity),
            Some(0.8)
        );
        assert_eq!(
            p.layer_path(&p.layers[1]),
            PathBuf::from("/data/rivers.geojson")
        );
    }

    #[test]
    fn rejects_unknown_keys_and_roles_with_the_file_name() {
        let err = Project::parse(
            "[[layers]]\npath='a.shp'\nrole='lake'\n",
            Path::new("x.toml"),
            Path::new("."),
        )
        .unwrap_err()
        .to_string();
        assert!(err.starts_with("x.toml:"), "{err}");
        assert!(err.contains("lake"), "{err}");
        let err = Project::parse("nmae = 'typo'\n", Path::new("x.toml"), Path::new("."))
            .unwrap_err()
            .to_string();
        assert!(err.contains("nmae"), "{err}");
        assert!(!err.contains('\n'), "one line: {err}");
        assert!(err.contains("line 1, column 1"), "{err}");
        let err = Project::parse(
            "name = 'x'\n[[layers]]\npath = \n",
            Path::new("x.toml"),
            Path::new("."),
        )
        .unwrap_err()
        .to_string();
        assert!(!err.contains('\n') && err.contains("line 3"), "{err}");
    }

    #[test]
    fn one_layer_of_a_container_is_named_and_kept() {
        let p = Project::parse(
            "[[layers]]\npath = 'data.gdb'\nlayer = '生态保护红线'\n",
            Path::new("p.toml"),
            Path::new("."),
        )
        .unwrap();
        assert_eq!(p.layers[0].layer.as_deref(), Some("生态保护红线"));
        assert!(p.to_toml().unwrap().contains("layer = \"生态保护红线\""));
        let plain = Project::parse(SAMPLE, Path::new("p.toml"), Path::new(".")).unwrap();
        assert_eq!(plain.layers[0].layer, None);
        assert!(!plain.to_toml().unwrap().contains("layer ="));
    }

    #[test]
    fn basemaps_are_optional_and_round_trip() {
        let p = Project::parse(SAMPLE, Path::new("p.toml"), Path::new("/data")).unwrap();
        assert!(p.basemaps.is_empty());
        assert!(!p.to_toml().unwrap().contains("basemap"));
        let text = format!(
            "{SAMPLE}\n[[basemap]]\npath = \"tiles/amap.mbtiles\"\nopacity = 0.6\noffset = \"gcj02\"\nscheme = \"xyz\"\n\n[[basemap]]\npath = \"tdt\"\ngrid = \"lonlat\"\nvisible = false\n"
        );
        let p = Project::parse(&text, Path::new("p.toml"), Path::new("/data")).unwrap();
        assert_eq!(p.basemaps.len(), 2);
        assert_eq!(p.basemaps[0].offset, crate::basemap::BasemapOffset::Gcj02);
        assert_eq!(p.basemaps[0].scheme, Some(crate::basemap::TileScheme::Xyz));
        assert_eq!(p.basemaps[1].grid, Some(crate::basemap::TileGrid::LonLat));
        assert!(!p.basemaps[1].visible);
        assert_eq!(p.basemap_path(&p.basemaps[1]), PathBuf::from("/data/tdt"));
        let back = Project::parse(
            &p.to_toml().unwrap(),
            Path::new("q.toml"),
            Path::new("/data"),
        )
        .unwrap();
        assert_eq!(back.basemaps, p.basemaps);
        let err = Project::parse(
            "[[basemap]]\npath='a.mbtiles'\noffset='mars'\n",
            Path::new("x.toml"),
            Path::new("."),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("mars"), "{err}");
    }

    #[test]
    fn writes_and_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let mut p = Project::parse(SAMPLE, Path::new("p.toml"), dir.path()).unwrap();
        p.layers[0].style = Some(LayerStyle {
            fill: Some("#00aa00".into()),
            ..Default::default()
        });
        let path = dir.path().join("saved.zonecheck.toml");
        p.write(&path).unwrap();
        let back = Project::read(&path).unwrap();
        assert_eq!(back.layers, p.layers);
        assert_eq!(back.name, p.name);
    }
}
