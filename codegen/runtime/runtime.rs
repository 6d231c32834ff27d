//! Runtime support shared by the generated modules.

use ::std::fmt;

use ::std::str::FromStr;

/// A date-time as the server wrote it: RFC 3339 (`2026-03-30T12:00:00Z`), a local date-time
/// without offset (`2026-03-30T12:00:00`) or a date alone (`2026-03-30`, which EnergyCAP
/// returns in `date-time` fields). Serializes back to exactly the text it was read from, and
/// compares by what it means: `2026-03-30T00:00:00Z` equals `2026-03-30T02:00:00+02:00` (as
/// chrono's date-times do); [`DateTime::as_str`] tells the texts apart.
#[derive(Debug, Clone)]
pub struct DateTime {
    text: ::std::string::String,
    value: DateTimeValue,
}

/// What a [`DateTime`] holds, by how much the server said.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DateTimeValue {
    /// A point in time with its UTC offset.
    Offset(::chrono::DateTime<::chrono::FixedOffset>),
    /// A wall-clock date-time with no offset.
    Local(::chrono::NaiveDateTime),
    /// A calendar date with no time.
    Date(::chrono::NaiveDate),
}

impl DateTime {
    /// The parsed value.
    pub fn value(&self) -> DateTimeValue {
        self.value
    }

    /// The text as read (or as written for values made in Rust).
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl PartialEq for DateTime {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl Eq for DateTime {}

impl ::std::hash::Hash for DateTime {
    fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) {
        self.value.hash(state);
    }
}

impl FromStr for DateTime {
    type Err = DateTimeParseError;

    fn from_str(text: &str) -> ::std::result::Result<Self, Self::Err> {
        let value = if let Ok(value) = ::chrono::DateTime::parse_from_rfc3339(text) {
            DateTimeValue::Offset(value)
        } else if let Ok(value) = text.parse::<::chrono::NaiveDateTime>() {
            DateTimeValue::Local(value)
        } else if let Ok(value) = ::chrono::NaiveDateTime::parse_from_str(
            text,
            "%Y-%m-%d %H:%M:%S%.f",
        ) {
            DateTimeValue::Local(value)
        } else if let Ok(value) = text.parse::<::chrono::NaiveDate>() {
            DateTimeValue::Date(value)
        } else {
            return Err(DateTimeParseError {
                text: text.to_owned(),
            });
        };
        Ok(DateTime {
            text: text.to_owned(),
            value,
        })
    }
}

impl From<::chrono::DateTime<::chrono::FixedOffset>> for DateTime {
    fn from(value: ::chrono::DateTime<::chrono::FixedOffset>) -> Self {
        DateTime {
            text: value.to_rfc3339(),
            value: DateTimeValue::Offset(value),
        }
    }
}

/// Written with `Z`: `2026-03-30T12:00:00Z`.
impl From<::chrono::DateTime<::chrono::Utc>> for DateTime {
    fn from(value: ::chrono::DateTime<::chrono::Utc>) -> Self {
        DateTime {
            text: value.to_rfc3339_opts(::chrono::SecondsFormat::AutoSi, true),
            value: DateTimeValue::Offset(value.fixed_offset()),
        }
    }
}

impl From<::chrono::NaiveDateTime> for DateTime {
    fn from(value: ::chrono::NaiveDateTime) -> Self {
        DateTime {
            text: value.format("%Y-%m-%dT%H:%M:%S%.f").to_string(),
            value: DateTimeValue::Local(value),
        }
    }
}

impl From<::chrono::NaiveDate> for DateTime {
    fn from(value: ::chrono::NaiveDate) -> Self {
        DateTime {
            text: value.format("%Y-%m-%d").to_string(),
            value: DateTimeValue::Date(value),
        }
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl ::serde::Serialize for DateTime {
    fn serialize<S: ::serde::Serializer>(
        &self,
        serializer: S,
    ) -> ::std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> ::serde::Deserialize<'de> for DateTime {
    fn deserialize<D: ::serde::Deserializer<'de>>(
        deserializer: D,
    ) -> ::std::result::Result<Self, D::Error> {
        let text = deserializer.deserialize_str(StrVisitor)?;
        text.parse().map_err(::serde::de::Error::custom)
    }
}

/// A string that is not a date-time in any accepted form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateTimeParseError {
    text: ::std::string::String,
}

impl fmt::Display for DateTimeParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not an RFC 3339 date-time, a local date-time or a date (YYYY-MM-DD)",
            self.text
        )
    }
}

impl ::std::error::Error for DateTimeParseError {}

/// Reads a string, borrowed when the input allows.
#[doc(hidden)]
pub struct StrVisitor;

impl<'de> ::serde::de::Visitor<'de> for StrVisitor {
    type Value = ::std::borrow::Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: ::serde::de::Error>(
        self,
        value: &'de str,
    ) -> ::std::result::Result<Self::Value, E> {
        Ok(::std::borrow::Cow::Borrowed(value))
    }

    fn visit_str<E: ::serde::de::Error>(
        self,
        value: &str,
    ) -> ::std::result::Result<Self::Value, E> {
        Ok(::std::borrow::Cow::Owned(value.to_owned()))
    }

    fn visit_string<E: ::serde::de::Error>(
        self,
        value: ::std::string::String,
    ) -> ::std::result::Result<Self::Value, E> {
        Ok(::std::borrow::Cow::Owned(value))
    }
}

/// Reads a string enum of the models from any string (its `From<&str>` keeps a value it does
/// not know). One generic function rather than a closure in each enum's `deserialize`: the
/// closures cost a large API's crate check a second per 3,000 enums.
#[doc(hidden)]
pub fn read_str_enum<'de, T, D>(deserializer: D) -> ::std::result::Result<T, D::Error>
where
    T: for<'a> From<&'a str>,
    D: ::serde::Deserializer<'de>,
{
    deserializer.deserialize_str(StrVisitor).map(|value| T::from(&value))
}

/// A key of a JSON object, borrowed from the input when it can be.
#[doc(hidden)]
pub struct Key<'de>(::std::borrow::Cow<'de, str>);

impl Key<'_> {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> ::std::string::String {
        self.0.into_owned()
    }
}

impl<'de> ::serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: ::serde::Deserializer<'de>>(
        deserializer: D,
    ) -> ::std::result::Result<Self, D::Error> {
        deserializer.deserialize_str(StrVisitor).map(Key)
    }
}

/// A struct of the models, read from an object's keys: its generated `Deserialize` calls
/// [`read_struct`], which hands the object to `read_fields`. One impl of this trait per struct,
/// rather than a `Visitor` impl per struct on one shared visitor type, keeps the compiler's
/// trait selection from searching every struct's impl at each use.
#[doc(hidden)]
pub trait ReadStruct<'de>: Sized {
    /// The struct's name, for messages (`expected struct Name`).
    const NAME: &'static str;

    /// Reads the struct from the entries of an object.
    fn read_fields<A: ::serde::de::MapAccess<'de>>(
        map: A,
    ) -> ::std::result::Result<Self, A::Error>;
}

/// Reads a struct of the models from an object.
#[doc(hidden)]
pub fn read_struct<'de, T: ReadStruct<'de>, D: ::serde::Deserializer<'de>>(
    deserializer: D,
) -> ::std::result::Result<T, D::Error> {
    deserializer.deserialize_map(StructVisitor(::std::marker::PhantomData))
}

struct StructVisitor<T>(::std::marker::PhantomData<T>);

impl<'de, T: ReadStruct<'de>> ::serde::de::Visitor<'de> for StructVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: ::serde::de::MapAccess<'de>>(
        self,
        map: A,
    ) -> ::std::result::Result<T, A::Error> {
        T::read_fields(map)
    }
}

/// Reads the value of the field `key` names into its slot; a key the object repeats is an error, as
/// with serde's derive. The generated `read_fields` match a key to its field with these and
/// apply one `?` to the match: a `?` per field made a large API's crate check twice as slow.
#[doc(hidden)]
pub fn fill<'de, A, T>(
    map: &mut A,
    slot: &mut ::std::option::Option<T>,
    key: &Key<'de>,
) -> ::std::result::Result<(), A::Error>
where
    A: ::serde::de::MapAccess<'de>,
    T: ::serde::Deserialize<'de>,
{
    fill_seed(map, slot, key, ::std::marker::PhantomData)
}

/// [`fill`] with the value read by `seed`.
#[doc(hidden)]
pub fn fill_seed<'de, A, S>(
    map: &mut A,
    slot: &mut ::std::option::Option<S::Value>,
    key: &Key<'de>,
    seed: S,
) -> ::std::result::Result<(), A::Error>
where
    A: ::serde::de::MapAccess<'de>,
    S: ::serde::de::DeserializeSeed<'de>,
{
    if slot.is_some() {
        return Err(
            ::serde::de::Error::custom(
                format_args!("duplicate field `{}`", key.as_str()),
            ),
        );
    }
    *slot = Some(map.next_value_seed(seed)?);
    Ok(())
}

/// Keeps the value of a key no field takes, under `additionalProperties`.
#[doc(hidden)]
pub fn fill_additional<'de, A, V>(
    map: &mut A,
    additional: &mut ::std::collections::BTreeMap<::std::string::String, V>,
    key: Key<'de>,
) -> ::std::result::Result<(), A::Error>
where
    A: ::serde::de::MapAccess<'de>,
    V: ::serde::Deserialize<'de>,
{
    fill_additional_seed(map, additional, key, ::std::marker::PhantomData)
}

/// [`fill_additional`] through a seed (lenient integers among the values).
#[doc(hidden)]
pub fn fill_additional_seed<'de, A, S>(
    map: &mut A,
    additional: &mut ::std::collections::BTreeMap<::std::string::String, S::Value>,
    key: Key<'de>,
    seed: S,
) -> ::std::result::Result<(), A::Error>
where
    A: ::serde::de::MapAccess<'de>,
    S: ::serde::de::DeserializeSeed<'de>,
{
    additional.insert(key.into_string(), map.next_value_seed(seed)?);
    Ok(())
}

/// The error for a required field the object left out.
#[doc(hidden)]
pub fn missing<E: ::serde::de::Error>(name: &'static str) -> E {
    E::missing_field(name)
}

/// Writes a struct of the models as an object, field by field, as serde's derive would: its
/// generated `Serialize` is a list of calls. The first error is kept and the fields after it are
/// passed over, so the calls need no `?` each (with one per field, a large API's crate checked
/// five times slower).
#[doc(hidden)]
pub struct ObjectWriter<S: ::serde::Serializer> {
    object: S::SerializeStruct,
    error: ::std::option::Option<S::Error>,
}

impl<S: ::serde::Serializer> ObjectWriter<S> {
    /// A struct that writes `len` fields.
    pub fn new(
        serializer: S,
        name: &'static str,
        len: usize,
    ) -> ::std::result::Result<Self, S::Error> {
        Ok(ObjectWriter {
            object: serializer.serialize_struct(name, len)?,
            error: None,
        })
    }

    /// Writes a field.
    pub fn field<T: ::serde::Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) {
        use ::serde::ser::SerializeStruct;
        unless_failed(&mut self.error, || self.object.serialize_field(key, value));
    }

    /// Writes an optional field (as the `Option` it is, as serde's derive does), or leaves it out
    /// when it is `None`.
    pub fn optional<T: ::serde::Serialize>(
        &mut self,
        key: &'static str,
        value: &::std::option::Option<T>,
    ) {
        use ::serde::ser::SerializeStruct;
        if value.is_some() {
            self.field(key, value);
        } else {
            unless_failed(&mut self.error, || self.object.skip_field(key));
        }
    }

    /// Ends the object, or returns the first error.
    pub fn end(self) -> ::std::result::Result<S::Ok, S::Error> {
        use ::serde::ser::SerializeStruct;
        match self.error {
            Some(error) => Err(error),
            None => self.object.end(),
        }
    }
}

/// [`ObjectWriter`] for a struct with `additionalProperties`: a map of the fields and then the
/// other properties, as serde writes a `flatten`ed field, but with its number of entries (the
/// derive gave none, which formats that need it refused).
#[doc(hidden)]
pub struct MapWriter<S: ::serde::Serializer> {
    map: S::SerializeMap,
    error: ::std::option::Option<S::Error>,
}

impl<S: ::serde::Serializer> MapWriter<S> {
    /// A map of `len` entries.
    pub fn new(serializer: S, len: usize) -> ::std::result::Result<Self, S::Error> {
        Ok(MapWriter {
            map: serializer.serialize_map(Some(len))?,
            error: None,
        })
    }

    /// Writes a field.
    pub fn field<T: ::serde::Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        use ::serde::ser::SerializeMap;
        unless_failed(&mut self.error, || self.map.serialize_entry(key, value));
    }

    /// Writes an optional field, or leaves it out when it is `None`.
    pub fn optional<T: ::serde::Serialize>(
        &mut self,
        key: &str,
        value: &::std::option::Option<T>,
    ) {
        if value.is_some() {
            self.field(key, value);
        }
    }

    /// Writes the properties beyond the fields.
    pub fn additional<V: ::serde::Serialize>(
        &mut self,
        entries: &::std::collections::BTreeMap<::std::string::String, V>,
    ) {
        for (key, value) in entries {
            self.field(key, value);
        }
    }

    /// Ends the map, or returns the first error.
    pub fn end(self) -> ::std::result::Result<S::Ok, S::Error> {
        use ::serde::ser::SerializeMap;
        match self.error {
            Some(error) => Err(error),
            None => self.map.end(),
        }
    }
}

/// Runs `write` unless an earlier write failed, and keeps its error.
fn unless_failed<E>(
    error: &mut ::std::option::Option<E>,
    write: impl FnOnce() -> ::std::result::Result<(), E>,
) {
    if error.is_none() {
        if let Err(failed) = write() {
            *error = Some(failed);
        }
    }
}

/// How many of the optional fields are present.
#[doc(hidden)]
pub fn count_present(present: &[bool]) -> usize {
    present.iter().filter(|present| **present).count()
}

/// Reads past the value of a key no field takes.
#[doc(hidden)]
pub fn skip_value<'de, A: ::serde::de::MapAccess<'de>>(
    map: &mut A,
) -> ::std::result::Result<(), A::Error> {
    map.next_value::<::serde::de::IgnoredAny>().map(|_| ())
}

/// Reads an integer written another way than as an integer: as a decimal string (`"3962909"`,
/// the spec extension `x-accepts-string`), or, in an OpenAPI 3.1 document, as a number whose
/// fraction is zero (`3.0`, an integer in JSON Schema 2020-12). Writing always sends an integer.
#[doc(hidden)]
#[derive(Clone, Copy)]
pub struct LenientInteger<T> {
    strings: bool,
    whole_numbers: bool,
    integer: ::std::marker::PhantomData<T>,
}

impl<T> LenientInteger<T> {
    /// Also a decimal string (`x-accepts-string`).
    pub const fn or_string() -> Self {
        LenientInteger {
            strings: true,
            whole_numbers: false,
            integer: ::std::marker::PhantomData,
        }
    }

    /// Also a number whose fraction is zero (`3.0`), as OpenAPI 3.1 reads an integer.
    pub const fn whole() -> Self {
        LenientInteger {
            strings: false,
            whole_numbers: true,
            integer: ::std::marker::PhantomData,
        }
    }

    /// Both: `x-accepts-string` in an OpenAPI 3.1 document.
    pub const fn whole_or_string() -> Self {
        LenientInteger {
            strings: true,
            whole_numbers: true,
            integer: ::std::marker::PhantomData,
        }
    }
}

impl<'de, T: TryFrom<i64> + TryFrom<u64> + FromStr> ::serde::de::DeserializeSeed<'de>
for LenientInteger<T> {
    type Value = T;

    fn deserialize<D: ::serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> ::std::result::Result<T, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, T: TryFrom<i64> + TryFrom<u64> + FromStr> ::serde::de::Visitor<'de>
for LenientInteger<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            if self.strings {
                "an integer or a string holding one"
            } else {
                "an integer"
            },
        )
    }

    fn visit_i64<E: ::serde::de::Error>(
        self,
        value: i64,
    ) -> ::std::result::Result<T, E> {
        T::try_from(value)
            .map_err(|_| E::custom(format_args!("integer {value} is out of range")))
    }

    fn visit_u64<E: ::serde::de::Error>(
        self,
        value: u64,
    ) -> ::std::result::Result<T, E> {
        T::try_from(value)
            .map_err(|_| E::custom(format_args!("integer {value} is out of range")))
    }

    fn visit_f64<E: ::serde::de::Error>(
        self,
        value: f64,
    ) -> ::std::result::Result<T, E> {
        /// Within ±2^63 (i64), or from 2^63 below 2^64 (u64), an f64 without a fraction converts
        /// exactly.
        const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;
        if !self.whole_numbers || value.fract() != 0.0 {
            return Err(E::invalid_type(::serde::de::Unexpected::Float(value), &self));
        }
        if (-TWO_POW_63..TWO_POW_63).contains(&value) {
            return self.visit_i64(value as i64);
        }
        if (TWO_POW_63..2.0 * TWO_POW_63).contains(&value) {
            return self.visit_u64(value as u64);
        }
        Err(E::custom(format_args!("integer {value} is out of range")))
    }

    fn visit_str<E: ::serde::de::Error>(
        self,
        value: &str,
    ) -> ::std::result::Result<T, E> {
        if !self.strings {
            return Err(E::invalid_type(::serde::de::Unexpected::Str(value), &self));
        }
        value
            .trim()
            .parse()
            .map_err(|_| E::custom(format_args!("`{value}` is not an integer in range")))
    }
}

/// Reads `null` as `None`, anything else through the seed it holds.
#[doc(hidden)]
#[derive(Clone, Copy)]
pub struct Nullable<S>(pub S);

impl<'de, S: ::serde::de::DeserializeSeed<'de>> ::serde::de::DeserializeSeed<'de>
for Nullable<S> {
    type Value = ::std::option::Option<S::Value>;

    fn deserialize<D: ::serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> ::std::result::Result<Self::Value, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de, S: ::serde::de::DeserializeSeed<'de>> ::serde::de::Visitor<'de>
for Nullable<S> {
    type Value = ::std::option::Option<S::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or null")
    }

    fn visit_none<E: ::serde::de::Error>(self) -> ::std::result::Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_unit<E: ::serde::de::Error>(self) -> ::std::result::Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: ::serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> ::std::result::Result<Self::Value, D::Error> {
        self.0.deserialize(deserializer).map(Some)
    }
}

/// Reads an array, each item through a copy of the seed it holds.
#[doc(hidden)]
#[derive(Clone, Copy)]
pub struct SeqOf<S>(pub S);

impl<'de, S: ::serde::de::DeserializeSeed<'de> + Copy> ::serde::de::DeserializeSeed<'de>
for SeqOf<S> {
    type Value = ::std::vec::Vec<S::Value>;

    fn deserialize<D: ::serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> ::std::result::Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de, S: ::serde::de::DeserializeSeed<'de> + Copy> ::serde::de::Visitor<'de>
for SeqOf<S> {
    type Value = ::std::vec::Vec<S::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: ::serde::de::SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> ::std::result::Result<Self::Value, A::Error> {
        let mut items = ::std::vec::Vec::with_capacity(
            seq.size_hint().unwrap_or(0).min(4096),
        );
        while let Some(item) = seq.next_element_seed(self.0)? {
            items.push(item);
        }
        Ok(items)
    }
}

/// Reads an object as a map from its keys, each value through a copy of the seed it holds.
#[doc(hidden)]
#[derive(Clone, Copy)]
pub struct MapOf<S>(pub S);

impl<'de, S: ::serde::de::DeserializeSeed<'de> + Copy> ::serde::de::DeserializeSeed<'de>
for MapOf<S> {
    type Value = ::std::collections::BTreeMap<::std::string::String, S::Value>;

    fn deserialize<D: ::serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> ::std::result::Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de, S: ::serde::de::DeserializeSeed<'de> + Copy> ::serde::de::Visitor<'de>
for MapOf<S> {
    type Value = ::std::collections::BTreeMap<::std::string::String, S::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map")
    }

    fn visit_map<A: ::serde::de::MapAccess<'de>>(
        self,
        mut map: A,
    ) -> ::std::result::Result<Self::Value, A::Error> {
        let mut values = ::std::collections::BTreeMap::new();
        while let Some(key) = map.next_key::<::std::string::String>()? {
            let value = map.next_value_seed(self.0)?;
            values.insert(key, value);
        }
        Ok(values)
    }
}

/// An integer tag as an OpenAPI 3.1 document reads one: a number whose fraction is zero
/// (`1.0`) too.
#[doc(hidden)]
pub fn whole_i64(value: &::serde_json::Value) -> ::std::option::Option<i64> {
    ::serde::de::DeserializeSeed::deserialize(LenientInteger::whole(), value).ok()
}

/// Reads the variant of a tagged union from the whole object, its tag included.
#[doc(hidden)]
pub fn read_variant<T: ::serde::de::DeserializeOwned, E: ::serde::de::Error>(
    value: ::serde_json::Value,
) -> ::std::result::Result<T, E> {
    T::deserialize(value).map_err(E::custom)
}

/// Writes the variant of a tagged union with its tag: the variant decides the tag, whatever its
/// type holds in that property (or whether it has one).
#[doc(hidden)]
pub fn write_tagged<S: ::serde::Serializer, T: ::serde::Serialize>(
    serializer: S,
    property: &str,
    tag: impl Into<::serde_json::Value>,
    variant: &T,
) -> ::std::result::Result<S::Ok, S::Error> {
    let mut value = ::serde_json::to_value(variant)
        .map_err(::serde::ser::Error::custom)?;
    if let ::serde_json::Value::Object(object) = &mut value {
        object.insert(property.to_owned(), tag.into());
    }
    ::serde::Serialize::serialize(&value, serializer)
}

/// `value` as `T` if `T` reads it, holds no value outside an `enum`, and writes it back as the
/// same JSON: how an untagged union tells a variant that fits from one that would misread,
/// drop or change part of the value. `strict`
/// also keeps apart an integer and a float of the same value (`1`, `1.0`), so a union tries
/// every variant strictly first, and an integer reads into an integer variant before a number
/// variant that would write it back as `1.0`.
#[doc(hidden)]
pub fn read_exactly<T>(
    value: &::serde_json::Value,
    strict: bool,
) -> ::std::option::Option<T>
where
    T: ::serde::de::DeserializeOwned + ::serde::Serialize + Validate,
{
    read_exactly_seed(value, strict, ::std::marker::PhantomData)
}

/// [`read_exactly`] through a seed (a variant whose own shape holds lenient integers).
#[doc(hidden)]
pub fn read_exactly_seed<'v, S>(
    value: &'v ::serde_json::Value,
    strict: bool,
    seed: S,
) -> ::std::option::Option<S::Value>
where
    S: ::serde::de::DeserializeSeed<'v>,
    S::Value: ::serde::Serialize + Validate,
{
    let read = seed.deserialize(value).ok()?;
    let written = ::serde_json::to_value(&read).ok()?;
    if !same_json(&written, value, strict) {
        return None;
    }
    fits(read)
}

/// `value` as the object type `T` when `T` reads it and writes back a part of it: each
/// property `T` knows as sent, properties it does not know left out (as any struct leaves
/// them), at least one known property sent with a value (not `null`). How an untagged union
/// still tells a variant when the server added a property: when no variant keeps the whole
/// value, the one variant that explains it this way (see [`only_one`]); `strict` as in
/// [`read_exactly`].
#[doc(hidden)]
pub fn read_within<T>(
    value: &::serde_json::Value,
    strict: bool,
) -> ::std::option::Option<T>
where
    T: ::serde::de::DeserializeOwned + ::serde::Serialize + Validate,
{
    let sent = value.as_object()?;
    let read = T::deserialize(value).ok()?;
    let written = ::serde_json::to_value(&read).ok()?;
    let explains = written
        .as_object()
        .is_some_and(|object| {
            object
                .iter()
                .any(|(key, part)| {
                    !part.is_null() && sent.get(key).is_some_and(|sent| !sent.is_null())
                })
        });
    if !explains || !within_json(&written, value, strict) {
        return None;
    }
    fits(read)
}

/// The one candidate that is there; `None` when none is, or several are.
#[doc(hidden)]
pub fn only_one<T>(
    candidates: impl IntoIterator<Item = ::std::option::Option<T>>,
) -> ::std::option::Option<T> {
    let mut found = candidates.into_iter().flatten();
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

/// `read` unless its own rules say it is another variant's value: a value outside an `enum`,
/// or a nested union that kept the value as its catch-all.
fn fits<T: Validate>(read: T) -> ::std::option::Option<T> {
    let mut errors = ValidationErrors::default();
    read.validate_at(&Path::ROOT, &mut errors);
    let misfit = errors
        .violations
        .iter()
        .any(|v| matches!(v.rule, Rule::Enum | Rule::OneOf | Rule::AnyOf));
    (!misfit).then_some(read)
}

/// Whether `written` is `value` less properties `value` has and `written` does not, at any
/// depth ([`same_json`] otherwise).
fn within_json(
    written: &::serde_json::Value,
    value: &::serde_json::Value,
    strict: bool,
) -> bool {
    use ::serde_json::Value;
    match (written, value) {
        (Value::Object(written), Value::Object(value)) => {
            written
                .iter()
                .all(|(key, part)| match value.get(key) {
                    Some(sent) => within_json(part, sent, strict),
                    None => part.is_null(),
                })
        }
        (Value::Array(written), Value::Array(value)) => {
            written.len() == value.len()
                && written
                    .iter()
                    .zip(value)
                    .all(|(part, sent)| within_json(part, sent, strict))
        }
        _ => same_json(written, value, strict),
    }
}

/// JSON equality as a reader sees it: a `null` property the same as an absent one, a float by
/// `f32` precision (an `f32` field writes `0.1` back as `0.10000000149011612`), and unless
/// `strict`, an integer the same as a float of its value, or as the decimal string a lenient
/// reader took it from (`x-accepts-string`: no other reader turns a string into a number; not
/// when `strict`, so a variant that keeps the string as it is wins over one that converts it).
#[doc(hidden)]
pub fn same_json(
    a: &::serde_json::Value,
    b: &::serde_json::Value,
    strict: bool,
) -> bool {
    use ::serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let floats = x.is_f64() && y.is_f64();
            x == y
                || ((floats || !strict)
                    && match (x.as_f64(), y.as_f64()) {
                        (Some(x), Some(y)) => {
                            x == y || (x as f32 == y as f32 && x.is_finite())
                        }
                        _ => false,
                    })
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y, strict))
        }
        (Value::Object(x), Value::Object(y)) => {
            let present = |
                object: &::serde_json::Map<::std::string::String, Value>,
                other: &::serde_json::Map<::std::string::String, Value>|
            {
                object
                    .iter()
                    .all(|(key, value)| match other.get(key) {
                        Some(other) => same_json(value, other, strict),
                        None => value.is_null(),
                    })
            };
            present(x, y) && present(y, x)
        }
        (Value::Number(number), Value::String(text))
        | (Value::String(text), Value::Number(number)) if !strict => {
            let text = text.trim();
            match (number.as_i64(), number.as_u64()) {
                (Some(number), _) => text.parse() == Ok(number),
                (None, Some(number)) => text.parse() == Ok(number),
                (None, None) => false,
            }
        }
        _ => a == b,
    }
}

/// A code the vendor documents for its messages: the number sent, whether it reports an error or
/// a warning, and the message the documentation gives for it. The constants of a module's `codes`
/// are of this type; helpers that look for a code take it or the bare number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DocumentedCode {
    /// The number as sent.
    pub code: i64,
    /// Error or warning, as documented.
    pub kind: CodeKind,
    /// The documented message.
    pub message: &'static str,
}

/// Whether a documented code reports an error or a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CodeKind {
    /// The request failed.
    Error,
    /// The request succeeded, with something to look at.
    Warning,
}

impl From<DocumentedCode> for i64 {
    fn from(code: DocumentedCode) -> i64 {
        code.code
    }
}

impl fmt::Display for DocumentedCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.code, self.message)
    }
}
