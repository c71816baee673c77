//! Helpers for the store's unit tests: index entries for trees built in
//! memory. Test code only; nothing here is compiled into the program.

/// An index entry for a regular file at `path` whose content is given
/// when it is added (`Index::add_frombuffer`), or whose blob is `id`.
pub fn file_entry(path: &str, size: usize, id: git2::Oid) -> git2::IndexEntry {
    git2::IndexEntry {
        ctime: git2::IndexTime::new(0, 0),
        mtime: git2::IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode: 0o100644,
        uid: 0,
        gid: 0,
        file_size: u32::try_from(size).unwrap_or(u32::MAX),
        id,
        flags: 0,
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    }
}
