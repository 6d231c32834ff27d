//! OpenAPI 3.0 → Rust. A one-way pipeline, one module per stage:
//!
//! [`load`] (text → documents) → [`lower`] (documents → [`ir`]) → [`emit`] (IR → formatted files).
//! Identifiers are made only in [`ident`]; problems become located [`diagnostic`]s. Nothing here
//! touches the file system: spec files are read through [`load::SourceFiles`], and the caller
//! writes the returned files.

pub mod diagnostic;
pub mod emit;
pub mod ident;
pub mod ir;
pub mod load;
pub mod lower;
pub mod prune;
pub mod samples;

use std::path::Path;

pub use diagnostic::{Diagnostic, Diagnostics};
pub use emit::{ApiModule, CrateConfig, EmitError, GeneratedFile};
pub use load::SourceFiles;


/// Runs `f`, on a new stack segment when less than 256 KiB of this one are left: every recursion
/// over a document's nesting goes through it (as rustc's `ensure_sufficient_stack`), so the deepest
/// document the loader accepts generates on any caller's thread.
pub(crate) fn with_stack<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(256 * 1024, 4 * 1024 * 1024, f)
}

/// Anything that stops generation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Spec(#[from] Diagnostics),
    #[error(transparent)]
    Emit(#[from] EmitError),
}

/// Loads and lowers the spec at `path` into the module named after its file stem.
pub fn lower_file(path: &Path, files: &dyn SourceFiles) -> Result<ApiModule, Diagnostics> {
    let spec = load::load(path, files)?;
    let warnings: Vec<Diagnostic> = spec.warnings().cloned().collect();
    let (api, repaired) = lower::lower(spec)?;
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let source = path.to_string_lossy().replace('\\', "/");
    let warnings = warnings.into_iter().chain(repaired).collect();
    Ok(ApiModule { module: ident::module_name(&stem), source, api, warnings })
}

/// Lowers one spec held in a string (unit tests of lowering and of what reads the IR).
#[cfg(test)]
pub(crate) fn lower_text(file_name: &str, text: &'static str) -> Result<ApiModule, Diagnostics> {
    struct Text(&'static str);

    impl SourceFiles for Text {
        fn read(&self, _path: &Path) -> std::io::Result<String> {
            Ok(self.0.to_owned())
        }
    }

    lower_file(Path::new(file_name), &Text(text))
}

/// A generated crate's files, and the warnings of its specs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    pub files: Vec<GeneratedFile>,
    pub warnings: Vec<Diagnostic>,
    /// The crate's unions by representation (for `cargo xtask corpus`).
    pub unions: ir::UnionCounts,
}

/// Generates a crate from several spec files, one module each, with only the operations of
/// `config.subset` and the types they reach ([`prune`], between lowering and emission). All
/// specs are lowered and all their problems reported before giving up.
pub fn generate_crate(config: &CrateConfig, specs: &[&Path], files: &dyn SourceFiles) -> Result<Generated, Error> {
    let subset = &config.subset;
    let mut modules = Vec::new();
    let mut problems = Vec::new();
    for path in specs {
        let lowered = lower_file(path, files).and_then(|module| {
            let api = prune::prune(module.api, subset, path)?;
            Ok(ApiModule { api, ..module })
        });
        match lowered {
            Ok(module) => modules.push(module),
            Err(diagnostics) => problems.extend(diagnostics.0),
        }
    }
    let warnings: Vec<Diagnostic> = modules.iter().flat_map(|module| module.warnings.iter().cloned()).collect();
    if config.strict {
        // Strict: every defect the default mode repairs stops generation.
        problems.extend(warnings.iter().cloned().map(Diagnostic::as_error));
    }
    if !problems.is_empty() {
        return Err(Diagnostics(problems).into());
    }
    let mut unions = ir::UnionCounts::default();
    modules.iter().for_each(|module| unions += module.api.union_counts());
    Ok(Generated { files: emit::emit_crate(config, &modules)?, warnings, unions })
}

/// The formatted files of the module one spec becomes (what the snapshot tests look at): its
/// models and, when it has operations, its client.
pub fn generate_module(path: &Path, files: &dyn SourceFiles) -> Result<Vec<GeneratedFile>, Error> {
    let module = lower_file(path, files)?;
    Ok(emit::module_files(&module)?)
}
