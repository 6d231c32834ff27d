//! `cargo xtask`: the maintainers' entry point. Turns typed errors from the library crates into
//! text and exit codes; the only place that touches the file system for the generator.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use xtask::gen::{self, Mode};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Development tasks of the OpenAPI-to-Rust generator")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate `generated/` (and the fixture crate) from every spec in `spec/`, or turn one spec
    /// into a standalone crate with `--spec FILE --out DIR`.
    Gen {
        /// Write nothing; fail and list the files that differ from what the specs produce.
        #[arg(long)]
        check: bool,
        /// One OpenAPI 3.0 document (YAML or JSON) to generate a standalone crate from.
        #[arg(long, requires = "out")]
        spec: Option<PathBuf>,
        /// Directory of the standalone crate (created if missing).
        #[arg(long, requires = "spec")]
        out: Option<PathBuf>,
    },
    /// Run every test: installs the test tools, then `cargo test` and `cargo clippy` on the workspace.
    Test,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mode = |check: bool| if check { Mode::Check } else { Mode::Write };
    let result = match cli.command {
        Command::Gen { check, spec: Some(spec), out: Some(out) } => gen::standalone(&spec, &out, mode(check)),
        Command::Gen { check, .. } => gen::workspace(&xtask::project_root(), mode(check)),
        Command::Test => xtask::test::run(&xtask::project_root()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}
