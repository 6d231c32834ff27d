//! Runtime support shared by the generated modules.

use ::std::fmt;

use ::std::str::FromStr;

/// A date-time as the server wrote it: RFC 3339 (`2026-03-30T12:00:00Z`), a local date-time
/// without offset (`2026-03-30T12:00:00`) or a date alone (`2026-03-30`, which EnergyCAP
/// returns in `date-time` fields). Serializes back to exactly the text it was read from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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

impl From<::chrono::DateTime<::chrono::Utc>> for DateTime {
    fn from(value: ::chrono::DateTime<::chrono::Utc>) -> Self {
        DateTime::from(value.fixed_offset())
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

/// Reads an optional nullable field so that `null` stays apart from absence: absent is
/// `None` (through `#[serde(default)]`), `null` is `Some(None)`, a value `Some(Some(_))`.
pub fn nullable<'de, D, T>(
    deserializer: D,
) -> ::std::result::Result<::std::option::Option<::std::option::Option<T>>, D::Error>
where
    D: ::serde::Deserializer<'de>,
    T: ::serde::Deserialize<'de>,
{
    <::std::option::Option<T> as ::serde::Deserialize>::deserialize(deserializer)
        .map(Some)
}

/// Reads an integer that some writers send as a decimal string (`"3962909"`); see the
/// spec extension `x-accepts-string`. Writing always sends a number.
pub fn lenient_integer<'de, D, T>(deserializer: D) -> ::std::result::Result<T, D::Error>
where
    D: ::serde::Deserializer<'de>,
    T: TryFrom<i64> + TryFrom<u64> + FromStr,
{
    deserializer.deserialize_any(LenientInteger(::std::marker::PhantomData))
}

/// [`lenient_integer`] for optional fields: `null` reads as `None`.
pub fn lenient_integer_option<'de, D, T>(
    deserializer: D,
) -> ::std::result::Result<::std::option::Option<T>, D::Error>
where
    D: ::serde::Deserializer<'de>,
    T: TryFrom<i64> + TryFrom<u64> + FromStr,
{
    struct Optional<T>(::std::marker::PhantomData<T>);
    impl<'de, T: TryFrom<i64> + TryFrom<u64> + FromStr> ::serde::de::Visitor<'de>
    for Optional<T> {
        type Value = ::std::option::Option<T>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an integer, a string holding one, or null")
        }

        fn visit_none<E: ::serde::de::Error>(
            self,
        ) -> ::std::result::Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: ::serde::de::Error>(
            self,
        ) -> ::std::result::Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: ::serde::Deserializer<'de>>(
            self,
            deserializer: D,
        ) -> ::std::result::Result<Self::Value, D::Error> {
            lenient_integer(deserializer).map(Some)
        }
    }
    deserializer.deserialize_option(Optional(::std::marker::PhantomData))
}

struct LenientInteger<T>(::std::marker::PhantomData<T>);

impl<'de, T: TryFrom<i64> + TryFrom<u64> + FromStr> ::serde::de::Visitor<'de>
for LenientInteger<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an integer or a string holding one")
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

    fn visit_str<E: ::serde::de::Error>(
        self,
        value: &str,
    ) -> ::std::result::Result<T, E> {
        value
            .trim()
            .parse()
            .map_err(|_| E::custom(format_args!("`{value}` is not an integer in range")))
    }
}
