//! The panels around the map, one per file. Each reads the app state and returns `Action`s.

pub mod identify;
pub mod layers;
pub mod status;
