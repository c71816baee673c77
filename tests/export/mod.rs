//! `cto-plan export`: the spreadsheet (injection-safe), the calendar
//! (parsed back by the icalendar crate) and the JSON document (its keys as
//! documented), each on a small fixed plan.

mod csv;
mod ics;
mod json;

/// A plan with hostile text in a title, a tag and a custom key.
pub const HOSTILE: &[(&str, &str)] = &[
    (
        "roadmap/a.toml",
        "title = \"=HYPERLINK(\\\"http://evil\\\")\"\nstatus = \"active\"\nquarter = \"2027-Q1\"\ntags = [\"-2+3\", \"b\"]\nestimate = { engineers = 2, weeks = 6 }\n[milestone.beta]\ntitle = \"Beta\"\ndue = 2027-01-15\n[custom]\nx = \"@SUM(A1)\"\ny = \"\\tlead\"\nz = \"+1\"\n",
    ),
    (
        "decisions/use-x.toml",
        "title = \"Use X\\r\\nEND:VEVENT\\r\\nBEGIN:VEVENT\\r\\nUID:evil\"\nstatus = \"accepted\"\nproposed = 2026-01-01\ncontext = \"a, b; c\"\nreview_by = 2027-02-01\n",
    ),
];
