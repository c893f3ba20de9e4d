//! zonecheck's engine: read zoning layers, recognise their CRS and role, index them, and answer
//! "which control unit is this point or site in, by how much, and how far from what".
//!
//! The engine (`model`, `io`, `crs`, `index`, `query`, `requirements`, `workspace`, `present`,
//! `report`) knows nothing of the faces: `cli` (the command line) and `ui` (the egui desktop app)
//! are thin layers over it, and the engine modules never import them or egui. See ARCHITECTURE.md.

pub mod basemap;
pub mod cli;
pub mod crs;
pub mod error;
#[doc(hidden)]
pub mod fuzzing;
pub mod index;
pub mod io;
pub mod model;
pub mod present;
pub mod query;
pub mod report;
pub mod requirements;
#[cfg(feature = "gui")]
pub mod ui;
pub mod workspace;

pub use error::{Result, ZoneError};
