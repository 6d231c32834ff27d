//! `examples/{module}.rs`: a program that calls every operation of one API through its client,
//! with parameter and body values from the spec's examples. Configured by environment variables
//! (`{MODULE}_BASE_URL` and one per credential), so it runs against any server.

use heck::ToShoutySnakeCase;
use proc_macro2::{Literal, TokenStream};
use quote::{quote, ToTokens};
use serde_json::Value;

use crate::ident::{self, Name};
use super::builders::{setters, takes_plain, Setter};
use super::models::is_optional;
use crate::ir::{
    Api, BodyKind, Method, MultipartForm, Operation, PartKind, Presence, Primitive, SecurityKind, SecurityRequirement, SecurityScheme, Shape, StructDef, Successes, TypeId, TypeKind, TypeRef, UnionDef,
};

/// The example program for the API in module `module` of crate `krate` (its library name).
pub fn emit_example(krate: &Name, module: &Name, api: &Api) -> TokenStream {
    let prefix = module.as_str().to_shouty_snake_case();
    let base_url_var = format!("{prefix}_BASE_URL");
    let writes_var = format!("{prefix}_ALLOW_WRITES");
    let servers: Vec<&str> = api.servers.iter().map(|server| server.url.as_str()).collect();
    let no_base_url = format!(
        "set {base_url_var} to the server to call{}; operations that change data run only with {writes_var}=1",
        if servers.is_empty() { String::new() } else { format!(" (the spec's servers: {})", servers.join(", ")) }
    )
    .replace('{', "{{")
    .replace('}', "}}");
    let auth = api.security_schemes.iter().map(|scheme| {
        let variant = &scheme.name;
        match credential_vars(&prefix, scheme) {
            CredentialVars::Basic { user, password } => {
                quote! {
                    if let (Ok(username), Ok(password)) = (std::env::var(#user), std::env::var(#password)) {
                        client = client.with_auth(client::Auth::#variant { username, password: password.into() });
                    }
                }
            }
            CredentialVars::Secret(var) => quote! {
                if let Ok(secret) = std::env::var(#var) {
                    client = client.with_auth(client::Auth::#variant(secret.into()));
                }
            },
        }
    });
    let mutable = (!api.security_schemes.is_empty()).then(|| quote!(mut));
    let calls: Vec<Call> = api.operations.iter().map(|op| emit_call(api, krate, module, op)).collect();
    let reads_events = api.operations.iter().zip(&calls).any(|(op, call)| answers_events(op) && !matches!(call, Call::Skipped(_)));
    let first_event = reads_events.then(|| {
        quote! {
            /// The first event of a stream (one may never end), with the response's status.
            async fn first_event<T, E>(
                opened: Result<#krate::support::ResponseValue<#krate::support::EventStream<T>>, #krate::support::Error<E>>,
            ) -> Result<#krate::support::ResponseValue<Option<Result<#krate::support::Event<T>, #krate::support::EventError>>>, #krate::support::Error<E>> {
                let (status, headers, mut events) = opened?.into_parts();
                Ok(#krate::support::ResponseValue::new(status, headers, events.next().await))
            }
        }
    });
    let any_made = calls.iter().any(|call| matches!(call, Call::Made(_) | Call::Write(_)));
    let any_write = calls.iter().any(|call| matches!(call, Call::Write(_)));
    let calls = calls.into_iter().map(|call| match call {
        Call::Made(tokens) | Call::Write(tokens) | Call::Skipped(tokens) => tokens,
    });
    let summary = format!(" Calls every operation of {} with values from the spec's examples.", api.title);
    let usage = format!(
        " Run with `{base_url_var}=https://… cargo run --example {module}`; credentials come from the `{prefix}_*` variables below (each call sends those its operation needs), and operations that change data run only with `{writes_var}=1`."
    );
    let writes_const = any_write.then(|| {
        quote! {
            /// The variable that lets the program call operations that change data.
            const WRITES: &str = #writes_var;
        }
    });
    let writes = any_write.then(|| quote!(let writes = std::env::var(WRITES).is_ok_and(|value| value == "1");));
    let credentials = quote!(#(#auth)*);
    if !any_made {
        // The spec gives no values to call any operation with: the program says so and stops.
        return quote! {
            #![doc = #summary]
            #![doc = ""]
            #![doc = " The spec gives no example values to call any operation with."]

            fn main() {
                #(#calls)*
            }
        };
    }
    quote! {
        #![doc = #summary]
        #![doc = ""]
        #![doc = #usage]

        use #krate::#module::client;

        #writes_const

        #[tokio::main]
        async fn main() -> ::std::result::Result<(), ::std::boxed::Box<dyn ::std::error::Error>> {
            let Ok(base_url) = std::env::var(#base_url_var) else {
                eprintln!(#no_base_url);
                std::process::exit(2);
            };
            #writes
            let #mutable client = client::Client::new(base_url);
            #credentials
            #(#calls)*
            Ok(())
        }

        /// Prints what one call returned; a failure with its causes (TLS, DNS, where a body
        /// does not match its schema).
        fn report<T: std::fmt::Debug, E: std::fmt::Debug + #krate::support::ApiError>(operation: &str, result: Result<#krate::support::ResponseValue<T>, #krate::support::Error<E>>) {
            match result {
                Ok(response) => {
                    let status = response.status();
                    let value = response.into_inner();
                    println!("{operation}: {status} {value:#?}");
                }
                Err(error) => {
                    eprintln!("{operation} failed: {error}");
                    let mut cause = std::error::Error::source(&error);
                    while let Some(error) = cause {
                        eprintln!("  because: {error}");
                        cause = error.source();
                    }
                }
            }
        }

        #first_event
    }
}

/// Whether `op` answers with server-sent events (read with `stream()`: a stream may never end).
fn answers_events(op: &Operation) -> bool {
    matches!(op.success_content().map(|content| &content.body), Some(BodyKind::EventStream(_)))
}

/// The crate docs' quick start for the API in `module`: a client (with the first security
/// scheme's credentials from the environment) calling a read-only operation whose parameters
/// the spec gives values for, as Rust source to show in a doctest; `None` when there is none.
pub fn quick_start(krate: &Name, module: &Name, api: &Api) -> Option<String> {
    let op = api.operations.iter().filter(|op| matches!(op.method, Method::Get)).find(|op| {
        op.body.as_ref().is_none_or(|body| !body.required)
            && op.params.iter().filter(|p| p.required).all(|p| param_value(api, krate, module, &p.shape, p.docs.example.as_ref()).is_some())
    })?;
    let args = op.params.iter().filter(|p| p.required).filter_map(|p| param_value(api, krate, module, &p.shape, p.docs.example.as_ref()));
    let method = &op.name;
    let prefix = module.as_str().to_shouty_snake_case();
    // The schemes the operation needs together, else (the spec states no requirements) the first.
    let schemes = match api.requirements(op) {
        Some(requirements) => needed_schemes(api, requirements).unwrap_or_default(),
        None => api.security_schemes.first().into_iter().collect(),
    };
    let auth = schemes.into_iter().map(|scheme| {
        let variant = &scheme.name;
        match credential_vars(&prefix, scheme) {
            CredentialVars::Basic { user, password } => {
                quote!(.with_auth(client::Auth::#variant { username: std::env::var(#user)?, password: std::env::var(#password)?.into() }))
            }
            CredentialVars::Secret(var) => quote!(.with_auth(client::Auth::#variant(std::env::var(#var)?.into()))),
        }
    });
    let server = match api.servers.first() {
        Some(_) => quote!(client::SERVERS[0].url),
        None => quote!("http://localhost:8080"),
    };
    let tokens = quote! {
        async fn quick_start() -> Result<(), Box<dyn std::error::Error>> {
            use #krate::#module::client;

            let client = client::Client::new(#server) #(#auth)*;
            // One method per operation: required parameters as arguments, optional ones by name.
            let response = client.#method(#(#args),*).send().await?;
            let status = response.status();
            let value = response.into_inner();
            println!("{status}: {value:?}");
            Ok(())
        }
    };
    let file: syn::File = syn::parse2(tokens).ok()?;
    Some(prettyplease::unparse(&file))
}

/// The schemes whose credentials satisfy `requirements` together: none where they allow a request
/// without any, else those of the first requirement whose every scheme the spec defines; `None`
/// where no requirement can be met.
fn needed_schemes<'a>(api: &'a Api, requirements: &[SecurityRequirement]) -> Option<Vec<&'a SecurityScheme>> {
    if requirements.iter().all(|requirement| !requirement.schemes.is_empty()) && !requirements.is_empty() {
        let scheme = |key: &String| api.security_schemes.iter().find(|scheme| &scheme.key == key);
        requirements.iter().find_map(|requirement| requirement.schemes.iter().map(scheme).collect())
    } else {
        Some(Vec::new())
    }
}

/// The environment variables a program reads a scheme's credentials from.
enum CredentialVars {
    /// `{PREFIX}_{SCHEME}`: a key or token.
    Secret(String),
    /// `{PREFIX}_{SCHEME}_USERNAME` and `_PASSWORD`: HTTP Basic.
    Basic { user: String, password: String },
}

fn credential_vars(prefix: &str, scheme: &SecurityScheme) -> CredentialVars {
    let var = format!("{prefix}_{}", ident::env_name(scheme.name.as_str()));
    match scheme.kind {
        SecurityKind::Basic => CredentialVars::Basic { user: format!("{var}_USERNAME"), password: format!("{var}_PASSWORD") },
        _ => CredentialVars::Secret(var),
    }
}

/// Prints why an operation is skipped; braces of a path (`{templateId}`) are not format arguments.
fn skipped(reason: &str) -> TokenStream {
    let format = reason.replace('{', "{{").replace('}', "}}");
    quote!(eprintln!(#format);)
}

/// One operation in the example: called, or skipped with the reason printed.
enum Call {
    Made(TokenStream),
    /// Made, and run only when writes are allowed.
    Write(TokenStream),
    Skipped(TokenStream),
}

/// How the example calls an operation: statements that make its body, then the client method's
/// arguments and setters.
struct CallParts {
    setup: TokenStream,
    args: Vec<TokenStream>,
    setters: Vec<TokenStream>,
}

/// Where a call's values come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Values {
    /// The spec's examples (and plain values of scalar parameters): what a program may send to
    /// a real server.
    Examples,
    /// The examples, else values made from the schemas (`samples::required_value`): enough for
    /// a mock.
    Synthesized,
}

/// The parts of a call of `op` with values from the spec's examples, or why there are none.
fn call_parts(api: &Api, krate: &Name, module: &Name, op: &Operation, values: Values) -> Result<CallParts, String> {
    let operation_id = &op.operation_id;
    let mut args = Vec::new();
    let mut setters = Vec::new();
    for param in op.params.iter().filter(|param| param.required) {
        let synthesized = || {
            let value = crate::samples::required_value(api, &param.shape)?;
            Builder::new(api, krate, module).shape(&param.shape, &value, false)
        };
        match param_value(api, krate, module, &param.shape, param.docs.example.as_ref()) {
            Some(value) => args.push(value),
            None => match (values == Values::Synthesized).then(synthesized).flatten() {
                Some(value) => args.push(value),
                None => return Err(format!("{operation_id}: skipped, no example value for parameter `{}`", param.wire_name)),
            },
        }
    }
    let mut setup = TokenStream::new();
    if let Some(body) = &op.body {
        let content = body.content.first();
        let example = |shape: &Shape, example: &Option<Value>| match (example, values) {
            (Some(example), _) => Some(example.clone()),
            (None, Values::Synthesized) => crate::samples::required_value(api, shape),
            (None, Values::Examples) => None,
        };
        let form = content.and_then(|c| match &c.body {
            BodyKind::Multipart(Some(form)) => Some(form),
            _ => None,
        });
        if let (Some(form), Values::Synthesized) = (form, values) {
            let value = form_value(api, krate, module, form).ok_or_else(|| format!("{operation_id}: skipped, no value for a part of its form"))?;
            setup = quote!(let body = #value;);
            if body.required {
                args.push(quote!(&body));
            } else {
                setters.push(quote!(.body(&body)));
            }
            return Ok(CallParts { setup, args, setters });
        }
        match content.and_then(|c| match &c.body {
            BodyKind::Json(shape) => Some((shape, example(shape, &c.example)?)),
            _ => None,
        }) {
            Some((shape, example)) => {
                let example = &example;
                let ty = super::types::shape_type_in(api, shape, &[krate.ident(), module.ident()]);
                // Built as Rust with constructors and setters where the example fits the type;
                // read from its JSON where it does not (an untagged union, unknown properties).
                setup = match Builder::new(api, krate, module).shape(shape, example, false) {
                    Some(value) => quote!(let body = #value;),
                    None => {
                        let json = example.to_string();
                        quote!(let body: #ty = serde_json::from_str(#json)?;)
                    }
                };
                if body.required {
                    args.push(quote!(&body));
                } else {
                    setters.push(quote!(.body(&body)));
                }
            }
            _ if !body.required => {}
            _ => return Err(format!("{operation_id}: skipped, the spec has no JSON request example")),
        }
    }
    Ok(CallParts { setup, args, setters })
}

/// A form with its required parts made up (a small text file for each file), its optional
/// ones left out; `None` when a required value has none.
fn form_value(api: &Api, krate: &Name, module: &Name, form: &MultipartForm) -> Option<TokenStream> {
    let name = &form.name;
    let file = quote!(#krate::support::File::new("sample.txt", *b"sample file").with_content_type("text/plain"));
    let mut fields = Vec::new();
    for part in &form.parts {
        let field = part.name.ident();
        let value = match (&part.kind, part.required) {
            (_, false) => quote!(None),
            (PartKind::File, true) => file.clone(),
            (PartKind::Files, true) => quote!(vec![#file]),
            (PartKind::Value(shape), true) => {
                let value = crate::samples::required_value(api, shape)?;
                Builder::new(api, krate, module).shape(shape, &value, false)?
            }
        };
        fields.push(quote!(#field: #value,));
    }
    Some(quote!(client::#name { #(#fields)* }))
}

fn emit_call(api: &Api, krate: &Name, module: &Name, op: &Operation) -> Call {
    let operation_id = &op.operation_id;
    let method = op.name.ident();
    let CallParts { setup, args, setters } = match call_parts(api, krate, module, op, Values::Examples) {
        Ok(parts) => parts,
        Err(reason) => return Call::Skipped(skipped(&reason)),
    };
    let call = if answers_events(op) {
        quote! {
            #setup
            report(#operation_id, first_event(client.#method(#(#args),*)#(#setters)*.stream().await).await);
        }
    } else {
        quote! {
            #setup
            report(#operation_id, client.#method(#(#args),*)#(#setters)*.send().await);
        }
    };
    if matches!(op.method, Method::Get | Method::Head | Method::Options) {
        return Call::Made(quote!({ #call }));
    }
    let skip = format!("{}: skipped, it changes data (set {{}}=1 to run it)", operation_id.replace('{', "{{").replace('}', "}}"));
    Call::Write(quote! {
        if writes {
            #call
        } else {
            eprintln!(#skip, WRITES);
        }
    })
}

/// The module of `tests/mock.rs` for the API in `module` (feature `module_feature`): every
/// operation (with the spec's example values, else values made from the schemas) called through
/// the client against the crate's own mock server. The mock must accept the request and read it
/// back as the operation that was sent; where the success response has an example, the client
/// must read the mock's answer back as that value. `None` when no operation can be called.
pub fn emit_mock_tests(krate: &Name, module: &Name, api: &Api, module_feature: &str) -> Option<TokenStream> {
    // Building values recurses once per level of a value (on any caller's thread).
    let tests: Vec<TokenStream> = api
        .operations
        .iter()
        .filter_map(|op| stacker::maybe_grow(1024 * 1024, 16 * 1024 * 1024, || mock_test(api, krate, module, op)))
        .collect();
    if tests.is_empty() {
        return None;
    }
    let doc = format!(" Every operation of {} against the mock.", api.title);
    let name = module.ident();
    Some(quote! {
        #[doc = #doc]
        #[cfg(feature = #module_feature)]
        mod #name {
            use #krate::#module::{client, mock};

            #(#tests)*
        }
    })
}

/// `tests/mock.rs` of a crate: the modules of [`emit_mock_tests`], run when the features `mock`
/// and `reqwest` are on (the crate's dev-dependency on itself turns `mock` on for `cargo test`).
pub fn mock_test_file(modules: Vec<TokenStream>) -> Option<TokenStream> {
    if modules.is_empty() {
        return None;
    }
    Some(quote! {
        //! Every operation of the crate's APIs called through its client against the crate's own
        //! mock server: the mock accepts each request and reads it back as the operation that was sent.
        #![cfg(all(feature = "mock", feature = "reqwest"))]

        #(#modules)*
    })
}

fn mock_test(api: &Api, krate: &Name, module: &Name, op: &Operation) -> Option<TokenStream> {
    let CallParts { setup, args, setters } = call_parts(api, krate, module, op, Values::Synthesized).ok()?;
    // Where the spec states no requirements, the mock checks none.
    let schemes = match api.requirements(op) {
        Some(requirements) => needed_schemes(api, requirements)?,
        None => Vec::new(),
    };
    let auth = schemes.iter().map(|scheme| {
        let variant = &scheme.name;
        match scheme.kind {
            SecurityKind::Basic => quote!(.with_auth(client::Auth::#variant { username: "user".to_owned(), password: "password".into() })),
            _ => quote!(.with_auth(client::Auth::#variant("secret".into()))),
        }
    });
    let auth = quote!(#(#auth)*);
    let (method, strukt) = (op.name.ident(), &op.type_name);
    let example = op.success_content().and_then(|content| match &content.body {
        BodyKind::Json(_) => content.example.as_ref(),
        _ => None,
    });
    let (stub, check) = match example {
        Some(example) => {
            let json = example.to_string();
            // The example is the body of the first success that has one: of its variant, where
            // the successes read as an enum (an `Option` reads the body as `Some`).
            let read = match (op.successes(), op.success()) {
                (Successes::Several(name, _), Some(response)) => {
                    let variant = super::responses::variant_name(response.status);
                    quote!(client::#name::#variant(serde_json::from_str(#json)?))
                }
                _ => quote!(serde_json::from_str(#json)?),
            };
            let stub = quote! {
                let output: <mock::#strukt as #krate::support::mock::Endpoint>::Output = #read;
                server.#method().respond(&output).await;
            };
            let check = quote! {
                let value = response?.into_inner();
                assert_eq!(value, output);
            };
            (stub, check)
        }
        None => (TokenStream::new(), quote!(let _ = response;)),
    };
    let doc = format!(" `{} {}` (operationId `{}`).", super::client::method_name(op.method), op.path, op.operation_id);
    Some(quote! {
        #[doc = #doc]
        #[tokio::test]
        async fn #method() -> ::std::result::Result<(), ::std::boxed::Box<dyn ::std::error::Error>> {
            let server = mock::MockServer::start().await;
            #stub
            let client = client::Client::new(server.uri()) #auth;
            #setup
            let operation = client.#method(#(#args),*)#(#setters)*.into_operation();
            let response = client.send(&operation).await;
            assert_eq!(server.rejected(), [], "{response:?}");
            let received = server.received::<mock::#strukt>().await;
            assert_eq!(received, [operation], "{response:?}");
            #check
            Ok(())
        }
    })
}

/// A Rust expression for a parameter value: the spec's example where its type takes it, else a
/// plain value of that type; `None` for a type without a plain value (an object, a list).
fn param_value(api: &Api, krate: &Name, module: &Name, shape: &Shape, example: Option<&Value>) -> Option<TokenStream> {
    if shape.nullable {
        return None;
    }
    let plain = plain_value(api, shape)?;
    let builder = Builder::new(api, krate, module);
    example.and_then(|example| builder.shape(shape, example, false)).or_else(|| builder.shape(shape, &plain, false))
}

/// A value of a scalar type for a parameter the spec gives no usable example of.
fn plain_value(api: &Api, shape: &Shape) -> Option<Value> {
    Some(match &shape.ty {
        TypeRef::Primitive(Primitive::Bool) => Value::Bool(false),
        TypeRef::Primitive(Primitive::F32 | Primitive::F64) => Value::from(1.0),
        TypeRef::Primitive(Primitive::String) => Value::from(crate::samples::text_value(&shape.constraints)?),
        TypeRef::Primitive(Primitive::DateTime) => Value::from("2026-01-01T00:00:00Z"),
        TypeRef::Primitive(Primitive::Date) => Value::from("2026-01-01"),
        TypeRef::Primitive(_) => Value::from(1),
        TypeRef::Named { id, .. } => match &api.type_def(*id).kind {
            TypeKind::Alias(inner) if !inner.nullable => return plain_value(api, inner),
            TypeKind::StringEnum(def) => Value::from(def.variants.first()?.value.clone()),
            _ => return None,
        },
        _ => return None,
    })
}

/// Rust expressions that build a spec's example value as the crate's types: `new` with the
/// required fields and a setter per optional one, enum variants, `vec![…]`, maps; `None` where the
/// value does not fit the type exactly (a property the type does not list, a number out of range,
/// an untagged union more than one variant would take), so the caller reads the JSON instead.
struct Builder<'a> {
    api: &'a Api,
    krate: &'a Name,
    module: &'a Name,
    /// The named types being built and the values they are built from, innermost last: a union
    /// that is its own variant would otherwise try the same value forever.
    building: std::cell::RefCell<Vec<(TypeId, *const Value)>>,
}

/// How deep [`Builder`] goes before it leaves a value to be read from its JSON.
const MAX_BUILD_DEPTH: usize = 32;

impl<'a> Builder<'a> {
    fn new(api: &'a Api, krate: &'a Name, module: &'a Name) -> Self {
        Builder { api, krate, module, building: std::cell::RefCell::new(Vec::new()) }
    }
}

impl Builder<'_> {
    /// `value` as the type of a value of `shape`, its `Option` included when it is nullable.
    fn value(&self, shape: &Shape, value: &Value) -> Option<TokenStream> {
        match (shape.nullable, value) {
            (true, Value::Null) => Some(quote!(None)),
            (true, value) => {
                let inner = self.shape(shape, value, false)?;
                Some(quote!(Some(#inner)))
            }
            (false, value) => self.shape(shape, value, false),
        }
    }

    /// `value` as `shape`'s type without the `Option` of nullability; `into`: the place takes
    /// `impl Into<…>`, so a string can stay a literal.
    fn shape(&self, shape: &Shape, value: &Value, into: bool) -> Option<TokenStream> {
        let TypeRef::Named { id, .. } = shape.ty else { return self.shape_within(shape, value, into) };
        let entry = (id, std::ptr::from_ref(value));
        let cycle = self.building.borrow().contains(&entry);
        if cycle || self.building.borrow().len() >= MAX_BUILD_DEPTH {
            return None;
        }
        self.building.borrow_mut().push(entry);
        let built = self.shape_within(shape, value, into);
        self.building.borrow_mut().pop();
        built
    }

    fn shape_within(&self, shape: &Shape, value: &Value, into: bool) -> Option<TokenStream> {
        let (krate, module) = (self.krate, self.module);
        match &shape.ty {
            TypeRef::Primitive(primitive) => self.primitive(*primitive, value, into),
            TypeRef::Array(item) => {
                let items = value.as_array()?.iter().map(|item_value| self.value(item, item_value)).collect::<Option<Vec<_>>>()?;
                Some(quote!(vec![#(#items),*]))
            }
            TypeRef::Map(value_shape) => {
                let entries = value
                    .as_object()?
                    .iter()
                    .map(|(key, entry)| {
                        let entry = self.value(value_shape, entry)?;
                        Some(quote!((#key.to_owned(), #entry)))
                    })
                    .collect::<Option<Vec<_>>>()?;
                Some(quote!(::std::collections::BTreeMap::from([#(#entries),*])))
            }
            TypeRef::Any => {
                let tokens: TokenStream = value.to_string().parse().ok()?;
                Some(quote!(::serde_json::json!(#tokens)))
            }
            TypeRef::Named { id, boxed } => {
                let def = self.api.type_def(*id);
                let path = {
                    let name = def.name.ident();
                    quote!(#krate::#module::#name)
                };
                let built = match &def.kind {
                    // An alias of a nullable shape is an `Option`.
                    TypeKind::Alias(inner) if inner.nullable => return self.value(inner, value),
                    TypeKind::Alias(inner) => return self.shape(inner, value, into),
                    TypeKind::Newtype(inner) => {
                        let inner = self.value(inner, value)?;
                        quote!(#path(#inner))
                    }
                    TypeKind::StringEnum(enumeration) => {
                        let text = value.as_str()?;
                        match enumeration.variants.iter().find(|variant| variant.value == text) {
                            Some(variant) => {
                                let variant = &variant.name;
                                quote!(#path::#variant)
                            }
                            None => quote!(#path::from(#text)),
                        }
                    }
                    TypeKind::Struct(def) => self.structure(&path, def, value.as_object()?)?,
                    TypeKind::Union(union) => self.union(&path, union, value)?,
                };
                Some(if *boxed { quote!(Box::new(#built)) } else { built })
            }
        }
    }

    fn primitive(&self, primitive: Primitive, value: &Value, into: bool) -> Option<TokenStream> {
        // `x-accepts-string` integers: the docs' examples may send them as decimal strings.
        let integer = || value.as_i64().or_else(|| value.as_str()?.parse().ok());
        let unsigned = || value.as_u64().or_else(|| value.as_str()?.parse().ok());
        Some(match primitive {
            Primitive::Bool => {
                let value = value.as_bool()?;
                quote!(#value)
            }
            Primitive::I32 | Primitive::I32OrString => Literal::i32_unsuffixed(i32::try_from(integer()?).ok()?).into_token_stream(),
            Primitive::I64 | Primitive::I64OrString => Literal::i64_unsuffixed(integer()?).into_token_stream(),
            Primitive::U32 | Primitive::U32OrString => Literal::u32_unsuffixed(u32::try_from(unsigned()?).ok()?).into_token_stream(),
            Primitive::U64 | Primitive::U64OrString => Literal::u64_unsuffixed(unsigned()?).into_token_stream(),
            Primitive::F32 | Primitive::F64 => Literal::f64_unsuffixed(value.as_f64()?).into_token_stream(),
            Primitive::String => {
                let text = value.as_str()?;
                if into { quote!(#text) } else { quote!(#text.to_owned()) }
            }
            Primitive::DateTime => {
                let (text, krate) = (value.as_str()?, self.krate);
                quote!(#text.parse::<#krate::support::DateTime>()?)
            }
            Primitive::Date => {
                let text = value.as_str()?;
                quote!(#text.parse::<::chrono::NaiveDate>()?)
            }
        })
    }

    /// `Type::new(required…)` (or `Type::default()`) and a setter per optional property present.
    fn structure(&self, path: &TokenStream, def: &StructDef, object: &serde_json::Map<String, Value>) -> Option<TokenStream> {
        if object.keys().any(|key| !def.fields.iter().any(|field| &field.wire_name == key)) {
            return None;
        }
        let mut built = if def.fields.iter().all(is_optional) {
            quote!(#path::default())
        } else {
            let mut args = Vec::new();
            for field in &def.fields {
                match field.presence() {
                    Presence::Always => args.push(self.shape(&field.shape, object.get(&field.wire_name)?, !takes_plain(&field.shape))?),
                    Presence::Optional if field.required => args.push(match object.get(&field.wire_name) {
                        None | Some(Value::Null) => quote!(None),
                        Some(value) => {
                            let value = self.shape(&field.shape, value, false)?;
                            quote!(Some(#value))
                        }
                    }),
                    _ => {}
                }
            }
            quote!(#path::new(#(#args),*))
        };
        let (_, setters) = setters(def);
        for (field, Setter { set, null }) in def.fields.iter().zip(&setters).filter_map(|(field, setter)| Some((field, setter.as_ref()?))) {
            match (object.get(&field.wire_name), null) {
                (None, _) | (Some(Value::Null), None) => {}
                (Some(Value::Null), Some(null)) => built = quote!(#built.#null()),
                (Some(value), _) => {
                    let value = self.shape(&field.shape, value, !takes_plain(&field.shape))?;
                    built = quote!(#built.#set(#value));
                }
            }
        }
        Some(built)
    }

    /// The variant a tagged union's tag names, or the only variant an untagged union's value fits.
    fn union(&self, path: &TokenStream, union: &UnionDef, value: &Value) -> Option<TokenStream> {
        let candidates: Vec<TokenStream> = match union.tag() {
            Some(tag) => {
                let sent = value.get(&tag.property)?;
                let variant = union.variants.iter().find(|variant| variant.tag.as_ref().is_some_and(|tag| &tag.to_json() == sent))?;
                // Inline variants leave the tag to the union: build them without it.
                let mut value = value.clone();
                if let (TypeRef::Named { id, .. }, Some(object)) = (&variant.shape.ty, value.as_object_mut()) {
                    if let TypeKind::Struct(def) = &self.api.type_def(*id).kind {
                        if !def.fields.iter().any(|field| field.wire_name == tag.property) {
                            object.remove(&tag.property);
                        }
                    }
                }
                let name = &variant.name;
                let inner = self.value(&variant.shape, &value)?;
                vec![quote!(#path::#name(#inner))]
            }
            None => union
                .variants
                .iter()
                .filter_map(|variant| {
                    let name = &variant.name;
                    let inner = self.value(&variant.shape, value)?;
                    Some(quote!(#path::#name(#inner)))
                })
                .collect(),
        };
        match <[TokenStream; 1]>::try_from(candidates) {
            Ok([only]) => Some(only),
            Err(_) => None,
        }
    }
}
