//! The property that what `set` writes, `show` reads back: in memory through
//! the library, and through the binary.

use super::*;

/// The value at a dotted path of a parsed record, with its span.
fn value_at<'t>(table: &'t Table, path: &[&str]) -> Option<(&'t Value, Span)> {
    let (first, rest) = path.split_first()?;
    let entry = table.get(first)?;
    if rest.is_empty() {
        return Some((&entry.value, entry.span.clone()));
    }
    match &entry.value {
        Value::Table(inner) => value_at(inner, rest),
        _ => None,
    }
}

fn in_memory_session(text: &str) -> Session {
    let layout = Layout {
        root: PathBuf::from("/nonexistent"),
        git_dir: None,
        prefix: String::new(),
        bare: false,
    };
    let file = |path: &str, text: &str| RawFile {
        path: path.into(),
        content: Content::Bytes(text.as_bytes().to_vec()),
        blob: None,
    };
    Session::from_files(
        layout,
        vec![
            file("cto-plan.toml", common::CONFIG),
            file("roadmap/search-v2.toml", text),
        ],
    )
}

fn parse(text: &str) -> Table {
    let loaded = load_files(vec![RawFile {
        path: "roadmap/search-v2.toml".into(),
        content: Content::Bytes(text.as_bytes().to_vec()),
        blob: None,
    }]);
    assert!(loaded.findings.is_empty(), "{:?}\n{text}", loaded.findings);
    loaded.plan.records[0].fields.clone()
}

/// A field of the commented initiative, the text typed for it, and the value
/// `show` must then give.
fn assignments() -> impl Strategy<Value = (&'static str, String, Value)> {
    let text = prop::collection::vec(any::<char>().prop_filter("no NUL", |c| *c != '\0'), 0..40)
        .prop_map(|chars| chars.into_iter().collect::<String>());
    prop_oneof![
        text.clone()
            .prop_map(|s| ("title", s.clone(), Value::Text(s))),
        text.prop_map(|s| ("summary", s.clone(), Value::Text(s))),
        (2000i16..2200, 1u8..=4).prop_map(|(y, q)| {
            let quarter = cto_plan::model::Quarter::new(y, q).unwrap();
            ("quarter", quarter.to_string(), Value::Quarter(quarter))
        }),
        (0u32..=520).prop_map(|n| (
            "estimate.weeks",
            n.to_string(),
            Value::Integer(i64::from(n))
        )),
        (0.0f64..1000.0).prop_map(|f| ("estimate.engineers", format!("{f:?}"), Value::Float(f))),
        any::<bool>().prop_map(|b| ("milestone.beta.done", b.to_string(), Value::Bool(b))),
        (1970i16..2200, 1i8..=12, 1i8..=28).prop_map(|(y, m, d)| {
            let day = date(y, m, d);
            ("milestone.beta.due", day.to_string(), Value::Date(day))
        }),
        prop::sample::select(vec!["p0", "p1", "p2", "p3"]).prop_map(|p| (
            "priority",
            p.to_owned(),
            Value::Text(p.to_owned())
        )),
    ]
}

/// The commented initiative with every field the property sets present.
const FULL: &str = r#"# Search.
title = "Search v2" # working title
summary = "Short." # one line
status = "active"   # aligned comment
quarter = "2099-Q4"
priority = 'p2' # literal string
estimate = { engineers = 3, weeks = 6 } # rough

[milestone.beta] # the first
title = "Beta"
due = 2099-01-01 # soon
done = false # not yet
"#;

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// `set` gives the value back, and every byte outside it is unchanged.
    #[test]
    fn set_changes_the_value_and_nothing_else((field, typed, expected) in assignments()) {
        let mut session = in_memory_session(FULL);
        let target = Target { kind: Kind::Initiative, id: "search-v2".into(), path: "roadmap/search-v2.toml".into() };
        let assignment = Assignment::parse(&format!("{field}={typed}")).unwrap();
        session.apply(&target, &assignment, date(2026, 11, 27)).unwrap();
        let after = session.text(&target.path).unwrap().to_owned();
        let path: Vec<&str> = field.split('.').collect();
        let before_table = parse(FULL);
        let after_table = parse(&after);
        let (_, old) = value_at(&before_table, &path).unwrap();
        let (value, new) = value_at(&after_table, &path).unwrap();
        prop_assert_eq!(value, &expected);
        prop_assert_eq!(&FULL[..old.start], &after[..new.start]);
        prop_assert_eq!(&FULL[old.end..], &after[new.end..]);
    }
}

#[test]
fn set_then_show_through_the_binary() {
    let dir = commented_plan();
    for title in [
        "Quotes \" and 'single'",
        "Back\\slash",
        "Ünïcödé ✓",
        "#not a comment",
        "a,b",
        "[x]",
        "2026-01-01",
        "  spaced  ",
    ] {
        let before = read(dir.path(), "roadmap/search-v2.toml");
        ok(dir.path(), &["set", "search-v2", &format!("title={title}")]);
        assert_eq!(fields(dir.path(), "search-v2")["title"], title);
        let after = read(dir.path(), "roadmap/search-v2.toml");
        // Only the title line changed, and its comment stayed.
        let changed: Vec<(&str, &str)> = before
            .lines()
            .zip(after.lines())
            .filter(|(a, b)| a != b)
            .collect();
        assert_eq!(changed.len(), 1, "{changed:?}");
        assert!(changed[0].1.ends_with(" # working title"), "{changed:?}");
        assert_eq!(before.lines().count(), after.lines().count());
    }
}
