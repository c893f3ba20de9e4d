//! The bundled CJK font: a subset of Noto Sans CJK SC (GB2312 plus the rare characters of our
//! data; see `assets/fonts/subset_font.py`), so Chinese renders on machines with no Chinese fonts.
//!
//! Not for choosing text sizes or styles.

use egui::{FontData, FontFamily, FontInsert, FontPriority, InsertFontFamily};

/// The font file, compiled into the binary.
pub const CJK_FONT_OTF: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-zonecheck.otf");

/// The name the font is registered under.
pub const CJK_FONT_NAME: &str = "NotoSansSC-zonecheck";

/// Adds the CJK font as the fallback of both the proportional and the monospace family (egui's
/// own fonts stay first for Latin text). Safe to call every frame: egui skips a known font name.
pub fn install_cjk_font(ctx: &egui::Context) {
    ctx.add_font(FontInsert::new(
        CJK_FONT_NAME,
        FontData::from_static(CJK_FONT_OTF),
        vec![
            InsertFontFamily {
                family: FontFamily::Proportional,
                priority: FontPriority::Lowest,
            },
            InsertFontFamily {
                family: FontFamily::Monospace,
                priority: FontPriority::Lowest,
            },
        ],
    ));
}
