//! `export csv`: columns from the schema, formulas neutralised, a round trip.

use crate::common::{GitPlan, TODAY, ok_in, plan};

fn rows(text: &str) -> Vec<Vec<String>> {
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn csv_columns_follow_the_schema_and_formulas_are_inert() {
    let git = GitPlan::with(super::HOSTILE);
    let text = ok_in(git.path(), TODAY, &["export", "csv", "initiative"]);
    assert!(text.ends_with("\r\n"), "RFC 4180 line ends:\n{text}");
    let rows = rows(&text);
    assert_eq!(
        rows[0].join(","),
        "id,title,status,summary,owner,team,quarter,start,priority,depends_on,objectives,\
         decisions,estimate.engineers,estimate.weeks,skills,shipped,tags,links,\
         milestone.beta.title,milestone.beta.due,milestone.beta.done,custom.x,custom.y,custom.z"
    );
    let cell = |name: &str| rows[1][rows[0].iter().position(|h| h == name).unwrap()].clone();
    assert_eq!(cell("title"), "'=HYPERLINK(\"http://evil\")");
    assert_eq!(cell("tags"), "'-2+3; b");
    assert_eq!(cell("custom.x"), "'@SUM(A1)");
    assert_eq!(cell("custom.y"), "'\tlead");
    assert_eq!(cell("custom.z"), "'+1");
    // Typed values are written as they are.
    assert_eq!(cell("estimate.weeks"), "6");
    assert_eq!(cell("quarter"), "2027-Q1");
    assert_eq!(cell("milestone.beta.due"), "2027-01-15");
}

#[test]
fn csv_round_trips_the_minimal_plan_and_writes_with_o() {
    let dir = plan();
    let text = ok_in(dir.path(), TODAY, &["export", "csv", "initiatives"]);
    let rows = rows(&text);
    assert_eq!(rows.len(), 3, "{text}");
    let listed = crate::common::json_in(
        dir.path(),
        TODAY,
        &["list", "initiative", "--format", "json"],
    );
    for (row, record) in rows[1..].iter().zip(listed.as_array().unwrap()) {
        assert_eq!(row[0], record["id"].as_str().unwrap());
        for (key, value) in record["fields"].as_object().unwrap() {
            let at = rows[0].iter().position(|h| h == key).unwrap();
            let expected = match value {
                serde_json::Value::Array(items) => items
                    .iter()
                    .map(|i| i.as_str().unwrap().to_owned())
                    .collect::<Vec<_>>()
                    .join("; "),
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            assert_eq!(
                cto_plan::export::csv::restore_formula(&row[at]),
                expected,
                "{key}"
            );
        }
    }
    let out = ok_in(
        dir.path(),
        TODAY,
        &["export", "csv", "person", "-o", "people.csv"],
    );
    assert!(out.starts_with("wrote "), "{out}");
    let written = std::fs::read_to_string(dir.path().join("people.csv")).unwrap();
    assert_eq!(
        written,
        ok_in(dir.path(), TODAY, &["export", "csv", "person"])
    );
}

#[test]
fn formula_marks_are_reversible() {
    use cto_plan::export::csv::{neutralise_formula, restore_formula};
    for text in [
        "=1", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "'=x", "''@", "plain", "'quote", "",
    ] {
        let cell = neutralise_formula(text);
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "{cell:?} would run"
        );
        assert_eq!(restore_formula(&cell), text);
    }
}
