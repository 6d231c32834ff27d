//! Every Rust identifier the generator emits is made here: case conversion (heck), characters Rust
//! does not allow, leading digits, keywords, and collisions after conversion.
//!
//! Policy, decided once:
//! - Keywords that can be raw become raw identifiers (`type` → `r#type`); serde strips the `r#`, so
//!   the wire name still matches. `self`, `Self`, `super`, `crate` cannot be raw and get a `_` suffix.
//! - Characters outside `[A-Za-z0-9_]` separate words; a name with no such character left falls back
//!   to a neutral word (`Value`, `field`), and a leading digit gets a prefix (`V1`, `_1`).
//! - A leading `+` / `-` before a digit reads as `Plus` / `Minus`, so `"+1"` and `"-1"` stay apart.
//! - Collisions are resolved by [`Namespace`] with numeric suffixes in claim order, so the result
//!   depends only on the order of the spec.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords of every edition up to 2024, strict and reserved.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do",
    "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "try", "type", "typeof", "unsafe",
    "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that `r#` cannot escape.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate"];

/// A Rust type or enum variant name (`UpperCamelCase`) for `raw`; `fallback` when nothing is left.
pub fn type_name(raw: &str, fallback: &str) -> String {
    let name = words(raw).to_upper_camel_case();
    finish(name, fallback, "V")
}

/// A Rust field, function or module name (`snake_case`) for `raw`; `fallback` when nothing is left.
pub fn field_name(raw: &str, fallback: &str) -> String {
    let name = words(raw).to_snake_case();
    finish(name, fallback, "_")
}

/// Turns a name made by this module into a token, raw where it is a keyword.
pub fn to_ident(name: &str) -> proc_macro2::Ident {
    let span = proc_macro2::Span::call_site();
    if KEYWORDS.contains(&name) && !NOT_RAW.contains(&name) {
        proc_macro2::Ident::new_raw(name, span)
    } else {
        proc_macro2::Ident::new(name, span)
    }
}

/// The name serde sees for a field called `name` (serde strips `r#`).
pub fn serde_name(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// Replaces every character Rust does not allow in identifiers with a word break, and spells out a
/// sign in front of a digit.
fn words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 4);
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        let before_digit = chars.peek().is_some_and(char::is_ascii_digit);
        match c {
            '+' if before_digit && out.trim().is_empty() => out.push_str("plus "),
            '-' if before_digit && out.trim().is_empty() => out.push_str("minus "),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => out.push(' '),
        }
    }
    out
}

fn finish(name: String, fallback: &str, digit_prefix: &str) -> String {
    let name = if name.is_empty() { fallback.to_owned() } else { name };
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("{digit_prefix}{name}");
    }
    if NOT_RAW.contains(&name.as_str()) {
        return format!("{name}_");
    }
    name
}

/// Names of the standard prelude that generated models use unqualified (`Option<String>` reads
/// better and parses faster than `::std::option::Option<::std::string::String>`): no generated
/// type may take them, or it would shadow the prelude in its module. A schema called `String`
/// becomes `String2`.
pub const PRELUDE_TYPES: &[&str] = &["Option", "Some", "None", "String", "Vec", "Box"];

/// Besides [`PRELUDE_TYPES`], the prelude names the generated client module uses unqualified
/// (bounds, constructors), and its own items: no operation struct or error enum may take them.
pub const CLIENT_RESERVED: &[&str] = &["Ok", "Err", "Result", "Into", "Send", "Sync", "Client", "Auth", "Server"];

/// Method names an operation's `Client` method may not take: `Client`'s own methods, and methods
/// of traits every type implements that take `self` by value (`client.into()` would call
/// `Into::into`, not the inherent method) or that `Client` derives (`clone`, `fmt`).
pub const CLIENT_METHODS_RESERVED: &[&str] =
    &["new", "with_transport", "with_auth", "config_mut", "send", "into", "try_into", "clone", "clone_from", "fmt"];

/// The names already taken in one scope (a module's types, a struct's fields, an enum's variants).
#[derive(Debug, Default, Clone)]
pub struct Namespace {
    taken: BTreeSet<String>,
}

impl Namespace {
    /// A namespace in which `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Namespace { taken: reserved.iter().map(|s| (*s).to_owned()).collect() }
    }

    /// Takes `name`, or the first of `name2`, `name3`, … that is still free.
    pub fn claim(&mut self, name: String) -> String {
        if self.taken.insert(name.clone()) {
            return name;
        }
        let separator = if name.ends_with(|c: char| c.is_ascii_digit()) { "_" } else { "" };
        (2..)
            .map(|n| format!("{name}{separator}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names() {
        let cases = [
            ("placeGroupId", "place_group_id"),
            ("type", "type"),
            ("self", "self_"),
            ("Self", "self_"),
            ("super", "super_"),
            ("crate", "crate_"),
            ("gen", "gen"),
            ("", "field"),
            ("$", "field"),
            ("1st", "_1st"),
            ("+1", "plus_1"),
            ("-1", "minus_1"),
            ("a-b.c d", "a_b_c_d"),
            ("ünïcode", "n_code"),
            ("HTTPStatus", "http_status"),
            ("@odata.type", "odata_type"),
        ];
        for (raw, expected) in cases {
            assert_eq!(field_name(raw, "field"), expected, "field name for {raw:?}");
        }
    }

    #[test]
    fn type_names() {
        let cases = [
            ("PlaceGroupRequest", "PlaceGroupRequest"),
            ("place_group", "PlaceGroup"),
            ("Self", "Self_"),
            ("self", "Self_"),
            ("Option", "Option"),
            ("", "Value"),
            ("1", "V1"),
            ("+1", "Plus1"),
            ("-1", "Minus1"),
            ("foo bar", "FooBar"),
            ("application/json", "ApplicationJson"),
        ];
        for (raw, expected) in cases {
            assert_eq!(type_name(raw, "Value"), expected, "type name for {raw:?}");
        }
    }

    #[test]
    fn every_keyword_makes_a_valid_ident() {
        for keyword in KEYWORDS {
            let name = field_name(keyword, "field");
            let ident = to_ident(&name);
            let parsed: Result<syn::Ident, _> = syn::parse2(quote::quote!(#ident));
            assert!(parsed.is_ok(), "{keyword} -> {name} does not parse");
            let ty = type_name(keyword, "Value");
            let ident = to_ident(&ty);
            let parsed: Result<syn::Ident, _> = syn::parse2(quote::quote!(#ident));
            assert!(parsed.is_ok(), "{keyword} -> {ty} does not parse");
        }
    }

    #[test]
    fn raw_keywords() {
        assert_eq!(to_ident("type").to_string(), "r#type");
        assert_eq!(to_ident("gen").to_string(), "r#gen");
        assert_eq!(to_ident("self_").to_string(), "self_");
        assert_eq!(serde_name("r#type"), "type");
    }

    #[test]
    fn collisions_get_deterministic_suffixes() {
        let mut names = Namespace::with_reserved(&["Unknown"]);
        assert_eq!(names.claim(field_name("fooBar", "f")), "foo_bar");
        assert_eq!(names.claim(field_name("foo_bar", "f")), "foo_bar2");
        assert_eq!(names.claim(field_name("FooBar", "f")), "foo_bar3");
        assert_eq!(names.claim("v1".into()), "v1");
        assert_eq!(names.claim("v1".into()), "v1_2");
        assert_eq!(names.claim("Unknown".into()), "Unknown2");
    }
}
