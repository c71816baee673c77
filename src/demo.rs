//! The built-in demo: a plan repository with five quarters of history.
//!
//! [`build`] creates a git repository holding the example organisation,
//! Northwind Analytics, and replays a scripted history on it: several
//! authors in several time zones, feature branches merged as pull requests
//! (real merge commits and squash merges), and direct commits to main, from
//! June 2025 to October 2026. The script is `templates/demo/history.toml`,
//! embedded in the binary. [`open`] recognises a demo built earlier.
//!
//! Everything is fixed: dates, time-zone offsets, names and contents, so the
//! same binary builds the same commit ids on every machine and every day.
//! This module therefore must not read the clock, use randomness, iterate a
//! hash map, read the user's git identity, or run the `git` command; it
//! writes only inside the folder it is given. It knows nothing of terminals.
//!
//! # What happens in each quarter
//!
//! The review tests assert against these facts; `docs/demo.md` holds the
//! same list, and `tests/demo.rs` checks it against the repository. A fact's
//! quarter is that of the commit on main that records it, in its author's
//! time zone; dates are the records' own (`shipped`, `left`, `filled`…).
//! `#N` is a pull request: a merge commit, or "squash" for a squashed one.
//! Amounts are in USD. The history has 174 commits, 133 of them on main (16
//! merges of pull requests, 6 squashed ones). The technology radar's moves
//! are listed in docs/demo.md.
//!
//! **2025-Q2, from 16 June (the first commit imports the example plan)**
//! - Shipped: observability-stack (2025-06-26).
//! - Slipped 2025-Q2 → 2025-Q3: clickhouse-migration and streaming-ingestion
//!   (2025-06-27), sso-scim (2025-06-30).
//! - Roles: staff-data-engineer filled by rafael-costa (2025-06-18; his file is
//!   added then, and he joins data on 2025-07-14).
//! - Objectives for 2025-Q2, closed by the Q3 planning (pull request #4, merged
//!   2025-07-01): query-performance missed, enterprise-readiness missed,
//!   platform-reliability achieved.
//! - Budget 2025-Q2 (from the example): planned 3,185,000, actual 3,177,500
//!   (final actuals committed 2025-07-07).
//!
//! **2025-Q3**
//! - Shipped: sso-scim (2025-07-24), streaming-ingestion (2025-08-07),
//!   salesforce-connector (2025-09-03; paused → active on 2025-07-30),
//!   query-guardrails (2025-09-24), disaster-recovery (2025-09-26).
//! - Slipped: dashboard-builder-v2 2025-Q3 → 2025-Q4 (2025-08-20),
//!   clickhouse-migration 2025-Q3 → 2025-Q4 (2025-09-10, its second slip),
//!   eu-data-residency 2025-Q4 → 2026-Q1 (2025-09-15).
//! - Pulled in: disaster-recovery 2025-Q4 → 2025-Q3 (2025-07-22, squash #11,
//!   after the 18 July us-east-1 incident), then shipped in the quarter.
//! - Added: query-guardrails mid-quarter (2025-08-12, for 2025-Q3);
//!   mobile-dashboards by the Q3 planning (2025-07-01, for 2025-Q4).
//! - Cancelled: mobile-dashboards (2025-09-08).
//! - Decisions: public-api-style accepted (2025-07-03, squash #6),
//!   eu-region-cell accepted (2025-07-10, #9), self-managed-kafka proposed
//!   (2025-08-05) and rejected (2025-08-26).
//! - People: rafael-costa joins data (2025-07-14), kofi-boateng joins platform
//!   (file 2025-07-09, joined 2025-08-04), lena-vogel joins security (file
//!   2025-08-20, joined 2025-09-15); pavel-ivanov leaves (2025-09-05);
//!   omar-farouk moves accounts → integrations (#15, 2025-09-01).
//! - Roles: senior-sre to offer (2025-07-01) then filled by kofi-boateng
//!   (2025-07-09); appsec-engineer filled by lena-vogel (2025-08-20);
//!   frontend-engineer-builder opened (2025-08-11); integrations-engineer
//!   cancelled (#15, 2025-09-01); the ml-engineer role (cancelled in the
//!   example) is deleted (#4, 2025-07-01).
//! - Risks: single-region-outage escalated, likelihood 2 → 3 (2025-07-21), then
//!   mitigating, 3 → 2 (2025-09-26); on-call-load opened (2025-08-18);
//!   clickhouse-cutover-slip escalated, likelihood 3 → 4 (2025-09-10);
//!   salesforce-api-limits closed (2025-09-10).
//! - Objectives: dashboards-under-two-seconds achieved, enterprise-identity
//!   missed, api-ecosystem missed (closed 2025-10-01T00:20+01:00, which is
//!   2025-09-30 in UTC).
//! - Budget 2025-Q3: planned 3,357,000, actual 3,359,000 (final actuals
//!   2025-10-07); more than 10% over plan: aws (+11.8%), dr-backups (+47.2%),
//!   recruiting (+30%).
//!
//! **2025-Q4**
//! - Shipped: clickhouse-migration (2025-11-05, #23), public-api-v2
//!   (2025-12-11, squash #27), postgres-decommission (2025-12-17).
//! - Slipped: dashboard-builder-v2 2025-Q4 → 2026-Q1 (2025-12-22, its second
//!   slip).
//! - Pulled in: ask-northwind 2026-Q2 → 2026-Q1 (#24, 2025-11-20).
//! - Added: postgres-decommission mid-quarter (2025-11-12, for 2025-Q4);
//!   embedded-analytics by the Q4 planning (#18, 2025-10-01, for 2026-Q1), which
//!   also moves ai-query-assistant from proposed to planned for 2026-Q2.
//! - Cancelled: embedded-analytics (2025-12-09).
//! - Renamed: roadmap/ai-query-assistant.toml → roadmap/ask-northwind.toml
//!   (2025-11-19, a commit of its own, content unchanged).
//! - Decisions: decommission-postgres-events proposed (2025-10-14) and accepted
//!   (2025-11-06); self-hosted-ci-runners proposed (2025-10-20) and rejected
//!   (2025-11-03); adopt-opentelemetry's review_by moves to 2026-05-13
//!   (2025-11-13).
//! - People: diego-alvarez joins dashboards (file 2025-10-22, joined
//!   2025-11-17); ravi-menon leaves (2025-10-03); grace-liu moves platform →
//!   data (2025-11-10).
//! - Roles: frontend-engineer-builder filled by diego-alvarez (2025-10-22);
//!   clickhouse-sre opened (2025-11-12).
//! - Risks: clickhouse-cutover-slip closed (2025-11-05); on-call-load escalated,
//!   impact 3 → 4, and mitigating (2025-11-24); billing-key-person closed
//!   (2025-12-15); postgres-storage-ceiling closed (2025-12-17).
//! - Objectives: everything-on-clickhouse achieved, public-api-launch achieved,
//!   calmer-on-call missed (closed by the Q1 planning, #31, merged 2026-01-05).
//! - Budget 2025-Q4: planned 3,234,000, actual 3,237,000 (final actuals
//!   2026-01-07); more than 10% over plan: clickhouse-support (+25%).
//!
//! **2026-Q1**
//! - Shipped: dashboard-builder-v2 (2026-02-19, squash #36), llm-cost-metering
//!   (2026-03-26).
//! - Slipped: eu-data-residency 2026-Q1 → 2026-Q2 (2026-03-10, its second
//!   slip), ask-northwind 2026-Q1 → 2026-Q2 (2026-03-18, a quarter after being
//!   pulled in).
//! - Added: soc2-renewal mid-quarter (2026-02-03, for 2026-Q3),
//!   llm-cost-metering mid-quarter (2026-02-10, for 2026-Q1);
//!   snowflake-write-back by the Q1 planning (#31, 2026-01-05, for 2026-Q2).
//! - Cancelled: snowflake-write-back (2026-03-05).
//! - Shipped, then edited: clickhouse-migration's summary, links and retro link
//!   change on 2026-01-26.
//! - Decisions: llm-provider proposed (2026-01-12) and accepted (2026-02-02);
//!   public-api-style's review_by moves to 2026-07-15 (2026-01-15).
//! - People: ines-carvalho joins platform (file 2026-01-09, joined 2026-02-02);
//!   jonas-lindqvist leaves (2026-02-27, recorded 2026-02-23); new team
//!   applied-ai (#33, 2026-01-12): priya-natarajan moves engineering →
//!   applied-ai as its lead, arjun-patel moves dashboards → applied-ai.
//! - Roles: clickhouse-sre filled by ines-carvalho (2026-01-09); ai-engineer
//!   opened (2026-01-20).
//! - Risks: aws-spend-growth closed (2026-01-21); eu-residency-deals escalated,
//!   likelihood 4 → 5 (2026-03-10); llm-data-exposure opened (2026-03-16).
//! - Objectives: builder-adoption achieved, eu-customers-in-eu missed,
//!   ask-northwind-beta missed, closed 2026-03-31T22:40-05:00, which is
//!   2026-04-01 in UTC.
//! - Budget 2026-Q1: planned 3,287,000, actual 3,265,500 (final actuals
//!   2026-04-07); more than 10% over plan: llm-api (+35%).
//!
//! **2026-Q2**
//! - Shipped: eu-data-residency (2026-06-11, squash #45), soc2-renewal
//!   (2026-06-19), ask-northwind (2026-06-24, #47).
//! - Slipped: usage-digest-emails 2026-Q2 → 2026-Q3 (2026-04-27).
//! - Pulled in: soc2-renewal 2026-Q3 → 2026-Q2 (2026-04-22).
//! - Added: anomaly-alerts mid-quarter (2026-04-08, for 2026-Q3),
//!   apac-readiness mid-quarter (2026-05-19, for 2026-Q4, committed from Tokyo
//!   at +09:00); usage-digest-emails by the Q2 planning (#40, 2026-04-01).
//! - Cancelled: usage-digest-emails (2026-05-14).
//! - Decisions: revisit-anomaly-detection proposed (2026-04-08) and accepted
//!   (2026-04-29); regional-cells proposed on its branch (2026-04-30) and
//!   accepted (#42, 2026-05-04), superseding eu-region-cell, whose status
//!   becomes superseded in the same commit.
//! - People: marco-bianchi joins applied-ai (file 2026-04-16, joined
//!   2026-05-11); zoe-anderson leaves (2026-05-29); kenji-watanabe moves data →
//!   applied-ai (2026-04-20).
//! - Roles: ml-engineer re-created (2026-04-08; deleted on 2025-07-01);
//!   ai-engineer filled by marco-bianchi (2026-04-16); sre-tokyo opened
//!   (2026-05-19).
//! - Risks: eu-residency-deals mitigating, likelihood 5 → 2 (2026-06-11).
//! - Objectives: eu-residency-live achieved, cheaper-platform achieved,
//!   ask-northwind-ga missed (closed by the Q3 planning, #51, merged
//!   2026-07-01).
//! - Budget 2026-Q2: planned 3,644,000, actual 3,646,000 (final actuals
//!   2026-07-07); more than 10% over plan: eu-cell (+18.2%).
//!
//! **2026-Q3, the latest complete quarter**
//! - Shipped: anomaly-alerts (2026-09-17).
//! - Slipped: dashboard-templates 2026-Q3 → 2026-Q4 (2026-08-18),
//!   apac-readiness 2026-Q4 → 2027-Q1 (squash #55, 2026-09-14).
//! - Added: dashboard-templates by the Q3 planning (#51, 2026-07-01, for
//!   2026-Q3). Pulled in, cancelled: none.
//! - Decisions: sunset-api-v1 proposed (2026-07-28) and accepted (2026-08-25);
//!   self-hosted-llm proposed (2026-08-04) and rejected (2026-09-08).
//! - People: hye-jin-park joins data (file 2026-07-23, joined 2026-08-24);
//!   marcus-johnson leaves (2026-08-28, recorded 2026-08-03).
//! - Roles: ml-engineer filled by hye-jin-park (2026-07-23);
//!   staff-engineer-query opened (2026-08-03); sre-tokyo cancelled (#55,
//!   2026-09-14).
//! - Risks: clickhouse-key-person opened (2026-08-10), then escalated, impact
//!   4 → 5, and mitigating (2026-09-01); on-call-load closed (2026-08-12).
//! - Objectives: anomaly-alerts-beta achieved, apac-groundwork missed,
//!   keep-the-team missed (closed by the Q4 planning, #58, merged 2026-10-01).
//! - Budget 2026-Q3: planned 3,697,000, actual 3,686,500 (final actuals
//!   2026-10-06); more than 10% over plan: recruiting (+45%).
//!
//! **2026-Q4, to 28 October**
//! - The Q4 planning (#58, 2026-10-01): objective query-engine-resilience,
//!   budget 2026-Q4 planned at 3,799,000.
//! - The Q3 final actuals (2026-10-06); staff-engineer-query moves to an offer
//!   (2026-10-13); dashboard-templates becomes active (2026-10-20); every
//!   review of a decision or risk that was due is done (2026-10-22).
//! - The 2027-H1 planning (#59, 2026-10-28): query-engine-v2 and
//!   schema-registry for the data team and the role senior-data-engineer,
//!   which put data at 131% of capacity in 2027-Q1 and 94% in 2027-Q2, with
//!   query planning a skill only rafael-costa has. The example plan's files
//!   for them are left out of the first commit (`[base] leave_out`).
//!
//! Authors: Maya Okafor (CTO, Austin, -05:00 in summer and -06:00 in winter,
//! +09:00 once from Tokyo), Hannah Becker (TPM, Lisbon, +01:00 / +00:00),
//! Elena Petrova and Tomasz Nowak (engineering managers, Lisbon), Nadia
//! Haddad (engineering manager, Austin) and Anjali Mehta (finance business
//! partner, Bangalore, +05:30).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use git2::build::{CheckoutBuilder, TreeUpdateBuilder};
use git2::{FileMode, Oid, Repository, RepositoryInitOptions, Signature, Time, Tree};
use jiff::civil::{Date, DateTime};
use jiff::tz::Offset;
use serde::Deserialize;
use toml_edit::DocumentMut;

use crate::edit::{Assignment, Op, document, paths};
use crate::error::{Error, Result};
use crate::model::{Kind, Quarter};
use crate::scaffold::{self, InitOptions};

/// The script, under `templates/`.
const SCRIPT: &str = "demo/history.toml";

/// The first line of `.git/description` in a demo, followed by its head.
const MARKER: &str = "cto-plan demo of Northwind Analytics, head ";

/// The organisation's name in `cto-plan.toml`.
const NAME: &str = "Northwind Analytics";

/// A demo repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Demo {
    /// The repository's working tree.
    pub path: PathBuf,
    /// The last commit on `main`.
    pub head: Oid,
    /// Every commit reachable from the head, branch commits included.
    pub commits: usize,
    /// The first quarter the history covers from its first day.
    pub first_quarter: Quarter,
    /// The last complete quarter of the demo's history.
    pub latest_quarter: Quarter,
    /// The day of the first commit, in its author's time zone.
    pub start: Date,
    /// The day of the last commit: pass it as "today" so that warnings,
    /// which depend on the date, are the same on every day.
    pub end: Date,
}

/// Builds the demo repository in `dir`, which must be empty or absent. On
/// failure, what it made is removed again.
pub fn build(dir: &Path) -> Result<Demo> {
    ensure_empty(dir)?;
    let existed = dir.exists();
    let built = build_in(dir);
    if built.is_err() {
        // A half-built demo would be refused by the next run as foreign.
        remove_partial(dir, existed);
    }
    built
}

/// Removes what a failed [`build`] made: the folder was empty or absent
/// before, so everything in it is the build's. Best effort: the build's own
/// error is the one worth reporting.
fn remove_partial(dir: &Path, existed: bool) {
    if !existed {
        let _ = std::fs::remove_dir_all(dir);
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let _ = match entry.file_type() {
            Ok(kind) if kind.is_dir() => std::fs::remove_dir_all(&path),
            _ => std::fs::remove_file(&path),
        };
    }
}

fn build_in(dir: &Path) -> Result<Demo> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let script = Script::load()?;

    // The example plan is rendered into the folder, and its files become
    // the first commit; the checkout at the end replaces them with HEAD's.
    let options = InitOptions {
        name: NAME,
        currency: "USD",
        example: true,
        today: script.base.today()?,
    };
    let outcome = scaffold::init(dir, &options)?;
    let mut base_files = BTreeMap::new();
    for path in &outcome.written {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let relative = path.strip_prefix(dir).unwrap_or(path);
        let relative: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let relative = relative.join("/");
        if script.base.leave_out.contains(&relative) {
            // Not in the first commit, so not left behind in the folder.
            std::fs::remove_file(path).map_err(|e| Error::io(path, e))?;
            continue;
        }
        base_files.insert(relative, normalise(&bytes));
    }

    let mut init = RepositoryInitOptions::new();
    // No templates (hooks, excludes) from the user's set-up, and `main`
    // whatever `init.defaultBranch` says.
    init.external_template(false)
        .initial_head("main")
        .no_reinit(true);
    let repo = Repository::init_opts(dir, &init)?;
    let head = Replay::new(&repo, &script).run(&base_files)?;

    repo.reference("refs/heads/main", head, true, "cto-plan demo")?;
    let mut checkout = CheckoutBuilder::new();
    checkout.force().remove_untracked(true);
    repo.checkout_head(Some(&mut checkout))?;
    // Written last: the marker says the demo is complete.
    let description = repo.path().join("description");
    std::fs::write(&description, format!("{MARKER}{head}\n"))
        .map_err(|e| Error::io(&description, e))?;
    describe(&repo, head)
}

/// The demo in `dir`, when it is one that [`build`] made and nobody has
/// committed to since; `None` for anything else, a missing folder included.
pub fn open(dir: &Path) -> Result<Option<Demo>> {
    let Ok(repo) = Repository::open(dir) else {
        return Ok(None);
    };
    let Ok(description) = std::fs::read_to_string(repo.path().join("description")) else {
        return Ok(None);
    };
    let marked = description
        .lines()
        .next()
        .and_then(|line| line.strip_prefix(MARKER))
        .and_then(|id| Oid::from_str(id.trim()).ok());
    let head = repo
        .head()
        .ok()
        .and_then(|head| head.peel_to_commit().ok())
        .map(|commit| commit.id());
    match (marked, head) {
        (Some(marked), Some(head)) if marked == head => describe(&repo, head).map(Some),
        _ => Ok(None),
    }
}

/// Refuses a folder that holds anything, so a demo never mixes with other files.
fn ensure_empty(dir: &Path) -> Result<()> {
    let mut entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(dir, e)),
    };
    if entries.next().is_some() {
        return Err(Error::Edit {
            location: dir.display().to_string(),
            message: "is not empty, and is not a demo built earlier".into(),
            hint: Some(
                "name an empty or new folder, such as `cto-plan demo /tmp/northwind`; a demo is never built over other files".into(),
            ),
        });
    }
    Ok(())
}

/// The facts of a demo repository, read from its commits.
fn describe(repo: &Repository, head: Oid) -> Result<Demo> {
    let mut walk = repo.revwalk()?;
    walk.push(head)?;
    let commits = walk.count();
    let mut first_parent = repo.revwalk()?;
    first_parent.push(head)?;
    first_parent.simplify_first_parent()?;
    let mut root = head;
    for id in first_parent {
        root = id?;
    }
    let start = local_date(repo.find_commit(root)?.time());
    let end = local_date(repo.find_commit(head)?.time());
    let start_quarter = Quarter::containing(start, 1);
    let first_quarter = if start == start_quarter.start_date(1) {
        start_quarter
    } else {
        start_quarter.next()
    };
    let path = repo
        .workdir()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| repo.path().to_path_buf());
    Ok(Demo {
        path,
        head,
        commits,
        first_quarter,
        latest_quarter: Quarter::containing(end, 1).previous(),
        start,
        end,
    })
}

/// The calendar day of a git time, in the time zone it was recorded in.
fn local_date(time: Time) -> Date {
    let offset = Offset::from_seconds(time.offset_minutes() * 60).unwrap_or(Offset::UTC);
    jiff::Timestamp::from_second(time.seconds())
        .map(|t| offset.to_datetime(t).date())
        .unwrap_or_default()
}

/// Line endings as git stores them, whatever the checkout of the sources did:
/// the same bytes make the same blob ids on every machine.
fn normalise(bytes: &[u8]) -> Vec<u8> {
    String::from_utf8_lossy(bytes)
        .replace("\r\n", "\n")
        .into_bytes()
}

// --- The script -------------------------------------------------------------
//
// The history is data (templates/demo/history.toml) rather than Rust: it is
// mostly plan content (people, budgets, decision texts), which reads best as
// the TOML it ends up in, and a step reads like the commit it makes. The
// code below only replays it.

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Script {
    author: BTreeMap<String, Author>,
    base: Base,
    step: Vec<Step>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Author {
    name: String,
    email: String,
}

/// The first commit: the example plan as `init --example` renders it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Base {
    example_today: toml::value::Datetime,
    author: String,
    at: toml::value::Datetime,
    message: String,
    /// Files of the example that the history adds later, on dates of its
    /// own: the example shows the plan as it stands today, the history how
    /// it got there.
    #[serde(default)]
    leave_out: Vec<String>,
}

/// A commit to main, or a pull request holding commits.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Step {
    /// Who commits, or for a pull request who merges it.
    author: String,
    at: toml::value::Datetime,
    message: Option<String>,
    pr: Option<u32>,
    branch: Option<String>,
    /// `merge` (a merge commit) or `squash` (one commit).
    merge: Option<String>,
    /// The pull request's title.
    title: Option<String>,
    #[serde(default)]
    commit: Vec<CommitSpec>,
    #[serde(default)]
    rename: Vec<Rename>,
    #[serde(default)]
    remove: Vec<String>,
    #[serde(default)]
    write: Vec<WriteFile>,
    #[serde(default)]
    set: Vec<toml::Table>,
    #[serde(default)]
    unset: Vec<Unset>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CommitSpec {
    author: String,
    at: toml::value::Datetime,
    message: String,
    #[serde(default)]
    rename: Vec<Rename>,
    #[serde(default)]
    remove: Vec<String>,
    #[serde(default)]
    write: Vec<WriteFile>,
    #[serde(default)]
    set: Vec<toml::Table>,
    #[serde(default)]
    unset: Vec<Unset>,
}

/// What a commit changes, applied in this order: renames, removals, whole
/// files written, fields set, fields unset. (Steps and commits hold the
/// fields themselves, since serde cannot flatten and deny unknown keys.)
struct Ops<'a> {
    rename: &'a [Rename],
    remove: &'a [String],
    write: &'a [WriteFile],
    /// Tables of `record = "kind/id"` and the fields to set, dotted keys
    /// for nested ones (`key_result.p95-load.current = 1900`).
    set: &'a [toml::Table],
    unset: &'a [Unset],
}

impl Step {
    fn ops(&self) -> Ops<'_> {
        Ops {
            rename: &self.rename,
            remove: &self.remove,
            write: &self.write,
            set: &self.set,
            unset: &self.unset,
        }
    }
}

impl CommitSpec {
    fn ops(&self) -> Ops<'_> {
        Ops {
            rename: &self.rename,
            remove: &self.remove,
            write: &self.write,
            set: &self.set,
            unset: &self.unset,
        }
    }
}

impl Base {
    /// The day the example plan is dated around.
    fn today(&self) -> Result<Date> {
        self.example_today
            .date
            .filter(|_| self.example_today.time.is_none())
            .and_then(|d| Date::new(d.year as i16, d.month as i8, d.day as i8).ok())
            .ok_or_else(|| {
                script_error(
                    "",
                    "needs base.example_today as a plain date such as 2025-06-16",
                )
            })
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Rename {
    from: String,
    to: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WriteFile {
    path: String,
    text: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Unset {
    record: String,
    fields: Vec<String>,
}

impl Script {
    fn load() -> Result<Script> {
        let text = scaffold::template(SCRIPT).ok_or_else(|| {
            script_error(
                "",
                "is not embedded in this binary; rebuild it from a complete source tree",
            )
        })?;
        let text = String::from_utf8_lossy(&normalise(text.as_bytes())).into_owned();
        toml::from_str(&text).map_err(|e| script_error("", &e.to_string()))
    }

    fn signature(&self, author: &str, at: &toml::value::Datetime) -> Result<Signature<'static>> {
        let who = self.author.get(author).ok_or_else(|| {
            script_error(
                &at.to_string(),
                &format!("names author '{author}', who is not under [author]"),
            )
        })?;
        Ok(Signature::new(&who.name, &who.email, &git_time(at)?)?)
    }
}

/// An error in the embedded script: a bug of this binary, named precisely.
fn script_error(at: &str, message: &str) -> Error {
    let location = if at.is_empty() {
        format!("templates/{SCRIPT}")
    } else {
        format!("templates/{SCRIPT}, the commit at {at}")
    };
    Error::Edit {
        location,
        message: message.trim_end().to_owned(),
        hint: Some("the demo's script is part of cto-plan: please report this".into()),
    }
}

/// A TOML offset date-time as a git time.
fn git_time(at: &toml::value::Datetime) -> Result<Time> {
    let shown = at.to_string();
    let bad = |why: &str| script_error(&shown, why);
    let (Some(date), Some(time), Some(offset)) = (at.date, at.time, at.offset) else {
        return Err(bad(
            "needs a date, a time and an offset, such as 2025-07-01T09:30:00-05:00",
        ));
    };
    let minutes = match offset {
        toml::value::Offset::Z => 0,
        toml::value::Offset::Custom { minutes } => i32::from(minutes),
    };
    let civil = DateTime::new(
        date.year as i16,
        date.month as i8,
        date.day as i8,
        time.hour as i8,
        time.minute as i8,
        time.second.unwrap_or(0) as i8,
        0,
    )
    .map_err(|e| bad(&e.to_string()))?;
    let offset = Offset::from_seconds(minutes * 60).map_err(|e| bad(&e.to_string()))?;
    let instant = offset
        .to_timestamp(civil)
        .map_err(|e| bad(&e.to_string()))?;
    Ok(Time::new(instant.as_second(), minutes))
}

// --- Replaying it -----------------------------------------------------------

/// Writes the script's commits into a repository, without touching refs
/// or the working tree.
struct Replay<'r> {
    repo: &'r Repository,
    script: &'r Script,
    /// Main's commits so far, oldest first, with their times: a branch
    /// starts from the last one made before its first commit.
    main: Vec<(i64, Oid)>,
}

impl<'r> Replay<'r> {
    fn new(repo: &'r Repository, script: &'r Script) -> Replay<'r> {
        Replay {
            repo,
            script,
            main: Vec::new(),
        }
    }

    /// Makes every commit and returns main's head.
    fn run(mut self, base_files: &BTreeMap<String, Vec<u8>>) -> Result<Oid> {
        let base = &self.script.base;
        let empty = self.repo.treebuilder(None)?.write()?;
        let mut update = TreeUpdateBuilder::new();
        for (path, bytes) in base_files {
            update.upsert(path.as_str(), self.repo.blob(bytes)?, FileMode::Blob);
        }
        let tree = update.create_updated(self.repo, &self.repo.find_tree(empty)?)?;
        let signature = self.script.signature(&base.author, &base.at)?;
        let root = self.commit(&signature, &signature, &base.message, tree, &[])?;
        self.main.push((signature.when().seconds(), root));

        for step in &self.script.step {
            let head = self.head();
            let (id, time) = match step.pr {
                None => {
                    let message = step
                        .message
                        .as_deref()
                        .ok_or_else(|| script_error(&step.at.to_string(), "needs a `message`"))?;
                    if !step.commit.is_empty() || step.branch.is_some() {
                        return Err(script_error(
                            &step.at.to_string(),
                            "has commits or a branch but no `pr` number",
                        ));
                    }
                    let signature = self.script.signature(&step.author, &step.at)?;
                    let parent_tree = self.repo.find_commit(head)?.tree()?;
                    let tree = self.apply(&parent_tree, &step.ops(), &step.at)?;
                    let id = self.commit(&signature, &signature, message, tree, &[head])?;
                    (id, signature.when().seconds())
                }
                Some(number) => self.pull_request(step, number, head)?,
            };
            let previous = self.main.last().map_or(i64::MIN, |(t, _)| *t);
            if time < previous {
                return Err(script_error(
                    &step.at.to_string(),
                    "is dated before the commit on main that precedes it; keep the steps in order",
                ));
            }
            self.main.push((time, id));
        }
        Ok(self.head())
    }

    fn head(&self) -> Oid {
        self.main
            .last()
            .map(|(_, id)| *id)
            .unwrap_or(Oid::ZERO_SHA1)
    }

    /// A pull request: its commits on a branch from main, then merged.
    fn pull_request(&self, step: &Step, number: u32, head: Oid) -> Result<(Oid, i64)> {
        let at = step.at.to_string();
        let (Some(branch), Some(title), Some(style)) = (&step.branch, &step.title, &step.merge)
        else {
            return Err(script_error(
                &at,
                "is a pull request: it needs `branch`, `title` and `merge`",
            ));
        };
        let squash = match style.as_str() {
            "merge" => false,
            "squash" => true,
            other => {
                return Err(script_error(
                    &at,
                    &format!("has merge = \"{other}\": write \"merge\" or \"squash\""),
                ));
            }
        };
        let (Some(first), true) = (step.commit.first(), step.message.is_none()) else {
            return Err(script_error(
                &at,
                "is a pull request: its changes go in [[step.commit]] tables, and it has no `message` of its own",
            ));
        };
        if !ops_are_empty(&step.ops()) {
            return Err(script_error(
                &at,
                "is a pull request: put its changes in its [[step.commit]] tables",
            ));
        }
        let first_time = git_time(&first.at)?.seconds();
        let fork = self
            .main
            .iter()
            .rev()
            .find(|(time, _)| *time <= first_time)
            .map(|(_, id)| *id)
            .ok_or_else(|| script_error(&first.at.to_string(), "is older than the first commit"))?;

        // The branch's commits; a squash merge keeps only their result.
        let mut tip = fork;
        let mut tree = self.repo.find_commit(fork)?.tree()?;
        let mut last_time = first_time;
        for commit in &step.commit {
            let signature = self.script.signature(&commit.author, &commit.at)?;
            if signature.when().seconds() < last_time {
                return Err(script_error(
                    &commit.at.to_string(),
                    "is dated before the branch commit that precedes it",
                ));
            }
            last_time = signature.when().seconds();
            let id = self.apply(&tree, &commit.ops(), &commit.at)?;
            tree = self.repo.find_tree(id)?;
            if !squash {
                tip = self.commit(&signature, &signature, &commit.message, id, &[tip])?;
            }
        }
        let merger = self.script.signature(&step.author, &step.at)?;
        if merger.when().seconds() < last_time {
            return Err(script_error(
                &at,
                "merges the pull request before its last commit",
            ));
        }

        let ancestor = self.repo.find_commit(fork)?.tree()?;
        let ours = self.repo.find_commit(head)?.tree()?;
        let mut index = self.repo.merge_trees(&ancestor, &ours, &tree, None)?;
        if index.has_conflicts() {
            let mut paths: Vec<String> = index
                .conflicts()?
                .filter_map(|c| c.ok())
                .filter_map(|c| c.our.or(c.their))
                .map(|entry| String::from_utf8_lossy(&entry.path).into_owned())
                .collect();
            paths.sort();
            return Err(script_error(
                &at,
                &format!(
                    "merges pull request #{number}, which conflicts with main in {}",
                    paths.join(", ")
                ),
            ));
        }
        let merged = index.write_tree_to(self.repo)?;
        let id = if squash {
            // GitHub's squash merge: the PR's title and number, its commits
            // listed in the body, authored by whoever opened it.
            let mut message = format!("{title} (#{number})\n");
            for commit in &step.commit {
                let subject = commit.message.lines().next().unwrap_or("");
                message.push_str(&format!("\n* {subject}"));
            }
            message.push('\n');
            // The moment of the merge, in the opener's own time zone.
            let opener = self.script.signature(&first.author, &first.at)?;
            let when = Time::new(merger.when().seconds(), opener.when().offset_minutes());
            let author = Signature::new(
                opener.name().unwrap_or_default(),
                opener.email().unwrap_or_default(),
                &when,
            )?;
            self.commit(&author, &merger, &message, merged, &[head])?
        } else {
            let message =
                format!("Merge pull request #{number} from northwind/{branch}\n\n{title}\n");
            self.commit(&merger, &merger, &message, merged, &[head, tip])?
        };
        Ok((id, merger.when().seconds()))
    }

    fn commit(
        &self,
        author: &Signature<'_>,
        committer: &Signature<'_>,
        message: &str,
        tree: Oid,
        parents: &[Oid],
    ) -> Result<Oid> {
        let tree = self.repo.find_tree(tree)?;
        let parents: Vec<git2::Commit<'_>> = parents
            .iter()
            .map(|id| self.repo.find_commit(*id))
            .collect::<std::result::Result<_, _>>()?;
        let parents: Vec<&git2::Commit<'_>> = parents.iter().collect();
        let mut message = message.trim_end().to_owned();
        message.push('\n');
        Ok(self
            .repo
            .commit(None, author, committer, &message, &tree, &parents)?)
    }

    /// `tree` with `ops` applied: the id of the new tree.
    fn apply(&self, tree: &Tree<'_>, ops: &Ops<'_>, at: &toml::value::Datetime) -> Result<Oid> {
        let shown = at.to_string();
        let fail = |message: String| script_error(&shown, &message);
        let today = at
            .date
            .and_then(|d| Date::new(d.year as i16, d.month as i8, d.day as i8).ok())
            .ok_or_else(|| fail("has no valid date".into()))?;
        // Files changed by this commit: `None` once removed.
        let mut changed: BTreeMap<String, Option<Vec<u8>>> = BTreeMap::new();
        let read = |changed: &BTreeMap<String, Option<Vec<u8>>>, path: &str| -> Option<Vec<u8>> {
            match changed.get(path) {
                Some(content) => content.clone(),
                None => tree
                    .get_path(Path::new(path))
                    .ok()
                    .and_then(|entry| self.repo.find_blob(entry.id()).ok())
                    .map(|blob| blob.content().to_vec()),
            }
        };
        for rename in ops.rename {
            let content = read(&changed, &rename.from)
                .ok_or_else(|| fail(format!("renames {}, which does not exist", rename.from)))?;
            if read(&changed, &rename.to).is_some() {
                return Err(fail(format!("renames onto {}, which exists", rename.to)));
            }
            check_path(&rename.to).map_err(&fail)?;
            changed.insert(rename.from.clone(), None);
            changed.insert(rename.to.clone(), Some(content));
        }
        for path in ops.remove {
            if read(&changed, path).is_none() {
                return Err(fail(format!("removes {path}, which does not exist")));
            }
            changed.insert(path.clone(), None);
        }
        for file in ops.write {
            check_path(&file.path).map_err(&fail)?;
            changed.insert(file.path.clone(), Some(normalise(file.text.as_bytes())));
        }
        let edits = ops
            .set
            .iter()
            .map(|table| set_assignments(table).map_err(&fail))
            .chain(ops.unset.iter().map(|unset| {
                let assignments = unset
                    .fields
                    .iter()
                    .map(|field| Assignment {
                        path: field.split('.').map(str::to_owned).collect(),
                        op: Op::Unset,
                    })
                    .collect();
                Ok((unset.record.clone(), assignments))
            }));
        for edit in edits {
            let (record, assignments) = edit?;
            let (kind, id) = record
                .split_once('/')
                .and_then(|(kind, id)| Some((kind.parse::<Kind>().ok()?, id)))
                .ok_or_else(|| fail(format!("names record '{record}': write KIND/ID")))?;
            let path = paths::record_path(kind, id);
            let text = read(&changed, &path)
                .ok_or_else(|| fail(format!("changes {record}, but {path} does not exist")))?;
            let mut doc: DocumentMut = String::from_utf8_lossy(&text)
                .parse()
                .map_err(|e: toml_edit::TomlError| fail(format!("{path}: {}", e.message())))?;
            for assignment in &assignments {
                document::apply(&mut doc, kind, assignment, today)
                    .map_err(|why| fail(format!("{path}: {why}")))?;
            }
            changed.insert(path, Some(doc.to_string().into_bytes()));
        }
        let mut update = TreeUpdateBuilder::new();
        for (path, content) in &changed {
            match content {
                Some(bytes) => {
                    update.upsert(path.as_str(), self.repo.blob(bytes)?, FileMode::Blob);
                }
                None => {
                    update.remove(path.as_str());
                }
            }
        }
        Ok(update.create_updated(self.repo, tree)?)
    }
}

fn ops_are_empty(ops: &Ops<'_>) -> bool {
    ops.rename.is_empty()
        && ops.remove.is_empty()
        && ops.write.is_empty()
        && ops.set.is_empty()
        && ops.unset.is_empty()
}

/// A plan-relative path the script may write: no way out of the plan.
fn check_path(path: &str) -> std::result::Result<(), String> {
    let plain = !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..");
    if plain {
        Ok(())
    } else {
        Err(format!(
            "writes '{path}', which is not a plain relative path"
        ))
    }
}

/// The record and the changes one `[[step.set]]` table makes, in its order.
fn set_assignments(table: &toml::Table) -> std::result::Result<(String, Vec<Assignment>), String> {
    let record = match table.get("record") {
        Some(toml::Value::String(record)) => record.clone(),
        _ => return Err("has a [[set]] table without `record = \"KIND/ID\"`".into()),
    };
    let mut assignments = Vec::new();
    for (key, value) in table {
        if key != "record" {
            flatten(&mut vec![key.clone()], value, &mut assignments);
        }
    }
    if assignments.is_empty() {
        return Err(format!("sets nothing in {record}"));
    }
    Ok((record, assignments))
}

/// One assignment per leaf value, with its dotted path.
fn flatten(path: &mut Vec<String>, value: &toml::Value, out: &mut Vec<Assignment>) {
    let text = match value {
        toml::Value::Table(table) => {
            for (key, inner) in table {
                path.push(key.clone());
                flatten(path, inner, out);
                path.pop();
            }
            return;
        }
        toml::Value::String(s) => s.clone(),
        // `{:?}` keeps the decimal point, so 3.0 stays a float.
        toml::Value::Float(f) => format!("{f:?}"),
        other => other.to_string(),
    };
    out.push(Assignment {
        path: path.clone(),
        op: Op::Set(text),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_keep_their_offset() {
        let at: toml::value::Datetime = "2026-03-31T22:40:00-05:00".parse().unwrap();
        let time = git_time(&at).unwrap();
        assert_eq!(time.offset_minutes(), -300);
        assert_eq!(local_date(time), jiff::civil::date(2026, 3, 31));
        let utc = jiff::Timestamp::from_second(time.seconds()).unwrap();
        assert_eq!(utc.to_string(), "2026-04-01T03:40:00Z");
        let local: toml::value::Datetime = "2026-03-31T22:40:00".parse().unwrap();
        assert!(git_time(&local).is_err());
    }

    #[test]
    fn set_tables_become_assignments_in_order() {
        let table: toml::Table = toml::from_str(
            "record = \"objective/x\"\nstatus = \"achieved\"\nkey_result.p95.current = 1900\nkey_result.p95.unit = \"ms\"\nratio = 3.0\n",
        )
        .unwrap();
        let (record, assignments) = set_assignments(&table).unwrap();
        assert_eq!(record, "objective/x");
        let shown: Vec<String> = assignments
            .iter()
            .map(|a| match &a.op {
                Op::Set(text) => format!("{}={text}", a.field()),
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(
            shown,
            [
                "status=achieved",
                "key_result.p95.current=1900",
                "key_result.p95.unit=ms",
                "ratio=3.0"
            ]
        );
    }

    #[test]
    fn script_paths_stay_inside() {
        assert!(check_path("roadmap/a.toml").is_ok());
        for bad in ["", "/etc/x", "../x", "a//b", "a/./b", "a\\b"] {
            assert!(check_path(bad).is_err(), "{bad}");
        }
    }
}
