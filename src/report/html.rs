//! The HTML report: one self-contained file (the figure embedded as a base64 PNG, no external
//! resources) that reads on screen and prints cleanly to A4.
//!
//! Not for editing: reviewers edit the Word report (see `docx`).

use base64::Engine;

use super::data::ReportData;
use super::tables::{ReportTable, body_sections, summary, tables};

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const CSS: &str = r#"
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "SimSun", sans-serif;
       max-width: 180mm; margin: 2em auto; color: #111; line-height: 1.5; font-size: 11pt; }
h1 { font-size: 18pt; text-align: center; margin-bottom: 0.2em; }
h2 { font-size: 13pt; border-bottom: 1px solid #888; margin-top: 1.4em; }
p.meta { text-align: center; color: #555; font-size: 9.5pt; }
table { border-collapse: collapse; width: 100%; margin: 0.4em 0; font-size: 9.5pt; }
th, td { border: 1px solid #444; padding: 3px 5px; vertical-align: top; text-align: left; }
th { background: #e8e8e8; }
td { white-space: pre-line; }
th.short, td.short { white-space: nowrap; }
.conclusion { border: 3px solid #333; padding: 0.5em 0.9em; margin: 1em 0; font-size: 14pt; font-weight: bold; }
.conclusion.non_compliant { border-color: #b00; background: #fde2e2; color: #900; }
.conclusion.conditional { border-color: #d78c14; background: #fff0d2; color: #8c5000; }
.conclusion.compliant { border-color: #289640; background: #def4de; color: #146428; }
.conclusion.undetermined { border-color: #777; background: #eee; color: #333; }
caption { font-weight: bold; text-align: center; padding: 4px; }
p.note { font-size: 9pt; color: #333; margin-top: 0; }
figure { margin: 1em 0; text-align: center; }
figure img { width: 100%; border: 1px solid #aaa; }
.verdict { border: 2px solid #333; padding: 0.6em 0.8em; background: #f7f7f2; }
.disclaimer { font-size: 9pt; color: #555; }
@page { size: A4; margin: 18mm 15mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  h2, caption { break-after: avoid; }
  thead tr { break-after: avoid; }
  table { page-break-inside: auto; }
  tr { break-inside: avoid; }
  thead { display: table-header-group; }
  figure { break-inside: avoid; }
}
"#;

/// Columns whose every cell (and header) is this many characters or fewer are never wrapped: a
/// short phrase such as 待审查人员判定 broken over four lines reads badly, and long columns
/// (requirement texts) take the wrapping instead.
const NOWRAP_MAX_CHARS: usize = 10;

/// Which columns of `t` are short enough never to wrap.
fn nowrap_columns(t: &ReportTable) -> Vec<bool> {
    (0..t.headers.len())
        .map(|c| {
            let header = t.headers[c].chars().count();
            let longest = t
                .rows
                .iter()
                .filter_map(|r| r.get(c))
                .map(|v| v.chars().count())
                .max()
                .unwrap_or(0);
            header.max(longest) <= NOWRAP_MAX_CHARS
        })
        .collect()
}

fn table_html(t: &ReportTable) -> String {
    let nowrap = nowrap_columns(t);
    let class = |c: usize| {
        if nowrap.get(c).copied().unwrap_or(false) {
            " class=\"short\""
        } else {
            ""
        }
    };
    let mut s = String::from("<table>\n");
    s.push_str(&format!(
        "<caption>{}</caption>\n<thead><tr>",
        escape(&t.title)
    ));
    for (c, h) in t.headers.iter().enumerate() {
        s.push_str(&format!("<th{}>{}</th>", class(c), escape(h)));
    }
    s.push_str("</tr></thead>\n<tbody>\n");
    for row in &t.rows {
        s.push_str("<tr>");
        for (c, v) in row.iter().enumerate() {
            s.push_str(&format!("<td{}>{}</td>", class(c), escape(v)));
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</tbody></table>\n");
    if let Some(n) = &t.note {
        s.push_str(&format!("<p class=\"note\">{}</p>\n", escape(n)));
    }
    s
}

/// The whole report as one HTML document.
pub fn to_html(d: &ReportData) -> String {
    let l = d.lang;
    let title = format!(
        "{}{}",
        d.project_name,
        l.t(
            " 生态环境分区管控符合性分析",
            " — ecological zoning compliance analysis"
        )
    );
    let mut s = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        l.t("zh-CN", "en"),
        escape(&title)
    );
    s.push_str(&format!("<h1>{}</h1>\n", escape(&title)));
    s.push_str(&format!(
        "<p class=\"meta\">{} {} · {} {}</p>\n",
        escape(l.t("生成软件", "Generated by")),
        escape(&d.software),
        escape(l.t("生成时间", "at")),
        escape(&d.generated_local)
    ));
    // The conclusion first, in its own box: the line a reviewer reads before anything else.
    s.push_str(&format!(
        "<div class=\"conclusion {}\">{}{}</div>\n",
        verdict_class(d),
        escape(l.t("结论：", "Conclusion: ")),
        escape(&d.conclusion)
    ));
    s.push_str(&format!(
        "<h2>{}</h2>\n<table>\n",
        escape(l.t("一、项目概况", "1. Project"))
    ));
    for (k, v) in summary(d) {
        s.push_str(&format!(
            "<tr><th style=\"width:30%\">{}</th><td>{}</td></tr>\n",
            escape(&k),
            escape(&v)
        ));
    }
    s.push_str("</table>\n");
    let all = tables(d);
    let by_key = |k: &str| all.iter().find(|t| t.key == k);
    if let Some(t) = by_key("coordinates") {
        s.push_str(&table_html(t));
    }
    s.push_str(&format!(
        "<h2>{}</h2>\n",
        escape(l.t(
            "二、项目用地与环境管控单元位置关系",
            "2. Site and control units"
        ))
    ));
    if !d.figure_png.is_empty() {
        let b64 = base64::engine::general_purpose::STANDARD.encode(&d.figure_png);
        s.push_str(&format!(
            "<figure><img alt=\"{alt}\" src=\"data:image/png;base64,{b64}\"><figcaption>{alt}</figcaption></figure>\n",
            alt = escape(l.t("图1 项目用地与环境管控单元位置关系示意图", "Figure 1 Site and control units (sketch map)"))
        ));
    }
    for (key, heading) in body_sections(l) {
        if let Some(t) = by_key(key) {
            if let Some(h) = heading {
                s.push_str(&format!("<h2>{}</h2>\n", escape(h)));
            }
            s.push_str(&table_html(t));
        }
    }
    s.push_str(&format!(
        "<h2>{}</h2>\n<p class=\"verdict\">{}</p>\n",
        escape(l.t("六、结论", "6. Conclusion")),
        escape(&d.verdict)
    ));
    if let Some(t) = by_key("sources") {
        s.push_str(&format!(
            "<h2>{}</h2>\n",
            escape(l.t("七、数据来源与说明", "7. Data sources"))
        ));
        s.push_str(&table_html(t));
    }
    if !d.warnings.is_empty() {
        s.push_str(&format!(
            "<p class=\"disclaimer\">{}</p>\n<ul class=\"disclaimer\">\n",
            escape(super::tables::warnings_heading(l))
        ));
        for w in &d.warnings {
            s.push_str(&format!("<li>{}</li>\n", escape(w)));
        }
        s.push_str("</ul>\n");
    }
    s.push_str(&format!(
        "<p class=\"disclaimer\">{}</p>\n</body>\n</html>\n",
        escape(disclaimer(d))
    ));
    s
}

/// The CSS class of the conclusion box: its colour follows the verdict.
fn verdict_class(d: &ReportData) -> &'static str {
    use crate::workspace::verdict::VerdictResult as V;
    match d.decision.result {
        V::NonCompliant => "non_compliant",
        V::Conditional => "conditional",
        V::Compliant => "compliant",
        V::Undetermined => "undetermined",
    }
}

/// The closing statement that the software supports, not replaces, the reviewer.
pub fn disclaimer(d: &ReportData) -> &'static str {
    d.lang.t(
        "说明：本分析由 zonecheck 依据所载数据自动生成，用于支持而非替代审查人员的判断；数据的现势性与权威性以主管部门发布为准。",
        "Note: generated by zonecheck from the loaded data; it supports, and does not replace, the reviewer's judgement. The authorities' published data prevails.",
    )
}
