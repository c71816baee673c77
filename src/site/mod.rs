//! The static site of a plan (`cto-plan site`): a dashboard, the roadmap,
//! one page per record with its history and blame, the decision log, the
//! organisation, risks, budgets, objectives, the radar and every quarter's
//! review, as `(relative path, bytes)` pairs built in memory.
//!
//! Reads the plan at one revision and walks its history once, for every
//! record page (changes are grouped by record in one pass) and every
//! quarter's review (the walk is cut at each quarter's start): never one
//! walk per record or per quarter.
//! Pages are rendered by minijinja with HTML auto-escaping, plan text
//! neutralised first, so no plan value can act in a page. Every link is
//! relative. Nothing here writes files, prints or reads the clock.

mod context;
mod records;

use git2::{Oid, Repository};
use jiff::civil::Date;
use minijinja::{AutoEscape, Environment, State, Value};

use crate::error::{Error, Result};
use crate::history::{self, WalkOptions, audit::Entry};
use crate::model::Quarter;
use crate::review::{self, gather};
use crate::store::{self, Layout, git::Revision};

pub use records::changes_by_record;

/// The policy every page carries: no script, no request of any kind, styles
/// inline only.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/// One file of the site: its path relative to the site's root
/// (`/`-separated) and its bytes.
pub type SiteFile = (String, Vec<u8>);

/// Builds every page of the site of the plan at `head`, with `today`
/// deciding the current quarter and which quarters are complete.
pub fn build(repo: &Repository, layout: &Layout, head: Oid, today: Date) -> Result<Vec<SiteFile>> {
    let revision = Revision::at_commit(repo, layout, &head.to_string(), head)?;
    let plan = store::load(&revision)?.plan;
    let mut main_line = Vec::new();
    let history = history::walk(
        repo,
        layout,
        head,
        WalkOptions {
            main_line: Some(&mut main_line),
            ..WalkOptions::default()
        },
    )?;
    let changes = changes_by_record(&history);
    let fiscal = plan.config.fiscal_year_start_month;
    let quarters = reviewed_quarters(&history, today, fiscal);

    let env = environment();
    let mut files = Vec::new();
    let site = context::Site::new(&plan, today, &quarters);
    for (path, template, page) in site.pages() {
        files.push((path.clone(), render(&env, template, &path, page)?));
    }
    // One page per record, on every core: for a large plan these are most
    // of the site's pages, and each is built from the plan alone.
    let record_pages = store::parallel::map(&plan.records, |record| {
        let entries: &[Entry<'_>] = changes
            .get(&(record.kind, record.id.clone()))
            .map_or(&[], Vec::as_slice);
        let path = context::record_path(record.kind, &record.id);
        let page = site.record_page(record, entries);
        render(&env, "record.html.j2", &path, page).map(|html| (path, html))
    });
    for page in record_pages {
        files.push(page?);
    }
    // Every quarter's review from the one walk above: the history is cut
    // at each quarter's start, never walked again. Each quarter's review is
    // built and rendered on a second thread while the next one is gathered;
    // one gathered quarter waits at most, so at most three are held.
    let name = "review.html.j2";
    let source = crate::scaffold::template(name).unwrap_or_default();
    let reviews = std::thread::scope(|scope| -> Result<Vec<SiteFile>> {
        let (gathered_tx, gathered_rx) = std::sync::mpsc::sync_channel::<gather::Gathered>(1);
        let renderer = scope.spawn(move || -> Result<Vec<SiteFile>> {
            let mut pages = Vec::new();
            for gathered in gathered_rx {
                let review = review::build(&gathered.inputs());
                let html = crate::render::review::render(&review, name, source)?;
                pages.push((context::review_path(gathered.quarter), html.into_bytes()));
            }
            Ok(pages)
        });
        let walked = gather::gather_quarters(
            repo,
            layout,
            head,
            &quarters,
            today,
            &history,
            &main_line,
            &plan,
            |gathered| {
                // A renderer that stopped has failed: its error is the one
                // to report, below.
                let _ = gathered_tx.send(gathered);
                Ok(())
            },
        );
        drop(gathered_tx);
        let rendered = renderer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        walked?;
        rendered
    })?;
    files.extend(reviews);
    Ok(files)
}

/// The complete quarters the history covers, oldest first: from the one of
/// the plan's first recorded commit to the last one ended before `today`.
fn reviewed_quarters(history: &history::History, today: Date, fiscal: u8) -> Vec<Quarter> {
    let last = review::default_quarter(today, fiscal);
    let Some(first) = history.steps.first().map(|s| s.commit.date()) else {
        return Vec::new();
    };
    let mut quarter = Quarter::containing(first, fiscal);
    let mut quarters = Vec::new();
    while quarter.quarters_until(last) >= 0 {
        quarters.push(quarter);
        quarter = quarter.next();
    }
    quarters
}

/// How deep `path` sits below the site's root, as the prefix that leads
/// back there (`""`, `"../"`).
fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

fn render(env: &Environment<'_>, template: &str, path: &str, page: Value) -> Result<Vec<u8>> {
    let fail = |e: minijinja::Error| Error::Template {
        template: format!(
            "site/{template}{}",
            e.line().map(|l| format!(":{l}")).unwrap_or_default()
        ),
        message: e
            .detail()
            .map_or_else(|| e.kind().to_string(), str::to_owned),
    };
    let template = env.get_template(template).map_err(fail)?;
    let context = minijinja::context! {
        root => root_of(path),
        // A constant of ours, written as it is.
        csp => Value::from_safe_string(CONTENT_SECURITY_POLICY.to_owned()),
        ..page
    };
    Ok(template.render(context).map_err(fail)?.into_bytes())
}

/// Plan text is neutralised before it is escaped: a bidi override shows as
/// `\u{202e}` instead of reordering the page.
fn formatter(
    out: &mut minijinja::Output,
    state: &mut State,
    value: &Value,
) -> std::result::Result<(), minijinja::Error> {
    if !value.is_safe() && value.kind() == minijinja::value::ValueKind::String {
        let shown = Value::from(crate::text::neutralise(&value.to_string()).into_owned());
        return minijinja::escape_formatter(out, state, &shown);
    }
    minijinja::escape_formatter(out, state, value)
}

/// The site's templates (embedded from `templates/site/`), always
/// HTML-escaped whatever their name.
fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .build()
            .expect("the default delimiters are valid"),
    );
    env.set_loader(
        |name| Ok(crate::scaffold::template(&format!("site/{name}")).map(str::to_owned)),
    );
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.set_formatter(formatter);
    env
}
