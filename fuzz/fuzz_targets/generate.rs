//! Any bytes, read as a spec (YAML, or JSON when they start with `{`), through the whole pipeline:
//! load, lower, emit, format. The generator must return a crate or diagnostics, never panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

/// One in-memory file; every other path is missing.
struct OneFile<'a>(&'a str);

impl codegen::SourceFiles for OneFile<'_> {
    fn read(&self, path: &Path) -> std::io::Result<String> {
        if path == Path::new("fuzz.yaml") {
            Ok(self.0.to_owned())
        } else {
            Err(std::io::ErrorKind::NotFound.into())
        }
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = codegen::generate_module(Path::new("fuzz.yaml"), &OneFile(text));
    }
});
