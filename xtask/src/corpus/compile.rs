//! The compile half of the corpus run: generated crates live in one throwaway workspace
//! (`target/corpus/ws`, its own target directory, so dependencies build once) and are checked with
//! `cargo check --keep-going --message-format json` in batches; every error and warning is
//! attributed to its crate, and so to its document.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use serde::{Deserialize, Serialize};

use crate::TaskError;

/// Crates per `cargo check`: small enough that `--resume` loses little, large enough that cargo
/// keeps both cores busy.
const BATCH: usize = 12;
/// Problems kept per crate (a broken crate can have thousands).
const KEPT_PROBLEMS: usize = 20;

/// How checking one crate ended.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Checked {
    pub status: Status,
    /// Number of errors and warnings (all of them, not only the kept ones).
    pub errors: usize,
    pub warnings: usize,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Compiles without warnings.
    Clean,
    Warnings,
    Errors,
}

/// One compiler error or warning.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Problem {
    /// `error` or `warning`.
    pub level: String,
    /// `E0412`, a lint name, or nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub message: String,
    /// `src/module.rs:12`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
}

/// How a problem reported by cargo rather than rustc starts.
pub const CARGO_FAILED: &str = "cargo failed:";

/// The package name of a document's crate: readable, unique (a hash of the document), and valid
/// for cargo.
pub fn crate_name(document: &str) -> String {
    let stem = document.strip_suffix(".json").or_else(|| document.strip_suffix(".yaml")).unwrap_or(document);
    let mut name = String::from("c-");
    for c in stem.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            name.push(c);
        } else if !name.ends_with('-') {
            name.push('-');
        }
        if name.len() > 40 {
            break;
        }
    }
    let hash = super::mix(0, document);
    format!("{}-{:06x}", name.trim_end_matches('-'), hash & 0xff_ffff)
}

/// Writes the workspace manifest listing `members` (crate names under `crates/`); starts the lock
/// file from the project's, so dependencies resolve to versions already known to work.
pub fn prepare_workspace(root: &Path, workspace: &Path, members: &[String]) -> Result<(), TaskError> {
    fs::create_dir_all(workspace)?;
    let members: Vec<toml_string::Quoted> = members.iter().map(|m| toml_string::Quoted(format!("crates/{m}"))).collect();
    let list: Vec<String> = members.iter().map(ToString::to_string).collect();
    let manifest = format!(
        "# Throwaway workspace of `cargo xtask corpus`.\n[workspace]\nresolver = \"2\"\nmembers = [\n    {}\n]\n",
        list.join(",\n    ")
    );
    fs::write(workspace.join("Cargo.toml"), manifest)?;
    let lock = workspace.join("Cargo.lock");
    if !lock.exists() {
        fs::copy(root.join("Cargo.lock"), lock)?;
    }
    Ok(())
}

mod toml_string {
    /// A TOML basic string.
    pub struct Quoted(pub String);

    impl std::fmt::Display for Quoted {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("\"")?;
            for c in self.0.chars() {
                match c {
                    '"' => f.write_str("\\\"")?,
                    '\\' => f.write_str("\\\\")?,
                    c => write!(f, "{c}")?,
                }
            }
            f.write_str("\"")
        }
    }
}

/// Checks the crates of `documents` in batches, calling `done` with each crate's result.
pub fn check_all(
    workspace: &Path,
    documents: &[String],
    mut done: impl FnMut(&str, Checked) -> Result<(), TaskError>,
) -> Result<(), TaskError> {
    let progress = ProgressBar::new(documents.len() as u64);
    progress.set_style(
        ProgressStyle::with_template("cargo check [{bar:30}] {pos}/{len} {elapsed} {prefix} {msg}")
            .map_err(|e| TaskError(e.to_string()))?
            .progress_chars("=> "),
    );
    let (mut clean, mut failed) = (0, 0);
    for batch in documents.chunks(BATCH) {
        progress.set_message(batch.first().cloned().unwrap_or_default());
        let names: Vec<String> = batch.iter().map(|d| crate_name(d)).collect();
        let started = Instant::now();
        let results = check_batch(workspace, &names)?;
        for (document, checked) in batch.iter().zip(results) {
            if checked.status == Status::Clean {
                clean += 1;
            } else {
                failed += 1;
                let first = checked.problems.first().map(|p| p.message.as_str()).unwrap_or_default();
                progress.println(format!("{document}: {} errors, {} warnings: {first}", checked.errors, checked.warnings));
            }
            done(document, checked)?;
            progress.inc(1);
        }
        progress.set_prefix(format!("clean {clean}, not clean {failed} (last batch {} s)", started.elapsed().as_secs()));
    }
    progress.finish_and_clear();
    Ok(())
}

/// `cargo {subcommand}` in the sample's `workspace`, on the crates `names`: its own target
/// directory, no incremental state, none of the caller's `RUSTFLAGS`.
pub fn cargo_in(workspace: &Path, subcommand: &str, names: &[String]) -> Command {
    let mut command = Command::new(crate::cargo());
    command
        .current_dir(workspace)
        .arg(subcommand)
        .env("CARGO_TARGET_DIR", workspace.join("target"))
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTFLAGS");
    for name in names {
        command.args(["-p", name]);
    }
    command
}

/// Documents the crates `names` of `workspace` with rustdoc's warnings as errors (broken links,
/// unclosed HTML, bare URLs in the docs the specs bring); what rustdoc reports, one line per
/// problem, empty when it has nothing to say.
pub fn doc_batch(workspace: &Path, names: &[String]) -> Result<Vec<String>, TaskError> {
    let output = cargo_in(workspace, "doc", names)
        .args(["--no-deps", "--keep-going", "--all-features"])
        .env("RUSTDOCFLAGS", "-D warnings")
        .output().map_err(|e| TaskError(format!("cannot run cargo doc: {e}")))?;
    if output.status.success() {
        return Ok(Vec::new());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let problems: Vec<String> = stderr
        .lines()
        .filter(|line| line.starts_with("error") || line.starts_with("warning") || line.trim_start().starts_with("-->"))
        .map(|line| format!("cargo doc: {line}"))
        .collect();
    Ok(if problems.is_empty() { vec![format!("cargo doc failed: {}", stderr.trim())] } else { problems })
}

/// One `cargo check` over the named crates of the workspace.
pub fn check_batch(workspace: &Path, names: &[String]) -> Result<Vec<Checked>, TaskError> {
    let mut child = cargo_in(workspace, "check", names)
        // Every feature: the tags (all on by default) and the mock server too.
        .args(["--keep-going", "--message-format", "json", "--lib", "--examples", "--all-features"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn().map_err(|e| TaskError(format!("cannot run cargo check: {e}")))?;
    let stderr = child.stderr.take();
    let stderr_reader = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut stderr) = stderr {
            let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
        }
        text
    });
    let mut results: Vec<(Checked, bool)> = names.iter().map(|_| (Checked { status: Status::Clean, errors: 0, warnings: 0, problems: Vec::new() }, false)).collect();
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines() {
            let line = line?;
            let Ok(message) = serde_json::from_str::<CargoMessage>(&line) else { continue };
            let Some(index) = message.manifest_path.as_deref().and_then(|p| crate_index(p, names)) else { continue };
            let (checked, built) = &mut results[index];
            match message.reason.as_str() {
                "compiler-artifact" => *built = true,
                "compiler-message" => {
                    if let Some(diagnostic) = message.message {
                        record(checked, diagnostic);
                    }
                }
                _ => {}
            }
        }
    }
    let status = child.wait()?;
    let stderr = stderr_reader.join().unwrap_or_default();
    for (checked, built) in &mut results {
        if !status.success() && !*built && checked.errors == 0 {
            let tail: Vec<String> = stderr.lines().filter(|l| l.starts_with("error")).take(2).map(|l| l.chars().take(200).collect()).collect();
            let killed = stderr.contains("SIGKILL").then_some("rustc was killed (out of memory?)");
            let tail: Vec<String> = tail.into_iter().chain(killed.map(str::to_owned)).collect();
            checked.errors = 1;
            checked.problems.push(Problem { level: "error".to_owned(), code: None, message: format!("{CARGO_FAILED} {}", tail.join(" | ")), at: None });
        }
        checked.status = if checked.errors > 0 {
            Status::Errors
        } else if checked.warnings > 0 {
            Status::Warnings
        } else {
            Status::Clean
        };
    }
    Ok(results.into_iter().map(|(checked, _)| checked).collect())
}

fn crate_index(manifest_path: &str, names: &[String]) -> Option<usize> {
    let dir = Path::new(manifest_path).parent()?.file_name()?.to_str()?;
    names.iter().position(|n| n == dir)
}

fn record(checked: &mut Checked, diagnostic: RustcDiagnostic) {
    let is_summary = diagnostic.message.starts_with("aborting due to")
        || (diagnostic.message.contains("warning") && diagnostic.message.contains("emitted"));
    if is_summary {
        return;
    }
    match diagnostic.level.as_str() {
        "error" | "error: internal compiler error" => checked.errors += 1,
        "warning" => checked.warnings += 1,
        _ => return,
    }
    if checked.problems.len() < KEPT_PROBLEMS {
        let at = diagnostic.spans.iter().find(|s| s.is_primary).map(|s| {
            let file = s.file_name.rsplit_once("/src/").map(|(_, f)| format!("src/{f}")).unwrap_or_else(|| s.file_name.clone());
            format!("{file}:{}", s.line_start)
        });
        checked.problems.push(Problem { level: diagnostic.level, code: diagnostic.code.map(|c| c.code), message: diagnostic.message, at });
    }
}

#[derive(Deserialize)]
struct CargoMessage {
    reason: String,
    manifest_path: Option<String>,
    message: Option<RustcDiagnostic>,
}

#[derive(Deserialize)]
struct RustcDiagnostic {
    message: String,
    level: String,
    code: Option<RustcCode>,
    #[serde(default)]
    spans: Vec<Span>,
}

#[derive(Deserialize)]
struct RustcCode {
    code: String,
}

#[derive(Deserialize)]
struct Span {
    file_name: String,
    line_start: usize,
    is_primary: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_names_are_valid_and_distinct() {
        let a = crate_name("amazonaws.com/acm.json");
        assert!(a.starts_with("c-amazonaws-com-acm-"), "{a}");
        assert_ne!(crate_name("a.b.json"), crate_name("a-b.json"));
        assert!(crate_name("1forge.com.json").chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    }
}
