//! The command line: clap definitions, one file per command, and the context
//! every command shares (plan location, today's date, colour), resolved once.
//!
//! This is the only layer that knows about terminals, colour and exit codes.
//! Everything human-readable it writes goes through
//! `cto_plan::text::terminal_guard` ([`print`], [`note`], [`warn`], errors),
//! so plan text cannot drive the terminal; machine formats go through
//! [`print_exact`] and keep every character.

mod blame;
mod capacity;
mod check;
mod demo;
mod diff;
mod error;
mod export;
mod skills;

use error::Failure;
mod init;
mod list;
mod log;
mod radar;
mod review;
mod schema;
mod show;
mod site;
// Writing the plan (issue 5).
mod completions;
mod decide;
mod man;
mod new;
mod person;
mod role;
mod set;
mod ship;
mod supersede;
mod unset;
// Importers (issue 14).
mod import;
// Lifecycle verbs (issue 12).
mod cancel;
mod kr;
mod risk;
mod slip;

use std::cell::OnceCell;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{FromArgMatches as _, Parser, Subcommand, ValueEnum};
use cto_plan::Error;
use cto_plan::store::revision::{Resolved, Revisions};
use cto_plan::store::worktree::Worktree;
use cto_plan::store::{self, Layout, Loaded, RepoHandle, Source, git::Revision};
use cto_plan::text::{neutralise, terminal_guard};
use git2::Repository;
use jiff::civil::Date;

/// Git-native, plain-text planning for engineering leaders.
///
/// Keeps roadmap, people, teams, hiring, decisions, risks, budgets and
/// objectives as small TOML files in a git repository, and checks them.
#[derive(Debug, Parser)]
#[command(
    name = "cto-plan",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// Run as if started in DIR: the plan is the nearest folder at or above it holding cto-plan.toml.
    #[arg(short = 'C', global = true, value_name = "DIR", help_heading = GLOBAL)]
    directory: Option<PathBuf>,

    /// Read the plan as of a revision, a date (YYYY-MM-DD: the last commit on the main line that day
    /// or before) or a quarter (2026-Q3: the plan as the quarter began): for check, list, show and
    /// export; the older side for diff; where log, blame, review and radar start.
    // Given before the command (`cto-plan --at 2026-Q1 check`) or after it;
    // only the commands that read the past take it (see [`command`]).
    #[arg(long, value_name = "WHEN", help_heading = GLOBAL)]
    at: Option<String>,

    /// When to colour output.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN", help_heading = GLOBAL)]
    color: ColorWhen,

    /// Walk the history without the history index (kept in the user's cache; also
    /// CTO_PLAN_NO_INDEX=1): read and write none.
    #[arg(long, global = true, help_heading = GLOBAL)]
    no_index: bool,

    #[command(subcommand)]
    command: Command,
}

/// The help heading of the options every command takes.
const GLOBAL: &str = "Global options";

/// The commands that read the plan as it was, and so take `--at`.
const READS_THE_PAST: &[&str] = &[
    "check", "list", "show", "diff", "log", "blame", "review", "radar", "capacity", "skills",
    "export",
];

/// The command line as clap parses, documents and completes it: the
/// derive's definition, with `--at` on the commands that take it, so that
/// the others neither list it in their help nor accept it after their name.
pub fn command() -> clap::Command {
    use clap::CommandFactory as _;
    let command = Cli::command();
    let at = command
        .get_arguments()
        .find(|arg| arg.get_id() == "at")
        .cloned()
        .expect("Cli defines --at");
    // In place: `mut_subcommand` would move each to the end of the list.
    command.mut_subcommands(|sub| {
        if READS_THE_PAST.contains(&sub.get_name()) {
            // Global below the command, so that `export csv KIND --at WHEN`
            // takes it after the subcommand too.
            sub.arg(at.clone().global(true))
        } else {
            sub
        }
    })
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ColorWhen {
    /// Colour on a terminal, unless NO_COLOR is set.
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
enum Command {
    Check(check::Args),
    Review(review::Args),
    Site(site::Args),
    Log(log::Args),
    Radar(radar::Args),
    Capacity(capacity::Args),
    Skills(skills::Args),
    Export(export::Args),
    Blame(blame::Args),
    Diff(diff::Args),
    Init(init::Args),
    Demo(demo::Args),
    List(list::Args),
    Show(show::Args),
    Schema(schema::Args),
    New(new::Args),
    Set(set::Args),
    Unset(unset::Args),
    Decide(decide::Args),
    Supersede(supersede::Args),
    Ship(ship::Args),
    Person(person::Args),
    Role(role::Args),
    Cancel(cancel::Args),
    Slip(slip::Args),
    Risk(risk::Args),
    Kr(kr::Args),
    Import(import::Args),
    Completions(completions::Args),
    Man(man::Args),
}

/// What every command may need, resolved once from the global options
/// (ripgrep's low-level → high-level arguments): the plan's location and its
/// repository are found at most once per run, and `--at` is a commit before
/// any command runs. Commands get commit ids, never words to parse again.
pub struct Context {
    /// Where to start looking for the plan.
    start: PathBuf,
    /// Today's date, from `CTO_PLAN_TODAY` when set (reproducible output).
    today: Date,
    /// `--at`, resolved to a commit (the word kept for labels).
    at: Option<Resolved>,
    /// The plan's location, found on first use: `init` and `demo` need none.
    layout: OnceCell<Layout>,
    /// The run's one repository handle, opened on first use.
    repo: OnceCell<Repository>,
    /// The plan's fiscal year start, for quarters: its settings read once.
    fiscal_start_month: OnceCell<u8>,
    /// Whether to serve commits with malformed dates repaired (a first run
    /// failed on one).
    repair_commits: bool,
}

/// The revision and format options of the report commands (`radar`,
/// `capacity`, `skills`), declared once.
#[derive(Debug, clap::Args)]
pub struct Report {
    /// Read the plan as of a git revision instead of the working tree.
    #[arg(long, value_name = "REV")]
    rev: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    format: ReportFormat,
}

/// Text for a terminal, Markdown for a pull request or a wiki, JSON for
/// scripts.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ReportFormat {
    Text,
    Markdown,
    Json,
}

/// What a command reports back: how the process should exit.
pub enum Outcome {
    /// Exit 0.
    Clean,
    /// Exit 1: findings, or differences.
    Findings,
}

pub fn main() -> ExitCode {
    let matches = command().get_matches();
    let mut cli =
        Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.format(&mut command()).exit());
    // `--at` after the command's name lands in the command's own matches.
    let (name, sub) = matches.subcommand().expect("a command is required");
    if let Some(at) = sub.try_get_one::<String>("at").ok().flatten() {
        cli.at = Some(at.clone());
    }
    store::git::configure_libgit2();
    anstream::ColorChoice::write_global(match cli.color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    });
    if cli.at.is_some() && !READS_THE_PAST.contains(&name) {
        return ExitCode::from(error::report(&Failure::Usage(format!(
            "--at reads the plan as it was: it goes with {} and {}",
            READS_THE_PAST[..READS_THE_PAST.len() - 1].join(", "),
            READS_THE_PAST[READS_THE_PAST.len() - 1]
        ))));
    }
    let reads_history = READS_THE_PAST.contains(&name);
    let no_index = std::env::var_os("CTO_PLAN_NO_INDEX").is_some_and(|v| !v.is_empty());
    if !cli.no_index && !no_index {
        store::history_index::enable(cache());
    }
    let mut result = dispatch(cli, false);
    // One malformed commit date makes libgit2 refuse every walk through
    // that commit. Repairing reads every reachable commit, so it is done
    // only when a read has failed that way, and only for the commands that
    // read history (they print nothing before they fail).
    if reads_history
        && let Err(Failure::Plan(e)) = &result
        && store::layout::is_malformed_commit(e)
    {
        let mut cli =
            Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.format(&mut command()).exit());
        if let Some(at) = sub.try_get_one::<String>("at").ok().flatten() {
            cli.at = Some(at.clone());
        }
        result = dispatch(cli, true);
    }
    store::history_index::save();
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Err(e) => ExitCode::from(error::report(&e)),
    }
}

/// Runs the command; with `repair_commits`, the repository is opened with
/// malformed commits repaired.
fn dispatch(cli: Cli, repair_commits: bool) -> Result<Outcome, Failure> {
    Context::new(&cli, repair_commits).and_then(|ctx| match cli.command {
        Command::Check(args) => check::run(&ctx, args),
        Command::Review(args) => review::run(&ctx, args),
        Command::Site(args) => site::run(&ctx, args),
        Command::Log(args) => log::run(&ctx, args),
        Command::Radar(args) => radar::run(&ctx, args),
        Command::Capacity(args) => capacity::run(&ctx, args),
        Command::Skills(args) => skills::run(&ctx, args),
        Command::Export(args) => export::run(&ctx, args),
        Command::Blame(args) => blame::run(&ctx, args),
        Command::Diff(args) => diff::run(&ctx, args),
        Command::Init(args) => init::run(&ctx, args),
        Command::Demo(args) => demo::run(&ctx, args),
        Command::List(args) => list::run(&ctx, args),
        Command::Show(args) => show::run(&ctx, args),
        Command::Schema(args) => schema::run(&ctx, args),
        Command::New(args) => new::run(&ctx, args),
        Command::Set(args) => set::run(&ctx, args),
        Command::Unset(args) => unset::run(&ctx, args),
        Command::Decide(args) => decide::run(&ctx, args),
        Command::Supersede(args) => supersede::run(&ctx, args),
        Command::Ship(args) => ship::run(&ctx, args),
        Command::Person(args) => person::run(&ctx, args),
        Command::Role(args) => role::run(&ctx, args),
        Command::Cancel(args) => cancel::run(&ctx, args),
        Command::Slip(args) => slip::run(&ctx, args),
        Command::Risk(args) => risk::run(&ctx, args),
        Command::Kr(args) => kr::run(&ctx, args),
        Command::Import(args) => import::run(&ctx, args),
        Command::Completions(args) => completions::run(&ctx, args),
        Command::Man(args) => man::run(&ctx, args),
    })
}

/// The cache of derived figures (`cto_plan::store::cache`): in
/// `CTO_PLAN_CACHE_DIR`, else `$XDG_CACHE_HOME/cto-plan`, else
/// `~/.cache/cto-plan`; none when `CTO_PLAN_NO_CACHE` is set (to anything
/// but an empty string) or no such folder can be named.
pub fn cache() -> cto_plan::store::cache::Cache {
    use cto_plan::store::cache::Cache;
    let set = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if set("CTO_PLAN_NO_CACHE").is_some() {
        return Cache::disabled();
    }
    let dir = set("CTO_PLAN_CACHE_DIR")
        .map(PathBuf::from)
        .or_else(|| set("XDG_CACHE_HOME").map(|d| PathBuf::from(d).join("cto-plan")))
        .or_else(|| set("HOME").map(|h| PathBuf::from(h).join(".cache").join("cto-plan")));
    // The program's version, size and modification time: a rebuilt binary
    // has other figures' code, so it must not read the old one's.
    let build = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| {
            let modified = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{} {} {modified}", env!("CARGO_PKG_VERSION"), m.len())
        });
    match (dir.filter(|d| d.is_absolute()), build) {
        (Some(dir), Ok(build)) => Cache::at(dir, build),
        _ => Cache::disabled(),
    }
}

/// A plain note on stderr: what a command did, kept out of its output.
pub fn note(message: &str) {
    let _ = write!(anstream::stderr(), "{}", neutralise(message));
}

/// A warning on stderr, in the same style as errors.
pub fn warn(message: &str) {
    let yellow = anstyle::AnsiColor::Yellow.on_default().bold();
    let _ = writeln!(
        anstream::stderr(),
        "{yellow}warning{yellow:#}: {}",
        neutralise(message)
    );
}

/// Warns of the errors loading the plan found (a file that does not parse,
/// a value out of range): a report computed from such a plan leaves out or
/// replaces what they touch, and must say so. Returns whether there were
/// any, for the exit code.
pub fn warn_of_load_errors(loaded: &cto_plan::store::Loaded, report: &str) -> bool {
    const SHOWN: usize = 5;
    let errors: Vec<&cto_plan::diagnostic::Finding> = loaded
        .findings
        .iter()
        .filter(|f| f.severity() == cto_plan::diagnostic::Severity::Error)
        .collect();
    for finding in errors.iter().take(SHOWN) {
        let (at, _) = loaded.sources.locate(&finding.path, finding.span.as_ref());
        warn(&format!(
            "{}:{}: {} [{}]",
            finding.path, at.line, finding.message, finding.rule.code
        ));
    }
    if !errors.is_empty() {
        let more = match errors.len().saturating_sub(SHOWN) {
            0 => String::new(),
            n => format!("{n} more error(s); "),
        };
        warn(&format!(
            "{more}the {report} leaves out the files that do not parse and counts a value out of range as its default: fix them (`cto-plan check` shows each) and run it again"
        ));
    }
    !errors.is_empty()
}

/// Today's date where the user is. jiff's lookup of the system's time zone
/// lists the whole time zone database to learn the zone's name (about a
/// millisecond, a twentieth of a `diff`), which a date does not need: when
/// `TZ` is not set, the zone is read from `/etc/localtime` alone, as jiff
/// would read it; anything else is left to jiff.
fn local_today() -> Date {
    let now = jiff::Timestamp::now();
    if cfg!(unix)
        && std::env::var_os("TZ").is_none()
        && let Ok(data) = std::fs::read("/etc/localtime")
        && let Ok(zone) = jiff::tz::TimeZone::tzif("localtime", &data)
    {
        return now.to_zoned_datetime(zone).date();
    }
    jiff::ZonedDateTime::now().date()
}

impl Context {
    fn new(cli: &Cli, repair_commits: bool) -> Result<Context, Failure> {
        let start = match &cli.directory {
            Some(dir) => dir.clone(),
            None => std::env::current_dir().map_err(|e| Error::io(".", e))?,
        };
        let today = match std::env::var("CTO_PLAN_TODAY") {
            Ok(text) => text.parse::<Date>().map_err(|_| {
                Failure::Usage(format!(
                    "CTO_PLAN_TODAY={text} is not a date: write it as YYYY-MM-DD"
                ))
            })?,
            Err(_) => local_today(),
        };
        let mut ctx = Context {
            start,
            today,
            at: None,
            layout: OnceCell::new(),
            repo: OnceCell::new(),
            fiscal_start_month: OnceCell::new(),
            repair_commits,
        };
        if let Some(word) = &cli.at {
            let revisions = ctx.revisions()?;
            // `diff` has always read `--at` as it reads FROM: a revision
            // first, then a date or a quarter.
            let at = match cli.command {
                Command::Diff(_) => revisions.diff_side(word)?,
                _ => revisions.at(word)?,
            };
            ctx.at = Some(at);
        }
        Ok(ctx)
    }

    /// The plan's location, found once.
    fn plan(&self) -> Result<&Layout, Error> {
        if let Some(layout) = self.layout.get() {
            return Ok(layout);
        }
        let layout = Layout::discover(&self.start)?;
        Ok(self.layout.get_or_init(|| layout))
    }

    fn layout(&self) -> Result<Layout, Error> {
        self.plan().cloned()
    }

    /// The plan's repository, opened once per run.
    fn repository(&self) -> Result<&Repository, Error> {
        if let Some(repo) = self.repo.get() {
            return Ok(repo);
        }
        let (repo, warnings) = self.plan()?.open_repository(self.repair_commits)?;
        for warning in warnings {
            warn(&warning);
        }
        Ok(self.repo.get_or_init(|| repo))
    }

    /// Resolves revision words for this plan (its settings read once here).
    fn revisions(&self) -> Result<Revisions<'_>, Error> {
        let (repo, layout) = (self.repository()?, self.plan()?);
        let month = *self
            .fiscal_start_month
            .get_or_init(|| store::revision::fiscal_start_month(layout, repo));
        Ok(Revisions::with_fiscal_start_month(repo, layout, month))
    }

    /// `--at`'s commit, named in messages by its full id (as `check`, `log`
    /// and the others have always named it; `diff` labels it by the word).
    fn at_by_id(&self) -> Option<Resolved> {
        self.at.as_ref().map(|at| Resolved {
            word: at.id.to_string(),
            id: at.id,
        })
    }

    /// The commit a history command starts from: `rev` (default `HEAD`),
    /// or the commit `--at` names.
    fn start_revision(&self, rev: &str) -> Result<Resolved, Failure> {
        match self.at_by_id() {
            None => Ok(self.revisions()?.rev(rev)?),
            Some(_) if rev != "HEAD" => {
                Err(Failure::Usage("give either --rev or --at, not both".into()))
            }
            Some(at) => Ok(at),
        }
    }

    /// Loads the plan from the working tree, or from `rev` (or `--at`) when given.
    fn load(&self, rev: Option<&str>) -> Result<(Layout, Loaded), Failure> {
        self.load_dated(rev)
            .map(|(layout, loaded, _)| (layout, loaded))
    }

    /// [`Context::load`], and the day the plan read speaks for: today for
    /// the working tree; for `--at DATE` that date; for a commit (`--rev`,
    /// `--at REV`) the day it was committed. Reports pick their default
    /// quarters from it, so that an old plan is not read against today's.
    fn load_dated(&self, rev: Option<&str>) -> Result<(Layout, Loaded, Date), Failure> {
        let layout = self.layout()?;
        let commit = match (rev, self.at_by_id()) {
            (Some(_), Some(_)) => {
                return Err(Failure::Usage("give either --rev or --at, not both".into()));
            }
            (Some(rev), None) => Some(self.revisions()?.rev(rev)?),
            (None, at) => at,
        };
        let (loaded, day) = match commit {
            Some(commit) => {
                let given_day = match rev {
                    Some(word) => word.parse::<Date>().ok(),
                    None => self.at.as_ref().and_then(|at| at.word.parse::<Date>().ok()),
                };
                let day = match given_day {
                    Some(day) => day,
                    None => {
                        let found = self
                            .repository()?
                            .find_commit(commit.id)
                            .map_err(cto_plan::Error::from)?;
                        cto_plan::store::revision::commit_date(&found)
                    }
                };
                let loaded = store::load(&Revision::of(self.repository()?, &layout, &commit)?)?;
                (loaded, day)
            }
            None => {
                let repo = self.repository().ok().map(RepoHandle::from);
                let loaded =
                    store::load(&Worktree::with_repository(&layout, repo)? as &dyn Source)?;
                (loaded, self.today)
            }
        };
        Ok((layout, loaded, day))
    }
}

/// Reads a date option (`--on`, `--since`), with a message that says what a
/// date looks like.
pub fn parse_date(text: &str) -> Result<Date, String> {
    text.parse::<Date>()
        .map_err(|_| format!("'{text}' is not a date: write it as YYYY-MM-DD, such as 2026-11-27"))
}

/// Progress of a history walk on stderr: shown only on a terminal, and only
/// once the walk has taken long enough to be worth a spinner.
pub struct HistoryProgress {
    bar: indicatif::ProgressBar,
    on_terminal: bool,
    started: std::time::Instant,
}

/// How long a walk runs before its spinner appears.
const PROGRESS_DELAY: std::time::Duration = std::time::Duration::from_millis(400);

impl HistoryProgress {
    pub fn new() -> HistoryProgress {
        use std::io::IsTerminal;
        let bar =
            indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::hidden());
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} reading history: {msg} ({elapsed})")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        HistoryProgress {
            bar,
            on_terminal: std::io::stderr().is_terminal(),
            started: std::time::Instant::now(),
        }
    }

    /// Reports commits walked and plan changes found so far.
    pub fn update(&self, walked: usize, found: usize) {
        if self.on_terminal && self.bar.is_hidden() && self.started.elapsed() > PROGRESS_DELAY {
            self.bar
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
            self.bar
                .enable_steady_tick(std::time::Duration::from_millis(120));
        }
        self.bar
            .set_message(format!("{walked} commits, {found} changed the plan"));
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// Writes human-readable output to stdout (text, Markdown): any control,
/// escape or bidi character in it that is not one of the tool's own colours
/// is shown as an escape (plan text is neutralised where it enters an
/// output; this is the last line of defence). Colours are then kept or
/// stripped by the `--color` choice.
pub fn print(text: &str) -> Result<(), Error> {
    print_exact(&terminal_guard(text, true))
}

/// Writes a machine format (JSON, SARIF, workflow commands, a record's TOML)
/// to stdout exactly; a closed pipe (`cto-plan list | head`) ends quietly.
pub fn print_exact(text: &str) -> Result<(), Error> {
    let mut stdout = anstream::stdout();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => Err(Error::io("<stdout>", e)),
    }
}

/// Whether stdout should get colour, by the global choice and the terminal.
pub fn stdout_colored() -> bool {
    anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
}

/// Kinds as command-line values: parsed like `Kind::from_str` (plurals too,
/// with its error), and offered by completions and `--help`.
#[derive(Clone)]
pub struct KindParser;

impl clap::builder::TypedValueParser for KindParser {
    type Value = cto_plan::model::Kind;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<Self::Value, clap::Error> {
        let text = value.to_string_lossy();
        text.parse().map_err(|message: String| {
            let arg = arg.map_or_else(|| "KIND".to_owned(), |a| a.to_string());
            clap::Error::raw(
                clap::error::ErrorKind::ValueValidation,
                format!("invalid value '{text}' for '{arg}': {message}\n"),
            )
            .with_cmd(cmd)
        })
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(cto_plan::model::Kind::ALL.iter().map(|kind| {
            clap::builder::PossibleValue::new(kind.name()).alias(kind.spec().plural)
        })))
    }
}
