//! The YAML reader: manifests loaded as objects, then parsed as pull secrets.
#![no_main]

use pullsecret_guest::input::document::{Input, load_objects};

#[path = "../../guest/tests/drive/mod.rs"]
mod drive;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = load_objects(Input {
        source: "in.yaml",
        bytes: data,
    });
    drive::parse(data);
});
