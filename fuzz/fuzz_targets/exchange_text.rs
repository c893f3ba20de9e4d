//! One input through the exchange_text reader (see `zonecheck::fuzzing::exchange_text`).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| zonecheck::fuzzing::exchange_text(data));
