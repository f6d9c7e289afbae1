//! Arbitrary registry keys and image references through the key report, the keyring,
//! `match` and `explain`.
#![no_main]

use libfuzzer_sys::arbitrary::{Result, Unstructured};

#[path = "../../guest/tests/drive/mod.rs"]
mod drive;

fn run(mut u: Unstructured<'_>) -> Result<()> {
    let keys: Vec<String> = u.arbitrary()?;
    let images: Vec<String> = u.arbitrary()?;
    drive::keys_and_references(&keys, &images);
    Ok(())
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = run(Unstructured::new(data));
});
