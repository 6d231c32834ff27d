//! Snapshots of the generated source: one per fixture spec (each shows one shape) and one per
//! vendor spec. Review changes with `cargo insta review`. The same sources are compiled as the
//! `fixture-models` and `vendor-apis` crates, so every snapshot is known to build.

use std::path::{Path, PathBuf};

use tests::{root, Workspace as Disk};

fn specs_in(dir: &str) -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| codegen::load::is_spec_file(path))
        .map(|path| Path::new(dir).join(path.file_name().unwrap()))
        .collect();
    specs.sort();
    specs
}

/// The files of the module `spec` becomes, one after another, each under a line naming it.
fn module_text(spec: &Path) -> String {
    let files = codegen::generate_module(spec, &Disk).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
    files.iter().map(|file| format!("// ==== {} ====\n{}", file.path.display(), file.contents)).collect()
}

fn snapshot_all(dir: &str, prefix: &str) {
    let specs = specs_in(dir);
    assert!(!specs.is_empty(), "no specs in {dir}");
    for spec in specs {
        let source = module_text(&spec);
        let name = format!("{prefix}{}", spec.file_stem().unwrap().to_string_lossy());
        insta::assert_snapshot!(name, source);
    }
}

#[test]
fn fixture_models() {
    snapshot_all("tests/fixtures/models", "fixture_");
}

#[test]
fn vendor_specs() {
    snapshot_all("spec", "spec_");
}

/// Prost-build's determinism check: generating twice gives the same bytes.
#[test]
fn output_is_deterministic() {
    for spec in specs_in("spec").into_iter().chain(specs_in("tests/fixtures/models")) {
        let first = codegen::generate_module(&spec, &Disk).unwrap();
        let second = codegen::generate_module(&spec, &Disk).unwrap();
        assert_eq!(first, second, "{} generates differently on a second run", spec.display());
    }
}

/// Every spelling of "optional and nullable" (3.0 `nullable: true`; 3.1 `type: [T, "null"]`,
/// `anyOf`/`oneOf` with `{type: "null"}`, `null` in `enum`) generates the same type; the 3.1
/// spellings the same code (a 3.1 integer also reads `3.0`, a 3.0 one does not).
#[test]
fn nullability_spellings_generate_the_same_type() {
    let spellings = ["nullable_30", "v31_null_type_array", "v31_null_any_of", "v31_null_enum"];
    let sources: Vec<String> = spellings
        .iter()
        .map(|name| {
            let spec = PathBuf::from(format!("tests/fixtures/models/{name}.yaml"));
            let source = module_text(&spec);
            // Compare from the first type on: the module docs name the spelling, and so do the
            // features that gate the items (named after the module).
            let types = &source[source.find("#[derive").unwrap()..];
            types.lines().filter(|line| !line.starts_with("#[cfg(")).collect::<Vec<_>>().join("\n")
        })
        .collect();
    let declaration = |source: &str| source[..source.find("\nimpl").unwrap()].to_owned();
    for (name, source) in spellings.iter().zip(&sources).skip(1) {
        assert_eq!(declaration(source), declaration(&sources[0]), "{name} differs from the 3.0 spelling");
        assert_eq!(source, &sources[1], "{name} differs from the 3.1 type array");
    }
    assert!(sources[0].contains("Option<Option<String>>"));
}
