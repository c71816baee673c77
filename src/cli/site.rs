//! `cto-plan site`: writes the static site of the plan to a folder.

use std::path::PathBuf;

use cto_plan::site;
use cto_plan::store::write;

use super::error::Failure;
use super::{Context, Outcome, print};

/// Write a static site of the whole plan, for GitHub Pages, GitLab Pages or
/// any file server.
///
/// A dashboard of the current quarter, the roadmap by quarter and team, one
/// page per record with its fields, links, history and blame, the decision
/// log, people and teams, risks with a heat map, budgets, objectives, the
/// radar and every complete quarter's review. Every link is relative, so
/// the site works from `file://` and from a sub-path; no page runs a script
/// or loads anything from elsewhere. Reads git objects only.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to write the site to (created if needed; files there with
    /// the same names are replaced).
    #[arg(long, value_name = "DIR", default_value = "site")]
    out: PathBuf,

    /// Build the site of this revision instead of HEAD.
    #[arg(long, value_name = "REV", default_value = "HEAD")]
    rev: String,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome, Failure> {
    let layout = ctx.layout()?;
    let repo = ctx.repository()?;
    let head = ctx.start_revision(&args.rev)?.id;
    let files = site::build(repo, &layout, head, ctx.today)?;
    // Relative to -C, like every path on the command line.
    let out = if args.out.is_relative() {
        ctx.start.join(&args.out)
    } else {
        args.out.clone()
    };
    for (path, bytes) in &files {
        write::write_atomic(&out.join(path), bytes, write::Existing::Replace)?;
    }
    print(&format!(
        "wrote {} files to {}\n",
        files.len(),
        out.display()
    ))?;
    Ok(Outcome::Clean)
}
