//! The history index: what walking the main line learns from git, kept so
//! that the next run reads it instead of walking again.
//!
//! Two tables, both keyed by git object ids and so valid for every commit
//! they name whatever later happens to branches (a rewritten history simply
//! adds entries):
//! - per commit: its first parent, its local date and the plan folder's
//!   tree id in it (and whether that folder is a plan);
//! - per pair of plan trees: the files that differ between them, with their
//!   blob ids and modes ([`tree_diff::Delta`]).
//!
//! The index of a repository and plan folder is one entry of the user's
//! cache ([`super::cache`]): outside the repository, so it is never
//! committed by mistake, and written even for a read-only or bare
//! repository without touching it. It is read once, when a walk first
//! needs it, and written back once, atomically, at the end of a command
//! that added to it ([`save`]); the cache checksums it, so a truncated,
//! corrupt or foreign file is a miss, and a file that passes the checksum
//! but does not parse is dropped whole. Two processes building it at once
//! each write a whole file; the last one stays. Nothing is kept until the
//! program asks for it ([`enable`]): the library alone never writes a
//! cache, and the CLI turns it off with `--no-index` or
//! `CTO_PLAN_NO_INDEX`. A shallow clone gets no index (its boundary's
//! parents are not there to be named).
//!
//! This module stores facts git gives; it never decides what they mean.

use std::collections::HashMap;
use std::sync::Mutex;

use git2::{Oid, Repository};
use jiff::civil::Date;

use super::cache::Cache;
use super::tree_diff::{Delta, Side};

/// What the walk reads of one commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommitFacts {
    /// Its first parent, when it has one that this repository holds.
    pub parent: Option<Oid>,
    /// Its committer's local date.
    pub date: Date,
    /// The plan folder's tree id in it.
    pub plan_tree: Option<Oid>,
}

/// The cache space of history indexes.
const SPACE: &str = "history";
/// The first bytes of the stored index; a new layout gets a new one.
const FORMAT: &[u8] = b"cto-plan history index 1\n";

struct Index {
    /// Which repository and plan folder it is for.
    key: String,
    /// The repository part of the key: tree pairs serve any plan folder.
    dir: String,
    /// The git folder as libgit2 names it, compared before canonicalising
    /// (which costs a system call per path component, on every lookup).
    raw_dir: std::path::PathBuf,
    commits: HashMap<Oid, CommitFacts>,
    pairs: HashMap<(Option<Oid>, Option<Oid>), Vec<Delta>>,
    changed: bool,
}

enum State {
    Off,
    /// On, not yet read.
    Enabled(Cache),
    Open(Cache, Box<Index>),
}

static STATE: Mutex<State> = Mutex::new(State::Off);

/// Keeps an index in `cache` from now on, for the repository walks read.
pub fn enable(cache: Cache) {
    *lock() = State::Enabled(cache);
}

fn lock() -> std::sync::MutexGuard<'static, State> {
    // A panic while holding it leaves tables that are only ever added to
    // whole entries; they stay usable.
    STATE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The repository part of an index's key: its git folder.
fn dir_of(repo: &Repository) -> String {
    let dir = repo.commondir();
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    dir.display().to_string()
}

/// Runs `f` on the index of `repo` and `prefix`, read on first use; `None`
/// when there is none (off, a shallow clone, or another repository or plan
/// folder than the one this run indexes). Without a prefix it only finds
/// an index already open for the repository.
fn with_index<R>(
    repo: &Repository,
    prefix: Option<&str>,
    f: impl FnOnce(&mut Index) -> R,
) -> Option<R> {
    let mut state = lock();
    if matches!(*state, State::Off) {
        return None;
    }
    if let State::Open(_, index) = &mut *state
        && index.raw_dir == repo.commondir()
    {
        let dir = &index.dir;
        return prefix
            .is_none_or(|p| index.key.len() == dir.len() + 1 + p.len() && index.key.ends_with(p))
            .then(|| f(index));
    }
    let dir = dir_of(repo);
    if let (State::Enabled(cache), Some(prefix)) = (&*state, prefix) {
        if repo.is_shallow() {
            return None;
        }
        let key = format!("{dir} {prefix}");
        let index = cache
            .get(SPACE, &key)
            .and_then(|bytes| decode(&bytes, &key, &dir))
            .unwrap_or_else(|| Index {
                key,
                dir: dir.clone(),
                raw_dir: std::path::PathBuf::new(),
                commits: HashMap::new(),
                pairs: HashMap::new(),
                changed: false,
            });
        let index = Index {
            raw_dir: repo.commondir().to_path_buf(),
            ..index
        };
        *state = State::Open(cache.clone(), Box::new(index));
    }
    match &mut *state {
        State::Open(_, index)
            if index.dir == dir && prefix.is_none_or(|p| index.key == format!("{dir} {p}")) =>
        {
            Some(f(index))
        }
        _ => None,
    }
}

/// Whether walks of `repo` keep an index.
pub fn is_on(repo: &Repository, prefix: &str) -> bool {
    with_index(repo, Some(prefix), |_| ()).is_some()
}

/// What the index knows of `commit`.
pub fn commit(repo: &Repository, prefix: &str, commit: Oid) -> Option<CommitFacts> {
    with_index(repo, Some(prefix), |index| {
        index.commits.get(&commit).copied()
    })
    .flatten()
}

/// Adds what a walk read of `commit`.
pub fn record_commit(repo: &Repository, prefix: &str, commit: Oid, facts: CommitFacts) {
    with_index(repo, Some(prefix), |index| {
        if index.commits.insert(commit, facts).is_none() {
            index.changed = true;
        }
    });
}

/// The files that differ between two plan trees, if the index open for
/// `repo` has them.
pub fn deltas(repo: &Repository, old: Option<Oid>, new: Option<Oid>) -> Option<Vec<Delta>> {
    with_index(repo, None, |index| index.pairs.get(&(old, new)).cloned()).flatten()
}

/// Adds the files that differ between two plan trees.
pub fn record_deltas(repo: &Repository, old: Option<Oid>, new: Option<Oid>, deltas: &[Delta]) {
    with_index(repo, None, |index| {
        if index.pairs.insert((old, new), deltas.to_vec()).is_none() {
            index.changed = true;
        }
    });
}

/// Where results computed from the history of `repo` may be kept beside
/// its index (a review, keyed by the commit it was made at): `None` whenever
/// no index is kept for it, so that `--no-index` and a shallow clone turn
/// those off too.
pub fn results_cache(repo: &Repository) -> Option<Cache> {
    if repo.is_shallow() {
        return None;
    }
    match &*lock() {
        State::Off => None,
        State::Enabled(cache) | State::Open(cache, _) => Some(cache.clone()),
    }
}

/// Writes the index back when this run added to it; failures are ignored
/// (the next run walks again).
pub fn save() {
    let state = lock();
    if let State::Open(cache, index) = &*state
        && index.changed
    {
        cache.put(SPACE, &index.key, &encode(index));
    }
}

// The stored layout: FORMAT, the key's length and bytes, the commit count,
// each commit as id, parent, date and plan tree; the pair count, each pair
// as two tree ids and its deltas, each as path and two sides. Ids are 20
// bytes (all zero for none), numbers little-endian.

fn put_id(out: &mut Vec<u8>, id: Option<Oid>) {
    match id {
        Some(id) => out.extend_from_slice(id.as_bytes()),
        None => out.extend_from_slice(&[0; 20]),
    }
}

fn put_u32(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(&u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes());
}

fn put_side(out: &mut Vec<u8>, side: Option<Side>) {
    put_id(out, side.map(|s| s.id));
    out.extend_from_slice(&side.map_or(0, |s| s.mode).to_le_bytes());
}

fn encode(index: &Index) -> Vec<u8> {
    let mut out = FORMAT.to_vec();
    put_u32(&mut out, index.key.len());
    out.extend_from_slice(index.key.as_bytes());
    // In id order, so that the same facts are always the same bytes.
    let mut commits: Vec<_> = index.commits.iter().collect();
    commits.sort_unstable_by_key(|(id, _)| **id);
    let mut pairs: Vec<_> = index.pairs.iter().collect();
    pairs.sort_unstable_by_key(|(key, _)| **key);
    put_u32(&mut out, commits.len());
    for (id, facts) in commits {
        put_id(&mut out, Some(*id));
        put_id(&mut out, facts.parent);
        out.extend_from_slice(&facts.date.year().to_le_bytes());
        out.push(facts.date.month() as u8);
        out.push(facts.date.day() as u8);
        put_id(&mut out, facts.plan_tree);
    }
    put_u32(&mut out, pairs.len());
    for ((old, new), deltas) in pairs {
        put_id(&mut out, *old);
        put_id(&mut out, *new);
        put_u32(&mut out, deltas.len());
        for delta in deltas {
            put_u32(&mut out, delta.path.len());
            out.extend_from_slice(delta.path.as_bytes());
            put_side(&mut out, delta.old);
            put_side(&mut out, delta.new);
        }
    }
    out
}

/// Reads the stored layout back; `None` for anything that does not parse
/// to the end or is for another key.
fn decode(bytes: &[u8], key: &str, dir: &str) -> Option<Index> {
    let mut reader = Reader { bytes, at: 0 };
    if reader.take(FORMAT.len())? != FORMAT {
        return None;
    }
    let key_len = reader.u32()?;
    if reader.take(key_len)? != key.as_bytes() {
        return None;
    }
    let count = reader.u32()?;
    let mut commits = HashMap::with_capacity(count.min(bytes.len() / 62));
    for _ in 0..count {
        let id = reader.id()??;
        let parent = reader.id()?;
        let year = i16::from_le_bytes(reader.take(2)?.try_into().ok()?);
        let month = reader.take(1)?[0] as i8;
        let day = reader.take(1)?[0] as i8;
        let date = Date::new(year, month, day).ok()?;
        let plan_tree = reader.id()?;
        commits.insert(
            id,
            CommitFacts {
                parent,
                date,
                plan_tree,
            },
        );
    }
    let count = reader.u32()?;
    let mut pairs = HashMap::with_capacity(count.min(bytes.len() / 44));
    for _ in 0..count {
        let (old, new) = (reader.id()?, reader.id()?);
        let n = reader.u32()?;
        let mut deltas = Vec::with_capacity(n.min(bytes.len() / 52));
        for _ in 0..n {
            let len = reader.u32()?;
            let path = String::from_utf8(reader.take(len)?.to_vec()).ok()?;
            let old = reader.side()?;
            let new = reader.side()?;
            deltas.push(Delta { path, old, new });
        }
        pairs.insert((old, new), deltas);
    }
    (reader.at == bytes.len()).then(|| Index {
        key: key.to_owned(),
        dir: dir.to_owned(),
        raw_dir: std::path::PathBuf::new(),
        commits,
        pairs,
        changed: false,
    })
}

struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl<'b> Reader<'b> {
    fn take(&mut self, n: usize) -> Option<&'b [u8]> {
        let end = self.at.checked_add(n)?;
        let slice = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(slice)
    }

    fn u32(&mut self) -> Option<usize> {
        let raw = u32::from_le_bytes(self.take(4)?.try_into().ok()?);
        usize::try_from(raw).ok()
    }

    /// An id, `Some(None)` for the all-zero "none".
    fn id(&mut self) -> Option<Option<Oid>> {
        let raw = self.take(20)?;
        if raw.iter().all(|&b| b == 0) {
            return Some(None);
        }
        Some(Some(Oid::from_bytes(raw).ok()?))
    }

    fn side(&mut self) -> Option<Option<Side>> {
        let id = self.id()?;
        let mode = i32::from_le_bytes(self.take(4)?.try_into().ok()?);
        Some(id.map(|id| Side { id, mode }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u8) -> Oid {
        Oid::from_bytes(&[n; 20]).unwrap()
    }

    fn sample() -> Index {
        let mut index = Index {
            key: "/repo/.git plan".into(),
            dir: "/repo/.git".into(),
            raw_dir: "/repo/.git".into(),
            commits: HashMap::new(),
            pairs: HashMap::new(),
            changed: true,
        };
        index.commits.insert(
            id(1),
            CommitFacts {
                parent: Some(id(2)),
                date: Date::new(2026, 3, 31).unwrap(),
                plan_tree: Some(id(3)),
            },
        );
        index.commits.insert(
            id(2),
            CommitFacts {
                parent: None,
                date: Date::new(1970, 1, 1).unwrap(),
                plan_tree: None,
            },
        );
        index.pairs.insert(
            (None, Some(id(3))),
            vec![Delta {
                path: "roadmap/é.toml".into(),
                old: None,
                new: Some(Side {
                    id: id(4),
                    mode: 0o100644,
                }),
            }],
        );
        index
    }

    #[test]
    fn what_is_stored_reads_back_the_same() {
        let index = sample();
        let back = decode(&encode(&index), &index.key, &index.dir).expect("decodes");
        assert_eq!(back.commits, index.commits);
        assert_eq!(back.pairs, index.pairs);
        assert!(!back.changed);
    }

    #[test]
    fn a_cut_extended_or_foreign_index_is_not_read() {
        let index = sample();
        let bytes = encode(&index);
        for cut in 0..bytes.len() {
            assert!(
                decode(&bytes[..cut], &index.key, &index.dir).is_none(),
                "cut at {cut}"
            );
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer, &index.key, &index.dir).is_none());
        assert!(decode(&bytes, "/other/.git plan", "/other/.git").is_none());
    }
}
