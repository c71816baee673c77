//! Guards the object database before libgit2 reads it: every loose object's
//! zlib stream is inflated once, to its end, when the repository is opened;
//! and commits whose author or committer line libgit2 cannot parse are
//! served to it repaired, from memory, so one bad date does not stop every
//! history command.
//!
//! libgit2 (1.9) loops forever inflating a loose object whose zlib stream is
//! cut short: `git_zstream_get_output` retries while zlib reports "no
//! progress", and a truncated file never makes progress. `git log` fails at
//! once on the same file. Verifying here turns that hang into an error that
//! names the object. Packed objects are not affected (their reader checks
//! lengths) and are not read here.
//!
//! libgit2 refuses a whole commit whose signature has a date that is not a
//! number (`abc +0000`), and with it every walk through that commit; `git
//! log` shows such a commit with a zero date. [`repair_malformed_commits`]
//! (asked for only once a read has failed on such a commit) reads the raw
//! commits reachable from the references, and for each such
//! commit adds a copy with the date set to zero (1970-01-01) to an
//! in-memory object backend consulted before the real ones, under the
//! commit's own id: libgit2 reads the copy, nothing on disk changes, and
//! the caller gets a warning naming the commit. Nothing here writes a file.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use git2::{Binding, ObjectType, Oid};

use flate2::{Decompress, FlushDecompress, Status};

use crate::error::{Error, Result};

/// Checks every loose object of `repo` (and of the object folders its
/// `objects/info/alternates` names) for a complete zlib stream.
pub fn verify_loose_objects(repo: &git2::Repository) -> Result<()> {
    let objects = repo.commondir().join("objects");
    let mut folders = vec![objects.clone()];
    folders.extend(alternates(&objects));
    for folder in folders {
        verify_folder(&folder)?;
    }
    Ok(())
}

/// The object folders `objects/info/alternates` lists (one level: an
/// alternate's own alternates are rare, and libgit2 reads them the same way).
fn alternates(objects: &Path) -> Vec<PathBuf> {
    let Ok(text) = std::fs::read_to_string(objects.join("info").join("alternates")) else {
        return Vec::new();
    };
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let path = Path::new(line);
            if path.is_absolute() {
                path.to_path_buf()
            } else {
                objects.join(path)
            }
        })
        .collect()
}

fn verify_folder(objects: &Path) -> Result<()> {
    let loose = loose_objects(objects);
    // Every loose object is read and inflated, which a repository fresh from
    // `git add` has thousands of: the cores share them.
    let failures = super::parallel::map(&loose, |(id, path)| {
        complete_zlib_stream(path)
            .err()
            .map(|why| corrupt(id, path, &why))
    });
    match failures.into_iter().flatten().next() {
        Some(failure) => Err(failure),
        None => Ok(()),
    }
}

/// The named loose objects under `objects`, with their ids, in the order
/// the folders list them.
fn loose_objects(objects: &Path) -> Vec<(String, PathBuf)> {
    let mut loose = Vec::new();
    let Ok(fanout) = std::fs::read_dir(objects) else {
        return loose;
    };
    for entry in fanout.flatten() {
        let name = entry.file_name();
        let Some(prefix) = name.to_str().filter(|n| is_fanout_name(n)) else {
            continue;
        };
        let Ok(files) = std::fs::read_dir(entry.path()) else {
            continue;
        };
        for file in files.flatten() {
            let file_name = file.file_name();
            let Some(rest) = file_name.to_str() else {
                continue;
            };
            // git writes `tmp_obj_*` files first and renames them when
            // complete: only named objects are ones libgit2 will read.
            if !rest.bytes().all(|b| b.is_ascii_hexdigit()) || rest.len() < 38 {
                continue;
            }
            if !file.file_type().is_ok_and(|t| t.is_file()) {
                continue;
            }
            loose.push((format!("{prefix}{rest}"), file.path()));
        }
    }
    loose
}

fn is_fanout_name(name: &str) -> bool {
    name.len() == 2 && name.bytes().all(|b| b.is_ascii_hexdigit())
}

fn corrupt(id: &str, path: &Path, why: &str) -> Error {
    Error::Git(git2::Error::from_str(&format!(
        "object {id} is corrupt ({why}): {}; nothing was read. Restore the object from \
             another clone (copy the file, or `git fetch`), or remove it if `git fsck` says \
             nothing needs it",
        path.display()
    )))
}

thread_local! {
    /// One inflater and one output buffer per thread, reset for each file:
    /// a fresh pair costs more than inflating a small object.
    static INFLATER: std::cell::RefCell<(Decompress, Vec<u8>)> =
        std::cell::RefCell::new((Decompress::new(true), vec![0u8; 64 * 1024]));
}

/// Inflates a loose object file to the end of its zlib stream, discarding
/// the output: `Err` says why the stream is not whole.
fn complete_zlib_stream(path: &Path) -> std::result::Result<(), String> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        // Packed meanwhile (`git gc --auto` runs beside a commit and moves
        // loose objects into a pack): gone is not corrupt.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(format!("cannot read it: {e}")),
    };
    INFLATER.with_borrow_mut(|(inflater, scratch)| {
        inflater.reset(true);
        inflate_to_end(inflater, &bytes, scratch)
    })
}

fn inflate_to_end(
    inflater: &mut Decompress,
    bytes: &[u8],
    scratch: &mut [u8],
) -> std::result::Result<(), String> {
    loop {
        let consumed = inflater.total_in() as usize;
        let (before_in, before_out) = (inflater.total_in(), inflater.total_out());
        let status = inflater
            .decompress(&bytes[consumed..], scratch, FlushDecompress::None)
            .map_err(|e| format!("its zlib data is invalid: {e}"))?;
        if status == Status::StreamEnd {
            return Ok(());
        }
        let progressed = inflater.total_in() != before_in || inflater.total_out() != before_out;
        if !progressed {
            return Err(if inflater.total_in() as usize >= bytes.len() {
                "its zlib data is truncated".to_owned()
            } else {
                "its zlib data cannot be inflated".to_owned()
            });
        }
    }
}

/// Serves repaired copies of the commits libgit2 cannot parse (see the
/// module's comment), and says which: one warning per commit, naming it and
/// the field. Commits are read raw, from every reference, once each.
pub fn repair_malformed_commits(repo: &git2::Repository) -> Result<Vec<String>> {
    // Read through a handle of its own: libgit2 caches the raw objects an
    // object database reads, and `repo`'s would keep serving the originals.
    let scanner = git2::Repository::open(repo.path())?;
    let odb = scanner.odb()?;
    let mut pending: Vec<Oid> = starting_points(&scanner);
    let mut seen: HashSet<Oid> = HashSet::new();
    let mut repairs: Vec<(Oid, Vec<u8>, Vec<&'static str>)> = Vec::new();
    while let Some(id) = pending.pop() {
        if !seen.insert(id) {
            continue;
        }
        // A missing object (a shallow clone's cut, a broken ref) is for the
        // commands to report as they always have.
        let Ok(object) = odb.read(id) else { continue };
        match object.kind() {
            ObjectType::Tag => pending.extend(header_ids(object.data(), b"object ")),
            ObjectType::Commit => {
                let data = object.data();
                pending.extend(header_ids(data, b"parent "));
                if let Some((fixed, fields)) = repaired_commit(data) {
                    repairs.push((id, fixed, fields));
                }
            }
            _ => {}
        }
    }
    if repairs.is_empty() {
        return Ok(Vec::new());
    }
    let repo_odb = repo.odb()?;
    let backend = repo_odb.add_new_mempack_backend(REPAIR_PRIORITY)?;
    let mut warnings = Vec::new();
    for (id, fixed, fields) in repairs {
        store_as(&backend, id, &fixed)?;
        warnings.push(format!(
            "commit {id} has a malformed {} line (its date is not a number of seconds \
             with a time zone): it is read as dated 1970-01-01 and history goes on",
            fields.join(" and ")
        ));
    }
    Ok(warnings)
}

/// Above libgit2's loose (1) and packed (2) backends: the repaired copy is
/// found first.
const REPAIR_PRIORITY: i32 = 1000;

/// HEAD and every reference's target, unpeeled (tags are followed raw).
fn starting_points(repo: &git2::Repository) -> Vec<Oid> {
    let mut ids: Vec<Oid> = Vec::new();
    if let Ok(head) = repo.find_reference("HEAD").and_then(|r| r.resolve()) {
        ids.extend(head.target());
    }
    if let Ok(references) = repo.references() {
        ids.extend(
            references
                .flatten()
                .filter_map(|r| r.resolve().ok().and_then(|r| r.target())),
        );
    }
    ids
}

/// The object ids named by the header lines that start with `key`.
fn header_ids(data: &[u8], key: &[u8]) -> Vec<Oid> {
    headers(data)
        .filter_map(|line| line.strip_prefix(key))
        .filter_map(|hex| std::str::from_utf8(hex).ok())
        .filter_map(|hex| Oid::from_str(hex.trim()).ok())
        .collect()
}

/// The header lines of a raw commit or tag (up to the blank line).
fn headers(data: &[u8]) -> impl Iterator<Item = &[u8]> {
    data.split(|&b| b == b'\n')
        .take_while(|line| !line.is_empty())
}

/// A copy of a raw commit with each author and committer line libgit2
/// would refuse rewritten with a zero date, and the fields rewritten;
/// `None` when every line parses.
fn repaired_commit(data: &[u8]) -> Option<(Vec<u8>, Vec<&'static str>)> {
    let header_end = data
        .windows(2)
        .position(|w| w == b"\n\n")
        .map_or(data.len(), |at| at + 1);
    let mut fixed = Vec::with_capacity(data.len() + 16);
    let mut fields = Vec::new();
    for line in data[..header_end].split_inclusive(|&b| b == b'\n') {
        let field = [
            ("author", &b"author "[..]),
            ("committer", &b"committer "[..]),
        ]
        .into_iter()
        .find(|(_, key)| line.starts_with(key));
        match field {
            Some((name, key)) if !signature_parses(&line[key.len()..]) => {
                fixed.extend_from_slice(key);
                fixed.extend_from_slice(&zero_dated(&line[key.len()..]));
                fixed.push(b'\n');
                fields.push(name);
            }
            _ => fixed.extend_from_slice(line),
        }
    }
    fixed.extend_from_slice(&data[header_end..]);
    (!fields.is_empty()).then_some((fixed, fields))
}

/// Whether libgit2's signature parser (`git_signature__parse`) accepts a
/// signature: `NAME <EMAIL>`, optionally followed by ` SECONDS ZONE`, where
/// SECONDS is a 64-bit whole number (the zone may be anything: libgit2
/// reads a bad one as zero).
fn signature_parses(signature: &[u8]) -> bool {
    let signature = signature.strip_suffix(b"\n").unwrap_or(signature);
    let (Some(open), Some(close)) = (
        signature.iter().rposition(|&b| b == b'<'),
        signature.iter().rposition(|&b| b == b'>'),
    ) else {
        return false;
    };
    if close <= open {
        return false;
    }
    // libgit2 skips one character after `>` and reads the time from there
    // only when more than one character follows.
    if close + 2 >= signature.len() {
        return true;
    }
    let time = &signature[close + 2..];
    let digits_start = usize::from(matches!(time.first(), Some(b'-' | b'+')));
    let digits = time[digits_start..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    digits > 0
        && std::str::from_utf8(&time[..digits_start + digits])
            .is_ok_and(|number| number.parse::<i64>().is_ok())
}

/// `NAME <EMAIL> 0 +0000` from a signature, or a placeholder identity when
/// the name and e-mail cannot be told apart.
fn zero_dated(signature: &[u8]) -> Vec<u8> {
    let signature = signature.strip_suffix(b"\n").unwrap_or(signature);
    let close = signature.iter().rposition(|&b| b == b'>');
    let open = signature.iter().rposition(|&b| b == b'<');
    let mut out = match (open, close) {
        (Some(open), Some(close)) if open < close => signature[..=close].to_vec(),
        _ => b"unknown <>".to_vec(),
    };
    out.extend_from_slice(b" 0 +0000");
    out
}

/// Adds `data` to the in-memory backend as the commit `id` (libgit2's
/// `git_odb_write` would name it by its hash, which differs from `id`).
fn store_as(backend: &git2::Mempack<'_>, id: Oid, data: &[u8]) -> Result<()> {
    let raw = backend.raw();
    // SAFETY: `raw` is the live mempack backend `backend` borrows from the
    // repository's object database (which owns it from now on); its `write`
    // entry copies `data` (of `len` bytes) and the id before returning, and
    // reads nothing else. `id.raw()` points at the id, alive for the call.
    let code = unsafe {
        match (*raw).write {
            Some(write) => write(
                raw,
                id.raw(),
                data.as_ptr().cast(),
                data.len(),
                libgit2_sys::GIT_OBJECT_COMMIT,
            ),
            None => -1,
        }
    };
    if code < 0 {
        return Err(Error::Git(git2::Error::from_str(&format!(
            "commit {id} has a malformed date, and a readable copy could not be made"
        ))));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn deflated(data: &[u8]) -> Vec<u8> {
        let mut encoder =
            flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(data).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn whole_streams_pass_and_cut_ones_do_not() {
        let dir = tempfile::tempdir().unwrap();
        let whole = dir.path().join("whole");
        let data: Vec<u8> = (0..200_000u32).flat_map(|n| n.to_le_bytes()).collect();
        let stream = deflated(&data);
        std::fs::write(&whole, &stream).unwrap();
        assert_eq!(complete_zlib_stream(&whole), Ok(()));
        let cut = dir.path().join("cut");
        std::fs::write(&cut, &stream[..stream.len() / 2]).unwrap();
        assert_eq!(
            complete_zlib_stream(&cut),
            Err("its zlib data is truncated".to_owned())
        );
        let empty = dir.path().join("empty");
        std::fs::write(&empty, b"").unwrap();
        assert!(complete_zlib_stream(&empty).is_err());
        let garbage = dir.path().join("garbage");
        std::fs::write(&garbage, b"not zlib at all").unwrap();
        assert!(complete_zlib_stream(&garbage).is_err());
        // A loose object packed away by `git gc --auto` while it was read.
        assert_eq!(complete_zlib_stream(&dir.path().join("gone")), Ok(()));
    }

    #[test]
    fn signatures_are_read_as_libgit2_reads_them() {
        assert!(signature_parses(
            b"A U Thor <a@example.com> 1767225600 +0000\n"
        ));
        assert!(signature_parses(b"A <a@example.com> -5 +0100"));
        assert!(signature_parses(b"A <a@example.com>"));
        assert!(signature_parses(b"A <a@example.com> 12 nonsense"));
        assert!(!signature_parses(b"A <a@example.com> abc +0000\n"));
        assert!(!signature_parses(
            b"A <a@example.com> 99999999999999999999 +0000"
        ));
        assert!(!signature_parses(b"no e-mail 12 +0000"));
        assert_eq!(zero_dated(b"A <a@x> abc +0000\n"), b"A <a@x> 0 +0000");
    }

    #[test]
    fn only_bad_signature_lines_are_rewritten() {
        let commit = b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n\
author A <a@x> 5 +0000\n\
committer C <c@x> abc +0000\n\
\n\
committer C <c@x> abc +0000 in the message\n";
        let (fixed, fields) = repaired_commit(commit).unwrap();
        assert_eq!(fields, ["committer"]);
        assert_eq!(
            String::from_utf8(fixed).unwrap(),
            "tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@x> 5 +0000\n\
committer C <c@x> 0 +0000\n\ncommitter C <c@x> abc +0000 in the message\n"
        );
        assert!(repaired_commit(b"tree x\nauthor A <a@x> 5 +0000\n\nmsg").is_none());
    }
}
