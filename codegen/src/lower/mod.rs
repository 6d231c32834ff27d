//! Lowering: a loaded [`Spec`] → the [`Api`] IR. The last stage that sees `openapiv3` types.
//!
//! Two phases, as in typify's type space: every component schema first gets a [`TypeId`] and its
//! name (in spec order, so names are stable), then each is lowered; a `$ref` only needs the id, so
//! cycles need no special care here. Schemas referenced elsewhere (other files, other pointers) get
//! an id when first met and are lowered from a queue. Inline schemas that need a type get a name
//! from where they appear (`{Parent}{Property}`, `{Operation}Request`, …).

mod codes;
mod operations;
mod recursion;
mod schema;
mod union;

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::rc::Rc;

use openapiv3::{ReferenceOr, Schema};

use crate::diagnostic::{push_pointer, Diagnostic, Diagnostics, Pointer};
use crate::ident::{self, Namespace};
use crate::ir::{Api, Docs, Shape, TypeDef, TypeId, TypeKind, TypeRef};
use crate::load::{DocId, Spec, Target};
use schema::{docs_of, fallback_note, Lowered};

/// Lowers a loaded spec, with the warnings of the defects it repaired; all errors found are
/// returned together. The spec is consumed to keep generation's peak memory down: the component
/// schemas loading read move into the lowerer's cache rather than being read again from the
/// document, and each path item is freed once its operations are lowered.
pub fn lower(mut spec: Spec) -> Result<(Api, Vec<Diagnostic>), Diagnostics> {
    let components = spec.openapi.components.as_mut().map(|components| std::mem::take(&mut components.schemas)).unwrap_or_default();
    let paths = std::mem::take(&mut spec.openapi.paths);
    let (keys, components): (Vec<String>, Vec<(Target, CachedSchema)>) = components
        .into_iter()
        .map(|(key, schema)| {
            let target = Target { doc: DocId::ROOT, pointer: Pointer::from("/components/schemas").push(&key) };
            (key, (target, shared(schema)))
        })
        .unzip();
    let spec = &spec;
    let mut lowerer = Lowerer {
        spec,
        types: Vec::new(),
        origin_docs: Vec::new(),
        names: Namespace::with_reserved(ident::PRELUDE_TYPES),
        by_target: BTreeMap::new(),
        queue: VecDeque::new(),
        schemas: components.iter().cloned().collect(),
        components: components.clone(),
        errors: Vec::new(),
        warnings: Vec::new(),
        codes: codes::Codes::default(),
        query_objects: Vec::new(),
        nullable_types: Vec::new(),
        member_names: HashMap::new(),
    };
    for (key, (target, _)) in keys.iter().zip(components) {
        lowerer.reserve(target, key);
    }
    lowerer.drain_queue();
    let operations = lowerer.lower_operations(paths);
    lowerer.drain_queue();
    let mut api = Api {
        title: spec.openapi.info.title.clone(),
        version: spec.openapi.info.version.clone(),
        docs: Docs { description: spec.openapi.info.description.clone(), ..Docs::default() },
        servers: operations::servers(&spec.openapi.servers),
        security_schemes: lowerer.security_schemes(),
        security: spec.openapi.security.as_deref().map(operations::requirements),
        required_headers: lowerer.required_headers(),
        types: Vec::new(),
        operations,
        codes: Vec::new(),
        whole_numbers_are_integers: spec.openapi_version.starts_with("3.1"),
    };
    let Lowerer { types, origin_docs, mut errors, codes, mut warnings, query_objects, nullable_types, .. } = lowerer;
    api.types = types;
    api.codes = codes.finish();
    nullable_uses(&mut api, &nullable_types);
    errors.extend(recursion::box_cycles(&mut api, spec, &origin_docs));
    if errors.is_empty() {
        // Only on a sound API: the check follows aliases, which an erroneous one may cycle.
        warnings.extend(operations::undefined_schemes(&mut api, spec));
        warnings.extend(operations::query_key_collisions(&api, spec, &query_objects));
        return Ok((api, dedup(warnings)));
    }
    Err(Diagnostics(dedup(errors)))
}

/// Makes every use of the `nullable` types take `null`: struct fields, aliases, list items and
/// map values, response bodies. (Not a parameter or header, which has no `null` on the wire,
/// a request body, which a caller sends, nor a union's variant, which the union's own
/// `nullable` governs.)
fn nullable_uses(api: &mut Api, nullable: &[TypeId]) {
    if nullable.is_empty() {
        return;
    }
    fn mark(shape: &mut Shape, nullable: &[TypeId]) {
        match &mut shape.ty {
            TypeRef::Named { id, .. } => shape.nullable |= nullable.contains(id),
            TypeRef::Array(inner) | TypeRef::Map(inner) => mark(inner, nullable),
            TypeRef::Primitive(_) | TypeRef::Any => {}
        }
    }
    for def in &mut api.types {
        match &mut def.kind {
            TypeKind::Struct(def) => {
                def.fields.iter_mut().for_each(|field| mark(&mut field.shape, nullable));
                if let Some(additional) = &mut def.additional {
                    mark(&mut additional.shape, nullable);
                }
            }
            TypeKind::Alias(shape) | TypeKind::Newtype(shape) => mark(shape, nullable),
            TypeKind::Union(_) | TypeKind::StringEnum(_) => {}
        }
    }
    for op in &mut api.operations {
        for content in op.responses.iter_mut().flat_map(|response| &mut response.content) {
            content.body.shapes_mut().into_iter().for_each(|shape| mark(shape, nullable));
        }
    }
}

/// The properties of `allOf` parts are lowered again in each merged struct: report once.
/// The text of an `x-assumption` extension: what the spec's author assumed where the vendor's
/// documentation is silent (the docs show it as such, see [`Docs::assumption`]).
fn assumption(extensions: &indexmap::IndexMap<String, serde_json::Value>) -> Option<String> {
    let text = extensions.get("x-assumption")?.as_str()?.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

fn dedup(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut unique: Vec<Diagnostic> = Vec::with_capacity(diagnostics.len());
    for diagnostic in diagnostics {
        if !unique.contains(&diagnostic) {
            unique.push(diagnostic);
        }
    }
    unique
}

/// Where in the spec a schema is being lowered, and the name an inline type there would get.
#[derive(Debug, Clone)]
pub(crate) struct At {
    pub doc: DocId,
    pub pointer: Pointer,
    pub hint: String,
}

impl At {
    /// One level down: `token` appended to the pointer, `suffix` to the name hint.
    fn child(&self, token: &str, suffix: &str) -> At {
        At { doc: self.doc, pointer: self.pointer.push(token), hint: format!("{}{suffix}", self.hint) }
    }

    fn with_hint(self, hint: String) -> At {
        At { hint, ..self }
    }
}

/// A schema as deserialized once and shared by every place that reads it: following a `$ref`
/// to it clones a pointer, not the schema (which was a sixth of lowering Microsoft Graph's
/// `allOf` chains).
type CachedSchema = ReferenceOr<Rc<Schema>>;

fn shared(schema: ReferenceOr<Schema>) -> CachedSchema {
    match schema {
        ReferenceOr::Item(schema) => ReferenceOr::Item(Rc::new(schema)),
        ReferenceOr::Reference { reference } => ReferenceOr::Reference { reference },
    }
}

struct Lowerer<'a> {
    /// Without its `paths` and `components.schemas`, which [`lower`] took: those are in
    /// `lower_operations`' argument and in `schemas`/`components`.
    spec: &'a Spec,
    /// Reserved types hold a placeholder kind until the queue lowers them.
    types: Vec<TypeDef>,
    /// The document each type comes from, by `TypeId` (its `TypeDef::origin` is a pointer into it).
    origin_docs: Vec<DocId>,
    names: Namespace,
    by_target: BTreeMap<Target, TypeId>,
    queue: VecDeque<(TypeId, Target)>,
    /// Deserialized schemas (repaired where they did not read); the component schemas from the
    /// start.
    schemas: BTreeMap<Target, CachedSchema>,
    /// The root document's component schemas, in spec order (each also in `schemas`).
    components: Vec<(Target, CachedSchema)>,
    errors: Vec<Diagnostic>,
    /// Defects repaired as documented (warnings; errors in strict mode).
    warnings: Vec<Diagnostic>,
    /// The query parameters of `style: form` or `deepObject`: operation index, name, place
    /// (checked once their types are known, [`operations::query_key_collisions`]).
    query_objects: Vec<(usize, String, At)>,
    /// `x-error-codes` of the operations lowered so far.
    codes: codes::Codes,
    /// Types whose own schema says `nullable: true` (a struct, enum or union, which has no
    /// `null` of its own): every use of them takes `null` too, [`nullable_uses`].
    nullable_types: Vec<TypeId>,
    /// Each property name met so far, as a field name and as the word it adds to an inline
    /// type's name: property names repeat across schemas (`id`, `url`), and converting their
    /// case again for each was a sixth of lowering.
    member_names: HashMap<String, (ident::Name, ident::Name)>,
}

impl Lowerer<'_> {
    fn error(&mut self, diagnostic: Diagnostic) {
        self.errors.push(diagnostic);
    }

    /// A defect lowering repairs as documented: a warning (an error in strict mode).
    fn repaired(&mut self, diagnostic: Diagnostic) {
        self.warnings.push(diagnostic.as_warning());
    }

    /// A property's field name and type-name word (`node_id` → `node_id`, `NodeId`).
    fn member_names(&mut self, wire_name: &str) -> (ident::Name, ident::Name) {
        if let Some(names) = self.member_names.get(wire_name) {
            return names.clone();
        }
        let names = (ident::field_name(wire_name, "field"), ident::type_name(wire_name, "Field"));
        self.member_names.insert(wire_name.to_owned(), names.clone());
        names
    }

    fn type_name(&self, id: TypeId) -> &ident::Name {
        &self.types[id.0].name
    }

    /// Gives `target` an id and a name derived from `raw_name`, and queues it for lowering.
    fn reserve(&mut self, target: Target, raw_name: &str) -> TypeId {
        let id = TypeId(self.types.len());
        let name = self.names.claim(ident::type_name(raw_name, "Value"));
        self.origin_docs.push(target.doc);
        self.types.push(TypeDef {
            name,
            origin: target.pointer.clone(),
            docs: Docs::default(),
            kind: TypeKind::Alias(Shape::new(TypeRef::Any)),
        });
        self.by_target.insert(target.clone(), id);
        self.queue.push_back((id, target));
        id
    }

    /// A new named type for an inline schema.
    fn new_type(&mut self, hint: &str, at: &At, docs: Docs, kind: TypeKind) -> TypeId {
        let id = TypeId(self.types.len());
        let name = self.names.claim(ident::type_name(hint, "Value"));
        self.origin_docs.push(at.doc);
        self.types.push(TypeDef { name, origin: at.pointer.clone(), docs, kind });
        id
    }

    /// The type a `$ref` names, reserving it when first met; `None` (after reporting) if it dangles.
    fn named(&mut self, reference: &str, at: &At) -> Option<TypeId> {
        let ref_at = push_pointer(&at.pointer, "$ref");
        let target = match self.spec.resolve(at.doc, reference, &ref_at) {
            Ok(target) => target,
            Err(diagnostic) => {
                self.error(diagnostic);
                return None;
            }
        };
        if let Some(id) = self.by_target.get(&target) {
            return Some(*id);
        }
        // Deserialized (and any repair reported) where the `$ref` names it.
        self.schema_at(&target, Some((at.doc, &ref_at)));
        let raw_name = match crate::diagnostic::last_pointer_token(&target.pointer) {
            Some(last) if !last.is_empty() => last,
            _ => {
                let path = &self.spec.document(target.doc).path;
                path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
            }
        };
        Some(self.reserve(target, &raw_name))
    }

    /// The schema at `target`, deserialized once. A keyword in it that does not read
    /// (`required: name`) is left out, and a target that is no schema at all reads as any JSON
    /// value, which holds whatever is sent; either is reported once, as a repair, naming the
    /// `$ref` that led there if one did.
    fn schema_at(&mut self, target: &Target, referrer: Option<(DocId, &str)>) -> CachedSchema {
        if let Some(schema) = self.schemas.get(target) {
            return schema.clone();
        }
        let (schema, problems, repair) = match self.spec.deserialize_leaving_out::<ReferenceOr<Schema>>(target) {
            Ok((schema, left_out)) => (schema, left_out, None),
            Err(diagnostics) => {
                let note = "The spec's schema here does not read as a schema: any JSON value.";
                let mut data = openapiv3::SchemaData::default();
                data.extensions.insert("x-generator-note".to_owned(), note.into());
                let any = Schema { schema_data: data, schema_kind: openapiv3::SchemaKind::Any(Default::default()) };
                (ReferenceOr::Item(any), diagnostics.0, Some("read as any JSON value"))
            }
        };
        // Locating the referrer builds the document's position index: only when there is something to say.
        let named_by = referrer
            .filter(|_| !problems.is_empty())
            .map(|(doc, pointer)| format!(" (named by the `$ref` at {})", self.spec.place(doc, pointer)));
        for mut diagnostic in problems {
            if let Some(named_by) = &named_by {
                diagnostic.help = Some(format!("{}{named_by}", diagnostic.help.unwrap_or_default()).into_boxed_str());
            }
            if let Some(repair) = repair {
                // The whole schema is read as any JSON, whatever was left out inside it.
                diagnostic = diagnostic.with_repair(repair);
            }
            self.repaired(diagnostic);
        }
        let schema = shared(schema);
        self.schemas.insert(target.clone(), schema.clone());
        schema
    }

    /// Follows `$ref`s from `schema` to a schema object and where it is written (at most 32 hops; a
    /// longer chain is reported).
    fn schema_for(&mut self, schema: &ReferenceOr<Schema>, at: &At) -> Option<(Rc<Schema>, At)> {
        let mut current = match schema {
            ReferenceOr::Item(schema) => return Some((Rc::new(schema.clone()), at.clone())),
            ReferenceOr::Reference { reference } => (at.doc, reference.clone(), push_pointer(&at.pointer, "$ref")),
        };
        for _ in 0..32 {
            let (doc, reference, pointer) = current;
            let target = match self.spec.resolve(doc, &reference, &pointer) {
                Ok(target) => target,
                Err(diagnostic) => {
                    self.error(diagnostic);
                    return None;
                }
            };
            match self.schema_at(&target, Some((doc, &pointer))) {
                ReferenceOr::Item(schema) => {
                    let found_at = At { doc: target.doc, pointer: target.pointer.clone(), hint: at.hint.clone() };
                    return Some((schema, found_at));
                }
                ReferenceOr::Reference { reference } => {
                    current = (target.doc, reference, push_pointer(&target.pointer, "$ref"));
                }
            }
        }
        let (doc, _, pointer) = current;
        self.error(self.spec.diagnostic(doc, &pointer, "`$ref` chain does not end").with_help("break the reference cycle"));
        None
    }

    fn drain_queue(&mut self) {
        while let Some((id, target)) = self.queue.pop_front() {
            let schema = self.schema_at(&target, None);
            let hint = self.type_name(id).to_string();
            let at = At { doc: target.doc, pointer: target.pointer.clone(), hint };
            let (docs, kind) = match &schema {
                ReferenceOr::Reference { .. } => (Docs::default(), TypeKind::Alias(self.lower_use(&schema, &at))),
                ReferenceOr::Item(item) => {
                    let mut docs = docs_of(&item.schema_data);
                    let nullable = item.schema_data.nullable;
                    let kind = match self.lower_schema(item, &at) {
                        Lowered::Shape(shape) => TypeKind::Alias(Shape { nullable: shape.nullable || nullable, ..shape }),
                        Lowered::Def(kind) => {
                            if nullable {
                                self.nullable_types.push(id);
                            }
                            kind
                        }
                        Lowered::Fallback(reason) => {
                            docs.notes.push(fallback_note(reason));
                            TypeKind::Alias(Shape::new(TypeRef::Any))
                        }
                    };
                    (docs, kind)
                }
            };
            let def = &mut self.types[id.0];
            def.docs = docs;
            def.kind = kind;
        }
    }
}
