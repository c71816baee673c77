//! `cto-plan show`: one record, and what refers to it.

use cto_plan::Error;
use cto_plan::model::{Kind, Plan, Unresolved};
use cto_plan::render::records;
use cto_plan::store::Loaded;
use cto_plan::validate::rules;

use super::error::Failure;
use super::{Context, Outcome, print, print_exact};

/// Show one record with every field, and the records that refer to it.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The record: `kind/id` (initiative/search-v2) or a bare id when it is unique.
    reference: String,

    /// Read the plan as of a git revision.
    #[arg(long, value_name = "REV")]
    rev: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
    /// The file exactly as written.
    Toml,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome, Failure> {
    let (layout, loaded) = ctx.load(args.rev.as_deref())?;
    let record = find(&loaded, &args.reference)?;
    let display_path = layout.display_path(&record.path);
    let text = match args.format {
        Format::Text => records::show_text(&loaded.plan, record, &display_path, ctx.today),
        Format::Json => records::show_json(&loaded.plan, record, &display_path),
        Format::Toml => {
            // The loader strips a byte-order mark (and reports it): put it back,
            // so this prints the file exactly as written.
            let had_bom = loaded
                .findings
                .iter()
                .any(|f| f.path == record.path && std::ptr::eq(f.rule, &rules::BYTE_ORDER_MARK));
            let text = loaded.sources.text(&record.path).unwrap_or_default();
            if had_bom {
                format!("\u{feff}{text}")
            } else {
                text.to_owned()
            }
        }
    };
    if matches!(args.format, Format::Json | Format::Toml) {
        print_exact(&text)?;
    } else {
        print(&text)?;
    }
    Ok(Outcome::Clean)
}

/// Resolves a reference typed on the command line, with a suggestion when it
/// misses, and the reason when its file exists but does not load.
pub fn find<'p>(loaded: &'p Loaded, reference: &str) -> Result<&'p cto_plan::model::Record, Error> {
    find_suggesting(loaded, reference, None)
}

/// [`find`], suggesting records of `kind` (when given, or when the
/// reference names one) by id, name or prefix ([`Plan::suggest`]).
pub fn find_suggesting<'p>(
    loaded: &'p Loaded,
    reference: &str,
    kind: Option<Kind>,
) -> Result<&'p cto_plan::model::Record, Error> {
    let plan = &loaded.plan;
    match plan.resolve(reference, None) {
        Ok(record) => Ok(record),
        Err(Unresolved::Ambiguous(kinds)) => Err(Error::AmbiguousRecord {
            reference: reference.to_owned(),
            kinds: kinds
                .iter()
                .map(|k| k.name())
                .collect::<Vec<_>>()
                .join(" and a "),
        }),
        Err(_) => {
            if let Some(error) = unloadable(loaded, reference) {
                return Err(error);
            }
            let prefixed = reference
                .split_once('/')
                .and_then(|(kind, _)| kind.parse::<Kind>().ok());
            let kind = prefixed.or(kind);
            let suggestion = plan.suggest(reference, kind).map(|meant| {
                if prefixed.is_some() {
                    meant.reference()
                } else {
                    meant.id.clone()
                }
            });
            // Decision ids start with their date: `use-kafka` means `2026-11-27-use-kafka`.
            let dated = || {
                plan.records
                    .iter()
                    .filter(|r| kind.is_none_or(|k| r.kind == k))
                    .map(|r| r.id.clone())
                    .find(|id| id.ends_with(&format!("-{}", Plan::bare_id(reference))))
            };
            Err(Error::NoSuchRecord {
                reference: reference.to_owned(),
                suggestion: suggestion.or_else(dated),
            })
        }
    }
}

/// A record whose file exists but did not load (it does not parse, or its
/// name is not an id): the first error in that file, located.
fn unloadable(loaded: &Loaded, reference: &str) -> Option<Error> {
    let id = Plan::bare_id(reference);
    let finding = loaded.findings.iter().find(|f| {
        f.severity() == cto_plan::diagnostic::Severity::Error
            && f.path
                .rsplit('/')
                .next()
                .and_then(|name| name.strip_suffix(".toml"))
                == Some(id)
    })?;
    let (at, _) = loaded.sources.locate(&finding.path, finding.span.as_ref());
    Some(Error::Edit {
        location: format!("{}:{}:{}", finding.path, at.line, at.column),
        message: format!("{reference} cannot be read: {}", finding.message),
        hint: Some("fix the file first; `cto-plan check` shows every problem".into()),
    })
}
