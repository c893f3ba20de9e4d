//! Opening large layers in the real app state, headlessly, against the CLI in the same run:
//! time to the first drawable map, to every layer drawable, to full refinement, the first
//! frame's CPU work, and peak memory (VmHWM) — each against the CLI's own opening
//! (`Workspace::open`: read + index) of the same files. Then the engine's whole
//! `zonecheck query` national run against the shapely 2 reference (`benches/reference/`),
//! time and peak RSS, with the RSS against the layer's coordinate bytes.
//!
//! Every measurement runs in a fresh process (this binary re-run with `--child`, or the
//! `zonecheck` binary and python under `/usr/bin/time`), so one's memory never counts for
//! another; the rounds alternate, so all see the same machine load.
//!
//! A bench binary rather than criterion: one-shot loads of a second and peak memory are not what
//! criterion samples. Run: `cargo bench --bench app_load` after
//! `cargo run --release --example make_national -- --units 40000 --vertices 4400000`;
//! `APP_LOAD_LAYERS=a.shp:b.shp` opens other layers (several = several layers shown);
//! `ZONECHECK_SHAPELY_PYTHON=/path/to/venv/bin/python` runs the shapely reference (needs shapely,
//! pyshp, numpy); `APP_LOAD_ROUNDS` (default 3).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use zonecheck::ui::ZoneCheckApp;
use zonecheck::ui::map::draw::{DrawStats, LayerPaint, layer_shapes, outline_budget_share};
use zonecheck::workspace::Workspace;
use zonecheck::workspace::open::OpenOptions;

const NATIONAL: &str = "bench_data/全国环境管控单元_合成.shp";
const POINTS: &str = "bench_data/points_100k.csv";

/// The process's peak resident set (VmHWM) in MB.
fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// The CLI's opening: read + index every layer, as `zonecheck query`/`check` do.
fn child_cli(paths: &[PathBuf]) {
    let t = Instant::now();
    let ws = Workspace::open(paths, &OpenOptions::default()).expect("layers open");
    let open_s = t.elapsed().as_secs_f64();
    let vertices: usize = ws.layers.iter().map(|l| l.layer.vertex_count()).sum();
    let peak = peak_rss_mb();
    // What the app adds before its first picture, alone: the coarse levels of every layer.
    let t = Instant::now();
    for l in &ws.layers {
        std::hint::black_box(zonecheck::ui::map::mesh::LayerMesh::new(l.clone()));
    }
    let coarse_s = t.elapsed().as_secs_f64();
    println!("RESULT open_s={open_s} coarse_s={coarse_s} vertices={vertices} peak_mb={peak}");
}

/// The app's opening, as the window does it (the loader thread, the state taking in events),
/// polled every millisecond; then one full-extent frame of every layer.
fn child_app(paths: &[PathBuf]) {
    let t = Instant::now();
    let mut app = ZoneCheckApp::new(paths.to_vec());
    let state = &mut app.state;
    let poll = Duration::from_millis(1);
    while state.layers.is_empty() && state.is_loading() {
        std::thread::sleep(poll);
        state.poll_loader();
    }
    let first_s = t.elapsed().as_secs_f64();
    while state.is_loading() {
        std::thread::sleep(poll);
        state.poll_loader();
    }
    let all_s = t.elapsed().as_secs_f64();
    let peak_drawable = peak_rss_mb();
    // The map canvas of a 1280×800 window between the side panels.
    let canvas = egui::Rect::from_min_size(egui::pos2(280.0, 40.0), egui::vec2(660.0, 720.0));
    state.canvas = Some(canvas);
    state.zoom_to_extent();
    let frame = |state: &zonecheck::ui::state::AppState| {
        let t = Instant::now();
        let mut shapes = Vec::new();
        let mut stats = DrawStats::default();
        for l in &state.layers {
            let paint = LayerPaint {
                mesh: l.ready.mesh.level_for(state.view.px_per_deg),
                style: &l.ready.style,
                opacity: l.opacity,
                hatch: None,
                hidden: &[],
                outline_budget: outline_budget_share(state.layers.len()),
            };
            stats += layer_shapes(&state.view, canvas, &paint, &mut shapes);
        }
        std::hint::black_box(shapes);
        (t.elapsed().as_secs_f64(), stats)
    };
    let (first_frame_s, stats) = frame(state);
    while !state.loads_idle() {
        std::thread::sleep(poll);
        state.poll_loader();
    }
    let refined_s = t.elapsed().as_secs_f64();
    let (refined_frame_s, _) = frame(state);
    let failed = state
        .messages
        .iter()
        .filter(|m| m.level == zonecheck::ui::state::Level::Error)
        .count();
    println!(
        "RESULT first_s={first_s} all_s={all_s} refined_s={refined_s} first_frame_s={first_frame_s} \
         refined_frame_s={refined_frame_s} triangles={} peak_drawable_mb={peak_drawable} peak_mb={} \
         layers={} errors={failed}",
        stats.triangles,
        peak_rss_mb(),
        state.layers.len()
    );
}

/// `key=value` pairs of a child's RESULT line.
fn parse(out: &str) -> Vec<(String, f64)> {
    out.lines()
        .find_map(|l| l.strip_prefix("RESULT "))
        .unwrap_or_default()
        .split_whitespace()
        .filter_map(|kv| {
            let (k, v) = kv.split_once('=')?;
            Some((k.to_string(), v.parse().ok()?))
        })
        .collect()
}

fn get(r: &[(String, f64)], key: &str) -> f64 {
    r.iter()
        .find(|(k, _)| k == key)
        .map_or(f64::NAN, |(_, v)| *v)
}

fn run_child(mode: &str, paths: &[PathBuf]) -> Vec<(String, f64)> {
    let exe = std::env::current_exe().expect("own path");
    let out = Command::new(exe)
        .arg("--child")
        .arg(mode)
        .args(paths)
        .output()
        .expect("child runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let r = parse(&text);
    assert!(
        !r.is_empty(),
        "child {mode} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    r
}

/// Runs `cmd` under `/usr/bin/time`, output to /dev/null: (wall seconds, peak RSS MB).
fn timed(cmd: &mut Command) -> Option<(f64, f64)> {
    let program = cmd.get_program().to_owned();
    let args: Vec<_> = cmd.get_args().map(|a| a.to_owned()).collect();
    let out = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("TIME %e %M")
        .arg(program)
        .args(args)
        .stdout(std::process::Stdio::null())
        .output()
        .ok()?;
    if !out.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&out.stderr));
        return None;
    }
    let err = String::from_utf8_lossy(&out.stderr);
    let line = err.lines().rev().find_map(|l| l.strip_prefix("TIME "))?;
    let mut it = line.split_whitespace();
    let secs: f64 = it.next()?.parse().ok()?;
    let kb: f64 = it.next()?.parse().ok()?;
    Some((secs, kb / 1024.0))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--child") {
        let paths: Vec<PathBuf> = args[i + 2..].iter().map(PathBuf::from).collect();
        match args[i + 1].as_str() {
            "cli" => child_cli(&paths),
            _ => child_app(&paths),
        }
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let paths: Vec<PathBuf> = match std::env::var("APP_LOAD_LAYERS") {
        Ok(v) => v.split(':').map(|p| root.join(p)).collect(),
        Err(_) => vec![root.join(NATIONAL)],
    };
    if let Some(missing) = paths.iter().find(|p| !p.exists()) {
        println!(
            "app_load bench skipped: {} missing; run `cargo run --release --example make_national -- --units 40000 --vertices 4400000` first",
            missing.display()
        );
        return;
    }
    let rounds: usize = std::env::var("APP_LOAD_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3);
    let (mut cli, mut app) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        cli.push(run_child("cli", &paths));
        app.push(run_child("app", &paths));
    }
    let col = |rs: &[Vec<(String, f64)>], k: &str| median(rs.iter().map(|r| get(r, k)).collect());
    let (open_s, cli_mb) = (col(&cli, "open_s"), col(&cli, "peak_mb"));
    let vertices = col(&cli, "vertices");
    let coord_mb = vertices * 16.0 / (1024.0 * 1024.0);
    println!(
        "{} layer(s), {vertices:.0} vertices ({coord_mb:.0} MB of coordinates); medians of {rounds} rounds",
        paths.len()
    );
    println!("| measure | app | CLI (Workspace::open) | ratio |");
    println!("|---|---|---|---|");
    let row = |what: &str, a: f64, unit: &str, reference: f64| {
        println!(
            "| {what} | {a:.3} {unit} | {reference:.3} {unit} | {:.2}× |",
            a / reference
        );
    };
    row(
        "coarse levels alone (LayerMesh::new, in the CLI child)",
        col(&cli, "coarse_s"),
        "s",
        open_s,
    );
    row("first layer drawable", col(&app, "first_s"), "s", open_s);
    row("every layer drawable", col(&app, "all_s"), "s", open_s);
    row("every level refined", col(&app, "refined_s"), "s", open_s);
    println!(
        "| first frame's shapes, full extent (coarse level) | {:.2} ms | | |",
        col(&app, "first_frame_s") * 1e3
    );
    println!(
        "| frame's shapes, full extent, refined | {:.2} ms | | |",
        col(&app, "refined_frame_s") * 1e3
    );
    row(
        "peak RSS once drawable",
        col(&app, "peak_drawable_mb"),
        "MB",
        cli_mb,
    );
    row("peak RSS, refined", col(&app, "peak_mb"), "MB", cli_mb);
    if col(&app, "errors") > 0.0 || col(&app, "layers") < 1.0 {
        println!("warning: the app reported load errors");
    }

    let points = root.join(POINTS);
    let zonecheck = Path::new(env!("CARGO_BIN_EXE_zonecheck"));
    if paths.len() != 1 || !points.exists() {
        return;
    }
    let python = std::env::var("ZONECHECK_SHAPELY_PYTHON").unwrap_or_else(|_| "python3".into());
    let script = root.join("benches/reference/shapely_query.py");
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..rounds.max(3) {
        ours.extend(timed(
            Command::new(zonecheck)
                .arg("query")
                .arg(&paths[0])
                .arg("--points")
                .arg(&points)
                .arg("--json"),
        ));
        theirs.extend(timed(
            Command::new(&python)
                .arg(&script)
                .arg(&paths[0])
                .arg(&points),
        ));
    }
    if ours.is_empty() {
        println!("zonecheck query did not run");
        return;
    }
    let (q_s, q_mb) = (
        median(ours.iter().map(|r| r.0).collect()),
        median(ours.iter().map(|r| r.1).collect()),
    );
    println!();
    println!("| `zonecheck query` 100k points, JSON Lines | time | peak RSS |");
    println!("|---|---|---|");
    println!(
        "| zonecheck | {q_s:.3} s | {q_mb:.0} MB ({:.2}× the {coord_mb:.0} MB of coordinates) |",
        q_mb / coord_mb
    );
    if theirs.is_empty() {
        println!(
            "| shapely 2 STRtree | not run (set ZONECHECK_SHAPELY_PYTHON to a python with shapely, pyshp, numpy) | |"
        );
        return;
    }
    let (s_s, s_mb) = (
        median(theirs.iter().map(|r| r.0).collect()),
        median(theirs.iter().map(|r| r.1).collect()),
    );
    println!("| shapely 2 STRtree | {s_s:.3} s | {s_mb:.0} MB |");
    println!("| ratio | {:.3}× | {:.2}× |", q_s / s_s, q_mb / s_mb);
    println!(
        "| app peak RSS (refined) against this run | {:.2}× | |",
        col(&app, "peak_mb") / q_mb
    );
}
