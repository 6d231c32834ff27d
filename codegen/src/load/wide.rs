//! Integer keywords `openapiv3` cannot hold. It reads `minimum`, `maximum`, `multipleOf` and `enum`
//! of a `type: integer` schema as `i64`, so a bound of `u64::MAX` on a `uint64`, or one past the
//! 64-bit range read as a float, would make the whole document unreadable. Such keywords move to
//! `x-wide-{keyword}` before deserialization, and lowering reads them from there as numbers.

use serde_json::{Map, Value};

/// The keywords moved, and the extension each moves to.
pub const MOVED: &[(&str, &str)] =
    &[("minimum", "x-wide-minimum"), ("maximum", "x-wide-maximum"), ("multipleOf", "x-wide-multipleOf"), ("enum", "x-wide-enum")];

/// Moves the integer keywords no `i64` holds, in every `type: integer` schema of `value`.
pub fn move_wide_integer_keywords(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.get("type").and_then(Value::as_str) == Some("integer") {
                move_keywords(map);
            }
            map.values_mut().for_each(move_wide_integer_keywords);
        }
        Value::Array(items) => items.iter_mut().for_each(move_wide_integer_keywords),
        _ => {}
    }
}

fn move_keywords(schema: &mut Map<String, Value>) {
    for (keyword, extension) in MOVED {
        let wide = match schema.get(*keyword) {
            Some(Value::Array(values)) => values.iter().any(|v| !v.is_null() && v.is_number() && !v.is_i64()),
            Some(number @ Value::Number(_)) => !number.is_i64(),
            _ => false,
        };
        if wide {
            if let Some(moved) = schema.remove(*keyword) {
                schema.insert((*extension).to_owned(), moved);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn moves_only_what_i64_cannot_hold() {
        let mut value = json!({"a": {"type": "integer", "minimum": -9.3e18, "maximum": 5, "enum": [1, 18446744073709551615u64]},
            "b": {"type": "number", "maximum": 1e30}, "c": [{"type": "integer", "maximum": 18446744073709551615u64}]});
        super::move_wide_integer_keywords(&mut value);
        assert_eq!(value, json!({"a": {"type": "integer", "x-wide-minimum": -9.3e18, "maximum": 5, "x-wide-enum": [1, 18446744073709551615u64]},
            "b": {"type": "number", "maximum": 1e30}, "c": [{"type": "integer", "x-wide-maximum": 18446744073709551615u64}]}));
    }
}
