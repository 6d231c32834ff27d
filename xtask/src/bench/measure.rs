//! Timing child processes: wall time and peak resident memory of each run as the kernel accounts
//! them, read through `/usr/bin/time` (GNU time), so that a generator measured here is measured as
//! a user runs it: one process, start to exit. A cargo run's peak includes the rustc it waits for.

use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::TaskError;

/// One finished run.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    pub seconds: f64,
    pub peak_kb: u64,
}

/// How a run ended.
#[derive(Debug, Clone)]
pub enum Outcome {
    Ok(Run),
    /// Nonzero exit; the first line of what it printed to stderr that says why.
    Refused(String),
    /// Rust panic (exit code 101 with "panicked" on stderr) or killed by a signal.
    Panicked(String),
    TimedOut,
}

/// Runs `program args…` in `dir` (with `env` added) under GNU time, killing it after `timeout`.
pub fn run(
    program: &Path,
    args: &[&str],
    dir: &Path,
    env: &[(&str, &Path)],
    timeout: Duration,
    scratch: &Path,
) -> Result<Outcome, TaskError> {
    let report = scratch.join("time.txt");
    let stderr_path = scratch.join("stderr.txt");
    let stderr = fs::File::create(&stderr_path)?;
    let started = Instant::now();
    let mut child = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%e %M %x")
        .arg("-o")
        .arg(&report)
        .arg(program)
        .args(args)
        .current_dir(dir)
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .map_err(|e| TaskError(format!("cannot run /usr/bin/time {}: {e}", program.display())))?;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if started.elapsed() > timeout {
            // Killing `time` leaves the measured process running: find it by parent id.
            kill_children(child.id());
            child.kill()?;
            child.wait()?;
            return Ok(Outcome::TimedOut);
        }
        // Fine polling at first: small inputs finish in milliseconds, and the poll interval is
        // the resolution of their wall time.
        let poll = if started.elapsed() < Duration::from_millis(200) { Duration::from_micros(100) } else { Duration::from_millis(5) };
        std::thread::sleep(poll);
    };
    let seconds = started.elapsed().as_secs_f64();
    let text = fs::read_to_string(&report).unwrap_or_default();
    let errors = fs::read_to_string(&stderr_path).unwrap_or_default();
    let last = text.lines().last().unwrap_or_default();
    let mut fields = last.split_whitespace();
    // GNU time's wall clock has 10 ms steps; ours is finer (and includes the exec of `time`, ~1 ms).
    let _ = fields.next();
    let peak_kb: u64 = fields.next().and_then(|f| f.parse().ok()).unwrap_or(0);
    let exit: i32 = fields.next().and_then(|f| f.parse().ok()).unwrap_or(-1);
    if status.success() && exit == 0 {
        return Ok(Outcome::Ok(Run { seconds, peak_kb }));
    }
    let panicked = errors.lines().find(|line| line.contains("panicked at")).map(|line| line.trim().to_owned());
    if let Some(message) = panicked {
        return Ok(Outcome::Panicked(message));
    }
    if text.contains("Command terminated by signal") {
        return Ok(Outcome::Panicked(text.lines().next().unwrap_or_default().to_owned()));
    }
    let reason = errors
        .lines()
        .map(str::trim)
        .find(|line| line.starts_with("error") || line.starts_with("Error"))
        .or_else(|| errors.lines().map(str::trim).find(|line| !line.is_empty()))
        .unwrap_or("nonzero exit")
        .to_owned();
    Ok(Outcome::Refused(reason))
}

fn kill_children(parent: u32) {
    let Ok(entries) = fs::read_dir("/proc") else { return };
    for entry in entries.flatten() {
        let stat = fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
        // pid (comm) state ppid …; comm may hold spaces, so read after the last ')'.
        let Some(after) = stat.rsplit_once(')').map(|(_, rest)| rest) else { continue };
        let ppid = after.split_whitespace().nth(1).and_then(|p| p.parse::<u32>().ok());
        if ppid == Some(parent) {
            let pid = entry.file_name().to_string_lossy().into_owned();
            let _ = Command::new("kill").args(["-9", &pid]).status();
        }
    }
}

/// Wall time (seconds) and peak memory (MiB) of `runs`.
pub fn summarize(runs: &[Run]) -> (Option<Summary>, Option<Summary>) {
    let time = Summary::of(&runs.iter().map(|r| r.seconds).collect::<Vec<_>>());
    let peak = Summary::of(&runs.iter().map(|r| r.peak_kb as f64 / 1024.0).collect::<Vec<_>>());
    (time, peak)
}

/// Median, minimum and maximum.
#[derive(Debug, Clone, Copy)]
pub struct Summary {
    pub median: f64,
    pub min: f64,
    pub max: f64,
}

impl Summary {
    pub fn of(values: &[f64]) -> Option<Summary> {
        let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        if sorted.is_empty() {
            return None;
        }
        sorted.sort_by(f64::total_cmp);
        let mid = sorted.len() / 2;
        let median = if sorted.len() % 2 == 1 { sorted[mid] } else { (sorted[mid - 1] + sorted[mid]) / 2.0 };
        Some(Summary { median, min: sorted[0], max: sorted[sorted.len() - 1] })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_takes_the_middle() {
        let s = Summary::of(&[3.0, 1.0, 2.0]).unwrap();
        assert_eq!((s.median, s.min, s.max), (2.0, 1.0, 3.0));
        assert_eq!(Summary::of(&[1.0, 2.0, 3.0, 4.0]).unwrap().median, 2.5);
        assert!(Summary::of(&[]).is_none());
    }
}
