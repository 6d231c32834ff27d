//! Checks on a parsed document before `openapiv3` sees it: how deep it nests (its deserializer
//! recurses several stack frames per schema, so a deep document would overflow the stack, which no
//! diagnostic can report), and its `$ref`s (which other files to read; values that are not strings).

use serde_json::Value;

use crate::diagnostic::Trail;

/// The deepest a value may sit in a document (tokens of its JSON pointer). The deepest documents of
/// the API directory nest 34 levels; deserialization, lowering and formatting grow their stacks as
/// they need ([`stacker`]), so this bounds pathological input, not real specs.
pub const MAX_DEPTH: usize = 64;

/// The pointer (without `#`) of the first value nested deeper than [`MAX_DEPTH`].
pub fn too_deep(value: &Value) -> Option<String> {
    too_deep_at(value, &Trail::Start(""), 0)
}

/// The pointer of the first value below `at` (at `depth`) deeper than the limit.
fn too_deep_at(value: &Value, at: &Trail, depth: usize) -> Option<String> {
    if depth > MAX_DEPTH {
        return Some(at.pointer());
    }
    match value {
        Value::Object(map) => map.iter().find_map(|(key, child)| too_deep_at(child, &at.key(key), depth + 1)),
        Value::Array(items) => items.iter().enumerate().find_map(|(index, child)| too_deep_at(child, &at.index(index), depth + 1)),
        _ => None,
    }
}

/// The `$ref`s of one document.
#[derive(Debug, Default, PartialEq)]
pub struct References {
    /// `$ref`s naming another file: the file part and the pointer (without `#`) of the `$ref`.
    pub files: Vec<(String, String)>,
    /// Pointers of `$ref`s whose value is neither a string nor an object (an object is a schema: a
    /// property may be named `$ref`).
    pub not_strings: Vec<String>,
}

/// Keywords whose values are data, not spec: a `$ref` key inside them is not a reference.
const DATA_KEYWORDS: &[&str] = &["default", "enum", "example", "value"];

pub fn references(value: &Value) -> References {
    let mut out = References::default();
    collect(value, &Trail::Start(""), false, &mut out);
    out
}

/// `in_properties`: the keys of `value` are property names, so none of them is a data keyword.
fn collect(value: &Value, at: &Trail, in_properties: bool, out: &mut References) {
    match value {
        Value::Object(map) => {
            match map.get("$ref").filter(|_| !in_properties) {
                Some(Value::String(reference)) => {
                    let file = reference.split('#').next().unwrap_or_default();
                    if !file.is_empty() && !file.contains("://") {
                        out.files.push((file.to_owned(), at.key("$ref").pointer()));
                    }
                }
                Some(Value::Object(_)) | None => {}
                Some(_) => out.not_strings.push(at.key("$ref").pointer()),
            }
            for (key, child) in map {
                let is_data = !in_properties && (DATA_KEYWORDS.contains(&key.as_str()) || key.starts_with("x-"));
                if !is_data && super::has_parts(child) {
                    collect(child, &at.key(key), !in_properties && key == "properties", out);
                }
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate().filter(|(_, child)| super::has_parts(child)) {
                collect(child, &at.index(index), false, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_file_references_but_not_in_data() {
        let doc = json!({
            "a": {"$ref": "other.yaml#/A"},
            "b": {"$ref": "#/local"},
            "c": {"example": {"$ref": "data.yaml"}, "x-note": {"$ref": "note.yaml"}},
            "d": {"properties": {"example": {"$ref": "prop.yaml"}, "$ref": {"type": "string"}}},
            "e": [{"$ref": "https://example.com/a.yaml"}],
        });
        let found = references(&doc);
        let files: Vec<(&str, &str)> = found.files.iter().map(|(f, p)| (f.as_str(), p.as_str())).collect();
        assert_eq!(files, [("other.yaml", "/a/$ref"), ("prop.yaml", "/d/properties/example/$ref")]);
        assert!(found.not_strings.is_empty());
    }

    #[test]
    fn reports_references_that_are_not_strings() {
        let doc = json!({"a": {"$ref": 42}, "b": {"$ref": ["x"]}, "c": {"default": {"$ref": 1}}});
        assert_eq!(references(&doc).not_strings, ["/a/$ref", "/b/$ref"]);
    }

    #[test]
    fn depth_limit() {
        let mut value = json!("leaf");
        for _ in 0..MAX_DEPTH {
            value = json!({"a": value});
        }
        assert_eq!(too_deep(&value), None);
        let deeper = json!([value]);
        assert_eq!(too_deep(&deeper).map(|p| p.matches('/').count()), Some(MAX_DEPTH + 1));
    }
}
