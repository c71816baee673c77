//! docs/rules.md documents each rule from the rule itself: its severity,
//! summary, What it checks, Why and Fix are a generated block of its section,
//! from the text SARIF's `help` carries too. The examples around the blocks
//! stay hand-written.
//!
//! When a rule's text changes, this test fails with the difference. Run it
//! with `CTO_PLAN_BLESS=1` to rewrite docs/rules.md, then review the diff.

use super::*;

#[test]
fn docs_rules_md_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let current = std::fs::read_to_string(&path).unwrap();
    let generated = cto_plan::schema_doc::update(&current).unwrap();
    if std::env::var_os("CTO_PLAN_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    for rule in rules::ALL.iter() {
        assert!(
            current.contains(&format!(
                "## {}\n\n<!-- generated: rule {} -->\n",
                rule.code, rule.code
            )),
            "docs/rules.md has no section with a generated block for {}",
            rule.code
        );
    }
    if current != generated {
        let diff = similar::TextDiff::from_lines(&current, &generated)
            .unified_diff()
            .header("docs/rules.md", "generated")
            .to_string();
        panic!(
            "docs/rules.md is out of date with the rules; rerun with CTO_PLAN_BLESS=1 \
             to regenerate it, then review:\n{diff}"
        );
    }
}
