/// A secret (API key, token, password). Never shown by `Debug`, and marked sensitive on the
/// header it travels in.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(::std::string::String);

impl Secret {
    /// Keeps `value` secret.
    pub fn new(value: impl Into<::std::string::String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl<S: Into<::std::string::String>> From<S> for Secret {
    fn from(value: S) -> Self {
        Secret(value.into())
    }
}

/// Security requirements as the spec states them: any one of them authenticates a request, and
/// each names the security schemes (by their keys) whose credentials travel together.
pub type Requirements = &'static [&'static [&'static str]];

/// Credentials of one API, applied to each request as its operation's requirements ask.
pub trait Authenticate: Send + Sync {
    /// Adds the headers or query pairs that authenticate a request of an operation with its own
    /// `requirements` (`None`: the API's).
    fn authenticate(
        &self,
        requirements: ::std::option::Option<Requirements>,
        headers: &mut ::http::HeaderMap,
        query: &mut Query,
    ) -> ::std::result::Result<(), RequestError>;
}

/// One credential: the security scheme it is for, and how it travels.
pub trait Credential: Send + Sync {
    /// The key of its security scheme in the spec.
    fn scheme(&self) -> &'static str;
    /// Adds it to a request.
    fn apply(
        &self,
        headers: &mut ::http::HeaderMap,
        query: &mut Query,
    ) -> ::std::result::Result<(), RequestError>;
}

/// The credentials a client holds, one per security scheme, and the API's requirements.
///
/// A request carries the credentials of the first requirement (the operation's own, else the
/// API's) that those held satisfy together. It carries none where the requirements allow none
/// (`security: []`, or an empty requirement `{}` when nothing else is satisfied); where none is
/// satisfied, those held that a requirement names (the server says what is missing); every one
/// held where the spec states no requirements.
#[derive(Debug, Clone)]
pub struct Credentials<C> {
    held: ::std::vec::Vec<C>,
    api: ::std::option::Option<Requirements>,
}

impl<C: Credential> Credentials<C> {
    /// None held yet, for an API with these requirements (`None`: it states none).
    pub fn new(api: ::std::option::Option<Requirements>) -> Self {
        Credentials {
            held: ::std::vec::Vec::new(),
            api,
        }
    }

    /// Holds `credential`, in place of the one held for its scheme.
    pub fn hold(&mut self, credential: C) {
        match self.held.iter_mut().find(|held| held.scheme() == credential.scheme()) {
            Some(held) => *held = credential,
            None => self.held.push(credential),
        }
    }

    /// The credentials a request of an operation with its own `requirements` (`None`: the
    /// API's) carries.
    pub fn chosen(
        &self,
        requirements: ::std::option::Option<Requirements>,
    ) -> ::std::vec::Vec<&C> {
        let held = |scheme: &str| self.held.iter().find(|held| held.scheme() == scheme);
        let Some(requirements) = requirements.or(self.api) else {
            return self.held.iter().collect();
        };
        let satisfied = requirements
            .iter()
            .find(|schemes| {
                !schemes.is_empty()
                    && schemes.iter().all(|scheme| held(scheme).is_some())
            });
        match satisfied {
            Some(schemes) => schemes.iter().filter_map(|scheme| held(scheme)).collect(),
            None if requirements.iter().all(|schemes| !schemes.is_empty())
                && !requirements.is_empty() => {
                let named = |held: &&C| {
                    requirements.iter().any(|schemes| schemes.contains(&held.scheme()))
                };
                self.held.iter().filter(named).collect()
            }
            None => ::std::vec::Vec::new(),
        }
    }
}

/// One credential alone goes on every request.
impl<C: Credential> Authenticate for C {
    fn authenticate(
        &self,
        _requirements: ::std::option::Option<Requirements>,
        headers: &mut ::http::HeaderMap,
        query: &mut Query,
    ) -> ::std::result::Result<(), RequestError> {
        self.apply(headers, query)
    }
}

impl<C: Credential> Authenticate for Credentials<C> {
    fn authenticate(
        &self,
        requirements: ::std::option::Option<Requirements>,
        headers: &mut ::http::HeaderMap,
        query: &mut Query,
    ) -> ::std::result::Result<(), RequestError> {
        self.chosen(requirements)
            .into_iter()
            .try_for_each(|credential| credential.apply(headers, query))
    }
}

/// Inserts a header; `sensitive` keeps it out of `Debug` output of the request.
pub fn insert_header(
    headers: &mut ::http::HeaderMap,
    name: &'static str,
    value: &str,
    sensitive: bool,
) -> ::std::result::Result<(), RequestError> {
    let mut value = ::http::HeaderValue::from_str(value)
        .map_err(|_| RequestError::InvalidHeader(name))?;
    value.set_sensitive(sensitive);
    let name = ::http::HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| RequestError::InvalidHeader(name))?;
    headers.insert(name, value);
    Ok(())
}

/// Query parameters as an operation builds them, in order: each name with its value already
/// percent-encoded (`application/x-www-form-urlencoded`). A list or object joined as `a,b`
/// (`style: form`, `explode: false`) keeps its separating commas literal while a comma inside a
/// value travels as `%2C` (RFC 6570's form expansion): a server that splits before decoding,
/// as the mock does, tells the two apart; one that decodes first cannot.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pairs: ::std::vec::Vec<(::std::borrow::Cow<'static, str>, ::std::string::String)>,
}

impl Query {
    /// No parameters.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `name=value`, encoding `value`.
    pub fn push(
        &mut self,
        name: impl Into<::std::borrow::Cow<'static, str>>,
        value: &str,
    ) {
        self.pairs.push((name.into(), encode_query(value)));
    }

    /// Adds `name=a,b`: each value encoded, joined by literal commas.
    pub fn push_joined<I>(&mut self, name: &'static str, values: I)
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        self.push_joined_by(name, values, ",");
    }

    /// Adds the values joined by `separator`, as it is to appear in the query (`,`, or `%20`
    /// and `%7C` for `spaceDelimited` and `pipeDelimited`): each value encoded.
    pub fn push_joined_by<I>(&mut self, name: &'static str, values: I, separator: &str)
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        let encoded: ::std::vec::Vec<_> = values
            .into_iter()
            .map(|value| encode_query(value.as_ref()))
            .collect();
        self.pairs.push((name.into(), encoded.join(separator)));
    }

    /// Whether there are no parameters.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// Each parameter's name, as the spec spells it, and its encoded value.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        self.pairs.iter().map(|(name, value)| (name.as_ref(), value.as_str()))
    }
}

/// The query string, without the leading `?`: `a=1&b=x,y`.
impl fmt::Display for Query {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, (name, value)) in self.pairs().enumerate() {
            if index > 0 {
                f.write_str("&")?;
            }
            write!(f, "{}={value}", encode_query(name))?;
        }
        Ok(())
    }
}

/// `text` as a query's name or value: `application/x-www-form-urlencoded`, space as `+`.
fn encode_query(text: &str) -> ::std::string::String {
    ::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// Adds query parameter `name` when it has a value, written as text (numbers, strings, enums,
/// dates).
#[doc(hidden)]
pub fn push_query<T: fmt::Display + ?Sized>(
    query: &mut Query,
    name: &'static str,
    value: ::std::option::Option<&T>,
) {
    if let Some(value) = value {
        query.push(name, &value.to_string());
    }
}

/// Adds query parameter `name` when it has a value that has no plain form ([`param_text`]).
#[doc(hidden)]
pub fn push_query_json<T: ::serde::Serialize + ?Sized>(
    query: &mut Query,
    name: &'static str,
    value: ::std::option::Option<&T>,
) {
    push_query(query, name, value.map(param_text).as_deref());
}

/// Adds a query object's fields that have values, joined as `name=a,1,b,2` (`style: form`,
/// `explode: false`).
#[doc(hidden)]
pub fn push_query_joined_fields(
    query: &mut Query,
    name: &'static str,
    fields: &[(&str, ::std::option::Option<::std::string::String>)],
) {
    let present = fields
        .iter()
        .filter_map(|(field, value)| Some([*field, value.as_deref()?]));
    query.push_joined(name, present.flatten());
}

/// How a query parameter that is a map travels.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapStyle {
    /// `key=value` for each entry (`style: form`, exploded).
    Exploded,
    /// `name=key,value,key,value` (`style: form`, `explode: false`).
    Joined,
    /// `name[key]=value` (`style: deepObject`).
    Deep,
}

/// Adds a query parameter that is a map (`additionalProperties`), each value as its text
/// ([`param_text`]: a string as it is, other values as JSON); a `deepObject` map's values in
/// brackets as [`push_query_deep`] writes them (`name[key][0]=`; a `null` value left out).
#[doc(hidden)]
pub fn push_query_map<V: ::serde::Serialize>(
    query: &mut Query,
    name: &'static str,
    map: ::std::option::Option<&::std::collections::BTreeMap<::std::string::String, V>>,
    style: MapStyle,
) {
    let Some(map) = map else { return };
    match style {
        MapStyle::Exploded => {
            for (key, value) in map {
                query.push(key.clone(), &param_text(value));
            }
        }
        MapStyle::Joined => {
            let texts = map
                .iter()
                .flat_map(|(key, value)| [key.clone(), param_text(value)]);
            query.push_joined(name, texts);
        }
        MapStyle::Deep => {
            for (key, value) in map {
                push_deep(query, format!("{name}[{key}]"), value);
            }
        }
    }
}

/// Adds a query parameter of `style: deepObject` when it has a value: an object's entries as
/// `name[key]=value`, nested objects and lists further in brackets (`name[a][b]=`,
/// `name[list][0]=`), a list's items by their index (`name[0]=`), a plain value as
/// `name=value` (a union's plain variant); `null` is left out. OpenAPI defines `deepObject` for
/// one level of plain values; what goes deeper follows the bracket convention that Rails, PHP,
/// qs and Stripe read.
#[doc(hidden)]
pub fn push_query_deep<T: ::serde::Serialize + ?Sized>(
    query: &mut Query,
    name: &'static str,
    value: ::std::option::Option<&T>,
) {
    if let Some(value) = value {
        push_deep(query, name.to_owned(), value);
    }
}

/// Adds `value`'s pairs under `key` as [`push_query_deep`] writes them.
fn push_deep<T: ::serde::Serialize + ?Sized>(
    query: &mut Query,
    key: ::std::string::String,
    value: &T,
) {
    let value = ::serde_json::to_value(value).unwrap_or_default();
    deep_pairs(key, &value, &mut |key, text| query.push(key, text));
}

/// `value`'s pairs under `key` as [`push_query_deep`] writes them, each given to `push`.
fn deep_pairs(
    key: ::std::string::String,
    value: &::serde_json::Value,
    push: &mut dyn FnMut(::std::string::String, &str),
) {
    use ::serde_json::Value;
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (name, value) in map {
                deep_pairs(format!("{key}[{name}]"), value, push);
            }
        }
        Value::Array(items) => {
            for (index, value) in items.iter().enumerate() {
                deep_pairs(format!("{key}[{index}]"), value, push);
            }
        }
        Value::String(text) => push(key, text),
        Value::Number(_) | Value::Bool(_) => push(key, &value.to_string()),
    }
}

/// Adds a list parameter: `name=a&name=b` when `explode`, else `name=a,b`.
#[doc(hidden)]
pub fn push_query_list<T: fmt::Display>(
    query: &mut Query,
    name: &'static str,
    values: ::std::option::Option<&[T]>,
    explode: bool,
) {
    let Some(values) = values else { return };
    if explode {
        for value in values {
            query.push(name, &value.to_string());
        }
    } else {
        query.push_joined(name, values.iter().map(|value| value.to_string()));
    }
}

/// Adds a list parameter of `style: spaceDelimited` or `pipeDelimited` that is not exploded:
/// `name=a%20b` or `name=a%7Cb` (`separator` as it appears in the query).
#[doc(hidden)]
pub fn push_query_separated<T: fmt::Display>(
    query: &mut Query,
    name: &'static str,
    values: ::std::option::Option<&[T]>,
    separator: &'static str,
) {
    if let Some(values) = values {
        query
            .push_joined_by(
                name,
                values.iter().map(|value| value.to_string()),
                separator,
            );
    }
}

/// Sets header parameter `name` when it has a value, written as text.
#[doc(hidden)]
pub fn header_param<T: fmt::Display + ?Sized>(
    headers: &mut ::http::HeaderMap,
    name: &'static str,
    value: ::std::option::Option<&T>,
) -> ::std::result::Result<(), RequestError> {
    match value {
        Some(value) => insert_header(headers, name, &value.to_string(), false),
        None => Ok(()),
    }
}

/// Adds `name=value` to the request's one `Cookie` header (`a=1; b=2`); the header is
/// marked sensitive when any cookie in it is. `value` must already be cookie text
/// ([`cookie_param`] encodes it).
#[doc(hidden)]
pub fn add_cookie(
    headers: &mut ::http::HeaderMap,
    name: &'static str,
    value: &str,
    sensitive: bool,
) -> ::std::result::Result<(), RequestError> {
    let pair = format!("{name}={value}");
    match headers.get("cookie") {
        Some(existing) => {
            let sensitive = sensitive || existing.is_sensitive();
            let joined = format!(
                "{}; {pair}", ::std::string::String::from_utf8_lossy(existing.as_bytes())
            );
            insert_header(headers, "cookie", &joined, sensitive)
        }
        None => insert_header(headers, "cookie", &pair, sensitive),
    }
}

/// A cookie's text: what a cookie cannot hold as it is (spaces, `"`, `,`, `;`, `\`, controls,
/// non-ASCII, and `%` itself) percent-encoded.
fn encode_cookie(value: &str) -> ::std::string::String {
    const COOKIE: &::percent_encoding::AsciiSet = &::percent_encoding::CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b',')
        .add(b';')
        .add(b'\\')
        .add(b'%');
    ::percent_encoding::utf8_percent_encode(value, COOKIE).to_string()
}

/// Adds cookie parameter `name` when it has a value, written as text.
#[doc(hidden)]
pub fn cookie_param<T: fmt::Display + ?Sized>(
    headers: &mut ::http::HeaderMap,
    name: &'static str,
    value: ::std::option::Option<&T>,
) -> ::std::result::Result<(), RequestError> {
    match value {
        Some(value) => {
            add_cookie(headers, name, &encode_cookie(&value.to_string()), false)
        }
        None => Ok(()),
    }
}

/// Adds a list cookie parameter `name` when it has a value: `a,b`, each value encoded.
#[doc(hidden)]
pub fn cookie_param_list<T: fmt::Display>(
    headers: &mut ::http::HeaderMap,
    name: &'static str,
    values: ::std::option::Option<&[T]>,
) -> ::std::result::Result<(), RequestError> {
    match values {
        Some(values) => {
            let text = join_texts(
                values.iter().map(|value| encode_cookie(&value.to_string())),
            );
            add_cookie(headers, name, &text, false)
        }
        None => Ok(()),
    }
}

/// Adds cookie parameter `name` when it has a value that has no plain form ([`param_text`]).
#[doc(hidden)]
pub fn cookie_param_json<T: ::serde::Serialize + ?Sized>(
    headers: &mut ::http::HeaderMap,
    name: &'static str,
    value: ::std::option::Option<&T>,
) -> ::std::result::Result<(), RequestError> {
    cookie_param(headers, name, value.map(param_text).as_deref())
}

/// Sets header parameter `name` when it has a value that has no plain form ([`param_text`]).
#[doc(hidden)]
pub fn header_param_json<T: ::serde::Serialize + ?Sized>(
    headers: &mut ::http::HeaderMap,
    name: &'static str,
    value: ::std::option::Option<&T>,
) -> ::std::result::Result<(), RequestError> {
    header_param(headers, name, value.map(param_text).as_deref())
}

/// Sets a list header parameter when it has a value: OpenAPI's `simple` style, `a,b`.
#[doc(hidden)]
pub fn header_param_list<T: fmt::Display>(
    headers: &mut ::http::HeaderMap,
    name: &'static str,
    values: ::std::option::Option<&[T]>,
) -> ::std::result::Result<(), RequestError> {
    header_param(headers, name, values.map(join_simple).as_deref())
}

/// The text of a parameter that has no plain form (a union, an object, any value): a string as
/// it is (a `oneOf` of a string and an integer sends `abc`, not `"abc"`), a number or boolean
/// as written in JSON, an object or list as JSON. Writing generated models to JSON cannot fail:
/// every map has string keys.
#[doc(hidden)]
pub fn param_text<T: ::serde::Serialize + ?Sized>(value: &T) -> ::std::string::String {
    ::serde_json::to_value(value)
        .map(|value| plain_text(&value).unwrap_or_else(|| value.to_string()))
        .unwrap_or_default()
}

/// A string as it is, a number or boolean as written in JSON; `None` for anything else.
fn plain_text(
    value: &::serde_json::Value,
) -> ::std::option::Option<::std::string::String> {
    match value {
        ::serde_json::Value::String(text) => Some(text.clone()),
        ::serde_json::Value::Number(_) | ::serde_json::Value::Bool(_) => {
            Some(value.to_string())
        }
        _ => None,
    }
}

/// A parameter given with `content: application/json`: its JSON text.
#[doc(hidden)]
pub fn json_text<T: ::serde::Serialize + ?Sized>(value: &T) -> ::std::string::String {
    ::serde_json::to_string(value).unwrap_or_default()
}

/// Reads a parameter's or header's text written by [`param_text`]: as JSON, else as a string.
#[doc(hidden)]
pub fn read_param_text<T: ::serde::de::DeserializeOwned>(
    text: &str,
) -> ::std::option::Option<T> {
    ::serde_json::from_str(text)
        .ok()
        .or_else(|| {
            ::serde_json::from_value(::serde_json::Value::String(text.to_owned())).ok()
        })
}

/// A list path parameter in OpenAPI's `simple` style: each value percent-encoded, then `a,b`.
#[doc(hidden)]
pub fn encode_path_list<T: fmt::Display>(values: &[T]) -> ::std::string::String {
    join_texts(values.iter().map(|value| encode_path(&value.to_string())))
}

/// A list as `a,b`: OpenAPI's `simple` style (headers).
#[doc(hidden)]
pub fn join_simple<T: fmt::Display>(values: &[T]) -> ::std::string::String {
    join_texts(values.iter().map(|value| value.to_string()))
}

fn join_texts(
    texts: impl Iterator<Item = ::std::string::String>,
) -> ::std::string::String {
    texts.collect::<::std::vec::Vec<_>>().join(",")
}

/// A response header's list in OpenAPI's `simple` style (`a,b`; an empty value is no items),
/// each item read by `read`; `None` when one does not read.
#[doc(hidden)]
pub fn header_list<T>(
    text: &str,
    read: fn(&str) -> ::std::option::Option<T>,
) -> ::std::option::Option<::std::vec::Vec<T>> {
    if text.trim().is_empty() {
        return Some(::std::vec::Vec::new());
    }
    text.split(',').map(|item| read(item.trim())).collect()
}

/// The text of header `name` (lower case), if the response has it as text.
#[doc(hidden)]
pub fn header_text<'a>(
    headers: &'a ::http::HeaderMap,
    name: &'static str,
) -> ::std::option::Option<&'a str> {
    headers.get(name).and_then(|value| value.to_str().ok())
}

/// The `Authorization` value of HTTP Basic authentication.
#[doc(hidden)]
pub fn basic_authorization(username: &str, password: &Secret) -> ::std::string::String {
    use ::base64::Engine as _;
    let credentials = format!("{username}:{}", password.expose());
    format!("Basic {}", ::base64::engine::general_purpose::STANDARD.encode(credentials))
}

/// The documented headers of a successful response as values (an operation's `…Headers`
/// struct), written back as header text: what the mock answers with.
pub trait WriteHeaders {
    /// Appends each header that has a value, as its lower-case name and text.
    fn write_headers(
        &self,
        headers: &mut ::std::vec::Vec<(&'static str, ::std::string::String)>,
    );
}

/// No documented headers.
impl WriteHeaders for () {
    fn write_headers(
        &self,
        _headers: &mut ::std::vec::Vec<(&'static str, ::std::string::String)>,
    ) {}
}

/// `future`'s output when it completes at once, as reading a body held in memory does; `None`
/// when it would wait.
#[doc(hidden)]
pub fn ready<F: ::std::future::Future>(future: F) -> ::std::option::Option<F::Output> {
    let mut future = ::std::pin::pin!(future);
    let mut context = ::std::task::Context::from_waker(::std::task::Waker::noop());
    match ::std::future::Future::poll(future.as_mut(), &mut context) {
        ::std::task::Poll::Ready(output) => Some(output),
        ::std::task::Poll::Pending => None,
    }
}

/// A request body: its media type (`Content-Type`) and bytes.
pub type RequestBody = (::std::borrow::Cow<'static, str>, ::std::vec::Vec<u8>);

/// One operation of an API, without any network: what to send, and how to read the answer.
/// Generated for every operation; `Client` sends them, and any other transport can too.
pub trait Operation {
    /// The typed result of a successful call.
    type Output;

    /// The documented error responses.
    type Error: ApiError;

    /// The HTTP method.
    const METHOD: ::http::Method;

    /// The spec's `operationId` (or `method path` when it has none).
    const OPERATION_ID: &'static str;

    /// The media types of its documented responses, for `Accept` (`None`: any).
    const ACCEPT: ::std::option::Option<&'static str> = None;

    /// The server the operation documents for itself (an upload host), where it differs from
    /// the API's: a client whose base URL is one of the API's servers sends it there.
    const SERVER: ::std::option::Option<&'static str> = None;

    /// The security requirements the operation states for itself (`None`: the API's).
    const SECURITY: ::std::option::Option<Requirements> = None;

    /// The path with its parameters filled in and percent-encoded.
    fn path(&self) -> ::std::string::String;
    /// Query parameters, in order.
    fn query(&self) -> Query {
        Query::new()
    }

    /// Header parameters.
    fn headers(
        &self,
        _headers: &mut ::http::HeaderMap,
    ) -> ::std::result::Result<(), RequestError> {
        Ok(())
    }

    /// The body and its media type, if the operation has one.
    fn body(
        &self,
    ) -> ::std::option::Option<::std::result::Result<RequestBody, RequestError>> {
        None
    }

    /// The body, when it is bytes that may be a stream sent as it is produced (by `send()`).
    fn upload(&self) -> ::std::option::Option<&Upload<'_>> {
        None
    }

    /// Checks the parameters and body against the spec's rules.
    fn validate(&self) -> ::std::result::Result<(), ValidationErrors> {
        Ok(())
    }

    /// Reads a response.
    fn parse(
        status: ::http::StatusCode,
        body: &[u8],
    ) -> ::std::result::Result<Self::Output, Error<Self::Error>>;
}

/// Builds the request for `operation` against `base_url` (no trailing slash needed).
pub fn build_request<O: Operation>(
    operation: &O,
    base_url: &str,
    required_headers: &[(&'static str, &'static str)],
    auth: ::std::option::Option<&dyn Authenticate>,
) -> ::std::result::Result<::http::Request<::std::vec::Vec<u8>>, RequestError> {
    whole_body(operation)?;
    assemble(operation, base_url, required_headers, auth)
}

/// [`build_request`], with an empty body where the body is a stream (which `send()` adds).
fn assemble<O: Operation>(
    operation: &O,
    base_url: &str,
    required_headers: &[(&'static str, &'static str)],
    auth: ::std::option::Option<&dyn Authenticate>,
) -> ::std::result::Result<::http::Request<::std::vec::Vec<u8>>, RequestError> {
    let mut headers = ::http::HeaderMap::new();
    if let Some(accept) = O::ACCEPT {
        insert_header(&mut headers, "accept", accept, false)?;
    }
    for (name, value) in required_headers {
        insert_header(&mut headers, name, value, false)?;
    }
    operation.headers(&mut headers)?;
    let mut query = operation.query();
    if let Some(auth) = auth {
        auth.authenticate(O::SECURITY, &mut headers, &mut query)?;
    }
    let body = match operation.body() {
        Some(body) => {
            let (media_type, body) = body?;
            insert_header(&mut headers, "content-type", &media_type, false)?;
            body
        }
        None => ::std::vec::Vec::new(),
    };
    let mut uri = format!("{}{}", base_url.trim_end_matches('/'), operation.path());
    if !query.is_empty() {
        uri.push('?');
        uri.push_str(&query.to_string());
    }
    let mut request = ::http::Request::builder()
        .method(O::METHOD)
        .uri(uri.as_str())
        .body(body)
        .map_err(|_| RequestError::InvalidUri(uri))?;
    *request.headers_mut() = headers;
    Ok(request)
}

/// Reads a response of `O`; an error keeps the response's headers.
pub fn parse_response<O: Operation>(
    response: &::http::Response<::std::vec::Vec<u8>>,
) -> ::std::result::Result<O::Output, Error<O::Error>> {
    O::parse(response.status(), response.body())
        .map_err(|error| error.with_headers(response.headers().clone()))
}

/// `application/x-www-form-urlencoded` text of a JSON object's top-level properties, as
/// OpenAPI's default encoding (`style: form`, `explode: true`) writes them: a list of plain
/// values as the name repeated (`tag=a&tag=b`), a string as it is, a number or boolean as in
/// JSON; an object, or a list of anything else, as JSON. The properties named in `deep` (their
/// `encoding` says `style: deepObject`) travel in brackets, as [`push_query_deep`] writes them
/// (`address[city]=Oslo&items[0][price]=5`).
#[doc(hidden)]
pub fn form_encode(value: &::serde_json::Value, deep: &[&str]) -> ::std::string::String {
    use ::serde_json::Value;
    let mut serializer = ::form_urlencoded::Serializer::new(
        ::std::string::String::new(),
    );
    if let Value::Object(map) = value {
        for (name, value) in map {
            match value {
                Value::Null => {}
                _ if deep.contains(&name.as_str()) => {
                    deep_pairs(
                        name.clone(),
                        value,
                        &mut |key, text| {
                            serializer.append_pair(&key, text);
                        },
                    );
                }
                Value::Array(
                    items,
                ) if items.iter().all(|item| plain_text(item).is_some()) => {
                    for item in items.iter().filter_map(plain_text) {
                        serializer.append_pair(name, &item);
                    }
                }
                other => {
                    let text = plain_text(other).unwrap_or_else(|| other.to_string());
                    serializer.append_pair(name, &text);
                }
            }
        }
    }
    serializer.finish()
}

/// Percent-encodes one path segment.
#[doc(hidden)]
pub fn encode_path(value: &str) -> ::std::string::String {
    const SEGMENT: &::percent_encoding::AsciiSet = &::percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    ::percent_encoding::utf8_percent_encode(value, SEGMENT).to_string()
}
