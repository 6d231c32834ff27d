//! Reading parts of a document as `openapiv3` types, on a stack deep enough for the deepest
//! document the loader accepts.

use std::sync::atomic::{AtomicUsize, Ordering};

use openapiv3::OpenAPI;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::{diagnostic_in, pinpoint, Document, Part};
use crate::diagnostic::Diagnostics;

/// The stack a deserialization needs at most: [`super::scan::MAX_DEPTH`] levels of
/// `openapiv3`'s deserializers, about 45 KiB each in a debug build. With less left, it runs on a
/// new segment ([`stacker`]) of [`DESERIALIZE_STACK`].
const DESERIALIZE_RED_ZONE: usize = 4 * 1024 * 1024;
const DESERIALIZE_STACK: usize = 16 * 1024 * 1024;

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

/// Runs a deserialization on a grown stack when less than [`DESERIALIZE_RED_ZONE`] is left.
pub(super) fn with_deserialize_stack<R>(deserialize: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(DESERIALIZE_RED_ZONE, DESERIALIZE_STACK, deserialize)
}

/// A document with at least this many path items and component schemas together reads them on
/// two threads.
const SHARED_PARTS: usize = 64;

/// How many of those parts a thread takes at a time.
const BATCH: usize = 16;

/// Reads the root document as `openapiv3`'s [`OpenAPI`]. Its path items and component schemas
/// are nearly all of a large API (GitHub's 70 %, loket's 99 %), and each reads on its own: they
/// are taken out of the document while the rest reads, read in batches by this thread and one
/// more (each batch by whichever is free), and put in place in the document's order. Read apart,
/// the path items are also not copied first, as `openapiv3` reads `paths` into a buffer of its
/// own. A document that does not read is read again whole ([`deserialize_at`]), which reports
/// its first failure as it always has.
pub(super) fn read_openapi(document: &mut Document) -> Result<OpenAPI, Diagnostics> {
    let count = |pointer| document.value.pointer(pointer).and_then(Value::as_object).map_or(0, serde_json::Map::len);
    if count("/paths") + count("/components/schemas") < SHARED_PARTS {
        return deserialize_at(document, "", Part::Document);
    }
    // What `openapiv3` reads as path items: the keys that start with `/`; the rest stays.
    let paths = take(document, "/paths", |map| map.iter().filter(|(key, _)| !key.starts_with('/')).map(|(key, value)| (key.clone(), value.clone())).collect());
    let schemas = take(document, "/components/schemas", |_| serde_json::Map::new());
    let read = read_apart(document, paths.as_ref(), schemas.as_ref());
    for (pointer, taken) in [("/paths", paths), ("/components/schemas", schemas)] {
        if let (Some(slot), Some(taken)) = (document.value.pointer_mut(pointer), taken) {
            *slot = taken;
        }
    }
    match read {
        Some(openapi) => Ok(openapi),
        None => deserialize_at(document, "", Part::Document),
    }
}

/// The object at `pointer`, replaced by what `kept` keeps of it; `None` where there is none.
fn take(document: &mut Document, pointer: &str, kept: impl FnOnce(&serde_json::Map<String, Value>) -> serde_json::Map<String, Value>) -> Option<Value> {
    let slot = document.value.pointer_mut(pointer)?;
    let replacement = Value::Object(kept(slot.as_object()?));
    Some(std::mem::replace(slot, replacement))
}

/// The document without its path items and component schemas, then those added (`paths` and
/// `schemas` are the objects taken out); `None` if any part does not read.
fn read_apart(document: &Document, paths: Option<&Value>, schemas: Option<&Value>) -> Option<OpenAPI> {
    let paths: Vec<_> = entries(paths).into_iter().filter(|(key, _)| key.starts_with('/')).collect();
    let schemas = entries(schemas);
    let (next_path, next_schema) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let read = || Some((read_batches(&paths, &next_path)?, read_batches(&schemas, &next_schema)?));
    let (rest, mine, theirs) = std::thread::scope(|scope| {
        // A thread that cannot start leaves every batch to this one; a panic goes on with its message.
        let spawned = std::thread::Builder::new().stack_size(DESERIALIZE_STACK).spawn_scoped(scope, read).ok();
        let rest = deserialize_at::<OpenAPI>(document, "", Part::Document).ok();
        let mine = read();
        let theirs = match spawned {
            Some(handle) => handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            None => Some(Default::default()),
        };
        (rest, mine, theirs)
    });
    let (mut openapi, (my_paths, my_schemas), (their_paths, their_schemas)) = (rest?, mine?, theirs?);
    openapi.paths.paths = in_order(&paths, my_paths, their_paths);
    if !schemas.is_empty() {
        openapi.components.as_mut()?.schemas = in_order(&schemas, my_schemas, their_schemas);
    }
    Some(openapi)
}

fn entries(object: Option<&Value>) -> Vec<(&String, &Value)> {
    object.and_then(Value::as_object).map(|map| map.iter().collect()).unwrap_or_default()
}

/// Batches of `entries` read, each with the index of its first: the batches this thread took
/// (of [`BATCH`] entries, the next from `next`), `None` at an entry that does not read.
fn read_batches<T: DeserializeOwned>(entries: &[(&String, &Value)], next: &AtomicUsize) -> Option<Vec<(usize, Vec<T>)>> {
    let mut batches = Vec::new();
    loop {
        let first = next.fetch_add(BATCH, Ordering::Relaxed);
        let Some(batch) = entries.get(first..entries.len().min(first + BATCH)).filter(|batch| !batch.is_empty()) else {
            return Some(batches);
        };
        let read = batch.iter().map(|(_, value)| with_deserialize_stack(|| T::deserialize(*value)).ok());
        batches.push((first, read.collect::<Option<Vec<_>>>()?));
    }
}

/// `entries`' keys with their values as read by two threads' [`read_batches`], in order.
fn in_order<T, C: FromIterator<(String, T)>>(entries: &[(&String, &Value)], mine: Vec<(usize, Vec<T>)>, theirs: Vec<(usize, Vec<T>)>) -> C {
    let mut batches = mine;
    batches.extend(theirs);
    batches.sort_unstable_by_key(|(first, _)| *first);
    let read = batches.into_iter().flat_map(|(_, batch)| batch);
    entries.iter().map(|(key, _)| (*key).clone()).zip(read).collect()
}
