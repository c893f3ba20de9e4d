//! Checks the committed sample data set (`sample_data/`) on its own terms, reading the files
//! with the shapefile and dbase crates directly (not through the engine's readers or queries):
//! codes agree with categories, the units of each county tile it, the reserve's zones nest
//! without overlap and add up to the published area, encodings and .prj are what real data has,
//! and the texts fit the DBF limit.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use dbase::FieldValue;
use geo::{Area, BooleanOps, BoundingRect, Coord, Intersects, LineString, MultiPolygon, Polygon};
use shapefile::PolygonRing;

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_data")
        .join(name)
}

/// County areas in m², planar in EPSG:4527, of the cnmaps boundaries after removing the GCJ-02
/// offset. Computed independently of zonecheck: the published GCJ-02 formula written out in
/// Python (inverted by 30 fixed-point steps), pyproj 3.7.2 EPSG:4490 -> EPSG:4527, shapely 2.2
/// `area`, on sample_data/source/cnmaps/*.geojson.
const COUNTY_AREA_M2: [(&str, &str, f64); 11] = [
    ("131102", "桃城区", 604_647_995.0),
    ("131103", "冀州区", 929_761_908.8),
    ("131121", "枣强县", 897_855_491.3),
    ("131122", "武邑县", 829_965_342.4),
    ("131123", "武强县", 439_213_675.6),
    ("131124", "饶阳县", 573_145_551.1),
    ("131125", "安平县", 496_138_254.0),
    ("131126", "故城县", 937_042_091.6),
    ("131127", "景县", 1_188_087_069.7),
    ("131128", "阜城县", 692_154_311.1),
    ("131182", "深州市", 1_248_872_696.3),
];

/// Published area of 衡水湖国家级自然保护区, hectares.
const RESERVE_PUBLISHED_HA: f64 = 18_787.0;

/// Polygons of a shapefile as geo multipolygons (outer rings start a polygon, inner rings are
/// holes of the last one, as ESRI orders them) with their GBK-decoded records.
fn read_layer(name: &str) -> Vec<(MultiPolygon<f64>, dbase::Record)> {
    let shp = sample(name);
    let shapes = shapefile::ShapeReader::from_path(&shp)
        .expect("open .shp")
        .read_as::<shapefile::Polygon>()
        .expect("read polygons");
    let records = dbase::ReaderBuilder::new()
        .with_encoding(dbase::encoding::EncodingRs::from(encoding_rs::GBK))
        .open(shp.with_extension("dbf"))
        .expect("open .dbf")
        .read()
        .expect("read .dbf");
    assert_eq!(
        shapes.len(),
        records.len(),
        "{name}: shape and record counts"
    );
    shapes
        .into_iter()
        .map(|polygon| {
            let mut polys: Vec<Polygon<f64>> = Vec::new();
            for ring in polygon.rings() {
                let ls: LineString<f64> = ring
                    .points()
                    .iter()
                    .map(|p| Coord { x: p.x, y: p.y })
                    .collect();
                match ring {
                    PolygonRing::Outer(_) => polys.push(Polygon::new(ls, vec![])),
                    PolygonRing::Inner(_) => polys
                        .last_mut()
                        .expect("an inner ring follows an outer ring")
                        .interiors_push(ls),
                }
            }
            MultiPolygon::new(polys)
        })
        .zip(records)
        .collect()
}

fn text(record: &dbase::Record, field: &str) -> String {
    match record.get(field) {
        Some(FieldValue::Character(Some(s))) => s.trim().to_string(),
        other => panic!("field {field}: expected text, got {other:?}"),
    }
}

fn number(record: &dbase::Record, field: &str) -> f64 {
    match record.get(field) {
        Some(FieldValue::Numeric(Some(v))) => *v,
        other => panic!("field {field}: expected a number, got {other:?}"),
    }
}

fn gbk_len(s: &str) -> usize {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(s);
    assert!(!unmappable, "{s} is not GBK-encodable");
    bytes.len()
}

#[test]
fn unit_codes_agree_with_category_and_county() {
    let units = read_layer("衡水市环境管控单元.shp");
    assert!((60..=100).contains(&units.len()), "{} units", units.len());
    let counties: BTreeMap<&str, &str> = COUNTY_AREA_M2.iter().map(|(c, n, _)| (*n, *c)).collect();
    let mut per_category = [0usize; 3];
    let mut codes = std::collections::HashSet::new();
    for (_, r) in &units {
        let code = text(r, "HJGKDYBM");
        assert_eq!(code.len(), 13, "{code}");
        assert!(
            code.starts_with("ZH") && code[2..].bytes().all(|b| b.is_ascii_digit()),
            "{code}"
        );
        assert!(codes.insert(code.clone()), "duplicate code {code}");
        let county = text(r, "XIAN");
        assert_eq!(&code[2..8], counties[county.as_str()], "{code} in {county}");
        let category = text(r, "ZHGKDYFL");
        assert_eq!(&code[8..9], category, "{code}: category digit vs ZHGKDYFL");
        let label = text(r, "GKDYLB");
        let name = text(r, "HJGKDYMC");
        let expected = ["优先保护单元", "重点管控单元", "一般管控单元"];
        let index = category.parse::<usize>().expect("digit") - 1;
        assert_eq!(label, expected[index], "{code}");
        assert!(
            name.contains(label.trim_end_matches("单元")),
            "{code} {name} vs {label}"
        );
        assert_eq!(text(r, "SHENG"), "河北省");
        assert_eq!(text(r, "SHI"), "衡水市");
        per_category[index] += 1;
    }
    assert!(per_category.iter().all(|&n| n >= 10), "{per_category:?}");
}

#[test]
fn units_tile_each_county() {
    let units = read_layer("衡水市环境管控单元.shp");
    for (code, name, county_m2) in COUNTY_AREA_M2 {
        let mine: Vec<&MultiPolygon<f64>> = units
            .iter()
            .filter(|(_, r)| text(r, "XIAN") == name)
            .map(|(g, _)| g)
            .collect();
        assert!(mine.len() >= 4, "{name}: {} units", mine.len());
        let sum_m2: f64 = mine.iter().map(|g| g.unsigned_area()).sum();
        let gap = (sum_m2 - county_m2).abs() / county_m2;
        assert!(
            gap < 1e-3,
            "{code} {name}: units {sum_m2} m² vs county {county_m2} m²"
        );
        // No overlaps inside a county: boolean ops leave at most a few m² at shared edges.
        let mut overlap_m2 = 0.0;
        for i in 0..mine.len() {
            for j in i + 1..mine.len() {
                let (a, b) = (mine[i], mine[j]);
                let (ra, rb) = (
                    a.bounding_rect().expect("bbox"),
                    b.bounding_rect().expect("bbox"),
                );
                if ra.intersects(&rb) {
                    let o = a.intersection(b).unsigned_area();
                    assert!(o < 50.0, "{name}: units {i} and {j} overlap by {o} m²");
                    overlap_m2 += o;
                }
            }
        }
        assert!(
            overlap_m2 < 1e-6 * county_m2,
            "{name}: overlaps {overlap_m2} m²"
        );
    }
}

#[test]
fn tricky_units_are_there_hole_filled_and_multipart() {
    let units = read_layer("衡水市环境管控单元.shp");
    let by_name = |n: &str| {
        units
            .iter()
            .find(|(_, r)| text(r, "HJGKDYMC") == n)
            .unwrap_or_else(|| panic!("{n}"))
            .0
            .clone()
    };
    let town = by_name("桃城区城镇生活重点管控单元");
    let holes: Vec<&LineString<f64>> = town.0.iter().flat_map(|p| p.interiors()).collect();
    assert_eq!(holes.len(), 1, "the city-centre unit has one hole");
    let park = by_name("桃城区城市公园优先保护单元");
    let hole_m2 = Polygon::new(holes[0].clone(), vec![]).unsigned_area();
    // The park fills the hole exactly (same vertices), so the areas agree.
    assert!(
        (park.unsigned_area() - hole_m2).abs() < 1.0,
        "{} vs {hole_m2}",
        park.unsigned_area()
    );
    let industry = by_name("冀州区产业集聚重点管控单元");
    assert_eq!(industry.0.len(), 2, "冀州区's industrial unit is two parks");
}

#[test]
fn reserve_zones_nest_and_add_up() {
    let zones = read_layer("衡水湖国家级自然保护区.shp");
    let names: Vec<String> = zones.iter().map(|(_, r)| text(r, "GNQ")).collect();
    assert_eq!(names, ["核心区", "缓冲区", "实验区"]);
    let mut total_m2 = 0.0;
    for (g, r) in &zones {
        assert_eq!(text(r, "BHQMC"), "衡水湖国家级自然保护区");
        assert_eq!(text(r, "JB"), "国家级");
        let area_m2 = g.unsigned_area();
        assert!(
            (number(r, "MJ_HA") - area_m2 / 1e4).abs() < 0.01,
            "MJ_HA of {}",
            text(r, "GNQ")
        );
        total_m2 += area_m2;
    }
    let total_ha = total_m2 / 1e4;
    assert!(
        (total_ha / RESERVE_PUBLISHED_HA - 1.0).abs() < 0.1,
        "{total_ha} ha"
    );
    for i in 0..3 {
        for j in i + 1..3 {
            let o = zones[i].0.intersection(&zones[j].0).unsigned_area();
            assert!(o < 1.0, "zones {i} and {j} overlap by {o} m²");
        }
    }
    // Buffer and experimental zones are rings: each has exactly one hole.
    assert_eq!(zones[1].0.0[0].interiors().len(), 1);
    assert_eq!(zones[2].0.0[0].interiors().len(), 1);
}

#[test]
fn shapefiles_say_gbk_and_cgcs2000_gk_zone_39() {
    for name in [
        "衡水市环境管控单元",
        "衡水湖国家级自然保护区",
        "衡水市生态保护红线",
        "衡水市饮用水水源保护区",
    ] {
        let cpg = std::fs::read_to_string(sample(&format!("{name}.cpg"))).expect("cpg");
        assert_eq!(cpg.trim(), "GBK", "{name}.cpg");
        let dbf = std::fs::read(sample(&format!("{name}.dbf"))).expect("dbf");
        assert_eq!(dbf[29], 0x4D, "{name}.dbf language driver (cp936)");
        let prj = std::fs::read_to_string(sample(&format!("{name}.prj"))).expect("prj");
        assert!(
            prj.starts_with("PROJCS[\"CGCS2000_3_Degree_GK_Zone_39\""),
            "{name}.prj"
        );
        assert!(
            prj.contains("PARAMETER[\"False_Easting\",39500000.0]"),
            "{name}.prj"
        );
        assert!(
            prj.contains("PARAMETER[\"Central_Meridian\",117.0]"),
            "{name}.prj"
        );
    }
    // Zone-prefixed eastings: every unit vertex lies in 39,3xx,xxx–39,5xx,xxx.
    for (g, _) in read_layer("衡水市环境管控单元.shp") {
        let r = g.bounding_rect().expect("bbox");
        assert!(
            r.min().x > 39_300_000.0 && r.max().x < 39_600_000.0,
            "{r:?}"
        );
        assert!(r.min().y > 4_090_000.0 && r.max().y < 4_260_000.0, "{r:?}");
    }
}

#[test]
fn texts_fit_the_dbf_limit_uncut() {
    for (_, r) in read_layer("衡水市环境管控单元.shp") {
        for field in ["KJBJYS", "PWWPFGK", "HJFXFK", "ZYKFXLYQ"] {
            let t = text(&r, field);
            assert!(gbk_len(&t) <= 254, "{field}: {t}");
            // Every text is whole sentences: one cut at 254 bytes would not end in 。
            assert!(t.ends_with('。'), "{field} looks cut: {t}");
        }
    }
    let water = read_layer("衡水市饮用水水源保护区.shp");
    assert_eq!(water.len(), 6);
    for (_, r) in &water {
        assert!(["一级保护区", "二级保护区", "准保护区"].contains(&text(r, "功能类型").as_str()));
        assert!(text(r, "水源地名称").ends_with("水源地"));
        let m = text(r, "管控措施");
        assert!(gbk_len(&m) <= 254 && m.ends_with('。'), "{m}");
    }
    // The zones of each source do not overlap.
    for i in 0..water.len() {
        for j in i + 1..water.len() {
            assert!(
                water[i].0.intersection(&water[j].0).unsigned_area() < 1.0,
                "{i} {j}"
            );
        }
    }
}

#[test]
fn rivers_are_nine_lines_in_epsg_4490() {
    let text = std::fs::read_to_string(sample("衡水市主要河流.geojson")).expect("rivers");
    let v: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(v["crs"]["properties"]["name"], "urn:ogc:def:crs:EPSG::4490");
    let features = v["features"].as_array().expect("features");
    let names: Vec<&str> = features
        .iter()
        .filter_map(|f| f["properties"]["HLMC"].as_str())
        .collect();
    for river in [
        "滏阳河",
        "滏东排河",
        "索泸河",
        "老盐河",
        "清凉江",
        "江江河",
        "卫运河",
        "潴龙河",
        "滹沱河",
    ] {
        assert!(names.contains(&river), "{river} missing");
    }
    for f in features {
        assert_eq!(f["geometry"]["type"], "LineString");
        let coords = f["geometry"]["coordinates"]
            .as_array()
            .expect("coordinates");
        assert!(
            coords.len() >= 20,
            "{}: {} vertices",
            f["properties"]["HLMC"],
            coords.len()
        );
        for c in coords {
            let (lon, lat) = (c[0].as_f64().expect("lon"), c[1].as_f64().expect("lat"));
            assert!(
                (115.0..116.7).contains(&lon) && (36.9..38.5).contains(&lat),
                "{lon},{lat}"
            );
        }
    }
}

#[test]
fn site_b_is_gbk_crlf_exchange_text_with_closed_rings() {
    let bytes = std::fs::read(sample("sites/示例项目B_界址点.txt")).expect("site B");
    let (text, _, bad) = encoding_rs::GBK.decode(&bytes);
    assert!(!bad, "GBK");
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "really GBK, not UTF-8"
    );
    assert!(
        text.contains("\r\n") && !text.replace("\r\n", "").contains('\n'),
        "CRLF only"
    );
    assert!(text.contains("带号=39") && text.contains("坐标系=2000国家大地坐标系"));
    let mut parcels = 0;
    let mut ring: Vec<(f64, f64)> = Vec::new();
    let mut expected_points = 0;
    for line in text
        .split("\r\n")
        .skip_while(|l| *l != "[地块坐标]")
        .skip(1)
    {
        if line.ends_with(",@") {
            parcels += 1;
            expected_points = line
                .split(',')
                .next()
                .and_then(|n| n.parse().ok())
                .expect("count");
            ring.clear();
        } else if line.starts_with('J') {
            let f: Vec<&str> = line.split(',').collect();
            let (x, y): (f64, f64) = (f[2].parse().expect("X"), f[3].parse().expect("Y"));
            assert!((4.0e6..4.3e6).contains(&x), "X is the northing: {x}");
            assert!(
                y > 39_000_000.0 && y < 40_000_000.0,
                "Y carries the zone prefix: {y}"
            );
            ring.push((x, y));
            if ring.len() == expected_points {
                assert_eq!(ring.first(), ring.last(), "ring closes on its first point");
            }
        }
    }
    assert_eq!(parcels, 2);
}

#[test]
fn project_file_names_existing_layers() {
    let text = std::fs::read_to_string(sample("hengshui.zonecheck.toml")).expect("project");
    let v: toml::Value = toml::from_str(&text).expect("toml");
    let layers = v["layers"].as_array().expect("layers");
    assert_eq!(layers.len(), 5);
    for layer in layers {
        let path = layer["path"].as_str().expect("path");
        assert!(sample(path).exists(), "{path}");
    }
}
