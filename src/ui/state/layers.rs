//! The layers on the map as the app holds them: the engine's layer with its drawing caches and
//! the user's display choices (visible, opacity, legend entries off), and files waiting for a CRS.
//!
//! Not for reading layers (`loader`) or drawing them (`map`).

use std::path::PathBuf;

use crate::model::Layer;
use crate::ui::loader::ReadyLayer;

/// A layer's id in the app, stable while it is loaded (positions change on removal).
pub type LayerId = u64;

/// A layer on the map with its display settings.
pub struct MapLayer {
    pub id: LayerId,
    pub ready: ReadyLayer,
    pub visible: bool,
    /// 0 (invisible) … 1 (opaque).
    pub opacity: f32,
    /// Legend entries switched off, and the features they hide.
    pub legend: crate::ui::legend_filter::LegendFilter,
}

impl MapLayer {
    /// The engine's layer.
    pub fn layer(&self) -> &Layer {
        &self.ready.indexed.layer
    }
}

/// A layer file that failed for want of a CRS, and the CRS the user is typing for it.
#[derive(Debug, Clone, PartialEq)]
pub struct CrsNeeded {
    pub path: PathBuf,
    pub crs_text: String,
    /// Why the last typed CRS was refused.
    pub error: Option<String>,
    /// The picker's family, zone width, zone and prefix (it writes `crs_text`).
    pub pick: crate::ui::panels::crs_picker::GkPick,
}
