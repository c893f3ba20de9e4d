//! The pieces of the Hengshui sample generator (`examples/make_sample.rs`); `dbf` and `prng` are
//! shared with `examples/make_national.rs`.

pub mod access_xlsx;
pub mod dbf;
pub mod geojson_out;
pub mod geom;
pub mod places;
pub mod prng;
pub mod redline;
pub mod reserve;
pub mod rivers;
pub mod shp;
pub mod sites;
pub mod texts;
pub mod units;
pub mod water;
