//! The technology radar as a view: the plan's technologies by quadrant and
//! ring, and what is new, what moved and what left since an earlier point,
//! each move citing the commit that made it and the decisions behind it.
//!
//! Pure: it reads plans and history steps it is given and does no I/O;
//! reading git is the caller's, printing is `render::radar`'s. The review's
//! radar section reads [`moves`] too, so the command and the review agree.

use std::collections::BTreeMap;

use crate::diff::{Action, Meaning};
use crate::history::{CommitInfo, Step};
use crate::model::technology::{QUADRANTS, RINGS};
use crate::model::{Kind, Plan, Record, Value, value_text};

/// The radar at one revision.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Radar {
    /// The quadrants in the plan's order, each with its rings in ring order.
    pub quadrants: Vec<Quadrant>,
    /// What changed since the `--since` point, when one was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<Since>,
    /// Technologies in a quadrant the plan does not name (`check` reports
    /// them); listed so that nothing is hidden.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unplaced: Vec<Blip>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Quadrant {
    pub name: String,
    pub rings: Vec<Ring>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Ring {
    pub name: String,
    pub technologies: Vec<Blip>,
}

/// One technology on the radar.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Blip {
    pub id: String,
    pub name: String,
    pub quadrant: String,
    pub ring: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    pub decisions: Vec<String>,
    /// How it changed since the `--since` point: new, or moved from a ring.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<Move>,
}

/// Where the comparison starts, and what left the radar since.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Since {
    /// The revision word as given and the commit it names.
    pub label: String,
    pub commit: Option<String>,
    pub new: usize,
    pub moved: usize,
    /// Technologies on the radar then and off it now.
    pub off: Vec<Move>,
}

/// One move of a technology, with the commit that made it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Move {
    pub technology: String,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: MoveKind,
    /// The ring before (`None` when new on the radar).
    pub from: Option<String>,
    /// The ring after (`None` when off the radar).
    pub to: Option<String>,
    /// The decisions the technology links after the move.
    pub decisions: Vec<String>,
    pub commit: Option<Cite>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MoveKind {
    New,
    Moved,
    Off,
}

impl MoveKind {
    /// The phrase the kind's spec gives each move.
    pub fn phrase(self) -> &'static str {
        let words = Kind::Technology
            .spec()
            .position("ring")
            .expect("the technology spec tracks `ring`");
        match self {
            MoveKind::New => words.entered,
            MoveKind::Moved => words.moved,
            MoveKind::Off => words.exited,
        }
    }
}

/// A commit as a move cites it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Cite {
    pub id: String,
    /// The short id, as every citation in cto-plan's reports shows it.
    pub commit: String,
    pub date: String,
    pub author: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pull_request: Option<u64>,
}

impl Cite {
    pub fn of(commit: &CommitInfo) -> Cite {
        Cite {
            id: commit.id.to_string(),
            commit: commit.short.clone(),
            date: commit.date().to_string(),
            author: commit.author.clone(),
            pull_request: commit.pull_request,
        }
    }

    /// `` `abc1234` (#12) ``-style text without Markdown: `abc1234 (#12)`.
    pub fn text(&self) -> String {
        match self.pull_request {
            Some(pr) => format!("{} (#{pr})", self.commit),
            None => self.commit.clone(),
        }
    }
}

/// The quadrants the plan uses, in its order.
pub fn quadrant_names(plan: &Plan) -> Vec<String> {
    plan.config
        .choices(Kind::Technology, "quadrants", QUADRANTS)
}

/// Every move of a technology in `steps` (oldest first), as the history
/// recorded it: new on the radar, moved between rings, off the radar.
///
/// Each move cites the decisions the technology linked right after it: those
/// the commit wrote (a record added, or its `decisions` changed in the same
/// commit); failing that, for a technology's last move, those it links in
/// `plan` (the plan as the period ended). An earlier move whose commit left
/// `decisions` alone cites none rather than a later move's reasons.
pub fn moves<'s>(steps: impl IntoIterator<Item = &'s Step>, plan: &Plan) -> Vec<Move> {
    let mut found: Vec<(Move, bool)> = Vec::new();
    for step in steps {
        for change in step.changes.iter().filter(|c| c.kind == Kind::Technology) {
            let written = change
                .fields
                .iter()
                .find(|f| f.path == "decisions")
                .map(|f| match &f.new {
                    Some(Value::List(items)) => items
                        .iter()
                        .filter_map(|item| match &item.value {
                            Value::Text(d) => Some(format!("decision/{}", Plan::bare_id(d))),
                            _ => None,
                        })
                        .collect(),
                    _ => Vec::new(),
                });
            for meaning in change
                .meanings
                .iter()
                .chain(change.fields.iter().filter_map(|f| f.meaning.as_ref()))
            {
                let (kind, from, to) = match meaning {
                    Meaning::Entered { to, .. } => (MoveKind::New, None, Some(to.clone())),
                    Meaning::Repositioned { from, to, .. } => {
                        (MoveKind::Moved, Some(from.clone()), Some(to.clone()))
                    }
                    Meaning::Exited { from, .. } => (MoveKind::Off, Some(from.clone()), None),
                    _ => continue,
                };
                let known = written.is_some();
                found.push((
                    Move {
                        technology: change.id.clone(),
                        name: change.title.clone(),
                        kind,
                        from,
                        to,
                        decisions: written.clone().unwrap_or_default(),
                        commit: Some(Cite::of(&step.commit)),
                    },
                    known,
                ));
            }
        }
    }
    // A technology's last move, when its commit did not say, is justified by
    // what the technology links at the end.
    for i in 0..found.len() {
        let (ref m, known) = found[i];
        let last = !found[i + 1..]
            .iter()
            .any(|(later, _)| later.technology == m.technology);
        if !known && last && m.kind != MoveKind::Off {
            let decisions = plan
                .get(Kind::Technology, &m.technology)
                .map(linked_decisions)
                .unwrap_or_default();
            found[i].0.decisions = decisions;
        }
    }
    found.into_iter().map(|(m, _)| m).collect()
}

/// The earlier point a radar is compared with.
#[derive(Debug, Clone, Copy)]
pub struct Earlier<'a> {
    /// The revision word as the user gave it.
    pub label: &'a str,
    /// The commit it names, short.
    pub commit: Option<&'a str>,
    /// The plan then.
    pub plan: &'a Plan,
    /// The main-line history from then to now, oldest first.
    pub steps: &'a [Step],
}

/// The radar of `plan`; with `since`, what changed between the plan then
/// and `plan`, each change cited from the history in between.
pub fn build(plan: &Plan, since: Option<Earlier<'_>>) -> Radar {
    let quadrants = quadrant_names(plan);
    let mut by_place: BTreeMap<(usize, usize), Vec<Blip>> = BTreeMap::new();
    let mut unplaced = Vec::new();
    let history = since
        .map(|earlier| moves(earlier.steps.iter(), plan))
        .unwrap_or_default();
    let mut summary = since.map(|earlier| Since {
        label: earlier.label.to_owned(),
        commit: earlier.commit.map(str::to_owned),
        new: 0,
        moved: 0,
        off: Vec::new(),
    });
    // A technology renamed since is the same technology: follow its id back.
    let renamed: BTreeMap<String, String> = since
        .map(|earlier| renames(earlier.steps))
        .unwrap_or_default();
    let id_then = |id: &str| -> String {
        let mut id = id.to_owned();
        while let Some(older) = renamed.get(&id) {
            id = older.clone();
        }
        id
    };
    for record in plan.of_kind(Kind::Technology) {
        let mut blip = blip(record);
        if let Some(earlier) = since {
            let then = earlier.plan.get(Kind::Technology, &id_then(&record.id));
            blip.change = change_since(record, then, &history);
            if let (Some(summary), Some(change)) = (summary.as_mut(), &blip.change) {
                match change.kind {
                    MoveKind::New => summary.new += 1,
                    _ => summary.moved += 1,
                }
            }
        }
        let quadrant = quadrants.iter().position(|q| *q == blip.quadrant);
        let ring = RINGS.iter().position(|r| *r == blip.ring);
        match (quadrant, ring) {
            (Some(q), Some(r)) => by_place.entry((q, r)).or_default().push(blip),
            _ => unplaced.push(blip),
        }
    }
    if let (Some(summary), Some(earlier)) = (summary.as_mut(), since) {
        let still_here: std::collections::BTreeSet<String> = plan
            .of_kind(Kind::Technology)
            .map(|r| id_then(&r.id))
            .collect();
        for old in earlier.plan.of_kind(Kind::Technology) {
            if still_here.contains(&old.id) {
                continue;
            }
            let cited = history
                .iter()
                .rev()
                .find(|m| m.technology == old.id && m.kind == MoveKind::Off)
                .and_then(|m| m.commit.clone());
            summary.off.push(Move {
                technology: old.id.clone(),
                name: old.title().to_owned(),
                kind: MoveKind::Off,
                from: old.fields.text("ring").map(str::to_owned),
                to: None,
                decisions: Vec::new(),
                commit: cited,
            });
        }
    }
    let quadrants = quadrants
        .iter()
        .enumerate()
        .map(|(q, name)| Quadrant {
            name: name.clone(),
            rings: RINGS
                .iter()
                .enumerate()
                .map(|(r, ring)| Ring {
                    name: (*ring).to_owned(),
                    technologies: by_place.remove(&(q, r)).unwrap_or_default(),
                })
                .collect(),
        })
        .collect();
    Radar {
        quadrants,
        since: summary,
        unplaced,
    }
}

/// New id → old id for every technology renamed in `steps`.
fn renames(steps: &[Step]) -> BTreeMap<String, String> {
    steps
        .iter()
        .flat_map(|step| &step.changes)
        .filter(|c| c.kind == Kind::Technology && c.action == Action::Renamed)
        .filter_map(|c| Some((c.id.clone(), c.renamed_from.clone()?)))
        .collect()
}

fn blip(record: &Record) -> Blip {
    // As written, so that an invalid value is shown rather than left blank.
    let text = |field: &str| record.fields.value(field).map(value_text);
    Blip {
        id: record.id.clone(),
        name: record.title().to_owned(),
        quadrant: text("quadrant").unwrap_or_default(),
        ring: text("ring").unwrap_or_default(),
        owner: text("owner").map(|o| Plan::bare_id(&o).to_owned()),
        since: record.fields.date("since").map(|d| d.to_string()),
        decisions: linked_decisions(record),
        change: None,
    }
}

fn linked_decisions(record: &Record) -> Vec<String> {
    record
        .fields
        .texts("decisions")
        .into_iter()
        .map(|(d, _)| format!("decision/{}", Plan::bare_id(d)))
        .collect()
}

/// New, or moved from another ring, comparing the record with its earlier
/// self; the commit is the last move of it the history shows.
fn change_since(record: &Record, then: Option<&Record>, history: &[Move]) -> Option<Move> {
    let ring_now = record.fields.text("ring")?;
    let (kind, from) = match then {
        None => (MoveKind::New, None),
        Some(then) => {
            let ring_then = then.fields.text("ring")?;
            if ring_then == ring_now {
                return None;
            }
            (MoveKind::Moved, Some(ring_then.to_owned()))
        }
    };
    // A new entry cites the commit that put it on the radar; a move, the
    // last commit that moved it into the ring it is in now.
    let commit = history
        .iter()
        .rev()
        .find(|m| {
            m.technology == record.id
                && match kind {
                    MoveKind::New => m.kind == MoveKind::New,
                    _ => m.to.as_deref() == Some(ring_now),
                }
        })
        .and_then(|m| m.commit.clone());
    Some(Move {
        technology: record.id.clone(),
        name: record.title().to_owned(),
        kind,
        from,
        to: Some(ring_now.to_owned()),
        decisions: linked_decisions(record),
        commit,
    })
}
