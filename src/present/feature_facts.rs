//! What is said about one identified feature — code, category, zone, level, distance,
//! requirements level by level, measures — decided once, so the identify panel and the copied
//! text always say the same things.
//!
//! Not for drawing or text layout (the faces do that).

use super::{Lang, distance_from_point_text};
use crate::model::{GeometryKind, Layer, LayerRole, UnitCategory};
use crate::requirements::Requirement;

/// The facts shown for one feature, each present only when the layer has it.
pub struct FeatureFacts<'a> {
    /// The feature's name, else `#fid`.
    pub name: String,
    pub has_name: bool,
    pub code: Option<String>,
    /// `Some` for layers with categories (control units, or a mapped category field); the inner
    /// `None` is a category that could not be read.
    pub category: Option<Option<UnitCategory>>,
    pub zone: Option<String>,
    pub level: Option<String>,
    /// The distance from the click in words, for features found near it.
    pub distance: Option<String>,
    /// Each requirement with its heading ("市级 · 空间布局约束").
    pub requirements: Vec<(String, &'a Requirement)>,
    pub measures: Option<String>,
}

impl<'a> FeatureFacts<'a> {
    /// The facts of feature `fid` of `layer` found `distance_m` from the point (None: at it), with
    /// the requirements that apply to it, worded in `lang`.
    pub fn of(
        lang: Lang,
        layer: &Layer,
        fid: usize,
        distance_m: Option<f64>,
        requirements: &'a [Requirement],
    ) -> FeatureFacts<'a> {
        let m = &layer.role.mapping;
        let name = layer.feature_name(fid);
        let has_categories = layer.role.role == LayerRole::ControlUnits || m.category.is_some();
        let is_zone = layer.geometry_kind == GeometryKind::Polygon;
        FeatureFacts {
            has_name: name.is_some(),
            name: name.unwrap_or_else(|| format!("#{fid}")),
            code: layer.unit_code(fid),
            category: has_categories.then(|| layer.unit_category(fid)),
            zone: layer.text(fid, m.zone.as_deref()),
            level: layer.text(fid, m.level.as_deref()),
            distance: distance_m.map(|d| distance_from_point_text(lang, d, is_zone)),
            requirements: requirements
                .iter()
                .map(|r| (requirement_heading(lang, r), r))
                .collect(),
            measures: layer.text(fid, m.measures.as_deref()),
        }
    }
}

/// "市级 · 空间布局约束" / "City · Spatial layout".
fn requirement_heading(lang: Lang, r: &Requirement) -> String {
    let (level, dimension) = match lang {
        Lang::Zh => (r.level.label_zh(), r.dimension.label_zh()),
        Lang::En => (r.level.label_en(), r.dimension.label_en()),
    };
    format!("{level} · {dimension}")
}
