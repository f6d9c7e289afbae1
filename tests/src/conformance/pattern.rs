//! Matching a case's `expect` pattern against the encoded value a call returned (README,
//! "Patterns"), and judging a suite: every failing case reported, known failures inverted.

use serde_json::Value;

use super::Case;

/// Where a value first departs from its pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// A JSON path: `$.ok.results[0].answer.credentials`.
    pub path: String,
    /// The pattern at that path.
    pub expected: Value,
    /// The value at that path; `None` when the value has no such member.
    pub actual: Option<Value>,
}

impl std::fmt::Display for Difference {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.actual {
            Some(actual) => write!(
                f,
                "at {}: expected {}, got {}",
                self.path, self.expected, actual
            ),
            None => write!(
                f,
                "at {}: expected {}, got no such member",
                self.path, self.expected
            ),
        }
    }
}

/// `None` when `actual` matches `pattern`, else the first difference in document order.
pub fn first_difference(pattern: &Value, actual: &Value) -> Option<Difference> {
    compare(pattern, actual, "$")
}

fn differ(path: &str, pattern: &Value, actual: Option<&Value>) -> Option<Difference> {
    Some(Difference {
        path: path.to_owned(),
        expected: pattern.clone(),
        actual: actual.cloned(),
    })
}

fn member_path(path: &str, key: &str) -> String {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if plain {
        format!("{path}.{key}")
    } else {
        format!("{path}[{}]", Value::String(key.to_owned()))
    }
}

fn compare(pattern: &Value, actual: &Value, path: &str) -> Option<Difference> {
    match (pattern, actual) {
        (Value::Object(want), Value::Object(got)) => want.iter().find_map(|(key, p)| {
            let path = member_path(path, key);
            match got.get(key) {
                Some(a) => compare(p, a, &path),
                None => differ(&path, p, None),
            }
        }),
        (Value::Array(want), Value::Array(got)) => {
            if want.len() != got.len() {
                return differ(path, pattern, Some(actual));
            }
            want.iter()
                .zip(got)
                .enumerate()
                .find_map(|(i, (p, a))| compare(p, a, &format!("{path}[{i}]")))
        }
        (Value::Number(want), Value::Number(got)) => {
            let equal = match (want.as_i128(), got.as_i128()) {
                (Some(w), Some(g)) => w == g,
                _ => want.as_f64() == got.as_f64(),
            };
            if equal {
                None
            } else {
                differ(path, pattern, Some(actual))
            }
        }
        _ if pattern == actual => None,
        _ => differ(path, pattern, Some(actual)),
    }
}

/// What running one suite gave.
#[derive(Debug, Default)]
pub struct Report {
    pub passed: usize,
    /// Cases marked `known-failure` that failed, as they must.
    pub known_failures: usize,
    /// One line per case that failed unexpectedly or passed although marked known-failure.
    pub problems: Vec<String>,
}

impl Report {
    /// `conformance SUITE: N passed, K known failures`.
    pub fn summary(&self, suite: &str) -> String {
        format!(
            "conformance {suite}: {} passed, {} known failures{}",
            self.passed,
            self.known_failures,
            if self.problems.is_empty() {
                String::new()
            } else {
                format!(", {} problems", self.problems.len())
            }
        )
    }
}

/// Runs every case through `call` (the case's encoded return value, or why the call could not
/// be made) and judges it against its pattern.
pub fn judge(cases: &[Case], mut call: impl FnMut(&Case) -> Result<Value, String>) -> Report {
    let mut report = Report::default();
    for case in cases {
        let outcome = match call(case) {
            Ok(actual) => match first_difference(&case.expect, &actual) {
                None => Ok(()),
                Some(d) => Err(d.to_string()),
            },
            Err(e) => Err(format!("the call failed: {e}")),
        };
        match (outcome, &case.known_failure) {
            (Ok(()), None) => report.passed += 1,
            (Err(_), Some(_)) => report.known_failures += 1,
            (Err(why), None) => report
                .problems
                .push(format!("FAIL {} ({}): {why}", case.name, case.call)),
            (Ok(()), Some(reason)) => report.problems.push(format!(
                "PASSES {}: marked known-failure ({reason}) but it passes; remove the mark",
                case.name
            )),
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn object_patterns_ignore_unnamed_members_but_not_missing_ones() {
        let actual = json!({"ok": {"a": 1, "b": [1, 2], "c": "x"}});
        assert_eq!(first_difference(&json!({"ok": {"a": 1}}), &actual), None);
        let d = first_difference(&json!({"ok": {"d": null}}), &actual).unwrap();
        assert_eq!(d.path, "$.ok.d");
        assert_eq!(d.actual, None);
    }

    #[test]
    fn arrays_must_have_the_same_length_and_order() {
        let actual = json!({"xs": [{"k": "a"}, {"k": "b"}]});
        assert_eq!(
            first_difference(&json!({"xs": [{"k": "a"}, {"k": "b"}]}), &actual),
            None
        );
        let d = first_difference(&json!({"xs": [{"k": "b"}, {"k": "a"}]}), &actual).unwrap();
        assert_eq!(d.path, "$.xs[0].k");
        assert_eq!((d.expected, d.actual), (json!("b"), Some(json!("a"))));
        let d = first_difference(&json!({"xs": [{}]}), &actual).unwrap();
        assert_eq!(d.path, "$.xs");
    }

    #[test]
    fn scalars_compare_exactly_and_numbers_numerically() {
        assert_eq!(first_difference(&json!(1.0), &json!(1)), None);
        assert!(first_difference(&json!("a"), &json!("a ")).is_some());
        assert!(first_difference(&json!(null), &json!(false)).is_some());
        let d = first_difference(&json!({"a.b": 1}), &json!({"a.b": 2})).unwrap();
        assert_eq!(d.path, "$[\"a.b\"]");
    }

    fn case(name: &str, expect: serde_json::Value, known: Option<&str>) -> Case {
        let mut case = Case::new(name, "keyring.normalize-image", vec![json!("x")], expect);
        case.known_failure = known.map(str::to_owned);
        case
    }

    #[test]
    fn judging_reports_wrong_expectations_and_passing_known_failures() {
        let cases = [
            case("right", json!({"ok": "docker.io/library/x"}), None),
            case("wrong", json!({"ok": "quay.io/x"}), None),
            case("known", json!({"ok": "quay.io/x"}), Some("not yet")),
            case(
                "known-but-passes",
                json!({"ok": "docker.io/library/x"}),
                Some("stale"),
            ),
            case("broken-call", json!({"ok": "docker.io/library/x"}), None),
        ];
        let report = judge(&cases, |c| {
            if c.name == "broken-call" {
                Err("trap".into())
            } else {
                Ok(json!({"ok": "docker.io/library/x"}))
            }
        });
        assert_eq!((report.passed, report.known_failures), (1, 1));
        assert_eq!(report.problems.len(), 3, "{:?}", report.problems);
        assert!(report.problems[0].starts_with("FAIL wrong"));
        assert!(report.problems[0].contains("at $.ok: expected \"quay.io/x\""));
        assert!(report.problems[1].starts_with("PASSES known-but-passes"));
        assert!(report.problems[2].contains("the call failed: trap"));
        assert_eq!(
            report.summary("t"),
            "conformance t: 1 passed, 1 known failures, 3 problems"
        );
    }
}
