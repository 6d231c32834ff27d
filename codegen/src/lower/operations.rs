//! Paths, operations, parameters, bodies, responses, servers and security → IR.

use std::borrow::Cow;
use std::collections::BTreeSet;

use openapiv3::{
    MediaType, Parameter as OaParameter, ParameterSchemaOrContent, PathItem, ReferenceOr, RequestBody as OaBody,
    Response as OaResponse, SecurityScheme as OaScheme, StatusCode as OaStatus,
};
use indexmap::IndexMap;
use serde_json::Value;

use super::schema::Facts;
use super::{At, Lowerer};
use crate::diagnostic::{push_pointer, Pointer};
use crate::ident::{self, Name, Namespace};
use crate::ir::{
    is_json_media, media_essence, Api, BodyKind, Content, Docs, FormPart, Method, MultipartForm, ObjectStyle, Operation, PartKind, ParamLocation, Parameter, Primitive, RequestBody, Response, SecurityKind,
    SecurityRequirement, SecurityScheme, Separator, Server, ServerVariable, Shape, StatusCode, TypeKind, TypeRef,
};
use crate::diagnostic::Diagnostic;
use crate::load::{DocId, Readable, Spec, Target};

impl Lowerer<'_> {
    /// The operations of `paths` (taken from the spec, so that each path item is freed once
    /// lowered).
    pub(super) fn lower_operations(&mut self, paths: openapiv3::Paths) -> Vec<Operation> {
        let mut operations = Vec::new();
        let mut method_names = Namespace::with_reserved(ident::CLIENT_METHODS_RESERVED);
        let reserved: Vec<&str> = ident::PRELUDE_TYPES.iter().chain(ident::CLIENT_RESERVED).copied().collect();
        let mut type_names = Namespace::with_reserved(&reserved);
        let mut operation_ids: BTreeSet<String> = BTreeSet::new();
        self.check_keys(DocId::ROOT, "/paths", |key| key.starts_with('/'), |key| {
            (format!("the path `{key}` does not start with `/`"), format!("write it as `/{key}`"))
        });
        for (path, item) in paths.paths {
            let item_at = At { doc: DocId::ROOT, pointer: Pointer::from("/paths").push(&path), hint: String::new() };
            let template = match path_template(&path) {
                Ok(template) => template,
                Err(problem) => {
                    let help = "write each path parameter as `{name}`, e.g. `/pets/{petId}`";
                    self.error(self.spec.diagnostic(DocId::ROOT, &item_at.pointer, problem).with_help(help));
                    continue;
                }
            };
            let resolved = match item {
                ReferenceOr::Item(item) => Some((item, item_at)),
                reference => self.resolve_item::<PathItem>(&reference, item_at).map(|(item, at)| (item.into_owned(), at)),
            };
            let Some((item, item_at)) = resolved else { continue };
            for (method, op) in item.iter() {
                let op_at = At { hint: String::new(), ..item_at.child(method, "") };
                let operation_id = match &op.operation_id {
                    Some(id) => {
                        if !operation_ids.insert(id.clone()) {
                            let pointer = push_pointer(&op_at.pointer, "operationId");
                            self.error(
                                self.spec
                                    .diagnostic(op_at.doc, &pointer, format!("operationId `{id}` is used twice"))
                                    .with_help("operationIds must be unique across the document"),
                            );
                        }
                        id.clone()
                    }
                    None => format!("{method} {path}"),
                };
                let hint = ident::type_name(&operation_id, "Operation");
                let op_at = op_at.with_hint(hint.to_string());
                let name = method_names.claim(ident::field_name(&operation_id, "operation"));
                let type_name = type_names.claim(hint.clone());
                let error_name = type_names.claim(type_name.with_suffix("Error"));
                let (params, query_objects) = self.lower_params(&item.parameters, &op.parameters, &path, &template, &item_at, &op_at);
                self.query_objects.extend(query_objects.into_iter().map(|(wire, at)| (operations.len(), wire, at)));
                let mut form_name = || type_names.claim(type_name.with_suffix("Form"));
                let body = op.request_body.as_ref().and_then(|body| self.lower_body(body, &op_at, &mut form_name));
                let responses = self.lower_responses(&op.responses, &op_at);
                let documents_headers = responses.iter().any(|r| r.status.is_success() && !r.headers.is_empty());
                let headers_name = documents_headers.then(|| type_names.claim(type_name.with_suffix("Headers")));
                self.read_error_codes(&op.extensions, &operation_id, &op_at);
                operations.push(Operation {
                    name,
                    type_name,
                    error_name,
                    headers_name,
                    success_name: None,
                    operation_id,
                    method: parse_method(method),
                    path: path.clone(),
                    docs: Docs {
                        title: op.summary.clone(),
                        description: op.description.clone(),
                        deprecated: op.deprecated,
                        assumption: super::assumption(&op.extensions),
                        ..Docs::default()
                    },
                    tags: op.tags.clone(),
                    params,
                    body,
                    responses,
                    security: op.security.as_deref().map(requirements),
                    servers: servers(if op.servers.is_empty() { &item.servers } else { &op.servers }),
                    permissions: strings(op.extensions.get("x-permissions")),
                });
                if let Some(op) = operations.last_mut().filter(|op| op.reads_several_bodies()) {
                    op.success_name = Some(type_names.claim(op.type_name.with_suffix("Success")));
                }
            }
        }
        operations
    }

    /// The object a `ReferenceOr` holds (borrowed: an inline response can be large) or points
    /// to, with the place it was found.
    fn resolve_item<'i, T>(&mut self, item: &'i ReferenceOr<T>, at: At) -> Option<(Cow<'i, T>, At)>
    where
        T: Clone,
        ReferenceOr<T>: Readable,
    {
        let mut at = at;
        let mut reference = match item {
            ReferenceOr::Item(item) => return Some((Cow::Borrowed(item), at)),
            ReferenceOr::Reference { reference } => reference.clone(),
        };
        for _ in 0..32 {
            let target = match self.spec.resolve(at.doc, &reference, &push_pointer(&at.pointer, "$ref")) {
                Ok(target) => target,
                Err(diagnostic) => {
                    self.error(diagnostic);
                    return None;
                }
            };
            let next_at = At { doc: target.doc, pointer: target.pointer.clone(), hint: at.hint.clone() };
            match self.spec.deserialize::<ReferenceOr<T>>(&target) {
                Ok(ReferenceOr::Item(item)) => return Some((Cow::Owned(item), next_at)),
                Ok(ReferenceOr::Reference { reference: next }) => {
                    reference = next;
                    at = next_at;
                }
                Err(diagnostics) => {
                    self.errors.extend(diagnostics.0);
                    return None;
                }
            }
        }
        let pointer = push_pointer(&at.pointer, "$ref");
        self.error(self.spec.diagnostic(at.doc, &pointer, "`$ref` chain does not end").with_help("break the reference cycle"));
        None
    }

    /// The parameters of an operation: its path item's and its own, merged, each lowered, and
    /// the path template checked against them; with the name and place of each query parameter
    /// of `style: form` or `deepObject` (an object among them travels as its fields).
    fn lower_params(
        &mut self,
        item_params: &[ReferenceOr<OaParameter>],
        op_params: &[ReferenceOr<OaParameter>],
        path: &str,
        template: &[&str],
        item_at: &At,
        op_at: &At,
    ) -> (Vec<Parameter>, Vec<(String, At)>) {
        let sources = [(item_params, item_at.child("parameters", "")), (op_params, op_at.child("parameters", ""))];
        let merged = self.merge_params(sources);
        let mut names = Namespace::default();
        let mut out = Vec::new();
        let mut objects = Vec::new();
        for (param, at) in merged.into_values() {
            let param = self.lower_param(&param, &at, &mut names, (path, template), &op_at.hint);
            if param.object_style != ObjectStyle::Json {
                objects.push((param.wire_name.clone(), at));
            }
            out.push(param);
        }
        self.check_path_template(&mut out, &mut names, path, template, item_at.doc, op_at);
        (out, objects)
    }

    /// Operation parameters override path-item ones with the same name and location; one
    /// declared twice in the same list is reported.
    fn merge_params(&mut self, sources: [(&[ReferenceOr<OaParameter>], At); 2]) -> IndexMap<(String, &'static str), (OaParameter, At)> {
        let mut merged: IndexMap<(String, &'static str), (OaParameter, At)> = IndexMap::new();
        for (params, at) in sources {
            let mut seen = BTreeSet::new();
            for (index, param) in params.iter().enumerate() {
                let param_at = at.child(&index.to_string(), "");
                if let Some((param, param_at)) = self.resolve_item(param, param_at) {
                    let key = (param.parameter_data_ref().name.clone(), location_name(&param));
                    if !seen.insert(key.clone()) {
                        let message = format!("the {} parameter `{}` is declared twice", key.1, key.0);
                        let pointer = push_pointer(&param_at.pointer, "name");
                        let help = "a parameter is identified by `name` and `in`; remove one of the two";
                        self.error(self.spec.diagnostic(param_at.doc, &pointer, message).with_help(help));
                    }
                    merged.insert(key, (param.into_owned(), param_at));
                }
            }
        }
        merged
    }

    /// One parameter, named in `names`; a path parameter the path does not have is reported.
    fn lower_param(&mut self, param: &OaParameter, at: &At, names: &mut Namespace, (path, template): (&str, &[&str]), op_hint: &str) -> Parameter {
        let (location, explode_default) = match param {
            OaParameter::Path { .. } => (ParamLocation::Path, false),
            OaParameter::Query { .. } => (ParamLocation::Query, true),
            OaParameter::Header { .. } => (ParamLocation::Header, false),
            OaParameter::Cookie { .. } => (ParamLocation::Cookie, true),
        };
        let data = param.parameter_data_ref();
        if location == ParamLocation::Path && !template.contains(&data.name.as_str()) {
            let pointer = push_pointer(&at.pointer, "name");
            self.error(
                self.spec
                    .diagnostic(at.doc, &pointer, format!("path parameter `{}` does not appear in the path `{path}`", data.name))
                    .with_help(format!("add `{{{}}}` to the path or change the parameter's `in`", data.name)),
            );
        }
        let separator = match param {
            OaParameter::Query { style: openapiv3::QueryStyle::SpaceDelimited, .. } => Separator::Space,
            OaParameter::Query { style: openapiv3::QueryStyle::PipeDelimited, .. } => Separator::Pipe,
            _ => Separator::Comma,
        };
        if let OaParameter::Path { style: style @ (openapiv3::PathStyle::Label | openapiv3::PathStyle::Matrix), .. } = param {
            let style = if matches!(style, openapiv3::PathStyle::Label) { "label" } else { "matrix" };
            self.repaired(
                self.spec
                    .diagnostic(at.doc, &push_pointer(&at.pointer, "style"), format!("path parameter `{}` has `style: {style}`, which the client does not write", data.name))
                    .with_repair("sent in the default `simple` style (`a,b`)")
                    .with_help("use `style: simple`, or write the prefix into the path template"),
            );
        }
        let object_style = match (param, &data.format) {
            (OaParameter::Query { style: openapiv3::QueryStyle::Form, .. }, ParameterSchemaOrContent::Schema(_)) => ObjectStyle::Form,
            (OaParameter::Query { style: openapiv3::QueryStyle::DeepObject, .. }, ParameterSchemaOrContent::Schema(_)) => ObjectStyle::DeepObject,
            _ => ObjectStyle::Json,
        };
        let hint = format!("{op_hint}{}", ident::type_name(&data.name, "Param"));
        let shape = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => self.lower_use(schema, &at.child("schema", "").with_hint(hint)),
            ParameterSchemaOrContent::Content(content) => match content.first() {
                Some((media, media_type)) => match &media_type.schema {
                    Some(schema) => {
                        let media_at = at.child("content", "").child(media, "").child("schema", "");
                        self.lower_use(schema, &media_at.with_hint(hint))
                    }
                    None => Shape::new(TypeRef::Any),
                },
                None => Shape::new(TypeRef::Any),
            },
        };
        // A parameter has no `null` on the wire: a nullable one is simply optional.
        let required = (data.required && !shape.nullable) || location == ParamLocation::Path;
        let shape = Shape { nullable: false, ..shape };
        Parameter {
            name: names.claim(ident::field_name(&data.name, "param")),
            wire_name: data.name.clone(),
            location,
            required,
            shape,
            docs: Docs {
                description: data.description.clone(),
                deprecated: data.deprecated.unwrap_or(false),
                example: data.example.clone(),
                ..Docs::default()
            },
            explode: data.explode.unwrap_or(explode_default),
            object_style,
            separator,
            json_content: matches!(&data.format, ParameterSchemaOrContent::Content(content) if content.keys().next().is_some_and(|media| is_json_media(media))),
        }
    }

    /// Every `{name}` of the path template has a path parameter; one the spec forgot is repaired
    /// as a required string parameter, with a warning.
    fn check_path_template(&mut self, params: &mut Vec<Parameter>, names: &mut Namespace, path: &str, template: &[&str], doc: DocId, op_at: &At) {
        for &name in template {
            let declared = params.iter().any(|p| p.location == ParamLocation::Path && p.wire_name == name);
            if !declared {
                self.repaired(
                    self.spec
                        .diagnostic(doc, &op_at.pointer, format!("the path `{path}` has `{{{name}}}` but no path parameter `{name}`"))
                        .with_repair("read as a required string parameter")
                        .with_help(format!("declare `{name}` with `in: path` and `required: true`")),
                );
                params.push(Parameter {
                    name: names.claim(ident::field_name(name, "param")),
                    wire_name: name.to_owned(),
                    location: ParamLocation::Path,
                    required: true,
                    shape: Shape::new(TypeRef::Primitive(Primitive::String)),
                    docs: Docs::default(),
                    explode: false,
                    object_style: ObjectStyle::Json,
                    separator: Separator::Comma,
                    json_content: false,
                });
            }
        }
    }

    /// A request body; `form_name` names the struct of a `multipart/form-data` one.
    fn lower_body(&mut self, body: &ReferenceOr<OaBody>, op_at: &At, form_name: &mut dyn FnMut() -> Name) -> Option<RequestBody> {
        let at = op_at.child("requestBody", "Request");
        let (body, at) = self.resolve_item(body, at)?;
        let content = self.lower_content(&body.content, &at, Some(form_name));
        Some(RequestBody {
            required: body.required,
            docs: Docs { description: body.description.clone(), ..Docs::default() },
            content,
        })
    }

    /// The media types of a body. A request body (`form_name`, which names the struct of a form)
    /// can be a form of parts; a response's cannot.
    fn lower_content(&mut self, content: &IndexMap<String, MediaType>, at: &At, mut form_name: Option<&mut dyn FnMut() -> Name>) -> Vec<Content> {
        let json_count = content.keys().filter(|m| is_json(m)).count();
        let mut out = Vec::new();
        for (media_type, media) in content {
            let media_at = at.child("content", "").child(media_type, "").child("schema", "");
            // With several JSON media types the inline names must differ.
            let media_at = if json_count > 1 {
                let hint = format!("{}{}", media_at.hint, ident::type_name(media_type, "Media"));
                media_at.with_hint(hint)
            } else {
                media_at
            };
            let schema = media.schema.as_ref();
            let essence = media_essence(media_type);
            let body = if is_json(media_type) {
                BodyKind::Json(schema.map_or(Shape::new(TypeRef::Any), |s| self.lower_use(s, &media_at)))
            } else if essence == "application/x-www-form-urlencoded" {
                let shape = schema.map_or(Shape::new(TypeRef::Any), |s| self.lower_use(s, &media_at));
                let deep = media.encoding.iter().filter(|(_, encoding)| encoding.style == Some(openapiv3::QueryStyle::DeepObject)).map(|(name, _)| name.clone()).collect();
                BodyKind::Form { shape, deep }
            } else if let (true, Some(form_name)) = (essence == "multipart/form-data", form_name.as_mut()) {
                BodyKind::Multipart(schema.and_then(|schema| self.lower_form(schema, media, &media_at, form_name)))
            } else if essence == "text/event-stream" {
                let string = Shape::new(TypeRef::Primitive(Primitive::String));
                BodyKind::EventStream(schema.map_or(string, |s| self.lower_use(s, &media_at)))
            } else if essence.starts_with("text/") {
                BodyKind::Text
            } else {
                BodyKind::Bytes
            };
            let example = media.example.clone().or_else(|| {
                media.examples.values().find_map(|example| match example {
                    ReferenceOr::Item(example) => example.value.clone(),
                    ReferenceOr::Reference { .. } => None,
                })
            });
            out.push(Content { media_type: media_type.clone(), body, example });
        }
        out
    }

    /// The parts of a `multipart/form-data` body: one per property of its object schema, files
    /// where a property is `format: binary` (or an array of such). `None`, with a warning, when
    /// the schema is not an object with properties: the caller then assembles the parts.
    fn lower_form(&mut self, schema_ref: &ReferenceOr<openapiv3::Schema>, media: &MediaType, at: &At, name: &mut dyn FnMut() -> Name) -> Option<MultipartForm> {
        let (schema, schema_at) = self.resolve_item(schema_ref, at.clone())?;
        let facts = Facts::of(&schema.schema_kind);
        let properties = facts.properties.filter(|properties| !properties.is_empty() && facts.all_of.is_empty() && facts.one_of.is_empty() && facts.any_of.is_empty());
        let Some(properties) = properties else {
            self.repaired(
                self.spec
                    .diagnostic(schema_at.doc, &schema_at.pointer, "a `multipart/form-data` body whose schema is not an object with `properties`")
                    .with_repair("the caller assembles its parts (`support::Multipart`)")
                    .with_help("describe each part as a property of an object schema"),
            );
            return None;
        };
        // A component's properties were lowered with it (components come before operations):
        // its field types serve the form too, rather than a second copy of each inline type.
        let component = match schema_ref {
            ReferenceOr::Reference { reference } => self.named(reference, at).and_then(|id| match &self.types[id.0].kind {
                TypeKind::Struct(def) => Some(def.fields.clone()),
                _ => None,
            }),
            ReferenceOr::Item(_) => None,
        };
        let mut names = Namespace::default();
        let mut parts = Vec::new();
        for (wire_name, property) in properties {
            let lowered = component.iter().flatten().find(|field| field.wire_name == *wire_name).map(|field| field.shape.clone());
            let property_at = schema_at.child("properties", "").child(wire_name, &ident::type_name(wire_name, "Part").to_string());
            let kind = match property {
                ReferenceOr::Item(item) if is_binary(item) => PartKind::File,
                ReferenceOr::Item(item) if Facts::of(&item.schema_kind).items.is_some_and(|items| matches!(items, ReferenceOr::Item(items) if is_binary(items))) => PartKind::Files,
                // A form has no `null`: a nullable part is one left out.
                _ => {
                    let shape = lowered.unwrap_or_else(|| self.lower_use(property, &property_at));
                    PartKind::Value(Box::new(Shape { nullable: false, ..shape }))
                }
            };
            let docs = match property {
                ReferenceOr::Item(item) => super::schema::docs_of(&item.schema_data),
                ReferenceOr::Reference { .. } => Docs::default(),
            };
            parts.push(FormPart {
                name: names.claim(ident::field_name(wire_name, "part")),
                wire_name: wire_name.clone(),
                required: facts.required.contains(wire_name),
                docs,
                kind,
                content_type: media.encoding.get(wire_name).and_then(|encoding| encoding.content_type.clone()),
            });
        }
        Some(MultipartForm {
            name: name(),
            docs: super::schema::docs_of(&schema.schema_data),
            parts,
        })
    }

    fn lower_responses(&mut self, responses: &openapiv3::Responses, op_at: &At) -> Vec<Response> {
        let at = op_at.child("responses", "Response");
        self.check_keys(at.doc, &at.pointer, is_status_key, |key| {
            let help = "use a status code such as `200`, a range such as `2XX`, or `default`";
            (format!("`{key}` is not an HTTP status code"), help.to_owned())
        });
        let mut entries: Vec<(StatusCode, String, &ReferenceOr<OaResponse>)> = responses
            .responses
            .iter()
            .map(|(status, response)| match status {
                OaStatus::Code(code) => (StatusCode::Code(*code), code.to_string(), response),
                OaStatus::Range(range) => (StatusCode::Range(*range as u8), format!("{range}XX"), response),
            })
            .collect();
        // A code before a range that holds it: `404` is read as itself, not as `4XX`, in
        // whichever order the document lists them (the spec's order otherwise).
        entries.sort_by_key(|(status, ..)| matches!(status, StatusCode::Range(_)));
        if let Some(default) = &responses.default {
            entries.push((StatusCode::Default, "default".to_owned(), default));
        }
        let with_body = entries.len();
        let mut out = Vec::new();
        for (status, key, response) in entries {
            let suffix = if with_body > 1 && !matches!(status, StatusCode::Code(200)) { ident::type_name(&key, "").to_string() } else { String::new() };
            let response_at = at.child(&key, &suffix);
            let Some((response, response_at)) = self.resolve_item(response, response_at) else { continue };
            let content = self.lower_content(&response.content, &response_at, None);
            let headers = self.lower_response_headers(&response.headers, &response_at);
            out.push(Response { status, docs: Docs { description: Some(response.description.clone()), assumption: super::assumption(&response.extensions), ..Docs::default() }, headers, content });
        }
        out
    }

    /// The documented headers of a response (`Content-Type` aside, which OpenAPI says to ignore),
    /// each optional: a server may leave any out.
    fn lower_response_headers(&mut self, headers: &IndexMap<String, ReferenceOr<openapiv3::Header>>, at: &At) -> Vec<Parameter> {
        let mut names = Namespace::default();
        let mut out = Vec::new();
        for (name, header) in headers {
            if name.eq_ignore_ascii_case("content-type") {
                continue;
            }
            let header_at = at.child("headers", "").child(name, "");
            let Some((header, header_at)) = self.resolve_item(header, header_at) else { continue };
            let hint = format!("{}{}Header", at.hint, ident::type_name(name, "Header"));
            let shape = match &header.format {
                ParameterSchemaOrContent::Schema(schema) => self.lower_use(schema, &header_at.child("schema", "").with_hint(hint)),
                ParameterSchemaOrContent::Content(_) => Shape::new(TypeRef::Primitive(Primitive::String)),
            };
            out.push(Parameter {
                name: names.claim(ident::field_name(name, "header")),
                wire_name: name.clone(),
                location: ParamLocation::Header,
                required: false,
                shape: Shape { nullable: false, ..shape },
                docs: Docs { description: header.description.clone(), deprecated: header.deprecated.unwrap_or(false), ..Docs::default() },
                explode: false,
                object_style: ObjectStyle::Json,
                separator: Separator::Comma,
                json_content: false,
            });
        }
        out
    }

    /// Reports the keys (other than `x-` extensions) of the mapping at `pointer` that are not
    /// `valid`: `openapiv3` drops them silently.
    fn check_keys(&mut self, doc: DocId, pointer: &str, valid: fn(&str) -> bool, problem: impl Fn(&str) -> (String, String)) {
        let target = Target { doc, pointer: pointer.into() };
        let Some(Value::Object(map)) = self.spec.value_at(&target) else { return };
        let invalid: Vec<String> = map.keys().filter(|key| !key.starts_with("x-") && !valid(key)).cloned().collect();
        for key in invalid {
            let (message, help) = problem(&key);
            self.error(self.spec.diagnostic(doc, &push_pointer(pointer, &key), message).with_help(help));
        }
    }

    pub(super) fn security_schemes(&mut self) -> Vec<SecurityScheme> {
        let Some(components) = &self.spec.openapi.components else { return Vec::new() };
        let mut out = Vec::new();
        let mut names = Namespace::default();
        for (key, scheme) in &components.security_schemes {
            let at = At { doc: DocId::ROOT, pointer: Pointer::from("/components/securitySchemes").push(key), hint: String::new() };
            let Some((scheme, _)) = self.resolve_item(scheme, at) else { continue };
            let (kind, description) = match scheme.into_owned() {
                OaScheme::APIKey { location, name, description, .. } => {
                    let location = match location {
                        openapiv3::APIKeyLocation::Query => ParamLocation::Query,
                        openapiv3::APIKeyLocation::Header => ParamLocation::Header,
                        openapiv3::APIKeyLocation::Cookie => ParamLocation::Cookie,
                    };
                    (SecurityKind::ApiKey { location, name }, description)
                }
                OaScheme::HTTP { scheme, bearer_format, description, .. } => match scheme.to_ascii_lowercase().as_str() {
                    "basic" => (SecurityKind::Basic, description),
                    "bearer" => (SecurityKind::Bearer { format: bearer_format }, description),
                    // Digest, HOBA, OAuth 1 signatures, …: credentials the caller computes per
                    // request travel as the whole `Authorization` header value.
                    other => {
                        let note = format!(
                            "HTTP `{other}` authentication: the client sends the `Authorization` header value it is given, which the caller computes."
                        );
                        let description = Some(description.map_or(note.clone(), |d| format!("{d}\n\n{note}")));
                        (SecurityKind::ApiKey { location: ParamLocation::Header, name: "Authorization".to_owned() }, description)
                    }
                },
                OaScheme::OAuth2 { description, .. } | OaScheme::OpenIDConnect { description, .. } => {
                    (SecurityKind::OAuth, description)
                }
            };
            let name = names.claim(ident::type_name(key, "Scheme"));
            out.push(SecurityScheme { key: key.clone(), name, kind, description });
        }
        out
    }

    pub(super) fn required_headers(&mut self) -> Vec<(String, String)> {
        let Some(value) = self.spec.openapi.extensions.get("x-required-headers") else { return Vec::new() };
        let Some(map) = value.as_object() else {
            let diagnostic = self
                .spec
                .diagnostic(DocId::ROOT, "/x-required-headers", "`x-required-headers` must map header names to values")
                .with_help("write e.g. `x-required-headers: {Content-Type: application/json}`");
            self.error(diagnostic);
            return Vec::new();
        };
        map.iter().map(|(name, value)| (name.clone(), value.as_str().map_or_else(|| value.to_string(), str::to_owned))).collect()
    }
}

/// The parameter names of a path template (`/pets/{petId}` → `petId`), or what is wrong with it.
fn path_template(path: &str) -> Result<Vec<&str>, String> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find(['{', '}']) {
        let after = &rest[open + 1..];
        if rest[open..].starts_with('}') {
            return Err(format!("the path `{path}` has a `}}` without a `{{` before it"));
        }
        let close = after.find(['{', '}']).filter(|&i| after[i..].starts_with('}'));
        let Some(close) = close else { return Err(format!("the path `{path}` has an unclosed `{{`")) };
        if after[..close].is_empty() {
            return Err(format!("the path `{path}` has an empty `{{}}`"));
        }
        names.push(&after[..close]);
        rest = &after[close + 1..];
    }
    Ok(names)
}

pub(super) fn servers(servers: &[openapiv3::Server]) -> Vec<Server> {
    servers
        .iter()
        .map(|server| Server {
            url: server.url.clone(),
            description: server.description.clone(),
            variables: server
                .variables
                .iter()
                .flatten()
                .map(|(name, variable)| ServerVariable {
                    name: name.clone(),
                    default: variable.default.clone(),
                    allowed: variable.enumeration.clone(),
                    description: variable.description.clone(),
                })
                .collect(),
        })
        .collect()
}

pub(super) fn requirements(security: &[openapiv3::SecurityRequirement]) -> Vec<SecurityRequirement> {
    let requirement = |requirement: &openapiv3::SecurityRequirement| SecurityRequirement {
        schemes: requirement.keys().cloned().collect(),
        scopes: requirement.values().cloned().collect(),
    };
    security.iter().map(requirement).collect()
}

fn strings(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        Some(Value::String(one)) => vec![one.clone()],
        _ => Vec::new(),
    }
}

fn is_json(media_type: &str) -> bool {
    is_json_media(media_type) || media_essence(media_type) == "*/*"
}

/// `default`, a status code (`404`) or a range (`4XX`).
fn is_status_key(key: &str) -> bool {
    let bytes = key.as_bytes();
    let digits = |range: std::ops::Range<usize>| bytes[range].iter().all(u8::is_ascii_digit);
    key == "default"
        || (bytes.len() == 3
            && (b'1'..=b'5').contains(&bytes[0])
            && (digits(1..3) || bytes[1..].eq_ignore_ascii_case(b"XX")))
}

fn parse_method(method: &str) -> Method {
    match method {
        "put" => Method::Put,
        "post" => Method::Post,
        "delete" => Method::Delete,
        "options" => Method::Options,
        "head" => Method::Head,
        "patch" => Method::Patch,
        "trace" => Method::Trace,
        _ => Method::Get,
    }
}

fn location_name(param: &OaParameter) -> &'static str {
    match param {
        OaParameter::Path { .. } => "path",
        OaParameter::Query { .. } => "query",
        OaParameter::Header { .. } => "header",
        OaParameter::Cookie { .. } => "cookie",
    }
}

/// `type: string, format: binary`: a file's bytes.
fn is_binary(schema: &openapiv3::Schema) -> bool {
    let facts = Facts::of(&schema.schema_kind);
    facts.typ == Some("string") && facts.format == Some("binary")
}

/// Security requirements that name a scheme `components/securitySchemes` does not define can
/// never be met: each is left out (reported), and a list left with none reads as unstated (the
/// operation's as the API's; the API's as no requirements: the client sends what it holds).
pub(super) fn undefined_schemes(api: &mut Api, spec: &Spec) -> Vec<Diagnostic> {
    let defined: Vec<String> = api.security_schemes.iter().map(|scheme| scheme.key.clone()).collect();
    let mut out = Vec::new();
    let mut check = |at: Pointer, stated: &mut Option<Vec<SecurityRequirement>>| {
        let Some(requirements) = stated else { return };
        let before = requirements.len();
        let mut index = 0;
        requirements.retain(|requirement| {
            let undefined: Vec<&String> = requirement.schemes.iter().filter(|key| !defined.contains(key)).collect();
            for key in &undefined {
                let message = format!("the security requirement names `{key}`, which `components/securitySchemes` does not define");
                out.push(
                    spec.diagnostic(DocId::ROOT, &at.push(&index.to_string()), message)
                        .with_repair("the requirement is left out (no credential meets it)")
                        .with_help(format!("define `{key}` under `components/securitySchemes`, or correct the name"))
                        .as_warning(),
                );
            }
            index += 1;
            undefined.is_empty()
        });
        if before > 0 && requirements.is_empty() {
            *stated = None;
        }
    };
    check(Pointer::from("/security"), &mut api.security);
    for op in &mut api.operations {
        let at = Pointer::from("/paths").push(&op.path).push(op.method.key()).push("security");
        check(at, &mut op.security);
    }
    out
}

/// A query object sent as its fields shares the query with the operation's other parameters and
/// its query API keys: a key that two of them send (a field `size` beside a parameter `size`)
/// leaves a server unable to tell the values apart. Reported at the object, once per pair; a
/// plain parameter named like a query API key too. `objects` are the query parameters of
/// `style: form` or `deepObject`: operation index, name, place.
pub(super) fn query_key_collisions(api: &Api, spec: &Spec, objects: &[(usize, String, At)]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (index, wire, at) in objects {
        let op = &api.operations[*index];
        let query: Vec<&Parameter> = op.params.iter().filter(|p| p.location == ParamLocation::Query).collect();
        let Some(mine) = query.iter().position(|p| p.wire_name == *wire) else { continue };
        // A map sent as its entries has no keys of its own: two of them share every key.
        let exploded_map = |p: &Parameter| p.object_style == ObjectStyle::Form && p.explode && api.query_map(&p.shape).is_some();
        if let Some(first) = query[..mine].iter().find(|p| exploded_map(p)).filter(|_| exploded_map(query[mine])) {
            let message = format!("the query parameters `{}` and `{wire}` are both maps sent as their entries (`key=value`): a server cannot tell whose a key is", first.wire_name);
            out.push(
                spec.diagnostic(at.doc, &at.pointer, message)
                    .with_repair("both are sent as the spec says; the mock reads every such key into each")
                    .with_help(format!("send one of them as `style: deepObject` (`{wire}[key]=`) or with `explode: false`"))
                    .as_warning(),
            );
        }
        let fields = query_keys(api, query[mine]);
        // The credentials the operation may send in the query.
        // (Every one held where the spec states no requirements.)
        let requirements = api.requirements(op);
        let sends = |key: &String| requirements.is_none_or(|requirements| requirements.iter().any(|r| r.schemes.contains(key)));
        let api_keys = api.security_schemes.iter().filter_map(|scheme| match &scheme.kind {
            SecurityKind::ApiKey { location: ParamLocation::Query, name } if sends(&scheme.key) => Some((&scheme.key, name)),
            _ => None,
        });
        let sent = fields.clone().unwrap_or_else(|| vec![wire.clone()]);
        for (scheme, name) in api_keys {
            if sent.contains(name) {
                let message = format!("the query parameter `{wire}` and the API key of security scheme `{scheme}` both send `{name}=`");
                out.push(
                    spec.diagnostic(at.doc, &at.pointer, message)
                        .with_repair("both are sent as the spec says")
                        .with_help(match fields {
                            Some(_) => format!("rename the field, or send `{wire}` as `style: deepObject` (`{wire}[field]=`)"),
                            None => format!("rename the parameter, or the `name` of security scheme `{scheme}`"),
                        })
                        .as_warning(),
                );
            }
        }
        let Some(keys) = fields else { continue };
        for (other, param) in query.iter().enumerate() {
            let theirs = query_keys(api, param);
            // A pair of objects is reported from the first of them.
            if other == mine || (other < mine && theirs.is_some()) {
                continue;
            }
            let theirs = theirs.unwrap_or_else(|| vec![param.wire_name.clone()]);
            if let Some(key) = keys.iter().find(|key| theirs.contains(key)) {
                let message = format!("the query parameters `{wire}` and `{}` both send `{key}=`: a server cannot tell their values apart", param.wire_name);
                out.push(
                    spec.diagnostic(at.doc, &at.pointer, message)
                        .with_repair("both are sent as the spec says")
                        .with_help(format!("rename one of them, or send `{wire}` as `style: deepObject` (`{wire}[field]=`)"))
                        .as_warning(),
                );
            }
        }
    }
    out
}

/// The keys a query object sends its fields under; `None` for a parameter sent under its name.
fn query_keys(api: &Api, param: &Parameter) -> Option<Vec<String>> {
    Some(api.query_field_keys(param)?.into_iter().map(|(key, _)| key).collect())
}

#[cfg(test)]
mod tests {
    use super::path_template;

    #[test]
    fn path_templates() {
        assert_eq!(path_template("/pets"), Ok(vec![]));
        assert_eq!(path_template("/pets/{petId}/toys/{toy_id}"), Ok(vec!["petId", "toy_id"]));
        assert_eq!(path_template("/files/{name}.{ext}"), Ok(vec!["name", "ext"]));
        for bad in ["/pets/{petId", "/pets/petId}", "/pets/{}", "/pets/{a{b}", "/pets/{a}}"] {
            assert!(path_template(bad).is_err(), "{bad}");
        }
    }

    /// Media types compare case-insensitively and without their parameters: each body reads
    /// as its essence says.
    #[test]
    fn bodies_follow_the_media_types_essence() {
        use crate::ir::BodyKind;
        let spec = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    post:
      operationId: a
      requestBody:
        content:
          Application/X-WWW-Form-Urlencoded: {schema: {type: object}}
          Application/JSON; charset=utf-8: {schema: {type: object}}
          application/problem+JSON: {schema: {type: object}}
          TEXT/Plain: {schema: {type: string}}
          Text/Event-Stream: {schema: {type: string}}
          application/jsonl: {schema: {type: string}}
      responses:
        '204': {description: done}
";
        let module = crate::lower_text("media.yaml", spec).unwrap();
        let body = module.api.operations[0].body.as_ref().unwrap();
        let kinds: Vec<&str> = body
            .content
            .iter()
            .map(|content| match content.body {
                BodyKind::Form { .. } => "form",
                BodyKind::Json(_) => "json",
                BodyKind::Text => "text",
                BodyKind::EventStream(_) => "events",
                BodyKind::Bytes => "bytes",
                _ => "other",
            })
            .collect();
        assert_eq!(kinds, ["form", "json", "json", "text", "events", "bytes"]);
    }

    /// An exploded query object's fields share the query's keys with the other parameters: a
    /// key two of them send is reported once, at the object; `deepObject` keys and a joined
    /// object's name do not collide with a field.
    #[test]
    fn query_objects_sharing_a_key_are_reported() {
        let spec = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /s:
    get:
      operationId: s
      parameters:
        - {name: size, in: query, schema: {type: integer}}
        - name: page
          in: query
          schema: {type: object, properties: {size: {type: integer}, number: {type: integer}}}
        - name: other
          in: query
          schema: {type: object, properties: {number: {type: integer}}}
        - name: deep
          in: query
          style: deepObject
          schema: {type: object, properties: {size: {type: integer}}}
        - name: joined
          in: query
          explode: false
          schema: {type: object, properties: {size: {type: integer}}}
      responses:
        '204': {description: done}
";
        let module = crate::lower_text("query.yaml", spec).unwrap();
        let found: Vec<(&str, &str, Option<usize>)> =
            module.warnings.iter().map(|w| (&*w.pointer, w.message.as_str(), w.location.map(|at| at.line))).collect();
        assert_eq!(
            found,
            [
                ("#/paths/~1s/get/parameters/1", "the query parameters `page` and `size` both send `size=`: a server cannot tell their values apart", Some(9)),
                ("#/paths/~1s/get/parameters/1", "the query parameters `page` and `other` both send `number=`: a server cannot tell their values apart", Some(9)),
            ]
        );
    }

    /// A field sent under the name of a query API key the operation uses is reported too.
    #[test]
    fn query_objects_sharing_a_key_with_an_api_key_are_reported() {
        let spec = "openapi: 3.0.3
info: {title: t, version: '1'}
security: [{key: []}]
paths:
  /s:
    get:
      operationId: s
      parameters:
        - name: page
          in: query
          schema: {type: object, properties: {token: {type: string}}}
        - {name: token, in: query, schema: {type: string}}
      responses:
        '204': {description: done}
components:
  securitySchemes:
    key: {type: apiKey, in: query, name: token}
";
        let module = crate::lower_text("query.yaml", spec).unwrap();
        let messages: Vec<&str> = module.warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "the query parameter `page` and the API key of security scheme `key` both send `token=`",
                "the query parameters `page` and `token` both send `token=`: a server cannot tell their values apart",
                "the query parameter `token` and the API key of security scheme `key` both send `token=`",
            ]
        );
    }

    #[test]
    fn status_keys() {
        for good in ["200", "404", "2XX", "5xx", "default"] {
            assert!(super::is_status_key(good), "{good}");
        }
        for bad in ["abc", "20", "2000", "600", "6XX", "2X0", "Default", "ok"] {
            assert!(!super::is_status_key(bad), "{bad}");
        }
    }

    /// A requirement naming an undefined scheme is left out; an operation left with none
    /// inherits the API's.
    #[test]
    fn requirements_naming_undefined_schemes_are_left_out() {
        let module = crate::lower_text("undefined.yaml", include_str!("../../../tests/fixtures/repaired/security_undefined_scheme.yaml")).unwrap();
        let schemes = |requirements: &[crate::ir::SecurityRequirement]| requirements.iter().map(|r| r.schemes.clone()).collect::<Vec<_>>();
        assert_eq!(module.api.security.as_deref().map(schemes), Some(vec![vec!["apiKey".to_owned()]]));
        assert_eq!(module.api.operations[0].security, None);
        assert_eq!(module.warnings.len(), 2);
    }
}
