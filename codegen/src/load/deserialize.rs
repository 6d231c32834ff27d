//! Reading parts of a document as `openapiv3` types, on a stack deep enough for the deepest
//! document the loader accepts, and the root document's component schemas on several threads.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use openapiv3::{OpenAPI, ReferenceOr, Schema};
use serde::Deserialize;
use serde_json::Value;

use super::{diagnostic_in, pinpoint, Document, Part};
use crate::diagnostic::Diagnostics;

/// The stack a deserialization needs at most: [`super::scan::MAX_DEPTH`] levels of
/// `openapiv3`'s deserializers, about 45 KiB each in a debug build. With less left, it runs on a
/// new segment ([`stacker`]) of [`DESERIALIZE_STACK`].
const DESERIALIZE_RED_ZONE: usize = 4 * 1024 * 1024;
const DESERIALIZE_STACK: usize = 16 * 1024 * 1024;

/// How many component schemas a thread reads at a time ([`read_apart`]).
const SCHEMAS_PER_RUN: usize = 16;

/// Deserializes the `part` at `pointer`; a failure is reported at the innermost place it can be
/// pinned to ([`pinpoint`]).
pub(super) fn deserialize_at<T: serde::de::DeserializeOwned>(document: &Document, pointer: &str, part: Part) -> Result<T, Diagnostics> {
    let value = document
        .value
        .pointer(pointer)
        .ok_or_else(|| diagnostic_in(document, pointer, "nothing at this pointer").with_help("fix the reference"))?;
    // `openapiv3`'s deserializers recurse several frames per level of the document: grow the stack
    // for the deepest document the loader accepts (`scan::MAX_DEPTH`) on any caller's thread.
    with_deserialize_stack(|| T::deserialize(value)).map_err(|error| {
        let failure = pinpoint::failure(part, value, pointer).unwrap_or_else(|| pinpoint::Failure {
            pointer: pointer.to_owned(),
            message: format!("not a valid OpenAPI 3.0 document here: {error}"),
            help: "compare it with the OpenAPI 3.0.3 specification".to_owned(),
        });
        diagnostic_in(document, &failure.pointer, failure.message).with_help(failure.help).into()
    })
}

/// The root document as `openapiv3` reads it. Its component schemas, most of the work (about
/// three quarters on GitHub's spec), are read in runs on several threads while this one reads
/// the rest. Whatever does not read is read again as a whole document, which locates the failure.
pub(super) fn deserialize_root(document: &mut Document) -> Result<OpenAPI, Diagnostics> {
    let whole = |document: &Document| deserialize_at::<OpenAPI>(document, "", Part::Document);
    let Some(Value::Object(slot)) = document.value.pointer_mut("/components/schemas") else { return whole(document) };
    let schemas = std::mem::take(slot);
    let read = read_apart(document, &schemas);
    // The document keeps its schemas: lowering reads them by pointer.
    if let Some(Value::Object(slot)) = document.value.pointer_mut("/components/schemas") {
        *slot = schemas;
    }
    read.map_or_else(|| whole(document), Ok)
}

/// A run of component schemas as read, `None` if one of them does not read.
type SchemaRun = Option<Vec<(String, ReferenceOr<Schema>)>>;

/// The document without its component schemas (an empty map in their place), and `schemas` beside
/// it; `None` if any part does not read. The schemas are taken in runs of [`SCHEMAS_PER_RUN`] by
/// threads of their own, and by this one once it has read the rest (their sizes vary too much to
/// share them out in advance). The first run that does not read stops them all.
fn read_apart(document: &Document, schemas: &serde_json::Map<String, Value>) -> Option<OpenAPI> {
    let entries: Vec<(&String, &Value)> = schemas.iter().collect();
    let runs: Vec<&[(&String, &Value)]> = entries.chunks(SCHEMAS_PER_RUN).collect();
    let (next, failed) = (AtomicUsize::new(0), AtomicBool::new(false));
    let take_runs = || -> Vec<(usize, SchemaRun)> {
        with_deserialize_stack(|| {
            std::iter::from_fn(|| {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let run = runs.get(index).filter(|_| !failed.load(Ordering::Relaxed))?;
                let read = read_run(run);
                failed.fetch_or(read.is_none(), Ordering::Relaxed);
                Some((index, read))
            })
            .collect()
        })
    };
    // A few runs are read on this thread alone: starting threads would cost more than it saves.
    let threads = if runs.len() < 4 { 1 } else { std::thread::available_parallelism().map_or(1, std::num::NonZero::get).min(runs.len()) };
    let (rest, mut read) = std::thread::scope(|scope| {
        let spawn = || std::thread::Builder::new().stack_size(DESERIALIZE_STACK).spawn_scoped(scope, take_runs).ok();
        let handles: Vec<_> = (1..threads).filter_map(|_| spawn()).collect();
        let rest = with_deserialize_stack(|| OpenAPI::deserialize(&document.value)).ok();
        let mut read = take_runs();
        // A panic goes on with its message.
        for handle in handles {
            read.extend(handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)));
        }
        (rest, read)
    });
    if failed.into_inner() {
        return None;
    }
    let mut openapi = rest?;
    let components = openapi.components.as_mut()?;
    read.sort_unstable_by_key(|(index, _)| *index);
    for (_, run) in read {
        components.schemas.extend(run?);
    }
    Some(openapi)
}

/// The schemas of `run` read in order; `None` at the first that does not read.
fn read_run(run: &[(&String, &Value)]) -> SchemaRun {
    run.iter().map(|(key, value)| Some(((*key).clone(), ReferenceOr::deserialize(*value).ok()?))).collect()
}

/// Runs a deserialization on a grown stack when less than [`DESERIALIZE_RED_ZONE`] is left.
pub(super) fn with_deserialize_stack<R>(deserialize: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(DESERIALIZE_RED_ZONE, DESERIALIZE_STACK, deserialize)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::load::parse_document;

    /// A document with `count` component schemas (enough for several threads' runs), the one
    /// named `S7` being `bad`, and `info` as given.
    fn many_schemas(count: usize, bad: &str, info: &str) -> Document {
        let schemas: String = (0..count)
            .map(|i| if i == 7 { format!("    S{i}: {bad}\n") } else { format!("    S{i}: {{type: object, properties: {{a{i}: {{type: integer}}}}}}\n") })
            .collect();
        let text = format!("openapi: 3.0.3\ninfo: {info}\npaths: {{}}\ncomponents:\n  x-note: kept\n  schemas:\n{schemas}");
        parse_document(Path::new("api.yaml"), text).unwrap()
    }

    const INFO: &str = "{title: t, version: '1'}";

    #[test]
    fn schemas_read_apart_read_as_the_whole_document() {
        let mut document = many_schemas(200, "{type: string, enum: [a, b]}", INFO);
        let whole = deserialize_at::<OpenAPI>(&document, "", Part::Document).unwrap();
        let before = serde_json::to_string(&document.value).unwrap();
        let apart = deserialize_root(&mut document).unwrap();
        assert_eq!(apart, whole);
        // In document order (maps compare without it).
        let keys = |openapi: &OpenAPI| openapi.components.as_ref().map(|c| c.schemas.keys().cloned().collect::<Vec<_>>());
        assert_eq!(keys(&apart), keys(&whole));
        // The document is left as it was, key order included.
        assert_eq!(serde_json::to_string(&document.value).unwrap(), before);
    }

    #[test]
    fn a_schema_that_does_not_read_is_located_as_in_the_whole_document() {
        let mut document = many_schemas(200, "{type: object, required: yes}", INFO);
        let whole = deserialize_at::<OpenAPI>(&document, "", Part::Document).unwrap_err();
        let apart = deserialize_root(&mut document).unwrap_err();
        assert_eq!(apart, whole);
        assert!(apart.0[0].pointer.contains("/components/schemas/S7"), "{apart:?}");
    }

    #[test]
    fn a_failure_outside_the_schemas_is_reported_as_in_the_whole_document() {
        for bad in ["{type: string}", "{type: object, required: yes}"] {
            let mut document = many_schemas(200, bad, "{version: '1'}");
            let whole = deserialize_at::<OpenAPI>(&document, "", Part::Document).unwrap_err();
            let apart = deserialize_root(&mut document).unwrap_err();
            assert_eq!(apart, whole, "{bad}");
        }
    }
}
