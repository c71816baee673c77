//! `import people`: an HR export (Workday, BambooHR, Personio, HiBob, or
//! `cto-plan export csv person`), one row per person, into person records.
//!
//! A row's source key is its e-mail, lower-cased (`people:jane@example.com`),
//! or its name when it has none; the e-mail itself is kept in
//! `custom.email`, since a person record has no field for it. A person the
//! plan has already and no import made (matched by e-mail, id or name) is
//! updated in `joined`, `left`, `team` and `role` only. Managers are matched
//! by name, e-mail or id among the plan's people and the file's rows (a
//! manager listed further down still matches); teams by name or id, and one
//! the plan lacks is a problem, or a new team with `--create-teams`.
//!
//! Reading and mapping only: nothing here writes, prints or knows the
//! command line. Staging (`super::stage`) decides what happens to each
//! proposal.

use std::collections::{HashMap, HashSet};

use super::csv_table::{self, DayOrder, FieldColumns, list_items, normalise, parse_date, shown};
use super::{Batch, IMPORTED_FROM, Matched, Origin, Problem, Proposal, list_text};
use crate::edit::{Assignment, slug::slug};
use crate::error::Result;
use crate::model::{Kind, Plan, Value};

/// The fields an import may change on a person it did not create.
pub const MATCHED_FIELDS: &[&str] = &["joined", "left", "team", "role"];

const fn column(field: &'static str, headers: &'static [&'static str]) -> FieldColumns {
    FieldColumns {
        field,
        headers,
        many: false,
    }
}

/// What the people import reads, and the headers it knows for each (as
/// `csv_table::normalise` leaves them), best first.
pub const FIELDS: &[FieldColumns] = &[
    column("id", &["id"]),
    column(
        "name",
        &[
            "name",
            "fullname",
            "displayname",
            "preferredname",
            "employeename",
            "workername",
            "legalname",
            "employee",
        ],
    ),
    column(
        "first_name",
        &["firstname", "preferredfirstname", "givenname", "first"],
    ),
    column("last_name", &["lastname", "surname", "familyname", "last"]),
    column(
        "email",
        &[
            "email",
            "customemail",
            "workemail",
            "emailaddress",
            "workemailaddress",
            "businessemail",
            "primaryworkemail",
        ],
    ),
    column(
        "role",
        &[
            "role",
            "title",
            "jobtitle",
            "businesstitle",
            "position",
            "jobprofile",
            "job",
        ],
    ),
    column(
        "team",
        &[
            "team",
            "teamname",
            "teams",
            "department",
            "departmentname",
            "supervisoryorganization",
        ],
    ),
    column(
        "manager",
        &[
            "manager",
            "managername",
            "manageremail",
            "reportsto",
            "linemanager",
            "directmanager",
            "supervisor",
            "supervisorname",
        ],
    ),
    column(
        "level",
        &["level", "joblevel", "careerlevel", "grade", "jobgrade"],
    ),
    column(
        "joined",
        &[
            "joined",
            "startdate",
            "hiredate",
            "hiringdate",
            "dateofhire",
            "originalhiredate",
            "joindate",
            "joiningdate",
            "employmentstartdate",
            "firstday",
        ],
    ),
    column(
        "left",
        &[
            "left",
            "enddate",
            "terminationdate",
            "leavingdate",
            "exitdate",
            "lastday",
            "lastdayofwork",
            "employmentenddate",
            "contractenddate",
        ],
    ),
    column(
        "location",
        &[
            "location",
            "worklocation",
            "locationname",
            "office",
            "site",
            "city",
        ],
    ),
    column(
        "employment",
        &[
            "employment",
            "employmenttype",
            "workertype",
            "employeetype",
            "typeofemployment",
            "contracttype",
            "employmentstatus",
        ],
    ),
    column("skills", &["skills"]),
    column("allocation", &["allocation", "fte"]),
];

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// `--map`, parsed with [`csv_table::parse_map`] against [`FIELDS`].
    pub map: Vec<(String, &'static str)>,
    /// Create the teams the plan lacks, instead of reporting them.
    pub create_teams: bool,
}

/// One row, read.
struct Person {
    line: usize,
    name: String,
    source: String,
    /// The record it will be: an existing one's id, or the new one's.
    id: String,
    matched: Option<String>,
    fields: Vec<Assignment>,
    team: Option<String>,
    manager: Option<String>,
}

/// Reads `bytes` (the content of `file`) against `plan`.
pub fn import(file: &str, bytes: &[u8], plan: &Plan, options: &Options) -> Result<Batch> {
    let table = csv_table::read(file, bytes)?;
    let columns = csv_table::recognise(file, &table.headers, FIELDS, &options.map)?;
    let custom = columns.custom(&table.headers);
    let mut batch = Batch::default();
    let at = |line: usize| Origin {
        file: file.to_owned(),
        line: Some(line),
    };
    if columns.of("name").is_none() && columns.of("first_name").is_none() {
        batch.problems.push(Problem {
            origin: at(1),
            message: format!(
                "no column holds the name (the headers are {}): name one with --map \"COLUMN=name\"",
                shown(&table.headers.join(", "))
            ),
        });
        return Ok(batch);
    }
    let imported = imported_sources(plan, Kind::Person);
    let mut people = Directory::of_plan(plan);
    let dates = |field: &str| {
        DayOrder::of(
            columns
                .of(field)
                .into_iter()
                .flat_map(|c| table.rows.iter().map(move |row| row.cell(c))),
        )
    };
    let (joined_order, left_order) = (dates("joined"), dates("left"));
    let mut rows: Vec<Person> = Vec::new();
    let mut sources: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let cell = |field: &str| columns.of(field).map_or("", |c| row.cell(c));
        let name = match cell("name") {
            "" => [cell("first_name"), cell("last_name")]
                .into_iter()
                .filter(|part| !part.is_empty())
                .collect::<Vec<_>>()
                .join(" "),
            name => name.to_owned(),
        };
        if name.is_empty() {
            batch.problems.push(Problem {
                origin: at(row.line),
                message: "the row has no name, so it is not imported".into(),
            });
            continue;
        }
        let email = Some(cell("email").to_lowercase()).filter(|e| !e.is_empty());
        let source = match &email {
            Some(email) => format!("people:{email}"),
            None => format!("people:{name}"),
        };
        if let Some(first) = sources.get(&source) {
            batch.problems.push(Problem {
                origin: at(row.line),
                message: format!(
                    "{} is on line {first} already, so this row is not imported",
                    shown(&source["people:".len()..])
                ),
            });
            continue;
        }
        let given_id = Some(cell("id")).filter(|id| usable_id(id));
        let matched = if imported.contains_key(&source) {
            None
        } else {
            email
                .as_deref()
                .and_then(|e| people.by_email.get(e))
                .or_else(|| given_id.and_then(|id| people.ids.get(id)))
                .or_else(|| people.by_name.get(&normalise(&name)))
                // A name or id held by someone with another e-mail is
                // another person's: never updated with this row.
                .filter(|id| people.may_be(id, email.as_deref()))
                .cloned()
        };
        let Some(new_id) = given_id.map(str::to_owned).or_else(|| slug(&name)) else {
            batch.problems.push(Problem {
                origin: at(row.line),
                message: format!(
                    "cannot make an id from the name {}: give the file an `id` column",
                    shown(&name)
                ),
            });
            continue;
        };
        let id = match imported.get(&source).or(matched.as_ref()) {
            Some(id) => id.clone(),
            // An id made from a name another person has gets a number.
            None if given_id.is_none() => people.free_id(new_id),
            None => new_id,
        };
        sources.insert(source.clone(), row.line);
        let mut fields = vec![Assignment::set("name", &name)];
        let text_field = |field: &str, fields: &mut Vec<Assignment>| {
            let value = cell(field);
            if !value.is_empty() {
                fields.push(Assignment::set(field, value));
            }
        };
        text_field("role", &mut fields);
        // Team and manager are resolved once every row is known: their
        // place in the record is kept by adding them later in schema order.
        let team = Some(cell("team").to_owned()).filter(|t| !t.is_empty());
        let manager = Some(cell("manager").to_owned()).filter(|m| !m.is_empty());
        text_field("level", &mut fields);
        for (field, order) in [("joined", joined_order), ("left", left_order)] {
            let value = cell(field);
            if value.is_empty() {
                continue;
            }
            match parse_date(value, order) {
                Some(date) => fields.push(Assignment::set(field, date.to_string())),
                None => batch.problems.push(Problem {
                    origin: at(row.line),
                    message: format!(
                        "{field}: {} is not a date (write YYYY-MM-DD, DD.MM.YYYY or MM/DD/YYYY)",
                        shown(value)
                    ),
                }),
            }
        }
        text_field("location", &mut fields);
        if let Some(c) = columns.of("skills") {
            let skills = list_items(row.cell(c));
            if !skills.is_empty() {
                fields.push(Assignment::set("skills", list_text(&skills)));
            }
        }
        match allocation(cell("allocation")) {
            Ok(Some(share)) => fields.push(Assignment::set("allocation", share)),
            Ok(None) => {}
            Err(value) => batch.problems.push(Problem {
                origin: at(row.line),
                message: format!(
                    "allocation: {} is not a share of time (write 0.5 or 50%)",
                    shown(&value)
                ),
            }),
        }
        match employment(cell("employment")) {
            Ok(Some(word)) => fields.push(Assignment::set("employment", word)),
            Ok(None) => {}
            Err(value) => batch.problems.push(Problem {
                origin: at(row.line),
                message: format!(
                    "employment: {} is neither an employee nor a contractor type: map it by hand after the import",
                    shown(&value)
                ),
            }),
        }
        if let Some(email) = &email {
            fields.push(Assignment::set("custom.email", toml_string(email)));
        }
        fields.extend(csv_table::custom_fields(&custom, row));
        people.add(&id, &name, email.as_deref());
        rows.push(Person {
            line: row.line,
            name,
            source,
            id,
            matched,
            fields,
            team,
            manager,
        });
    }
    let mut teams = Teams::of_plan(plan);
    let team_ids = resolve_teams(
        file,
        rows.iter().map(|p| (p.line, p.team.as_deref())),
        &mut teams,
        options.create_teams,
        &mut batch,
    );
    for (person, team) in rows.into_iter().zip(team_ids) {
        let mut fields = person.fields;
        // After `role`, as the schema orders them.
        let mut at_field = 1 + usize::from(fields.get(1).is_some_and(|a| a.path[0] == "role"));
        if let Some(team) = team {
            fields.insert(at_field, Assignment::set("team", team));
            at_field += 1;
        }
        if let Some(manager) = &person.manager {
            match people.find(manager) {
                // On a person the import did not create, staging leaves
                // the manager as the plan has it (not in MATCHED_FIELDS).
                Some(id) => fields.insert(at_field, Assignment::set("manager", id)),
                None => batch.problems.push(Problem {
                    origin: at(person.line),
                    message: format!(
                        "manager {} matches no person in the plan or the file (by name, e-mail or id), so {} gets none",
                        shown(manager),
                        shown(&person.name)
                    ),
                }),
            }
        }
        batch.proposals.push(Proposal {
            kind: Kind::Person,
            id: person.id.clone(),
            source: person.source,
            origin: at(person.line),
            fields,
            matched: person.matched.map(|id| Matched {
                id,
                fields: MATCHED_FIELDS,
            }),
        });
    }
    Ok(batch)
}

/// An id column's value is used as the record's id only when it is one
/// (`jane-doe`, as `export csv` writes): an HR system's numbers are not.
pub(super) fn usable_id(id: &str) -> bool {
    slug(id).as_deref() == Some(id) && id.bytes().any(|b| b.is_ascii_lowercase())
}

/// A string as a TOML literal, for keys in `[custom]`: there a value is read
/// as TOML when it parses as TOML, and an e-mail must stay text.
pub(super) fn toml_string(text: &str) -> String {
    toml_edit::Value::from(text).to_string()
}

/// `0.5`, `50%` or `50 %` as a share; `Err` with the text when it is none.
fn allocation(cell: &str) -> std::result::Result<Option<String>, String> {
    if cell.is_empty() {
        return Ok(None);
    }
    let (number, percent) = match cell.strip_suffix('%') {
        Some(number) => (number.trim(), true),
        None => (cell, false),
    };
    match number.replace(',', ".").parse::<f64>() {
        Ok(value) if value.is_finite() => {
            let share = if percent { value / 100.0 } else { value };
            Ok(Some(share.to_string()))
        }
        _ => Err(cell.to_owned()),
    }
}

/// An HR system's employment type as `employee` or `contractor`.
fn employment(cell: &str) -> std::result::Result<Option<&'static str>, String> {
    let word = normalise(cell);
    if word.is_empty() {
        return Ok(None);
    }
    const CONTRACTOR: &[&str] = &["contract", "freelance", "consult", "agency", "temp"];
    const EMPLOYEE: &[&str] = &[
        "employee",
        "fulltime",
        "parttime",
        "permanent",
        "regular",
        "intern",
        "workingstudent",
        "apprentice",
        "fixedterm",
        "salaried",
        "hourly",
        "festangestellt",
        "vollzeit",
        "teilzeit",
    ];
    if CONTRACTOR.iter().any(|w| word.contains(w)) {
        Ok(Some("contractor"))
    } else if EMPLOYEE.iter().any(|w| word.contains(w)) {
        Ok(Some("employee"))
    } else {
        Err(cell.to_owned())
    }
}

/// The plan's records of `kind` an import made, by source.
pub(super) fn imported_sources(plan: &Plan, kind: Kind) -> HashMap<String, String> {
    plan.of_kind(kind)
        .filter_map(|record| match record.fields.value("custom") {
            Some(Value::Table(custom)) => custom
                .text(IMPORTED_FROM)
                .map(|source| (source.to_owned(), record.id.clone())),
            _ => None,
        })
        .collect()
}

/// People to match a name, an e-mail or an id against.
pub(super) struct Directory {
    by_email: HashMap<String, String>,
    by_name: HashMap<String, String>,
    ids: HashMap<String, String>,
    /// Each person's e-mail (lower case), where known, by id.
    email_of: HashMap<String, String>,
}

impl Directory {
    /// The plan's people; the e-mail is `custom.email`.
    pub(super) fn of_plan(plan: &Plan) -> Directory {
        let mut directory = Directory {
            by_email: HashMap::new(),
            by_name: HashMap::new(),
            ids: HashMap::new(),
            email_of: HashMap::new(),
        };
        for record in plan.of_kind(Kind::Person) {
            let email = match record.fields.value("custom") {
                Some(Value::Table(custom)) => custom.text("email").map(str::to_lowercase),
                _ => None,
            };
            let name = record.fields.text("name").unwrap_or(&record.id);
            directory.add(&record.id, name, email.as_deref());
        }
        directory
    }

    /// Adds a person; a name or e-mail seen first keeps its first owner.
    fn add(&mut self, id: &str, name: &str, email: Option<&str>) {
        self.ids
            .entry(id.to_owned())
            .or_insert_with(|| id.to_owned());
        self.by_name
            .entry(normalise(name))
            .or_insert_with(|| id.to_owned());
        if let Some(email) = email {
            self.by_email
                .entry(email.to_lowercase())
                .or_insert_with(|| id.to_owned());
            self.email_of
                .entry(id.to_owned())
                .or_insert_with(|| email.to_lowercase());
        }
    }

    /// Whether the person `id` may be the one with `email`: they have no
    /// e-mail on record, or the same one. Two people may share a name.
    fn may_be(&self, id: &str, email: Option<&str>) -> bool {
        match (email, self.email_of.get(id)) {
            (Some(email), Some(known)) => email == known,
            _ => true,
        }
    }

    /// `id`, or the first of `id-2`, `id-3`, … that no person has.
    fn free_id(&self, id: String) -> String {
        super::free_id(id, |candidate| self.ids.contains_key(candidate))
    }

    /// The id of the person `text` names: an id, an e-mail or a name.
    pub(super) fn find(&self, text: &str) -> Option<&str> {
        self.ids
            .get(text)
            .or_else(|| self.by_email.get(&text.to_lowercase()))
            .or_else(|| self.by_name.get(&normalise(text)))
            .map(String::as_str)
    }
}

/// Teams to match a name or an id against.
pub(super) struct Teams {
    known: HashMap<String, String>,
}

impl Teams {
    pub(super) fn of_plan(plan: &Plan) -> Teams {
        let mut known = HashMap::new();
        for record in plan.of_kind(Kind::Team) {
            known.insert(normalise(&record.id), record.id.clone());
            if let Some(name) = record.fields.text("name") {
                known
                    .entry(normalise(name))
                    .or_insert_with(|| record.id.clone());
            }
        }
        Teams { known }
    }

    fn find(&self, text: &str) -> Option<&str> {
        self.known.get(&normalise(text)).map(String::as_str)
    }
}

/// The team id of each row (given as its line and team cell): a team of the
/// plan, or, with `create`, a new one proposed in `batch`. A team that
/// matches none is one problem, at the first row naming it.
pub(super) fn resolve_teams<'a>(
    file: &str,
    wanted: impl Iterator<Item = (usize, Option<&'a str>)>,
    teams: &mut Teams,
    create: bool,
    batch: &mut Batch,
) -> Vec<Option<String>> {
    let mut missing: Vec<(String, usize, usize)> = Vec::new();
    let mut created: HashSet<String> = HashSet::new();
    let mut out = Vec::new();
    for (line, team) in wanted {
        let Some(team) = team else {
            out.push(None);
            continue;
        };
        if let Some(id) = teams.find(team) {
            out.push(Some(id.to_owned()));
            continue;
        }
        let id = if create { slug(team) } else { None };
        match id {
            Some(id) => {
                if created.insert(id.clone()) {
                    batch.proposals.push(Proposal {
                        kind: Kind::Team,
                        id: id.clone(),
                        source: format!("teams:{}", normalise(team)),
                        origin: Origin {
                            file: file.to_owned(),
                            line: Some(line),
                        },
                        fields: vec![Assignment::set("name", team)],
                        matched: None,
                    });
                }
                teams.known.insert(normalise(team), id.clone());
                out.push(Some(id));
            }
            None => {
                match missing
                    .iter_mut()
                    .find(|(name, _, _)| normalise(name) == normalise(team))
                {
                    Some((_, _, more)) => *more += 1,
                    None => missing.push((team.to_owned(), line, 0)),
                }
                out.push(None);
            }
        }
    }
    for (team, line, more) in missing {
        let others = match more {
            0 => String::new(),
            1 => " (and on 1 more row)".to_owned(),
            n => format!(" (and on {n} more rows)"),
        };
        let what = if create {
            "has no letters or digits to make a team id from"
        } else {
            "is not a team of the plan (by name or id): add it with `cto-plan new team`, or pass --create-teams"
        };
        batch.problems.push(Problem {
            origin: Origin {
                file: file.to_owned(),
                line: Some(line),
            },
            message: format!("team {} {what}{others}", shown(&team)),
        });
    }
    out
}
