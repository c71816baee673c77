//! `export ics`: a calendar (iCalendar, RFC 5545) of what falls due: the
//! `review_by` days of decisions and risks, initiatives' milestones, the
//! day each open role's hire is to start, and a quarterly review at the end
//! of each quarter that matters.
//!
//! Every event is an all-day event whose UID says what it is, never what it
//! is called (`decision/2026-01-10-use-kafka/review_by@northwind.cto-plan`),
//! so a calendar that imports the file again updates the event it has, even
//! when the date or the title changed. The plan's name is on the right, so
//! the calendars of two plans imported into one calendar stay apart. The output depends on the plan and the
//! dates given alone: DTSTAMP is the time passed in, not the clock.
//!
//! Plan text reaches a calendar as the text of SUMMARY and DESCRIPTION only:
//! the calendar crate escapes commas, semicolons, backslashes and newlines,
//! and this module first takes out everything that could end a line on its
//! own (a lone carriage return) or drive a display (control and bidi
//! characters, shown as escapes), so no title can add a line, an event or
//! a property of its own. It must not read files or the clock.

use icalendar::{Calendar, Component, Event, Property};
use jiff::Timestamp;
use jiff::civil::Date;

use crate::model::{Kind, Plan, Quarter, Record, Value};
use crate::text::neutralise;

/// The domain every UID ends with (RFC 5545 advises a domain on the right),
/// after the plan's name.
pub const UID_DOMAIN: &str = "cto-plan";

/// One thing that falls due on a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    /// Stable: made of the record's kind, its id and what falls due.
    pub uid: String,
    pub date: Date,
    /// One line, plan text included as written (made inert when rendered).
    pub summary: String,
    pub description: String,
    /// The kind of thing, as the event's category: `decision`, `milestone`…
    pub category: &'static str,
}

/// What falls due in the plan, by date then UID. `today` picks the quarters
/// whose reviews are in the calendar: this one, the next one, and every
/// quarter an unfinished record targets.
pub fn due(plan: &Plan, today: Date) -> Vec<Due> {
    let fiscal = plan.config.fiscal_year_start_month;
    let domain = uid_domain(&plan.config.name);
    let uid = |parts: &[&str]| format!("{}@{domain}", parts.join("/"));
    let mut found = Vec::new();
    for record in &plan.records {
        if record.is_finished() || record.is_gone(today) {
            continue;
        }
        let described = describe(record);
        if let Some(date) = record.fields.date("review_by") {
            found.push(Due {
                uid: uid(&[record.kind.name(), &record.id, "review_by"]),
                date,
                summary: format!("Review {}: {}", record.kind, record.title()),
                description: described.clone(),
                category: record.kind.name(),
            });
        }
        if let Some(milestones) = record.fields.table("milestone") {
            for entry in &milestones.entries {
                let Value::Table(milestone) = &entry.value else {
                    continue;
                };
                let (Some(date), false) = (
                    milestone.date("due"),
                    milestone.bool("done").unwrap_or(false),
                ) else {
                    continue;
                };
                let title = milestone.text("title").unwrap_or(&entry.key);
                found.push(Due {
                    uid: uid(&[record.kind.name(), &record.id, "milestone", &entry.key]),
                    date,
                    summary: format!("Milestone: {} — {title}", record.title()),
                    description: format!("milestone.{} of {described}", entry.key),
                    category: "milestone",
                });
            }
        }
        if record.kind == Kind::Role {
            // The role's own default: the first day of its quarter.
            let start = record.fields.date("expected_start").or_else(|| {
                record
                    .fields
                    .quarter("quarter")
                    .map(|q| q.start_date(fiscal))
            });
            if let Some(date) = start {
                found.push(Due {
                    uid: uid(&[record.kind.name(), &record.id, "start"]),
                    date,
                    summary: format!("Hire starts: {}", record.title()),
                    description: described.clone(),
                    category: "role",
                });
            }
        }
    }
    let this_quarter = Quarter::containing(today, fiscal);
    let mut quarters = vec![this_quarter, this_quarter.next()];
    for record in &plan.records {
        if let Some(quarter) = record.fields.quarter("quarter")
            && !record.is_finished()
            && !quarters.contains(&quarter)
        {
            quarters.push(quarter);
        }
    }
    for quarter in quarters {
        let label = quarter.to_string();
        found.push(Due {
            uid: uid(&["quarter", &label, "review"]),
            date: quarter.end_date(fiscal),
            summary: format!("Quarterly review: {label} ends"),
            description: format!(
                "The last day of {label}: `cto-plan review --quarter {label}` prepares the review."
            ),
            category: "quarter",
        });
    }
    found.sort_by(|a, b| (a.date, &a.uid).cmp(&(b.date, &b.uid)));
    found
}

/// `northwind-analytics.cto-plan` for the plan "Northwind Analytics": its
/// name in lower case, letters and digits kept, every other run of
/// characters one `-`; `cto-plan` alone for a plan without a name.
fn uid_domain(plan_name: &str) -> String {
    let mut label = String::new();
    for c in plan_name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            label.push(c);
        } else if !label.is_empty() && !label.ends_with('-') {
            label.push('-');
        }
    }
    let label = label.trim_end_matches('-');
    if label.is_empty() {
        UID_DOMAIN.to_owned()
    } else {
        format!("{label}.{UID_DOMAIN}")
    }
}

/// The record and its file, and who owns it when someone does.
fn describe(record: &Record) -> String {
    let mut text = format!("{} in {}", record.reference(), record.path);
    if let Some(status) = record.status() {
        text.push_str(&format!("; status {status}"));
    }
    for field in ["owner", "team"] {
        if let Some(who) = record.fields.text(field) {
            text.push_str(&format!("; {field} {who}"));
        }
    }
    text
}

/// The calendar: one all-day event per [`due`] item, stamped `stamp`.
pub fn ics(plan: &Plan, today: Date, stamp: Timestamp) -> String {
    let stamp = stamp.strftime("%Y%m%dT%H%M%SZ").to_string();
    let mut calendar = Calendar::empty();
    calendar
        .append_property(Property::new("VERSION", "2.0"))
        .append_property(Property::new("PRODID", "-//cto-plan//export ics//EN"))
        .append_property(Property::new("CALSCALE", "GREGORIAN"))
        .append_property(Property::new(
            "X-WR-CALNAME",
            // TEXT, which the crate escapes like SUMMARY.
            one_line(&format!("{}: what falls due", plan.config.name)),
        ));
    for item in due(plan, today) {
        let mut event = Event::new();
        event
            .uid(&item.uid)
            .add_property("DTSTAMP", &stamp)
            .append_property(all_day("DTSTART", item.date))
            // DTEND is exclusive: an all-day event ends the next day.
            .append_property(all_day("DTEND", item.date.tomorrow().unwrap_or(item.date)))
            .summary(&one_line(&item.summary))
            .description(&inert(&item.description))
            .add_property("CATEGORIES", item.category)
            // A reminder, not a meeting: it does not make anyone busy.
            .add_property("TRANSP", "TRANSPARENT");
        calendar.push(event.done());
    }
    calendar.to_string()
}

fn all_day(key: &str, date: Date) -> Property {
    Property::new(key, date.strftime("%Y%m%d").to_string())
        .add_parameter("VALUE", "DATE")
        .done()
}

/// Plan text that cannot act: control, escape and bidi characters shown as
/// escapes ([`neutralise`]), every line end a plain newline (which the
/// crate writes as `\n`), so that nothing starts a line of its own.
fn inert(text: &str) -> String {
    neutralise(text).replace("\r\n", "\n")
}

/// [`inert`] on one line: a summary is a single line in every calendar.
fn one_line(text: &str) -> String {
    inert(text).replace('\n', " ")
}
