//! How the CLI writes figures for people: areas in 公顷 and 亩, distances, categories.

use crate::model::UnitCategory;
use crate::present::{Lang, area_text, share_text};

/// `12.3456 公顷（185.18 亩）`: the units reviewers read, as the report writes them.
pub fn area_human(area_m2: f64) -> String {
    area_text(Lang::Zh, area_m2)
}

/// A distance as every face writes it (`850 m`, `10.9 km`).
pub fn distance_human(distance_m: f64) -> String {
    crate::present::distance_value(distance_m)
}

/// The Chinese category name, or a dash.
pub fn category_human(category: Option<UnitCategory>) -> String {
    category
        .map(|c| c.name_zh().to_string())
        .unwrap_or_else(|| "—".into())
}

/// A share 0..1 as a percentage, as the report writes it.
pub fn share_human(share: f64) -> String {
    share_text(share)
}
