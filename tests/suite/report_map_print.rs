//! The map print (出图) on the bundled sample: its frame holds the view it was asked for, its
//! scale on A4 landscape is the hand-computed one, only the layers asked for are drawn, and the
//! PDF is one A4 landscape page holding exactly the PNG's picture.
//!
//! Independent figures (by hand, with the figure's sphere R = 6,371,008.8 m):
//! - one degree of latitude is π/180 × R = 111,195.08 m, so a view 1° high has half-height
//!   55,597.54 m and, at 4:3, half-width 74,130.05 m (its 1° of longitude at 37.5° N is only
//!   88,217 m wide, half of it 44,108 m, so the height decides);
//! - A4 landscape is 841.89 × 595.28 pt; inside 10 mm (28.35 pt) margins the 4:3 picture is
//!   538.58 pt high and 718.11 pt = 253.332 mm wide; 148,260.1 m of ground on 0.253332 m of
//!   paper is 1:585,240, which the map's three-significant-figure rounding writes 1:585,000.

use std::path::PathBuf;

use geo::{Coord, InteriorPoint, Rect};
use zonecheck::model::LayerRole;
use zonecheck::present::Lang;
use zonecheck::report::figure::{FigureFrame, HEIGHT_PX, WIDTH_PX};
use zonecheck::report::map_print::{
    MapPrint, print_scale_text, render_map_pdf, render_map_png, write_map_print,
};
use zonecheck::workspace::{OpenOptions, Workspace};

fn sample() -> Workspace {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample_data/hengshui.zonecheck.toml");
    Workspace::open(&[path], &OpenOptions::default()).unwrap()
}

fn print_of(frame: FigureFrame, layers: Vec<usize>) -> MapPrint<'static> {
    MapPrint {
        title: "衡水市示例项目".into(),
        frame,
        layers,
        site: None,
        basemap: None,
        lang: Lang::Zh,
        printed_at: "2026-12-02 10:00 北京时间（UTC+8）".into(),
    }
}

/// The RGB pixels of a PNG.
fn pixels(png_bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgb);
    buf.truncate(info.buffer_size());
    (info.width, info.height, buf)
}

fn pixel(rgb: &[u8], x: u32, y: u32) -> [u8; 3] {
    let i = ((y * WIDTH_PX + x) * 3) as usize;
    [rgb[i], rgb[i + 1], rgb[i + 2]]
}

#[test]
fn the_frame_holds_the_view_and_the_a4_scale_is_the_hand_computed_one() {
    let view = Rect::new(Coord { x: 115.0, y: 37.0 }, Coord { x: 116.0, y: 38.0 });
    let frame = FigureFrame::fitting(view);
    assert!((frame.centre_lonlat.x - 115.5).abs() < 1e-12);
    assert!((frame.centre_lonlat.y - 37.5).abs() < 1e-12);
    assert!(
        (frame.half_height_m() - 55_597.54).abs() < 0.01,
        "{}",
        frame.half_height_m()
    );
    assert!((frame.half_width_m - 74_130.05).abs() < 0.01);
    assert_eq!(print_scale_text(&frame).as_deref(), Some("1:585,000"));
    // A wide view: the width decides. 2° of longitude at 37.5° N, by hand: 2 × 111,195.08 ×
    // cos 37.5° (0.793353) = 176,433.98 m, half of it 88,216.99 m.
    let wide = FigureFrame::fitting(Rect::new(
        Coord { x: 114.5, y: 37.4 },
        Coord { x: 116.5, y: 37.6 },
    ));
    assert!(
        (wide.half_width_m - 88_216.99).abs() < 0.01,
        "{}",
        wide.half_width_m
    );
}

#[test]
fn only_the_layers_asked_for_are_drawn() {
    let ws = sample();
    let reserve = ws
        .layers
        .iter()
        .position(|l| l.layer.role.role == LayerRole::Reserve)
        .unwrap();
    // Centre the print on a point inside the reserve: it is the picture's centre pixel.
    let inside = ws.layers[reserve].layer.features[0]
        .geometry
        .as_ref()
        .and_then(|g| g.interior_point())
        .unwrap()
        .0;
    let frame = FigureFrame {
        centre_lonlat: inside,
        half_width_m: 3_000.0,
    };
    let centre = |layers: Vec<usize>| {
        let (png, failed) = render_map_png(&ws, &print_of(frame, layers)).unwrap();
        assert!(failed.is_empty());
        let (w, h, rgb) = pixels(&png);
        assert_eq!((w, h), (WIDTH_PX, HEIGHT_PX));
        pixel(&rgb, WIDTH_PX / 2, HEIGHT_PX / 2)
    };
    assert_eq!(
        centre(vec![]),
        [255, 255, 255],
        "nothing asked for, nothing drawn"
    );
    let with_reserve = centre(vec![reserve]);
    assert_ne!(with_reserve, [255, 255, 255], "the reserve is drawn");
    // The reserve's fill is green-dominant (rgba 30,110,60 at 70/255 over white).
    assert!(with_reserve[1] > with_reserve[0] && with_reserve[1] > with_reserve[2]);
    let others: Vec<usize> = (0..ws.layers.len())
        .filter(|&i| i != reserve && ws.layers[i].layer.role.role == LayerRole::River)
        .collect();
    if !others.is_empty() {
        assert_eq!(
            centre(others),
            [255, 255, 255],
            "a layer left out is not drawn"
        );
    }
}

#[test]
fn the_pdf_is_one_a4_landscape_page_holding_the_png_picture() {
    let ws = sample();
    let all: Vec<usize> = (0..ws.layers.len()).collect();
    let extent = ws.layers[0].layer.features[0]
        .geometry
        .as_ref()
        .and_then(geo::BoundingRect::bounding_rect)
        .unwrap();
    let print = print_of(FigureFrame::fitting(extent), all);
    let (png, _) = render_map_png(&ws, &print).unwrap();
    let (pdf, _) = render_map_pdf(&ws, &print).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(&pdf);
    let pages = text.matches("/Type /Page").count() - text.matches("/Type /Pages").count();
    assert_eq!(pages, 1, "one page");
    assert!(
        text.contains("/MediaBox [0 0 841.89 595.28]"),
        "A4 landscape"
    );
    assert!(text.contains("/Width 1600") && text.contains("/Height 1200"));
    // The image stream, inflated, is the PNG's pixels exactly.
    let find = |from: usize, needle: &[u8]| {
        pdf[from..]
            .windows(needle.len())
            .position(|w| w == needle)
            .map(|i| from + i)
    };
    let start = find(0, b"stream\n").unwrap() + b"stream\n".len();
    let end = find(start, b"\nendstream").unwrap();
    let mut inflated = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::ZlibDecoder::new(&pdf[start..end]),
        &mut inflated,
    )
    .unwrap();
    let (_, _, rgb) = pixels(&png);
    assert_eq!(inflated.len(), rgb.len());
    assert!(inflated == rgb, "the PDF's picture is the PNG's");
}

#[test]
fn a_print_is_written_as_its_extension_says_and_a_bad_folder_is_an_error() {
    let ws = sample();
    let dir = tempfile::tempdir().unwrap();
    let frame = FigureFrame {
        centre_lonlat: Coord { x: 115.6, y: 37.7 },
        half_width_m: 20_000.0,
    };
    let print = print_of(frame, vec![0]);
    let pdf = dir.path().join("出图.pdf");
    write_map_print(&ws, &print, &pdf).unwrap();
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    let png = dir.path().join("出图.png");
    write_map_print(&ws, &print, &png).unwrap();
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));
    let missing = dir.path().join("no such folder").join("出图.pdf");
    let err = write_map_print(&ws, &print, &missing)
        .unwrap_err()
        .to_string();
    assert!(err.contains("出图.pdf"), "{err}");
}
