//! `import roadmap`: a Jira or Linear CSV export of epics or projects (one
//! row each: summary, status, target or due date, assignee, team, labels)
//! into initiatives.
//!
//! The status is mapped by a documented table (Jira's and Linear's words),
//! which `--status "WORD=status"` extends or overrides; a status neither
//! knows is a problem and its row is not imported. The target quarter comes
//! from the target (or due) date and the plan's fiscal year, `start` from
//! the start date, `shipped` from the resolution (or completion) date, else
//! the target date. The assignee or lead becomes the owner when it matches a
//! person of the plan (by name, e-mail or id), the team a team of the plan;
//! what matches nothing is reported, never invented. A row's source key is
//! its issue key or id (`roadmap:PLAT-12`), else its summary. Priorities
//! are mapped by [`PRIORITY_MAP`]. A CSV written by `export csv initiative`
//! reads back too: its `id` column gives the ids, its `title`, `quarter`,
//! `shipped` and `custom.*` columns their fields.
//!
//! Reading and mapping only: nothing here writes, prints or knows the
//! command line. Staging (`super::stage`) decides what happens to each
//! proposal.

use std::collections::{HashMap, HashSet};

use super::csv_table::{self, DayOrder, FieldColumns, list_items, normalise, parse_date, shown};
use super::people::{Directory, Teams, imported_sources, resolve_teams, usable_id};
use super::{Batch, Origin, Problem, Proposal, list_text};
use crate::edit::{Assignment, slug::slug};
use crate::error::{Error, Result};
use crate::model::{Kind, Plan, Quarter};

const fn column(field: &'static str, headers: &'static [&'static str]) -> FieldColumns {
    FieldColumns {
        field,
        headers,
        many: false,
    }
}

/// What the roadmap import reads, and the headers it knows for each (as
/// `csv_table::normalise` leaves them), best first.
pub const FIELDS: &[FieldColumns] = &[
    column("key", &["issuekey", "key", "id", "identifier", "issueid"]),
    column(
        "title",
        // `title` and `name` before `summary`: where they are there
        // (cto-plan's own export, Linear's projects) the summary is a
        // description.
        &[
            "title",
            "name",
            "summary",
            "epicname",
            "customfieldepicname",
            "projectname",
            "project",
        ],
    ),
    column("status", &["status", "state", "projectstatus"]),
    column(
        "target",
        &[
            "targetdate",
            "targetend",
            "duedate",
            "due",
            "enddate",
            "plannedend",
            "customfieldtargetend",
            "customfieldenddate",
            "quarter",
        ],
    ),
    column(
        "start",
        &[
            "startdate",
            "targetstart",
            "plannedstart",
            "customfieldstartdate",
            "customfieldtargetstart",
            "start",
        ],
    ),
    column(
        "shipped",
        &[
            "resolved",
            "resolutiondate",
            "completedat",
            "completed",
            "donedate",
            "shipped",
        ],
    ),
    column(
        "owner",
        &["assignee", "lead", "projectlead", "owner", "reporter"],
    ),
    column(
        "team",
        &[
            "team",
            "teams",
            "customfieldteam",
            "component",
            "components",
            "squad",
        ],
    ),
    FieldColumns {
        field: "tags",
        headers: &["labels", "label", "tags"],
        many: true,
    },
    column("priority", &["priority"]),
    column("summary", &["summary", "description"]),
];

/// Jira's and Linear's priority words (as `normalise` leaves them), and the
/// initiative priority each becomes; `p0` to `p3` are read as themselves.
pub const PRIORITY_MAP: &[(&str, &str)] = &[
    ("highest", "p0"),
    ("urgent", "p0"),
    ("critical", "p0"),
    ("blocker", "p0"),
    ("high", "p1"),
    ("major", "p1"),
    ("medium", "p2"),
    ("normal", "p2"),
    ("low", "p3"),
    ("lowest", "p3"),
    ("minor", "p3"),
    ("trivial", "p3"),
    ("p0", "p0"),
    ("p1", "p1"),
    ("p2", "p2"),
    ("p3", "p3"),
];

/// Jira's and Linear's status words (as `normalise` leaves them), and the
/// initiative status each becomes.
pub const STATUS_MAP: &[(&str, &str)] = &[
    // Jira.
    ("todo", "planned"),
    ("open", "planned"),
    ("backlog", "planned"),
    ("selectedfordevelopment", "planned"),
    ("inprogress", "active"),
    ("inreview", "active"),
    ("review", "active"),
    ("blocked", "paused"),
    ("onhold", "paused"),
    ("done", "shipped"),
    ("closed", "shipped"),
    ("resolved", "shipped"),
    ("wontdo", "cancelled"),
    ("cancelled", "cancelled"),
    // Linear.
    ("planned", "planned"),
    ("started", "active"),
    ("paused", "paused"),
    ("completed", "shipped"),
    ("canceled", "cancelled"),
    // cto-plan's own words, as `export csv initiative` writes them.
    ("proposed", "proposed"),
    ("active", "active"),
    ("shipped", "shipped"),
];

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--map`, parsed with [`csv_table::parse_map`] against [`FIELDS`].
    pub map: Vec<(String, &'static str)>,
    /// `--status WORD=status`: the export's word (normalised) and the
    /// initiative status it becomes, before [`STATUS_MAP`].
    pub statuses: Vec<(String, String)>,
    /// Create the teams the plan lacks, instead of reporting them.
    pub create_teams: bool,
}

/// Parses `--status` values: `WORD=status`, the status one of an
/// initiative's.
pub fn parse_statuses(values: &[String]) -> Result<Vec<(String, String)>> {
    let known = crate::model::initiative::STATUSES;
    values
        .iter()
        .map(|value| {
            let Some((word, status)) = value.split_once('=') else {
                return Err(Error::Edit {
                    location: "--status".into(),
                    message: format!("'{value}' is not WORD=status"),
                    hint: Some("write it as --status \"Ready for Dev=planned\"".into()),
                });
            };
            let status = status.trim();
            if !known.contains(&status) {
                return Err(Error::Edit {
                    location: "--status".into(),
                    message: format!("'{status}' is not an initiative status"),
                    hint: Some(format!("the statuses are: {}", known.join(", "))),
                });
            }
            Ok((normalise(word), status.to_owned()))
        })
        .collect()
}

/// One row, read.
struct Initiative {
    line: usize,
    id: String,
    source: String,
    fields: Vec<Assignment>,
    team: Option<String>,
}

/// Reads `bytes` (the content of `file`) against `plan`.
pub fn import(file: &str, bytes: &[u8], plan: &Plan, options: &Options) -> Result<Batch> {
    let table = csv_table::read(file, bytes)?;
    let columns = csv_table::recognise(file, &table.headers, FIELDS, &options.map)?;
    let mut batch = Batch::default();
    let at = |line: usize| Origin {
        file: file.to_owned(),
        line: Some(line),
    };
    for (field, example) in [("title", "Summary"), ("status", "Status")] {
        if columns.of(field).is_none() {
            batch.problems.push(Problem {
                origin: at(1),
                message: format!(
                    "no column holds the {field} (the headers are {}): name one with --map \"{example}={field}\"",
                    shown(&table.headers.join(", "))
                ),
            });
        }
    }
    if !batch.problems.is_empty() {
        return Ok(batch);
    }
    let fiscal = plan.config.fiscal_year_start_month;
    let imported = imported_sources(plan, Kind::Initiative);
    let people = Directory::of_plan(plan);
    let order = |field: &str| {
        DayOrder::of(
            columns
                .of(field)
                .into_iter()
                .flat_map(|c| table.rows.iter().map(move |row| row.cell(c))),
        )
    };
    let orders: HashMap<&str, DayOrder> = ["target", "start", "shipped"]
        .into_iter()
        .map(|f| (f, order(f)))
        .collect();
    let custom = columns.custom(&table.headers);
    let mut taken: HashSet<String> = imported.values().cloned().collect();
    let mut rows: Vec<Initiative> = Vec::new();
    let mut sources: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let cell = |field: &str| columns.of(field).map_or("", |c| row.cell(c));
        let problem = |batch: &mut Batch, message: String| {
            batch.problems.push(Problem {
                origin: at(row.line),
                message,
            });
        };
        let title = cell("title");
        if title.is_empty() {
            problem(
                &mut batch,
                "the row has no title, so it is not imported".into(),
            );
            continue;
        }
        let source = match cell("key") {
            "" => format!("roadmap:{title}"),
            key => format!("roadmap:{key}"),
        };
        if let Some(first) = sources.get(&source) {
            problem(
                &mut batch,
                format!(
                    "{} is on line {first} already, so this row is not imported",
                    shown(&source["roadmap:".len()..])
                ),
            );
            continue;
        }
        let word = normalise(cell("status"));
        let status = options
            .statuses
            .iter()
            .find(|(w, _)| *w == word)
            .map(|(_, s)| s.as_str())
            .or_else(|| STATUS_MAP.iter().find(|(w, _)| *w == word).map(|(_, s)| *s));
        let Some(status) = status else {
            problem(
                &mut batch,
                format!(
                    "status {} is not one the import knows, so the row is not imported: map it with --status \"{}=planned\" (or active, paused, shipped, cancelled)",
                    shown(cell("status")),
                    cell("status").replace(['"', '\\'], "")
                ),
            );
            continue;
        };
        let date = |field: &str, batch: &mut Batch| {
            let value = cell(field);
            if value.is_empty() {
                return None;
            }
            // A quarter as cto-plan writes it (`export csv`) is one too.
            if let Ok(quarter) = value.parse::<Quarter>() {
                return Some(quarter.end_date(fiscal));
            }
            let parsed = parse_date(value, orders[field]);
            if parsed.is_none() {
                batch.problems.push(Problem {
                    origin: at(row.line),
                    message: format!(
                        "{field}: {} is not a date (write YYYY-MM-DD, DD.MM.YYYY or MM/DD/YYYY)",
                        shown(value)
                    ),
                });
            }
            parsed
        };
        let target = date("target", &mut batch);
        let start = date("start", &mut batch);
        let shipped = date("shipped", &mut batch);
        // A key that is a plan id (`checkout-redesign`, as `export csv`
        // writes it) is the id; Jira's `PLAT-12` and Linear's UUIDs are not.
        let given_id = Some(cell("key")).filter(|key| usable_id(key) && !is_uuid(key));
        let id = match imported.get(&source) {
            Some(id) => id.clone(),
            None => match given_id.map(str::to_owned).or_else(|| slug(title)) {
                // Two titles of one slug: the later row gets `-2`, `-3`, ….
                Some(id) if given_id.is_none() => super::free_id(id, |c| taken.contains(c)),
                Some(id) => id,
                None => {
                    problem(
                        &mut batch,
                        format!("cannot make an id from the title {}", shown(title)),
                    );
                    continue;
                }
            },
        };
        taken.insert(id.clone());
        sources.insert(source.clone(), row.line);
        let mut fields = vec![
            Assignment::set("title", title),
            Assignment::set("status", status),
        ];
        if !cell("summary").is_empty() && columns.of("summary") != columns.of("title") {
            fields.push(Assignment::set("summary", cell("summary")));
        }
        match cell("owner") {
            "" => {}
            owner => match people.find(owner) {
                Some(person) => fields.push(Assignment::set("owner", person)),
                None => problem(
                    &mut batch,
                    format!(
                        "owner {} matches no person in the plan (by name, e-mail or id), so {} gets none",
                        shown(owner),
                        shown(title)
                    ),
                ),
            },
        }
        if let Some(start) = start {
            fields.push(Assignment::set(
                "start",
                Quarter::containing(start, fiscal).to_string(),
            ));
        }
        if let Some(target) = target {
            fields.push(Assignment::set(
                "quarter",
                Quarter::containing(target, fiscal).to_string(),
            ));
        }
        match normalise(cell("priority")).as_str() {
            "" | "none" | "nopriority" => {}
            word => match PRIORITY_MAP.iter().find(|(w, _)| *w == word) {
                Some((_, priority)) => fields.push(Assignment::set("priority", *priority)),
                None => problem(
                    &mut batch,
                    format!(
                        "priority {} is not one the import knows (Highest, High, Medium, Low, Lowest, Urgent, p0 to p3), so {} gets none",
                        shown(cell("priority")),
                        shown(title)
                    ),
                ),
            },
        }
        if status == "shipped" {
            match shipped.or(target) {
                Some(day) => fields.push(Assignment::set("shipped", day.to_string())),
                None => problem(
                    &mut batch,
                    format!(
                        "{} is done but the row gives no resolution or target date: set `shipped` after the import",
                        shown(title)
                    ),
                ),
            }
        }
        let tags: Vec<String> = columns
            .all("tags")
            .iter()
            .flat_map(|&c| list_items(row.cell(c)))
            .collect();
        if !tags.is_empty() {
            fields.push(Assignment::set("tags", list_text(&tags)));
        }
        fields.extend(csv_table::custom_fields(&custom, row));
        rows.push(Initiative {
            line: row.line,
            id,
            source,
            fields,
            team: Some(cell("team").to_owned()).filter(|t| !t.is_empty()),
        });
    }
    let mut teams = Teams::of_plan(plan);
    let team_ids = resolve_teams(
        file,
        rows.iter().map(|r| (r.line, r.team.as_deref())),
        &mut teams,
        options.create_teams,
        &mut batch,
    );
    for (row, team) in rows.into_iter().zip(team_ids) {
        let mut fields = row.fields;
        if let Some(team) = team {
            // After the owner, as the schema orders them.
            let at_field = fields
                .iter()
                .position(|a| a.path[0] == "start" || a.path[0] == "quarter")
                .unwrap_or(fields.len());
            fields.insert(at_field, Assignment::set("team", team));
        }
        batch.proposals.push(Proposal {
            kind: Kind::Initiative,
            id: row.id,
            source: row.source,
            origin: at(row.line),
            fields,
            matched: None,
        });
    }
    Ok(batch)
}

/// `0b9d2d8e-3f7a-4c39-9a38-5f0c2d1e7b44`: Linear's project ids, which are
/// no name to give a record.
fn is_uuid(key: &str) -> bool {
    let groups: Vec<&str> = key.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|g| g.bytes().all(|b| b.is_ascii_hexdigit()))
}
