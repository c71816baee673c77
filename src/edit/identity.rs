//! Who a `--commit` commit is by, found as git finds it: the author from
//! `GIT_AUTHOR_NAME`, `GIT_AUTHOR_EMAIL` and `GIT_AUTHOR_DATE`, the committer
//! from `GIT_COMMITTER_*`, and what those leave out from the configuration
//! (`author.name` or `committer.name`, then `user.name`; the same for the
//! email, then the `EMAIL` variable), the time being now.
//!
//! libgit2's own lookup falls short of git's: it ignores `author.*` and
//! `committer.*`, and fails the author when only the committer is missing.
//! Where git would go on to guess a name from the system's user database
//! and an email from the host name, this refuses instead: a commit under a
//! guessed identity is worse than none. Nothing here writes anything.

use git2::{Config, Repository, Signature, Time};

use crate::error::{Error, Result};

/// The two roles of a commit's identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Author,
    Committer,
}

impl Role {
    fn env(self, what: &str) -> String {
        match self {
            Role::Author => format!("GIT_AUTHOR_{what}"),
            Role::Committer => format!("GIT_COMMITTER_{what}"),
        }
    }

    fn config(self, what: &str) -> String {
        match self {
            Role::Author => format!("author.{what}"),
            Role::Committer => format!("committer.{what}"),
        }
    }
}

/// Where the identity's parts are read from: the process environment and
/// the repository's configuration, or stand-ins in tests.
struct Sources<'a> {
    env: &'a dyn Fn(&str) -> Option<String>,
    config: &'a dyn Fn(&str) -> Option<String>,
}

/// The author and the committer of a commit in `repo`, from the process
/// environment and the repository's configuration.
pub fn author_and_committer(repo: &Repository) -> Result<(Signature<'static>, Signature<'static>)> {
    let config: Option<Config> = repo.config().and_then(|mut c| c.snapshot()).ok();
    let read_config = |key: &str| config.as_ref().and_then(|c| c.get_string(key).ok());
    let read_env = |key: &str| std::env::var(key).ok();
    let sources = Sources {
        env: &read_env,
        config: &read_config,
    };
    Ok((
        signature(&sources, Role::Author)?,
        signature(&sources, Role::Committer)?,
    ))
}

fn signature(sources: &Sources<'_>, role: Role) -> Result<Signature<'static>> {
    let name = (sources.env)(&role.env("NAME"))
        .or_else(|| (sources.config)(&role.config("name")))
        .or_else(|| (sources.config)("user.name"));
    let email = (sources.env)(&role.env("EMAIL"))
        .or_else(|| (sources.config)(&role.config("email")))
        .or_else(|| (sources.config)("user.email"))
        .or_else(|| (sources.env)("EMAIL"));
    let (Some(name), Some(email)) = (name, email) else {
        return Err(Error::NoGitIdentity);
    };
    // As git refuses an empty name ("empty ident name not allowed").
    if name.trim().is_empty() {
        return Err(Error::NoGitIdentity);
    }
    let date_var = role.env("DATE");
    let signature = match (sources.env)(&date_var) {
        Some(text) => {
            let (seconds, offset) = parse_git_date(&text).ok_or_else(|| Error::Edit {
                location: format!("{date_var}={text}"),
                message: "is not a date git reads, so nothing was written or committed".into(),
                hint: Some(
                    "write it as git does, such as `2026-11-27T10:00:00+01:00` or `@1795770000 +0100`, or unset it"
                        .into(),
                ),
            })?;
            Signature::new(&name, &email, &Time::new(seconds, offset))
        }
        None => Signature::now(&name, &email),
    };
    signature.map_err(Error::from)
}

/// Reads the date formats git documents for `GIT_AUTHOR_DATE` and
/// `GIT_COMMITTER_DATE`, and the ones it prints: its internal
/// `[@]SECONDS ±HHMM`, RFC 2822, ISO 8601 (`T` or a space between date and
/// time, `Z` for UTC) and `git log`'s default (`Fri Nov 27 10:00:00 2026
/// +0100`). A time without an offset is in the local time zone, as git reads
/// it. Returns seconds since the epoch and the offset in minutes.
pub fn parse_git_date(text: &str) -> Option<(i64, i32)> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(parsed) = parse_internal(&text) {
        return Some(parsed);
    }
    if let Ok(zoned) = jiff::fmt::rfc2822::parse(&text) {
        return Some((zoned.timestamp().as_second(), zoned.offset().seconds() / 60));
    }
    let text = match text.strip_suffix('Z') {
        Some(utc) => format!("{utc}+00:00"),
        None => text,
    };
    const WITH_OFFSET: &[&str] = &[
        "%Y-%m-%dT%H:%M:%S%:z",
        "%Y-%m-%dT%H:%M:%S%z",
        "%Y-%m-%dT%H:%M:%S %z",
        "%Y-%m-%d %H:%M:%S%:z",
        "%Y-%m-%d %H:%M:%S %z",
        "%Y-%m-%d %H:%M:%S %:z",
        "%a %b %d %H:%M:%S %Y %z",
    ];
    for format in WITH_OFFSET {
        if let Ok(time) = jiff::fmt::strtime::parse(format, &text)
            && let (Ok(stamp), Some(offset)) = (time.to_timestamp(), time.offset())
        {
            return Some((stamp.as_second(), offset.seconds() / 60));
        }
    }
    const LOCAL: &[&str] = &[
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%a %b %d %H:%M:%S %Y",
    ];
    for format in LOCAL {
        if let Ok(time) = jiff::fmt::strtime::parse(format, &text)
            && let Ok(civil) = time.to_datetime()
            && let Ok(zoned) = civil.to_zoned_datetime(jiff::tz::TimeZone::system())
        {
            return Some((zoned.timestamp().as_second(), zoned.offset().seconds() / 60));
        }
    }
    None
}

/// `@SECONDS`, `@SECONDS ±HHMM` or `SECONDS ±HHMM`; a bare number of more
/// than eight digits is seconds too, as git reads it.
fn parse_internal(text: &str) -> Option<(i64, i32)> {
    let (at, text) = match text.strip_prefix('@') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (seconds, offset) = match text.split_once(' ') {
        Some((seconds, offset)) => (seconds, Some(offset.trim())),
        None if at || text.len() > 8 => (text, None),
        None => return None,
    };
    if seconds.is_empty() || !seconds.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let seconds: i64 = seconds.parse().ok()?;
    let minutes = match offset {
        None => 0,
        Some(offset) => {
            let (sign, digits) = match offset.as_bytes().first()? {
                b'+' => (1, &offset[1..]),
                b'-' => (-1, &offset[1..]),
                _ => return None,
            };
            if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let hours: i32 = digits[..2].parse().ok()?;
            let mins: i32 = digits[2..].parse().ok()?;
            if mins >= 60 {
                return None;
            }
            sign * (hours * 60 + mins)
        }
    };
    Some((seconds, minutes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_dates() {
        assert_eq!(parse_git_date("@1767225600 +0100"), Some((1767225600, 60)));
        assert_eq!(parse_git_date("1767225600 -0230"), Some((1767225600, -150)));
        assert_eq!(parse_git_date("@1767225600"), Some((1767225600, 0)));
        assert_eq!(
            parse_git_date("2026-01-01T01:00:00+01:00"),
            Some((1767225600, 60))
        );
        assert_eq!(
            parse_git_date("2026-01-01 00:00:00Z"),
            Some((1767225600, 0))
        );
        assert_eq!(
            parse_git_date("Thu, 01 Jan 2026 01:00:00 +0100"),
            Some((1767225600, 60))
        );
        assert_eq!(parse_git_date("1767225600"), Some((1767225600, 0)));
        assert_eq!(
            parse_git_date("Thu Jan 1 01:00:00 2026 +0100"),
            Some((1767225600, 60))
        );
        assert_eq!(
            parse_git_date("2026-01-01 01:00:00 +0100"),
            Some((1767225600, 60))
        );
        // Local time, as git reads it.
        assert!(parse_git_date("2026-01-01T00:00:00").is_some());
        for bad in [
            "",
            "abc +0000",
            "12345678",
            "2026-13-01T00:00:00",
            "@x",
            "1 +01",
            "yesterday",
        ] {
            assert_eq!(parse_git_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn env_first_then_role_config_then_user_config() {
        let env = |key: &str| match key {
            "GIT_AUTHOR_NAME" => Some("Env Author".to_owned()),
            "GIT_AUTHOR_DATE" => Some("@1767225600 +0000".to_owned()),
            "EMAIL" => Some("fallback@example.com".to_owned()),
            _ => None,
        };
        let config = |key: &str| match key {
            "user.name" => Some("User".to_owned()),
            "committer.name" => Some("Config Committer".to_owned()),
            _ => None,
        };
        let sources = Sources {
            env: &env,
            config: &config,
        };
        let author = signature(&sources, Role::Author).unwrap();
        assert_eq!(author.name().ok(), Some("Env Author"));
        assert_eq!(author.email().ok(), Some("fallback@example.com"));
        assert_eq!(author.when().seconds(), 1767225600);
        let committer = signature(&sources, Role::Committer).unwrap();
        assert_eq!(committer.name().ok(), Some("Config Committer"));

        let nothing = |_: &str| None;
        let empty_name = |key: &str| (key == "user.name").then(String::new);
        let email = |key: &str| (key == "user.email").then(|| "a@b.c".to_owned());
        let none = Sources {
            env: &nothing,
            config: &nothing,
        };
        assert!(matches!(
            signature(&none, Role::Author),
            Err(Error::NoGitIdentity)
        ));
        let both = |key: &str| empty_name(key).or_else(|| email(key));
        let nameless = Sources {
            env: &nothing,
            config: &both,
        };
        assert!(matches!(
            signature(&nameless, Role::Author),
            Err(Error::NoGitIdentity)
        ));
    }
}
