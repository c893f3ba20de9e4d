//! Files other GIS tools read that zonecheck once refused or misread (issue 9 §1), and the
//! policies for broken data (§2): each loads, loads with a named warning, or fails naming the file
//! and the problem. Fixtures and the independent figures: tests/fixtures/hostile/make_hostile.py.

use std::path::{Path, PathBuf};

use geo::Geometry;
use zonecheck::crs::CrsOrigin;
use zonecheck::index::IndexedLayer;
use zonecheck::io::{LoadOptions, load_layers, load_site};
use zonecheck::model::{AttrValue, Layer};
use zonecheck::query::{
    PlanarFrame, area_ellipsoidal_m2, declared_areas, overlay_site, require_features,
};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hostile")
        .join(rel)
}

fn load_one(rel: &str) -> Layer {
    let mut layers = load_layers(&fixture(rel), &LoadOptions::default())
        .unwrap_or_else(|e| panic!("{rel}: {e}"));
    assert_eq!(layers.len(), 1);
    layers.remove(0)
}

fn has_warning(layer: &Layer, parts: &[&str]) -> bool {
    layer
        .warnings
        .iter()
        .any(|w| parts.iter().all(|p| w.contains(p)))
}

#[test]
fn a_prj_with_trailing_text_is_read_up_to_its_wkt() {
    // GDAL 3.12 reads this .prj as EPSG:4527 (make_hostile.py prints it).
    let layer = load_one("prj_trailing/rivers.shp");
    assert_eq!(layer.crs.crs.epsg, Some(4527));
    assert_eq!(layer.crs.origin, CrsOrigin::PrjFile);
    assert!(
        has_warning(&layer, &["rivers.prj has text after its WKT", "ignored"]),
        "{:?}",
        layer.warnings
    );
}

#[test]
fn zero_records_and_no_fields_is_an_empty_layer() {
    // GDAL: 0 features, no fields.
    let layer = load_one("no_fields/empty_units.shp");
    assert!(layer.features.is_empty() && layer.fields.is_empty());
    assert!(
        has_warning(&layer, &["no features"]),
        "{:?}",
        layer.warnings
    );
}

#[test]
fn a_shapefile_without_its_dbf_is_geometry_without_attributes() {
    // GDAL: 1 feature, no fields.
    let layer = load_one("no_dbf/parcels.shp");
    assert_eq!(layer.features.len(), 1);
    assert!(layer.fields.is_empty());
    assert!(
        has_warning(&layer, &["parcels.dbf", "role cannot be detected"]),
        "{:?}",
        layer.warnings
    );
}

#[test]
fn cpg_labels_in_esri_spellings_decode_their_code_pages() {
    for (rel, text) in [
        ("cpg_1251/towns.shp", "Москва"),
        ("cpg_1250/towns.shp", "Łódź"),
    ] {
        let layer = load_one(rel);
        assert_eq!(
            layer.features[0].attributes[0],
            AttrValue::Text(text.into()),
            "{rel}"
        );
        assert!(layer.warnings.is_empty(), "{rel}: {:?}", layer.warnings);
    }
    // An unknown label: the bytes decide (GBK here), and the warning names label and choice.
    let layer = load_one("cpg_unknown/towns.shp");
    assert_eq!(
        layer.features[0].attributes[0],
        AttrValue::Text("衡水".into())
    );
    assert!(
        has_warning(&layer, &["ANSI 9999", "GBK"]),
        "{:?}",
        layer.warnings
    );
}

#[test]
fn shp_and_dbf_record_counts_that_differ_are_an_error_naming_both() {
    let err = load_layers(
        &fixture("count_mismatch/units.shp"),
        &LoadOptions::default(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("units.shp") && err.contains("3 records") && err.contains("has 2"),
        "{err}"
    );
}

#[test]
fn a_bow_tie_is_warned_about_and_measured_on_its_repair() {
    let layer = load_one("geojson/bow_tie.geojson");
    assert!(
        has_warning(
            &layer,
            &[
                "feature 1, code ZH13110220002 crosses itself at 115.610000, 37.710000",
                "even-odd"
            ]
        ),
        "{:?}",
        layer.warnings
    );
    assert!(!has_warning(&layer, &["feature 0"]), "{:?}", layer.warnings);
    let Some(Geometry::MultiPolygon(mp)) = &layer.features[1].geometry else {
        panic!(
            "the repair is a multipolygon: {:?}",
            layer.features[1].geometry
        )
    };
    // GEOS make_valid gives the same two triangles; pyproj's geodesic area of them on the
    // CGCS2000 ellipsoid: 1957375.3 m².
    assert_eq!(mp.0.len(), 2);
    let area = area_ellipsoidal_m2(mp);
    assert!((area - 1_957_375.3).abs() < 1.0, "{area}");
}

#[test]
fn an_unclosed_geojson_ring_is_closed_with_a_warning_naming_the_feature() {
    let layer = load_one("geojson/unclosed.geojson");
    assert!(
        has_warning(&layer, &["not closed", "feature 0 (code ZH13110230003)"]),
        "{:?}",
        layer.warnings
    );
    let Some(Geometry::Polygon(p)) = &layer.features[0].geometry else {
        panic!("a polygon")
    };
    assert_eq!(p.exterior().0.first(), p.exterior().0.last());
    assert_eq!(p.exterior().0.len(), 5);
}

#[test]
fn a_gauss_kruger_site_gets_its_planar_area_in_its_own_zone() {
    let site = load_site(&fixture("exchange/gk_site_ok.txt"), &LoadOptions::default()).unwrap();
    // Geographic layers only (EPSG:4490/WGS 84 GeoJSON): before, area_planar_m2 was null.
    let layers = vec![IndexedLayer::new(load_one("geojson/bow_tie.geojson"))];
    let a = overlay_site(&layers, &site, 1000.0).unwrap();
    assert_eq!(a.planar_crs.as_ref().and_then(|c| c.epsg), Some(4527));
    assert_eq!(a.planar_crs_of, Some(PlanarFrame::Site));
    // 150 m × 100 m in zone 39, hand-computed; the lon/lat round trip costs well under 1 mm².
    let planar = a.site_area_planar_m2.unwrap();
    assert!((planar - 15_000.0).abs() < 1e-3, "{planar}");
    let checks = declared_areas(&site);
    assert_eq!(checks.len(), 1);
    assert!(!checks[0].disagrees, "{:?}", checks[0]);
    assert!(site.warnings.is_empty(), "{:?}", site.warnings);
}

#[test]
fn a_stated_area_beyond_a_tenth_of_a_percent_is_warned_about() {
    // 1.5100 ha stated, 1.5000 ha enclosed: -0.66 %.
    let site = load_site(
        &fixture("exchange/gk_site_off.txt"),
        &LoadOptions::default(),
    )
    .unwrap();
    let checks = declared_areas(&site);
    assert!(checks[0].disagrees, "{:?}", checks[0]);
    assert!((checks[0].relative_difference + 0.01 / 1.51).abs() < 1e-9);
    assert!(
        site.warnings
            .iter()
            .any(|w| w.contains("1.51 ha") && w.contains("0.1 %")),
        "{:?}",
        site.warnings
    );
}

#[test]
fn nothing_to_check_against_is_an_error_and_one_empty_layer_a_warning() {
    let empty = IndexedLayer::new(load_one("no_fields/empty_units.shp"));
    let err = require_features(std::slice::from_ref(&empty))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("nothing to check against") && err.contains("empty_units.shp"),
        "{err}"
    );
    let full = IndexedLayer::new(load_one("no_dbf/parcels.shp"));
    let warnings = require_features(&[empty, full]).unwrap();
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].contains("empty_units.shp"), "{warnings:?}");
}
