//! The `cto-plan` binary: parse the command line, run, map to an exit code.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
