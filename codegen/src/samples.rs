//! JSON values synthesized from the IR: for each variant of a union, a value that variant must
//! read (its tag set, its required fields, or every field), so tests and `cargo xtask corpus` can
//! check that generated unions read each value into the variant it was made for and write it
//! back unchanged.

use serde_json::{json, Map, Value};

use crate::ident::Name;
use crate::ir::{Api, Constraints, Primitive, Shape, TypeKind, TypeRef, UnionDef, UnionKind};

/// How deep values nest before arrays and maps are left empty and optional fields out (recursive
/// types would nest forever).
const MAX_DEPTH: usize = 4;

/// How deep a union's samples may nest at all: only required fields go past [`MAX_DEPTH`], and a
/// required field that leads back to its own type has no finite value.
const MAX_SAMPLE_DEPTH: usize = 64;

/// One synthesized value of a union variant.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub variant: Name,
    /// Whether the value must read into `variant` (tagged unions); an untagged union may read it
    /// into an earlier variant that keeps it whole.
    pub selects: bool,
    pub value: Value,
}

/// Two values per variant of `union` (required fields only, and every field), then, for a tagged
/// union, the first of them with an undocumented tag, which must read into the catch-all.
pub fn union_samples(api: &Api, union: &UnionDef) -> Vec<Sample> {
    let mut samples = Vec::new();
    for (index, variant) in union.variants.iter().enumerate() {
        for all_fields in [false, true] {
            let sampler = Sampler { api, all_fields, max_depth: MAX_SAMPLE_DEPTH };
            let Some(value) = sampler.variant(union, index, 0) else { continue };
            samples.push(Sample { variant: variant.name.clone(), selects: union.tag().is_some(), value });
        }
    }
    if let (UnionKind::Tagged { tag, other }, Some(first)) = (&union.kind, samples.first()) {
        let mut value = first.value.clone();
        if let Some(object) = value.as_object_mut() {
            object.insert(tag.property.clone(), json!("undocumented-tag"));
        }
        samples.push(Sample { variant: other.clone(), selects: true, value });
    }
    samples
}

/// A string that meets `constraints`' lengths and pattern: the first of a few common shapes of
/// text that does; `None` when none does (or the pattern does not compile).
pub fn text_value(constraints: &Constraints) -> Option<String> {
    type Key = (Option<String>, Option<u64>, Option<u64>);
    thread_local! {
        /// Compiling a pattern costs far more than matching it, and specs repeat theirs.
        static FOUND: std::cell::RefCell<std::collections::HashMap<Key, Option<String>>> = Default::default();
    }
    let key = (constraints.pattern.clone(), constraints.min_length, constraints.max_length);
    if let Some(found) = FOUND.with_borrow(|found| found.get(&key).cloned()) {
        return found;
    }
    let found = first_text(constraints);
    FOUND.with_borrow_mut(|cache| cache.insert(key, found.clone()));
    found
}

fn first_text(constraints: &Constraints) -> Option<String> {
    let (min, max) = (constraints.min_length.unwrap_or(0), constraints.max_length.unwrap_or(u64::MAX));
    let pattern = match &constraints.pattern {
        Some(pattern) => Some(regex::Regex::new(pattern).ok()?),
        None => None,
    };
    let padded = "x".repeat(min.clamp(1, 64) as usize);
    let candidates = [
        "example", &padded, "1", "12345", "a", "A", "abc", "ABC", "abc123", "example-1", "2026-01-02", "user@example.com",
        "00000000-0000-0000-0000-000000000000",
    ];
    let found = candidates
        .into_iter()
        .filter(|text| (min..=max).contains(&(text.chars().count() as u64)))
        .find(|text| pattern.as_ref().is_none_or(|pattern| pattern.is_match(text)))
        .map(str::to_owned);
    found
}

/// How deep the required fields of a value made for a call may nest.
const MAX_REQUIRED_DEPTH: usize = 8;

/// A value of `shape` with its required fields (for a call the spec gives no example for);
/// `None` when they nest deeper than [`MAX_REQUIRED_DEPTH`] (a required field that recurses has
/// no finite value).
pub fn required_value(api: &Api, shape: &Shape) -> Option<Value> {
    Sampler { api, all_fields: false, max_depth: MAX_REQUIRED_DEPTH }.shape(shape, 0)
}

/// Makes values of an API's shapes: required fields only or every field, and no value at all
/// past `max_depth` levels.
struct Sampler<'a> {
    api: &'a Api,
    all_fields: bool,
    max_depth: usize,
}

impl Sampler<'_> {
    /// A value of variant `index`, with its tag set in a tagged union.
    fn variant(&self, union: &UnionDef, index: usize, depth: usize) -> Option<Value> {
        let variant = &union.variants[index];
        let mut value = self.shape(&variant.shape, depth)?;
        if let (Some(tag), Some(tag_value), Some(object)) = (union.tag(), &variant.tag, value.as_object_mut()) {
            object.insert(tag.property.clone(), tag_value.to_json());
        }
        Some(value)
    }

    /// A value of `shape` that meets its constraints: an allowed value, the minimum, the minimum
    /// length.
    fn shape(&self, shape: &Shape, depth: usize) -> Option<Value> {
        if depth > self.max_depth {
            return None;
        }
        if let Some(allowed) = shape.constraints.allowed.first() {
            return Some(allowed.clone());
        }
        let minimum = shape.constraints.minimum.map(|bound| bound.value + if bound.exclusive { 1.0 } else { 0.0 });
        Some(match &shape.ty {
            TypeRef::Named { id, .. } => return self.named(&self.api.type_def(*id).kind, depth),
            TypeRef::Primitive(primitive) => match primitive {
                Primitive::Bool => json!(true),
                Primitive::F32 | Primitive::F64 => json!(minimum.unwrap_or(0.0).ceil() + 1.5),
                Primitive::String => text_value(&shape.constraints).map_or_else(|| json!("x"), Value::String),
                Primitive::DateTime => json!("2026-01-02T03:04:05Z"),
                Primitive::Date => json!("2026-01-02"),
                Primitive::U32 | Primitive::U64 | Primitive::U32OrString | Primitive::U64OrString => json!(minimum.map_or(1, |m| m.max(0.0) as u64)),
                _ => json!(minimum.map_or(1, |m| m as i64)),
            },
            TypeRef::Array(items) if depth < MAX_DEPTH => {
                let count = shape.constraints.min_items.unwrap_or(1).clamp(1, 4);
                // Distinct items only matter for `uniqueItems`, which reading does not check.
                Value::Array(vec![self.shape(items, depth + 1)?; count as usize])
            }
            TypeRef::Map(values) if depth < MAX_DEPTH => json!({"key": self.shape(values, depth + 1)?}),
            TypeRef::Array(_) => json!([]),
            TypeRef::Map(_) => json!({}),
            TypeRef::Any => json!({"any": [1, "two"]}),
        })
    }

    fn named(&self, kind: &TypeKind, depth: usize) -> Option<Value> {
        Some(match kind {
            TypeKind::Struct(def) => {
                let mut object = Map::new();
                for field in &def.fields {
                    if field.required || (self.all_fields && depth < MAX_DEPTH) {
                        object.insert(field.wire_name.clone(), self.shape(&field.shape, depth + 1)?);
                    }
                }
                Value::Object(object)
            }
            TypeKind::StringEnum(def) => json!(def.variants.first().map_or("x", |v| v.value.as_str())),
            TypeKind::Union(def) if def.variants.is_empty() => json!({}),
            TypeKind::Union(def) => return self.variant(def, 0, depth + 1),
            TypeKind::Alias(shape) | TypeKind::Newtype(shape) => return self.shape(shape, depth),
        })
    }
}

/// A crate generated from one spec, as [`round_trip_program`] names it.
pub struct SampledCrate<'a> {
    /// Its library name (`vendor_apis`).
    pub library: &'a Name,
    pub module: &'a crate::ApiModule,
}

/// The `main.rs` of a program that reads every [`union_samples`] value of every union of
/// `crates` with the generated types, and fails (exit code 1, one line per value) unless each
/// reads into its variant and writes back as the same JSON. `None` when there is no union.
pub fn round_trip_program(crates: &[SampledCrate]) -> Result<Option<String>, crate::EmitError> {
    let mut checks = Vec::new();
    for krate in crates {
        let (library, module, api) = (krate.library, &krate.module.module, &krate.module.api);
        for def in &api.types {
            let TypeKind::Union(union) = &def.kind else { continue };
            let ty = &def.name;
            let label = format!("{library}::{module}::{ty}");
            for sample in union_samples(api, union) {
                let (json, variant, selects) = (sample.value.to_string(), sample.variant.as_str(), sample.selects);
                checks.push(quote::quote!(check::<#library::#module::#ty>(#label, #json, #variant, #selects, &mut failures);));
            }
        }
    }
    if checks.is_empty() {
        return Ok(None);
    }
    let count = checks.len();
    let tokens = quote::quote! {
        //! Reads each synthesized value of each union with the generated types and writes it back.

        fn check<T: serde::de::DeserializeOwned + serde::Serialize + std::fmt::Debug>(
            union: &str,
            json: &str,
            variant: &str,
            selects: bool,
            failures: &mut Vec<String>,
        ) {
            let value: serde_json::Value = serde_json::from_str(json).expect("samples are JSON");
            let problem = match serde_json::from_value::<T>(value.clone()) {
                Err(error) => format!("does not read: {error}"),
                Ok(read) => match serde_json::to_value(&read) {
                    Err(error) => format!("does not write: {error}"),
                    Ok(written) if written != value => format!("writes back {written}"),
                    Ok(_) if selects && !format!("{read:?}").starts_with(&format!("{variant}(")) => format!("reads as {read:?}, not {variant}"),
                    Ok(_) => return,
                },
            };
            failures.push(format!("{union}: {json} {problem}"));
        }

        fn main() {
            let mut failures = Vec::new();
            #(#checks)*
            if !failures.is_empty() {
                eprintln!("{}", failures.join("\n"));
                std::process::exit(1);
            }
            println!("{} union values read into their variants and written back unchanged", #count);
        }
    };
    crate::emit::format_source("src/main.rs", crate::emit::HEADER, tokens).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn constraints(min: Option<u64>, max: Option<u64>, pattern: Option<&str>) -> Constraints {
        Constraints { min_length: min, max_length: max, pattern: pattern.map(str::to_owned), ..Constraints::default() }
    }

    #[test]
    fn text_values_meet_lengths_and_patterns() {
        assert_eq!(text_value(&constraints(None, None, None)).as_deref(), Some("example"));
        assert_eq!(text_value(&constraints(None, None, Some("^[0-9]+$"))).as_deref(), Some("1"));
        assert_eq!(text_value(&constraints(Some(10), None, None)).as_deref(), Some("xxxxxxxxxx"));
        assert_eq!(text_value(&constraints(None, Some(2), None)).as_deref(), Some("x"));
        assert_eq!(text_value(&constraints(None, None, Some("^[A-Z]{3}$"))).as_deref(), Some("ABC"));
        // Nothing common fits, or the pattern does not compile: no value rather than a wrong one.
        assert_eq!(text_value(&constraints(None, None, Some("^zz-[0-9]{9}$"))), None);
        assert_eq!(text_value(&constraints(None, None, Some("("))), None);
    }
}

#[cfg(test)]
mod cycles {
    /// A union variant whose required field leads back to itself has no finite value: its
    /// samples are left out, where they would recurse until the stack overflows.
    #[test]
    fn a_required_cycle_has_no_sample() {
        let spec = "openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Node:
      type: object
      required: [next]
      properties:
        next: {$ref: '#/components/schemas/Node'}
    Leaf:
      type: object
      required: [value]
      properties:
        value: {type: string}
    Either:
      oneOf:
        - $ref: '#/components/schemas/Node'
        - $ref: '#/components/schemas/Leaf'
";
        let module = crate::lower_text("cycle.yaml", spec).unwrap();
        let api = &module.api;
        let union = api.types.iter().find_map(|def| match &def.kind {
            crate::ir::TypeKind::Union(union) => Some(union),
            _ => None,
        });
        let samples = super::union_samples(api, union.unwrap());
        assert!(samples.iter().all(|sample| sample.variant.as_str() != "Node"), "{samples:?}");
        assert!(samples.iter().any(|sample| sample.variant.as_str() == "Leaf"), "{samples:?}");
    }
}
