//! GCJ-02 (Amap, Tencent) and BD-09 (Baidu) obfuscated coordinates, to and from WGS 84 / CGCS2000.
//!
//! Hand-written because no maintained georust crate does it; the algorithm is the widely published
//! one (Krasovsky-ellipsoid offset polynomial), inverted by fixed-point iteration to < 1e-9°.
//! Outside mainland China the offsets are not applied, as the web maps themselves do.

const A: f64 = 6378245.0;
const EE: f64 = 0.006_693_421_622_965_943;
const X_PI: f64 = std::f64::consts::PI * 3000.0 / 180.0;

/// Whether the web maps apply the GCJ-02 offset here (a rough mainland-China box).
pub fn in_china(lon: f64, lat: f64) -> bool {
    (72.004..=137.8347).contains(&lon) && (0.8293..=55.8271).contains(&lat)
}

fn transform_lat(x: f64, y: f64) -> f64 {
    use std::f64::consts::PI;
    let mut ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * x.abs().sqrt();
    ret += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    ret += (20.0 * (y * PI).sin() + 40.0 * (y / 3.0 * PI).sin()) * 2.0 / 3.0;
    ret += (160.0 * (y / 12.0 * PI).sin() + 320.0 * (y * PI / 30.0).sin()) * 2.0 / 3.0;
    ret
}

fn transform_lon(x: f64, y: f64) -> f64 {
    use std::f64::consts::PI;
    let mut ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * x.abs().sqrt();
    ret += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    ret += (20.0 * (x * PI).sin() + 40.0 * (x / 3.0 * PI).sin()) * 2.0 / 3.0;
    ret += (150.0 * (x / 12.0 * PI).sin() + 300.0 * (x / 30.0 * PI).sin()) * 2.0 / 3.0;
    ret
}

/// WGS 84 → GCJ-02.
pub fn wgs84_to_gcj02(lon: f64, lat: f64) -> (f64, f64) {
    use std::f64::consts::PI;
    if !in_china(lon, lat) {
        return (lon, lat);
    }
    let dlat = transform_lat(lon - 105.0, lat - 35.0);
    let dlon = transform_lon(lon - 105.0, lat - 35.0);
    let radlat = lat / 180.0 * PI;
    let magic = 1.0 - EE * radlat.sin() * radlat.sin();
    let sqrt_magic = magic.sqrt();
    let dlat = (dlat * 180.0) / ((A * (1.0 - EE)) / (magic * sqrt_magic) * PI);
    let dlon = (dlon * 180.0) / (A / sqrt_magic * radlat.cos() * PI);
    (lon + dlon, lat + dlat)
}

/// GCJ-02 → WGS 84, by iterating the forward offset until it reproduces the input (< 1e-9°, ~0.1 mm).
pub fn gcj02_to_wgs84(lon: f64, lat: f64) -> (f64, f64) {
    if !in_china(lon, lat) {
        return (lon, lat);
    }
    let (mut wlon, mut wlat) = (lon, lat);
    for _ in 0..30 {
        let (glon, glat) = wgs84_to_gcj02(wlon, wlat);
        let (dlon, dlat) = (glon - lon, glat - lat);
        wlon -= dlon;
        wlat -= dlat;
        if dlon.abs() < 1e-10 && dlat.abs() < 1e-10 {
            break;
        }
    }
    (wlon, wlat)
}

/// GCJ-02 → BD-09.
pub fn gcj02_to_bd09(lon: f64, lat: f64) -> (f64, f64) {
    let z = (lon * lon + lat * lat).sqrt() + 0.00002 * (lat * X_PI).sin();
    let theta = lat.atan2(lon) + 0.000003 * (lon * X_PI).cos();
    (z * theta.cos() + 0.0065, z * theta.sin() + 0.006)
}

/// BD-09 → GCJ-02.
pub fn bd09_to_gcj02(lon: f64, lat: f64) -> (f64, f64) {
    let x = lon - 0.0065;
    let y = lat - 0.006;
    let z = (x * x + y * y).sqrt() - 0.00002 * (y * X_PI).sin();
    let theta = y.atan2(x) - 0.000003 * (x * X_PI).cos();
    (z * theta.cos(), z * theta.sin())
}

/// BD-09 → GCJ-02, exact: the published inverse (`bd09_to_gcj02`) is itself approximate (~10 cm),
/// so it is refined by iterating the forward formula until it reproduces the input (< 1e-10°).
pub fn bd09_to_gcj02_exact(lon: f64, lat: f64) -> (f64, f64) {
    let (mut glon, mut glat) = bd09_to_gcj02(lon, lat);
    for _ in 0..30 {
        let (blon, blat) = gcj02_to_bd09(glon, glat);
        let (dlon, dlat) = (blon - lon, blat - lat);
        glon -= dlon;
        glat -= dlat;
        if dlon.abs() < 1e-10 && dlat.abs() < 1e-10 {
            break;
        }
    }
    (glon, glat)
}

/// BD-09 → WGS 84 (exact inverse of `gcj02_to_bd09` after `wgs84_to_gcj02`).
pub fn bd09_to_wgs84(lon: f64, lat: f64) -> (f64, f64) {
    let (glon, glat) = bd09_to_gcj02_exact(lon, lat);
    gcj02_to_wgs84(glon, glat)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gcj02_round_trips_and_offsets_by_hundreds_of_metres() {
        let (lon, lat) = (115.6705, 37.7389); // Hengshui city centre, WGS 84
        let (glon, glat) = wgs84_to_gcj02(lon, lat);
        // The offset in north China is a few hundred metres (0.001°–0.007°).
        assert!((glon - lon).abs() > 0.001 && (glon - lon).abs() < 0.01);
        let (back_lon, back_lat) = gcj02_to_wgs84(glon, glat);
        assert!((back_lon - lon).abs() < 1e-9 && (back_lat - lat).abs() < 1e-9);
    }

    #[test]
    fn bd09_round_trips() {
        let (lon, lat) = (115.6705, 37.7389);
        let (glon, glat) = wgs84_to_gcj02(lon, lat);
        let (blon, blat) = gcj02_to_bd09(glon, glat);
        let (wlon, wlat) = bd09_to_wgs84(blon, blat);
        assert!((wlon - lon).abs() < 1e-9 && (wlat - lat).abs() < 1e-9);
    }

    /// Published outputs of two independent implementations, for the point (116.404, 39.915):
    /// wandergis/coordtransform's README (a = 6378245, as here; the same figures are asserted in
    /// Hutool's CoordinateUtilTest): bd09togcj02, gcj02tobd09, wgs84togcj02.
    #[test]
    fn matches_coordtransform_published_results() {
        let close =
            |a: (f64, f64), b: (f64, f64)| (a.0 - b.0).abs() < 1e-12 && (a.1 - b.1).abs() < 1e-12;
        let got = bd09_to_gcj02(116.404, 39.915);
        assert!(
            close(got, (116.39762729119315, 39.90865673957631)),
            "{got:?}"
        );
        let got = gcj02_to_bd09(116.404, 39.915);
        assert!(
            close(got, (116.41036949371029, 39.92133699351021)),
            "{got:?}"
        );
        let got = wgs84_to_gcj02(116.404, 39.915);
        assert!(
            close(got, (116.41024449916938, 39.91640428150164)),
            "{got:?}"
        );
    }

    /// googollee/eviltransform's python/test.py vectors (wgsLat, wgsLng, gcjLat, gcjLng), which it
    /// asserts to 6 decimals; it uses a = 6378137 instead of 6378245, a ~1 cm difference.
    #[test]
    fn matches_eviltransform_test_vectors() {
        let cases = [
            (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),
            (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),
            (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),
        ];
        for (wlat, wlon, glat, glon) in cases {
            let (lon, lat) = wgs84_to_gcj02(wlon, wlat);
            assert!(
                (lon - glon).abs() < 1e-6 && (lat - glat).abs() < 1e-6,
                "({lon}, {lat})"
            );
            // The exact inverse lands back on the WGS 84 point (eviltransform allows 0.5 m).
            let (blon, blat) = gcj02_to_wgs84(glon, glat);
            assert!(
                (blon - wlon).abs() < 5e-6 && (blat - wlat).abs() < 5e-6,
                "({blon}, {blat})"
            );
        }
    }

    #[test]
    fn no_offset_outside_china() {
        assert_eq!(wgs84_to_gcj02(2.35, 48.85), (2.35, 48.85));
    }
}
