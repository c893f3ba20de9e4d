//! The project file (TOML): the layers, their roles, field mapping, encoding and CRS overrides and
//! styles — the same file the CLI reads and the app opens and saves.
