//! The floor generation is measured against: reading and parsing the document, writing the
//! output, with nothing in between. `cargo xtask floor --spec F --like DIR --out OUT` reads and
//! parses the document with the loader generation uses (JSON or YAML, its checks, then
//! `openapiv3`), and writes a file of the same path and size for every file of `DIR` (a crate
//! generated from it). The bench runs it as a process of its own, as it runs the generator, so
//! the two are timed the same way.

use std::fs;
use std::path::{Path, PathBuf};

use crate::gen::Files;
use crate::TaskError;

/// Reads and parses `spec`, then writes under `out` the files of `like` as bytes.
pub fn run(spec: &Path, like: &Path, out: &Path) -> Result<(), TaskError> {
    let parsed = codegen::load::load(spec, &Files { base: Path::new("") }).map_err(codegen::Error::from)?;
    let mut files = Vec::new();
    sizes(like, Path::new(""), &mut files)?;
    for (path, bytes) in files {
        let path = out.join(path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|error| io_error(parent, &error))?;
        }
        // Made in memory first, as generated text is (and touching every page, as zeros might not).
        fs::write(&path, vec![b'\n'; bytes]).map_err(|error| io_error(&path, &error))?;
    }
    // Whatever a generator read, it has while it writes: the parse is dropped only now.
    drop(parsed);
    Ok(())
}

/// Every file under `dir` (relative to the crate root, `at` so far) with its length.
fn sizes(dir: &Path, at: &Path, files: &mut Vec<(PathBuf, usize)>) -> Result<(), TaskError> {
    for entry in fs::read_dir(dir).map_err(|error| io_error(dir, &error))? {
        let entry = entry.map_err(|error| io_error(dir, &error))?;
        let relative = at.join(entry.file_name());
        let metadata = entry.metadata().map_err(|error| io_error(&entry.path(), &error))?;
        if metadata.is_dir() {
            sizes(&entry.path(), &relative, files)?;
        } else {
            let bytes = usize::try_from(metadata.len()).map_err(|_| TaskError(format!("{} is too large", entry.path().display())))?;
            files.push((relative, bytes));
        }
    }
    Ok(())
}

fn io_error(path: &Path, error: &std::io::Error) -> TaskError {
    TaskError(format!("{}: {error}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The floor parses the spec, and writes every file of the crate it is given at the same
    /// path and size.
    #[test]
    fn floor_writes_the_files_of_the_crate_it_is_like() {
        let root = crate::project_root();
        let out = std::env::temp_dir().join(format!("xtask-floor-{}", std::process::id()));
        let _ = fs::remove_dir_all(&out);
        let like = root.join("generated");
        run(&root.join("spec/energycap.yaml"), &like, &out).unwrap();
        for file in ["Cargo.toml", "src/lib.rs", "src/energycap/client.rs", "examples/energycap.rs"] {
            let expected = fs::metadata(like.join(file)).unwrap().len();
            assert_eq!(fs::metadata(out.join(file)).map(|m| m.len()).ok(), Some(expected), "{file}");
        }
        let (mut expected, mut written) = (Vec::new(), Vec::new());
        sizes(&like, Path::new(""), &mut expected).unwrap();
        sizes(&out, Path::new(""), &mut written).unwrap();
        expected.sort();
        written.sort();
        assert_eq!(written, expected);
        fs::remove_dir_all(&out).unwrap();

        // A file that is not an OpenAPI document stops it before anything is written.
        let error = run(&root.join("Cargo.toml"), &like, &out).unwrap_err();
        assert!(!out.exists(), "{error}");
        let error = run(&root.join("spec/energycap.yaml"), &root.join("no-such-dir"), &out).unwrap_err();
        assert!(error.0.contains("no-such-dir"), "{error}");
    }
}
