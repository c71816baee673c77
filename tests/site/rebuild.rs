//! A second `site` into the same folder writes only the pages that changed
//! and leaves the others, their times included, as they were.

use std::time::{Duration, SystemTime};

use super::{demo_site, files_under, temp};
use crate::common::ok_in;

fn modified(path: &std::path::Path) -> SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

#[test]
fn a_rebuild_writes_only_the_pages_that_changed() {
    let dir = temp();
    let (demo, out) = demo_site(dir.path());
    let pages = files_under(&out);
    let index = out.join("index.html");
    let record = out.join(pages.iter().find(|p| p.starts_with("person/")).unwrap());
    // Times a page would get if it were written again, told apart from
    // the first build's whatever the clock's resolution.
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    for page in [&index, &record] {
        std::fs::File::options()
            .write(true)
            .open(page)
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    // A page damaged by hand, and one damaged without changing its size.
    let roadmap = out.join("roadmap.html");
    std::fs::write(&roadmap, "stale").unwrap();
    let decisions = out.join("decisions.html");
    let original = std::fs::read(&decisions).unwrap();
    let mut flipped = original.clone();
    flipped[10] ^= 1;
    std::fs::write(&decisions, &flipped).unwrap();

    let said = ok_in(
        &demo,
        "2026-10-28",
        &["site", "--out", out.to_str().unwrap()],
    );
    assert_eq!(
        said,
        format!(
            "wrote 2 files to {}; {} were already up to date\n",
            out.display(),
            pages.len() - 2
        )
    );
    assert_eq!(modified(&index), old, "an unchanged page is not rewritten");
    assert_eq!(modified(&record), old);
    assert_eq!(std::fs::read(&decisions).unwrap(), original);
    assert_ne!(std::fs::read_to_string(&roadmap).unwrap(), "stale");
    assert_eq!(files_under(&out), pages);
}
