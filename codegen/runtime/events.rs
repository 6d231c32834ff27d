/// A server-sent event (`text/event-stream`): its `data` read as `T`, with the fields the
/// server sent with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Event<T> {
    /// The event type (`message` when the server names none).
    pub event: ::std::string::String,
    /// The data, read as the documented schema.
    pub data: T,
    /// The last event id the stream set (empty when it set none): what a reconnection sends as
    /// `Last-Event-ID`.
    pub id: ::std::string::String,
    /// How long the server asks a client to wait before reconnecting, if it said.
    pub retry: ::std::option::Option<::std::time::Duration>,
}

impl<T> Event<T> {
    /// A `message` event with `data`, no id and no retry.
    pub fn new(data: T) -> Self {
        Event {
            event: "message".to_owned(),
            data,
            id: ::std::string::String::new(),
            retry: None,
        }
    }

    /// With the event type `event`.
    pub fn with_event(mut self, event: impl Into<::std::string::String>) -> Self {
        self.event = event.into();
        self
    }

    /// With the id `id`.
    pub fn with_id(mut self, id: impl Into<::std::string::String>) -> Self {
        self.id = id.into();
        self
    }

    /// With the reconnection delay `retry`.
    pub fn with_retry(mut self, retry: ::std::time::Duration) -> Self {
        self.retry = Some(retry);
        self
    }
}

/// Reads an event's data as JSON of `T`.
#[doc(hidden)]
pub fn event_json<T: ::serde::de::DeserializeOwned>(
    data: &str,
) -> ::std::result::Result<T, DeserializeError> {
    from_json(data)
}

/// [`event_json`] through a seed (data whose own shape holds lenient integers).
#[doc(hidden)]
pub fn event_json_seed<'de, S: ::serde::de::DeserializeSeed<'de>>(
    data: &'de str,
    seed: S,
) -> ::std::result::Result<S::Value, DeserializeError> {
    from_json_seed(data.as_bytes(), seed)
}

/// Keeps an event's data as text.
#[doc(hidden)]
pub fn event_text(
    data: &str,
) -> ::std::result::Result<::std::string::String, DeserializeError> {
    Ok(data.to_owned())
}

/// Reads a whole `text/event-stream` body (what a server sent before closing the stream) as the
/// one chunk of an [`EventStream`]; an event that does not read is [`Error::InvalidBody`].
#[doc(hidden)]
pub fn parse_events<T, E>(
    status: ::http::StatusCode,
    body: &[u8],
    read: fn(&str) -> ::std::result::Result<T, DeserializeError>,
) -> ::std::result::Result<::std::vec::Vec<Event<T>>, Error<E>> {
    let invalid = |message: ::std::string::String| Error::InvalidBody {
        status,
        headers: ::std::boxed::Box::default(),
        body: RawBody(body.to_vec()),
        error: DeserializeError {
            path: ".".to_owned(),
            message,
        },
    };
    let chunks: BodyStream = ::std::boxed::Box::pin(WholeBody(Some(body.to_vec())));
    let mut stream = EventStream::reading(chunks, read, None);
    let mut events = ::std::vec::Vec::new();
    while let Some(Some(event)) = ready(stream.next()) {
        events.push(event.map_err(|error| invalid(error.to_string()))?);
    }
    Ok(events)
}

/// Writes an event's data as JSON.
#[doc(hidden)]
pub fn event_data_json<T: ::serde::Serialize>(data: &T) -> ::std::string::String {
    ::serde_json::to_string(data).unwrap_or_default()
}

/// `events` as a `text/event-stream` body, each event's data written by `write`
/// ([`event_data_json`], or `String::clone` for text).
pub fn write_events<T>(
    events: &[Event<T>],
    write: fn(&T) -> ::std::string::String,
) -> ::std::string::String {
    let mut text = ::std::string::String::new();
    for event in events {
        if event.event != "message" {
            text.push_str(&format!("event: {}\n", event.event));
        }
        if !event.id.is_empty() {
            text.push_str(&format!("id: {}\n", event.id));
        }
        if let Some(retry) = event.retry {
            text.push_str(&format!("retry: {}\n", retry.as_millis()));
        }
        let data = write(&event.data).replace("\r\n", "\n");
        for line in data.split(['\r', '\n']) {
            text.push_str(&format!("data: {line}\n"));
        }
        text.push('\n');
    }
    text
}

#[cfg(feature = "mock")]
impl mock::Reply {
    /// A `text/event-stream` response of `events` (the whole stream, then the end), each
    /// event's data written by `write`.
    pub fn events<T>(
        status: u16,
        media_type: &str,
        events: &[Event<T>],
        write: fn(&T) -> ::std::string::String,
    ) -> Self {
        mock::Reply::text(status, media_type, &write_events(events, write))
    }
}

/// Why a stream of events stopped short.
#[derive(Debug)]
pub enum EventError {
    /// The connection failed (and could not be resumed).
    Transport(TransportError),
    /// An event's data does not read as the documented schema; the data is kept.
    Data {
        /// The data as received.
        data: ::std::string::String,
        /// Where and why it does not read.
        error: DeserializeError,
    },
    /// The server answered a reconnection with this status (not 204, which ends the stream).
    Refused(::http::StatusCode),
}

impl fmt::Display for EventError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventError::Transport(error) => write!(f, "the event stream failed: {error}"),
            EventError::Data { error, .. } => {
                write!(f, "event data does not read: {error}")
            }
            EventError::Refused(status) => {
                write!(f, "the server refused to resume the event stream: {status}")
            }
        }
    }
}

impl ::std::error::Error for EventError {
    fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
        match self {
            EventError::Transport(error) => Some(error),
            EventError::Refused(_) => None,
            EventError::Data { error, .. } => Some(error),
        }
    }
}

/// The opening of a response, `None` when it timed out.
type Reopening = ::std::pin::Pin<
    ::std::boxed::Box<
        dyn ::std::future::Future<
            Output = ::std::option::Option<
                ::std::result::Result<::http::Response<BodyStream>, TransportError>,
            >,
        > + Send,
    >,
>;

/// A wait before reconnecting.
type Wait = ::std::pin::Pin<
    ::std::boxed::Box<dyn ::std::future::Future<Output = ()> + Send>,
>;

/// Where a stream of events is.
enum Phase {
    Reading(::std::boxed::Box<::sse_parse::EventStream<BodyStream>>),
    Waiting(Wait),
    Reopening(Reopening),
    Ended,
}

/// What resuming a broken stream takes: the request, a way to send it again with
/// `Last-Event-ID`, and how often and after how long to try.
struct Resume {
    request: (::http::request::Parts, ::std::vec::Vec<u8>),
    reopen: ::std::boxed::Box<
        dyn Fn(::http::Request<::std::vec::Vec<u8>>) -> Reopening + Send + Sync,
    >,
    sleep: fn(::std::time::Duration) -> Wait,
    policy: RetryPolicy,
    /// Reconnections failed in a row (reset by each event read).
    failures: usize,
    /// The last event id the stream set.
    last_id: ::std::string::String,
    /// The wait the server asked for (`retry`), if it did.
    retry: ::std::option::Option<::std::time::Duration>,
}

impl Resume {
    /// The wait before the next attempt, if another is allowed: the server's `retry` (a server
    /// asking for longer than the policy's `max_retry_after` ends the retries, as in `send`),
    /// else the policy's delay doubling with each failure.
    fn next_wait(&mut self) -> ::std::option::Option<Wait> {
        if self.failures >= self.policy.max_retries {
            return None;
        }
        self.failures += 1;
        let backoff = self
            .policy
            .min_delay
            .saturating_mul(1 << (self.failures - 1).min(16))
            .min(self.policy.max_delay);
        let wait = match self.retry {
            Some(retry) if retry > self.policy.max_retry_after => return None,
            Some(retry) => retry,
            None => backoff,
        };
        Some((self.sleep)(wait))
    }

    /// Sends the request again, with `Last-Event-ID` when the stream set an id.
    fn reopen(&self) -> Reopening {
        let (parts, body) = &self.request;
        let mut request = ::http::Request::from_parts(parts.clone(), body.clone());
        if let Ok(id) = ::http::HeaderValue::from_bytes(self.last_id.as_bytes()) {
            if !self.last_id.is_empty() {
                request.headers_mut().insert("last-event-id", id);
            }
        }
        (self.reopen)(request)
    }

    /// The events of a resumed response, carrying on the last event id: events without an id
    /// of their own keep it, as they would have on the first connection.
    fn resumed(&self, body: BodyStream) -> ::sse_parse::EventStream<BodyStream> {
        let mut events = ::sse_parse::EventStream::new(body);
        events.set_last_event_id(self.last_id.clone());
        events
    }
}

/// Server-sent events as they arrive: each one's data read as `T`. A `futures_core::Stream`;
/// [`EventStream::next`] reads without a stream library. Where the operation may be repeated
/// (a `GET`, or one documenting `Last-Event-ID`), a connection that breaks is resumed as
/// browsers resume one: after the server's `retry` (else the client's retry delays), sending
/// the last event id as `Last-Event-ID`, up to the retry policy's count of failures in a row;
/// 429, 502, 503 and 504 answers are retried, 204 ends the stream, another status ends it with
/// [`EventError::Refused`]. Unlike a browser, a stream the server ends cleanly stays ended.
pub struct EventStream<T> {
    phase: Phase,
    read: fn(&str) -> ::std::result::Result<T, DeserializeError>,
    resume: ::std::option::Option<Resume>,
}

impl<T> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EventStream")
    }
}

impl<T> EventStream<T> {
    /// The events of `chunks`.
    fn reading(
        chunks: BodyStream,
        read: fn(&str) -> ::std::result::Result<T, DeserializeError>,
        resume: ::std::option::Option<Resume>,
    ) -> Self {
        EventStream {
            phase: Phase::Reading(
                ::std::boxed::Box::new(::sse_parse::EventStream::new(chunks)),
            ),
            read,
            resume,
        }
    }

    /// The next event; `None` once the server has ended the stream.
    pub async fn next(
        &mut self,
    ) -> ::std::option::Option<::std::result::Result<Event<T>, EventError>> {
        ::std::future::poll_fn(|context| {
                ::futures_core::Stream::poll_next(
                    ::std::pin::Pin::new(&mut *self),
                    context,
                )
            })
            .await
    }

    /// Ends the stream with `error`, or waits to resume it when it may be.
    fn broken(
        &mut self,
        error: EventError,
    ) -> ::std::option::Option<::std::result::Result<Event<T>, EventError>> {
        match self.resume.as_mut().and_then(Resume::next_wait) {
            Some(wait) => {
                self.phase = Phase::Waiting(wait);
                None
            }
            None => {
                self.phase = Phase::Ended;
                Some(Err(error))
            }
        }
    }
}

impl<T> ::futures_core::Stream for EventStream<T> {
    type Item = ::std::result::Result<Event<T>, EventError>;

    fn poll_next(
        mut self: ::std::pin::Pin<&mut Self>,
        context: &mut ::std::task::Context<'_>,
    ) -> ::std::task::Poll<::std::option::Option<Self::Item>> {
        let this = &mut *self;
        loop {
            match &mut this.phase {
                Phase::Reading(events) => {
                    let event = ::std::task::ready!(
                        ::futures_core::Stream::poll_next(::std::pin::Pin::new(& mut *
                        events), context)
                    );
                    if let Some(resume) = this.resume.as_mut() {
                        resume.last_id = events.last_event_id().to_owned();
                        resume.retry = events.retry().or(resume.retry);
                    }
                    let event = match event {
                        None => {
                            this.phase = Phase::Ended;
                            return ::std::task::Poll::Ready(None);
                        }
                        Some(Err(::sse_parse::Error::Transport(error))) => {
                            match this.broken(EventError::Transport(error)) {
                                Some(error) => return ::std::task::Poll::Ready(Some(error)),
                                None => continue,
                            }
                        }
                        Some(Ok(event)) => event,
                    };
                    if let Some(resume) = this.resume.as_mut() {
                        resume.failures = 0;
                    }
                    let data = (this.read)(&event.data)
                        .map_err(|error| EventError::Data {
                            data: event.data.clone(),
                            error,
                        });
                    return ::std::task::Poll::Ready(
                        Some(
                            data
                                .map(|data| Event {
                                    event: event.event,
                                    data,
                                    id: event.id,
                                    retry: event.retry,
                                }),
                        ),
                    );
                }
                Phase::Waiting(wait) => {
                    ::std::task::ready!(
                        ::std::future::Future::poll(wait.as_mut(), context)
                    );
                    let Some(resume) = this.resume.as_ref() else {
                        this.phase = Phase::Ended;
                        continue;
                    };
                    this.phase = Phase::Reopening(resume.reopen());
                }
                Phase::Reopening(opening) => {
                    let opened = ::std::task::ready!(
                        ::std::future::Future::poll(opening.as_mut(), context)
                    );
                    let error = match opened {
                        Some(Ok(response)) => {
                            let status = response.status();
                            if status == ::http::StatusCode::NO_CONTENT {
                                this.phase = Phase::Ended;
                                return ::std::task::Poll::Ready(None);
                            }
                            if let (true, Some(resume)) = (
                                status.is_success(),
                                this.resume.as_ref(),
                            ) {
                                this.phase = Phase::Reading(
                                    ::std::boxed::Box::new(resume.resumed(response.into_body())),
                                );
                                continue;
                            }
                            if !matches!(status.as_u16(), 429 | 502 | 503 | 504) {
                                this.phase = Phase::Ended;
                                return ::std::task::Poll::Ready(
                                    Some(Err(EventError::Refused(status))),
                                );
                            }
                            TransportError(
                                format!("reconnecting to the event stream: {status}").into(),
                            )
                        }
                        Some(Err(error)) => error,
                        None => {
                            TransportError(
                                "reconnecting to the event stream timed out".into(),
                            )
                        }
                    };
                    if let Some(error) = this.broken(EventError::Transport(error)) {
                        return ::std::task::Poll::Ready(Some(error));
                    }
                }
                Phase::Ended => return ::std::task::Poll::Ready(None),
            }
        }
    }
}

/// Sends an operation that answers with server-sent events and hands them over as they
/// arrive (see [`open`]), without resuming a broken stream.
#[doc(hidden)]
pub async fn open_events<O: Operation + Sync, T: OpenStream + Sync, D>(
    transport: &T,
    config: &ClientConfig,
    required_headers: &[(&'static str, &'static str)],
    auth: ::std::option::Option<&dyn Authenticate>,
    operation: &O,
    read: fn(&str) -> ::std::result::Result<D, DeserializeError>,
) -> ::std::result::Result<ResponseValue<EventStream<D>>, Error<O::Error>> {
    let (parts, chunks) = open(transport, config, required_headers, auth, operation)
        .await?;
    let stream = EventStream::reading(chunks, read, None);
    Ok(ResponseValue::new(parts.status, parts.headers, stream))
}

/// [`open_events`] of an operation that may be repeated: a broken stream is resumed with
/// `Last-Event-ID` through the client's shared transport.
#[doc(hidden)]
pub async fn open_resumable_events<O: Operation + Sync, T: OpenStream + Send + Sync, D>(
    transport: &::std::sync::Arc<T>,
    config: &ClientConfig,
    required_headers: &[(&'static str, &'static str)],
    auth: ::std::option::Option<&dyn Authenticate>,
    operation: &O,
    read: fn(&str) -> ::std::result::Result<D, DeserializeError>,
) -> ::std::result::Result<ResponseValue<EventStream<D>>, Error<O::Error>> {
    let request = prepare_to_open(config, required_headers, auth, operation)?;
    let (parts, body) = request.into_parts();
    let copy = (parts.clone(), body.clone());
    let request = ::http::Request::from_parts(parts, body);
    let (head, chunks) = open_prepared::<O, T>(&**transport, config, request).await?;
    let (transport, timeout) = (::std::sync::Arc::clone(transport), config.timeout);
    let reopen = move |request: ::http::Request<::std::vec::Vec<u8>>| -> Reopening {
        let transport = ::std::sync::Arc::clone(&transport);
        ::std::boxed::Box::pin(async move {
            before(transport.open(request), T::sleep(timeout)).await
        })
    };
    let resume = Resume {
        request: copy,
        reopen: ::std::boxed::Box::new(reopen),
        sleep: |wait| ::std::boxed::Box::pin(T::sleep(wait)),
        policy: config.retry,
        failures: 0,
        last_id: ::std::string::String::new(),
        retry: None,
    };
    let stream = EventStream::reading(chunks, read, Some(resume));
    Ok(ResponseValue::new(head.status, head.headers, stream))
}
