//! Every rule ID a finding can cite is explained in `docs/rules.md`, and nothing else is: the
//! headings there are exactly the rule table, in its order, each with its upstream source
//! and an example.

use pullsecret_guest::{Code, Rule};

use crate::sections;

const RULES: &str = include_str!("../../../docs/rules.md");

#[test]
fn docs_rules_document_exactly_the_rule_table() {
    let documented: Vec<&str> = sections(RULES, "### ").iter().map(|(id, _)| *id).collect();
    let table: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
    assert_eq!(documented, table);
}

#[test]
fn every_rule_names_its_consumer_upstream_source_and_an_example() {
    for (id, body) in sections(RULES, "### ") {
        let rule = Rule::ALL
            .iter()
            .find(|r| r.id() == id)
            .expect("a known rule");
        let header = body.trim_start().lines().next().unwrap_or_default();
        assert!(
            header.contains(&format!("· {} ·", rule.consumer())) && header.contains("upstream:"),
            "{id}: {header}"
        );
        assert!(body.contains("\nExample"), "{id} has no example");
    }
}

#[test]
fn every_rule_a_code_cites_by_default_is_documented() {
    for code in Code::ALL {
        if let Some(rule) = code.rule() {
            assert!(
                RULES.contains(&format!("\n### {}\n", rule.id())),
                "{code}: {rule:?}"
            );
        }
    }
}

#[test]
fn rule_docs_are_anchors_in_docs_rules() {
    for rule in Rule::ALL {
        let doc = rule.doc();
        let anchor = doc.strip_prefix("docs/rules.md#").expect("docs/rules.md");
        assert_eq!(anchor, rule.id().to_ascii_lowercase());
    }
}
