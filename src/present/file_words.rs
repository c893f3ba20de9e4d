//! What a file that is not a layer really is, worded in zh/en for the load-failure messages
//! ("内容是 PNG 图片，不是图层文件"), so the user reads the cause in their own language and not
//! only in the engine's detailed English message.
//!
//! Not for finding out (see `io::open::foreign_content`).

use super::Lang;
use crate::io::open::ForeignContent;

/// One sentence on what the file is, and what to open instead.
pub fn foreign_content_text(lang: Lang, content: ForeignContent) -> String {
    use ForeignContent as F;
    let (zh, en) = match content {
        F::Folder => {
            return lang
                .t(
                    "这是一个文件夹，不是图层文件（只有 File Geodatabase 的 .gdb 文件夹可作为图层打开）。请选择其中的 .shp、.geojson、.gpkg 等文件。",
                    "This is a folder, not a layer file (only a File Geodatabase .gdb folder opens as layers). Choose a .shp, .geojson, .gpkg… file inside it.",
                )
                .to_string();
        }
        F::PngImage => ("PNG 图片", "a PNG image"),
        F::JpegImage => ("JPEG 图片", "a JPEG image"),
        F::GifImage => ("GIF 图片", "a GIF image"),
        F::TiffImage => (
            "TIFF 图像（栅格，不是矢量图层）",
            "a TIFF image (raster, not a vector layer)",
        ),
        F::PdfDocument => ("PDF 文档", "a PDF document"),
        F::OfficeBinary => (
            "Word 或 Excel 旧版（.doc/.xls）文档",
            "an old-style Word or Excel (.doc/.xls) document",
        ),
        F::RarArchive => (
            "RAR 压缩包（请先解压，或改用 zip）",
            "a RAR archive (unpack it first, or use zip)",
        ),
        F::SevenZipArchive => (
            "7z 压缩包（请先解压，或改用 zip）",
            "a 7z archive (unpack it first, or use zip)",
        ),
        F::DwgDrawing => (
            "AutoCAD 图形（.dwg，请在 CAD 中另存为 .dxf）",
            "an AutoCAD drawing (.dwg: save it as .dxf in CAD)",
        ),
        F::HtmlPage => (
            "网页（HTML），可能是下载失败的页面",
            "a web page (HTML), perhaps a failed download",
        ),
    };
    match lang {
        Lang::Zh => format!("文件内容是{zh}，不是图层文件。"),
        Lang::En => format!("The file holds {en}, not a layer."),
    }
}
