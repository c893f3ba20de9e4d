//! Index and query timings on a national-scale synthetic layer: 45,000 grid cells of 0.05°
//! (300 × 150 from 100°E, 30°N) whose edges are densified to 55 points each, about 10 million
//! vertices — the size of the national control-unit layer. Neighbouring cells share their
//! densified edges exactly, as real tilings do.
//!
//! Run: `cargo bench --bench query` (criterion prints medians; sample sizes are kept small for a
//! 2-core machine).

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};
use geo::{Coord, Geometry, LineString, Polygon};
use zonecheck::crs::{Crs, CrsInfo, CrsOrigin};
use zonecheck::index::{IndexedLayer, LayerIndex};
use zonecheck::model::role::detect_role;
use zonecheck::model::{Feature, GeometryKind, Layer, SourceFormat};
use zonecheck::query::{features_at, features_at_many, features_within, overlay};

const COLS: usize = 300;
const ROWS: usize = 150;
const CELL_DEG: f64 = 0.05;
const POINTS_PER_EDGE: usize = 55;
const LON0: f64 = 100.0;
const LAT0: f64 = 30.0;

/// One densified grid cell (counter-clockwise, closed).
fn cell(col: usize, row: usize) -> Polygon<f64> {
    let (x0, y0) = (LON0 + col as f64 * CELL_DEG, LAT0 + row as f64 * CELL_DEG);
    let corners = [
        (x0, y0),
        (x0 + CELL_DEG, y0),
        (x0 + CELL_DEG, y0 + CELL_DEG),
        (x0, y0 + CELL_DEG),
    ];
    let mut pts = Vec::with_capacity(4 * POINTS_PER_EDGE + 1);
    for k in 0..4 {
        let (a, b) = (corners[k], corners[(k + 1) % 4]);
        for i in 0..POINTS_PER_EDGE {
            let t = i as f64 / POINTS_PER_EDGE as f64;
            pts.push((a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t));
        }
    }
    pts.push(pts[0]);
    Polygon::new(LineString::from(pts), vec![])
}

fn grid_layer() -> Layer {
    let features: Vec<Feature> = (0..ROWS)
        .flat_map(|row| (0..COLS).map(move |col| (col, row)))
        .map(|(col, row)| Feature {
            geometry: Some(Geometry::Polygon(cell(col, row))),
            attributes: Vec::new(),
        })
        .collect();
    Layer {
        name: "grid".into(),
        path: PathBuf::from("grid.shp"),
        member: None,
        dataset: None,
        format: SourceFormat::Shapefile,
        geometry_kind: GeometryKind::Polygon,
        source_geometry_type: "Polygon".into(),
        fields: Vec::new(),
        features,
        crs: CrsInfo {
            crs: Crs::cgcs2000(),
            origin: CrsOrigin::Stated,
        },
        encoding: None,
        role: detect_role(&[], GeometryKind::Polygon, "grid"),
        warnings: Vec::new(),
    }
}

/// `n` deterministic pseudo-random points over the grid (64-bit LCG).
fn points(n: usize) -> Vec<Coord<f64>> {
    let mut s: u64 = 12345;
    let mut next = move || {
        s = s
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (s >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..n)
        .map(|_| Coord {
            x: LON0 + next() * COLS as f64 * CELL_DEG,
            y: LAT0 + next() * ROWS as f64 * CELL_DEG,
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let layer = grid_layer();
    eprintln!(
        "grid layer: {} polygons, {} vertices",
        layer.features.len(),
        layer.vertex_count()
    );
    let mut g = c.benchmark_group("query");
    g.sample_size(10);
    g.bench_function("index_build_45k_polygons_10m_vertices", |b| {
        b.iter(|| black_box(LayerIndex::build(black_box(&layer))))
    });
    let indexed = IndexedLayer::new(layer);
    let pts = points(100_000);
    let mut i = 0usize;
    g.bench_function("point_query", |b| {
        b.iter(|| {
            i = (i + 1) % pts.len();
            black_box(features_at(&indexed, black_box(pts[i])))
        })
    });
    g.bench_function("point_query_batch_100k", |b| {
        b.iter(|| black_box(features_at_many(&indexed, black_box(&pts))))
    });
    // A 0.1° × 0.08° site (about 9 × 9 km) across a dozen cells, 1 km search radius.
    let site = Geometry::Polygon(Polygon::new(
        LineString::from(vec![
            (105.012, 33.013),
            (105.112, 33.013),
            (105.112, 33.093),
            (105.012, 33.093),
        ]),
        vec![],
    ));
    let layers = [indexed];
    g.bench_function("overlay_site_12_cells_radius_1km", |b| {
        b.iter(|| black_box(overlay(&layers, black_box(&site), 1_000.0)))
    });
    let p = Geometry::Point(geo::Point::new(105.0123, 33.0456));
    g.bench_function("features_within_point_5km", |b| {
        b.iter(|| black_box(features_within(&layers[0], black_box(&p), 5_000.0)))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
