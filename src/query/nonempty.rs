//! The guard every question asks first: is there anything to check against? An answer computed
//! over layers without a single feature would say "in no unit, near nothing" — more reassuring
//! than data that holds nothing allows.
//!
//! Not for `info`, which must show empty layers as they are.

use std::borrow::Borrow;

use crate::error::{Result, ZoneError};
use crate::index::IndexedLayer;
use crate::model::Layer;

/// Fails ("nothing to check against") when no layer given has a feature with a geometry;
/// otherwise returns one warning per layer that is empty, for the face to show.
pub fn require_features<L: Borrow<IndexedLayer>>(layers: &[L]) -> Result<Vec<String>> {
    let empty: Vec<&Layer> = layers
        .iter()
        .map(|l| &l.borrow().layer)
        .filter(|l| !has_geometry(l))
        .collect();
    if !layers.is_empty() && empty.len() < layers.len() {
        return Ok(empty
            .iter()
            .map(|l| {
                format!(
                    "{}: the layer has no features: nothing in it is checked",
                    describe(l)
                )
            })
            .collect());
    }
    let names: Vec<String> = empty.iter().map(|l| describe(l)).collect();
    Err(ZoneError::Input(if names.is_empty() {
        "nothing to check against: no layer was given".to_string()
    } else {
        format!(
            "nothing to check against: no layer given has any feature ({})",
            names.join(", ")
        )
    }))
}

fn has_geometry(layer: &Layer) -> bool {
    layer.features.iter().any(|f| f.geometry.is_some())
}

/// The layer's file (and member), as warnings name layers.
fn describe(layer: &Layer) -> String {
    match &layer.member {
        Some(m) => format!("{} ({m})", layer.path.display()),
        None => layer.path.display().to_string(),
    }
}
