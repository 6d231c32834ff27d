//! Loading: spec text (YAML or JSON) → parsed documents. Reads the root document, every file its
//! `$ref`s name (relative to the referring file), checks the OpenAPI version and deserializes the
//! root with `openapiv3`. File access goes through [`SourceFiles`], so this crate never touches the
//! file system itself.
//!
//! Source text is kept: line and column of a JSON pointer are computed only when a diagnostic needs
//! them ([`locate`]), so the fast path pays nothing for locations. Likewise a document that does
//! not deserialize is searched for the innermost failing part only then ([`pinpoint`]).
//!
//! Before `openapiv3` sees a document, [`scan`] refuses one nested too deep for its recursion, and
//! parsing ([`unique`]) refuses duplicate keys, which both parsers would silently drop.

mod deserialize;
mod keys;
mod locate;
mod pinpoint;
mod repair;
mod scan;
mod unique;
mod v31;
mod wide;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Diagnostics, LineCol, Pointer};
pub use pinpoint::Part;
use deserialize::{deserialize_at, with_deserialize_stack};
use unique::UniqueKeys;

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
    /// What parsing it read in a way worth saying (an integer past 64 bits read as a float).
    pub warnings: Vec<Diagnostic>,
    /// Whether it was parsed as JSON (and is indexed by JSON's grammar, [`locate::Index`]).
    json: bool,
    /// Positions of its nodes, made on the first diagnostic in it.
    positions: std::sync::OnceLock<locate::Index>,
}

impl Document {
    /// Line and column of the node at `pointer` (without `#`).
    fn locate(&self, pointer: &str) -> Option<LineCol> {
        self.positions.get_or_init(|| locate::Index::new(&self.text, self.json)).get(pointer)
    }
}

/// A root OpenAPI document and every document it references.
#[derive(Debug)]
pub struct Spec {
    pub documents: Vec<Document>,
    pub openapi: openapiv3::OpenAPI,
    /// The `openapi` version the root document declares (`3.0.3`, `3.1.0`); a 3.1 document has
    /// been rewritten into 3.0 form ([`v31`]) before deserialization.
    pub openapi_version: String,
}

/// An `openapiv3` type [`Spec::deserialize`] reads, and the part of a document it is, so that a
/// failure can be pinned to the innermost place inside it.
pub trait Readable: serde::de::DeserializeOwned {
    const PART: Part;
}

macro_rules! readable {
    ($($ty:ty => $part:ident),* $(,)?) => {
        $(impl Readable for openapiv3::ReferenceOr<$ty> {
            const PART: Part = Part::$part;
        })*
    };
}

readable! {
    openapiv3::Schema => Schema,
    openapiv3::PathItem => PathItem,
    openapiv3::Parameter => Parameter,
    openapiv3::RequestBody => RequestBody,
    openapiv3::Response => Response,
    openapiv3::SecurityScheme => SecurityScheme,
    openapiv3::Header => Header,
}

/// A `$ref` resolved to the document and pointer it names.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Target {
    pub doc: DocId,
    /// Where in the document (`/components/schemas/Foo`; empty for the whole file).
    pub pointer: Pointer,
}

/// What a pass over a document's JSON repairs: where (JSON pointer without `#`), what is wrong,
/// what the default mode does about it (shown only with the warning: strict mode repairs
/// nothing), and what would fix it.
pub struct Repair {
    pub pointer: String,
    pub message: String,
    pub repair: Option<&'static str>,
    pub help: String,
}

/// The extensions of spec files (YAML or JSON), for every tool that looks for specs in a folder.
pub const SPEC_EXTENSIONS: &[&str] = &["yaml", "yml", "json"];

/// Whether `path` names a spec file by its extension ([`SPEC_EXTENSIONS`], any case).
pub fn is_spec_file(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| SPEC_EXTENSIONS.iter().any(|s| e.eq_ignore_ascii_case(s)))
}

/// Files larger than this are refused before parsing: no real spec comes close.
const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;

/// Whether `value` can hold parts of a document (an object or a list): the walks over a document
/// make no pointer for a scalar.
fn has_parts(value: &Value) -> bool {
    value.is_object() || value.is_array()
}

/// Reads `path` and everything it references.
pub fn load(path: &Path, files: &dyn SourceFiles) -> Result<Spec, Diagnostics> {
    let text = files.read(path).map_err(|error| {
        Diagnostic::new(path, "#", format!("cannot read the spec: {}", io_problem(&error)))
            .with_help("check the path and that the file is readable")
    })?;
    let mut root = parse_document(path, text)?;
    let openapi_version = root.value.get("openapi").and_then(Value::as_str).unwrap_or_default().to_owned();
    let is_v31 = v31::is_v31(&root.value);
    // On the keys as written, before 3.1 spellings are rewritten.
    let (unknown_keys, followed) = keys::check(&root.value, is_v31);
    if is_v31 {
        v31::normalize_document(&mut root.value).map_err(|problems| {
            let located = problems.into_iter().map(|(pointer, message, help)| diagnostic_in(&root, &pointer, message).with_help(help));
            Diagnostics(located.collect())
        })?;
    }
    check_version(&root)?;
    warn(&mut root, unknown_keys);
    check_depth(&root)?;
    wide::move_wide_integer_keywords(&mut root.value);
    repair_document(&mut root, !is_v31);
    let mut documents = vec![root];
    let mut by_path = BTreeMap::from([(documents[0].path.clone(), DocId::ROOT)]);
    let mut written: BTreeMap<DocId, Value> = BTreeMap::new();
    let mut broken = BTreeSet::new();
    let mut next = 0;
    let mut errors = Vec::new();
    while next < documents.len() {
        let references = scan::references(&documents[next].value);
        for pointer in references.not_strings {
            let diagnostic = diagnostic_in(&documents[next], &pointer, "`$ref` must be a string")
                .with_help("write the reference as a string, e.g. `$ref: '#/components/schemas/Pet'`");
            errors.push(diagnostic);
        }
        for (file, pointer) in references.files {
            let target = resolve_relative(&documents[next].path, &file);
            if by_path.contains_key(&target) || broken.contains(&target) {
                continue;
            }
            match read_referenced(&documents[next], &pointer, &target, files) {
                Ok(mut document) => {
                    // Its keys are checked as written, once the `$ref`s say what each part is.
                    written.insert(DocId(documents.len()), document.value.clone());
                    if is_v31 {
                        v31::normalize_fragment(&mut document.value);
                    }
                    wide::move_wide_integer_keywords(&mut document.value);
                    repair_document(&mut document, !is_v31);
                    by_path.insert(target, DocId(documents.len()));
                    documents.push(document);
                }
                Err(diagnostic) => {
                    // A file that does not parse is reported once, in itself; one that cannot be
                    // read, at every `$ref` naming it.
                    if *diagnostic.file == *target {
                        broken.insert(target);
                    }
                    errors.push(diagnostic);
                }
            }
        }
        next += 1;
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    let openapi = deserialize::read_openapi(&mut documents[0])?;
    let mut spec = Spec { documents, openapi, openapi_version };
    spec.check_referenced_keys(&written, followed, is_v31);
    Ok(spec)
}

impl Spec {
    pub fn document(&self, doc: DocId) -> &Document {
        &self.documents[doc.0]
    }

    /// The warnings of loading, document by document.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.documents.iter().flat_map(|document| &document.warnings)
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
                None if file.contains("://") => {
                    return Err(self
                        .diagnostic(from, at, format!("`$ref: {reference}` names a URL"))
                        .with_help("only relative file references are supported: save the file next to the spec"))
                }
                None => {
                    return Err(self
                        .diagnostic(from, at, format!("`$ref: {reference}` names a file that was not loaded"))
                        .with_help("only relative file references are supported"))
                }
            }
        };
        let mut target = Target { doc, pointer: pointer.into() };
        if self.value_at(&target).is_none() && pointer.contains('%') {
            // A fragment is a URI part: `#/paths/~1jobs~1%7Bid%7D` names the path `/jobs/{id}`.
            let decoded = Target { doc, pointer: percent_decode(pointer).into() };
            if self.value_at(&decoded).is_some() {
                target = decoded;
            }
        }
        if self.value_at(&target).is_none() {
            let help = if pointer.is_empty() || pointer.starts_with('/') {
                "fix the reference or add the component it names".to_owned()
            } else {
                format!("a JSON pointer starts with `/`: write `{file}#/{pointer}`")
            };
            return Err(self.diagnostic(from, at, format!("`$ref: {reference}` points to nothing")).with_help(help));
        }
        Ok(target)
    }

    /// The unknown keys of the other documents (`written`: their values as read, before any
    /// rewriting), each object checked as the kind of object the `$ref` that reaches it needs (a
    /// schema, a parameter, …), once. A `$ref` that does not resolve is lowering's to report.
    fn check_referenced_keys(&mut self, written: &BTreeMap<DocId, Value>, followed: Vec<keys::Followed>, v31: bool) {
        let mut queue: Vec<(DocId, keys::Followed)> = followed.into_iter().rev().map(|followed| (DocId::ROOT, followed)).collect();
        let mut seen = BTreeSet::new();
        while let Some((from, followed)) = queue.pop() {
            let Ok(target) = self.resolve(from, &followed.reference, "") else { continue };
            // The root document is walked by position already.
            if target.doc == DocId::ROOT || !seen.insert(target.clone()) {
                continue;
            }
            let Some(node) = written.get(&target.doc).and_then(|value| value.pointer(&target.pointer)) else { continue };
            let (findings, more) = keys::check_part(node, &target.pointer, followed.kind, v31);
            warn(&mut self.documents[target.doc.0], findings);
            queue.extend(more.into_iter().rev().map(|followed| (target.doc, followed)));
        }
    }

    pub fn value_at(&self, target: &Target) -> Option<&Value> {
        self.document(target.doc).value.pointer(&target.pointer)
    }

    /// Deserializes the value a target names, reporting the exact place of a mismatch.
    pub fn deserialize<T: Readable>(&self, target: &Target) -> Result<T, Diagnostics> {
        deserialize_at(self.document(target.doc), &target.pointer, T::PART)
    }

    /// [`Spec::deserialize`] that leaves out, one at a time, each keyword inside the target that
    /// does not read (`required: name` where a list belongs): the value without them, and the
    /// diagnostics of what was left out. An error, as `deserialize` reports it, when the target
    /// itself does not read.
    pub fn deserialize_leaving_out<T: Readable>(&self, target: &Target) -> Result<(T, Vec<Diagnostic>), Diagnostics> {
        let document = self.document(target.doc);
        let mut left_out = Vec::new();
        if let Some(original) = document.value.pointer(&target.pointer) {
            let mut value = std::borrow::Cow::Borrowed(original);
            for _ in 0..32 {
                if let Ok(read) = with_deserialize_stack(|| T::deserialize(value.as_ref())) {
                    return Ok((read, left_out));
                }
                let Some(failure) = pinpoint::failure(T::PART, value.as_ref(), &target.pointer) else { break };
                let inside = failure.pointer.strip_prefix(&*target.pointer).filter(|rest| rest.starts_with('/'));
                if !inside.is_some_and(|inside| remove_at(value.to_mut(), inside)) {
                    break;
                }
                left_out.push(diagnostic_in(document, &failure.pointer, failure.message).with_help(failure.help).with_repair("left out"));
            }
        }
        deserialize_at(document, &target.pointer, T::PART).map(|read| (read, left_out))
    }

    /// Where `pointer` is in document `doc`, for a message: `file:line:column`.
    pub fn place(&self, doc: DocId, pointer: &str) -> String {
        place_in(self.document(doc), pointer)
    }

    /// A diagnostic at `pointer` (with or without a leading `#`) of document `doc`, located.
    pub fn diagnostic(&self, doc: DocId, pointer: &str, message: impl Into<String>) -> Diagnostic {
        diagnostic_in(self.document(doc), pointer, message)
    }
}

/// `%7B` → `{`; sequences that are not valid escapes, or not UTF-8 once decoded, stay as written.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let digits = bytes.get(i + 1..i + 3).filter(|h| h.iter().all(u8::is_ascii_hexdigit));
        let hex = digits.and_then(|h| std::str::from_utf8(h).ok()).and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

fn place_in(document: &Document, pointer: &str) -> String {
    let pointer = pointer.strip_prefix('#').unwrap_or(pointer);
    match document.locate(pointer) {
        Some(LineCol { line, column }) => format!("{}:{line}:{column}", document.path.display()),
        None => format!("{} at #{pointer}", document.path.display()),
    }
}

fn diagnostic_in(document: &Document, pointer: &str, message: impl Into<String>) -> Diagnostic {
    let pointer = pointer.strip_prefix('#').unwrap_or(pointer);
    Diagnostic::new(&document.path, format!("#{pointer}"), message)
        .at(document.locate(pointer))
}

/// Reads and parses the file `target`, named by the `$ref` at `pointer` of `referrer`. A file that
/// cannot be read is reported at the `$ref`; one that does not parse, where it fails, with the
/// `$ref` in the help.
fn read_referenced(referrer: &Document, pointer: &str, target: &Path, files: &dyn SourceFiles) -> Result<Document, Diagnostic> {
    let text = files.read(target).map_err(|error| {
        let message = format!("`$ref` names `{}`, which cannot be read: {}", target.display(), io_problem(&error));
        diagnostic_in(referrer, pointer, message)
            .with_help("a relative `$ref` is resolved from the directory of the file it is written in")
    })?;
    let parsed = parse_document(target, text).and_then(|document| check_depth(&document).map(|()| document));
    parsed.map_err(|mut diagnostic| {
        let help = diagnostic.help.take().unwrap_or_default();
        diagnostic.with_help(format!("{help} (this file is named by the `$ref` at {})", place_in(referrer, pointer)))
    })
}

fn io_problem(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "the file does not exist".to_owned(),
        _ => error.to_string(),
    }
}

/// Parses YAML or JSON text; syntax errors are located where the parser stopped.
fn parse_document(path: &Path, text: String) -> Result<Document, Diagnostic> {
    // Editors on Windows may start a file with a byte order mark; neither parser skips it.
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    let start = Some(LineCol { line: 1, column: 1 });
    if text.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::new(path, "#", format!("the file has {} bytes, more than the limit of {MAX_FILE_BYTES}", text.len()))
            .at(start)
            .with_help("split the document with relative `$ref`s"));
    }
    if text.trim().is_empty() {
        return Err(Diagnostic::new(path, "#", "the file is empty")
            .at(start)
            .with_help("an OpenAPI document starts with `openapi: 3.0.3`"));
    }
    let is_json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) || text.trim_start().starts_with('{');
    let (language, parsed) = if is_json {
        let parsed = serde_json::from_str::<UniqueKeys>(&text)
            .map_err(|error| (error.to_string(), Some(LineCol { line: error.line(), column: error.column() })));
        ("JSON", parsed.or_else(|error| parse_json_past_float_range(&text, error)))
    } else {
        let parsed = serde_yaml_ng::from_str::<UniqueKeys>(&text).map_err(|error| {
            (error.to_string(), error.location().map(|l| LineCol { line: l.line(), column: l.column() }))
        });
        ("YAML", parsed)
    };
    let UniqueKeys { value, inexact } = parsed.map_err(|(message, at)| syntax_error(path, &text, language, &message, at))?;
    let mut document = Document { path: path.to_owned(), text, value, warnings: Vec::new(), json: is_json, positions: std::sync::OnceLock::new() };
    document.warnings = inexact_warnings(&document, &inexact);
    Ok(document)
}

/// serde_json refuses a number past the float range (`1e400`): each such number is read as the
/// largest float of its sign instead (listed, for a warning), and the text parsed again.
fn parse_json_past_float_range(text: &str, error: (String, Option<LineCol>)) -> Result<UniqueKeys, (String, Option<LineCol>)> {
    let mut text = std::borrow::Cow::Borrowed(text);
    let mut clamped = Vec::new();
    let mut error = error;
    // Each round replaces one number; a document has few of them.
    for _ in 0..1000 {
        let (message, Some(at)) = &error else { return Err(error) };
        if !message.starts_with("number out of range") {
            return Err(error);
        }
        let Some((start, end)) = number_before(&text, *at) else { return Err(error) };
        let negative = text[start..end].starts_with('-');
        let read = if negative { f64::MIN } else { f64::MAX };
        clamped.push(unique::Inexact { written: text[start..end].to_owned(), read, integer: false });
        text = std::borrow::Cow::Owned(format!("{}{read:e}{}", &text[..start], &text[end..]));
        match serde_json::from_str::<UniqueKeys>(&text) {
            Ok(mut parsed) => {
                parsed.inexact.extend(clamped);
                return Ok(parsed);
            }
            Err(next) => error = (next.to_string(), Some(LineCol { line: next.line(), column: next.column() })),
        }
    }
    Err(error)
}

/// The byte range of the JSON number that ends at (or just before) `at`.
fn number_before(text: &str, at: LineCol) -> Option<(usize, usize)> {
    let line_start: usize = text.split_inclusive('\n').take(at.line.saturating_sub(1)).map(str::len).sum();
    let line = text[line_start..].split('\n').next()?;
    let is_number = |c: char| c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E');
    // serde_json's column is at the number's last character, or one past it.
    let mut end = line.char_indices().nth(at.column.saturating_sub(1)).map_or(line.len(), |(i, _)| i);
    while end < line.len() && line[end..].starts_with(is_number) {
        end += 1;
    }
    let start = line[..end].rfind(|c: char| !is_number(c)).map_or(0, |i| i + 1);
    (start < end).then_some((line_start + start, line_start + end))
}

/// A warning at each integer the document holds only as a nearby float.
fn inexact_warnings(document: &Document, inexact: &[unique::Inexact]) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for number in inexact {
        for pointer in unique::pointers_to_number(&document.value, number.read) {
            let (message, help) = if number.integer {
                let message = format!("the integer {} is outside the 64-bit range and is read as {:e}, which is not the same number", number.written, number.read);
                (message, "write a value that fits in 64 bits, or a float if an approximate value is meant")
            } else {
                let message = format!("the number is past the range of a 64-bit float and is read as {:e}", number.read);
                (message, "write a number within ±1.7976931348623157e308")
            };
            let warning = diagnostic_in(document, &pointer, message).with_help(help);
            let warning = warning.as_warning();
            if !warnings.contains(&warning) {
                warnings.push(warning);
            }
        }
    }
    warnings
}

/// A parser's error, without the position it repeats from the location.
fn syntax_error(path: &Path, text: &str, language: &str, message: &str, at: Option<LineCol>) -> Diagnostic {
    if message.starts_with("recursion limit exceeded") {
        return too_deep_diagnostic(Diagnostic::new(path, "#", "").at(at));
    }
    if message.starts_with("repetition limit exceeded") {
        return Diagnostic::new(path, "#", "YAML aliases (`*name`) expand to too much data")
            .at(at)
            .with_help("write the repeated parts out, or move them into `components` and `$ref` them");
    }
    if let Some((pointer, key_at)) = message.contains("duplicate key").then(|| locate::duplicate_key(text)).flatten() {
        let key = crate::diagnostic::last_pointer_token(&pointer).unwrap_or_default();
        return Diagnostic::new(path, format!("#{pointer}"), format!("duplicate key `{key}`: it would replace the first one"))
            .at(Some(key_at))
            .with_help("rename one of the two entries, or merge them");
    }
    let message = match at {
        Some(LineCol { line, column }) => message.replacen(&format!(" at line {line} column {column}"), "", 1),
        None => message.to_owned(),
    };
    if language == "YAML" && (message.contains("invalid type: ") || message.contains("invalid value: ")) {
        return yaml_value_error(path, &message, at);
    }
    let help = match language {
        "JSON" => "fix the JSON syntax (JSON allows no trailing commas, comments or unquoted keys)",
        _ => "fix the YAML syntax; the cause may be earlier: an unclosed bracket or quote, or a line indented differently from its siblings",
    };
    Diagnostic::new(path, "#", format!("invalid {language}: {message}")).at(at).with_help(help)
}

/// Well-formed YAML holding a value JSON has no equivalent for: the syntax is not to blame.
fn yaml_value_error(path: &Path, message: &str, at: Option<LineCol>) -> Diagnostic {
    let (message, help) = if message.contains("invalid type: enum") {
        ("a YAML tag (`!name`) gives this value a type JSON does not have".to_owned(), "remove the tag: an OpenAPI document is JSON data, written here as YAML")
    } else if message.contains("expected a string") {
        ("a mapping key that is not a string".to_owned(), "write the key as a string; quote it if it looks like a list or a mapping")
    } else {
        (format!("a YAML value OpenAPI cannot hold: {message}"), "the syntax is fine; write the value as a string, number, boolean, list or mapping without a tag")
    };
    Diagnostic::new(path, "#", message).at(at).with_help(help)
}

/// Repairs the defects [`repair`] knows, each with a warning on the document.
fn repair_document(document: &mut Document, v30: bool) {
    let repairs = repair::repair(&mut document.value, v30);
    warn(document, repairs);
}

/// `repairs` as located warnings on `document`.
fn warn(document: &mut Document, repairs: Vec<Repair>) {
    for Repair { pointer, message, repair, help } in repairs {
        let mut warning = diagnostic_in(document, &pointer, message).with_help(help).as_warning();
        if let Some(repair) = repair {
            warning = warning.with_repair(repair);
        }
        document.warnings.push(warning);
    }
}

/// Refuses a document nested deeper than [`scan::MAX_DEPTH`], before deserialization recurses into it.
fn check_depth(document: &Document) -> Result<(), Diagnostic> {
    match scan::too_deep(&document.value) {
        None => Ok(()),
        Some(pointer) => Err(too_deep_diagnostic(diagnostic_in(document, &pointer, ""))),
    }
}

fn too_deep_diagnostic(at: Diagnostic) -> Diagnostic {
    Diagnostic { message: format!("the document is nested more than {} levels deep here", scan::MAX_DEPTH), ..at }
        .with_help("move nested schemas into `components/schemas` and `$ref` them")
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
    let diagnostic = match object.get("openapi") {
        Some(Value::String(version)) if version.starts_with("3.0.") => return Ok(()),
        Some(Value::String(version)) if version == "3.0" => diagnostic_in(document, "/openapi", "`openapi: 3.0` is not a full version")
            .with_help("write the full version, e.g. `openapi: 3.0.3`"),
        Some(Value::String(version)) => diagnostic_in(document, "/openapi", format!("OpenAPI {version} is not supported"))
            .with_help("this generator reads OpenAPI 3.0.x and 3.1.x documents"),
        Some(other) => diagnostic_in(document, "/openapi", format!("`openapi` must be a string, not `{other}`"))
            .with_help("quote the version: `openapi: \"3.0.3\"` (unquoted, YAML reads `3.0` as a number)"),
        None => diagnostic_in(document, "", "the document has no `openapi` version string")
            .with_help("add `openapi: 3.0.3` at the top"),
    };
    Err(diagnostic.into())
}

/// Removes the value at `pointer` (relative, `/`-separated, escaped) from `root`; whether there was one.
fn remove_at(root: &mut Value, pointer: &str) -> bool {
    let (Some((parent, _)), Some(last)) = (pointer.rsplit_once('/'), crate::diagnostic::last_pointer_token(pointer)) else { return false };
    match root.pointer_mut(parent) {
        Some(Value::Object(object)) => object.shift_remove(&last).is_some(),
        Some(Value::Array(items)) => match last.parse::<usize>() {
            Ok(index) if index < items.len() => {
                items.remove(index);
                true
            }
            _ => false,
        },
        _ => false,
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
    #[test]
    fn fragments_are_percent_decoded() {
        assert_eq!(super::percent_decode("/paths/~1jobs~1%7Bid%7D"), "/paths/~1jobs~1{id}");
        assert_eq!(super::percent_decode("/a%2"), "/a%2");
        assert_eq!(super::percent_decode("/a%+1b"), "/a%+1b");
        assert_eq!(super::percent_decode("/%C3%A9%FF"), "/%C3%A9%FF");
    }

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
        assert_eq!(target, Target { doc: DocId(2), pointer: Pointer::default() });
    }

    #[test]
    fn refuses_swagger_and_other_versions() {
        let files = memory(&[("a.yaml", "swagger: '2.0'\ninfo: {}\n"), ("b.json", "{\"openapi\": \"4.0.0\"}")]);
        let error = load(Path::new("a.yaml"), &files).unwrap_err();
        assert_eq!(&*error.0[0].pointer, "#/swagger");
        assert_eq!(error.0[0].location, Some(LineCol { line: 1, column: 1 }));
        let error = load(Path::new("b.json"), &files).unwrap_err();
        assert!(error.0[0].message.contains("4.0.0"), "{error}");
    }

    #[test]
    fn locates_deserialization_errors() {
        let text = format!("{MINIMAL}components:\n  schemas:\n    A:\n      type: object\n      required: 7\n");
        let files = memory(&[("a.yaml", &text)]);
        let error = load(Path::new("a.yaml"), &files).unwrap_err();
        assert_eq!(&*error.0[0].pointer, "#/components/schemas/A/required", "{error}");
        assert_eq!(error.0[0].location, Some(LineCol { line: 8, column: 7 }), "{error}");
    }

    /// A document of `paths` path items and `schemas` component schemas, the last with `last`.
    fn many_parts(paths: usize, schemas: usize, last: &str) -> String {
        let mut text = String::from("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  x-note: 1\n");
        for path in 0..paths {
            text.push_str(&format!("  /p{path}:\n    get:\n      responses:\n        '200': {{description: ok}}\n"));
        }
        text.push_str("components:\n  responses:\n    R: {description: r}\n  schemas:\n");
        for schema in 0..schemas {
            text.push_str(&format!("    S{schema}:\n      type: object\n      properties: {{a: {{$ref: '#/components/schemas/S0'}}}}\n"));
        }
        text + last
    }

    #[test]
    fn large_documents_read_in_parts_as_in_one_piece() {
        let text = many_parts(40, 40, "    T: {type: string, x-t: 1}\n");
        let mut document = parse_document(Path::new("a.yaml"), text).unwrap();
        let value = document.value.clone();
        let whole = deserialize_at::<openapiv3::OpenAPI>(&document, "", Part::Document).unwrap();
        let read = deserialize::read_openapi(&mut document).unwrap();
        assert_eq!(read, whole);
        assert_eq!((read.paths.paths.len(), read.components.unwrap().schemas.len()), (40, 41));
        assert_eq!(document.value, value, "the parts are put back");
        let text = many_parts(0, 70, "").replace("paths:\n  x-note: 1\n", "paths: 5\n");
        let mut document = parse_document(Path::new("a.yaml"), text).unwrap();
        let value = document.value.clone();
        let whole = deserialize_at::<openapiv3::OpenAPI>(&document, "", Part::Document).unwrap_err();
        assert_eq!(deserialize::read_openapi(&mut document).unwrap_err().0, whole.0);
        assert_eq!(document.value, value, "a `paths` that is no object stays");
    }

    #[test]
    fn a_part_of_a_large_document_that_does_not_read_is_located() {
        let text = many_parts(10, 70, "    Bad:\n      type: object\n      required: 7\n");
        let files = memory(&[("a.yaml", &text)]);
        let error = load(Path::new("a.yaml"), &files).unwrap_err();
        assert_eq!(&*error.0[0].pointer, "#/components/schemas/Bad/required", "{error}");
        assert_eq!(error.0[0].location, Some(LineCol { line: 261, column: 7 }), "{error}");
    }

    #[test]
    fn skips_a_byte_order_mark() {
        let text = format!("\u{feff}{MINIMAL}");
        let files = memory(&[("a.yaml", &text), ("b.json", "\u{feff}{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"paths\": {}}")]);
        assert!(load(Path::new("a.yaml"), &files).is_ok());
        assert!(load(Path::new("b.json"), &files).is_ok());
    }

    #[test]
    fn refuses_alias_bombs() {
        let mut text = format!("{MINIMAL}x-0: &a0 [1, 2, 3, 4, 5, 6, 7, 8, 9]\n");
        for level in 1..9 {
            let previous = format!("*a{}", level - 1);
            text.push_str(&format!("x-{level}: &a{level} [{}]\n", vec![previous; 9].join(", ")));
        }
        let files = memory(&[("a.yaml", &text)]);
        let error = load(Path::new("a.yaml"), &files).unwrap_err();
        assert!(error.0[0].message.contains("expand to too much data"), "{error}");
    }

    #[test]
    fn integers_past_64_bits_load_with_a_warning() {
        let text = format!("{MINIMAL}components:\n  schemas:\n    A:\n      type: integer\n      minimum: -9223372036854776000\n      maximum: 18446744073709551616\n");
        let files = memory(&[("a.yaml", &text)]);
        let spec = load(Path::new("a.yaml"), &files).unwrap();
        let warnings: Vec<&Diagnostic> = spec.warnings().collect();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(&*warnings[0].pointer, "#/components/schemas/A/minimum");
        assert_eq!(warnings[0].location, Some(LineCol { line: 8, column: 7 }));
        assert!(warnings[0].to_string().starts_with("warning: the integer -9223372036854776000 is outside the 64-bit range"), "{}", warnings[0]);
    }

    #[test]
    fn numbers_past_the_float_range_load_as_the_largest_float() {
        let json = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "x-big": [1e400, -1e400]}"#;
        let files = memory(&[("a.json", json), ("b.yaml", "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-big: .inf\n")]);
        let spec = load(Path::new("a.json"), &files).unwrap();
        assert_eq!(spec.document(DocId::ROOT).value["x-big"], serde_json::json!([f64::MAX, f64::MIN]));
        let pointers: Vec<&str> = spec.warnings().map(|w| &*w.pointer).collect();
        assert_eq!(pointers, ["#/x-big/0", "#/x-big/1"]);
        let spec = load(Path::new("b.yaml"), &files).unwrap();
        assert!(spec.warnings().next().is_some_and(|w| w.message.contains("past the range of a 64-bit float")));
    }

    #[test]
    fn yaml_values_json_cannot_hold_are_not_called_syntax_errors() {
        let files = memory(&[("a.yaml", "openapi: !tag 3.0.3\n"), ("b.yaml", "? [a]\n: 1\n"), ("c.yaml", "a: [1\n")]);
        let error = load(Path::new("a.yaml"), &files).unwrap_err();
        assert!(error.0[0].message.contains("YAML tag"), "{error}");
        assert!(!error.0[0].help.as_deref().unwrap_or_default().contains("syntax"), "{error}");
        let error = load(Path::new("b.yaml"), &files).unwrap_err();
        assert!(error.0[0].message.contains("not a string"), "{error}");
        let error = load(Path::new("c.yaml"), &files).unwrap_err();
        assert!(error.0[0].help.as_deref().unwrap_or_default().contains("fix the YAML syntax"), "{error}");
    }

    #[test]
    fn missing_reference_target() {
        let files = memory(&[("a.yaml", MINIMAL)]);
        let spec = load(Path::new("a.yaml"), &files).unwrap();
        let error = spec.resolve(DocId::ROOT, "#/components/schemas/Nope", "#/paths").unwrap_err();
        assert!(error.message.contains("points to nothing"));
    }
}
