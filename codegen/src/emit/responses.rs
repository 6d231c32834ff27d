//! Responses → what an operation's `parse` reads: the enum of its successes, the enum of its
//! documented errors (a variant per status, named after it), the match from status to variant,
//! each body's reader, and the struct of its documented success headers.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use super::requests::{form_of_shape, ParamForm};
use super::docs::doc_attrs;
use super::types::{lenient_value_seed, super_prefix, value_type_in};
use crate::ident::{self, Name};
use crate::ir::{documents_code, Api, BodyKind, Content, Docs, Operation, Parameter, Primitive, Response, Shape, StatusCode, Successes, TypeKind, TypeRef};

/// What a call of `op` returns; an enum of its successes is reached through `client` (the
/// path of the client module from where the type is written, empty in it).
pub(super) fn output_type(api: &Api, op: &Operation, client: &TokenStream) -> TokenStream {
    match op.successes() {
        Successes::One(content) => success_body_type(api, content),
        Successes::Optional { body, .. } => {
            let ty = success_body_type(api, Some(body));
            quote!(Option<#ty>)
        }
        Successes::Several(name, _) => quote!(#client #name),
    }
}

/// The Rust type a success's body reads as (`()` for none).
pub(super) fn success_body_type(api: &Api, content: Option<&Content>) -> TokenStream {
    match content {
        Some(Content { body: BodyKind::Json(shape), .. }) => value_type_in(api, shape, &super_prefix()).into_token_stream(),
        Some(Content { body: BodyKind::Text, .. }) => quote!(String),
        Some(Content { body: BodyKind::EventStream(shape), .. }) => {
            let data = value_type_in(api, shape, &super_prefix());
            quote!(Vec<support::Event<#data>>)
        }
        Some(_) => quote!(support::RawBody),
        None => quote!(()),
    }
}

pub(super) fn variant_name(status: StatusCode) -> Name {
    let known = |code: u16| -> Option<&'static str> {
        Some(match code {
            200 => "Ok",
            201 => "Created",
            202 => "Accepted",
            203 => "NonAuthoritativeInformation",
            204 => "NoContent",
            205 => "ResetContent",
            206 => "PartialContent",
            400 => "BadRequest",
            401 => "Unauthorized",
            402 => "PaymentRequired",
            403 => "Forbidden",
            404 => "NotFound",
            405 => "MethodNotAllowed",
            406 => "NotAcceptable",
            408 => "RequestTimeout",
            409 => "Conflict",
            410 => "Gone",
            412 => "PreconditionFailed",
            413 => "PayloadTooLarge",
            415 => "UnsupportedMediaType",
            422 => "UnprocessableEntity",
            429 => "TooManyRequests",
            500 => "InternalServerError",
            501 => "NotImplemented",
            502 => "BadGateway",
            503 => "ServiceUnavailable",
            504 => "GatewayTimeout",
            _ => return None,
        })
    };
    match status {
        StatusCode::Code(code) => match known(code) {
            Some(name) => ident::type_name(name, "Status"),
            None => ident::type_name("Status", "Status").with_suffix(&code.to_string()),
        },
        StatusCode::Range(range) => ident::type_name("Status", "Status").with_suffix(&format!("{range}xx")),
        StatusCode::Default => ident::type_name("Default", "Default"),
    }
}

pub(super) fn error_responses(op: &Operation) -> impl Iterator<Item = &Response> {
    op.responses.iter().filter(|r| !matches!(r.status, StatusCode::Code(200..=299) | StatusCode::Range(2)))
}

fn error_body_type(api: &Api, response: &Response) -> TokenStream {
    match response.content.first() {
        Some(Content { body: BodyKind::Json(shape), .. }) => {
            let ty = value_type_in(api, shape, &super_prefix());
            quote!(support::ErrorBody<#ty>)
        }
        _ => quote!(support::ErrorBody),
    }
}

/// The enum of an operation's successes where they read as different bodies: a variant per
/// documented 2xx response, holding its body.
pub(super) fn emit_success_enum(api: &Api, op: &Operation) -> Option<TokenStream> {
    let Successes::Several(name, responses) = op.successes() else { return None };
    let variants = responses.iter().map(|response| {
        let variant = variant_name(response.status);
        let docs = status_docs(response);
        match response.content.first() {
            Some(content) => {
                let ty = success_body_type(api, Some(content));
                quote!(#docs #variant(#ty),)
            }
            None => quote!(#docs #variant,),
        }
    });
    let doc = format!(" The documented successes of `{}`, each with the body it carries.", op.operation_id);
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        // Returned once per call and matched: boxing a large body would cost an allocation.
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
        }
    })
}

/// A response variant's docs: the response's description, else its status.
fn status_docs(response: &Response) -> TokenStream {
    if response.docs.has_text() {
        return doc_attrs(&response.docs);
    }
    let doc = match response.status {
        StatusCode::Code(code) => format!(" Status {code}."),
        StatusCode::Range(class) => format!(" A status {class}XX."),
        StatusCode::Default => " Any status not listed.".to_owned(),
    };
    quote!(#[doc = #doc])
}

pub(super) fn emit_error_enum(api: &Api, op: &Operation, error: &Name) -> TokenStream {
    let variants = error_responses(op).map(|response| {
        let name = variant_name(response.status);
        let docs = status_docs(response);
        let ty = error_body_type(api, response);
        quote!(#docs #name(#ty),)
    });
    let names: Vec<_> = error_responses(op).map(|response| variant_name(response.status)).collect();
    let raw_body = if names.is_empty() { quote!(match *self {}) } else { quote!(match self { #(Self::#names(body) => &body.raw,)* }) };
    let doc = format!(" The documented error responses of `{}`.", op.operation_id);
    // Returned once per call and matched: boxing a large body would cost an allocation.
    let large = error_responses(op)
        .flat_map(|response| response.content.first())
        .any(|content| matches!(&content.body, BodyKind::Json(shape) if api.holds_object_inline(shape)))
        .then(|| quote!(#[allow(clippy::large_enum_variant)]));
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #large
        pub enum #error {
            #(#variants)*
        }

        impl support::ApiError for #error {
            fn raw_body(&self) -> &support::RawBody {
                #raw_body
            }
        }
    }
}

pub(super) fn emit_parse(api: &Api, op: &Operation, error: &Name) -> TokenStream {
    let mut arms = Vec::new();
    let successes = op.successes();
    for response in op.responses.iter().filter(|response| response.status.is_success()) {
        let pattern = status_pattern(&op.responses, response.status);
        let content = response.content.first();
        let read = match &successes {
            Successes::One(output) => match (content, output) {
                (Some(Content { body: BodyKind::Json(_), .. }), Some(output)) => read_body(api, output, None),
                (_, Some(output)) if !matches!(output.body, BodyKind::Json(_)) => read_body(api, output, None),
                (None, None) | (Some(_), None) => quote!(Ok(())),
                // A 2xx response with another body than the one documented: keep what came.
                _ => quote!(support::unexpected_status(status, body)),
            },
            Successes::Optional { body: output, .. } => match content {
                Some(_) => read_body(api, output, Some(quote!(Some))),
                None => quote!(Ok(None)),
            },
            Successes::Several(name, _) => {
                let variant = variant_name(response.status);
                match content {
                    Some(content) => read_body(api, content, Some(quote!(#name::#variant))),
                    None => quote!(Ok(#name::#variant)),
                }
            }
        };
        arms.push(quote!(#pattern => #read,));
    }
    let mut default = None;
    for response in error_responses(op) {
        let name = variant_name(response.status);
        let seed = match response.content.first() {
            Some(Content { body: BodyKind::Json(shape), .. }) => lenient_value_seed(api, shape),
            _ => None,
        };
        let read = match seed {
            None => quote!(support::api_error(status, body, #error::#name)),
            Some(seed) => quote!(support::api_error_seed(status, body, #error::#name, #seed)),
        };
        if response.status == StatusCode::Default {
            default = Some(read);
        } else {
            let pattern = status_pattern(&op.responses, response.status);
            arms.push(quote!(#pattern => #read,));
        }
    }
    let fallback = match default {
        Some(read) => quote!(_ if !status.is_success() => #read, _ => support::unexpected_status(status, body),),
        None => quote!(_ => support::unexpected_status(status, body),),
    };
    quote! {
        fn parse(status: ::http::StatusCode, body: &[u8]) -> ::std::result::Result<Self::Output, support::Error<Self::Error>> {
            match status.as_u16() {
                #(#arms)*
                #fallback
            }
        }
    }
}

/// The expression that reads a success's body of `content` from `status` and `body`, the value
/// passed to `wrap` (`Some`, an enum's variant) when there is one.
fn read_body(api: &Api, content: &Content, wrap: Option<TokenStream>) -> TokenStream {
    let read = match &content.body {
        BodyKind::Json(shape) => match lenient_value_seed(api, shape) {
            None => quote!(support::parse_json(status, body)),
            Some(seed) => quote!(support::parse_json_seed(status, body, #seed)),
        },
        BodyKind::EventStream(shape) => {
            let read = event_reader(api, shape);
            quote!(support::parse_events(status, body, #read))
        }
        // Reading text or bytes cannot fail.
        BodyKind::Text | BodyKind::Bytes | BodyKind::Form { .. } | BodyKind::Multipart(_) => {
            let value = match content.body {
                BodyKind::Text => quote!(String::from_utf8_lossy(body).into_owned()),
                _ => quote!(support::RawBody(body.to_vec())),
            };
            return match wrap {
                Some(wrap) => quote!(Ok(#wrap(#value))),
                None => quote!(Ok(#value)),
            };
        }
    };
    match wrap {
        Some(wrap) => quote!(#read.map(#wrap)),
        None => read,
    }
}

/// Whether events with data of `shape` keep it as text (a plain string), rather than JSON.
pub(super) fn is_text(shape: &Shape) -> bool {
    !shape.nullable && matches!(shape.ty, TypeRef::Primitive(Primitive::String))
}

/// The function that reads one event's data of `shape`: kept as text, read as JSON, or read
/// as JSON through the seed of its lenient integers (a closure that captures nothing, so it is
/// the `fn` pointer the event stream holds).
pub(super) fn event_reader(api: &Api, shape: &Shape) -> TokenStream {
    if is_text(shape) {
        return quote!(support::event_text);
    }
    match lenient_value_seed(api, shape) {
        None => quote!(support::event_json),
        Some(seed) => quote!(|data| support::event_json_seed(data, #seed)),
    }
}

/// The pattern of `status` among `responses`. A range's arm follows its documented codes' arms;
/// codes at its ends are left out of it (the same statuses reach it, and clippy reads a range
/// starting at an earlier arm's code as overlapping it).
fn status_pattern(responses: &[Response], status: StatusCode) -> TokenStream {
    match status {
        StatusCode::Code(code) => quote!(#code),
        StatusCode::Range(range) => {
            let own = |code: &u16| !documents_code(responses, *code);
            let (first, last) = (u16::from(range) * 100, u16::from(range) * 100 + 99);
            let low = (first..=last).find(own).unwrap_or(first);
            let high = (low..=last).rev().find(own).unwrap_or(last);
            quote!(#low..=#high)
        }
        StatusCode::Default => quote!(_),
    }
}

/// The struct of the headers `op`'s successful responses document, with a reader of a
/// response's `HeaderMap` (`client::GetThingHeaders::read(response.headers())`).
pub(super) fn emit_response_headers(api: &Api, op: &Operation) -> Option<TokenStream> {
    let name = op.headers_name.as_ref()?;
    let mut headers: Vec<&Parameter> = Vec::new();
    for header in op.responses.iter().filter(|r| r.status.is_success()).flat_map(|r| &r.headers) {
        if !headers.iter().any(|h| h.wire_name.eq_ignore_ascii_case(&header.wire_name)) {
            headers.push(header);
        }
    }
    let fields = headers.iter().map(|header| {
        let field = &header.name;
        let ty = value_type_in(api, &header.shape, &super_prefix());
        let description = match &header.docs.description {
            Some(description) => format!("`{}`: {description}", header.wire_name),
            None => format!("`{}`.", header.wire_name),
        };
        let docs = doc_attrs(&Docs { description: Some(description), ..header.docs.clone() });
        quote!(#docs pub #field: Option<#ty>,)
    });
    let reads = headers.iter().map(|header| {
        let field = &header.name;
        let wire = header.wire_name.to_ascii_lowercase();
        let read = header_reader(api, &header.shape);
        quote!(#field: support::header_text(headers, #wire) #read,)
    });
    let writes = headers.iter().map(|header| {
        let field = &header.name;
        let wire = header.wire_name.to_ascii_lowercase();
        let text = match form_of_shape(api, &header.shape) {
            ParamForm::Text => quote!(::std::string::ToString::to_string(value)),
            ParamForm::List => quote!(support::join_simple(value)),
            ParamForm::Json | ParamForm::Fields(_) | ParamForm::Map(_) | ParamForm::Deep => quote!(support::param_text(value)),
        };
        quote!(if let Some(value) = &self.#field { headers.push((#wire, #text)); })
    });
    let doc = format!(" The headers the successful responses of `{}` document; each may be absent.", op.operation_id);
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, Default)]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            /// Reads them from a response's headers; one that is absent or does not read is `None`.
            pub fn read(headers: &::http::HeaderMap) -> Self {
                Self { #(#reads)* }
            }
        }

        impl support::WriteHeaders for #name {
            fn write_headers(&self, headers: &mut Vec<(&'static str, String)>) {
                #(#writes)*
            }
        }
    })
}

/// What turns an `Option<&str>` of a header's text into `Option` of its value.
fn header_reader(api: &Api, shape: &Shape) -> TokenStream {
    match &shape.ty {
        TypeRef::Primitive(Primitive::String) => quote!(.map(str::to_owned)),
        TypeRef::Primitive(_) => quote!(.and_then(|text| text.trim().parse().ok())),
        TypeRef::Named { id, .. } => match &api.type_def(*id).kind {
            TypeKind::StringEnum(_) => quote!(.map(Into::into)),
            TypeKind::Alias(inner) if !inner.nullable && matches!(inner.ty, TypeRef::Primitive(_) | TypeRef::Named { .. }) => header_reader(api, inner),
            _ => quote!(.and_then(support::read_param_text)),
        },
        // OpenAPI's `simple` style, as request headers send lists: `a,b`.
        TypeRef::Array(items) if api.displays_plainly(items) && !items.nullable => {
            let item = header_item_reader(api, items);
            quote!(.and_then(|text| support::header_list(text, #item)))
        }
        _ => quote!(.and_then(support::read_param_text)),
    }
}

/// The function that reads one item of a header's list (trimmed text) as a value of `shape`,
/// one that [`Api::displays_plainly`].
fn header_item_reader(api: &Api, shape: &Shape) -> TokenStream {
    match &shape.ty {
        TypeRef::Primitive(Primitive::String) => quote!(|item| Some(item.to_owned())),
        TypeRef::Named { id, .. } => match &api.type_def(*id).kind {
            TypeKind::StringEnum(_) => quote!(|item| Some(item.into())),
            TypeKind::Alias(inner) => header_item_reader(api, inner),
            _ => quote!(|item| item.parse().ok()),
        },
        _ => quote!(|item| item.parse().ok()),
    }
}
