//! Properties, through the library: the diff of a plan with itself is
//! empty, and the changed fields are exactly the edited ones, whatever the
//! equivalent spellings and the order of the files.

use std::collections::BTreeSet;

use cto_plan::diff::diff_plans;
use cto_plan::model::Kind;
use cto_plan::store::load::load_files;
use cto_plan::store::{Content, RawFile};
use proptest::prelude::*;

use crate::common::CONFIG;

/// One editable field: its key and the TOML literals it may hold, each with
/// a class; literals of one class mean the same (`"bob"` and `"person/bob"`,
/// `3` and `3.0`, a list and its reordering), so moving between them is no
/// change.
struct Slot {
    key: &'static str,
    values: &'static [(&'static str, u8)],
    /// May be absent.
    optional: bool,
}

/// A table header (`[line.cloud]`) with fixed lines and editable fields.
struct Section {
    header: &'static str,
    fixed: &'static [&'static str],
    slots: &'static [Slot],
}

/// One record file of the model plan.
struct Model {
    path: &'static str,
    kind: Kind,
    id: &'static str,
    fixed: &'static [&'static str],
    slots: &'static [Slot],
    sections: &'static [Section],
}

const fn opt(key: &'static str, values: &'static [(&'static str, u8)]) -> Slot {
    Slot {
        key,
        values,
        optional: true,
    }
}

const fn req(key: &'static str, values: &'static [(&'static str, u8)]) -> Slot {
    Slot {
        key,
        values,
        optional: false,
    }
}

const ALICE_BOB: &[(&str, u8)] = &[(r#""alice""#, 0), (r#""person/alice""#, 0), (r#""bob""#, 1)];
const CORE_GROWTH: &[(&str, u8)] = &[(r#""core""#, 0), (r#""team/core""#, 0), (r#""growth""#, 1)];
const QUARTERS: &[(&str, u8)] = &[
    (r#""2026-Q3""#, 0),
    (r#""2026-Q4""#, 1),
    (r#""2027-Q1""#, 2),
];
const DATES: &[(&str, u8)] = &[("2026-11-20", 0), (r#""2026-11-20""#, 0), ("2026-11-21", 1)];
const PROSE: &[(&str, u8)] = &[
    (r#""Find things.""#, 0),
    (r#""Find things fast.""#, 1),
    ("\"\"\"\nFind things\nfast.\"\"\"", 2),
];

static MODELS: &[Model] = &[
    Model {
        path: "roadmap/search.toml",
        kind: Kind::Initiative,
        id: "search",
        fixed: &[r#"title = "Search""#],
        slots: &[
            req(
                "status",
                &[(r#""active""#, 0), (r#""planned""#, 1), (r#""shipped""#, 2)],
            ),
            opt("summary", PROSE),
            opt("owner", ALICE_BOB),
            opt("team", CORE_GROWTH),
            opt("quarter", QUARTERS),
            opt("priority", &[(r#""p0""#, 0), (r#""p1""#, 1)]),
            opt(
                "tags",
                &[
                    (r#"["a", "b"]"#, 0),
                    (r#"["b", "a"]"#, 0),
                    (r#"["a"]"#, 1),
                    (r#"["c", "b"]"#, 2),
                    ("[]", 3),
                ],
            ),
            opt(
                "depends_on",
                &[
                    (r#"["billing"]"#, 0),
                    (r#"["initiative/billing"]"#, 0),
                    (r#"["billing", "sso"]"#, 1),
                ],
            ),
            opt("shipped", DATES),
        ],
        sections: &[
            Section {
                header: "estimate",
                fixed: &[],
                slots: &[
                    opt("engineers", &[("3", 0), ("3.0", 0), ("4", 1), ("2.5", 2)]),
                    opt("weeks", &[("6", 0), ("8", 1)]),
                ],
            },
            Section {
                header: "milestone.beta",
                fixed: &[r#"title = "Beta""#],
                slots: &[opt("done", &[("true", 0), ("false", 1)]), opt("due", DATES)],
            },
            Section {
                header: "custom",
                fixed: &[],
                slots: &[opt(
                    "jira",
                    &[(r#""SRCH-1""#, 0), (r#""SRCH-2""#, 1), ("2", 2)],
                )],
            },
        ],
    },
    Model {
        path: "decisions/db.toml",
        kind: Kind::Decision,
        id: "db",
        fixed: &[
            r#"title = "Pick a database""#,
            "proposed = 2026-01-05",
            r#"context = "We need one.""#,
        ],
        slots: &[
            req(
                "status",
                &[
                    (r#""proposed""#, 0),
                    (r#""accepted""#, 1),
                    (r#""superseded""#, 2),
                ],
            ),
            opt(
                "deciders",
                &[
                    (r#"["alice"]"#, 0),
                    (r#"["person/alice"]"#, 0),
                    (r#"["bob", "alice"]"#, 1),
                ],
            ),
            opt("decision", PROSE),
            opt(
                "supersedes",
                &[(r#"["old-db"]"#, 0), (r#"["decision/old-db"]"#, 0)],
            ),
            opt("review_by", DATES),
        ],
        sections: &[Section {
            header: "option.pg",
            fixed: &[r#"summary = "Postgres""#],
            slots: &[
                opt("chosen", &[("true", 0), ("false", 1)]),
                opt("pros", &[(r#"["fast"]"#, 0), (r#"["known", "fast"]"#, 1)]),
            ],
        }],
    },
    Model {
        path: "risks/outage.toml",
        kind: Kind::Risk,
        id: "outage",
        fixed: &[r#"title = "Outage""#, "opened = 2026-02-01"],
        slots: &[
            req("likelihood", &[("1", 0), ("3", 1), ("5", 2)]),
            req("impact", &[("2", 0), ("4", 1)]),
            req(
                "status",
                &[(r#""open""#, 0), (r#""mitigating""#, 1), (r#""closed""#, 2)],
            ),
            opt("owner", ALICE_BOB),
            opt("mitigation", PROSE),
            opt("category", &[(r#""people""#, 0), (r#""vendor""#, 1)]),
        ],
        sections: &[],
    },
    Model {
        path: "team/people/bob.toml",
        kind: Kind::Person,
        id: "bob",
        fixed: &[r#"name = "Bob""#, r#"role = "Engineer""#],
        slots: &[
            opt("team", CORE_GROWTH),
            opt("manager", &[(r#""alice""#, 0), (r#""carol""#, 1)]),
            opt("left", DATES),
            opt("level", &[(r#""L4""#, 0), (r#""L5""#, 1)]),
            opt(
                "skills",
                &[
                    (r#"["rust", "go"]"#, 0),
                    (r#"["go", "rust"]"#, 0),
                    (r#"["go"]"#, 1),
                ],
            ),
        ],
        sections: &[],
    },
    Model {
        path: "team/teams/core.toml",
        kind: Kind::Team,
        id: "core",
        fixed: &[r#"name = "Core""#],
        slots: &[
            opt("lead", ALICE_BOB),
            opt("mission", PROSE),
            opt(
                "parent",
                &[(r#""eng""#, 0), (r#""team/eng""#, 0), (r#""product""#, 1)],
            ),
            opt("headcount_target", &[("4", 0), ("6", 1)]),
        ],
        sections: &[],
    },
    Model {
        path: "team/hiring/sre.toml",
        kind: Kind::Role,
        id: "sre",
        fixed: &[
            r#"title = "SRE""#,
            r#"team = "core""#,
            "opened = 2026-08-01",
        ],
        slots: &[
            req(
                "status",
                &[
                    (r#""open""#, 0),
                    (r#""interviewing""#, 1),
                    (r#""filled""#, 2),
                ],
            ),
            opt(
                "hire",
                &[(r#""erin""#, 0), (r#""person/erin""#, 0), (r#""frank""#, 1)],
            ),
            opt("filled", DATES),
            opt("quarter", QUARTERS),
        ],
        sections: &[],
    },
    Model {
        path: "budget/2026-Q3.toml",
        kind: Kind::Budget,
        id: "2026-Q3",
        fixed: &[],
        slots: &[opt("currency", &[(r#""USD""#, 0), (r#""EUR""#, 1)])],
        sections: &[
            Section {
                header: "line.cloud",
                fixed: &[r#"category = "infrastructure""#],
                slots: &[
                    req(
                        "planned",
                        &[("100000", 0), ("100000.0", 0), ("140000", 1), ("99.5", 2)],
                    ),
                    opt("actual", &[("0", 0), ("2500.5", 1)]),
                    opt("team", CORE_GROWTH),
                    opt("note", &[(r#""AWS""#, 0), (r#""GCP""#, 1)]),
                ],
            },
            Section {
                header: "line.laptops",
                fixed: &[r#"category = "headcount""#, "planned = 10000"],
                slots: &[opt("actual", &[("9000", 0), ("9500", 1)])],
            },
        ],
    },
    Model {
        path: "objectives/fast.toml",
        kind: Kind::Objective,
        id: "fast",
        fixed: &[r#"title = "Fast""#],
        slots: &[
            req("quarter", QUARTERS),
            opt("status", &[(r#""draft""#, 0), (r#""committed""#, 1)]),
            opt("owner", ALICE_BOB),
        ],
        sections: &[Section {
            header: "key_result.p95",
            fixed: &[r#"metric = "p95""#, "target = 200"],
            slots: &[
                opt(
                    "current",
                    &[("350", 0), ("350.0", 0), ("250", 1), ("199.5", 2)],
                ),
                opt("unit", &[(r#""ms""#, 0), (r#""s""#, 1)]),
                opt("baseline", &[("400", 0), ("-1", 1)]),
            ],
        }],
    },
];

/// Every slot of the model plan, in order: (model, section, slot).
fn all_slots() -> Vec<(&'static Model, Option<&'static Section>, &'static Slot)> {
    let mut out = Vec::new();
    for model in MODELS {
        out.extend(model.slots.iter().map(|s| (model, None, s)));
        for section in model.sections {
            out.extend(section.slots.iter().map(|s| (model, Some(section), s)));
        }
    }
    out
}

/// One state of the model plan: for each slot, which value it holds (its
/// number of values meaning absent).
fn states() -> impl Strategy<Value = Vec<usize>> {
    all_slots()
        .into_iter()
        .map(|(_, _, slot)| 0..slot.values.len() + usize::from(slot.optional))
        .collect::<Vec<_>>()
}

/// The class of the value a slot holds in a state; `None` when absent.
fn class(slot: &Slot, choice: usize) -> Option<u8> {
    slot.values.get(choice).map(|(_, c)| *c)
}

/// A small deterministic shuffle, so a state can be written in another order.
fn shuffle<T>(items: &mut [T], seed: &mut u64) {
    for i in (1..items.len()).rev() {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        let j = (*seed % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

/// The files of the model plan in `state`; with a seed, keys, tables and
/// blank lines are reordered and comments added, which changes nothing.
fn render(state: &[usize], seed: Option<u64>) -> Vec<RawFile> {
    let slots = all_slots();
    let mut seed_state = seed.unwrap_or(0) | 1;
    let lines_of = |fixed: &[&str], section: Option<&Section>, model: &Model| {
        let mut lines: Vec<String> = fixed.iter().map(|l| (*l).to_owned()).collect();
        for (i, (m, s, slot)) in slots.iter().enumerate() {
            let same_section = match (s, section) {
                (None, None) => true,
                (Some(a), Some(b)) => std::ptr::eq(*a, b),
                _ => false,
            };
            if std::ptr::eq(*m, model)
                && same_section
                && let Some((literal, _)) = slot.values.get(state[i])
            {
                lines.push(format!("{} = {literal}", slot.key));
            }
        }
        lines
    };
    let mut files = vec![RawFile {
        path: "cto-plan.toml".into(),
        content: Content::Bytes(CONFIG.as_bytes().to_vec()),
        blob: None,
    }];
    for model in MODELS {
        let mut top = lines_of(model.fixed, None, model);
        let mut sections: Vec<(String, Vec<String>)> = model
            .sections
            .iter()
            .map(|s| (s.header.to_owned(), lines_of(s.fixed, Some(s), model)))
            .collect();
        if seed.is_some() {
            shuffle(&mut top, &mut seed_state);
            top.insert(0, "# Reordered, with comments.".into());
            for (_, lines) in &mut sections {
                shuffle(lines, &mut seed_state);
                lines.push(String::new());
            }
            shuffle(&mut sections, &mut seed_state);
        }
        let mut text = top.join("\n");
        text.push('\n');
        for (header, lines) in sections {
            text.push_str(&format!("\n[{header}]\n{}\n", lines.join("\n")));
        }
        files.push(RawFile {
            path: model.path.into(),
            content: Content::Bytes(text.into_bytes()),
            blob: None,
        });
    }
    files
}

/// Loads the files, insisting the model wrote nothing a parser complains about.
fn load(files: Vec<RawFile>) -> cto_plan::model::Plan {
    let shown: Vec<String> = files
        .iter()
        .map(|f| match &f.content {
            Content::Bytes(b) => format!("# {}\n{}", f.path, String::from_utf8_lossy(b)),
            _ => String::new(),
        })
        .collect();
    let loaded = load_files(files);
    assert!(
        loaded.findings.is_empty(),
        "{:#?}\n{}",
        loaded.findings,
        shown.join("\n")
    );
    assert_eq!(loaded.plan.records.len(), MODELS.len());
    loaded.plan
}

fn changed_fields(old: &[usize], new: &[usize]) -> BTreeSet<(Kind, String, String)> {
    let (a, b) = (load(render(old, None)), load(render(new, None)));
    let changes = diff_plans(&a, &b);
    for change in &changes {
        assert_eq!(
            change.action,
            cto_plan::diff::Action::Changed,
            "{change:#?}"
        );
    }
    changes
        .iter()
        .flat_map(|c| {
            c.fields
                .iter()
                .map(|f| (c.kind, c.id.clone(), f.path.clone()))
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 32,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// A plan compared with itself, however it is written, has no changes.
    #[test]
    fn diff_of_a_plan_with_itself_is_empty(state in states(), seed in any::<u64>()) {
        let plan = load(render(&state, None));
        prop_assert!(diff_plans(&plan, &plan).is_empty());
        let reordered = load(render(&state, Some(seed)));
        let changes = diff_plans(&plan, &reordered);
        prop_assert!(changes.is_empty(), "{:#?}", changes);
    }

    /// The fields reported changed are exactly the fields edited (moving
    /// between spellings of one value is no edit), both ways round.
    #[test]
    fn changed_fields_are_the_edited_fields(old in states(), new in states()) {
        let edited: BTreeSet<(Kind, String, String)> = all_slots()
            .iter()
            .enumerate()
            .filter(|(i, (_, _, slot))| class(slot, old[*i]) != class(slot, new[*i]))
            .map(|(_, (model, section, slot))| {
                let path = match section {
                    Some(s) => format!("{}.{}", s.header, slot.key),
                    None => slot.key.to_owned(),
                };
                (model.kind, model.id.to_owned(), path)
            })
            .collect();
        prop_assert_eq!(&changed_fields(&old, &new), &edited);
        prop_assert_eq!(&changed_fields(&new, &old), &edited);
    }
}
