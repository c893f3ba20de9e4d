//! Text on the report figure: the bundled CJK font (Noto Sans SC subset, the same file the app uses)
//! rasterised with ab_glyph onto a tiny-skia pixmap.
//!
//! Not for shaping: the figure's short labels need no ligatures or bidirectional text.

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use tiny_skia::Pixmap;

/// The bundled font: the subset of Noto Sans CJK SC under assets/fonts/ (SIL OFL 1.1).
const FONT_OTF: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-zonecheck.otf");

/// A font ready to draw figure text.
pub struct FigureFont {
    font: FontRef<'static>,
}

impl FigureFont {
    /// Loads the bundled font.
    pub fn bundled() -> crate::error::Result<FigureFont> {
        FontRef::try_from_slice(FONT_OTF)
            .map(|font| FigureFont { font })
            .map_err(|e| {
                crate::error::ZoneError::Input(format!("the bundled font is unreadable: {e}"))
            })
    }

    /// The width in pixels of `text` at `size_px`.
    pub fn width_px(&self, text: &str, size_px: f32) -> f32 {
        let f = self.font.as_scaled(PxScale::from(size_px));
        let mut w = 0.0;
        let mut prev = None;
        for c in text.chars() {
            let id = f.glyph_id(c);
            if let Some(p) = prev {
                w += f.kern(p, id);
            }
            w += f.h_advance(id);
            prev = Some(id);
        }
        w
    }

    /// Draws `text` with its baseline at (`x`, `y`) in opaque `rgb`.
    pub fn draw(
        &self,
        pixmap: &mut Pixmap,
        text: &str,
        x: f32,
        y: f32,
        size_px: f32,
        rgb: [u8; 3],
    ) {
        let scale = PxScale::from(size_px);
        let f = self.font.as_scaled(scale);
        let (pw, ph) = (pixmap.width() as i64, pixmap.height() as i64);
        let data = pixmap.data_mut();
        let mut caret = x;
        let mut prev = None;
        for c in text.chars() {
            let id = f.glyph_id(c);
            if let Some(p) = prev {
                caret += f.kern(p, id);
            }
            let glyph = id.with_scale_and_position(scale, point(caret, y));
            caret += f.h_advance(id);
            prev = Some(id);
            let Some(outline) = self.font.outline_glyph(glyph) else {
                continue;
            };
            let b = outline.px_bounds();
            outline.draw(|gx, gy, cov| {
                let px = b.min.x as i64 + i64::from(gx);
                let py = b.min.y as i64 + i64::from(gy);
                if px < 0 || py < 0 || px >= pw || py >= ph {
                    return;
                }
                let i = ((py * pw + px) * 4) as usize;
                let a = cov.clamp(0.0, 1.0);
                for (k, channel) in rgb.iter().enumerate() {
                    let dst = f32::from(data[i + k]);
                    data[i + k] = (f32::from(*channel) * a + dst * (1.0 - a)).round() as u8;
                }
                let dst_a = f32::from(data[i + 3]);
                data[i + 3] = (255.0 * a + dst_a * (1.0 - a)).round() as u8;
            });
        }
    }

    /// Draws `text` on a white halo so it stays readable over fills.
    pub fn draw_halo(
        &self,
        pixmap: &mut Pixmap,
        text: &str,
        x: f32,
        y: f32,
        size_px: f32,
        rgb: [u8; 3],
    ) {
        for (dx, dy) in [
            (-1.5, 0.0),
            (1.5, 0.0),
            (0.0, -1.5),
            (0.0, 1.5),
            (-1.0, -1.0),
            (1.0, 1.0),
            (-1.0, 1.0),
            (1.0, -1.0),
        ] {
            self.draw(pixmap, text, x + dx, y + dy, size_px, [255, 255, 255]);
        }
        self.draw(pixmap, text, x, y, size_px, rgb);
    }
}
