//! Modules are emitted and formatted in units of a few items on several threads
//! (`emit::module_files`, for speed); the text must be exactly what formatting each whole file at
//! once gives.

use std::path::Path;

use tests::Workspace as Files;

#[test]
fn module_files_equal_formatting_each_file_whole() {
    let mut specs: Vec<String> = Vec::new();
    for dir in ["spec", "tests/fixtures/models"] {
        for entry in std::fs::read_dir(tests::root().join(dir)).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if name.ends_with(".yaml") || name.ends_with(".json") {
                specs.push(format!("{dir}/{name}"));
            }
        }
    }
    assert!(specs.len() > 2);
    for spec in specs {
        let Ok(module) = codegen::lower_file(Path::new(&spec), &Files) else { continue };
        let fast = codegen::emit::module_files(&module).unwrap();
        let whole = codegen::emit::module_tokens(&module);
        assert_eq!(fast.len(), whole.len());
        for (file, (path, tokens)) in fast.iter().zip(whole) {
            assert_eq!(file.path, path);
            let whole = codegen::emit::format_source(&path.to_string_lossy(), &codegen::emit::header(&[&module.source]), tokens).unwrap();
            assert!(whole == file.contents, "{spec}: {} formatted in units differs from formatting it whole", path.display());
        }
    }
}
