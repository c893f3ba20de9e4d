//! The report's conclusion: the verdict paragraph in the form EIA reports use, and the one-word
//! conclusion (符合 / 有条件符合 / 不符合 / 无法判断), from facts already in `ReportData`.
//!
//! Not for computing any figure: everything here is read from the data.

use super::data::ReportData;
use super::lang::{Lang, area_text, share_text};
use crate::model::LayerRole;
use crate::requirements::IndustryVerdict;

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

/// The verdict paragraph and the one-word conclusion.
pub fn verdict(d: &ReportData) -> (String, String) {
    let zh = d.lang == Lang::Zh;
    let mut parts: Vec<String> = Vec::new();
    // Where the site is.
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
                if zh {
                    format!(
                        "{county}{}（{}，{}，占{} {}）",
                        u.name,
                        u.code,
                        u.category,
                        if u.length_m.is_some() {
                            "线路"
                        } else {
                            "用地"
                        },
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
    // Sensitive areas.
    let hits: Vec<&str> = d
        .sensitive
        .iter()
        .filter(|s| s.relation.is_inside())
        .map(|s| s.sentence.trim_end_matches('。'))
        .collect();
    let core_hit = d.sensitive.iter().any(|s| {
        s.relation.is_inside()
            && (s.role == LayerRole::Redline
                || s.role == LayerRole::WaterSource
                || (s.role == LayerRole::Reserve
                    && (s.name.contains("核心区") || s.name.contains("缓冲区"))))
    });
    let reserve_hit = d
        .sensitive
        .iter()
        .any(|s| s.role == LayerRole::Reserve && s.relation.is_inside());
    if hits.is_empty() {
        parts.push(d.lang.t(
            "不涉及生态保护红线、自然保护区和饮用水水源保护区（在所载图层范围内）",
            "it touches no ecological redline, nature reserve or drinking-water source zone of the loaded layers",
        ).to_string());
    } else {
        parts.push(hits.join(if zh { "；" } else { "; " }));
    }
    // Industry access.
    let mut conclusion = if core_hit {
        "不符合"
    } else if reserve_hit {
        "有条件符合"
    } else {
        "符合"
    };
    match &d.industry_check {
        None => parts.push(
            d.lang
                .t(
                    "未给出项目行业代码，行业准入未核查",
                    "no industry code was given, so industry access was not checked",
                )
                .to_string(),
        ),
        Some(v) => {
            let code = &v.code;
            match v.overall {
                IndustryVerdict::Prohibited => {
                    conclusion = "不符合";
                    let units: Vec<String> = v
                        .units
                        .iter()
                        .filter(|u| u.verdict == IndustryVerdict::Prohibited)
                        .map(|u| u.key.code.clone().unwrap_or_default())
                        .collect();
                    let rule = v
                        .units
                        .iter()
                        .flat_map(|u| u.rules.first())
                        .next()
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
                            "industry {code} is prohibited in {} ({rule}), {} of the site{}: the project does not comply with the access list",
                            units.join(", "),
                            share_text(v.prohibited_share),
                            if v.prohibited_area_m2 > 0.0 {
                                format!(" ({})", area_text(d.lang, v.prohibited_area_m2))
                            } else {
                                String::new()
                            }
                        )
                    });
                }
                IndustryVerdict::Restricted => {
                    if conclusion == "符合" {
                        conclusion = "有条件符合";
                    }
                    let conds: Vec<String> = v
                        .units
                        .iter()
                        .flat_map(|u| u.rules.iter())
                        .filter(|r| r.access == crate::requirements::Access::Restricted)
                        .map(|r| r.text.trim_end_matches('。').to_string())
                        .fold(Vec::new(), |mut acc, t| {
                            if !acc.contains(&t) {
                                acc.push(t);
                            }
                            acc
                        });
                    parts.push(if zh {
                        format!("项目行业（{code}）属限制类，须满足：{}；在满足上述条件的前提下，项目建设符合生态环境准入清单要求", conds.join("；"))
                    } else {
                        format!("industry {code} is restricted; it must meet: {}", conds.join("; "))
                    });
                }
                IndustryVerdict::NoUnit => {
                    conclusion = "无法判断";
                }
                IndustryVerdict::Encouraged | IndustryVerdict::NotListed => {
                    parts.push(if zh {
                        format!("项目行业（{code}）未列入所在单元的禁止类和限制类，在落实各项管控要求的前提下，项目建设符合生态环境分区管控要求")
                    } else {
                        format!("industry {code} is neither prohibited nor restricted in these units; provided every requirement is met, the project complies with the zoning")
                    });
                }
            }
            let hinted = v.units.iter().any(|u| !u.hints.is_empty());
            if hinted {
                parts.push(d.lang.t(
                    "另有管控要求条款以文字提及本项目所属行业，需审查人员逐条判读",
                    "some requirement texts name the project's industry in words and need the reviewer's reading",
                ).to_string());
            }
        }
    }
    if d.units.is_empty() {
        conclusion = "无法判断";
    }
    let mut text = if zh {
        format!("综上，{}。", parts.join("；"))
    } else {
        format!("In summary: {}.", parts.join("; "))
    };
    text.push_str(d.lang.t(
        "以上分析由软件依据所载数据自动生成，用于支持而非替代审查人员的判断。",
        " This analysis was generated by software from the loaded data; it supports, and does not replace, the reviewer's judgement.",
    ));
    let conclusion = match (d.lang, conclusion) {
        (Lang::En, "不符合") => "Does not comply",
        (Lang::En, "有条件符合") => "Complies under conditions",
        (Lang::En, "符合") => "Complies",
        (Lang::En, _) => "Cannot judge",
        (_, c) => c,
    };
    (text, conclusion.to_string())
}
