//! The panels around the map, one per file. Each reads the app state and returns `Action`s.

pub mod basemap_rows;
pub mod batch;
pub mod confirm;
pub mod crs_picker;
pub mod diff;
pub mod find;
pub mod identify;
pub mod layer_settings;
pub mod layers;
pub mod site;
pub mod status;
pub mod table;
