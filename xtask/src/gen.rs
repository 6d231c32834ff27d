//! `cargo xtask gen`: specs → crates on disk, writing only files whose content changed (so mtimes
//! and downstream builds stay warm), or in [`Mode::Check`] reporting what is stale.

use std::fs;
use std::path::{Path, PathBuf};

use codegen::{CrateConfig, GeneratedFile, SourceFiles};

use crate::TaskError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    Check,
}

/// Reads spec files relative to a base directory.
pub(crate) struct Files<'a> {
    pub(crate) base: &'a Path,
}

impl SourceFiles for Files<'_> {
    fn read(&self, path: &Path) -> std::io::Result<String> {
        fs::read_to_string(self.base.join(path))
    }
}

/// One crate the workspace generates: from which specs, into which directory.
struct Target {
    specs_dir: &'static str,
    crate_dir: &'static str,
    name: &'static str,
    description: &'static str,
    /// Refuse any defect (the hand-written specs are held to the letter); fixtures and third-party
    /// documents are repaired with warnings.
    strict: bool,
}

/// How generation treats and reports repairable defects.
#[derive(Debug, Clone, Copy, Default)]
pub struct Reporting {
    /// Every warning is an error.
    pub strict: bool,
    /// Print the count of warnings, not each one.
    pub quiet: bool,
}

const TARGETS: &[Target] = &[
    Target {
        specs_dir: "spec",
        crate_dir: "generated",
        name: "vendor-apis",
        description: "Typed models for the EnergyCAP and Capillary APIs, generated from the specs in spec/.",
        strict: true,
    },
    Target {
        specs_dir: "tests/fixtures/models",
        crate_dir: "tests/fixture-models",
        name: "fixture-models",
        description: "Models generated from the fixture specs, compiled so every snapshot is known to build.",
        strict: false,
    },
    Target {
        specs_dir: "tests/fixtures/fastapi",
        crate_dir: "tests/fastapi-client",
        name: "fastapi-client",
        description: "Client generated from the OpenAPI 3.1 document of the FastAPI app in tests/fixtures/fastapi.",
        strict: false,
    },
];

/// Regenerates every crate of the workspace.
pub fn workspace(root: &Path, mode: Mode, quiet: bool) -> Result<(), TaskError> {
    let mut stale = Vec::new();
    for target in TARGETS {
        let specs = spec_files(&root.join(target.specs_dir))?;
        let specs: Vec<PathBuf> = specs.iter().map(|p| Path::new(target.specs_dir).join(p)).collect();
        let spec_refs: Vec<&Path> = specs.iter().map(PathBuf::as_path).collect();
        let config = CrateConfig {
            name: target.name.to_owned(),
            description: target.description.to_owned(),
            strict: target.strict,
            ..CrateConfig::default()
        };
        let generated = codegen::generate_crate(&config, &spec_refs, &Files { base: root })?;
        print_warnings(&generated.warnings, quiet);
        stale.extend(sync(&root.join(target.crate_dir), &generated.files, mode)?);
    }
    report(root, stale, mode)
}

/// Turns one spec into a standalone crate in `out`.
pub fn standalone(spec: &Path, out: &Path, mode: Mode) -> Result<(), TaskError> {
    standalone_subset(spec, out, &codegen::prune::Subset::default(), mode, Reporting::default())
}

/// [`standalone`] with only the operations `subset` names (`--only-tags`, `--only-operations`)
/// and the schemas they reach.
pub fn standalone_subset(spec: &Path, out: &Path, subset: &codegen::prune::Subset, mode: Mode, reporting: Reporting) -> Result<(), TaskError> {
    let stem = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let name = codegen::ident::field_name(&stem, "api").as_str().replace('_', "-");
    let description = format!("Generated from {}.", spec.display());
    let config = CrateConfig { name, description, standalone: true, subset: subset.clone(), strict: reporting.strict };
    let generated = codegen::generate_crate(&config, &[spec], &Files { base: Path::new("") })?;
    print_warnings(&generated.warnings, reporting.quiet);
    let stale = sync(out, &generated.files, mode)?;
    report(Path::new(""), stale, mode)
}

/// Each warning (unless `quiet`), then one line that counts them.
fn print_warnings(warnings: &[codegen::Diagnostic], quiet: bool) {
    if !quiet {
        for warning in warnings {
            eprintln!("{warning}");
        }
    }
    match warnings.len() {
        0 => {}
        1 => eprintln!("1 warning; `--strict` makes it an error"),
        n => eprintln!("{n} warnings; `--strict` makes them errors"),
    }
}

fn report(root: &Path, stale: Vec<PathBuf>, mode: Mode) -> Result<(), TaskError> {
    if mode == Mode::Check && !stale.is_empty() {
        let list: Vec<String> = stale
            .iter()
            .map(|p| format!("  {}", p.strip_prefix(root).unwrap_or(p).display()))
            .collect();
        return Err(TaskError(format!(
            "these generated files differ from what the specs produce:\n{}\nrun `cargo xtask gen` and commit the result",
            list.join("\n")
        )));
    }
    Ok(())
}

/// The spec files (`.yaml`, `.yml`, `.json`) directly in `dir`, sorted by name.
fn spec_files(dir: &Path) -> Result<Vec<PathBuf>, TaskError> {
    let mut specs = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| TaskError(format!("cannot read {}: {e}", dir.display())))? {
        let path = entry?.path();
        let is_spec = codegen::load::is_spec_file(&path);
        if is_spec {
            if let Some(name) = path.file_name() {
                specs.push(PathBuf::from(name));
            }
        }
    }
    specs.sort();
    Ok(specs)
}

/// Brings `dir` in line with `files`: writes changed files and removes generated `.rs` files no
/// spec produces any more; in check mode only lists them.
pub(crate) fn sync(dir: &Path, files: &[GeneratedFile], mode: Mode) -> Result<Vec<PathBuf>, TaskError> {
    let mut stale = Vec::new();
    for file in files {
        let path = dir.join(&file.path);
        if ensure_file_contents(&path, &file.contents, mode)? {
            stale.push(path);
        }
    }
    for generated_dir in ["src", "examples"] {
        remove_stale(&dir.join(generated_dir), dir, files, mode, &mut stale)?;
    }
    Ok(stale)
}

/// Lists (and with [`Mode::Write`] removes) the `.rs` files under `tree` that are not among
/// `files`, and removes directories that end up empty: a module that lost its client, or a spec
/// that was deleted, leaves nothing behind.
fn remove_stale(tree: &Path, dir: &Path, files: &[GeneratedFile], mode: Mode, stale: &mut Vec<PathBuf>) -> Result<(), TaskError> {
    if !tree.is_dir() {
        return Ok(());
    }
    for entry in fs::read_dir(tree)? {
        let path = entry?.path();
        if path.is_dir() {
            remove_stale(&path, dir, files, mode, stale)?;
            if mode == Mode::Write && fs::read_dir(&path)?.next().is_none() {
                fs::remove_dir(&path)?;
            }
        } else if path.extension().is_some_and(|e| e == "rs") && !files.iter().any(|f| dir.join(&f.path) == path) {
            if mode == Mode::Write {
                fs::remove_file(&path)?;
            }
            stale.push(path);
        }
    }
    Ok(())
}

/// Writes `contents` to `path` unless it is already there; returns whether the file was stale.
/// A file that differs only in its line endings (a Windows checkout with `core.autocrlf`) is not
/// stale.
fn ensure_file_contents(path: &Path, contents: &str, mode: Mode) -> Result<bool, TaskError> {
    if fs::read_to_string(path).is_ok_and(|old| old == contents || old.replace("\r\n", "\n") == contents) {
        return Ok(false);
    }
    if mode == Mode::Write {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(path, contents).map_err(|e| TaskError(format!("cannot write {}: {e}", path.display())))?;
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_line_endings_are_not_stale() {
        let dir = std::env::temp_dir().join(format!("xtask-crlf-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let path = dir.join("a.rs");
        fs::write(&path, "fn a() {}\r\nfn b() {}\r\n").unwrap();
        assert!(!ensure_file_contents(&path, "fn a() {}\nfn b() {}\n", Mode::Check).unwrap());
        assert!(ensure_file_contents(&path, "fn a() {}\n", Mode::Check).unwrap());
        fs::remove_dir_all(&dir).unwrap();
    }

    /// The committed crates must be what the specs produce (rust-analyzer's codegen check).
    #[test]
    fn generated_crates_are_fresh() {
        if let Err(error) = workspace(&crate::project_root(), Mode::Check, true) {
            panic!("{error}");
        }
    }

    /// `cargo xtask gen --spec … --out …` makes a crate that builds on its own, and a second run in
    /// check mode finds nothing stale.
    #[test]
    fn standalone_crate_builds() {
        let root = crate::project_root();
        let spec = root.join("tests/fixtures/models/composition.yaml");
        let out = std::env::temp_dir().join(format!("xtask-standalone-{}", std::process::id()));
        if out.exists() {
            fs::remove_dir_all(&out).unwrap();
        }
        if let Err(error) = standalone(&spec, &out, Mode::Write) {
            panic!("{error}");
        }
        for file in ["Cargo.toml", "src/lib.rs", "src/support.rs", "src/composition.rs"] {
            assert!(out.join(file).is_file(), "{file} was not generated");
        }
        // The workspace's lock file pins the dependencies to versions already built here.
        fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock")).unwrap();
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let check = std::process::Command::new(cargo)
            .args(["check", "--quiet"])
            .current_dir(&out)
            .env("CARGO_TARGET_DIR", root.join("target/standalone-check"))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&check.stderr);
        assert!(check.status.success(), "cargo check of the standalone crate failed:\n{stderr}");
        // A crate without operations (this one) has no client: nothing of the runtime may be dead.
        assert!(!stderr.contains("warning"), "the standalone crate has warnings:\n{stderr}");
        if let Err(error) = standalone(&spec, &out, Mode::Check) {
            panic!("a second run finds stale files: {error}");
        }
        fs::remove_dir_all(&out).unwrap();
    }

    #[test]
    fn unchanged_files_are_not_rewritten() {
        let dir = std::env::temp_dir().join(format!("xtask-gen-{}", std::process::id()));
        let path = dir.join("a.txt");
        assert!(ensure_file_contents(&path, "one", Mode::Write).unwrap());
        let before = fs::metadata(&path).unwrap().modified().unwrap();
        assert!(!ensure_file_contents(&path, "one", Mode::Write).unwrap());
        assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), before);
        assert!(ensure_file_contents(&path, "two", Mode::Check).unwrap());
        assert_eq!(fs::read_to_string(&path).unwrap(), "one");
        fs::remove_dir_all(dir).unwrap();
    }

    /// Files no longer produced go, in nested module directories too, and so do emptied directories.
    #[test]
    fn stale_files_are_removed() {
        let dir = std::env::temp_dir().join(format!("xtask-stale-{}", std::process::id()));
        let kept = GeneratedFile { path: PathBuf::from("src/lib.rs"), contents: "// lib\n".to_owned() };
        for old in ["src/lib.rs", "src/gone.rs", "src/gone/client.rs"] {
            ensure_file_contents(&dir.join(old), "// old\n", Mode::Write).unwrap();
        }
        let files = std::slice::from_ref(&kept);
        let mut stale = sync(&dir, files, Mode::Check).unwrap();
        stale.sort();
        assert_eq!(stale, ["src/gone/client.rs", "src/gone.rs", "src/lib.rs"].map(|p| dir.join(p)));
        assert!(dir.join("src/gone/client.rs").is_file(), "check mode removed a file");
        sync(&dir, files, Mode::Write).unwrap();
        assert!(!dir.join("src/gone.rs").exists() && !dir.join("src/gone").exists());
        assert_eq!(fs::read_to_string(dir.join("src/lib.rs")).unwrap(), "// lib\n");
        assert!(sync(&dir, files, Mode::Check).unwrap().is_empty());
        fs::remove_dir_all(dir).unwrap();
    }
}
