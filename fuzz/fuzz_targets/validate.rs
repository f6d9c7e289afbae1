//! `validate` under the shipped policies, of arbitrary inputs with an arbitrary context.
#![no_main]

use libfuzzer_sys::arbitrary::{Result, Unstructured};

#[path = "../../guest/tests/drive/mod.rs"]
mod drive;

fn run(mut u: Unstructured<'_>) -> Result<()> {
    let words: Vec<String> = u.arbitrary()?;
    let first: Vec<u8> = u.arbitrary()?;
    let inputs = vec![first, u.take_rest().to_vec()];
    drive::validate(&inputs, &words);
    Ok(())
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = run(Unstructured::new(data));
});
