//! The report's tables as plain rows of text, in the report's language — the one layout that the
//! HTML, Word, Excel and CSV writers all lay out, so the formats cannot disagree.
//!
//! Not for styling (each writer styles its own).

use super::data::ReportData;
use crate::present::{Lang, area_text, share_text};
use crate::requirements::{IndustryVerdict, Level};

/// One table of the report.
#[derive(Debug, Clone)]
pub struct ReportTable {
    /// A short stable key (`units`, `requirements`…), used as the Excel sheet name in English.
    pub key: &'static str,
    pub title: String,
    /// A short name (≤ 31 characters) for the Excel sheet.
    pub sheet: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// A line printed under the table (CRS and area method…).
    pub note: Option<String>,
}

fn h(lang: Lang, cols: &[(&str, &str)]) -> Vec<String> {
    cols.iter()
        .map(|(zh, en)| lang.t(zh, en).to_string())
        .collect()
}

/// An overlap as an area for polygon sites, a length for line sites, a dash for points.
fn overlap_text(l: Lang, area_m2: f64, length_m: Option<f64>) -> String {
    match length_m {
        Some(len) if area_m2 == 0.0 => {
            format!("{len:.1} m{}", l.t("（线路长度）", " (line length)"))
        }
        _ if area_m2 == 0.0 => "—".into(),
        _ => area_text(l, area_m2),
    }
}

/// The project summary as (label, value) pairs.
pub fn summary(d: &ReportData) -> Vec<(String, String)> {
    let l = d.lang;
    let industry = match (&d.industry, &d.industry_name) {
        (Some(c), Some(n)) => format!("{c} {n}"),
        (Some(c), None) => c.to_string(),
        (None, Some(n)) => n.clone(),
        (None, None) => l.t("未给出", "not given").to_string(),
    };
    let mut out = vec![
        (
            l.t("项目名称", "Project").to_string(),
            d.project_name.clone(),
        ),
        (
            l.t("行业类别（GB/T 4754-2017）", "Industry (GB/T 4754-2017)")
                .to_string(),
            industry,
        ),
        (
            l.t("用地面积（椭球面积）", "Site area (ellipsoidal)")
                .to_string(),
            area_text(l, d.site_area_m2),
        ),
    ];
    if let (Some(a), Some(crs)) = (d.site_area_planar_m2, &d.planar_crs) {
        out.push((
            l.t("用地面积（平面面积）", "Site area (planar)")
                .to_string(),
            match l {
                Lang::Zh => format!("{}（{crs}）", area_text(l, a)),
                Lang::En => format!("{} ({crs})", area_text(l, a)),
            },
        ));
    }
    out.push((
        l.t("用地范围来源坐标系", "Site file CRS").to_string(),
        d.site_crs.clone(),
    ));
    out.push((l.t("结论", "Conclusion").to_string(), d.conclusion.clone()));
    out
}

/// The heading of the report's warnings — the site file's, the data's and the answer's (a stated
/// 地块面积 off its boundary, a unit without requirements…) — the same in every format, so that
/// none of them is shown in one format and dropped in another.
pub fn warnings_heading(l: Lang) -> &'static str {
    l.t("提示（请核对）", "Warnings (to check)")
}

/// The body tables in the order every document writer lays them out, each with the section heading
/// it opens (`None`: it continues the section before it). One list, so Word and HTML cannot drift.
pub fn body_sections(l: Lang) -> [(&'static str, Option<&'static str>); 4] {
    [
        ("units", None),
        (
            "requirements",
            Some(l.t(
                "三、生态环境准入清单符合性分析",
                "3. Access-list requirements",
            )),
        ),
        (
            "industry",
            Some(l.t("四、行业准入核查", "4. Industry access")),
        ),
        (
            "sensitive",
            Some(l.t("五、生态环境敏感区", "5. Sensitive areas")),
        ),
    ]
}

/// Every table, in report order.
pub fn tables(d: &ReportData) -> Vec<ReportTable> {
    let l = d.lang;
    let mut out = Vec::new();
    let crs = d.planar_crs.clone().unwrap_or_else(|| "—".into());
    out.push(ReportTable {
        key: "coordinates",
        title: l
            .t("表1 项目用地界址点坐标", "Table 1 Site boundary points")
            .to_string(),
        sheet: l.t("界址点坐标", "Coordinates").to_string(),
        headers: vec![
            l.t("地块", "Parcel").to_string(),
            l.t("点号", "Point").to_string(),
            l.t("X（北）", "X (north)").to_string(),
            l.t("Y（东）", "Y (east)").to_string(),
            l.t("经度（°）", "Longitude (°)").to_string(),
            l.t("纬度（°）", "Latitude (°)").to_string(),
        ],
        rows: d
            .coordinates
            .iter()
            .map(|c| {
                vec![
                    c.parcel.clone(),
                    c.point.clone(),
                    c.x_north
                        .map(|v| format!("{v:.3}"))
                        .unwrap_or_else(|| "—".into()),
                    c.y_east
                        .map(|v| format!("{v:.3}"))
                        .unwrap_or_else(|| "—".into()),
                    format!("{:.8}", c.lon),
                    format!("{:.8}", c.lat),
                ]
            })
            .collect(),
        note: Some(format!(
            "{}{crs}；{}",
            l.t("X/Y 坐标系：", "X/Y CRS: "),
            l.t(
                "经纬度：CGCS2000（EPSG:4490）",
                "lon/lat: CGCS2000 (EPSG:4490)"
            )
        )),
    });
    out.push(ReportTable {
        key: "units",
        title: l
            .t(
                "表2 项目用地涉及的环境管控单元",
                "Table 2 Control units the site overlaps",
            )
            .to_string(),
        sheet: l.t("环境管控单元", "Control units").to_string(),
        headers: h(
            l,
            &[
                ("单元编码", "Code"),
                ("单元名称", "Name"),
                ("管控类别", "Category"),
                ("区县", "County"),
                ("重叠面积（椭球）", "Overlap (ellipsoidal)"),
                ("重叠面积（平面）", "Overlap (planar)"),
                ("占用地比例", "Share of site"),
            ],
        ),
        rows: d
            .units
            .iter()
            .map(|u| {
                vec![
                    u.code.clone(),
                    u.name.clone(),
                    u.category.clone(),
                    u.county.clone(),
                    overlap_text(l, u.area_m2, u.length_m),
                    u.area_planar_m2
                        .map(|a| area_text(l, a))
                        .unwrap_or_else(|| "—".into()),
                    share_text(u.share),
                ]
            })
            .collect(),
        note: Some(d.area_method.clone()),
    });
    out.push(ReportTable {
        key: "requirements",
        title: l.t("表3 生态环境准入清单符合性分析", "Table 3 Access-list requirements check").to_string(),
        sheet: l.t("准入清单符合性", "Requirements").to_string(),
        headers: h(l, &[
            ("层级", "Level"),
            ("维度", "Dimension"),
            ("要求原文", "Requirement (original text)"),
            ("本项目情况", "This project"),
            ("结论", "Conclusion"),
        ]),
        rows: d
            .requirements
            .iter()
            .map(|r| {
                let q = &r.requirement;
                let level = match (q.level, q.scope.is_empty()) {
                    (lv, true) => l.t(lv.label_zh(), lv.label_en()).to_string(),
                    (Level::Unit, false) => format!("{}\n{}", l.t(Level::Unit.label_zh(), Level::Unit.label_en()), q.scope),
                    (lv, false) => format!("{}（{}）", l.t(lv.label_zh(), lv.label_en()), q.scope),
                };
                vec![
                    level,
                    l.t(q.dimension.label_zh(), q.dimension.label_en()).to_string(),
                    format!("{}〔{}〕", q.text, q.source),
                    r.situation.clone(),
                    r.conclusion.clone(),
                ]
            })
            .collect(),
        note: Some(
            l.t(
                "“本项目情况”与“结论”须由审查人员结合项目实际逐条填写；软件仅对以文字提及本项目行业的条款作出提示。",
                "“This project” and “Conclusion” are for the reviewer to fill in; the software only flags clauses naming the project's industry.",
            )
            .to_string(),
        ),
    });
    if let Some(v) = &d.industry_check {
        let mut rows = Vec::new();
        for u in &v.units {
            let rules: Vec<String> = u
                .rules
                .iter()
                .map(|r| format!("【{}】{}〔{}〕", r.access.label_zh(), r.text, r.source))
                .collect();
            let hints: Vec<String> = u
                .hints
                .iter()
                .map(|h| format!("“{}”：{}〔{}〕", h.keyword, h.sentence, h.source))
                .collect();
            rows.push(vec![
                u.key.code.clone().unwrap_or_default(),
                u.key.name.clone().unwrap_or_default(),
                overlap_text(l, u.area_m2, None),
                l.t(u.verdict.label_zh(), u.verdict.label_en()).to_string(),
                if rules.is_empty() {
                    "—".into()
                } else {
                    rules.join("\n")
                },
                if hints.is_empty() {
                    "—".into()
                } else {
                    hints.join("\n")
                },
            ]);
        }
        if rows.is_empty() {
            rows.push(vec![
                "—".into(),
                "—".into(),
                "—".into(),
                l.t(
                    IndustryVerdict::NoUnit.label_zh(),
                    IndustryVerdict::NoUnit.label_en(),
                )
                .to_string(),
                "—".into(),
                "—".into(),
            ]);
        }
        out.push(ReportTable {
            key: "industry",
            title: format!("{} {}", l.t("表4 行业准入核查", "Table 4 Industry access"), v.code),
        sheet: l.t("行业准入核查", "Industry access").to_string(),
            headers: h(l, &[
                ("单元编码", "Code"),
                ("单元名称", "Name"),
                ("重叠面积", "Overlap"),
                ("核查结果", "Result"),
                ("依据的准入规则", "Rules applied"),
                ("需审查人员判读的条款", "Clauses for the reviewer's reading"),
            ]),
            rows,
            note: Some(l.t(
                "行业准入核查依据所载准入规则表按行业代码前缀匹配，仅供参考，不替代审查人员的判断；以文字提及行业的条款仅作提示，不作为结论。",
                "Matched by code prefix against the loaded rules; a support for, not a replacement of, the reviewer's judgement. Clauses naming industries in words are hints, never verdicts.",
            ).to_string()),
        });
    } else {
        // Without an industry code there is nothing to match; the table stays (the numbering has
        // no gap) and says why it is empty.
        out.push(ReportTable {
            key: "industry",
            title: l.t("表4 行业准入核查", "Table 4 Industry access").to_string(),
            sheet: l.t("行业准入核查", "Industry access").to_string(),
            headers: h(l, &[("核查结果", "Result"), ("原因", "Why")]),
            rows: vec![vec![
                l.t("未核查", "Not checked").to_string(),
                l.t(
                    "未提供项目的国民经济行业代码（GB/T 4754-2017），无法核查行业准入；在补充行业代码之前，结论不能为“符合”。",
                    "No national-economy industry code (GB/T 4754-2017) was given for the project, so industry access could not be checked; until one is given the conclusion cannot be “compliant”.",
                )
                .to_string(),
            ]],
            note: None,
        });
    }
    out.push(ReportTable {
        key: "sensitive",
        title: l
            .t("表5 生态环境敏感区", "Table 5 Sensitive areas")
            .to_string(),
        sheet: l.t("生态环境敏感区", "Sensitive areas").to_string(),
        headers: h(
            l,
            &[("类型", "Kind"), ("名称", "Name"), ("位置关系", "Relation")],
        ),
        rows: d
            .sensitive
            .iter()
            .map(|s| vec![s.kind.clone(), s.name.clone(), s.sentence.clone()])
            .collect(),
        note: Some(
            l.t(
                "距离为测地线最短距离（CGCS2000 椭球）；每类列出项目用地所在或相接者及最近的 3 处。",
                "Shortest geodesic distances on the CGCS2000 ellipsoid; each kind lists what the site is in or touches and the 3 nearest others.",
            )
            .to_string(),
        ),
    });
    let mut sources: Vec<Vec<String>> = d
        .sources
        .iter()
        .map(|s| {
            vec![
                s.name.clone(),
                s.role.clone(),
                s.crs.clone(),
                s.date.clone(),
                s.features.to_string(),
                s.file.clone(),
            ]
        })
        .collect();
    for t in &d.tables {
        sources.push(vec![
            std::path::Path::new(t)
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default(),
            l.t("准入清单表", "access-list table").to_string(),
            "—".into(),
            "—".into(),
            "—".into(),
            t.clone(),
        ]);
    }
    out.push(ReportTable {
        key: "sources",
        title: l.t("表6 数据来源", "Table 6 Data sources").to_string(),
        sheet: l.t("数据来源", "Sources").to_string(),
        headers: h(
            l,
            &[
                ("数据", "Data"),
                ("类型", "Role"),
                ("坐标系（判定方式）", "CRS (how found)"),
                ("文件日期", "File date"),
                ("要素数", "Features"),
                ("文件", "File"),
            ],
        ),
        rows: sources,
        note: Some(format!(
            "{}{}；{}{}",
            l.t("软件：", "Software: "),
            d.software,
            l.t("生成时间：", "Generated: "),
            d.generated_local
        )),
    });
    out
}
