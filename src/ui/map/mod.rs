//! The map: the view transform, the tessellation cache, painting, and the canvas widget.
//!
//! Not for queries: a click becomes an `Action::Identify` that the app answers via the engine.

pub mod basemap;
pub mod canvas;
pub mod draw;
pub mod labels;
pub mod mesh;
pub mod overlay;
pub mod view;

pub use canvas::{CanvasOutput, map_canvas_ui};
pub use mesh::LayerMesh;
pub use view::MapView;
