//! `cto-plan site`: every page of a hostile plan's site is inert and parses
//! cleanly; the demo's site has a page per record, links only within
//! itself, every link resolving to a file and every fragment to an id; and
//! in headless Chromium its pages load without a console message; a
//! rebuild writes only what changed.

mod browser;
mod ci;
mod pages;
mod rebuild;
mod serve;

use std::path::{Path, PathBuf};

use tempfile::TempDir;

use crate::common::{ok_in, run};

/// Every file under `dir`, relative to it, `/`-separated, sorted.
pub fn files_under(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let relative = path.strip_prefix(base).unwrap();
                out.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// The demo (in `dir`) and its site as of 2026-10-28, written to `dir/site`.
pub fn demo_site(dir: &Path) -> (PathBuf, PathBuf) {
    let (_, stderr, code) = run(dir, &["demo"]);
    assert_eq!(code, 0, "{stderr}");
    let demo = dir.join("cto-plan-demo");
    let out = dir.join("site");
    let said = ok_in(
        &demo,
        "2026-10-28",
        &["site", "--out", out.to_str().unwrap()],
    );
    let count = files_under(&out).len();
    assert_eq!(
        said,
        format!("wrote {count} files to {}\n", out.display()),
        "it says what it wrote"
    );
    (demo, out)
}

/// A fresh temporary folder.
pub fn temp() -> TempDir {
    TempDir::new().unwrap()
}
