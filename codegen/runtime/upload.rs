/// A chunk of an [`UploadStream`], or why the stream failed.
pub type UploadChunk = ::std::result::Result<
    ::bytes::Bytes,
    ::std::boxed::Box<dyn ::std::error::Error + Send + Sync>,
>;

/// A request body sent as it is produced (a file read piece by piece, with
/// `tokio_util::io::ReaderStream` for instance), never held whole. A stream is sent once: a call
/// with one is not retried, and the timeout per attempt counts from the stream's end (an upload
/// takes as long as its stream; the deadline bounds the whole call).
pub struct UploadStream(
    ::std::pin::Pin<
        ::std::boxed::Box<dyn ::futures_core::Stream<Item = UploadChunk> + Send>,
    >,
);

impl UploadStream {
    /// The chunks `stream` produces, in order; an error ends the upload with it.
    pub fn new<S, B, E>(stream: S) -> Self
    where
        S: ::futures_core::Stream<Item = ::std::result::Result<B, E>> + Send + 'static,
        B: Into<::bytes::Bytes>,
        E: Into<::std::boxed::Box<dyn ::std::error::Error + Send + Sync>>,
    {
        UploadStream(::std::boxed::Box::pin(Chunks(::std::boxed::Box::pin(stream))))
    }

    /// Reads the whole stream (what a transport that cannot stream sends).
    pub async fn collect(
        mut self,
    ) -> ::std::result::Result<::std::vec::Vec<u8>, TransportError> {
        collect_chunks(&mut self.0).await.map_err(TransportError)
    }
}

/// Every chunk of `stream`, joined; the first error ends it.
async fn collect_chunks<S, B, E>(
    stream: &mut S,
) -> ::std::result::Result<::std::vec::Vec<u8>, E>
where
    S: ::futures_core::Stream<Item = ::std::result::Result<B, E>> + Unpin,
    B: AsRef<[u8]>,
{
    let mut body = ::std::vec::Vec::new();
    while let Some(chunk) = ::std::future::poll_fn(|context| {
            ::futures_core::Stream::poll_next(
                ::std::pin::Pin::new(&mut *stream),
                context,
            )
        })
        .await
    {
        body.extend_from_slice(chunk?.as_ref());
    }
    Ok(body)
}

impl fmt::Debug for UploadStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("UploadStream")
    }
}

impl ::futures_core::Stream for UploadStream {
    type Item = UploadChunk;

    fn poll_next(
        mut self: ::std::pin::Pin<&mut Self>,
        context: &mut ::std::task::Context<'_>,
    ) -> ::std::task::Poll<::std::option::Option<Self::Item>> {
        ::futures_core::Stream::poll_next(self.0.as_mut(), context)
    }
}

/// A caller's stream with its chunks and errors converted (boxed again: the crate has no
/// unsafe pin projection).
struct Chunks<S>(::std::pin::Pin<::std::boxed::Box<S>>);

impl<S, B, E> ::futures_core::Stream for Chunks<S>
where
    S: ::futures_core::Stream<Item = ::std::result::Result<B, E>>,
    B: Into<::bytes::Bytes>,
    E: Into<::std::boxed::Box<dyn ::std::error::Error + Send + Sync>>,
{
    type Item = UploadChunk;

    fn poll_next(
        mut self: ::std::pin::Pin<&mut Self>,
        context: &mut ::std::task::Context<'_>,
    ) -> ::std::task::Poll<::std::option::Option<Self::Item>> {
        ::futures_core::Stream::poll_next(self.0.as_mut(), context)
            .map(|chunk| chunk.map(|chunk| chunk.map(Into::into).map_err(Into::into)))
    }
}

/// A body of bytes (`application/octet-stream`, an image, an archive): held in memory, which a
/// retry sends again, or an [`UploadStream`] sent as it is produced. Made from `&[u8]`,
/// `&Vec<u8>`, a byte string (`b"…"`) or a stream.
#[derive(Clone)]
pub struct Upload<'a>(UploadBody<'a>);

#[derive(Clone)]
enum UploadBody<'a> {
    Bytes(&'a [u8]),
    /// Taken by the call that sends it.
    Stream(::std::sync::Arc<::std::sync::Mutex<::std::option::Option<UploadStream>>>),
}

impl<'a> Upload<'a> {
    /// Bytes held in memory.
    pub fn bytes(bytes: &'a [u8]) -> Self {
        Upload(UploadBody::Bytes(bytes))
    }

    /// A stream, sent as it is produced.
    pub fn stream(stream: UploadStream) -> Self {
        Upload(
            UploadBody::Stream(
                ::std::sync::Arc::new(::std::sync::Mutex::new(Some(stream))),
            ),
        )
    }

    /// The bytes, unless it is a stream.
    pub fn as_bytes(&self) -> ::std::option::Option<&'a [u8]> {
        match self.0 {
            UploadBody::Bytes(bytes) => Some(bytes),
            UploadBody::Stream(_) => None,
        }
    }

    /// Whether it is a stream (sent only by `send()`).
    pub fn is_stream(&self) -> bool {
        matches!(self.0, UploadBody::Stream(_))
    }

    /// Its stream, taken for sending (an error when a call already sent it).
    fn take_stream(&self) -> ::std::result::Result<UploadStream, RequestError> {
        let UploadBody::Stream(stream) = &self.0 else {
            return Err(RequestError::Body("the body is not a stream".to_owned()));
        };
        let taken = stream
            .lock()
            .unwrap_or_else(::std::sync::PoisonError::into_inner)
            .take();
        taken
            .ok_or_else(|| RequestError::Body(
                "the body's stream was already sent".to_owned(),
            ))
    }
}

/// Refuses to build `operation` into a whole request when its body is a stream, which only
/// `send()` sends (the request built would carry no body).
fn whole_body<O: Operation>(operation: &O) -> ::std::result::Result<(), RequestError> {
    if operation.upload().is_some_and(Upload::is_stream) {
        return Err(
            RequestError::Body(
                "a body streamed as it is produced is sent by `send()` only".to_owned(),
            ),
        );
    }
    Ok(())
}

impl fmt::Debug for Upload<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            UploadBody::Bytes(bytes) => write!(f, "Upload({} bytes)", bytes.len()),
            UploadBody::Stream(_) => f.write_str("Upload(stream)"),
        }
    }
}

/// Bytes compare by content; a stream equals only itself (its clones).
impl PartialEq for Upload<'_> {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (UploadBody::Bytes(a), UploadBody::Bytes(b)) => a == b,
            (UploadBody::Stream(a), UploadBody::Stream(b)) => {
                ::std::sync::Arc::ptr_eq(a, b)
            }
            _ => false,
        }
    }
}

/// What the mock received equals the bytes sent (never a stream, whose content is gone).
impl PartialEq<Upload<'_>> for ::std::vec::Vec<u8> {
    fn eq(&self, other: &Upload<'_>) -> bool {
        other.as_bytes() == Some(self.as_slice())
    }
}

impl<'a> From<&'a [u8]> for Upload<'a> {
    fn from(bytes: &'a [u8]) -> Self {
        Upload::bytes(bytes)
    }
}

impl<'a> From<&'a ::std::vec::Vec<u8>> for Upload<'a> {
    fn from(bytes: &'a ::std::vec::Vec<u8>) -> Self {
        Upload::bytes(bytes)
    }
}

impl<'a, const N: usize> From<&'a [u8; N]> for Upload<'a> {
    fn from(bytes: &'a [u8; N]) -> Self {
        Upload::bytes(bytes)
    }
}

impl From<UploadStream> for Upload<'_> {
    fn from(stream: UploadStream) -> Self {
        Upload::stream(stream)
    }
}

/// An [`UploadStream`] as reqwest's body.
#[cfg(feature = "reqwest")]
struct StreamingBody(::std::sync::Mutex<UploadStream>);

#[cfg(feature = "reqwest")]
impl ::http_body::Body for StreamingBody {
    type Data = ::bytes::Bytes;

    type Error = ::std::boxed::Box<dyn ::std::error::Error + Send + Sync>;

    fn poll_frame(
        self: ::std::pin::Pin<&mut Self>,
        context: &mut ::std::task::Context<'_>,
    ) -> ::std::task::Poll<
        ::std::option::Option<
            ::std::result::Result<::http_body::Frame<::bytes::Bytes>, Self::Error>,
        >,
    > {
        let stream = self
            .get_mut()
            .0
            .get_mut()
            .unwrap_or_else(::std::sync::PoisonError::into_inner);
        ::futures_core::Stream::poll_next(::std::pin::Pin::new(stream), context)
            .map(|chunk| chunk.map(|chunk| chunk.map(::http_body::Frame::data)))
    }
}

/// Sends `request` with its body `stream` once. The timeout per attempt starts when the stream
/// has ended (an upload takes as long as its stream) and bounds the wait for the answer; the
/// deadline bounds the whole call.
async fn send_streamed<T: Transport + Sync>(
    transport: &T,
    config: &ClientConfig,
    request: ::http::Request<::std::vec::Vec<u8>>,
    stream: UploadStream,
) -> ::std::result::Result<::http::Response<::std::vec::Vec<u8>>, Failed> {
    let ended = ::std::sync::Arc::new(Ended::default());
    let watched = UploadStream(
        ::std::boxed::Box::pin(Watched {
            stream,
            ended: ::std::sync::Arc::clone(&ended),
        }),
    );
    let sent = transport.send_streaming(request.map(|_| watched));
    let timeout = config.timeout;
    let answered = before(
        sent,
        async move {
            ::std::future::poll_fn(|context| ended.poll(context)).await;
            T::sleep(timeout).await
        },
    );
    let outcome = match config.deadline {
        Some(deadline) => before(answered, T::sleep(deadline)).await.flatten(),
        None => answered.await,
    };
    outcome.ok_or(Failed::Timeout)?.map_err(Failed::Transport)
}

/// Whether an upload's stream has ended, and who waits for it to.
#[derive(Default)]
struct Ended(::std::sync::Mutex<(bool, ::std::option::Option<::std::task::Waker>)>);

impl Ended {
    /// Marks the stream ended and wakes its waiter, outside the lock.
    fn set(&self) {
        let waker = {
            let mut state = self
                .0
                .lock()
                .unwrap_or_else(::std::sync::PoisonError::into_inner);
            state.0 = true;
            state.1.take()
        };
        if let Some(waker) = waker {
            waker.wake();
        }
    }

    fn poll(&self, context: &mut ::std::task::Context<'_>) -> ::std::task::Poll<()> {
        let mut state = self
            .0
            .lock()
            .unwrap_or_else(::std::sync::PoisonError::into_inner);
        if state.0 {
            return ::std::task::Poll::Ready(());
        }
        state.1 = Some(context.waker().clone());
        ::std::task::Poll::Pending
    }
}

/// An upload's stream that says when it has ended (or failed).
struct Watched {
    stream: UploadStream,
    ended: ::std::sync::Arc<Ended>,
}

impl ::futures_core::Stream for Watched {
    type Item = UploadChunk;

    fn poll_next(
        mut self: ::std::pin::Pin<&mut Self>,
        context: &mut ::std::task::Context<'_>,
    ) -> ::std::task::Poll<::std::option::Option<Self::Item>> {
        let chunk = ::futures_core::Stream::poll_next(
            ::std::pin::Pin::new(&mut self.stream),
            context,
        );
        if matches!(chunk, ::std::task::Poll::Ready(None | Some(Err(_)))) {
            self.ended.set();
        }
        chunk
    }
}

impl Drop for Watched {
    /// A transport that drops the stream unread is done with it too.
    fn drop(&mut self) {
        self.ended.set();
    }
}
