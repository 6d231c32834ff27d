//! What the test targets of this package share: where the workspace is, and the two ways they
//! hand specs to the generator (files of the workspace, or one spec made in memory). The tests
//! themselves are the package's test targets (`snapshots.rs`, `client.rs`, …).

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Spec files read relative to the workspace root, so diagnostics name stable paths.
pub struct Workspace;

impl codegen::SourceFiles for Workspace {
    fn read(&self, path: &Path) -> std::io::Result<String> {
        std::fs::read_to_string(root().join(path))
    }
}

/// One spec held in memory at `path`; every other path is missing.
pub struct InMemory<'a> {
    pub path: &'a Path,
    pub text: String,
}

impl codegen::SourceFiles for InMemory<'_> {
    fn read(&self, path: &Path) -> std::io::Result<String> {
        if path == self.path {
            Ok(self.text.clone())
        } else {
            Err(std::io::ErrorKind::NotFound.into())
        }
    }
}
