//! The tasks behind `cargo xtask`, as a library so that tests can run them (the freshness test in
//! [`gen`] runs generation in check mode).

pub mod bench;
pub mod corpus;
pub mod fuzz;
pub mod gen;
pub mod test;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The cargo that runs this task (`$CARGO`), for the cargo commands it runs.
pub fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

/// Runs one step of a task, named on the terminal; fails when the command does.
pub fn step(name: &str, command: &mut Command) -> Result<(), TaskError> {
    println!("==> {name}");
    let status = command.status().map_err(|e| TaskError(format!("cannot run {name}: {e}")))?;
    if status.success() {
        Ok(())
    } else {
        Err(TaskError(format!("{name} failed ({status})")))
    }
}

/// The workspace root (the parent of this crate's directory) of the checkout xtask runs in.
///
/// Taken from `CARGO_MANIFEST_DIR` as cargo sets it when it runs the binary, not as it was when the
/// binary was compiled: two checkouts that share a target directory (a global
/// `build.target-dir`) share one xtask binary, which cargo deems fresh for both, and the
/// compile-time path would point every run at the first. The compile-time value stays the
/// fallback for a binary started by hand.
pub fn project_root() -> PathBuf {
    root_of(std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from))
}

fn root_of(runtime_manifest_dir: Option<PathBuf>) -> PathBuf {
    let manifest_dir = runtime_manifest_dir.unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest_dir.parent().map(Path::to_path_buf).unwrap_or_default()
}

/// A task's failure, as text for the terminal.
#[derive(Debug)]
pub struct TaskError(pub String);

impl std::fmt::Display for TaskError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TaskError {}

impl From<codegen::Error> for TaskError {
    fn from(error: codegen::Error) -> Self {
        TaskError(error.to_string())
    }
}

impl From<std::io::Error> for TaskError {
    fn from(error: std::io::Error) -> Self {
        TaskError(error.to_string())
    }
}
