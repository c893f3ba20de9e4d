//! Categorised styling: one colour per distinct value of a chosen field (as QGIS's
//! "Categorized" renderer), for layers whose meaning is not a role we know — a county's own
//! sub-zones, a land-use layer, a consultant's survey.
//!
//! Not for role styling (see `style`) or for drawing.

use std::cmp::Ordering;
use std::collections::HashMap;

use egui::Color32;

use crate::model::{AttrValue, Layer};
use crate::ui::style::LegendLabel;

/// Values beyond this many get one shared "others" entry: a legend of hundreds of colours (a
/// name field) tells nothing and cannot be read.
pub const MAX_VALUE_CLASSES: usize = 30;

/// A qualitative palette (ColorBrewer Set3 and Paired, light enough to keep labels legible
/// under a 65% fill).
const PALETTE: [Color32; 16] = [
    Color32::from_rgb(141, 211, 199),
    Color32::from_rgb(255, 255, 179),
    Color32::from_rgb(190, 186, 218),
    Color32::from_rgb(251, 128, 114),
    Color32::from_rgb(128, 177, 211),
    Color32::from_rgb(253, 180, 98),
    Color32::from_rgb(179, 222, 105),
    Color32::from_rgb(252, 205, 229),
    Color32::from_rgb(188, 128, 189),
    Color32::from_rgb(204, 235, 197),
    Color32::from_rgb(255, 237, 111),
    Color32::from_rgb(166, 206, 227),
    Color32::from_rgb(178, 223, 138),
    Color32::from_rgb(251, 154, 153),
    Color32::from_rgb(202, 178, 214),
    Color32::from_rgb(253, 191, 111),
];
/// Features whose value is empty, and the grouped rest.
const EMPTY_GREY: Color32 = Color32::from_rgb(215, 215, 215);
const OTHERS_GREY: Color32 = Color32::from_rgb(160, 160, 160);

/// The colour of the `i`-th value class: the palette, then the palette again darkened, so
/// colours stay distinct up to twice its size.
fn class_colour(i: usize) -> Color32 {
    let base = PALETTE[i % PALETTE.len()];
    if (i / PALETTE.len()).is_multiple_of(2) {
        base
    } else {
        Color32::from_rgb(
            (f32::from(base.r()) * 0.7) as u8,
            (f32::from(base.g()) * 0.7) as u8,
            (f32::from(base.b()) * 0.7) as u8,
        )
    }
}

/// Each feature's legend entry and the legend, for styling `layer` by field `col`. Values are
/// ordered as a user reads them (numbers by size, text by code point); when there are more
/// than `MAX_VALUE_CLASSES`, the most frequent keep their own colour and the rest share one.
pub fn categorise(layer: &Layer, col: usize) -> (Vec<usize>, Vec<(Color32, LegendLabel)>) {
    let values: Vec<Option<String>> = layer
        .features
        .iter()
        .map(|f| {
            f.attributes
                .get(col)
                .and_then(AttrValue::as_text)
                .filter(|t| !t.trim().is_empty())
        })
        .collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for v in values.iter().flatten() {
        *counts.entry(v.as_str()).or_default() += 1;
    }
    let mut distinct: Vec<(&str, usize)> = counts.into_iter().collect();
    let grouped = distinct.len().saturating_sub(MAX_VALUE_CLASSES - 1);
    let kept: Vec<&str> = if grouped > 1 {
        // Most frequent first (ties by value, so the choice does not depend on hashing).
        distinct.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| value_order(a.0, b.0)));
        let mut kept: Vec<&str> = distinct[..MAX_VALUE_CLASSES - 1]
            .iter()
            .map(|(v, _)| *v)
            .collect();
        kept.sort_by(|a, b| value_order(a, b));
        kept
    } else {
        let mut all: Vec<&str> = distinct.iter().map(|(v, _)| *v).collect();
        all.sort_by(|a, b| value_order(a, b));
        all
    };
    let mut legend: Vec<(Color32, LegendLabel)> = kept
        .iter()
        .enumerate()
        .map(|(i, v)| (class_colour(i), LegendLabel::Value(v.to_string())))
        .collect();
    let position: HashMap<&str, usize> = kept.iter().enumerate().map(|(i, v)| (*v, i)).collect();
    let mut others = None;
    let mut empty = None;
    let entry = |legend: &mut Vec<(Color32, LegendLabel)>, slot: &mut Option<usize>, e| {
        *slot.get_or_insert_with(|| {
            legend.push(e);
            legend.len() - 1
        })
    };
    let classes = values
        .iter()
        .map(|v| match v {
            Some(v) => match position.get(v.as_str()) {
                Some(&i) => i,
                None => entry(
                    &mut legend,
                    &mut others,
                    (OTHERS_GREY, LegendLabel::Others(grouped)),
                ),
            },
            None => entry(&mut legend, &mut empty, (EMPTY_GREY, LegendLabel::Empty)),
        })
        .collect();
    (classes, legend)
}

/// Numbers by size when both parse as numbers, else by text.
fn value_order(a: &str, b: &str) -> Ordering {
    match (a.parse::<f64>(), b.parse::<f64>()) {
        (Ok(x), Ok(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        (Ok(_), Err(_)) => Ordering::Less,
        (Err(_), Ok(_)) => Ordering::Greater,
        // Chinese values in dictionary (pinyin) order, as a legend reader looks them up.
        (Err(_), Err(_)) => crate::present::collation_key(a)
            .cmp(&crate::present::collation_key(b))
            .then_with(|| a.cmp(b)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_values_sort_by_pinyin_and_numbers_first() {
        let mut v = vec!["衡水", "安平县", "河北", "北京", "10", "9"];
        v.sort_by(|a, b| value_order(a, b));
        assert_eq!(v, ["9", "10", "安平县", "北京", "河北", "衡水"]);
    }
    use crate::model::testing::layer_with_features;
    use geo::{Geometry, Point};

    fn layer(values: &[&str]) -> Layer {
        let features = values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let g: Geometry<f64> = Point::new(115.0 + i as f64 * 0.01, 37.5).into();
                (Some(g), vec![*v])
            })
            .collect();
        layer_with_features("survey", &["TYPE"], features)
    }

    #[test]
    fn one_entry_per_value_in_reading_order_with_empty_last() {
        // "10" after "9" (numbers by size), text after numbers in pinyin order, empty values grey
        // at the end.
        let l = layer(&["林地", "9", "", "10", "林地", "耕地"]);
        let (classes, legend) = categorise(&l, 0);
        let labels: Vec<&LegendLabel> = legend.iter().map(|(_, l)| l).collect();
        assert_eq!(
            labels,
            [
                &LegendLabel::Value("9".into()),
                &LegendLabel::Value("10".into()),
                // 耕地 (geng) before 林地 (lin): dictionary order.
                &LegendLabel::Value("耕地".into()),
                &LegendLabel::Value("林地".into()),
                &LegendLabel::Empty,
            ]
        );
        assert_eq!(classes, [3, 0, 4, 1, 3, 2]);
        assert_eq!(legend[4].0, EMPTY_GREY);
        // Distinct values get distinct colours.
        assert_ne!(legend[0].0, legend[1].0);
    }

    #[test]
    fn many_values_keep_the_most_frequent_and_group_the_rest() {
        // 40 values; "A" occurs three times, so it must keep its own entry.
        let names: Vec<String> = (0..40).map(|i| format!("v{i:02}")).collect();
        let mut values: Vec<&str> = names.iter().map(String::as_str).collect();
        values.extend(["A", "A", "A"]);
        let l = layer(&values);
        let (classes, legend) = categorise(&l, 0);
        assert_eq!(legend.len(), MAX_VALUE_CLASSES);
        // 41 distinct values, 29 kept, 12 grouped.
        assert_eq!(legend.last().map(|e| &e.1), Some(&LegendLabel::Others(12)));
        let a = legend
            .iter()
            .position(|(_, l)| *l == LegendLabel::Value("A".into()))
            .expect("the most frequent value keeps its entry");
        assert_eq!(classes[40], a);
        let grouped = classes
            .iter()
            .filter(|&&c| c == MAX_VALUE_CLASSES - 1)
            .count();
        assert_eq!(grouped, 12);
    }
}
