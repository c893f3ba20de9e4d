//! Map furniture for the report figure: the legend, the scale bar and the north arrow.
//!
//! Not for drawing the layers (see `figure`).

use tiny_skia::{FillRule, Path, PathBuilder, Pixmap, Rect, Stroke, Transform};

use super::figure::{HEIGHT_PX, Style, WIDTH_PX, hatch, paint};
use super::glyphs::FigureFont;
use crate::present::Lang;

fn legend_label(lang: Lang, key: &str) -> &'static str {
    match key {
        "priority" => lang.t("优先保护单元", "Priority protection unit"),
        "key" => lang.t("重点管控单元", "Key control unit"),
        "general" => lang.t("一般管控单元", "General control unit"),
        "unit" => lang.t("管控单元", "Control unit"),
        "reserve" => lang.t("自然保护区", "Nature reserve"),
        "redline" => lang.t("生态保护红线", "Ecological redline"),
        "water" => lang.t("饮用水水源保护区", "Water-source zone"),
        "river" => lang.t("河流水系", "Rivers"),
        _ => lang.t("项目用地", "Project site"),
    }
}

/// Fills a box and outlines it 1.5 px wide: the legend frame and the scale bar's segments.
fn fill_and_outline(pm: &mut Pixmap, path: &Path, fill: [u8; 4], outline: [u8; 4]) {
    pm.fill_path(
        path,
        &paint(fill),
        FillRule::Winding,
        Transform::identity(),
        None,
    );
    let stroke = Stroke {
        width: 1.5,
        ..Stroke::default()
    };
    pm.stroke_path(path, &paint(outline), &stroke, Transform::identity(), None);
}

/// A round scale-bar length (1, 2 or 5 × 10ⁿ m) close to `target_m`.
pub fn nice_length_m(target_m: f64) -> f64 {
    let base = 10f64.powf(target_m.max(1.0).log10().floor());
    [5.0, 2.0, 1.0]
        .into_iter()
        .map(|k| k * base)
        .find(|l| *l <= target_m)
        .unwrap_or(base)
}

pub(super) fn draw_legend(
    pm: &mut Pixmap,
    font: &FigureFont,
    lang: Lang,
    entries: &[(String, Style)],
) {
    let size = 28.0;
    let row_h = 44.0;
    let title = lang.t("图例", "Legend");
    let text_w = entries
        .iter()
        .map(|(k, _)| font.width_px(legend_label(lang, k), size))
        .fold(font.width_px(title, size), f32::max);
    let w = 30.0 + 50.0 + 16.0 + text_w + 24.0;
    let h = 60.0 + row_h * entries.len() as f32 + 10.0;
    let x0 = WIDTH_PX as f32 - w - 24.0;
    let y0 = HEIGHT_PX as f32 - h - 24.0;
    if let Some(r) = Rect::from_xywh(x0, y0, w, h) {
        let path = PathBuilder::from_rect(r);
        fill_and_outline(pm, &path, [255, 255, 255, 235], [60, 60, 60, 255]);
    }
    font.draw(pm, title, x0 + 20.0, y0 + 40.0, size, [0, 0, 0]);
    for (i, (key, style)) in entries.iter().enumerate() {
        let y = y0 + 60.0 + row_h * i as f32;
        if let Some(r) = Rect::from_xywh(x0 + 20.0, y + 6.0, 50.0, 28.0) {
            let path = PathBuilder::from_rect(r);
            if key == "river" {
                let mut pb = PathBuilder::new();
                pb.move_to(x0 + 20.0, y + 20.0);
                pb.line_to(x0 + 70.0, y + 20.0);
                if let (Some(line), Some((rgba, width))) = (pb.finish(), style.stroke) {
                    pm.stroke_path(
                        &line,
                        &paint(rgba),
                        &Stroke {
                            width: width + 1.0,
                            ..Stroke::default()
                        },
                        Transform::identity(),
                        None,
                    );
                }
            } else {
                if let Some(fill) = style.fill {
                    pm.fill_path(
                        &path,
                        &paint(fill),
                        FillRule::Winding,
                        Transform::identity(),
                        None,
                    );
                }
                if let Some(rgba) = style.hatch {
                    hatch(pm, &path, rgba);
                }
                if let Some((rgba, width)) = style.stroke {
                    pm.stroke_path(
                        &path,
                        &paint(rgba),
                        &Stroke {
                            width: width.min(4.0),
                            ..Stroke::default()
                        },
                        Transform::identity(),
                        None,
                    );
                }
            }
        }
        font.draw(
            pm,
            legend_label(lang, key),
            x0 + 86.0,
            y + 31.0,
            size,
            [0, 0, 0],
        );
    }
}

pub(super) fn draw_scale_bar(pm: &mut Pixmap, font: &FigureFont, px_per_m: f64, half_w_m: f64) {
    let len_m = nice_length_m(half_w_m * 2.0 / 5.0);
    let len_px = (len_m * px_per_m) as f32;
    let (x0, y0) = (40.0f32, HEIGHT_PX as f32 - 60.0);
    for i in 0..4 {
        let seg = len_px / 4.0;
        if let Some(r) = Rect::from_xywh(x0 + seg * i as f32, y0, seg, 14.0) {
            let path = PathBuilder::from_rect(r);
            let fill = if i % 2 == 0 {
                [0, 0, 0, 255]
            } else {
                [255, 255, 255, 255]
            };
            fill_and_outline(pm, &path, fill, [0, 0, 0, 255]);
        }
    }
    let label = if len_m >= 1000.0 {
        format!("{} km", len_m / 1000.0)
    } else {
        format!("{len_m} m")
    };
    font.draw_halo(pm, "0", x0 - 6.0, y0 - 10.0, 26.0, [0, 0, 0]);
    let w = font.width_px(&label, 26.0);
    font.draw_halo(
        pm,
        &label,
        x0 + len_px - w / 2.0,
        y0 - 10.0,
        26.0,
        [0, 0, 0],
    );
}

pub(super) fn draw_north_arrow(pm: &mut Pixmap, font: &FigureFont, lang: Lang) {
    let (cx, top) = (WIDTH_PX as f32 - 80.0, 90.0f32);
    let mut left = PathBuilder::new();
    left.move_to(cx, top);
    left.line_to(cx - 24.0, top + 80.0);
    left.line_to(cx, top + 62.0);
    left.close();
    let mut right = PathBuilder::new();
    right.move_to(cx, top);
    right.line_to(cx + 24.0, top + 80.0);
    right.line_to(cx, top + 62.0);
    right.close();
    if let (Some(l), Some(r)) = (left.finish(), right.finish()) {
        pm.fill_path(
            &l,
            &paint([0, 0, 0, 255]),
            FillRule::Winding,
            Transform::identity(),
            None,
        );
        pm.fill_path(
            &r,
            &paint([255, 255, 255, 255]),
            FillRule::Winding,
            Transform::identity(),
            None,
        );
        let s = Stroke {
            width: 2.0,
            ..Stroke::default()
        };
        pm.stroke_path(&l, &paint([0, 0, 0, 255]), &s, Transform::identity(), None);
        pm.stroke_path(&r, &paint([0, 0, 0, 255]), &s, Transform::identity(), None);
    }
    let n = lang.t("北", "N");
    let w = font.width_px(n, 34.0);
    font.draw_halo(pm, n, cx - w / 2.0, top - 10.0, 34.0, [0, 0, 0]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_bar_lengths_are_round() {
        assert_eq!(nice_length_m(1234.0), 1000.0);
        assert_eq!(nice_length_m(2600.0), 2000.0);
        assert_eq!(nice_length_m(640.0), 500.0);
        assert_eq!(nice_length_m(99.0), 50.0);
    }
}
