//! Questions asked of indexed layers: which polygons contain a point, what lies within a radius,
//! what a site overlaps and by how much, and the geodesic measurements behind the answers.
//!
//! Not for indexing (see `index`) or for presenting answers (see `report`).

mod clip;
mod closest;
pub mod declared_area;
pub mod find;
pub mod measure;
pub mod nearby;
pub mod nearest;
pub mod nonempty;
pub mod overlay;
mod planar;
pub mod point;
pub mod segment_grid;
pub mod site_ring;

pub use declared_area::{DeclaredArea, declared_areas};
pub use find::{FoundFeature, find_features};
pub use measure::{
    AreaMeasure, M2_PER_HECTARE, M2_PER_MU, NotAnArea, PathMeasure, area_ellipsoidal_m2,
    area_planar_m2, distance_geodesic_m, hectares, length_geodesic_m, measure_area_ellipsoidal,
    measure_path_geodesic, mu, polygon_area_ellipsoidal_m2,
};
pub use nearby::{Nearby, distance_to_feature, features_within};
pub use nearest::nearest_features;
pub use nonempty::require_features;
pub use overlay::{NearbyHit, Overlap, PlanarFrame, SiteAnalysis, overlay, overlay_site};
pub use point::{features_at, features_at_many};
pub use site_ring::radius_ring_lonlat;
