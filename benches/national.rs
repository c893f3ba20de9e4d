//! Whole-pipeline timings on the generated national layer (`bench_data/`, made by
//! `cargo run --release --example make_national`): load, index build, single point queries
//! (median and p99 over 20,000 separate calls), the 100,000-point batch, and a site overlay; and
//! the load's self-crossing check alone, on one thread.
//!
//! A bench binary rather than criterion: one load of a 165 MB shapefile takes about a second, and
//! the figures wanted here (p99 latency, one-shot load) are not what criterion samples.
//! Run: `cargo bench --bench national` (prints a table; skips with a note when the data is missing).

use std::path::Path;
use std::time::{Duration, Instant};

use geo::{Coord, Geometry, LineString, MultiPolygon, Polygon};
use zonecheck::index::IndexedLayer;
use zonecheck::io::validity::first_crossing;
use zonecheck::io::{LoadOptions, load_layers};
use zonecheck::query::{features_at, features_at_many, overlay};

const LAYER: &str = "bench_data/全国环境管控单元_合成.shp";
const POINTS: &str = "bench_data/points_100k.csv";
/// The same layer as a File Geodatabase (optional): convert it with pyogrio, e.g.
/// `pyogrio.write_dataframe(pyogrio.read_dataframe(LAYER), GDB, driver="OpenFileGDB")`.
const GDB: &str = "bench_data/全国环境管控单元_合成.gdb";
/// The same layer as a GeoPackage (optional), converted the same way with `driver="GPKG"`.
const GPKG: &str = "bench_data/全国环境管控单元_合成.gpkg";

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn read_points(path: &Path) -> Vec<Coord<f64>> {
    let text = std::fs::read_to_string(path).expect("points file readable");
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let mut it = l.split(',').skip(1);
            let x = it.next()?.trim().parse().ok()?;
            let y = it.next()?.trim().parse().ok()?;
            Some(Coord { x, y })
        })
        .collect()
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (layer_path, points_path) = (root.join(LAYER), root.join(POINTS));
    if !layer_path.exists() || !points_path.exists() {
        println!(
            "national bench skipped: {} missing; run `cargo run --release --example make_national` first",
            layer_path.display()
        );
        return;
    }
    let points = read_points(&points_path);

    // The same layer in the containers that exist, each timed right after the shapefile so
    // both see the same machine load.
    let containers: Vec<(&str, std::path::PathBuf)> = [
        ("File Geodatabase (.gdb)", root.join(GDB)),
        ("GeoPackage (.gpkg)", root.join(GPKG)),
    ]
    .into_iter()
    .filter(|(_, p)| p.exists())
    .collect();
    let mut loads = Vec::new();
    let mut container_loads: Vec<Vec<Duration>> = vec![Vec::new(); containers.len()];
    let mut layer = None;
    for _ in 0..3 {
        let t = Instant::now();
        let mut layers = load_layers(&layer_path, &LoadOptions::default()).expect("layer loads");
        loads.push(t.elapsed());
        layer = layers.pop();
        let n = layer.as_ref().map_or(0, |l| l.features.len());
        for ((name, path), times) in containers.iter().zip(&mut container_loads) {
            let t = Instant::now();
            let read = load_layers(path, &LoadOptions::default()).expect("container loads");
            times.push(t.elapsed());
            assert_eq!(
                read[0].features.len(),
                n,
                "the {name} holds the same features"
            );
        }
    }
    let layer = layer.expect("one layer");
    let (features, vertices) = (layer.features.len(), layer.vertex_count());

    // The load's self-crossing check (`io::validity`), on one thread: its CPU cost per layer,
    // which the load spreads over the cores.
    let polygons: Vec<&Polygon<f64>> = layer
        .features
        .iter()
        .flat_map(|f| match &f.geometry {
            Some(Geometry::Polygon(p)) => vec![p],
            Some(Geometry::MultiPolygon(mp)) => mp.0.iter().collect(),
            _ => Vec::new(),
        })
        .collect();
    let mut sweeps = Vec::new();
    let mut crossings = 0;
    for _ in 0..5 {
        let t = Instant::now();
        crossings = polygons.iter().filter_map(|p| first_crossing(p)).count();
        sweeps.push(t.elapsed());
    }

    let mut builds = Vec::new();
    let mut indexed = None;
    for _ in 0..3 {
        let copy = layer.clone();
        let t = Instant::now();
        indexed = Some(IndexedLayer::new(copy));
        builds.push(t.elapsed());
    }
    let indexed = indexed.expect("index built");

    let mut singles: Vec<Duration> = points
        .iter()
        .take(20_000)
        .map(|&p| {
            let t = Instant::now();
            std::hint::black_box(features_at(&indexed, p));
            t.elapsed()
        })
        .collect();
    singles.sort();
    let p50 = singles[singles.len() / 2];
    let p99 = singles[singles.len() * 99 / 100];

    let mut batches = Vec::new();
    let mut hits = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let r = features_at_many(&indexed, &points);
        batches.push(t.elapsed());
        hits = r.iter().map(Vec::len).sum::<usize>();
    }

    // A 0.5° × 0.4° site (about 44 km × 44 km) in the middle of the extent, across several cells.
    let (x0, y0) = (104.0, 35.0);
    let site = Geometry::MultiPolygon(MultiPolygon(vec![Polygon::new(
        LineString::from(vec![
            (x0, y0),
            (x0 + 0.5, y0),
            (x0 + 0.5, y0 + 0.4),
            (x0, y0 + 0.4),
            (x0, y0),
        ]),
        vec![],
    )]));
    let layers = vec![indexed];
    let mut overlays = Vec::new();
    let mut overlap_count = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let a = overlay(&layers, &site, 1000.0).expect("overlay");
        overlays.push(t.elapsed());
        overlap_count = a.overlaps.len();
    }

    println!(
        "national layer: {features} features, {vertices} vertices; {} points",
        points.len()
    );
    println!("| step | median |");
    println!("|---|---|");
    println!(
        "| load (read .shp/.dbf, decode GBK) | {:.0} ms |",
        median(&mut loads).as_secs_f64() * 1e3
    );
    let shp = median(&mut loads);
    for ((name, _), times) in containers.iter().zip(&mut container_loads) {
        let t = median(times);
        println!(
            "| load the same layer as a {name} | {:.0} ms ({:.2}× the shapefile) |",
            t.as_secs_f64() * 1e3,
            t.as_secs_f64() / shp.as_secs_f64()
        );
    }
    println!(
        "| self-crossing check of {} polygons ({crossings} cross), one thread | {:.0} ms |",
        polygons.len(),
        median(&mut sweeps).as_secs_f64() * 1e3
    );
    println!(
        "| index build (R-tree + edge bands) | {:.0} ms |",
        median(&mut builds).as_secs_f64() * 1e3
    );
    println!(
        "| one point query, p50 | {:.1} µs |",
        p50.as_secs_f64() * 1e6
    );
    println!(
        "| one point query, p99 | {:.1} µs |",
        p99.as_secs_f64() * 1e6
    );
    println!(
        "| batch of {} points ({hits} hits) | {:.0} ms |",
        points.len(),
        median(&mut batches).as_secs_f64() * 1e3
    );
    println!(
        "| overlay of a 0.5° × 0.4° site ({overlap_count} overlaps, 1 km radius) | {:.1} ms |",
        median(&mut overlays).as_secs_f64() * 1e3
    );
}
