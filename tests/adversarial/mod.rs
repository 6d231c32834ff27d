//! Documents built to break the generator, and what its answer to them must satisfy. A
//! [`Document`] is a small OpenAPI document (3.0 or 3.1) whose schema, property, parameter,
//! operation, tag, enum and security scheme names come from adversarial sets ([`NAMES`], and
//! families like `Thing`, `Thing2`, `ThingVariant1` made of a stem and a suffix), and whose numeric
//! keywords come from [`NUMBERS`]: at and past the limits of `i64`, `u64` and `f64`. It is rendered
//! as JSON or as YAML text with the numbers spliced in literally (a `serde_json::Value` cannot
//! hold most of them). The property tests (`robustness.rs`) and the structured fuzz target
//! (`fuzz/fuzz_targets/structured.rs`) build documents their own way and share the rest:
//! [`render`] makes the text, [`check`] judges what the generator makes of it.

mod check;
mod render;

pub use check::{check_crate, check_files, check_module};
pub use render::{has_union_of_longer_name, Rendered};

/// A name that is hard to turn into identifiers: digits only, names the generator makes itself
/// or the generated code uses, names apart only in case or punctuation, keywords, signs, non-ASCII,
/// empty, very long.
#[rustfmt::skip]
pub const NAMES: &[&str] = &[
    // Digits, signs, punctuation.
    "1", "2", "007", "0", "+1", "-1", "1.5", "", "$", "_", "__", "-", "#", "~", "$ref", "a/b", "a~1b", "a b", "%20",
    // A name, a prefix of it plus digits, and the suffixes the generator appends.
    "Thing", "Thing2", "Thing_2", "Thing1", "ThingVariant1", "ThingItem", "ThingValue", "ThingUnknown", "thing",
    "THING", "ThingError", "ThingResponse", "ThingRequest", "Thing2Item",
    // Names the generator or the generated code makes or uses.
    "Unknown", "Value", "Variant1", "Variant0", "Variant", "Other", "Empty", "Field", "Param", "Media", "Item",
    "Request", "Response", "Client", "Auth", "Server", "Error", "Option", "String", "Vec", "Box", "Result", "Some",
    "None", "Ok", "Err", "Into", "Send", "Sync", "Default", "Clone", "Debug", "Serialize", "Deserialize",
    "Validate", "Violation", "Path", "DateTime", "Secret", "Transport", "Operation", "ResponseValue", "SERVERS",
    "REQUIRED_HEADERS", "SECURITY", "support", "serde", "std", "core", "new", "send", "into", "clone", "fmt", "with_auth",
    "validate", "value", "unknown", "other",
    // Apart only in case or punctuation.
    "foo_bar", "fooBar", "FooBar", "foo-bar", "foo.bar", "FOO_BAR", "foo__bar", "_foo_bar", "foo bar", "Foo-Bar",
    // Keywords, raw or not.
    "type", "self", "Self", "super", "crate", "gen", "async", "await", "r#type", "fn", "match", "mod", "dyn", "try",
    "abstract", "union", "static", "where", "ref", "move", "box", "yield", "true", "false", "null", "in",
    // Non-ASCII.
    "ünïcode", "名前", "名前2", "🦀", "Ωmega", "ß", "İstanbul", "ǅemal", "ﬁle", "e\u{301}", "zero\u{200b}width",
    // Very long.
    LONG_NAME,
];

/// A name past every length anyone types.
pub const LONG_NAME: &str = concat!(
    "ThingWithAVeryLongNameThatKeepsGoing", "ThingWithAVeryLongNameThatKeepsGoing", "ThingWithAVeryLongNameThatKeepsGoing",
    "ThingWithAVeryLongNameThatKeepsGoing", "ThingWithAVeryLongNameThatKeepsGoing", "ThingWithAVeryLongNameThatKeepsGoing",
    "ThingWithAVeryLongNameThatKeepsGoing", "2",
);

/// Stems of name families: a document picks two, and many of its names are a stem plus a suffix.
pub const STEMS: &[&str] = &["Thing", "thing", "Value", "Unknown", "Variant", "Option", "Error", "type", "foo_bar", "1", "名前", ""];

/// What follows a stem: digits, and the words the generator appends to names it derives.
pub const SUFFIXES: &[&str] = &[
    "", "", "2", "_2", "1", "Variant1", "Variant2", "Item", "Value", "Unknown", "Error", "Response", "Request", "Field", "Param", "s", "-2", ".2",
    "Other", "_",
];

/// Number literals valid in JSON and YAML: at and past the limits of `i32`, `i64`, `u64` and `f64`.
pub const NUMBERS: &[&str] = &[
    "0", "1", "-1", "7", "2.5", "0.1", "-0", "1E+2", "2147483647", "2147483648", "-2147483649", "4294967296", "9223372036854775807",
    "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "-9223372036854776000", "9223372036854776000", "18446744073709551615",
    "18446744073709551616", "-18446744073709551616", "123456789012345678901234567890123456789012345678901234567890", "1e308",
    "1.7976931348623157e308", "-1.7976931348623157e308", "4.9e-324", "1e-400", "0.000000000000000000000000000001", "1e400", "-1e400",
];

/// Number literals only YAML has (rendered as strings in JSON).
pub const YAML_NUMBERS: &[&str] = &[".inf", "-.inf", ".nan", "0x7FFFFFFFFFFFFFFF", "0x10000000000000000", "0o777", "+12", "+9223372036854775808"];

/// Doc comment text that breaks naive emitters.
pub const DOCS: &[&str] = &["*/", "/* unclosed", "```\nfn main() { panic!() }\n```", "\"#", "\\", "#[doc = \"x\"]", "one\n\ntwo", "\t", "💥"];

/// Response status keys: ranges, `default`, and a few no server sends.
pub const STATUSES: &[&str] = &["200", "201", "204", "default", "2XX", "4XX", "404", "500", "299", "1XX", "599"];

/// Media types of bodies and responses.
pub const MEDIA_TYPES: &[&str] =
    &["application/json", "application/problem+json", "text/plain", "application/x-www-form-urlencoded", "application/octet-stream", "*/*"];

/// The first segment of an operation's path.
pub const SEGMENTS: &[&str] = &["items", "Thing", "1", "type", "名前", "foo-bar", "foo.bar", "a b", "%7B"];

/// Spec file stems, which name the module.
pub const FILE_STEMS: &[&str] = &["spec", "spec", "spec", "spec", "type", "self", "1", "名前", "support", "lib", "client", "gen", "foo-bar"];

pub const METHODS: &[&str] = &["get", "put", "post", "delete", "patch", "head", "options", "trace"];

/// A name: one of [`NAMES`], or a stem of the document's plus a suffix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Name {
    Listed(&'static str),
    /// `second` picks the document's second stem.
    Family {
        second: bool,
        suffix: &'static str,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    V30,
    V31,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Json,
    Yaml,
}

#[derive(Debug, Clone)]
pub struct Document {
    pub version: Version,
    pub syntax: Syntax,
    pub file_stem: &'static str,
    pub stems: [&'static str; 2],
    pub schemas: Vec<(Name, Schema)>,
    pub security: Vec<(Name, Security)>,
    pub operations: Vec<Operation>,
}

/// A component schema. `usize`s are indexes into the document's schemas, taken modulo their number.
#[derive(Debug, Clone)]
pub enum Schema {
    Object(Object),
    StringEnum {
        values: Vec<Name>,
        nullable: bool,
    },
    NumberEnum {
        integer: bool,
        values: Vec<&'static str>,
    },
    Union {
        one_of: bool,
        branches: Vec<Branch>,
        discriminator: Option<Discriminator>,
    },
    AllOf(Vec<Branch>),
    Array {
        items: Property,
        min: Option<&'static str>,
        max: Option<&'static str>,
    },
    Map(Property),
    Scalar(Scalar),
    /// A `$ref` to another schema, with a description.
    Alias(usize, &'static str),
}

#[derive(Debug, Clone)]
pub struct Object {
    pub properties: Vec<(Name, Property, bool)>,
    pub additional: Option<Property>,
    pub description: Option<&'static str>,
}

#[derive(Debug, Clone)]
pub enum Branch {
    Ref(usize),
    Scalar(Scalar),
    Object(Object),
}

/// A discriminator; with `tag_branches`, every object a branch refers to gets the tag property
/// as a required one-value enum (`const` in 3.1).
#[derive(Debug, Clone)]
pub struct Discriminator {
    pub property: Name,
    pub mapping: Vec<(Name, usize)>,
    pub tag_branches: bool,
}

/// The schema of a property, parameter, body or response.
#[derive(Debug, Clone)]
pub enum Property {
    Ref(usize),
    Scalar(Scalar),
    Enum(Vec<Name>),
    /// A one-value enum in 3.0, `const` in 3.1.
    Tag(Name),
    Array(Box<Property>),
    Map(Box<Property>),
    Object(Vec<(Name, Property)>),
}

#[derive(Debug, Clone)]
pub struct Scalar {
    pub kind: ScalarKind,
    pub format: Option<&'static str>,
    pub bounds: Vec<(Bound, &'static str)>,
    pub nullable: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarKind {
    Integer,
    Number,
    String,
    Boolean,
}

impl ScalarKind {
    pub const ALL: [ScalarKind; 4] = [ScalarKind::Integer, ScalarKind::Number, ScalarKind::String, ScalarKind::Boolean];
}

/// Formats of any kind: a wrong one for the kind is allowed.
pub const FORMATS: &[&str] = &["int32", "int64", "uint64", "float", "double", "date-time", "date", "uuid", "byte", "binary", "decimal"];

/// A numeric keyword; which one depends on the kind (`Lower` is `minimum` or `minLength`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    Lower,
    Upper,
    ExclusiveLower,
    ExclusiveUpper,
    MultipleOf,
    Default,
    Example,
}

impl Bound {
    pub const ALL: [Bound; 7] =
        [Bound::Lower, Bound::Upper, Bound::ExclusiveLower, Bound::ExclusiveUpper, Bound::MultipleOf, Bound::Default, Bound::Example];
}

#[derive(Debug, Clone)]
pub enum Security {
    ApiKey { location: &'static str, name: Name },
    Bearer,
    Basic,
}

#[derive(Debug, Clone)]
pub struct Operation {
    pub segment: &'static str,
    pub method: &'static str,
    pub id: Option<Name>,
    pub summary: Option<&'static str>,
    pub tags: Vec<Name>,
    pub parameters: Vec<Parameter>,
    pub body: Option<(&'static str, Property)>,
    pub responses: Vec<(&'static str, Option<(&'static str, Property)>)>,
}

#[derive(Debug, Clone)]
pub struct Parameter {
    pub name: Name,
    /// `path`, `query`, `header` or `cookie`.
    pub location: &'static str,
    pub schema: Property,
    pub required: bool,
}
