//! A shapefile's .shp, .shx and .dbf together, split from one input (see `zonecheck::fuzzing`).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| zonecheck::fuzzing::shapefile(data));
