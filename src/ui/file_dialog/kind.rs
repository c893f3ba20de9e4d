//! What each file dialog of the app is for: its title, the kinds of file it offers, whether it
//! opens or saves, and the `Action` its answer becomes. Shared by the native dialog and the
//! in-app browser, so both offer the same files and lead to the same place.
//!
//! Not for showing anything (see `native`, `browser`).

use std::path::PathBuf;

use crate::ui::batch::BatchAction;
use crate::ui::diff::DiffAction;
use crate::ui::file_dialog::listing::with_extension_ensured;
use crate::ui::i18n::{Key, Lang, tr};
use crate::ui::site::SiteAction;
use crate::ui::state::Action;

/// The dialogs the panels ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DialogKind {
    /// Layers or a project file (several at once), for the layers panel.
    OpenLayers,
    /// The project site's boundary file, for the site panel.
    ImportSite,
    /// Where to write the compliance report (.docx, .html, .xlsx or .csv).
    ExportReport,
    /// Where to write the overlap table.
    ExportCsv,
    /// Where to write the overlap pieces.
    ExportGeoJson,
    /// Where to save the open layers and their settings as a project file.
    SaveProject,
    /// Where to write the attribute table's rows (as filtered and sorted).
    ExportTable,
    /// Where to write the site's boundary (exchange text, shapefile, GeoJSON, DXF, point table).
    ExportSiteBoundary,
    /// Where to write a print of the map view (PDF or PNG).
    ExportMap,
    /// A file of many sites for the batch view (a folder is typed in its path box).
    OpenBatchSites,
    /// Where to write the batch summary (.xlsx or .csv).
    ExportBatchSummary,
    /// The old (or new) version of the zoning data for the comparison: a project or a layer.
    OpenDiffVersion(crate::ui::diff::Version),
    /// Where to write the comparison's changes (tables, or the gained and lost pieces).
    ExportDiff,
}

/// Open one or several files, or name a file to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    OpenMany,
    OpenOne,
    Save,
}

/// A dialog the user asked for: its kind and, for saving, the file name to suggest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DialogRequest {
    pub kind: DialogKind,
    /// The suggested file name when saving (without folder); empty when opening.
    pub file_name: String,
    /// The folder to start in, when the panel knows a better one than the last dialog's.
    pub folder: Option<PathBuf>,
}

impl DialogRequest {
    /// A dialog that opens files.
    pub fn open(kind: DialogKind) -> DialogRequest {
        DialogRequest {
            kind,
            file_name: String::new(),
            folder: None,
        }
    }

    /// A save dialog suggesting `stem` (e.g. the project's name) with the kind's extension.
    pub fn save(kind: DialogKind, stem: &str) -> DialogRequest {
        // Path separators in a project name would make the suggestion a path.
        let stem: String = stem
            .trim()
            .chars()
            .map(|c| {
                if matches!(c, '/' | '\\' | ':') {
                    '_'
                } else {
                    c
                }
            })
            .collect();
        let stem = if stem.is_empty() { "zonecheck" } else { &stem };
        DialogRequest {
            kind,
            file_name: format!("{stem}.{}", kind.default_extension()),
            folder: None,
        }
    }

    /// The same request, starting in `folder`.
    pub fn in_folder(mut self, folder: Option<PathBuf>) -> DialogRequest {
        self.folder = folder;
        self
    }
}

impl DialogKind {
    /// Whether it opens or saves.
    pub fn mode(self) -> Mode {
        match self {
            DialogKind::OpenLayers => Mode::OpenMany,
            DialogKind::ImportSite
            | DialogKind::OpenBatchSites
            | DialogKind::OpenDiffVersion(_) => Mode::OpenOne,
            DialogKind::ExportReport
            | DialogKind::ExportCsv
            | DialogKind::ExportGeoJson
            | DialogKind::SaveProject
            | DialogKind::ExportTable
            | DialogKind::ExportSiteBoundary
            | DialogKind::ExportMap
            | DialogKind::ExportBatchSummary
            | DialogKind::ExportDiff => Mode::Save,
        }
    }

    /// The window title.
    pub fn title(self, lang: Lang) -> &'static str {
        tr(
            lang,
            match self {
                DialogKind::OpenLayers => Key::DialogOpenLayers,
                DialogKind::ImportSite => Key::DialogImportSite,
                DialogKind::OpenBatchSites => Key::BatchOpenSites,
                DialogKind::OpenDiffVersion(crate::ui::diff::Version::Old) => Key::DiffOld,
                DialogKind::OpenDiffVersion(crate::ui::diff::Version::New) => Key::DiffNew,
                DialogKind::ExportBatchSummary | DialogKind::ExportDiff => Key::DialogSaveAs,
                DialogKind::ExportReport
                | DialogKind::ExportCsv
                | DialogKind::ExportGeoJson
                | DialogKind::ExportTable
                | DialogKind::ExportSiteBoundary => Key::DialogSaveAs,
                DialogKind::ExportMap => Key::ExportMap,
                DialogKind::SaveProject => Key::SaveProject,
            },
        )
    }

    /// The file kinds offered (lower case, no dot): what the engine reads or writes for it.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            // A File Geodatabase is a folder: any of its .gdbtable files opens it.
            DialogKind::OpenLayers => &[
                "shp", "zip", "geojson", "json", "toml", "txt", "csv", "gpkg", "kml", "kmz",
                "ovkml", "ovkmz", "dxf", "xlsx", "xls", "gdbtable", "mbtiles", "pmtiles",
                // A tile folder is a folder: any of its {z}/{x}/{y} tiles opens it.
                "png", "jpg", "jpeg", "webp",
            ],
            DialogKind::ImportSite | DialogKind::OpenBatchSites => &[
                "geojson", "json", "shp", "zip", "txt", "csv", "gpkg", "kml", "kmz", "ovkml",
                "ovkmz", "dxf", "xlsx", "xls",
            ],
            DialogKind::OpenDiffVersion(_) => &[
                "toml", "shp", "zip", "geojson", "json", "gpkg", "kml", "kmz", "gdbtable",
            ],
            DialogKind::ExportBatchSummary => &["xlsx", "csv"],
            DialogKind::ExportDiff => &["xlsx", "csv", "geojson"],
            DialogKind::ExportReport => &["docx", "html", "xlsx", "csv"],
            DialogKind::ExportCsv => &["csv"],
            DialogKind::ExportGeoJson => &["geojson", "json"],
            DialogKind::SaveProject => &["toml"],
            DialogKind::ExportTable => &["xlsx", "csv"],
            DialogKind::ExportSiteBoundary => &["txt", "shp", "geojson", "dxf", "xlsx"],
            DialogKind::ExportMap => &["pdf", "png"],
        }
    }

    /// The extension a saved file gets when the user typed none of `extensions`.
    pub fn default_extension(self) -> &'static str {
        match self {
            DialogKind::ExportCsv => "csv",
            DialogKind::ExportGeoJson => "geojson",
            DialogKind::SaveProject => "zonecheck.toml",
            DialogKind::ExportTable | DialogKind::ExportBatchSummary | DialogKind::ExportDiff => {
                "xlsx"
            }
            DialogKind::ExportSiteBoundary => "txt",
            DialogKind::ExportMap => "pdf",
            _ => "docx",
        }
    }

    /// The name of the file filter, with its patterns ("图层与项目文件 (*.shp *.zip …)").
    pub fn filter_name(self, lang: Lang) -> String {
        let what = tr(
            lang,
            match self {
                DialogKind::OpenLayers => Key::FilterLayers,
                DialogKind::ImportSite | DialogKind::OpenBatchSites => Key::FilterSite,
                DialogKind::OpenDiffVersion(_) => Key::FilterLayers,
                DialogKind::ExportBatchSummary | DialogKind::ExportDiff => Key::FilterExport,
                DialogKind::ExportReport => Key::FilterReport,
                DialogKind::ExportCsv
                | DialogKind::ExportGeoJson
                | DialogKind::ExportTable
                | DialogKind::ExportSiteBoundary => Key::FilterExport,
                DialogKind::ExportMap => Key::FilterMap,
                DialogKind::SaveProject => Key::FilterProject,
            },
        );
        let patterns: Vec<String> = self.extensions().iter().map(|e| format!("*.{e}")).collect();
        format!("{what} ({})", patterns.join(" "))
    }

    /// What the chosen paths ask the app to do; None when nothing was chosen.
    pub fn action(self, paths: Vec<PathBuf>) -> Option<Action> {
        let first = paths.first()?.clone();
        let saved = |p| with_extension_ensured(p, self.extensions(), self.default_extension());
        Some(match self {
            DialogKind::OpenLayers => Action::OpenPaths(paths),
            DialogKind::ImportSite => Action::Site(SiteAction::ImportPath(first)),
            DialogKind::ExportReport => Action::Site(SiteAction::ExportReport(saved(first))),
            DialogKind::ExportCsv => Action::Site(SiteAction::ExportCsv(saved(first))),
            DialogKind::ExportGeoJson => Action::Site(SiteAction::ExportGeoJson(saved(first))),
            DialogKind::SaveProject => Action::SaveProject(saved(first)),
            DialogKind::ExportTable => Action::ExportTableRows(saved(first)),
            DialogKind::ExportSiteBoundary => {
                Action::Site(SiteAction::ExportBoundary(saved(first)))
            }
            DialogKind::ExportMap => Action::ExportMapView(saved(first)),
            DialogKind::OpenBatchSites => Action::Batch(BatchAction::Run(first)),
            DialogKind::ExportBatchSummary => {
                Action::Batch(BatchAction::ExportSummary(saved(first)))
            }
            DialogKind::OpenDiffVersion(which) => {
                Action::Diff(DiffAction::SetVersion(which, gdb_folder(first)))
            }
            DialogKind::ExportDiff => Action::Diff(DiffAction::Export(saved(first))),
        })
    }
}

/// A File Geodatabase is a folder: a `.gdbtable` file chosen inside one stands for the folder.
fn gdb_folder(path: PathBuf) -> PathBuf {
    let is_table = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gdbtable"));
    match path.parent() {
        Some(dir) if is_table => dir.to_path_buf(),
        _ => path,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_become_the_panels_actions() {
        let p = |s: &str| PathBuf::from(s);
        assert_eq!(DialogKind::OpenLayers.action(vec![]), None);
        assert_eq!(
            DialogKind::OpenLayers.action(vec![p("/d/a.shp"), p("/d/b.zip"), p("/d/c.toml")]),
            Some(Action::OpenPaths(vec![
                p("/d/a.shp"),
                p("/d/b.zip"),
                p("/d/c.toml")
            ]))
        );
        assert_eq!(
            DialogKind::ImportSite.action(vec![p("/d/界址点.txt")]),
            Some(Action::Site(SiteAction::ImportPath(p("/d/界址点.txt"))))
        );
        assert_eq!(
            DialogKind::ExportReport.action(vec![p("/d/项目A")]),
            Some(Action::Site(SiteAction::ExportReport(p("/d/项目A.docx"))))
        );
        assert_eq!(
            DialogKind::ExportReport.action(vec![p("/d/项目A.xlsx")]),
            Some(Action::Site(SiteAction::ExportReport(p("/d/项目A.xlsx"))))
        );
        assert_eq!(
            DialogKind::ExportCsv.action(vec![p("/d/表.txt")]),
            Some(Action::Site(SiteAction::ExportCsv(p("/d/表.txt.csv"))))
        );
        assert_eq!(
            DialogKind::ExportGeoJson.action(vec![p("/d/图斑.json")]),
            Some(Action::Site(SiteAction::ExportGeoJson(p("/d/图斑.json"))))
        );
        assert_eq!(
            DialogKind::SaveProject.action(vec![p("/d/复核")]),
            Some(Action::SaveProject(p("/d/复核.zonecheck.toml")))
        );
        assert_eq!(
            DialogKind::SaveProject.action(vec![p("/d/复核.toml")]),
            Some(Action::SaveProject(p("/d/复核.toml")))
        );
    }

    #[test]
    fn save_suggestions_are_file_names_with_the_right_extension() {
        assert_eq!(
            DialogRequest::save(DialogKind::ExportReport, " 示例项目 ").file_name,
            "示例项目.docx"
        );
        assert_eq!(
            DialogRequest::save(DialogKind::ExportCsv, "A/B:C").file_name,
            "A_B_C.csv"
        );
        assert_eq!(
            DialogRequest::save(DialogKind::ExportGeoJson, "").file_name,
            "zonecheck.geojson"
        );
        assert_eq!(
            DialogKind::ImportSite.filter_name(Lang::En),
            "Site files (*.geojson *.json *.shp *.zip *.txt *.csv *.gpkg *.kml *.kmz *.ovkml *.ovkmz *.dxf *.xlsx *.xls)"
        );
    }
}
