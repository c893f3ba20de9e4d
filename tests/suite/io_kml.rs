//! KML / KMZ / Ovital .ovkml reading against the hand-written files of
//! tests/fixtures/kml/make_kml.py: placemarks at every depth with their folder path, name,
//! description and ExtendedData; every geometry kind; areas against pyproj's
//! `Geod(ellps="GRS80")` figures in expected.json; encodings; bad files; web-map offsets.

use crate::formats_common;

use std::path::{Path, PathBuf};

use geo::{CoordsIter, Geometry, MultiPolygon};
use serde_json::Value;
use zonecheck::crs::{CoordSource, CrsOrigin};
use zonecheck::io::{LoadOptions, load_layers};
use zonecheck::model::{Layer, SourceFormat};
use zonecheck::query::measure::area_ellipsoidal_m2;

fn fixture(name: &str) -> PathBuf {
    formats_common::fixture("kml", name)
}

fn expected() -> Value {
    formats_common::expected("kml")
}

fn load(name: &str) -> Layer {
    formats_common::load_first("kml", name, &LoadOptions::default())
}

fn feature<'a>(layer: &'a Layer, name: &str) -> (usize, &'a Option<Geometry<f64>>) {
    let fid = (0..layer.features.len())
        .find(|&i| layer.text(i, Some("name")).as_deref() == Some(name))
        .unwrap_or_else(|| panic!("no placemark {name}"));
    (fid, &layer.features[fid].geometry)
}

fn area(g: &Geometry<f64>) -> f64 {
    match g {
        Geometry::Polygon(p) => area_ellipsoidal_m2(&MultiPolygon(vec![p.clone()])),
        Geometry::MultiPolygon(mp) => area_ellipsoidal_m2(mp),
        other => panic!("not polygonal: {other:?}"),
    }
}

#[test]
fn every_placemark_with_its_folder_name_and_description() {
    let layer = load("kinds.kml");
    assert_eq!(layer.format, SourceFormat::Kml);
    assert_eq!(layer.features.len(), 7);
    assert_eq!(layer.crs.crs.epsg, Some(4326));
    assert!(matches!(layer.crs.origin, CrsOrigin::FormatDefault(_)));
    let (fid, _) = feature(&layer, "带洞地块");
    assert_eq!(
        layer.text(fid, Some("folder")).as_deref(),
        Some("一级/二级/三级")
    );
    assert_eq!(
        layer.text(fid, Some("description")).as_deref(),
        Some("<b>含</b> 内环")
    );
    let (fid, _) = feature(&layer, "两块地");
    assert_eq!(layer.text(fid, Some("folder")).as_deref(), Some("一级"));
    let (fid, _) = feature(&layer, "点");
    assert_eq!(layer.text(fid, Some("folder")), None);
}

#[test]
fn every_geometry_kind_with_areas_from_pyproj() {
    let layer = load("kinds.kml");
    let exp = expected();
    let (_, g) = feature(&layer, "带洞地块");
    let Some(Geometry::Polygon(p)) = g else {
        panic!("a polygon: {g:?}")
    };
    assert_eq!(p.interiors().len(), 1);
    for name in ["带洞地块", "两块地", "环"] {
        let (_, g) = feature(&layer, name);
        let got = area(g.as_ref().unwrap());
        let want = exp["kinds"][name].as_f64().unwrap();
        assert!((got - want).abs() < 0.1, "{name}: {got} vs {want}");
    }
    let (_, g) = feature(&layer, "两块地");
    assert!(matches!(g, Some(Geometry::MultiPolygon(mp)) if mp.0.len() == 2));
    let (_, g) = feature(&layer, "线");
    assert!(matches!(g, Some(Geometry::LineString(l)) if l.0.len() == 3));
    let (_, g) = feature(&layer, "点");
    // WGS 84 to CGCS2000 is the identity here, up to float rounding in the transform.
    assert!(matches!(g, Some(Geometry::Point(p))
        if (p.x() - 115.55).abs() < 1e-12 && (p.y() - 37.55).abs() < 1e-12));
    let (_, g) = feature(&layer, "点和线");
    assert!(matches!(g, Some(Geometry::GeometryCollection(gc)) if gc.0.len() == 2));
    // gx:Track is not a geometry zonecheck reads: kept, without geometry, and said so.
    let (_, g) = feature(&layer, "轨迹");
    assert!(g.is_none());
    assert!(
        layer
            .warnings
            .iter()
            .any(|w| w.contains("1 placemark(s) have no geometry")),
        "{:?}",
        layer.warnings
    );
}

#[test]
fn kmz_reads_its_kml_member_whatever_its_place() {
    let kml = load("kinds.kml");
    let kmz = load("kinds.kmz");
    assert_eq!(kmz.format, SourceFormat::Kmz);
    assert_eq!(kmz.member.as_deref(), Some("各种几何.kml"));
    assert_eq!(kmz.features, kml.features);
}

#[test]
fn extended_data_and_schema_data_become_fields() {
    let a = load("示例项目A.kml");
    assert_eq!(a.text(0, Some("地块编号")).as_deref(), Some("A-01"));
    assert_eq!(a.text(0, Some("用地性质")).as_deref(), Some("三类工业用地"));
    let b = load("示例项目B.kml");
    let (fid, _) = feature(&b, "示例项目B地块二");
    assert_eq!(b.text(fid, Some("地块编号")).as_deref(), Some("B-02"));
    assert_eq!(b.text(fid, Some("用途")).as_deref(), Some("工业用地"));
    assert_eq!(b.text(fid, Some("folder")).as_deref(), Some("项目B/地块"));
}

#[test]
fn a_gbk_file_that_says_so() {
    let layer = load("gbk.kml");
    assert_eq!(layer.text(0, Some("name")).as_deref(), Some("衡水湖红线"));
    let enc = layer.encoding.as_ref().unwrap();
    assert_eq!(
        (enc.encoding.as_str(), enc.how.as_str()),
        ("GBK", "XML declaration")
    );
}

#[test]
fn one_folder_by_layer_name() {
    let opts = LoadOptions {
        layer: Some("地块".into()),
        ..LoadOptions::default()
    };
    let layer = load_layers(&fixture("示例项目B.kml"), &opts)
        .unwrap()
        .remove(0);
    assert_eq!(layer.features.len(), 2);
    let missing = LoadOptions {
        layer: Some("红线".into()),
        ..LoadOptions::default()
    };
    let err = load_layers(&fixture("示例项目B.kml"), &missing)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("红线") && err.contains("项目B") && err.contains("其他"),
        "{err}"
    );
}

#[test]
fn bad_files_get_one_clear_error() {
    for (name, says) in [
        ("not_xml.kml", "no XML element"),
        ("cut.kml", "not well-formed XML (line"),
        ("html.kml", "root element is <html>"),
    ] {
        let err = load_layers(&fixture(name), &LoadOptions::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains(name) && err.contains(says), "{name}: {err}");
    }
}

fn vertices(layer: &Layer) -> Vec<geo::Coord<f64>> {
    layer
        .features
        .iter()
        .filter_map(|f| f.geometry.as_ref())
        .flat_map(|g| g.coords_iter())
        .collect()
}

#[test]
fn ovital_files_are_gcj02_unless_stated_otherwise() {
    let kml = load("示例项目B.kml");
    let ovkml = load("示例项目B.ovkml");
    assert!(
        ovkml
            .warnings
            .iter()
            .any(|w| w.contains("Ovital") && w.contains("GCJ-02")),
        "{:?}",
        ovkml.warnings
    );
    for (a, b) in vertices(&kml).iter().zip(vertices(&ovkml)) {
        let d = zonecheck::query::measure::distance_geodesic_m(*a, b);
        assert!(d < 0.5, "GCJ-02 round trip off by {d} m");
    }
    // Stated as not shifted: the GCJ-02 numbers are taken as they are, ~500 m off.
    let raw = LoadOptions {
        lonlat_source: Some(CoordSource::Cgcs2000),
        ..LoadOptions::default()
    };
    let unshifted = load_layers(&fixture("示例项目B.ovkml"), &raw)
        .unwrap()
        .remove(0);
    let d =
        zonecheck::query::measure::distance_geodesic_m(vertices(&kml)[0], vertices(&unshifted)[0]);
    assert!((100.0..700.0).contains(&d), "{d}");
    assert!(unshifted.warnings.iter().any(|w| w.contains("not shifted")));
    // GCJ-02 stated for a plain .kml of GCJ-02 numbers does what the .ovkml default does.
    let gcj = LoadOptions {
        lonlat_source: Some(CoordSource::Gcj02),
        ..LoadOptions::default()
    };
    let copy = tempfile::tempdir().unwrap();
    let as_kml = copy.path().join("copied_from_amap.kml");
    std::fs::copy(fixture("示例项目B.ovkml"), &as_kml).unwrap();
    let stated = load_layers(&as_kml, &gcj).unwrap().remove(0);
    assert_eq!(vertices(&stated), vertices(&ovkml));
    assert!(
        stated
            .warnings
            .iter()
            .any(|w| w.contains("stated as GCJ-02"))
    );
}

#[test]
fn web_map_offsets_are_not_applied_to_projected_data() {
    let opts = LoadOptions {
        lonlat_source: Some(CoordSource::Bd09),
        layer: Some("GK地块".into()),
        ..LoadOptions::default()
    };
    let gpkg = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gpkg/kinds.gpkg");
    let stated = load_layers(&gpkg, &opts).unwrap().remove(0);
    let plain = LoadOptions {
        layer: Some("GK地块".into()),
        ..LoadOptions::default()
    };
    let as_read = load_layers(&gpkg, &plain).unwrap().remove(0);
    assert_eq!(vertices(&stated), vertices(&as_read), "nothing is moved");
    assert!(
        stated.warnings.iter().any(|w| w.contains("BD-09")
            && w.contains("projected")
            && w.contains("none was applied")),
        "{:?}",
        stated.warnings
    );
}

/// Fuzz finding 10: a `<Point>` without a coordinate made the kml crate panic (`remove(0)`).
#[test]
fn a_point_without_a_coordinate_is_a_placemark_without_geometry() {
    let path = formats_common::fixture("fuzz", "kml-point-without-coordinates.kml");
    let layer = load_layers(&path, &LoadOptions::default())
        .unwrap_or_else(|e| panic!("{e}"))
        .remove(0);
    assert_eq!(layer.features.len(), 1);
    assert!(layer.features[0].geometry.is_none());
    assert!(
        layer.warnings.iter().any(|w| w.contains("no coordinate")),
        "{:?}",
        layer.warnings
    );

    // The same in a real file: the point emptied two ways, every other placemark unchanged.
    let good = std::fs::read_to_string(fixture("kinds.kml")).unwrap();
    let whole = load("kinds.kml");
    let dir = tempfile::tempdir().unwrap();
    for empty in [
        "<Point></Point>",
        "<Point><coordinates>\n </coordinates></Point>",
    ] {
        let changed = good.replace(
            "<Point><coordinates>115.55,37.55</coordinates></Point>",
            empty,
        );
        assert_ne!(changed, good);
        let bad = dir.path().join("emptied.kml");
        std::fs::write(&bad, changed).unwrap();
        let layer = load_layers(&bad, &LoadOptions::default())
            .unwrap_or_else(|e| panic!("{empty}: {e}"))
            .remove(0);
        assert_eq!(layer.features.len(), whole.features.len());
        for (fid, f) in layer.features.iter().enumerate() {
            let name = layer.text(fid, Some("name"));
            if name.as_deref() == Some("点") {
                assert!(f.geometry.is_none(), "{empty}");
            } else {
                assert_eq!(f.geometry, whole.features[fid].geometry, "{name:?}");
            }
        }
    }
}

/// Fuzz finding 15: a site whose one self-crossing parcel the even-odd repair splits into
/// pieces, which geo 0.33's `unary_union` (i_overlay 4.5) then failed an internal assertion
/// uniting. The pieces are united by `io::overlay_kernel` (i_overlay 9): the site covers what
/// the repaired parcel covers, and nothing is lost or counted twice.
#[test]
fn a_site_of_a_repaired_self_crossing_parcel_is_united_without_a_kernel_assertion() {
    use geo::Area;
    let path = formats_common::fixture("fuzz", "kml-site-union-overlay-assertion.kml");
    let site = zonecheck::io::load_site(&path, &LoadOptions::default()).unwrap();
    let geo::Geometry::MultiPolygon(united) = &site.geometry else {
        panic!("a polygon site: {:?}", site.geometry);
    };
    // The parcel as the even-odd rule fills it, computed alone: its pieces do not overlap, so
    // their union has their summed area.
    let layers = load_layers(&path, &LoadOptions::default()).unwrap();
    let parcel_area: f64 = layers
        .iter()
        .flat_map(|l| l.features.iter())
        .filter_map(|f| match &f.geometry {
            Some(g @ (geo::Geometry::Polygon(_) | geo::Geometry::MultiPolygon(_))) => {
                Some(g.unsigned_area())
            }
            _ => None,
        })
        .sum();
    assert!(parcel_area > 0.0);
    let site_area = united.unsigned_area();
    assert!(
        (site_area - parcel_area).abs() <= 1e-9 * parcel_area.max(1e-12) + 1e-15,
        "site {site_area} vs parcel {parcel_area}"
    );
    assert!(
        site.warnings.iter().any(|w| w.contains("crosses itself")),
        "{:?}",
        site.warnings
    );
}
