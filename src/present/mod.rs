//! How facts are worded for people: the interface language and the formatting every face shares
//! (areas in 公顷/亩, distances as EIA reports write them, shares, UTC time stamps), so the site
//! panel, the command line and the Word report cannot word one figure two ways.
//!
//! Not for layout (the faces and `report::tables` do that) or for deciding anything.

pub mod basemap;
pub mod batch;
pub mod coords;
mod crs_words;
pub mod diff_text;
mod facts;
mod feature_facts;
mod field_words;
mod file_words;
pub mod palette;

use serde::Serialize;

pub use crs_words::{crs_origin_text, crs_text, encoding_how_text, guessed_crs_notice};
pub use facts::{dimension_label, missing_label, point_fact_text};
pub use feature_facts::FeatureFacts;
pub use field_words::{field_heading, field_meaning, field_meaning_label, field_meanings};
pub use file_words::foreign_content_text;

use crate::query::measure::{hectares, mu};

/// The language people read answers in: 简体中文 by default (our users are Chinese reviewers and
/// planners), English for foreign colleagues and developers.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// Picks the Chinese or the English text.
    pub fn t<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// Reads `zh`/`cn`/`chinese` or `en`/`english`.
    pub fn parse(raw: &str) -> Option<Lang> {
        match raw.trim().to_lowercase().as_str() {
            "zh" | "cn" | "zh-cn" | "chinese" | "中文" => Some(Lang::Zh),
            "en" | "english" => Some(Lang::En),
            _ => None,
        }
    }
}

/// `1.2346 公顷（18.52 亩）` or `1.2346 ha (18.52 mu)`.
pub fn area_text(lang: Lang, area_m2: f64) -> String {
    match lang {
        Lang::Zh => format!("{:.4} 公顷（{:.2} 亩）", hectares(area_m2), mu(area_m2)),
        Lang::En => format!("{:.4} ha ({:.2} mu)", hectares(area_m2), mu(area_m2)),
    }
}

/// `337,450.933 m² · 33.7451 公顷 · 506.18 亩`: the square metres in full with the units land
/// surveys use, as the site panel shows an area.
pub fn area_full_text(lang: Lang, area_m2: f64) -> String {
    format!(
        "{} m² · {:.4} {} · {:.2} {}",
        thousands(area_m2),
        hectares(area_m2),
        lang.t("公顷", "ha"),
        mu(area_m2),
        lang.t("亩", "mu")
    )
}

/// A measured length: "0.00 m" … "999.99 m", then "1.000 km". Never "-0.00 m" (an empty sum
/// of floats is −0.0).
pub fn length_text(length_m: f64) -> String {
    let length_m = if length_m > 0.0 { length_m } else { 0.0 };
    // 999.996 m would print as "1000.00 m"; it reads better as 1.000 km.
    if length_m < 999.995 {
        format!("{length_m:.2} m")
    } else {
        format!("{:.3} km", length_m / 1000.0)
    }
}

/// A measured area: square metres with 公顷 and 亩 as `area_full_text`, and from 1 km² on the
/// square kilometres first (a county's area in m² is a 10-digit number nobody reads).
pub fn measured_area_text(lang: Lang, area_m2: f64) -> String {
    let area_m2 = if area_m2 > 0.0 { area_m2 } else { 0.0 };
    if area_m2 < 1e6 {
        return area_full_text(lang, area_m2);
    }
    format!(
        "{:.3} km² · {:.2} {} · {:.1} {}",
        area_m2 / 1e6,
        hectares(area_m2),
        lang.t("公顷", "ha"),
        mu(area_m2),
        lang.t("亩", "mu")
    )
}

/// The key Chinese text sorts by: each Han character as its pinyin with the tone number
/// (北 → "bei3"), other characters lower-cased as they are; so 安平县 < 北京 < 河北 < 衡水, as in
/// a Chinese dictionary. Code-point order follows radicals, not sounds, and reads as random to
/// a Chinese user.
pub fn collation_key(text: &str) -> String {
    use pinyin::ToPinyin;
    let mut key = String::with_capacity(text.len() * 2);
    for (c, p) in text.chars().zip(text.to_pinyin()) {
        match p {
            Some(p) => {
                key.push_str(p.with_tone_num_end());
                // Keeps "xi an" (西安) apart from "xian" (先).
                key.push(' ');
            }
            None => key.extend(c.to_lowercase()),
        }
    }
    key
}

/// A number with 3 decimals and thousands separators (337,450.933).
pub fn thousands(v: f64) -> String {
    let s = format!("{:.3}", v.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    let sign = if v < 0.0 { "-" } else { "" };
    format!("{sign}{out}.{frac}")
}

/// `850 m` below 1 km, `10.9 km` from there: distances as EIA reports write them, the one
/// rounding every face uses (the exact metres are in the JSON).
pub fn distance_value(distance_m: f64) -> String {
    if distance_m < 1000.0 {
        format!("{distance_m:.0} m")
    } else {
        format!("{:.1} km", distance_m / 1000.0)
    }
}

/// `约 850 m`, `约 10.9 km`.
pub fn distance_text(lang: Lang, distance_m: f64) -> String {
    let value = distance_value(distance_m);
    match lang {
        Lang::Zh => format!("约 {value}"),
        Lang::En => format!("about {value}"),
    }
}

/// How far a feature found near a clicked point is: lines and points "about 12 m from the
/// click"; a zone the point is outside of says so ("not inside; about 1.3 km from its edge"),
/// because a reviewer must not read it as a hit.
pub fn distance_from_point_text(lang: Lang, distance_m: f64, is_zone: bool) -> String {
    let value = distance_value(distance_m);
    match (lang, is_zone && distance_m > 0.0) {
        (Lang::Zh, false) => format!("距点击处约 {value}"),
        (Lang::En, false) => format!("about {value} from the click"),
        (Lang::Zh, true) => format!("点击处不在其内，距其边界约 {value}"),
        (Lang::En, true) => format!("the click is outside; about {value} from its edge"),
    }
}

/// A share 0..1 as a percentage with two decimals.
pub fn share_text(share: f64) -> String {
    format!("{:.2}%", share * 100.0)
}

/// `YYYY-MM-DD HH:MM UTC` for seconds since the Unix epoch.
pub fn utc_text(unix_s: i64) -> String {
    let days = unix_s.div_euclid(86_400);
    let secs = unix_s.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        secs / 3600,
        (secs % 3600) / 60
    )
}

/// `YYYY-MM-DD HH:MM` in the zone `offset_s` east of UTC, with the zone said: 北京时间（UTC+8）
/// for a report written in China, else `UTC+hh:mm`. Reports are dated in the reader's time, not
/// UTC (a report generated at 08:30 in Hebei must not say 00:30).
pub fn local_time_text(lang: Lang, unix_s: i64, offset_s: i32) -> String {
    let local = unix_s + i64::from(offset_s);
    let (y, m, d) = civil_from_days(local.div_euclid(86_400));
    let secs = local.rem_euclid(86_400);
    let clock = format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}",
        secs / 3600,
        (secs % 3600) / 60
    );
    let sign = if offset_s < 0 { '-' } else { '+' };
    let (h, min) = (
        offset_s.unsigned_abs() / 3600,
        (offset_s.unsigned_abs() % 3600) / 60,
    );
    let utc = if min == 0 {
        format!("UTC{sign}{h}")
    } else {
        format!("UTC{sign}{h}:{min:02}")
    };
    match (lang, offset_s) {
        (Lang::Zh, 28_800) => format!("{clock} 北京时间（{utc}）"),
        (Lang::En, 28_800) => format!("{clock} China Standard Time ({utc})"),
        (Lang::Zh, _) => format!("{clock}（{utc}）"),
        (Lang::En, _) => format!("{clock} ({utc})"),
    }
}

/// `YYYY-MM-DD` for seconds since the Unix epoch.
pub fn date_text(unix_s: i64) -> String {
    let (y, m, d) = civil_from_days(unix_s.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 to (year, month, day): Howard Hinnant's civil_from_days.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_figures_as_reports_write_them() {
        // 1 ha = 10,000 m²; 1 亩 = 10,000/15 m² → 15 亩 per hectare.
        assert_eq!(area_text(Lang::Zh, 20_000.0), "2.0000 公顷（30.00 亩）");
        assert_eq!(distance_text(Lang::Zh, 10_949.0), "约 10.9 km");
        assert_eq!(distance_text(Lang::Zh, 850.4), "约 850 m");
        assert_eq!(share_text(0.12345), "12.35%");
        assert_eq!(length_text(-0.0), "0.00 m");
        // Dictionary order by sound: 安平 (an) < 北京 (bei) < 河北 (he) < 衡水 (heng) < 饶阳 (rao).
        let mut names = ["饶阳县", "衡水市", "北京", "河北省", "安平县"];
        names.sort_by_key(|n| collation_key(n));
        assert_eq!(names, ["安平县", "北京", "河北省", "衡水市", "饶阳县"]);
        assert_eq!(collation_key("A区"), "aqu1 ");
        assert_eq!(length_text(999.996), "1.000 km");
        // 12.5 km² = 1,250 ha = 18,750 亩 (15 亩 per hectare).
        assert_eq!(
            measured_area_text(Lang::Zh, 12_500_000.0),
            "12.500 km² · 1250.00 公顷 · 18750.0 亩"
        );
        assert!(measured_area_text(Lang::En, 5_000.0).starts_with("5,000.000 m²"));
        // 2026-11-28 14:30 UTC is 1795876200 s after the epoch (date -u -d '2026-11-28 14:30' +%s).
        assert_eq!(utc_text(1_795_876_200), "2026-11-28 14:30 UTC");
        assert_eq!(date_text(951_782_400), "2000-02-29");
        // The same instant in Beijing (+8 h) is 22:30 the same day; at -3:30 it is 11:00.
        assert_eq!(
            local_time_text(Lang::Zh, 1_795_876_200, 8 * 3600),
            "2026-11-28 22:30 北京时间（UTC+8）"
        );
        assert_eq!(
            local_time_text(Lang::En, 1_795_876_200, -(3 * 3600 + 1800)),
            "2026-11-28 11:00 (UTC-3:30)"
        );
        // Past midnight: 2026-11-28 20:00 UTC is 2026-11-29 04:00 in Beijing.
        assert_eq!(
            local_time_text(Lang::Zh, 1_795_876_200 + 5 * 3600 + 1800, 8 * 3600),
            "2026-11-29 04:00 北京时间（UTC+8）"
        );
    }
}
