//! Which files differ between two trees, by comparing entry ids: a
//! sub-tree whose id is the same on both sides is skipped without being
//! read, and no path is built for an entry that did not change.
//!
//! libgit2's tree-to-tree diff does the same work through its generic
//! iterators, which build every entry's full path and allocate for it; on
//! a plan folder of thousands of files, walked for every commit of a long
//! history, that was most of the time a review spent. This module only
//! names the changed entries (paths, ids and modes); reading them is for
//! the caller. Like libgit2's diff without type-change detection, a path
//! that is a file on one side and a folder on the other is a removal and
//! additions.

use std::cmp::Ordering;

use git2::{ObjectType, Oid, Repository, Tree, TreeEntry};

use crate::error::Result;

/// One side of a changed entry: its object id and its git file mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Side {
    pub id: Oid,
    pub mode: i32,
}

impl Side {
    /// Whether the entry is a symbolic link (its blob holds the target).
    pub fn is_link(&self) -> bool {
        self.mode == i32::from(git2::FileMode::Link)
    }
}

/// A file (blob, link or submodule entry) that differs between the trees,
/// by its path from their roots; `None` on the side where it is absent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delta {
    pub path: String,
    pub old: Option<Side>,
    pub new: Option<Side>,
}

/// The files that differ between `old` and `new` (either may be absent:
/// everything added or removed), in git's path order.
pub fn changed_files(
    repo: &Repository,
    old: Option<&Tree<'_>>,
    new: Option<&Tree<'_>>,
) -> Result<Vec<Delta>> {
    let mut deltas = Vec::new();
    compare(repo, "", old, new, &mut deltas)?;
    Ok(deltas)
}

fn is_tree(entry: &TreeEntry<'_>) -> bool {
    entry.kind() == Some(ObjectType::Tree)
}

/// Git's order of tree entries: by name, a folder's name read as if it
/// ended in `/`.
fn entry_order(a: &TreeEntry<'_>, b: &TreeEntry<'_>) -> Ordering {
    let (a_name, b_name) = (a.name_bytes(), b.name_bytes());
    let common = a_name.len().min(b_name.len());
    match a_name[..common].cmp(&b_name[..common]) {
        Ordering::Equal => {}
        other => return other,
    }
    let next = |name: &[u8], entry: &TreeEntry<'_>| -> Option<u8> {
        match name.get(common) {
            Some(&byte) => Some(byte),
            None if is_tree(entry) => Some(b'/'),
            None => None,
        }
    };
    next(a_name, a).cmp(&next(b_name, b))
}

fn compare(
    repo: &Repository,
    base: &str,
    old: Option<&Tree<'_>>,
    new: Option<&Tree<'_>>,
    deltas: &mut Vec<Delta>,
) -> Result<()> {
    let mut old_entries = old.into_iter().flat_map(|t| t.iter()).peekable();
    let mut new_entries = new.into_iter().flat_map(|t| t.iter()).peekable();
    loop {
        let order = match (old_entries.peek(), new_entries.peek()) {
            (None, None) => return Ok(()),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (Some(a), Some(b)) => entry_order(a, b),
        };
        match order {
            Ordering::Less => {
                let entry = old_entries.next().expect("peeked");
                one_side(repo, base, &entry, true, deltas)?;
            }
            Ordering::Greater => {
                let entry = new_entries.next().expect("peeked");
                one_side(repo, base, &entry, false, deltas)?;
            }
            Ordering::Equal => {
                let (a, b) = (
                    old_entries.next().expect("peeked"),
                    new_entries.next().expect("peeked"),
                );
                if a.id() == b.id() && a.filemode() == b.filemode() {
                    continue;
                }
                let path = join(base, a.name_bytes());
                if is_tree(&a) {
                    let (old_tree, new_tree) = (repo.find_tree(a.id())?, repo.find_tree(b.id())?);
                    compare(repo, &path, Some(&old_tree), Some(&new_tree), deltas)?;
                } else {
                    deltas.push(Delta {
                        path,
                        old: Some(side(&a)),
                        new: Some(side(&b)),
                    });
                }
            }
        }
    }
}

/// An entry present on one side only: a file, or every file of a folder.
fn one_side(
    repo: &Repository,
    base: &str,
    entry: &TreeEntry<'_>,
    is_old: bool,
    deltas: &mut Vec<Delta>,
) -> Result<()> {
    let path = join(base, entry.name_bytes());
    if is_tree(entry) {
        let tree = repo.find_tree(entry.id())?;
        let (old, new) = if is_old {
            (Some(&tree), None)
        } else {
            (None, Some(&tree))
        };
        return compare(repo, &path, old, new, deltas);
    }
    let present = Some(side(entry));
    deltas.push(Delta {
        path,
        old: if is_old { present } else { None },
        new: if is_old { None } else { present },
    });
    Ok(())
}

fn side(entry: &TreeEntry<'_>) -> Side {
    Side {
        id: entry.id(),
        mode: entry.filemode(),
    }
}

fn join(base: &str, name: &[u8]) -> String {
    let name = String::from_utf8_lossy(name);
    if base.is_empty() {
        name.into_owned()
    } else {
        format!("{base}/{name}")
    }
}

/// The id of the entry at `path` (components joined by `/`) under the tree
/// `tree`, as `Tree::get_path` finds it, read from the raw tree objects:
/// one record looked up in every commit of a long history would otherwise
/// parse the whole of its folder's tree (thousands of entries) each time.
pub fn entry_at(repo: &Repository, tree: Oid, path: &str) -> Option<Oid> {
    let odb = repo.odb().ok()?;
    let mut current = tree;
    let mut components = path.split('/').peekable();
    while let Some(name) = components.next() {
        let object = odb.read(current).ok()?;
        if object.kind() != ObjectType::Tree {
            return None;
        }
        let (mode, id) = raw_entry(object.data(), name.as_bytes())?;
        if components.peek().is_none() {
            return Some(id);
        }
        // Only a folder can hold the next component.
        if mode != b"40000" {
            return None;
        }
        current = id;
    }
    None
}

/// The mode and id of the entry named `name` in a raw tree object (entries
/// of `MODE NAME\0` and a 20-byte id).
fn raw_entry<'d>(data: &'d [u8], name: &[u8]) -> Option<(&'d [u8], Oid)> {
    let mut rest = data;
    while !rest.is_empty() {
        let space = rest.iter().position(|&b| b == b' ')?;
        let nul = space + rest[space..].iter().position(|&b| b == 0)?;
        let id_end = nul + 1 + 20;
        let id = rest.get(nul + 1..id_end)?;
        if &rest[space + 1..nul] == name {
            return Some((&rest[..space], Oid::from_bytes(id).ok()?));
        }
        rest = &rest[id_end..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tree built from `(path, content)` pairs, with folders as needed.
    fn tree(repo: &Repository, files: &[(&str, &str)]) -> Oid {
        let mut index = git2::Index::new().expect("index");
        for (path, content) in files {
            let id = repo.blob(content.as_bytes()).expect("blob");
            let entry = crate::store::test_support::file_entry(path, content.len(), id);
            index.add(&entry).expect("add");
        }
        index.write_tree_to(repo).expect("tree")
    }

    /// What libgit2's own diff names, as (path, old id, new id).
    fn libgit2_deltas(repo: &Repository, old: Oid, new: Oid) -> Vec<(String, Oid, Oid)> {
        let (old, new) = (repo.find_tree(old).unwrap(), repo.find_tree(new).unwrap());
        let diff = repo
            .diff_tree_to_tree(Some(&old), Some(&new), None)
            .unwrap();
        diff.deltas()
            .flat_map(|d| {
                let (o, n) = (d.old_file(), d.new_file());
                let path = |f: &git2::DiffFile<'_>| {
                    String::from_utf8_lossy(f.path_bytes().unwrap()).into_owned()
                };
                // libgit2 shows a typechange-free replacement as one delta per side.
                if o.id().is_zero() || n.id().is_zero() || path(&o) == path(&n) {
                    vec![(path(&n), o.id(), n.id())]
                } else {
                    vec![
                        (path(&o), o.id(), Oid::ZERO_SHA1),
                        (path(&n), Oid::ZERO_SHA1, n.id()),
                    ]
                }
            })
            .collect()
    }

    fn ours(repo: &Repository, old: Oid, new: Oid) -> Vec<(String, Oid, Oid)> {
        let (old, new) = (repo.find_tree(old).unwrap(), repo.find_tree(new).unwrap());
        let zero = |s: Option<Side>| s.map_or(Oid::ZERO_SHA1, |s| s.id);
        changed_files(repo, Some(&old), Some(&new))
            .unwrap()
            .into_iter()
            .map(|d| (d.path, zero(d.old), zero(d.new)))
            .collect()
    }

    #[test]
    fn names_what_libgit2_names_in_the_same_order() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init_bare(dir.path()).unwrap();
        let old = tree(
            &repo,
            &[
                ("cto-plan.toml", "a"),
                ("roadmap/a.toml", "1"),
                ("roadmap/b.toml", "2"),
                ("roadmap-old.toml", "x"),
                ("people/p.toml", "p"),
                ("same/s.toml", "s"),
                ("was-file", "f"),
                ("was-dir/inner.toml", "i"),
            ],
        );
        let new = tree(
            &repo,
            &[
                ("cto-plan.toml", "a"),
                ("roadmap/a.toml", "1 changed"),
                ("roadmap/c.toml", "3"),
                ("roadmap-old.toml", "x"),
                ("same/s.toml", "s"),
                ("teams/t.toml", "t"),
                ("was-file/now.toml", "n"),
                ("was-dir", "d"),
            ],
        );
        let mut expected = libgit2_deltas(&repo, old, new);
        let mut found = ours(&repo, old, new);
        expected.sort();
        found.sort();
        assert_eq!(found, expected);
        assert_eq!(ours(&repo, old, old), Vec::new());
    }

    #[test]
    fn finds_entries_by_path_as_get_path_does() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init_bare(dir.path()).unwrap();
        let id = tree(
            &repo,
            &[
                ("cto-plan.toml", "a"),
                ("roadmap/a.toml", "1"),
                ("roadmap/b.toml", "2"),
                ("roadmap/deep/c.toml", "3"),
                ("roadmap.toml", "x"),
            ],
        );
        let tree = repo.find_tree(id).unwrap();
        for path in [
            "cto-plan.toml",
            "roadmap",
            "roadmap/a.toml",
            "roadmap/b.toml",
            "roadmap/deep",
            "roadmap/deep/c.toml",
            "roadmap.toml",
            "roadmap/missing.toml",
            "roadmap.toml/a.toml",
            "cto-plan.toml/x",
            "missing/a.toml",
            "roadmap/a",
        ] {
            let expected = tree
                .get_path(std::path::Path::new(path))
                .ok()
                .map(|e| e.id());
            assert_eq!(entry_at(&repo, id, path), expected, "{path}");
        }
    }

    #[test]
    fn orders_folders_as_git_does() {
        let dir = tempfile::tempdir().unwrap();
        let repo = Repository::init_bare(dir.path()).unwrap();
        // "a.b" sorts before the folder "a" ("a/"), which sorts before "a0".
        let old = tree(&repo, &[("a.b", "1"), ("a/x", "2"), ("a0", "3")]);
        let new = tree(&repo, &[("a.b", "1"), ("a/x", "changed"), ("a0", "3")]);
        let found = ours(&repo, old, new);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "a/x");
        let all = changed_files(&repo, None, Some(&repo.find_tree(new).unwrap())).unwrap();
        let paths: Vec<&str> = all.iter().map(|d| d.path.as_str()).collect();
        assert_eq!(paths, ["a.b", "a/x", "a0"]);
    }
}
