//! `cto-plan site`: writes the static site of the plan to a folder, or
//! (`--serve`) builds it in memory and serves it over HTTP on one address
//! (127.0.0.1 unless `--bind` says otherwise), rebuilt when the repository
//! changes, after changes stop for a moment (debounced). The server serves
//! only the site's own files and writes none.

use std::path::PathBuf;

use std::collections::HashMap;
use std::sync::{Arc, RwLock, mpsc};
use std::time::Duration;

use cto_plan::Error;
use cto_plan::site;
use cto_plan::store::{Layout, write};
use git2::{Oid, Repository};
use notify::Watcher as _;

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
    /// the same names are replaced, unless they already hold the same page).
    #[arg(long, value_name = "DIR", default_value = "site")]
    out: PathBuf,

    /// Build the site of this revision instead of HEAD.
    #[arg(long, value_name = "REV", default_value = "HEAD")]
    rev: String,

    /// Preview the site over HTTP instead of writing it, rebuilding it when
    /// the repository changes (a commit, a checkout).
    #[arg(long)]
    serve: bool,

    /// The port to serve on; 0 picks a free one (the URL is printed).
    #[arg(long, value_name = "N", default_value_t = 8000, requires = "serve")]
    port: u16,

    /// The address to listen on: only this machine unless you say otherwise.
    #[arg(
        long,
        value_name = "ADDR",
        default_value = "127.0.0.1",
        requires = "serve"
    )]
    bind: std::net::IpAddr,
}

pub fn run(ctx: &Context, args: Args) -> Result<Outcome, Failure> {
    let layout = ctx.layout()?;
    let repo = ctx.repository()?;
    let head = ctx.start_revision(&args.rev)?.id;
    if args.serve {
        return serve(ctx, &layout, repo, head, &args);
    }
    let files = site::build(repo, &layout, head, ctx.today)?;
    // Relative to -C, like every path on the command line.
    let out = if args.out.is_relative() {
        ctx.start.join(&args.out)
    } else {
        args.out.clone()
    };
    // A page already there as it would be written is left alone: a repeat
    // build writes only what changed, and a deployment that copies by
    // modification time copies only that.
    let (changed, unchanged): (Vec<_>, Vec<_>) = files
        .iter()
        .map(|(path, bytes)| (out.join(path), bytes))
        .partition(|(path, bytes)| !holds(path, bytes));
    // One batch: each page lands atomically, and all of them are made
    // durable at once instead of one sync per page (a site of a large plan
    // has tens of thousands).
    let batch: Vec<write::BatchFile<'_>> = changed
        .iter()
        .map(|(path, bytes)| write::BatchFile {
            path,
            contents: bytes,
            existing: write::Existing::Replace,
        })
        .collect();
    write::write_batch(&batch).map_err(|failure| failure.error)?;
    let kept = match unchanged.len() {
        0 => String::new(),
        1 => "; 1 was already up to date".to_owned(),
        n => format!("; {n} were already up to date"),
    };
    print(&format!(
        "wrote {} files to {}{kept}\n",
        changed.len(),
        out.display()
    ))?;
    Ok(Outcome::Clean)
}

/// Whether `path` is a file that holds exactly `bytes` (its size is
/// compared first, so most changed pages are not read).
fn holds(path: &std::path::Path, bytes: &[u8]) -> bool {
    std::fs::symlink_metadata(path)
        .is_ok_and(|meta| meta.is_file() && meta.len() == bytes.len() as u64)
        && std::fs::read(path).is_ok_and(|current| current == bytes)
}

/// How long the repository must be quiet before the site is rebuilt: a
/// commit or checkout touches many files within a few milliseconds.
const DEBOUNCE: Duration = Duration::from_millis(300);

type Pages = Arc<RwLock<HashMap<String, Vec<u8>>>>;

/// An environment error (exit code 2) about `what` (an address, a folder).
fn environment(what: &str, message: String) -> Failure {
    Failure::from(Error::io(what, std::io::Error::other(message)))
}

fn serve(
    ctx: &Context,
    layout: &Layout,
    repo: &Repository,
    head: Oid,
    args: &Args,
) -> Result<Outcome, Failure> {
    let pages: Pages = Arc::new(RwLock::new(HashMap::new()));
    let build = |head: Oid| -> Result<usize, Error> {
        let files = site::build(repo, layout, head, ctx.today)?;
        let count = files.len();
        *pages.write().expect("no thread panics holding the lock") = files.into_iter().collect();
        Ok(count)
    };
    build(head)?;
    let server = tiny_http::Server::http((args.bind, args.port)).map_err(|e| {
        environment(
            &format!("{}:{}", args.bind, args.port),
            format!("cannot listen there ({e}); pick another --port"),
        )
    })?;
    let address = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| environment("site --serve", "the server has no IP address".into()))?;
    print(&format!(
        "serving the site on http://{address}/ (Ctrl-C stops)\n"
    ))?;
    let shared = Arc::clone(&pages);
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            respond(&shared, request);
        }
    });

    // Watch the repository's git folder: a commit, a checkout or a fetch
    // moves what the revision names.
    let (events, changes) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // Reading the repository (the build itself) is no change.
        if event.as_ref().is_ok_and(|e| e.kind.is_access()) {
            return;
        }
        let _ = events.send(event);
    })
    .map_err(|e| {
        environment(
            &repo.path().display().to_string(),
            format!("cannot watch it: {e}"),
        )
    })?;
    watcher
        .watch(repo.path(), notify::RecursiveMode::Recursive)
        .map_err(|e| {
            environment(
                &repo.path().display().to_string(),
                format!("cannot watch it: {e}"),
            )
        })?;
    while changes.recv().is_ok() {
        // Wait for the repository to be quiet, then rebuild once.
        while changes.recv_timeout(DEBOUNCE).is_ok() {}
        let rebuilt = repo
            .revparse_single(&args.rev)
            .and_then(|object| object.peel_to_commit())
            .map_err(Error::from)
            .and_then(|commit| build(commit.id()));
        match rebuilt {
            Ok(count) => print(&format!("rebuilt the site: {count} files\n"))?,
            Err(error) => super::warn(&format!("the site was not rebuilt: {error}")),
        }
    }
    Ok(Outcome::Clean)
}

/// The file a request asks for: `/` and folders mean their `index.html`.
fn page_for(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let path = path.trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_owned()
    }
}

fn respond(pages: &Pages, request: tiny_http::Request) {
    let page = page_for(request.url());
    let found = pages
        .read()
        .expect("no thread panics holding the lock")
        .get(&page)
        .cloned();
    let header = |name: &str, value: &str| {
        tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes())
            .expect("the headers are ASCII")
    };
    let response = match found {
        Some(bytes) => tiny_http::Response::from_data(bytes)
            .with_header(header("Content-Type", "text/html; charset=utf-8")),
        None => tiny_http::Response::from_data(b"not found\n".to_vec())
            .with_status_code(404)
            .with_header(header("Content-Type", "text/plain; charset=utf-8")),
    }
    .with_header(header(
        "Content-Security-Policy",
        site::CONTENT_SECURITY_POLICY,
    ));
    // A client that went away is no concern of the site's.
    let _ = request.respond(response);
}
