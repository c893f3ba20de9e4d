//! The data model: layers, features, attribute values, layer roles, unit categories, the project file.
//!
//! Not for reading files (see `io`) or answering questions (see `query`).

pub mod category;
pub mod coord_runs;
pub mod layer;
pub mod project;
pub mod role;
#[doc(hidden)]
pub mod testing;
pub mod value;
pub mod verdict_rules;

pub use category::UnitCategory;
pub use layer::{
    CrsInfo, EncodingInfo, Feature, Field, FieldKind, GeometryKind, Layer, SourceFormat,
};
pub use role::{FieldMapping, LayerRole, RoleInfo};
pub use value::AttrValue;
