//! The `support` module every generated crate carries, so the crate depends on nothing of ours: the
//! lenient date-time type and integer readers, the validation runtime, the HTTP runtime (the
//! sans-IO `Operation` contract, the pluggable `Transport` with its reqwest + rustls default,
//! retries, timeouts, secrets, errors), the mock server's runtime (feature `mock`) and, for crates whose specs use `pattern`, the pattern check.
//!
//! It is fixed code, so it is kept as formatted Rust source in `codegen/runtime/` and copied, not
//! emitted and formatted on every run (that was most of the time generation took for a small
//! spec). Edit those files as Rust; the tests below keep them in prettyplease's layout.

const RUNTIME: &str = include_str!("../../runtime/runtime.rs");
const VALIDATION: &str = include_str!("../../runtime/validation.rs");
const HTTP: &str = include_str!("../../runtime/http.rs");
const PATTERN: &str = include_str!("../../runtime/pattern.rs");
const MOCK: &str = include_str!("../../runtime/mock.rs");

/// The text of `src/support.rs`, without the header; `uses_pattern` adds the pattern check (which
/// needs the `regex` crate).
pub fn support_text(uses_pattern: bool) -> String {
    let mut parts = vec![RUNTIME, VALIDATION, HTTP, MOCK];
    if uses_pattern {
        parts.push(PATTERN);
    }
    parts.concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each part parses and is laid out exactly as the generator lays out what it emits, so the
    /// support module reads like the rest of the crate and stays deterministic.
    #[test]
    fn runtime_sources_are_formatted() {
        for (name, text) in [("runtime", RUNTIME), ("validation", VALIDATION), ("http", HTTP), ("mock", MOCK), ("pattern", PATTERN)] {
            let file = syn::parse_file(text).unwrap_or_else(|error| panic!("codegen/runtime/{name}.rs: {error}"));
            let formatted = super::super::format::separate_items(&prettyplease::unparse(&file));
            assert!(formatted == text, "codegen/runtime/{name}.rs is not formatted; it should read:\n{formatted}");
        }
    }
}
