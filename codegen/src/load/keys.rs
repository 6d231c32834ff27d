//! Keys a document does not mean: every key that is neither a keyword of OpenAPI (or of its
//! schemas) for its position nor an `x-` extension, with a suggestion (`requried` → `required`),
//! and every local `$ref` that points at something of another kind than its position needs
//! (`$ref: '#/info'` where a schema belongs). `openapiv3` ignores unknown keys, so a typo in a
//! hand-written spec would drop the rule it carries without a word.
//!
//! The walk goes by position (the root, path items, operations, parameters, schemas, …), never by
//! guessing; maps whose keys are names (`properties`, `paths`, `responses`, `schemas`) check their
//! values, not their keys. Values under data keywords (`example`, `default`, `enum`, …) are data.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::diagnostic::{push_pointer, Trail};

use super::Repair;

/// What a position holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Root,
    Info,
    Contact,
    License,
    Server,
    ServerVariable,
    PathItem,
    Operation,
    ExternalDocs,
    Parameter,
    Header,
    RequestBody,
    MediaType,
    Encoding,
    Response,
    Example,
    Link,
    Components,
    SecurityScheme,
    OAuthFlows,
    OAuthFlow,
    Tag,
    Schema,
    Discriminator,
    Xml,
}

impl Kind {
    fn noun(self) -> &'static str {
        match self {
            Kind::Root => "the document root",
            Kind::Info => "an info object",
            Kind::Contact => "a contact object",
            Kind::License => "a license object",
            Kind::Server => "a server",
            Kind::ServerVariable => "a server variable",
            Kind::PathItem => "a path item",
            Kind::Operation => "an operation",
            Kind::ExternalDocs => "an external docs object",
            Kind::Parameter => "a parameter",
            Kind::Header => "a header",
            Kind::RequestBody => "a request body",
            Kind::MediaType => "a media type",
            Kind::Encoding => "an encoding",
            Kind::Response => "a response",
            Kind::Example => "an example",
            Kind::Link => "a link",
            Kind::Components => "the components",
            Kind::SecurityScheme => "a security scheme",
            Kind::OAuthFlows => "OAuth flows",
            Kind::OAuthFlow => "an OAuth flow",
            Kind::Tag => "a tag",
            Kind::Schema => "a schema",
            Kind::Discriminator => "a discriminator",
            Kind::Xml => "an XML object",
        }
    }

    /// The keywords of this position: those of 3.0, and what 3.1 adds.
    fn keywords(self) -> (&'static [&'static str], &'static [&'static str]) {
        match self {
            Kind::Root => (&["openapi", "info", "servers", "paths", "components", "security", "tags", "externalDocs"], &["webhooks", "jsonSchemaDialect"]),
            Kind::Info => (&["title", "description", "termsOfService", "contact", "license", "version"], &["summary"]),
            Kind::Contact => (&["name", "url", "email"], &[]),
            Kind::License => (&["name", "url"], &["identifier"]),
            Kind::Server => (&["url", "description", "variables"], &[]),
            Kind::ServerVariable => (&["enum", "default", "description"], &[]),
            Kind::PathItem => {
                (&["$ref", "summary", "description", "get", "put", "post", "delete", "options", "head", "patch", "trace", "servers", "parameters"], &[])
            }
            Kind::Operation => (
                &[
                    "tags", "summary", "description", "externalDocs", "operationId", "parameters", "requestBody", "responses", "callbacks",
                    "deprecated", "security", "servers",
                ],
                &[],
            ),
            Kind::ExternalDocs => (&["description", "url"], &[]),
            Kind::Parameter => (
                &[
                    "name", "in", "description", "required", "deprecated", "allowEmptyValue", "style", "explode", "allowReserved", "schema",
                    "example", "examples", "content",
                ],
                &[],
            ),
            Kind::Header => (
                &["description", "required", "deprecated", "allowEmptyValue", "style", "explode", "allowReserved", "schema", "example", "examples", "content"],
                &[],
            ),
            Kind::RequestBody => (&["description", "content", "required"], &[]),
            Kind::MediaType => (&["schema", "example", "examples", "encoding"], &[]),
            Kind::Encoding => (&["contentType", "headers", "style", "explode", "allowReserved"], &[]),
            Kind::Response => (&["description", "headers", "content", "links"], &[]),
            Kind::Example => (&["summary", "description", "value", "externalValue"], &[]),
            Kind::Link => (&["operationRef", "operationId", "parameters", "requestBody", "description", "server"], &[]),
            Kind::Components => {
                (&["schemas", "responses", "parameters", "examples", "requestBodies", "headers", "securitySchemes", "links", "callbacks"], &["pathItems"])
            }
            Kind::SecurityScheme => (&["type", "description", "name", "in", "scheme", "bearerFormat", "flows", "openIdConnectUrl"], &[]),
            Kind::OAuthFlows => (&["implicit", "password", "clientCredentials", "authorizationCode"], &[]),
            Kind::OAuthFlow => (&["authorizationUrl", "tokenUrl", "refreshUrl", "scopes"], &[]),
            Kind::Tag => (&["name", "description", "externalDocs"], &[]),
            Kind::Schema => (SCHEMA_30, SCHEMA_31),
            Kind::Discriminator => (&["propertyName", "mapping"], &[]),
            Kind::Xml => (&["name", "namespace", "prefix", "attribute", "wrapped"], &[]),
        }
    }
}

const SCHEMA_30: &[&str] = &[
    "$ref", "title", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength", "pattern",
    "maxItems", "minItems", "uniqueItems", "maxProperties", "minProperties", "required", "enum", "type", "allOf", "oneOf", "anyOf", "not",
    "items", "properties", "additionalProperties", "description", "format", "default", "nullable", "discriminator", "readOnly",
    "writeOnly", "xml", "externalDocs", "example", "deprecated",
];

/// What JSON Schema 2020-12 (OpenAPI 3.1's schemas) adds.
const SCHEMA_31: &[&str] = &[
    "const", "examples", "$defs", "$id", "$schema", "$anchor", "$comment", "$dynamicRef", "$dynamicAnchor", "$vocabulary", "prefixItems",
    "contains", "minContains", "maxContains", "if", "then", "else", "dependentRequired", "dependentSchemas", "patternProperties",
    "propertyNames", "unevaluatedItems", "unevaluatedProperties", "contentEncoding", "contentMediaType", "contentSchema",
];

/// A `$ref` whose target the walk could not see, to check where it is: the reference as written
/// and the kind of object its position needs.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Followed {
    pub reference: String,
    pub kind: Kind,
}

/// The keys of the root document `value` (`v31`: an OpenAPI 3.1 document) that mean nothing, and
/// its local `$ref`s to the wrong kind of object; with its `$ref`s into other documents.
pub(super) fn check(value: &Value, v31: bool) -> (Vec<Repair>, Vec<Followed>) {
    let mut walk = Walk { v31, findings: Vec::new(), kinds: BTreeMap::new(), references: Vec::new(), followed: Vec::new(), follow_local: false };
    walk.node(value, &Trail::Start(""), Kind::Root);
    for (at, reference, expected) in std::mem::take(&mut walk.references) {
        let Some(pointer) = reference.strip_prefix('#') else { continue };
        let found = value.pointer(pointer).and_then(|target| walk.kinds.get(&std::ptr::from_ref(target))).copied();
        // A target the walk did not classify (`$defs`, a vendor extension) is given the benefit of
        // the doubt, unless it is the root or another kind known not to be a schema.
        if found.is_some_and(|kind| kind != expected) {
            let kind = found.map_or("an unknown object", Kind::noun);
            walk.findings.push(Repair {
                pointer: push_pointer(&at, "$ref"),
                message: format!("`$ref: '{reference}'` points at {kind}, not {}", expected.noun()),
                repair: None,
                help: format!("point it at {} (e.g. `#/components/{}/…`)", expected.noun(), components_key(expected)),
            });
        }
    }
    (walk.findings, walk.followed)
}

/// [`check`] for the object at `at` of a document another one references, as the `kind` that
/// reference gives it; with every `$ref` in it (a referenced document has no positions of its
/// own, so its local references are followed too).
pub(super) fn check_part(value: &Value, at: &str, kind: Kind, v31: bool) -> (Vec<Repair>, Vec<Followed>) {
    let mut walk = Walk { v31, findings: Vec::new(), kinds: BTreeMap::new(), references: Vec::new(), followed: Vec::new(), follow_local: true };
    walk.node(value, &Trail::Start(at), kind);
    (walk.findings, walk.followed)
}

fn components_key(kind: Kind) -> &'static str {
    match kind {
        Kind::Parameter => "parameters",
        Kind::Response => "responses",
        Kind::RequestBody => "requestBodies",
        Kind::Header => "headers",
        Kind::Example => "examples",
        Kind::Link => "links",
        Kind::SecurityScheme => "securitySchemes",
        Kind::PathItem => "pathItems",
        _ => "schemas",
    }
}

struct Walk {
    v31: bool,
    findings: Vec<Repair>,
    /// The kind of every object the walk visited, by its address in the document: a `$ref`'s
    /// pointer finds the object. (A pointer string per object was half the walk's time.)
    kinds: BTreeMap<*const Value, Kind>,
    /// Local `$ref`s: (pointer of the object holding it, the reference, the kind it must reach).
    references: Vec<(String, String, Kind)>,
    /// `$ref`s to check where they lead: into other documents, and local ones when
    /// `follow_local`.
    followed: Vec<Followed>,
    follow_local: bool,
}

impl Walk {
    fn node(&mut self, value: &Value, at: &Trail, kind: Kind) {
        let Value::Object(object) = value else { return };
        self.kinds.insert(std::ptr::from_ref(value), kind);
        if let Some(Value::String(reference)) = object.get("$ref") {
            if reference.starts_with('#') && !self.follow_local {
                self.references.push((at.pointer(), reference.clone(), kind));
            } else {
                self.followed.push(Followed { reference: reference.clone(), kind });
            }
            // A reference object has no keys of its own to check (3.1 allows summary/description;
            // a schema's siblings are checked below).
            if kind != Kind::Schema && kind != Kind::PathItem {
                return;
            }
        }
        self.keys(object, at, kind);
        for (key, child) in object {
            if !super::has_parts(child) {
                continue;
            }
            let child_at = at.key(key);
            match (kind, key.as_str()) {
                (_, key) if key.starts_with("x-") => {}
                (Kind::Root, "info") => self.node(child, &child_at, Kind::Info),
                (Kind::Root | Kind::PathItem | Kind::Operation, "servers") => self.list(child, &child_at, Kind::Server),
                (Kind::Root, "paths") => self.map(child, &child_at, Kind::PathItem),
                (Kind::Root, "webhooks") => self.map(child, &child_at, Kind::PathItem),
                (Kind::Root, "components") => self.node(child, &child_at, Kind::Components),
                (Kind::Root, "tags") => self.list(child, &child_at, Kind::Tag),
                (_, "externalDocs") => self.node(child, &child_at, Kind::ExternalDocs),
                (Kind::Info, "contact") => self.node(child, &child_at, Kind::Contact),
                (Kind::Info, "license") => self.node(child, &child_at, Kind::License),
                (Kind::Server, "variables") => self.map(child, &child_at, Kind::ServerVariable),
                (Kind::PathItem, "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace") => {
                    self.node(child, &child_at, Kind::Operation)
                }
                (Kind::PathItem | Kind::Operation, "parameters") => self.list(child, &child_at, Kind::Parameter),
                (Kind::Operation, "requestBody") => self.node(child, &child_at, Kind::RequestBody),
                (Kind::Operation, "responses") => self.map(child, &child_at, Kind::Response),
                (Kind::Operation | Kind::Components, "callbacks") => self.callbacks(child, &child_at),
                (Kind::Parameter | Kind::Header | Kind::MediaType, "schema") => self.node(child, &child_at, Kind::Schema),
                (Kind::Parameter | Kind::Header | Kind::MediaType, "examples") => self.map(child, &child_at, Kind::Example),
                (Kind::Parameter | Kind::Header | Kind::RequestBody | Kind::Response, "content") => self.map(child, &child_at, Kind::MediaType),
                (Kind::MediaType, "encoding") => self.map(child, &child_at, Kind::Encoding),
                (Kind::Encoding | Kind::Response, "headers") => self.map(child, &child_at, Kind::Header),
                (Kind::Response, "links") => self.map(child, &child_at, Kind::Link),
                (Kind::Link, "server") => self.node(child, &child_at, Kind::Server),
                (Kind::Components, "schemas") => self.map(child, &child_at, Kind::Schema),
                (Kind::Components, "responses") => self.map(child, &child_at, Kind::Response),
                (Kind::Components, "parameters") => self.map(child, &child_at, Kind::Parameter),
                (Kind::Components, "examples") => self.map(child, &child_at, Kind::Example),
                (Kind::Components, "requestBodies") => self.map(child, &child_at, Kind::RequestBody),
                (Kind::Components, "headers") => self.map(child, &child_at, Kind::Header),
                (Kind::Components, "securitySchemes") => self.map(child, &child_at, Kind::SecurityScheme),
                (Kind::Components, "links") => self.map(child, &child_at, Kind::Link),
                (Kind::Components, "pathItems") => self.map(child, &child_at, Kind::PathItem),
                (Kind::SecurityScheme, "flows") => self.node(child, &child_at, Kind::OAuthFlows),
                (Kind::OAuthFlows, _) => self.node(child, &child_at, Kind::OAuthFlow),
                (Kind::Schema, "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas") => {
                    self.map(child, &child_at, Kind::Schema)
                }
                (Kind::Schema, "allOf" | "anyOf" | "oneOf" | "prefixItems") => self.list(child, &child_at, Kind::Schema),
                (
                    Kind::Schema,
                    "items" | "additionalProperties" | "not" | "contains" | "propertyNames" | "if" | "then" | "else" | "unevaluatedItems"
                    | "unevaluatedProperties" | "contentSchema",
                ) => self.node(child, &child_at, Kind::Schema),
                (Kind::Schema, "discriminator") => self.node(child, &child_at, Kind::Discriminator),
                (Kind::Schema, "xml") => self.node(child, &child_at, Kind::Xml),
                _ => {}
            }
        }
    }

    /// The keys of `object` that are not keywords of `kind` (nor extensions).
    fn keys(&mut self, object: &Map<String, Value>, at: &Trail, kind: Kind) {
        let (keywords, added) = kind.keywords();
        for key in object.keys() {
            if key.starts_with("x-") || keywords.contains(&key.as_str()) || (self.v31 && added.contains(&key.as_str())) {
                continue;
            }
            let message = if added.contains(&key.as_str()) {
                format!("`{key}` is not a keyword of {} in OpenAPI 3.0 (it is in 3.1)", kind.noun())
            } else {
                format!("`{key}` is not a keyword of {}", kind.noun())
            };
            let all = keywords.iter().chain(if self.v31 { added.iter() } else { [].iter() });
            let help = match suggestion(key, all) {
                Some(keyword) => format!("did you mean `{keyword}`? An extension starts with `x-`"),
                None => "an extension starts with `x-`".to_owned(),
            };
            self.findings.push(Repair { pointer: at.key(key).pointer(), message, repair: Some("ignored"), help });
        }
    }

    /// A map of names to objects of `kind` (the names are not checked).
    fn map(&mut self, value: &Value, at: &Trail, kind: Kind) {
        if let Value::Object(entries) = value {
            for (name, child) in entries {
                if !name.starts_with("x-") || kind == Kind::Schema {
                    self.node(child, &at.key(name), kind);
                }
            }
        }
    }

    fn list(&mut self, value: &Value, at: &Trail, kind: Kind) {
        if let Value::Array(items) = value {
            for (index, child) in items.iter().enumerate() {
                self.node(child, &at.index(index), kind);
            }
        }
    }

    /// Callbacks: names to callback objects, which map expressions to path items.
    fn callbacks(&mut self, value: &Value, at: &Trail) {
        let Value::Object(callbacks) = value else { return };
        for (name, callback) in callbacks {
            if let Value::Object(expressions) = callback {
                if expressions.contains_key("$ref") {
                    continue;
                }
                let callback_at = at.key(name);
                for (expression, item) in expressions {
                    if !expression.starts_with("x-") {
                        self.node(item, &callback_at.key(expression), Kind::PathItem);
                    }
                }
            }
        }
    }
}

/// The keyword `key` most likely means: the same ignoring case, else the closest by edit distance
/// (at most a third of its length).
fn suggestion<'a>(key: &str, keywords: impl Iterator<Item = &'a &'a str> + Clone) -> Option<&'a str> {
    if let Some(same) = keywords.clone().find(|keyword| keyword.eq_ignore_ascii_case(key)) {
        return Some(same);
    }
    let limit = (key.chars().count() / 3).max(1);
    keywords
        .map(|keyword| (strsim::damerau_levenshtein(&key.to_ascii_lowercase(), &keyword.to_ascii_lowercase()), *keyword))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, keyword)| keyword)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::check;

    #[test]
    fn typos_are_found_where_they_are_with_a_suggestion() {
        let document = json!({
            "openapi": "3.0.3",
            "info": {"title": "T", "version": "1", "x-logo": {}},
            "paths": {"/a": {
                "GET": {"responses": {}},
                "get": {"operationId": "a", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                    "type": "object",
                    "requried": ["name"],
                    "properties": {"name": {"type": "string", "maxlength": 3, "nulable": true}, "requried": {"type": "string"}},
                    "example": {"requried": 1}
                }}}}}}
            }},
            "components": {"schemas": {"Bad": {"$ref": "#/info"}, "Root": {"$ref": "#"}, "Fine": {"$ref": "#/components/schemas/Bad"}}}
        });
        let (findings, _) = check(&document, false);
        let found: Vec<(&str, &str)> = findings.iter().map(|finding| (finding.pointer.as_str(), finding.help.as_str())).collect();
        let schema = "/paths/~1a/get/responses/200/content/application~1json/schema";
        let expected = [
            ("/paths/~1a/GET".to_owned(), "`get`"),
            (format!("{schema}/requried"), "`required`"),
            (format!("{schema}/properties/name/maxlength"), "`maxLength`"),
            (format!("{schema}/properties/name/nulable"), "`nullable`"),
            ("/components/schemas/Bad/$ref".to_owned(), "a schema"),
            ("/components/schemas/Root/$ref".to_owned(), "a schema"),
        ];
        assert_eq!(found.len(), expected.len(), "{found:#?}");
        for ((at, help), (expected_at, phrase)) in found.iter().zip(&expected) {
            assert_eq!(at, expected_at);
            assert!(help.contains(phrase), "{help} should contain {phrase}");
        }
    }

    #[test]
    fn a_3_1_document_may_use_json_schema_keywords() {
        let document = json!({"openapi": "3.1.0", "info": {"title": "T", "version": "1", "summary": "s"}, "webhooks": {},
            "components": {"schemas": {"A": {"const": 1, "$defs": {"B": {"type": "string"}}, "examples": [1]}}}});
        assert!(check(&document, true).0.is_empty());
        let (as_30, _) = check(&document, false);
        assert!(as_30.iter().any(|finding| finding.message.contains("(it is in 3.1)")));
    }
}
