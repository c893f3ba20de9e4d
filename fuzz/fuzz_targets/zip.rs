//! One input through the zip reader (see `zonecheck::fuzzing::zip`).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| zonecheck::fuzzing::zip(data));
