//! One input through the kml reader (see `zonecheck::fuzzing::kml`).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| zonecheck::fuzzing::kml(data));
