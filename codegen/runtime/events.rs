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
    use ::futures_core::Stream;
    let invalid = |message: ::std::string::String| Error::InvalidBody {
        status,
        body: RawBody(body.to_vec()),
        error: DeserializeError {
            path: ".".to_owned(),
            message,
        },
    };
    let chunks: BodyStream = ::std::boxed::Box::pin(WholeBody(Some(body.to_vec())));
    let mut stream = EventStream {
        events: ::eventsource_stream::Eventsource::eventsource(chunks),
        read,
    };
    let mut context = ::std::task::Context::from_waker(::std::task::Waker::noop());
    let mut events = ::std::vec::Vec::new();
    while let ::std::task::Poll::Ready(Some(event)) = ::std::pin::Pin::new(&mut stream)
        .poll_next(&mut context)
    {
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
        for line in write(&event.data).split('\n') {
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
    /// The connection failed.
    Transport(TransportError),
    /// The stream is not `text/event-stream` text (invalid UTF-8, a line that does not parse).
    Stream(::std::string::String),
    /// An event's data does not read as the documented schema; the data is kept.
    Data {
        /// The data as received.
        data: ::std::string::String,
        /// Where and why it does not read.
        error: DeserializeError,
    },
}

impl fmt::Display for EventError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventError::Transport(error) => write!(f, "the event stream failed: {error}"),
            EventError::Stream(message) => {
                write!(f, "the event stream does not parse: {message}")
            }
            EventError::Data { error, .. } => {
                write!(f, "event data does not read: {error}")
            }
        }
    }
}

impl ::std::error::Error for EventError {
    fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
        match self {
            EventError::Transport(error) => Some(error),
            EventError::Stream(_) => None,
            EventError::Data { error, .. } => Some(error),
        }
    }
}

/// Server-sent events as they arrive: each one's data read as `T`. A `futures_core::Stream`;
/// [`EventStream::next`] reads without a stream library.
pub struct EventStream<T> {
    events: ::eventsource_stream::EventStream<BodyStream>,
    read: fn(&str) -> ::std::result::Result<T, DeserializeError>,
}

impl<T> fmt::Debug for EventStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EventStream")
    }
}

impl<T> EventStream<T> {
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
}

impl<T> ::futures_core::Stream for EventStream<T> {
    type Item = ::std::result::Result<Event<T>, EventError>;

    fn poll_next(
        mut self: ::std::pin::Pin<&mut Self>,
        context: &mut ::std::task::Context<'_>,
    ) -> ::std::task::Poll<::std::option::Option<Self::Item>> {
        let read = self.read;
        let ::std::task::Poll::Ready(event) = ::std::pin::Pin::new(&mut self.events)
            .poll_next(context) else {
            return ::std::task::Poll::Pending;
        };
        ::std::task::Poll::Ready(
            event
                .map(|event| {
                    let event = event
                        .map_err(|error| match error {
                            ::eventsource_stream::EventStreamError::Transport(error) => {
                                EventError::Transport(error)
                            }
                            other => EventError::Stream(other.to_string()),
                        })?;
                    let data = read(&event.data)
                        .map_err(|error| EventError::Data {
                            data: event.data.clone(),
                            error,
                        })?;
                    Ok(Event {
                        event: event.event,
                        data,
                        id: event.id,
                        retry: event.retry,
                    })
                }),
        )
    }
}

/// Sends an operation that answers with server-sent events and hands them over as they
/// arrive (see [`open`]).
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
    let events = ::eventsource_stream::Eventsource::eventsource(chunks);
    Ok(ResponseValue::new(parts.status, parts.headers, EventStream { events, read }))
}
