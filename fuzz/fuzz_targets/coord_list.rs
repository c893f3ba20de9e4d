//! One input through the coord_list reader (see `zonecheck::fuzzing::coord_list`).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| zonecheck::fuzzing::coord_list(data));
