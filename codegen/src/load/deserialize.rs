//! Reading parts of a document as `openapiv3` types, on a stack deep enough for the deepest
//! document the loader accepts.

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
