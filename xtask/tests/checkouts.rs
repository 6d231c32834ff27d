//! `cargo xtask` acts on the checkout it runs in, also when two checkouts share one target
//! directory (a global `build.target-dir`): cargo then deems the first checkout's xtask binary
//! fresh for the second and runs it there, so a root taken from the compile-time
//! `CARGO_MANIFEST_DIR` would check (or write into) the first checkout.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

/// What a checkout needs for `gen --check`.
const CHECKOUT: &[&str] =
    &["Cargo.toml", "Cargo.lock", ".cargo", "codegen", "xtask", "generated", "spec", "tests", "README.md", "ARCHITECTURE.md", "docs"];

fn copy_tree(from: &Path, to: &Path) {
    if from.is_dir() {
        fs::create_dir_all(to).unwrap();
        for entry in fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name();
            if name == "target" || name == "node_modules" || name == "__pycache__" {
                continue;
            }
            copy_tree(&entry.path(), &to.join(name));
        }
    } else {
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::copy(from, to).unwrap_or_else(|e| panic!("cannot copy {}: {e}", from.display()));
    }
}

fn gen_check(checkout: &Path, target: &Path) -> Output {
    Command::new(env!("CARGO"))
        .current_dir(checkout)
        .args(["run", "--quiet", "--package", "xtask", "--", "gen", "--check"])
        .env("CARGO_TARGET_DIR", target)
        .env_remove("CARGO_MANIFEST_DIR")
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap()
}

/// Removes the scratch directory however the test ends.
struct Scratch(std::path::PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

#[test]
fn gen_check_looks_at_the_checkout_it_runs_in() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let scratch = Scratch(std::env::temp_dir().join(format!("xtask-checkouts-{}", std::process::id())));
    let scratch = &scratch.0;
    let (first, second, target) = (scratch.join("first"), scratch.join("second"), scratch.join("target"));
    for checkout in [&first, &second] {
        for item in CHECKOUT {
            copy_tree(&root.join(item), &checkout.join(item));
        }
    }
    // The second checkout's generated crate was edited by hand.
    let edited = second.join("generated/src/lib.rs");
    let text = fs::read_to_string(&edited).unwrap();
    fs::write(&edited, format!("{text}// edited by hand\n")).unwrap();

    let first_run = gen_check(&first, &target);
    assert!(first_run.status.success(), "the first checkout is up to date:\n{}", String::from_utf8_lossy(&first_run.stderr));
    let second_run = gen_check(&second, &target);
    let output = format!("{}{}", String::from_utf8_lossy(&second_run.stdout), String::from_utf8_lossy(&second_run.stderr));
    assert!(!second_run.status.success(), "the second checkout's edit went unseen: the check looked elsewhere\n{output}");
    assert!(output.contains("generated/src/lib.rs"), "the check names the edited file:\n{output}");
}
