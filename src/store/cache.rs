//! A cache of figures derived from git objects, in the user's cache folder
//! (`$XDG_CACHE_HOME/cto-plan`, else `~/.cache/cto-plan`, or
//! `CTO_PLAN_CACHE_DIR`; the CLI decides): outside every repository, so it is
//! never committed by mistake and nothing under `.git` is written.
//!
//! An entry is keyed by everything its figures are computed from (object
//! ids, settings, quarters), so it never goes stale and serves every clone
//! alike: a changed plan has other ids and simply misses. Every entry carries
//! the length and CRC-32 of its content and the digest of its key, and is
//! read only when all three match, so a truncated, corrupt or foreign file is
//! a miss, never a wrong figure. (A CRC finds damage, which is what a cache
//! folder suffers; it is no seal against someone who can write there, and
//! neither would a SHA-1 be: they could write the matching sum. It is the
//! checksum of gzip files, and costs a fraction of a SHA-1 on the history
//! index's megabytes.) Entries are written atomically and only on a
//! best-effort basis: a read-only folder, a full disk or `CTO_PLAN_NO_CACHE`
//! (read by the CLI) mean no caching, never an error.
//! Each space keeps at most [`ENTRIES`] files, the oldest removed first.
//!
//! This module stores bytes; it knows nothing of what they mean.

use std::path::PathBuf;

use git2::{ObjectType, Oid};

use super::write::{Existing, write_atomic};

/// The most entries one space keeps.
pub const ENTRIES: usize = 64;

/// The first line of every entry, before the checksum of the rest.
const MAGIC: &str = "cto-plan cache 2";

/// Where entries live, or nowhere.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: Option<PathBuf>,
    /// What built the figures (the program, down to its build): part of
    /// every key, so a new build never reads an older one's figures.
    build: String,
}

impl Cache {
    /// A cache in `dir` (created on first write) for figures computed by
    /// `build`.
    pub fn at(dir: PathBuf, build: String) -> Cache {
        Cache {
            dir: Some(dir),
            build,
        }
    }

    /// A cache that keeps nothing.
    pub fn disabled() -> Cache {
        Cache {
            dir: None,
            build: String::new(),
        }
    }

    fn file(&self, space: &str, key: &str) -> Option<PathBuf> {
        let dir = self.dir.as_ref()?;
        let name = Oid::hash_object(ObjectType::Blob, self.full_key(key).as_bytes()).ok()?;
        Some(dir.join(space).join(name.to_string()))
    }

    fn full_key(&self, key: &str) -> String {
        format!("{} {key}", self.build)
    }

    /// The bytes stored under `key`, when an entry exists and is whole.
    pub fn get(&self, space: &str, key: &str) -> Option<Vec<u8>> {
        let mut bytes = std::fs::read(self.file(space, key)?).ok()?;
        let newline = bytes.iter().position(|&b| b == b'\n')?;
        let header = std::str::from_utf8(&bytes[..newline]).ok()?;
        let mut fields = header.strip_prefix(MAGIC)?.split(' ').skip(1);
        let stored_key = fields.next()?.strip_prefix("key=")?;
        let length: usize = fields.next()?.strip_prefix("length=")?.parse().ok()?;
        let sum = fields.next()?.strip_prefix("crc32=")?;
        let body = &bytes[newline + 1..];
        // The key is in the header too: two keys with one file name (a hash
        // collision, or a file copied in) never answer for each other.
        let whole = fields.next().is_none()
            && stored_key == key_digest(&self.full_key(key))
            && body.len() == length
            && sum == crc32(body);
        whole.then(|| bytes.split_off(newline + 1))
    }

    /// Stores `bytes` under `key`, if it can; failures are ignored.
    pub fn put(&self, space: &str, key: &str, bytes: &[u8]) {
        let Some(file) = self.file(space, key) else {
            return;
        };
        let Some(dir) = file.parent() else {
            return;
        };
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        let mut entry = format!(
            "{MAGIC} key={} length={} crc32={}\n",
            key_digest(&self.full_key(key)),
            bytes.len(),
            crc32(bytes)
        )
        .into_bytes();
        entry.extend_from_slice(bytes);
        if write_atomic(&file, &entry, Existing::Replace).is_ok() {
            prune(dir);
        }
    }
}

/// The CRC-32 of `bytes`, as eight hex digits.
fn crc32(bytes: &[u8]) -> String {
    let mut crc = flate2::Crc::new();
    crc.update(bytes);
    format!("{:08x}", crc.sum())
}

/// The key as a short digest, for the header.
fn key_digest(key: &str) -> String {
    Oid::hash_object(ObjectType::Blob, format!("key {key}").as_bytes())
        .map(|id| id.to_string())
        .unwrap_or_default()
}

/// Removes the oldest entries beyond [`ENTRIES`].
fn prune(dir: &std::path::Path) {
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<(std::time::SystemTime, PathBuf)> = read
        .filter_map(Result::ok)
        .filter(|e| e.file_name().len() == 40)
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    if entries.len() <= ENTRIES {
        return;
    }
    entries.sort();
    for (_, path) in &entries[..entries.len() - ENTRIES] {
        let _ = std::fs::remove_file(path);
    }
}
