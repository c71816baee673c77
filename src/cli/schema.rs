//! `cto-plan schema`: JSON Schemas for editors.

use std::path::PathBuf;

use cto_plan::model::Kind;
use cto_plan::schema_json;
use cto_plan::store::write::{Existing, write_atomic};

use super::error::Failure;
use super::{Context, Outcome, print};

/// Print or write the JSON Schema (draft-07) of each kind of record.
///
/// With --out, writes `KIND.schema.json` files (and `cto-plan.schema.json`)
/// into DIR, replacing older versions; otherwise prints one kind's schema.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The kind to print (default with no --out: initiative).
    #[arg(value_parser = super::KindParser)]
    kind: Option<Kind>,

    /// Write every schema into this folder.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome, Failure> {
    let Some(out) = args.out else {
        let kind = args.kind.unwrap_or(Kind::Initiative);
        print(&schema_json::to_pretty(&schema_json::for_kind(kind)))?;
        return Ok(Outcome::Clean);
    };
    let out = if out.is_relative() {
        ctx.start.join(out)
    } else {
        out
    };
    let kinds: Vec<Kind> = args.kind.map_or_else(|| Kind::ALL.to_vec(), |k| vec![k]);
    let mut written = Vec::new();
    for kind in kinds {
        let path = out.join(schema_json::file_name(kind));
        write_atomic(
            &path,
            schema_json::to_pretty(&schema_json::for_kind(kind)).as_bytes(),
            Existing::Replace,
        )?;
        written.push(path);
    }
    if args.kind.is_none() {
        let path = out.join("cto-plan.schema.json");
        write_atomic(
            &path,
            schema_json::to_pretty(&schema_json::for_config()).as_bytes(),
            Existing::Replace,
        )?;
        written.push(path);
    }
    let lines: Vec<String> = written
        .iter()
        .map(|p| format!("wrote {}\n", p.display()))
        .collect();
    print(&lines.concat())?;
    Ok(Outcome::Clean)
}
