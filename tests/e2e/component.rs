//! The component that the CLI embeds imports nothing: it cannot print, read the
//! environment or files, or reach a network, so it cannot leak a secret.

use pullsecret_tests::{Scratch, component_imports, run};

use crate::BIN;

#[test]
fn embedded_component_has_zero_imports() {
    let scratch = Scratch::new("component");
    let path = scratch.path().join("pullsecret.wasm");
    let path = path.to_string_lossy();
    let r = run(BIN, &["component", "--output", &path], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let bytes = std::fs::read(path.as_ref()).expect("component written");
    let imports = component_imports(&bytes).expect("a valid component");
    assert_eq!(
        imports,
        Vec::<String>::new(),
        "the component must import nothing"
    );
    // It does export the contract.
    let exports = String::from_utf8_lossy(&bytes);
    assert!(exports.contains("pullsecret:core/keyring@0.2.0"));
}

#[test]
fn import_check_can_fail() {
    // A component importing one interface, in the text format's binary encoding, is caught:
    // proves the check above is not vacuous.
    let wat = wasmparser_free_component_with_import();
    assert_eq!(
        component_imports(&wat).unwrap(),
        vec!["wasi:cli/stdout@0.2.0".to_owned()]
    );
}

/// `(component (import "wasi:cli/stdout@0.2.0" (instance)))`, hand-encoded.
fn wasmparser_free_component_with_import() -> Vec<u8> {
    let name = b"wasi:cli/stdout@0.2.0";
    let mut bytes = b"\0asm\x0d\x00\x01\x00".to_vec();
    // type section (id 7): one empty instance type
    bytes.extend_from_slice(&[7, 3, 1, 0x42, 0]);
    // import section (id 10): one import, name kind 0x00, extern desc instance (0x05) type 0
    let mut section = vec![1, 0x00, name.len() as u8];
    section.extend_from_slice(name);
    section.extend_from_slice(&[0x05, 0]);
    bytes.push(10);
    bytes.push(section.len() as u8);
    bytes.extend_from_slice(&section);
    bytes
}
