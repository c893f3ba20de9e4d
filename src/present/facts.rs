//! The words for facts the workspace states about a point or a check dimension ("不在任何环境管控
//! 单元内", "未载入生态保护红线图层"), so the identify panel, the copied text and `query` say them
//! alike in both languages.
//!
//! Not for deciding the facts (see `workspace::point_report`).

use super::Lang;
use crate::workspace::coverage::Dimension;
use crate::workspace::point_report::PointFact;

/// The dimension's name as the interface shows it.
pub fn dimension_label(d: Dimension, lang: Lang) -> &'static str {
    match d {
        Dimension::UnitCoverage => lang.t("环境管控单元", "control units"),
        Dimension::Redline => lang.t("生态保护红线", "ecological redline"),
        Dimension::Reserve => lang.t("自然保护区", "nature reserves"),
        Dimension::WaterSource => lang.t("饮用水水源保护区", "drinking-water source zones"),
        Dimension::Rivers => lang.t("河流水系", "rivers"),
        Dimension::Requirements => lang.t("管控要求", "requirements"),
        Dimension::Industry => lang.t("行业准入", "industry access"),
    }
}

/// What must be supplied for a missing dimension, in a few words.
pub fn missing_label(d: Dimension, lang: Lang) -> &'static str {
    match d {
        Dimension::UnitCoverage => lang.t(
            "覆盖项目用地的环境管控单元",
            "control units covering the site",
        ),
        Dimension::Redline => lang.t("生态保护红线", "ecological redline"),
        Dimension::Reserve => lang.t("自然保护区", "nature reserves"),
        Dimension::WaterSource => lang.t("饮用水水源保护区", "drinking-water source zones"),
        Dimension::Rivers => lang.t("河流水系", "rivers"),
        Dimension::Requirements => lang.t("单元管控要求", "the units' requirements"),
        Dimension::Industry => lang.t("行业准入核查", "the industry check"),
    }
}

/// One sentence for a fact about a clicked or typed point.
pub fn point_fact_text(fact: &PointFact, lang: Lang) -> String {
    match fact {
        PointFact::InNoControlUnit => lang
            .t(
                "该点不在任何环境管控单元内",
                "The point is in no environmental control unit",
            )
            .to_string(),
        PointFact::OutsideLoadedData => lang
            .t(
                "该点在所载数据的范围之外：此处无数据，不能据此判断",
                "The point is outside the loaded data: there is no data here to judge by",
            )
            .to_string(),
        PointFact::NotLoaded { dimension } => match lang {
            Lang::Zh => format!("未载入{}图层，未查询", dimension_label(*dimension, lang)),
            Lang::En => format!(
                "No {} layer is loaded: not queried",
                dimension_label(*dimension, lang)
            ),
        },
        PointFact::NotApplicable { dimension, reason } => match lang {
            Lang::Zh => format!(
                "{}：不适用（项目文件声明：{reason}）",
                dimension_label(*dimension, lang)
            ),
            Lang::En => format!(
                "{}: not applicable (the project file states: {reason})",
                dimension_label(*dimension, lang)
            ),
        },
        PointFact::Hidden { dimension } => match lang {
            Lang::Zh => format!("{}图层已隐藏，未查询", dimension_label(*dimension, lang)),
            Lang::En => format!(
                "The {} layers are hidden: not queried",
                dimension_label(*dimension, lang)
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_say_what_was_not_queried() {
        let f = PointFact::NotLoaded {
            dimension: Dimension::Redline,
        };
        assert_eq!(
            point_fact_text(&f, Lang::Zh),
            "未载入生态保护红线图层，未查询"
        );
        assert!(point_fact_text(&PointFact::OutsideLoadedData, Lang::En).contains("outside"));
    }
}
