//! Reads the plan as it is in a git revision, straight from the object
//! database: no checkout, no index, no working-tree file is touched.

use std::collections::HashMap;

use git2::{ObjectType, Oid, Repository, TreeWalkMode, TreeWalkResult};

use super::RepoHandle;
use super::revision::Resolved;
use super::{
    CONFIG_FILE, Content, Layout, MAX_FILE_SIZE, RawFile, Source, TEMPLATES_DIR, is_plan_file,
    resolve_link,
};
use crate::error::{Error, Result};

/// The plan folder of one commit. It borrows the run's repository handle
/// rather than opening one of its own.
pub struct Revision<'r> {
    repo: RepoHandle<'r>,
    /// What the user typed, for messages.
    rev: String,
    commit: Oid,
    /// The tree of the plan folder in that commit.
    tree: Oid,
}

const SYMLINK_MODE: i32 = 0o120000;

impl<'r> Revision<'r> {
    /// The plan folder of a resolved revision, named in messages by its word.
    pub fn of(repo: &'r Repository, layout: &Layout, resolved: &Resolved) -> Result<Revision<'r>> {
        Revision::at_commit(repo, layout, &resolved.word, resolved.id)
    }

    /// The plan folder of a known commit; `rev` names it in messages.
    pub fn at_commit(
        repo: impl Into<RepoHandle<'r>>,
        layout: &Layout,
        rev: &str,
        commit: Oid,
    ) -> Result<Revision<'r>> {
        let repo = repo.into();
        let tree = Revision::plan_tree(&repo, layout, rev, commit)?;
        Ok(Revision {
            repo,
            rev: rev.to_owned(),
            commit,
            tree,
        })
    }

    /// The id of the plan folder's tree in `commit`.
    pub fn plan_tree(repo: &Repository, layout: &Layout, rev: &str, commit: Oid) -> Result<Oid> {
        let root_tree = repo.find_commit(commit)?.tree()?;
        let tree = if layout.prefix.is_empty() {
            root_tree.id()
        } else {
            match root_tree.get_path(std::path::Path::new(&layout.prefix)) {
                Ok(entry) if entry.kind() == Some(ObjectType::Tree) => entry.id(),
                _ => {
                    return Err(Error::NoPlanAtRevision {
                        rev: rev.to_owned(),
                        prefix: layout.prefix.clone(),
                    });
                }
            }
        };
        let has_config = repo.find_tree(tree)?.get_name(CONFIG_FILE).is_some();
        if !has_config {
            let prefix = if layout.prefix.is_empty() {
                ".".into()
            } else {
                layout.prefix.clone()
            };
            return Err(Error::NoPlanAtRevision {
                rev: rev.to_owned(),
                prefix,
            });
        }
        Ok(tree)
    }

    pub fn commit(&self) -> Oid {
        self.commit
    }

    pub fn tree(&self) -> Oid {
        self.tree
    }

    fn blob_content(&self, id: Oid) -> Content {
        blob_content(&self.repo, id)
    }
}

/// A blob's bytes, or why they were not read.
pub(crate) fn blob_content(repo: &Repository, id: Oid) -> Content {
    {
        match repo.find_blob(id) {
            Ok(blob) if blob.size() as u64 > MAX_FILE_SIZE => Content::TooLarge(blob.size() as u64),
            Ok(blob) => Content::Bytes(blob.content().to_vec()),
            Err(e) => Content::Unreadable(e.message().to_owned()),
        }
    }
}

/// Process-wide libgit2 settings for a read-mostly tool: objects are not
/// re-hashed on every read (git itself does not either; `git fsck` does),
/// and libgit2's object cache is off.
///
/// The cache is off because a history walk reads each commit and root tree
/// once, so it keeps nothing worth keeping, and once the cache is full each
/// new object makes libgit2 (1.9) evict a few entries by scanning its table
/// from the start. On 100,000 commits that scan was a third of `log REF`'s
/// time, and the cache was most of `review`'s peak memory. Where this tool
/// reads an object more than once, it keeps the object itself (the folders
/// of a revision, the known side of a record's walk). Packs keep their own
/// cache of delta bases, which this setting does not touch.
/// Call once at start-up, before any repository is opened.
pub fn configure_libgit2() {
    git2::opts::strict_hash_verification(false);
    git2::opts::enable_caching(false);
}

// Resolving words is `revision`'s; re-exported for callers that found it here.
pub use super::revision::resolve_commit;

impl Revision<'_> {
    /// The plan's files, reading only the blobs `keep` accepts by path and id:
    /// a diff reads just what changed.
    pub fn files_where(&self, keep: impl Fn(&str, Oid) -> bool) -> Result<Vec<RawFile>> {
        let tree = self.repo.find_tree(self.tree)?;
        let mut entries: Vec<(String, Oid, i32)> = Vec::new();
        tree.walk(TreeWalkMode::PreOrder, |dir, entry| {
            // A name that is not UTF-8 is still a file: `check` reports its bad id.
            let name = String::from_utf8_lossy(entry.name_bytes());
            if name.starts_with('.') {
                return TreeWalkResult::Skip;
            }
            if entry.kind() == Some(ObjectType::Blob) {
                entries.push((format!("{dir}{name}"), entry.id(), entry.filemode()));
            }
            TreeWalkResult::Ok
        })?;
        let mut files = Vec::new();
        for (path, id, mode) in &entries {
            if !is_plan_file(path) && *mode != SYMLINK_MODE {
                continue;
            }
            if !keep(path, *id) {
                continue;
            }
            if *mode != SYMLINK_MODE {
                files.push(RawFile {
                    path: path.clone(),
                    content: self.blob_content(*id),
                    blob: Some(*id),
                });
                continue;
            }
            // Links that are not plan files, or that lead to a folder, are
            // passed over as the working tree passes them over.
            match follow_link(&self.repo, &tree, path, *id) {
                Ok(Some(target_id)) if is_plan_file(path) => files.push(RawFile {
                    path: path.clone(),
                    content: self.blob_content(target_id),
                    blob: Some(target_id),
                }),
                Ok(_) => {}
                Err((target, why)) if is_plan_file(path) => files.push(RawFile {
                    path: path.clone(),
                    content: Content::BadSymlink { target, why },
                    blob: None,
                }),
                Err(_) => {}
            }
        }
        Ok(files)
    }

    /// The plan files at `paths`, looked up one by one: for a diff that knows
    /// what changed, far cheaper than walking the whole tree. Paths that do not
    /// exist in this revision are passed over.
    pub fn files_at<'p>(&self, paths: impl IntoIterator<Item = &'p str>) -> Result<Vec<RawFile>> {
        let root = self.repo.find_tree(self.tree)?;
        // Folder trees are looked up once each: libgit2 does not cache large
        // trees, and a roadmap folder may hold thousands of entries.
        let mut folders: HashMap<String, Option<git2::Tree<'_>>> = HashMap::new();
        let mut files = Vec::new();
        for path in paths {
            if !is_plan_file(path) {
                continue;
            }
            let (folder, name) = path.rsplit_once('/').unwrap_or(("", path));
            let tree = folders.entry(folder.to_owned()).or_insert_with(|| {
                if folder.is_empty() {
                    return Some(root.clone());
                }
                let entry = root.get_path(std::path::Path::new(folder)).ok()?;
                self.repo.find_tree(entry.id()).ok()
            });
            let Some(entry) = tree.as_ref().and_then(|t| t.get_name(name)) else {
                continue;
            };
            if entry.kind() != Some(ObjectType::Blob) {
                continue;
            }
            let (content, blob) = if entry.filemode() == SYMLINK_MODE {
                match follow_link(&self.repo, &root, path, entry.id()) {
                    Ok(Some(id)) => (self.blob_content(id), Some(id)),
                    Ok(None) => continue,
                    Err((target, why)) => (Content::BadSymlink { target, why }, None),
                }
            } else {
                (self.blob_content(entry.id()), Some(entry.id()))
            };
            files.push(RawFile {
                path: path.to_owned(),
                content,
                blob,
            });
        }
        Ok(files)
    }

    /// The files that can hold the record `id` (of `kind`, or of any kind),
    /// found by name without parsing anything: `(kind, path)` pairs.
    pub fn record_files(
        &self,
        kind: Option<crate::model::Kind>,
        id: &str,
    ) -> Result<Vec<(crate::model::Kind, String)>> {
        let file_name = format!("{id}.toml");
        Ok(self
            .listing()?
            .into_iter()
            .filter(|(path, _)| path.rsplit('/').next() == Some(file_name.as_str()))
            .filter_map(|(path, _)| Some((crate::model::Kind::for_path(&path)?, path)))
            .filter(|(k, _)| kind.is_none_or(|wanted| *k == wanted))
            .collect())
    }

    /// Every plan file's path and blob id, without reading any blob.
    pub fn listing(&self) -> Result<Vec<(String, Oid)>> {
        let tree = self.repo.find_tree(self.tree)?;
        let mut entries = Vec::new();
        tree.walk(TreeWalkMode::PreOrder, |dir, entry| {
            // A name that is not UTF-8 is still a file: `check` reports its bad id.
            let name = String::from_utf8_lossy(entry.name_bytes());
            if name.starts_with('.') {
                return TreeWalkResult::Skip;
            }
            let path = format!("{dir}{name}");
            if entry.kind() == Some(ObjectType::Blob) && is_plan_file(&path) {
                entries.push((path, entry.id()));
            }
            TreeWalkResult::Ok
        })?;
        Ok(entries)
    }

    pub fn repository(&self) -> &Repository {
        &self.repo
    }
}

impl Revision<'_> {
    /// Every file of the templates folder in this revision, path and blob
    /// id (links unresolved), without reading any blob.
    pub fn template_listing(&self) -> Result<Vec<(String, Oid, i32)>> {
        let root = self.repo.find_tree(self.tree)?;
        let Ok(entry) = root.get_path(std::path::Path::new(TEMPLATES_DIR)) else {
            return Ok(Vec::new());
        };
        if entry.kind() != Some(ObjectType::Tree) {
            return Ok(Vec::new());
        }
        let mut entries = Vec::new();
        self.repo
            .find_tree(entry.id())?
            .walk(TreeWalkMode::PreOrder, |dir, entry| {
                if entry.kind() == Some(ObjectType::Blob) {
                    let name = String::from_utf8_lossy(entry.name_bytes());
                    entries.push((
                        format!("{TEMPLATES_DIR}/{dir}{name}"),
                        entry.id(),
                        entry.filemode(),
                    ));
                }
                TreeWalkResult::Ok
            })?;
        Ok(entries)
    }
}

/// A template file's content in `tree` (a plan folder): links are followed
/// inside the plan only.
pub(crate) fn template_content(
    repo: &Repository,
    tree: &git2::Tree<'_>,
    path: &str,
    id: Oid,
    mode: i32,
) -> Option<(Content, Option<Oid>)> {
    if mode != SYMLINK_MODE {
        return Some((blob_content(repo, id), Some(id)));
    }
    match follow_link(repo, tree, path, id) {
        Ok(Some(target)) => Some((blob_content(repo, target), Some(target))),
        Ok(None) => None,
        Err((target, why)) => Some((Content::BadSymlink { target, why }, None)),
    }
}

impl Source for Revision<'_> {
    fn files(&self) -> Result<Vec<RawFile>> {
        self.files_where(|_, _| true)
    }

    fn templates(&self) -> Result<Vec<RawFile>> {
        let root = self.repo.find_tree(self.tree)?;
        Ok(self
            .template_listing()?
            .into_iter()
            .filter_map(|(path, id, mode)| {
                let (content, blob) = template_content(&self.repo, &root, &path, id, mode)?;
                Some(RawFile {
                    path,
                    content,
                    blob,
                })
            })
            .collect())
    }

    fn describe(&self) -> String {
        let short = self.commit.to_string();
        format!("{} ({})", self.rev, &short[..7.min(short.len())])
    }
}

/// Follows a symbolic link (and links to links) inside the plan's tree:
/// the target blob, `None` for a folder, or the target and why it is bad.
pub(crate) fn follow_link(
    repo: &Repository,
    tree: &git2::Tree<'_>,
    link_path: &str,
    link_blob: Oid,
) -> std::result::Result<Option<Oid>, (String, &'static str)> {
    let (mut path, mut blob) = (link_path.to_owned(), link_blob);
    let mut first_target = None;
    for _ in 0..8 {
        let target = match blob_content(repo, blob) {
            Content::Bytes(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            _ => String::new(),
        };
        let shown = first_target.get_or_insert_with(|| target.clone()).clone();
        let Some(resolved) = resolve_link(&path, &target) else {
            return Err((shown, "it leads out of the plan"));
        };
        let Ok(entry) = tree.get_path(std::path::Path::new(&resolved)) else {
            return Err((shown, "it leads nowhere"));
        };
        match (entry.kind(), entry.filemode()) {
            (Some(ObjectType::Tree), _) => return Ok(None),
            (Some(ObjectType::Blob), SYMLINK_MODE) => (path, blob) = (resolved, entry.id()),
            (Some(ObjectType::Blob), _) => return Ok(Some(entry.id())),
            _ => return Err((shown, "it leads nowhere")),
        }
    }
    Err((first_target.unwrap_or_default(), "it is a loop of links"))
}
