//! Operations → the `client` module of an API: one sans-IO struct per operation implementing
//! `support::Operation`, an error enum per operation, `Auth` from the security schemes, the
//! servers, and `Client` with one async method per operation.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::doc_attrs;
use super::features::Gate;
use super::models::{lenient_value_seed, shape_type_in, value_type_in};
use super::validate::{member_checks, value_checks, Checked};
use crate::ident::{self, Name, Namespace};
use crate::ir::{
    Api, BodyKind, Content, Docs, Field, Method, MultipartForm, ObjectStyle, Operation, PartKind, ParamLocation, Parameter, Presence, Primitive, Response, SecurityKind, SecurityRequirement,
    documents_code, Separator, Shape, StatusCode, Successes, TypeKind, TypeRef,
};


/// The items of the `client` module before the operations: servers, required headers, `Auth`,
/// `Client` and its operation-independent methods.
pub fn emit_client_head(api: &Api) -> TokenStream {
    let servers = emit_servers(api);
    let auth = emit_auth(api);
    let auth_arg = auth_of(api, &quote!(self));
    let auth_field = (!api.security_schemes.is_empty()).then(|| quote!(auth: support::Credentials<Auth>,));
    let auth_init = (!api.security_schemes.is_empty()).then(|| quote!(auth: support::Credentials::new(SECURITY),));
    let auth_clone = (!api.security_schemes.is_empty()).then(|| quote!(auth: self.auth.clone(),));
    // Where an operation has a server of its own, the client knows the API's servers.
    let config = if api.operations.iter().any(|op| own_server(api, op).is_some()) {
        let urls = api.servers.iter().map(|server| server.default_url().trim_end_matches('/').to_owned());
        quote!(support::ClientConfig { api_servers: &[#(#urls),*], ..support::ClientConfig::new(base_url) })
    } else {
        quote!(support::ClientConfig::new(base_url))
    };
    let with_auth = (!api.security_schemes.is_empty()).then(|| {
        quote! {
            /// Holds `auth` beside the credentials of other schemes (in place of one of its own
            /// scheme); each request carries those its operation's security requirements name.
            pub fn with_auth(mut self, auth: Auth) -> Self {
                self.auth.hold(auth);
                self
            }
        }
    });
    let required: Vec<(String, &str)> =
        api.required_headers.iter().map(|(name, value)| (name.to_ascii_lowercase(), value.as_str())).collect();
    let (header_names, header_values): (Vec<_>, Vec<_>) = required.iter().filter(|(name, _)| is_token(name)).cloned().unzip();
    quote! {
        use crate::support;

        #servers

        /// Headers the API requires on every request, with their values.
        pub const REQUIRED_HEADERS: &[(&str, &str)] = &[#((#header_names, #header_values)),*];

        #auth

        /// A client for this API. Validates each request before sending it (see
        /// [`support::ClientConfig`] to turn that or retries off, or to change the timeout).
        /// Clones share the transport.
        #[derive(Debug)]
        pub struct Client<T> {
            config: support::ClientConfig,
            #auth_field
            transport: ::std::sync::Arc<T>,
        }

        impl<T> ::std::clone::Clone for Client<T> {
            fn clone(&self) -> Self {
                Client { config: self.config.clone(), #auth_clone transport: ::std::sync::Arc::clone(&self.transport) }
            }
        }

        #[cfg(feature = "reqwest")]
        impl Client<support::ReqwestTransport> {
            /// A client for `base_url` (one of [`SERVERS`], or any other) over reqwest with rustls and
            /// the platform's certificate store (without one, `https` calls fail, plain `http` works).
            pub fn new(base_url: impl Into<String>) -> Self {
                Client::with_transport(base_url, support::ReqwestTransport::default())
            }
        }

        impl<T: support::Transport + Sync> Client<T> {
            /// A client for `base_url` over another transport.
            pub fn with_transport(base_url: impl Into<String>, transport: T) -> Self {
                Client { config: #config, #auth_init transport: ::std::sync::Arc::new(transport) }
            }

            #with_auth

            /// Timeout, retries, validation and base URL.
            pub fn config_mut(&mut self) -> &mut support::ClientConfig {
                &mut self.config
            }

            /// Waits at most `timeout` for each attempt's answer (30 s unless set).
            pub fn with_timeout(mut self, timeout: ::std::time::Duration) -> Self {
                self.config.timeout = timeout;
                self
            }

            /// Retries as `retry` says (`support::RetryPolicy::NONE`: never).
            pub fn with_retry(mut self, retry: support::RetryPolicy) -> Self {
                self.config.retry = retry;
                self
            }

            /// Gives up a call, retries included, after `deadline` (none unless set).
            pub fn with_deadline(mut self, deadline: ::std::time::Duration) -> Self {
                self.config.deadline = Some(deadline);
                self
            }

            /// Sends any operation of this API.
            pub async fn send<O: support::Operation + Sync>(&self, operation: &O) -> ::std::result::Result<support::ResponseValue<O::Output>, support::Error<O::Error>> {
                support::send(&*self.transport, &self.config, REQUIRED_HEADERS, #auth_arg, operation).await
            }
        }

        impl<T: support::Transport + Sync, O: support::Operation + Sync> support::Call<'_, Client<T>, O> {
            /// Validates, sends and reads the call.
            pub async fn send(self) -> ::std::result::Result<support::ResponseValue<O::Output>, support::Error<O::Error>> {
                self.client.send(&self.operation).await
            }
        }
    }
}

/// A run of operations (`names` are theirs, in the same order): one `impl Client` block with
/// their methods, then each operation's struct, `Operation` impl and error enum. The client
/// module is emitted in such runs, on several threads.
pub fn emit_operations(api: &Api, checked: &Checked, ops: &[Operation], gates: &[Gate]) -> TokenStream {
    let methods = ops.iter().zip(gates).map(|(op, gate)| {
        let method = emit_method(api, op);
        quote!(#gate #method)
    });
    let items = ops.iter().zip(gates).map(|(op, gate)| {
        let operation = emit_operation(api, checked, op);
        let setters = emit_setters(api, op);
        let headers = emit_response_headers(api, op);
        let stream = emit_stream(api, op);
        gate.items(quote!(#operation #setters #headers #stream))
    });
    quote! {
        impl<T: support::Transport + Sync> Client<T> {
            #(#methods)*
        }

        #(#items)*
    }
}

fn emit_servers(api: &Api) -> TokenStream {
    let servers = api.servers.iter().map(|server| {
        let url = server.default_url();
        let description = server.description.clone().unwrap_or_default();
        let template = &server.url;
        quote!(Server { url: #url, template: #template, description: #description })
    });
    quote! {
        /// A server the spec lists.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct Server {
            /// The URL with every variable at its default.
            pub url: &'static str,
            /// The URL as the spec writes it, with `{variables}`.
            pub template: &'static str,
            /// What the spec says about it (empty when nothing).
            pub description: &'static str,
        }

        /// The servers of the spec, in its order.
        pub const SERVERS: &[Server] = &[#(#servers),*];
    }
}

fn emit_auth(api: &Api) -> TokenStream {
    if api.security_schemes.is_empty() {
        return TokenStream::new();
    }
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    let mut keys = Vec::new();
    for scheme in &api.security_schemes {
        let (variant, key) = (&scheme.name, &scheme.key);
        let description = scheme.description.clone().filter(|text| !text.trim().is_empty()).or_else(|| {
            Some(match &scheme.kind {
                SecurityKind::ApiKey { location, name } => format!("An API key, sent as the `{name}` {}.", super::docs::location_words(*location)),
                SecurityKind::Basic => "A user name and password (HTTP Basic).".to_owned(),
                SecurityKind::Bearer { .. } => "A bearer token (`Authorization: Bearer`).".to_owned(),
                SecurityKind::OAuth => "An OAuth access token, obtained elsewhere.".to_owned(),
            })
        });
        let docs = doc_attrs(&Docs { description, ..Docs::default() });
        match &scheme.kind {
            SecurityKind::ApiKey { location, name } => {
                keys.push(quote!(Auth::#variant(_) => #key,));
                variants.push(quote!(#docs #variant(support::Secret),));
                let header = name.to_ascii_lowercase();
                arms.push(match location {
                    ParamLocation::Query => quote!(Auth::#variant(key) => query.push(#name, key.expose()),),
                    ParamLocation::Cookie => quote!(Auth::#variant(key) => support::add_cookie(headers, #name, key.expose(), true)?,),
                    _ if is_token(&header) => quote!(Auth::#variant(key) => support::insert_header(headers, #header, key.expose(), true)?,),
                    _ => quote!(Auth::#variant(_) => return Err(support::RequestError::InvalidHeader(#name)),),
                });
            }
            SecurityKind::Basic => {
                keys.push(quote!(Auth::#variant { .. } => #key,));
                variants.push(quote! {
                    #docs
                    #variant {
                        /// The user name.
                        username: String,
                        /// The password, never shown by `Debug`.
                        password: support::Secret,
                    },
                });
                arms.push(quote! {
                    Auth::#variant { username, password } => support::insert_header(headers, "authorization", &support::basic_authorization(username, password), true)?,
                });
            }
            SecurityKind::Bearer { .. } | SecurityKind::OAuth => {
                keys.push(quote!(Auth::#variant(_) => #key,));
                variants.push(quote!(#docs #variant(support::Secret),));
                arms.push(quote! {
                    Auth::#variant(token) => support::insert_header(headers, "authorization", &format!("Bearer {}", token.expose()), true)?,
                });
            }
        }
    }
    let uses_query = api.security_schemes.iter().any(|s| matches!(s.kind, SecurityKind::ApiKey { location: ParamLocation::Query, .. }));
    let uses_headers = api.security_schemes.iter().any(|s| !matches!(s.kind, SecurityKind::ApiKey { location: ParamLocation::Query, .. }));
    let query = if uses_query { quote!(query) } else { quote!(_query) };
    let headers = if uses_headers { quote!(headers) } else { quote!(_headers) };
    let security = requirements_const(api.security.as_deref());
    quote! {
        /// The API's security requirements (any one of them, each naming the schemes whose
        /// credentials travel together; `None`: the spec states none).
        pub const SECURITY: Option<support::Requirements> = #security;

        /// Credentials, one variant per security scheme of the spec. Secrets never show in `Debug`.
        #[derive(Debug, Clone)]
        pub enum Auth {
            #(#variants)*
        }

        impl support::Credential for Auth {
            fn scheme(&self) -> &'static str {
                match self {
                    #(#keys)*
                }
            }

            fn apply(&self, #headers: &mut ::http::HeaderMap, #query: &mut support::Query) -> ::std::result::Result<(), support::RequestError> {
                match self {
                    #(#arms)*
                }
                Ok(())
            }
        }
    }
}

/// `Some(&[&["a", "b"], …])`: requirements as `support::Requirements`.
fn requirements_const(requirements: Option<&[SecurityRequirement]>) -> TokenStream {
    match requirements {
        Some(requirements) => {
            let groups = requirements.iter().map(|requirement| {
                let keys = &requirement.schemes;
                quote!(&[#(#keys),*])
            });
            quote!(Some(&[#(#groups),*]))
        }
        None => quote!(None),
    }
}

/// The `Option<&dyn support::Authenticate>` a call passes on: `client`'s credentials, if the API
/// has any.
fn auth_of(api: &Api, client: &TokenStream) -> TokenStream {
    if api.security_schemes.is_empty() {
        quote!(None)
    } else {
        quote!(Some(&#client.auth as &dyn support::Authenticate))
    }
}

/// The punctuation an HTTP token may hold besides letters and digits (RFC 9110's `tchar`).
const TOKEN_PUNCTUATION: &[u8] = b"!#$%&'*+-.^_`|~";

/// Whether `name` can be a cookie's name (an HTTP token), so that `name=value` reads back.
pub(super) fn is_cookie_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || TOKEN_PUNCTUATION.contains(&b))
}

/// Whether `name` can be an HTTP header name (`http::HeaderName::from_static` would panic
/// otherwise, so names that are not are never emitted there).
pub(super) fn is_token(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || TOKEN_PUNCTUATION.contains(&b))
}

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
fn success_body_type(api: &Api, content: Option<&Content>) -> TokenStream {
    match content {
        Some(Content { body: BodyKind::Json(shape), .. }) => value_type_in(api, shape, &quote!(super::)),
        Some(Content { body: BodyKind::Text, .. }) => quote!(String),
        Some(Content { body: BodyKind::EventStream(shape), .. }) => {
            let data = value_type_in(api, shape, &quote!(super::));
            quote!(Vec<support::Event<#data>>)
        }
        Some(_) => quote!(support::RawBody),
        None => quote!(()),
    }
}

fn emit_operation(api: &Api, checked: &Checked, op: &Operation) -> TokenStream {
    let (strukt, error) = (&op.type_name, &op.error_name);
    let docs = doc_attrs(&Docs { notes: operation_notes(api, op), ..op.docs.clone() });
    let body = op.body.as_ref().and_then(|b| b.content.first().map(|c| (b.required, c)));
    let lifetime = body.map(|_| quote!(<'a>));
    let fields = op.params.iter().map(|param| param_field(api, param));
    let body_field = body.map(|(required, content)| {
        let ty = body_field_type(api, &content.body);
        let ty = if required { ty } else { quote!(Option<#ty>) };
        quote!(/// The request body.
            pub body: #ty,)
    });
    let method = http_method(op.method);
    let operation_id = &op.operation_id;
    let mut media_types: Vec<&str> = op.responses.iter().flat_map(|r| &r.content).map(|c| c.media_type.as_str()).collect();
    media_types.sort_unstable();
    media_types.dedup();
    let server = own_server(api, op).map(|server| quote!(const SERVER: Option<&'static str> = Some(#server);));
    // Requirements of its own, where they differ from the API's (and credentials are sent at all).
    let security = (!api.security_schemes.is_empty() && op.security.is_some() && op.security != api.security).then(|| {
        let requirements = requirements_const(op.security.as_deref());
        quote!(const SECURITY: Option<support::Requirements> = #requirements;)
    });
    let accept = (!media_types.is_empty()).then(|| {
        let accept = media_types.join(", ");
        quote!(const ACCEPT: Option<&'static str> = Some(#accept);)
    });
    let output = output_type(api, op, &TokenStream::new());
    let path = emit_path(api, op);
    let query = emit_query(api, op);
    let headers = emit_headers(api, op);
    let body_fn = body.map(|(required, content)| emit_body(required, content));
    let upload_fn = body.filter(|(_, content)| matches!(content.body, BodyKind::Bytes)).map(|(required, _)| {
        let upload = if required { quote!(Some(&self.body)) } else { quote!(self.body.as_ref()) };
        quote! {
            fn upload(&self) -> Option<&support::Upload<'_>> {
                #upload
            }
        }
    });
    let validate = emit_validate(api, checked, op, BodyAccess::Borrowed);
    let parse = emit_parse(api, op, error);
    let success_enum = emit_success_enum(api, op);
    let error_enum = emit_error_enum(api, op, error);
    let form = body.and_then(|(_, content)| match &content.body {
        BodyKind::Multipart(Some(form)) => Some(emit_form(api, checked, form, op)),
        _ => None,
    });
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub struct #strukt #lifetime {
            #(#fields)*
            #body_field
        }

        impl #lifetime support::Operation for #strukt #lifetime {
            type Output = #output;
            type Error = #error;
            const METHOD: ::http::Method = ::http::Method::#method;
            const OPERATION_ID: &'static str = #operation_id;
            #accept
            #server
            #security
            #path
            #query
            #headers
            #body_fn
            #upload_fn
            #validate
            #parse
        }

        #success_enum
        #error_enum

        #form
    }
}

/// The field of an operation's struct holding `param`, with its docs.
pub(super) fn param_field(api: &Api, param: &Parameter) -> TokenStream {
    let name = param.name.ident();
    let ty = param_type(api, param);
    let docs = if !param.docs.has_text() {
        let doc = format!(" The `{}` {}.", param.wire_name, super::docs::location_words(param.location));
        quote!(#[doc = #doc])
    } else {
        doc_attrs(&param.docs)
    };
    quote!(#docs pub #name: #ty,)
}

/// The server `op` documents for itself, where it is an absolute URL other than the API's first
/// server's (an upload host).
pub(super) fn own_server(api: &Api, op: &Operation) -> Option<String> {
    let url = op.servers.first()?.default_url();
    let api_url = api.servers.first().map(|server| server.default_url());
    (url.contains("://") && api_url.as_deref().map(|api| api.trim_end_matches('/')) != Some(url.trim_end_matches('/'))).then_some(url)
}

fn operation_notes(api: &Api, op: &Operation) -> Vec<String> {
    let mut notes = vec![format!("`{} {}` (operationId `{}`).", method_name(op.method), op.path, op.operation_id)];
    if let Some(server) = own_server(api, op) {
        notes.push(format!("Sent to its own server, `{server}`, while the client's base URL is one of the API's servers."));
    }
    notes.extend(security_note(api, op));
    let described = op.docs.description.as_deref().unwrap_or_default();
    if !op.permissions.is_empty() && !op.permissions.iter().all(|p| described.contains(p.as_str())) {
        notes.push(format!("Permissions: {}.", op.permissions.join(", ")));
    }
    notes
}

/// The credentials `op` needs, where they differ from the API's or name OAuth scopes:
/// "Credentials: `token` (scopes `repo`, `user`), or `appId` and `appKey`."
fn security_note(api: &Api, op: &Operation) -> Option<String> {
    let requirements = api.requirements(op)?;
    let own = op.security.is_some() && op.security != api.security;
    let scoped = requirements.iter().any(|requirement| requirement.scopes.iter().any(|scopes| !scopes.is_empty()));
    if api.security_schemes.is_empty() || !(own || scoped) {
        return None;
    }
    if requirements.is_empty() {
        return Some("Credentials: none (`security: []`); the client sends none.".to_owned());
    }
    let requirement = |requirement: &SecurityRequirement| {
        if requirement.schemes.is_empty() {
            return "none".to_owned();
        }
        let schemes = requirement.schemes.iter().zip(&requirement.scopes).map(|(scheme, scopes)| match &scopes[..] {
            [] => format!("`{scheme}`"),
            scopes => format!("`{scheme}` (scopes {})", scopes.iter().map(|scope| format!("`{scope}`")).collect::<Vec<_>>().join(", ")),
        });
        schemes.collect::<Vec<_>>().join(" and ")
    };
    Some(format!("Credentials: {}.", requirements.iter().map(requirement).collect::<Vec<_>>().join(", or ")))
}

/// The `http::Method` constant of `method`.
pub(super) fn http_method(method: Method) -> TokenStream {
    match method {
        Method::Get => quote!(GET),
        Method::Put => quote!(PUT),
        Method::Post => quote!(POST),
        Method::Delete => quote!(DELETE),
        Method::Options => quote!(OPTIONS),
        Method::Head => quote!(HEAD),
        Method::Patch => quote!(PATCH),
        Method::Trace => quote!(TRACE),
    }
}

pub(super) fn method_name(method: Method) -> &'static str {
    match method {
        Method::Get => "GET",
        Method::Put => "PUT",
        Method::Post => "POST",
        Method::Delete => "DELETE",
        Method::Options => "OPTIONS",
        Method::Head => "HEAD",
        Method::Patch => "PATCH",
        Method::Trace => "TRACE",
    }
}

fn param_type(api: &Api, param: &Parameter) -> TokenStream {
    let ty = value_type_in(api, &param.shape, &quote!(super::));
    if param.required {
        ty
    } else {
        quote!(Option<#ty>)
    }
}

fn body_type(api: &Api, body: &BodyKind) -> TokenStream {
    match body {
        BodyKind::Json(shape) | BodyKind::Form { shape, .. } => shape_type_in(api, shape, &quote!(super::)),
        // A request sends a stream of events as the text it is.
        BodyKind::Text | BodyKind::EventStream(_) => quote!(str),
        BodyKind::Bytes => quote!([u8]),
        BodyKind::Multipart(Some(form)) => {
            let name = &form.name;
            quote!(#name)
        }
        BodyKind::Multipart(None) => quote!(support::Multipart<'a>),
    }
}

/// The type of the operation struct's field holding a body: a reference to the body, or for
/// bytes a `support::Upload` (bytes or a stream).
fn body_field_type(api: &Api, body: &BodyKind) -> TokenStream {
    match body {
        BodyKind::Bytes => quote!(support::Upload<'a>),
        _ => {
            let ty = body_type(api, body);
            quote!(&'a #ty)
        }
    }
}

/// The argument a body is given as, and how it becomes the field.
fn body_argument_type(api: &Api, body: &BodyKind, name: &Name) -> (TokenStream, TokenStream) {
    match body {
        BodyKind::Bytes => (quote!(impl Into<support::Upload<'a>>), quote!(#name.into())),
        _ => (body_field_type(api, body), quote!(#name)),
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

fn emit_path(api: &Api, op: &Operation) -> TokenStream {
    let mut template = String::new();
    let mut args = Vec::new();
    let mut rest = op.path.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { break };
        template.push_str(&rest[..open].replace('{', "{{").replace('}', "}}"));
        let name = &rest[open + 1..open + close];
        match op.params.iter().find(|p| p.location == ParamLocation::Path && p.wire_name == name) {
            Some(param) => {
                let field = param.name.ident();
                template.push_str("{}");
                args.push(match param_form(api, param).0 {
                    // OpenAPI's default `simple` style: `a,b`, each value encoded.
                    ParamForm::List => quote!(support::encode_path_list(&self.#field)),
                    ParamForm::Text => quote!(support::encode_path(&::std::string::ToString::to_string(&self.#field))),
                    ParamForm::Json if param.json_content => quote!(support::encode_path(&support::json_text(&self.#field))),
                    ParamForm::Json | ParamForm::Fields(_) | ParamForm::Map(_) | ParamForm::Deep => quote!(support::encode_path(&support::param_text(&self.#field))),
                });
            }
            None => template.push_str(&format!("{{{{{name}}}}}")),
        }
        rest = &rest[open + close + 1..];
    }
    template.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    let path = if args.is_empty() {
        let literal = template.replace("{{", "{").replace("}}", "}");
        quote!(::std::borrow::ToOwned::to_owned(#literal))
    } else {
        quote!(format!(#template #(, #args)*))
    };
    quote! {
        fn path(&self) -> String {
            #path
        }
    }
}

fn emit_query(api: &Api, op: &Operation) -> TokenStream {
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

fn emit_headers(api: &Api, op: &Operation) -> TokenStream {
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

fn emit_body(required: bool, content: &Content) -> TokenStream {
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
        let ty = match &part.kind {
            PartKind::File => quote!(support::File),
            PartKind::Files => quote!(Vec<support::File>),
            PartKind::Value(shape) => value_type_in(api, shape, &quote!(super::)),
        };
        let plain = match &part.kind {
            PartKind::Value(shape) => super::models::takes_plain(shape),
            PartKind::File | PartKind::Files => true,
        };
        let (param, value) = super::models::setter_param(&ty, plain);
        if part.required {
            let init = if plain { quote!(#field) } else { quote!(#field: #field.into()) };
            args.push(quote!(#field: #param));
            inits.push(init);
        } else {
            inits.push(quote!(#field: None));
            let setter = methods.claim(ident::prefixed_method("with", &part.name));
            let doc = format!(" Sets the part `{}`.", part.wire_name);
            setters.push(quote! {
                #[doc = #doc]
                pub fn #setter(mut self, value: #param) -> Self {
                    self.#field = Some(#value);
                    self
                }
            });
        }
    }
    let new = super::models::constructor(" A form with the required parts; the optional ones are left out.", &args, &inits);
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
            checks.extend(super::validate::member_checks(api, checked, shape, presence, &part.name, &part.wire_name));
        }
    }
    checks
}

/// The struct of a `multipart/form-data` body (a field per part), its writing as a
/// `support::Multipart` and its checks.
fn emit_form(api: &Api, checked: &Checked, form: &MultipartForm, op: &Operation) -> TokenStream {
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
            PartKind::Value(shape) => value_type_in(api, shape, &quote!(super::)),
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
        checks.extend(member_checks(api, checked, &param.shape, presence, &param.name, &param.wire_name));
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
            let inner = value_checks(api, checked, &Shape { nullable: false, ..shape.clone() }, quote!(value), quote!(path));
            if !inner.is_empty() {
                checks.extend(if body.required {
                    quote!({ let value = #borrow self.body; #inner })
                } else {
                    quote!(if let Some(value) = #borrow self.body { #inner })
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
            let ty = value_type_in(api, shape, &quote!(super::));
            quote!(support::ErrorBody<#ty>)
        }
        _ => quote!(support::ErrorBody),
    }
}

/// The enum of an operation's successes where they read as different bodies: a variant per
/// documented 2xx response, holding its body.
fn emit_success_enum(api: &Api, op: &Operation) -> Option<TokenStream> {
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

fn emit_error_enum(api: &Api, op: &Operation, error: &Name) -> TokenStream {
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

fn emit_parse(api: &Api, op: &Operation, error: &Name) -> TokenStream {
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
fn event_reader(api: &Api, shape: &Shape) -> TokenStream {
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

/// The client's method for `op`: required parameters (and a required body) as arguments; it
/// returns a [`support::Call`] on which the optional ones are set.
fn emit_method(api: &Api, op: &Operation) -> TokenStream {
    let strukt = &op.type_name;
    let method = op.name.ident();
    let docs = doc_attrs(&Docs { notes: operation_notes(api, op), ..op.docs.clone() });
    let mut args = Vec::new();
    let mut fields = Vec::new();
    for param in &op.params {
        let name = param.name.ident();
        if param.required && !param.shape.nullable && !super::models::takes_plain(&param.shape) {
            // Strings, enums, lists: `"abc"` reads better than `"abc".to_owned()`.
            let ty = param_type(api, param);
            args.push(quote!(#name: impl Into<#ty>));
            fields.push(quote!(#name: #name.into()));
        } else if param.required {
            let ty = param_type(api, param);
            args.push(quote!(#name: #ty));
            fields.push(quote!(#name));
        } else {
            fields.push(quote!(#name: None));
        }
    }
    let body = op.body.as_ref().and_then(|body| body.content.first().map(|content| (body.required, content)));
    let lifetime = body.map(|_| quote!(<'a>));
    if let Some((required, content)) = body {
        let name = body_argument(op);
        if required {
            let (ty, value) = body_argument_type(api, &content.body, &name);
            args.push(quote!(#name: #ty));
            // `body` alone where the argument is the field.
            let shorthand = name == "body" && !matches!(content.body, BodyKind::Bytes);
            fields.push(if shorthand { quote!(body) } else { quote!(body: #value) });
        } else {
            fields.push(quote!(body: None));
        }
    }
    quote! {
        #docs
        pub fn #method<'a>(&'a self, #(#args),*) -> support::Call<'a, Self, #strukt #lifetime> {
            support::Call::new(self, #strukt { #(#fields),* })
        }
    }
}

/// The struct of the headers `op`'s successful responses document, with a reader of a
/// response's `HeaderMap` (`client::GetThingHeaders::read(response.headers())`).
fn emit_response_headers(api: &Api, op: &Operation) -> Option<TokenStream> {
    let name = op.headers_name.as_ref()?;
    let mut headers: Vec<&Parameter> = Vec::new();
    for header in op.responses.iter().filter(|r| r.status.is_success()).flat_map(|r| &r.headers) {
        if !headers.iter().any(|h| h.wire_name.eq_ignore_ascii_case(&header.wire_name)) {
            headers.push(header);
        }
    }
    let fields = headers.iter().map(|header| {
        let field = &header.name;
        let ty = value_type_in(api, &header.shape, &quote!(super::));
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

/// For an operation that answers with server-sent events or a body of bytes, `.stream()` on its
/// `support::Call`: the events, or the body's chunks, as they arrive, where `.send()` reads the
/// whole body first.
fn emit_stream(api: &Api, op: &Operation) -> Option<TokenStream> {
    let (strukt, error) = (&op.type_name, &op.error_name);
    let auth = auth_of(api, &quote!(client));
    let (output, open, doc, bounds) = match op.success_content() {
        Some(Content { body: BodyKind::EventStream(shape), .. }) => {
            let data = value_type_in(api, shape, &quote!(super::));
            let read = event_reader(api, shape);
            // A broken stream is resumed where sending the request again is safe: a `GET`, or
            // an operation that documents `Last-Event-ID`.
            let resumable = op.method == Method::Get
                || op.params.iter().any(|param| param.location == ParamLocation::Header && param.wire_name.eq_ignore_ascii_case("last-event-id"));
            // Resuming sends again through the client's shared transport.
            let (open, transport, doc, bounds) = if resumable {
                (
                    quote!(support::open_resumable_events),
                    quote!(&client.transport),
                    " Sends the request and hands the events over as they arrive (`send` reads them all once the server ends the stream); a broken connection is resumed with `Last-Event-ID`.",
                    quote!(Send + Sync),
                )
            } else {
                (
                    quote!(support::open_events),
                    quote!(&*client.transport),
                    " Sends the request and hands the events over as they arrive (`send` reads them all once the server ends the stream).",
                    quote!(Sync),
                )
            };
            (
                quote!(support::EventStream<#data>),
                quote!(#open(#transport, &client.config, REQUIRED_HEADERS, #auth, &self.operation, #read)),
                doc,
                bounds,
            )
        }
        Some(Content { body: BodyKind::Bytes, .. }) => (
            quote!(support::ByteStream),
            quote!(support::open_bytes(&*client.transport, &client.config, REQUIRED_HEADERS, #auth, &self.operation)),
            " Sends the request and hands the body over as it arrives, never held whole (`send` reads all of it first).",
            quote!(Sync),
        ),
        _ => return None,
    };
    let lifetime = op.body.as_ref().and_then(|body| body.content.first()).map(|_| quote!(<'a>));
    Some(quote! {
        impl<'a, T: support::OpenStream + #bounds> support::Call<'a, Client<T>, #strukt #lifetime> {
            #[doc = #doc]
            pub async fn stream(self) -> ::std::result::Result<support::ResponseValue<#output>, support::Error<#error>> {
                let client = self.client;
                #open.await
            }
        }
    })
}

/// The name the body takes among the parameters: `body`, unless a parameter took it.
fn body_argument(op: &Operation) -> Name {
    let taken = op.params.iter().any(|p| p.name == "body");
    ident::field_name(if taken { "request_body" } else { "body" }, "body")
}

/// Setters on the [`support::Call`] of `op` for its optional parameters and body: `.x(value)`
/// and `.set_x(option)`.
fn emit_setters(api: &Api, op: &Operation) -> Option<TokenStream> {
    let strukt = &op.type_name;
    // `support::Call`'s own methods.
    let mut methods = Namespace::with_reserved(&["send", "stream", "operation", "into_operation", "new", "client"]);
    let optional: Vec<&Parameter> = op.params.iter().filter(|param| !param.required).collect();
    // Every setter name is claimed before the `set_` ones, so a parameter keeps its own name.
    let plain: Vec<Name> = optional.iter().map(|param| methods.claim(param.name.clone())).collect();
    let mut setters = Vec::new();
    for (param, setter) in optional.iter().zip(&plain) {
        let field = &param.name;
        let set = methods.claim(ident::prefixed_method("set", &param.name));
        let ty = value_type_in(api, &param.shape, &quote!(super::));
        let docs = if !param.docs.has_text() {
            let doc = format!(" Sets `{}`.", param.wire_name);
            quote!(#[doc = #doc])
        } else {
            doc_attrs(&param.docs)
        };
        let set_doc = format!(" Sets `{}`, or leaves it out with `None`.", param.wire_name);
        setters.push(quote! {
            #docs
            pub fn #setter(mut self, value: impl Into<#ty>) -> Self {
                self.operation.#field = Some(value.into());
                self
            }

            #[doc = #set_doc]
            pub fn #set(mut self, value: Option<#ty>) -> Self {
                self.operation.#field = value;
                self
            }
        });
    }
    let body = op.body.as_ref().filter(|body| !body.required).and_then(|body| body.content.first());
    if let Some(content) = body {
        let name = body_argument(op);
        let (ty, value) = body_argument_type(api, &content.body, &ident::field_name("body", "body"));
        setters.push(quote! {
            /// The request body.
            pub fn #name(mut self, body: #ty) -> Self {
                self.operation.body = Some(#value);
                self
            }
        });
    }
    if setters.is_empty() {
        return None;
    }
    let lifetime = op.body.as_ref().and_then(|body| body.content.first()).map(|_| quote!(<'a>));
    Some(quote! {
        impl<'a, T> support::Call<'a, Client<T>, #strukt #lifetime> {
            #(#setters)*
        }
    })
}
