//! Exports of the site result: the overlap table as CSV (UTF-8 with BOM so Excel reads the
//! Chinese), the overlap pieces as GeoJSON (engine writer), and the full report (engine
//! `report`), each built here from the app's layers and run on a worker thread.
//!
//! Not for geometry or report content: the engine computes and lays out both.

use std::path::{Path, PathBuf};

use serde_json::json;

use crate::io::geojson_write::{PolygonFeature, write_polygons_geojson};
use crate::report::{ProjectInfo, ReportData, ReportFormat, write_report};
use crate::ui::i18n::{Lang, category_label, role_label};
use crate::ui::site::SiteResult;
use crate::ui::site::rows::OverlapRow;

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// The overlap table as CSV text: one row per overlapped feature.
pub fn overlap_csv(rows: &[OverlapRow], lang: Lang) -> String {
    let header = match lang {
        Lang::Zh => {
            "图层,类型,编码,名称,类别,分区,重叠面积_m2,重叠面积_公顷,重叠面积_亩,平面面积_m2,占比"
        }
        Lang::En => {
            "layer,kind,code,name,category,zone,overlap_m2,overlap_ha,overlap_mu,planar_m2,share"
        }
    };
    let mut out = String::from("\u{feff}");
    out.push_str(header);
    out.push_str("\r\n");
    for r in rows {
        let fields = [
            csv_field(&r.layer_name),
            csv_field(role_label(lang, r.role)),
            csv_field(&r.code),
            csv_field(&r.name),
            csv_field(r.category.map(|c| category_label(lang, c)).unwrap_or("")),
            csv_field(r.zone.as_deref().unwrap_or("")),
            format!("{:.3}", r.area_m2),
            format!("{:.4}", crate::query::hectares(r.area_m2)),
            format!("{:.3}", crate::query::mu(r.area_m2)),
            r.area_planar_m2
                .map(|a| format!("{a:.3}"))
                .unwrap_or_default(),
            format!("{:.6}", r.share),
        ];
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

/// Writes the overlap table to `path`.
pub fn write_overlap_csv(rows: &[OverlapRow], lang: Lang, path: &Path) -> Result<PathBuf, String> {
    std::fs::write(path, overlap_csv(rows, lang))
        .map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path.to_path_buf())
}

/// The overlap pieces with their row's properties, for the GeoJSON writer.
pub fn overlap_features(rows: &[OverlapRow], result: &SiteResult) -> Vec<PolygonFeature> {
    rows.iter()
        .zip(&result.report.analysis.overlaps)
        .filter(|(_, o)| !o.piece.0.is_empty())
        .map(|(r, o)| PolygonFeature {
            properties: vec![
                ("layer".into(), json!(r.layer_name)),
                ("code".into(), json!(r.code)),
                ("name".into(), json!(r.name)),
                (
                    "category".into(),
                    json!(r.category.map(|c| c.name_zh()).unwrap_or("")),
                ),
                ("zone".into(), json!(r.zone)),
                ("area_m2".into(), json!(r.area_m2)),
                ("share".into(), json!(r.share)),
            ],
            geometry: o.piece.clone(),
        })
        .collect()
}

/// Writes the overlap pieces to `path` as GeoJSON.
pub fn write_overlap_geojson(features: &[PolygonFeature], path: &Path) -> Result<PathBuf, String> {
    write_polygons_geojson(features, path).map_err(|e| e.to_string())?;
    Ok(path.to_path_buf())
}

/// Everything the report needs, gathered on the UI thread (cheap: shared layers): the analysed
/// site with the workspace and answer it came from, so the report says what the panel says.
pub struct ReportJob {
    pub result: SiteResult,
    pub path: PathBuf,
    /// 项目名称 typed in the panel; the site's name when empty.
    pub report_name: String,
}

impl ReportJob {
    /// Builds the report (map figure included) and writes it; run on a worker thread.
    pub fn run(self) -> Result<PathBuf, String> {
        ReportFormat::for_path(&self.path).map_err(|e| e.to_string())?;
        let r = &self.result;
        let name = match self.report_name.trim() {
            "" => r.site.name.clone(),
            given => given.to_string(),
        };
        let info = ProjectInfo {
            name,
            industry: r.report.industry.clone(),
            industry_name: None,
            lang: r.report.lang,
        };
        let data = ReportData::build(&r.workspace, &r.site, &r.report, &info)
            .map_err(|e| e.to_string())?;
        write_report(&data, &self.path).map_err(|e| e.to_string())?;
        Ok(self.path)
    }
}
