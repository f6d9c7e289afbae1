//! The JSON reader against serde_json (see `drive::json_agrees`).
#![no_main]

#[path = "../../guest/tests/drive/mod.rs"]
mod drive;

libfuzzer_sys::fuzz_target!(|data: &[u8]| drive::json_agrees(data));
