//! One input through the prj reader (see `zonecheck::fuzzing::prj`).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| zonecheck::fuzzing::prj(data));
