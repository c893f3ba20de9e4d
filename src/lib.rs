//! zonecheck's engine: read zoning layers, recognise their CRS and role, index them, and answer
//! "which control unit is this point or site in, by how much, and how far from what".
//!
//! The engine knows nothing of the GUI or the command line; both are thin faces over it.

pub mod crs;
pub mod error;
pub mod index;
pub mod io;
pub mod model;
pub mod query;

pub use error::{Result, ZoneError};
