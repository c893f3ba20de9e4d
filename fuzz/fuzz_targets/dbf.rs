//! One input through the dbf reader (see `zonecheck::fuzzing::dbf`).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| zonecheck::fuzzing::dbf(data));
