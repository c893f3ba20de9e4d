//! How basemap facts and problems are worded (zh/en): a basemap that failed to open or a tile
//! that failed to decode, the report figure's attribution line, and the layer panel's rows.
//!
//! Not for deciding anything: the engine's `basemap` module finds the problems.

use crate::basemap::{BasemapError, BasemapProblem, TileGrid};

use super::Lang;

/// The problem in the interface language (the file and tile are named by `error_text`).
pub fn problem_text(lang: Lang, p: &BasemapProblem) -> String {
    match p {
        BasemapProblem::Io(e) => format!("{}{e}", lang.t("无法读取：", "cannot be read: ")),
        BasemapProblem::NotSqlite => lang
            .t(
                "不是 MBTiles 文件：不是 SQLite 数据库",
                "not an MBTiles file: not an SQLite database",
            )
            .into(),
        BasemapProblem::NotMbtiles(e) => {
            format!("{}{e}", lang.t("不是有效的 MBTiles 文件：", "not a valid MBTiles file: "))
        }
        BasemapProblem::NotPmtiles(e) => {
            format!("{}{e}", lang.t("不是 PMTiles v3 文件：", "not a PMTiles v3 archive: "))
        }
        BasemapProblem::BadPmtiles(e) => {
            format!("{}{e}", lang.t("PMTiles 文件已损坏：", "a damaged PMTiles archive: "))
        }
        BasemapProblem::NoTileFolder => lang
            .t(
                "文件夹中没有 {z}/{x}/{y}.png|jpg 瓦片",
                "the folder holds no {z}/{x}/{y}.png|jpg tiles",
            )
            .into(),
        BasemapProblem::VectorTiles => lang
            .t(
                "这是矢量瓦片（MVT/PBF），不能作为底图显示；需要栅格（PNG/JPEG/WebP）瓦片",
                "holds vector tiles (MVT/PBF), which are not drawn; a raster (PNG/JPEG/WebP) basemap is needed",
            )
            .into(),
        BasemapProblem::Empty => lang.t("没有瓦片", "holds no tiles").into(),
        BasemapProblem::UnknownImage => lang
            .t(
                "瓦片不是 PNG、JPEG 或 WebP 图像",
                "the tile is not a PNG, JPEG or WebP image",
            )
            .into(),
        BasemapProblem::BadImage(e) => {
            format!("{}{e}", lang.t("瓦片图像已损坏：", "the tile image is damaged: "))
        }
        BasemapProblem::TooLarge(w, h) => format!(
            "{w}×{h} {}",
            lang.t(
                "像素的瓦片过大，不予显示",
                "pixel tile is too large to draw"
            )
        ),
    }
}

/// A basemap problem with its file and tile, in the interface language.
pub fn error_text(lang: Lang, e: &BasemapError) -> String {
    let file = e
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| e.path.display().to_string());
    let tile = e
        .tile
        .map(|t| match lang {
            Lang::Zh => format!("（瓦片 {}/{}/{}）", t.z, t.x, t.y),
            Lang::En => format!(" (tile {}/{}/{})", t.z, t.x, t.y),
        })
        .unwrap_or_default();
    format!(
        "{}{file}{tile}{}{}",
        lang.t("底图 ", "basemap "),
        lang.t("：", ": "),
        problem_text(lang, &e.problem)
    )
}

/// A message about tiles that failed while the rest of the basemap was drawn.
pub fn tiles_failed_text(lang: Lang, first: &BasemapError, count: usize) -> String {
    let more = if count > 1 {
        format!(
            "{}{}{}",
            lang.t("（共 ", " ("),
            count,
            lang.t(
                " 个瓦片无法显示，其余照常显示）",
                " tiles not drawn; the rest is drawn)"
            )
        )
    } else {
        lang.t("（其余瓦片照常显示）", " (the other tiles are drawn)")
            .into()
    };
    format!("{}{more}", error_text(lang, first))
}

/// The report figure's credit line: the basemap's name and its stated attribution, or that it
/// states none.
pub fn attribution_line(lang: Lang, name: &str, attribution: Option<&str>) -> String {
    match attribution {
        Some(a) => format!(
            "{}{name}{}{a}",
            lang.t("底图：", "Basemap: "),
            lang.t("，", ", ")
        ),
        None => format!(
            "{}{name}{}",
            lang.t("底图：", "Basemap: "),
            lang.t("（未注明来源）", " (no source stated)")
        ),
    }
}

/// Fixed texts of the basemap rows in the layer panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Word {
    Basemaps,
    Basemap,
    Opacity,
    Remove,
    ZoomTo,
    MoveUp,
    MoveDown,
    Grid,
    Offset,
    Zooms,
    Attribution,
    NoAttribution,
    Loading,
    ZoomInForTiles,
    OffsetNone,
    OffsetGcj02,
    OffsetBd09,
    Enlarged,
}

/// The text of `w` in `lang`.
pub fn word(lang: Lang, w: Word) -> &'static str {
    use Word::*;
    match w {
        Basemaps => lang.t("底图", "Basemaps"),
        Basemap => lang.t("底图", "basemap"),
        Opacity => lang.t("不透明度", "Opacity"),
        Remove => lang.t("移除", "Remove"),
        ZoomTo => lang.t("缩放至", "Zoom to"),
        MoveUp => lang.t("上移", "Move up"),
        MoveDown => lang.t("下移", "Move down"),
        Grid => lang.t("瓦片网格", "Tile grid"),
        Offset => lang.t("坐标偏移", "Offset"),
        Zooms => lang.t("级别", "Levels"),
        Attribution => lang.t("来源", "Source"),
        NoAttribution => lang.t("未注明来源", "no source stated"),
        Loading => lang.t("正在读取瓦片…", "reading tiles…"),
        ZoomInForTiles => lang.t(
            "此比例尺下瓦片过多，请放大查看完整底图",
            "too many tiles at this scale: zoom in to see the whole basemap",
        ),
        OffsetNone => lang.t("无偏移（CGCS2000/WGS 84）", "none (CGCS2000/WGS 84)"),
        OffsetGcj02 => lang.t(
            "GCJ-02（高德、腾讯），已纠偏",
            "GCJ-02 (Amap, Tencent), shifted back",
        ),
        OffsetBd09 => lang.t("BD-09（百度），已纠偏", "BD-09 (Baidu), shifted back"),
        Enlarged => lang.t(
            "（由相邻级别放大/缩小显示）",
            "(drawn from the nearest level)",
        ),
    }
}

/// The grid's name in `lang`.
pub fn grid_text(lang: Lang, g: TileGrid) -> &'static str {
    match g {
        TileGrid::WebMercator => "Web Mercator (EPSG:3857)",
        TileGrid::LonLat => lang.t(
            "经纬度（EPSG:4490，天地图 c）",
            "lon/lat (EPSG:4490, Tianditu c)",
        ),
    }
}
