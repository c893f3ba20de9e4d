//! Generates a national-scale synthetic control-unit layer for benchmarks: a jittered grid of
//! cells over China's extent (73–135°E, 18–53°N) whose edges wiggle, shared exactly between
//! neighbours (each edge is drawn once and reused reversed), so the cells tile the extent.
//! Written as a shapefile in EPSG:4490 with a GBK DBF, plus `points_100k.csv` of query points.
//! Not committed (OUT_DIR defaults to the git-ignored `bench_data/`). Deterministic.
//!
//! Run: `cargo run --release --example make_national -- [OUT_DIR] [--units 45000] [--vertices 10000000]`

#[allow(dead_code)]
#[path = "sample/dbf.rs"]
mod dbf;
#[path = "sample/prng.rs"]
mod prng;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use rayon::prelude::*;
use shapefile::{Point, Polygon, PolygonRing, ShapeWriter};

use dbf::{DbfField, DbfValue};
use prng::{Prng, keyed};

const LON_MIN: f64 = 73.0;
const LON_MAX: f64 = 135.0;
const LAT_MIN: f64 = 18.0;
const LAT_MAX: f64 = 53.0;
/// Corner jitter as a share of the cell size.
const JITTER: f64 = 0.15;
/// Wiggle amplitude scale: term k of an edge's sine series has amplitude <= WIGGLE / k² of the
/// edge length, which keeps the slope under ~20° so cells stay simple polygons.
const WIGGLE: f64 = 0.03;
const SEED: u64 = 0x2024_4460_4000;
/// How many query points to write.
const POINTS: usize = 100_000;

/// ESRI WKT of EPSG:4490, from pyproj 3.7.2 (`to_wkt(WktVersion.WKT1_ESRI)`).
const PRJ_EPSG_4490: &str = r#"GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]"#;

/// GB/T 2260 province codes and names.
const PROVINCES: [(&str, &str); 31] = [
    ("11", "北京市"),
    ("12", "天津市"),
    ("13", "河北省"),
    ("14", "山西省"),
    ("15", "内蒙古自治区"),
    ("21", "辽宁省"),
    ("22", "吉林省"),
    ("23", "黑龙江省"),
    ("31", "上海市"),
    ("32", "江苏省"),
    ("33", "浙江省"),
    ("34", "安徽省"),
    ("35", "福建省"),
    ("36", "江西省"),
    ("37", "山东省"),
    ("41", "河南省"),
    ("42", "湖北省"),
    ("43", "湖南省"),
    ("44", "广东省"),
    ("45", "广西壮族自治区"),
    ("46", "海南省"),
    ("50", "重庆市"),
    ("51", "四川省"),
    ("52", "贵州省"),
    ("53", "云南省"),
    ("54", "西藏自治区"),
    ("61", "陕西省"),
    ("62", "甘肃省"),
    ("63", "青海省"),
    ("64", "宁夏回族自治区"),
    ("65", "新疆维吾尔自治区"),
];

struct Args {
    out_dir: PathBuf,
    units: usize,
    vertices: usize,
}

fn parse_args() -> Result<Args> {
    let mut args = Args {
        out_dir: PathBuf::from("bench_data"),
        units: 45_000,
        vertices: 10_000_000,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--units" => args.units = it.next().context("--units needs a number")?.parse()?,
            "--vertices" => {
                args.vertices = it.next().context("--vertices needs a number")?.parse()?
            }
            s if s.starts_with("--") => bail!("unknown option {s}"),
            s => args.out_dir = PathBuf::from(s),
        }
    }
    if args.units < 4 {
        bail!("--units must be at least 4");
    }
    Ok(args)
}

/// The grid: corner positions and the densified shared edges.
struct Grid {
    cols: usize,
    rows: usize,
    /// Horizontal edges, row r (0..=rows) and column c (0..cols), west to east.
    horizontal: Vec<Vec<Point>>,
    /// Vertical edges, row r (0..rows) and column c (0..=cols), south to north.
    vertical: Vec<Vec<Point>>,
}

impl Grid {
    fn build(units: usize, vertices: usize) -> Grid {
        let aspect = (LON_MAX - LON_MIN) / (LAT_MAX - LAT_MIN);
        let rows = ((units as f64 / aspect).sqrt().round() as usize).max(2);
        let cols = (units as f64 / rows as f64).round().max(2.0) as usize;
        let cells = rows * cols;
        // A cell ring has 4 edges of `segments` segments plus the closing point.
        let segments = (vertices.saturating_sub(cells) as f64 / (4.0 * cells as f64))
            .ceil()
            .max(1.0) as usize;
        let (dx, dy) = (
            (LON_MAX - LON_MIN) / cols as f64,
            (LAT_MAX - LAT_MIN) / rows as f64,
        );
        let corner = |c: usize, r: usize| -> Point {
            let mut p = keyed(SEED, (r * (cols + 1) + c) as u64);
            let jx = if c == 0 || c == cols {
                0.0
            } else {
                p.range(-JITTER, JITTER) * dx
            };
            let jy = if r == 0 || r == rows {
                0.0
            } else {
                p.range(-JITTER, JITTER) * dy
            };
            Point::new(LON_MIN + c as f64 * dx + jx, LAT_MIN + r as f64 * dy + jy)
        };
        let horizontal = (0..(rows + 1) * cols)
            .into_par_iter()
            .map(|i| {
                let (r, c) = (i / cols, i % cols);
                let border = r == 0 || r == rows;
                edge(
                    corner(c, r),
                    corner(c + 1, r),
                    segments,
                    (1 << 40) + i as u64,
                    border,
                )
            })
            .collect();
        let vertical = (0..rows * (cols + 1))
            .into_par_iter()
            .map(|i| {
                let (r, c) = (i / (cols + 1), i % (cols + 1));
                let border = c == 0 || c == cols;
                edge(
                    corner(c, r),
                    corner(c, r + 1),
                    segments,
                    (2 << 40) + i as u64,
                    border,
                )
            })
            .collect();
        Grid {
            cols,
            rows,
            horizontal,
            vertical,
        }
    }

    /// The clockwise ring of cell (r, c): north edge west→east, east edge north→south, south
    /// edge east→west, west edge south→north.
    fn ring(&self, r: usize, c: usize) -> Vec<Point> {
        let north = &self.horizontal[(r + 1) * self.cols + c];
        let east = &self.vertical[r * (self.cols + 1) + c + 1];
        let south = &self.horizontal[r * self.cols + c];
        let west = &self.vertical[r * (self.cols + 1) + c];
        let mut ring = Vec::with_capacity(4 * north.len());
        ring.extend_from_slice(&north[..north.len() - 1]);
        ring.extend(east.iter().rev().take(east.len() - 1));
        ring.extend(south.iter().rev().take(south.len() - 1));
        ring.extend_from_slice(west);
        ring
    }
}

/// An edge from `a` to `b` with `segments` segments, displaced sideways by a random sine series
/// (zero at both ends, so edges meet at the corners); straight on the extent's border.
fn edge(a: Point, b: Point, segments: usize, key: u64, border: bool) -> Vec<Point> {
    let (ex, ey) = (b.x - a.x, b.y - a.y);
    let terms: Vec<(f64, f64)> = if border {
        vec![]
    } else {
        let mut p = keyed(SEED, key);
        let k_max = (segments / 2).clamp(1, 24);
        (1..=k_max)
            .map(|k| (k as f64, WIGGLE * p.range(-1.0, 1.0) / (k * k) as f64))
            .collect()
    };
    (0..=segments)
        .map(|i| {
            let t = i as f64 / segments as f64;
            let d: f64 = terms
                .iter()
                .map(|(k, amp)| amp * (k * std::f64::consts::PI * t).sin())
                .sum();
            // Normal (-ey, ex) scaled by d: displacement is d times the edge length.
            Point::new(a.x + t * ex - d * ey, a.y + t * ey + d * ex)
        })
        .collect()
}

const FIELDS: [DbfField; 11] = [
    DbfField::text("HJGKDYBM", 20),
    DbfField::text("HJGKDYMC", 100),
    DbfField::text("ZHGKDYFL", 2),
    DbfField::text("GKDYLB", 20),
    DbfField::text("SHENG", 30),
    DbfField::text("SHI", 30),
    DbfField::text("XIAN", 30),
    DbfField::text("KJBJYS", 120),
    DbfField::text("PWWPFGK", 120),
    DbfField::text("HJFXFK", 120),
    DbfField::text("ZYKFXLYQ", 120),
];

const REQUIREMENTS: [[&str; 4]; 3] = [
    [
        "禁止开发性、生产性建设活动，严格保护生态功能。",
        "禁止新设排污口。",
        "防范生态破坏和外来物种入侵。",
        "严格控制地下水开采。",
    ],
    [
        "新建项目应符合园区规划和规划环评要求；禁止新建化工、电镀项目。",
        "实行主要污染物排放总量控制。",
        "涉危企业编制突发环境事件应急预案。",
        "工业用水重复利用率不低于90%。",
    ],
    [
        "新建工业项目原则上进入工业园区。",
        "推进农村生活污水和垃圾治理。",
        "加强农用地土壤环境质量监测。",
        "推广高效节水灌溉。",
    ],
];

/// The attribute record of cell (r, c): administrative codes from the cell's block, a category
/// drawn with the national shares (54 / 14 / 32 %).
fn record(
    grid: &Grid,
    r: usize,
    c: usize,
    serials: &mut std::collections::HashMap<String, u32>,
) -> Vec<DbfValue> {
    let (bc, br) = (6, 5);
    let block = (c * bc / grid.cols) * br + (r * br / grid.rows);
    let (pcode, pname) = PROVINCES[block % PROVINCES.len()];
    let (pc, pr) = (c % (grid.cols / bc).max(1), r % (grid.rows / br).max(1));
    let city = (pc / 10) * 10 + pr / 10 + 1;
    let county = (pc % 10 / 3) * 4 + (pr % 10 / 3) + 1;
    let county_code = format!("{pcode}{:02}{:02}", city % 100, county % 100);
    let mut p = keyed(SEED ^ 0xCA7, (r * grid.cols + c) as u64);
    let u = p.unit();
    let category = if u < 0.54 {
        1
    } else if u < 0.68 {
        2
    } else {
        3
    };
    let label = ["优先保护单元", "重点管控单元", "一般管控单元"][category - 1];
    let serial = serials
        .entry(format!("{county_code}{category}"))
        .or_insert(0);
    *serial += 1;
    let xian = format!("示例县{county_code}");
    let req = REQUIREMENTS[category - 1];
    vec![
        format!("ZH{county_code}{category}{:04}", serial).into(),
        format!("{xian}{label}{serial}").into(),
        category.to_string().into(),
        label.into(),
        pname.into(),
        format!("示例市{pcode}{:02}", city % 100).into(),
        xian.into(),
        req[0].into(),
        req[1].into(),
        req[2].into(),
        req[3].into(),
    ]
}

fn write_layer(dir: &Path, grid: &Grid) -> Result<(usize, usize)> {
    let shp = dir.join("全国环境管控单元_合成.shp");
    let mut writer = ShapeWriter::from_path(&shp).with_context(|| format!("{}", shp.display()))?;
    let mut records = Vec::with_capacity(grid.rows * grid.cols);
    let mut serials = std::collections::HashMap::new();
    let mut vertex_count = 0;
    for r in 0..grid.rows {
        for c in 0..grid.cols {
            let ring = grid.ring(r, c);
            vertex_count += ring.len();
            writer.write_shape(&Polygon::with_rings(vec![PolygonRing::Outer(ring)]))?;
            records.push(record(grid, r, c, &mut serials));
        }
    }
    writer.finalize()?;
    drop(writer);
    dbf::write_dbf(&shp.with_extension("dbf"), &FIELDS, &records)?;
    std::fs::write(shp.with_extension("cpg"), "GBK")?;
    std::fs::write(shp.with_extension("prj"), PRJ_EPSG_4490)?;
    Ok((records.len(), vertex_count))
}

fn write_points(dir: &Path) -> Result<()> {
    let path = dir.join("points_100k.csv");
    let mut out = std::io::BufWriter::new(
        std::fs::File::create(&path).with_context(|| format!("{}", path.display()))?,
    );
    writeln!(out, "id,lon,lat")?;
    let mut p = Prng::new(SEED ^ 0x9017);
    for id in 1..=POINTS {
        let lon = p.range(LON_MIN, LON_MAX);
        let lat = p.range(LAT_MIN, LAT_MAX);
        writeln!(out, "{id},{lon:.6},{lat:.6}")?;
    }
    out.flush()?;
    Ok(())
}

fn main() -> Result<()> {
    let args = parse_args()?;
    let started = Instant::now();
    std::fs::create_dir_all(&args.out_dir)
        .with_context(|| format!("{}", args.out_dir.display()))?;
    let grid = Grid::build(args.units, args.vertices);
    let (units, vertices) = write_layer(&args.out_dir, &grid)?;
    write_points(&args.out_dir)?;
    println!(
        "{}: {units} units ({} x {} grid), {vertices} vertices, {POINTS} points, {:.1} s",
        args.out_dir.display(),
        grid.cols,
        grid.rows,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
