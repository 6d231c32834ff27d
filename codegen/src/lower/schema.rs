//! Schemas → shapes and named types. Every `openapiv3` schema variant is first read into one flat
//! view ([`Facts`]), so each JSON Schema keyword is interpreted in exactly one place whatever
//! variant `openapiv3` chose for it.

use std::rc::Rc;

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaData, SchemaKind, Type, VariantOrUnknownOrEmpty};
use serde_json::Value;

use super::{At, Lowerer};
use crate::diagnostic::push_pointer;
use crate::ident;
use crate::ir::{
    Additional, Bound, Constraints, Docs, EnumVariant, Field, ObjectRule, Primitive, Shape, StringEnumDef, StructDef,
    TypeKind, TypeRef, UnionDef, UnionVariant,
};

type Properties = IndexMap<String, ReferenceOr<Box<Schema>>>;

/// One schema's keywords, whatever `SchemaKind` variant `openapiv3` put them in.
#[derive(Default)]
struct Facts<'s> {
    typ: Option<&'s str>,
    format: Option<&'s str>,
    pattern: Option<&'s str>,
    min_length: Option<usize>,
    max_length: Option<usize>,
    enumeration: Vec<Value>,
    multiple_of: Option<f64>,
    minimum: Option<Bound>,
    maximum: Option<Bound>,
    properties: Option<&'s Properties>,
    required: &'s [String],
    additional: Option<&'s AdditionalProperties>,
    min_properties: Option<usize>,
    max_properties: Option<usize>,
    items: Option<&'s ReferenceOr<Box<Schema>>>,
    min_items: Option<usize>,
    max_items: Option<usize>,
    unique_items: bool,
    one_of: &'s [ReferenceOr<Schema>],
    all_of: &'s [ReferenceOr<Schema>],
    any_of: &'s [ReferenceOr<Schema>],
    not: Option<&'s ReferenceOr<Schema>>,
}

fn format_str<T: std::fmt::Debug>(format: &VariantOrUnknownOrEmpty<T>) -> Option<String> {
    match format {
        VariantOrUnknownOrEmpty::Item(item) => Some(format!("{item:?}")),
        VariantOrUnknownOrEmpty::Unknown(text) => Some(text.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

fn bound(value: Option<f64>, exclusive: bool) -> Option<Bound> {
    value.map(|value| Bound { value, exclusive })
}

/// `openapiv3` spells known formats as enum variants; this maps them back to the wire spelling.
fn normalize_format(format: Option<String>) -> Option<&'static str> {
    let format = format?;
    let known = [
        ("DateTime", "date-time"), ("date-time", "date-time"), ("Date", "date"), ("date", "date"),
        ("Password", "password"), ("Byte", "byte"), ("byte", "byte"), ("Binary", "binary"), ("binary", "binary"),
        ("Float", "float"), ("float", "float"), ("Double", "double"), ("double", "double"),
        ("Int32", "int32"), ("int32", "int32"), ("Int64", "int64"), ("int64", "int64"),
        ("uint32", "uint32"), ("uint64", "uint64"),
    ];
    known.iter().find(|(name, _)| *name == format).map(|(_, wire)| *wire)
}

impl<'s> Facts<'s> {
    fn of(kind: &'s SchemaKind) -> Facts<'s> {
        match kind {
            SchemaKind::Type(Type::String(t)) => Facts {
                typ: Some("string"),
                format: normalize_format(format_str(&t.format)),
                pattern: t.pattern.as_deref(),
                min_length: t.min_length,
                max_length: t.max_length,
                enumeration: t.enumeration.iter().map(|v| v.clone().map_or(Value::Null, Value::String)).collect(),
                ..Facts::default()
            },
            SchemaKind::Type(Type::Number(t)) => Facts {
                typ: Some("number"),
                format: normalize_format(format_str(&t.format)),
                multiple_of: t.multiple_of,
                minimum: bound(t.minimum, t.exclusive_minimum),
                maximum: bound(t.maximum, t.exclusive_maximum),
                enumeration: t.enumeration.iter().map(|v| v.map_or(Value::Null, Value::from)).collect(),
                ..Facts::default()
            },
            SchemaKind::Type(Type::Integer(t)) => Facts {
                typ: Some("integer"),
                format: normalize_format(format_str(&t.format)),
                multiple_of: t.multiple_of.map(|m| m as f64),
                minimum: bound(t.minimum.map(|m| m as f64), t.exclusive_minimum),
                maximum: bound(t.maximum.map(|m| m as f64), t.exclusive_maximum),
                enumeration: t.enumeration.iter().map(|v| v.map_or(Value::Null, Value::from)).collect(),
                ..Facts::default()
            },
            SchemaKind::Type(Type::Boolean(t)) => Facts {
                typ: Some("boolean"),
                enumeration: t.enumeration.iter().map(|v| v.map_or(Value::Null, Value::Bool)).collect(),
                ..Facts::default()
            },
            SchemaKind::Type(Type::Object(t)) => Facts {
                typ: Some("object"),
                properties: (!t.properties.is_empty()).then_some(&t.properties),
                required: &t.required,
                additional: t.additional_properties.as_ref(),
                min_properties: t.min_properties,
                max_properties: t.max_properties,
                ..Facts::default()
            },
            SchemaKind::Type(Type::Array(t)) => Facts {
                typ: Some("array"),
                items: t.items.as_ref(),
                min_items: t.min_items,
                max_items: t.max_items,
                unique_items: t.unique_items,
                ..Facts::default()
            },
            SchemaKind::OneOf { one_of } => Facts { one_of, ..Facts::default() },
            SchemaKind::AllOf { all_of } => Facts { all_of, ..Facts::default() },
            SchemaKind::AnyOf { any_of } => Facts { any_of, ..Facts::default() },
            SchemaKind::Not { not } => Facts { not: Some(not), ..Facts::default() },
            SchemaKind::Any(a) => Facts {
                typ: a.typ.as_deref(),
                format: normalize_format(a.format.clone()),
                pattern: a.pattern.as_deref(),
                min_length: a.min_length,
                max_length: a.max_length,
                enumeration: a.enumeration.clone(),
                multiple_of: a.multiple_of,
                minimum: bound(a.minimum, a.exclusive_minimum.unwrap_or(false)),
                maximum: bound(a.maximum, a.exclusive_maximum.unwrap_or(false)),
                properties: (!a.properties.is_empty()).then_some(&a.properties),
                required: &a.required,
                additional: a.additional_properties.as_ref(),
                min_properties: a.min_properties,
                max_properties: a.max_properties,
                items: a.items.as_ref(),
                min_items: a.min_items,
                max_items: a.max_items,
                unique_items: a.unique_items.unwrap_or(false),
                one_of: &a.one_of,
                all_of: &a.all_of,
                any_of: &a.any_of,
                not: a.not.as_deref(),
            },
        }
    }

    fn is_object_like(&self) -> bool {
        self.typ == Some("object") || (self.typ.is_none() && (self.properties.is_some() || self.additional.is_some()))
    }

    /// Only `required` (and annotations): a branch of "exactly one of these properties".
    fn is_required_only(&self) -> bool {
        !self.required.is_empty()
            && self.typ.is_none()
            && self.properties.is_none()
            && self.additional.is_none()
            && self.one_of.is_empty()
            && self.all_of.is_empty()
            && self.any_of.is_empty()
            && self.not.is_none()
    }
}

/// A lowered schema: either a shape usable in place, or a type that needs a name.
pub(super) enum Lowered {
    Shape(Shape),
    Def(TypeKind),
    /// No sound Rust type: any JSON value, documented with the reason.
    Fallback(&'static str),
}

pub(super) fn docs_of(data: &SchemaData) -> Docs {
    Docs {
        title: data.title.clone(),
        description: data.description.clone(),
        deprecated: data.deprecated,
        default: data.default.clone(),
        example: data.example.clone(),
        notes: Vec::new(),
    }
}

impl Lowerer<'_> {
    /// Lowers a schema at a use site; inline schemas that need a name get one from `at.hint`.
    pub(super) fn lower_use<S: std::borrow::Borrow<Schema>>(&mut self, schema: &ReferenceOr<S>, at: &At) -> Shape {
        match schema {
            ReferenceOr::Reference { reference } => match self.named(reference, at) {
                Some(id) => Shape::new(TypeRef::Named { id, boxed: false }),
                None => Shape::new(TypeRef::Any),
            },
            ReferenceOr::Item(schema) => {
                let schema: &Schema = schema.borrow();
                let nullable = schema.schema_data.nullable;
                match self.lower_schema(schema, at) {
                    Lowered::Shape(shape) => Shape { nullable: shape.nullable || nullable, ..shape },
                    Lowered::Def(kind) => {
                        let id = self.new_type(&at.hint, at, docs_of(&schema.schema_data), kind);
                        Shape { ty: TypeRef::Named { id, boxed: false }, nullable, constraints: Constraints::default() }
                    }
                    Lowered::Fallback(reason) => {
                        let mut docs = docs_of(&schema.schema_data);
                        docs.notes.push(fallback_note(reason));
                        let id = self.new_type(&at.hint, at, docs, TypeKind::Alias(Shape::new(TypeRef::Any)));
                        Shape { ty: TypeRef::Named { id, boxed: false }, nullable, constraints: Constraints::default() }
                    }
                }
            }
        }
    }

    pub(super) fn lower_schema(&mut self, schema: &Schema, at: &At) -> Lowered {
        let facts = Facts::of(&schema.schema_kind);
        let data = &schema.schema_data;
        if !facts.all_of.is_empty() {
            return self.lower_all_of(&facts, at);
        }
        let branches = if facts.one_of.is_empty() { facts.any_of } else { facts.one_of };
        if !branches.is_empty() {
            let exclusive = !facts.one_of.is_empty();
            if facts.is_object_like() && exclusive {
                if let Some(groups) = self.required_groups(branches) {
                    let mut def = self.lower_struct(&facts, at);
                    def.rules.push(ObjectRule::ExactlyOneOf(groups));
                    return Lowered::Def(TypeKind::Struct(def));
                }
            }
            return self.lower_union(branches, exclusive, data, at);
        }
        let mut constraints = constraints_of(&facts);
        let ty = match facts.typ {
            Some("string") if facts.enumeration.iter().any(Value::is_string) => {
                return self.lower_string_enum(&facts, at);
            }
            Some("string") => TypeRef::Primitive(match facts.format {
                Some("date-time") => Primitive::DateTime,
                Some("date") => Primitive::Date,
                _ => Primitive::String,
            }),
            Some("integer") => {
                let accepts_string = data.extensions.get("x-accepts-string") == Some(&Value::Bool(true));
                TypeRef::Primitive(match (facts.format, accepts_string) {
                    (Some("int32"), false) => Primitive::I32,
                    (Some("int32"), true) => Primitive::I32OrString,
                    (Some("uint32"), _) => Primitive::U32,
                    (Some("uint64"), _) => Primitive::U64,
                    (_, true) => Primitive::I64OrString,
                    _ => Primitive::I64,
                })
            }
            Some("number") => {
                TypeRef::Primitive(if facts.format == Some("float") { Primitive::F32 } else { Primitive::F64 })
            }
            Some("boolean") => TypeRef::Primitive(Primitive::Bool),
            Some("array") => {
                let items = match facts.items {
                    Some(items) => self.lower_use(items, &at.child("items", "Item")),
                    None => Shape::new(TypeRef::Any),
                };
                TypeRef::Array(Box::new(items))
            }
            _ if facts.properties.is_some() => {
                return Lowered::Def(TypeKind::Struct(self.lower_struct(&facts, at)));
            }
            _ if facts.is_object_like() => TypeRef::Map(Box::new(self.additional_shape(&facts, at))),
            _ => TypeRef::Any,
        };
        if !matches!(facts.typ, Some("string")) || !facts.enumeration.iter().any(Value::is_string) {
            constraints.allowed = facts.enumeration.into_iter().filter(|v| !v.is_null()).collect();
        }
        Lowered::Shape(Shape { ty, nullable: data.nullable, constraints })
    }

    /// The value shape of `additionalProperties` (absent or `true`: any value).
    fn additional_shape(&mut self, facts: &Facts, at: &At) -> Shape {
        match facts.additional {
            Some(AdditionalProperties::Schema(schema)) => {
                self.lower_use(schema.as_ref(), &at.child("additionalProperties", "Value"))
            }
            _ => Shape::new(TypeRef::Any),
        }
    }

    fn lower_struct(&mut self, facts: &Facts, at: &At) -> StructDef {
        let mut names = ident::Namespace::default();
        let mut fields = Vec::new();
        let empty = Properties::new();
        let properties = facts.properties.unwrap_or(&empty);
        for (wire_name, schema) in properties {
            let name = names.claim(ident::field_name(wire_name, "field"));
            let property_at = at
                .child("properties", "")
                .child(wire_name, &ident::type_name(wire_name, "Field"));
            let shape = self.lower_use(schema, &property_at);
            let (docs, read_only, write_only) = match schema {
                ReferenceOr::Item(schema) => {
                    let data = &schema.schema_data;
                    (docs_of(data), data.read_only, data.write_only)
                }
                ReferenceOr::Reference { .. } => (Docs::default(), false, false),
            };
            fields.push(Field {
                name,
                wire_name: wire_name.clone(),
                shape,
                required: facts.required.contains(wire_name),
                read_only,
                write_only,
                docs,
            });
        }
        for (index, required) in facts.required.iter().enumerate() {
            if !properties.contains_key(required) {
                let pointer = push_pointer(&push_pointer(&at.pointer, "required"), &index.to_string());
                self.error(
                    self.spec
                        .diagnostic(at.doc, &pointer, format!("required property `{required}` is not defined in `properties`"))
                        .with_help(format!("add `{required}` under `properties`, or remove it from `required`")),
                );
            }
        }
        let additional = match facts.additional {
            Some(AdditionalProperties::Schema(_)) | Some(AdditionalProperties::Any(true)) => Some(Additional {
                name: names.claim("additional_properties".to_owned()),
                shape: self.additional_shape(facts, at),
            }),
            _ => None,
        };
        let mut rules = Vec::new();
        if let Some(ReferenceOr::Item(not)) = facts.not {
            let not = Facts::of(&not.schema_kind);
            if not.is_required_only() && not.required.len() > 1 {
                rules.push(ObjectRule::AtMostOneOf(not.required.iter().map(|r| vec![r.clone()]).collect()));
            }
        }
        StructDef { fields, additional, rules }
    }

    /// The `required` lists of `oneOf` branches that say nothing but `required`.
    fn required_groups(&self, branches: &[ReferenceOr<Schema>]) -> Option<Vec<Vec<String>>> {
        branches
            .iter()
            .map(|branch| match branch {
                ReferenceOr::Item(schema) => {
                    let facts = Facts::of(&schema.schema_kind);
                    facts.is_required_only().then(|| facts.required.to_vec())
                }
                ReferenceOr::Reference { .. } => None,
            })
            .collect()
    }

    fn lower_string_enum(&mut self, facts: &Facts, at: &At) -> Lowered {
        let mut names = ident::Namespace::default();
        let mut variants: Vec<EnumVariant> = Vec::new();
        for value in facts.enumeration.iter().filter_map(Value::as_str) {
            if variants.iter().any(|v| v.value == value) {
                continue;
            }
            let fallback = if value.is_empty() { "Empty" } else { "Value" };
            let name = names.claim(ident::type_name(value, fallback));
            variants.push(EnumVariant { name, value: value.to_owned() });
        }
        let unknown_variant = names.claim("Unknown".to_owned());
        if facts.enumeration.iter().any(|v| !v.is_string() && !v.is_null()) {
            let pointer = push_pointer(&at.pointer, "enum");
            self.error(
                self.spec
                    .diagnostic(at.doc, &pointer, "a string enum lists a value that is not a string")
                    .with_help("quote the value, or change the schema's `type`"),
            );
        }
        Lowered::Def(TypeKind::StringEnum(StringEnumDef { variants, unknown_variant }))
    }

    fn lower_union(&mut self, branches: &[ReferenceOr<Schema>], exclusive: bool, data: &SchemaData, at: &At) -> Lowered {
        let keyword = if exclusive { "oneOf" } else { "anyOf" };
        if let [only] = branches {
            let shape = self.lower_use(only, &at.child(keyword, "").child("0", ""));
            return Lowered::Shape(Shape { nullable: shape.nullable || data.nullable, ..shape });
        }
        let mut names = ident::Namespace::default();
        let mut variants = Vec::new();
        for (index, branch) in branches.iter().enumerate() {
            let hint = format!("{}Variant{}", at.hint, index + 1);
            let shape = self.lower_use(branch, &at.child(keyword, "").child(&index.to_string(), "").with_hint(hint));
            let base = match &shape.ty {
                TypeRef::Named { id, .. } => self.type_name(*id),
                TypeRef::Primitive(p) => format!("{p:?}"),
                TypeRef::Array(_) => "Array".to_owned(),
                TypeRef::Map(_) => "Map".to_owned(),
                TypeRef::Any => "Value".to_owned(),
            };
            let base = if base.starts_with(&at.hint) && base.len() > at.hint.len() && !at.hint.is_empty() {
                base[at.hint.len()..].to_owned()
            } else {
                base
            };
            variants.push(UnionVariant { name: names.claim(base), shape });
        }
        let discriminator = data.discriminator.as_ref().map(|d| d.property_name.clone());
        Lowered::Def(TypeKind::Union(UnionDef { variants, exclusive, discriminator }))
    }

    fn lower_all_of(&mut self, facts: &Facts, at: &At) -> Lowered {
        if let ([only], None) = (facts.all_of, facts.properties) {
            return Lowered::Shape(self.lower_use(only, &at.child("allOf", "").child("0", "")));
        }
        // Merge object parts into one struct: their properties and required lists, in order.
        let mut properties = Properties::new();
        let mut required: Vec<String> = facts.required.to_vec();
        let mut parts: Vec<Rc<Schema>> = Vec::new();
        if !self.collect_all_of(facts.all_of, at, &mut parts, 0) {
            return Lowered::Fallback("`allOf` combines parts that are not all objects");
        }
        for part in &parts {
            let part_facts = Facts::of(&part.schema_kind);
            if let Some(props) = part_facts.properties {
                for (name, schema) in props {
                    properties.entry(name.clone()).or_insert_with(|| schema.clone());
                }
            }
            required.extend(part_facts.required.iter().cloned());
        }
        if let Some(own) = facts.properties {
            for (name, schema) in own {
                properties.insert(name.clone(), schema.clone());
            }
        }
        required.dedup();
        let merged = Facts {
            typ: Some("object"),
            properties: Some(&properties),
            required: &required,
            additional: facts.additional,
            ..Facts::default()
        };
        Lowered::Def(TypeKind::Struct(self.lower_struct(&merged, at)))
    }

    /// Flattens nested `allOf` parts (following `$ref`s); false when a part is not an object.
    fn collect_all_of(&mut self, parts: &[ReferenceOr<Schema>], at: &At, out: &mut Vec<Rc<Schema>>, depth: usize) -> bool {
        if depth > 32 {
            return false;
        }
        for (index, part) in parts.iter().enumerate() {
            let part_at = at.child("allOf", "").child(&index.to_string(), "");
            let Some(schema) = self.schema_for(part, &part_at) else { return false };
            let facts = Facts::of(&schema.schema_kind);
            if !facts.all_of.is_empty() {
                let nested: Vec<ReferenceOr<Schema>> = facts.all_of.to_vec();
                if !self.collect_all_of(&nested, &part_at, out, depth + 1) {
                    return false;
                }
                if facts.properties.is_some() {
                    out.push(schema.clone());
                }
            } else if facts.is_object_like() || (facts.typ.is_none() && facts.is_required_only()) {
                out.push(schema.clone());
            } else if facts.typ.is_some() || !facts.one_of.is_empty() || !facts.any_of.is_empty() {
                return false;
            }
        }
        true
    }
}

fn constraints_of(facts: &Facts) -> Constraints {
    let as_u64 = |v: Option<usize>| v.map(|v| v as u64);
    Constraints {
        min_length: as_u64(facts.min_length),
        max_length: as_u64(facts.max_length),
        pattern: facts.pattern.map(str::to_owned),
        minimum: facts.minimum,
        maximum: facts.maximum,
        multiple_of: facts.multiple_of,
        min_items: as_u64(facts.min_items),
        max_items: as_u64(facts.max_items),
        unique_items: facts.unique_items,
        min_properties: as_u64(facts.min_properties),
        max_properties: as_u64(facts.max_properties),
        allowed: Vec::new(),
    }
}

/// The doc note on a type that fell back to any JSON value.
pub(super) fn fallback_note(reason: &str) -> String {
    format!("Any JSON value: {reason}, which has no precise Rust type.")
}
