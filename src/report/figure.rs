//! The report's map figure: the site over the zoning layers around it, with a legend, a scale bar
//! and a north arrow, drawn offline to PNG (tiny-skia + the bundled font).
//!
//! The figure is a sketch map (示意图) in a local equirectangular frame centred on the site — true
//! to scale near the site, which is all a site-sized figure needs. Not for measuring: every figure
//! in the report's text comes from the engine.

use crate::present::palette;
use geo::{BoundingRect, Coord, Geometry, LineString, Polygon};
use tiny_skia::{Color, FillRule, Paint, PathBuilder, Pixmap, Rect, Stroke, Transform};

use super::data::ReportData;
use super::furniture::{draw_legend, draw_north_arrow, draw_scale_bar};
use super::glyphs::FigureFont;
use crate::error::{Result, ZoneError};
use crate::io::Site;
use crate::model::{Layer, LayerRole, UnitCategory};
use crate::workspace::Workspace;

/// Figure size in pixels (4:3; 16 cm wide in Word at about 250 dpi).
pub const WIDTH_PX: u32 = 1600;
/// Figure height in pixels.
pub const HEIGHT_PX: u32 = 1200;
const EARTH_RADIUS_M: f64 = 6_371_008.8;

/// Lon/lat to pixels through a local metric frame centred on the site.
struct View {
    lon0: f64,
    lat0: f64,
    cos_lat0: f64,
    px_per_m: f64,
}

impl View {
    fn metres(&self, c: Coord<f64>) -> (f64, f64) {
        let k = EARTH_RADIUS_M * std::f64::consts::PI / 180.0;
        ((c.x - self.lon0) * k * self.cos_lat0, (c.y - self.lat0) * k)
    }
    fn px(&self, c: Coord<f64>) -> (f32, f32) {
        let (x, y) = self.metres(c);
        (
            (f64::from(WIDTH_PX) / 2.0 + x * self.px_per_m) as f32,
            (f64::from(HEIGHT_PX) / 2.0 - y * self.px_per_m) as f32,
        )
    }
}

/// What a drawn thing looks like: fill (rgba) and stroke (rgba, width px).
#[derive(Clone, Copy)]
pub(super) struct Style {
    pub(super) fill: Option<[u8; 4]>,
    pub(super) stroke: Option<([u8; 4], f32)>,
    /// Diagonal hatching in this colour (redlines, as Chinese zoning maps draw them), dashed outline.
    pub(super) hatch: Option<[u8; 4]>,
}

fn style_for(layer: &Layer, fid: usize) -> Option<(Style, String)> {
    let s = |fill: Option<[u8; 4]>, stroke: Option<([u8; 4], f32)>| Style {
        fill,
        stroke,
        hatch: None,
    };
    // The map's palette (present::palette): the figure colours categories as the app does.
    let fill = |c: [u8; 3], a: u8| Some([c[0], c[1], c[2], a]);
    let line = |c: [u8; 3], w: f32| Some(([c[0], c[1], c[2], 255], w));
    Some(match layer.role.role {
        LayerRole::ControlUnits => {
            let category = layer.unit_category(fid);
            let c = palette::category_rgb(category);
            let key = match category {
                Some(UnitCategory::Priority) => "priority",
                Some(UnitCategory::Key) => "key",
                Some(UnitCategory::General) => "general",
                None => "unit",
            };
            (
                s(fill(c, 150), line(palette::darker_rgb(c), 1.5)),
                key.into(),
            )
        }
        LayerRole::Reserve => (
            s(Some([30, 110, 60, 70]), Some(([20, 90, 40, 255], 2.5))),
            "reserve".into(),
        ),
        LayerRole::Redline => (
            Style {
                fill: None,
                stroke: Some(([0, 100, 40, 255], 3.0)),
                hatch: Some([0, 100, 40, 170]),
            },
            "redline".into(),
        ),
        LayerRole::WaterSource => (
            s(Some([90, 160, 230, 110]), Some(([30, 90, 180, 255], 2.0))),
            "water".into(),
        ),
        LayerRole::River => (
            s(Some([60, 140, 220, 160]), Some(([30, 110, 200, 255], 3.0))),
            "river".into(),
        ),
        LayerRole::ElementZones | LayerRole::Other => return None,
    })
}

pub(super) fn paint(rgba: [u8; 4]) -> Paint<'static> {
    let mut p = Paint::default();
    p.set_color(Color::from_rgba8(rgba[0], rgba[1], rgba[2], rgba[3]));
    p.anti_alias = true;
    p
}

fn ring_path(pb: &mut PathBuilder, ring: &LineString<f64>, view: &View) {
    for (i, c) in ring.0.iter().enumerate() {
        let (x, y) = view.px(*c);
        if i == 0 {
            pb.move_to(x, y)
        } else {
            pb.line_to(x, y)
        }
    }
    pb.close();
}

fn polygons_path(polys: &[&Polygon<f64>], view: &View) -> Option<tiny_skia::Path> {
    let mut pb = PathBuilder::new();
    for p in polys {
        ring_path(&mut pb, p.exterior(), view);
        for r in p.interiors() {
            ring_path(&mut pb, r, view);
        }
    }
    pb.finish()
}

fn lines_path(lines: &[&LineString<f64>], view: &View) -> Option<tiny_skia::Path> {
    let mut pb = PathBuilder::new();
    for l in lines {
        for (i, c) in l.0.iter().enumerate() {
            let (x, y) = view.px(*c);
            if i == 0 {
                pb.move_to(x, y)
            } else {
                pb.line_to(x, y)
            }
        }
    }
    pb.finish()
}

fn draw_geometry(pm: &mut Pixmap, g: &Geometry<f64>, style: Style, view: &View) {
    let polys: Vec<&Polygon<f64>> = match g {
        Geometry::Polygon(p) => vec![p],
        Geometry::MultiPolygon(mp) => mp.0.iter().collect(),
        _ => Vec::new(),
    };
    let lines: Vec<&LineString<f64>> = match g {
        Geometry::LineString(l) => vec![l],
        Geometry::MultiLineString(ml) => ml.0.iter().collect(),
        _ => Vec::new(),
    };
    if let Some(path) = polygons_path(&polys, view) {
        if let Some(fill) = style.fill {
            pm.fill_path(
                &path,
                &paint(fill),
                FillRule::EvenOdd,
                Transform::identity(),
                None,
            );
        }
        if let Some(rgba) = style.hatch {
            hatch(pm, &path, rgba);
        }
        if let Some((rgba, width)) = style.stroke {
            let stroke = Stroke {
                width,
                dash: style
                    .hatch
                    .and_then(|_| tiny_skia::StrokeDash::new(vec![14.0, 7.0], 0.0)),
                ..Stroke::default()
            };
            pm.stroke_path(&path, &paint(rgba), &stroke, Transform::identity(), None);
        }
    }
    if let (Some(path), Some((rgba, width))) = (lines_path(&lines, view), style.stroke) {
        let stroke = Stroke {
            width,
            line_cap: tiny_skia::LineCap::Round,
            ..Stroke::default()
        };
        pm.stroke_path(&path, &paint(rgba), &stroke, Transform::identity(), None);
    }
}

/// Fills `area` with 45° lines 14 px apart, clipped to it.
pub(super) fn hatch(pm: &mut Pixmap, area: &tiny_skia::Path, rgba: [u8; 4]) {
    let Some(mut mask) = tiny_skia::Mask::new(pm.width(), pm.height()) else {
        return;
    };
    mask.fill_path(area, FillRule::EvenOdd, true, Transform::identity());
    let (w, h) = (pm.width() as f32, pm.height() as f32);
    let mut pb = PathBuilder::new();
    let mut x = -h;
    while x < w {
        pb.move_to(x, h);
        pb.line_to(x + h, 0.0);
        x += 14.0;
    }
    if let Some(lines) = pb.finish() {
        let stroke = Stroke {
            width: 2.0,
            ..Stroke::default()
        };
        pm.stroke_path(
            &lines,
            &paint(rgba),
            &stroke,
            Transform::identity(),
            Some(&mask),
        );
    }
}

/// The ground a figure shows: its centre and half its width on the ground, metres (the height
/// is three quarters of the width, as the figure's pixels are).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FigureFrame {
    pub centre_lonlat: Coord<f64>,
    pub half_width_m: f64,
}

impl FigureFrame {
    /// The site figure's frame: the site takes about a third of it, and it shows at least 4 km
    /// across.
    pub fn around_site(site: &Site) -> Result<FigureFrame> {
        let rect = site
            .geometry
            .bounding_rect()
            .ok_or_else(|| ZoneError::Input("the site has no extent to draw".into()))?;
        let frame = FigureFrame::fitting(rect);
        Ok(FigureFrame {
            half_width_m: (frame.half_width_m * 3.0).max(2000.0),
            ..frame
        })
    }

    /// The smallest frame that holds all of `extent` (lon/lat): what a map view showed, with
    /// as much around it as the figure's 4:3 shape adds.
    pub fn fitting(extent: geo::Rect<f64>) -> FigureFrame {
        let centre = extent.center();
        let probe = View::at(centre, 1.0);
        let (w_m, _) = probe.metres(Coord {
            x: extent.max().x,
            y: centre.y,
        });
        let (_, h_m) = probe.metres(Coord {
            x: centre.x,
            y: extent.max().y,
        });
        FigureFrame {
            centre_lonlat: centre,
            half_width_m: w_m.abs().max(h_m.abs() * 4.0 / 3.0).max(1.0),
        }
    }

    /// Half the frame's height on the ground, metres.
    pub fn half_height_m(&self) -> f64 {
        self.half_width_m * f64::from(HEIGHT_PX) / f64::from(WIDTH_PX)
    }

    fn view(&self) -> View {
        View::at(
            self.centre_lonlat,
            f64::from(WIDTH_PX) / 2.0 / self.half_width_m,
        )
    }

    /// The frame's ground in lon/lat, grown (or shrunk) by `factor` about its centre.
    fn lonlat_rect(&self, factor: f64) -> geo::Rect<f64> {
        let k = 180.0 / (EARTH_RADIUS_M * std::f64::consts::PI);
        let c = self.centre_lonlat;
        let cos_lat0 = c.y.to_radians().cos();
        let dx = self.half_width_m * k / cos_lat0 * factor;
        let dy = self.half_height_m() * k * factor;
        geo::Rect::new(
            Coord {
                x: c.x - dx,
                y: c.y - dy,
            },
            Coord {
                x: c.x + dx,
                y: c.y + dy,
            },
        )
    }
}

impl View {
    fn at(centre: Coord<f64>, px_per_m: f64) -> View {
        View {
            lon0: centre.x,
            lat0: centre.y,
            cos_lat0: centre.y.to_radians().cos(),
            px_per_m,
        }
    }
}

/// Whether two lon/lat boxes share any ground (touching counts).
fn rects_meet(a: &geo::Rect<f64>, b: &geo::Rect<f64>) -> bool {
    a.min().x <= b.max().x
        && b.min().x <= a.max().x
        && a.min().y <= b.max().y
        && b.min().y <= a.max().y
}

/// A white figure with `basemap` drawn on it first; and the basemap's tiles that failed.
pub(super) fn blank_figure(
    frame: &FigureFrame,
    basemap: Option<&crate::basemap::Basemap>,
) -> Result<(Pixmap, Vec<crate::basemap::BasemapError>)> {
    let mut pm = Pixmap::new(WIDTH_PX, HEIGHT_PX)
        .ok_or_else(|| ZoneError::Input("cannot allocate the figure".into()))?;
    pm.fill(Color::from_rgba8(255, 255, 255, 255));
    let errors = match basemap {
        Some(b) => super::figure_basemap::draw_basemap(&mut pm, b, &view_frame(&frame.view())),
        None => Vec::new(),
    };
    Ok((pm, errors))
}

/// Draws the features of `layers` (in that order) that reach into the frame, each styled by its
/// role, and adds a legend entry for every style drawn.
pub(super) fn draw_layers<'a>(
    pm: &mut Pixmap,
    frame: &FigureFrame,
    layers: impl Iterator<Item = &'a Layer>,
    legend: &mut Vec<(String, Style)>,
) {
    let view = frame.view();
    let view_rect = frame.lonlat_rect(1.2);
    for layer in layers {
        for (fid, f) in layer.features.iter().enumerate() {
            let Some(g) = &f.geometry else { continue };
            let Some(bb) = g.bounding_rect() else {
                continue;
            };
            if !rects_meet(&bb, &view_rect) {
                continue;
            }
            let Some((style, key)) = style_for(layer, fid) else {
                continue;
            };
            draw_geometry(pm, g, style, &view);
            if !legend.iter().any(|(k, _)| *k == key) {
                legend.push((key, style));
            }
        }
    }
}

/// Writes the names of the reserve zones, water-source zones and redlines of `layers` inside
/// the frame, below their label points.
pub(super) fn draw_zone_names<'a>(
    pm: &mut Pixmap,
    font: &FigureFont,
    frame: &FigureFrame,
    layers: impl Iterator<Item = &'a Layer>,
) {
    let view = frame.view();
    let inner_rect = frame.lonlat_rect(0.9);
    let mut placed: Vec<(f32, f32, f32, f32)> = Vec::new();
    for layer in layers {
        if !matches!(
            layer.role.role,
            LayerRole::Reserve | LayerRole::WaterSource | LayerRole::Redline
        ) {
            continue;
        }
        for (fid, f) in layer.features.iter().enumerate() {
            let Some(g) = &f.geometry else { continue };
            // Zones wholly outside the frame have no label there; skip the clipping for them.
            let Some(bb) = g.bounding_rect() else {
                continue;
            };
            if !rects_meet(&bb, &inner_rect) {
                continue;
            }
            if let Some(p) = label_point(g, &inner_rect)
                && let Some(name) = layer.feature_name(fid)
            {
                let (x, y) = view.px(p);
                let w = font.width_px(&name, 26.0);
                // The baseline is at y + 34; the text stands about 26 px above it.
                let text_box = (x - w / 2.0, y + 6.0, x + w / 2.0, y + 40.0);
                let overlaps = |b: &(f32, f32, f32, f32)| {
                    b.0 < text_box.2 && text_box.0 < b.2 && b.1 < text_box.3 && text_box.1 < b.3
                };
                // A name over another is unreadable: the first placed stays, the next is left out.
                if placed.iter().any(overlaps) {
                    continue;
                }
                placed.push(text_box);
                font.draw_halo(pm, &name, x - w / 2.0, y + 34.0, 26.0, [10, 70, 30]);
            }
        }
    }
}

/// Draws the site in red (a dot for each point of a point site) and adds its legend entry.
pub(super) fn draw_site(
    pm: &mut Pixmap,
    frame: &FigureFrame,
    site: &Site,
    legend: &mut Vec<(String, Style)>,
) {
    let view = frame.view();
    let site_style = Style {
        fill: Some([220, 0, 0, 50]),
        stroke: Some(([220, 0, 0, 255], 5.0)),
        hatch: None,
    };
    draw_geometry(pm, &site.geometry, site_style, &view);
    if let Geometry::Point(_) | Geometry::MultiPoint(_) = &site.geometry {
        for c in geo::CoordsIter::coords_iter(&site.geometry) {
            let (x, y) = view.px(c);
            if let Some(circle) = PathBuilder::from_circle(x, y, 10.0) {
                pm.fill_path(
                    &circle,
                    &paint([220, 0, 0, 255]),
                    FillRule::Winding,
                    Transform::identity(),
                    None,
                );
            }
        }
    }
    legend.push(("site".into(), site_style));
}

/// The legend, scale bar, north arrow, a frame line round the figure and the title at its top.
pub(super) fn draw_furniture(
    pm: &mut Pixmap,
    font: &FigureFont,
    lang: crate::present::Lang,
    frame: &FigureFrame,
    legend: &[(String, Style)],
    title: &str,
) {
    draw_legend(pm, font, lang, legend);
    draw_scale_bar(pm, font, frame.view().px_per_m, frame.half_width_m);
    draw_north_arrow(pm, font, lang);
    if let Some(r) = Rect::from_xywh(1.0, 1.0, WIDTH_PX as f32 - 2.0, HEIGHT_PX as f32 - 2.0) {
        let path = PathBuilder::from_rect(r);
        pm.stroke_path(
            &path,
            &paint([0, 0, 0, 255]),
            &Stroke {
                width: 2.0,
                ..Stroke::default()
            },
            Transform::identity(),
            None,
        );
    }
    font.draw_halo(pm, title, 30.0, 58.0, 40.0, [0, 0, 0]);
}

/// The basemap's attribution at the foot of the figure (its licence asks for it).
pub(super) fn draw_attribution(
    pm: &mut Pixmap,
    font: &FigureFont,
    lang: crate::present::Lang,
    basemap: &crate::basemap::Basemap,
) {
    let line = crate::present::basemap::attribution_line(
        lang,
        &basemap.info.name,
        basemap.info.attribution.as_deref(),
    );
    font.draw_halo(pm, &line, 40.0, HEIGHT_PX as f32 - 10.0, 17.0, [40, 40, 40]);
}

/// Renders the figure for `data` to PNG bytes.
pub fn render_png(catalog: &Workspace, site: &Site, data: &ReportData) -> Result<Vec<u8>> {
    render_png_over(catalog, site, data, None).map(|(png, _)| png)
}

/// Renders the figure over `basemap` (drawn first, with its attribution line at the foot),
/// and the basemap's tiles that could not be drawn.
pub fn render_png_over(
    catalog: &Workspace,
    site: &Site,
    data: &ReportData,
    basemap: Option<&crate::basemap::Basemap>,
) -> Result<(Vec<u8>, Vec<crate::basemap::BasemapError>)> {
    let lang = data.lang;
    let font = FigureFont::bundled()?;
    let frame = FigureFrame::around_site(site)?;
    let (mut pm, basemap_errors) = blank_figure(&frame, basemap)?;
    let mut legend: Vec<(String, Style)> = Vec::new();
    // The sensitive zones over the units, rivers on top, whatever order the layers came in.
    let order = [
        LayerRole::ControlUnits,
        LayerRole::WaterSource,
        LayerRole::Redline,
        LayerRole::Reserve,
        LayerRole::River,
    ];
    let by_role = order.iter().flat_map(|role| {
        catalog
            .layers
            .iter()
            .map(|il| &il.layer)
            .filter(move |l| l.role.role == *role)
    });
    draw_layers(&mut pm, &frame, by_role, &mut legend);
    // Unit codes of the overlapped units, at a point of the unit inside the frame.
    let view = frame.view();
    let inner_rect = frame.lonlat_rect(0.9);
    for u in &data.units {
        let layer = &catalog.layers[u.layer_index].layer;
        if let Some(Some(g)) = layer.features.get(u.fid).map(|f| f.geometry.as_ref())
            && let Some(p) = label_point(g, &inner_rect)
        {
            let (x, y) = view.px(p);
            let w = font.width_px(&u.code, 30.0);
            font.draw_halo(&mut pm, &u.code, x - w / 2.0, y, 30.0, [60, 30, 20]);
        }
    }
    draw_zone_names(
        &mut pm,
        &font,
        &frame,
        catalog.layers.iter().map(|il| &il.layer),
    );
    draw_site(&mut pm, &frame, site, &mut legend);
    let title = format!(
        "{}{}",
        data.project_name,
        lang.t(
            "  区位与管控单元示意图",
            "  site and control units (sketch)"
        )
    );
    draw_furniture(&mut pm, &font, lang, &frame, &legend, &title);
    if let Some(b) = basemap {
        draw_attribution(&mut pm, &font, lang, b);
    }
    Ok((encode_rgb_png(&pm)?, basemap_errors))
}

/// The figure's pixels as a raster frame in lon/lat (the local frame is linear in lon/lat).
fn view_frame(view: &View) -> crate::basemap::resample::RasterFrame {
    let k = EARTH_RADIUS_M * std::f64::consts::PI / 180.0;
    let deg_lat_per_px = 1.0 / (view.px_per_m * k);
    let deg_lon_per_px = deg_lat_per_px / view.cos_lat0;
    crate::basemap::resample::RasterFrame {
        width_px: WIDTH_PX,
        height_px: HEIGHT_PX,
        top_left_lonlat: (
            view.lon0 - f64::from(WIDTH_PX) / 2.0 * deg_lon_per_px,
            view.lat0 + f64::from(HEIGHT_PX) / 2.0 * deg_lat_per_px,
        ),
        deg_lon_per_px,
        deg_lat_per_px,
    }
}

/// The opaque figure as an RGB PNG at best compression: a third of tiny-skia's RGBA default.
pub(super) fn encode_rgb_png(pm: &Pixmap) -> Result<Vec<u8>> {
    let err = |e: png::EncodingError| ZoneError::Input(format!("cannot encode the figure: {e}"));
    // The background is opaque white, so the premultiplied channels are the colours themselves.
    let rgb: Vec<u8> = pm
        .data()
        .chunks_exact(4)
        .flat_map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, pm.width(), pm.height());
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    enc.set_compression(png::Compression::Best);
    enc.set_adaptive_filter(png::AdaptiveFilterType::Adaptive);
    let mut writer = enc.write_header().map_err(err)?;
    writer.write_image_data(&rgb).map_err(err)?;
    writer.finish().map_err(err)?;
    Ok(out)
}

/// A point of `g` inside `frame` for its label: the interior point of its part within the frame.
fn label_point(g: &Geometry<f64>, frame: &geo::Rect<f64>) -> Option<Coord<f64>> {
    use geo::InteriorPoint;
    let mp = match g {
        Geometry::Polygon(p) => geo::MultiPolygon(vec![p.clone()]),
        Geometry::MultiPolygon(mp) => mp.clone(),
        _ => return None,
    };
    let frame = geo::MultiPolygon(vec![frame.to_polygon()]);
    let clipped = crate::io::overlay_kernel::intersection(&mp, &frame);
    clipped.interior_point().map(|p| p.0)
}
