//! `cto-plan man`: manual pages (clap_mangen) and the Markdown reference
//! `docs/cli.md`, both generated from the clap definitions so they cannot
//! drift from the command line.

use std::path::PathBuf;

use clap::CommandFactory as _;
use cto_plan::Error;
use cto_plan::store::write::{Existing, write_atomic};

use super::error::Failure;
use super::{Cli, Context, Outcome, print};

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
    let mut command = Cli::command().disable_help_subcommand(true);
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
    Ok(page)
}

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
        Cli::command().debug_assert();
    }

    #[test]
    fn every_subcommand_gets_a_page() {
        let mut command = Cli::command().disable_help_subcommand(true);
        command.build();
        let mut pages = Vec::new();
        man_pages(&command, &mut pages).unwrap();
        let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
        for expected in ["cto-plan.1", "cto-plan-set.1", "cto-plan-person-leave.1"] {
            assert!(names.contains(&expected), "{names:?}");
        }
    }
}
