//! Parsing into a `serde_json::Value` that refuses duplicate keys. Both parsers would keep the
//! last of two equal keys and silently drop the first (two `Pet:` schemas, two `/pets:` paths).
//!
//! Integers outside the 64-bit range (YAML hands them over as 128-bit integers; `minimum:
//! -9223372036854776000` is how some tools print `i64::MIN` through a float) are read as the
//! nearest float, as `serde_json` does with JSON; those whose value that changes are listed, so
//! the loader can warn where precision is lost.

use std::cell::RefCell;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use crate::diagnostic::Trail;

/// A document value whose mappings had no duplicate keys.
pub struct UniqueKeys {
    pub value: Value,
    /// Integers that no `Value` number holds exactly, as written, with the float read instead.
    pub inexact: Vec<Inexact>,
}

/// A number read as the nearest float: an integer past 64 bits, or a number past the float range.
#[derive(Debug, Clone, PartialEq)]
pub struct Inexact {
    /// The integer as written; `inf` or `-inf` for a number past the float range.
    pub written: String,
    pub read: f64,
    pub integer: bool,
}

impl<'de> Deserialize<'de> for UniqueKeys {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let inexact = RefCell::new(Vec::new());
        let value = ValueSeed { inexact: &inexact }.deserialize(deserializer)?;
        Ok(UniqueKeys { value, inexact: inexact.into_inner() })
    }
}

/// Reads one value, recording inexact integers in the list every nested value shares.
#[derive(Clone, Copy)]
struct ValueSeed<'a> {
    inexact: &'a RefCell<Vec<Inexact>>,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl ValueSeed<'_> {
    /// An integer beyond `i64`/`u64` as the nearest float, listed when that is not the same number.
    fn wide_integer(self, written: String, read: f64, exact: bool) -> Value {
        if !exact {
            self.inexact.borrow_mut().push(Inexact { written, read, integer: true });
        }
        Number::from_f64(read).map_or(Value::Null, Value::Number)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_i128<E>(self, value: i128) -> Result<Value, E> {
        if let Ok(value) = i64::try_from(value) {
            return Ok(Value::from(value));
        }
        if let Ok(value) = u64::try_from(value) {
            return Ok(Value::from(value));
        }
        let read = value as f64;
        // Every float of this magnitude is an integer, which i128 holds unless it is ±2¹²⁷.
        let exact = read.abs() < 1.7e38 && read as i128 == value;
        Ok(self.wide_integer(value.to_string(), read, exact))
    }

    fn visit_u128<E>(self, value: u128) -> Result<Value, E> {
        if let Ok(value) = u64::try_from(value) {
            return Ok(Value::from(value));
        }
        let read = value as f64;
        let exact = read < 3.4e38 && read as u128 == value;
        Ok(self.wide_integer(value.to_string(), read, exact))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        if value.is_nan() {
            // `.nan` is YAML only; no JSON number comes near it.
            return Ok(Value::Null);
        }
        // Past the float range (`1e400`, `.inf`): the largest float of that sign.
        let read = value.clamp(f64::MIN, f64::MAX);
        if read != value {
            self.inexact.borrow_mut().push(Inexact { written: value.to_string(), read, integer: false });
        }
        Ok(Number::from_f64(read).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(de::Error::custom(format_args!("duplicate key `{key}`")));
            }
            let value = map.next_value_seed(self)?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

/// The JSON pointers of the numbers in `value` equal to `number` (where an inexact integer was read).
pub fn pointers_to_number(value: &Value, number: f64) -> Vec<String> {
    fn walk(value: &Value, number: f64, at: &Trail, out: &mut Vec<String>) {
        match value {
            Value::Number(n) if n.is_f64() && n.as_f64() == Some(number) => out.push(at.pointer()),
            Value::Array(items) => items.iter().enumerate().for_each(|(index, item)| walk(item, number, &at.index(index), out)),
            Value::Object(map) => map.iter().for_each(|(key, item)| walk(item, number, &at.key(key), out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, number, &Trail::Start(""), &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_values_as_serde_json() {
        let yaml = "a: 1\nb: [true, null, 2.5, -3, x]\n200: {c: ~}\n";
        let parsed: UniqueKeys = serde_yaml_ng::from_str(yaml).unwrap();
        assert_eq!(parsed.value, serde_yaml_ng::from_str::<Value>(yaml).unwrap());
        assert!(parsed.inexact.is_empty());
    }

    #[test]
    fn refuses_duplicate_keys() {
        let error = serde_yaml_ng::from_str::<UniqueKeys>("a: 1\nb:\n  c: 1\n  c: 2\n").err().unwrap();
        assert!(error.to_string().contains("duplicate key `c`"), "{error}");
        assert!(serde_json::from_str::<UniqueKeys>(r#"{"a": 1, "a": 2}"#).is_err());
    }

    #[test]
    fn integers_past_64_bits_read_as_floats() {
        let yaml = "a: -9223372036854776000\nb: 18446744073709551616\nc: [-9223372036854775808, 18446744073709551615]\nd: 123456789012345678901234567890\ne: 1000000000000000000000000000000000000000000\n";
        let parsed: UniqueKeys = serde_yaml_ng::from_str(yaml).unwrap();
        assert_eq!(parsed.value["a"].as_f64(), Some(-9.223372036854776e18));
        assert_eq!(parsed.value["b"].as_f64(), Some(18446744073709551616.0));
        assert_eq!(parsed.value["c"][0].as_i64(), Some(i64::MIN));
        assert_eq!(parsed.value["c"][1].as_u64(), Some(u64::MAX));
        assert_eq!(parsed.value["e"].as_f64(), Some(1e42));
        let written: Vec<&str> = parsed.inexact.iter().map(|n| n.written.as_str()).collect();
        // 2⁶⁴ and 10⁴² (past 128 bits: YAML reads it as a float) are not listed.
        assert_eq!(written, ["-9223372036854776000", "123456789012345678901234567890"]);
        assert_eq!(pointers_to_number(&parsed.value, parsed.inexact[0].read), ["/a"]);
        let json: UniqueKeys = serde_json::from_str(r#"{"a": -9223372036854776000}"#).unwrap();
        assert_eq!(json.value, parsed.value.get("a").map(|a| serde_json::json!({"a": a})).unwrap());
    }
}
