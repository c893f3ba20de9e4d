//! One input through the project_toml reader (see `zonecheck::fuzzing::project_toml`).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| zonecheck::fuzzing::project_toml(data));
