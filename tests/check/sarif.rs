//! SARIF for GitHub code scanning: the log validates against the official
//! SARIF 2.1.0 schema, every rule (the kinds' too) carries its name,
//! descriptions, help and link, and results carry fingerprints that survive
//! unrelated edits, so repeated uploads update alerts instead of adding them.
//!
//! `tests/fixtures/sarif-schema-2.1.0.json` is `lib/schemas/sarif-2.1.0-rtm.5.json`
//! from the npm package `@microsoft/jest-sarif` 1.0.0-beta.0 (MIT), the
//! OASIS schema of SARIF 2.1.0 as Microsoft's SARIF SDK ships it.

use super::rule_fixtures::FIXTURES;
use super::*;

fn sarif(dir: &Path) -> serde_json::Value {
    let (stdout, stderr, _) = run(dir, &["check", "--format", "sarif"]);
    serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}{stderr}"))
}

fn schema_errors(log: &serde_json::Value) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sarif-schema-2.1.0.json");
    let text = std::fs::read_to_string(path).unwrap();
    // One pattern of the schema (`run.language`) has a stray `]`, a literal
    // in ECMA-262 regular expressions but refused by the validator's regex
    // check; escaped, it means the same.
    let text = text.replace(
        r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$""#,
        r#""^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$""#,
    );
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .should_validate_formats(false)
        .build(&schema)
        .expect("the SARIF schema compiles");
    validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// A plan breaking every rule whose fixture needs no arguments.
fn broken_plan() -> tempfile::TempDir {
    let dir = plan();
    for f in FIXTURES.iter().filter(|f| f.args.is_empty()) {
        (f.setup)(dir.path());
    }
    dir
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let dir = broken_plan();
    let log = sarif(dir.path());
    assert!(!log["runs"][0]["results"].as_array().unwrap().is_empty());
    let errors = schema_errors(&log);
    assert!(errors.is_empty(), "{errors:#?}");
    // The validator is not lenient: a result without a message is refused.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    assert!(!schema_errors(&broken).is_empty());
    // A clean plan's log is valid too.
    assert!(schema_errors(&sarif(plan().path())).is_empty());
}

#[test]
fn sarif_rules_carry_descriptions_help_and_links() {
    let log = sarif(plan().path());
    let listed = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert_eq!(listed.len(), rules::ALL.len());
    assert!(listed.iter().any(|r| r["id"] == "radar-decision"));
    for (rule, declared) in listed.iter().zip(rules::ALL.iter()) {
        let id = rule["id"].as_str().unwrap();
        assert_eq!(id, declared.code);
        let name = rule["name"].as_str().unwrap();
        assert_ne!(name, id);
        assert!(name.chars().all(|c| c.is_ascii_alphabetic()), "{name}");
        let full = rule["fullDescription"]["text"].as_str().unwrap();
        assert!(full.len() > 20 && !full.contains('\n'), "{id}: {full}");
        let text = rule["help"]["text"].as_str().unwrap();
        let markdown = rule["help"]["markdown"].as_str().unwrap();
        for part in ["What it checks.", "Why.", "Fix."] {
            assert!(text.contains(part), "{id}: {text}");
            assert!(
                markdown.contains(&format!("**{part}**")),
                "{id}: {markdown}"
            );
        }
        assert!(!text.contains("**") && !text.contains('`'), "{id}: {text}");
        // The help is the documentation's, word for word.
        let fix = declared.fix.split('[').next().unwrap();
        assert!(markdown.contains(fix), "{id}");
        // Links inside the help work outside the repository.
        assert!(!markdown.contains("](#"), "{id}: {markdown}");
        let uri = rule["helpUri"].as_str().unwrap();
        assert!(
            uri.starts_with("https://") && uri.ends_with(&format!("docs/rules.md#{id}")),
            "{uri}"
        );
        assert!(markdown.contains(uri), "{id}");
    }
    let dangling = listed
        .iter()
        .find(|r| r["id"] == "dangling-reference")
        .unwrap();
    assert_eq!(dangling["name"], "DanglingReference");
}

fn fingerprints(log: &serde_json::Value) -> Vec<(String, String)> {
    log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let print = r["partialFingerprints"]["ctoPlanFinding/v1"]
                .as_str()
                .unwrap_or_else(|| panic!("no fingerprint: {r}"));
            (r["ruleId"].as_str().unwrap().to_owned(), print.to_owned())
        })
        .collect()
}

#[test]
fn sarif_fingerprints_survive_unrelated_edits() {
    let dir = common::empty_plan();
    let initiative = "title = \"Search\"\nstatus = \"active\"\nquarter = \"2026-Q4\"\n\
                      depends_on = [\"gone\", \"missing\"]\n";
    write(dir.path(), "roadmap/search.toml", initiative);
    write(
        dir.path(),
        "budget/2026-Q4.toml",
        "[line.ads]\ncategory = \"tools\"\nplanned = 100\nactual = 200\n",
    );
    let before = fingerprints(&sarif(dir.path()));
    let mut distinct: Vec<&String> = before.iter().map(|(_, p)| p).collect();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), before.len(), "{before:?}");
    assert!(before.iter().any(|(code, _)| code == "dangling-reference"));
    assert!(before.iter().any(|(code, _)| code == "over-budget"));
    // Lines move, amounts change, another record appears: the same alerts.
    write(
        dir.path(),
        "roadmap/search.toml",
        &format!("# Search, rebuilt.\n\n{initiative}"),
    );
    write(
        dir.path(),
        "budget/2026-Q4.toml",
        "# The quarter.\n[line.ads]\ncategory = \"tools\"\nplanned = 100\nactual = 250\n",
    );
    write(dir.path(), "team/teams/core.toml", "name = \"Core\"\n");
    let after = fingerprints(&sarif(dir.path()));
    assert_eq!(before, after);
    // The same findings in another file are other alerts: the initiative's
    // missing owner and its two dangling dependencies.
    write(dir.path(), "roadmap/other.toml", initiative);
    let more = fingerprints(&sarif(dir.path()));
    assert_eq!(more.len(), before.len() + 3);
    assert_eq!(more.iter().filter(|p| !before.contains(p)).count(), 3);
}
