//! Coordinates as users type them. Expected degrees are worked out by hand:
//! 115°40′30.5″ = 115 + 40/60 + 30.5/3600 = 115.675138888…, 37°44′20″ = 37 + 44/60 + 20/3600 = 37.738888….
//! Projected → lon/lat figures are pyproj 3.7.2's (see tests/fixtures/crs/gen_transforms.py, inverse
//! cases); web-map figures are the published results of wandergis/coordtransform for (116.404, 39.915).

use zonecheck::ZoneError;
use zonecheck::crs::typed::projected_to_lonlat;
use zonecheck::crs::{CoordSource, Crs, parse_lonlat, parse_projected_xy, to_cgcs2000};

const DMS_LON: f64 = 115.0 + 40.0 / 60.0 + 30.5 / 3600.0;
const DMS_LAT: f64 = 37.0 + 44.0 / 60.0 + 20.0 / 3600.0;

fn assert_lonlat(text: &str, lon: f64, lat: f64) {
    let (glon, glat) = parse_lonlat(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
    assert!(
        (glon - lon).abs() < 1e-12 && (glat - lat).abs() < 1e-12,
        "{text:?} gave ({glon}, {glat}), want ({lon}, {lat})"
    );
}

#[test]
fn decimal_degrees() {
    for text in [
        "115.68, 37.74",
        "115.68 37.74",
        "115.68,37.74",
        "(115.68, 37.74)",
        "115.68；37.74",
        "１１５．６８，３７．７４",
    ] {
        assert_lonlat(text, 115.68, 37.74);
    }
}

#[test]
fn hemisphere_marks_decide_the_order() {
    for text in [
        "37.74N 115.68E",
        "37.74N, 115.68E",
        "N37.74 E115.68",
        "115.68E 37.74N",
        "北纬37.74 东经115.68",
        "lat=37.74, lon=115.68",
        "纬度：37.74，经度：115.68",
    ] {
        assert_lonlat(text, 115.68, 37.74);
    }
    assert_lonlat("33.45S 70.66W", -70.66, -33.45);
}

#[test]
fn an_unmarked_pair_is_swapped_only_when_nothing_else_fits() {
    assert_lonlat("37.74, 115.68", 115.68, 37.74); // 115.68 cannot be a latitude
    assert_lonlat("-33.45, -70.66", -33.45, -70.66); // both fit: longitude first
}

#[test]
fn degrees_minutes_seconds() {
    for text in [
        "115°40′30.5″E, 37°44′20″N",
        "115°40'30.5\"E 37°44'20\"N",
        "115°40′30.5″ 37°44′20″",
        "东经115度40分30.5秒 北纬37度44分20秒",
        "北纬37度44分20秒，东经115度40分30.5秒",
        "115 40 30.5, 37 44 20",
        "115 40 30.5 37 44 20",
        "115d40m30.5s, 37d44m20s",
        "E 115°40′30.5″ N 37°44′20″",
        "37°44′20″N 115°40′30.5″E",
        "115°40′30.5′′E, 37°44′20′′N",
    ] {
        assert_lonlat(text, DMS_LON, DMS_LAT);
    }
    assert_lonlat("115°40.5′, 37°44′", 115.675, 37.0 + 44.0 / 60.0);
}

#[test]
fn bad_input_is_an_input_error_with_examples() {
    for text in [
        "",
        "abc",
        "115.68",
        "115.68, 37.74, 12",
        "200, 37",
        "115, 95",
        "115°70′, 37°",
        "37N 38N",
        "-115E 37N",
        "115 40 37",
        "115°40′30.5″ 37.5 12",
    ] {
        match parse_lonlat(text) {
            Err(ZoneError::Input(msg)) => assert!(msg.contains("Examples"), "{text:?}: {msg}"),
            other => panic!("{text:?} gave {other:?}"),
        }
    }
    let msg = parse_lonlat("115, 95").unwrap_err().to_string();
    assert!(msg.contains("latitude 95"), "{msg}");
}

#[test]
fn projected_pairs_are_north_then_east() {
    for text in [
        "X=4180000.12, Y=39512345.67",
        "X:4180000.12，Y:39512345.67",
        "Y=39512345.67 X=4180000.12",
        "4180000.12 39512345.67",
        "39512345.67, 4180000.12",
        "N 4180000.12 E 39512345.67",
        "北4180000.12 东39512345.67",
    ] {
        let got = parse_projected_xy(text).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        assert_eq!(got, (4180000.12, 39512345.67), "{text:?}");
    }
    for text in ["X=1", "X=1 X=2", "a b", "1 2 3", "X= Y=2"] {
        assert!(
            matches!(parse_projected_xy(text), Err(ZoneError::Input(_))),
            "{text:?}"
        );
    }
}

#[test]
fn projected_pairs_become_lonlat_in_the_stated_crs() {
    // pyproj: EPSG:4527 (39512345.678, 4180000.123) -> EPSG:4490 (117.14008924371, 37.75217486151).
    let want = (117.14008924371, 37.75217486151);
    let zone39 = Crs::from_epsg(4527).unwrap();
    let got = projected_to_lonlat("X=4180000.123, Y=39512345.678", &zone39).unwrap();
    assert!(
        (got.0 - want.0).abs() < 1e-9 && (got.1 - want.1).abs() < 1e-9,
        "{got:?}"
    );
    let cm117 = Crs::from_epsg(4548).unwrap();
    let got = projected_to_lonlat("X=4180000.123, Y=512345.678", &cm117).unwrap();
    assert!(
        (got.0 - want.0).abs() < 1e-9 && (got.1 - want.1).abs() < 1e-9,
        "{got:?}"
    );
    // A missing, extra or wrong zone prefix is refused rather than moving the point by 3°.
    assert!(projected_to_lonlat("X=4180000.123, Y=512345.678", &zone39).is_err());
    assert!(projected_to_lonlat("X=4180000.123, Y=38512345.678", &zone39).is_err());
    assert!(projected_to_lonlat("X=4180000.123, Y=39512345.678", &cm117).is_err());
    assert!(projected_to_lonlat("X=37.7, Y=115.6", &Crs::cgcs2000()).is_err());
}

#[test]
fn web_map_points_move_back_to_cgcs2000() {
    // coordtransform: wgs84togcj02(116.404, 39.915) = (116.41024449916938, 39.91640428150164),
    // then gcj02tobd09 of that = (116.41662724378733, 39.922699552216216). Back to within 1e-8°
    // (1 mm) needs the exact BD-09 inverse: the published one is off by ~1e-6° (10 cm) here.
    let (lon, lat) = to_cgcs2000(116.41024449916938, 39.91640428150164, CoordSource::Gcj02);
    assert!(
        (lon - 116.404).abs() < 1e-8 && (lat - 39.915).abs() < 1e-8,
        "({lon}, {lat})"
    );
    let (lon, lat) = to_cgcs2000(116.41662724378733, 39.922699552216216, CoordSource::Bd09);
    assert!(
        (lon - 116.404).abs() < 1e-8 && (lat - 39.915).abs() < 1e-8,
        "({lon}, {lat})"
    );
    assert_eq!(
        to_cgcs2000(116.404, 39.915, CoordSource::Cgcs2000),
        (116.404, 39.915)
    );
}

/// Random text from coordinate-ish characters never panics (a small LCG, fixed seed).
#[test]
fn noise_never_panics() {
    let alphabet: Vec<char> = "0123456789.,-+ °′″'\"dmsNSEWnsew东经北纬度分秒XY=:，（）"
        .chars()
        .collect();
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..20_000 {
        let mut text = String::new();
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let len = (state >> 59) as usize + 1;
        for _ in 0..len {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            text.push(alphabet[(state >> 33) as usize % alphabet.len()]);
        }
        let _ = parse_lonlat(&text);
        let _ = parse_projected_xy(&text);
    }
}
