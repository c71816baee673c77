//! Odd repositories and untrusted templates (issue 9, items 4, 9 to 12):
//! corrupt or unusual git data, special files in the plan, and templates
//! that try to run without end. Each command runs under a time limit, so a
//! hang fails its test instead of stalling the suite.

mod dates;
mod objects;
mod sha256;
mod special_files;
mod templates;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt;

/// How long any command of these tests may take: far more than any needs.
pub const LIMIT: Duration = Duration::from_secs(20);

/// What a run under [`LIMIT`] gave: stdout, stderr and the exit code, or
/// `None` when it had to be killed.
pub struct Bounded {
    pub stdout: String,
    pub stderr: String,
    pub code: Option<i32>,
}

/// `cto-plan --color never -C DIR ARGS…` with a cleared environment and the
/// tests' today, killed when it outlives [`LIMIT`].
pub fn run_bounded(dir: &Path, args: &[&str]) -> Bounded {
    let mut command = Command::cargo_bin("cto-plan").unwrap();
    command
        .env_clear()
        .env("CTO_PLAN_TODAY", super::common::TODAY)
        .args(["--color", "never", "-C"])
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().unwrap();
    // Read both pipes on threads, so a chatty child never blocks on a full pipe.
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut out, &mut text);
        text
    });
    let err = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut err, &mut text);
        text
    });
    let started = Instant::now();
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status.code().unwrap_or(-1));
        }
        if started.elapsed() > LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Bounded {
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
        code,
    }
}

impl Bounded {
    /// The exit code, failing the test (with what was printed) on a hang.
    pub fn finished(&self, what: &str) -> i32 {
        match self.code {
            Some(code) => code,
            None => panic!(
                "{what} did not finish within {LIMIT:?}\nstdout: {}\nstderr: {}",
                self.stdout, self.stderr
            ),
        }
    }
}

/// The `git` command, isolated from the user's and the system's
/// configuration, with a fixed identity and time.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let home = tempfile::TempDir::new().unwrap();
    let output = Command::new("git")
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "Alice Chen")
        .env("GIT_AUTHOR_EMAIL", "alice@example.com")
        .env("GIT_COMMITTER_NAME", "Alice Chen")
        .env("GIT_COMMITTER_EMAIL", "alice@example.com")
        .env("GIT_AUTHOR_DATE", "2026-01-05T10:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-01-05T10:00:00Z")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        output.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}
