//! The identify result as plain text, for the clipboard: reviewers paste it into the EIA report
//! draft, an email or a chat. Everything the panel shows is there — the point, and per layer
//! each feature's code, name, category, zone, level, distance, requirements level by level,
//! measures and all attributes — in the interface language.
//!
//! Not for finding the features (see `AppState::identify_at`) or drawing the panel.

use std::fmt::Write;

use crate::present::FeatureFacts;
use crate::present::coords::{dms, lonlat_decimal};
use crate::ui::i18n::{Key, category_label, colon, role_label, tr};
use crate::ui::state::{AppState, IdentifyResult};

/// `result` as text, one line per fact, features indented under their layer.
pub fn identify_text(state: &AppState, result: &IdentifyResult) -> String {
    let lang = state.lang;
    let colon = colon(lang);
    let p = result.lonlat;
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = writeln!(
        out,
        "{}  ({} {})",
        lonlat_decimal(p.x, p.y),
        dms(p.x, true),
        dms(p.y, false)
    );
    for fact in &result.facts {
        let _ = writeln!(out, "{}", crate::present::point_fact_text(fact, lang));
    }
    if result.layers.is_empty() {
        let _ = writeln!(out, "{}", tr(lang, Key::NoHits));
    }
    let groups = result
        .layers
        .iter()
        .map(|g| (g, false))
        .chain(result.nearby.iter().map(|g| (g, true)));
    let mut nearby_heading = false;
    for ((id, hits), is_nearby) in groups {
        if is_nearby && !nearby_heading {
            nearby_heading = true;
            let _ = writeln!(out, "\n{}", tr(lang, Key::NearbyNotContaining));
        }
        let Some(l) = state.layer(*id) else { continue };
        let layer = l.layer();
        let _ = writeln!(
            out,
            "\n【{} · {}】",
            layer.name,
            role_label(lang, layer.role.role)
        );
        for hit in hits {
            let fid = hit.fid;
            let facts = FeatureFacts::of(lang, layer, hit.fid, hit.distance_m, &hit.requirements);
            let _ = writeln!(out, "{}", facts.name);
            let mut line = |key: Key, value: &str| {
                let _ = writeln!(out, "  {}{colon}{value}", tr(lang, key));
            };
            if let Some(code) = &facts.code {
                line(Key::Code, code);
            }
            if let Some(cat) = facts.category {
                line(
                    Key::Category,
                    cat.map(|c| category_label(lang, c)).unwrap_or("—"),
                );
            }
            if let Some(zone) = &facts.zone {
                line(Key::Zone, zone);
            }
            if let Some(level) = &facts.level {
                line(Key::Level, level);
            }
            if let Some(distance) = &facts.distance {
                let _ = writeln!(out, "  {distance}");
            }
            if !facts.requirements.is_empty() {
                let _ = writeln!(out, "  {}{colon}", tr(lang, Key::Requirements));
                for (heading, r) in &facts.requirements {
                    let _ = writeln!(out, "    {heading}{colon}{}", r.text);
                }
            }
            if let Some(measures) = &facts.measures {
                let _ = writeln!(out, "  {}{colon}{measures}", tr(lang, Key::Measures));
            }
            let _ = writeln!(out, "  {}{colon}", tr(lang, Key::Attributes));
            for (field, value) in layer.attributes(fid) {
                let value = value.as_text().unwrap_or_default();
                let _ = writeln!(out, "    {field}{colon}{value}");
            }
        }
    }
    out
}
