//! Modules are formatted item by item and in parts on several threads (`emit::module_source`, for
//! speed); the text must be exactly what formatting the whole module at once gives.

use std::path::Path;

use tests::Workspace as Files;

#[test]
fn module_source_equals_formatting_the_whole_module() {
    let mut specs: Vec<String> = Vec::new();
    for dir in ["spec", "tests/fixtures/models"] {
        for entry in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(dir)).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if name.ends_with(".yaml") || name.ends_with(".json") {
                specs.push(format!("{dir}/{name}"));
            }
        }
    }
    assert!(specs.len() > 2);
    for spec in specs {
        let Ok(module) = codegen::lower_file(Path::new(&spec), &Files) else { continue };
        let whole = codegen::emit::format_source(&module.module, codegen::emit::emit_module(&module.api)).unwrap();
        let fast = codegen::emit::module_source(&module.module, &module.api).unwrap();
        assert!(whole == fast, "{spec}: item-by-item formatting differs from whole-module formatting");
    }
}
