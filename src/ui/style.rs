//! How layers look: the conventional palette of Chinese zoning maps (priority units green, key
//! units red/orange, general units yellow/pale, reserves in graded greens, redlines deep green,
//! water blue), decided once per layer into per-feature colours.
//!
//! A derived cache like the meshes: rebuilt when the layer or its role changes. Not for drawing.

use crate::present::palette;
use egui::{Color32, Stroke};

use crate::model::{Layer, LayerRole, UnitCategory};

/// The drawing style of one layer: per-feature fill colours (opaque; opacity applies at draw
/// time), the outline stroke, and how lines and points are drawn.
#[derive(Debug, Clone)]
pub struct LayerStyle {
    /// One fill colour per feature (fid = index).
    pub fills: Vec<Color32>,
    /// Polygon outline.
    pub outline: Stroke,
    /// Line features (rivers).
    pub line: Stroke,
    /// Point features: fill colour and radius in points.
    pub point_fill: Color32,
    pub point_radius: f32,
    /// Whether to lay a diagonal hatch over the fill (redlines).
    pub hatched: bool,
    /// The opacity a freshly loaded layer starts with.
    pub default_opacity: f32,
    /// The legend: each entry's colour and what it means.
    pub legend: Vec<(Color32, LegendLabel)>,
    /// Each feature's legend entry (fid = index), so switching an entry off hides exactly its
    /// features even when two entries share a colour.
    pub classes: Vec<usize>,
    /// Each feature's label text (its name), shown when zoomed in enough.
    pub labels: Vec<Option<String>>,
    /// Names of the areas the features make up together — counties, when a polygon layer has a
    /// county field (区县, XZQMC…) — each over all its features, shown when zoomed out.
    pub area_labels: Vec<AreaLabel>,
}

/// One area's name over the features that share it (a county's units).
#[derive(Debug, Clone, PartialEq)]
pub struct AreaLabel {
    pub text: String,
    /// The union of its features' bounding boxes.
    pub bbox_lonlat: geo::Rect<f64>,
    /// Its largest feature (by bounding box), whose label point the name is written at: inside
    /// the area, unlike the centre of an L-shaped county's box.
    pub anchor_fid: usize,
}

/// The areas of `layer` by its county field: polygon layers only (a river's county says nothing
/// on a map), in first-seen order.
fn area_labels_of(layer: &Layer) -> Vec<AreaLabel> {
    use geo::BoundingRect;
    let Some(field) = layer.role.mapping.county.as_deref() else {
        return Vec::new();
    };
    if layer.geometry_kind != crate::model::GeometryKind::Polygon {
        return Vec::new();
    }
    let mut by_name: Vec<(AreaLabel, f64)> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = Default::default();
    for (fid, f) in layer.features.iter().enumerate() {
        let (Some(name), Some(bbox)) = (
            layer
                .text(fid, Some(field))
                .filter(|t| !t.trim().is_empty()),
            f.geometry.as_ref().and_then(|g| g.bounding_rect()),
        ) else {
            continue;
        };
        let size = bbox.width() * bbox.height();
        match index.get(&name) {
            Some(&i) => {
                let (area, largest) = &mut by_name[i];
                area.bbox_lonlat = union_rect(area.bbox_lonlat, bbox);
                if size > *largest {
                    *largest = size;
                    area.anchor_fid = fid;
                }
            }
            None => {
                index.insert(name.clone(), by_name.len());
                by_name.push((
                    AreaLabel {
                        text: name,
                        bbox_lonlat: bbox,
                        anchor_fid: fid,
                    },
                    size,
                ));
            }
        }
    }
    by_name.into_iter().map(|(a, _)| a).collect()
}

fn union_rect(a: geo::Rect<f64>, b: geo::Rect<f64>) -> geo::Rect<f64> {
    geo::Rect::new(
        geo::Coord {
            x: a.min().x.min(b.min().x),
            y: a.min().y.min(b.min().y),
        },
        geo::Coord {
            x: a.max().x.max(b.max().x),
            y: a.max().y.max(b.max().y),
        },
    )
}

/// What a legend colour stands for.
#[derive(Debug, Clone, PartialEq)]
pub enum LegendLabel {
    /// A unit category (`None`: category unknown).
    Category(Option<UnitCategory>),
    /// A zone value as written in the data (核心区, 一级保护区…).
    Zone(String),
    /// The whole layer (one colour for all features).
    Layer,
    /// A value of the field the layer is styled by (categorised styling).
    Value(String),
    /// Features whose styling field is empty.
    Empty,
    /// The values beyond the legend's limit, grouped (how many distinct values).
    Others(usize),
}

/// What the user or the project file chose for a layer's look, over its role's defaults.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StyleChoice {
    /// Colour features by the values of this field (categorised) instead of by role.
    pub by_field: Option<String>,
    /// Label features with this field instead of the mapped name.
    pub label_field: Option<String>,
    /// One fill colour for every feature.
    pub fill: Option<Color32>,
    /// The outline (and line) colour.
    pub stroke: Option<Color32>,
}

impl StyleChoice {
    /// The choice a project file's `style` table states; a colour that is not `#RRGGBB` is
    /// reported and left to the role's default.
    pub fn from_project(style: &crate::model::project::LayerStyle) -> (StyleChoice, Vec<String>) {
        let mut warnings = Vec::new();
        let mut colour = |what: &str, text: &Option<String>| {
            let text = text.as_deref()?;
            let parsed = parse_hex_colour(text);
            if parsed.is_none() {
                warnings.push(format!("style {what} {text:?} is not a #RRGGBB colour"));
            }
            parsed
        };
        let choice = StyleChoice {
            by_field: style.by_field.clone(),
            label_field: style.label_field.clone(),
            fill: colour("fill", &style.fill),
            stroke: colour("stroke", &style.stroke),
        };
        (choice, warnings)
    }
}

/// `#RRGGBB` (or `RRGGBB`) as a colour.
pub fn parse_hex_colour(text: &str) -> Option<Color32> {
    let hex = text.trim().trim_start_matches('#');
    if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some(Color32::from_rgb(byte(0)?, byte(2)?, byte(4)?))
}

fn rgb(c: [u8; 3]) -> Color32 {
    Color32::from_rgb(c[0], c[1], c[2])
}

/// Priority protection units: green (the engine's palette, as the report figure uses it).
pub const PRIORITY_GREEN: Color32 = rgb_const(palette::PRIORITY_GREEN);
/// Key control units: red-orange.
pub const KEY_ORANGE: Color32 = rgb_const(palette::KEY_ORANGE);
/// General control units: pale yellow.
pub const GENERAL_YELLOW: Color32 = rgb_const(palette::GENERAL_YELLOW);
/// Units whose category is unknown: grey.
pub const UNKNOWN_GREY: Color32 = rgb_const(palette::UNKNOWN_GREY);
/// Redline outline and hatch: deep green.
pub const REDLINE_GREEN: Color32 = rgb_const(palette::REDLINE_GREEN);
/// River lines.
pub const RIVER_BLUE: Color32 = rgb_const(palette::RIVER_BLUE);

const fn rgb_const(c: [u8; 3]) -> Color32 {
    Color32::from_rgb(c[0], c[1], c[2])
}
/// The outline of identified features.
pub const HIGHLIGHT: Color32 = Color32::from_rgb(0, 229, 255);

/// The legend colour of a unit category.
pub fn category_colour(category: Option<UnitCategory>) -> Color32 {
    rgb(palette::category_rgb(category))
}

fn reserve_colour(zone: Option<&str>) -> Color32 {
    rgb(palette::reserve_zone_rgb(zone))
}

fn water_colour(zone: Option<&str>) -> Color32 {
    rgb(palette::water_zone_rgb(zone))
}

/// A darker shade of `c`, for outlines.
fn darker(c: Color32) -> Color32 {
    rgb(palette::darker_rgb([c.r(), c.g(), c.b()]))
}

impl LayerStyle {
    /// The style of `layer` by its role, and by category or zone for each feature.
    pub fn for_layer(layer: &Layer) -> LayerStyle {
        LayerStyle::build(layer, &StyleChoice::default())
    }

    /// The style of `layer` with the user's choices applied over the role's defaults. A field
    /// the layer does not have falls back to the role's styling (or the mapped name for labels).
    pub fn build(layer: &Layer, choice: &StyleChoice) -> LayerStyle {
        let role = layer.role.role;
        let zone_field = layer.role.mapping.zone.as_deref();
        let n = layer.features.len();
        let zone = |fid: usize| layer.text(fid, zone_field);
        let labelled: Vec<(Color32, LegendLabel)> = match role {
            LayerRole::ControlUnits => (0..n)
                .map(|fid| {
                    let c = layer.unit_category(fid);
                    (category_colour(c), LegendLabel::Category(c))
                })
                .collect(),
            LayerRole::Reserve | LayerRole::WaterSource => (0..n)
                .map(|fid| {
                    let z = zone(fid);
                    let colour = if role == LayerRole::Reserve {
                        reserve_colour(z.as_deref())
                    } else {
                        water_colour(z.as_deref())
                    };
                    (colour, z.map_or(LegendLabel::Layer, LegendLabel::Zone))
                })
                .collect(),
            LayerRole::Redline => vec![(Color32::from_rgb(60, 140, 80), LegendLabel::Layer); n],
            LayerRole::River => vec![(Color32::from_rgb(150, 195, 240), LegendLabel::Layer); n],
            LayerRole::ElementZones => {
                vec![(Color32::from_rgb(170, 205, 195), LegendLabel::Layer); n]
            }
            LayerRole::Other => vec![(UNKNOWN_GREY, LegendLabel::Layer); n],
        };
        let by_field = choice
            .by_field
            .as_deref()
            .and_then(|f| layer.field_index(f));
        let (classes, legend) = if let Some(col) = by_field {
            crate::ui::style_by_field::categorise(layer, col)
        } else if let Some(fill) = choice.fill {
            (vec![0; n], vec![(fill, LegendLabel::Layer)])
        } else {
            legend_of(labelled)
        };
        let fills: Vec<Color32> = classes.iter().map(|&c| legend[c].0).collect();
        let base = fills.first().copied().unwrap_or(UNKNOWN_GREY);
        let (outline, default_opacity, hatched) = match role {
            LayerRole::ControlUnits => (Stroke::new(0.8, Color32::from_gray(90)), 0.65, false),
            LayerRole::Redline => (Stroke::new(2.0, REDLINE_GREEN), 0.25, true),
            LayerRole::Reserve => (Stroke::new(1.2, Color32::from_rgb(20, 80, 30)), 0.6, false),
            LayerRole::WaterSource => {
                (Stroke::new(1.2, Color32::from_rgb(20, 60, 140)), 0.7, false)
            }
            LayerRole::River => (Stroke::new(1.0, RIVER_BLUE), 0.8, false),
            _ => (Stroke::new(1.0, darker(base)), 0.5, false),
        };
        let outline = match choice.stroke {
            Some(c) => Stroke::new(outline.width, c),
            None => outline,
        };
        let label_field = choice
            .label_field
            .as_deref()
            .filter(|f| layer.field_index(f).is_some());
        let labels = match label_field {
            Some(f) => (0..n).map(|fid| layer.text(fid, Some(f))).collect(),
            None => (0..n).map(|fid| layer.feature_name(fid)).collect(),
        };
        LayerStyle {
            fills,
            classes,
            outline,
            line: Stroke::new(2.0, choice.stroke.unwrap_or(RIVER_BLUE)),
            point_fill: if role == LayerRole::WaterSource {
                Color32::from_rgb(30, 90, 180)
            } else {
                Color32::from_rgb(200, 60, 60)
            },
            point_radius: 4.0,
            hatched,
            default_opacity,
            legend,
            labels,
            area_labels: area_labels_of(layer),
        }
    }
}

/// The distinct (colour, meaning) pairs of `labelled` as a legend (categories in their fixed
/// order, others as first seen), and each feature's entry.
fn legend_of(labelled: Vec<(Color32, LegendLabel)>) -> (Vec<usize>, Vec<(Color32, LegendLabel)>) {
    let mut legend: Vec<(Color32, LegendLabel)> = Vec::new();
    for entry in &labelled {
        if !legend.contains(entry) {
            legend.push(entry.clone());
        }
    }
    legend.sort_by_key(|(_, label)| match label {
        LegendLabel::Category(Some(c)) => *c as u8,
        _ => 9,
    });
    let classes = labelled
        .iter()
        .map(|entry| legend.iter().position(|e| e == entry).unwrap_or(0))
        .collect();
    (classes, legend)
}

/// The verdict's colours (background, line, text): red for 不符合, amber for 有条件符合, green for 符合, grey for 无法判定.
pub fn verdict_colours(result: crate::workspace::VerdictResult) -> (Color32, Color32, Color32) {
    match result {
        crate::workspace::VerdictResult::NonCompliant => (
            Color32::from_rgb(253, 226, 226),
            Color32::from_rgb(200, 30, 30),
            Color32::from_rgb(160, 0, 0),
        ),
        crate::workspace::VerdictResult::Conditional => (
            Color32::from_rgb(255, 240, 210),
            Color32::from_rgb(215, 140, 20),
            Color32::from_rgb(140, 80, 0),
        ),
        crate::workspace::VerdictResult::Compliant => (
            Color32::from_rgb(222, 244, 222),
            Color32::from_rgb(40, 150, 60),
            Color32::from_rgb(20, 100, 40),
        ),
        crate::workspace::VerdictResult::Undetermined => (
            Color32::from_rgb(235, 235, 235),
            Color32::from_rgb(120, 120, 120),
            Color32::from_rgb(60, 60, 60),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::project::LayerStyle as ProjectStyle;

    #[test]
    fn project_colours_are_read_and_a_bad_one_is_reported() {
        assert_eq!(
            parse_hex_colour("#1f78b4"),
            Some(Color32::from_rgb(0x1f, 0x78, 0xb4))
        );
        assert_eq!(
            parse_hex_colour("1F78B4"),
            Some(Color32::from_rgb(31, 120, 180))
        );
        assert_eq!(parse_hex_colour("#1f78b"), None);
        assert_eq!(parse_hex_colour("#1f78bz"), None);
        let stated = ProjectStyle {
            fill: Some("#ff0000".into()),
            stroke: Some("blue".into()),
            by_field: Some("XIAN".into()),
            ..Default::default()
        };
        let (choice, warnings) = StyleChoice::from_project(&stated);
        assert_eq!(choice.fill, Some(Color32::from_rgb(255, 0, 0)));
        assert_eq!(choice.stroke, None);
        assert_eq!(choice.by_field.as_deref(), Some("XIAN"));
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("\"blue\""), "{warnings:?}");
    }
}
