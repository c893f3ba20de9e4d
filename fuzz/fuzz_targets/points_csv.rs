//! One input through the points_csv reader (see `zonecheck::fuzzing::points_csv`).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| zonecheck::fuzzing::points_csv(data));
