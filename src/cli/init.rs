//! `cto-plan init`: start a plan.

use std::path::PathBuf;

use cto_plan::scaffold::{self, InitOptions};

use super::error::Failure;
use super::{Context, Outcome, print};

/// Start a plan: write cto-plan.toml, the folders, JSON Schemas and editor settings.
///
/// Never overwrites a file. With --example, also writes a realistic plan for a
/// 40-person engineering organisation, dated around today.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to create the plan (default: the current folder, or -C).
    dir: Option<PathBuf>,

    /// Add the example organisation's records.
    #[arg(long)]
    example: bool,

    /// The plan's name (default: the folder's name).
    #[arg(long)]
    name: Option<String>,

    /// The budget currency, an ISO 4217 code.
    #[arg(long, default_value = "USD")]
    currency: String,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome, Failure> {
    let dir = match args.dir {
        Some(dir) if dir.is_relative() => ctx.start.join(dir),
        Some(dir) => dir,
        None => ctx.start.clone(),
    };
    let currency = args.currency.to_uppercase();
    if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(Failure::Usage(format!(
            "--currency {}: use a three-letter ISO 4217 code such as USD",
            args.currency
        )));
    }
    let folder_name = std::fs::canonicalize(&dir)
        .unwrap_or_else(|_| dir.clone())
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "plan".into());
    let name = args.name.unwrap_or(folder_name);
    let options = InitOptions {
        name: &name,
        currency: &currency,
        example: args.example,
        today: ctx.today,
    };
    let outcome = scaffold::init(&dir, &options)?;
    let mut text = format!(
        "Created plan '{name}' in {} ({} files).\n",
        dir.display(),
        outcome.written.len()
    );
    for kept in &outcome.kept {
        text.push_str(&format!("  kept existing {}\n", kept.display()));
    }
    if let Some(taplo) = scaffold::extend_root_taplo(&dir)? {
        text.push_str(&format!(
            "  added the plan's schemas to {} for editors opened at the repository\n",
            taplo.display()
        ));
    }
    let shown = dir.display().to_string();
    text.push_str(&format!(
        "Next: `cto-plan -C {shown} check`, then commit it with git.\n"
    ));
    print(&text)?;
    Ok(Outcome::Clean)
}
