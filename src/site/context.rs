//! What each page of the site shows, as template context: built from the
//! plan once (the reverse references in one pass over every record), with
//! every link given relative to the site's root. Nothing here renders HTML:
//! the templates do, escaping every value.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;
use minijinja::Value;
use serde_json::{Value as Json, json};

use crate::diff::Action;
use crate::history::audit::{self, Entry};
use crate::model::{Kind, Plan, Quarter, Record, Table, value_text};

/// A record's page, from the site's root: `KIND/ID.html`. An id that is not
/// an id its kind accepts (the plan's check reports it) is spelled in hex,
/// so that no file name or link carries anything but letters, digits and
/// dashes.
pub fn record_path(kind: Kind, id: &str) -> String {
    if kind.accepts_id(id) && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        format!("{}/{id}.html", kind.name())
    } else {
        let hex: String = id.bytes().map(|b| format!("{b:02x}")).collect();
        format!("{}/x-{hex}.html", kind.name())
    }
}

/// A quarter's review, from the site's root.
pub fn review_path(quarter: Quarter) -> String {
    format!("reviews/{quarter}.html")
}

/// The plan, today and what is computed once for every page.
pub struct Site<'p> {
    plan: &'p Plan,
    today: Date,
    quarter: Quarter,
    quarters: Vec<Quarter>,
    /// For each record, what points at it: (referring record, field).
    referrers: HashMap<(Kind, String), Vec<(&'p Record, String)>>,
}

fn text(record: &Record, field: &str) -> Option<String> {
    record.fields.value(field).map(value_text)
}

/// A link to a record: what every list shows.
fn summary(record: &Record) -> Json {
    json!({
        "reference": record.reference(),
        "kind": record.kind.name(),
        "id": record.id,
        "title": record.title(),
        "status": record.status(),
        "href": record_path(record.kind, &record.id),
    })
}

fn score(risk: &Record) -> i64 {
    let n = |f| risk.fields.number(f).unwrap_or(0.0) as i64;
    n("likelihood") * n("impact")
}

impl<'p> Site<'p> {
    pub fn new(plan: &'p Plan, today: Date, quarters: &[Quarter]) -> Site<'p> {
        let mut referrers: HashMap<(Kind, String), Vec<(&Record, String)>> = HashMap::new();
        for record in &plan.records {
            for site in record.references() {
                if let Ok(target) = plan.resolve(site.text, Some(site.kind)) {
                    let list = referrers
                        .entry((target.kind, target.id.clone()))
                        .or_default();
                    if !list
                        .iter()
                        .any(|(r, f)| std::ptr::eq(*r, record) && *f == site.field)
                    {
                        list.push((record, site.field.into_owned()));
                    }
                }
            }
        }
        Site {
            plan,
            today,
            quarter: Quarter::containing(today, plan.config.fiscal_year_start_month),
            quarters: quarters.to_vec(),
            referrers,
        }
    }

    fn common(&self, title: &str) -> Json {
        json!({
            "plan": self.plan.config.name,
            "title": title,
            "today": self.today.to_string(),
            "quarter": self.quarter.to_string(),
        })
    }

    fn page(&self, title: &str, extra: Json) -> Value {
        let mut page = self.common(title);
        if let (Json::Object(page), Json::Object(extra)) = (&mut page, extra) {
            page.extend(extra);
        }
        Value::from(minijinja::value::Serde(page))
    }

    /// Every page but the records' and the reviews': (path, template, context).
    pub fn pages(&self) -> Vec<(String, &'static str, Value)> {
        vec![
            ("index.html".into(), "index.html.j2", self.dashboard()),
            ("roadmap.html".into(), "roadmap.html.j2", self.roadmap()),
            (
                "decisions.html".into(),
                "decisions.html.j2",
                self.decisions(),
            ),
            ("org.html".into(), "org.html.j2", self.org()),
            ("risks.html".into(), "risks.html.j2", self.risks()),
            ("budgets.html".into(), "budgets.html.j2", self.budgets()),
            (
                "objectives.html".into(),
                "objectives.html.j2",
                self.objectives(),
            ),
            ("radar.html".into(), "radar.html.j2", self.radar()),
            ("timeline.html".into(), "timeline.html.j2", self.timeline()),
            ("records.html".into(), "records.html.j2", self.all_records()),
        ]
    }

    fn in_quarter(&self, record: &Record) -> bool {
        record.fields.quarter("quarter") == Some(self.quarter)
    }

    fn dashboard(&self) -> Value {
        let plan = self.plan;
        let commitments: Vec<Json> = plan
            .of_kind(Kind::Initiative)
            .filter(|r| self.in_quarter(r))
            .map(summary)
            .collect();
        let present: Vec<&Record> = plan
            .of_kind(Kind::Person)
            .filter(|p| !p.is_gone(self.today))
            .collect();
        // A person counts for their team and every team above it, as a
        // department's target covers its teams (as in the review).
        let mut rolled_up: HashMap<&str, usize> = HashMap::new();
        for person in &present {
            let mut team = person.fields.text("team").map(Plan::bare_id);
            let mut seen = std::collections::HashSet::new();
            while let Some(id) = team {
                if !seen.insert(id) {
                    break;
                }
                *rolled_up.entry(id).or_default() += 1;
                team = plan
                    .get(Kind::Team, id)
                    .and_then(|t| t.fields.text("parent"))
                    .map(Plan::bare_id);
            }
        }
        let headcount: Vec<Json> = plan
            .of_kind(Kind::Team)
            .map(|team| {
                let people = rolled_up.get(team.id.as_str()).copied().unwrap_or(0);
                json!({
                    "team": summary(team),
                    "people": people,
                    "target": text(team, "headcount_target"),
                })
            })
            .collect();
        let open_roles = plan
            .of_kind(Kind::Role)
            .filter(|r| !r.is_finished())
            .count();
        let budget = plan
            .get(Kind::Budget, &self.quarter.to_string())
            .map(budget_json);
        let mut risks: Vec<&Record> = plan
            .of_kind(Kind::Risk)
            .filter(|r| !r.is_finished())
            .collect();
        risks.sort_by_key(|r| std::cmp::Reverse(score(r)));
        let top_risks: Vec<Json> = risks
            .iter()
            .take(5)
            .map(|r| json!({"risk": summary(r), "score": score(r)}))
            .collect();
        let objectives: Vec<Json> = plan
            .of_kind(Kind::Objective)
            .filter(|r| self.in_quarter(r))
            .map(summary)
            .collect();
        self.page(
            "Dashboard",
            json!({
                "commitments": commitments,
                "people": present.len(),
                "headcount": headcount,
                "open_roles": open_roles,
                "budget": budget,
                "top_risks": top_risks,
                "objectives": objectives,
            }),
        )
    }

    fn roadmap(&self) -> Value {
        // Quarter → team → initiatives; unscheduled work last.
        let mut by_quarter: BTreeMap<(bool, String), BTreeMap<String, Vec<Json>>> = BTreeMap::new();
        for initiative in self.plan.of_kind(Kind::Initiative) {
            let quarter = initiative.fields.quarter("quarter");
            let key = (
                quarter.is_none(),
                quarter.map_or_else(|| "Unscheduled".to_owned(), |q| q.to_string()),
            );
            let team = text(initiative, "team").unwrap_or_else(|| "No team".to_owned());
            by_quarter
                .entry(key)
                .or_default()
                .entry(team)
                .or_default()
                .push(summary(initiative));
        }
        let quarters: Vec<Json> = by_quarter
            .into_iter()
            .enumerate()
            .map(|(i, ((_, quarter), teams))| {
                let teams: Vec<Json> = teams
                    .into_iter()
                    .map(|(team, items)| json!({"team": self.team_link(&team), "initiatives": items}))
                    .collect();
                json!({"anchor": format!("q-{i}"), "quarter": quarter, "teams": teams})
            })
            .collect();
        self.page("Roadmap", json!({"quarters": quarters}))
    }

    /// A team's name and page, or its text when no team has that id.
    fn team_link(&self, id: &str) -> Json {
        match self.plan.get(Kind::Team, id) {
            Some(team) => summary(team),
            None => json!({"title": id}),
        }
    }

    fn links(&self, record: &Record, field: &str, kind: Kind) -> Vec<Json> {
        record
            .fields
            .texts(field)
            .into_iter()
            .map(
                |(reference, _)| match self.plan.resolve(reference, Some(kind)) {
                    Ok(target) => summary(target),
                    Err(_) => json!({"title": reference}),
                },
            )
            .collect()
    }

    fn decisions(&self) -> Value {
        let mut by_status: BTreeMap<String, Vec<Json>> = BTreeMap::new();
        for decision in self.plan.of_kind(Kind::Decision) {
            let superseded_by: Vec<Json> = self
                .referrers_of(decision)
                .iter()
                .filter(|(r, field)| r.kind == Kind::Decision && field == "supersedes")
                .map(|(r, _)| summary(r))
                .collect();
            by_status
                .entry(decision.status().unwrap_or("no status").to_owned())
                .or_default()
                .push(json!({
                    "decision": summary(decision),
                    "decided": text(decision, "decided"),
                    "supersedes": self.links(decision, "supersedes", Kind::Decision),
                    "superseded_by": superseded_by,
                }));
        }
        let statuses: Vec<Json> = by_status
            .into_iter()
            .enumerate()
            .map(|(i, (status, decisions))| {
                json!({"anchor": format!("status-{i}"), "status": status, "decisions": decisions})
            })
            .collect();
        self.page("Decision log", json!({"statuses": statuses}))
    }

    fn referrers_of<'s>(&'s self, record: &Record) -> &'s [(&'p Record, String)] {
        self.referrers
            .get(&(record.kind, record.id.clone()))
            .map_or(&[], Vec::as_slice)
    }

    fn org(&self) -> Value {
        let plan = self.plan;
        let teams: Vec<&Record> = plan.of_kind(Kind::Team).collect();
        let parent_of = |team: &Record| {
            team.fields
                .text("parent")
                .filter(|p| *p != team.id && plan.get(Kind::Team, p).is_some())
                .map(str::to_owned)
        };
        // Each team's sub-teams and members, found in one pass over the
        // plan each: searching the whole plan for every team grows with
        // teams times records.
        let mut children: HashMap<String, Vec<&Record>> = HashMap::new();
        for team in &teams {
            if let Some(parent) = parent_of(team) {
                children.entry(parent).or_default().push(team);
            }
        }
        // Depth first from the roots; a team in a parent cycle is listed
        // at the top level once, so none is lost.
        let mut ordered: Vec<(usize, &Record)> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut stack: Vec<(usize, &Record)> = teams
            .iter()
            .rev()
            .filter(|t| parent_of(t).is_none())
            .map(|t| (0, *t))
            .collect();
        loop {
            while let Some((depth, team)) = stack.pop() {
                if !seen.insert(team.id.as_str()) {
                    continue;
                }
                ordered.push((depth, team));
                for child in children.get(team.id.as_str()).into_iter().flatten().rev() {
                    stack.push((depth + 1, child));
                }
            }
            match teams.iter().find(|t| !seen.contains(t.id.as_str())) {
                Some(left) => stack.push((0, left)),
                None => break,
            }
        }
        let mut members_of: HashMap<(&str, Kind), Vec<Json>> = HashMap::new();
        for kind in [Kind::Person, Kind::Role] {
            let present = plan
                .of_kind(kind)
                .filter(|r| kind != Kind::Person || !r.is_gone(self.today))
                .filter(|r| kind != Kind::Role || !r.is_finished());
            for record in present {
                if let Some(team) = record.fields.text("team") {
                    members_of
                        .entry((team, kind))
                        .or_default()
                        .push(json!({"record": summary(record), "role": text(record, "role")}));
                }
            }
        }
        let members = |team: &Record, kind: Kind| -> Vec<Json> {
            members_of
                .get(&(team.id.as_str(), kind))
                .cloned()
                .unwrap_or_default()
        };
        let teams: Vec<Json> = ordered
            .into_iter()
            .map(|(depth, team)| {
                json!({
                    "depth": depth.min(6),
                    "team": summary(team),
                    "lead": team.fields.text("lead").map(|l| match plan.get(Kind::Person, l) {
                        Some(person) => summary(person),
                        None => json!({"title": l}),
                    }),
                    "people": members(team, Kind::Person),
                    "open_roles": members(team, Kind::Role),
                })
            })
            .collect();
        self.page("People and teams", json!({"teams": teams}))
    }

    fn risks(&self) -> Value {
        let risks: Vec<&Record> = self.plan.of_kind(Kind::Risk).collect();
        let mut cells: HashMap<(i64, i64), Vec<Json>> = HashMap::new();
        for risk in risks.iter().filter(|r| !r.is_finished()) {
            let n = |f| risk.fields.number(f).unwrap_or(0.0) as i64;
            cells
                .entry((n("impact"), n("likelihood")))
                .or_default()
                .push(summary(risk));
        }
        let heat: Vec<Json> = (1..=5)
            .rev()
            .map(|impact| {
                let row: Vec<Json> = (1..=5)
                    .map(|likelihood| {
                        let here = cells.remove(&(impact, likelihood)).unwrap_or_default();
                        json!({"score": impact * likelihood, "risks": here})
                    })
                    .collect();
                json!({"impact": impact, "cells": row})
            })
            .collect();
        let mut sorted = risks.clone();
        sorted.sort_by_key(|r| (r.is_finished(), std::cmp::Reverse(score(r))));
        let table: Vec<Json> = sorted
            .iter()
            .map(|r| {
                json!({
                    "risk": summary(r),
                    "likelihood": text(r, "likelihood"),
                    "impact": text(r, "impact"),
                    "score": score(r),
                    "owner": text(r, "owner"),
                })
            })
            .collect();
        self.page("Risks", json!({"heat": heat, "risks": table}))
    }

    fn budgets(&self) -> Value {
        let budgets: Vec<Json> = self
            .plan
            .of_kind(Kind::Budget)
            .map(|b| json!({"budget": summary(b), "figures": budget_json(b)}))
            .collect();
        self.page(
            "Budgets",
            json!({"budgets": budgets, "currency": self.plan.config.currency}),
        )
    }

    fn objectives(&self) -> Value {
        let objectives: Vec<Json> = self
            .plan
            .of_kind(Kind::Objective)
            .map(|o| {
                let key_results: Vec<Json> = o
                    .fields
                    .table("key_result")
                    .map(|t| {
                        t.entries
                            .iter()
                            .filter_map(|e| match &e.value {
                                crate::model::Value::Table(kr) => Some(json!({
                                    "id": e.key,
                                    "metric": kr.text("metric"),
                                    "unit": kr.text("unit"),
                                    "baseline": kr.value("baseline").map(value_text),
                                    "target": kr.value("target").map(value_text),
                                    "current": kr.value("current").map(value_text),
                                })),
                                _ => None,
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                json!({
                    "objective": summary(o),
                    "quarter": text(o, "quarter"),
                    "key_results": key_results,
                })
            })
            .collect();
        self.page(
            "Objectives and key results",
            json!({"objectives": objectives}),
        )
    }

    fn radar(&self) -> Value {
        let mut quadrants: BTreeMap<String, BTreeMap<String, Vec<Json>>> = BTreeMap::new();
        for technology in self.plan.of_kind(Kind::Technology) {
            quadrants
                .entry(text(technology, "quadrant").unwrap_or_default())
                .or_default()
                .entry(text(technology, "ring").unwrap_or_default())
                .or_default()
                .push(summary(technology));
        }
        let quadrants: Vec<Json> = quadrants
            .into_iter()
            .map(|(quadrant, rings)| {
                let rings: Vec<Json> = rings
                    .into_iter()
                    .map(|(ring, items)| json!({"ring": ring, "technologies": items}))
                    .collect();
                json!({"quadrant": quadrant, "rings": rings})
            })
            .collect();
        self.page("Technology radar", json!({"quadrants": quadrants}))
    }

    fn timeline(&self) -> Value {
        let fiscal = self.plan.config.fiscal_year_start_month;
        let quarters: Vec<Json> = self
            .quarters
            .iter()
            .rev()
            .map(|q| {
                json!({
                    "quarter": q.to_string(),
                    "start": q.start_date(fiscal).to_string(),
                    "end": q.end_date(fiscal).to_string(),
                    "href": review_path(*q),
                })
            })
            .collect();
        self.page("Quarterly reviews", json!({"quarters": quarters}))
    }

    fn all_records(&self) -> Value {
        let kinds: Vec<Json> = Kind::ALL
            .iter()
            .map(|&kind| {
                let records: Vec<Json> = self.plan.of_kind(kind).map(summary).collect();
                json!({"kind": kind.name(), "records": records})
            })
            .filter(|k| k["records"].as_array().is_some_and(|r| !r.is_empty()))
            .collect();
        self.page("All records", json!({"kinds": kinds}))
    }

    /// One record's page: its fields, what it points at and what points at
    /// it, its history (newest first, as `log` shows it) and its blame.
    pub fn record_page(&self, record: &Record, entries: &[Entry<'_>]) -> Value {
        let mut fields = Vec::new();
        flatten(&record.fields, "", &mut fields);
        let points_at: Vec<Json> = record
            .references()
            .into_iter()
            .map(|site| {
                let target = match self.plan.resolve(site.text, Some(site.kind)) {
                    Ok(target) => summary(target),
                    Err(_) => json!({"title": site.text, "missing": true}),
                };
                json!({"field": site.field, "target": target})
            })
            .collect();
        let pointed_at_by: Vec<Json> = self
            .referrers_of(record)
            .iter()
            .map(|(r, field)| json!({"field": field, "source": summary(r)}))
            .collect();
        let currency = &self.plan.config.currency;
        let history: Vec<Json> = entries
            .iter()
            .map(|entry| {
                let commit = entry.commit;
                json!({
                    "commit": commit.short,
                    "date": commit.date().to_string(),
                    "author": commit.author,
                    "summary": commit.summary,
                    "pull_request": commit.pull_request,
                    "action": match entry.change.action {
                        Action::Added => "added",
                        Action::Changed => "changed",
                        Action::Renamed => "renamed",
                        Action::Removed => "removed",
                    },
                    "change": crate::render::diff::change_text(entry.change, currency, false, false),
                })
            })
            .collect();
        let blame: Vec<Json> = audit::blame(record, entries)
            .into_iter()
            .map(|line| {
                json!({
                    "path": line.path,
                    "value": value_text(&line.value),
                    "commit": line.commit.map(|c| c.short.clone()),
                    "date": line.commit.map(|c| c.date().to_string()),
                    "author": line.commit.map(|c| c.author.clone()),
                })
            })
            .collect();
        self.page(
            record.title(),
            json!({
                "record": summary(record),
                "path": record.path,
                "fields": fields,
                "points_at": points_at,
                "pointed_at_by": pointed_at_by,
                "history": history,
                "blame": blame,
            }),
        )
    }
}

/// A budget's lines and totals.
fn budget_json(budget: &Record) -> Json {
    let mut lines = Vec::new();
    let (mut planned, mut actual) = (0.0, 0.0);
    if let Some(table) = budget.fields.table("line") {
        for entry in &table.entries {
            if let crate::model::Value::Table(line) = &entry.value {
                let (p, a) = (line.number("planned"), line.number("actual"));
                planned += p.unwrap_or(0.0);
                actual += a.unwrap_or(0.0);
                lines.push(json!({
                    "id": entry.key,
                    "category": line.text("category"),
                    "team": line.text("team"),
                    "planned": p.map(crate::text::number),
                    "actual": a.map(crate::text::number),
                }));
            }
        }
    }
    json!({
        "lines": lines,
        "planned": crate::text::number(planned),
        "actual": crate::text::number(actual),
    })
}

/// Leaf fields with dotted paths, as `blame` lists them.
fn flatten(table: &Table, prefix: &str, out: &mut Vec<Json>) {
    for entry in &table.entries {
        let path = format!("{prefix}{}", entry.key);
        match &entry.value {
            crate::model::Value::Table(inner) => flatten(inner, &format!("{path}."), out),
            other => out.push(json!({"path": path, "value": value_text(other)})),
        }
    }
}
