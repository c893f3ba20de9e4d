//! One input through the workbook reader (see `zonecheck::fuzzing::workbook`).
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| zonecheck::fuzzing::workbook(data));
