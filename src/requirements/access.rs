//! An access list as a whole: every table a project names (or the user gives), sorted into
//! requirement tables and industry rules tables by their headers.
//!
//! Not for the table schemas themselves (see `table` and `industry`).

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::grid::read_grid;
use super::industry::{IndustryRule, load_industry_rules};
use super::set::RequirementSet;
use crate::error::Result;
use crate::model::project::Project;

/// Requirements and industry rules loaded from a project's tables.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AccessList {
    pub requirements: RequirementSet,
    pub rules: Vec<IndustryRule>,
    /// The industry rules tables read.
    pub rule_tables: Vec<PathBuf>,
    /// Rows skipped in any table, prefixed with the file name.
    pub warnings: Vec<String>,
}

impl AccessList {
    /// Loads the tables a project lists (paths relative to the project file) plus `extra` ones.
    pub fn for_project(project: &Project, extra: &[PathBuf]) -> Result<AccessList> {
        let mut paths: Vec<PathBuf> = project
            .requirements
            .iter()
            .map(|p| {
                if p.is_absolute() {
                    p.clone()
                } else {
                    project.base_dir.join(p)
                }
            })
            .collect();
        paths.extend(extra.iter().cloned());
        AccessList::load(&paths)
    }

    /// Loads each table: one with 行业代码 and 准入类型 columns is an industry rules table,
    /// anything else a requirements table.
    pub fn load(paths: &[PathBuf]) -> Result<AccessList> {
        let mut out = AccessList::default();
        for path in paths {
            out.add(path)?;
        }
        Ok(out)
    }

    /// Adds one table, classified by its header.
    pub fn add(&mut self, path: &Path) -> Result<()> {
        let grid = read_grid(path)?;
        let is_rules = grid
            .column(&[
                "行业代码",
                "行业分类代码",
                "国民经济行业代码",
                "industry_code",
            ])
            .is_some()
            && grid
                .column(&["准入类型", "管控类型", "类型", "access"])
                .is_some();
        let file = path.display().to_string();
        if is_rules {
            let (rules, warnings) = load_industry_rules(path)?;
            self.rules.extend(rules);
            self.rule_tables.push(path.to_path_buf());
            self.warnings
                .extend(warnings.into_iter().map(|w| format!("{file}: {w}")));
        } else {
            self.requirements.add_table(path)?;
            if let Some(t) = self.requirements.tables.last() {
                self.warnings
                    .extend(t.warnings.iter().map(|w| format!("{file}: {w}")));
            }
        }
        Ok(())
    }
}
