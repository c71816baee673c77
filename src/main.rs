//! The `cto-plan` binary: parse the command line, run, map to an exit code.

mod cli;

// A run allocates and frees millions of small values (parsed fields,
// paths, strings); mimalloc does that in a fraction of the system
// allocator's time, most of all across the threads that parse.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}
