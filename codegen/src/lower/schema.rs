//! Schemas → shapes and named types. Every `openapiv3` schema variant is first read into one flat
//! view ([`Facts`]), so each JSON Schema keyword is interpreted in exactly one place whatever
//! variant `openapiv3` chose for it.

use std::rc::Rc;

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaData, SchemaKind, Type, VariantOrUnknownOrEmpty};
use serde_json::Value;

use super::{At, Lowerer, Target};
use crate::diagnostic::push_pointer;
use crate::ident;
use crate::ir::{
    Additional, Bound, Constraints, Docs, EnumVariant, Field, ObjectRule, Primitive, Shape, StringEnumDef, StructDef,
    TypeKind, TypeRef,
};

type Properties = IndexMap<String, ReferenceOr<Box<Schema>>>;

/// One schema's keywords, whatever `SchemaKind` variant `openapiv3` put them in.
#[derive(Default)]
pub(super) struct Facts<'s> {
    pub(super) typ: Option<&'s str>,
    pub(super) format: Option<&'s str>,
    pub(super) pattern: Option<&'s str>,
    pub(super) min_length: Option<usize>,
    pub(super) max_length: Option<usize>,
    pub(super) enumeration: Vec<Value>,
    pub(super) multiple_of: Option<f64>,
    pub(super) minimum: Option<Bound>,
    pub(super) maximum: Option<Bound>,
    pub(super) properties: Option<&'s Properties>,
    pub(super) required: &'s [String],
    pub(super) additional: Option<&'s AdditionalProperties>,
    pub(super) min_properties: Option<usize>,
    pub(super) max_properties: Option<usize>,
    pub(super) items: Option<&'s ReferenceOr<Box<Schema>>>,
    pub(super) min_items: Option<usize>,
    pub(super) max_items: Option<usize>,
    pub(super) unique_items: bool,
    pub(super) one_of: &'s [ReferenceOr<Schema>],
    pub(super) all_of: &'s [ReferenceOr<Schema>],
    pub(super) any_of: &'s [ReferenceOr<Schema>],
    pub(super) not: Option<&'s ReferenceOr<Schema>>,
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
        ("int8", "int8"), ("int16", "int16"), ("uint8", "uint8"), ("uint16", "uint16"),
    ];
    known.iter().find(|(name, _)| *name == format).map(|(_, wire)| *wire)
}

impl<'s> Facts<'s> {
    pub(super) fn of(kind: &'s SchemaKind) -> Facts<'s> {
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

    /// Integer keywords the loader moved to `x-wide-*` because no `i64` holds them
    /// (`load/wide.rs`).
    fn read_wide(&mut self, kind: &SchemaKind, data: &SchemaData) {
        let exclusive = match kind {
            SchemaKind::Type(Type::Integer(t)) => (t.exclusive_minimum, t.exclusive_maximum),
            SchemaKind::Any(a) => (a.exclusive_minimum == Some(true), a.exclusive_maximum == Some(true)),
            _ => return,
        };
        let wide = |keyword: &str| data.extensions.get(keyword);
        if let Some(value) = wide("x-wide-minimum").and_then(Value::as_f64) {
            self.minimum = Some(Bound { value, exclusive: exclusive.0 });
        }
        if let Some(value) = wide("x-wide-maximum").and_then(Value::as_f64) {
            self.maximum = Some(Bound { value, exclusive: exclusive.1 });
        }
        if let Some(value) = wide("x-wide-multipleOf").and_then(Value::as_f64) {
            self.multiple_of = Some(value);
        }
        if let Some(Value::Array(values)) = wide("x-wide-enum") {
            self.enumeration = values.clone();
        }
    }

    pub(super) fn is_object_like(&self) -> bool {
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
        // Set by the 3.1 loader where a keyword has no Rust meaning (`prefixItems`, `if`).
        notes: data.extensions.get("x-generator-note").and_then(Value::as_str).map(str::to_owned).into_iter().collect(),
        assumption: super::assumption(&data.extensions),
    }
}

/// An enum value of the wrong type read as `typ`, where it has one reading.
fn coerce_enum_value(typ: &str, value: &Value) -> Option<Value> {
    match (typ, value) {
        ("string", Value::Number(_) | Value::Bool(_)) => Some(Value::from(value.to_string())),
        ("integer", Value::String(text)) => text.trim().parse::<i64>().ok().map(Value::from),
        ("number", Value::String(text)) => text.trim().parse::<f64>().ok().filter(|n| n.is_finite()).map(Value::from),
        ("boolean", Value::String(text)) => text.trim().parse::<bool>().ok().map(Value::from),
        _ => None,
    }
}

/// `x-dependent-required` (3.1 `dependentRequired`): when a property is present, others must be.
fn dependent_rules(data: &SchemaData) -> impl Iterator<Item = ObjectRule> + '_ {
    let dependent = data.extensions.get("x-dependent-required").and_then(Value::as_object);
    dependent.into_iter().flatten().map(|(property, requires)| ObjectRule::DependentRequired {
        property: property.clone(),
        requires: requires.as_array().into_iter().flatten().filter_map(Value::as_str).map(str::to_owned).collect(),
    })
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

    /// Recurses once per level of nesting: runs on a grown stack when little is left.
    pub(super) fn lower_schema(&mut self, schema: &Schema, at: &At) -> Lowered {
        crate::with_stack(|| self.lower_schema_here(schema, at))
    }

    fn lower_schema_here(&mut self, schema: &Schema, at: &At) -> Lowered {
        let mut facts = Facts::of(&schema.schema_kind);
        let data = &schema.schema_data;
        facts.read_wide(&schema.schema_kind, data);
        self.check_type_and_enum(&mut facts, at);
        let branches = if facts.one_of.is_empty() { facts.any_of } else { facts.one_of };
        // A base with a discriminator (its own parts in an `allOf` or not) is the union of the
        // schemas that extend it.
        if let (Some(discriminator), []) = (&data.discriminator, branches) {
            let extends_another = facts.all_of.iter().any(|part| matches!(part, ReferenceOr::Reference { .. }));
            if let Some(children) = self.inheritance_branches(discriminator, extends_another, at) {
                return self.lower_union(&children, true, data, None, at);
            }
        }
        if !facts.all_of.is_empty() {
            return self.lower_all_of(schema, &facts, at);
        }
        if !branches.is_empty() {
            let exclusive = !facts.one_of.is_empty();
            if facts.is_object_like() && exclusive {
                if let Some(groups) = self.required_groups(branches) {
                    let mut def = self.lower_struct(&facts, at);
                    def.rules.push(ObjectRule::ExactlyOneOf(groups));
                    return Lowered::Def(TypeKind::Struct(def));
                }
            }
            let base = facts.properties.is_some().then(|| UnionBase { parts: vec![(Rc::new(schema.clone()), at.clone())], additional: facts.additional.cloned() });
            return self.lower_union(branches, exclusive, data, base.as_ref(), at);
        }
        let mut constraints = constraints_of(&facts);
        let ty = match facts.typ {
            Some("string") if facts.enumeration.iter().any(|v| !v.is_null()) => {
                return self.lower_string_enum(&facts);
            }
            Some("string") => TypeRef::Primitive(match facts.format {
                Some("date-time") => Primitive::DateTime,
                Some("date") => Primitive::Date,
                _ => Primitive::String,
            }),
            Some("integer") => {
                // The small formats are `i64`s held to their range by the validators.
                let range = match facts.format {
                    Some("int8") => Some((i8::MIN.into(), i8::MAX.into())),
                    Some("int16") => Some((i16::MIN.into(), i16::MAX.into())),
                    Some("uint8") => Some((0.0, u8::MAX.into())),
                    Some("uint16") => Some((0.0, u16::MAX.into())),
                    _ => None,
                };
                if let Some((low, high)) = range {
                    let tighter = |bound: Option<Bound>, limit: f64, tighter: fn(f64, f64) -> bool| match bound {
                        Some(bound) if !tighter(limit, bound.value) => bound,
                        _ => Bound { value: limit, exclusive: false },
                    };
                    constraints.minimum = Some(tighter(constraints.minimum, low, |limit, bound| limit > bound));
                    constraints.maximum = Some(tighter(constraints.maximum, high, |limit, bound| limit < bound));
                }
                let accepts_string = data.extensions.get("x-accepts-string") == Some(&Value::Bool(true));
                TypeRef::Primitive(match (facts.format, accepts_string) {
                    (Some("int32"), false) => Primitive::I32,
                    (Some("int32"), true) => Primitive::I32OrString,
                    (Some("uint32"), false) => Primitive::U32,
                    (Some("uint32"), true) => Primitive::U32OrString,
                    (Some("uint64"), false) => Primitive::U64,
                    (Some("uint64"), true) => Primitive::U64OrString,
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
                let mut def = self.lower_struct(&facts, at);
                def.rules.extend(dependent_rules(data));
                def.code_field = self.code_field(data, &def, at);
                return Lowered::Def(TypeKind::Struct(def));
            }
            _ if facts.is_object_like() => TypeRef::Map(Box::new(self.additional_shape(&facts, at))),
            _ => TypeRef::Any,
        };
        constraints.allowed = facts.enumeration.into_iter().filter(|v| !v.is_null()).collect();
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
        let mut members = Members::default();
        members.add(facts, at);
        self.lower_members(&members, facts, at)
    }

    /// A struct of `members`; `facts` gives its `additionalProperties` and `not`.
    fn lower_members(&mut self, members: &Members, facts: &Facts, at: &At) -> StructDef {
        let mut names = ident::Namespace::default();
        let mut fields = Vec::new();
        let mut write_only_required = Vec::new();
        for (wire_name, (schema, written_at)) in &members.properties {
            let (field, word) = self.member_names(wire_name);
            let name = names.claim(field);
            let hint = format!("{}{word}", at.hint);
            let shape = self.lower_use(*schema, &written_at.clone().with_hint(hint));
            let (mut docs, read_only, write_only) = match schema {
                ReferenceOr::Item(schema) => {
                    let data = &schema.schema_data;
                    (property_docs(schema), data.read_only, data.write_only)
                }
                ReferenceOr::Reference { .. } => (Docs::default(), false, false),
            };
            let mut required = members.required.iter().any(|(required, _)| required == wire_name);
            // `required` holds only where the property travels (OpenAPI): in responses for a
            // `readOnly` one, in requests for a `writeOnly` one, which the validators check.
            if required && (read_only || write_only) {
                required = false;
                docs.notes.push(if read_only {
                    "Read only: every response carries it; a request need not.".to_owned()
                } else {
                    write_only_required.push(wire_name.clone());
                    "Write only: every request carries it (the validators check); a response does not.".to_owned()
                });
            }
            fields.push(Field {
                name,
                wire_name: wire_name.clone(),
                shape,
                required,
                read_only,
                write_only,
                docs,
            });
        }
        let closed = matches!(facts.additional, Some(AdditionalProperties::Any(false)));
        for (required, written_at) in &members.required {
            let undescribed = !members.properties.contains_key(required);
            if !undescribed || fields.iter().any(|f: &Field| &f.wire_name == required) {
                continue;
            }
            if closed {
                // `additionalProperties: false` and a required property it does not list cannot
                // both hold: the property is kept, with a warning.
                self.repaired(
                    self.spec
                        .diagnostic(written_at.doc, &written_at.pointer, format!("required property `{required}` is not defined in `properties`"))
                        .with_repair("read as a required field of any JSON value")
                        .with_help(format!(
                            "add `{required}` under `properties`, or remove it from `required` (`additionalProperties: false` allows no other property)"
                        )),
                );
            }
            // Real specs often require a property they forgot to describe: any JSON value.
            let note = "Required, but the spec does not describe it under `properties`: any JSON value.";
            fields.push(Field {
                name: names.claim(ident::field_name(required, "field")),
                wire_name: required.clone(),
                shape: Shape::new(TypeRef::Any),
                required: true,
                read_only: false,
                write_only: false,
                docs: Docs { notes: vec![note.to_owned()], ..Docs::default() },
            });
        }
        let additional = match facts.additional {
            Some(AdditionalProperties::Schema(_)) | Some(AdditionalProperties::Any(true)) => Some(Additional {
                name: names.claim(ident::field_name("additional_properties", "additional")),
                shape: self.additional_shape(facts, at),
            }),
            _ => None,
        };
        let mut rules = Vec::new();
        if !write_only_required.is_empty() {
            rules.push(ObjectRule::Required(write_only_required));
        }
        if let Some(ReferenceOr::Item(not)) = facts.not {
            let not = Facts::of(&not.schema_kind);
            if not.is_required_only() && not.required.len() > 1 {
                rules.push(ObjectRule::AtMostOneOf(not.required.iter().map(|r| vec![r.clone()]).collect()));
            }
        }
        StructDef { fields, additional, rules, code_field: None, closed }
    }

    /// What a `oneOf`/`anyOf` branch reads as beside the properties of the schema holding the
    /// union: `{properties: {id}, oneOf: [A, B]}` is `(id and A) or (id and B)`, so the branch is
    /// a struct of the base's properties, then its own (a branch's schema of a shared property
    /// wins, being the narrower), without the union's `tag` (the union reads and writes it).
    /// `None` where the branch reads as itself: it is no object (properties say nothing of other
    /// values), or a `$ref` to a schema that already has every base property.
    pub(super) fn merged_branch(&mut self, base: &UnionBase, branch: &ReferenceOr<Schema>, at: &At, tag: Option<&str>) -> Option<(Docs, StructDef)> {
        let base_properties: Vec<&String> = base.parts.iter().flat_map(|(part, _)| Facts::of(&part.schema_kind).properties.into_iter().flat_map(|p| p.keys())).collect();
        if base_properties.is_empty() {
            return None;
        }
        let (schema, _) = self.schema_for(branch, at)?;
        let facts = Facts::of(&schema.schema_kind);
        if !(facts.is_object_like() || !facts.all_of.is_empty() || facts.is_required_only()) {
            return None;
        }
        let mut parts = Vec::new();
        self.collect_part(branch, at, &mut parts, 0).ok()?;
        let has = |name: &&String| parts.iter().any(|(part, _)| Facts::of(&part.schema_kind).properties.is_some_and(|own| own.contains_key(*name)));
        let requires = |name: &&String| parts.iter().any(|(part, _)| Facts::of(&part.schema_kind).required.contains(*name));
        // (The tag is the union's to read and write: a variant need not declare it.)
        let untagged = |name: &&&String| Some(name.as_str()) != tag;
        let base_required: Vec<&String> = base.parts.iter().flat_map(|(part, _)| Facts::of(&part.schema_kind).required).collect();
        let extends_base = base_properties.iter().filter(untagged).all(has) && base_required.iter().filter(untagged).all(requires);
        if matches!(branch, ReferenceOr::Reference { .. }) && extends_base {
            return None;
        }
        let mut members = Members::default();
        members.add_parts(&base.parts);
        for (part, part_at) in &parts {
            let part_facts = Facts::of(&part.schema_kind);
            for (name, schema) in part_facts.properties.into_iter().flatten() {
                members.properties.insert(name.clone(), (schema, at_property(part_at, name)));
            }
            members.add_required(&part_facts, part_at);
        }
        if let Some(tag) = tag {
            members.properties.shift_remove(tag);
            members.required.retain(|(name, _)| name != tag);
        }
        // The base's `additionalProperties`, else an open branch's (a closed one would refuse
        // the base's properties: it was not meant to).
        let additional = base.additional.as_ref().or(facts.additional.filter(|additional| **additional != AdditionalProperties::Any(false)));
        let merged = Facts { typ: Some("object"), additional, ..Facts::default() };
        let def = self.lower_members(&members, &merged, at);
        let mut docs = docs_of(&schema.schema_data);
        docs.notes.push("With the properties every object variant of the union carries (written beside its branches, or in the `allOf` that holds it).".to_owned());
        Some((docs, def))
    }

    /// The `required` lists of `oneOf` branches that say nothing but `required`, or also that
    /// those properties are of a (non-null) type: `{required: [a], properties: {a: {type:
    /// array}}}` is "`a` is present and not `null`", the exactly-one-of rule's own reading.
    fn required_groups(&self, branches: &[ReferenceOr<Schema>]) -> Option<Vec<Vec<String>>> {
        branches
            .iter()
            .map(|branch| match branch {
                ReferenceOr::Item(schema) => {
                    let facts = Facts::of(&schema.schema_kind);
                    let typed_presence = || {
                        let properties = facts.properties.map(|p| p.iter().collect::<Vec<_>>()).unwrap_or_default();
                        !facts.required.is_empty()
                            && matches!(facts.typ, None | Some("object"))
                            && facts.additional.is_none()
                            && facts.one_of.is_empty()
                            && facts.all_of.is_empty()
                            && facts.any_of.is_empty()
                            && facts.not.is_none()
                            && properties.iter().all(|(name, property)| facts.required.contains(name) && is_type_only(property))
                    };
                    (facts.is_required_only() || typed_presence()).then(|| facts.required.to_vec())
                }
                ReferenceOr::Reference { .. } => None,
            })
            .collect()
    }

    /// Reports a `type` JSON Schema does not have (`openapiv3` reads it as "any value"), and
    /// `enum` values that are not of the schema's `type`.
    /// The schema's `type` is one this generator knows, and its `enum` values are of that type; a
    /// value of another type is repaired with a warning: read as the declared type where it has
    /// one reading (`1` in a string enum is `"1"`, `"2"` in an integer enum is `2`), else left out
    /// (an enum left with no value constrains nothing: the type is widened to its declared type).
    fn check_type_and_enum(&mut self, facts: &mut Facts, at: &At) {
        let Some(typ) = facts.typ else { return };
        let (is_valid, noun): (fn(&Value) -> bool, &str) = match typ {
            "string" => (Value::is_string, "a string"),
            "integer" => (|v| v.as_f64().is_some_and(|n| n.fract() == 0.0), "an integer"),
            "number" => (Value::is_number, "a number"),
            "boolean" => (Value::is_boolean, "a boolean"),
            "array" | "object" => return,
            unknown => {
                let help = "use one of `string`, `number`, `integer`, `boolean`, `array` and `object`";
                let diagnostic = self.spec.diagnostic(at.doc, &push_pointer(&at.pointer, "type"), format!("unknown type `{unknown}`"));
                self.error(diagnostic.with_help(help));
                return;
            }
        };
        if facts.enumeration.iter().all(|value| value.is_null() || is_valid(value)) {
            return;
        }
        let mut values = Vec::with_capacity(facts.enumeration.len());
        for (index, value) in std::mem::take(&mut facts.enumeration).into_iter().enumerate() {
            if value.is_null() || is_valid(&value) {
                values.push(value);
                continue;
            }
            let pointer = push_pointer(&push_pointer(&at.pointer, "enum"), &index.to_string());
            let message = format!("the enum value `{value}` of a `type: {typ}` schema is not {noun}");
            let fix = if typ == "string" { "quote the value, or change the schema's `type`" } else { "fix the value, or change the schema's `type`" };
            let repair = match coerce_enum_value(typ, &value) {
                Some(read) => format!("read as `{read}`"),
                None => "left out of the enum".to_owned(),
            };
            self.repaired(self.spec.diagnostic(at.doc, &pointer, message).with_repair(repair).with_help(fix));
            values.extend(coerce_enum_value(typ, &value));
        }
        facts.enumeration = values;
    }

    fn lower_string_enum(&mut self, facts: &Facts) -> Lowered {
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
        let unknown_variant = names.claim(ident::type_name("Unknown", "Unknown"));
        Lowered::Def(TypeKind::StringEnum(StringEnumDef { variants, unknown_variant }))
    }

    fn lower_all_of(&mut self, schema: &Schema, facts: &Facts, at: &At) -> Lowered {
        // `allOf: [{$ref: X}, {description: …}]` (a reference with annotations) is a use of X, not a
        // new struct: copying X's properties into every use would also multiply the work. One
        // that requires more of a plain object X (`required` beside the `allOf`) is a struct.
        let mut substantial = facts.all_of.iter().enumerate().filter(|(_, part)| !is_annotation_only(part));
        if let (Some((index, only)), None, None) = (substantial.next(), substantial.next(), facts.properties) {
            let only_at = at.child("allOf", "").child(&index.to_string(), "");
            if self.requires_more(only, &only_at, facts.required) {
                return self.lower_merged_all_of(schema, facts, at);
            }
            let shape = self.lower_use(only, &only_at);
            let nullable_part = facts.all_of.iter().any(|part| matches!(part, ReferenceOr::Item(p) if p.schema_data.nullable));
            return Lowered::Shape(Shape { nullable: shape.nullable || nullable_part, ..shape });
        }
        self.lower_merged_all_of(schema, facts, at)
    }

    /// Whether `required` names a property that `part`, a plain object (no union, no
    /// discriminator: those stay what they are), does not require itself.
    fn requires_more(&mut self, part: &ReferenceOr<Schema>, at: &At, required: &[String]) -> bool {
        if required.is_empty() {
            return false;
        }
        let Some((schema, _)) = self.schema_for(part, at) else { return false };
        let facts = Facts::of(&schema.schema_kind);
        let object = facts.is_object_like() || !facts.all_of.is_empty();
        if !object || schema.schema_data.discriminator.is_some() || !facts.one_of.is_empty() || !facts.any_of.is_empty() {
            return false;
        }
        // (An `allOf` part that is not an object, or a union, stops the merge: X stays X.)
        let mut parts = Vec::new();
        if self.collect_part(part, at, &mut parts, 0).is_err() {
            return false;
        }
        let requires = |name: &String| {
            facts.required.contains(name) || parts.iter().any(|(part, _)| Facts::of(&part.schema_kind).required.contains(name))
        };
        !required.iter().all(requires)
    }

    /// One struct of the `allOf` parts (objects all) and the schema's own properties.
    fn lower_merged_all_of(&mut self, schema: &Schema, facts: &Facts, at: &At) -> Lowered {
        let mut parts: Vec<(Rc<Schema>, At)> = Vec::new();
        match self.collect_all_of(facts.all_of, at, &mut parts, 0) {
            Ok(()) => {}
            Err(AllOfStop::NotAnObject) => {
                return self.all_of_union(schema, facts, at).unwrap_or(Lowered::Fallback("`allOf` combines parts that are not all objects"));
            }
            Err(AllOfStop::TooDeep) => {
                let pointer = push_pointer(&at.pointer, "allOf");
                let message = format!("`allOf` parts nest more than {MAX_ALL_OF_DEPTH} levels deep: does a part include this schema?");
                self.error(self.spec.diagnostic(at.doc, &pointer, message).with_help("a schema cannot be a part of its own `allOf`"));
                return Lowered::Fallback("`allOf` includes itself");
            }
        }
        // One struct of the parts' properties (the first part naming one wins, the schema's own
        // override) and of every `required` list, the schema's own first.
        let mut members = Members::default();
        members.add_required(facts, at);
        members.add_parts(&parts);
        members.add_properties(facts, at);
        members.required.dedup_by(|a, b| a.0 == b.0);
        // A part written inline with `additionalProperties: false` closes the merged object; a
        // closed component that this one extends does not (it could never be extended).
        const CLOSED: AdditionalProperties = AdditionalProperties::Any(false);
        let inline = format!("{}/allOf/", &*at.pointer);
        let inline_closed = parts.iter().any(|(part, part_at)| {
            part_at.doc == at.doc
                && part_at.pointer.starts_with(&inline)
                && matches!(Facts::of(&part.schema_kind).additional, Some(AdditionalProperties::Any(false)))
        });
        let additional = match facts.additional {
            None if inline_closed => Some(&CLOSED),
            additional => additional,
        };
        let merged = Facts { typ: Some("object"), additional, ..Facts::default() };
        Lowered::Def(TypeKind::Struct(self.lower_members(&members, &merged, at)))
    }

    /// An `allOf` of objects and one `oneOf`/`anyOf` part: "(the objects) and (one of the
    /// branches)", the union whose object branches each carry the objects' properties (as
    /// properties written beside the union are). `None` where the parts are anything else.
    fn all_of_union(&mut self, schema: &Schema, facts: &Facts, at: &At) -> Option<Lowered> {
        let mut union = None;
        let mut base = UnionBase { parts: Vec::new(), additional: facts.additional.cloned() };
        for (index, part) in facts.all_of.iter().enumerate() {
            let part_at = at.child("allOf", "").child(&index.to_string(), "");
            let (part_schema, schema_at) = self.schema_for(part, &part_at)?;
            let part_facts = Facts::of(&part_schema.schema_kind);
            let pure_union = part_facts.properties.is_none() && part_facts.all_of.is_empty();
            if pure_union && !(part_facts.one_of.is_empty() && part_facts.any_of.is_empty()) {
                if union.is_some() {
                    return None;
                }
                union = Some((part_schema.clone(), schema_at));
            } else {
                self.collect_part(part, &part_at, &mut base.parts, 0).ok()?;
            }
        }
        let (union, union_at) = union?;
        // The schema's own properties and `required` first: they win, as in a merged `allOf`.
        if facts.properties.is_some() || !facts.required.is_empty() {
            base.parts.insert(0, (Rc::new(schema.clone()), at.clone()));
        }
        let union_facts = Facts::of(&union.schema_kind);
        let (branches, exclusive) = match union_facts.one_of {
            [] => (union_facts.any_of, false),
            one_of => (one_of, true),
        };
        // The union part's own `required` holds in every branch too.
        if !union_facts.required.is_empty() {
            base.parts.push((union.clone(), union_at.clone()));
        }
        // A branch that extends this schema (`Cat: allOf: [$ref Pet, …]` in Pet's own union)
        // would include the union in itself: the schema stays any value.
        let parent = Target { doc: at.doc, pointer: at.pointer.clone() };
        let extends_this = branches.iter().any(|branch| match branch {
            ReferenceOr::Reference { reference } => self.extends(reference, &parent, &union_at, 0),
            ReferenceOr::Item(_) => false,
        });
        if extends_this {
            return None;
        }
        Some(self.lower_union(branches, exclusive, &union.schema_data, Some(&base), &union_at.with_hint(at.hint.clone())))
    }

    /// Flattens nested `allOf` parts (following `$ref`s), each with where it is written.
    fn collect_all_of(&mut self, parts: &[ReferenceOr<Schema>], at: &At, out: &mut Vec<(Rc<Schema>, At)>, depth: usize) -> Result<(), AllOfStop> {
        if depth > MAX_ALL_OF_DEPTH {
            return Err(AllOfStop::TooDeep);
        }
        for (index, part) in parts.iter().enumerate() {
            self.collect_part(part, &at.child("allOf", "").child(&index.to_string(), ""), out, depth)?;
        }
        Ok(())
    }

    /// The object parts of one schema (itself, its nested `allOf` parts), each with where it is
    /// written; an annotation-only schema has none.
    fn collect_part(&mut self, part: &ReferenceOr<Schema>, part_at: &At, out: &mut Vec<(Rc<Schema>, At)>, depth: usize) -> Result<(), AllOfStop> {
        let (schema, schema_at) = self.schema_for(part, part_at).ok_or(AllOfStop::NotAnObject)?;
        let facts = Facts::of(&schema.schema_kind);
        if !facts.all_of.is_empty() {
            let nested: Vec<ReferenceOr<Schema>> = facts.all_of.to_vec();
            self.collect_all_of(&nested, &schema_at, out, depth + 1)?;
            if facts.properties.is_some() {
                out.push((schema.clone(), schema_at));
            }
        } else if facts.is_object_like() || (facts.typ.is_none() && facts.is_required_only()) {
            out.push((schema.clone(), schema_at));
        } else if facts.typ.is_some() || !facts.one_of.is_empty() || !facts.any_of.is_empty() {
            return Err(AllOfStop::NotAnObject);
        }
        Ok(())
    }
}

/// The object parts whose properties every object branch of a union carries ("(these) and (one
/// of the branches)"): the schema whose properties are written beside `oneOf`/`anyOf`, or the
/// other parts of an `allOf` that holds the union.
pub(super) struct UnionBase {
    /// Each part with where it is written; the first part naming a property wins (a branch's
    /// own schema of it wins over all of them, being the narrower).
    pub(super) parts: Vec<(Rc<Schema>, At)>,
    /// The merged structs' `additionalProperties`: the schema's own.
    pub(super) additional: Option<AdditionalProperties>,
}

/// The properties and `required` entries of a struct, each with where it is written: the parts of
/// an `allOf` are written elsewhere than the struct they make.
#[derive(Default)]
struct Members<'s> {
    properties: IndexMap<String, (&'s ReferenceOr<Box<Schema>>, At)>,
    required: Vec<(String, At)>,
}

impl<'s> Members<'s> {
    fn add(&mut self, facts: &Facts<'s>, at: &At) {
        self.add_properties(facts, at);
        self.add_required(facts, at);
    }

    /// Adds (or replaces, keeping their place in the order) the properties of `facts`.
    fn add_properties(&mut self, facts: &Facts<'s>, at: &At) {
        for (name, schema) in facts.properties.into_iter().flatten() {
            self.properties.insert(name.clone(), (schema, at_property(at, name)));
        }
    }

    /// Adds the properties and `required` lists of `allOf` parts: the first part naming a
    /// property wins.
    fn add_parts(&mut self, parts: &'s [(Rc<Schema>, At)]) {
        for (part, part_at) in parts {
            let facts = Facts::of(&part.schema_kind);
            for (name, schema) in facts.properties.into_iter().flatten() {
                self.properties.entry(name.clone()).or_insert((schema, at_property(part_at, name)));
            }
            self.add_required(&facts, part_at);
        }
    }

    fn add_required(&mut self, facts: &Facts, at: &At) {
        let list_at = at.child("required", "");
        let entries = facts.required.iter().enumerate();
        self.required.extend(entries.map(|(index, name)| (name.clone(), list_at.child(&index.to_string(), ""))));
    }
}

/// A property schema that says only its `type` (and annotations), nothing `null` may pass.
fn is_type_only(schema: &ReferenceOr<Box<Schema>>) -> bool {
    let ReferenceOr::Item(schema) = schema else { return false };
    let facts = Facts::of(&schema.schema_kind);
    let unconstrained = constraints_of(&facts) == Constraints::default();
    facts.typ.is_some()
        && !schema.schema_data.nullable
        && unconstrained
        && facts.enumeration.is_empty()
        && facts.format.is_none()
        && facts.properties.is_none()
        && facts.items.is_none()
        && facts.additional.is_none()
}

/// An inline schema that only annotates (`description`, `example`, …) and constrains nothing.
fn is_annotation_only(schema: &ReferenceOr<Schema>) -> bool {
    let ReferenceOr::Item(schema) = schema else { return false };
    let SchemaKind::Any(any) = &schema.schema_kind else { return false };
    any.typ.is_none()
        && any.format.is_none()
        && any.pattern.is_none()
        && any.enumeration.is_empty()
        && any.properties.is_empty()
        && any.required.is_empty()
        && any.additional_properties.is_none()
        && any.items.is_none()
        && any.one_of.is_empty()
        && any.all_of.is_empty()
        && any.any_of.is_empty()
        && any.not.is_none()
        && [any.min_length, any.max_length, any.min_items, any.max_items, any.min_properties, any.max_properties].iter().all(Option::is_none)
        && [any.minimum, any.maximum, any.multiple_of].iter().all(Option::is_none)
}

/// The docs of a property: its own, else those of the annotation-only parts of its `allOf`
/// (`allOf: [{$ref: X}, {description: …}]`).
fn property_docs(schema: &Schema) -> Docs {
    let mut docs = docs_of(&schema.schema_data);
    if let SchemaKind::AllOf { all_of } = &schema.schema_kind {
        for part in all_of.iter().filter(|part| is_annotation_only(part)) {
            if let ReferenceOr::Item(part) = part {
                let part_docs = docs_of(&part.schema_data);
                docs.description = docs.description.or(part_docs.description);
                docs.title = docs.title.or(part_docs.title);
                docs.example = docs.example.or(part_docs.example);
                docs.default = docs.default.or(part_docs.default);
                docs.deprecated |= part_docs.deprecated;
            }
        }
    }
    docs
}

/// Where the schema of property `name` is written in the schema at `at`.
fn at_property(at: &At, name: &str) -> At {
    at.child("properties", "").child(name, "")
}

/// How deep `allOf` parts may nest (through `$ref`s) before a cycle is assumed.
const MAX_ALL_OF_DEPTH: usize = 32;

/// Why `allOf` parts could not be merged into one struct.
enum AllOfStop {
    /// A part is not an object (or could not be resolved, which is reported where it was met).
    NotAnObject,
    /// The parts nest deeper than [`MAX_ALL_OF_DEPTH`]: a part includes the schema itself.
    TooDeep,
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

#[cfg(test)]
mod tests {
    /// `additionalProperties: false` in a part written inside an `allOf` closes the merged
    /// struct; a closed component the `allOf` extends does not.
    #[test]
    fn inline_closed_all_of_parts_close_the_struct() {
        let spec = "openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Base: {type: object, properties: {id: {type: integer}}}
    ClosedBase: {type: object, additionalProperties: false, properties: {id: {type: integer}}}
    Strict:
      allOf:
        - $ref: '#/components/schemas/Base'
        - {type: object, additionalProperties: false, properties: {n: {type: integer}}}
    Extended:
      allOf:
        - $ref: '#/components/schemas/ClosedBase'
        - {type: object, properties: {n: {type: integer}}}
";
        let module = crate::lower_text("closed.yaml", spec).unwrap();
        let closed = |name: &str| {
            module.api.types.iter().find(|def| def.name.as_str() == name).map(|def| match &def.kind {
                crate::ir::TypeKind::Struct(def) => def.closed,
                other => panic!("{name} is no struct: {other:?}"),
            })
        };
        assert_eq!(closed("Strict"), Some(true));
        assert_eq!(closed("Extended"), Some(false));
        assert_eq!(closed("ClosedBase"), Some(true));
        assert_eq!(closed("Base"), Some(false));
    }
}
