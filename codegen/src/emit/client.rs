//! Operations → the `client` module of an API: one sans-IO struct per operation implementing
//! `support::Operation`, an error enum per operation, `Auth` from the security schemes, the
//! servers, and `Client` with one async method per operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::features::Gate;
use super::types::{super_prefix, value_type_in};
use super::calls::{body_of, call_setters, client_methods, operation_struct};
use super::docs::doc_attributes;
use super::format::Unit;
use super::requests::{emit_body, emit_form, emit_headers, emit_path, emit_query, emit_validate, BodyAccess};
use super::responses::{emit_error_enum, emit_parse, emit_response_headers, emit_success_enum, event_reader, output_type};
use super::validate::Checked;
use crate::ir::{Api, BodyKind, Content, Docs, Method, Operation, ParamLocation, SecurityKind, SecurityRequirement};

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
pub(super) fn emit_operations(api: &Api, checked: &Checked, ops: &[Operation], gates: &[Gate]) -> Unit {
    let mut unit = Unit::default();
    unit.item(syn::Item::Impl(client_methods(api, ops, gates, |op| operation_notes(api, op))));
    for (op, gate) in ops.iter().zip(gates) {
        let docs = doc_attributes(&Docs { notes: operation_notes(api, op), ..op.docs.clone() });
        unit.item(syn::Item::Struct(operation_struct(api, op, docs, gate)));
        unit.tokens(gate.items(emit_operation(api, checked, op)));
        if let Some(setters) = call_setters(api, op, gate) {
            unit.item(syn::Item::Impl(setters));
        }
        let headers = emit_response_headers(api, op);
        let stream = emit_stream(api, op);
        unit.tokens(gate.items(quote!(#headers #stream)));
    }
    unit
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

/// The `Operation` impl of `op`, its success and error enums, its multipart form.
fn emit_operation(api: &Api, checked: &Checked, op: &Operation) -> TokenStream {
    let (strukt, error) = (&op.type_name, &op.error_name);
    let body = body_of(op);
    let lifetime = body.map(|_| quote!(<'a>));
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

/// For an operation that answers with server-sent events or a body of bytes, `.stream()` on its
/// `support::Call`: the events, or the body's chunks, as they arrive, where `.send()` reads the
/// whole body first.
fn emit_stream(api: &Api, op: &Operation) -> Option<TokenStream> {
    let (strukt, error) = (&op.type_name, &op.error_name);
    let auth = auth_of(api, &quote!(client));
    let (output, open, doc, bounds) = match op.success_content() {
        Some(Content { body: BodyKind::EventStream(shape), .. }) => {
            let data = value_type_in(api, shape, &super_prefix());
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
    let lifetime = body_of(op).map(|_| quote!(<'a>));
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

