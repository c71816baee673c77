//! Editor schemas for a plan in a sub-folder of a repository: taplo (and
//! Even Better TOML) read `.taplo.toml` from the workspace root, so `init`
//! gives the root's file the plan's rules, keeping what it held.

use super::{client, installed, text};
use crate::common::{TODAY, git_init, run_at, write};

#[test]
fn init_in_a_sub_folder_extends_the_root_taplo_config_once() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path();
    git_init(root);
    let mine = "# my settings\n[formatting]\nalign_entries = true\n";
    write(root, ".taplo.toml", mine);
    let (stdout, stderr, code) = run_at(root, TODAY, &["init", "plans/eng"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("added the plan's schemas to"), "{stdout}");
    let config = std::fs::read_to_string(root.join(".taplo.toml")).unwrap();
    assert!(config.starts_with(mine), "{config}");
    assert!(
        config.contains(
            "include = [\"plans/eng/roadmap/**/*.toml\"]\n[rule.schema]\npath = \"./plans/eng/.cto-plan/schema/"
        ),
        "{config}"
    );
    // The plan's own, for an editor opened in the plan's folder.
    assert!(root.join("plans/eng/.taplo.toml").is_file());

    // A second init of a plan there adds nothing to the root's file.
    std::fs::remove_file(root.join("plans/eng/cto-plan.toml")).unwrap();
    let (stdout, stderr, code) = run_at(root, TODAY, &["init", "plans/eng"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!stdout.contains("added the plan's schemas"), "{stdout}");
    assert_eq!(
        std::fs::read_to_string(root.join(".taplo.toml")).unwrap(),
        config
    );

    // At the repository's top, the plan's own file is the root's.
    let top = tempfile::TempDir::new().unwrap();
    git_init(top.path());
    let (stdout, _, code) = run_at(top.path(), TODAY, &["init"]);
    assert_eq!(code, 0);
    assert!(!stdout.contains("added the plan's schemas"), "{stdout}");
}

#[test]
fn taplo_from_the_repository_root_rejects_a_bad_status() {
    if !installed(
        "taplo",
        "taplo_from_the_repository_root_rejects_a_bad_status",
    ) {
        return;
    }
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path();
    git_init(root);
    let (_, stderr, code) = run_at(root, TODAY, &["init", "plan"]);
    assert_eq!(code, 0, "{stderr}");
    write(
        root,
        "plan/roadmap/typo.toml",
        "title = \"T\"\nstatus = \"shiped\"\n",
    );
    write(
        root,
        "plan/roadmap/fine.toml",
        "title = \"F\"\nstatus = \"shipped\"\n",
    );
    let bad = client(root, "taplo", &["check", "plan/roadmap/typo.toml"]);
    let said = format!("{}{}", text(&bad.stdout), text(&bad.stderr));
    assert!(
        !bad.status.success(),
        "taplo accepted a bad status:\n{said}"
    );
    assert!(said.contains("\"shiped\" is not one of"), "{said}");
    let good = client(root, "taplo", &["check", "plan/roadmap/fine.toml"]);
    assert!(
        good.status.success(),
        "{}{}",
        text(&good.stdout),
        text(&good.stderr)
    );
}
