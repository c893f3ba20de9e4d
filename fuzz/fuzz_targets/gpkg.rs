//! One input through the gpkg reader (see `zonecheck::fuzzing::gpkg`).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| zonecheck::fuzzing::gpkg(data));
