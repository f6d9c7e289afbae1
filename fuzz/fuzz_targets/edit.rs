//! `login`, `merge` and `diff` on two arbitrary configs.
#![no_main]

use libfuzzer_sys::arbitrary::{Result, Unstructured};

#[path = "../../guest/tests/drive/mod.rs"]
mod drive;

fn run(mut u: Unstructured<'_>) -> Result<()> {
    let args = drive::LoginArgs {
        registry: u.arbitrary()?,
        username: u.arbitrary()?,
        password: u.arbitrary()?,
        email: u.arbitrary()?,
    };
    let a: &[u8] = u.arbitrary()?;
    let b = u.take_rest();
    drive::edit(a, b, &args);
    Ok(())
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = run(Unstructured::new(data));
});
