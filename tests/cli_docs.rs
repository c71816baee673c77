//! docs/cli.md is generated from the clap definitions; this keeps it current.
//!
//! When a command's help changes, this test fails with the difference. Run it
//! with `CTO_PLAN_BLESS=1` to rewrite docs/cli.md, then review the diff.

use crate::common::{plan, run};

#[test]
fn docs_cli_md_is_current() {
    let dir = plan();
    let (generated, stderr, code) = run(dir.path(), &["man", "--format", "markdown"]);
    assert_eq!(code, 0, "{stderr}");
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/cli.md");
    if std::env::var_os("CTO_PLAN_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    if current != generated {
        let diff = similar::TextDiff::from_lines(&current, &generated)
            .unified_diff()
            .header("docs/cli.md", "generated")
            .to_string();
        panic!(
            "docs/cli.md is out of date with the command line; rerun with CTO_PLAN_BLESS=1 \
             to regenerate it, then review:\n{diff}"
        );
    }
}
