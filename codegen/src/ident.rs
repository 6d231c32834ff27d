//! Every Rust identifier the generator emits is made here: case conversion (heck), characters Rust
//! does not allow, leading digits, keywords, and collisions after conversion.
//!
//! A [`Name`] can only be made by this module ([`type_name`], [`field_name`], [`Namespace::claim`],
//! [`Name::with_suffix`], [`Name::strip_type_prefix`]), and each of them keeps it a valid
//! identifier: ASCII letters, digits and `_`, not starting with a digit, never `_` alone, never a
//! keyword that `r#` cannot escape. So no raw string reaches a token, and [`Name::ident`] cannot
//! panic.
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
use std::fmt;

use heck::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

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

/// A valid Rust identifier (written without `r#`; keywords become raw in [`Name::ident`]).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name(String);

impl Name {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The token: raw where the name is a keyword.
    pub fn ident(&self) -> proc_macro2::Ident {
        let span = proc_macro2::Span::call_site();
        if KEYWORDS.contains(&self.0.as_str()) {
            proc_macro2::Ident::new_raw(&self.0, span)
        } else {
            proc_macro2::Ident::new(&self.0, span)
        }
    }

    /// This name as an identifier that needs no `r#` (a format string names its arguments so):
    /// a keyword followed by `_` (`type` → `type_`).
    pub fn unraw(&self) -> Name {
        if KEYWORDS.contains(&self.0.as_str()) {
            Name(format!("{}_", self.0))
        } else {
            self.clone()
        }
    }

    /// This name followed by `suffix`, whose characters Rust does not allow are left out
    /// (`Status` + `404` → `Status404`, `Pet` + `Error` → `PetError`).
    pub fn with_suffix(&self, suffix: &str) -> Name {
        let mut name = self.0.clone();
        name.extend(suffix.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_'));
        finish(name, &self.0, "V")
    }

    /// What `self` (a type name) says beyond the type name `prefix` it starts with, when that is a
    /// word of its own: `PetCat` in `Pet` → `Cat`; `Thing2` in `Thing` → `None` (a number is not a
    /// name), as are `Thingamajig` and `Thing`.
    pub fn strip_type_prefix(&self, prefix: &str) -> Option<Name> {
        let rest = self.0.strip_prefix(prefix).filter(|_| !prefix.is_empty())?;
        rest.starts_with(|c: char| c.is_ascii_uppercase()).then(|| finish(rest.to_owned(), &self.0, "V"))
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl quote::ToTokens for Name {
    fn to_tokens(&self, tokens: &mut proc_macro2::TokenStream) {
        tokens.extend([proc_macro2::TokenTree::Ident(self.ident())]);
    }
}

/// A Rust type or enum variant name (`UpperCamelCase`) for `raw`; `fallback` when nothing is left.
pub fn type_name(raw: &str, fallback: &str) -> Name {
    let name = words(raw).to_upper_camel_case();
    finish(name, fallback, "V")
}

/// A method named after a field with a verb in front: `with_limit`, `set_limit`,
/// `find_in_errors` (a field's leading `_`, from a name that started with a digit, is dropped).
pub fn prefixed_method(prefix: &str, field: &Name) -> Name {
    field_name(prefix, prefix).with_suffix(&format!("_{}", field.as_str().trim_start_matches('_')))
}

/// A Rust field, function or module name (`snake_case`) for `raw`; `fallback` when nothing is left.
pub fn field_name(raw: &str, fallback: &str) -> Name {
    let name = words(raw).to_snake_case();
    finish(name, fallback, "_")
}

/// A Rust constant name (`SCREAMING_SNAKE_CASE`) for `raw`; `fallback` when nothing is left.
pub fn const_name(raw: &str, fallback: &str) -> Name {
    let name = words(raw).to_shouty_snake_case();
    finish(name, fallback, "_")
}

/// A part of an environment variable's name (`SCREAMING_SNAKE_CASE`) for `raw`; `OAuth`, however
/// cased, is one word (`OAUTH`, not `O_AUTH`), as people write it.
pub fn env_name(raw: &str) -> String {
    let lower = raw.to_ascii_lowercase();
    let mut text = raw.to_owned();
    for (at, _) in lower.match_indices("oauth") {
        text.replace_range(at..at + "oauth".len(), "Oauth");
    }
    words(&text).to_shouty_snake_case()
}

/// Module names a spec's cannot take: the crate's own files (`src/lib.rs`, `src/support.rs`), a
/// file Cargo would take for a binary (`src/main.rs`), and `mod` (`src/mod.rs`).
const RESERVED_MODULES: &[&str] = &["lib", "support", "main", "mod"];

/// A module name for a spec file stem (`energycap.yaml` → `energycap`; `support.yaml` →
/// `support_api`).
pub fn module_name(stem: &str) -> Name {
    let name = field_name(stem, "api");
    if RESERVED_MODULES.contains(&name.as_str()) {
        name.with_suffix("_api")
    } else {
        name
    }
}

/// A Cargo feature name for `raw` (kebab case: `PlaceGroup` → `place-group`).
pub fn feature_name(raw: &str) -> String {
    let name = field_name(raw, "feature").0.replace('_', "-");
    name.trim_matches('-').to_owned()
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

/// Makes `name` (ASCII letters, digits and `_`) a valid identifier; `fallback`, cleaned the same
/// way, when it is empty or only underscores.
fn finish(name: String, fallback: &str, digit_prefix: &str) -> Name {
    let name = if name.trim_matches('_').is_empty() {
        let fallback: String = fallback.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        if fallback.trim_matches('_').is_empty() { "Value".to_owned() } else { fallback }
    } else {
        name
    };
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        return Name(format!("{digit_prefix}{name}"));
    }
    if NOT_RAW.contains(&name.as_str()) {
        return Name(format!("{name}_"));
    }
    Name(name)
}

/// Names of the standard prelude that generated models use unqualified (`Option<String>` reads
/// better and parses faster than `::std::option::Option<::std::string::String>`; `Ok` and `Err` in
/// the `Deserialize` impls, `Into` in the setters): no generated type may take them, or it would
/// shadow the prelude in its module. A schema called `String` becomes `String2`. `A` is the
/// type parameter of the struct readers (`read_fields<A: MapAccess<'de>>`), whose fields' types
/// are written unqualified in its body.
pub const PRELUDE_TYPES: &[&str] = &["Option", "Some", "None", "Ok", "Err", "String", "Vec", "Box", "Into", "A"];

/// Besides [`PRELUDE_TYPES`], the prelude names the generated client module uses unqualified
/// (bounds, constructors), and its own items: no operation struct or error enum may take them.
pub const CLIENT_RESERVED: &[&str] = &["Result", "Send", "Sync", "Client", "Auth", "Server", "MockServer"];

/// Method names an operation's `Client` method may not take: `Client`'s own methods, and methods
/// of traits every type implements that take `self` by value (`client.into()` would call
/// `Into::into`, not the inherent method) or that `Client` derives (`clone`, `fmt`).
pub const CLIENT_METHODS_RESERVED: &[&str] =
    &["new", "with_transport", "with_auth", "config_mut", "with_timeout", "with_retry", "with_deadline", "send", "into", "try_into", "clone", "clone_from", "fmt"];

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
    pub fn claim(&mut self, name: Name) -> Name {
        if self.taken.insert(name.0.clone()) {
            return name;
        }
        let separator = if name.0.ends_with(|c: char| c.is_ascii_digit()) { "_" } else { "" };
        (2..)
            .map(|n| name.with_suffix(&format!("{separator}{n}")))
            .find(|candidate| self.taken.insert(candidate.0.clone()))
            .unwrap_or(name)
    }

    /// Whether `name` is taken.
    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_names_keep_oauth_whole() {
        for (raw, name) in [("OAuth", "OAUTH"), ("oAuth2", "OAUTH2"), ("petstore_oauth", "PETSTORE_OAUTH"), ("OAUTH_TOKEN", "OAUTH_TOKEN"), ("ApiKey", "API_KEY"), ("BasicAuth", "BASIC_AUTH")] {
            assert_eq!(env_name(raw), name, "{raw}");
        }
    }

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

    /// The token of `name` parses as one identifier, and prints as `name` (raw for keywords).
    fn assert_valid(name: &Name) {
        let ident = name.ident();
        let parsed: syn::Ident = syn::parse2(quote::quote!(#ident)).unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
        assert_eq!(parsed.to_string().trim_start_matches("r#"), name.as_str());
    }

    /// Names a spec may give, chosen to break naming: digits only, a name and a prefix of it plus
    /// digits, names the generator makes itself, names equal but for case or punctuation,
    /// keywords, non-ASCII, and nothing usable at all.
    const ADVERSARIAL: &[&str] = &[
        "1", "2", "007", "1.5", "Thing", "Thing2", "Thing_2", "thing-2", "ThingVariant1", "ThingItem", "Unknown",
        "Value", "Variant1", "Other", "Client", "Auth", "Error", "Option", "String", "Some", "None", "Ok", "foo_bar",
        "fooBar", "FooBar", "foo-bar", "foo.bar", "FOO_BAR", "type", "self", "Self", "super", "crate", "gen", "async",
        "r#type", "_", "__", "_1", "", "$", "+1", "-1", "+", "ünïcode", "名前", "🦀", "a\u{0}b", "Sel", "f",
    ];

    #[test]
    fn adversarial_names_make_valid_idents() {
        for raw in ADVERSARIAL {
            assert_valid(&type_name(raw, "Value"));
            assert_valid(&field_name(raw, "field"));
            assert_valid(&type_name(raw, ""));
            assert_valid(&type_name(raw, "1"));
            assert_valid(&field_name(raw, "self"));
            for suffix in ["", "2", "_2", "Error", "f", "\u{e9}", "-"] {
                assert_valid(&type_name(raw, "Value").with_suffix(suffix));
                assert_valid(&field_name(raw, "field").with_suffix(suffix));
            }
            for prefix in ["", "T", "Thing", "Sel", "1"] {
                if let Some(rest) = type_name(raw, "Value").strip_type_prefix(prefix) {
                    assert_valid(&rest);
                }
            }
        }
    }

    #[test]
    fn every_keyword_makes_a_valid_ident() {
        for keyword in KEYWORDS {
            assert_valid(&field_name(keyword, "field"));
            assert_valid(&type_name(keyword, "Value"));
        }
    }

    #[test]
    fn raw_keywords() {
        assert_eq!(field_name("type", "f").ident().to_string(), "r#type");
        assert_eq!(field_name("gen", "f").ident().to_string(), "r#gen");
        assert_eq!(field_name("self", "f").ident().to_string(), "self_");
        assert_eq!(type_name("Sel", "V").with_suffix("f"), "Self_");
    }

    #[test]
    fn prefixes_strip_only_at_a_word() {
        let name = |raw| type_name(raw, "Value");
        assert_eq!(name("PetCat").strip_type_prefix("Pet"), Some(name("Cat")));
        assert_eq!(name("Thing2").strip_type_prefix("Thing"), None);
        assert_eq!(name("Thingamajig").strip_type_prefix("Thing"), None);
        assert_eq!(name("Thing").strip_type_prefix("Thing"), None);
        assert_eq!(name("Thing").strip_type_prefix(""), None);
        assert_eq!(name("FooSelf").strip_type_prefix("Foo"), Some(name("Self")));
    }

    #[test]
    fn module_names_leave_the_crate_files_alone() {
        for (stem, module) in [("energycap", "energycap"), ("support", "support_api"), ("lib", "lib_api"), ("main", "main_api"), ("mod", "mod_api"), ("", "api")] {
            assert_eq!(module_name(stem), module);
        }
    }

    #[test]
    fn collisions_get_deterministic_suffixes() {
        let mut names = Namespace::with_reserved(&["Unknown"]);
        assert_eq!(names.claim(field_name("fooBar", "f")), "foo_bar");
        assert_eq!(names.claim(field_name("foo_bar", "f")), "foo_bar2");
        assert_eq!(names.claim(field_name("FooBar", "f")), "foo_bar3");
        assert_eq!(names.claim(field_name("v1", "f")), "v1");
        assert_eq!(names.claim(field_name("v1", "f")), "v1_2");
        assert_eq!(names.claim(type_name("Unknown", "V")), "Unknown2");
        let mut types = Namespace::default();
        assert_eq!(types.claim(type_name("Thing", "V")), "Thing");
        assert_eq!(types.claim(type_name("Thing2", "V")), "Thing2");
        assert_eq!(types.claim(type_name("Thing", "V")), "Thing3");
        assert_eq!(types.claim(type_name("Thing_2", "V")), "Thing2_2");
        assert_eq!(types.claim(type_name("名前", "V")), "V");
        assert_eq!(types.claim(type_name("🦀", "V")), "V2");
    }
}
