//! A batch of writes (an import's thousand files): every file lands whole
//! with one durability barrier for all, and a batch that fails leaves no
//! temporary file and says how far it got.

use cto_plan::store::write::{BatchFile, Existing, is_temporary_name, write_batch};

use super::*;

/// The temporaries of the write module anywhere under `dir`.
fn temporaries(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        if entry.file_type().unwrap().is_dir() {
            found.extend(temporaries(&path));
        } else if is_temporary_name(&entry.file_name().to_string_lossy()) {
            found.push(path);
        }
    }
    found
}

#[test]
fn a_session_of_many_new_records_writes_them_all() {
    let dir = plan();
    let layout = Layout::at(dir.path()).unwrap();
    let mut session = Session::open(&layout).unwrap();
    for n in 0..300 {
        let target = session
            .create(Kind::Decision, &format!("choice-{n}"), String::new())
            .unwrap();
        session
            .apply_all(
                &target,
                &[
                    Assignment::set("title", format!("Choice {n}")),
                    Assignment::set("status", "proposed"),
                ],
                date(2026, 11, 27),
            )
            .unwrap();
    }
    let written = session.write().unwrap();
    assert_eq!(written.len(), 300);
    for file in &written {
        assert!(file.created);
        let n = file.path.trim_start_matches("decisions/choice-");
        let n = n.trim_end_matches(".toml");
        let text = read(dir.path(), &file.path);
        assert!(text.contains(&format!("title = \"Choice {n}\"")), "{text}");
        assert_eq!(text, session.text(&file.path).unwrap());
    }
    assert_eq!(temporaries(dir.path()), Vec::<PathBuf>::new());
    // Written again, they exist: the batch refuses before anything lands.
    let error = session.write().unwrap_err().to_string();
    assert!(error.contains("exists"), "{error}");
    assert_eq!(temporaries(dir.path()), Vec::<PathBuf>::new());
}

#[test]
fn a_rename_that_fails_leaves_what_landed_and_no_temporaries() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path();
    // The second target is a folder holding a file: renaming over it fails
    // after the first file landed, and the third must not land.
    std::fs::create_dir_all(root.join("b.toml/inside")).unwrap();
    let (a, b, c) = (
        root.join("a.toml"),
        root.join("b.toml"),
        root.join("c.toml"),
    );
    let files = [
        BatchFile {
            path: &a,
            contents: b"a = 1\n",
            existing: Existing::Keep,
        },
        BatchFile {
            path: &b,
            contents: b"b = 2\n",
            existing: Existing::Replace,
        },
        BatchFile {
            path: &c,
            contents: b"c = 3\n",
            existing: Existing::Keep,
        },
    ];
    let failure = write_batch(&files).unwrap_err();
    assert_eq!(
        (failure.landed, failure.failed),
        (1, 1),
        "{}",
        failure.error
    );
    assert!(
        failure.error.to_string().contains("b.toml"),
        "{}",
        failure.error
    );
    assert_eq!(std::fs::read_to_string(&a).unwrap(), "a = 1\n");
    assert!(b.join("inside").is_dir());
    assert!(!c.exists());
    assert_eq!(temporaries(root), Vec::<PathBuf>::new());
}

#[test]
fn a_batch_that_fails_before_its_renames_lands_nothing() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path();
    std::fs::write(root.join("taken.toml"), "old\n").unwrap();
    // A file stands where the second file's folder would be made.
    std::fs::write(root.join("plain"), "").unwrap();
    let first = root.join("new/deeper/first.toml");
    let blocked = root.join("plain/second.toml");
    let taken = root.join("taken.toml");
    let failure = write_batch(&[
        BatchFile {
            path: &first,
            contents: b"1\n",
            existing: Existing::Keep,
        },
        BatchFile {
            path: &blocked,
            contents: b"2\n",
            existing: Existing::Keep,
        },
    ])
    .unwrap_err();
    assert_eq!(
        (failure.landed, failure.failed),
        (0, 1),
        "{}",
        failure.error
    );
    // The folders made for the batch are gone again, and nothing is left.
    assert!(!root.join("new").exists());
    assert_eq!(temporaries(root), Vec::<PathBuf>::new());

    // A new file whose name is taken, or a replacement of a file that
    // changed, is refused before the first rename, whatever its place.
    let other = root.join("other.toml");
    for existing in [Existing::Keep, Existing::IfUnchanged(b"older\n")] {
        let failure = write_batch(&[
            BatchFile {
                path: &other,
                contents: b"o\n",
                existing: Existing::Keep,
            },
            BatchFile {
                path: &taken,
                contents: b"new\n",
                existing,
            },
        ])
        .unwrap_err();
        assert_eq!(
            (failure.landed, failure.failed),
            (0, 1),
            "{}",
            failure.error
        );
        assert!(!other.exists());
        assert_eq!(std::fs::read_to_string(&taken).unwrap(), "old\n");
        assert_eq!(temporaries(root), Vec::<PathBuf>::new());
    }

    // Inside `.git`, nothing is written at all.
    let git = root.join(".git/config");
    let failure = write_batch(&[BatchFile {
        path: &git,
        contents: b"x",
        existing: Existing::Replace,
    }])
    .unwrap_err();
    assert_eq!(failure.failed, 0);
    assert!(!root.join(".git").exists());
}

#[test]
fn a_batch_replaces_and_creates_in_many_folders() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("one")).unwrap();
    std::fs::write(root.join("one/kept.toml"), "v = 1\n").unwrap();
    let paths: Vec<PathBuf> = (0..40)
        .map(|n| root.join(format!("f{}/r{n}.toml", n % 4)))
        .chain([root.join("one/kept.toml")])
        .collect();
    let texts: Vec<String> = (0..41).map(|n| format!("v = {n}\n")).collect();
    let files: Vec<BatchFile<'_>> = paths
        .iter()
        .zip(&texts)
        .enumerate()
        .map(|(n, (path, text))| BatchFile {
            path,
            contents: text.as_bytes(),
            existing: if n == 40 {
                Existing::IfUnchanged(b"v = 1\n")
            } else {
                Existing::Keep
            },
        })
        .collect();
    write_batch(&files).unwrap();
    for (path, text) in paths.iter().zip(&texts) {
        assert_eq!(&std::fs::read_to_string(path).unwrap(), text);
    }
    assert_eq!(temporaries(root), Vec::<PathBuf>::new());
}
