//! The Word report (.docx), the working medium of EIA writers: real Word tables they can edit,
//! the figure as a real image, headings as Word heading styles, A4 pages.
//!
//! Not for rendering (LibreOffice or Word lay it out).

use std::path::Path;

use docx_rs::{
    AlignmentType, Docx, Paragraph, Pic, Run, RunFonts, Shading, Style, StyleType, Table,
    TableCell, TableRow, WidthType,
};

use super::data::ReportData;
use super::figure::{HEIGHT_PX, WIDTH_PX};
use super::html::disclaimer;
use super::tables::{ReportTable, summary, tables};
use crate::error::{Result, ZoneError};

/// A4 in twentieths of a point (twips) and the text width between 2.5 cm margins.
const A4_W_TWIPS: u32 = 11_906;
const A4_H_TWIPS: u32 = 16_838;
const MARGIN_TWIPS: i32 = 1_418;
const TEXT_W_TWIPS: usize = (A4_W_TWIPS as usize) - 2 * (MARGIN_TWIPS as usize);
/// 16 cm in EMU (914,400 per inch).
const FIGURE_W_EMU: u32 = 5_760_720;

fn run(text: &str) -> Run {
    Run::new().add_text(text)
}

fn para(text: &str) -> Paragraph {
    Paragraph::new().add_run(run(text))
}

fn heading(text: &str) -> Paragraph {
    Paragraph::new()
        .style("Heading1")
        .add_run(run(text))
        .keep_next(true)
}

fn caption(text: &str) -> Paragraph {
    Paragraph::new()
        .style("Caption")
        .align(AlignmentType::Center)
        .add_run(run(text).bold())
        .keep_next(true)
}

/// A cell; each line of `text` becomes its own paragraph so Word shows line breaks.
fn cell(text: &str, header: bool, width: usize) -> TableCell {
    let mut c = TableCell::new().width(width, WidthType::Dxa);
    for line in text.split('\n') {
        let r = run(line).size(19);
        c = c.add_paragraph(Paragraph::new().add_run(if header { r.bold() } else { r }));
    }
    if header {
        c = c.shading(Shading::new().fill("E8E8E8"));
    }
    c
}

/// Column widths in twips: wide columns for requirement texts, the rest shared evenly.
fn widths(t: &ReportTable) -> Vec<usize> {
    let weights: Vec<usize> = t
        .headers
        .iter()
        .map(|h| {
            if h.contains("要求原文")
                || h.contains("规则")
                || h.contains("条款")
                || h.contains("位置关系")
                || h.contains("Requirement")
                || h.contains("Relation")
            {
                4
            } else if h.contains("名称")
                || h.contains("本项目")
                || h.contains("坐标系")
                || h.contains("文件")
                || h.contains("Name")
            {
                2
            } else {
                1
            }
        })
        .collect();
    let total: usize = weights.iter().sum::<usize>().max(1);
    weights.iter().map(|w| TEXT_W_TWIPS * w / total).collect()
}

fn word_table(t: &ReportTable) -> Table {
    let w = widths(t);
    let mut rows = vec![TableRow::new(
        t.headers
            .iter()
            .zip(&w)
            .map(|(h, w)| cell(h, true, *w))
            .collect(),
    )];
    for r in &t.rows {
        rows.push(TableRow::new(
            r.iter().zip(&w).map(|(c, w)| cell(c, false, *w)).collect(),
        ));
    }
    Table::new(rows)
        .set_grid(w)
        .width(TEXT_W_TWIPS, WidthType::Dxa)
}

fn add_table(doc: Docx, t: &ReportTable) -> Docx {
    let mut doc = doc
        .add_paragraph(caption(&t.title))
        .add_table(word_table(t));
    if let Some(n) = &t.note {
        doc = doc.add_paragraph(Paragraph::new().add_run(run(n).size(18)));
    }
    doc
}

/// Builds the Word document in memory.
pub fn to_docx(d: &ReportData) -> Docx {
    let l = d.lang;
    let fonts = RunFonts::new()
        .east_asia("宋体")
        .ascii("Times New Roman")
        .hi_ansi("Times New Roman");
    let mut doc = Docx::new()
        .page_size(A4_W_TWIPS, A4_H_TWIPS)
        .page_margin(
            docx_rs::PageMargin::new()
                .top(MARGIN_TWIPS)
                .bottom(MARGIN_TWIPS)
                .left(MARGIN_TWIPS)
                .right(MARGIN_TWIPS),
        )
        .default_fonts(fonts)
        .default_size(21)
        .add_style(
            Style::new("Heading1", StyleType::Paragraph)
                .name("heading 1")
                .size(28)
                .bold()
                .fonts(RunFonts::new().east_asia("黑体"))
                .outline_lvl(0),
        )
        .add_style(
            Style::new("Caption", StyleType::Paragraph)
                .name("caption")
                .size(20),
        );
    let title = format!(
        "{}{}",
        d.project_name,
        l.t(
            "生态环境分区管控符合性分析",
            " — ecological zoning compliance analysis"
        )
    );
    doc = doc.add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(run(&title).size(36).bold()),
    );
    doc = doc.add_paragraph(
        Paragraph::new().align(AlignmentType::Center).add_run(
            run(&format!(
                "{} {} · {}",
                l.t("生成软件", "Generated by"),
                d.software,
                d.generated_utc
            ))
            .size(18),
        ),
    );
    doc = doc.add_paragraph(heading(l.t("一、项目概况", "1. Project")));
    let summary_table = ReportTable {
        key: "summary",
        title: l.t("项目基本信息", "Project summary").to_string(),
        sheet: String::new(),
        headers: vec![l.t("项目", "Item").into(), l.t("内容", "Value").into()],
        rows: summary(d).into_iter().map(|(k, v)| vec![k, v]).collect(),
        note: None,
    };
    doc = add_table(doc, &summary_table);
    let all = tables(d);
    let by_key = |k: &str| all.iter().find(|t| t.key == k);
    if let Some(t) = by_key("coordinates") {
        doc = add_table(doc, t);
    }
    doc = doc.add_paragraph(heading(l.t(
        "二、项目用地与环境管控单元位置关系",
        "2. Site and control units",
    )));
    if !d.figure_png.is_empty() {
        let h_emu = (u64::from(FIGURE_W_EMU) * u64::from(HEIGHT_PX) / u64::from(WIDTH_PX)) as u32;
        let pic = Pic::new(&d.figure_png).size(FIGURE_W_EMU, h_emu);
        doc = doc
            .add_paragraph(
                Paragraph::new()
                    .align(AlignmentType::Center)
                    .add_run(Run::new().add_image(pic)),
            )
            .add_paragraph(caption(l.t(
                "图1 项目用地与环境管控单元位置关系示意图",
                "Figure 1 Site and control units (sketch map)",
            )));
    }
    for (key, head) in [
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
    ] {
        if let Some(t) = by_key(key) {
            if let Some(h) = head {
                doc = doc.add_paragraph(heading(h));
            }
            doc = add_table(doc, t);
        }
    }
    doc = doc
        .add_paragraph(heading(l.t("六、结论", "6. Conclusion")))
        .add_paragraph(para(&d.verdict));
    if let Some(t) = by_key("sources") {
        doc = doc.add_paragraph(heading(l.t("七、数据来源与说明", "7. Data sources")));
        doc = add_table(doc, t);
    }
    for w in &d.warnings {
        doc = doc.add_paragraph(Paragraph::new().add_run(run(&format!("· {w}")).size(17)));
    }
    doc.add_paragraph(Paragraph::new().add_run(run(disclaimer(d)).size(18).italic()))
}

/// Writes the Word document to `path`.
pub fn write_docx(d: &ReportData, path: &Path) -> Result<()> {
    let file = std::fs::File::create(path).map_err(|e| ZoneError::io(path, e))?;
    to_docx(d)
        .build()
        .pack(file)
        .map_err(|e| ZoneError::format(path, format!("cannot write the Word document: {e}")))
}
