//! Loading: spec text (YAML or JSON) → parsed documents. Reads the root document, every file its
//! `$ref`s name (relative to the referring file), checks the OpenAPI version and deserializes the
//! root with `openapiv3`. File access goes through [`SourceFiles`], so this crate never touches the
//! file system itself.
//!
//! Source text is kept: line and column of a JSON pointer are computed only when a diagnostic needs
//! them ([`locate`]), so the fast path pays nothing for locations.

mod locate;

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use serde_json::Value;

use crate::diagnostic::{push_pointer, Diagnostic, Diagnostics, LineCol};

/// Where the generator reads spec files from. xtask passes the file system; tests pass memory.
pub trait SourceFiles {
    fn read(&self, path: &Path) -> std::io::Result<String>;
}

/// Index of a document within a [`Spec`]; the root document is `DocId(0)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocId(pub usize);

impl DocId {
    pub const ROOT: DocId = DocId(0);
}

/// One parsed file.
#[derive(Debug)]
pub struct Document {
    pub path: PathBuf,
    pub text: String,
    pub value: Value,
}

/// A root OpenAPI document and every document it references.
#[derive(Debug)]
pub struct Spec {
    pub documents: Vec<Document>,
    pub openapi: openapiv3::OpenAPI,
}

/// A `$ref` resolved to the document and pointer it names.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Target {
    pub doc: DocId,
    /// JSON pointer without the leading `#` (`/components/schemas/Foo`); empty for the whole file.
    pub pointer: String,
}

/// Files larger than this are refused before parsing: no real spec comes close.
const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;

/// Reads `path` and everything it references.
pub fn load(path: &Path, files: &dyn SourceFiles) -> Result<Spec, Diagnostics> {
    let root = read_document(path, files)?;
    check_version(&root)?;
    let mut documents = vec![root];
    let mut by_path = BTreeMap::from([(documents[0].path.clone(), DocId::ROOT)]);
    let mut next = 0;
    let mut errors = Vec::new();
    while next < documents.len() {
        let mut referenced = Vec::new();
        collect_file_refs(&documents[next].value, "#", &mut referenced);
        for (file, pointer) in referenced {
            let target = resolve_relative(&documents[next].path, &file);
            if by_path.contains_key(&target) {
                continue;
            }
            match read_document(&target, files) {
                Ok(document) => {
                    by_path.insert(target, DocId(documents.len()));
                    documents.push(document);
                }
                Err(mut diagnostics) => {
                    let referrer = &documents[next];
                    if let Some(first) = diagnostics.0.first_mut() {
                        if first.pointer == "#" && first.location.is_none() {
                            *first = diagnostic_in(referrer, &pointer, first.message.clone())
                                .with_help(format!("check the $ref `{file}` at {pointer}"));
                        }
                    }
                    errors.extend(diagnostics.0);
                }
            }
        }
        next += 1;
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    let openapi = deserialize_at::<openapiv3::OpenAPI>(&documents[0], "")?;
    Ok(Spec { documents, openapi })
}

impl Spec {
    pub fn document(&self, doc: DocId) -> &Document {
        &self.documents[doc.0]
    }

    /// Resolves `reference` as written in document `from`.
    pub fn resolve(&self, from: DocId, reference: &str, at: &str) -> Result<Target, Diagnostic> {
        let (file, pointer) = reference.split_once('#').unwrap_or((reference, ""));
        let doc = if file.is_empty() {
            from
        } else {
            let path = resolve_relative(&self.document(from).path, file);
            let found = self.documents.iter().position(|d| d.path == path);
            match found {
                Some(index) => DocId(index),
                None => {
                    return Err(self
                        .diagnostic(from, at, format!("`$ref: {reference}` names a file that was not loaded"))
                        .with_help("only relative file references are supported, not URLs"))
                }
            }
        };
        let target = Target { doc, pointer: pointer.to_owned() };
        if self.value_at(&target).is_none() {
            return Err(self
                .diagnostic(from, at, format!("`$ref: {reference}` points to nothing"))
                .with_help("fix the reference or add the component it names"));
        }
        Ok(target)
    }

    pub fn value_at(&self, target: &Target) -> Option<&Value> {
        self.document(target.doc).value.pointer(&target.pointer)
    }

    /// Deserializes the value a target names, reporting the exact place of a mismatch.
    pub fn deserialize<T: serde::de::DeserializeOwned>(&self, target: &Target) -> Result<T, Diagnostics> {
        deserialize_at(self.document(target.doc), &target.pointer)
    }

    /// A diagnostic at `pointer` (with or without a leading `#`) of document `doc`, located.
    pub fn diagnostic(&self, doc: DocId, pointer: &str, message: impl Into<String>) -> Diagnostic {
        diagnostic_in(self.document(doc), pointer, message)
    }
}

fn diagnostic_in(document: &Document, pointer: &str, message: impl Into<String>) -> Diagnostic {
    let pointer = pointer.strip_prefix('#').unwrap_or(pointer);
    Diagnostic::new(&document.path, format!("#{pointer}"), message)
        .at(locate::locate(&document.text, pointer))
}

fn read_document(path: &Path, files: &dyn SourceFiles) -> Result<Document, Diagnostics> {
    let text = files.read(path).map_err(|error| {
        Diagnostic::new(path, "#", format!("cannot read the spec: {error}"))
            .with_help("check the path and that the file is readable")
    })?;
    if text.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::new(
            path,
            "#",
            format!("the file has {} bytes, more than the limit of {MAX_FILE_BYTES}", text.len()),
        )
        .with_help("split the document with relative `$ref`s")
        .into());
    }
    if text.trim().is_empty() {
        return Err(Diagnostic::new(path, "#", "the file is empty")
            .with_help("an OpenAPI document starts with `openapi: 3.0.3`")
            .into());
    }
    let is_json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"))
        || text.trim_start().starts_with('{');
    let value = if is_json {
        serde_json::from_str(&text).map_err(|error| {
            Diagnostic::new(path, "#", format!("invalid JSON: {error}"))
                .at(Some(LineCol { line: error.line(), column: error.column() }))
        })?
    } else {
        serde_yaml_ng::from_str(&text).map_err(|error| {
            let location = error.location().map(|l| LineCol { line: l.line(), column: l.column() });
            Diagnostic::new(path, "#", format!("invalid YAML: {error}")).at(location)
        })?
    };
    Ok(Document { path: path.to_owned(), text, value })
}

fn check_version(document: &Document) -> Result<(), Diagnostics> {
    let object = document.value.as_object().ok_or_else(|| {
        diagnostic_in(document, "", "the document is not an object")
            .with_help("an OpenAPI document is a mapping that starts with `openapi: 3.0.3`")
    })?;
    if let Some(swagger) = object.get("swagger") {
        return Err(diagnostic_in(document, "/swagger", format!("Swagger {swagger} documents are not supported"))
            .with_help("convert the document to OpenAPI 3.0 (e.g. with swagger2openapi)")
            .into());
    }
    match object.get("openapi").and_then(Value::as_str) {
        Some(version) if version.starts_with("3.0.") => Ok(()),
        Some(version) => Err(diagnostic_in(document, "/openapi", format!("OpenAPI {version} is not supported"))
            .with_help("this generator reads OpenAPI 3.0.x documents")
            .into()),
        None => Err(diagnostic_in(document, "", "the document has no `openapi` version string")
            .with_help("add `openapi: 3.0.3` at the top")
            .into()),
    }
}

fn deserialize_at<T: serde::de::DeserializeOwned>(document: &Document, pointer: &str) -> Result<T, Diagnostics> {
    let value = document
        .value
        .pointer(pointer)
        .ok_or_else(|| diagnostic_in(document, pointer, "nothing at this pointer"))?;
    serde_path_to_error::deserialize(value).map_err(|error| {
        let mut at = pointer.to_owned();
        for segment in error.path().iter() {
            use serde_path_to_error::Segment;
            match segment {
                Segment::Seq { index } => at = push_pointer(&at, &index.to_string()),
                Segment::Map { key } => at = push_pointer(&at, key),
                Segment::Enum { .. } | Segment::Unknown => {}
            }
        }
        diagnostic_in(document, &at, format!("not a valid OpenAPI 3.0 document here: {}", error.inner()))
            .with_help("compare this object with the OpenAPI 3.0.3 specification")
            .into()
    })
}

/// Every `$ref` in `value` that names another file, with the pointer where it was found.
fn collect_file_refs(value: &Value, at: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                let file = reference.split('#').next().unwrap_or_default();
                if !file.is_empty() && !file.contains("://") {
                    out.push((file.to_owned(), format!("{at}/$ref")));
                }
            }
            for (key, child) in map {
                collect_file_refs(child, &push_pointer(at, key), out);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                collect_file_refs(child, &push_pointer(at, &index.to_string()), out);
            }
        }
        _ => {}
    }
}

/// `file` relative to the directory of `referrer`, with `.` and `..` folded away lexically.
fn resolve_relative(referrer: &Path, file: &str) -> PathBuf {
    let joined = referrer.parent().unwrap_or(Path::new("")).join(file);
    let mut out = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.components().next_back(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct Memory(HashMap<PathBuf, String>);

    impl SourceFiles for Memory {
        fn read(&self, path: &Path) -> std::io::Result<String> {
            self.0.get(path).cloned().ok_or_else(|| std::io::ErrorKind::NotFound.into())
        }
    }

    fn memory(files: &[(&str, &str)]) -> Memory {
        Memory(files.iter().map(|(p, t)| (PathBuf::from(p), (*t).to_owned())).collect())
    }

    const MINIMAL: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";

    #[test]
    fn loads_relative_files() {
        let root = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      $ref: 'models/a.yaml#/A'\n";
        let files = memory(&[("specs/api.yaml", root), ("specs/models/a.yaml", "A:\n  $ref: '../shared.yaml'\n"), ("specs/shared.yaml", "type: string\n")]);
        let spec = load(Path::new("specs/api.yaml"), &files).unwrap();
        assert_eq!(spec.documents.len(), 3);
        let target = spec.resolve(DocId(1), "../shared.yaml", "#/A").unwrap();
        assert_eq!(target, Target { doc: DocId(2), pointer: String::new() });
    }

    #[test]
    fn refuses_swagger_and_other_versions() {
        let files = memory(&[("a.yaml", "swagger: '2.0'\ninfo: {}\n"), ("b.json", "{\"openapi\": \"4.0.0\"}")]);
        let error = load(Path::new("a.yaml"), &files).unwrap_err();
        assert_eq!(error.0[0].pointer, "#/swagger");
        assert_eq!(error.0[0].location, Some(LineCol { line: 1, column: 1 }));
        let error = load(Path::new("b.json"), &files).unwrap_err();
        assert!(error.0[0].message.contains("4.0.0"), "{error}");
    }

    #[test]
    fn locates_deserialization_errors() {
        let text = format!("{MINIMAL}components:\n  schemas:\n    A:\n      type: object\n      required: 7\n");
        let files = memory(&[("a.yaml", &text)]);
        let error = load(Path::new("a.yaml"), &files).unwrap_err();
        assert_eq!(error.0[0].pointer, "#/components/schemas/A", "{error}");
        assert_eq!(error.0[0].location, Some(LineCol { line: 6, column: 5 }), "{error}");
    }

    #[test]
    fn missing_reference_target() {
        let files = memory(&[("a.yaml", MINIMAL)]);
        let spec = load(Path::new("a.yaml"), &files).unwrap();
        let error = spec.resolve(DocId::ROOT, "#/components/schemas/Nope", "#/paths").unwrap_err();
        assert!(error.message.contains("points to nothing"));
    }
}
