//! Industries named in words inside requirement texts ("禁止新建化工、电镀项目"), mapped to
//! GB/T 4754-2017 code prefixes so that a reviewer is pointed at the sentences that may concern the
//! project. These are hints for a reviewer's reading, never a verdict: words are ambiguous
//! ("化工园区外", "除…以外"), and the sentence may permit as much as it forbids.
//!
//! Not for access rules stated by code (see `industry`).

use serde::Serialize;

use super::Requirement;
use super::industry::IndustryCode;

/// Words naming industries and the GB/T 4754-2017 classes they usually mean.
/// Codes checked against GB/T 4754-2017 (国民经济行业分类) class titles:
/// C26 化学原料和化学制品制造业; C27 医药制造业; C3360 金属表面处理及热处理加工 (电镀);
/// C1713/C1723/C1733/C1743/C1752 棉/毛/麻/丝/化纤织物 印染·染整精加工; C221 纸浆制造, C222 造纸;
/// C1910 皮革鞣制加工; C2521 炼焦; C3011 水泥制造; C31 黑色金属冶炼和压延加工业; C263 农药制造;
/// C262 肥料制造; C251 精炼石油产品制造; C32 有色金属冶炼和压延加工业; C3041 平板玻璃制造;
/// C3391/C3392 黑色/有色金属铸造; D4411 火力发电; A03 畜牧业; C3031 粘土砖瓦及建筑砌块制造.
pub const KEYWORDS: &[(&str, &[&str])] = &[
    ("化工", &["C26"]),
    ("化学原料", &["C26"]),
    ("化学制品", &["C26"]),
    ("制药", &["C27"]),
    ("医药", &["C27"]),
    ("原料药", &["C2710"]),
    ("电镀", &["C3360"]),
    ("印染", &["C1713", "C1723", "C1733", "C1743", "C1752"]),
    ("造纸", &["C221", "C222"]),
    ("制浆", &["C221"]),
    ("制革", &["C1910"]),
    ("鞣制", &["C1910"]),
    ("焦化", &["C2521"]),
    ("炼焦", &["C2521"]),
    ("水泥", &["C3011"]),
    ("钢铁", &["C31"]),
    ("炼铁", &["C311"]),
    ("炼钢", &["C312"]),
    ("农药", &["C263"]),
    ("化肥", &["C262"]),
    ("炼油", &["C251"]),
    ("石化", &["C251", "C26"]),
    ("有色金属冶炼", &["C32"]),
    ("平板玻璃", &["C3041"]),
    ("铸造", &["C3391", "C3392"]),
    ("燃煤发电", &["D4411"]),
    ("火电", &["D4411"]),
    ("畜禽养殖", &["A03"]),
    ("砖瓦", &["C3031"]),
];

/// Words that make a sentence a constraint worth pointing at.
const CONSTRAINT_WORDS: &[&str] = &[
    "禁止",
    "严禁",
    "不得",
    "限制",
    "淘汰",
    "严控",
    "严格控制",
    "不予",
];

/// A requirement sentence naming, in words, an industry that the project's code falls under.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeywordHint {
    /// The word found, e.g. `化工`.
    pub keyword: String,
    /// The GB/T 4754 prefixes the word was taken to mean, e.g. `C26`.
    pub prefixes: Vec<String>,
    /// The sentence of the requirement that contains it.
    pub sentence: String,
    /// The requirement's source (table row or layer field).
    pub source: String,
}

/// Sentences of `reqs` that constrain an industry named in words which `code` falls under.
pub fn keyword_hints(reqs: &[Requirement], code: &IndustryCode) -> Vec<KeywordHint> {
    let mut out: Vec<KeywordHint> = Vec::new();
    for r in reqs {
        for sentence in r
            .text
            .split(['。', '；', ';', '\n'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            if !CONSTRAINT_WORDS.iter().any(|w| sentence.contains(w)) {
                continue;
            }
            for (word, prefixes) in KEYWORDS {
                if !sentence.contains(word) {
                    continue;
                }
                let hit = prefixes
                    .iter()
                    .filter_map(|p| IndustryCode::parse(p).ok())
                    .any(|p| code.starts_with(&p));
                let already = out
                    .iter()
                    .any(|h| h.sentence == sentence && h.source == r.source);
                if hit && !already {
                    out.push(KeywordHint {
                        keyword: (*word).to_string(),
                        prefixes: prefixes.iter().map(|p| p.to_string()).collect(),
                        sentence: sentence.to_string(),
                        source: r.source.clone(),
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::requirements::{Dimension, Level};

    fn req(text: &str) -> Requirement {
        Requirement {
            level: Level::County,
            scope: "桃城区".into(),
            dimension: Dimension::Spatial,
            text: text.into(),
            source: "t.csv 第2行".into(),
        }
    }

    #[test]
    fn points_at_constraining_sentences_naming_the_projects_industry() {
        let reqs = [req(
            "禁止新建化工、化学制药和电镀项目。鼓励发展现代服务业。化工企业应配套建设事故应急池",
        )];
        let c2614 = IndustryCode::parse("C2614").unwrap();
        let hints = keyword_hints(&reqs, &c2614);
        assert_eq!(hints.len(), 1, "{hints:?}");
        assert_eq!(hints[0].keyword, "化工");
        assert_eq!(hints[0].sentence, "禁止新建化工、化学制药和电镀项目");
        // Electroplating (C3360) is named in the same sentence as 电镀.
        let c3360 = IndustryCode::parse("C3360").unwrap();
        assert_eq!(keyword_hints(&reqs, &c3360)[0].keyword, "电镀");
        // A bakery (C1411) is not named.
        let c1411 = IndustryCode::parse("C1411").unwrap();
        assert!(keyword_hints(&reqs, &c1411).is_empty());
    }
}
