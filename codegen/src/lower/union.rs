//! `oneOf` / `anyOf` → unions. Decides once whether a property tags the variants (a
//! `discriminator`, or a required property with one allowed value in every variant), names the
//! variants (after the tag value, else after the referenced type; an inline untagged one after
//! its title, its one allowed value, a one-value property, or a property only it has), and
//! lowers inline tagged variants without their tag, which the union reads and writes itself.

use std::rc::Rc;

use openapiv3::{AdditionalProperties, Discriminator, ReferenceOr, Schema, SchemaData, SchemaKind, Type};
use serde_json::Value;

use super::schema::{docs_of, Facts, Lowered, UnionBase};
use super::{At, Lowerer};
use crate::ident::{self, Name};
use crate::ir::{Shape, StructDef, TagSource, TagValue, TypeKind, TypeRef, UnionDef, UnionKind, UnionTag, UnionVariant};
use crate::diagnostic::push_pointer;
use crate::load::{DocId, Target};

/// How the variants of a tagged union are selected.
struct Tagging {
    property: String,
    source: TagSource,
    /// Per branch, the values selecting it (several where a `mapping` names one schema twice).
    tags: Vec<Vec<TagValue>>,
}

/// A branch followed to its schema, with the target of its `$ref` (if it is one).
struct Branch {
    schema: Rc<Schema>,
    target: Option<Target>,
    at: At,
}

/// How deep `allOf` parts are followed when looking for a tag.
const MAX_TAG_DEPTH: usize = 8;

impl Lowerer<'_> {
    /// A union of `branches`; `base` holds the properties written beside them, which every
    /// object branch reads too ([`Lowerer::merged_branch`]).
    pub(super) fn lower_union(&mut self, branches: &[ReferenceOr<Schema>], exclusive: bool, data: &SchemaData, base: Option<&UnionBase>, at: &At) -> Lowered {
        let keyword = if exclusive { "oneOf" } else { "anyOf" };
        let branch_at = |index: usize| at.child(keyword, "").child(&index.to_string(), "");
        // One branch is that branch; but one with a discriminator (a base with one child) stays
        // a union, whose catch-all keeps the values of other tags.
        if let ([only], None) = (branches, &data.discriminator) {
            if let Some((_, def)) = base.and_then(|base| self.merged_branch(base, only, &branch_at(0), None)) {
                return Lowered::Def(TypeKind::Struct(def));
            }
            let shape = self.lower_use(only, &branch_at(0));
            return Lowered::Shape(Shape { nullable: shape.nullable || data.nullable, ..shape });
        }
        let tagging = self.tagging(branches, data.discriminator.as_ref(), &branch_at);
        // An untagged union's inline branches may be told apart by a property of their own
        // (each branch's properties, found when a branch first needs them).
        let mut properties: Option<Vec<(Vec<String>, Vec<String>)>> = None;
        let mut names = ident::Namespace::default();
        let mut variants = Vec::new();
        for (index, branch) in branches.iter().enumerate() {
            match &tagging {
                Some(tagging) => {
                    let tags = &tagging.tags[index];
                    let variant_at = branch_at(index).with_hint(format!("{}{}", at.hint, tag_name(&tags[0])));
                    let shape = match self.merged_variant(base, branch, &variant_at, Some(&tagging.property)) {
                        Some(shape) => shape,
                        None => self.lower_tagged_variant(branch, &tagging.property, &variant_at),
                    };
                    for tag in tags {
                        let name = names.claim(tag_name(tag));
                        variants.push(UnionVariant { name, shape: shape.clone(), tag: Some(tag.clone()) });
                    }
                }
                None => {
                    let word = match self.variant_word(branch, &branch_at(index)) {
                        Some(word) => Some(word),
                        None if matches!(branch, ReferenceOr::Item(_)) => {
                            let properties = match &properties {
                                Some(properties) => properties,
                                None => properties.insert(branches.iter().enumerate().map(|(index, branch)| self.own_properties(branch, &branch_at(index))).collect()),
                            };
                            distinct_property(properties, index)
                        }
                        None => None,
                    };
                    let word = word.map_or_else(|| format!("Variant{}", index + 1), |word| word.to_string());
                    let variant_at = branch_at(index).with_hint(format!("{}{word}", at.hint));
                    let shape = match self.merged_variant(base, branch, &variant_at, None) {
                        Some(shape) => shape,
                        None => self.lower_use(branch, &variant_at),
                    };
                    let name = names.claim(self.variant_name(&shape, &at.hint));
                    variants.push(UnionVariant { name, shape, tag: None });
                }
            }
        }
        let mut other = || names.claim(ident::type_name("Other", "Other"));
        let kind = match tagging {
            Some(tagging) => UnionKind::Tagged { tag: UnionTag { property: tagging.property, source: tagging.source }, other: other() },
            // A `{}` branch of an untagged union reads every value: a catch-all beside it would
            // never hold one.
            None if variants.iter().any(|variant| variant.shape.reads_anything()) => UnionKind::Untagged { other: None },
            None => UnionKind::Untagged { other: Some(other()) },
        };
        Lowered::Def(TypeKind::Union(UnionDef { variants, exclusive, kind }))
    }

    /// The children of a schema that carries a `discriminator` but no `oneOf`/`anyOf` (the `allOf`
    /// inheritance pattern), as `$ref`s: the component schemas whose `allOf` extends it (in spec
    /// order), then the `mapping`'s other targets. `None` when nothing extends it.
    /// A schema that itself extends another (`extends_another`: a child carrying the
    /// discriminator it inherits, as some specs write it) takes only the mapping's targets that
    /// extend it: the mapping names its siblings too.
    pub(super) fn inheritance_branches(&mut self, discriminator: &Discriminator, extends_another: bool, at: &At) -> Option<Vec<ReferenceOr<Schema>>> {
        let parent = Target { doc: at.doc, pointer: at.pointer.clone() };
        // A root document without `components` has no children to name.
        self.spec.openapi.components.as_ref()?;
        let mut children = Vec::new();
        for (target, schema) in &self.components {
            // A child adds something of its own (another part, or properties beside `allOf`, as
            // Swashbuckle writes it); `allOf: [$ref parent]` alone is the parent again.
            let ReferenceOr::Item(schema) = schema else { continue };
            let (all_of, own) = match &schema.schema_kind {
                SchemaKind::AllOf { all_of } => (all_of, false),
                SchemaKind::Any(any) => (&any.all_of, !any.properties.is_empty()),
                _ => continue,
            };
            let extends = (all_of.len() > 1 || own)
                && all_of.iter().any(|part| match part {
                    ReferenceOr::Reference { reference } => self.spec.resolve(DocId::ROOT, reference, &at.pointer).is_ok_and(|t| t == parent),
                    ReferenceOr::Item(_) => false,
                });
            if extends && at.doc == DocId::ROOT {
                children.push(format!("#{}", &*target.pointer));
            }
        }
        for reference in discriminator.mapping.values() {
            let reference = self.mapping_reference(reference);
            let names_parent = self.spec.resolve(at.doc, &reference, &at.pointer).is_ok_and(|t| t == parent);
            if names_parent || children.contains(&reference) {
                continue;
            }
            if !extends_another || self.extends(&reference, &parent, at, 0) {
                children.push(reference);
            }
        }
        (!children.is_empty()).then(|| children.into_iter().map(|reference| ReferenceOr::Reference { reference }).collect())
    }

    /// Whether the schema `reference` names extends `parent` through `allOf` (at any depth).
    pub(super) fn extends(&mut self, reference: &str, parent: &Target, at: &At, depth: usize) -> bool {
        let branch = ReferenceOr::Reference { reference: reference.to_owned() };
        let Some((schema, schema_at)) = self.schema_for(&branch, at) else { return false };
        let facts = Facts::of(&schema.schema_kind);
        let parts: Vec<String> = facts
            .all_of
            .iter()
            .filter_map(|part| match part {
                ReferenceOr::Reference { reference } => Some(reference.clone()),
                ReferenceOr::Item(_) => None,
            })
            .collect();
        parts.iter().any(|part| {
            self.spec.resolve(schema_at.doc, part, &schema_at.pointer).is_ok_and(|target| target == *parent)
                || (depth < MAX_TAG_DEPTH && self.extends(part, parent, &schema_at, depth + 1))
        })
    }

    /// A `mapping` value as a `$ref`: it may also be a bare schema name, one with a dot too
    /// (`Pets.Dog`) where the root document has such a schema (else a dot names a file).
    fn mapping_reference(&self, value: &str) -> String {
        let named = format!("#{}", push_pointer("/components/schemas", value));
        let is_component = || self.components.iter().any(|(target, _)| target.doc == DocId::ROOT && format!("#{}", &*target.pointer) == named);
        if value.contains(['#', '/']) || (value.contains('.') && !is_component()) {
            value.to_owned()
        } else {
            named
        }
    }

    /// A branch merged with the union's `base` properties, as a type of its own named after
    /// `at.hint`; `None` where the branch reads as itself.
    fn merged_variant(&mut self, base: Option<&UnionBase>, branch: &ReferenceOr<Schema>, at: &At, tag: Option<&str>) -> Option<Shape> {
        let (docs, def) = self.merged_branch(base?, branch, at, tag)?;
        let id = self.new_type(&at.hint, at, docs, TypeKind::Struct(def));
        Some(Shape::new(TypeRef::Named { id, boxed: false }))
    }

    /// What a variant of an untagged union is called where its type gets a name here: its
    /// `title`, else its one allowed value (`enum: [""]` → `Empty`), else the value of its first
    /// property with one allowed value (`kind: {enum: [ping]}` → `Ping`); a `$ref`'s (merged
    /// with base properties) after the schema it names.
    fn variant_word(&mut self, branch: &ReferenceOr<Schema>, at: &At) -> Option<Name> {
        let schema = match branch {
            ReferenceOr::Item(schema) => schema,
            ReferenceOr::Reference { reference } => {
                let name = schema_name(reference);
                return (!name.is_empty()).then(|| ident::type_name(&name, "Value"));
            }
        };
        if let Some(title) = schema.schema_data.title.as_deref().filter(|title| !title.trim().is_empty()) {
            return Some(ident::type_name(title, "Value"));
        }
        // One allowed value (`{type: string, enum: [""]}`, Stripe's "clear it") names its variant.
        let facts = Facts::of(&schema.schema_kind);
        let values: Vec<&Value> = facts.enumeration.iter().filter(|value| !value.is_null()).collect();
        if let [value] = values[..] {
            return tag_value(value).map(|tag| tag_name(&tag));
        }
        let mut properties = Vec::new();
        self.property_names(schema, at, &mut properties);
        properties.iter().find_map(|property| self.one_value_property(schema, at, property, 0).0).map(|tag| tag_name(&tag))
    }

    /// The property names of an object branch (with its `allOf` parts), and those it requires.
    fn own_properties(&mut self, branch: &ReferenceOr<Schema>, at: &At) -> (Vec<String>, Vec<String>) {
        let Some((schema, schema_at)) = self.schema_for(branch, at) else { return Default::default() };
        let (mut properties, mut required) = (Vec::new(), Vec::new());
        self.object_names(&schema, &schema_at, 0, &mut properties, &mut required);
        (properties, required)
    }

    /// An untagged variant is named after its type, less the union's own name where what is left
    /// is a word (`PetCat` in `Pet` → `Cat`; `Thing2` in `Thing` stays `Thing2`).
    fn variant_name(&self, shape: &Shape, union: &str) -> Name {
        match &shape.ty {
            TypeRef::Named { id, .. } => {
                let name = self.type_name(*id);
                name.strip_type_prefix(union).unwrap_or_else(|| name.clone())
            }
            // A lenient integer is named as its type: the IR's `…OrString` is no Rust name.
            TypeRef::Primitive(p) => ident::type_name(&format!("{:?}", p.strict()), "Value"),
            TypeRef::Array(_) => ident::type_name("Array", "Array"),
            TypeRef::Map(_) => ident::type_name("Map", "Map"),
            TypeRef::Any => ident::type_name("Value", "Value"),
        }
    }

    /// A tagged variant: a `$ref` as it is (its type may carry the tag; the union overwrites it
    /// when writing); an inline schema without the tag property, and an empty struct when
    /// nothing else is left.
    fn lower_tagged_variant(&mut self, branch: &ReferenceOr<Schema>, property: &str, at: &At) -> Shape {
        let ReferenceOr::Item(schema) = branch else { return self.lower_use(branch, at) };
        let untagged = without_property(schema, property);
        let facts = Facts::of(&untagged.schema_kind);
        let closed = matches!(facts.additional, None | Some(AdditionalProperties::Any(false)));
        let nothing_left = facts.properties.is_none() && closed && facts.all_of.is_empty();
        if nothing_left {
            let empty = TypeKind::Struct(StructDef { fields: Vec::new(), additional: None, rules: Vec::new(), code_field: None, closed: false });
            let id = self.new_type(&at.hint, at, docs_of(&schema.schema_data), empty);
            return Shape::new(TypeRef::Named { id, boxed: false });
        }
        self.lower_use(&ReferenceOr::Item(untagged), at)
    }

    /// The tagging of a union whose branches are all objects, from its `discriminator` or a
    /// one-value property; `None` when the values would not be distinct or of one kind.
    fn tagging(&mut self, branches: &[ReferenceOr<Schema>], discriminator: Option<&Discriminator>, branch_at: &dyn Fn(usize) -> At) -> Option<Tagging> {
        let mut resolved = Vec::with_capacity(branches.len());
        for (index, branch) in branches.iter().enumerate() {
            let at = branch_at(index);
            let (schema, schema_at) = self.schema_for(branch, &at)?;
            let facts = Facts::of(&schema.schema_kind);
            if !facts.is_object_like() && facts.all_of.is_empty() {
                return None;
            }
            let target = match branch {
                ReferenceOr::Reference { reference } => self.spec.resolve(at.doc, reference, &at.pointer).ok(),
                ReferenceOr::Item(_) => None,
            };
            resolved.push(Branch { schema, target, at: schema_at });
        }
        let (property, source, tags) = match discriminator {
            Some(discriminator) => {
                let tags = self.discriminator_tags(discriminator, branches, &resolved, &branch_at(0))?;
                (discriminator.property_name.clone(), TagSource::Discriminator, tags)
            }
            None => {
                let (property, tags) = self.one_value_tags(&resolved)?;
                (property, TagSource::OneValueProperty, tags)
            }
        };
        let all: Vec<&TagValue> = tags.iter().flatten().collect();
        let one_kind = all.windows(2).all(|pair| std::mem::discriminant(pair[0]) == std::mem::discriminant(pair[1]));
        let mut sorted = all.clone();
        sorted.sort();
        sorted.dedup();
        (one_kind && sorted.len() == all.len()).then_some(Tagging { property, source, tags })
    }

    /// Tag values from a `discriminator`: its `mapping`, else the variant's one-value property,
    /// else (for a `$ref`) the schema's name, as OpenAPI defines.
    fn discriminator_tags(&mut self, discriminator: &Discriminator, branches: &[ReferenceOr<Schema>], resolved: &[Branch], at: &At) -> Option<Vec<Vec<TagValue>>> {
        let mut tags = vec![Vec::new(); branches.len()];
        for (value, reference) in &discriminator.mapping {
            // A mapping value is a `$ref` or a bare schema name.
            let reference = self.mapping_reference(reference);
            let Ok(target) = self.spec.resolve(at.doc, &reference, &at.pointer) else {
                let pointer = at.pointer.push("discriminator").push("mapping").push(value);
                self.repaired(
                    self.spec
                        .diagnostic(at.doc, &pointer, format!("the discriminator mapping `{value}` names `{reference}`, which is no schema"))
                        .with_repair("ignored: the variants are tagged as if it were not there")
                        .with_help("name a schema of `components/schemas`, or a `$ref` to one"),
                );
                continue;
            };
            // A mapping to a schema that is not a variant reads into the catch-all.
            if let Some(index) = resolved.iter().position(|branch| branch.target.as_ref() == Some(&target)) {
                tags[index].push(TagValue::String(value.clone()));
            }
        }
        for (index, branch) in branches.iter().enumerate() {
            if !tags[index].is_empty() {
                continue;
            }
            let schema = resolved[index].schema.clone();
            let own = self.one_value_property(&schema, &resolved[index].at, &discriminator.property_name, 0).0;
            let tag = match (own, branch) {
                (Some(tag), _) => tag,
                (None, ReferenceOr::Reference { reference }) => TagValue::String(schema_name(reference)),
                (None, ReferenceOr::Item(_)) => return None,
            };
            tags[index].push(tag);
        }
        Some(tags)
    }

    /// The first property that every branch requires with one allowed value, and those values.
    fn one_value_tags(&mut self, resolved: &[Branch]) -> Option<(String, Vec<Vec<TagValue>>)> {
        let first = resolved.first()?;
        let mut candidates = Vec::new();
        self.property_names(&first.schema.clone(), &first.at, &mut candidates);
        'candidates: for property in candidates {
            let mut tags = Vec::with_capacity(resolved.len());
            for branch in resolved {
                match self.one_value_property(&branch.schema.clone(), &branch.at, &property, 0) {
                    (Some(tag), true) => tags.push(vec![tag]),
                    _ => continue 'candidates,
                }
            }
            return Some((property, tags));
        }
        None
    }

    /// The property names of an object schema and its `allOf` parts, in order.
    fn property_names(&mut self, schema: &Schema, at: &At, out: &mut Vec<String>) {
        self.object_names(schema, at, 0, out, &mut Vec::new());
    }

    /// The property names of an object schema and its `allOf` parts, in order, and the names
    /// they require.
    fn object_names(&mut self, schema: &Schema, at: &At, depth: usize, properties: &mut Vec<String>, required: &mut Vec<String>) {
        let facts = Facts::of(&schema.schema_kind);
        let add = |names: &mut Vec<String>, name: &String| {
            if !names.contains(name) {
                names.push(name.clone());
            }
        };
        facts.properties.into_iter().flat_map(|p| p.keys()).for_each(|name| add(properties, name));
        facts.required.iter().for_each(|name| add(required, name));
        if depth < MAX_TAG_DEPTH {
            for (index, part) in facts.all_of.iter().enumerate() {
                if let Some((part, part_at)) = self.schema_for(part, &at.child("allOf", "").child(&index.to_string(), "")) {
                    self.object_names(&part, &part_at, depth + 1, properties, required);
                }
            }
        }
    }

    /// The one value `property` may have in `schema` (or its `allOf` parts), and whether it is
    /// required there.
    fn one_value_property(&mut self, schema: &Schema, at: &At, property: &str, depth: usize) -> (Option<TagValue>, bool) {
        let facts = Facts::of(&schema.schema_kind);
        let mut required = facts.required.iter().any(|name| name == property);
        let mut tag = None;
        // The one value (besides `null`) the property's schema allows.
        let one_value = |schema: &Schema| match Facts::of(&schema.schema_kind).enumeration.iter().filter(|v| !v.is_null()).collect::<Vec<_>>()[..] {
            [value] => tag_value(value),
            _ => None,
        };
        match facts.properties.and_then(|properties| properties.get(property)) {
            Some(ReferenceOr::Item(schema)) => tag = one_value(schema),
            Some(ReferenceOr::Reference { reference }) => {
                let property_at = at.child("properties", "").child(property, "");
                let reference = ReferenceOr::Reference { reference: reference.clone() };
                tag = self.schema_for(&reference, &property_at).and_then(|(resolved, _)| one_value(&resolved));
            }
            None => {}
        }
        if depth < MAX_TAG_DEPTH {
            for (index, part) in facts.all_of.iter().enumerate() {
                if let Some((part, part_at)) = self.schema_for(part, &at.child("allOf", "").child(&index.to_string(), "")) {
                    let (part_tag, part_required) = self.one_value_property(&part, &part_at, property, depth + 1);
                    tag = tag.or(part_tag);
                    required |= part_required;
                }
            }
        }
        (tag, required)
    }
}



/// The name an inline branch of an untagged union takes from a property no other branch has
/// (`{properties: {location_id}}` beside `{properties: {location}}` → `LocationId`): the first
/// such property it requires, else its only property. `properties` holds each branch's property
/// names and required ones.
fn distinct_property(properties: &[(Vec<String>, Vec<String>)], index: usize) -> Option<Name> {
    let (own, required) = properties.get(index)?;
    let unique = |name: &&String| properties.iter().enumerate().all(|(other, (names, _))| other == index || !names.contains(name));
    let only = match own.as_slice() {
        [only] => Some(only).filter(unique),
        _ => None,
    };
    let name = own.iter().filter(|name| required.contains(name)).find(unique).or(only)?;
    Some(ident::type_name(name, "Value"))
}

/// The name of the schema a `$ref` names: its fragment's last token, or a whole file's stem.
fn schema_name(reference: &str) -> String {
    let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
    crate::diagnostic::last_pointer_token(fragment).filter(|name| !name.is_empty()).unwrap_or_else(|| {
        std::path::Path::new(file).file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default()
    })
}

fn tag_value(value: &Value) -> Option<TagValue> {
    match value {
        Value::String(text) => Some(TagValue::String(text.clone())),
        Value::Bool(value) => Some(TagValue::Boolean(*value)),
        Value::Number(number) => number.as_i64().map(TagValue::Integer),
        _ => None,
    }
}

/// The variant name a tag value gives (`global_image` → `GlobalImage`, `1` → `V1`).
fn tag_name(tag: &TagValue) -> Name {
    match tag {
        TagValue::String(text) => ident::type_name(text, if text.is_empty() { "Empty" } else { "Value" }),
        TagValue::Integer(number) => ident::type_name(&number.to_string(), "Value"),
        TagValue::Boolean(value) => ident::type_name(&value.to_string(), "Value"),
    }
}

/// `schema` without `property` (the tag of an inline variant, which the union reads and writes).
fn without_property(schema: &Schema, property: &str) -> Schema {
    let mut schema = schema.clone();
    match &mut schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => {
            object.properties.shift_remove(property);
            object.required.retain(|name| name != property);
        }
        SchemaKind::Any(any) => {
            any.properties.shift_remove(property);
            any.required.retain(|name| name != property);
        }
        _ => {}
    }
    schema
}

#[cfg(test)]
mod tests {
    /// A discriminator's `mapping` names children only in a document with `components`: without
    /// them the schema stays the struct it is written as (and `Cat` names nothing to read).
    #[test]
    fn a_mapping_without_components_names_no_children() {
        let spec = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /pets:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [kind]
                properties: {kind: {type: string}}
                discriminator: {propertyName: kind, mapping: {cat: Cat}}
";
        let module = crate::lower_text("pets.yaml", spec).unwrap();
        assert!(module.api.types.iter().all(|def| !matches!(def.kind, crate::ir::TypeKind::Union(_))));
        assert!(module.api.types.iter().any(|def| matches!(def.kind, crate::ir::TypeKind::Struct(_))));
    }

    /// A child written as Swashbuckle writes it, its own properties beside `allOf: [$ref
    /// parent]`, is found as the parent's variant.
    #[test]
    fn children_with_properties_beside_all_of_are_found() {
        let spec = "openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Pet:
      type: object
      required: [kind]
      properties: {kind: {type: string}}
      discriminator: {propertyName: kind}
    Dog:
      type: object
      allOf: [{$ref: '#/components/schemas/Pet'}]
      properties: {bark: {type: boolean}}
    Cat:
      allOf:
        - {$ref: '#/components/schemas/Pet'}
        - {type: object, properties: {purr: {type: boolean}}}
";
        let module = crate::lower_text("pets.yaml", spec).unwrap();
        let variants: Vec<String> = module
            .api
            .types
            .iter()
            .filter_map(|def| match &def.kind {
                crate::ir::TypeKind::Union(union) => Some(union.variants.iter().map(|variant| variant.name.to_string())),
                _ => None,
            })
            .flatten()
            .collect();
        assert_eq!(variants, ["Dog", "Cat"]);
    }

    /// A base with a discriminator and a single child stays a union of that child, whose
    /// catch-all keeps a value of another tag (an alias of the child would refuse it).
    #[test]
    fn a_base_with_one_child_stays_a_union() {
        let spec = "openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Pet:
      type: object
      required: [kind]
      properties: {kind: {type: string}}
      discriminator: {propertyName: kind}
    Dog:
      allOf:
        - {$ref: '#/components/schemas/Pet'}
        - {type: object, required: [bark], properties: {bark: {type: boolean}}}
";
        let module = crate::lower_text("pets.yaml", spec).unwrap();
        let pet = module.api.types.iter().find(|def| def.name == "Pet").unwrap();
        let crate::ir::TypeKind::Union(union) = &pet.kind else { panic!("{:?}", pet.kind) };
        assert_eq!(union.variants.iter().map(|variant| variant.name.to_string()).collect::<Vec<_>>(), ["Dog"]);
    }

    /// A mapping's bare schema name may hold a dot (`Pets.Dog`, as .NET names schemas); one
    /// that names nothing is a located warning, the variant then tagged by its name.
    #[test]
    fn mapping_names_with_dots_resolve_and_dangling_ones_warn() {
        let spec = "openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Pet:
      oneOf: [{$ref: '#/components/schemas/Pets.Dog'}, {$ref: '#/components/schemas/Cat'}]
      discriminator: {propertyName: kind, mapping: {dog: Pets.Dog, cat: Cta}}
    Pets.Dog:
      type: object
      required: [kind]
      properties: {kind: {type: string}}
    Cat:
      type: object
      required: [kind]
      properties: {kind: {type: string}}
";
        let module = crate::lower_text("pets.yaml", spec).unwrap();
        let tags: Vec<_> = module
            .api
            .types
            .iter()
            .filter_map(|def| match &def.kind {
                crate::ir::TypeKind::Union(union) => Some(union.variants.iter().map(|variant| variant.tag.clone()).collect::<Vec<_>>()),
                _ => None,
            })
            .collect();
        let string = |tag: &str| Some(crate::ir::TagValue::String(tag.to_owned()));
        assert_eq!(tags, [vec![string("dog"), string("Cat")]]);
        let warnings: Vec<&str> = module.warnings.iter().map(|warning| warning.message.as_str()).collect();
        assert_eq!(warnings, ["the discriminator mapping `cat` names `#/components/schemas/Cta`, which is no schema"]);
    }
}
