//! The identify result as plain text, for the clipboard: reviewers paste it into the EIA report
//! draft, an email or a chat. Everything the panel shows is there — the point, and per layer
//! each feature's code, name, category, zone, level, distance, requirements level by level,
//! measures and all attributes — in the interface language.
//!
//! Not for finding the features (see `AppState::identify_at`) or drawing the panel.

use std::fmt::Write;

use crate::model::{GeometryKind, LayerRole};
use crate::ui::app::{AppState, IdentifyResult};
use crate::ui::format::{dms, hit_distance_text, lonlat_decimal};
use crate::ui::i18n::{Key, Lang, category_label, role_label, tr};

/// `result` as text, one line per fact, features indented under their layer.
pub fn identify_text(state: &AppState, result: &IdentifyResult) -> String {
    let lang = state.lang;
    let colon = match lang {
        Lang::Zh => "：",
        Lang::En => ": ",
    };
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
    if result.layers.is_empty() {
        let _ = writeln!(out, "{}", tr(lang, Key::NoHits));
    }
    for (id, hits) in &result.layers {
        let Some(l) = state.layer(*id) else { continue };
        let layer = l.layer();
        let m = &layer.role.mapping;
        let _ = writeln!(
            out,
            "\n【{} · {}】",
            layer.name,
            role_label(lang, layer.role.role)
        );
        for hit in hits {
            let fid = hit.fid;
            let name = layer.feature_name(fid).unwrap_or_else(|| format!("#{fid}"));
            let _ = writeln!(out, "{name}");
            let mut line = |key: Key, value: &str| {
                let _ = writeln!(out, "  {}{colon}{value}", tr(lang, key));
            };
            if let Some(code) = layer.unit_code(fid) {
                line(Key::Code, &code);
            }
            if layer.role.role == LayerRole::ControlUnits || m.category.is_some() {
                let cat = layer.unit_category(fid);
                line(
                    Key::Category,
                    cat.map(|c| category_label(lang, c)).unwrap_or("—"),
                );
            }
            if let Some(zone) = layer.text(fid, m.zone.as_deref()) {
                line(Key::Zone, &zone);
            }
            if let Some(level) = layer.text(fid, m.level.as_deref()) {
                line(Key::Level, &level);
            }
            if let Some(d) = hit.distance_m {
                let is_zone = layer.geometry_kind == GeometryKind::Polygon;
                let _ = writeln!(out, "  {}", hit_distance_text(lang, d, is_zone));
            }
            if !hit.requirements.is_empty() {
                let _ = writeln!(out, "  {}{colon}", tr(lang, Key::Requirements));
                for r in &hit.requirements {
                    let (level, dimension) = match lang {
                        Lang::Zh => (r.level.label_zh(), r.dimension.label_zh()),
                        Lang::En => (r.level.label_en(), r.dimension.label_en()),
                    };
                    let _ = writeln!(out, "    {level} · {dimension}{colon}{}", r.text);
                }
            }
            if let Some(measures) = layer.text(fid, m.measures.as_deref()) {
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
