//! Reading .prj / WKT: every fixture in tests/fixtures/prj was written by pyproj 3.7.2 (PROJ 9.5.1)
//! with `CRS.from_epsg(code).to_wkt(WKT1_ESRI | WKT1_GDAL)` (tests/fixtures/crs/gen_prj.py), i.e. the
//! texts ArcGIS and GDAL/QGIS put in .prj files; the code must come back from the parameters.
//! `local_cm115_30_esri.prj` (a city's own central meridian, with BOM and CRLF) and
//! `krasovsky_albers_esri.prj` are hand-written in ArcGIS's style; their projected values come from
//! `pyproj.Transformer.from_crs(crs.geodetic_crs, crs, always_xy=True)` on the same text.

use std::path::PathBuf;

use zonecheck::ZoneError;
use zonecheck::crs::{Crs, Datum, Transform};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/prj")
        .join(name)
}

fn read(name: &str) -> Crs {
    Crs::from_prj_file(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn esri_and_ogc_prj_files_come_back_as_their_epsg_code() {
    for code in [
        4527, 4548, 4509, 4498, 4490, 4326, 3857, 32650, 2363, 2384, 4610, 2415, 21460, 4214,
    ] {
        for flavour in ["esri", "gdal"] {
            let crs = read(&format!("epsg{code}_{flavour}.prj"));
            assert_eq!(
                crs.epsg,
                Some(code),
                "epsg{code}_{flavour}.prj -> {}",
                crs.label()
            );
            assert_eq!(
                crs,
                Crs::from_epsg(code).unwrap(),
                "epsg{code}_{flavour}.prj"
            );
        }
    }
}

#[test]
fn esri_gauss_kruger_zone_39_is_epsg_4527_by_its_parameters() {
    let crs = read("epsg4527_esri.prj");
    assert_eq!(crs.name, "CGCS2000 / 3-degree Gauss-Kruger zone 39");
    assert_eq!(crs.datum, Datum::Cgcs2000);
    // The name alone does not decide: the same text with another central meridian is not 4527.
    let text = std::fs::read_to_string(fixture("epsg4527_esri.prj")).unwrap();
    let moved = Crs::from_wkt(&text.replace(
        "PARAMETER[\"Central_Meridian\",117.0]",
        "PARAMETER[\"Central_Meridian\",116.0]",
    ))
    .unwrap();
    assert_eq!(moved.epsg, None);
    assert_eq!(moved.name, "CGCS2000_3_Degree_GK_Zone_39");
    // A Xian 1980 datum with the same parameters is Xian's zone 39.
    assert_eq!(read("epsg2363_esri.prj").epsg, Some(2363));
    assert_eq!(read("epsg2363_esri.prj").datum, Datum::Xian1980);
}

#[test]
fn a_city_central_meridian_is_a_custom_system_that_transforms_like_proj() {
    let crs = read("local_cm115_30_esri.prj");
    assert_eq!(crs.epsg, None);
    assert_eq!(crs.name, "CGCS2000_Hengshui_Local_CM_115_30E");
    assert_eq!(crs.datum, Datum::Cgcs2000);
    let t = Transform::from_lonlat(&crs).unwrap();
    for (lon, lat, x, y) in [
        (115.6705, 37.7389, 515028.3798, 4178531.1697),
        (116.5, 37.2, 588779.2183, 4119175.3155),
    ] {
        let (gx, gy) = t.point(lon, lat).unwrap();
        assert!(
            (gx - x).abs() < 0.001 && (gy - y).abs() < 0.001,
            "({gx}, {gy}) vs PROJ ({x}, {y})"
        );
    }
}

#[test]
fn other_projections_go_through_proj4wkt() {
    let crs = read("krasovsky_albers_esri.prj");
    assert_eq!(crs.epsg, None);
    assert_eq!(crs.name, "Krasovsky_1940_Albers");
    assert!(crs.proj4.contains("+proj=aea"), "{}", crs.proj4);
    // D_Krasovsky_1940 is not a datum zonecheck knows: converted without a shift, with a warning.
    assert_eq!(crs.datum, Datum::Other);
    assert!(crs.datum_warning().is_some());
    let t = Transform::from_lonlat(&crs).unwrap();
    for (lon, lat, x, y) in [
        (115.6705, 37.7389, 921691.0893, 4094012.0234),
        (116.5, 37.2, 1000073.0969, 4041497.5432),
    ] {
        let (gx, gy) = t.point(lon, lat).unwrap();
        assert!(
            (gx - x).abs() < 0.001 && (gy - y).abs() < 0.001,
            "({gx}, {gy}) vs PROJ ({x}, {y})"
        );
    }
}

#[test]
fn garbage_is_a_clear_crs_error() {
    for bad in [
        "",
        "   ",
        "hello world",
        "PROJCS[\"x\"",
        "GEOGCS[\"a\",DATUM[\"b\",SPHEROID[\"c\",6378137,298.25]]] trailing",
        "\u{0}\u{1}\u{2}",
    ] {
        match Crs::from_wkt(bad) {
            Err(ZoneError::Crs { message, .. }) => assert!(!message.is_empty()),
            other => panic!("{bad:?} gave {other:?}"),
        }
    }
    let missing = Crs::from_prj_file(&fixture("does_not_exist.prj")).unwrap_err();
    assert!(
        missing.to_string().contains("does_not_exist.prj"),
        "{missing}"
    );
}

#[test]
fn user_text_accepts_codes_wkt_and_proj_strings() {
    for text in ["EPSG:4527", "epsg:4527", "EPSG 4527", " 4527 "] {
        assert_eq!(
            Crs::from_user_text(text).unwrap().epsg,
            Some(4527),
            "{text}"
        );
    }
    let wkt = std::fs::read_to_string(fixture("epsg4527_gdal.prj")).unwrap();
    assert_eq!(Crs::from_user_text(&wkt).unwrap().epsg, Some(4527));
    let custom = Crs::from_user_text("+proj=tmerc +lon_0=115.5 +x_0=500000 +ellps=GRS80").unwrap();
    assert_eq!(custom.epsg, None);
    let e = Crs::from_user_text("Gauss zone 39")
        .unwrap_err()
        .to_string();
    assert!(e.contains("EPSG:NNNN") && e.contains("WKT"), "{e}");
    let e = Crs::from_user_text("EPSG:9999").unwrap_err().to_string();
    assert!(e.contains("4491–4554"), "{e}");
}

#[test]
fn wkt2_is_recognised_through_proj4wkt() {
    // epsg4527_wkt2.wkt: pyproj `CRS.from_epsg(4527).to_wkt("WKT2_2019")`.
    let text = std::fs::read_to_string(fixture("epsg4527_wkt2.wkt")).unwrap();
    assert_eq!(Crs::from_wkt(&text).unwrap(), Crs::from_epsg(4527).unwrap());
}

#[test]
fn proj_strings_are_recognised_by_parameters() {
    let crs = Crs::from_user_text(
        "+proj=tmerc +lat_0=0 +lon_0=117 +k=1 +x_0=39500000 +y_0=0 +ellps=GRS80 +units=m",
    )
    .unwrap();
    assert_eq!(crs.epsg, Some(4527));
    let custom = Crs::from_user_text("+proj=tmerc +lon_0=115.5 +x_0=500000 +ellps=GRS80").unwrap();
    assert_eq!((custom.epsg, custom.datum), (None, Datum::Cgcs2000));
    assert!(Crs::from_user_text("+proj=nonsense").is_err());
}

#[test]
fn geojson_crs_names_are_understood() {
    for (text, code) in [
        ("urn:ogc:def:crs:EPSG::4490", 4490),
        ("urn:ogc:def:crs:EPSG:6.6:4527", 4527),
        ("urn:ogc:def:crs:OGC:1.3:CRS84", 4326),
        ("http://www.opengis.net/def/crs/EPSG/0/4527", 4527),
    ] {
        assert_eq!(
            Crs::from_user_text(text).unwrap().epsg,
            Some(code),
            "{text}"
        );
    }
    assert!(Crs::from_user_text("urn:ogc:def:crs:EPSG::9999").is_err());
}

/// Truncations and byte flips of a real .prj never panic.
#[test]
fn damaged_prj_text_never_panics() {
    let text = std::fs::read_to_string(fixture("epsg3857_gdal.prj")).unwrap();
    let chars: Vec<char> = text.chars().collect();
    for cut in 0..chars.len() {
        let _ = Crs::from_wkt(&chars[..cut].iter().collect::<String>());
        let mut flipped = chars.clone();
        flipped[cut] = match flipped[cut] {
            '[' => ']',
            ']' => '[',
            ',' => '"',
            '"' => ',',
            c if c.is_ascii_digit() => 'x',
            _ => '[',
        };
        let _ = Crs::from_wkt(&flipped.iter().collect::<String>());
    }
}

/// Fuzz finding 11: proj4rs panicked slicing an angle whose suffix followed a non-ASCII
/// character. A PROJ string with one is refused, as typed text and as a `.prj` file.
#[test]
fn a_proj_string_with_a_non_ascii_character_is_refused() {
    let path = crate::formats_common::fixture("fuzz", "prj-proj-string-non-ascii-angle.prj");
    let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
    for result in [Crs::from_user_text(&text), Crs::from_prj_file(&path)] {
        match result {
            Err(ZoneError::Crs { message, .. }) => assert!(!message.is_empty()),
            other => panic!("{other:?}"),
        }
    }
    let typed = Crs::from_user_text("+proj=tmerc +lon_0=117°30' +ellps=GRS80").unwrap_err();
    assert!(typed.to_string().contains("ASCII"), "{typed}");
    // The same system in PROJ's own angle notation is accepted.
    assert!(Crs::from_user_text("+proj=tmerc +lon_0=117d30' +ellps=GRS80").is_ok());
}
