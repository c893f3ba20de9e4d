//! One input through the dxf reader (see `zonecheck::fuzzing::dxf`).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| zonecheck::fuzzing::dxf(data));
