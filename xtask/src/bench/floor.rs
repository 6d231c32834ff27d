//! The floor of generation: what any generator must do for a document, with nothing in between.
//! `cargo xtask floor --spec F --like DIR --out OUT` reads and parses the document with the loader
//! generation uses (JSON or YAML, then `openapiv3`), and writes a file of the same path and size
//! for every file of `DIR` (a crate generated from it). The bench runs it as a process of its own,
//! as it runs the generator, so the two are timed the same way.

use std::fs;
use std::path::{Path, PathBuf};

use crate::gen::Files;
use crate::TaskError;

pub fn run(spec: &Path, like: &Path, out: &Path) -> Result<(), TaskError> {
    let parsed = codegen::load::load(spec, &Files { base: Path::new("") }).map_err(codegen::Error::from)?;
    // The parsed document stays alive while the output is written, as generation's IR does.
    let mut files = Vec::new();
    sizes(like, Path::new(""), &mut files)?;
    for (path, bytes) in files {
        let path = out.join(path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        // Made in memory first, as generated text is.
        fs::write(&path, vec![b'\n'; bytes])?;
    }
    drop(parsed);
    Ok(())
}

/// Every file under `dir` (relative to the crate root, `at` so far) with its length.
fn sizes(dir: &Path, at: &Path, files: &mut Vec<(PathBuf, usize)>) -> Result<(), TaskError> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let relative = at.join(entry.file_name());
        let metadata = entry.metadata()?;
        if metadata.is_dir() {
            sizes(&entry.path(), &relative, files)?;
        } else {
            let bytes = usize::try_from(metadata.len()).map_err(|_| TaskError(format!("{} is too large", entry.path().display())))?;
            files.push((relative, bytes));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The floor writes every file of the crate it is given, at the same path and size.
    #[test]
    fn floor_writes_the_files_of_the_crate_it_is_like() {
        let root = crate::project_root();
        let out = std::env::temp_dir().join(format!("xtask-floor-{}", std::process::id()));
        let like = root.join("generated/src");
        run(&root.join("spec/energycap.yaml"), &like, &out).unwrap();
        let (mut expected, mut written) = (Vec::new(), Vec::new());
        sizes(&like, Path::new(""), &mut expected).unwrap();
        sizes(&out, Path::new(""), &mut written).unwrap();
        expected.sort();
        written.sort();
        assert!(expected.len() > 2);
        assert_eq!(written, expected);
        fs::remove_dir_all(out).unwrap();
        let missing = root.join("spec/no-such-spec.yaml");
        assert!(run(&missing, &like, &std::env::temp_dir()).is_err());
    }
}
