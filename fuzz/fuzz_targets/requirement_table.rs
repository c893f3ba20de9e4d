//! One input through the requirement_table reader (see `zonecheck::fuzzing::requirement_table`).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| zonecheck::fuzzing::requirement_table(data));
