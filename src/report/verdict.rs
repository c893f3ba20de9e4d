//! The report's conclusion paragraph in the form EIA reports use, worded from the workspace's
//! verdict and the facts already in `ReportData`.
//!
//! Not for deciding anything: the verdict comes from `workspace::verdict`.

use super::data::ReportData;
use crate::model::LayerRole;
use crate::present::{Lang, area_text, share_text};
use crate::requirements::IndustryVerdict;
use crate::workspace::VerdictResult;
use crate::workspace::sensitive::Relation;

/// The sentence under the units table saying how areas were computed.
pub fn area_method(d: &ReportData) -> String {
    let chosen = match (d.planar_crs_chosen, d.lang) {
        (false, _) => "",
        (true, Lang::Zh) => "（数据为经纬度坐标，按用地中心经度所在的 3° 带投影）",
        (true, Lang::En) => " (the data is in lon/lat: the 3° zone of the site's centre)",
    };
    match (d.lang, &d.planar_crs) {
        (Lang::Zh, Some(crs)) => format!(
            "面积计算：椭球面积按 CGCS2000 椭球测地线方法计算（土地调查通行口径）；平面面积按 {crs} 高斯-克吕格投影平面计算{chosen}。坐标系：CGCS2000。"
        ),
        (Lang::Zh, None) => {
            "面积计算：椭球面积按 CGCS2000 椭球测地线方法计算；数据无投影坐标系，未给出平面面积。".into()
        }
        (Lang::En, Some(crs)) => format!(
            "Areas: ellipsoidal (geodesic on the CGCS2000 ellipsoid, as land surveys report); planar in {crs} (Gauss-Kruger){chosen}."
        ),
        (Lang::En, None) => {
            "Areas: ellipsoidal (geodesic on the CGCS2000 ellipsoid); the data is not projected, so no planar area is given.".into()
        }
    }
}

/// The verdict paragraph in the form EIA reports use, from the workspace's verdict: where the
/// site is, each sensitive kind (touched, clear, not checked or not applicable — never a blanket
/// "不涉及" over kinds that were not loaded), the industry, and what the conclusion rests on.
pub fn verdict_paragraph(d: &ReportData) -> String {
    let zh = d.lang == Lang::Zh;
    let sep = if zh { "；" } else { "; " };
    let mut parts: Vec<String> = Vec::new();
    if d.units.is_empty() {
        parts.push(d.lang.t(
            "项目用地不在所载环境管控单元图层的任何单元内，无法据此确定其适用的管控要求，请核实用地范围与数据覆盖范围",
            "The site lies in no control unit of the loaded layers, so the requirements that apply cannot be determined; check the site and the data's coverage",
        ).to_string());
    } else {
        let list: Vec<String> = d
            .units
            .iter()
            .map(|u| {
                let county = if u.county == "—" || u.name.contains(&u.county) {
                    String::new()
                } else {
                    u.county.clone()
                };
                let of = if u.length_m.is_some() {
                    "线路"
                } else {
                    "用地"
                };
                if zh {
                    format!(
                        "{county}{}（{}，{}，占{of} {}）",
                        u.name,
                        u.code,
                        u.category,
                        share_text(u.share)
                    )
                } else {
                    format!(
                        "{} ({}, {}, {} of the site)",
                        u.name,
                        u.code,
                        u.category,
                        share_text(u.share)
                    )
                }
            })
            .collect();
        parts.push(if zh {
            format!("项目用地位于{}", list.join("、"))
        } else {
            format!("The site lies in {}", list.join("; "))
        });
    }
    // Each sensitive kind on its own terms.
    let mut clear: Vec<String> = Vec::new();
    for role in [
        LayerRole::Redline,
        LayerRole::Reserve,
        LayerRole::WaterSource,
        LayerRole::River,
    ] {
        let of_kind: Vec<_> = d.sensitive.iter().filter(|s| s.role == role).collect();
        let kind = crate::workspace::Dimension::of_role(role)
            .map(|dim| crate::present::dimension_label(dim, d.lang))
            .unwrap_or(role.label_zh())
            .to_string();
        let inside: Vec<&str> = of_kind
            .iter()
            .filter(|s| s.relation.is_inside())
            .map(|s| s.sentence.trim_end_matches(['。', '.']))
            .collect();
        if !inside.is_empty() {
            parts.push(inside.join(sep));
            continue;
        }
        match of_kind.first().map(|s| &s.relation) {
            Some(Relation::NotChecked) => parts.push(match d.lang {
                Lang::Zh => format!("未载入{kind}图层，是否涉及{kind}未核查"),
                Lang::En => format!("no {kind} layer was loaded, so {kind} was not checked"),
            }),
            Some(Relation::NotApplicable { reason }) => parts.push(match d.lang {
                Lang::Zh => format!("{kind}不适用（{reason}）"),
                Lang::En => format!("{kind}: not applicable ({reason})"),
            }),
            _ => clear.push(kind),
        }
    }
    if !clear.is_empty() {
        parts.push(match d.lang {
            Lang::Zh => format!("不涉及所载图层中的{}", clear.join("、")),
            Lang::En => format!("it touches no {} of the loaded layers", clear.join(", ")),
        });
    }
    // The industry.
    match &d.industry_check {
        // Said once, among the checks that could not be made (below).
        None => {}
        Some(v) => {
            let code = &v.code;
            match v.overall {
                IndustryVerdict::Prohibited => {
                    let units: Vec<String> = v
                        .units
                        .iter()
                        .filter(|u| u.verdict == IndustryVerdict::Prohibited)
                        .map(|u| u.key.code.clone().unwrap_or_default())
                        .collect();
                    let rule = v
                        .units
                        .iter()
                        .flat_map(|u| u.rules.iter())
                        .find(|r| r.access == crate::requirements::Access::Prohibited)
                        .map(|r| r.text.trim_end_matches('。').to_string())
                        .unwrap_or_default();
                    parts.push(if zh {
                        format!(
                            "项目行业（{code}）在 {} 属禁止准入类（{rule}），{}，项目建设与生态环境准入清单要求不符合",
                            units.join("、"),
                            if v.prohibited_area_m2 > 0.0 {
                                format!(
                                    "涉及用地 {}（占项目用地 {}）",
                                    area_text(d.lang, v.prohibited_area_m2),
                                    share_text(v.prohibited_share)
                                )
                            } else {
                                format!("占项目 {}", share_text(v.prohibited_share))
                            }
                        )
                    } else {
                        format!(
                            "industry {code} is prohibited in {} ({rule}), {} of the site: the project does not comply with the access list",
                            units.join(", "),
                            share_text(v.prohibited_share),
                        )
                    });
                }
                IndustryVerdict::Restricted => parts.push(match d.lang {
                    Lang::Zh => format!("项目行业（{code}）属限制准入类，须满足相应条件"),
                    Lang::En => format!("industry {code} is restricted: conditions apply"),
                }),
                IndustryVerdict::NoUnit => parts.push(match d.lang {
                    Lang::Zh => format!("项目不在任何管控单元内，项目行业（{code}）的准入无法核查"),
                    Lang::En => format!("the site is in no control unit, so industry {code} cannot be checked"),
                }),
                IndustryVerdict::Encouraged | IndustryVerdict::NotListed => parts.push(match d.lang {
                    Lang::Zh => format!("项目行业（{code}）未列入所在单元行业准入规则的禁止类和限制类"),
                    Lang::En => format!("industry {code} is neither prohibited nor restricted by the units' industry rules"),
                }),
            }
        }
    }
    let v = &d.decision;
    let mut text = if zh {
        format!("综上，{}。", parts.join("；"))
    } else {
        format!("In summary: {}.", parts.join("; "))
    };
    match v.result {
        VerdictResult::Undetermined => {
            let reasons: Vec<&str> = v.reasons.iter().map(|r| r.trim_end_matches('。')).collect();
            text.push_str(&match d.lang {
                Lang::Zh => format!(
                    "以下核查未能完成，结论为{}：{}。",
                    d.conclusion,
                    reasons.join("；")
                ),
                Lang::En => format!(
                    " These checks could not be made, so the conclusion is {}: {}.",
                    d.conclusion,
                    reasons.join("; ")
                ),
            });
        }
        VerdictResult::NonCompliant => text.push_str(&match d.lang {
            Lang::Zh => format!(
                "结论为不符合：{}。",
                v.reasons
                    .first()
                    .map(|r| r.trim_end_matches('。'))
                    .unwrap_or("")
            ),
            Lang::En => format!(
                " The conclusion is that it does not comply: {}.",
                v.reasons.first().map(String::as_str).unwrap_or("")
            ),
        }),
        VerdictResult::Conditional => text.push_str(&match d.lang {
            Lang::Zh => format!(
                "在满足以下条件的前提下，项目有条件符合生态环境分区管控要求：{}。",
                v.conditions.join("；")
            ),
            Lang::En => format!(
                " The project complies provided it meets: {}.",
                v.conditions.join("; ")
            ),
        }),
        VerdictResult::Compliant => text.push_str(d.lang.t(
            "在落实各项管控要求的前提下，项目建设符合生态环境分区管控要求。",
            " Provided every requirement is met, the project complies with the zoning.",
        )),
    }
    if !v.basis.is_empty() {
        text.push_str(&match d.lang {
            Lang::Zh => format!("依据：{}。", v.basis.join("；")),
            Lang::En => format!(" Basis: {}.", v.basis.join("; ")),
        });
    }
    text.push_str(d.lang.t(
        "以上分析由软件依据所载数据自动生成，用于支持而非替代审查人员的判断。",
        " This analysis was generated by software from the loaded data; it supports, and does not replace, the reviewer's judgement.",
    ));
    text
}
