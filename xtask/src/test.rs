//! `cargo xtask test`: the one command that runs every test. Installs what the tests need (the
//! Python spec validator, pinned in `tools/requirements.txt`, into `target/tools/venv`; the Prism
//! mock server, pinned in `tools/package-lock.json`, into `tools/node_modules`), then runs
//! `cargo test` and `cargo clippy -D warnings` over the workspace, `cargo doc` of the generated
//! crates with rustdoc's warnings as errors, and a check of each of their features alone.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{cargo, step, TaskError};

pub fn run(root: &Path) -> Result<(), TaskError> {
    let venv = ensure_python_tools(root)?;
    let validator = venv.join("bin").join("openapi-spec-validator");
    let prism = ensure_node_tools(root)?.join(".bin").join("prism");
    step(
        "cargo test",
        Command::new(cargo())
            .current_dir(root)
            .args(["test", "--workspace", "--locked"])
            .env("OPENAPI_SPEC_VALIDATOR", &validator)
            .env("TOOLS_PYTHON", venv.join("bin").join("python"))
            .env("PRISM", &prism),
    )?;
    step(
        "cargo clippy",
        Command::new(cargo()).current_dir(root).args(["clippy", "--workspace", "--all-targets", "--locked", "--", "-D", "warnings"]),
    )?;
    let mut doc = Command::new(cargo());
    doc.current_dir(root).args(["doc", "--no-deps", "--all-features", "--locked"]).env("RUSTDOCFLAGS", "-D warnings");
    for name in FEATURED_CRATES {
        doc.args(["-p", name]);
    }
    step("cargo doc of the generated crates (rustdoc warnings are errors)", &mut doc)?;
    check_features_alone(root)?;
    println!("all tests passed");
    Ok(())
}

/// The generated crates whose features are checked one at a time.
const FEATURED_CRATES: &[&str] = &["vendor-apis", "fixture-models", "fastapi-client"];

/// Every feature of the generated crates compiles alone, without warnings (with `reqwest`, and
/// nothing at all too): a feature set that does not build (async-stripe #137) is what a feature
/// per tag risks.
fn check_features_alone(root: &Path) -> Result<(), TaskError> {
    let output = Command::new(cargo())
        .current_dir(root)
        .args(["metadata", "--no-deps", "--format-version", "1", "--locked"])
        .output()
        .map_err(|e| TaskError(format!("cannot run cargo metadata: {e}")))?;
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).map_err(|e| TaskError(format!("cargo metadata: {e}")))?;
    let packages = metadata["packages"].as_array().cloned().unwrap_or_default();
    for name in FEATURED_CRATES {
        let package = packages.iter().find(|p| p["name"] == *name).ok_or_else(|| TaskError(format!("no package {name}")))?;
        let features: Vec<&str> = package["features"].as_object().into_iter().flatten().map(|(f, _)| f.as_str()).filter(|f| *f != "default").collect();
        let sets = std::iter::once(String::new()).chain(features.iter().filter(|f| **f != "reqwest").map(|f| format!("reqwest,{f}")));
        for set in sets {
            let shown = if set.is_empty() { "no feature".to_owned() } else { set.clone() };
            println!("==> cargo check -p {name} --no-default-features ({shown})");
            // Warnings are read from the output: `RUSTFLAGS=-D warnings` would rebuild every
            // dependency under other flags.
            let output = Command::new(cargo())
                .current_dir(root)
                .args(["check", "--locked", "--message-format", "short", "-p", name, "--no-default-features", "--features", &set])
                .output()
                .map_err(|e| TaskError(format!("cannot run cargo check: {e}")))?;
            let stderr = String::from_utf8_lossy(&output.stderr);
            let problems: Vec<&str> = stderr.lines().filter(|line| line.contains("warning:") || line.contains("error")).collect();
            if !output.status.success() || !problems.is_empty() {
                return Err(TaskError(format!("{name} with {shown} does not build cleanly:\n{}", problems.join("\n"))));
            }
        }
    }
    Ok(())
}


/// The virtualenv with the pinned Python test tools; installed when missing or when
/// `tools/requirements.txt` changed since the last install.
pub fn ensure_python_tools(root: &Path) -> Result<PathBuf, TaskError> {
    let requirements = root.join("tools").join("requirements.txt");
    let wanted = fs::read_to_string(&requirements)?;
    let venv = root.join("target").join("tools").join("venv");
    let stamp = venv.join("installed-requirements.txt");
    if fs::read_to_string(&stamp).is_ok_and(|installed| installed == wanted) {
        return Ok(venv);
    }
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
    step("create the Python tool environment", Command::new(&python).args(["-m", "venv"]).arg(&venv))?;
    step(
        "install the Python test tools (tools/requirements.txt)",
        Command::new(venv.join("bin").join("pip")).args(["install", "--disable-pip-version-check", "--progress-bar", "on", "-r"]).arg(&requirements),
    )?;
    fs::write(&stamp, wanted)?;
    Ok(venv)
}

/// `tools/node_modules` with the pinned Node test tools; `npm ci` runs when it is missing or
/// `tools/package-lock.json` changed since the last install.
pub fn ensure_node_tools(root: &Path) -> Result<PathBuf, TaskError> {
    let tools = root.join("tools");
    let lock = fs::read_to_string(tools.join("package-lock.json"))?;
    let modules = tools.join("node_modules");
    let stamp = modules.join(".installed-package-lock.json");
    if fs::read_to_string(&stamp).is_ok_and(|installed| installed == lock) {
        return Ok(modules);
    }
    step(
        "install the Node test tools (tools/package-lock.json)",
        Command::new("npm").current_dir(&tools).args(["ci", "--no-audit", "--no-fund", "--loglevel", "error"]),
    )?;
    fs::write(&stamp, lock)?;
    Ok(modules)
}
