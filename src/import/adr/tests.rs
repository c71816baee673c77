//! Unit tests of the ADR readers: formats told apart, titles, links and
//! numbering.

use super::links::{self, Rel, Target};
use super::{Format, detect, map_status, parse, without_number};

#[test]
fn titles_lose_their_numbers_only() {
    assert_eq!(without_number("12. Use Kafka"), "Use Kafka");
    assert_eq!(without_number("ADR-0012: Use Kafka"), "Use Kafka");
    assert_eq!(without_number("2026 plans"), "2026 plans");
    assert_eq!(without_number("Use Kafka"), "Use Kafka");
}

#[test]
fn formats_are_told_by_their_marks() {
    assert_eq!(detect("---\nstatus: accepted\n---\n# X\n"), Format::Madr);
    assert_eq!(
        detect("# X\n\n* Status: accepted\n\n## Context\n"),
        Format::Madr
    );
    assert_eq!(
        detect("# X\n\n## Considered Options\n\n* A\n"),
        Format::Madr
    );
    assert_eq!(
        detect("# 1. X\n\nDate: 2026-01-01\n\n## Status\n\nAccepted\n"),
        Format::Nygard
    );
}

#[test]
fn statuses_map_by_their_first_word() {
    assert_eq!(
        map_status("Superseded by [2. X](0002-x.md)"),
        Some("superseded")
    );
    assert_eq!(map_status("ACCEPTED"), Some("accepted"));
    assert_eq!(map_status("draft"), Some("proposed"));
    assert_eq!(map_status("Pondering"), None);
}

#[test]
fn relations_name_their_targets() {
    let r = links::relation("Superseded by [13. Use X](./0013-use-x.md#top)", 4).unwrap();
    assert_eq!(
        (r.rel, r.target),
        (
            Rel::SupersededBy,
            Some(Target::File("0013-use-x.md".into()))
        )
    );
    let r = links::relation("* Supersedes ADR-0005", 9).unwrap();
    assert_eq!(
        (r.rel, r.target),
        (Rel::Supersedes, Some(Target::Number(5)))
    );
    let r = links::relation("Amends [2. Y](0002-y.md)", 1).unwrap();
    assert_eq!(r.rel, Rel::Other);
    assert!(links::relation("We read [the docs](https://example.com) before.", 1).is_none());
    assert!(links::relation("Accepted", 1).is_none());
}

#[test]
fn numbers_come_from_names_but_not_dates() {
    assert_eq!(links::number("0012-x.md", "X"), Some(12));
    assert_eq!(links::number("20200915-x.md", "X"), None);
    assert_eq!(links::number("use-x.md", "3. Use X"), Some(3));
}

#[test]
fn numbering_reports_gaps_and_duplicates() {
    let files = [
        (Some(1), "a/0001.md"),
        (Some(2), "a/0002.md"),
        (Some(2), "a/0002-b.md"),
        (Some(5), "a/0005.md"),
    ];
    let problems = links::numbering(files.iter().map(|(n, s)| (*n, *s)));
    let text: Vec<String> = problems
        .iter()
        .map(|p| format!("{}: {}", p.origin, p.message))
        .collect();
    assert_eq!(text.len(), 2, "{text:?}");
    assert!(
        text[0].starts_with("a/0002-b.md: has number 2, as a/0002.md has"),
        "{text:?}"
    );
    assert!(
        text[1].starts_with("a/0005.md: numbers 3 to 4 are missing after a/0002.md"),
        "{text:?}"
    );
}

#[test]
fn madr_front_matter_errors_name_their_line() {
    let err = parse(
        "---\nstatus: accepted\ndate: [oops\n---\n# X\n",
        Format::Auto,
    )
    .unwrap_err();
    assert!(err.0.is_some_and(|l| (3..=4).contains(&l)), "{err:?}");
    assert!(err.1.contains("not valid YAML"), "{err:?}");
}

#[test]
fn madr_sections_become_fields() {
    let text = "---\nstatus: accepted\ndate: 2026-02-01\ndecision-makers: [Alice, Bob]\n---\n# Use Kafka\n\n## Context and Problem Statement\n\nWe need a queue.\n\n## Considered Options\n\n* Kafka\n* RabbitMQ\n\n## Decision Outcome\n\nChosen option: \"Kafka\", because it scales.\n\n### Consequences\n\n* Good, because fast\n\n## Pros and Cons of the Options\n\n### Kafka\n\n* Good, because it scales\n* Bad, because it is heavy\n* Neutral, because Java\n\n### RabbitMQ\n\n* Good, because simple\n";
    let adr = parse(text, Format::Auto).unwrap();
    assert_eq!(adr.title, "Use Kafka");
    assert_eq!(adr.status, Some(("accepted".into(), 2)));
    assert_eq!(adr.deciders, vec![("Alice".into(), 4), ("Bob".into(), 4)]);
    assert_eq!(adr.context, "We need a queue.");
    assert_eq!(adr.chosen.as_ref().map(|c| c.0.as_str()), Some("Kafka"));
    assert_eq!(adr.consequences, "* Good, because fast");
    assert_eq!(adr.options.len(), 2);
    assert_eq!(adr.options[0].pros, ["it scales"]);
    assert_eq!(adr.options[0].cons, ["it is heavy"]);
    assert_eq!(adr.options[0].neutral, ["Java"]);
    assert_eq!(adr.options[1].pros, ["simple"]);
}

#[test]
fn deeply_nested_front_matter_is_an_error_not_a_crash() {
    let text = format!("---\nstatus: {}\n---\n# X\n", "[".repeat(200_000));
    let err = parse(&text, Format::Auto).unwrap_err();
    assert!(err.1.contains("not valid YAML"), "{err:?}");
}

#[test]
fn people_keep_their_email_in_angle_brackets() {
    let adr = parse(
        "---\nstatus: accepted\ndate: 2026-01-02\ndecision-makers:\n  - Maya Okafor <maya@x.io>\n  - \"[Bob](https://b.example)\"\nconsulted: Ann <ann@x.io>, <cy@x.io>\n---\n# Use X\n",
        Format::Auto,
    )
    .unwrap();
    let names = |people: &[(String, usize)]| -> Vec<String> {
        people.iter().map(|(name, _)| name.clone()).collect()
    };
    assert_eq!(names(&adr.deciders), ["Maya Okafor <maya@x.io>", "Bob"]);
    assert_eq!(names(&adr.consulted), ["Ann <ann@x.io>", "cy@x.io"]);
}

#[test]
fn log4brains_template_comments_are_not_values() {
    let adr = parse(
        "# Use X\n\n- Status: accepted <!-- optional -->\n- Date: 2024-03-01 <!-- when the decision was last updated -->\n- Tags: a, b <!-- optional\n\n## Context and Problem Statement\n\nWhy.\n",
        Format::Auto,
    )
    .unwrap();
    assert_eq!(
        adr.status.as_ref().map(|(s, _)| s.as_str()),
        Some("accepted")
    );
    assert_eq!(
        adr.date.as_ref().map(|(d, _)| d.as_str()),
        Some("2024-03-01")
    );
    assert_eq!(adr.tags, ["a", "b"]);
}

#[test]
fn more_information_keeps_its_text_and_its_links_count() {
    let adr = parse(
        "---\nstatus: accepted\ndate: 2025-03-05\n---\n# Use C\n\n## Context and Problem Statement\n\nCtx.\n\n## More Information\n\nSupersedes [ADR-0002](0002-b.md)\n\nKept paragraph.\n\n* Amends [ADR-0001](0001-a.md)\n",
        Format::Auto,
    )
    .unwrap();
    let rels: Vec<Rel> = adr.relations.iter().map(|r| r.rel).collect();
    assert_eq!(rels, [Rel::Other, Rel::Supersedes]);
    assert_eq!(adr.context, "Ctx.\n\nMore information:\n\nKept paragraph.");
}

#[test]
fn log4brains_tags_split_at_spaces_and_commas() {
    let adr = parse(
        "# Use X\n\n- Status: accepted\n- Tags: backend frontend, ops  [ci]\n\n## Context and Problem Statement\n\nWhy.\n",
        Format::Auto,
    )
    .unwrap();
    assert_eq!(adr.tags, ["backend", "frontend", "ops", "ci"]);
}
