//! The words of a version comparison, in zh/en: the kinds of change of a unit joined, a site's
//! units before and after, the counts line, and the whole comparison as readable lines. One place,
//! so `zonecheck diff` and the app's 版本对比 word it alike.
//!
//! Not for the figures (see `workspace::diff`) or the tables' columns (see `present::batch`).

use super::Lang;
use super::batch::change_label;
use crate::model::UnitCategory;
use crate::workspace::diff::{
    AreaChange, ChangeKind, DiffSide, SiteChange, SiteUnit, ZoneChange, ZoningDiff,
};

/// `范围调整、类别调整`: the kinds of change of one unit or zone.
pub fn changes_text(changes: &[ChangeKind], lang: Lang) -> String {
    changes
        .iter()
        .map(|c| change_label(c.key(), lang))
        .collect::<Vec<_>>()
        .join(lang.t("、", ", "))
}

/// A unit category in words, `—` when the data gives none.
pub fn category_text(c: Option<UnitCategory>, lang: Lang) -> String {
    c.map(|c| lang.t(c.name_zh(), c.name_en()).to_string())
        .unwrap_or_else(|| "—".into())
}

/// `ZH131102… 重点管控单元 62.50%；…`: the units a site overlaps in one version.
pub fn units_text(units: &[SiteUnit], lang: Lang) -> String {
    if units.is_empty() {
        return lang.t("无", "none").to_string();
    }
    units
        .iter()
        .map(|u| {
            format!(
                "{} {} {:.2}%",
                u.code,
                category_text(u.category, lang),
                u.share * 100.0
            )
        })
        .collect::<Vec<_>>()
        .join(lang.t("；", "; "))
}

/// `+1234.5 m² / −0.0 m²`: the area a unit or zone gained and lost.
pub fn gained_lost_text(area: &AreaChange) -> String {
    format!(
        "+{:.1} m² / −{:.1} m²",
        area.area_gained_m2, area.area_lost_m2
    )
}

/// Why a comparison was refused: `side` has no control-unit layer.
pub fn no_unit_layer_text(side: DiffSide, lang: Lang) -> String {
    let side = match side {
        DiffSide::Old => lang.t("旧版本", "The old version"),
        DiffSide::New => lang.t("新版本", "The new version"),
    };
    format!(
        "{side}{}",
        lang.t(
            "中没有环境管控单元图层，无法比较（请选择含管控单元的项目文件或图层）",
            " has no control-unit layer, so nothing can be compared (choose a project file or layer with control units)"
        )
    )
}

/// `旧版本：12 个管控单元要素没有单元编码，未参与比较`: features a comparison could not match.
pub fn uncoded_units_text(side: &str, count: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{side}：{count} 个管控单元要素没有单元编码，未参与比较"),
        Lang::En => {
            format!("{side}: {count} control-unit features have no unit code and were not compared")
        }
    }
}

/// `自然保护区 衡水湖（核心区）`: a changed zone's role, name and zone.
pub fn zone_title(z: &ZoneChange, lang: Lang) -> String {
    let role = crate::model::LayerRole::from_key(z.key.role)
        .map_or(z.key.role, |r| lang.t(r.label_zh(), r.label_en()));
    format!(
        "{role} {}{}",
        z.key.name,
        z.key
            .zone
            .as_deref()
            .map(|z| format!("（{z}）"))
            .unwrap_or_default()
    )
}

/// How many units changed in each way: `变化的环境管控单元 12 个（新增 2，删除 1，范围调整 9…）`
/// followed by the zones' count. A unit with several kinds of change counts under each.
pub fn diff_counts_text(diff: &ZoningDiff, lang: Lang) -> String {
    let parts: Vec<String> = ChangeKind::ALL
        .iter()
        .map(|&k| {
            let n = diff.units.iter().filter(|u| u.changes.contains(&k)).count();
            (k, n)
        })
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| format!("{} {n}", change_label(k.key(), lang)))
        .collect();
    let detail = if parts.is_empty() {
        String::new()
    } else {
        match lang {
            Lang::Zh => format!("（{}）", parts.join("，")),
            Lang::En => format!(" ({})", parts.join(", ")),
        }
    };
    match lang {
        Lang::Zh => format!(
            "变化的环境管控单元 {} 个{detail}；变化的保护区、红线与水源保护区 {} 处",
            diff.units.len(),
            diff.zones.len()
        ),
        Lang::En => format!(
            "{} control units changed{detail}; {} reserves, redlines and water-source zones changed",
            diff.units.len(),
            diff.zones.len()
        ),
    }
}

/// `12 个地块中 3 个涉及的单元有变化，1 个未能比较`.
pub fn site_changes_count_text(sites: &[SiteChange], lang: Lang) -> String {
    let changed = sites.iter().filter(|s| s.changed).count();
    let failed = sites.iter().filter(|s| s.error.is_some()).count();
    let mut text = match lang {
        Lang::Zh => format!("{} 个地块中 {changed} 个涉及的单元有变化", sites.len()),
        Lang::En => format!("{changed} of {} sites changed units", sites.len()),
    };
    if failed > 0 {
        text.push_str(&match lang {
            Lang::Zh => format!("，{failed} 个未能比较"),
            Lang::En => format!(", {failed} could not be compared"),
        });
    }
    text
}

/// The whole comparison as readable lines: every changed unit and zone with its gained and lost
/// areas, and (with sites) every site whose units changed or that could not be compared.
pub fn diff_text(diff: &ZoningDiff, sites: Option<&[SiteChange]>, lang: Lang) -> String {
    let mut out = String::new();
    out.push_str(&match lang {
        Lang::Zh => format!("变化的环境管控单元 {} 个：\n", diff.units.len()),
        Lang::En => format!("{} control units changed:\n", diff.units.len()),
    });
    for u in &diff.units {
        out.push_str(&format!(
            "  {}  {}  {}\n",
            u.code,
            changes_text(&u.changes, lang),
            gained_lost_text(&u.area)
        ));
    }
    out.push_str(&match lang {
        Lang::Zh => format!("变化的保护区、红线与水源保护区 {} 处：\n", diff.zones.len()),
        Lang::En => format!(
            "{} reserves, redlines and water-source zones changed:\n",
            diff.zones.len()
        ),
    });
    for z in &diff.zones {
        out.push_str(&format!(
            "  {}  {}  {}\n",
            zone_title(z, lang),
            changes_text(&z.changes, lang),
            gained_lost_text(&z.area)
        ));
    }
    if let Some(sites) = sites {
        out.push_str(&site_changes_count_text(sites, lang));
        out.push_str(lang.t("：\n", ":\n"));
        for s in sites {
            if let Some(e) = &s.error {
                out.push_str(&format!(
                    "  [{}] {}  {}{e}\n",
                    s.index + 1,
                    s.id,
                    lang.t("错误：", "error: ")
                ));
            } else if s.changed {
                out.push_str(&format!(
                    "  [{}] {}  {}  →  {}\n",
                    s.index + 1,
                    s.id,
                    units_text(&s.before, lang),
                    units_text(&s.after, lang)
                ));
            }
        }
    }
    out
}
