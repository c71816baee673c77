//! `init`: lays out a new plan from the templates embedded in the binary,
//! optionally with a realistic example organisation.
//!
//! Never overwrites a file: an existing file is kept and reported. The
//! example's dates are relative to the day it is made, so it checks clean on
//! any day.

use std::path::{Path, PathBuf};

use jiff::ToSpan;
use jiff::civil::Date;
use minijinja::Environment;

use crate::error::{Error, Result};
use crate::model::{Kind, Quarter};
use crate::schema_json;
use crate::store::CONFIG_FILE;
use crate::store::write::{Existing, write_atomic};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/templates.rs"));
}

/// An embedded template by its path under `templates/`.
pub fn template(path: &str) -> Option<&'static str> {
    embedded::TEMPLATES
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, text)| *text)
}

/// What `init` did.
#[derive(Debug, Default)]
pub struct Created {
    pub written: Vec<PathBuf>,
    /// Files that were already there and were left alone.
    pub kept: Vec<PathBuf>,
}

pub struct InitOptions<'a> {
    pub name: &'a str,
    pub currency: &'a str,
    pub example: bool,
    pub today: Date,
}

/// Creates the plan in `dir`.
pub fn init(dir: &Path, options: &InitOptions<'_>) -> Result<Created> {
    if dir.join(CONFIG_FILE).exists() {
        return Err(Error::AlreadyExists {
            path: dir.join(CONFIG_FILE),
        });
    }
    let env = environment(options.today);
    let render = |name: &str, source: &str| -> Result<String> {
        crate::template::render(
            &env,
            name,
            source,
            minijinja::context! { name => options.name, currency => options.currency },
            &crate::template::RECORD,
        )
        .map_err(|failure| Error::BuiltInTemplate {
            name: name.to_owned(),
            message: failure.message,
        })
    };

    let mut files: Vec<(String, String)> = Vec::new();
    files.push((
        CONFIG_FILE.into(),
        render(
            "cto-plan.toml",
            template("cto-plan.toml").unwrap_or_default(),
        )?,
    ));
    files.push((".taplo.toml".into(), taplo_config("")));
    files.push((
        ".cto-plan/schema/cto-plan.schema.json".into(),
        schema_json::to_pretty(&schema_json::for_config()),
    ));
    for &kind in Kind::ALL {
        files.push((
            format!(".cto-plan/schema/{}", schema_json::file_name(kind)),
            schema_json::to_pretty(&schema_json::for_kind(kind)),
        ));
        if !options.example {
            // Git keeps no empty folders; a marker keeps the layout visible.
            files.push((format!("{}/.gitkeep", kind.folder()), String::new()));
        }
    }
    if options.example {
        for (path, source) in embedded::TEMPLATES {
            let Some(relative) = path.strip_prefix("example/") else {
                continue;
            };
            files.push((example_path(relative, options.today), render(path, source)?));
        }
    }

    let mut outcome = Created::default();
    for (relative, contents) in files {
        let path = dir.join(&relative);
        match write_atomic(&path, contents.as_bytes(), Existing::Keep) {
            Ok(()) => outcome.written.push(path),
            Err(Error::AlreadyExists { .. }) => outcome.kept.push(path),
            Err(e) => return Err(e),
        }
    }
    Ok(outcome)
}

/// The line that marks the plan's rules in a repository's `.taplo.toml`.
fn taplo_marker(prefix: &str) -> String {
    format!("# cto-plan: the schemas of the plan in {prefix}")
}

/// taplo and Even Better TOML read `.taplo.toml` from the workspace root
/// only, so a plan in a sub-folder of a repository also gets its rules,
/// with paths from the root, in the root's file: appended to one that exists
/// (once: a second `init` finds its marker), written when there is none.
/// Returns the file when it was written. Not part of [`init`]: the demo
/// makes its own repository, and must not touch one it is built inside.
pub fn extend_root_taplo(dir: &Path) -> Result<Option<PathBuf>> {
    let Ok(dir) = dir.canonicalize() else {
        return Ok(None);
    };
    let Some(root) = git2::Repository::discover(&dir)
        .ok()
        .and_then(|repo| repo.workdir().and_then(|w| w.canonicalize().ok()))
    else {
        return Ok(None);
    };
    let Ok(relative) = dir.strip_prefix(&root) else {
        return Ok(None);
    };
    if relative.as_os_str().is_empty() {
        return Ok(None);
    }
    let prefix: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let prefix = format!("{}/", prefix.join("/"));
    let path = root.join(".taplo.toml");
    let existing = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(Error::io(&path, e)),
    };
    let marker = taplo_marker(&prefix);
    if existing.lines().any(|line| line == marker) {
        return Ok(None);
    }
    let mut text = existing;
    if !text.is_empty() {
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text.push('\n');
    }
    text.push_str(&marker);
    text.push('\n');
    text.push_str(&taplo_config(&prefix));
    write_atomic(&path, text.as_bytes(), Existing::Replace)?;
    Ok(Some(path))
}

/// The template environment: `quarter(n)` and `date(n)` relative to today.
fn environment(today: Date) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .keep_trailing_newline(true)
            .build()
            .expect("the default delimiters are valid"),
    );
    // Built-in templates only, but every template runs within the same limits.
    crate::template::limit(&mut env, &crate::template::RECORD);
    env.add_function("quarter", move |offset: i64| {
        quarter_offset(today, offset).to_string()
    });
    env.add_function("date", move |offset: i64| {
        today
            .checked_add(offset.days())
            .map(|d| d.to_string())
            .unwrap_or_else(|_| today.to_string())
    });
    // A TOML string, quoted and escaped: names may hold quotes or backslashes.
    env.add_filter("toml", |text: String| {
        toml_edit::Value::from(text).to_string()
    });
    env
}

fn quarter_offset(today: Date, offset: i64) -> Quarter {
    let mut quarter = Quarter::containing(today, 1);
    for _ in 0..offset.unsigned_abs().min(400) {
        quarter = if offset < 0 {
            quarter.previous()
        } else {
            quarter.next()
        };
    }
    quarter
}

/// Budget templates are named `Q-1.toml`, `Q+0.toml`…: relative quarters.
fn example_path(relative: &str, today: Date) -> String {
    let Some(stem) = relative
        .strip_prefix("budget/Q")
        .and_then(|s| s.strip_suffix(".toml"))
    else {
        return relative.to_owned();
    };
    match stem.parse::<i64>() {
        Ok(offset) => format!("budget/{}.toml", quarter_offset(today, offset)),
        Err(_) => relative.to_owned(),
    }
}

/// Maps each folder to its schema for taplo / Even Better TOML, for a
/// `.taplo.toml` in the folder the plan's `prefix` (`""`, `plan/`) is from.
fn taplo_config(prefix: &str) -> String {
    let mut text = String::from(
        "# Editor support: taplo and Even Better TOML validate plan files against these schemas.\n",
    );
    text.push_str("# Regenerate the schemas with `cto-plan schema --out .cto-plan/schema`.\n");
    text.push_str(&format!("\n[[rule]]\ninclude = [\"{prefix}cto-plan.toml\"]\n[rule.schema]\npath = \"./{prefix}.cto-plan/schema/cto-plan.schema.json\"\n"));
    for &kind in Kind::ALL {
        text.push_str(&format!(
            "\n[[rule]]\ninclude = [\"{prefix}{}/**/*.toml\"]\n[rule.schema]\npath = \"./{prefix}.cto-plan/schema/{}\"\n",
            kind.folder(),
            schema_json::file_name(kind)
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn budget_names_follow_the_quarter() {
        let today = date(2026, 11, 27);
        assert_eq!(
            example_path("budget/Q-1.toml", today),
            "budget/2026-Q3.toml"
        );
        assert_eq!(
            example_path("budget/Q+1.toml", today),
            "budget/2027-Q1.toml"
        );
        assert_eq!(example_path("roadmap/x.toml", today), "roadmap/x.toml");
    }
}
