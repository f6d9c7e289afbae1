//! `config.parse` of arbitrary bytes, then entries, pitfalls, lookups, explain, merge, diff.
#![no_main]

#[path = "../../guest/tests/drive/mod.rs"]
mod drive;

libfuzzer_sys::fuzz_target!(|data: &[u8]| drive::parse(data));
