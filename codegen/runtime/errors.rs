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
    pub fn with_headers(mut self, mut response_headers: ::http::HeaderMap) -> Self {
        if let Error::Api { headers, .. }
        | Error::UnexpectedStatus { headers, .. }
        | Error::InvalidBody { headers, .. } = &mut self {
            hide_cookies(&mut response_headers);
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

/// Marks the cookies a response sets as sensitive: `Debug` of the headers (of an [`Error`] in a
/// log line, of a `ResponseValue`) prints `Sensitive` in place of a session token. The values
/// themselves are unchanged.
fn hide_cookies(headers: &mut ::http::HeaderMap) {
    if let ::http::header::Entry::Occupied(mut cookies) = headers
        .entry(::http::header::SET_COOKIE)
    {
        cookies.iter_mut().for_each(|cookie| cookie.set_sensitive(true));
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
