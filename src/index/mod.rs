//! Spatial indexes: an R-tree over feature bounding boxes per layer, and per-polygon edge indexes
//! so a point test on a 100,000-vertex polygon does not walk every edge.
//!
//! Not for answering questions (see `query`); indexes are derived caches, rebuilt from the layer.

pub mod edges;
mod layer_index;
pub mod parts;

pub use edges::{BOUNDARY_TOLERANCE_DEG, EdgeBands, Location, locate_brute};
pub use layer_index::{IndexEntry, IndexedLayer, LayerIndex};
