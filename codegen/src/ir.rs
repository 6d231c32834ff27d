//! The intermediate representation: what the API means, in our own types. Lowering builds it from a
//! loaded spec; emitters read it and nothing else. Names in it are final Rust names (made by
//! [`crate::ident`]) next to the wire names they map to; types refer to each other by [`TypeId`],
//! so recursive schemas need no special handling until emission.

use serde_json::Value;

use crate::ident::Name;

/// One API: every named type and operation of one spec file.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub docs: Docs,
    pub servers: Vec<Server>,
    pub security_schemes: Vec<SecurityScheme>,
    /// Alternatives: any one requirement satisfies the API (OpenAPI's `security`); `None` where
    /// the spec states none (the client then sends every credential it holds).
    pub security: Option<Vec<SecurityRequirement>>,
    /// Headers every request must carry (`x-required-headers`), as (name, value).
    pub required_headers: Vec<(String, String)>,
    /// Indexed by [`TypeId`].
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
    /// Codes its messages carry (`x-error-codes` of its operations), by code.
    pub codes: Vec<DocumentedCode>,
    /// Whether an integer reads a number whose fraction is zero (`3.0`): in an OpenAPI 3.1
    /// document, whose JSON Schema 2020-12 counts it an integer (3.0's schemas do not).
    pub whole_numbers_are_integers: bool,
}

/// A code the vendor documents, reported in a message's code property (`x-code-property`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentedCode {
    /// The constant's name (`x-error-codes` `name`, else `CODE_{code}`).
    pub name: Name,
    pub code: i64,
    pub kind: CodeKind,
    pub message: String,
    /// The operationIds that document it.
    pub operations: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKind {
    Error,
    Warning,
}

impl Api {
    pub fn type_def(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    /// The security requirements of `op`: its own, else the API's (`None` where neither states any).
    pub fn requirements<'a>(&'a self, op: &'a Operation) -> Option<&'a [SecurityRequirement]> {
        op.security.as_deref().or(self.security.as_deref())
    }

    /// Whether a shape's values print as plain text with `Display` (numbers, strings, enums,
    /// dates).
    pub fn displays_plainly(&self, shape: &Shape) -> bool {
        match &shape.ty {
            TypeRef::Primitive(_) => true,
            TypeRef::Named { id, .. } => match &self.type_def(*id).kind {
                TypeKind::StringEnum(_) => true,
                TypeKind::Alias(inner) => !inner.nullable && self.displays_plainly(inner),
                _ => false,
            },
            _ => false,
        }
    }

    /// The struct whose fields a query object travels as (`style: form` or `deepObject`): one of
    /// plain fields only (a field that is an object or a list has no agreed form), without
    /// additional properties. Other objects travel as JSON.
    pub fn query_fields(&self, shape: &Shape) -> Option<&StructDef> {
        let TypeRef::Named { id, .. } = &shape.ty else { return None };
        match &self.type_def(*id).kind {
            TypeKind::Struct(def) if def.additional.is_none() && !def.fields.is_empty() && def.fields.iter().all(|field| self.displays_plainly(&field.shape)) => {
                Some(def)
            }
            TypeKind::Alias(inner) if !inner.nullable => self.query_fields(inner),
            _ => None,
        }
    }

    /// Whether a value of `shape` holds a struct or union in place (not boxed, not behind a list
    /// or map): the kind of value that can make an enum holding it much larger than its other
    /// variants.
    pub fn holds_object_inline(&self, shape: &Shape) -> bool {
        match &shape.ty {
            TypeRef::Named { id, boxed: false } => match &self.type_def(*id).kind {
                TypeKind::Struct(_) | TypeKind::Union(_) => true,
                TypeKind::Alias(inner) | TypeKind::Newtype(inner) => self.holds_object_inline(inner),
                TypeKind::StringEnum(_) => false,
            },
            _ => false,
        }
    }

    /// Whether a value of `shape` may hold a union or any JSON value (in a field, list item or
    /// map value, at any depth): what travels as text (a form, a deepObject) reads back into
    /// those only from the text's JSON reading, as a union never refuses a value.
    pub fn holds_union_or_any(&self, shape: &Shape) -> bool {
        let mut seen = std::collections::HashSet::new();
        let mut pending = vec![shape];
        while let Some(shape) = pending.pop() {
            let mut found = false;
            shape.visit(&mut |inner| match &inner.ty {
                TypeRef::Any => found = true,
                TypeRef::Named { id, .. } if seen.insert(*id) => match &self.type_def(*id).kind {
                    TypeKind::Union(_) => found = true,
                    TypeKind::Struct(def) => {
                        pending.extend(def.fields.iter().map(|field| &field.shape));
                        pending.extend(def.additional.iter().map(|additional| &additional.shape));
                    }
                    TypeKind::Alias(inner) | TypeKind::Newtype(inner) => pending.push(inner),
                    TypeKind::StringEnum(_) => {}
                },
                _ => {}
            });
            if found {
                return true;
            }
        }
        false
    }

    /// The value shape of a map (`additionalProperties` alone), through aliases: a query
    /// parameter of that shape travels as its entries.
    pub fn query_map<'a>(&'a self, shape: &'a Shape) -> Option<&'a Shape> {
        match &shape.ty {
            TypeRef::Map(values) if !shape.nullable => Some(values),
            TypeRef::Named { id, .. } if !shape.nullable => match &self.type_def(*id).kind {
                TypeKind::Alias(inner) => self.query_map(inner),
                _ => None,
            },
            _ => None,
        }
    }

    /// The query's keys a query parameter sends its object's fields under, with each field: the
    /// field's name (`style: form`, exploded) or `name[field]` (`deepObject`). `None` for a
    /// parameter sent under its own name (a joined object, `name=a,1,b,2`, among them).
    pub fn query_field_keys(&self, param: &Parameter) -> Option<Vec<(String, &Field)>> {
        let def = self.query_fields(&param.shape)?;
        let key = |field: &Field| match param.object_style {
            ObjectStyle::Form if param.explode => Some(field.wire_name.clone()),
            ObjectStyle::DeepObject => Some(format!("{}[{}]", param.wire_name, field.wire_name)),
            _ => None,
        };
        def.fields.iter().map(|field| Some((key(field)?, field))).collect()
    }

    /// Whether an operation answers with server-sent events.
    pub fn uses_events(&self) -> bool {
        self.operations
            .iter()
            .flat_map(|op| &op.responses)
            .flat_map(|response| &response.content)
            .any(|content| matches!(content.body, BodyKind::EventStream(_)))
    }

    /// Whether an operation answers with a body of bytes (a download, read as it arrives with
    /// `stream()`).
    pub fn uses_downloads(&self) -> bool {
        self.operations.iter().any(|op| matches!(op.success_content(), Some(Content { body: BodyKind::Bytes, .. })))
    }

    /// Whether an operation takes a body of bytes (which may be a stream).
    pub fn uses_uploads(&self) -> bool {
        self.operations
            .iter()
            .flat_map(|op| &op.body)
            .filter_map(|body| body.content.first())
            .any(|content| matches!(content.body, BodyKind::Bytes))
    }

    /// Whether an operation takes a `multipart/form-data` body (the first media type of a body
    /// is the one the client sends).
    pub fn uses_multipart(&self) -> bool {
        self.operations
            .iter()
            .flat_map(|op| &op.body)
            .filter_map(|body| body.content.first())
            .any(|content| matches!(content.body, BodyKind::Multipart(_)))
    }

    /// The distinct `pattern`s of its strings: of its types, and of the parameters and bodies
    /// of its operations (validated before a request is sent).
    pub fn patterns(&self) -> std::collections::BTreeSet<&str> {
        fn collect<'a>(shape: &'a Shape, out: &mut std::collections::BTreeSet<&'a str>) {
            out.extend(shape.constraints.pattern.as_deref());
            if let TypeRef::Array(inner) | TypeRef::Map(inner) = &shape.ty {
                collect(inner, out);
            }
        }
        let mut out = std::collections::BTreeSet::new();
        for def in &self.types {
            match &def.kind {
                TypeKind::Struct(s) => {
                    s.fields.iter().map(|f| &f.shape).chain(s.additional.as_ref().map(|a| &a.shape)).for_each(|shape| collect(shape, &mut out))
                }
                TypeKind::Union(u) => u.variants.iter().for_each(|v| collect(&v.shape, &mut out)),
                TypeKind::Alias(shape) | TypeKind::Newtype(shape) => collect(shape, &mut out),
                TypeKind::StringEnum(_) => {}
            }
        }
        for op in &self.operations {
            op.params.iter().for_each(|p| collect(&p.shape, &mut out));
            for content in op.body.iter().flat_map(|b| &b.content) {
                content.body.shapes().into_iter().for_each(|shape| collect(shape, &mut out));
            }
        }
        out
    }

    /// How many of its unions are tagged (by what) and untagged.
    pub fn union_counts(&self) -> UnionCounts {
        let mut counts = UnionCounts::default();
        for def in &self.types {
            if let TypeKind::Union(union) = &def.kind {
                match union.tag().map(|tag| tag.source) {
                    Some(TagSource::Discriminator) => counts.by_discriminator += 1,
                    Some(TagSource::OneValueProperty) => counts.by_property += 1,
                    None => counts.untagged += 1,
                }
            }
        }
        counts
    }
}

/// Unions by representation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UnionCounts {
    pub by_discriminator: usize,
    pub by_property: usize,
    pub untagged: usize,
}

impl std::ops::AddAssign for UnionCounts {
    fn add_assign(&mut self, other: UnionCounts) {
        self.by_discriminator += other.by_discriminator;
        self.by_property += other.by_property;
        self.untagged += other.untagged;
    }
}

/// Handle of a named type in [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// Documentation carried to doc comments.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Docs {
    pub title: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub default: Option<Value>,
    pub example: Option<Value>,
    /// What the spec's author assumed where the vendor's documentation is silent
    /// (`x-assumption`), shown as such so the docs do not present it as the vendor's word.
    pub assumption: Option<String>,
    /// Facts the generator adds (why a shape fell back to `serde_json::Value`, a documented quirk).
    pub notes: Vec<String>,
}

impl Docs {
    /// Whether a title or description says something (an empty one says nothing).
    pub fn has_text(&self) -> bool {
        [&self.title, &self.description].into_iter().flatten().any(|text| !text.trim().is_empty())
    }
}

/// A named type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// Rust name, unique in its module.
    pub name: Name,
    /// Where it was defined: file-relative JSON pointer, e.g. `#/components/schemas/Foo`.
    pub origin: crate::diagnostic::Pointer,
    pub docs: Docs,
    pub kind: TypeKind,
}

impl TypeDef {
    /// The name the type has in the spec: the last token of its origin (`Limits` for
    /// `#/components/schemas/Limits`), else its Rust name.
    pub fn spec_name(&self) -> String {
        self.origin.tokens().last().filter(|token| !token.is_empty()).unwrap_or_else(|| self.name.to_string())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(StructDef),
    StringEnum(StringEnumDef),
    Union(UnionDef),
    /// A name for another shape: a named array, map, primitive or constrained scalar.
    Alias(Shape),
    /// A type of its own around one shape (`struct A(Vec<A>)`, serde-transparent): an alias that
    /// would contain itself through an array or map (`A = Vec<A>`), which Rust does not allow.
    Newtype(Shape),
}

/// An object with known properties.
#[derive(Debug, Clone, PartialEq)]
pub struct StructDef {
    pub fields: Vec<Field>,
    /// Values of properties not listed (`additionalProperties`), kept in a map field.
    pub additional: Option<Additional>,
    /// Rules across fields that the validators enforce.
    pub rules: Vec<ObjectRule>,
    /// The field holding one of the API's documented codes (`x-code-property`), by index.
    pub code_field: Option<usize>,
    /// `additionalProperties: false`: an object with another property is no value of it.
    pub closed: bool,
}

/// The map field that keeps properties a struct does not list.
#[derive(Debug, Clone, PartialEq)]
pub struct Additional {
    /// Rust field name (`additional_properties`, unless a property took it).
    pub name: Name,
    pub shape: Shape,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust name (`type`, emitted as `r#type`).
    pub name: Name,
    pub wire_name: String,
    pub shape: Shape,
    pub required: bool,
    pub read_only: bool,
    pub write_only: bool,
    pub docs: Docs,
}

/// How a field holds absence and `null`, decided once for models, validators and examples.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// Required, not nullable: `T`.
    Always,
    /// Absent and `null` both read as `None`: `Option<T>`.
    Optional,
    /// Optional and nullable: absent, `null` and a value stay distinct (a PATCH can clear a field
    /// with `null` and keep it by leaving it out): `Option<Option<T>>`.
    Tristate,
}

impl Field {
    pub fn presence(&self) -> Presence {
        match (self.required, self.shape.nullable) {
            (true, false) => Presence::Always,
            (false, true) => Presence::Tristate,
            _ => Presence::Optional,
        }
    }
}

/// A cross-field rule on an object, by wire names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ObjectRule {
    /// Exactly one of these groups of properties is present (`oneOf` of `required` lists); a `null`
    /// counts as absent.
    ExactlyOneOf(Vec<Vec<String>>),
    /// At most one of these groups is present (`not: {required: [...]}` pairs).
    AtMostOneOf(Vec<Vec<String>>),
    /// When `property` is present, every one of `requires` must be too (`dependentRequired`).
    DependentRequired { property: String, requires: Vec<String> },
    /// Each of these properties is present: `required` and `writeOnly`, so required in the
    /// requests that send it and an `Option` in the type, which responses read without it.
    Required(Vec<String>),
}

/// A string enum. Values unknown when the crate was generated are kept, not rejected.
#[derive(Debug, Clone, PartialEq)]
pub struct StringEnumDef {
    pub variants: Vec<EnumVariant>,
    /// Name of the variant holding unknown values.
    pub unknown_variant: Name,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    pub name: Name,
    pub value: String,
}

/// `oneOf` / `anyOf`. A value reads into the variant its tag names (tagged unions) or the first
/// variant that reads it exactly (untagged); anything else into the catch-all, kept as sent.
#[derive(Debug, Clone, PartialEq)]
pub struct UnionDef {
    pub variants: Vec<UnionVariant>,
    /// `oneOf` (exactly one matches) rather than `anyOf`.
    pub exclusive: bool,
    pub kind: UnionKind,
}

/// How a union tells its variants apart, and which variant holds a value none of them reads
/// (raw JSON).
#[derive(Debug, Clone, PartialEq)]
pub enum UnionKind {
    /// By the value of a property; a value with another tag reads into `other`.
    Tagged { tag: UnionTag, other: Name },
    /// By reading the value as each variant; `other` is `None` when a variant reads any value (a
    /// `{}` branch) already.
    Untagged { other: Option<Name> },
}

impl UnionDef {
    /// The property whose value selects the variant, if the variants have one.
    pub fn tag(&self) -> Option<&UnionTag> {
        match &self.kind {
            UnionKind::Tagged { tag, .. } => Some(tag),
            UnionKind::Untagged { .. } => None,
        }
    }

    /// The variant holding any value no documented variant reads.
    pub fn other(&self) -> Option<&Name> {
        match &self.kind {
            UnionKind::Tagged { other, .. } => Some(other),
            UnionKind::Untagged { other } => other.as_ref(),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionTag {
    /// Wire name of the property.
    pub property: String,
    pub source: TagSource,
}

/// Why a union is tagged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagSource {
    /// The schema's `discriminator` (with or without `mapping`, or on an `allOf` parent).
    Discriminator,
    /// Every variant requires the same property with one allowed value (`enum: [x]`, `const`).
    OneValueProperty,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub name: Name,
    pub shape: Shape,
    /// The tag value selecting this variant (tagged unions only).
    pub tag: Option<TagValue>,
}

/// A tag value: discriminators are strings; one-value properties may also be integers or booleans.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TagValue {
    String(String),
    Integer(i64),
    Boolean(bool),
}

impl TagValue {
    /// The value as it travels in JSON.
    pub fn to_json(&self) -> Value {
        match self {
            TagValue::String(text) => Value::from(text.as_str()),
            TagValue::Integer(number) => Value::from(*number),
            TagValue::Boolean(value) => Value::from(*value),
        }
    }
}

/// A use of a type together with the constraints that apply at this use.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub ty: TypeRef,
    pub nullable: bool,
    pub constraints: Constraints,
}

impl Shape {
    pub fn new(ty: TypeRef) -> Self {
        Shape { ty, nullable: false, constraints: Constraints::default() }
    }

    /// Whether `other` is the same Rust type: the same type and nullability at every level,
    /// whatever the rules (`maxItems` on one list and not the other).
    pub fn same_type(&self, other: &Shape) -> bool {
        self.nullable == other.nullable
            && match (&self.ty, &other.ty) {
                (TypeRef::Named { id, .. }, TypeRef::Named { id: other, .. }) => id == other,
                (TypeRef::Array(items), TypeRef::Array(other)) | (TypeRef::Map(items), TypeRef::Map(other)) => items.same_type(other),
                (ours, theirs) => ours == theirs,
            }
    }

    /// Whether every JSON value is one of this shape: `{}`, without a rule.
    pub fn reads_anything(&self) -> bool {
        self.ty == TypeRef::Any && !self.nullable && self.constraints == Constraints::default()
    }

    /// This shape and every shape inside it (array items, map values), outermost first.
    pub fn visit(&self, f: &mut dyn FnMut(&Shape)) {
        f(self);
        if let TypeRef::Array(inner) | TypeRef::Map(inner) = &self.ty {
            inner.visit(f);
        }
    }

    /// Every named type this shape holds, through arrays and maps.
    pub fn visit_named(&self, f: &mut dyn FnMut(TypeId)) {
        self.visit(&mut |shape| {
            if let TypeRef::Named { id, .. } = shape.ty {
                f(id);
            }
        });
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    Named {
        id: TypeId,
        /// Held behind a `Box` because the type contains itself (set by the recursion pass).
        boxed: bool,
    },
    Primitive(Primitive),
    Array(Box<Shape>),
    /// A JSON object used as a map from string keys.
    Map(Box<Shape>),
    /// Any JSON value: `{}` or a shape with no sound Rust type.
    Any,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Primitive {
    Bool,
    I32,
    I64,
    U32,
    U64,
    F32,
    F64,
    String,
    /// RFC 3339, offset-less or date-only; kept as read.
    DateTime,
    Date,
    /// An integer a reader also accepts as a decimal string (`x-accepts-string`).
    I32OrString,
    I64OrString,
    U32OrString,
    U64OrString,
}

impl Primitive {
    pub fn is_integer(self) -> bool {
        matches!(self.strict(), Primitive::I32 | Primitive::I64 | Primitive::U32 | Primitive::U64)
    }

    /// Whether readers also accept the value as a decimal string (`x-accepts-string`).
    pub fn accepts_string(self) -> bool {
        matches!(self, Primitive::I32OrString | Primitive::I64OrString | Primitive::U32OrString | Primitive::U64OrString)
    }

    /// The primitive without `x-accepts-string`: the Rust type both read into.
    pub fn strict(self) -> Primitive {
        match self {
            Primitive::I32OrString => Primitive::I32,
            Primitive::I64OrString => Primitive::I64,
            Primitive::U32OrString => Primitive::U32,
            Primitive::U64OrString => Primitive::U64,
            other => other,
        }
    }
}

/// Validation keywords that apply at one use of a type.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<String>,
    pub minimum: Option<Bound>,
    pub maximum: Option<Bound>,
    pub multiple_of: Option<f64>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub unique_items: bool,
    pub min_properties: Option<u64>,
    pub max_properties: Option<u64>,
    /// Allowed values, for enums that are not string enums.
    pub allowed: Vec<Value>,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        self == &Constraints::default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    pub value: f64,
    pub exclusive: bool,
}

/// A server URL template with its variables.
#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    pub url: String,
    pub description: Option<String>,
    pub variables: Vec<ServerVariable>,
}

impl Server {
    /// The URL with every variable at its default.
    pub fn default_url(&self) -> String {
        self.variables.iter().fold(self.url.clone(), |url, variable| url.replace(&format!("{{{}}}", variable.name), &variable.default))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ServerVariable {
    pub name: String,
    pub default: String,
    pub allowed: Vec<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SecurityScheme {
    /// Key in `components.securitySchemes`.
    pub key: String,
    /// The client's `Auth` variant for it, unique among the schemes (`api_key` and `apiKey`
    /// would both be `ApiKey`).
    pub name: Name,
    pub kind: SecurityKind,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SecurityKind {
    ApiKey { location: ParamLocation, name: String },
    Basic,
    Bearer { format: Option<String> },
    /// OAuth 2 / OpenID Connect: a bearer token obtained elsewhere.
    OAuth,
}

/// Security schemes whose credentials must all travel together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityRequirement {
    /// The schemes, by their keys in `securitySchemes`.
    pub schemes: Vec<String>,
    /// The scopes each scheme needs, in `schemes`' order (OAuth; empty for the others).
    pub scopes: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// Rust method name (snake case of the operationId).
    pub name: Name,
    /// The client module's struct for it (`EditPlaceGroupV3`) and its error enum
    /// (`EditPlaceGroupV3Error`), unique among the module's items.
    pub type_name: Name,
    pub error_name: Name,
    /// The struct of the headers its successful responses document, if they document any.
    pub headers_name: Option<Name>,
    /// The enum of its successes, when they read as different bodies
    /// ([`Operation::reads_several_bodies`]).
    pub success_name: Option<Name>,
    pub operation_id: String,
    pub method: Method,
    /// Path template as written (`/api/v3/placeGroup/{placeGroupId}`).
    pub path: String,
    pub docs: Docs,
    pub tags: Vec<String>,
    pub params: Vec<Parameter>,
    pub body: Option<RequestBody>,
    pub responses: Vec<Response>,
    /// `None`: the API-wide requirement applies.
    pub security: Option<Vec<SecurityRequirement>>,
    /// Its own `servers` (or its path's): empty when the API's apply.
    pub servers: Vec<Server>,
    /// `x-permissions`.
    pub permissions: Vec<String>,
}

impl Operation {
    /// Its successful response: the first 2xx one with a body, else the first 2xx one.
    pub fn success(&self) -> Option<&Response> {
        let mut successes = self.responses.iter().filter(|response| response.status.is_success());
        successes.clone().find(|response| !response.content.is_empty()).or_else(|| successes.next())
    }

    /// The body of its successful response (its first media type).
    pub fn success_content(&self) -> Option<&Content> {
        self.success().and_then(|response| response.content.first())
    }

    /// How its documented successes read: as one body, as one JSON body or none, or (where
    /// lowering named their enum) as different bodies.
    pub fn successes(&self) -> Successes<'_> {
        let successes: Vec<&Response> = self.responses.iter().filter(|response| response.status.is_success()).collect();
        let Some(first) = self.success_content() else { return Successes::One(None) };
        if let Some(name) = &self.success_name {
            return Successes::Several(name, successes);
        }
        let bodiless = successes.iter().copied().find(|response| response.content.is_empty());
        match (&first.body, bodiless) {
            (BodyKind::Json(_), Some(bodiless)) => Successes::Optional { body: first, bodiless },
            _ => Successes::One(Some(first)),
        }
    }

    /// Whether its successes carry different bodies, each to be read as its own: JSON of
    /// different schemas, or JSON and text. (Bytes, events and forms read whatever came, an
    /// empty body being no bytes or no events; text reads no body as empty text.)
    pub fn reads_several_bodies(&self) -> bool {
        let mut bodies = self.responses.iter().filter(|response| response.status.is_success()).filter_map(|response| response.content.first());
        let Some(first) = bodies.clone().next() else { return false };
        let typed = |body: &BodyKind| matches!(body, BodyKind::Json(_) | BodyKind::Text);
        let same = |body: &BodyKind| match (body, &first.body) {
            (BodyKind::Json(shape), BodyKind::Json(first)) => shape.same_type(first),
            (body, first) => body == first,
        };
        bodies.clone().all(|content| typed(&content.body)) && !bodies.all(|content| same(&content.body))
    }
}

/// How an operation's documented successes read ([`Operation::successes`]).
#[derive(Debug, Clone, PartialEq)]
pub enum Successes<'a> {
    /// Each as the same body (or, `None`, as no body): the output is that body.
    One(Option<&'a Content>),
    /// As one JSON body, or without a body (a `204` beside a `200`): the output is an `Option`.
    /// `bodiless` is the first success without a body.
    Optional { body: &'a Content, bodiless: &'a Response },
    /// As different bodies: the output is the enum named here, with a variant per success.
    Several(&'a Name, Vec<&'a Response>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    /// Its key in a path item (`get`).
    pub fn key(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Options => "options",
            Method::Head => "head",
            Method::Patch => "patch",
            Method::Trace => "trace",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    pub name: Name,
    pub wire_name: String,
    pub location: ParamLocation,
    pub required: bool,
    pub shape: Shape,
    pub docs: Docs,
    pub explode: bool,
    /// How an object value travels: its fields as query pairs (`style: form` or `deepObject`),
    /// else as JSON.
    pub object_style: ObjectStyle,
    /// What joins a list's values when it is not exploded: `,` but for a query parameter of
    /// `style: spaceDelimited` or `pipeDelimited`.
    pub separator: Separator,
    /// Given with `content: application/json` rather than a schema: the value travels as JSON
    /// text, a string in quotes.
    pub json_content: bool,
}

/// What joins the values of a list parameter that is not exploded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Separator {
    /// `a,b`: `simple` and `form`.
    #[default]
    Comma,
    /// `a%20b`: `spaceDelimited`.
    Space,
    /// `a|b` (sent as `a%7Cb`): `pipeDelimited`.
    Pipe,
}

/// How a parameter whose value is an object travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ObjectStyle {
    /// As JSON text: `content: application/json`, a header, a path, or a style without a
    /// meaning for objects.
    #[default]
    Json,
    /// A query parameter of `style: form`: `a=1&b=2` (`explode`), or `name=a,1,b,2`.
    Form,
    /// A query parameter of `style: deepObject`: `name[a]=1&name[b]=2`.
    DeepObject,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    pub required: bool,
    pub docs: Docs,
    pub content: Vec<Content>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Content {
    pub media_type: String,
    pub body: BodyKind,
    /// The media type's `example`, or its first `examples` entry.
    pub example: Option<Value>,
}

/// The essence of a media type: `type/subtype` in lower case, without parameters (media types
/// compare case-insensitively).
pub fn media_essence(media_type: &str) -> String {
    media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

/// Whether a media type is JSON: `application/json` or a `+json` suffix (`application/problem+json`).
pub fn is_json_media(media_type: &str) -> bool {
    let essence = media_essence(media_type);
    essence == "application/json" || essence.ends_with("+json")
}

/// How a body travels on the wire.
#[derive(Debug, Clone, PartialEq)]
pub enum BodyKind {
    Json(Shape),
    Text,
    Bytes,
    /// `application/x-www-form-urlencoded`: the object's properties as pairs; those named in
    /// `deep` (their `encoding` says `style: deepObject`) in brackets (`address[city]=`).
    Form { shape: Shape, deep: Vec<String> },
    /// `text/event-stream`: server-sent events whose `data` reads as the shape (as text when it
    /// is a string, else as JSON).
    EventStream(Shape),
    /// A `multipart/form-data` request body: the parts its object schema names (a form struct
    /// of the client module), or `None` when the schema names none and the caller assembles the
    /// parts.
    Multipart(Option<MultipartForm>),
}

impl BodyKind {
    /// The schemas the body's values read as.
    pub fn shapes(&self) -> Vec<&Shape> {
        match self {
            BodyKind::Json(shape) | BodyKind::Form { shape, .. } | BodyKind::EventStream(shape) => vec![shape],
            BodyKind::Multipart(Some(form)) => form.parts.iter().filter_map(|part| part.kind.shape()).collect(),
            BodyKind::Text | BodyKind::Bytes | BodyKind::Multipart(None) => Vec::new(),
        }
    }

    /// [`BodyKind::shapes`], to change them.
    pub fn shapes_mut(&mut self) -> Vec<&mut Shape> {
        match self {
            BodyKind::Json(shape) | BodyKind::Form { shape, .. } | BodyKind::EventStream(shape) => vec![shape],
            BodyKind::Multipart(Some(form)) => form.parts.iter_mut().filter_map(|part| part.kind.shape_mut()).collect(),
            BodyKind::Text | BodyKind::Bytes | BodyKind::Multipart(None) => Vec::new(),
        }
    }
}

/// The parts of a `multipart/form-data` body, as its schema's properties name them.
#[derive(Debug, Clone, PartialEq)]
pub struct MultipartForm {
    /// The client module's struct for it (`UploadFileForm`).
    pub name: Name,
    pub docs: Docs,
    pub parts: Vec<FormPart>,
}

/// One named part (or, for a list, the parts sharing a name) of a form.
#[derive(Debug, Clone, PartialEq)]
pub struct FormPart {
    /// The form struct's field.
    pub name: Name,
    /// The part's name on the wire.
    pub wire_name: String,
    pub required: bool,
    pub docs: Docs,
    pub kind: PartKind,
    /// The media type `encoding` gives the part, if any.
    pub content_type: Option<String>,
}

impl FormPart {
    /// Whether `encoding` says the part is JSON: its value travels as JSON, whatever its type.
    pub fn sends_json(&self) -> bool {
        self.content_type.as_deref().is_some_and(is_json_media)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum PartKind {
    /// `type: string, format: binary`: a file (bytes, file name, media type).
    File,
    /// An array of files: one part per file.
    Files,
    /// Any other value: text when it displays plainly, one part per item for a list of such,
    /// else JSON.
    Value(Box<Shape>),
}

impl PartKind {
    pub fn shape(&self) -> Option<&Shape> {
        match self {
            PartKind::Value(shape) => Some(shape),
            PartKind::File | PartKind::Files => None,
        }
    }

    pub fn shape_mut(&mut self) -> Option<&mut Shape> {
        match self {
            PartKind::Value(shape) => Some(shape),
            PartKind::File | PartKind::Files => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: StatusCode,
    pub docs: Docs,
    pub headers: Vec<Parameter>,
    pub content: Vec<Content>,
}

/// Whether `responses` document `code` on its own (not only through a range or `default`).
pub fn documents_code(responses: &[Response], code: u16) -> bool {
    responses.iter().any(|response| response.status == StatusCode::Code(code))
}

impl StatusCode {
    /// `2xx` (a code or the range).
    pub fn is_success(self) -> bool {
        matches!(self, StatusCode::Code(200..=299) | StatusCode::Range(2))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusCode {
    Code(u16),
    /// `4XX` is `Range(4)`.
    Range(u8),
    Default,
}
