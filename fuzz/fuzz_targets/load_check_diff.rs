//! Untrusted plan files, as a pull request brings them, through everything
//! `check`, `diff`, `list`, `show` and `radar` do with them: load, check,
//! render the findings in every format, diff against a changed second set
//! and render the diff in every format.
//!
//! The input is an archive (see the crate's docs): the older side's files,
//! then a line `~~~ to`, then the changes that make the newer side (files
//! replaced or added, `=== PATH !delete` to remove one). Nothing may panic;
//! besides that the target checks what holds for any plan: JSON output
//! parses, a plan compared with itself has no changes, and the diff as
//! Markdown stays within the limit it is given.

#![no_main]

use cto_plan::diff::{PlanDiff, diff_plans};
use cto_plan::history::changed::diff_files;
use cto_plan::render::{self, FindingsReport};
use cto_plan::store::{Loaded, load::load_files};
use cto_plan::{radar, validate};
use cto_plan_fuzz::{decode, files, overlay, today};
use libfuzzer_sys::fuzz_target;

/// The line that ends the older side and starts the changes.
const TO_SIDE: &[u8] = b"\n~~~ to\n";

fuzz_target!(|data: &[u8]| {
    let (from_bytes, to_bytes) = match find(data, TO_SIDE) {
        Some(at) => (&data[..at + 1], &data[at + TO_SIDE.len()..]),
        None => (data, &[][..]),
    };
    let from = decode(from_bytes);
    let changes = decode(to_bytes);
    let today = today(&from);
    let from_files = files(&from.entries);
    let to_files = files(&overlay(&from.entries, &changes.entries));

    for side in [&from_files, &to_files] {
        let loaded = load_files(side.clone());
        check_and_render(&loaded, today);
        let unchanged = diff_plans(&loaded.plan, &loaded.plan);
        assert!(
            unchanged.is_empty(),
            "a plan compared with itself shows changes: {unchanged:#?}"
        );
    }

    let diff = diff_files(from_files, to_files, "base".into(), "pull request".into());
    render_diff(&diff);
});

fn check_and_render(loaded: &Loaded, today: jiff::civil::Date) {
    let findings = validate::check(loaded, today);
    // A plan in a sub-folder of its repository, so paths are joined too.
    let report = FindingsReport {
        findings: &findings,
        sources: &loaded.sources,
        path_prefix: "plan",
        records: loaded.record_files,
    };
    render::findings::text(&report, false);
    render::findings::text(&report, true);
    render::findings::summary(&report);
    render::findings::github(&report);
    parses_as_json(&render::findings::json(&report), "check --format json");
    parses_as_json(&render::findings::sarif(&report), "check --format sarif");

    let plan = &loaded.plan;
    let records: Vec<_> = plan.records.iter().collect();
    render::records::list_text(&records, today);
    parses_as_json(&render::records::list_json(&records), "list --format json");
    for record in plan.records.iter().take(4) {
        render::records::show_text(plan, record, &record.path, today);
        parses_as_json(
            &render::records::show_json(plan, record, &record.path),
            "show --format json",
        );
    }

    let radar = radar::build(plan, None);
    render::radar::text(&radar);
    render::radar::markdown(&radar);
    parses_as_json(&render::radar::json(&radar), "radar --format json");
}

fn render_diff(diff: &PlanDiff) {
    render::diff::text(diff, false, false);
    render::diff::text(diff, true, false);
    render::diff::text(diff, false, true);
    parses_as_json(&render::diff::json(diff), "diff --format json");
    for limit in [render::diff::GITHUB_COMMENT_LIMIT, 2_000] {
        let markdown = render::diff::markdown(diff, limit);
        let length = markdown.chars().count();
        assert!(
            length <= limit,
            "diff --format markdown wrote {length} characters, over its limit of {limit}"
        );
    }
}

fn parses_as_json(text: &str, what: &str) {
    if let Err(error) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
        panic!("{what} is not JSON ({error}):\n{text}");
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}
