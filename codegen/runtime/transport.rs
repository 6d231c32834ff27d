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
    /// transports of one's own). The cookies it sets are marked sensitive, so its `Debug`
    /// does not print them.
    pub fn new(
        status: ::http::StatusCode,
        mut headers: ::http::HeaderMap,
        value: T,
    ) -> Self {
        hide_cookies(&mut headers);
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
