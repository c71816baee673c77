//! Skills and key-person risk: for every skill named by a person (`skills`)
//! or needed by an initiative (`skills`), who has it among the people there
//! in a quarter, its bus factor (how many), who of them is leaving, and the
//! skills the quarter's open work needs that nobody, or only one person,
//! has.
//!
//! Pure: reads one plan, never git, files or a clock (the caller passes the
//! quarter), and renders nothing. Skills are compared as written, ignoring
//! case and surrounding blanks (`Kafka` and `kafka ` are one skill), and
//! people by [`Record::person_key`]: the records of one person who moved
//! team are one holder.

use std::collections::BTreeMap;

use jiff::civil::Date;

use crate::capacity::demand_quarters;
use crate::model::{Kind, Plan, Quarter, Record};

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Skills {
    pub quarter: String,
    pub start: Date,
    pub end: Date,
    /// Every skill, by name (as first written).
    pub skills: Vec<Skill>,
    /// Skills the quarter's work needs that one person or nobody has.
    pub key_person: Vec<KeyPerson>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Skill {
    pub skill: String,
    /// The people there in the quarter who have it.
    pub people: Vec<Holder>,
    /// How many of them there are.
    pub bus_factor: usize,
    /// Those of them whose `left` falls in the quarter.
    pub leaving: Vec<Holder>,
    /// The open initiatives of the quarter that need it.
    pub needed_by: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Holder {
    pub record: String,
    pub name: String,
    pub left: Option<Date>,
}

/// A skill the quarter's work needs, held by one person or by nobody.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct KeyPerson {
    pub skill: String,
    /// The one person who has it, when one does.
    pub person: Option<Holder>,
    pub needed_by: Vec<String>,
    /// A risk record for it, ready to write with `cto-plan new risk`.
    pub risk_title: String,
}

/// The skill called `name`, made on first use; one per name, whatever
/// its case and surrounding blanks.
fn skill_entry<'m>(skills: &'m mut BTreeMap<String, Skill>, name: &str) -> &'m mut Skill {
    skills
        .entry(name.trim().to_lowercase())
        .or_insert_with(|| Skill {
            skill: name.trim().to_owned(),
            people: Vec::new(),
            bus_factor: 0,
            leaving: Vec::new(),
            needed_by: Vec::new(),
        })
}

/// The skills of the people there in `quarter` and of the work it holds.
pub fn skills(plan: &Plan, quarter: Quarter) -> Skills {
    let fiscal = plan.config.fiscal_year_start_month;
    let (start, end) = (quarter.start_date(fiscal), quarter.end_date(fiscal));
    let mut by_key: BTreeMap<String, Skill> = BTreeMap::new();
    // One person may have several records (one per team they were in):
    // they are one holder of a skill, and leave when their last record ends.
    let mut people: BTreeMap<String, Vec<&Record>> = BTreeMap::new();
    for person in plan.of_kind(Kind::Person) {
        let joined = person.fields.date("joined");
        let left = person.fields.date("left");
        if joined.is_none_or(|j| j <= end) && left.is_none_or(|l| l >= start) {
            people.entry(person.person_key()).or_default().push(person);
        }
    }
    for records in people.values() {
        let left = records
            .iter()
            .map(|r| r.fields.date("left"))
            .try_fold(Date::MIN, |last, left| left.map(|l| last.max(l)));
        // The record they are in at the end of the quarter, else their last.
        let current = records
            .iter()
            .max_by_key(|r| r.fields.date("left").unwrap_or(Date::MAX))
            .expect("a group has a record");
        let holder = Holder {
            record: current.reference(),
            name: current.title().trim().to_owned(),
            left,
        };
        // A skill listed twice, or in two of one person's records, counts once.
        let mut listed = std::collections::HashSet::new();
        for (name, _) in records.iter().flat_map(|r| r.fields.texts("skills")) {
            if !listed.insert(name.trim().to_lowercase()) {
                continue;
            }
            let skill = skill_entry(&mut by_key, name);
            if left.is_some_and(|d| d >= start && d <= end) {
                skill.leaving.push(holder.clone());
            }
            skill.people.push(holder.clone());
        }
    }
    for initiative in plan.of_kind(Kind::Initiative) {
        let in_quarter =
            demand_quarters(initiative).is_some_and(|(from, to)| quarter >= from && quarter <= to);
        if !in_quarter {
            continue;
        }
        let mut listed = std::collections::HashSet::new();
        for (name, _) in initiative.fields.texts("skills") {
            if listed.insert(name.trim().to_lowercase()) {
                skill_entry(&mut by_key, name)
                    .needed_by
                    .push(initiative.reference());
            }
        }
    }
    let mut skills: Vec<Skill> = by_key.into_values().collect();
    for skill in &mut skills {
        skill.bus_factor = skill.people.len();
    }
    let key_person = skills
        .iter()
        .filter(|s| !s.needed_by.is_empty() && s.bus_factor <= 1)
        .map(|s| {
            let person = s.people.first().cloned();
            let risk_title = match &person {
                Some(p) => format!("Only {} knows {}", p.name, s.skill),
                None => format!("Nobody has {}", s.skill),
            };
            KeyPerson {
                skill: s.skill.clone(),
                person,
                needed_by: s.needed_by.clone(),
                risk_title,
            }
        })
        .collect();
    Skills {
        quarter: quarter.to_string(),
        start,
        end,
        skills,
        key_person,
    }
}
