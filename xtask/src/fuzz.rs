//! `cargo xtask fuzz`: runs the libFuzzer targets in `fuzz/` for a bounded time, split between
//! them. `generate` reads any bytes as a spec, with the dictionary `fuzz/generate.dict` and a
//! corpus seeded with every spec and fixture of the repository (the fixed corpus sample
//! included); `structured` lets the bytes choose an adversarial document (`tests/adversarial/`).
//! Installs the pinned `cargo-fuzz` when missing, and needs the nightly toolchain (as `cargo fuzz`
//! does).

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::TaskError;

const CARGO_FUZZ_VERSION: &str = "0.13.2";

/// Where the specs that seed the corpus of `generate` are, searched recursively.
const SEED_DIRECTORIES: &[&str] = &["spec", "tests/fixtures/models", "tests/fixtures/bad", "tests/fixtures/repaired", "tests/fixtures/fastapi", "tests/fixtures/corpus"];

/// A fuzz target of `fuzz/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Target {
    /// Any bytes, read as a spec.
    Generate,
    /// The bytes choose an adversarial document.
    Structured,
}

impl Target {
    pub const ALL: [Target; 2] = [Target::Generate, Target::Structured];

    fn name(self) -> &'static str {
        match self {
            Target::Generate => "generate",
            Target::Structured => "structured",
        }
    }
}

/// Fuzzes each of `targets` (all when empty) for its share of `seconds`, one after the other; a
/// crash in one does not keep the others from running.
pub fn run(root: &Path, seconds: u64, targets: &[Target]) -> Result<(), TaskError> {
    let installed = Command::new("cargo").args(["fuzz", "--version"]).output().is_ok_and(|o| o.status.success());
    if !installed {
        crate::step("install cargo-fuzz", Command::new("cargo").args(["install", "--locked", "cargo-fuzz", "--version", CARGO_FUZZ_VERSION]))?;
    }
    let targets = if targets.is_empty() { &Target::ALL[..] } else { targets };
    let share = (seconds / targets.len() as u64).max(1);
    let mut failures = Vec::new();
    for target in targets {
        let corpus = root.join("fuzz").join("corpus").join(target.name());
        fs::create_dir_all(&corpus)?;
        let mut options = vec![format!("-max_total_time={share}"), "-rss_limit_mb=2048".to_owned()];
        if *target == Target::Generate {
            let seeds = seed(root, &corpus)?;
            println!("seeded the corpus of `generate` with {seeds} specs");
            options.push(format!("-dict={}", root.join("fuzz").join("generate.dict").display()));
        }
        println!("fuzzing `{}` for {share} s", target.name());
        let outcome = crate::step(
            &format!("cargo +nightly fuzz run {}", target.name()),
            Command::new("cargo").current_dir(root.join("fuzz")).args(["+nightly", "fuzz", "run", target.name(), "--"]).args(&options),
        );
        if let Err(error) = outcome {
            failures.push(error.0);
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(TaskError(failures.join("\n")))
    }
}

/// Copies every YAML and JSON file under [`SEED_DIRECTORIES`] into `corpus`, named after its
/// path so that fixtures of the same name in different directories stay apart.
fn seed(root: &Path, corpus: &Path) -> Result<usize, TaskError> {
    let mut seeds = 0;
    let mut pending: Vec<_> = SEED_DIRECTORIES.iter().map(|directory| root.join(directory)).collect();
    while let Some(directory) = pending.pop() {
        for entry in fs::read_dir(&directory)? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            if codegen::load::is_spec_file(&path) {
                let relative = path.strip_prefix(root).unwrap_or(&path);
                fs::copy(&path, corpus.join(relative.to_string_lossy().replace(['/', '\\'], "_")))?;
                seeds += 1;
            }
        }
    }
    Ok(seeds)
}
