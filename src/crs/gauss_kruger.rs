//! The Chinese Gauss-Kruger families (CGCS2000, Xian 1980, Beijing 1954; 3° and 6° zones, with and
//! without the zone number prefixed to the easting) as one table, read both ways: EPSG code →
//! parameters, and parameters → EPSG code (for .prj files and headers that name no code).
//!
//! Not for UTM or other transverse Mercator systems (see `definitions`).

use super::Datum;

/// One run of consecutive EPSG codes, one per zone, that differ only in the zone.
struct Family {
    first_code: u32,
    datum: Datum,
    /// 3 or 6.
    zone_width_deg: u32,
    /// Whether the false easting carries the zone number (zone·1,000,000 + 500,000).
    prefixed: bool,
    /// EPSG's deprecated Beijing 1954 "Gauss-Kruger 13N" codes: same parameters as 21453–21463.
    deprecated_names: bool,
}

/// Checked against pyproj 3.7.2 / PROJ 9.5.1 (`pyproj.CRS.from_epsg(n).name` and `.to_proj4()` for
/// every code in these ranges). Non-deprecated families come first so a parameter lookup prefers them.
const FAMILIES: &[Family] = &[
    fam(4491, Datum::Cgcs2000, 6, true),
    fam(4502, Datum::Cgcs2000, 6, false),
    fam(4513, Datum::Cgcs2000, 3, true),
    fam(4534, Datum::Cgcs2000, 3, false),
    fam(2327, Datum::Xian1980, 6, true),
    fam(2338, Datum::Xian1980, 6, false),
    fam(2349, Datum::Xian1980, 3, true),
    fam(2370, Datum::Xian1980, 3, false),
    fam(21413, Datum::Beijing1954, 6, true),
    fam(21453, Datum::Beijing1954, 6, false),
    fam(2401, Datum::Beijing1954, 3, true),
    fam(2422, Datum::Beijing1954, 3, false),
    Family {
        first_code: 21473,
        datum: Datum::Beijing1954,
        zone_width_deg: 6,
        prefixed: false,
        deprecated_names: true,
    },
];

const fn fam(first_code: u32, datum: Datum, zone_width_deg: u32, prefixed: bool) -> Family {
    Family {
        first_code,
        datum,
        zone_width_deg,
        prefixed,
        deprecated_names: false,
    }
}

impl Family {
    /// 6° zones 13–23 (CM 75°…135°E) or 3° zones 25–45 (CM 75°…135°E).
    fn first_zone(&self) -> u32 {
        if self.zone_width_deg == 6 { 13 } else { 25 }
    }

    fn zone_count(&self) -> u32 {
        if self.zone_width_deg == 6 { 11 } else { 21 }
    }

    fn central_meridian_deg(&self, zone: u32) -> f64 {
        if self.zone_width_deg == 6 {
            (zone * 6) as f64 - 3.0
        } else {
            (zone * 3) as f64
        }
    }

    fn params(&self, code: u32) -> Option<GkParams> {
        let index = code.checked_sub(self.first_code)?;
        if index >= self.zone_count() {
            return None;
        }
        let zone = self.first_zone() + index;
        let cm = self.central_meridian_deg(zone);
        let prefix = if self.prefixed {
            zone as f64 * 1_000_000.0
        } else {
            0.0
        };
        let width = if self.zone_width_deg == 3 {
            "3-degree "
        } else {
            ""
        };
        let name = if self.deprecated_names {
            format!("{} / Gauss-Kruger {zone}N", self.datum.name())
        } else if self.prefixed {
            format!("{} / {width}Gauss-Kruger zone {zone}", self.datum.name())
        } else {
            format!("{} / {width}Gauss-Kruger CM {cm}E", self.datum.name())
        };
        Some(GkParams {
            code,
            datum: self.datum,
            zone,
            zone_width_deg: self.zone_width_deg,
            central_meridian_deg: cm,
            false_easting_m: prefix + 500_000.0,
            name,
        })
    }
}

/// The parameters of one built-in Gauss-Kruger system (scale 1, latitude of origin 0, false northing 0).
#[derive(Debug, Clone, PartialEq)]
pub struct GkParams {
    /// The EPSG code.
    pub code: u32,
    /// CGCS2000, Xian 1980 or Beijing 1954.
    pub datum: Datum,
    /// The zone number (13–23 for 6° zones, 25–45 for 3° zones), prefixed to eastings or not.
    pub zone: u32,
    /// 3 or 6.
    pub zone_width_deg: u32,
    /// Central meridian, degrees east.
    pub central_meridian_deg: f64,
    /// 500,000 m, plus zone · 1,000,000 m when eastings carry the zone number.
    pub false_easting_m: f64,
    /// The EPSG name, e.g. `CGCS2000 / 3-degree Gauss-Kruger zone 39`.
    pub name: String,
}

impl GkParams {
    /// The PROJ.4 string for proj4rs.
    pub fn proj4(&self) -> String {
        format!(
            "+proj=tmerc +lat_0=0 +lon_0={} +k=1 +x_0={} +y_0=0 {} +units=m +no_defs",
            self.central_meridian_deg,
            self.false_easting_m,
            self.datum.proj4_ellipsoid()
        )
    }
}

/// The Gauss-Kruger system with this EPSG code, if it is one of the Chinese families.
pub fn by_code(code: u32) -> Option<GkParams> {
    FAMILIES.iter().find_map(|f| f.params(code))
}

/// The built-in Gauss-Kruger system with these parameters (scale 1, latitude of origin 0, false
/// northing 0 are the caller's to check). Tolerances: 1e-9° and 1 mm.
///
/// Without a zone prefix a 6° zone and the 3° zone on the same meridian (CM 75°, 81°, … 135°) have
/// identical parameters; `zone_width_hint` (from a name such as `CGCS2000_3_Degree_GK_CM_117E`)
/// decides, and without a hint the 3° zone wins, being what large-scale survey data uses.
pub fn by_params(
    datum: Datum,
    central_meridian_deg: f64,
    false_easting_m: f64,
    zone_width_hint: Option<u32>,
) -> Option<GkParams> {
    let matches: Vec<GkParams> = FAMILIES
        .iter()
        .filter(|f| f.datum == datum)
        .flat_map(|f| (0..f.zone_count()).filter_map(move |i| f.params(f.first_code + i)))
        .filter(|p| {
            (p.central_meridian_deg - central_meridian_deg).abs() < 1e-9
                && (p.false_easting_m - false_easting_m).abs() < 1e-3
        })
        .collect();
    let width = zone_width_hint.unwrap_or(3);
    matches
        .iter()
        .find(|p| p.zone_width_deg == width)
        .or_else(|| matches.first())
        .cloned()
}

/// The EPSG code for a zone as a header states it: datum, zone number, 3° or 6°, prefixed or not.
pub fn by_zone(datum: Datum, zone: u32, zone_width_deg: u32, prefixed: bool) -> Option<GkParams> {
    FAMILIES
        .iter()
        .filter(|f| {
            f.datum == datum
                && f.zone_width_deg == zone_width_deg
                && f.prefixed == prefixed
                && !f.deprecated_names
        })
        .find_map(|f| {
            // A zone number read from a hostile easting can be anything: no overflow.
            let index = zone.checked_sub(f.first_zone())?;
            f.params(f.first_code.checked_add(index)?)
        })
}

/// The zone a longitude falls in: 3° zones are centred on multiples of 3° (zone n: CM 3n°,
/// n = round(lon / 3)); 6° zones start at 0° (zone n: CM 6n − 3°, n = floor(lon / 6) + 1). Only
/// zones the Chinese families have (3°: 25–45, 6°: 13–23) are returned: a place outside China
/// gets `None`.
pub fn zone_of_lon(lon_deg: f64, zone_width_deg: u32) -> Option<u32> {
    if !lon_deg.is_finite() {
        return None;
    }
    let (zone, range) = match zone_width_deg {
        3 => ((lon_deg / 3.0).round(), 25.0..=45.0),
        6 => ((lon_deg / 6.0).floor() + 1.0, 13.0..=23.0),
        _ => return None,
    };
    range.contains(&zone).then_some(zone as u32)
}

/// The zone with this central meridian (degrees east), if it is a zone of that width.
pub fn zone_of_central_meridian(central_meridian_deg: f64, zone_width_deg: u32) -> Option<u32> {
    let zone = match zone_width_deg {
        3 => central_meridian_deg / 3.0,
        6 => (central_meridian_deg + 3.0) / 6.0,
        _ => return None,
    };
    if (zone - zone.round()).abs() > 1e-9 {
        return None;
    }
    let range = if zone_width_deg == 3 {
        25.0..=45.0
    } else {
        13.0..=23.0
    };
    range.contains(&zone.round()).then_some(zone.round() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_of_places_and_meridians() {
        // Hengshui (115.67°E): 3° zone 39 (CM 117°, covers 115.5–118.5°), 6° zone 20 (CM 117°,
        // covers 114–120°). Urumqi (87.6°E): 3° zone 29 (CM 87°), 6° zone 15 (CM 87°).
        assert_eq!(zone_of_lon(115.67, 3), Some(39));
        assert_eq!(zone_of_lon(115.67, 6), Some(20));
        assert_eq!(zone_of_lon(87.6, 3), Some(29));
        assert_eq!(zone_of_lon(87.6, 6), Some(15));
        // 115.4°E is west of 115.5°: zone 38 (CM 114°).
        assert_eq!(zone_of_lon(115.4, 3), Some(38));
        assert_eq!(zone_of_lon(2.35, 3), None, "Paris is no Chinese zone");
        assert_eq!(zone_of_central_meridian(117.0, 3), Some(39));
        assert_eq!(zone_of_central_meridian(117.0, 6), Some(20));
        assert_eq!(zone_of_central_meridian(118.0, 3), None);
        assert_eq!(zone_of_central_meridian(114.0, 6), None);
        // And the codes the picker gives: CGCS2000 3° zone 39 with prefix is EPSG:4527, without
        // prefix (CM 117°E) EPSG:4548; Xian 1980 6° zone 20 with prefix EPSG:2334.
        assert_eq!(
            by_zone(Datum::Cgcs2000, 39, 3, true).map(|p| p.code),
            Some(4527)
        );
        assert_eq!(
            by_zone(Datum::Cgcs2000, 39, 3, false).map(|p| p.code),
            Some(4548)
        );
        assert_eq!(
            by_zone(Datum::Xian1980, 20, 6, true).map(|p| p.code),
            Some(2334)
        );
    }

    #[test]
    fn codes_match_epsg_registry() {
        // Names and parameters as printed by pyproj 3.7.2 (PROJ 9.5.1) for these codes.
        let cases: &[(u32, &str, f64, f64)] = &[
            (4491, "CGCS2000 / Gauss-Kruger zone 13", 75.0, 13_500_000.0),
            (4501, "CGCS2000 / Gauss-Kruger zone 23", 135.0, 23_500_000.0),
            (4502, "CGCS2000 / Gauss-Kruger CM 75E", 75.0, 500_000.0),
            (4512, "CGCS2000 / Gauss-Kruger CM 135E", 135.0, 500_000.0),
            (
                4513,
                "CGCS2000 / 3-degree Gauss-Kruger zone 25",
                75.0,
                25_500_000.0,
            ),
            (
                4527,
                "CGCS2000 / 3-degree Gauss-Kruger zone 39",
                117.0,
                39_500_000.0,
            ),
            (
                4533,
                "CGCS2000 / 3-degree Gauss-Kruger zone 45",
                135.0,
                45_500_000.0,
            ),
            (
                4534,
                "CGCS2000 / 3-degree Gauss-Kruger CM 75E",
                75.0,
                500_000.0,
            ),
            (
                4554,
                "CGCS2000 / 3-degree Gauss-Kruger CM 135E",
                135.0,
                500_000.0,
            ),
            (2327, "Xian 1980 / Gauss-Kruger zone 13", 75.0, 13_500_000.0),
            (2345, "Xian 1980 / Gauss-Kruger CM 117E", 117.0, 500_000.0),
            (
                2363,
                "Xian 1980 / 3-degree Gauss-Kruger zone 39",
                117.0,
                39_500_000.0,
            ),
            (
                2390,
                "Xian 1980 / 3-degree Gauss-Kruger CM 135E",
                135.0,
                500_000.0,
            ),
            (
                2415,
                "Beijing 1954 / 3-degree Gauss-Kruger zone 39",
                117.0,
                39_500_000.0,
            ),
            (
                2436,
                "Beijing 1954 / 3-degree Gauss-Kruger CM 117E",
                117.0,
                500_000.0,
            ),
            (
                21413,
                "Beijing 1954 / Gauss-Kruger zone 13",
                75.0,
                13_500_000.0,
            ),
            (
                21460,
                "Beijing 1954 / Gauss-Kruger CM 117E",
                117.0,
                500_000.0,
            ),
            (21478, "Beijing 1954 / Gauss-Kruger 18N", 105.0, 500_000.0),
        ];
        for &(code, name, cm, fe) in cases {
            let p = by_code(code).unwrap_or_else(|| panic!("{code} should be built in"));
            assert_eq!(p.name, name, "{code}");
            assert_eq!(p.central_meridian_deg, cm, "{code}");
            assert_eq!(p.false_easting_m, fe, "{code}");
        }
        // The gaps between families are not Gauss-Kruger codes of ours.
        for code in [
            2326, 2391, 2400, 2443, 4490, 4555, 21412, 21424, 21452, 21464, 21484,
        ] {
            assert!(by_code(code).is_none(), "{code}");
        }
    }

    #[test]
    fn parameters_find_the_code_and_prefer_current_codes() {
        let code = |d, cm, fe, hint| by_params(d, cm, fe, hint).map(|p| p.code);
        assert_eq!(code(Datum::Cgcs2000, 117.0, 39_500_000.0, None), Some(4527));
        assert_eq!(code(Datum::Cgcs2000, 117.0, 20_500_000.0, None), Some(4498)); // 6° zone 20
        // CM 117 without prefix is both 6° (EPSG:4509) and 3° (EPSG:4548).
        assert_eq!(code(Datum::Cgcs2000, 117.0, 500_000.0, None), Some(4548));
        assert_eq!(code(Datum::Cgcs2000, 117.0, 500_000.0, Some(6)), Some(4509));
        assert_eq!(code(Datum::Cgcs2000, 114.0, 500_000.0, Some(6)), Some(4547)); // only 3° exists
        // The deprecated 21473–21483 codes are never preferred.
        assert_eq!(
            code(Datum::Beijing1954, 105.0, 500_000.0, Some(6)),
            Some(21458)
        );
        assert_eq!(code(Datum::Cgcs2000, 116.0, 500_000.0, None), None);
        assert_eq!(code(Datum::Wgs84, 117.0, 39_500_000.0, None), None);
    }

    #[test]
    fn zones_from_headers() {
        assert_eq!(
            by_zone(Datum::Cgcs2000, 39, 3, true).map(|p| p.code),
            Some(4527)
        );
        assert_eq!(
            by_zone(Datum::Cgcs2000, 39, 3, false).map(|p| p.code),
            Some(4548)
        );
        assert_eq!(
            by_zone(Datum::Cgcs2000, 20, 6, true).map(|p| p.code),
            Some(4498)
        );
        assert_eq!(
            by_zone(Datum::Xian1980, 39, 3, true).map(|p| p.code),
            Some(2363)
        );
        assert_eq!(
            by_zone(Datum::Beijing1954, 20, 6, false).map(|p| p.code),
            Some(21460)
        );
        assert_eq!(by_zone(Datum::Cgcs2000, 46, 3, true), None);
        assert_eq!(by_zone(Datum::Cgcs2000, 12, 6, true), None);
    }
}
