//! One report per site of a batch, in a folder, each named by its site's id (made safe for a
//! file name, numbered when two ids clash) and never written over an input. `zonecheck batch
//! --reports DIR` and the app's 批量核查 导出报告 both write through [`SiteReportFiles`].
//!
//! Not for answering the sites (see `workspace::batch`) or for the report's content (see
//! `report::data`).

use std::path::{Path, PathBuf};

use crate::error::{Result, ZoneError};
use crate::io::Site;
use crate::present::Lang;
use crate::report::{
    ProjectInfo, ReportData, ReportFormat, refuse_overwriting_inputs, write_report,
};
use crate::requirements::IndustryCode;
use crate::workspace::batch::{BatchSite, FileNames};
use crate::workspace::{SiteReport, Workspace};

/// The folder, format and statements of a batch's reports, and the names given so far.
pub struct SiteReportFiles {
    dir: PathBuf,
    /// The report format's extension (`docx`, `html`, `xlsx`, `csv`).
    ext: &'static str,
    industry: Option<IndustryCode>,
    lang: Lang,
    /// Every file the batch read: no report may be written over one.
    inputs: Vec<PathBuf>,
    names: FileNames,
}

impl SiteReportFiles {
    /// Reports into `dir` (made if missing) in the format of extension `ext`.
    pub fn new(
        dir: &Path,
        ext: &str,
        industry: Option<IndustryCode>,
        lang: Lang,
        inputs: Vec<PathBuf>,
    ) -> Result<SiteReportFiles> {
        let ext = match ReportFormat::for_path(Path::new(&format!("x.{ext}")))? {
            ReportFormat::Docx => "docx",
            ReportFormat::Html => "html",
            ReportFormat::Xlsx => "xlsx",
            ReportFormat::Csv => "csv",
        };
        std::fs::create_dir_all(dir).map_err(|e| ZoneError::io(dir, e))?;
        Ok(SiteReportFiles {
            dir: dir.to_path_buf(),
            ext,
            industry,
            lang,
            inputs,
            names: FileNames::default(),
        })
    }

    /// Writes the report of one answered site; returns the path written.
    pub fn write(
        &mut self,
        workspace: &Workspace,
        site: &BatchSite,
        readable: &Site,
        report: &SiteReport,
    ) -> Result<PathBuf> {
        let path = self
            .dir
            .join(self.names.name_for(&site.id, site.index, self.ext));
        refuse_overwriting_inputs(&path, self.inputs.iter().map(PathBuf::as_path))?;
        let info = ProjectInfo {
            name: site.id.clone(),
            industry: self.industry.clone(),
            industry_name: None,
            lang: self.lang,
        };
        let data = ReportData::build(workspace, readable, report, &info)?;
        write_report(&data, &path)?;
        Ok(path)
    }
}
