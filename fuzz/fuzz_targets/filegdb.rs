//! One input through the filegdb reader (see `zonecheck::fuzzing::filegdb`).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| zonecheck::fuzzing::filegdb(data));
