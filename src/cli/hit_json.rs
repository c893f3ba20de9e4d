//! The JSON of one query hit, built once per feature and reused: a batch of 100,000 points hits
//! the same features again and again, and serialising their attributes each time dominated the run.

use std::sync::OnceLock;

use serde_json::{Map, json};

use crate::workspace::Workspace;

/// Lazily serialised hit objects, one cell per (layer, feature); safe to fill from many threads.
pub struct HitJsonCache<'a> {
    catalog: &'a Workspace,
    cells: Vec<Vec<OnceLock<String>>>,
}

impl<'a> HitJsonCache<'a> {
    /// An empty cache sized for every feature of every layer.
    pub fn new(catalog: &'a Workspace) -> Self {
        let cells = catalog
            .layers
            .iter()
            .map(|l| {
                (0..l.layer.features.len())
                    .map(|_| OnceLock::new())
                    .collect()
            })
            .collect();
        HitJsonCache { catalog, cells }
    }

    /// The hit object `{"layer", "fid", "code", "name", "category", "attributes"}` as JSON text.
    pub fn get(&self, layer_index: usize, fid: usize) -> &str {
        self.cells[layer_index][fid].get_or_init(|| {
            let l = &self.catalog.layers[layer_index].layer;
            let mut attributes = Map::with_capacity(l.fields.len());
            if let Some(f) = l.features.get(fid) {
                for (field, v) in l.fields.iter().zip(&f.attributes) {
                    attributes.insert(field.name.clone(), v.to_json());
                }
            }
            json!({
                "layer": l.name,
                "fid": fid,
                "code": l.unit_code(fid),
                "name": l.feature_name(fid),
                "category": l.unit_category(fid).map(|c| c.key()),
                "attributes": attributes,
            })
            .to_string()
        })
    }
}
