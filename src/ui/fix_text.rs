//! The app's words for an engine error's fix ([`Fix`]): where to click, in the interface
//! language. The app has no command-line flags; each fix names the box or window that states
//! what is missing.
//!
//! Not for the command line's words (see `cli::fix_words`).

use crate::error::Fix;
use crate::ui::i18n::{Key, Lang, tr};

/// The example EPSG code when the error suggests none: CGCS2000 3° zone 39 (117°E).
const DEFAULT_EXAMPLE_EPSG: u32 = 4527;

/// What the user can do in the app about an error carrying `fix`. `crs_box`: the layers panel
/// shows a box to state the file's CRS (plain layer files); a layer listed in a project file is
/// stated in the project file instead.
pub fn fix_text(lang: Lang, fix: Fix, crs_box: bool) -> String {
    match (fix, lang) {
        (Fix::StateLayerCrs { example }, Lang::Zh) if !crs_box => format!(
            "请在项目文件中该图层的 [[layers]] 条目里写明坐标系（如 crs = \"EPSG:{}\"），再重新打开项目。",
            example.unwrap_or(DEFAULT_EXAMPLE_EPSG)
        ),
        (Fix::StateLayerCrs { example }, Lang::En) if !crs_box => format!(
            "State its coordinate system in the layer's [[layers]] entry of the project file \
             (e.g. crs = \"EPSG:{}\") and open the project again.",
            example.unwrap_or(DEFAULT_EXAMPLE_EPSG)
        ),
        (Fix::StateLayerCrs { example }, Lang::Zh) => format!(
            "请在左侧图层面板为该文件出现的坐标系框中填写坐标系（如 EPSG:{}），再点“{}”。",
            example.unwrap_or(DEFAULT_EXAMPLE_EPSG),
            tr(lang, Key::ReadWithCrs)
        ),
        (Fix::StateLayerCrs { example }, Lang::En) => format!(
            "Type its coordinate system (e.g. EPSG:{}) in the box the layers panel shows for this \
             file, then press \"{}\".",
            example.unwrap_or(DEFAULT_EXAMPLE_EPSG),
            tr(lang, Key::ReadWithCrs)
        ),
        (Fix::StateSiteCrs { example }, Lang::Zh) => format!(
            "项目选址文件的坐标系无法在此指定：请把坐标粘贴到“项目选址”页的“粘贴坐标（来自 Excel）”框，\
             并在“坐标系”中填写（如 EPSG:{}）；或为文件配上 .prj。",
            example.unwrap_or(DEFAULT_EXAMPLE_EPSG)
        ),
        (Fix::StateSiteCrs { example }, Lang::En) => format!(
            "A site file's coordinate system cannot be stated here: paste its coordinates under \
             \"Paste coordinates (from Excel)\" in the \"Project site\" tab and type the CRS \
             (e.g. EPSG:{}) there, or give the file a .prj.",
            example.unwrap_or(DEFAULT_EXAMPLE_EPSG)
        ),
        (Fix::StateEncoding, Lang::Zh) => format!(
            "请在图层面板该图层一行点“{}”，在窗口中选择文字编码（如 GBK）。",
            tr(lang, Key::Settings)
        ),
        (Fix::StateEncoding, Lang::En) => format!(
            "Press \"{}\" on the layer's row in the layers panel and choose the text encoding \
             (e.g. GBK) in the window.",
            tr(lang, Key::Settings)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fix_is_worded_in_both_languages_without_flags() {
        for fix in Fix::ALL {
            for lang in [Lang::Zh, Lang::En] {
                for crs_box in [true, false] {
                    let text = fix_text(lang, fix, crs_box);
                    assert!(!text.contains("--"), "{text}");
                    assert!(!text.is_empty());
                }
            }
        }
        let fix = Fix::StateLayerCrs {
            example: Some(4548),
        };
        assert!(fix_text(Lang::Zh, fix, true).contains("EPSG:4548"));
        assert!(fix_text(Lang::En, fix, false).contains("project file"));
    }
}
