/// Checks a value against every rule its schema states; implemented for every generated
/// model, recursively.
pub trait Validate {
    /// All violations, or `Ok` when there are none.
    fn validate(&self) -> ::std::result::Result<(), ValidationErrors> {
        let mut errors = ValidationErrors::default();
        self.validate_at(&Path::ROOT, &mut errors);
        errors.into_result()
    }

    /// Appends the violations of `self`, found at `path`, to `errors`. The default finds
    /// none: generated types with no rule, in themselves or in what they hold, keep it.
    fn validate_at(&self, _path: &Path<'_>, _errors: &mut ValidationErrors) {}
}

impl<T: Validate + ?Sized> Validate for ::std::boxed::Box<T> {
    fn validate_at(&self, path: &Path<'_>, errors: &mut ValidationErrors) {
        (**self).validate_at(path, errors);
    }
}

impl<T: Validate> Validate for ::std::option::Option<T> {
    fn validate_at(&self, path: &Path<'_>, errors: &mut ValidationErrors) {
        if let Some(value) = self {
            value.validate_at(path, errors);
        }
    }
}

impl<T: Validate> Validate for [T] {
    fn validate_at(&self, path: &Path<'_>, errors: &mut ValidationErrors) {
        for (index, item) in self.iter().enumerate() {
            item.validate_at(&path.index(index), errors);
        }
    }
}

impl<T: Validate> Validate for ::std::vec::Vec<T> {
    fn validate_at(&self, path: &Path<'_>, errors: &mut ValidationErrors) {
        self.as_slice().validate_at(path, errors);
    }
}

impl<T: Validate> Validate for ::std::collections::BTreeMap<::std::string::String, T> {
    fn validate_at(&self, path: &Path<'_>, errors: &mut ValidationErrors) {
        for (key, value) in self {
            value.validate_at(&path.key(key), errors);
        }
    }
}

/// Values whose rules are checked where they are used (scalars carry no `enum` of strings;
/// their bounds are on the field): nothing to check in themselves, so that every type a union
/// variant holds can be asked.
macro_rules! nothing_to_check {
    ($($ty:ty),* $(,)?) => {
        $(impl Validate for $ty {})*
    };
}
nothing_to_check!(
    bool, i32, i64, u32, u64, f32, f64, ::std::string::String, ::serde_json::Value,
    ::chrono::NaiveDate, DateTime,
);

/// Where a value sits in a document, as a chain of wire names, indexes and map keys. Lives
/// on the stack; text is made only for a violation.
#[derive(Debug, Clone, Copy)]
pub struct Path<'a> {
    parent: ::std::option::Option<&'a Path<'a>>,
    segment: Segment<'a>,
}

#[derive(Debug, Clone, Copy)]
enum Segment<'a> {
    Root,
    Field(&'static str),
    Index(usize),
    Key(&'a str),
}

impl<'a> Path<'a> {
    /// The document itself.
    pub const ROOT: Path<'static> = Path {
        parent: None,
        segment: Segment::Root,
    };

    /// The property `name` (wire name) of the object here.
    pub fn field(&'a self, name: &'static str) -> Path<'a> {
        Path {
            parent: Some(self),
            segment: Segment::Field(name),
        }
    }

    /// Item `index` of the array here.
    pub fn index(&'a self, index: usize) -> Path<'a> {
        Path {
            parent: Some(self),
            segment: Segment::Index(index),
        }
    }

    /// Entry `key` of the map here.
    pub fn key(&'a self, key: &'a str) -> Path<'a> {
        Path {
            parent: Some(self),
            segment: Segment::Key(key),
        }
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut segments = Vec::new();
        let mut current = Some(self);
        while let Some(path) = current {
            segments.push(path.segment);
            current = path.parent;
        }
        let mut first = true;
        for segment in segments.iter().rev() {
            match segment {
                Segment::Root => {}
                Segment::Field(name) if first => f.write_str(name)?,
                Segment::Field(name) => write!(f, ".{name}")?,
                Segment::Index(index) => write!(f, "[{index}]")?,
                Segment::Key(key) => write!(f, "[{key:?}]")?,
            }
            if !matches!(segment, Segment::Root) {
                first = false;
            }
        }
        Ok(())
    }
}

/// Every violation found in one value.
#[derive(Debug, Clone, Default, PartialEq, ::serde::Serialize)]
pub struct ValidationErrors {
    /// In the order they were found: fields in declaration order, items by index.
    pub violations: ::std::vec::Vec<Violation>,
}

impl ValidationErrors {
    /// `Ok` when nothing was found.
    pub fn into_result(self) -> ::std::result::Result<(), ValidationErrors> {
        if self.violations.is_empty() { Ok(()) } else { Err(self) }
    }

    /// Records one violation.
    pub fn push(
        &mut self,
        path: &Path<'_>,
        rule: Rule,
        limit: ::serde_json::Value,
        actual: ::serde_json::Value,
    ) {
        self.violations
            .push(Violation {
                path: path.to_string(),
                rule,
                limit,
                actual,
            });
    }
}

impl fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, violation) in self.violations.iter().enumerate() {
            if index > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{violation}")?;
        }
        Ok(())
    }
}

impl ::std::error::Error for ValidationErrors {}

/// One broken rule: where (JSON path in wire names), which rule, its limit, and what was
/// found.
#[derive(Debug, Clone, PartialEq, ::serde::Serialize)]
pub struct Violation {
    /// Where, in wire names (`placeGroupInfo`, `filters[1].fieldId`; empty for the value
    /// itself).
    pub path: ::std::string::String,
    /// The rule broken.
    pub rule: Rule,
    /// The rule's limit as the spec writes it (`255` for `maxLength: 255`, the allowed values
    /// of an `enum`, the property names of a group).
    pub limit: ::serde_json::Value,
    /// What was found (a length, a count, the value, the properties present).
    pub actual: ::serde_json::Value,
}

/// The most characters of a limit or a value a violation's message shows (the fields hold
/// them whole).
const SHOWN: usize = 80;

/// At most `chars` characters of `text`, on one line (control characters become spaces), with
/// `…` where it was cut.
fn excerpt(text: &str, chars: usize) -> ::std::string::String {
    let mut excerpt: ::std::string::String = text
        .chars()
        .take(chars)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.chars().nth(chars).is_some() {
        excerpt.push('…');
    }
    excerpt
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() { "(root)" } else { self.path.as_str() };
        let limit = excerpt(&self.limit.to_string(), SHOWN);
        let actual = excerpt(&self.actual.to_string(), SHOWN);
        match self.rule {
            Rule::MinLength => {
                write!(f, "{path}: must have at least {limit} characters, has {actual}")
            }
            Rule::MaxLength => {
                write!(f, "{path}: must have at most {limit} characters, has {actual}")
            }
            Rule::Pattern => {
                write!(f, "{path}: must match the pattern {limit}, is {actual}")
            }
            Rule::Minimum => write!(f, "{path}: must be at least {limit}, is {actual}"),
            Rule::ExclusiveMinimum => {
                write!(f, "{path}: must be greater than {limit}, is {actual}")
            }
            Rule::Maximum => write!(f, "{path}: must be at most {limit}, is {actual}"),
            Rule::ExclusiveMaximum => {
                write!(f, "{path}: must be less than {limit}, is {actual}")
            }
            Rule::MultipleOf => {
                write!(f, "{path}: must be a multiple of {limit}, is {actual}")
            }
            Rule::MinItems => {
                write!(f, "{path}: must have at least {limit} items, has {actual}")
            }
            Rule::MaxItems => {
                write!(f, "{path}: must have at most {limit} items, has {actual}")
            }
            Rule::UniqueItems => {
                write!(
                    f,
                    "{path}: items must be unique, item {actual} repeats an earlier one"
                )
            }
            Rule::MinProperties => {
                write!(f, "{path}: must have at least {limit} properties, has {actual}")
            }
            Rule::MaxProperties => {
                write!(f, "{path}: must have at most {limit} properties, has {actual}")
            }
            Rule::Enum => write!(f, "{path}: must be one of {limit}, is {actual}"),
            Rule::ExactlyOneOf => {
                write!(f, "{path}: exactly one of {limit} must be set, found {actual}")
            }
            Rule::AtMostOneOf => {
                write!(f, "{path}: at most one of {limit} may be set, found {actual}")
            }
            Rule::DependentRequired => {
                write!(f, "{path}: when set, {limit} must be set too; missing {actual}")
            }
            Rule::Required => write!(f, "{path}: must be set in a request"),
            Rule::PathSegment => {
                write!(
                    f, "{path}: must not be empty, `.` or `..` in a path, is {actual}"
                )
            }
            Rule::OneOf | Rule::AnyOf => {
                write!(
                    f, "{path}: must be one of the shapes {limit}, none reads {actual}"
                )
            }
        }
    }
}

/// A JSON Schema keyword (or cross-field rule) that a value broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Rule {
    /// `minLength`: a string or list is too short.
    MinLength,
    /// `maxLength`: a string or list is too long.
    MaxLength,
    /// `pattern`: a string does not match the regular expression.
    Pattern,
    /// `minimum`: a number is below the bound.
    Minimum,
    /// `exclusiveMinimum`: a number is at or below the bound.
    ExclusiveMinimum,
    /// `maximum`: a number is above the bound.
    Maximum,
    /// `exclusiveMaximum`: a number is at or above the bound.
    ExclusiveMaximum,
    /// `multipleOf`: a number is not a multiple of the step.
    MultipleOf,
    /// `minItems`: a list has too few items.
    MinItems,
    /// `maxItems`: a list has too many items.
    MaxItems,
    /// `uniqueItems`: a list holds the same item twice.
    UniqueItems,
    /// `minProperties`: an object has too few properties.
    MinProperties,
    /// `maxProperties`: an object has too many properties.
    MaxProperties,
    /// `enum`: a value is not one of the allowed ones.
    Enum,
    /// Exactly one of a group of properties must be present.
    ExactlyOneOf,
    /// At most one of a group of properties may be present.
    AtMostOneOf,
    /// A property that is present requires others that are absent.
    DependentRequired,
    /// `oneOf`: the value is not exactly one of the documented variants.
    OneOf,
    /// `anyOf`: the value is none of the documented variants.
    AnyOf,
    /// `required` for a `writeOnly` property: a request must carry it.
    Required,
    /// A path parameter that would name another path once sent: empty, `.` or `..` (a URL
    /// resolves those segments away, so `DELETE /files/..` would reach `DELETE /`).
    PathSegment,
}

/// `minLength` / `maxLength`, counted in Unicode code points as JSON Schema defines.
#[doc(hidden)]
pub fn check_length(
    path: &Path<'_>,
    value: &str,
    min: ::std::option::Option<u64>,
    max: ::std::option::Option<u64>,
    errors: &mut ValidationErrors,
) {
    check_count(
        path,
        value.chars().count(),
        (min, Rule::MinLength),
        (max, Rule::MaxLength),
        errors,
    );
}

/// `minItems` / `maxItems`.
#[doc(hidden)]
pub fn check_items(
    path: &Path<'_>,
    length: usize,
    min: ::std::option::Option<u64>,
    max: ::std::option::Option<u64>,
    errors: &mut ValidationErrors,
) {
    check_count(path, length, (min, Rule::MinItems), (max, Rule::MaxItems), errors);
}

/// `minProperties` / `maxProperties`.
#[doc(hidden)]
pub fn check_properties(
    path: &Path<'_>,
    length: usize,
    min: ::std::option::Option<u64>,
    max: ::std::option::Option<u64>,
    errors: &mut ValidationErrors,
) {
    check_count(
        path,
        length,
        (min, Rule::MinProperties),
        (max, Rule::MaxProperties),
        errors,
    );
}

fn check_count(
    path: &Path<'_>,
    count: usize,
    (min, min_rule): (::std::option::Option<u64>, Rule),
    (max, max_rule): (::std::option::Option<u64>, Rule),
    errors: &mut ValidationErrors,
) {
    let count = count as u64;
    if let Some(min) = min.filter(|min| count < *min) {
        errors.push(path, min_rule, min.into(), count.into());
    }
    if let Some(max) = max.filter(|max| count > *max) {
        errors.push(path, max_rule, max.into(), count.into());
    }
}

/// `uniqueItems: true`: reports the first item equal to an earlier one.
#[doc(hidden)]
pub fn check_unique<T: PartialEq>(
    path: &Path<'_>,
    items: &[T],
    errors: &mut ValidationErrors,
) {
    for (index, item) in items.iter().enumerate() {
        if items[..index].contains(item) {
            errors.push(path, Rule::UniqueItems, true.into(), index.into());
            return;
        }
    }
}

/// `minimum` / `exclusiveMinimum`.
#[doc(hidden)]
pub fn check_minimum<T>(
    path: &Path<'_>,
    value: T,
    minimum: T,
    exclusive: bool,
    errors: &mut ValidationErrors,
)
where
    T: PartialOrd + Into<::serde_json::Value>,
{
    if exclusive && value <= minimum {
        errors.push(path, Rule::ExclusiveMinimum, minimum.into(), value.into());
    } else if !exclusive && value < minimum {
        errors.push(path, Rule::Minimum, minimum.into(), value.into());
    }
}

/// `maximum` / `exclusiveMaximum`.
#[doc(hidden)]
pub fn check_maximum<T>(
    path: &Path<'_>,
    value: T,
    maximum: T,
    exclusive: bool,
    errors: &mut ValidationErrors,
)
where
    T: PartialOrd + Into<::serde_json::Value>,
{
    if exclusive && value >= maximum {
        errors.push(path, Rule::ExclusiveMaximum, maximum.into(), value.into());
    } else if !exclusive && value > maximum {
        errors.push(path, Rule::Maximum, maximum.into(), value.into());
    }
}

/// `multipleOf` for integers (`i64`, or `u64` for values above `i64::MAX`).
#[doc(hidden)]
pub fn check_multiple_of_integer<T>(
    path: &Path<'_>,
    value: T,
    factor: T,
    errors: &mut ValidationErrors,
)
where
    T: Copy + PartialEq + Default + ::std::ops::Rem<Output = T>
        + Into<::serde_json::Value>,
{
    if factor != T::default() && value % factor != T::default() {
        errors.push(path, Rule::MultipleOf, factor.into(), value.into());
    }
}

/// `multipleOf` for numbers, with a tolerance for binary floating point (`0.3` is a multiple
/// of `0.1`).
#[doc(hidden)]
pub fn check_multiple_of_number(
    path: &Path<'_>,
    value: f64,
    factor: f64,
    errors: &mut ValidationErrors,
) {
    if factor == 0.0 {
        return;
    }
    let quotient = value / factor;
    if (quotient - quotient.round()).abs() > 1e-9 * quotient.abs().max(1.0) {
        errors.push(path, Rule::MultipleOf, factor.into(), value.into());
    }
}

/// `multipleOf` for an `f32`, at its precision (`0.3f32` is a multiple of `0.1`, though as
/// `f64` it is 0.30000001192…; `9999999f32` is no multiple of 2).
#[doc(hidden)]
pub fn check_multiple_of_f32(
    path: &Path<'_>,
    value: f32,
    factor: f64,
    errors: &mut ValidationErrors,
) {
    if factor == 0.0 {
        return;
    }
    let nearest = (f64::from(value) / factor).round() * factor;
    if nearest as f32 != value {
        errors.push(path, Rule::MultipleOf, factor.into(), value.into());
    }
}

/// `enum` for non-string values.
#[doc(hidden)]
pub fn check_enum<T>(
    path: &Path<'_>,
    value: T,
    allowed: &[T],
    errors: &mut ValidationErrors,
)
where
    T: PartialEq + Copy + Into<::serde_json::Value>,
{
    if !allowed.contains(&value) {
        let allowed: ::std::vec::Vec<::serde_json::Value> = allowed
            .iter()
            .map(|v| (*v).into())
            .collect();
        errors.push(path, Rule::Enum, allowed.into(), value.into());
    }
}

/// A value of a string enum this crate does not know.
#[doc(hidden)]
pub fn report_unknown_enum(
    path: &Path<'_>,
    value: &str,
    allowed: &[&str],
    errors: &mut ValidationErrors,
) {
    errors.push(path, Rule::Enum, allowed.into(), value.into());
}

/// A tagged union's value whose tag (the `property`) is none of `allowed`, or missing.
#[doc(hidden)]
pub fn report_unknown_tag<T: ::serde::Serialize>(
    path: &Path<'_>,
    value: &::serde_json::Value,
    property: &'static str,
    allowed: &[T],
    errors: &mut ValidationErrors,
) {
    let actual = value.get(property).cloned().unwrap_or_default();
    let allowed = ::serde_json::to_value(allowed).unwrap_or_default();
    errors.push(&path.field(property), Rule::Enum, allowed, actual);
}

/// An untagged union's value that none of its `variants` reads exactly.
#[doc(hidden)]
pub fn report_no_variant(
    path: &Path<'_>,
    rule: Rule,
    variants: &[&str],
    value: &::serde_json::Value,
    errors: &mut ValidationErrors,
) {
    errors.push(path, rule, variants.into(), value.clone());
}

/// Exactly one of several groups of properties must be present (a `null` counts as absent).
#[doc(hidden)]
pub fn check_exactly_one_of(
    path: &Path<'_>,
    groups: &[(&str, bool)],
    errors: &mut ValidationErrors,
) {
    let present: ::std::vec::Vec<&str> = groups
        .iter()
        .filter(|(_, set)| *set)
        .map(|(name, _)| *name)
        .collect();
    if present.len() != 1 {
        let names: ::std::vec::Vec<&str> = groups
            .iter()
            .map(|(name, _)| *name)
            .collect();
        errors.push(path, Rule::ExactlyOneOf, names.into(), present.into());
    }
}

/// At most one of several groups of properties may be present.
#[doc(hidden)]
pub fn check_at_most_one_of(
    path: &Path<'_>,
    groups: &[(&str, bool)],
    errors: &mut ValidationErrors,
) {
    let present: ::std::vec::Vec<&str> = groups
        .iter()
        .filter(|(_, set)| *set)
        .map(|(name, _)| *name)
        .collect();
    if present.len() > 1 {
        let names: ::std::vec::Vec<&str> = groups
            .iter()
            .map(|(name, _)| *name)
            .collect();
        errors.push(path, Rule::AtMostOneOf, names.into(), present.into());
    }
}

/// `required` for `writeOnly` properties, which the type holds as `Option`s (responses leave
/// them out): each must be present.
#[doc(hidden)]
pub fn check_required(
    path: &Path<'_>,
    properties: &[(&'static str, bool)],
    errors: &mut ValidationErrors,
) {
    for (property, present) in properties {
        if !present {
            errors
                .push(
                    &path.field(property),
                    Rule::Required,
                    ::serde_json::Value::Null,
                    ::serde_json::Value::Null,
                );
        }
    }
}

/// `dependentRequired`: when `property` is present, every listed property must be too.
#[doc(hidden)]
pub fn check_dependent_required(
    path: &Path<'_>,
    property: &'static str,
    present: bool,
    requires: &[(&str, bool)],
    errors: &mut ValidationErrors,
) {
    if !present {
        return;
    }
    let missing: ::std::vec::Vec<&str> = requires
        .iter()
        .filter(|(_, set)| !*set)
        .map(|(name, _)| *name)
        .collect();
    if !missing.is_empty() {
        let required: ::std::vec::Vec<&str> = requires
            .iter()
            .map(|(name, _)| *name)
            .collect();
        errors
            .push(
                &path.field(property),
                Rule::DependentRequired,
                required.into(),
                missing.into(),
            );
    }
}

/// Refuses a path parameter's `text` that would name another path: see [`Rule::PathSegment`].
#[doc(hidden)]
pub fn check_segment(text: &str, path: &Path<'_>, errors: &mut ValidationErrors) {
    if matches!(text, "" | "." | "..") {
        errors.push(path, Rule::PathSegment, ::serde_json::Value::Null, text.into());
    }
}

/// Reads JSON into `T`; a failure names the JSON path of the offending value
/// (`automaticGroupFilters[2].fieldId: invalid value …`), not only line and column. Anything
/// but whitespace after the value is an error, as in `serde_json::from_str`.
pub fn from_json<T: ::serde::de::DeserializeOwned>(
    json: &str,
) -> ::std::result::Result<T, DeserializeError> {
    from_json_seed(json.as_bytes(), ::std::marker::PhantomData)
}

/// [`from_json`] over bytes, through a seed (a value whose own shape holds lenient integers,
/// which no type's `Deserialize` reads leniently).
#[doc(hidden)]
pub fn from_json_seed<'de, S: ::serde::de::DeserializeSeed<'de>>(
    json: &'de [u8],
    seed: S,
) -> ::std::result::Result<S::Value, DeserializeError> {
    let mut deserializer = ::serde_json::Deserializer::from_slice(json);
    let mut track = ::serde_path_to_error::Track::new();
    seed.deserialize(
            ::serde_path_to_error::Deserializer::new(&mut deserializer, &mut track),
        )
        .and_then(|value| deserializer.end().map(|()| value))
        .map_err(|error| DeserializeError {
            path: track.path().to_string(),
            message: error.to_string(),
        })
}

/// A JSON document that does not read as the expected type.
#[derive(Debug, Clone, PartialEq, Eq, ::serde::Serialize)]
pub struct DeserializeError {
    /// Where, in wire names (`.` for the document itself).
    pub path: ::std::string::String,
    /// What serde reports (`invalid type: string "x", expected i32 at line 1 column 12`).
    pub message: ::std::string::String,
}

impl fmt::Display for DeserializeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl ::std::error::Error for DeserializeError {}
