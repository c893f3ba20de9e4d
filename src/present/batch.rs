//! The words of many-site answers and of version comparisons, in zh/en: the batch summary's
//! columns, the zoning data version line, the kinds of change between two zoning versions and
//! the diff tables' columns. One place, so the CLI, the spreadsheets and the app word them alike.
//!
//! Not for the figures themselves (see `workspace::batch` and `workspace::diff`).

use super::{Lang, area_text, share_text};
use crate::workspace::batch::SummaryRow;
use crate::workspace::{DataVersion, VerdictResult};

/// The batch summary's columns, in order (one row per site).
pub fn summary_headers(lang: Lang) -> Vec<String> {
    let (zh, en): (&[&str], &[&str]) = (
        &[
            "序号",
            "地块编号",
            "来源文件",
            "面积（m²）",
            "面积（公顷）",
            "面积（亩）",
            "涉及环境管控单元（编码 名称 类别 占比）",
            "重叠的敏感区",
            "最近敏感区距离（m）",
            "结论",
            "需补充",
            "数据版本",
            "错误",
        ],
        &[
            "No.",
            "Site id",
            "Source file",
            "Area (m²)",
            "Area (ha)",
            "Area (mu)",
            "Control units hit (code name category share)",
            "Sensitive areas overlapped",
            "Nearest sensitive area (m)",
            "Verdict",
            "Still needed",
            "Data version",
            "Error",
        ],
    );
    columns(lang, zh, en)
}

/// `2024年动态更新（发布 2024-06-30；衡政字〔2024〕…号）`, or that the project does not say.
pub fn version_text(lang: Lang, v: &DataVersion) -> String {
    if v.is_unstated() {
        return lang
            .t(
                "未说明（项目文件未注明数据版本）",
                "not stated (the project file names no version)",
            )
            .to_string();
    }
    let mut extra = Vec::new();
    if let Some(p) = &v.published {
        extra.push(match lang {
            Lang::Zh => format!("发布 {p}"),
            Lang::En => format!("published {p}"),
        });
    }
    if let Some(s) = &v.source {
        extra.push(s.clone());
    }
    let base = v
        .version
        .clone()
        .unwrap_or_else(|| lang.t("版本未注明", "version not named").to_string());
    match (extra.is_empty(), lang) {
        (true, _) => base,
        (false, Lang::Zh) => format!("{base}（{}）", extra.join("；")),
        (false, Lang::En) => format!("{base} ({})", extra.join("; ")),
    }
}

/// The words for one kind of change between two zoning versions (its JSON key is `key`).
pub fn change_label(key: &str, lang: Lang) -> &'static str {
    match key {
        "added" => lang.t("新增", "added"),
        "removed" => lang.t("删除", "removed"),
        "geometry" => lang.t("范围调整", "boundary changed"),
        "category" => lang.t("类别调整", "category changed"),
        "name" => lang.t("名称调整", "name changed"),
        "requirements" => lang.t("管控要求调整", "requirements changed"),
        _ => lang.t("其他", "other"),
    }
}

/// The changed-units table's columns.
pub fn unit_change_headers(lang: Lang) -> Vec<String> {
    let (zh, en): (&[&str], &[&str]) = (
        &[
            "单元编码",
            "变化",
            "原名称",
            "原类别",
            "原面积（m²）",
            "新名称",
            "新类别",
            "新面积（m²）",
            "新增面积（m²）",
            "减少面积（m²）",
        ],
        &[
            "Unit code",
            "Changes",
            "Old name",
            "Old category",
            "Old area (m²)",
            "New name",
            "New category",
            "New area (m²)",
            "Area gained (m²)",
            "Area lost (m²)",
        ],
    );
    columns(lang, zh, en)
}

/// The changed-zones table's columns (reserves, redlines, water sources by name and zone).
pub fn zone_change_headers(lang: Lang) -> Vec<String> {
    let (zh, en): (&[&str], &[&str]) = (
        &[
            "类型",
            "名称",
            "功能分区",
            "变化",
            "原面积（m²）",
            "新面积（m²）",
            "新增面积（m²）",
            "减少面积（m²）",
        ],
        &[
            "Kind",
            "Name",
            "Zone",
            "Changes",
            "Old area (m²)",
            "New area (m²)",
            "Area gained (m²)",
            "Area lost (m²)",
        ],
    );
    columns(lang, zh, en)
}

/// The affected-sites table's columns.
pub fn site_change_headers(lang: Lang) -> Vec<String> {
    let (zh, en): (&[&str], &[&str]) = (
        &[
            "序号",
            "地块编号",
            "是否变化",
            "更新前涉及单元",
            "更新后涉及单元",
            "错误",
        ],
        &[
            "No.",
            "Site id",
            "Changed",
            "Units before",
            "Units after",
            "Error",
        ],
    );
    columns(lang, zh, en)
}

/// Sheet names of the diff workbook: changed units, changed zones, affected sites.
pub fn diff_sheet_names(lang: Lang) -> [&'static str; 3] {
    match lang {
        Lang::Zh => ["变化单元", "变化保护区与红线", "受影响地块"],
        Lang::En => ["Changed units", "Changed zones", "Sites"],
    }
}

/// The batch summary's sheet name.
pub fn summary_sheet_name(lang: Lang) -> &'static str {
    lang.t("批量核查汇总", "Batch summary")
}

/// `是` / `否`.
pub fn yes_no(lang: Lang, yes: bool) -> &'static str {
    match yes {
        true => lang.t("是", "yes"),
        false => lang.t("否", "no"),
    }
}

/// The column names in `lang`.
fn columns(lang: Lang, zh: &[&str], en: &[&str]) -> Vec<String> {
    let names = match lang {
        Lang::Zh => zh,
        Lang::En => en,
    };
    names.iter().map(|s| s.to_string()).collect()
}

/// One site's line in readable output:
/// `[3] DK-003  1.2000 公顷（18.00 亩）  ZH13110220001 重点管控单元 100.00%  → 无法判定（…）`
pub fn summary_line(row: &SummaryRow, lang: Lang) -> String {
    format!(
        "[{}] {}  {}  {}  → {}",
        row.index + 1,
        row.id,
        row.area_m2.map(|a| area_text(lang, a)).unwrap_or_default(),
        row_units_text(row, lang),
        row.conclusion
    )
}

/// `ZH13110220001 重点管控单元 53.57%；…`, or `不在任何管控单元内` for an answered site in no unit
/// (empty for a site without an answer: its error says why).
pub fn row_units_text(row: &SummaryRow, lang: Lang) -> String {
    if row.units.is_empty() {
        return if row.error.is_some() {
            String::new()
        } else {
            lang.t("不在任何管控单元内", "in no control unit")
                .to_string()
        };
    }
    row.units
        .iter()
        .map(|u| format!("{} {} {}", u.code, u.category, share_text(u.share)))
        .collect::<Vec<_>>()
        .join(lang.t("；", "; "))
}

/// `数据版本：2024年动态更新（发布 2024-06-30）`: the line naming the version an answer used.
pub fn version_line(lang: Lang, version: &DataVersion) -> String {
    format!(
        "{}{}",
        lang.t("数据版本：", "Data version: "),
        version_text(lang, version)
    )
}

/// `数据版本：2023年版  →  2024年动态更新`: the two versions a comparison used.
pub fn versions_line(lang: Lang, old: &DataVersion, new: &DataVersion) -> String {
    format!(
        "{}{}  →  {}",
        lang.t("数据版本：", "Data versions: "),
        version_text(lang, old),
        version_text(lang, new)
    )
}

/// The counts by verdict:
/// `共 12 个地块：符合 2，有条件符合 1，不符合 3，无法判定 5，未能核查 1`
pub fn totals_text(rows: &[SummaryRow], lang: Lang) -> String {
    let count = |v: VerdictResult| rows.iter().filter(|r| r.verdict == Some(v)).count();
    let failed = rows.iter().filter(|r| r.verdict.is_none()).count();
    let parts: Vec<String> = [
        VerdictResult::Compliant,
        VerdictResult::Conditional,
        VerdictResult::NonCompliant,
        VerdictResult::Undetermined,
    ]
    .iter()
    .map(|&v| format!("{} {}", v.label(lang), count(v)))
    .chain(std::iter::once(format!(
        "{} {failed}",
        lang.t("未能核查", "not checked")
    )))
    .collect();
    match lang {
        Lang::Zh => format!("共 {} 个地块：{}", rows.len(), parts.join("，")),
        Lang::En => format!("{} sites: {}", rows.len(), parts.join(", ")),
    }
}
