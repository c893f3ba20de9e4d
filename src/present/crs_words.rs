//! How a layer's coordinate system and text encoding, and the way each was found, are worded for
//! people in zh/en: the settings window, the layer list's tooltip, the report's data table and
//! the app's notice about a guessed CRS all say it one way.
//!
//! Not for finding them (see `crs::guess`, `io::dbf_encoding`); the engine's own English
//! descriptions (`CrsOrigin::describe`) stay for `info --json` and logs.

use super::Lang;
use crate::crs::{CrsInfo, CrsOrigin};

/// How the CRS was found: "取自 .prj 文件", "from .prj"…
pub fn crs_origin_text(lang: Lang, info: &CrsInfo) -> String {
    let zh = lang == Lang::Zh;
    match &info.origin {
        CrsOrigin::PrjFile => lang.t("取自 .prj 文件", "from .prj").into(),
        CrsOrigin::GeoJsonMember => lang
            .t("取自 GeoJSON 的 crs 成员", "from the GeoJSON crs member")
            .into(),
        CrsOrigin::Rfc7946Default => lang
            .t(
                "GeoJSON 默认（RFC 7946：WGS 84）",
                "GeoJSON default (RFC 7946: WGS 84)",
            )
            .into(),
        CrsOrigin::Header => lang.t("取自文件头", "from the file header").into(),
        CrsOrigin::FileGdb => lang
            .t(
                "取自 File Geodatabase 空间参考",
                "from the File Geodatabase spatial reference",
            )
            .into(),
        CrsOrigin::Stated => lang.t("用户指定", "stated").into(),
        CrsOrigin::Guessed(why) if zh => guessed_zh(info, why),
        CrsOrigin::Guessed(why) => format!("guessed: {why}"),
        CrsOrigin::Embedded(where_) if zh => format!("取自 {where_}"),
        CrsOrigin::Embedded(where_) => format!("from {where_}"),
        CrsOrigin::FormatDefault(rule) if zh && rule.starts_with("KML") => {
            "KML 按规范为 WGS 84 经纬度（OGC KML 2.2）".into()
        }
        CrsOrigin::FormatDefault(rule) if zh => format!("格式规定：{rule}"),
        CrsOrigin::FormatDefault(rule) => rule.clone(),
    }
}

/// A guess in Chinese: what the numbers looked like and what was taken. The engine's reason is
/// English; its substance is only ever one of two cases (degrees, or eastings with a zone
/// prefix), told apart by the CRS the guess gave.
fn guessed_zh(info: &CrsInfo, why: &str) -> String {
    if why.starts_with("no coordinates") {
        return "无坐标可供推断，按 CGCS2000 经纬度处理".into();
    }
    match info.crs.gauss_kruger() {
        Some(gk) => format!(
            "由坐标推断：东坐标带有带号 {}，按 CGCS2000 高斯-克吕格读取（坐标无法区分基准：如为西安80或北京54，请指定坐标系）",
            gk.zone
        ),
        None if info.crs.geographic => "由坐标推断：数值为经纬度，按 CGCS2000 经纬度读取".into(),
        None => format!("由坐标推断（{why}）"),
    }
}

/// "EPSG:4527 …（取自 .prj 文件）" / "EPSG:4527 … (from .prj)": the CRS and how it was found.
pub fn crs_text(lang: Lang, info: &CrsInfo) -> String {
    let how = crs_origin_text(lang, info);
    match lang {
        Lang::Zh => format!("{}（{how}）", info.crs.label()),
        Lang::En => format!("{} ({how})", info.crs.label()),
    }
}

/// The notice shown when a layer's CRS was guessed: which CRS, why, and where to change it —
/// in the window, so no command-line flag is named.
pub fn guessed_crs_notice(lang: Lang, layer_name: &str, info: &CrsInfo) -> String {
    let how = crs_origin_text(lang, info);
    match lang {
        Lang::Zh => format!(
            "{layer_name}：文件未说明坐标系，已推断为 {}（{how}）。如不正确，请在图层设置（⚙）中指定坐标系。",
            info.crs.label()
        ),
        Lang::En => format!(
            "{layer_name}: the file names no CRS; taken as {} ({how}). If that is wrong, state the CRS in the layer's settings (⚙).",
            info.crs.label()
        ),
    }
}

/// How a DBF's text encoding was found ("stated", ".cpg file (…)", "valid UTF-8", "fallback"…,
/// as `io::dbf_encoding` records it), in `lang`.
pub fn encoding_how_text(lang: Lang, how: &str) -> String {
    if lang == Lang::En {
        return how.to_string();
    }
    let source_zh = |s: &str| -> String {
        if let Some(rest) = s.strip_prefix(".cpg file ") {
            format!(".cpg 文件 {rest}")
        } else if let Some(ldid) = s.strip_prefix("DBF language driver ") {
            format!("DBF 语言驱动标识 {ldid}")
        } else {
            s.to_string()
        }
    };
    match how {
        "stated" => "用户指定".into(),
        "valid UTF-8" => "内容为有效 UTF-8".into(),
        "fallback" => "默认 GBK".into(),
        "no text fields" => "无文本字段".into(),
        other => {
            if let Some(over) = other
                .strip_prefix("valid UTF-8 (overruling ")
                .and_then(|r| r.strip_suffix(')'))
            {
                format!("内容为有效 UTF-8（不取{}）", source_zh(over))
            } else if let Some(over) = other
                .strip_prefix("fallback (overruling ")
                .and_then(|r| r.strip_suffix(')'))
            {
                format!("默认 GBK（不取{}）", source_zh(over))
            } else {
                format!("取自{}", source_zh(other))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crs::Crs;

    fn info(crs: Crs, origin: CrsOrigin) -> CrsInfo {
        CrsInfo { crs, origin }
    }

    #[test]
    fn chinese_wording_has_no_english_words_for_the_common_origins() {
        let cases = [
            info(Crs::cgcs2000(), CrsOrigin::PrjFile),
            info(Crs::cgcs2000(), CrsOrigin::Stated),
            info(
                Crs::cgcs2000(),
                CrsOrigin::Guessed("coordinates look like degrees".into()),
            ),
            info(
                Crs::from_epsg(4527).unwrap(),
                CrsOrigin::Guessed("eastings … zone number 39".into()),
            ),
        ];
        for c in &cases {
            let zh = crs_origin_text(Lang::Zh, c);
            assert!(
                !zh.contains("from") && !zh.contains("stated") && !zh.contains("guessed"),
                "{zh}"
            );
        }
        let gk = crs_origin_text(Lang::Zh, &cases[3]);
        assert!(gk.contains("带号 39"), "{gk}");
        assert_eq!(crs_origin_text(Lang::En, &cases[0]), "from .prj");
    }

    #[test]
    fn the_guess_notice_points_at_the_settings_not_a_flag() {
        let c = info(Crs::cgcs2000(), CrsOrigin::Guessed("degrees".into()));
        for lang in [Lang::Zh, Lang::En] {
            let text = guessed_crs_notice(lang, "河流", &c);
            assert!(text.contains("⚙") && !text.contains("--"), "{text}");
        }
    }
}
