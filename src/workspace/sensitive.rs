//! Sensitive areas of a site: for every redline, reserve zone, water-source zone and river of
//! the loaded layers, the site's overlap or its minimum distance, however far ("距离…约10.9 km，不
//! 位于…"), and a note for each kind of sensitive area that no layer covers (or that the project
//! states does not apply, with its reason).
//!
//! Not for control units (see `site_report`) or for the verdict (see `verdict`).

use geo::Geometry;
use serde::Serialize;

use super::Workspace;
use super::coverage::{CoverageStatus, Dimension};
use crate::model::LayerRole;
use crate::present::{Lang, area_text, distance_text, share_text};
use crate::query::{SiteAnalysis, nearest_features};

/// How the site relates to one sensitive feature.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// The site overlaps it by this ellipsoidal area (m²) and share of the site.
    Overlaps { area_m2: f64, share: f64 },
    /// A line site runs inside it for this geodesic length (m) and share of the line.
    Crosses { length_m: f64, share: f64 },
    /// A point site lies inside it.
    Inside,
    /// It touches the site, or a river line crosses a polygon site (distance 0).
    Touches,
    /// The nearest distance in metres.
    Distance { distance_m: f64 },
    /// No layer of this kind was loaded: not checked.
    NotChecked,
    /// The project states this kind does not apply to its area, for this reason.
    NotApplicable { reason: String },
}

/// One sensitive-area line of the report.
#[derive(Debug, Clone, Serialize)]
pub struct SensitiveFinding {
    pub role: LayerRole,
    /// The feature (layer position in the workspace, fid); None for the not-checked notes.
    pub layer_index: Option<usize>,
    pub fid: Option<usize>,
    /// The functional zone (核心区, 一级保护区…) from the layer's zone field, when it has one.
    pub zone: Option<String>,
    /// The kind in the report's language (生态保护红线…).
    pub kind: String,
    /// The feature's name (with its zone: 衡水湖国家级自然保护区（核心区）).
    pub name: String,
    pub relation: Relation,
    /// The sentence for the report.
    pub sentence: String,
}

/// How many features of each kind the report lists beyond those the site is in or touches.
pub const NEAREST_PER_KIND: usize = 3;

const KINDS: [LayerRole; 4] = [
    LayerRole::Redline,
    LayerRole::Reserve,
    LayerRole::WaterSource,
    LayerRole::River,
];

/// Every sensitive feature with its overlap or distance, by kind, overlaps first then nearest.
pub fn sensitive_findings(
    workspace: &Workspace,
    analysis: &SiteAnalysis,
    site: &Geometry<f64>,
    lang: Lang,
) -> Vec<SensitiveFinding> {
    let mut out = Vec::new();
    for role in KINDS {
        let kind = lang.t(role.label_zh(), role.label_en()).to_string();
        let mut found: Vec<SensitiveFinding> = Vec::new();
        let mut any_layer = false;
        for (li, il) in workspace.layers.iter().enumerate() {
            let layer = &il.layer;
            // An empty layer checks nothing: the kind is reported as not checked.
            if layer.role.role != role || layer.features.is_empty() {
                continue;
            }
            any_layer = true;
            let name_of = |fid: usize| {
                layer
                    .feature_name(fid)
                    .unwrap_or_else(|| format!("{} #{fid}", layer.name))
            };
            // Through the index: everything the site touches and enough others to hold the
            // nearest few names (a province's layers have thousands of features).
            let near = nearest_features(il, site, |hits| {
                let touching: Vec<String> = hits
                    .iter()
                    .filter(|h| h.distance_m <= 0.0)
                    .map(|h| name_of(h.fid))
                    .collect();
                let mut apart: Vec<String> = hits
                    .iter()
                    .filter(|h| h.distance_m > 0.0)
                    .map(|h| name_of(h.fid))
                    .filter(|n| !touching.contains(n))
                    .collect();
                apart.sort();
                apart.dedup();
                apart.len() >= NEAREST_PER_KIND
            });
            let mut fids: Vec<usize> = near.iter().map(|h| h.fid).collect();
            for o in analysis.overlaps.iter().filter(|o| o.layer_index == li) {
                if !fids.contains(&o.fid) {
                    fids.push(o.fid);
                }
            }
            for fid in fids {
                let name = name_of(fid);
                let overlap = analysis
                    .overlaps
                    .iter()
                    .find(|o| o.layer_index == li && o.fid == fid);
                let relation = match overlap {
                    Some(o) if o.area_m2 > 0.0 => Relation::Overlaps {
                        area_m2: o.area_m2,
                        share: o.share,
                    },
                    Some(o) => match o.length_m {
                        Some(length_m) if length_m > 0.0 => Relation::Crosses {
                            length_m,
                            share: o.share,
                        },
                        Some(_) => Relation::Touches,
                        None => Relation::Inside,
                    },
                    None => match near.iter().find(|h| h.fid == fid) {
                        Some(h) if h.distance_m <= 0.0 => Relation::Touches,
                        Some(h) => Relation::Distance {
                            distance_m: h.distance_m,
                        },
                        None => continue,
                    },
                };
                // Several features of one name (river reaches): keep the closest.
                if let Some(prev) = found.iter_mut().find(|f| f.name == name) {
                    if rank(&relation) < rank(&prev.relation) {
                        prev.sentence = sentence(lang, &name, &relation);
                        prev.relation = relation;
                    }
                    continue;
                }
                found.push(SensitiveFinding {
                    role,
                    layer_index: Some(li),
                    fid: Some(fid),
                    zone: layer.text(fid, layer.role.mapping.zone.as_deref()),
                    kind: kind.clone(),
                    sentence: sentence(lang, &name, &relation),
                    name,
                    relation,
                });
            }
        }
        if !any_layer {
            let stated = Dimension::of_role(role).map(|d| workspace.coverage_of(d));
            let relation = match stated {
                Some(CoverageStatus::NotApplicable { reason }) => {
                    Relation::NotApplicable { reason }
                }
                _ => Relation::NotChecked,
            };
            found.push(SensitiveFinding {
                role,
                layer_index: None,
                fid: None,
                zone: None,
                kind: kind.clone(),
                name: "—".into(),
                sentence: match (&relation, lang) {
                    (Relation::NotApplicable { reason }, Lang::Zh) => {
                        format!("不适用：{reason}（项目文件声明）。")
                    }
                    (Relation::NotApplicable { reason }, Lang::En) => {
                        format!("Not applicable: {reason} (stated in the project file).")
                    }
                    (_, Lang::Zh) => format!("未载入{}图层，未核查。", role.label_zh()),
                    (_, Lang::En) => format!("No {} layer was loaded: not checked.", role.key()),
                },
                relation,
            });
        }
        found.sort_by(|a, b| rank(&a.relation).total_cmp(&rank(&b.relation)));
        // Every feature the site is in or touches, and the nearest few others.
        let mut others = 0;
        found.retain(|f| match f.relation {
            Relation::Distance { .. } => {
                others += 1;
                others <= NEAREST_PER_KIND
            }
            _ => true,
        });
        out.extend(found);
    }
    out
}

/// Overlaps first (largest first), then touching, then by distance.
fn rank(r: &Relation) -> f64 {
    match r {
        Relation::Overlaps { area_m2, .. } => -1.0 - area_m2,
        Relation::Crosses { length_m, .. } => -1.0 - length_m,
        Relation::Inside => -1.0,
        Relation::Touches => -0.5,
        Relation::Distance { distance_m } => *distance_m,
        Relation::NotChecked | Relation::NotApplicable { .. } => f64::INFINITY,
    }
}

fn sentence(lang: Lang, name: &str, r: &Relation) -> String {
    match (lang, r) {
        (Lang::Zh, Relation::Overlaps { area_m2, share }) => format!(
            "项目用地位于{name}范围内，重叠面积 {}，占项目用地 {}。",
            area_text(lang, *area_m2),
            share_text(*share)
        ),
        (Lang::En, Relation::Overlaps { area_m2, share }) => format!(
            "The site lies partly in {name}: {} overlap, {} of the site.",
            area_text(lang, *area_m2),
            share_text(*share)
        ),
        (Lang::Zh, Relation::Crosses { length_m, share }) => format!(
            "项目线路穿越{name}，穿越长度约 {length_m:.0} m，占线路全长 {}。",
            share_text(*share)
        ),
        (Lang::En, Relation::Crosses { length_m, share }) => format!(
            "The line runs through {name} for about {length_m:.0} m, {} of its length.",
            share_text(*share)
        ),
        (Lang::Zh, Relation::Inside) => format!("项目位置位于{name}范围内。"),
        (Lang::En, Relation::Inside) => format!("The site lies inside {name}."),
        (Lang::Zh, Relation::Touches) => format!("项目用地与{name}相接或被其穿越。"),
        (Lang::En, Relation::Touches) => format!("{name} touches or crosses the site."),
        (Lang::Zh, Relation::Distance { distance_m }) => format!(
            "项目用地距离{name}{}，不位于其范围内。",
            distance_text(lang, *distance_m)
        ),
        (Lang::En, Relation::Distance { distance_m }) => format!(
            "The site is {} from {name} and not inside it.",
            distance_text(lang, *distance_m)
        ),
        (_, Relation::NotChecked | Relation::NotApplicable { .. }) => String::new(),
    }
}

impl Relation {
    /// Whether the site lies (partly) inside the feature: an overlap, a crossing or a point inside.
    pub fn is_inside(&self) -> bool {
        matches!(
            self,
            Relation::Overlaps { .. } | Relation::Crosses { .. } | Relation::Inside
        )
    }
}
