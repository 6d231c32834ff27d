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

/// A documented error response: its body read as the [`ErrorBody`] that `variant` of the
/// operation's error enum holds. (A function pointer: one instance per body and error type,
/// not one per variant.)
#[doc(hidden)]
pub fn api_error<T: ::serde::de::DeserializeOwned, E, O>(
    status: ::http::StatusCode,
    body: &[u8],
    variant: fn(ErrorBody<T>) -> E,
) -> ::std::result::Result<O, Error<E>> {
    api_error_seed(status, body, variant, ::std::marker::PhantomData)
}

/// [`api_error`] through a seed (a body whose own shape holds lenient integers).
#[doc(hidden)]
pub fn api_error_seed<'de, S: ::serde::de::DeserializeSeed<'de>, E, O>(
    status: ::http::StatusCode,
    body: &'de [u8],
    variant: fn(ErrorBody<S::Value>) -> E,
    seed: S,
) -> ::std::result::Result<O, Error<E>> {
    Err(Error::Api {
        status,
        headers: ::std::boxed::Box::default(),
        error: variant(ErrorBody::read_seed(body, seed)),
    })
}

/// A response the operation does not document (or a success without its documented body),
/// kept as received.
#[doc(hidden)]
pub fn unexpected_status<O, E>(
    status: ::http::StatusCode,
    body: &[u8],
) -> ::std::result::Result<O, Error<E>> {
    Err(Error::UnexpectedStatus {
        status,
        headers: ::std::boxed::Box::default(),
        body: RawBody(body.to_vec()),
    })
}

/// Reads a JSON body as `T`, keeping the raw body when it does not match.
#[doc(hidden)]
pub fn parse_json<T: ::serde::de::DeserializeOwned, E>(
    status: ::http::StatusCode,
    body: &[u8],
) -> ::std::result::Result<T, Error<E>> {
    parse_json_seed(status, body, ::std::marker::PhantomData)
}

/// [`parse_json`] through a seed: a body whose own shape holds lenient integers (an array of
/// them, say), which no type's `Deserialize` reads leniently.
#[doc(hidden)]
pub fn parse_json_seed<'de, S: ::serde::de::DeserializeSeed<'de>, E>(
    status: ::http::StatusCode,
    body: &'de [u8],
    seed: S,
) -> ::std::result::Result<S::Value, Error<E>> {
    from_json_seed(body, seed)
        .map_err(|error| Error::InvalidBody {
            status,
            headers: ::std::boxed::Box::default(),
            body: RawBody(body.to_vec()),
            error,
        })
}

/// An error body: the bytes as received, and the parsed value when they are JSON of the
/// documented shape.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorBody<T = ::serde_json::Value> {
    /// The bytes as received.
    pub raw: RawBody,
    /// The documented body, when the bytes are JSON of its shape.
    pub parsed: ::std::option::Option<T>,
}

impl<T: ::serde::de::DeserializeOwned> ErrorBody<T> {
    /// Keeps `body` and parses it as `T` when it is JSON of that shape.
    pub fn read(body: &[u8]) -> Self {
        ErrorBody::read_seed(body, ::std::marker::PhantomData)
    }
}

impl<T> ErrorBody<T> {
    /// [`ErrorBody::read`] through a seed (a body whose own shape holds lenient integers).
    #[doc(hidden)]
    pub fn read_seed<'de, S: ::serde::de::DeserializeSeed<'de, Value = T>>(
        body: &'de [u8],
        seed: S,
    ) -> Self {
        let mut deserializer = ::serde_json::Deserializer::from_slice(body);
        let parsed = seed
            .deserialize(&mut deserializer)
            .and_then(|parsed| deserializer.end().map(|()| parsed));
        ErrorBody {
            raw: RawBody(body.to_vec()),
            parsed: parsed.ok(),
        }
    }
}

impl<T: ::serde::Serialize> ErrorBody<T> {
    /// The body of a documented error response holding `parsed`, with the bytes it is written
    /// as (for mock servers and tests).
    pub fn new(parsed: T) -> Self {
        ErrorBody {
            raw: RawBody(::serde_json::to_vec(&parsed).unwrap_or_default()),
            parsed: Some(parsed),
        }
    }
}

/// A body as received.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct RawBody(pub ::std::vec::Vec<u8>);

impl RawBody {
    /// The body as text, with invalid UTF-8 replaced.
    pub fn text(&self) -> ::std::borrow::Cow<'_, str> {
        ::std::string::String::from_utf8_lossy(&self.0)
    }

    /// At most `chars` characters of the text, on one line.
    pub fn excerpt(&self, chars: usize) -> ::std::string::String {
        excerpt(&self.text(), chars)
    }
}

impl fmt::Debug for RawBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 512;
        let text = self.text();
        if text.chars().count() > SHOWN {
            let shown: ::std::string::String = text.chars().take(SHOWN).collect();
            write!(f, "{shown:?}… ({} bytes)", self.0.len())
        } else {
            write!(f, "{text:?}")
        }
    }
}

/// Why a call failed. `E` holds the operation's documented error responses.
#[derive(Debug)]
pub enum Error<E> {
    /// The request breaks the spec's rules; nothing was sent.
    Validation(ValidationErrors),
    /// The request could not be built (a header value with a line break, …).
    Request(RequestError),
    /// A documented error response.
    Api {
        /// The response status.
        status: ::http::StatusCode,
        /// The response headers (`Retry-After`, a request id, `WWW-Authenticate`, …).
        headers: ::std::boxed::Box<::http::HeaderMap>,
        /// The operation's error enum: which documented response, with its body.
        error: E,
    },
    /// A status the spec does not document.
    UnexpectedStatus {
        /// The response status.
        status: ::http::StatusCode,
        /// The response headers.
        headers: ::std::boxed::Box<::http::HeaderMap>,
        /// The body as received.
        body: RawBody,
    },
    /// A response body that does not match its schema.
    InvalidBody {
        /// The response status.
        status: ::http::StatusCode,
        /// The response headers (its `Content-Type` among them).
        headers: ::std::boxed::Box<::http::HeaderMap>,
        /// The body as received.
        body: RawBody,
        /// Where and why it does not read as the documented type.
        error: DeserializeError,
    },
    /// No answer within the configured timeout, or the call passed its deadline.
    Timeout,
    /// The transport failed (connection refused, TLS, …).
    Transport(TransportError),
}

impl<E> Error<E> {
    /// The documented error response, when the server sent one.
    pub fn api(&self) -> ::std::option::Option<&E> {
        match self {
            Error::Api { error, .. } => Some(error),
            _ => None,
        }
    }

    /// The status of the response, when there was one.
    pub fn status(&self) -> ::std::option::Option<::http::StatusCode> {
        match self {
            Error::Api { status, .. }
            | Error::UnexpectedStatus { status, .. }
            | Error::InvalidBody { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The headers of the response, when there was one (`Retry-After`, a request id, …);
    /// empty from an operation's own [`Operation::parse`], which sees no headers
    /// ([`parse_response`] and `send()` keep them).
    pub fn headers(&self) -> ::std::option::Option<&::http::HeaderMap> {
        match self {
            Error::Api { headers, .. }
            | Error::UnexpectedStatus { headers, .. }
            | Error::InvalidBody { headers, .. } => Some(headers),
            _ => None,
        }
    }

    /// The error with the headers of the response it is about: an operation's `parse` sees
    /// the status and body only, [`parse_response`] and `send()` add them.
    #[doc(hidden)]
    pub fn with_headers(mut self, response_headers: ::http::HeaderMap) -> Self {
        if let Error::Api { headers, .. }
        | Error::UnexpectedStatus { headers, .. }
        | Error::InvalidBody { headers, .. } = &mut self {
            **headers = response_headers;
        }
        self
    }

    /// No answer came within the configured timeout.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout)
    }

    /// Nothing was sent: the request broke the spec's rules or could not be built.
    pub fn is_request(&self) -> bool {
        matches!(self, Error::Validation(_) | Error::Request(_))
    }
}

/// One line, at most this many characters of a body.
const BODY_SHOWN: usize = 120;

/// An operation's documented error responses (its `…Error` enum), each holding the body as
/// received: what `Error`'s message quotes.
pub trait ApiError {
    /// The error response's body, as received.
    fn raw_body(&self) -> &RawBody;
}

impl<E: ApiError> Error<E> {
    /// The body of the response the error is about, as received: a documented error's, an
    /// undocumented status's, or one that does not read as its schema. `None` when no response
    /// came.
    pub fn raw_body(&self) -> ::std::option::Option<&RawBody> {
        match self {
            Error::Api { error, .. } => Some(error.raw_body()),
            Error::UnexpectedStatus { body, .. } | Error::InvalidBody { body, .. } => {
                Some(body)
            }
            _ => None,
        }
    }
}

impl<E: ApiError> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Validation(errors) => {
                let count = errors.violations.len();
                match errors.violations.first() {
                    Some(first) if count > 1 => {
                        write!(
                            f, "invalid request, not sent: {first} (and {} more)", count
                            - 1
                        )
                    }
                    Some(first) => write!(f, "invalid request, not sent: {first}"),
                    None => f.write_str("invalid request, not sent"),
                }
            }
            Error::Request(_) => f.write_str("cannot build the request"),
            Error::Api { status, error, .. } => {
                let excerpt = error.raw_body().excerpt(BODY_SHOWN);
                if excerpt.trim().is_empty() {
                    write!(f, "the server answered {status} (a documented error)")
                } else {
                    write!(
                        f, "the server answered {status} (a documented error): {excerpt}"
                    )
                }
            }
            Error::UnexpectedStatus { status, body, .. } => {
                write!(f, "undocumented status {status}: {}", body.excerpt(BODY_SHOWN))
            }
            Error::InvalidBody { status, headers, .. } => {
                let media_type = headers
                    .get(::http::header::CONTENT_TYPE)
                    .and_then(|value| value.to_str().ok())
                    .filter(|media_type| !media_type.contains("json"));
                match media_type {
                    Some(media_type) => {
                        write!(
                            f,
                            "the {status} response ({media_type}) does not match its schema"
                        )
                    }
                    None => write!(f, "the {status} response does not match its schema"),
                }
            }
            Error::Timeout => f.write_str("no response within the timeout"),
            Error::Transport(_) => f.write_str("the request failed below HTTP"),
        }
    }
}

impl<E: fmt::Debug + ApiError> ::std::error::Error for Error<E> {
    fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
        match self {
            Error::Validation(errors) => Some(errors),
            Error::Request(error) => Some(error),
            Error::InvalidBody { error, .. } => Some(error),
            Error::Transport(error) => Some(error),
            Error::Api { .. } | Error::UnexpectedStatus { .. } | Error::Timeout => None,
        }
    }
}

impl<E> From<RequestError> for Error<E> {
    fn from(error: RequestError) -> Self {
        Error::Request(error)
    }
}

/// A request that cannot be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestError {
    /// A header value that HTTP does not allow (a line break, …), by header name.
    InvalidHeader(&'static str),
    /// The base URL and path do not make a URI.
    InvalidUri(::std::string::String),
    /// The body could not be serialized.
    Body(::std::string::String),
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestError::InvalidHeader(name) => {
                write!(f, "header `{name}`: not a valid header name or value")
            }
            RequestError::InvalidUri(uri) => write!(f, "`{uri}` is not a valid URI"),
            RequestError::Body(error) => write!(f, "cannot serialize the body: {error}"),
        }
    }
}

impl ::std::error::Error for RequestError {}
/// A failure below HTTP: connection, TLS, a broken response.
#[derive(Debug)]
pub struct TransportError(pub ::std::boxed::Box<dyn ::std::error::Error + Send + Sync>);

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl TransportError {
    /// Whether another attempt could succeed: not when the body is over the transport's limit
    /// ([`TooLarge`]) or the platform has no certificate store for TLS, anywhere in the causes.
    pub fn is_retryable(&self) -> bool {
        let mut cause: ::std::option::Option<&(dyn ::std::error::Error + 'static)> = Some(
            &*self.0,
        );
        while let Some(error) = cause {
            if error.is::<TooLarge>() {
                return false;
            }

            #[cfg(feature = "reqwest")]
            if error.is::<NoTls>() {
                return false;
            }
            cause = error.source();
        }
        true
    }
}

impl ::std::error::Error for TransportError {
    /// The cause under the transport's own error (TLS, DNS, a refused connection), which its
    /// `Display` does not repeat.
    fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
        self.0.source()
    }
}

/// Sends requests. `ReqwestTransport` (feature `reqwest`, on by default) is the default; any
/// other HTTP stack can be plugged in. Its runtime also keeps time: timeouts, the overall
/// deadline and the waits between retries sleep through [`Transport::sleep`], which the feature
/// `tokio` (part of `reqwest`) provides; a transport on another runtime writes its own. (A
/// transport owns what it needs: the retry loop keeps its `sleep`, so it is `'static`.)
pub trait Transport: 'static {
    /// Sends one request and reads its whole response (or fails).
    fn send(
        &self,
        request: ::http::Request<::std::vec::Vec<u8>>,
    ) -> impl ::std::future::Future<
        Output = ::std::result::Result<
            ::http::Response<::std::vec::Vec<u8>>,
            TransportError,
        >,
    > + Send;
    /// Sends one request whose body is produced as it goes. The default reads the stream whole
    /// and sends it with [`Transport::send`]; the reqwest transport streams it.
    fn send_streaming(
        &self,
        request: ::http::Request<UploadStream>,
    ) -> impl ::std::future::Future<
        Output = ::std::result::Result<
            ::http::Response<::std::vec::Vec<u8>>,
            TransportError,
        >,
    > + Send
    where
        Self: Sync,
    {
        async move {
            let (parts, stream) = request.into_parts();
            let body = stream.collect().await?;
            self.send(::http::Request::from_parts(parts, body)).await
        }
    }

    /// Completes after `duration`.
    #[cfg(feature = "tokio")]
    fn sleep(
        duration: ::std::time::Duration,
    ) -> impl ::std::future::Future<Output = ()> + Send {
        ::tokio::time::sleep(duration)
    }

    /// Completes after `duration`.
    #[cfg(not(feature = "tokio"))]
    fn sleep(
        duration: ::std::time::Duration,
    ) -> impl ::std::future::Future<Output = ()> + Send;
}

/// `future`'s output, or `None` when `timer` completes first.
async fn before<F: ::std::future::Future, T: ::std::future::Future<Output = ()>>(
    future: F,
    timer: T,
) -> ::std::option::Option<F::Output> {
    let mut future = ::std::pin::pin!(future);
    let mut timer = ::std::pin::pin!(timer);
    ::std::future::poll_fn(|cx| {
            if let ::std::task::Poll::Ready(output) = future.as_mut().poll(cx) {
                return ::std::task::Poll::Ready(Some(output));
            }
            timer.as_mut().poll(cx).map(|()| None)
        })
        .await
}

/// The default transport: reqwest 0.13 with rustls, which trusts the platform's certificate
/// store. Reads at most `max_response_bytes` of a body (default 64 MiB): a larger one is a
/// transport error, not an exhausted memory.
#[cfg(feature = "reqwest")]
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: Clients,
    max_response_bytes: usize,
}

/// The client a reqwest transport sends through.
#[cfg(feature = "reqwest")]
#[derive(Debug, Clone)]
enum Clients {
    /// With the platform's certificate store, or the caller's own client.
    Ready(::reqwest::Client),
    /// Without roots, for plain `http`; `https` calls fail with the reason.
    PlainOnly(::reqwest::Client, NoTls),
    /// None could be built: every call fails with the reason.
    Unavailable(NoTls),
}

/// reqwest's own `Client::default()` panics where the platform has no certificate store (a
/// container without `ca-certificates`). There the default transport still makes plain `http`
/// calls (a mock, a local service), and each `https` call fails with this error instead.
#[cfg(feature = "reqwest")]
impl Default for ReqwestTransport {
    fn default() -> Self {
        match ::reqwest::Client::builder().build() {
            Ok(client) => ReqwestTransport::new(client),
            Err(error) => {
                let no_tls = NoTls(::std::sync::Arc::new(error));
                let refused = no_tls.clone();
                let redirect = ::reqwest::redirect::Policy::custom(move |attempt| {
                    if attempt.url().scheme() == "https" {
                        attempt.error(refused.clone())
                    } else if attempt.previous().len() > 10 {
                        attempt.error("too many redirects")
                    } else {
                        attempt.follow()
                    }
                });
                let client = match ::reqwest::Client::builder()
                    .tls_certs_only([])
                    .redirect(redirect)
                    .build()
                {
                    Ok(client) => Clients::PlainOnly(client, no_tls),
                    Err(_) => Clients::Unavailable(no_tls),
                };
                ReqwestTransport {
                    client,
                    max_response_bytes: Self::DEFAULT_MAX_RESPONSE_BYTES,
                }
            }
        }
    }
}

/// The default reqwest client could not be built with the platform's certificate store.
#[cfg(feature = "reqwest")]
#[derive(Debug, Clone)]
pub struct NoTls(::std::sync::Arc<::reqwest::Error>);

#[cfg(feature = "reqwest")]
impl fmt::Display for NoTls {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "no certificate store for TLS: install the system's CA certificates, or pass a \
             reqwest::Client built with `tls_certs_only` to `ReqwestTransport::new`",
        )
    }
}

#[cfg(feature = "reqwest")]
impl ::std::error::Error for NoTls {
    fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
        Some(&*self.0)
    }
}

#[cfg(feature = "reqwest")]
impl ReqwestTransport {
    /// The largest response body read by default: 64 MiB.
    pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 64 << 20;

    /// Sends through `client`, reading at most [`Self::DEFAULT_MAX_RESPONSE_BYTES`].
    pub fn new(client: ::reqwest::Client) -> Self {
        ReqwestTransport {
            client: Clients::Ready(client),
            max_response_bytes: Self::DEFAULT_MAX_RESPONSE_BYTES,
        }
    }

    /// The largest response body read; a larger one fails the call.
    pub fn with_max_response_bytes(mut self, bytes: usize) -> Self {
        self.max_response_bytes = bytes;
        self
    }
}

/// A response body larger than the transport reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooLarge {
    /// The limit in bytes.
    pub limit: usize,
}

impl fmt::Display for TooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the response body is larger than {} bytes", self.limit)
    }
}

impl ::std::error::Error for TooLarge {}
#[cfg(feature = "reqwest")]
impl ReqwestTransport {
    /// Sends `request`: the response, and a builder holding its status, version and headers.
    async fn execute<B: Into<::reqwest::Body>>(
        &self,
        request: ::http::Request<B>,
    ) -> ::std::result::Result<
        (::http::response::Builder, ::reqwest::Response),
        TransportError,
    > {
        let https = request.uri().scheme() == Some(&::http::uri::Scheme::HTTPS);
        let client = match &self.client {
            Clients::Ready(client) => client,
            Clients::PlainOnly(client, _) if !https => client,
            Clients::PlainOnly(_, reason) | Clients::Unavailable(reason) => {
                return Err(TransportError(::std::boxed::Box::new(reason.clone())));
            }
        };
        let request = ::reqwest::Request::try_from(request)
            .map_err(|e| TransportError(e.into()))?;
        let response = client
            .execute(request)
            .await
            .map_err(|e| TransportError(e.into()))?;
        let mut builder = ::http::Response::builder()
            .status(response.status())
            .version(response.version());
        if let Some(headers) = builder.headers_mut() {
            headers
                .extend(response.headers().iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        Ok((builder, response))
    }

    /// Reads `response`'s whole body, up to the limit.
    async fn read(
        &self,
        builder: ::http::response::Builder,
        mut response: ::reqwest::Response,
    ) -> ::std::result::Result<::http::Response<::std::vec::Vec<u8>>, TransportError> {
        let limit = self.max_response_bytes;
        let too_large = || TransportError(::std::boxed::Box::new(TooLarge { limit }));
        if response.content_length().is_some_and(|length| length > limit as u64) {
            return Err(too_large());
        }
        let mut body = ::std::vec::Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| TransportError(e.into()))?
        {
            if body.len() + chunk.len() > limit {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        builder.body(body).map_err(|e| TransportError(e.into()))
    }
}

#[cfg(feature = "reqwest")]
impl Transport for ReqwestTransport {
    async fn send(
        &self,
        request: ::http::Request<::std::vec::Vec<u8>>,
    ) -> ::std::result::Result<::http::Response<::std::vec::Vec<u8>>, TransportError> {
        let (builder, response) = self.execute(request).await?;
        self.read(builder, response).await
    }

    async fn send_streaming(
        &self,
        request: ::http::Request<UploadStream>,
    ) -> ::std::result::Result<::http::Response<::std::vec::Vec<u8>>, TransportError> {
        let request = request
            .map(|stream| ::reqwest::Body::wrap(
                StreamingBody(::std::sync::Mutex::new(stream)),
            ));
        let (builder, response) = self.execute(request).await?;
        self.read(builder, response).await
    }
}

/// How a client retries: only idempotent methods, only on transport errors (but those
/// another attempt cannot mend: [`TransportError::is_retryable`]), timeouts and the statuses
/// 429, 502, 503 and 504, with exponential backoff and jitter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt; 0 turns retrying off.
    pub max_retries: usize,
    /// The wait before the first retry; each further wait doubles it, with jitter.
    pub min_delay: ::std::time::Duration,
    /// The longest wait between two attempts (unless `Retry-After` asks for longer).
    pub max_delay: ::std::time::Duration,
    /// The longest `Retry-After` waited for; a server asking for more ends the retries.
    pub max_retry_after: ::std::time::Duration,
}

impl RetryPolicy {
    /// No retries.
    pub const NONE: RetryPolicy = RetryPolicy {
        max_retries: 0,
        min_delay: ::std::time::Duration::ZERO,
        max_delay: ::std::time::Duration::ZERO,
        max_retry_after: ::std::time::Duration::ZERO,
    };
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            min_delay: ::std::time::Duration::from_millis(200),
            max_delay: ::std::time::Duration::from_secs(5),
            max_retry_after: ::std::time::Duration::from_secs(60),
        }
    }
}

/// Settings every generated `Client` shares.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Where requests go: scheme, host and any path prefix (`https://app.energycap.com`).
    pub base_url: ::std::string::String,
    /// Per attempt. Default: 30 s.
    pub timeout: ::std::time::Duration,
    /// For the whole call, retries and their waits included. Default: none.
    pub deadline: ::std::option::Option<::std::time::Duration>,
    /// When to try again.
    pub retry: RetryPolicy,
    /// Check requests before sending (on by default).
    pub validate: bool,
    /// Sent as `User-Agent`. Default: this crate's name and version.
    pub user_agent: ::std::string::String,
    /// The API's documented servers: while `base_url` is one of them, an operation with a
    /// server of its own ([`Operation::SERVER`]) goes there; a client sent elsewhere (a mock,
    /// a proxy) sends every call to `base_url`.
    pub api_servers: &'static [&'static str],
}

impl ClientConfig {
    /// The defaults, sending to `base_url`.
    pub fn new(base_url: impl Into<::std::string::String>) -> Self {
        ClientConfig {
            base_url: base_url.into(),
            timeout: ::std::time::Duration::from_secs(30),
            deadline: None,
            retry: RetryPolicy::default(),
            validate: true,
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"))
                .to_owned(),
            api_servers: &[],
        }
    }
}

/// The wait a `Retry-After` header asks for, in seconds (its date form is not read).
fn retry_after(
    response: &::http::Response<::std::vec::Vec<u8>>,
) -> ::std::option::Option<::std::time::Duration> {
    let seconds = response.headers().get(::http::header::RETRY_AFTER)?.to_str().ok()?;
    seconds.trim().parse().ok().map(::std::time::Duration::from_secs)
}

enum Attempt {
    Retryable(::http::Response<::std::vec::Vec<u8>>),
    Timeout,
    Transport(TransportError),
}

/// A successful response: the typed value, with the status and headers it came with (rate
/// limits, request ids, `Link` paging). Dereferences to the value.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseValue<T> {
    status: ::http::StatusCode,
    headers: ::http::HeaderMap,
    value: T,
}

impl<T> ResponseValue<T> {
    /// A response of `status` with `headers` whose body reads as `value` (for tests and
    /// transports of one's own).
    pub fn new(
        status: ::http::StatusCode,
        headers: ::http::HeaderMap,
        value: T,
    ) -> Self {
        ResponseValue {
            status,
            headers,
            value,
        }
    }

    /// The response status.
    pub fn status(&self) -> ::http::StatusCode {
        self.status
    }

    /// The response headers (rate limits, request ids, `Link`, …).
    pub fn headers(&self) -> &::http::HeaderMap {
        &self.headers
    }

    /// The value, without status and headers.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// Status, headers and value.
    pub fn into_parts(self) -> (::http::StatusCode, ::http::HeaderMap, T) {
        (self.status, self.headers, self.value)
    }
}

impl<T> ::std::ops::Deref for ResponseValue<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> ::std::ops::DerefMut for ResponseValue<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

/// One call of an operation through a client, made by the client's method for it: required
/// parameters are that method's arguments, optional ones are set here (`.state(x)`, or
/// `.set_state(option)` with an `Option`), then `.send().await`.
#[must_use = "a call does nothing until it is sent"]
#[derive(Debug, Clone)]
pub struct Call<'c, C, O> {
    pub(crate) client: &'c C,
    pub(crate) operation: O,
}

impl<'c, C, O> Call<'c, C, O> {
    /// A call of `operation` through `client` (what the client's method for it returns).
    pub fn new(client: &'c C, operation: O) -> Self {
        Call { client, operation }
    }

    /// The client it goes through.
    pub fn client(&self) -> &'c C {
        self.client
    }

    /// The operation as set so far (for the sans-IO layer: [`build_request`]).
    pub fn operation(&self) -> &O {
        &self.operation
    }

    /// The operation as set, without the client.
    pub fn into_operation(self) -> O {
        self.operation
    }
}

/// Validates, builds, sends (with timeout and retries) and parses one operation. Only the
/// building and parsing depend on the operation; the exchange with its retries and timers is
/// [`exchange`], compiled once per transport, not once per operation.
#[doc(hidden)]
pub async fn send<O: Operation + Sync, T: Transport + Sync>(
    transport: &T,
    config: &ClientConfig,
    required_headers: &[(&'static str, &'static str)],
    auth: ::std::option::Option<&dyn Authenticate>,
    operation: &O,
) -> ::std::result::Result<ResponseValue<O::Output>, Error<O::Error>> {
    let request = prepare(config, required_headers, auth, operation)?;
    let upload = operation.upload().filter(|upload| upload.is_stream());
    let outcome = match upload.map(Upload::take_stream).transpose()? {
        Some(stream) => send_streamed(transport, config, request, stream).await,
        None => exchange(transport, config, request).await,
    };
    let response = match outcome {
        Ok(response) => response,
        Err(Failed::Request(error)) => return Err(Error::Request(error)),
        Err(Failed::Timeout) => return Err(Error::Timeout),
        Err(Failed::Transport(error)) => return Err(Error::Transport(error)),
    };
    let (parts, body) = response.into_parts();
    match O::parse(parts.status, &body) {
        Ok(value) => Ok(ResponseValue::new(parts.status, parts.headers, value)),
        Err(error) => Err(error.with_headers(parts.headers)),
    }
}

/// `operation` checked (when the client validates) and built into its request, with the client's
/// `User-Agent`; a streamed body is left for `send()` to add.
fn prepare<O: Operation>(
    config: &ClientConfig,
    required_headers: &[(&'static str, &'static str)],
    auth: ::std::option::Option<&dyn Authenticate>,
    operation: &O,
) -> ::std::result::Result<::http::Request<::std::vec::Vec<u8>>, Error<O::Error>> {
    if config.validate {
        operation.validate().map_err(Error::Validation)?;
    }
    let base_url = match O::SERVER {
        Some(
            server,
        ) if config.api_servers.contains(&config.base_url.trim_end_matches('/')) => {
            server
        }
        _ => config.base_url.as_str(),
    };
    let mut request = assemble(operation, base_url, required_headers, auth)?;
    set_user_agent(&mut request, config)?;
    Ok(request)
}

/// Gives `request` the client's `User-Agent` unless it has one.
fn set_user_agent(
    request: &mut ::http::Request<::std::vec::Vec<u8>>,
    config: &ClientConfig,
) -> ::std::result::Result<(), RequestError> {
    if !request.headers().contains_key(::http::header::USER_AGENT) {
        let agent = ::http::HeaderValue::from_str(&config.user_agent)
            .map_err(|_| RequestError::InvalidHeader("user-agent"))?;
        request.headers_mut().insert(::http::header::USER_AGENT, agent);
    }
    Ok(())
}

/// Why an exchange gave no response.
#[doc(hidden)]
pub enum Failed {
    Request(RequestError),
    Timeout,
    Transport(TransportError),
}

/// Sends a prepared request with the timeout per attempt, retries (idempotent
/// methods; 429, 502, 503, 504, timeouts and transport errors; `Retry-After` honoured up to its
/// cap) and overall deadline; the last response, whatever its status.
#[doc(hidden)]
pub async fn exchange<T: Transport + Sync>(
    transport: &T,
    config: &ClientConfig,
    request: ::http::Request<::std::vec::Vec<u8>>,
) -> ::std::result::Result<::http::Response<::std::vec::Vec<u8>>, Failed> {
    let (parts, body) = request.into_parts();
    let idempotent = matches!(
        parts.method, ::http::Method::GET | ::http::Method::HEAD | ::http::Method::PUT |
        ::http::Method::DELETE | ::http::Method::OPTIONS
    );
    let attempt = || async {
        let request = ::http::Request::from_parts(parts.clone(), body.clone());
        match before(transport.send(request), T::sleep(config.timeout)).await {
            None => Err(Attempt::Timeout),
            Some(Err(error)) => Err(Attempt::Transport(error)),
            Some(
                Ok(response),
            ) if matches!(response.status().as_u16(), 429 | 502 | 503 | 504) => {
                Err(Attempt::Retryable(response))
            }
            Some(Ok(response)) => Ok(response),
        }
    };
    let retries = if idempotent { config.retry.max_retries } else { 0 };
    let backoff = ::backon::ExponentialBuilder::default()
        .with_min_delay(config.retry.min_delay)
        .with_max_delay(config.retry.max_delay)
        .with_max_times(retries)
        .with_jitter();
    let retried = ::backon::Retryable::retry(attempt, backoff)
        .sleep(T::sleep)
        .when(|attempt| match attempt {
            Attempt::Transport(error) => error.is_retryable(),
            _ => true,
        })
        .adjust(|attempt, delay| match attempt {
            Attempt::Retryable(response) => {
                match retry_after(response) {
                    Some(wait) if wait > config.retry.max_retry_after => None,
                    Some(wait) => delay.map(|_| wait),
                    None => delay,
                }
            }
            _ => delay,
        });
    let outcome = match config.deadline {
        Some(deadline) => {
            before(retried, T::sleep(deadline)).await.unwrap_or(Err(Attempt::Timeout))
        }
        None => retried.await,
    };
    match outcome {
        Ok(response) | Err(Attempt::Retryable(response)) => Ok(response),
        Err(Attempt::Timeout) => Err(Failed::Timeout),
        Err(Attempt::Transport(error)) => Err(Failed::Transport(error)),
    }
}
