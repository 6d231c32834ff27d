//! Requests → what an operation's struct sends: the Rust types of its parameters and body,
//! how each parameter travels (its `style` as a `ParamForm`), the path, query and header
//! builders, the body's encoding (JSON, form, multipart with its parts' checks), and the
//! validation of all of it before sending.

use proc_macro2::TokenStream;
use quote::{ToTokens, format_ident, quote};

use super::client::{is_cookie_name, is_token};
use super::docs::doc_attrs;
use super::builders::{constructor, required_arg, setter, takes_plain};
use super::tree::{Hole, Template, field_value, ident, ident_expr, ident_type, none};
use super::types::{option_of, shape_type_in, super_prefix, value_type_in};
use super::validate::{member_checks, value_checks, Checked};
use crate::ident::{self, Name, Namespace};
use crate::ir::{Api, BodyKind, Content, Field, MultipartForm, ObjectStyle, Operation, PartKind, ParamLocation, Parameter, Presence, Primitive, Separator, Shape, TypeKind, TypeRef};

/// The types a request's fields and arguments take, parsed once per thread.
struct Templates {
    text: syn::Type,
    bytes: syn::Type,
    multipart: syn::Type,
    upload: syn::Type,
    into_upload: syn::Type,
    reference: syn::Type,
    into: syn::Expr,
}

thread_local! {
    static TEMPLATES: Templates = Templates {
        text: syn::parse_quote!(str),
        bytes: syn::parse_quote!([u8]),
        multipart: syn::parse_quote!(support::Multipart<'a>),
        upload: syn::parse_quote!(support::Upload<'a>),
        into_upload: syn::parse_quote!(impl Into<support::Upload<'a>>),
        reference: syn::parse_quote!(&'a __T),
        into: syn::parse_quote!(__value.into()),
    };
}

/// The type of an operation's field holding `param`: `Option` of it when it is optional.
pub(super) fn param_type(api: &Api, param: &Parameter) -> syn::Type {
    let ty = value_type_in(api, &param.shape, &super_prefix());
    if param.required { ty } else { option_of(ty) }
}

fn body_type(api: &Api, body: &BodyKind) -> syn::Type {
    match body {
        BodyKind::Json(shape) | BodyKind::Form { shape, .. } => shape_type_in(api, shape, &super_prefix()),
        // A request sends a stream of events as the text it is.
        BodyKind::Text | BodyKind::EventStream(_) => TEMPLATES.with(|t| t.text.clone()),
        BodyKind::Bytes => TEMPLATES.with(|t| t.bytes.clone()),
        BodyKind::Multipart(Some(form)) => ident_type(form.name.ident()),
        BodyKind::Multipart(None) => TEMPLATES.with(|t| t.multipart.clone()),
    }
}

/// The type of the operation struct's field holding a body: a reference to the body, or for
/// bytes a `support::Upload` (bytes or a stream).
pub(super) fn body_field_type(api: &Api, body: &BodyKind) -> syn::Type {
    match body {
        BodyKind::Bytes => TEMPLATES.with(|t| t.upload.clone()),
        _ => {
            let ty = body_type(api, body);
            TEMPLATES.with(|t| t.reference.fill(&mut [("__T", Hole::Type(ty))]))
        }
    }
}

/// The argument a body is given as, and how it becomes the field.
pub(super) fn body_argument_type(api: &Api, body: &BodyKind, name: &Name) -> (syn::Type, syn::Expr) {
    match body {
        BodyKind::Bytes => TEMPLATES.with(|t| (t.into_upload.clone(), t.into.fill(&mut [("__value", Hole::Ident(name.ident()))]))),
        _ => (body_field_type(api, body), ident_expr(name.ident())),
    }
}

/// An expression of type `String` for a parameter value `value` (a reference).
/// How a parameter's value travels as text: a list of plain values (joined or repeated as its
/// location's style says), one plain value, or JSON. (Parameters are never nullable: lowering
/// makes a nullable one optional.)
pub(super) enum ParamForm {
    List,
    Text,
    Json,
    /// A query object of plain fields, as pairs (`style: form` or `deepObject`).
    Fields(ObjectStyle),
    /// A query map, as its entries (`style: form` or `deepObject`).
    Map(ObjectStyle),
    /// Any other value of a `deepObject` query parameter (nested objects, lists, unions), in
    /// brackets: `name[a][b]=1&name[list][0]=x`.
    Deep,
}

/// The form of `param`, and the expression reaching its value as an `Option` of a reference (a
/// slice for a list), whether it is required or not.
fn param_form(api: &Api, param: &Parameter) -> (ParamForm, TokenStream) {
    let field = param.name.ident();
    let form = form_of(api, param);
    let value = match (&form, param.required) {
        (ParamForm::List, true) => quote!(Some(self.#field.as_slice())),
        (ParamForm::List, false) => quote!(self.#field.as_deref()),
        (_, true) => quote!(Some(&self.#field)),
        (_, false) => quote!(self.#field.as_ref()),
    };
    (form, value)
}

/// How `param` travels as text (the mock reads it back the same way).
pub(super) fn form_of(api: &Api, param: &Parameter) -> ParamForm {
    if param.json_content {
        return ParamForm::Json;
    }
    let pairs = param.location == ParamLocation::Query && param.object_style != ObjectStyle::Json;
    if pairs && api.query_fields(&param.shape).is_some() {
        return ParamForm::Fields(param.object_style);
    }
    if pairs && api.query_map(&param.shape).is_some() {
        return ParamForm::Map(param.object_style);
    }
    if pairs && param.object_style == ObjectStyle::DeepObject && !api.displays_plainly(&param.shape) {
        return ParamForm::Deep;
    }
    form_of_shape(api, &param.shape)
}

/// How a value of `shape` travels as text (a parameter, a form part).
pub(super) fn form_of_shape(api: &Api, shape: &Shape) -> ParamForm {
    match &shape.ty {
        TypeRef::Array(items) if api.displays_plainly(items) && !items.nullable => ParamForm::List,
        _ if api.displays_plainly(shape) => ParamForm::Text,
        _ => ParamForm::Json,
    }
}

/// For a path parameter of text (a string, a list of them, a union or any value), the check
/// that its value names a segment of the documented path: a URL resolves `.` and `..` away,
/// and an empty value leaves the segment out.
fn segment_check(api: &Api, op: &Operation, param: &Parameter) -> Option<TokenStream> {
    // Only a parameter that is a whole segment (`/files/{name}`, not `/files/{name}.json`).
    let segment = format!("{{{}}}", param.wire_name);
    if param.location != ParamLocation::Path || !op.path.split('/').any(|part| part == segment) {
        return None;
    }
    let field = param.name.ident();
    let wire = &param.wire_name;
    let text = match (form_of(api, param), &param.shape.ty) {
        (ParamForm::List, TypeRef::Array(items)) if is_free_text(api, items) => quote!(&self.#field.join(",")),
        (ParamForm::Text, _) if is_free_text(api, &param.shape) => quote!(&self.#field),
        // A union or any value: the text it travels as (JSON content is quoted, never a dot).
        (ParamForm::Json, _) if !param.json_content => quote!(&support::param_text(&self.#field)),
        _ => return None,
    };
    Some(quote!(support::check_segment(#text, &path.field(#wire), errors);))
}

/// Whether a value of `shape` is free text (a string, or an alias of one).
fn is_free_text(api: &Api, shape: &Shape) -> bool {
    match &shape.ty {
        TypeRef::Primitive(Primitive::String) => true,
        TypeRef::Named { id, .. } => matches!(&api.type_def(*id).kind, TypeKind::Alias(inner) if is_free_text(api, inner)),
        _ => false,
    }
}

/// `fn path`: each path parameter's text, encoded, bound to its name, then the path with the
/// names in it (`format!("/pets/{pet_id}")`), which reads as written.
pub(super) fn emit_path(api: &Api, op: &Operation) -> TokenStream {
    let mut template = String::new();
    let mut bindings = Vec::new();
    let mut locals = Namespace::default();
    let mut rest = op.path.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { break };
        template.push_str(&rest[..open].replace('{', "{{").replace('}', "}}"));
        let name = &rest[open + 1..open + close];
        match op.params.iter().find(|p| p.location == ParamLocation::Path && p.wire_name == name) {
            Some(param) => {
                let field = param.name.ident();
                let local = locals.claim(param.name.unraw());
                template.push_str(&format!("{{{local}}}"));
                let text = match param_form(api, param).0 {
                    // OpenAPI's default `simple` style: `a,b`, each value encoded.
                    ParamForm::List => quote!(support::encode_path_list(&self.#field)),
                    ParamForm::Text => quote!(support::encode_path(&::std::string::ToString::to_string(&self.#field))),
                    ParamForm::Json if param.json_content => quote!(support::encode_path(&support::json_text(&self.#field))),
                    ParamForm::Json | ParamForm::Fields(_) | ParamForm::Map(_) | ParamForm::Deep => quote!(support::encode_path(&support::param_text(&self.#field))),
                };
                let local = local.ident();
                bindings.push(quote!(let #local = #text;));
            }
            None => template.push_str(&format!("{{{{{name}}}}}")),
        }
        rest = &rest[open + close + 1..];
    }
    template.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    let path = if bindings.is_empty() {
        let literal = template.replace("{{", "{").replace("}}", "}");
        quote!(String::from(#literal))
    } else {
        quote!(format!(#template))
    };
    quote! {
        fn path(&self) -> String {
            #(#bindings)*
            #path
        }
    }
}

pub(super) fn emit_query(api: &Api, op: &Operation) -> TokenStream {
    let pushes: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Query)
        .map(|param| {
            let wire = &param.wire_name;
            match param_form(api, param) {
                (ParamForm::List, values) => match (param.separator, param.explode) {
                    (Separator::Space, false) => quote!(support::push_query_separated(&mut query, #wire, #values, "%20");),
                    (Separator::Pipe, false) => quote!(support::push_query_separated(&mut query, #wire, #values, "%7C");),
                    (_, explode) => quote!(support::push_query_list(&mut query, #wire, #values, #explode);),
                },
                (ParamForm::Text, value) => quote!(support::push_query(&mut query, #wire, #value);),
                (ParamForm::Json, value) if param.json_content => quote!(support::push_query(&mut query, #wire, #value.map(support::json_text).as_deref());),
                (ParamForm::Json, value) => quote!(support::push_query_json(&mut query, #wire, #value);),
                (ParamForm::Fields(_), value) => query_pairs(api, param, value),
                (ParamForm::Deep, value) => quote!(support::push_query_deep(&mut query, #wire, #value);),
                (ParamForm::Map(style), value) => {
                    let style = map_style(style, param.explode);
                    quote!(support::push_query_map(&mut query, #wire, #value, support::MapStyle::#style);)
                }
            }
        })
        .collect();
    if pushes.is_empty() {
        return TokenStream::new();
    }
    quote! {
        fn query(&self) -> support::Query {
            let mut query = support::Query::new();
            #(#pushes)*
            query
        }
    }
}

/// The `support::MapStyle` variant of a query map of `style` (form or deepObject).
pub(super) fn map_style(style: ObjectStyle, explode: bool) -> TokenStream {
    match (style, explode) {
        (ObjectStyle::DeepObject, _) => quote!(Deep),
        (_, true) => quote!(Exploded),
        (_, false) => quote!(Joined),
    }
}

/// The pushes of a query object's fields: `a=1&b=2` (form, exploded), `name=a,1,b,2` (form,
/// joined) or `name[a]=1&name[b]=2` (deepObject); a field without a value is left out.
fn query_pairs(api: &Api, param: &Parameter, value: TokenStream) -> TokenStream {
    let wire = &param.wire_name;
    let reach = |field: &Field| {
        let member = field.name.ident();
        match field.presence() {
            Presence::Always => quote!(Some(&value.#member)),
            Presence::Optional => quote!(value.#member.as_ref()),
            Presence::Tristate => quote!(value.#member.as_ref().and_then(Option::as_ref)),
        }
    };
    let pushes = match api.query_field_keys(param) {
        Some(keys) => {
            let pushes = keys.into_iter().map(|(key, field)| {
                let reach = reach(field);
                quote!(support::push_query(&mut query, #key, #reach);)
            });
            quote!(#(#pushes)*)
        }
        None => {
            let entries = api.query_fields(&param.shape).into_iter().flat_map(|def| &def.fields).map(|field| {
                let (name, reach) = (&field.wire_name, reach(field));
                quote!((#name, #reach.map(::std::string::ToString::to_string)))
            });
            quote!(support::push_query_joined_fields(&mut query, #wire, &[#(#entries),*]);)
        }
    };
    if param.required {
        let field = param.name.ident();
        quote!({ let value = &self.#field; #pushes })
    } else {
        quote!(if let Some(value) = #value { #pushes })
    }
}

pub(super) fn emit_headers(api: &Api, op: &Operation) -> TokenStream {
    let inserts: Vec<TokenStream> = op
        .params
        .iter()
        .filter_map(|param| match param.location {
            ParamLocation::Header => {
                let name = param.wire_name.to_ascii_lowercase();
                is_token(&name).then(|| header_insert(api, param, &name, "header_param"))
            }
            // All in the one `Cookie` header, `a=1; b=2`.
            ParamLocation::Cookie if is_cookie_name(&param.wire_name) => Some(header_insert(api, param, &param.wire_name, "cookie_param")),
            _ => None,
        })
        .collect();
    if inserts.is_empty() {
        return TokenStream::new();
    }
    quote! {
        fn headers(&self, headers: &mut ::http::HeaderMap) -> ::std::result::Result<(), support::RequestError> {
            #(#inserts)*
            Ok(())
        }
    }
}

/// The statement that writes header or cookie parameter `param` under `name` with the `support`
/// function `write` (`header_param`, `cookie_param`), or its `_list` or `_json` form.
fn header_insert(api: &Api, param: &Parameter, name: &str, write: &str) -> TokenStream {
    let (list, json) = (format_ident!("{write}_list"), format_ident!("{write}_json"));
    let write = format_ident!("{write}");
    match param_form(api, param) {
        (ParamForm::List, values) => quote!(support::#list(headers, #name, #values)?;),
        (ParamForm::Text, value) => quote!(support::#write(headers, #name, #value)?;),
        (ParamForm::Json, value) if param.json_content => quote!(support::#write(headers, #name, #value.map(support::json_text).as_deref())?;),
        (ParamForm::Json | ParamForm::Fields(_) | ParamForm::Map(_) | ParamForm::Deep, value) => quote!(support::#json(headers, #name, #value)?;),
    }
}

pub(super) fn emit_body(required: bool, content: &Content) -> TokenStream {
    let media_type = &content.media_type;
    let media_type = quote!(::std::borrow::Cow::Borrowed(#media_type));
    let encode = match &content.body {
        BodyKind::Json(_) => {
            quote!(::serde_json::to_vec(body).map(|bytes| (#media_type, bytes)).map_err(|e| support::RequestError::Body(e.to_string())))
        }
        BodyKind::Form { deep, .. } => quote! {
            ::serde_json::to_value(body)
                .map_err(|e| support::RequestError::Body(e.to_string()))
                .map(|value| (#media_type, support::form_encode(&value, &[#(#deep),*]).into_bytes()))
        },
        BodyKind::Text | BodyKind::EventStream(_) => quote!(Ok((#media_type, body.as_bytes().to_vec()))),
        // A stream is sent by `upload`: the request built here carries the media type.
        BodyKind::Bytes => quote!(Ok((#media_type, body.as_bytes().unwrap_or_default().to_vec()))),
        // The media type names the boundary the form chose.
        BodyKind::Multipart(Some(_)) => quote!(body.to_multipart().map(|form| form.encode())),
        BodyKind::Multipart(None) => quote!(Ok(body.encode())),
    };
    let body = match (required, &content.body) {
        (true, BodyKind::Bytes) => quote!(let body = &self.body; Some(#encode)),
        (false, BodyKind::Bytes) => quote!(self.body.as_ref().map(|body| #encode)),
        (true, _) => quote!(let body = self.body; Some(#encode)),
        (false, _) => quote!(self.body.map(|body| #encode)),
    };
    quote! {
        fn body(&self) -> Option<::std::result::Result<support::RequestBody, support::RequestError>> {
            #body
        }
    }
}

/// A form's `new` with its required parts, and a `with_` setter per optional one.
fn form_builders(api: &Api, form: &MultipartForm) -> TokenStream {
    let mut methods = Namespace::with_reserved(&["new", "to_multipart"]);
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    for part in &form.parts {
        let field = part.name.ident();
        let (ty, plain): (syn::Type, bool) = match &part.kind {
            PartKind::File => (syn::parse_quote!(support::File), true),
            PartKind::Files => (syn::parse_quote!(Vec<support::File>), true),
            PartKind::Value(shape) => (value_type_in(api, shape, &super_prefix()), takes_plain(shape)),
        };
        if part.required {
            let (arg, init) = required_arg(field, ty, plain);
            args.push(arg);
            inits.push(init);
        } else {
            inits.push(field_value(field.clone(), Some(none())));
            let set = methods.claim(ident::prefixed_method("with", &part.name)).ident();
            let doc = format!(" Sets the part `{}`.", part.wire_name);
            setters.push(setter(&doc, set, field, ty, plain, false, Vec::new()));
        }
    }
    let new = constructor(" A form with the required parts; the optional ones are left out.", args, inits);
    quote! {
        #new

        #(#setters)*
    }
}

/// The checks of a form's parts (files have none).
fn form_checks(api: &Api, checked: &Checked, form: &MultipartForm) -> TokenStream {
    let mut checks = TokenStream::new();
    for part in &form.parts {
        if let PartKind::Value(shape) = &part.kind {
            let presence = if part.required { Presence::Always } else { Presence::Optional };
            checks.extend(super::validate::member_checks(api, checked, shape, presence, &part.name, &part.wire_name).into_token_stream());
        }
    }
    checks
}

/// The struct of a `multipart/form-data` body (a field per part), its writing as a
/// `support::Multipart` and its checks.
pub(super) fn emit_form(api: &Api, checked: &Checked, form: &MultipartForm, op: &Operation) -> TokenStream {
    let name = &form.name;
    let mut fields = Vec::new();
    let mut pushes = Vec::new();
    for part in &form.parts {
        let field = part.name.ident();
        let wire = &part.wire_name;
        let docs = if part.docs.has_text() {
            doc_attrs(&part.docs)
        } else {
            let doc = format!(" The part `{wire}`.");
            quote!(#[doc = #doc])
        };
        let ty = match &part.kind {
            PartKind::File => quote!(support::File),
            PartKind::Files => quote!(Vec<support::File>),
            PartKind::Value(shape) => value_type_in(api, shape, &super_prefix()).into_token_stream(),
        };
        let ty = if part.required { ty } else { quote!(Option<#ty>) };
        fields.push(quote!(#docs pub #field: #ty,));
        let typed = part.content_type.as_ref().map(|media_type| quote!(.with_content_type(#media_type)));
        // The part (or parts, of a list) of the field's value: `value` is a reference to it (a
        // slice for a list).
        let one = |value: TokenStream| match &part.kind {
            PartKind::File => quote!(form.push(support::Part::file(#wire, #value) #typed);),
            PartKind::Files => quote!(for file in #value { form.push(support::Part::file(#wire, file) #typed); }),
            // `encoding` saying JSON: the value as JSON, whatever its type.
            PartKind::Value(_) if part.sends_json() => {
                quote!(form.push(support::Part::json(#wire, #value)? #typed);)
            }
            PartKind::Value(shape) => match form_of_shape(api, shape) {
                ParamForm::List => {
                    quote!(for item in #value { form.push(support::Part::text(#wire, ::std::string::ToString::to_string(item)) #typed); })
                }
                ParamForm::Text => quote!(form.push(support::Part::text(#wire, ::std::string::ToString::to_string(#value)) #typed);),
                ParamForm::Json | ParamForm::Fields(_) | ParamForm::Map(_) | ParamForm::Deep => quote!(form.push(support::Part::json(#wire, #value)? #typed);),
            },
        };
        pushes.push(if part.required {
            one(quote!(&self.#field))
        } else {
            let push = one(quote!(value));
            quote!(if let Some(value) = &self.#field { #push })
        });
    }
    let checks = form_checks(api, checked, form);
    let docs = if form.docs.has_text() {
        doc_attrs(&form.docs)
    } else {
        let doc = format!(" The `multipart/form-data` body of [`{}`].", op.type_name);
        quote!(#[doc = #doc])
    };
    let form_var = if form.parts.is_empty() { quote!(form) } else { quote!(mut form) };
    let validate = if checks.is_empty() {
        quote!(impl support::Validate for #name {})
    } else {
        quote! {
            impl support::Validate for #name {
                fn validate_at(&self, path: &support::Path<'_>, errors: &mut support::ValidationErrors) {
                    #checks
                }
            }
        }
    };
    let builders = form_builders(api, form);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #builders

            /// The form's parts, in the spec's order (what the client sends).
            pub fn to_multipart(&self) -> ::std::result::Result<support::Multipart<'_>, support::RequestError> {
                let #form_var = support::Multipart::new();
                #(#pushes)*
                Ok(form)
            }
        }

        #validate
    }
}

/// How the struct whose `validate` is emitted holds the body: borrowed (the client's operation)
/// or owned (the mock's request).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BodyAccess {
    Borrowed,
    Owned,
}

pub(super) fn emit_validate(api: &Api, checked: &Checked, op: &Operation, access: BodyAccess) -> TokenStream {
    let borrow = (access == BodyAccess::Owned).then(|| quote!(&));
    let mut checks = TokenStream::new();
    for param in &op.params {
        // A parameter has no `null` on the wire: lowering made every one optional or required.
        let presence = if param.required { Presence::Always } else { Presence::Optional };
        checks.extend(member_checks(api, checked, &param.shape, presence, &param.name, &param.wire_name).into_token_stream());
        checks.extend(segment_check(api, op, param));
    }
    if let Some(body) = &op.body {
        if let Some(Content { body: BodyKind::Multipart(Some(form)), .. }) = body.content.first() {
            let checked_parts = form.parts.iter().any(|part| matches!(&part.kind, PartKind::Value(shape) if checked.shape_needs(shape)));
            if checked_parts {
                let validate = quote!(support::Validate::validate_at(value, path, errors));
                checks.extend(if body.required {
                    quote!({ let value = #borrow self.body; #validate; })
                } else {
                    quote!(if let Some(value) = #borrow self.body { #validate; })
                });
            }
        }
        if let Some(Content { body: BodyKind::Json(shape), .. }) = body.content.first() {
            let inner = value_checks(api, checked, &Shape { nullable: false, ..shape.clone() }, ident("value"), ident("path"));
            if !inner.is_empty() {
                checks.extend(if body.required {
                    quote!({ let value = #borrow self.body; #(#inner)* })
                } else {
                    quote!(if let Some(value) = #borrow self.body { #(#inner)* })
                });
            }
        }
    }
    if checks.is_empty() {
        return TokenStream::new();
    }
    quote! {
        fn validate(&self) -> ::std::result::Result<(), support::ValidationErrors> {
            let mut found = support::ValidationErrors::default();
            let errors = &mut found;
            let path = &support::Path::ROOT;
            #checks
            found.into_result()
        }
    }
}
