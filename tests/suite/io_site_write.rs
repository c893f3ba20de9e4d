//! Writing a site boundary out (坐标交换格式 .txt, shapefile, GeoJSON, DXF, .xlsx point table) and
//! reading it back with zonecheck's own readers. The figures are worked by hand: a 100 m × 100 m
//! square in CGCS2000 3° zone 39 (X 4,180,000–4,180,100 m north, Y 39,512,000–39,512,100 m east)
//! is 10,000 m² = 1.0000 公顷 in the plane of its zone, and its corners come back to the millimetre.

use std::path::Path;

use zonecheck::io::site_write::{boundary_of, exchange_text, write_site};
use zonecheck::io::{LoadOptions, load_site};

const SQUARE: &str = "[属性描述]\n格式版本号=1.01\n坐标系=2000国家大地坐标系\n几度分带=3\n投影类型=高斯克吕格\n计量单位=米\n带号=39\n精度=3\n[地块坐标]\n5,1.0000,1,试验地块,面,,,,@\nJ1,1,4180000.000,39512000.000\nJ2,1,4180000.000,39512100.000\nJ3,1,4180100.000,39512100.000\nJ4,1,4180100.000,39512000.000\nJ1,1,4180000.000,39512000.000\n";

fn square_site(dir: &Path) -> zonecheck::io::Site {
    let p = dir.join("square.txt");
    std::fs::write(&p, SQUARE).unwrap();
    load_site(&p, &LoadOptions::default()).unwrap()
}

fn corners(b: &zonecheck::io::site_write::Boundary) -> Vec<(f64, f64)> {
    let mut c: Vec<(f64, f64)> = b.parcels[0].rings[0]
        .points
        .iter()
        .map(|p| {
            (
                (p.x_north_m * 1000.0).round() / 1000.0,
                (p.y_east_m * 1000.0).round() / 1000.0,
            )
        })
        .collect();
    c.pop();
    c.sort_by(|a, b| a.partial_cmp(b).unwrap());
    c
}

const EXPECTED: [(f64, f64); 4] = [
    (4_180_000.0, 39_512_000.0),
    (4_180_000.0, 39_512_100.0),
    (4_180_100.0, 39_512_000.0),
    (4_180_100.0, 39_512_100.0),
];

#[test]
fn the_boundary_is_in_the_sites_own_zone_with_its_planar_area() {
    let dir = tempfile::tempdir().unwrap();
    let b = boundary_of(&square_site(dir.path())).unwrap();
    assert_eq!(b.gk.code, 4527, "CGCS2000 3° zone 39, zone prefixed");
    assert_eq!(corners(&b), EXPECTED);
    assert!(
        (b.parcels[0].area_planar_m2 - 10_000.0).abs() < 0.01,
        "{}",
        b.parcels[0].area_planar_m2
    );
    let text = exchange_text(&b);
    assert!(
        text.contains("带号=39") && text.contains("5,1.0000,1,试验地块,面"),
        "{text}"
    );
}

#[test]
fn exchange_text_and_shapefile_read_back_to_the_same_corners() {
    let dir = tempfile::tempdir().unwrap();
    let site = square_site(dir.path());
    for name in ["out.txt", "out.shp"] {
        let out = dir.path().join(name);
        let written = write_site(&site, &out).unwrap();
        assert!(written.iter().all(|p| p.is_file()), "{written:?}");
        let back = load_site(&out, &LoadOptions::default()).unwrap();
        let b = boundary_of(&back).unwrap();
        assert_eq!(
            b.gk.code, 4527,
            "{name}: the zone is read back from what was written"
        );
        assert_eq!(corners(&b), EXPECTED, "{name}");
        assert!(
            (b.parcels[0].area_planar_m2 - 10_000.0).abs() < 0.01,
            "{name}"
        );
    }
    // The shapefile's name field is GBK, as its .cpg says.
    let back = load_site(&dir.path().join("out.shp"), &LoadOptions::default()).unwrap();
    assert_eq!(back.parcels[0].name, "试验地块");
}

#[test]
fn geojson_dxf_and_the_point_table_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let site = square_site(dir.path());
    let gj = dir.path().join("out.geojson");
    write_site(&site, &gj).unwrap();
    let back = load_site(&gj, &LoadOptions::default()).unwrap();
    assert_eq!(corners(&boundary_of(&back).unwrap()), EXPECTED);
    let dxf = dir.path().join("out.dxf");
    write_site(&site, &dxf).unwrap();
    // The DXF has no CRS: state the zone, as a user does for a CAD plan.
    let opts = LoadOptions {
        crs: Some(zonecheck::crs::Crs::from_epsg(4527).unwrap()),
        ..Default::default()
    };
    let back = load_site(&dxf, &opts).unwrap();
    assert_eq!(corners(&boundary_of(&back).unwrap()), EXPECTED);
    let xlsx = dir.path().join("out.xlsx");
    write_site(&site, &xlsx).unwrap();
    assert!(std::fs::metadata(&xlsx).unwrap().len() > 1000);
    assert!(write_site(&site, &dir.path().join("out.pdf")).is_err());
}
