//! The rules that turn an overlap with a protected zone into a verdict — data, not code, so a
//! project file can replace them (a province with stricter rules, a reserve whose zones are named
//! differently) and every verdict can cite the rule it applied.
//!
//! Not for applying them (see `workspace::verdict`).

use serde::{Deserialize, Serialize};

use crate::model::role::LayerRole;

/// What an overlap with a zone means for the verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ZoneOutcome {
    /// The project may not be built there: 不符合.
    NonCompliant,
    /// Allowed under the rule's condition: at best 有条件符合.
    Conditional,
    /// The data cannot tell (a reserve without its functional zone): at best 无法判定.
    Undetermined,
}

/// One rule: a site inside a feature of `role` whose zone (or, without a zone field, name)
/// contains one of `zone_words` gets `outcome`. An empty `zone_words` matches every feature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZoneRule {
    pub role: LayerRole,
    #[serde(default)]
    pub zone_words: Vec<String>,
    pub outcome: ZoneOutcome,
    /// The condition a conditional outcome rests on, or why the outcome holds, in Chinese.
    #[serde(default)]
    pub condition: String,
    /// The legal basis quoted with the verdict (law, article, text).
    pub basis: String,
}

impl ZoneRule {
    /// Whether a feature of `role` with this zone text (or name) falls under the rule.
    pub fn matches(&self, role: LayerRole, zone_or_name: &str) -> bool {
        self.role == role
            && (self.zone_words.is_empty()
                || self
                    .zone_words
                    .iter()
                    .any(|w| zone_or_name.contains(w.as_str())))
    }
}

/// The project file's `[verdict]` table.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerdictSpec {
    /// Replaces the built-in zone rules when given (first match wins, in order).
    #[serde(default)]
    pub zone_rules: Vec<ZoneRule>,
}

fn rule(
    role: LayerRole,
    zone_words: &[&str],
    outcome: ZoneOutcome,
    condition: &str,
    basis: &str,
) -> ZoneRule {
    ZoneRule {
        role,
        zone_words: zone_words.iter().map(|w| w.to_string()).collect(),
        outcome,
        condition: condition.into(),
        basis: basis.into(),
    }
}

/// The national rules, first match wins. The texts quote the laws as published.
pub fn default_zone_rules() -> Vec<ZoneRule> {
    use LayerRole::{Redline, Reserve, WaterSource};
    use ZoneOutcome::{Conditional, NonCompliant, Undetermined};
    vec![
        rule(
            Redline,
            &[],
            NonCompliant,
            "生态保护红线内严格禁止开发性、生产性建设活动",
            "《关于在国土空间规划中统筹划定落实三条控制线的指导意见》（2019）：生态保护红线内，自然保护地核心保护区原则上禁止人为活动，其他区域严格禁止开发性、生产性建设活动",
        ),
        rule(
            Reserve,
            &["核心区", "缓冲区"],
            NonCompliant,
            "自然保护区核心区和缓冲区内不得建设任何生产设施",
            "《中华人民共和国自然保护区条例》第三十二条：在自然保护区的核心区和缓冲区内，不得建设任何生产设施",
        ),
        rule(
            Reserve,
            &["实验区"],
            Conditional,
            "不得建设污染环境、破坏资源或者景观的生产设施；建设其他项目，其污染物排放不得超过国家和地方规定的污染物排放标准",
            "《中华人民共和国自然保护区条例》第三十二条：在自然保护区的实验区内，不得建设污染环境、破坏资源或者景观的生产设施",
        ),
        rule(
            Reserve,
            &[],
            Undetermined,
            "所载自然保护区图层未标明功能分区（核心区/缓冲区/实验区），无法判断适用的禁止性规定",
            "《中华人民共和国自然保护区条例》第十八条、第三十二条",
        ),
        rule(
            WaterSource,
            &["一级"],
            NonCompliant,
            "饮用水水源一级保护区内禁止新建、改建、扩建与供水设施和保护水源无关的建设项目",
            "《中华人民共和国水污染防治法》第六十五条：禁止在饮用水水源一级保护区内新建、改建、扩建与供水设施和保护水源无关的建设项目",
        ),
        rule(
            WaterSource,
            &["二级"],
            Conditional,
            "不得新建、改建、扩建排放污染物的建设项目",
            "《中华人民共和国水污染防治法》第六十六条：禁止在饮用水水源二级保护区内新建、改建、扩建排放污染物的建设项目",
        ),
        rule(
            WaterSource,
            &["准保护区"],
            Conditional,
            "不得新建、扩建对水体污染严重的建设项目；改建建设项目不得增加排污量",
            "《中华人民共和国水污染防治法》第六十七条：禁止在饮用水水源准保护区内新建、扩建对水体污染严重的建设项目；改建建设项目，不得增加排污量",
        ),
        rule(
            WaterSource,
            &[],
            Undetermined,
            "所载水源保护区图层未标明保护区级别（一级/二级/准保护区），无法判断适用的禁止性规定",
            "《中华人民共和国水污染防治法》第六十五条至第六十七条",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_match_decides_and_unknown_zones_stay_undetermined() {
        let rules = default_zone_rules();
        let outcome = |role, zone: &str| {
            rules
                .iter()
                .find(|r| r.matches(role, zone))
                .map(|r| r.outcome)
        };
        assert_eq!(
            outcome(LayerRole::Reserve, "衡水湖国家级自然保护区（缓冲区）"),
            Some(ZoneOutcome::NonCompliant)
        );
        assert_eq!(
            outcome(LayerRole::Reserve, "实验区"),
            Some(ZoneOutcome::Conditional)
        );
        assert_eq!(
            outcome(LayerRole::Reserve, "衡水湖国家级自然保护区"),
            Some(ZoneOutcome::Undetermined)
        );
        assert_eq!(
            outcome(LayerRole::WaterSource, "一级保护区"),
            Some(ZoneOutcome::NonCompliant)
        );
        assert_eq!(
            outcome(LayerRole::WaterSource, "准保护区"),
            Some(ZoneOutcome::Conditional)
        );
        assert_eq!(
            outcome(LayerRole::Redline, "任何"),
            Some(ZoneOutcome::NonCompliant)
        );
        assert_eq!(outcome(LayerRole::River, "滏阳河"), None);
    }
}
