//! `cargo xtask bench`: how fast generation is, measured side by side with the peers in one run.
//!
//! Builds the generator in release mode, installs the two peer generators at pinned versions into
//! `target/bench/peers` (`cargo install --locked`), and runs each as a child process under GNU time
//! on every input: our two specs, the largest OpenAPI 3.0 documents of the API directory (installed
//! as for `cargo xtask corpus`), and a synthetic spec at 1×, 3× (about 12 MB), 4× and 16×
//! ([`synthetic`]). Then it times regeneration with nothing changed (and checks no file was
//! rewritten), the floor generation cannot go under (reading and parsing the input, writing the
//! output's bytes: [`floor`]), `cargo check` of the crates made from the largest input, and the
//! criterion benchmarks of the generated models (`tests/model-bench`). The table goes to the
//! terminal and `target/bench/results.md`.

pub mod floor;
pub mod measure;
pub mod synthetic;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use indicatif::{ProgressBar, ProgressStyle};

use crate::{cargo, step, TaskError};
use measure::{Outcome, Run, Summary};

/// What `cargo xtask bench` was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// Counted runs per tool and input.
    pub runs: usize,
    /// How many of the directory's largest OpenAPI 3.0 documents to include.
    pub largest: usize,
    /// Directory documents larger than this are left out (bytes).
    pub max_bytes: u64,
    /// A run longer than this is killed and reported as timed out.
    pub timeout: Duration,
    pub peers: bool,
    pub check: bool,
    /// `cargo check` the crates of the largest input no larger than this (bytes), preferring one a
    /// peer generated too and a real document over the synthetic one.
    pub check_max_bytes: u64,
    pub criterion: bool,
    /// Only the inputs whose name contains one of these (all when empty).
    pub only: Vec<String>,
}

/// A peer generator, pinned.
struct Peer {
    name: &'static str,
    krate: &'static str,
    version: &'static str,
    binary: &'static str,
}

const PEERS: &[Peer] = &[
    Peer { name: "openapi-to-rust", krate: "openapi-to-rust", version: "0.23.0", binary: "openapi-to-rust" },
    Peer { name: "progenitor", krate: "cargo-progenitor", version: "0.15.1", binary: "cargo-progenitor" },
];

const OURS: &str = "ours";
/// 1×, 4× and 16× show how cost grows; 3× (about 12 MB) is the "10 MB document" of the targets.
const SCALES: &[usize] = &[1, 3, 4, 16];

/// A generator as the bench runs it.
struct Tool {
    name: &'static str,
    program: PathBuf,
}

impl Tool {
    fn args(&self, spec: &Path, out: &Path) -> Vec<String> {
        let spec = spec.display().to_string();
        let out = out.display().to_string();
        match self.name {
            "openapi-to-rust" => vec!["generate".into(), spec, "--output-dir".into(), out, "--module-name".into(), "api".into()],
            "progenitor" => {
                vec!["progenitor".into(), "-i".into(), spec, "-o".into(), out, "-n".into(), "api".into(), "-v".into(), "0.1.0".into()]
            }
            _ => vec!["gen".into(), "--spec".into(), spec, "--out".into(), out],
        }
    }
}

/// One input document.
struct Input {
    name: String,
    path: PathBuf,
    bytes: u64,
    scale: Option<usize>,
}

impl Input {
    /// How the table names it: `name (size)`.
    fn label(&self) -> String {
        format!("{} ({})", self.name, size(self.bytes))
    }
}

/// Our fresh generation's row for `input`.
fn fresh_generation<'a>(rows: &'a [Row], input: &Input) -> Option<&'a Row> {
    let label = input.label();
    rows.iter().find(|r| r.section == "generation" && r.tool == OURS && r.input == label)
}

/// One line of the table.
#[derive(Debug, Clone, Default)]
struct Row {
    section: &'static str,
    input: String,
    tool: String,
    status: String,
    /// Seconds (or nanoseconds for the criterion rows: see `unit`).
    time: Option<Summary>,
    time_ratio: Option<f64>,
    /// Megabytes.
    peak: Option<Summary>,
    peak_ratio: Option<f64>,
    unit: &'static str,
    note: String,
}

pub fn run(root: &Path, options: &Options) -> Result<(), TaskError> {
    let bench = root.join("target/bench");
    fs::create_dir_all(&bench)?;
    step("build the generator (release)", Command::new(cargo()).current_dir(root).args(["build", "--release", "--locked", "-p", "xtask"]))?;
    // A copy: other work in the tree (`cargo xtask …`) may rebuild target/release/xtask mid-run,
    // which would change the output between the fresh and the regeneration runs.
    let ours = bench.join("xtask-under-test");
    fs::copy(root.join("target/release/xtask"), &ours)?;
    let mut tools = vec![Tool { name: OURS, program: ours }];
    if options.peers {
        tools.extend(ensure_peers(root)?);
    }
    let inputs = inputs(root, options)?;
    let mut rows = Vec::new();
    // The table is written after every phase, so a long run stopped midway keeps what it measured.
    let save = |rows: &[Row]| fs::write(bench.join("results.md"), format!("{}\n{}", machine(), table(rows)));
    let generated = generation(root, &tools, &inputs, options, &mut rows)?;
    rows.extend(scaling(&rows, &inputs));
    save(&rows)?;
    regeneration(root, &tools[0], &inputs, options, &mut rows)?;
    save(&rows)?;
    floor(root, &tools[0], &inputs, options, &mut rows)?;
    save(&rows)?;
    if options.check {
        check(root, &generated, &inputs, options, &mut rows)?;
        save(&rows)?;
    }
    if options.criterion {
        criterion(root, &mut rows)?;
        save(&rows)?;
    }
    println!("\n{}", table(&rows));
    println!("written to {}", bench.join("results.md").display());
    Ok(())
}


fn machine() -> String {
    let cpus = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let model = fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| info.lines().find(|l| l.starts_with("model name")).map(|l| l.split(':').nth(1).unwrap_or("").trim().to_owned()))
        .unwrap_or_default();
    format!("Machine: {cpus} CPUs ({model}). Medians of the counted runs, min–max in brackets; wall time and peak resident memory of the whole process.")
}

/// The peers' binaries, installed into `target/bench/peers` when missing or at another version
/// (as cargo records installs in the root's `.crates.toml`).
fn ensure_peers(root: &Path) -> Result<Vec<Tool>, TaskError> {
    let prefix = root.join("target/bench/peers");
    let installed = fs::read_to_string(prefix.join(".crates.toml")).unwrap_or_default();
    let mut tools = Vec::new();
    for peer in PEERS {
        let binary = prefix.join("bin").join(peer.binary);
        let record = format!("\"{} {} (registry+", peer.krate, peer.version);
        if !(binary.is_file() && installed.contains(&record)) {
            step(
                &format!("install {} {} (cargo install --locked)", peer.krate, peer.version),
                Command::new(cargo())
                    .args(["install", "--locked", "--root"])
                    .arg(&prefix)
                    .args(["--version", &format!("={}", peer.version), peer.krate]),
            )?;
        }
        tools.push(Tool { name: peer.name, program: binary });
    }
    Ok(tools)
}

fn inputs(root: &Path, options: &Options) -> Result<Vec<Input>, TaskError> {
    let mut inputs = Vec::new();
    for name in ["energycap.yaml", "capillary.yaml"] {
        let path = root.join("spec").join(name);
        let bytes = fs::metadata(&path)?.len();
        inputs.push(Input { name: format!("spec/{name}"), path, bytes, scale: None });
    }
    if options.largest > 0 {
        let api = crate::corpus::ensure_directory(root)?;
        for (bytes, path) in largest_documents(&api, options.largest, options.max_bytes)? {
            let name = path.strip_prefix(&api).unwrap_or(&path).display().to_string();
            inputs.push(Input { name, path, bytes, scale: None });
        }
    }
    let dir = root.join("target/bench/synthetic");
    fs::create_dir_all(&dir)?;
    for &scale in SCALES {
        let path = dir.join(format!("synthetic-{scale}x.json"));
        let text = synthetic::document(scale);
        if fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            fs::write(&path, &text)?;
        }
        inputs.push(Input { name: format!("synthetic {scale}×"), path, bytes: text.len() as u64, scale: Some(scale) });
    }
    if !options.only.is_empty() {
        inputs.retain(|input| options.only.iter().any(|only| input.name.contains(only.as_str())));
    }
    Ok(inputs)
}

/// The `n` largest OpenAPI 3.0 documents under `dir` no larger than `max_bytes`, largest first.
fn largest_documents(dir: &Path, n: usize, max_bytes: u64) -> Result<Vec<(u64, PathBuf)>, TaskError> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else if codegen::load::is_spec_file(&path) {
                let bytes = fs::metadata(&path)?.len();
                if bytes <= max_bytes {
                    found.push((bytes, path));
                }
            }
        }
    }
    found.sort_by(|a, b| b.cmp(a));
    let is_30 = |path: &Path| {
        let head: String = fs::read_to_string(path).unwrap_or_default().chars().take(400).collect();
        head.split("\"openapi\"").nth(1).is_some_and(|rest| rest.trim_start_matches([':', ' ', '"']).starts_with("3.0"))
    };
    Ok(found.into_iter().filter(|(_, path)| is_30(path)).take(n).collect())
}

/// A phase's progress: a bar on a terminal, else a line per step on stderr, so that a redirected
/// run (a CI log, `> bench.log`) still shows where a bench of many minutes is.
struct Progress {
    bar: ProgressBar,
    what: &'static str,
}

impl Progress {
    fn new(len: usize, what: &'static str) -> Result<Progress, TaskError> {
        let bar = ProgressBar::new(len as u64);
        let template = format!("{what} [{{bar:30}}] {{pos}}/{{len}} {{elapsed}} {{msg}}");
        bar.set_style(ProgressStyle::with_template(&template).map_err(|e| TaskError(e.to_string()))?.progress_chars("=> "));
        Ok(Progress { bar, what })
    }

    /// Names the step now running (counted by the next [`Progress::done`]).
    fn step(&self, message: String) {
        if self.bar.is_hidden() {
            eprintln!("{} {}/{}: {message}", self.what, self.bar.position() + 1, self.bar.length().unwrap_or(0));
        }
        self.bar.set_message(message);
    }

    fn done(&self) {
        self.bar.inc(1);
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

/// Where a generator's output for an input goes.
fn out_dir(root: &Path, tool: &str, input: &Input) -> PathBuf {
    let slug: String = input.name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    root.join("target/bench/out").join(tool).join(slug)
}

/// Fresh generation of every input by every tool; returns which (tool, input) succeeded.
fn generation(
    root: &Path,
    tools: &[Tool],
    inputs: &[Input],
    options: &Options,
    rows: &mut Vec<Row>,
) -> Result<BTreeMap<(String, String), PathBuf>, TaskError> {
    let bar = Progress::new(tools.len() * inputs.len(), "generate")?;
    let mut generated = BTreeMap::new();
    for input in inputs {
        let mut ours: Option<(Summary, Summary)> = None;
        for tool in tools {
            bar.step(format!("{} on {}", tool.name, input.name));
            let out = out_dir(root, tool.name, input);
            let runs = counted_runs(root, &tool.program, &tool.args(&input.path, &out), input, &out, options)?;
            bar.done();
            let mut row = Row {
                section: "generation",
                input: input.label(),
                tool: tool.name.to_owned(),
                unit: "s",
                ..Row::default()
            };
            match runs {
                Err(outcome) => row.status = status(&outcome),
                Ok(runs) => {
                    let (time, peak) = measure::summarize(&runs);
                    row.status = "ok".into();
                    row.time = time;
                    row.peak = peak;
                    generated.insert((tool.name.to_owned(), input.name.clone()), out.clone());
                    if let (Some(time), Some(peak)) = (time, peak) {
                        if tool.name == OURS {
                            ours = Some((time, peak));
                        } else if let Some((our_time, our_peak)) = ours {
                            row.time_ratio = Some(our_time.median / time.median);
                            row.peak_ratio = Some(our_peak.median / peak.median);
                        }
                    }
                }
            }
            rows.push(row);
        }
    }
    bar.finish();
    Ok(generated)
}

fn status(outcome: &Outcome) -> String {
    let short = |text: &str| -> String {
        let text = text.replace('|', "\\|");
        if text.chars().count() > 70 {
            format!("{}…", text.chars().take(70).collect::<String>())
        } else {
            text
        }
    };
    match outcome {
        Outcome::Ok(_) => "ok".into(),
        Outcome::Refused(why) => format!("refused: {}", short(why)),
        Outcome::Panicked(why) => format!("PANIC: {}", short(why)),
        Outcome::TimedOut => "timed out".into(),
    }
}

fn size(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1e6)
    } else {
        format!("{} KB", bytes / 1000)
    }
}

/// Our time and memory at each synthetic scale against 1×: linear growth keeps the ratio of time
/// to size near 1.
fn scaling(rows: &[Row], inputs: &[Input]) -> Vec<Row> {
    let ours = |input: &Input| fresh_generation(rows, input).cloned();
    let Some(base_input) = inputs.iter().find(|i| i.scale == Some(1)) else { return Vec::new() };
    let Some(base) = ours(base_input) else { return Vec::new() };
    let mut scaled = Vec::new();
    for input in inputs.iter().filter(|i| i.scale.is_some()) {
        let Some(mut row) = ours(input) else { continue };
        let size_ratio = input.bytes as f64 / base_input.bytes as f64;
        row.section = "scaling";
        row.time_ratio = row.time.zip(base.time).map(|(t, b)| t.median / b.median);
        row.peak_ratio = row.peak.zip(base.peak).map(|(t, b)| t.median / b.median);
        row.note = format!("size ×{size_ratio:.1}; ratios against 1×");
        scaled.push(row);
    }
    scaled
}

/// Generates every input again over its own output and checks no file's mtime moved.
fn regeneration(root: &Path, ours: &Tool, inputs: &[Input], options: &Options, rows: &mut Vec<Row>) -> Result<(), TaskError> {
    let scratch = root.join("target/bench");
    let bar = Progress::new(inputs.len(), "regenerate")?;
    for input in inputs {
        bar.step(input.name.clone());
        bar.done();
        let out = out_dir(root, OURS, input);
        let fresh = fresh_generation(rows, input).and_then(|r| r.time);
        if !out.is_dir() || fresh.is_none() {
            continue;
        }
        let before = mtimes(&out)?;
        let args = ours.args(&input.path, &out);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut runs = Vec::new();
        let mut failure = None;
        for _ in 0..options.runs {
            match measure::run(&ours.program, &args, root, &[], options.timeout, &scratch)? {
                Outcome::Ok(run) => runs.push(run),
                other => failure = Some(other),
            }
        }
        let after = mtimes(&out)?;
        let rewritten = before.iter().filter(|(path, time)| after.get(*path) != Some(time)).count() + after.len().saturating_sub(before.len());
        let (time, peak) = measure::summarize(&runs);
        rows.push(Row {
            section: "regeneration",
            input: input.label(),
            tool: OURS.into(),
            status: match (&failure, rewritten) {
                (Some(outcome), _) => status(outcome),
                (None, 0) => format!("ok: 0 of {} files rewritten", before.len()),
                (None, n) => format!("FAIL: {n} of {} files rewritten", before.len()),
            },
            time,
            time_ratio: time.zip(fresh).map(|(t, f)| t.median / f.median),
            peak,
            unit: "s",
            note: "time ratio against fresh generation".into(),
            ..Row::default()
        });
    }
    bar.finish();
    Ok(())
}

/// `program args` run `options.runs` times after the warm-up `input` needs, with `out` removed
/// before each: the counted runs, or how the first that failed ended.
fn counted_runs(root: &Path, program: &Path, args: &[String], input: &Input, out: &Path, options: &Options) -> Result<Result<Vec<Run>, Outcome>, TaskError> {
    let scratch = root.join("target/bench");
    // Small inputs get a warm-up run; large ones are slow enough that the page cache is the only
    // warm-up that matters, and the first counted run gives it.
    let warmup = usize::from(input.bytes < 1_000_000);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut runs = Vec::new();
    for index in 0..warmup + options.runs {
        if out.exists() {
            fs::remove_dir_all(out)?;
        }
        match measure::run(program, &args, root, &[], options.timeout, &scratch)? {
            Outcome::Ok(run) if index >= warmup => runs.push(run),
            Outcome::Ok(_) => {}
            other => return Ok(Err(other)),
        }
    }
    Ok(Ok(runs))
}

/// Times [`floor`] on every input we generated, and our fresh generation against it.
fn floor(root: &Path, ours: &Tool, inputs: &[Input], options: &Options, rows: &mut Vec<Row>) -> Result<(), TaskError> {
    let bar = Progress::new(inputs.len(), "floor")?;
    for input in inputs {
        bar.step(input.name.clone());
        bar.done();
        let Some(fresh) = fresh_generation(rows, input).cloned() else { continue };
        let like = out_dir(root, OURS, input);
        let out = out_dir(root, "floor", input);
        if !like.is_dir() || fresh.time.is_none() {
            continue;
        }
        let args = ["floor".to_owned(), "--spec".into(), input.path.display().to_string(), "--like".into(), like.display().to_string(), "--out".into(), out.display().to_string()];
        let runs = counted_runs(root, &ours.program, &args, input, &out, options)?;
        if out.exists() {
            fs::remove_dir_all(&out)?;
        }
        let (status, (time, peak)) = match runs {
            Ok(runs) => ("ok".to_owned(), measure::summarize(&runs)),
            Err(outcome) => (status(&outcome), (None, None)),
        };
        rows.push(Row {
            section: "floor",
            input: input.label(),
            tool: "read + parse + write".into(),
            status,
            time,
            time_ratio: fresh.time.zip(time).map(|(ours, floor)| ours.median / floor.median),
            peak,
            peak_ratio: fresh.peak.zip(peak).map(|(ours, floor)| ours.median / floor.median),
            unit: "s",
            note: "the loader generation uses, then our output's files as bytes".into(),
        });
    }
    bar.finish();
    Ok(())
}

fn mtimes(dir: &Path) -> Result<BTreeMap<PathBuf, SystemTime>, TaskError> {
    let mut times = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir)? {
            let entry = entry?;
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                times.insert(path, entry.metadata()?.modified()?);
            }
        }
    }
    Ok(times)
}

/// `cargo check` of the crates made from the largest input we generated, ours and the peers'.
/// Dependencies are built by a first, uncounted check; counted checks touch the crate's sources
/// and check it again without incremental compilation, which is what a consumer pays for it: cargo
/// never compiles a dependency incrementally (with incremental state from the same sources, a
/// touched crate rechecks in a fraction of that).
fn check(
    root: &Path,
    generated: &BTreeMap<(String, String), PathBuf>,
    inputs: &[Input],
    options: &Options,
    rows: &mut Vec<Row>,
) -> Result<(), TaskError> {
    let tools_done = |input: &Input| generated.keys().filter(|(_, name)| name == &input.name).count();
    let Some(input) = inputs
        .iter()
        .filter(|i| i.bytes <= options.check_max_bytes && generated.contains_key(&(OURS.to_owned(), i.name.clone())))
        .max_by_key(|i| (tools_done(i) >= 2, i.scale.is_none(), i.bytes))
    else {
        return Ok(());
    };
    let crates: Vec<(&str, PathBuf)> = generated
        .iter()
        .filter(|((_, name), _)| name == &input.name)
        .map(|((tool, _), dir)| (tool.as_str(), dir.clone()))
        .collect();
    let bar = Progress::new(crates.len(), "cargo check")?;
    let mut ours: Option<(Summary, Summary)> = None;
    for (tool, dir) in crates.iter().filter(|(t, _)| *t == OURS).chain(crates.iter().filter(|(t, _)| *t != OURS)) {
        bar.step(format!("{tool} on {}", input.name));
        let crate_dir = as_crate(root, tool, dir)?;
        let target = root.join("target/bench/check").join(tool);
        let input_name = input.label();
        let mut row = counted_check(root, &crate_dir, &target, &[], options)?;
        row.input = input_name.clone();
        row.tool = (*tool).to_owned();
        row.note = format!("{} lines of Rust", rust_lines(&crate_dir));
        if let (Some(time), Some(peak)) = (row.time, row.peak) {
            if *tool == OURS {
                ours = Some((time, peak));
            } else if let Some((our_time, our_peak)) = ours {
                row.time_ratio = Some(our_time.median / time.median);
                row.peak_ratio = Some(our_peak.median / peak.median);
            }
        }
        rows.push(row);
        if *tool == OURS {
            if let Some((feature, operations)) = largest_feature(&crate_dir) {
                bar.step(format!("{tool} on {}, feature {feature}", input.name));
                let features = format!("reqwest,{feature}");
                let mut row = counted_check(root, &crate_dir, &target, &["--no-default-features", "--features", &features], options)?;
                row.input = input_name;
                row.tool = format!("{OURS}, feature `{feature}` only");
                row.note = format!("the largest tag: {operations} operations");
                rows.push(row);
            }
        }
        bar.done();
    }
    bar.finish();
    Ok(())
}

/// `cargo check --lib` of one crate with `extra` arguments: a first, uncounted check builds the
/// dependencies; each counted one touches the sources and checks the crate without incremental
/// state. The row has the outcome and the figures; the caller names it.
fn counted_check(root: &Path, crate_dir: &Path, target: &Path, extra: &[&str], options: &Options) -> Result<Row, TaskError> {
    let mut check_args = vec!["check", "--quiet", "--lib"];
    check_args.extend_from_slice(extra);
    let mut row = Row { section: "cargo check", unit: "s", ..Row::default() };
    let cargo_path = PathBuf::from(cargo_program());
    let env = [("CARGO_TARGET_DIR", target), ("CARGO_INCREMENTAL", Path::new("0"))];
    let warm = Command::new(&cargo_path).args(&check_args).current_dir(crate_dir).envs(env).output()?;
    if !warm.status.success() {
        let stderr = String::from_utf8_lossy(&warm.stderr);
        let first = stderr.lines().find(|l| l.starts_with("error")).unwrap_or("cargo check failed");
        row.status = status(&Outcome::Refused(first.to_owned()));
        return Ok(row);
    }
    let mut runs = Vec::new();
    let mut failure = None;
    let scratch = root.join("target/bench");
    for _ in 0..options.runs {
        touch_sources(crate_dir)?;
        match measure::run(&cargo_path, &check_args, crate_dir, &env, options.timeout * 10, &scratch)? {
            Outcome::Ok(run) => runs.push(run),
            other => {
                failure = Some(other);
                break;
            }
        }
    }
    row.status = failure.as_ref().map(status).unwrap_or_else(|| "ok".into());
    (row.time, row.peak) = measure::summarize(&runs);
    Ok(row)
}

/// The tag feature of our crate with the most operations (counted by the client methods it
/// gates), and that count: what a consumer who needs one part of a large API compiles.
fn largest_feature(crate_dir: &Path) -> Option<(String, usize)> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for path in mtimes(&crate_dir.join("src")).ok()?.into_keys().filter(|p| p.ends_with("client.rs")) {
        let text = fs::read_to_string(path).ok()?;
        let mut lines = text.lines();
        while let Some(line) = lines.next() {
            let Some(feature) = line.trim().strip_prefix("#[cfg(feature = \"").and_then(|rest| rest.strip_suffix("\")]")) else { continue };
            // A client method: its gate is followed by its docs and `pub fn`, not by an item.
            let method = lines.clone().find(|l| !l.trim().starts_with("///")).is_some_and(|l| l.trim().starts_with("pub fn"));
            if method {
                *counts.entry(feature.to_owned()).or_default() += 1;
            }
        }
    }
    counts.into_iter().max_by_key(|(name, count)| (*count, std::cmp::Reverse(name.clone())))
}

fn cargo_program() -> String {
    cargo()
}

/// A crate directory for a generator's output: ours and progenitor's are crates already
/// (progenitor's gets an empty `[workspace]` so it builds where it lies); openapi-to-rust emits a
/// module and a dependency fragment, wrapped here in a crate (edition 2024: its code uses let
/// chains).
fn as_crate(root: &Path, tool: &str, dir: &Path) -> Result<PathBuf, TaskError> {
    match tool {
        "openapi-to-rust" => {
            let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let krate = root.join("target/bench/out/openapi-to-rust-crates").join(name);
            if krate.exists() {
                fs::remove_dir_all(&krate)?;
            }
            fs::create_dir_all(krate.join("src/api"))?;
            for entry in fs::read_dir(dir)? {
                let path = entry?.path();
                if path.extension().is_some_and(|e| e == "rs") {
                    if let Some(file) = path.file_name() {
                        fs::copy(&path, krate.join("src/api").join(file))?;
                    }
                }
            }
            let deps = fs::read_to_string(dir.join("REQUIRED_DEPS.toml")).unwrap_or_default();
            let manifest = format!("[package]\nname = \"api\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[workspace]\n\n{deps}");
            fs::write(krate.join("Cargo.toml"), manifest)?;
            fs::write(krate.join("src/lib.rs"), "pub mod api;\n")?;
            Ok(krate)
        }
        "progenitor" => {
            let manifest = dir.join("Cargo.toml");
            let text = fs::read_to_string(&manifest)?;
            if !text.contains("[workspace]") {
                fs::write(&manifest, format!("{text}\n[workspace]\n"))?;
            }
            Ok(dir.to_path_buf())
        }
        _ => Ok(dir.to_path_buf()),
    }
}

/// Sets every source file's mtime to now, so the next `cargo check` rechecks the crate.
fn touch_sources(dir: &Path) -> Result<(), TaskError> {
    for (path, _) in mtimes(&dir.join("src"))? {
        let file = fs::File::options().append(true).open(&path)?;
        file.set_modified(SystemTime::now())?;
    }
    Ok(())
}

fn rust_lines(dir: &Path) -> usize {
    mtimes(&dir.join("src"))
        .unwrap_or_default()
        .keys()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .map(|p| fs::read_to_string(p).map(|t| t.lines().count()).unwrap_or(0))
        .sum()
}

/// The criterion benchmarks of `tests/model-bench`, and their medians from criterion's estimates.
fn criterion(root: &Path, rows: &mut Vec<Row>) -> Result<(), TaskError> {
    step(
        "criterion benchmarks (tests/model-bench)",
        Command::new(cargo()).current_dir(root).args(["bench", "--locked", "-p", "model-bench", "--bench", "models", "--", "--noplot"]),
    )?;
    let dir = root.join("target/criterion");
    let estimate = |group: &str, id: &str| -> Option<Summary> {
        let text = fs::read_to_string(dir.join(group).join(id).join("new/estimates.json")).ok()?;
        let json: serde_json::Value = serde_json::from_str(&text).ok()?;
        let median = &json["median"];
        Some(Summary {
            median: median["point_estimate"].as_f64()?,
            min: median["confidence_interval"]["lower_bound"].as_f64()?,
            max: median["confidence_interval"]["upper_bound"].as_f64()?,
        })
    };
    for (group, label) in [("energycap_group_response", "GroupPlaceGroupResponse, 1,000 filters"), ("capillary_response", "Capillary customer response")]
    {
        for operation in ["deserialize", "serialize"] {
            let hand = estimate(group, &format!("hand_written_{operation}"));
            for (tool, id) in [("hand-written serde", format!("hand_written_{operation}")), ("generated", format!("generated_{operation}"))] {
                let time = estimate(group, &id);
                rows.push(Row {
                    section: "models (criterion)",
                    input: format!("{label}: {operation}"),
                    tool: tool.into(),
                    status: if time.is_some() { "ok".into() } else { "no estimate".into() },
                    time,
                    time_ratio: time.zip(hand).map(|(t, h)| t.median / h.median),
                    unit: "µs",
                    note: "ratio against hand-written; bracket: 95% CI of the median".into(),
                    ..Row::default()
                });
            }
        }
    }
    let deserialize = estimate("place_group_request", "deserialize");
    for (id, label) in [("deserialize", "deserialize"), ("validate", "validate")] {
        let time = estimate("place_group_request", id);
        rows.push(Row {
            section: "models (criterion)",
            input: format!("PlaceGroupRequest, 1,000 filters: {label}"),
            tool: "generated".into(),
            status: if time.is_some() { "ok".into() } else { "no estimate".into() },
            time,
            time_ratio: time.zip(deserialize).map(|(t, d)| t.median / d.median),
            unit: "µs",
            note: "ratio against deserialization".into(),
            ..Row::default()
        });
    }
    Ok(())
}

/// The rows as a Markdown table, one section after another.
fn table(rows: &[Row]) -> String {
    let mut out = String::new();
    let mut section = "";
    for row in rows {
        if row.section != section {
            section = row.section;
            let ratio = match section {
                "generation" | "cargo check" => "ours / theirs",
                "scaling" => "× of 1×",
                "regeneration" => "× of fresh",
                "floor" => "ours / floor",
                _ => "ratio",
            };
            let _ = write!(
                out,
                "\n### {section}\n\n| input | tool | status | time median [min–max] | time {ratio} | peak MiB median [min–max] | peak {ratio} | note |\n|---|---|---|---|---|---|---|---|\n"
            );
        }
        let scale = if row.unit == "µs" { 1e-3 } else { 1.0 };
        let time = row.time.map(|t| figure(t, scale, row.unit)).unwrap_or_default();
        let peak = row.peak.map(|p| figure(p, 1.0, "")).unwrap_or_default();
        let ratio = |r: Option<f64>| r.map(|r| format!("{r:.2}")).unwrap_or_default();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            row.input,
            row.tool,
            row.status,
            time,
            ratio(row.time_ratio),
            peak,
            ratio(row.peak_ratio),
            row.note
        );
    }
    out
}

fn figure(summary: Summary, scale: f64, unit: &str) -> String {
    let digits = |v: f64| match v * scale {
        v if v >= 100.0 => 0,
        v if v >= 10.0 => 1,
        v if v >= 0.1 => 2,
        _ => 3,
    };
    let d = digits(summary.median);
    format!(
        "{:.d$}{unit} [{:.d$}–{:.d$}]",
        summary.median * scale,
        summary.min * scale,
        summary.max * scale,
        d = d
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Client methods count for their feature; gated operation structs and impls do not.
    #[test]
    fn largest_feature_counts_client_methods() {
        let dir = std::env::temp_dir().join(format!("xtask-largest-feature-{}", std::process::id()));
        fs::create_dir_all(dir.join("src/api")).unwrap();
        let client = r#"
impl<T: support::Transport + Sync> Client<T> {
    #[cfg(feature = "repos")]
    /// Get a repository
    pub fn repos_get<'a>(&'a self) -> support::Call<'a, Self, ReposGet> {}

    #[cfg(feature = "issues")]
    /// List issues
    ///
    /// More.
    pub fn issues_list<'a>(&'a self) -> support::Call<'a, Self, IssuesList> {}

    #[cfg(feature = "issues")]
    pub fn issues_get<'a>(&'a self) -> support::Call<'a, Self, IssuesGet> {}
}

#[cfg(feature = "repos")]
/// Get a repository
#[derive(Debug)]
pub struct ReposGet {}

#[cfg(feature = "repos")]
impl support::Operation for ReposGet {}
"#;
        fs::write(dir.join("src/api/client.rs"), client).unwrap();
        let found = largest_feature(&dir);
        fs::remove_dir_all(&dir).unwrap();
        assert_eq!(found, Some(("issues".to_owned(), 2)));
    }
}
