//! `tests/snapshots/validate-strict.json` (`validate examples/pitfalls.json --policy strict
//! -o json`, reviewed when it was blessed) as one `policy.validate` call: the code, severity,
//! key and location of every finding, in order.

use serde_json::{Value, json};

use super::{Case, bytes_json, read_json, tests_dir};

pub fn cases() -> Vec<Case> {
    let snapshot = read_json(&tests_dir().join("snapshots/validate-strict.json"));
    let findings: Vec<Value> = snapshot["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            json!({
                "code": f["code"],
                "severity": f["severity"],
                "key": f.get("key").cloned().unwrap_or(Value::Null),
                "location": f.get("location").cloned().unwrap_or(Value::Null),
            })
        })
        .collect();
    let source = "examples/pitfalls.json";
    let bytes = std::fs::read(tests_dir().join("..").join(source))
        .unwrap_or_else(|e| panic!("{source}: {e}"));
    let policies: Vec<Value> = snapshot["policies"]
        .as_array()
        .expect("policies")
        .iter()
        .map(|p| json!({ "$policy": p }))
        .collect();
    vec![Case::new(
        "validate/pitfalls.json under strict [code, severity, key, location]",
        "policy.validate",
        vec![
            json!([{"source": source, "bytes": bytes_json(&bytes)}]),
            Value::Array(policies),
            json!({"mirrors": [], "images": []}),
        ],
        Value::Array(findings),
    )]
}
