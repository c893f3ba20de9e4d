//! One input through the geojson reader (see `zonecheck::fuzzing::geojson`).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| zonecheck::fuzzing::geojson(data));
