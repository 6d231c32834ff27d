//! Bad input gets located diagnostics: never a panic, never generated code. A defect with one
//! sound reading (`tests/fixtures/repaired/`) generates with a located warning by default and is an
//! error in strict mode. Each fixture in `tests/fixtures/bad/` shows one problem (files they `$ref` are in `parts/`); the text of its
//! error is snapshotted in `tests/fixtures/bad/snapshots/`. Review changes with `cargo insta review`.
//!
//! [`FIXTURES`] must list exactly the files in the directory, each with a phrase its error must
//! contain, so a fixture that is dropped, or starts generating, or fails for another reason than the
//! one it shows, fails the test even if its snapshot was accepted without reading.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use codegen::{Error, SourceFiles};
use tests::{root, InMemory, Workspace as Disk};

const DIR: &str = "tests/fixtures/bad";

/// Every fixture and a phrase its error must contain.
const FIXTURES: &[(&str, &str)] = &[
    ("allof_includes_itself.yaml", "does a part include this schema?"),
    ("code_property_not_integer.yaml", "`x-code-property` must name an integer property of this object"),
    ("duplicate_operation_id.yaml", "operationId `listPets` is used twice"),
    ("duplicate_parameter.yaml", "the path parameter `id` is declared twice"),
    ("empty.yaml", "the file is empty"),
    ("error_codes_entry_invalid.yaml", "invalid `x-error-codes` entry: unknown variant `failure`"),
    ("json_duplicate_key.json", "duplicate key `id`"),
    ("json_syntax_error.json", "invalid JSON: trailing comma"),
    ("missing_info.yaml", "missing field `info`"),
    ("missing_openapi.yaml", "no `openapi` version"),
    ("nested_keyword_wrong_type.yaml", "`maxLength` must be a non-negative integer"),
    ("openapi_3_1_dialect.yaml", "JSON Schema dialect \"https://json-schema.org/draft/2019-09/schema\" is not supported"),
    ("openapi_3_1_schema_dialect.yaml", "schema dialect `http://json-schema.org/draft-07/schema#` is not supported"),
    ("openapi_4_0.json", "OpenAPI 4.0.0 is not supported"),
    ("openapi_version_number.yaml", "`openapi` must be a string"),
    ("parameter_in_body.yaml", "unknown variant `body`"),
    ("parameter_keyword_wrong_type.yaml", "`required` must be `true` or `false`"),
    ("path_param_not_in_path.yaml", "path parameter `petId` does not appear in the path `/pets`"),
    ("path_template_unclosed.yaml", "has an unclosed `{`"),
    ("path_without_slash.yaml", "the path `pets` does not start with `/`"),
    ("ref_cycle.yaml", "`$ref` cycle with no object in between: A → B → A"),
    ("ref_cycle_across_files.yaml", "`$ref` cycle with no object in between: B → C → B"),
    ("ref_file_with_syntax_error.yaml", "invalid YAML"),
    ("ref_missing_component.yaml", "points to nothing"),
    ("ref_missing_file.yaml", "which cannot be read: the file does not exist"),
    ("ref_not_a_string.yaml", "`$ref` must be a string"),
    ("ref_pointer_without_slash.yaml", "a JSON pointer starts with `/`"),
    ("ref_url.yaml", "names a URL"),
    ("required_headers_not_object.yaml", "`x-required-headers` must map header names to values"),
    ("required_not_a_list.yaml", "`required` must be a list of property names"),
    ("response_status_invalid.yaml", "`ok` is not an HTTP status code"),
    ("response_without_description.yaml", "missing field `description`"),
    ("schema_in_response_keyword_wrong_type.yaml", "`minLength` must be a non-negative integer"),
    ("several_problems.yaml", "3 errors"),
    ("swagger_2.yaml", "Swagger \"2.0\" documents are not supported"),
    ("type_unknown.yaml", "unknown type `strng`"),
    ("yaml_duplicate_key.yaml", "duplicate key `Pet`"),
    ("yaml_list.yaml", "the document is not an object"),
    ("yaml_syntax_error.yaml", "invalid YAML"),
];

/// Defects with one sound reading, in `tests/fixtures/repaired/`: each generates with a located
/// warning containing the phrase, and is refused with the same text as an error in strict mode.
const REPAIRED_DIR: &str = "tests/fixtures/repaired";
const REPAIRED: &[(&str, &str)] = &[
    ("allof_required_not_in_properties.yaml", "required property `nmae` is not defined in `properties`"),
    ("callback_as_string.yaml", "the callback `onEvent` is a string, not a callback object"),
    ("external_schema_keyword_wrong_type.yaml", "`required` must be a list of property names"),
    ("integer_enum_non_integer.yaml", "the enum value `\"three\"` of a `type: integer` schema is not an integer"),
    ("multipart_schema_not_an_object.yaml", "a `multipart/form-data` body whose schema is not an object with `properties`"),
    ("path_style_label.yaml", "path parameter `petId` has `style: label`, which the client does not write"),
    ("path_template_undeclared.yaml", "has `{petId}` but no path parameter `petId`"),
    ("pattern_not_string.yaml", "`pattern` must be a string (a regular expression), not `0`"),
    ("query_maps_share_keys.yaml", "the query parameters `labels` and `limits` are both maps sent as their entries"),
    ("query_object_shares_a_key.yaml", "the query parameters `page` and `size` both send `size=`"),
    ("ref_nullable_sibling.yaml", "`nullable` beside `$ref`: OpenAPI 3.0 ignores a `$ref`'s siblings"),
    ("ref_read_only_sibling.yaml", "`readOnly` beside `$ref`: OpenAPI 3.0 ignores a `$ref`'s siblings"),
    ("ref_target_not_a_schema.yaml", "not a valid schema"),
    ("required_not_in_properties.yaml", "required property `nmae` is not defined in `properties`"),
    ("security_undefined_scheme.yaml", "the security requirement names `apiKye`, which `components/securitySchemes` does not define"),
    ("string_enum_non_string.yaml", "the enum value `1` of a `type: string` schema is not a string"),
    ("string_enum_numbers_only.json", "the enum value `100` of a `type: string` schema is not a string"),
    ("type_list.yaml", "`type: [\"string\",\"null\"]` is an OpenAPI 3.1 spelling"),
    ("type_null_any_of.yaml", "an `anyOf` branch that only allows `null` is an OpenAPI 3.1 spelling"),
    ("unknown_keys.yaml", "`requried` is not a keyword of a schema"),
    ("unknown_keys_in_referenced_file.yaml", "`requried` is not a keyword of a schema"),
    ("unknown_keys_in_referenced_file_31.yaml", "`maxLenght` is not a keyword of a schema"),
];

/// Generates `path` by default and strictly: the warnings of the first (located, with help, one
/// containing `phrase`), the same diagnostics as errors from the second. Returns both texts.
fn repair(path: &Path, phrase: &str) -> Result<String, String> {
    let name = path.display();
    let generate = |strict: bool| {
        let config = codegen::CrateConfig { name: "repaired".into(), strict, ..codegen::CrateConfig::default() };
        catch_unwind(AssertUnwindSafe(|| codegen::generate_crate(&config, &[path], &Disk)))
            .map_err(|panic| format!("{name}: the generator panicked: {}", panic_text(panic.as_ref())))
    };
    let warnings = match generate(false)? {
        Ok(generated) => generated.warnings,
        Err(error) => return Err(format!("{name}: refused by default, not repaired:\n{error}")),
    };
    if warnings.iter().any(|w| w.location.is_none() || w.help.is_none()) {
        return Err(format!("{name}: a warning lacks line:column or help"));
    }
    let warning_text: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    let warning_text = warning_text.join("\n");
    if !warning_text.contains(phrase) || !warnings.iter().all(|w| w.severity == codegen::diagnostic::Severity::Warning) {
        return Err(format!("{name}: expected a warning with `{phrase}` in:\n{warning_text}"));
    }
    let strict = match generate(true)? {
        Ok(_) => return Err(format!("{name}: generated in strict mode")),
        Err(error) => error.to_string(),
    };
    if !strict.contains(phrase) || !strict.contains("error:") {
        return Err(format!("{name}: expected the error `{phrase}` in strict mode:\n{strict}"));
    }
    Ok(format!("default mode:\n{warning_text}\n\nstrict mode:\n{strict}"))
}

/// Nesting limits, with specs made here rather than committed: (name, levels, phrase).
const DEEP: &[(&str, usize, &str)] = &[
    // Past the loader's own limit: refused before `openapiv3` recurses into it.
    ("deep_nesting.yaml", 40, "nested more than 64 levels deep"),
    // Past the YAML parser's limit.
    ("deeper_nesting.yaml", 200, "nested more than 64 levels deep"),
];

/// Generates `path`, expecting located diagnostics that contain `phrase`; returns their text, or
/// why the fixture failed.
fn rejection(path: &Path, files: &dyn SourceFiles, phrase: &str) -> Result<String, String> {
    let name = path.display();
    let error = match catch_unwind(AssertUnwindSafe(|| codegen::generate_module(path, files))) {
        Err(panic) => return Err(format!("{name}: the generator panicked: {}", panic_text(panic.as_ref()))),
        Ok(Ok(_)) => return Err(format!("{name}: generated code, but the spec is bad")),
        Ok(Err(error)) => error,
    };
    let Error::Spec(diagnostics) = &error else {
        return Err(format!("{name}: not a spec diagnostic: {error}"));
    };
    for diagnostic in diagnostics.iter() {
        if diagnostic.location.is_none() || diagnostic.help.is_none() {
            return Err(format!("{name}: a diagnostic lacks line:column or help:\n{diagnostic}"));
        }
    }
    let text = error.to_string();
    if !text.contains(phrase) {
        return Err(format!("{name}: expected `{phrase}` in:\n{text}"));
    }
    Ok(text)
}

fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    match (payload.downcast_ref::<&str>(), payload.downcast_ref::<String>()) {
        (Some(text), _) => (*text).to_owned(),
        (_, Some(text)) => text.clone(),
        _ => "(no message)".to_owned(),
    }
}

/// Checks every case first, so one run names every failing fixture, then snapshots the texts in
/// `snapshots` (relative to `tests/`).
fn check_and_snapshot(cases: Vec<(String, Result<String, String>)>, snapshots: &str) {
    let failures: Vec<&str> = cases.iter().filter_map(|(_, result)| result.as_ref().err()).map(String::as_str).collect();
    assert!(failures.is_empty(), "{} fixture(s) failed:\n\n{}", failures.len(), failures.join("\n\n"));
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(snapshots);
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for (name, result) in cases {
            if let Ok(text) = result {
                insta::assert_snapshot!(name, text);
            }
        }
    });
}

fn stem(file: &str) -> String {
    Path::new(file).file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

#[test]
fn bad_fixtures_are_rejected_with_located_diagnostics() {
    let cases = FIXTURES
        .iter()
        .map(|(file, phrase)| (stem(file), rejection(&Path::new(DIR).join(file), &Disk, phrase)))
        .collect();
    check_and_snapshot(cases, "fixtures/bad/snapshots");
}

#[test]
fn repairable_defects_warn_by_default_and_fail_strictly() {
    let cases = REPAIRED.iter().map(|(file, phrase)| (stem(file), repair(&Path::new(REPAIRED_DIR).join(file), phrase))).collect();
    check_and_snapshot(cases, "fixtures/repaired/snapshots");
}

#[test]
fn deep_nesting_is_rejected_without_overflowing_the_stack() {
    let cases = DEEP
        .iter()
        .map(|(file, levels, phrase)| {
            let path = Path::new("made-by-test").join(file);
            let made = InMemory { path: &path, text: nested_properties(*levels) };
            (stem(file), rejection(&path, &made, phrase))
        })
        .collect();
    check_and_snapshot(cases, "fixtures/bad/snapshots");
}

/// The deepest documents the loader accepts still generate in a test thread's small stack, for the
/// keywords whose deserialization recurses deepest.
#[test]
fn deepest_accepted_nesting_generates() {
    let path = Path::new("made-by-test/deepest.yaml");
    for wrapper in ["not:", "oneOf:\n- type: string\n-", "type: array\nitems:", "allOf:\n-"] {
        let accepted = (1..)
            .map(|levels| nested(wrapper, levels))
            .take_while(|text| codegen::load::load(path, &InMemory { path, text: text.clone() }).is_ok())
            .last()
            .expect("one level loads");
        if let Err(error) = codegen::generate_module(path, &InMemory { path, text: accepted }) {
            panic!("the deepest nesting of `{wrapper}` the loader accepts: {error}");
        }
    }
}

/// A component schema `levels` inline objects deep, in block style as a person would write it.
fn nested_properties(levels: usize) -> String {
    nested("type: object\nproperties:\n  child:", levels)
}

/// A component schema of `levels` nested copies of `wrapper` (a YAML block whose last line opens
/// the next level) around a string schema.
fn nested(wrapper: &str, levels: usize) -> String {
    let mut text = String::from("openapi: 3.0.3\ninfo: {title: Deep, version: \"1\"}\npaths: {}\ncomponents:\n  schemas:\n    Deep:\n");
    let mut indent = 6;
    for _ in 0..levels {
        let mut last_indent = 0;
        for line in wrapper.lines() {
            text.push_str(&format!("{:indent$}{line}\n", ""));
            last_indent = line.len() - line.trim_start().len();
        }
        indent += last_indent + 2;
    }
    text.push_str(&format!("{:indent$}type: string\n", ""));
    text
}

/// The spec files directly in `dir` (relative to the workspace root), sorted by name.
fn spec_files_in(dir: &str) -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(root().join(dir))
        .unwrap_or_else(|e| panic!("read {dir}: {e}"))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| codegen::load::is_spec_file(path))
        .filter_map(|path| path.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    files.sort();
    files
}

/// The tables and the directories agree, so no fixture is skipped or forgotten.
#[test]
fn table_lists_every_fixture() {
    for (table, dir) in [(FIXTURES, DIR), (REPAIRED, REPAIRED_DIR)] {
        let listed: Vec<String> = table.iter().map(|(file, _)| (*file).to_owned()).collect();
        assert_eq!(listed, spec_files_in(dir), "the table of {dir} must list exactly its fixture files, sorted");
    }
}

/// The check itself fails on a spec that generates: the table cannot pass by accident.
#[test]
fn a_good_spec_fails_the_check() {
    let path = Path::new("tests/fixtures/models/arrays.yaml");
    let outcome = rejection(path, &Disk, "");
    assert!(outcome.is_err_and(|why| why.contains("generated code")));
}
