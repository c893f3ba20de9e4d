//! The Word report (.docx), the working medium of EIA writers: real Word tables they can edit,
//! the figure as a real image, headings as Word heading styles, A4 pages.
//!
//! Not for rendering (LibreOffice or Word lay it out).

use super::docx_header_rows::{HEADER_MARKER_HEIGHT, mark_header_rows};
use std::path::Path;

use docx_rs::{
    AlignmentType, Docx, Paragraph, Pic, Run, RunFonts, Shading, Style, StyleType, Table,
    TableCell, TableLayoutType, TableRow, WidthType,
};

use super::data::ReportData;
use super::figure::{HEIGHT_PX, WIDTH_PX};
use super::html::disclaimer;
use super::tables::{ReportTable, body_sections, summary, tables};
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

/// Column widths in twips for each table (they add up to the text width, 16 cm).
fn widths(t: &ReportTable) -> Vec<usize> {
    let fixed: &[usize] = match t.key {
        "summary" => &[3000, 6070],
        "coordinates" => &[1770, 700, 1700, 1700, 1600, 1600],
        "units" => &[1560, 2000, 1200, 900, 1300, 1300, 810],
        "requirements" => &[1500, 1050, 3720, 1700, 1100],
        "industry" => &[1560, 1400, 1200, 1000, 2500, 1410],
        "sensitive" => &[1500, 2600, 4970],
        "sources" => &[1500, 1200, 2370, 1200, 800, 2000],
        _ => &[],
    };
    if fixed.len() == t.headers.len() {
        return fixed.to_vec();
    }
    let n = t.headers.len().max(1);
    vec![TEXT_W_TWIPS / n; n]
}

fn word_table(t: &ReportTable) -> Table {
    let w = widths(t);
    let mut rows = vec![
        TableRow::new(
            t.headers
                .iter()
                .zip(&w)
                .map(|(h, w)| cell(h, true, *w))
                .collect(),
        )
        .cant_split()
        .row_height(HEADER_MARKER_HEIGHT),
    ];
    for r in &t.rows {
        rows.push(
            TableRow::new(r.iter().zip(&w).map(|(c, w)| cell(c, false, *w)).collect()).cant_split(),
        );
    }
    Table::new(rows)
        .set_grid(w)
        .width(TEXT_W_TWIPS, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
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

/// "结论：不符合" in a one-cell table shaded by the verdict (red, amber, green, grey).
fn conclusion_box(d: &ReportData) -> Table {
    use crate::workspace::verdict::VerdictResult as V;
    let (fill, ink) = match d.decision.result {
        V::NonCompliant => ("FDE2E2", "990000"),
        V::Conditional => ("FFF0D2", "8C5000"),
        V::Compliant => ("DEF4DE", "146428"),
        V::Undetermined => ("EEEEEE", "333333"),
    };
    let text = format!("{}{}", d.lang.t("结论：", "Conclusion: "), d.conclusion);
    let cell = TableCell::new()
        .add_paragraph(Paragraph::new().add_run(run(&text).size(28).bold().color(ink)))
        .shading(Shading::new().fill(fill));
    Table::new(vec![TableRow::new(vec![cell])])
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
                d.generated_local
            ))
            .size(18),
        ),
    );
    // The conclusion first, in a shaded box of its own: what a reviewer reads before anything.
    doc = doc.add_table(conclusion_box(d));
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
    for (key, head) in body_sections(l) {
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
    if !d.warnings.is_empty() {
        doc = doc.add_paragraph(
            Paragraph::new().add_run(run(super::tables::warnings_heading(l)).bold().size(18)),
        );
    }
    for w in &d.warnings {
        doc = doc.add_paragraph(Paragraph::new().add_run(run(&format!("· {w}")).size(17)));
    }
    doc.add_paragraph(Paragraph::new().add_run(run(disclaimer(d)).size(18).italic()))
}

/// Writes the Word document to `path`, table header rows repeating on every page.
pub fn write_docx(d: &ReportData, path: &Path) -> Result<()> {
    let failed =
        |e: String| ZoneError::format(path, format!("cannot write the Word document: {e}"));
    let mut packed = std::io::Cursor::new(Vec::new());
    to_docx(d)
        .build()
        .pack(&mut packed)
        .map_err(|e| failed(e.to_string()))?;
    let bytes = mark_header_rows(packed.get_ref()).map_err(failed)?;
    std::fs::write(path, bytes).map_err(|e| ZoneError::io(path, e))
}
