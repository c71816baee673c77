//! `cto-plan man`: manual pages (clap_mangen) and the Markdown reference
//! `docs/cli.md`, both generated from the clap definitions so they cannot
//! drift from the command line.

use std::path::PathBuf;

use cto_plan::Error;
use cto_plan::store::write::{Existing, write_atomic};

use super::error::Failure;
use super::{Context, Outcome, print};

/// Print or write the manual pages, or the Markdown command reference.
///
/// With --out, writes a page for the program and one for every subcommand
/// (cto-plan.1, cto-plan-set.1, cto-plan-person-leave.1, …) into DIR;
/// otherwise prints the program's page. `--format markdown` gives the
/// reference kept in docs/cli.md.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write every page into this folder.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Roff)]
    format: Format,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    /// man pages, for `man`.
    Roff,
    /// One Markdown page for every command (docs/cli.md).
    Markdown,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome, Failure> {
    let mut command = super::command().disable_help_subcommand(true);
    command.build();
    let out = args.out.map(|dir| {
        if dir.is_relative() {
            ctx.start.join(dir)
        } else {
            dir
        }
    });
    let pages = match args.format {
        Format::Markdown => vec![("cli.md".to_owned(), markdown(&command).into_bytes())],
        Format::Roff if out.is_none() => vec![(String::new(), roff(&command)?)],
        Format::Roff => {
            let mut pages = Vec::new();
            man_pages(&command, &mut pages)?;
            pages
        }
    };
    let Some(out) = out else {
        let (_, page) = pages.into_iter().next().unwrap_or_default();
        print(&String::from_utf8_lossy(&page))?;
        return Ok(Outcome::Clean);
    };
    let mut lines = String::new();
    for (name, page) in pages {
        let path = out.join(name);
        write_atomic(&path, &page, Existing::Replace)?;
        lines.push_str(&format!("wrote {}\n", path.display()));
    }
    print(&lines)?;
    Ok(Outcome::Clean)
}

fn roff(command: &clap::Command) -> Result<Vec<u8>, Error> {
    let mut page = Vec::new();
    clap_mangen::Man::new(command.clone())
        .render(&mut page)
        .map_err(|e| Error::io("<man page>", e))?;
    let page = String::from_utf8_lossy(&page);
    // clap_mangen's synopsis drops every option's value (`[-C ]`): ours
    // names them, as the help's usage does.
    let page = match (page.find(".SH SYNOPSIS\n"), page.find(".SH DESCRIPTION\n")) {
        (Some(start), Some(end)) if start < end => format!(
            "{}.SH SYNOPSIS\n{}\n{}",
            &page[..start],
            synopsis(command),
            &page[end..]
        ),
        _ => page.into_owned(),
    };
    Ok((page + &closing_sections(command)).into_bytes())
}

/// Text for roff: hyphens as minus signs, backslashes escaped.
fn escape(text: &str) -> String {
    text.replace('\\', "\\e").replace('-', "\\-")
}

/// `cto-plan check [--rev REV] [--format FORMAT] …`, with every option's value.
fn synopsis(command: &clap::Command) -> String {
    let name = command.get_bin_name().unwrap_or_else(|| command.get_name());
    let mut line = vec![format!("\\fB{}\\fR", escape(name))];
    for arg in command.get_arguments().filter(|a| !a.is_hide_set()) {
        let value = || {
            arg.get_value_names()
                .map(|names| names.join(" "))
                .unwrap_or_else(|| arg.get_id().as_str().to_uppercase())
        };
        let many = if arg.get_num_args().is_some_and(|n| n.max_values() > 1) {
            "..."
        } else {
            ""
        };
        let word = if arg.is_positional() {
            format!("\\fI{}\\fR{many}", escape(&value()))
        } else {
            let flag = match (arg.get_long(), arg.get_short()) {
                (Some(long), _) => format!("\\-\\-{}", escape(long)),
                (None, Some(short)) => format!("\\-{short}"),
                (None, None) => continue,
            };
            let takes = arg.get_action().takes_values();
            let value = if takes {
                format!(" \\fI{}\\fR", escape(&value()))
            } else {
                String::new()
            };
            format!("\\fB{flag}\\fR{value}{many}")
        };
        line.push(if arg.is_required_set() {
            word
        } else {
            format!("[{word}]")
        });
    }
    if command.has_subcommands() {
        line.push("\\fICOMMAND\\fR".into());
    }
    line.join(" ")
}

/// EXIT STATUS, ENVIRONMENT, EXAMPLES (on the program's page) and SEE ALSO.
fn closing_sections(command: &clap::Command) -> String {
    let top = command.get_bin_name().unwrap_or(command.get_name()) == "cto-plan";
    let mut page = String::from(
        ".SH \"EXIT STATUS\"\n\
         .TP\n0\nSuccess: no errors (check), no differences (diff), the edit was written.\n\
         .TP\n1\nFindings: check found errors (or warnings, with \\fB\\-\\-deny\\-warnings\\fR), \
         diff found differences, or an edit was refused because it would add errors.\n\
         .TP\n2\nThe command could not run: a usage error, no plan found, \
         an unknown revision, a file that cannot be read or written.\n\
         .SH ENVIRONMENT\n\
         .TP\n\\fBNO_COLOR\\fR\nWhen set and not empty, \\fB\\-\\-color auto\\fR prints no colour.\n\
         .TP\n\\fBCLICOLOR\\fR\nWhen 0, \\fB\\-\\-color auto\\fR prints no colour.\n\
         .TP\n\\fBCLICOLOR_FORCE\\fR\nWhen set and not 0, \\fB\\-\\-color auto\\fR colours output \
         that is not a terminal.\n\
         .TP\n\\fBCTO_PLAN_TODAY\\fR\nToday's date as YYYY\\-MM\\-DD, instead of the clock's: \
         for reproducible checks, reviews and new records.\n\
         .TP\n\\fBGIT_AUTHOR_NAME\\fR, \\fBGIT_AUTHOR_EMAIL\\fR, \\fBGIT_COMMITTER_NAME\\fR, \\fBGIT_COMMITTER_EMAIL\\fR\n\
         Who \\fB\\-\\-commit\\fR names as the commit's author and committer, \
         before git's \\fBuser.name\\fR and \\fBuser.email\\fR.\n",
    );
    if top {
        page.push_str(".SH EXAMPLES\n");
        for (what, example) in EXAMPLES {
            page.push_str(&format!(
                ".TP\n\\fB{}\\fR\n{}\n",
                escape(example),
                escape(what)
            ));
        }
    }
    page.push_str(".SH \"SEE ALSO\"\n");
    let mut see = Vec::new();
    if top {
        for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
            see.push(format!(
                "\\fBcto\\-plan\\-{}\\fR(1)",
                escape(sub.get_name())
            ));
        }
    } else {
        see.push("\\fBcto\\-plan\\fR(1)".to_owned());
    }
    see.push("\\fBgit\\fR(1)".to_owned());
    page.push_str(&see.join(", "));
    page.push_str(
        "\n.PP\nThe plan format, the rules and the review: docs/format.md, docs/rules.md and \
         docs/review.md in the source, and \\fBcto\\-plan schema\\fR.\n",
    );
    page
}

/// The program page's examples: what each does, and the command.
const EXAMPLES: &[(&str, &str)] = &[
    (
        "Build the demo repository and print its latest review.",
        "cto-plan demo",
    ),
    ("Check the plan; exit 1 on errors.", "cto-plan check"),
    (
        "Check the plan as the quarter began, as JSON.",
        "cto-plan --at 2026-Q3 check --format json",
    ),
    (
        "What a branch changes in the plan, as a pull-request comment.",
        "cto-plan diff main HEAD --format markdown",
    ),
    (
        "The quarterly review, in Markdown.",
        "cto-plan review --quarter 2026-Q3",
    ),
    (
        "Move an initiative a quarter later and commit the change.",
        "cto-plan set ask-northwind quarter=2027-Q1 --commit",
    ),
    (
        "Write the man pages into a folder.",
        "cto-plan man --out man/",
    ),
];

/// A page for `command` and each visible subcommand, by file name.
fn man_pages(command: &clap::Command, pages: &mut Vec<(String, Vec<u8>)>) -> Result<(), Error> {
    let man = clap_mangen::Man::new(command.clone());
    pages.push((man.get_filename(), roff(command)?));
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        man_pages(sub, pages)?;
    }
    Ok(())
}

/// The Markdown reference: each command's full help, in command order.
pub fn markdown(command: &clap::Command) -> String {
    let mut sections = Vec::new();
    collect(command, &mut sections);
    let mut out = String::from(
        "# Command-line reference\n\n\
         <!-- Generated from the clap definitions by `cto-plan man --format markdown`.\n     \
         Do not edit: tests/cli_docs.rs fails when it is out of date. -->\n\n",
    );
    for (name, _) in &sections {
        out.push_str(&format!("- [`{name}`](#{})\n", anchor(name)));
    }
    for (name, help) in &sections {
        out.push_str(&format!(
            "\n## {name}\n\n```text\n{}\n```\n",
            help.trim_end()
        ));
    }
    out
}

fn collect(command: &clap::Command, out: &mut Vec<(String, String)>) {
    let name = command
        .get_display_name()
        .unwrap_or_else(|| command.get_name())
        .replace('-', " ");
    // The program's display name is unset; subcommands get "cto-plan-set".
    let name = if name.starts_with("cto") {
        name.replacen("cto plan", "cto-plan", 1)
    } else {
        name
    };
    let help = command
        .clone()
        .term_width(100)
        .render_long_help()
        .to_string();
    let help: Vec<&str> = help.lines().map(str::trim_end).collect();
    out.push((name, help.join("\n")));
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(sub, out);
    }
}

/// GitHub's heading anchor for a command name.
fn anchor(name: &str) -> String {
    name.chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_ascii_alphanumeric() || c == '-' => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_well_formed() {
        crate::cli::command().debug_assert();
    }

    #[test]
    fn every_subcommand_gets_a_page() {
        let mut command = crate::cli::command().disable_help_subcommand(true);
        command.build();
        let mut pages = Vec::new();
        man_pages(&command, &mut pages).unwrap();
        let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
        for expected in ["cto-plan.1", "cto-plan-set.1", "cto-plan-person-leave.1"] {
            assert!(names.contains(&expected), "{names:?}");
        }
    }
}
