//! The map: the view transform, the tessellation cache, navigation, painting, and the canvas.
//!
//! Not for queries: a click becomes an `Action::Identify` that the app answers via the engine.

pub mod basemap;
pub mod canvas;
pub mod corners;
pub mod draw;
pub mod labels;
pub mod mesh;
pub mod nav;
pub mod overlay;
pub mod view;

pub use mesh::LayerMesh;
pub use view::MapView;
