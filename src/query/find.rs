//! Finding features by what users type in a search box: a unit code (exact, case-insensitive)
//! or part of a feature's name, over one layer. The app runs it over every loaded layer.
//!
//! Not for coordinates (see `crs::typed`) or for spatial queries (see `point`, `nearby`).

use crate::model::Layer;

/// One feature whose code or name matches the typed text.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundFeature {
    /// The feature's index in its layer.
    pub fid: usize,
    /// The unit code (through the role's field mapping), when the layer has one.
    pub code: Option<String>,
    /// The feature's best human name.
    pub name: Option<String>,
    /// True when the text is the feature's whole unit code; such matches come first.
    pub exact_code: bool,
}

/// Features of `layer` whose unit code equals `text` (ignoring case and surrounding spaces), then
/// those whose name contains it (ignoring ASCII case), in feature order; at most `limit`.
/// Empty text finds nothing.
pub fn find_features(layer: &Layer, text: &str, limit: usize) -> Vec<FoundFeature> {
    let want = text.trim();
    if want.is_empty() || limit == 0 {
        return Vec::new();
    }
    let want_lower = want.to_lowercase();
    let mut exact = Vec::new();
    let mut partial = Vec::new();
    for fid in 0..layer.features.len() {
        let code = layer.unit_code(fid);
        let is_exact = code
            .as_deref()
            .is_some_and(|c| c.trim().eq_ignore_ascii_case(want));
        let name = layer.feature_name(fid);
        let in_name = name
            .as_deref()
            .is_some_and(|n| n.to_lowercase().contains(&want_lower));
        if is_exact || in_name {
            let found = FoundFeature {
                fid,
                code,
                name,
                exact_code: is_exact,
            };
            if is_exact {
                exact.push(found);
            } else if partial.len() < limit {
                partial.push(found);
            }
        }
    }
    exact.extend(partial);
    exact.truncate(limit);
    exact
}
