//! The `support` module every generated crate carries, so the crate depends on nothing of ours: the
//! lenient date-time type and integer readers, the validation runtime, the HTTP runtime (the
//! sans-IO `Operation` contract, the pluggable `Transport` with its reqwest + rustls default,
//! retries, timeouts, secrets, errors), bodies of bytes sent from memory or a stream, and the mock
//! server's runtime (feature `mock`); then, as a crate's specs need them, responses read as they
//! arrive (downloads and, for `text/event-stream`, server-sent events), `multipart/form-data`
//! forms, and the `pattern` check.
//!
//! It is fixed code, so it is kept as formatted Rust source in `codegen/runtime/` and copied, not
//! emitted and formatted on every run (that was most of the time generation took for a small
//! spec). Edit those files as Rust; the tests below keep them in prettyplease's layout.

const RUNTIME: &str = include_str!("../../runtime/runtime.rs");
const VALIDATION: &str = include_str!("../../runtime/validation.rs");
const HTTP: &str = include_str!("../../runtime/http.rs");
const ERRORS: &str = include_str!("../../runtime/errors.rs");
const TRANSPORT: &str = include_str!("../../runtime/transport.rs");
const UPLOAD: &str = include_str!("../../runtime/upload.rs");
const PATTERN: &str = include_str!("../../runtime/pattern.rs");
const MOCK: &str = include_str!("../../runtime/mock.rs");
const STREAM: &str = include_str!("../../runtime/stream.rs");
const EVENTS: &str = include_str!("../../runtime/events.rs");
const MULTIPART: &str = include_str!("../../runtime/multipart.rs");

/// What of the optional runtime a crate's specs need.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Needs {
    /// A `pattern` keyword: the pattern check, on the `regex` crate.
    pub pattern: bool,
    /// A `text/event-stream` response: server-sent events, on `sse-parse`.
    pub events: bool,
    /// A response read as it arrives (a download of bytes, events).
    pub streams: bool,
    /// A `multipart/form-data` request body: forms and files, on `memchr` (and `multer` for the
    /// mock).
    pub multipart: bool,
}

/// The text of `src/support.rs`: `header`, then the runtime with the optional parts `needs` asks
/// for. The parts are laid out as the generator lays out what it formats, blank lines between
/// items included (the tests below check it), so they are copied as they are.
pub fn support_file(header: &str, needs: Needs) -> String {
    let mut parts = vec![RUNTIME, VALIDATION, HTTP, ERRORS, TRANSPORT, UPLOAD, MOCK];
    if needs.streams {
        parts.push(STREAM);
    }
    if needs.events {
        parts.push(EVENTS);
    }
    if needs.multipart {
        parts.push(MULTIPART);
    }
    if needs.pattern {
        parts.push(PATTERN);
    }
    // Each part is formatted on its own; a blank line separates their items as it does items
    // within a part.
    [header, &parts.join("\n")].concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each part parses and is laid out exactly as the generator lays out what it emits, so the
    /// support module reads like the rest of the crate and stays deterministic.
    #[test]
    fn runtime_sources_are_formatted() {
        for (name, text) in [("runtime", RUNTIME), ("validation", VALIDATION), ("http", HTTP), ("errors", ERRORS), ("transport", TRANSPORT), ("upload", UPLOAD), ("mock", MOCK), ("stream", STREAM), ("events", EVENTS), ("multipart", MULTIPART), ("pattern", PATTERN)] {
            let file = syn::parse_file(text).unwrap_or_else(|error| panic!("codegen/runtime/{name}.rs: {error}"));
            let formatted = super::super::format::separate_items("", &prettyplease::unparse(&file));
            assert!(formatted == text, "codegen/runtime/{name}.rs is not formatted; it should read:\n{formatted}");
        }
    }

    /// The parts joined, in every combination, are laid out as they would be if formatted
    /// together: [`support_file`] need not separate their items again.
    #[test]
    fn joined_parts_need_no_other_blank_lines() {
        for bits in 0..16 {
            let needs = Needs { pattern: bits & 1 != 0, events: bits & 2 != 0, streams: bits & 4 != 0, multipart: bits & 8 != 0 };
            let text = support_file("", needs);
            assert!(super::super::format::separate_items("", &text) == text, "{needs:?}");
            assert!(support_file("// header\n", needs).strip_prefix("// header\n") == Some(text.as_str()));
        }
    }
}
