//! Many sites and two zoning versions on the generated national layer (`bench_data/`, made by
//! `cargo run --release --example make_national`): `batch` of 10,000 random sites of 1–50 ha
//! (ms per site, parallel over sites, against one `site_report` alone), and `diff` of two
//! versions of the layer with 10 % of the units changed.
//!
//! It also writes `bench_data/sites_10k.geojson` and `bench_data/site_one.geojson` so the real
//! binary can be timed the same way (`/usr/bin/time -v zonecheck batch … --json > /dev/null`
//! against `zonecheck check … --site site_one.geojson`): wall time and peak RSS, as README says.
//!
//! A bench binary rather than criterion: one load of the layer takes about a second, and the
//! figures wanted (per-site time of one run of 10,000, a one-shot diff) are not criterion samples.
//! Run: `cargo build --release --bench batch` then `target/release/deps/batch-*` (or `cargo bench
//! --bench batch`); skips with a note when the data is missing.

#[path = "../examples/sample/prng.rs"]
mod prng;

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use geo::{Centroid, Coord, Geometry, LineString, MultiPolygon, Polygon};
use zonecheck::index::IndexedLayer;
use zonecheck::present::Lang;
use zonecheck::query::area_ellipsoidal_m2;
use zonecheck::workspace::batch::{answer_sites, read_sites};
use zonecheck::workspace::diff::diff_zoning;
use zonecheck::workspace::{OpenOptions, SiteQuestion, Workspace, site_report};

const LAYER: &str = "bench_data/全国环境管控单元_合成.shp";
const SITES: &str = "bench_data/sites_10k.geojson";
const ONE_SITE: &str = "bench_data/site_one.geojson";
const SITE_COUNT: usize = 10_000;
const SEED: u64 = 0x13_BA7C4;

/// A random polygon of `area_ha` hectares (a jittered 5–10-gon) around `centre`.
fn random_site(p: &mut prng::Prng, centre: Coord<f64>, area_ha: f64) -> Polygon<f64> {
    let n = 5 + (p.unit() * 6.0) as usize;
    let radii: Vec<f64> = (0..n).map(|_| p.range(0.7, 1.0)).collect();
    // A regular n-gon of circumradius r has area n/2 · r² · sin(2π/n); the jitter is rescaled below.
    let mean_sq = radii.iter().map(|r| r * r).sum::<f64>() / n as f64;
    let r_m = (area_ha * 1e4
        / (n as f64 / 2.0 * (std::f64::consts::TAU / n as f64).sin() * mean_sq))
        .sqrt();
    let m_per_deg_lat = 111_320.0;
    let m_per_deg_lon = m_per_deg_lat * centre.y.to_radians().cos();
    let mut ring: Vec<Coord<f64>> = (0..n)
        .map(|i| {
            let a = std::f64::consts::TAU * i as f64 / n as f64;
            Coord {
                x: centre.x + radii[i] * r_m * a.cos() / m_per_deg_lon,
                y: centre.y + radii[i] * r_m * a.sin() / m_per_deg_lat,
            }
        })
        .collect();
    ring.push(ring[0]);
    Polygon::new(LineString(ring), vec![])
}

fn polygon_json(poly: &Polygon<f64>) -> String {
    let coords: Vec<String> = poly
        .exterior()
        .0
        .iter()
        .map(|c| format!("[{:.7},{:.7}]", c.x, c.y))
        .collect();
    format!(
        r#"{{"type":"Polygon","coordinates":[[{}]]}}"#,
        coords.join(",")
    )
}

/// Writes the 10,000 sites (and the first alone) and returns their areas in hectares.
fn write_sites(root: &Path) -> Vec<f64> {
    let mut p = prng::Prng::new(SEED);
    let mut features = Vec::with_capacity(SITE_COUNT);
    let mut areas_ha = Vec::with_capacity(SITE_COUNT);
    let mut first = String::new();
    for i in 0..SITE_COUNT {
        // Inside the tiled extent (73–135°E, 18–53°N) with a margin.
        let centre = Coord {
            x: p.range(75.0, 133.0),
            y: p.range(20.0, 51.0),
        };
        let area_ha = p.range(1.0, 50.0);
        let poly = random_site(&mut p, centre, area_ha);
        areas_ha.push(area_ellipsoidal_m2(&MultiPolygon(vec![poly.clone()])) / 1e4);
        let geometry = polygon_json(&poly);
        if i == 0 {
            first = geometry.clone();
        }
        features.push(format!(
            r#"{{"type":"Feature","properties":{{"DKBH":"BENCH-{:05}"}},"geometry":{geometry}}}"#,
            i + 1
        ));
    }
    let fc = format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",\n")
    );
    std::fs::write(root.join(SITES), fc).expect("write sites");
    std::fs::write(root.join(ONE_SITE), first).expect("write one site");
    areas_ha
}

/// The new version: every 10th unit shrunk by 2 % about its centroid (a boundary change).
fn changed_version(old: &Workspace) -> (Workspace, usize) {
    let mut layer = old.layers[0].layer.clone();
    let mut changed = 0;
    for (fid, f) in layer.features.iter_mut().enumerate() {
        if fid % 10 != 0 {
            continue;
        }
        let Some(Geometry::Polygon(poly)) = &f.geometry else {
            continue;
        };
        let Some(c) = poly.centroid() else { continue };
        let shrink = |ls: &LineString<f64>| {
            LineString(
                ls.0.iter()
                    .map(|p| Coord {
                        x: c.x() + (p.x - c.x()) * 0.98,
                        y: c.y() + (p.y - c.y()) * 0.98,
                    })
                    .collect(),
            )
        };
        let new = Polygon::new(
            shrink(poly.exterior()),
            poly.interiors().iter().map(shrink).collect(),
        );
        f.geometry = Some(Geometry::Polygon(new));
        changed += 1;
    }
    let ws = Workspace::new(
        old.project.clone(),
        None,
        vec![Arc::new(IndexedLayer::new(layer))],
        old.access.clone(),
    );
    (ws, changed)
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let layer_path = root.join(LAYER);
    if !layer_path.exists() {
        println!(
            "batch bench skipped: {} missing; run `cargo run --release --example make_national` first",
            layer_path.display()
        );
        return;
    }
    let areas = write_sites(root);
    let (min_ha, max_ha) = areas
        .iter()
        .fold((f64::MAX, 0.0f64), |(lo, hi), &a| (lo.min(a), hi.max(a)));

    let t = Instant::now();
    let ws = Workspace::open(&[PathBuf::from(&layer_path)], &OpenOptions::default())
        .expect("the national layer opens");
    let open_s = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let sites = read_sites(&root.join(SITES), &Default::default()).expect("sites read");
    let read_s = t.elapsed().as_secs_f64();
    let question = SiteQuestion {
        radius_m: 1000.0,
        industry: None,
        lang: Lang::Zh,
    };

    // The reference: the same sites one after another on one thread, first 500.
    let sample = 500;
    let t = Instant::now();
    for s in sites.sites.iter().take(sample) {
        let site = s.site.as_ref().expect("generated sites are readable");
        std::hint::black_box(site_report(&ws, site, &question).expect("answer"));
    }
    let one_by_one_ms = t.elapsed().as_secs_f64() * 1e3 / sample as f64;

    let t = Instant::now();
    let mut failed = 0;
    let mut overlaps = 0usize;
    let done = answer_sites(&ws, &sites.sites, &question, |_, answer| {
        match answer {
            Ok(r) => overlaps += r.units.len(),
            Err(_) => failed += 1,
        }
        ControlFlow::Continue(())
    });
    let batch_s = t.elapsed().as_secs_f64();
    let per_site_ms = batch_s * 1e3 / done as f64;

    let t = Instant::now();
    let (new, changed) = changed_version(&ws);
    let build_new_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let diff = diff_zoning(&ws, &new);
    let diff_s = t.elapsed().as_secs_f64();

    let checked = check_against_booleans(&ws, &new, &diff);

    let units = ws.layers[0].layer.features.len();
    println!(
        "national layer: {units} units; {done} sites of {min_ha:.2}–{max_ha:.2} ha ({failed} failed, {overlaps} unit rows); {} threads",
        rayon::current_num_threads()
    );
    println!("| step | time |");
    println!("|---|---|");
    println!("| open the national layer (read + index) | {open_s:.2} s |");
    println!(
        "| read {done} sites from GeoJSON | {:.0} ms |",
        read_s * 1e3
    );
    println!(
        "| site_report one by one, one thread (first {sample}) | {one_by_one_ms:.2} ms per site |"
    );
    println!(
        "| answer_sites, all {done}, parallel | {per_site_ms:.2} ms per site ({batch_s:.2} s; {:.2}× the one-by-one rate) |",
        one_by_one_ms / per_site_ms
    );
    println!(
        "| diff_zoning, {changed} of {units} units changed | {diff_s:.2} s ({} units reported; second version built in {build_new_s:.2} s) |",
        diff.units.len()
    );
    println!(
        "| diff as the CLI does it: 2 × open + diff | {:.2} s (estimated from the figures above) |",
        2.0 * open_s + diff_s
    );
    println!(
        "diff check: {} changed units recomputed with geo's boolean differences; largest gained/lost \
         disagreement {:.2e} of the booleans' figure ({:.3} m² gained and {:.0} m² lost in all)",
        checked.units, checked.worst_share, checked.gained_m2, checked.lost_m2
    );
}

/// How `diff_zoning`'s figures compare with plain boolean differences on a sample of units.
struct Checked {
    units: usize,
    /// The largest |diff − booleans| of gained or lost, as a share of the booleans' figure.
    worst_share: f64,
    gained_m2: f64,
    lost_m2: f64,
}

/// Recomputes gained and lost for every 10th changed unit the plain way (geo's `difference`,
/// then the same ellipsoidal area), independently of the shortcuts `diff_zoning` takes.
fn check_against_booleans(
    old: &Workspace,
    new: &Workspace,
    diff: &zonecheck::workspace::diff::ZoningDiff,
) -> Checked {
    use geo::BooleanOps;
    let by_code = |ws: &Workspace| {
        let layer = &ws.layers[0].layer;
        (0..layer.features.len())
            .filter_map(|fid| {
                let g = layer.features[fid].geometry.as_ref()?;
                let mp = match g {
                    Geometry::Polygon(p) => MultiPolygon(vec![p.clone()]),
                    Geometry::MultiPolygon(mp) => mp.clone(),
                    _ => return None,
                };
                Some((layer.unit_code(fid)?.trim().to_string(), mp))
            })
            .collect::<std::collections::HashMap<_, _>>()
    };
    let (old_units, new_units) = (by_code(old), by_code(new));
    let mut checked = Checked {
        units: 0,
        worst_share: 0.0,
        gained_m2: 0.0,
        lost_m2: 0.0,
    };
    for u in diff.units.iter().step_by(10) {
        let (Some(o), Some(n)) = (old_units.get(&u.code), new_units.get(&u.code)) else {
            continue;
        };
        let gained = area_ellipsoidal_m2(&n.difference(o));
        let lost = area_ellipsoidal_m2(&o.difference(n));
        // Relative to the booleans' figure; below 1 m² (nothing, or rounding) absolute in m².
        let off = |ours: f64, theirs: f64| (ours - theirs).abs() / theirs.max(1.0);
        let worst = off(u.area.area_gained_m2, gained).max(off(u.area.area_lost_m2, lost));
        checked.worst_share = checked.worst_share.max(worst);
        checked.units += 1;
    }
    checked.gained_m2 = diff.units.iter().map(|u| u.area.area_gained_m2).sum();
    checked.lost_m2 = diff.units.iter().map(|u| u.area.area_lost_m2).sum();
    checked
}
