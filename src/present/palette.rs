//! The map colours of zoning facts, shared by the app's map and the report's figure so one unit
//! category never has two colours. Chinese zoning maps' convention: priority units green, key
//! units red-orange, general units pale yellow, redlines deep green, water blue.
//!
//! Not for styling choices a user makes (see the app's `style`), only the defaults by meaning.

use crate::model::UnitCategory;

/// Priority protection units: green.
pub const PRIORITY_GREEN: [u8; 3] = [96, 178, 96];
/// Key control units: red-orange.
pub const KEY_ORANGE: [u8; 3] = [233, 110, 70];
/// General control units: pale yellow.
pub const GENERAL_YELLOW: [u8; 3] = [246, 226, 140];
/// Units whose category is unknown: grey.
pub const UNKNOWN_GREY: [u8; 3] = [190, 190, 190];
/// Redline outline and hatch: deep green.
pub const REDLINE_GREEN: [u8; 3] = [0, 100, 40];
/// River lines.
pub const RIVER_BLUE: [u8; 3] = [40, 120, 220];

/// The colour of a unit category.
pub fn category_rgb(category: Option<UnitCategory>) -> [u8; 3] {
    match category {
        Some(UnitCategory::Priority) => PRIORITY_GREEN,
        Some(UnitCategory::Key) => KEY_ORANGE,
        Some(UnitCategory::General) => GENERAL_YELLOW,
        None => UNKNOWN_GREY,
    }
}

/// Reserve functional zones: core darkest, buffer, experimental lightest.
pub fn reserve_zone_rgb(zone: Option<&str>) -> [u8; 3] {
    match zone {
        Some(z) if z.contains("核心") => [30, 110, 50],
        Some(z) if z.contains("缓冲") => [90, 160, 70],
        Some(z) if z.contains("实验") => [170, 210, 110],
        _ => [120, 180, 90],
    }
}

/// Water-source zones: grade 1 deep blue, grade 2 mid blue, quasi-protection pale.
pub fn water_zone_rgb(zone: Option<&str>) -> [u8; 3] {
    match zone {
        Some(z) if z.contains("一级") => [30, 90, 180],
        Some(z) if z.contains("二级") => [90, 150, 215],
        Some(z) if z.contains("准") => [170, 205, 240],
        _ => [110, 165, 225],
    }
}

/// A darker shade, for outlines.
pub fn darker_rgb(c: [u8; 3]) -> [u8; 3] {
    c.map(|v| (f32::from(v) * 0.55) as u8)
}
