//! Reading a requirements table (生态环境准入清单) from CSV or Excel.
//!
//! Schema — one header row, columns found by any of these names (case and spaces ignored):
//! - `层级` (级别, 管控层级, level): 省 / 市 / 区县 / 单元类别 / 单元 (see [`Level::parse`]).
//!   May be left out on rows that give a unit code: they are unit rows.
//! - `适用范围` (范围, 适用区域, scope): the province, city or county name, or the category
//!   (优先保护单元…); empty = every unit the table covers.
//! - `单元编码` (环境管控单元编码, 管控单元编码, HJGKDYBM, code): the unit code, for unit rows.
//! - Long form: `维度` (管控维度, 要求类型, dimension) + `要求内容` (管控要求, 准入要求, 要求, text),
//!   one requirement per row.
//! - Wide form: instead, one column per dimension named 空间布局约束 / 污染物排放管控 / 环境风险防控 /
//!   资源开发效率要求 (or KJBJYS / PWWPFGK / HJFXFK / ZYKFXLYQ), as real lists keyed by unit code do.
//!
//! Not for matching requirements to units (see `set`).

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::grid::{Grid, read_grid};
use super::{Dimension, Level, Requirement};
use crate::error::{Result, ZoneError};

const LEVEL: &[&str] = &["层级", "级别", "管控层级", "level"];
const SCOPE: &[&str] = &["适用范围", "范围", "适用区域", "区域", "scope"];
const CODE: &[&str] = &[
    "单元编码",
    "环境管控单元编码",
    "管控单元编码",
    "环境综合管控单元编码",
    "HJGKDYBM",
    "HJZHGKDYBM",
    "code",
    "unit_code",
];
const DIMENSION: &[&str] = &["维度", "管控维度", "要求类型", "dimension"];
const TEXT: &[&str] = &[
    "要求内容",
    "管控要求",
    "准入要求",
    "要求",
    "内容",
    "text",
    "requirement",
];
const WIDE: [(Dimension, &[&str]); 4] = [
    (Dimension::Spatial, &["空间布局约束", "KJBJYS"]),
    (Dimension::Emission, &["污染物排放管控", "PWWPFGK"]),
    (Dimension::Risk, &["环境风险防控", "HJFXFK"]),
    (
        Dimension::Efficiency,
        &["资源开发效率要求", "资源利用效率要求", "ZYKFXLYQ"],
    ),
];

/// The requirements read from one table file, with the rows it could not use.
#[derive(Debug, Clone, Serialize)]
pub struct RequirementTable {
    pub path: PathBuf,
    pub requirements: Vec<Requirement>,
    /// Rows skipped and why (`row 7: unknown level "乡镇"`).
    pub warnings: Vec<String>,
}

/// Reads a requirements table (CSV in UTF-8/GBK, or .xlsx/.xls) in the long or wide form.
pub fn load_requirement_table(path: &Path) -> Result<RequirementTable> {
    requirement_table_from_grid(&read_grid(path)?, path)
}

/// A requirements table from rows already read (`path` names it in messages and rows).
pub fn requirement_table_from_grid(grid: &Grid, path: &Path) -> Result<RequirementTable> {
    let file = path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let level_col = grid.column(LEVEL);
    let scope_col = grid.column(SCOPE);
    let code_col = grid.column(CODE);
    let dim_col = grid.column(DIMENSION);
    let text_col = grid.column(TEXT);
    let wide: Vec<(Dimension, usize)> = WIDE
        .iter()
        .filter_map(|(d, names)| grid.column(names).map(|c| (*d, c)))
        .collect();
    let long = dim_col.is_some() && text_col.is_some();
    if !long && wide.is_empty() {
        return Err(ZoneError::format(
            path,
            format!(
                "not a requirements table: need columns 维度 and 要求内容, or one column per dimension \
                 (空间布局约束, 污染物排放管控, 环境风险防控, 资源开发效率要求); the header is: {}",
                grid.header_list()
            ),
        ));
    }
    if level_col.is_none() && code_col.is_none() {
        return Err(ZoneError::format(
            path,
            "not a requirements table: need a 层级 column or a 单元编码 column",
        ));
    }

    let mut out = RequirementTable {
        path: path.to_path_buf(),
        requirements: Vec::new(),
        warnings: Vec::new(),
    };
    for (row_no, row) in &grid.rows {
        let code = Grid::cell(row, code_col);
        let level_text = Grid::cell(row, level_col);
        let level = if level_text.is_empty() {
            if code.is_empty() {
                out.warnings.push(format!(
                    "{}: no level and no unit code, row skipped: fill in one of them",
                    grid.row_ref(*row_no)
                ));
                continue;
            }
            Level::Unit
        } else {
            match Level::parse(level_text) {
                Some(l) => l,
                None => {
                    out.warnings.push(format!(
                        "{}: unknown level {level_text:?}",
                        grid.row_ref(*row_no)
                    ));
                    continue;
                }
            }
        };
        let scope = if level == Level::Unit && !code.is_empty() {
            code
        } else {
            Grid::cell(row, scope_col)
        };
        if level == Level::Unit && scope.is_empty() {
            out.warnings.push(format!(
                "{}: a unit row without a unit code, row skipped: fill in its 单元编码",
                grid.row_ref(*row_no)
            ));
            continue;
        }
        let source = grid.row_source(&file, *row_no);
        let mut push = |dimension: Dimension, text: &str| {
            let text = text.trim();
            if !text.is_empty() {
                out.requirements.push(Requirement {
                    level,
                    scope: scope.to_string(),
                    dimension,
                    text: text.to_string(),
                    source: source.clone(),
                });
            }
        };
        if long {
            let dim_text = Grid::cell(row, dim_col);
            match Dimension::parse(dim_text) {
                Some(d) => push(d, Grid::cell(row, text_col)),
                None => out.warnings.push(format!(
                    "{}: unknown dimension {dim_text:?}, row skipped: write one of 空间布局约束, \
                     污染物排放管控, 环境风险防控, 资源开发效率要求",
                    grid.row_ref(*row_no)
                )),
            }
        } else {
            for (d, col) in &wide {
                push(*d, Grid::cell(row, Some(*col)));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn reads_the_long_form_with_aliases_and_reports_bad_rows() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "t.csv",
            "层级,适用范围,单元编码,维度,要求内容（原文）\n\
             省,河北省,,空间布局约束,禁止新建钢铁\n\
             单元,,ZH13110220001,污染物排放,执行特别排放限值\n\
             乡镇,某镇,,空间,x\n\
             ,,ZH13110220002,风险,y\n\
             市,衡水市,,效益,z\n",
        );
        let t = load_requirement_table(&p).unwrap();
        assert_eq!(t.requirements.len(), 3);
        assert_eq!(t.requirements[0].level, Level::Province);
        assert_eq!(t.requirements[0].scope, "河北省");
        assert_eq!(t.requirements[1].scope, "ZH13110220001");
        assert_eq!(t.requirements[1].dimension, Dimension::Emission);
        assert_eq!(t.requirements[2].level, Level::Unit);
        assert_eq!(t.requirements[2].source, "t.csv 第5行");
        assert_eq!(t.warnings.len(), 2, "{:?}", t.warnings);
        assert!(t.warnings[0].contains("row 4") && t.warnings[0].contains("乡镇"));
        assert!(t.warnings[1].contains("row 6"));
    }

    #[test]
    fn reads_the_wide_form_keyed_by_code() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(
            dir.path(),
            "w.csv",
            "HJGKDYBM,KJBJYS,PWWPFGK,HJFXFK,ZYKFXLYQ\nZH13110210001,a,,c,d\n",
        );
        let t = load_requirement_table(&p).unwrap();
        let dims: Vec<_> = t.requirements.iter().map(|r| r.dimension).collect();
        assert_eq!(
            dims,
            [Dimension::Spatial, Dimension::Risk, Dimension::Efficiency]
        );
        assert!(t.requirements.iter().all(|r| r.level == Level::Unit));
    }

    #[test]
    fn names_the_file_when_the_header_is_wrong() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "bad.csv", "a,b\n1,2\n");
        let err = load_requirement_table(&p).unwrap_err().to_string();
        assert!(err.contains("bad.csv") && err.contains("维度"), "{err}");
    }
}
