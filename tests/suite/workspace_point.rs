//! `point_report` on the bundled sample: a point in no unit says so, a point outside the loaded
//! data says so, a dimension that is not loaded says so, and features near the point are listed
//! apart from the features it is in.
//!
//! Independent figures: the point 115.5883399,37.6160449 lies in unit ZH13110310001 and the
//! reserve's 核心区 (tests/fixtures/sample_reference/overlaps.py); the sample's extent is read from
//! the data only to pick a corner of it that no unit covers (the city is not a rectangle), and
//! that the corner is in no unit is checked with shapely in tests/fixtures/workspace/corner.py.

use std::path::PathBuf;

use geo::Coord;
use zonecheck::workspace::point_report::{NearbyScope, PointFact, PointQuery, point_report};
use zonecheck::workspace::{Dimension, OpenOptions, Workspace};

fn open(rel: &str) -> Workspace {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("sample_data")
        .join(rel);
    Workspace::open(&[path], &OpenOptions::default()).unwrap()
}

#[test]
fn a_point_in_the_core_zone_is_in_its_unit_and_the_reserve() {
    let ws = open("hengshui.zonecheck.toml");
    let mut q = PointQuery::at(Coord {
        x: 115.5883399,
        y: 37.6160449,
    });
    q.with_requirements = true;
    let r = point_report(&ws, &q);
    let codes: Vec<String> = r
        .hits()
        .filter_map(|(li, h)| ws.layers[li].layer.unit_code(h.fid))
        .collect();
    assert_eq!(codes, ["ZH13110310001"]);
    let zone = r
        .hits()
        .find(|(li, _)| ws.layers[*li].layer.name == "衡水湖国家级自然保护区")
        .map(|(li, h)| ws.layers[li].layer.text(h.fid, Some("GNQ")))
        .expect("the reserve is hit");
    assert_eq!(zone.as_deref(), Some("核心区"));
    assert!(r.facts.is_empty(), "{:?}", r.facts);
    // The unit's requirements came along, level by level.
    let (_, unit_hit) = r
        .hits()
        .find(|(li, _)| ws.layers[*li].layer.unit_code(0).is_some())
        .expect("unit hit");
    assert!(!unit_hit.requirements.is_empty());
}

#[test]
fn a_point_in_no_unit_and_a_point_outside_the_data_say_so() {
    let ws = open("hengshui.zonecheck.toml");
    // The south-west corner of the data's box: inside the extent, in no unit (corner.py).
    let extent = ws.extent_lonlat().expect("extent");
    let corner = Coord {
        x: extent.min().x + 0.002,
        y: extent.min().y + 0.002,
    };
    let r = point_report(&ws, &PointQuery::at(corner));
    assert_eq!(r.facts, [PointFact::InNoControlUnit], "{corner:?}");
    let far = point_report(&ws, &PointQuery::at(Coord { x: 100.0, y: 30.0 }));
    assert!(far.is_empty());
    assert_eq!(
        far.facts,
        [PointFact::OutsideLoadedData, PointFact::InNoControlUnit]
    );
}

#[test]
fn dimensions_not_loaded_are_facts() {
    let ws = open("衡水市环境管控单元.shp");
    let r = point_report(
        &ws,
        &PointQuery::at(Coord {
            x: 115.5883399,
            y: 37.6160449,
        }),
    );
    let not_loaded: Vec<Dimension> = r
        .facts
        .iter()
        .filter_map(|f| match f {
            PointFact::NotLoaded { dimension } => Some(*dimension),
            _ => None,
        })
        .collect();
    assert_eq!(
        not_loaded,
        [
            Dimension::Redline,
            Dimension::Reserve,
            Dimension::WaterSource,
            Dimension::Rivers
        ]
    );
}

#[test]
fn nearby_features_are_listed_apart_from_hits() {
    let ws = open("hengshui.zonecheck.toml");
    // West of the lake: outside the reserve, within 5 km of its zones.
    let mut q = PointQuery::at(Coord {
        x: 115.47,
        y: 37.60,
    });
    q.nearby_radius_m = Some(5_000.0);
    q.nearby_scope = NearbyScope::Sensitive;
    let r = point_report(&ws, &q);
    let reserve = ws
        .layers
        .iter()
        .position(|l| l.layer.name == "衡水湖国家级自然保护区")
        .unwrap();
    assert!(!r.hits().any(|(li, _)| li == reserve), "not a hit");
    let near: Vec<f64> = r
        .nearby_by_distance()
        .iter()
        .filter(|(li, _)| *li == reserve)
        .map(|(_, n)| n.distance_m)
        .collect();
    assert!(!near.is_empty());
    assert!(near.iter().all(|d| *d > 0.0 && *d <= 5_000.0), "{near:?}");
    // Nothing is both a hit and nearby.
    for l in &r.layers {
        for n in &l.nearby {
            assert!(!l.hits.iter().any(|h| h.fid == n.fid));
        }
    }
}
