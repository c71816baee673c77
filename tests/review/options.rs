//! The review's options: the quarter it defaults to and quarters before the
//! plan, `--at`, the text format, templates (the JSON is exactly their
//! context; broken ones exit 2), `--output`, and shallow clones.

use serde_json::{Value, json};

use super::{q2, q2_markdown, review_json};
use crate::common::quarter::{TODAY, fixture};
use crate::common::{json_in, ok_in, run_in, shallow_clone};

#[test]
fn review_defaults_to_the_last_complete_quarter() {
    let fx = fixture();
    let q2 = q2(&fx);
    for today in ["2026-07-01", "2026-08-20", "2026-09-30"] {
        let r = json_in(fx.path(), today, &["review", "--format", "json"]);
        assert_eq!(r, q2, "today {today}");
    }
    for (today, quarter) in [
        ("2026-06-30", "2026-Q1"),
        ("2026-10-01", "2026-Q3"),
        ("2027-01-01", "2026-Q4"),
    ] {
        let r = json_in(fx.path(), today, &["review", "--format", "json"]);
        assert_eq!(r["quarter"], quarter, "today {today}");
    }
}

#[test]
fn review_of_a_quarter_before_the_plan_existed_says_so() {
    let fx = fixture();
    let r = review_json(fx.path(), &["--quarter", "2026-Q1"]);
    assert_eq!(r["start_commit"], Value::Null);
    assert_eq!(r["end_commit"], fx.short("C4"));
    assert_eq!(
        r["warnings"],
        json!([format!(
            "the plan did not exist yet when 2026-Q1 began (its history begins at {}, 2026-01-05): \
             its first commit is the baseline, and only what its records' own dates place in \
             2026-Q1 counts as added, joined or opened",
            fx.short("C1")
        )])
    );
    assert_eq!(r["headline"]["committed"], 0);
    assert_eq!(r["headline"]["predictability"], Value::Null);
    // The first commit is the baseline: its seven people were there before
    // the history began (none joined in Q1); Judy left on February 28.
    assert_eq!(r["headline"]["headcount_start"], 7);
    assert_eq!(r["headline"]["headcount_end"], 6);
    assert_eq!(r["team"]["joiners"], json!([]));
    let leavers: Vec<&Value> = r["team"]["leavers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| &l["id"])
        .collect();
    assert_eq!(leavers, ["judy"]);
    assert_eq!(r["baseline"]["source"]["commit"], fx.short("C1"));
    // C1's initiatives are the baseline: only audit-log (C4) was added.
    let added: Vec<&Value> = r["roadmap"]["added"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["id"])
        .collect();
    assert_eq!(added, ["audit-log"]);
    assert_eq!(r["activity"]["commits"], 3, "C1, C2 and C4");
    let md = ok_in(fx.path(), TODAY, &["review", "--quarter", "2026-Q1"]);
    assert!(
        md.contains("Plan as the quarter began: none; as it ended: `"),
        "{md}"
    );
    assert!(
        md.contains(
            "> **Note:** the plan did not exist yet when 2026-Q1 began \\(its history begins at "
        ),
        "{md}"
    );
    assert!(md.contains("nothing was committed for 2026-Q1"), "{md}");
}

#[test]
fn review_at_a_revision_reads_its_history_only() {
    let fx = fixture();
    let rev = fx.short("C20");
    let r = review_json(fx.path(), &["--quarter", "2026-Q2", "--rev", &rev]);
    assert_eq!(r["end_commit"], rev);
    assert_eq!(r["headline"]["shipped"], 3);
    assert_eq!(r["activity"]["commits"], 17);
    // No actuals yet, and no change to the budget since Q2 began.
    assert_eq!(r["budget"]["exists"], true);
    assert_eq!(r["budget"]["has_actuals"], false);
    assert_eq!(r["budget"]["planned"], 145000.0);
    assert_eq!(r["budget"]["source"], Value::Null);
    let md = ok_in(
        fx.path(),
        TODAY,
        &["review", "--quarter", "2026-Q2", "--rev", &rev],
    );
    assert!(
        md.contains("| Budget | 145,000 USD planned; no actuals recorded |\n"),
        "{md}"
    );
    assert!(
        md.contains("145,000 USD planned; no actuals recorded yet.\n"),
        "{md}"
    );
}

#[test]
fn review_text_format_prints_the_numbers() {
    let fx = fixture();
    let text = ok_in(
        fx.path(),
        TODAY,
        &["review", "--quarter", "2026-Q2", "--format", "text"],
    );
    for line in [
        "Acme: quarterly review 2026-Q2 (2026-04-01 to 2026-06-30)\n",
        "  Shipped                  5\n",
        // Which slips concern this quarter's commitments (wording, issue 10).
        "  Slipped                  2 (2 committed for this quarter, 0 later targets)\n",
        "  Decisions taken          4\n",
        "  Headcount                6 -> 7 (+1)\n",
        "  Budget                   152,900 of 145,000 USD (+7,900)\n",
        "  Top risk                 Data loss in the migration (score 20, Bob Stone)\n",
        &format!(
            "  shipped    initiative/search-v2 Search v2  shipped 2026-04-14  [{} (#12)]\n",
            fx.short("M")
        ),
        "  Data: 1 -> 2 (target 4)\n",
        "  29 commits, 5 pull requests, 4 contributors\n",
    ] {
        assert!(text.contains(line), "no {line:?} in:\n{text}");
    }
    assert!(!text.contains('`'), "{text}");
}

/// A text template that prints every value of the context it receives as
/// JSON (numbers as the review's formatter shows them: at most two decimals).
fn dump_template(keys: &[&String]) -> String {
    let mut out = String::from(
        r#"{%- macro dump(v) -%}
{%- if v is none -%}null
{%- elif v is boolean -%}{{ "true" if v else "false" }}
{%- elif v is string -%}"{{ v }}"
{%- elif v is mapping -%}{{ "{" }}{% for k in v %}"{{ k }}": {{ dump(v[k]) }}{% if not loop.last %}, {% endif %}{% endfor %}{{ "}" }}
{%- elif v is sequence -%}[{% for x in v %}{{ dump(x) }}{% if not loop.last %}, {% endif %}{% endfor %}]
{%- elif v is number -%}{{ v }}
{%- else -%}UNDEFINED
{%- endif -%}
{%- endmacro -%}
{"#,
    );
    let fields: Vec<String> = keys
        .iter()
        .map(|k| format!("\"{k}\": {{{{ dump({k}) }}}}"))
        .collect();
    out.push_str(&fields.join(", "));
    out.push_str("}\n");
    out
}

/// `value` with every number rounded to two decimals.
fn rounded(value: &Value) -> Value {
    match value {
        Value::Number(n) => json!((n.as_f64().unwrap() * 100.0).round() / 100.0),
        Value::Array(items) => Value::Array(items.iter().map(rounded).collect()),
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), rounded(v))).collect())
        }
        other => other.clone(),
    }
}

#[test]
fn review_json_is_exactly_the_template_context() {
    let fx = fixture();
    let json = q2(&fx);
    let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
    let dir = tempfile::TempDir::new().unwrap();
    let template = dir.path().join("dump.txt.j2");
    std::fs::write(&template, dump_template(&keys)).unwrap();
    let out = ok_in(
        fx.path(),
        TODAY,
        &[
            "review",
            "--quarter",
            "2026-Q2",
            "--template",
            template.to_str().unwrap(),
        ],
    );
    let context: Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("the dump is no JSON ({e}):\n{out}"));
    assert_eq!(rounded(&context), rounded(&json));
}

#[test]
fn review_template_replaces_the_built_in_one() {
    let fx = fixture();
    let dir = tempfile::TempDir::new().unwrap();
    let template = dir.path().join("mine.md.j2");
    std::fs::write(
        &template,
        "{{ quarter }}: {{ headline.shipped }} shipped, {{ headline.decisions_taken }} decided\n{% for i in roadmap.shipped %}{{ i.title }} {{ i.source | cite }}\n{% endfor %}{{ outlook.at_risk[0].detail }}\n",
    )
    .unwrap();
    let out = ok_in(
        fx.path(),
        TODAY,
        &[
            "review",
            "--quarter",
            "2026-Q2",
            "--template",
            template.to_str().unwrap(),
        ],
    );
    assert_eq!(
        out,
        format!(
            "2026-Q2: 5 shipped, 4 decided
Search v2 `{}` (#12)
Usage-based billing `{}` (#13)
Onboarding flow `{}`
Single sign-on `{}`
Hotfix tooling `{}`
depends on initiative/analytics \\(active\\)
",
            fx.short("M"),
            fx.short("C14"),
            fx.short("C15"),
            fx.short("C29"),
            fx.short("C31")
        )
    );
    // `--format json` is the context itself: a template with it is refused.
    let (stdout, stderr, code) = run_in(
        fx.path(),
        TODAY,
        &[
            "review",
            "--quarter",
            "2026-Q2",
            "--format",
            "json",
            "--template",
            template.to_str().unwrap(),
        ],
    );
    assert_eq!((code, stdout.as_str()), (2, ""));
    assert!(stderr.contains("it takes no --template"), "{stderr}");
}

#[test]
fn broken_template_exits_2_naming_its_file_and_line() {
    let fx = fixture();
    let dir = tempfile::TempDir::new().unwrap();
    let cases = [
        (
            "syntax.md.j2",
            "# Review\n{{ plan }}\n{% for %}\n",
            "syntax.md.j2:3: template error",
        ),
        (
            "filter.md.j2",
            "ok\n{{ plan | no_such_filter }}\n",
            "filter.md.j2:2: template error",
        ),
        (
            "undefined.txt.j2",
            "a\nb\n{{ headline.no_such.field }}\n",
            "undefined.txt.j2:3: template error",
        ),
    ];
    for (name, source, message) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, source).unwrap();
        let (stdout, stderr, code) = run_in(
            fx.path(),
            TODAY,
            &[
                "review",
                "--quarter",
                "2026-Q2",
                "--template",
                path.to_str().unwrap(),
            ],
        );
        assert_eq!(code, 2, "{name}: {stdout}{stderr}");
        assert_eq!(stdout, "", "{name}");
        assert!(
            stderr.contains(&format!("error: {}/{message}", dir.path().display())),
            "{name}: {stderr}"
        );
    }
    // A template that is not there.
    let missing = dir.path().join("missing.md.j2");
    let (_, stderr, code) = run_in(
        fx.path(),
        TODAY,
        &["review", "--template", missing.to_str().unwrap()],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("missing.md.j2"), "{stderr}");
}

#[test]
fn review_template_path_is_relative_to_the_directory_given_with_c() {
    let fx = fixture();
    std::fs::write(fx.path().join("mine.md.j2"), "{{ quarter }}\n").unwrap();
    let elsewhere = tempfile::TempDir::new().unwrap();
    let output = crate::common::command_at(fx.path(), TODAY)
        .current_dir(elsewhere.path())
        .args(["review", "--quarter", "2026-Q2", "--template", "mine.md.j2"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&output.stdout), "2026-Q2\n");
}

#[test]
fn review_output_file_is_written_instead_of_stdout() {
    let fx = fixture();
    let md = q2_markdown(&fx);
    // Relative to -C DIR.
    let out = ok_in(
        fx.path(),
        TODAY,
        &["review", "--quarter", "2026-Q2", "-o", "review.md"],
    );
    assert_eq!(out, "");
    assert_eq!(
        std::fs::read_to_string(fx.path().join("review.md")).unwrap(),
        md
    );
    // An existing file is replaced; any format.
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("review.json");
    std::fs::write(&path, "old").unwrap();
    let out = ok_in(
        fx.path(),
        TODAY,
        &[
            "review",
            "--quarter",
            "2026-Q2",
            "--format",
            "json",
            "--output",
            path.to_str().unwrap(),
        ],
    );
    assert_eq!(out, "");
    let written: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(written, q2(&fx));
}

#[test]
fn review_in_a_shallow_clone_warns_and_adds_nothing_at_the_boundary() {
    let fx = fixture();
    // C35 to C31: the quarter began long before the boundary (C31).
    let clone = shallow_clone(fx.path(), 5);
    let r = review_json(clone.path(), &["--quarter", "2026-Q2"]);
    let warnings = r["warnings"].as_array().unwrap();
    assert!(
        warnings
            .iter()
            .any(|w| w.as_str().unwrap().contains(&format!(
                "this clone is shallow: history starts at {}",
                fx.short("C31")
            )) && w.as_str().unwrap().contains("git fetch --unshallow")),
        "{warnings:?}"
    );
    assert!(
        !warnings
            .iter()
            .any(|w| w.as_str().unwrap().contains("did not exist yet")),
        "{warnings:?}"
    );
    assert_eq!(r["roadmap"]["added"], json!([]));
    // Joiners are dated by `joined`, not by commits: frank and ivan joined
    // in Q2 whatever the clone holds (their recording commits are older than
    // its history, so nothing is cited).
    let ids = |list: &Value| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let joiners: Vec<(&str, &Value)> = r["team"]["joiners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| (j["id"].as_str().unwrap(), &j["source"]))
        .collect();
    assert_eq!(joiners, [("frank", &Value::Null), ("ivan", &Value::Null)]);
    // Likewise the risks `opened` in Q2.
    assert_eq!(ids(&r["risks"]["opened"]), ["vendor-lock", "thin-pipeline"]);
}
