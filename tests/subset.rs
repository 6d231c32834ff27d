//! Generating a subset of an API (`--only-tags`, `--only-operations`): only the kept operations
//! and the schemas they reach are emitted, and the subset crate still compiles its references
//! (checked here by the emitted text; the IR-level renumbering is unit-tested in `codegen::prune`).

use std::path::Path;

use codegen::prune::Subset;
use codegen::CrateConfig;
use tests::Workspace as Files;

fn module(subset: &Subset) -> Result<String, codegen::Error> {
    let config = CrateConfig { name: "subset".into(), description: "Subset fixture.".into(), standalone: true, subset: subset.clone(), strict: false };
    let generated = codegen::generate_crate(&config, &[Path::new("tests/fixtures/subset/petstore.yaml")], &Files)?;
    // The module's models and its client.
    let module: String = generated
        .files
        .into_iter()
        .filter(|f| f.path == Path::new("src/petstore.rs") || f.path.starts_with("src/petstore/"))
        .map(|f| f.contents)
        .collect();
    assert!(module.contains("pub mod client;"), "the module is generated");
    Ok(module)
}

fn has_type(source: &str, name: &str) -> bool {
    ["pub struct", "pub enum"].iter().any(|item| [" ", "<", ";"].iter().any(|end| source.contains(&format!("{item} {name}{end}"))))
}

#[test]
fn a_tag_keeps_its_operations_and_what_they_reach() {
    let source = module(&Subset { tags: vec!["pets".into()], operations: vec![] }).unwrap();
    for kept in ["Pet", "Owner", "Category", "NewPet", "GetPet", "AddPet"] {
        assert!(has_type(&source, kept), "{kept} is missing");
    }
    for dropped in ["Unused", "Order", "GetOrder"] {
        assert!(!has_type(&source, dropped), "{dropped} should be pruned");
    }
}

#[test]
fn an_operation_id_keeps_only_that_operation() {
    let source = module(&Subset { tags: vec![], operations: vec!["getOrder".into()] }).unwrap();
    assert!(has_type(&source, "Order") && has_type(&source, "GetOrder"));
    for dropped in ["Pet", "Owner", "Category", "NewPet", "Unused", "GetPet"] {
        assert!(!has_type(&source, dropped), "{dropped} should be pruned");
    }
}

#[test]
fn no_subset_keeps_everything() {
    let source = module(&Subset::default()).unwrap();
    for kept in ["Unused", "Pet", "Owner", "Category", "NewPet", "Order"] {
        assert!(has_type(&source, kept), "{kept} is missing");
    }
}

#[test]
fn an_unknown_tag_is_a_located_error() {
    let error = module(&Subset { tags: vec!["pest".into()], operations: vec![] }).unwrap_err().to_string();
    assert!(error.contains("no operation has the tag `pest`"), "{error}");
    assert!(error.contains("tags in this spec: `pets`, `store`"), "{error}");
}
