//! `cargo xtask fuzz`: runs the libFuzzer target in `fuzz/` (whole pipeline on arbitrary bytes) for
//! a bounded time. Installs the pinned `cargo-fuzz` when missing, seeds the corpus with every spec
//! and fixture of the repository, and needs the nightly toolchain (as `cargo fuzz` does).

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::TaskError;

const CARGO_FUZZ_VERSION: &str = "0.13.2";

pub fn run(root: &Path, seconds: u64) -> Result<(), TaskError> {
    let installed = Command::new("cargo").args(["fuzz", "--version"]).output().is_ok_and(|o| o.status.success());
    if !installed {
        crate::test::step(
            "install cargo-fuzz",
            Command::new("cargo").args(["install", "--locked", "cargo-fuzz", "--version", CARGO_FUZZ_VERSION]),
        )?;
    }
    let corpus = root.join("fuzz").join("corpus").join("generate");
    fs::create_dir_all(&corpus)?;
    let mut seeds = 0;
    for dir in ["spec", "tests/fixtures/models", "tests/fixtures/bad", "tests/fixtures/fastapi"] {
        for entry in fs::read_dir(root.join(dir))? {
            let path = entry?.path();
            let is_spec = path.extension().is_some_and(|e| e == "yaml" || e == "json");
            if let (true, Some(name)) = (is_spec, path.file_name()) {
                fs::copy(&path, corpus.join(name))?;
                seeds += 1;
            }
        }
    }
    println!("seeded the corpus with {seeds} specs; fuzzing for {seconds} s");
    crate::test::step(
        "cargo +nightly fuzz run generate",
        Command::new("cargo")
            .current_dir(root.join("fuzz"))
            .args(["+nightly", "fuzz", "run", "generate", "--", &format!("-max_total_time={seconds}"), "-rss_limit_mb=2048"]),
    )
}
