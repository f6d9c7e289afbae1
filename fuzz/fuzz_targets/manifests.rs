//! `create secret docker-registry`/`generic`, `set data`, `secrets link`, `add-role`,
//! `create rolebinding`/`serviceaccount` with arbitrary inputs; each manifest read back.
#![no_main]

use libfuzzer_sys::arbitrary::{Result, Unstructured};

#[path = "../../guest/tests/drive/mod.rs"]
mod drive;

fn run(mut u: Unstructured<'_>) -> Result<()> {
    let args = drive::ManifestArgs {
        name: u.arbitrary()?,
        namespace: u.arbitrary()?,
        server: u.arbitrary()?,
        username: u.arbitrary()?,
        password: u.arbitrary()?,
        email: u.arbitrary()?,
        secret_type: u.arbitrary()?,
        from_file: u.arbitrary()?,
        from_literal: u.arbitrary()?,
        from_env_file: u.arbitrary()?,
        files: u.arbitrary()?,
        words: u.arbitrary()?,
        current: u.take_rest().to_vec(),
    };
    drive::manifests(&args);
    Ok(())
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = run(Unstructured::new(data));
});
