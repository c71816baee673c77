//! The command line: clap definitions, one file per command, and the context
//! every command shares (plan location, today's date, colour), resolved once.
//!
//! This is the only layer that knows about terminals, colour and exit codes.

mod blame;
mod check;
mod demo;
mod diff;
mod init;
mod list;
mod log;
mod radar;
mod review;
mod schema;
mod show;
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

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use cto_plan::Error;
use cto_plan::store::{self, Layout, Loaded, Source};
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
    #[arg(short = 'C', global = true, value_name = "DIR")]
    directory: Option<PathBuf>,

    /// Read the plan as of a revision, a date (YYYY-MM-DD: the last commit on the main line that day
    /// or before) or a quarter (2026-Q3: the plan as the quarter began): for check, list and show; the
    /// older side for diff; where log, blame and review start.
    #[arg(long, global = true, value_name = "WHEN")]
    at: Option<String>,

    /// When to colour output.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    color: ColorWhen,

    #[command(subcommand)]
    command: Command,
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
    Log(log::Args),
    Radar(radar::Args),
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
    Completions(completions::Args),
    Man(man::Args),
}

/// What every command may need, resolved once from the global options.
pub struct Context {
    /// Where to start looking for the plan.
    start: PathBuf,
    /// Today's date, from `CTO_PLAN_TODAY` when set (reproducible output).
    today: Date,
    /// `--at`, unresolved.
    at: Option<String>,
}

/// What a command reports back: how the process should exit.
pub enum Outcome {
    /// Exit 0.
    Clean,
    /// Exit 1: findings, or differences.
    Findings,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    store::git::configure_libgit2();
    anstream::ColorChoice::write_global(match cli.color {
        ColorWhen::Auto => anstream::ColorChoice::Auto,
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
    });
    let reads_the_past = matches!(
        cli.command,
        Command::Check(_)
            | Command::List(_)
            | Command::Show(_)
            | Command::Diff(_)
            | Command::Log(_)
            | Command::Blame(_)
            | Command::Review(_)
            | Command::Radar(_)
    );
    if cli.at.is_some() && !reads_the_past {
        report_error(&Error::Usage(
            "--at reads the plan as it was: it goes with check, list, show, diff, log, blame and review".into(),
        ));
        return ExitCode::from(2);
    }
    let result = Context::new(&cli).and_then(|ctx| match cli.command {
        Command::Check(args) => check::run(&ctx, args),
        Command::Review(args) => review::run(&ctx, args),
        Command::Log(args) => log::run(&ctx, args),
        Command::Radar(args) => radar::run(&ctx, args),
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
        Command::Completions(args) => completions::run(&ctx, args),
        Command::Man(args) => man::run(&ctx, args),
    });
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Err(error) => {
            report_error(&error);
            ExitCode::from(2)
        }
    }
}

/// A plain note on stderr: what a command did, kept out of its output.
pub fn note(message: &str) {
    let _ = write!(anstream::stderr(), "{message}");
}

/// A warning on stderr, in the same style as errors.
pub fn warn(message: &str) {
    let yellow = anstyle::AnsiColor::Yellow.on_default().bold();
    let _ = writeln!(anstream::stderr(), "{yellow}warning{yellow:#}: {message}");
}

fn report_error(error: &Error) {
    let red = anstyle::AnsiColor::Red.on_default().bold();
    let cyan = anstyle::AnsiColor::Cyan.on_default().bold();
    let mut stderr = anstream::stderr();
    let _ = writeln!(stderr, "{red}error{red:#}: {error}");
    if let Some(hint) = error.hint() {
        let _ = writeln!(stderr, "{cyan}hint{cyan:#}: {hint}");
    }
}

impl Context {
    fn new(cli: &Cli) -> Result<Context, Error> {
        let start = match &cli.directory {
            Some(dir) => dir.clone(),
            None => std::env::current_dir().map_err(|e| Error::io(".", e))?,
        };
        let today = match std::env::var("CTO_PLAN_TODAY") {
            Ok(text) => text.parse::<Date>().map_err(|_| {
                Error::Usage(format!(
                    "CTO_PLAN_TODAY={text} is not a date: write it as YYYY-MM-DD"
                ))
            })?,
            Err(_) => jiff::ZonedDateTime::now().date(),
        };
        Ok(Context {
            start,
            today,
            at: cli.at.clone(),
        })
    }

    fn layout(&self) -> Result<Layout, Error> {
        Layout::discover(&self.start)
    }

    /// The revision a history command starts from: `rev` (default `HEAD`),
    /// or the commit `--at` names.
    fn start_revision(
        &self,
        layout: &Layout,
        repo: &git2::Repository,
        rev: &str,
    ) -> Result<String, Error> {
        match &self.at {
            None => Ok(rev.to_owned()),
            Some(_) if rev != "HEAD" => {
                Err(Error::Usage("give either --rev or --at, not both".into()))
            }
            Some(at) => {
                Ok(
                    cto_plan::history::resolve_at(repo, at, fiscal_start_month(layout, repo))?
                        .to_string(),
                )
            }
        }
    }

    /// Loads the plan from the working tree, or from `rev` (or `--at`) when given.
    fn load(&self, rev: Option<&str>) -> Result<(Layout, Loaded), Error> {
        let layout = self.layout()?;
        let at = match (rev, &self.at) {
            (Some(_), Some(_)) => {
                return Err(Error::Usage("give either --rev or --at, not both".into()));
            }
            (None, Some(at)) => {
                let repo = layout.repository()?;
                Some(
                    cto_plan::history::resolve_at(&repo, at, fiscal_start_month(&layout, &repo))?
                        .to_string(),
                )
            }
            _ => None,
        };
        let loaded = match rev.or(at.as_deref()) {
            Some(rev) => store::load(&store::git::Revision::open(&layout, rev)?)?,
            None => store::load(&store::worktree::Worktree::new(&layout)? as &dyn Source)?,
        };
        Ok((layout, loaded))
    }
}

/// Reads a date option (`--on`, `--since`), with a message that says what a
/// date looks like.
pub fn parse_date(text: &str) -> Result<Date, String> {
    text.parse::<Date>()
        .map_err(|_| format!("'{text}' is not a date: write it as YYYY-MM-DD, such as 2026-11-27"))
}

/// The plan's fiscal year start, from the working tree's settings (or HEAD's
/// in a bare repository), for reading quarters given on the command line.
pub fn fiscal_start_month(layout: &Layout, repo: &git2::Repository) -> u8 {
    let bytes = std::fs::read(layout.root.join(store::CONFIG_FILE))
        .ok()
        .or_else(|| {
            let tree = repo.head().ok()?.peel_to_tree().ok()?;
            let path = if layout.prefix.is_empty() {
                store::CONFIG_FILE.to_owned()
            } else {
                format!("{}/{}", layout.prefix, store::CONFIG_FILE)
            };
            let entry = tree.get_path(std::path::Path::new(&path)).ok()?;
            Some(repo.find_blob(entry.id()).ok()?.content().to_vec())
        });
    bytes.map_or(1, |b| {
        store::load::config_from_bytes(b).fiscal_year_start_month
    })
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

/// Writes to stdout; a closed pipe (`cto-plan list | head`) ends quietly.
pub fn print(text: &str) -> Result<(), Error> {
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
