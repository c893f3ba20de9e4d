//! Spatial indexes: an R-tree over feature bounding boxes per layer, and per-polygon edge indexes
//! so a point test on a 100,000-vertex polygon does not walk every edge.
