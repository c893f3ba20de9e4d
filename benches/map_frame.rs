//! The map's per-frame CPU work, at full extent and zoomed in, on the bundled sample and on the
//! generated national layer (`bench_data/`, made by `cargo run --release --example make_national`):
//! culling and producing the shapes from the cached meshes (`map::draw::layer_shapes`, the very
//! function the canvas calls each frame) and then egui's tessellation of those shapes into
//! triangles (what `egui` does with them before the GPU). Meshes are built once, as on load.
//!
//! Layers the app hatches (redlines) are hatched here too. Nothing is cached between frames, so
//! a frame of a view held still costs what a frame of a pan or zoom does.
//!
//! The "+bm" runs draw the sample's demo basemap under the layers, through the app's own tile
//! cache, as the target asks (a basemap and three layers shown).
//!
//! A bench binary rather than criterion: the figures wanted are medians per view with draw
//! statistics beside them; "total" is wall time, "cpu" the thread's CPU time for the same frames
//! (the figure the target is about, and the steadier one on a shared machine). Run:
//! `cargo bench --bench map_frame`. Target: under 8 ms of CPU per frame for the national layer
//! at any zoom.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::epaint::{ClippedShape, TessellationOptions, Tessellator};
use egui::{Pos2, Rect, Shape, vec2};
use geo::Coord;
use zonecheck::index::IndexedLayer;
use zonecheck::io::{LoadOptions, load_layers};
use zonecheck::model::project::BasemapSpec;
use zonecheck::ui::Lang;
use zonecheck::ui::map::basemap::Basemaps;
use zonecheck::ui::map::draw::{DrawStats, LayerPaint, layer_shapes, outline_budget_share};
use zonecheck::ui::map::mesh::{LayerMesh, union};
use zonecheck::ui::map::view::MapView;
use zonecheck::ui::style::LayerStyle;

const NATIONAL: &str = "bench_data/全国环境管控单元_合成.shp";
/// Two more generated layers for the three-layer run (see the end of `main`).
const EXTRA_LAYERS: [&str; 2] = [
    "bench_data/redline/全国环境管控单元_合成.shp",
    "bench_data/reserve/全国环境管控单元_合成.shp",
];
/// The sample's demo basemap, drawn under the layers in the runs marked "+ basemap".
const BASEMAP: &str = "sample_data/衡水市示意底图.mbtiles";
const SAMPLE_LAYERS: [&str; 5] = [
    "sample_data/衡水市环境管控单元.shp",
    "sample_data/衡水湖国家级自然保护区.shp",
    "sample_data/衡水市生态保护红线.shp",
    "sample_data/衡水市饮用水水源保护区.shp",
    "sample_data/衡水市主要河流.geojson",
];

/// The map canvas of a 1280×800 window between the side panels, points; `MAP_FRAME_CANVAS=WxH`
/// sets another size (e.g. `1300x900` for a maximised 1920×1080 window).
fn canvas() -> Rect {
    let size = std::env::var("MAP_FRAME_CANVAS")
        .ok()
        .and_then(|v| {
            let (w, h) = v.split_once('x')?;
            Some(vec2(w.trim().parse().ok()?, h.trim().parse().ok()?))
        })
        .unwrap_or(vec2(660.0, 720.0));
    Rect::from_min_size(Pos2::new(280.0, 40.0), size)
}

struct Prepared {
    mesh: LayerMesh,
    style: LayerStyle,
}

/// The basemap drawn under the layers: the sample's demo MBTiles, through the app's own
/// `Basemaps` (tile choice for the view, warp meshes, texture cache) with a headless egui context.
struct BasemapFrame {
    ctx: egui::Context,
    basemaps: Basemaps,
}

impl BasemapFrame {
    fn open(path: &Path) -> BasemapFrame {
        let mut basemaps = Basemaps::default();
        basemaps.open(BasemapSpec::for_path(path));
        let mut messages = Vec::new();
        basemaps.wait_opened(&mut messages, Lang::Zh);
        assert!(
            messages.is_empty() && basemaps.layers.len() == 1,
            "the demo basemap opens: {:?}",
            messages.iter().map(|m| &m.text).collect::<Vec<_>>()
        );
        BasemapFrame {
            ctx: egui::Context::default(),
            basemaps,
        }
    }

    fn shapes(&mut self, view: &MapView) -> Vec<Shape> {
        let mut messages = Vec::new();
        self.basemaps
            .frame_shapes(&self.ctx, view, canvas(), &mut messages, Lang::Zh)
    }

    /// Frames until every tile the view wants has been read (the reader runs on a thread), so
    /// the timed frames draw tiles rather than wait for them.
    fn settle(&mut self, view: &MapView) {
        for _ in 0..400 {
            let _ = self.shapes(view);
            if self.basemaps.layers.iter().all(|l| l.loading == 0) {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        println!("  (basemap tiles still loading after 4 s)");
    }

    /// How many tiles the view draws.
    fn tiles(&mut self, view: &MapView) -> usize {
        self.shapes(view).len()
    }
}

/// One frame: the basemap's tiles (when shown), shapes of every layer, then egui's tessellation
/// of them all; (shapes, tessellation, stats).
fn frame(
    layers: &[Prepared],
    view: &MapView,
    basemap: Option<&mut BasemapFrame>,
) -> (Duration, Duration, DrawStats) {
    let canvas = canvas();
    let t = Instant::now();
    let mut shapes: Vec<Shape> = basemap.map(|b| b.shapes(view)).unwrap_or_default();
    let mut stats = DrawStats::default();
    for l in layers {
        let paint = LayerPaint {
            mesh: l.mesh.level_for(view.px_per_deg),
            style: &l.style,
            opacity: l.style.default_opacity,
            // Hatched layers (redlines) get a hatch mesh as in the app; any texture id does here.
            hatch: l.style.hatched.then_some(egui::TextureId::User(1)),
            hidden: &[],
            outline_budget: outline_budget_share(layers.len()),
        };
        stats += layer_shapes(view, canvas, &paint, &mut shapes);
    }
    let shapes_time = t.elapsed();
    let t = Instant::now();
    let clipped: Vec<ClippedShape> = shapes
        .into_iter()
        .map(|shape| ClippedShape {
            clip_rect: canvas,
            shape,
            transform_after_tessellation: egui::emath::TSTransform::IDENTITY,
        })
        .collect();
    let mut tess = Tessellator::new(
        1.0,
        TessellationOptions::default(),
        [2048, 2048],
        Vec::new(),
    );
    let primitives = tess.tessellate_shapes(clipped);
    std::hint::black_box(primitives);
    (shapes_time, t.elapsed(), stats)
}

/// CPU time this thread has used: what a frame costs the machine, unlike wall time, which on a
/// shared machine also counts the time the thread waited for a core (frames of the same view
/// varied 1.5× in wall time between runs minutes apart here).
#[cfg(unix)]
fn thread_cpu() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `t` is a valid timespec to write into; the clock id is a constant of the platform.
    let ok = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) } == 0;
    if !ok {
        return Duration::ZERO;
    }
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

#[cfg(not(unix))]
fn thread_cpu() -> Duration {
    Duration::ZERO
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn run(
    name: &str,
    layers: &[Prepared],
    centre: Coord<f64>,
    mut basemap: Option<&mut BasemapFrame>,
) {
    // `MAP_FRAME_RUNS=3+bm,national` times only the runs named (for a profiler).
    if let Ok(only) = std::env::var("MAP_FRAME_RUNS")
        && !only.split(',').any(|o| o.trim() == name)
    {
        return;
    }
    let bbox = layers
        .iter()
        .filter_map(|l| l.mesh.bbox_lonlat)
        .reduce(union)
        .expect("layers have geometry");
    let mut full = MapView::default();
    full.fit(canvas(), bbox, 20.0);
    let views = [
        ("full extent", full),
        (
            "zoom ×2",
            MapView::looking_at(centre, full.px_per_deg * 2.0),
        ),
        (
            "zoom ×4",
            MapView::looking_at(centre, full.px_per_deg * 4.0),
        ),
        (
            "zoom ×8",
            MapView::looking_at(centre, full.px_per_deg * 8.0),
        ),
        (
            "zoom ×16",
            MapView::looking_at(centre, full.px_per_deg * 16.0),
        ),
        (
            "zoom ×64",
            MapView::looking_at(centre, full.px_per_deg * 64.0),
        ),
        (
            "zoom ×512",
            MapView::looking_at(centre, full.px_per_deg * 512.0),
        ),
    ];
    for (label, view) in views {
        // Warm up (and read the basemap's tiles), then time enough frames for a steady median.
        let mut tiles = String::new();
        if let Some(b) = basemap.as_deref_mut() {
            b.settle(&view);
            tiles = format!(", {} basemap tiles", b.tiles(&view));
        }
        let _ = frame(layers, &view, basemap.as_deref_mut());
        let (mut shape_t, mut tess_t, mut total_t) = (Vec::new(), Vec::new(), Vec::new());
        let mut cpu_t = Vec::new();
        let mut stats = DrawStats::default();
        let started = Instant::now();
        while shape_t.len() < 200 && (shape_t.len() < 10 || started.elapsed().as_secs() < 5) {
            let cpu = thread_cpu();
            let (s, t, st) = frame(layers, &view, basemap.as_deref_mut());
            cpu_t.push(thread_cpu() - cpu);
            shape_t.push(s);
            tess_t.push(t);
            total_t.push(s + t);
            stats = st;
        }
        println!(
            "{name:<9} {label:<12} {:>5} frames  shapes {:>7.2} ms  tessellate {:>7.2} ms  total {:>7.2} ms  cpu {:>7.2} ms  | {} features, {} triangles, {} outline points ({:.1} m/pt){tiles}",
            shape_t.len(),
            ms(median(shape_t)),
            ms(median(tess_t)),
            ms(median(total_t)),
            ms(median(cpu_t)),
            stats.features_drawn,
            stats.triangles,
            stats.outline_points,
            view.metres_per_point()
        );
    }
}

fn prepare(path: &Path) -> Vec<Prepared> {
    load_layers(path, &LoadOptions::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .into_iter()
        .map(|layer| {
            let style = LayerStyle::for_layer(&layer);
            Prepared {
                mesh: LayerMesh::build(Arc::new(IndexedLayer::new(layer))),
                style,
            }
        })
        .collect()
}

fn main() {
    let c = canvas();
    println!("canvas {} × {} points", c.width(), c.height());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sample: Vec<Prepared> = SAMPLE_LAYERS
        .iter()
        .flat_map(|p| prepare(&root.join(p)))
        .collect();
    // Zoom in on the reserve's core zone (the sample's densest detail).
    let core_zone = Coord {
        x: 115.5883,
        y: 37.6160,
    };
    run("sample", &sample, core_zone, None);
    let mut basemap = BasemapFrame::open(&root.join(BASEMAP));
    run("sample+bm", &sample, core_zone, Some(&mut basemap));

    let national = root.join(NATIONAL);
    if !national.exists() {
        println!(
            "national layer skipped: {} missing; run `cargo run --release --example make_national`",
            national.display()
        );
        return;
    }
    let t = Instant::now();
    let layers = prepare(&national);
    let m = &layers[0].mesh;
    println!(
        "national: {} features, {} fill triangles, {} levels kept; load + index + tessellate {:.1} s",
        m.features.len(),
        m.triangle_count(),
        m.built_levels().len(),
        t.elapsed().as_secs_f64()
    );
    // Where the drawing caches' memory goes: each level kept, finest first.
    for level in m.built_levels() {
        println!(
            "  level {:>9.5}°: {:>8} vertices, {:>8} triangles, {:>6.1} MB",
            level.tolerance_deg,
            level.vertex_count(),
            level.triangle_count(),
            level.heap_bytes() as f64 / 1e6
        );
    }
    // Zoom in where the features are: the label point of a feature in the middle of the file.
    let centre = m
        .features
        .iter()
        .skip(m.features.len() / 2)
        .find_map(|f| f.label_lonlat.or(f.bbox_lonlat.map(|b| b.center())))
        .expect("a feature with geometry");
    run("national", &layers, centre, None);

    // Three layers shown at once, as a province project has (units, a detailed redline layer,
    // reserves): the national layer under two more generated ones, when they are there.
    let extra: Vec<_> = EXTRA_LAYERS.iter().map(|p| root.join(p)).collect();
    if extra.iter().all(|p| p.exists()) {
        let mut three = layers;
        for p in &extra {
            three.extend(prepare(p));
        }
        // The generated redline layer is named like the units; style it as the app styles a
        // redline (hatched), whose fill costs a second mesh.
        if let Some(redline) = three.get_mut(1) {
            redline.style.hatched = true;
        }
        let v: usize = three
            .iter()
            .filter_map(|l| l.mesh.built_levels().first().map(|x| x.vertex_count()))
            .sum();
        println!(
            "national ×3: {} layers, {v} full-detail vertices",
            three.len()
        );
        run("3 layers", &three, centre, None);
        // The case: a basemap and three layers shown. The demo basemap covers Hengshui
        // only; centred there, the tiles are drawn at every zoom.
        let hengshui = Coord { x: 115.6, y: 37.7 };
        run("3+bm", &three, hengshui, Some(&mut basemap));
    } else {
        println!(
            "three-layer run skipped: make them with `cargo run --release --example make_national -- \
             bench_data/redline --units 8000 --vertices 6000000` and `… bench_data/reserve --units 2000 --vertices 1500000`"
        );
    }
}
