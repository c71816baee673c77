//! Where an edit may write: record ids that are safe file names, and real
//! paths that stay inside the plan root.
//!
//! An id never holds a separator, `..` or an absolute path, and a write never
//! goes through a symbolic link (of a file or of a folder) that leads out of
//! the plan. A link that stays inside is followed, so the link itself is kept.
//! This module decides; it does not write.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};
use crate::model::{IdRule, Kind};

/// Refuses an id that is not a plain file name for `kind`, saying why.
pub fn check_id(kind: Kind, id: &str) -> Result<()> {
    let refuse = |why: &str, hint: String| Error::Edit {
        location: format!("{kind} id '{id}'"),
        message: why.to_owned(),
        hint: Some(hint),
    };
    let plain_hint = || {
        if kind.spec().id == IdRule::Quarter {
            kind.id_hint()
        } else {
            format!(
                "ids are file names without `.toml`: lower-case letters, digits and hyphens, such as `{}`",
                super::slug::slug(id).unwrap_or_else(|| "search-v2".into())
            )
        }
    };
    if id.contains('/') || id.contains('\\') {
        return Err(refuse(
            "an id cannot hold a path separator: the folder follows from the kind",
            plain_hint(),
        ));
    }
    if id.contains("..") || Path::new(id).is_absolute() {
        return Err(refuse("an id cannot be a path", plain_hint()));
    }
    if !kind.accepts_id(id) {
        return Err(refuse(&format!("not a valid {kind} id"), plain_hint()));
    }
    Ok(())
}

/// The plan-relative path of a record.
pub fn record_path(kind: Kind, id: &str) -> String {
    format!("{}/{id}.toml", kind.folder())
}

/// The file on disk that a write to `plan_path` must replace, inside `root`
/// (which is canonical). A link inside the plan resolves to its target; one
/// that leads out, or nowhere, is refused, as is a folder on the way that
/// leads out.
pub fn real_path(root: &Path, plan_path: &str) -> Result<PathBuf> {
    resolve(root, plan_path).map(|(real, _)| real)
}

/// [`real_path`] of each of `plan_paths`, in order. The folder of a new file
/// is resolved once for all the new files in it: an import writes thousands
/// of files into one folder, and resolving a folder reads every folder on the
/// way up from it.
pub fn real_paths<'p>(
    root: &Path,
    plan_paths: impl IntoIterator<Item = &'p str>,
) -> Result<Vec<PathBuf>> {
    let mut folders: HashMap<&str, PathBuf> = HashMap::new();
    let mut reals = Vec::new();
    for plan_path in plan_paths {
        let (folder, name) = plan_path.rsplit_once('/').unwrap_or(("", plan_path));
        if let Some(resolved) = folders.get(folder)
            && is_plain(plan_path)
            && std::fs::symlink_metadata(root.join(plan_path)).is_err()
        {
            reals.push(resolved.join(name));
            continue;
        }
        let (real, new) = resolve(root, plan_path)?;
        if new && let Some(resolved) = real.parent() {
            folders.insert(folder, resolved.to_owned());
        }
        reals.push(real);
    }
    Ok(reals)
}

/// A relative path of plain names only, with no `..` and no backslash.
fn is_plain(plan_path: &str) -> bool {
    !plan_path.is_empty()
        && !plan_path.contains('\\')
        && Path::new(plan_path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// [`real_path`], and whether the file is a new one.
fn resolve(root: &Path, plan_path: &str) -> Result<(PathBuf, bool)> {
    let refuse = |message: String| {
        Error::Edit {
        location: plan_path.to_owned(),
        message,
        hint: Some("cto-plan only writes inside the plan folder; move the file or folder into the plan, or remove the link".into()),
    }
    };
    let relative = Path::new(plan_path);
    if !is_plain(plan_path) {
        return Err(refuse(
            "not a plain path inside the plan (it is absolute or holds `..`)".into(),
        ));
    }
    let path = root.join(relative);
    match std::fs::symlink_metadata(&path) {
        Ok(_) => {
            let resolved = std::fs::canonicalize(&path)
                .map_err(|_| refuse("is a symbolic link that leads nowhere".into()))?;
            if !resolved.starts_with(root) {
                return Err(refuse(format!(
                    "leads out of the plan, to {}",
                    resolved.display()
                )));
            }
            if !resolved.is_file() {
                return Err(refuse("is not a file".into()));
            }
            Ok((resolved, false))
        }
        Err(_) => {
            // A new file: the nearest folder that exists must be inside the
            // plan; folders created below it cannot be links.
            let mut existing = path.parent();
            while let Some(dir) = existing {
                if std::fs::symlink_metadata(dir).is_ok() {
                    break;
                }
                existing = dir.parent();
            }
            let Some(dir) = existing else {
                return Err(refuse("has no folder to go in".into()));
            };
            let resolved = std::fs::canonicalize(dir).map_err(|_| {
                refuse(format!(
                    "{} is a symbolic link that leads nowhere",
                    dir.display()
                ))
            })?;
            if !resolved.starts_with(root) {
                return Err(refuse(format!(
                    "its folder leads out of the plan, to {}",
                    resolved.display()
                )));
            }
            let rest = path.strip_prefix(dir).unwrap_or(relative);
            Ok((resolved.join(rest), true))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_are_paths_are_refused() {
        for bad in ["a/b", "..", "../x", "/etc/passwd", "a\\b", "Search V2", ""] {
            assert!(check_id(Kind::Initiative, bad).is_err(), "{bad}");
        }
        check_id(Kind::Initiative, "search-v2").unwrap();
        check_id(Kind::Budget, "2027-Q1").unwrap();
        assert!(check_id(Kind::Budget, "next").is_err());
    }

    #[test]
    fn paths_stay_in_the_root() {
        let root = std::env::temp_dir();
        let root = std::fs::canonicalize(root).unwrap();
        for bad in ["../x.toml", "/etc/passwd", "a/../../x.toml", ""] {
            assert!(real_path(&root, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn many_paths_resolve_as_each_does_alone() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir_all(root.join("decisions")).unwrap();
        std::fs::create_dir_all(root.join("elsewhere")).unwrap();
        std::fs::write(root.join("decisions/old.toml"), "").unwrap();
        std::fs::write(root.join("elsewhere/real.toml"), "").unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(root.join("elsewhere"), root.join("linked")).unwrap();
            std::os::unix::fs::symlink(
                root.join("elsewhere/real.toml"),
                root.join("decisions/link.toml"),
            )
            .unwrap();
        }
        let paths = [
            "decisions/a.toml",
            "decisions/old.toml",
            "decisions/b.toml",
            "decisions/link.toml",
            "team/people/p-1.toml",
            "team/people/p-2.toml",
            "linked/x.toml",
            "linked/y.toml",
            "top.toml",
        ];
        let together = real_paths(&root, paths).unwrap();
        let alone: Vec<PathBuf> = paths.iter().map(|p| real_path(&root, p).unwrap()).collect();
        assert_eq!(together, alone);
        assert!(together[0].ends_with("decisions/a.toml"));
        // A bad path among good ones is refused, whatever came before it.
        assert!(real_paths(&root, ["decisions/c.toml", "decisions/../../x.toml"]).is_err());
    }
}
