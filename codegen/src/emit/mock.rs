//! Operations → the `mock` module of an API (feature `mock`): `MockServer` with a stub method per
//! operation, and per operation the request as the mock receives it (its parameters and an owned
//! body) implementing `support::mock::Endpoint`, which reads it back from HTTP, validates it as
//! the client does, and writes the operation's responses from typed values. The server itself,
//! the request checks and the stubs are generic, in the runtime's `support::mock`.

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use super::client;
use super::requests::{self, ParamForm};
use super::features::Gate;
use super::types::{lenient_seed, shape_type_in, super_prefix};
use super::validate::Checked;
use crate::ident::{Name, Namespace};
use crate::ir::{
    documents_code, Api, BodyKind, Content, Method, MultipartForm, ObjectStyle, Operation, ParamLocation, Parameter, PartKind, Response, SecurityKind, Separator, Shape, StatusCode, Successes, TypeKind, TypeRef,
};

/// The methods of `support::mock::Server` (which `MockServer` derefs to) and of the traits it
/// implements: no operation's stub method may take them.
const SERVER_METHODS: &[&str] =
    &["start", "uri", "stub", "received", "received_with_headers", "rejected", "unanswered", "report", "verify", "wiremock", "deref", "fmt"];

/// The items of the `mock` module before the operations: `MockServer`, its start, and the table
/// of every operation's check.
pub fn emit_mock_head(api: &Api, gates: &[Gate]) -> TokenStream {
    let routes = api.operations.iter().zip(gates).map(|(op, gate)| {
        let strukt = &op.type_name;
        quote!(#gate support::mock::check::<#strukt>)
    });
    let doc = format!(
        " A mock of {} for tests, on a free loopback port: give [`support::mock::Server::uri`] to the client \
         as its base URL, stub operations with typed values (`mock.operation().respond(&value)`), \
         and read what was sent back as typed values (`mock.operation().received()`). A request \
         the API would refuse (no credential, a required header missing, parameters or a body that \
         do not read or break the spec's rules) gets the documented error response before any \
         stub sees it, and is listed by `rejected()`; a request no stub answers gets 501 with the header `x-mock-unanswered` (not a documented 404), and is listed by `unanswered()`.",
        api.title
    );
    quote! {
        use crate::support;

        #[doc = #doc]
        #[derive(Debug)]
        pub struct MockServer(support::mock::Server);

        impl MockServer {
            /// Starts a mock server; it stops when dropped, after checking the stubs' expected counts.
            pub async fn start() -> Self {
                MockServer(support::mock::Server::start(ROUTES, super::client::REQUIRED_HEADERS).await)
            }
        }

        impl ::std::ops::Deref for MockServer {
            type Target = support::mock::Server;

            fn deref(&self) -> &support::mock::Server {
                &self.0
            }
        }

        /// The check of every operation, in the spec's order.
        const ROUTES: &[support::mock::Route] = &[#(#routes),*];
    }
}

/// A run of operations: their stub methods on `MockServer`, then each one's request type and
/// `Endpoint` impl.
pub fn emit_endpoints(api: &Api, checked: &Checked, ops: &[Operation], gates: &[Gate], shadowing: &[Vec<&str>]) -> TokenStream {
    let methods = ops.iter().zip(gates).map(|(op, gate)| {
        let strukt = &op.type_name;
        let method = Namespace::with_reserved(SERVER_METHODS).claim(op.name.clone());
        let doc = format!(" Stubs `{} {}` (operationId `{}`).", client::method_name(op.method), op.path, op.operation_id);
        quote! {
            #[doc = #doc]
            #gate
            pub fn #method(&self) -> support::mock::Stub<'_, #strukt> {
                self.0.stub()
            }
        }
    });
    let items = ops.iter().zip(gates).zip(shadowing).map(|((op, gate), shadowing)| gate.items(emit_endpoint(api, checked, op, shadowing)));
    quote! {
        impl MockServer {
            #(#methods)*
        }

        #(#items)*
    }
}

fn emit_endpoint(api: &Api, checked: &Checked, op: &Operation, shadowing: &[&str]) -> TokenStream {
    let strukt = &op.type_name;
    let error = &op.error_name;
    let body = super::calls::body_of(op);
    let fields = op.params.iter().map(|param| super::calls::param_field(api, param));
    let body_field = body.map(|(required, content)| {
        let ty = owned_body_type(api, &content.body);
        let ty = if required { ty } else { quote!(Option<#ty>) };
        quote!(/// The request body.
            pub body: #ty,)
    });
    let reads = op.params.iter().map(|param| {
        let field = param.name.ident();
        let read = read_param(api, op, param);
        quote!(#field: #read,)
    });
    let body_read = body.map(|(required, content)| {
        let read = match &content.body {
            BodyKind::Json(shape) => match lenient_seed(api, shape) {
                None => quote!(request.json_body()?),
                Some(seed) => quote!(request.json_body_seed(#seed)?),
            },
            BodyKind::Form { shape, deep } => {
                let lists = form_lists(api, shape);
                let json_first = api.holds_union_or_any(shape);
                quote!(request.form_body(&[#(#lists),*], &[#(#deep),*], #json_first)?)
            }
            BodyKind::Text | BodyKind::EventStream(_) => quote!(request.text_body()?),
            BodyKind::Bytes => quote!(request.bytes_body()),
            BodyKind::Multipart(Some(form)) => read_form(api, form),
            BodyKind::Multipart(None) => quote!(request.multipart_body()?),
        };
        if required {
            quote!(body: support::mock::required("the body", #read)?,)
        } else {
            quote!(body: #read,)
        }
    });
    let reads_request = body.is_some() || op.params.iter().any(is_sent);
    let request = if reads_request { quote!(request) } else { quote!(_request) };
    let body_media = body.map(|(_, content)| {
        let media_type = &content.media_type;
        quote!(const BODY: Option<&'static str> = Some(#media_type);)
    });
    let doc = format!(
        " `{} {}` (operationId `{}`) as the mock receives it: its parameters and body.",
        client::method_name(op.method),
        op.path,
        op.operation_id
    );
    let method = client::http_method(op.method);
    let (path, operation_id) = (&op.path, &op.operation_id);
    let shadowed_by = (!shadowing.is_empty()).then(|| quote!(const SHADOWED_BY: &'static [&'static str] = &[#(#shadowing),*];));
    let output = super::responses::output_type(api, op, &quote!(super::client::));
    let security = security(api, op);
    let errors = documented_errors(op);
    let validate = requests::emit_validate(api, checked, op, requests::BodyAccess::Owned);
    let success = emit_success(op);
    let failure = emit_failure(op, error);
    let headers = match &op.headers_name {
        Some(name) => quote!(super::client::#name),
        None => quote!(()),
    };
    let same = emit_same_as_sent(op, body.map(|(required, content)| (required, &content.body)));
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub struct #strukt {
            #(#fields,)*
            #body_field
        }

        impl support::mock::Endpoint for #strukt {
            type Output = #output;
            type Error = super::client::#error;
            type Headers = #headers;
            const METHOD: ::http::Method = ::http::Method::#method;
            const PATH: &'static str = #path;
            #shadowed_by
            const OPERATION_ID: &'static str = #operation_id;
            const SECURITY: &'static [&'static [support::mock::Credential]] = #security;
            #body_media
            #errors

            fn read(#request: &support::mock::Incoming<'_>) -> ::std::result::Result<Self, support::mock::Rejection> {
                Ok(#strukt { #(#reads)* #body_read })
            }

            #validate
            #success
            #failure
        }

        #same
    }
}

/// For each operation, in order, the paths of the operations that shadow it (see [`shadows`]).
/// Only templates of the same method and number of segments can: each is compared with the
/// others of its group, not with every operation (Microsoft Graph has thousands).
pub fn shadowing(api: &Api) -> Vec<Vec<&str>> {
    let segments: Vec<Vec<Segment>> = api.operations.iter().map(|op| op.path.split('/').map(Segment::of).collect()).collect();
    let mut groups: std::collections::BTreeMap<(Method, usize), Vec<usize>> = std::collections::BTreeMap::new();
    for (index, op) in api.operations.iter().enumerate() {
        groups.entry((op.method, segments[index].len())).or_default().push(index);
    }
    let mut shadowing = vec![Vec::new(); api.operations.len()];
    for members in groups.values() {
        for &general in members {
            // `members` is in operation order, so each list is too.
            shadowing[general] =
                members.iter().filter(|&&specific| shadows(&segments[specific], &segments[general])).map(|&specific| api.operations[specific].path.as_str()).collect();
        }
    }
    shadowing
}

/// A segment of a path template, with how concrete it is: 2 literal, 1 literal text around a
/// parameter, 0 a bare parameter.
struct Segment<'a> {
    text: &'a str,
    rank: u8,
}

impl<'a> Segment<'a> {
    fn of(text: &'a str) -> Self {
        let bare = text.starts_with('{') && text.ends_with('}') && text.matches('{').count() == 1;
        let rank = match (text.contains('{'), bare) {
            (false, _) => 2,
            (true, false) => 1,
            (true, true) => 0,
        };
        Segment { text, rank }
    }
}

/// Whether the path template of `specific` takes paths that of `general` would match too
/// (both split at `/`). OpenAPI matches concrete paths before templated ones (`/items/search`
/// over `/items/{id}`) and leaves the rest open; the mock decides at the first segment where
/// they differ in kind: a literal beats literal text around a parameter, which beats a bare
/// parameter. Templates whose literal segments differ never meet. Only operations of the same
/// method are compared: a path that has no operation of the request's method leaves it to the
/// templated one that has.
fn shadows(specific: &[Segment], general: &[Segment]) -> bool {
    if specific.len() != general.len() {
        return false;
    }
    let mut verdict = None;
    for (s, g) in specific.iter().zip(general) {
        if s.rank == 2 && g.rank == 2 && s.text != g.text {
            return false;
        }
        if verdict.is_none() && s.rank != g.rank {
            verdict = Some(s.rank > g.rank);
        }
    }
    verdict == Some(true)
}

/// `PartialEq` with the client's operation: the request the mock received is the one sent
/// (`assert_eq!(mock.received::<X>().await, [operation])`).
fn emit_same_as_sent(op: &Operation, body: Option<(bool, &BodyKind)>) -> TokenStream {
    let strukt = &op.type_name;
    let lifetime = body.map(|_| quote!(<'_>));
    let mut comparisons: Vec<TokenStream> = op
        .params
        .iter()
        .map(|param| {
            let field = param.name.ident();
            quote!(self.#field == sent.#field)
        })
        .collect();
    comparisons.extend(body.map(|(required, kind)| match (required, kind) {
        (true, BodyKind::Json(_) | BodyKind::Form { .. } | BodyKind::Multipart(_)) => quote!(self.body == *sent.body),
        (true, BodyKind::Text | BodyKind::Bytes | BodyKind::EventStream(_)) => quote!(self.body == sent.body),
        (false, BodyKind::Bytes) => quote!(self.body.as_deref() == sent.body.as_ref().and_then(support::Upload::as_bytes)),
        (false, BodyKind::Json(_) | BodyKind::Form { .. } | BodyKind::Multipart(_)) => quote!(self.body.as_ref() == sent.body),
        (false, BodyKind::Text | BodyKind::EventStream(_)) => quote!(self.body.as_deref() == sent.body),
    }));
    let (sent, same) = if comparisons.is_empty() { (quote!(_sent), quote!(true)) } else { (quote!(sent), quote!(#(#comparisons)&&*)) };
    quote! {
        impl PartialEq<super::client::#strukt #lifetime> for #strukt {
            fn eq(&self, #sent: &super::client::#strukt #lifetime) -> bool {
                #same
            }
        }
    }
}

/// The owned type of a body the client borrows.
fn owned_body_type(api: &Api, body: &BodyKind) -> TokenStream {
    match body {
        BodyKind::Json(shape) | BodyKind::Form { shape, .. } => shape_type_in(api, shape, &super_prefix()).into_token_stream(),
        BodyKind::Text | BodyKind::EventStream(_) => quote!(String),
        BodyKind::Bytes => quote!(Vec<u8>),
        BodyKind::Multipart(Some(form)) => {
            let name = &form.name;
            quote!(super::client::#name)
        }
        BodyKind::Multipart(None) => quote!(support::Multipart<'static>),
    }
}

/// The expression reading a form body as its struct (`None` without a body): each part the
/// inverse of how the client writes it.
fn read_form(api: &Api, form: &MultipartForm) -> TokenStream {
    let name = &form.name;
    let fields = form.parts.iter().map(|part| {
        let field = part.name.ident();
        let wire = &part.wire_name;
        let json = part.sends_json();
        let (read, list) = match &part.kind {
            PartKind::File => (quote!(form.file(#wire)), false),
            PartKind::Files => (quote!(form.files(#wire)), true),
            PartKind::Value(shape) if !json && matches!(requests::form_of_shape(api, shape), ParamForm::List) => (quote!(form.values(#wire)?), true),
            PartKind::Value(_) => (quote!(form.value(#wire)?), false),
        };
        // A list sent empty has no part at all: a required one reads as empty.
        let read = match (part.required, list) {
            (true, true) => quote!(#read.unwrap_or_default()),
            (true, false) => {
                let what = format!("the part `{wire}`");
                quote!(support::mock::required(#what, #read)?)
            }
            (false, _) => read,
        };
        quote!(#field: #read,)
    });
    quote! {
        request
            .multipart_body()?
            .map(|form| -> ::std::result::Result<super::client::#name, support::mock::Rejection> {
                Ok(super::client::#name { #(#fields)* })
            })
            .transpose()?
    }
}

/// The expression reading a parameter from `request`, of the field's type: the inverse of how
/// the client writes it (`client::param_form`).
fn read_param(api: &Api, op: &Operation, param: &Parameter) -> TokenStream {
    let form = requests::form_of(api, param);
    let required = param.required;
    let wire = &param.wire_name;
    let (read, what) = match param.location {
        ParamLocation::Path => {
            let read = match form {
                ParamForm::List => quote!(request.path_list(#wire)?),
                ParamForm::Text => quote!(request.path(#wire)?),
                ParamForm::Json | ParamForm::Fields(_) | ParamForm::Map(_) | ParamForm::Deep => quote!(request.path_json(#wire)?),
            };
            // A path parameter is always there once the path matched.
            return if param.required { read } else { quote!(Some(#read)) };
        }
        ParamLocation::Query => {
            let read = match form {
                ParamForm::List => match (param.separator, param.explode) {
                    (Separator::Space, false) => quote!(request.query_separated(#wire, ' ')?),
                    (Separator::Pipe, false) => quote!(request.query_separated(#wire, '|')?),
                    (_, explode) => quote!(request.query_list(#wire, #explode)?),
                },
                ParamForm::Text => quote!(request.query(#wire)?),
                ParamForm::Json => quote!(request.query_json(#wire)?),
                ParamForm::Fields(ObjectStyle::DeepObject) | ParamForm::Deep => {
                    let json_first = api.holds_union_or_any(&param.shape);
                    quote!(request.query_deep(#wire, #required, #json_first)?)
                }
                ParamForm::Fields(_) if !param.explode => quote!(request.query_joined(#wire, #required)?),
                ParamForm::Fields(_) => {
                    let keys = api.query_field_keys(param).into_iter().flatten().map(|(key, _)| key);
                    quote!(request.query_fields(#wire, &[#(#keys),*], #required)?)
                }
                ParamForm::Map(style) => {
                    let style = requests::map_style(style, param.explode);
                    // An exploded map's entries are the keys no other parameter sends.
                    let others = claimed_query_keys(api, op, param);
                    let json_first = api.holds_union_or_any(&param.shape);
                    quote!(request.query_map(#wire, support::MapStyle::#style, &[#(#others),*], #required, #json_first)?)
                }
            };
            (read, format!("query parameter `{wire}`"))
        }
        ParamLocation::Header => {
            let name = wire.to_ascii_lowercase();
            let read = match form {
                _ if !is_sent(param) => quote!(None),
                ParamForm::List => quote!(request.header_list(#name)?),
                ParamForm::Text => quote!(request.header(#name)?),
                ParamForm::Json | ParamForm::Fields(_) | ParamForm::Map(_) | ParamForm::Deep => quote!(request.header_json(#name)?),
            };
            (read, format!("header `{wire}`"))
        }
        ParamLocation::Cookie => {
            let read = match form {
                _ if !is_sent(param) => quote!(None),
                ParamForm::List => quote!(request.cookie_list(#wire)?),
                ParamForm::Text => quote!(request.cookie(#wire)?),
                ParamForm::Json | ParamForm::Fields(_) | ParamForm::Map(_) | ParamForm::Deep => quote!(request.cookie_json(#wire)?),
            };
            (read, format!("cookie `{wire}`"))
        }
    };
    if param.required {
        quote!(support::mock::required(#what, #read)?)
    } else {
        read
    }
}

/// The wire names of a form body's properties that are lists: a list of plain values is sent
/// as the name repeated (`tag=a&tag=b`), so one value is a list of one too (another list as
/// JSON, which the mock reads from the one value).
fn form_lists<'a>(api: &'a Api, shape: &Shape) -> Vec<&'a str> {
    let TypeRef::Named { id, .. } = shape.ty else { return Vec::new() };
    match &api.type_def(id).kind {
        TypeKind::Struct(def) => def.fields.iter().filter(|field| matches!(field.shape.ty, TypeRef::Array(_))).map(|field| field.wire_name.as_str()).collect(),
        TypeKind::Alias(inner) => form_lists(api, inner),
        _ => Vec::new(),
    }
}

/// Whether the client sends `param`: not a header or cookie whose name is no HTTP token (there
/// is nothing to read for those).
fn is_sent(param: &crate::ir::Parameter) -> bool {
    match param.location {
        ParamLocation::Path | ParamLocation::Query => true,
        ParamLocation::Header => client::is_token(&param.wire_name.to_ascii_lowercase()),
        ParamLocation::Cookie => client::is_cookie_name(&param.wire_name),
    }
}

/// `Some("media/type")` of a response's first content, or `None`.
fn media_type_of(response: &Response) -> TokenStream {
    match response.content.first() {
        Some(content) => {
            let media_type = &content.media_type;
            quote!(Some(#media_type))
        }
        None => quote!(None),
    }
}

/// The query keys of `op` that other parameters than `param` send, and its API keys: a name, or
/// (for a deepObject) the name its keys start with before `[`.
fn claimed_query_keys(api: &Api, op: &Operation, param: &Parameter) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for other in op.params.iter().filter(|other| other.location == ParamLocation::Query && other.wire_name != param.wire_name) {
        keys.push(other.wire_name.clone());
        keys.extend(api.query_field_keys(other).into_iter().flatten().map(|(key, _)| key));
    }
    keys.extend(api.security_schemes.iter().filter_map(|scheme| match &scheme.kind {
        SecurityKind::ApiKey { location: ParamLocation::Query, name } => Some(name.clone()),
        _ => None,
    }));
    keys
}

/// The credentials that authenticate `op`: its own requirements, else the API's.
fn security(api: &Api, op: &Operation) -> TokenStream {
    let requirements = api.requirements(op).unwrap_or_default();
    let groups = requirements.iter().map(|requirement| {
        let credentials = requirement.schemes.iter().filter_map(|key| {
            let scheme = api.security_schemes.iter().find(|scheme| &scheme.key == key)?;
            Some(match &scheme.kind {
                SecurityKind::ApiKey { location: ParamLocation::Query, name } => quote!(support::mock::Credential::Query(#name)),
                SecurityKind::ApiKey { location: ParamLocation::Cookie, name } => quote!(support::mock::Credential::Cookie(#name)),
                SecurityKind::ApiKey { name, .. } => {
                    let header = name.to_ascii_lowercase();
                    quote!(support::mock::Credential::Header(#header))
                }
                SecurityKind::Basic => quote!(support::mock::Credential::Basic),
                SecurityKind::Bearer { .. } | SecurityKind::OAuth => quote!(support::mock::Credential::Bearer),
            })
        });
        quote!(&[#(#credentials),*])
    });
    quote!(&[#(#groups),*])
}

/// The documented error responses, for the mock's refusals.
fn documented_errors(op: &Operation) -> Option<TokenStream> {
    let errors: Vec<TokenStream> = super::responses::error_responses(op)
        .map(|response| {
            let status = match response.status {
                StatusCode::Code(code) => {
                    let code = proc_macro2::Literal::u16_unsuffixed(code);
                    quote!(support::mock::Status::Code(#code))
                }
                StatusCode::Range(class) => {
                    let class = proc_macro2::Literal::u8_unsuffixed(class);
                    quote!(support::mock::Status::Range(#class))
                }
                StatusCode::Default => quote!(support::mock::Status::Default),
            };
            let media_type = media_type_of(response);
            let example = match response.content.first().and_then(|content| content.example.as_ref()) {
                Some(example) => {
                    let text = example.to_string();
                    quote!(Some(#text))
                }
                None => quote!(None),
            };
            quote!(support::mock::Documented { status: #status, media_type: #media_type, example: #example })
        })
        .collect();
    (!errors.is_empty()).then(|| quote!(const ERRORS: &'static [support::mock::Documented] = &[#(#errors),*];))
}

/// The status a documented response is answered with: its code; for a range, the first code
/// in it that the operation does not document on its own; for `default`, the first code (from
/// 500, then 400) that no documented code or range holds. The client reads the answer as the
/// same response.
fn status_of(responses: &[Response], status: StatusCode) -> u16 {
    let ranged = |code: u16| responses.iter().any(|response| response.status == StatusCode::Range((code / 100) as u8));
    match status {
        StatusCode::Code(code) => code,
        StatusCode::Range(range) => {
            let low = u16::from(range) * 100;
            (low..low + 100).find(|code| !documents_code(responses, *code)).unwrap_or(low)
        }
        StatusCode::Default => (500..600).chain(400..500).find(|code| !documents_code(responses, *code) && !ranged(*code)).unwrap_or(500),
    }
}

/// The reply to a success of `response` holding `output` (a reference to its body).
fn success_reply(op: &Operation, response: &Response, output: &TokenStream) -> TokenStream {
    let status = proc_macro2::Literal::u16_unsuffixed(status_of(&op.responses, response.status));
    match response.content.first() {
        Some(Content { media_type, body: BodyKind::Json(_), .. }) => quote!(support::mock::Reply::json(#status, #media_type, #output)),
        Some(Content { media_type, body: BodyKind::Text, .. }) => quote!(support::mock::Reply::text(#status, #media_type, #output)),
        Some(Content { media_type, body: BodyKind::EventStream(shape), .. }) => {
            let write = if super::responses::is_text(shape) { quote!(String::clone) } else { quote!(support::event_data_json) };
            quote!(support::mock::Reply::events(#status, #media_type, #output, #write))
        }
        Some(Content { media_type, .. }) => quote!(support::mock::Reply::bytes(#status, #media_type, #output.0.clone())),
        None => quote!(support::mock::Reply::new(#status)),
    }
}

fn emit_success(op: &Operation) -> TokenStream {
    let output = quote!(output);
    let reply = match op.successes() {
        Successes::One(_) => match op.success() {
            Some(response) => success_reply(op, response, &output),
            None => quote!(support::mock::Reply::new(200)),
        },
        Successes::Optional { bodiless, .. } => {
            // `op.success()` is the first success with the body.
            let some = op.success().map(|response| success_reply(op, response, &output));
            let none = success_reply(op, bodiless, &output);
            quote!(match output { Some(output) => #some, None => #none })
        }
        Successes::Several(name, responses) => {
            let arms = responses.iter().map(|response| {
                let variant = super::responses::variant_name(response.status);
                let reply = success_reply(op, response, &output);
                match response.content.first() {
                    Some(_) => quote!(super::client::#name::#variant(output) => #reply,),
                    None => quote!(super::client::#name::#variant => #reply,),
                }
            });
            quote!(match output { #(#arms)* })
        }
    };
    // Without a body there is nothing of `output` to write.
    let output = if op.success_content().is_some() { output } else { quote!(_output) };
    quote! {
        fn success(#output: &Self::Output) -> support::mock::Reply {
            #reply
        }
    }
}

fn emit_failure(op: &Operation, error: &Name) -> TokenStream {
    let arms: Vec<TokenStream> = super::responses::error_responses(op)
        .map(|response| {
            let variant = super::responses::variant_name(response.status);
            let status = proc_macro2::Literal::u16_unsuffixed(status_of(&op.responses, response.status));
            let media_type = media_type_of(response);
            quote!(super::client::#error::#variant(body) => support::mock::Reply::error(#status, #media_type, body),)
        })
        .collect();
    let body = if arms.is_empty() { quote!(match *error {}) } else { quote!(match error { #(#arms)* }) };
    quote! {
        fn failure(error: &Self::Error) -> support::mock::Reply {
            #body
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ident;

    fn shadows(specific: &str, general: &str) -> bool {
        let specific: Vec<Segment> = specific.split('/').map(Segment::of).collect();
        let general: Vec<Segment> = general.split('/').map(Segment::of).collect();
        super::shadows(&specific, &general)
    }

    #[test]
    fn concrete_paths_shadow_templated_ones() {
        assert!(shadows("/items/search", "/items/{id}"));
        assert!(!shadows("/items/{id}", "/items/search"));
        assert!(shadows("/items/{id}.json", "/items/{id}"), "literal text around a parameter is more concrete");
        assert!(shadows("/a/{x}/c", "/{y}/b/c"), "the first segment that differs in kind decides");
        assert!(!shadows("/a/{x}/c", "/{y}/b/d"), "different literal segments never meet");
        assert!(!shadows("/items/{id}", "/items/{key}"), "the same kinds: neither is more concrete");
        assert!(!shadows("/items/search", "/items/{id}/files"));
    }

    #[test]
    fn stub_methods_keep_clear_of_the_servers_own() {
        let mut names = Namespace::with_reserved(SERVER_METHODS);
        assert_eq!(names.claim(ident::field_name("start", "op")).as_str(), "start2");
        assert_eq!(names.claim(ident::field_name("report", "op")).as_str(), "report2");
        assert_eq!(names.claim(ident::field_name("unanswered", "op")).as_str(), "unanswered2");
        assert_eq!(Namespace::with_reserved(SERVER_METHODS).claim(ident::field_name("get_pet", "op")).as_str(), "get_pet");
    }

    #[test]
    fn documented_statuses_answer_with_their_own_code() {
        let response = |status| Response { status, docs: Default::default(), headers: Vec::new(), content: Vec::new() };
        let responses = [response(StatusCode::Code(400)), response(StatusCode::Code(500)), response(StatusCode::Range(4))];
        assert_eq!(status_of(&responses, StatusCode::Code(404)), 404);
        assert_eq!(status_of(&responses, StatusCode::Range(4)), 401, "400 is documented on its own");
        assert_eq!(status_of(&responses, StatusCode::Range(2)), 200);
        assert_eq!(status_of(&responses, StatusCode::Default), 501);
        let ranges = [response(StatusCode::Range(5)), response(StatusCode::Default)];
        assert_eq!(status_of(&ranges, StatusCode::Default), 400, "5XX holds every 5xx");
    }
}
