//! A print of a map view (出图): what the app's map showed — the layers the user had switched on,
//! in their order, over the basemap, with the project site — laid out as a simple page with a
//! title, a legend, a scale bar and the scale for an A4 landscape print, a north arrow, and the
//! data sources with the zoning data's version and the date. Written as PNG, or as a one-page
//! A4 landscape PDF holding that picture.
//!
//! The picture is drawn by the same code as the report's figure (`figure`), so a print and a
//! report colour the same zones the same way. Not for measuring: it is a sketch map (示意图).

use std::path::Path;

use super::figure::{
    FigureFrame, HEIGHT_PX, WIDTH_PX, blank_figure, draw_attribution, draw_furniture, draw_layers,
    draw_site, draw_zone_names, encode_rgb_png,
};
use super::glyphs::FigureFont;
use crate::basemap::{Basemap, BasemapError};
use crate::error::{Result, ZoneError};
use crate::io::Site;
use crate::model::Layer;
use crate::present::Lang;
use crate::workspace::Workspace;

/// The printed page: A4 landscape, in PDF points (1/72 inch).
pub const PAGE_WIDTH_PT: f32 = 841.89;
pub const PAGE_HEIGHT_PT: f32 = 595.28;
/// The margin round the map on the page, points (10 mm).
const PAGE_MARGIN_PT: f32 = 28.35;
const MM_PER_PT: f64 = 25.4 / 72.0;

/// What to print.
pub struct MapPrint<'a> {
    /// The title at the top (the project's name, or what the user typed).
    pub title: String,
    /// The ground the map shows.
    pub frame: FigureFrame,
    /// The workspace's layers to draw, by index, bottom first (the map's order; hidden layers left
    /// out by the caller).
    pub layers: Vec<usize>,
    /// The project site, drawn in red on top, when there is one.
    pub site: Option<&'a Site>,
    /// A basemap under the layers (its attribution is printed at the foot).
    pub basemap: Option<&'a Basemap>,
    pub lang: Lang,
    /// When it was printed, as the report words it (`present::local_time_text`).
    pub printed_at: String,
}

/// The printed map's width on an A4 landscape page, metres of paper: the picture fills the page
/// inside the margins, keeping its 4:3 shape.
pub fn printed_width_m() -> f64 {
    let (w_pt, _) = picture_size_pt();
    f64::from(w_pt) * MM_PER_PT / 1000.0
}

/// The picture's size on the page, points: as large as fits inside the margins at 4:3.
fn picture_size_pt() -> (f32, f32) {
    let room_w = PAGE_WIDTH_PT - 2.0 * PAGE_MARGIN_PT;
    let room_h = PAGE_HEIGHT_PT - 2.0 * PAGE_MARGIN_PT;
    let aspect = WIDTH_PX as f32 / HEIGHT_PX as f32;
    if room_w / room_h > aspect {
        (room_h * aspect, room_h)
    } else {
        (room_w, room_w / aspect)
    }
}

/// The representative fraction of the map when printed on A4 landscape ("1:50,000"), rounded
/// as the status bar rounds its scale.
pub fn print_scale_text(frame: &FigureFrame) -> Option<String> {
    let ground_m_per_paper_m = frame.half_width_m * 2.0 / printed_width_m();
    crate::present::coords::scale_fraction_text(
        ground_m_per_paper_m * crate::present::coords::SCREEN_POINT_M,
    )
}

/// The lines at the top under the title: sources (each layer's name and file), the zoning data's
/// version, the scale on A4 and when it was printed.
pub fn caption_lines(workspace: &Workspace, print: &MapPrint) -> Vec<String> {
    let lang = print.lang;
    let sources: Vec<String> = print
        .layers
        .iter()
        .rev()
        .filter_map(|&i| workspace.layers.get(i))
        .map(|il| source_text(&il.layer))
        .collect();
    let mut lines = vec![format!(
        "{}{}",
        lang.t("数据来源：", "Sources: "),
        if sources.is_empty() {
            lang.t("（未显示任何图层）", "(no layer shown)").to_string()
        } else {
            sources.join(lang.t("；", "; "))
        }
    )];
    lines.push(format!(
        "{}{}",
        lang.t("数据版本：", "Data version: "),
        crate::present::batch::version_text(lang, &workspace.data_version())
    ));
    let scale = print_scale_text(&print.frame).map_or(String::new(), |s| match lang {
        Lang::Zh => format!("比例尺 {s}（A4 横向打印）；"),
        Lang::En => format!("Scale {s} (printed on A4 landscape); "),
    });
    lines.push(format!(
        "{scale}{}{}{}",
        lang.t("出图时间：", "Printed: "),
        print.printed_at,
        lang.t(
            "。示意图，不作测量依据。",
            ". A sketch map, not for measuring."
        )
    ));
    lines
}

/// `单元名称（file.shp）`: the layer's name with the file it came from.
fn source_text(layer: &Layer) -> String {
    let file = layer
        .path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    if file.is_empty() || file == layer.name {
        layer.name.clone()
    } else {
        format!("{}（{file}）", layer.name)
    }
}

/// The caption's type size and line height, and how wide it may run (short of the north arrow).
const CAPTION_PX: f32 = 20.0;
const CAPTION_LINE_PX: f32 = 28.0;
const CAPTION_WIDTH_PX: f32 = WIDTH_PX as f32 - 220.0;

/// `text` broken into lines no wider than `max_px`: after a `；`/`; ` where one falls within
/// the line, else between any two characters (Chinese has no spaces to break at).
fn wrap_to_width(font: &FigureFont, text: &str, size_px: f32, max_px: f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut rest: &str = text;
    while font.width_px(rest, size_px) > max_px {
        // The longest prefix that fits, then back to the last separator inside it.
        let mut fit = 0;
        for (i, c) in rest.char_indices() {
            if font.width_px(&rest[..i + c.len_utf8()], size_px) > max_px {
                break;
            }
            fit = i + c.len_utf8();
        }
        if fit == 0 {
            break;
        }
        let cut = rest[..fit]
            .rfind(['；', ';'])
            .map(|i| i + rest[i..].chars().next().map_or(1, char::len_utf8))
            .filter(|&i| i > fit / 2)
            .unwrap_or(fit);
        lines.push(rest[..cut].trim_end().to_string());
        rest = rest[cut..].trim_start();
    }
    if !rest.is_empty() {
        lines.push(rest.to_string());
    }
    lines
}

/// Draws the print; returns the picture and the basemap's tiles that could not be drawn.
fn render(
    workspace: &Workspace,
    print: &MapPrint,
) -> Result<(tiny_skia::Pixmap, Vec<BasemapError>)> {
    let lang = print.lang;
    let font = FigureFont::bundled()?;
    let (mut pm, errors) = blank_figure(&print.frame, print.basemap)?;
    let shown = || {
        print
            .layers
            .iter()
            .filter_map(|&i| workspace.layers.get(i))
            .map(|il| &il.layer)
    };
    let mut legend = Vec::new();
    draw_layers(&mut pm, &print.frame, shown(), &mut legend);
    draw_zone_names(&mut pm, &font, &print.frame, shown());
    if let Some(site) = print.site {
        draw_site(&mut pm, &print.frame, site, &mut legend);
    }
    // The header: a pale box under the title and the caption, which wraps short of the north
    // arrow at the top right.
    let caption: Vec<String> = caption_lines(workspace, print)
        .iter()
        .flat_map(|line| wrap_to_width(&font, line, CAPTION_PX, CAPTION_WIDTH_PX))
        .collect();
    let title_width = font.width_px(&print.title, 40.0);
    let widest = (caption.iter())
        .map(|l| font.width_px(l, CAPTION_PX))
        .fold(title_width, f32::max);
    let box_height = 76.0 + CAPTION_LINE_PX * caption.len() as f32;
    if let Some(r) = tiny_skia::Rect::from_xywh(12.0, 12.0, widest + 40.0, box_height) {
        pm.fill_rect(
            r,
            &super::figure::paint([255, 255, 255, 225]),
            tiny_skia::Transform::identity(),
            None,
        );
    }
    draw_furniture(&mut pm, &font, lang, &print.frame, &legend, &print.title);
    for (i, line) in caption.iter().enumerate() {
        let y = 96.0 + CAPTION_LINE_PX * i as f32;
        font.draw_halo(&mut pm, line, 32.0, y, CAPTION_PX, [30, 30, 30]);
    }
    if let Some(b) = print.basemap {
        draw_attribution(&mut pm, &font, lang, b);
    }
    Ok((pm, errors))
}

/// The print as PNG bytes, and the basemap's tiles that could not be drawn.
pub fn render_map_png(
    workspace: &Workspace,
    print: &MapPrint,
) -> Result<(Vec<u8>, Vec<BasemapError>)> {
    let (pm, errors) = render(workspace, print)?;
    Ok((encode_rgb_png(&pm)?, errors))
}

/// The print as a one-page A4 landscape PDF (the picture centred inside 10 mm margins), and the
/// basemap's tiles that could not be drawn.
pub fn render_map_pdf(
    workspace: &Workspace,
    print: &MapPrint,
) -> Result<(Vec<u8>, Vec<BasemapError>)> {
    let (pm, errors) = render(workspace, print)?;
    Ok((pdf_of_picture(&pm, &print.title)?, errors))
}

/// Writes the print to `path`: PDF for `.pdf`, else PNG. Returns the basemap's failed tiles.
pub fn write_map_print(
    workspace: &Workspace,
    print: &MapPrint,
    path: &Path,
) -> Result<Vec<BasemapError>> {
    let pdf = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    let (bytes, errors) = if pdf {
        render_map_pdf(workspace, print)?
    } else {
        render_map_png(workspace, print)?
    };
    std::fs::write(path, bytes).map_err(|e| ZoneError::io(path, e))?;
    Ok(errors)
}

/// One A4 landscape page with `pm` on it as an RGB image (Flate-compressed), titled `title`.
/// pdf-writer writes the objects; the picture already carries every word, so the PDF needs no
/// fonts (and a Chinese title in the document info is written as UTF-16 by pdf-writer).
fn pdf_of_picture(pm: &tiny_skia::Pixmap, title: &str) -> Result<Vec<u8>> {
    use pdf_writer::{Content, Filter, Finish, Name, Pdf, Rect, Ref, TextStr};
    let catalog_id = Ref::new(1);
    let pages_id = Ref::new(2);
    let page_id = Ref::new(3);
    let image_id = Ref::new(4);
    let content_id = Ref::new(5);
    let info_id = Ref::new(6);
    let image_name = Name(b"Map");
    let mut pdf = Pdf::new();
    pdf.catalog(catalog_id).pages(pages_id);
    pdf.pages(pages_id).kids([page_id]).count(1);
    let mut page = pdf.page(page_id);
    page.media_box(Rect::new(0.0, 0.0, PAGE_WIDTH_PT, PAGE_HEIGHT_PT));
    page.parent(pages_id);
    page.contents(content_id);
    page.resources().x_objects().pair(image_name, image_id);
    page.finish();
    // The figure is opaque white underneath, so its premultiplied channels are the colours.
    let rgb: Vec<u8> = pm
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut zlib = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    let deflated = std::io::Write::write_all(&mut zlib, &rgb)
        .and_then(|()| zlib.finish())
        .map_err(|e| ZoneError::Input(format!("cannot compress the map picture: {e}")))?;
    let mut image = pdf.image_xobject(image_id, &deflated);
    image.filter(Filter::FlateDecode);
    image.width(pm.width() as i32);
    image.height(pm.height() as i32);
    image.color_space().device_rgb();
    image.bits_per_component(8);
    image.finish();
    let (w, h) = picture_size_pt();
    let x = (PAGE_WIDTH_PT - w) / 2.0;
    let y = (PAGE_HEIGHT_PT - h) / 2.0;
    let mut content = Content::new();
    content.save_state();
    content.transform([w, 0.0, 0.0, h, x, y]);
    content.x_object(image_name);
    content.restore_state();
    pdf.stream(content_id, &content.finish());
    pdf.document_info(info_id)
        .title(TextStr(title))
        .creator(TextStr(concat!("zonecheck ", env!("CARGO_PKG_VERSION"))));
    Ok(pdf.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_caption_wraps_within_the_width_after_its_separators() {
        let font = FigureFont::bundled().unwrap();
        let source = "衡水市环境管控单元（衡水市环境管控单元.shp）";
        let line = format!("数据来源：{}", [source; 6].join("；"));
        let max_px = 700.0;
        let lines = wrap_to_width(&font, &line, 20.0, max_px);
        assert!(lines.len() > 1, "{lines:?}");
        for l in &lines {
            assert!(font.width_px(l, 20.0) <= max_px, "{l}");
        }
        // Nothing is lost, and every line but the last ends at a separator.
        assert_eq!(lines.concat(), line);
        for l in &lines[..lines.len() - 1] {
            assert!(l.ends_with('；'), "{l}");
        }
        // A text without separators is broken between characters.
        let plain = "测".repeat(200);
        let lines = wrap_to_width(&font, &plain, 20.0, max_px);
        assert_eq!(lines.concat(), plain);
        assert!(lines.iter().all(|l| font.width_px(l, 20.0) <= max_px));
    }
}
