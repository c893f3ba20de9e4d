//! Basemap readers against fixtures written by independent tools (tests/fixtures/basemap/
//! make_fixtures.py: Pillow tiles, Python's sqlite3, protomaps' own PMTiles writer, pyproj for
//! the Web Mercator pixel, the closed form for the 天地图 lon/lat pixel, eviltransform for
//! GCJ-02). The expected pixels are in expected.json, computed by that script, not by zonecheck.

use std::path::{Path, PathBuf};

use zonecheck::basemap::decode::decode;
use zonecheck::basemap::plan::{ViewFrame, plan_view};
use zonecheck::basemap::resample::{RasterFrame, render};
use zonecheck::basemap::{Basemap, BasemapOffset, OpenOptions, TileGrid, TileId, TileScheme};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/basemap")
        .join(name)
}

fn expected() -> serde_json::Value {
    let text = std::fs::read_to_string(fixture("expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn open(name: &str) -> Basemap {
    Basemap::open(&fixture(name), &OpenOptions::default()).unwrap()
}

const P: (f64, f64) = (115.6706, 37.7389);

/// A raster around P at about one tile pixel per raster pixel at z13.
fn frame_around_p(deg_lat_per_px: f64) -> RasterFrame {
    let cos = P.1.to_radians().cos();
    let deg_lon_per_px = deg_lat_per_px / cos;
    RasterFrame {
        width_px: 300,
        height_px: 240,
        top_left_lonlat: (P.0 - 150.3 * deg_lon_per_px, P.1 + 120.7 * deg_lat_per_px),
        deg_lon_per_px,
        deg_lat_per_px,
    }
}

/// Mercator z13: a tile pixel's height in degrees of latitude at P.
fn merc_deg_per_px() -> f64 {
    360.0 * P.1.to_radians().cos() / (256.0 * 8192.0)
}

fn red_pixels(rgba: &[u8], width: u32) -> Vec<(f64, f64)> {
    rgba.chunks_exact(4)
        .enumerate()
        .filter(|(_, p)| p[0] > 200 && p[1] < 60 && p[2] < 60 && p[3] == 255)
        .map(|(i, _)| {
            let i = i as u32;
            (f64::from(i % width) + 0.5, f64::from(i / width) + 0.5)
        })
        .collect()
}

/// Where P falls in `frame`, in raster pixels (the vector data's position).
fn p_in_frame(frame: &RasterFrame, lonlat: (f64, f64)) -> (f64, f64) {
    (
        (lonlat.0 - frame.top_left_lonlat.0) / frame.deg_lon_per_px,
        (frame.top_left_lonlat.1 - lonlat.1) / frame.deg_lat_per_px,
    )
}

#[test]
fn four_stores_of_the_same_tiles_give_the_same_pixels() {
    let tms = open("merc_tms.mbtiles");
    let xyz = open("merc_xyz.mbtiles");
    let folder = open("merc_folder");
    let pm = open("merc.pmtiles");
    assert_eq!(tms.info.scheme, TileScheme::Tms);
    // No `scheme` key: told apart by its bounds.
    assert_eq!(xyz.info.scheme, TileScheme::Xyz);
    assert_eq!(folder.info.scheme, TileScheme::Xyz);
    for b in [&tms, &xyz, &folder, &pm] {
        assert_eq!(b.info.zooms, vec![13], "{}", b.path.display());
        assert_eq!(b.info.grid, TileGrid::WebMercator);
    }
    assert_eq!(
        tms.info.attribution.as_deref(),
        Some("zonecheck test fixture")
    );
    assert_eq!(
        pm.info.attribution.as_deref(),
        Some("zonecheck test fixture")
    );
    let e = expected();
    let (tx, ty) = (
        e["mercator"]["tile"][0].as_u64().unwrap() as u32,
        e["mercator"]["tile"][1].as_u64().unwrap() as u32,
    );
    for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] {
        let id = TileId {
            z: 13,
            x: tx + dx,
            y: ty + dy,
        };
        let bytes: Vec<Vec<u8>> = [&tms, &xyz, &folder, &pm]
            .iter()
            .map(|b| b.tile_bytes(id).unwrap().expect("tile present"))
            .collect();
        assert!(bytes.iter().all(|b| *b == bytes[0]), "tile {id:?} differs");
    }
    // A tile outside the block is absent everywhere, not an error.
    let outside = TileId {
        z: 13,
        x: tx + 5,
        y: ty,
    };
    for b in [&tms, &xyz, &folder, &pm] {
        assert_eq!(b.tile_bytes(outside).unwrap(), None);
    }
    let frame = frame_around_p(merc_deg_per_px());
    let drawn: Vec<_> = [&tms, &xyz, &folder, &pm]
        .iter()
        .map(|b| render(b, &frame))
        .collect();
    for d in &drawn {
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        assert_eq!(d.zoom, 13);
        assert_eq!(d.rgba, drawn[0].rgba);
    }
    // And not trivially: the render holds the tiles' colours and the dot.
    assert_eq!(red_pixels(&drawn[0].rgba, frame.width_px).len(), 1);
}

#[test]
fn the_fixture_dot_is_where_pyproj_put_it() {
    // Guards the fixture itself: the red pixel in the decoded tile is the pyproj pixel.
    let e = expected();
    let px = e["mercator"]["pixel"][0].as_f64().unwrap();
    let py = e["mercator"]["pixel"][1].as_f64().unwrap();
    let id = TileId {
        z: 13,
        x: (px / 256.0) as u32,
        y: (py / 256.0) as u32,
    };
    let tile = decode(&open("merc_tms.mbtiles").tile_bytes(id).unwrap().unwrap()).unwrap();
    let red = red_pixels(&tile.rgba, tile.width_px);
    assert_eq!(
        red,
        vec![((px % 256.0).floor() + 0.5, (py % 256.0).floor() + 0.5)]
    );
}

/// The red pixel's centre against P: within one pixel, by the resampler and by the mesh.
fn check_control_point(b: &Basemap, section: &str, truth: (f64, f64), deg_lat_per_px: f64) -> f64 {
    let e = expected();
    let px = e[section]["pixel"][0].as_f64().unwrap();
    let py = e[section]["pixel"][1].as_f64().unwrap();
    // 1. Resampled into a lon/lat raster at the tile's own resolution.
    let frame = frame_around_p(deg_lat_per_px);
    let drawn = render(b, &frame);
    assert!(drawn.errors.is_empty(), "{:?}", drawn.errors);
    let red = red_pixels(&drawn.rgba, frame.width_px);
    assert_eq!(red.len(), 1, "{section}: {red:?}");
    let want = p_in_frame(&frame, truth);
    let off_raster = (red[0].0 - want.0).hypot(red[0].1 - want.1);
    // 2. The warp mesh the app draws: where it puts the red pixel's centre, in screen pixels of
    // a view at one tile pixel per screen pixel.
    let cos = P.1.to_radians().cos();
    let view = ViewFrame {
        rect_lonlat: geo::Rect::new(
            geo::coord! {x: P.0 - 0.01, y: P.1 - 0.01},
            geo::coord! {x: P.0 + 0.01, y: P.1 + 0.01},
        ),
        px_per_deg_lat: 1.0 / deg_lat_per_px,
        lon_factor: cos,
    };
    let plan = plan_view(&b.info, b.offset, &view);
    assert_eq!(plan.zoom, 13);
    let id = TileId {
        z: 13,
        x: (px / 256.0) as u32,
        y: (py / 256.0) as u32,
    };
    let tile = plan
        .tiles
        .iter()
        .find(|t| t.id == id)
        .expect("the dot's tile is planned");
    let u = ((px % 256.0).floor() + 0.5) / 256.0;
    let v = ((py % 256.0).floor() + 0.5) / 256.0;
    let at = tile.mesh.lonlat_at(u, v);
    let off_mesh = ((at.x - truth.0) * cos).hypot(at.y - truth.1) * view.px_per_deg_lat;
    // The warp alone: P's exact (fractional) tile position from the fixture script, through the
    // mesh, against P itself: under the quarter pixel the mesh is subdivided for.
    let exact = tile
        .mesh
        .lonlat_at((px % 256.0) / 256.0, (py % 256.0) / 256.0);
    let warp_px = ((exact.x - truth.0) * cos).hypot(exact.y - truth.1) * view.px_per_deg_lat;
    println!(
        "{section}: resampled dot {off_raster:.3} px, meshed dot {off_mesh:.3} px from the point; warp {warp_px:.4} px"
    );
    assert!(warp_px < 0.25, "{section}: the warp is {warp_px} px off");
    assert!(
        off_raster <= 1.0,
        "{section}: resampled dot {off_raster:.3} px from the point"
    );
    assert!(
        off_mesh <= 1.0,
        "{section}: meshed dot {off_mesh:.3} px from the point"
    );
    off_raster.max(off_mesh)
}

#[test]
fn a_web_mercator_tile_puts_the_control_point_within_a_pixel() {
    check_control_point(&open("merc_tms.mbtiles"), "mercator", P, merc_deg_per_px());
}

#[test]
fn a_lonlat_tile_puts_the_control_point_within_a_pixel() {
    let b = open("lonlat_tms.mbtiles");
    // The grid is read from the metadata's `crs` key.
    assert_eq!(b.info.grid, TileGrid::LonLat);
    // 天地图 c tiles: 360/2^13 degrees per 256 pixels, the same in lon and lat.
    let deg = 360.0 / (256.0 * 8192.0);
    check_control_point(&b, "lonlat", P, deg);
}

#[test]
fn a_gcj02_set_lines_up_after_the_stated_shift_and_not_without() {
    let path = fixture("gcj02.mbtiles");
    let shifted = Basemap::open(
        &path,
        &OpenOptions {
            offset: BasemapOffset::Gcj02,
            ..OpenOptions::default()
        },
    )
    .unwrap();
    check_control_point(&shifted, "gcj02", P, merc_deg_per_px());
    // Unshifted, the dot is where Amap draws P: about 520 m (34 pixels at z13) east.
    let raw = open("gcj02.mbtiles");
    let frame = frame_around_p(merc_deg_per_px());
    let red = red_pixels(&render(&raw, &frame).rgba, frame.width_px);
    let want = p_in_frame(&frame, P);
    let off = (red[0].0 - want.0).hypot(red[0].1 - want.1);
    assert!(off > 25.0, "the unshifted dot is only {off} px off");
}

#[test]
fn a_missing_level_is_drawn_from_the_nearest_one() {
    let b = open("merc.pmtiles");
    let e = expected();
    let (tx, ty) = (
        e["mercator"]["tile"][0].as_u64().unwrap() as u32,
        e["mercator"]["tile"][1].as_u64().unwrap() as u32,
    );
    // z15 wanted: its z13 ancestor is found, with the quarter it covers.
    let child = TileId {
        z: 15,
        x: tx * 4 + 3,
        y: ty * 4 + 1,
    };
    let (found, _, sub) = b.tile_or_ancestor(child).unwrap().unwrap();
    assert_eq!(
        found,
        TileId {
            z: 13,
            x: tx,
            y: ty
        }
    );
    assert_eq!(sub, [0.75, 0.25, 0.25]);
    // A view four times closer still draws the dot over P (4 raster pixels per tile pixel).
    let frame = frame_around_p(merc_deg_per_px() / 4.0);
    let drawn = render(&b, &frame);
    assert_eq!(drawn.zoom, 13);
    let red = red_pixels(&drawn.rgba, frame.width_px);
    assert!(red.len() >= 9, "{}", red.len());
    let want = p_in_frame(&frame, P);
    let (cx, cy) = red.iter().fold((0.0, 0.0), |a, p| (a.0 + p.0, a.1 + p.1));
    let centre = (cx / red.len() as f64, cy / red.len() as f64);
    assert!(
        (centre.0 - want.0).hypot(centre.1 - want.1) <= 4.0,
        "{centre:?} {want:?}"
    );
}

#[test]
fn a_pmtiles_archive_with_leaf_directories_finds_every_tile() {
    // 9,000 z14 entries (make_fixtures.py): too many for the 16 KiB root, so protomaps' writer
    // put them in leaf directories. Each tile's bytes are its own address.
    let b = open("leaves.pmtiles");
    let mut seed: u64 = 12345;
    let mut picked = std::collections::BTreeSet::new();
    while picked.len() < 9000 {
        seed = (seed * 1_103_515_245 + 12345) % (1 << 31);
        picked.insert(((seed % 16384) as u32, ((seed / 16384) % 16384) as u32));
    }
    for &(x, y) in &picked {
        let got = b.tile_bytes(TileId { z: 14, x, y }).unwrap();
        assert_eq!(got, Some(format!("14/{x}/{y}").into_bytes()), "14/{x}/{y}");
    }
    let absent = (0..16384)
        .map(|x| (x, 8000))
        .find(|t| !picked.contains(t))
        .unwrap();
    assert_eq!(
        b.tile_bytes(TileId {
            z: 14,
            x: absent.0,
            y: absent.1
        })
        .unwrap(),
        None
    );
    assert_eq!(b.tile_bytes(TileId { z: 13, x: 5, y: 5 }).unwrap(), None);
}
