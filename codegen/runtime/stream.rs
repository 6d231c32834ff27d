/// A whole body as a stream of one chunk.
struct WholeBody(::std::option::Option<::std::vec::Vec<u8>>);

/// A response body as it arrives, chunk by chunk.
pub type BodyStream = ::std::pin::Pin<
    ::std::boxed::Box<
        dyn ::futures_core::Stream<
            Item = ::std::result::Result<::std::vec::Vec<u8>, TransportError>,
        > + Send,
    >,
>;

/// A transport that can hand a response over before its body has arrived (server-sent events,
/// downloads). The default reads the whole body with [`Transport::send`] first: a transport of
/// your own opts in with `impl OpenStream for MyTransport {}`, or streams by overriding `open`.
pub trait OpenStream: Transport {
    /// Sends one request; the response's body arrives as it comes.
    fn open(
        &self,
        request: ::http::Request<::std::vec::Vec<u8>>,
    ) -> impl ::std::future::Future<
        Output = ::std::result::Result<::http::Response<BodyStream>, TransportError>,
    > + Send {
        let response = self.send(request);
        async move {
            let response = response.await?;
            Ok(
                response
                    .map(|body| {
                        let chunks: BodyStream = ::std::boxed::Box::pin(
                            WholeBody(Some(body)),
                        );
                        chunks
                    }),
            )
        }
    }
}

impl ::futures_core::Stream for WholeBody {
    type Item = ::std::result::Result<::std::vec::Vec<u8>, TransportError>;

    fn poll_next(
        mut self: ::std::pin::Pin<&mut Self>,
        _context: &mut ::std::task::Context<'_>,
    ) -> ::std::task::Poll<::std::option::Option<Self::Item>> {
        ::std::task::Poll::Ready(self.0.take().map(Ok))
    }
}

/// The next chunk of a reqwest response, with the response to read the rest from.
#[cfg(feature = "reqwest")]
type NextChunk = ::std::pin::Pin<
    ::std::boxed::Box<
        dyn ::std::future::Future<
            Output = (
                ::reqwest::Response,
                ::std::result::Result<
                    ::std::option::Option<::std::vec::Vec<u8>>,
                    TransportError,
                >,
            ),
        > + Send,
    >,
>;

/// A reqwest response's body as a stream of its chunks.
#[cfg(feature = "reqwest")]
struct ReqwestChunks {
    response: ::std::option::Option<::reqwest::Response>,
    next: ::std::option::Option<NextChunk>,
}

#[cfg(feature = "reqwest")]
impl ::futures_core::Stream for ReqwestChunks {
    type Item = ::std::result::Result<::std::vec::Vec<u8>, TransportError>;

    fn poll_next(
        mut self: ::std::pin::Pin<&mut Self>,
        context: &mut ::std::task::Context<'_>,
    ) -> ::std::task::Poll<::std::option::Option<Self::Item>> {
        if self.next.is_none() {
            let Some(mut response) = self.response.take() else {
                return ::std::task::Poll::Ready(None);
            };
            self.next = Some(
                ::std::boxed::Box::pin(async move {
                    let chunk = response
                        .chunk()
                        .await
                        .map(|chunk| chunk.map(|bytes| bytes.to_vec()))
                        .map_err(|e| TransportError(e.into()));
                    (response, chunk)
                }),
            );
        }
        let Some(next) = self.next.as_mut() else {
            return ::std::task::Poll::Ready(None);
        };
        let ::std::task::Poll::Ready((response, chunk)) = ::std::future::Future::poll(
            next.as_mut(),
            context,
        ) else {
            return ::std::task::Poll::Pending;
        };
        self.next = None;
        match chunk {
            Ok(Some(chunk)) => {
                self.response = Some(response);
                ::std::task::Poll::Ready(Some(Ok(chunk)))
            }
            Ok(None) => ::std::task::Poll::Ready(None),
            Err(error) => ::std::task::Poll::Ready(Some(Err(error))),
        }
    }
}

#[cfg(feature = "reqwest")]
impl OpenStream for ReqwestTransport {
    async fn open(
        &self,
        request: ::http::Request<::std::vec::Vec<u8>>,
    ) -> ::std::result::Result<::http::Response<BodyStream>, TransportError> {
        let (builder, response) = self.execute(request).await?;
        let chunks: BodyStream = ::std::boxed::Box::pin(ReqwestChunks {
            response: Some(response),
            next: None,
        });
        builder.body(chunks).map_err(|e| TransportError(e.into()))
    }
}

/// Sends `operation` and hands its response over once the head has arrived: validated and built
/// as [`send`] does, one attempt (a stream is not replayed), the timeout bounding the wait for the
/// head; an error status reads its whole body as the operation documents.
async fn open<O: Operation + Sync, T: OpenStream + Sync>(
    transport: &T,
    config: &ClientConfig,
    required_headers: &[(&'static str, &'static str)],
    auth: ::std::option::Option<&dyn Authenticate>,
    operation: &O,
) -> ::std::result::Result<(::http::response::Parts, BodyStream), Error<O::Error>> {
    let request = prepare_to_open(config, required_headers, auth, operation)?;
    open_prepared::<O, T>(transport, config, request).await
}

/// `operation` validated and built whole (a streamed body is refused: it is sent by `send()`).
fn prepare_to_open<O: Operation>(
    config: &ClientConfig,
    required_headers: &[(&'static str, &'static str)],
    auth: ::std::option::Option<&dyn Authenticate>,
    operation: &O,
) -> ::std::result::Result<::http::Request<::std::vec::Vec<u8>>, Error<O::Error>> {
    whole_body(operation)?;
    prepare(config, required_headers, auth, operation)
}

/// [`open`] of a request already built.
async fn open_prepared<O: Operation, T: OpenStream + Sync>(
    transport: &T,
    config: &ClientConfig,
    request: ::http::Request<::std::vec::Vec<u8>>,
) -> ::std::result::Result<(::http::response::Parts, BodyStream), Error<O::Error>> {
    let response = match before(transport.open(request), T::sleep(config.timeout)).await
    {
        None => return Err(Error::Timeout),
        Some(Err(error)) => return Err(Error::Transport(error)),
        Some(Ok(response)) => response,
    };
    let (parts, mut chunks) = response.into_parts();
    if parts.status.is_success() {
        return Ok((parts, chunks));
    }
    let body = collect_chunks(&mut chunks).await.map_err(Error::Transport)?;
    match O::parse(parts.status, &body) {
        Err(error) => Err(error.with_headers(parts.headers)),
        Ok(_) => {
            let error = Error::UnexpectedStatus {
                status: parts.status,
                headers: ::std::boxed::Box::default(),
                body: RawBody(body),
            };
            Err(error.with_headers(parts.headers))
        }
    }
}

/// A response body as it arrives (a download): chunks of bytes, read with
/// [`ByteStream::next`] or as a `futures_core::Stream`, never held whole, so the transport's
/// limit on a body's size does not apply.
pub struct ByteStream(BodyStream);

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ByteStream")
    }
}

impl ByteStream {
    /// The next chunk; `None` once the body has ended.
    pub async fn next(
        &mut self,
    ) -> ::std::option::Option<
        ::std::result::Result<::std::vec::Vec<u8>, TransportError>,
    > {
        ::std::future::poll_fn(|context| ::futures_core::Stream::poll_next(
                self.0.as_mut(),
                context,
            ))
            .await
    }
}

impl ::futures_core::Stream for ByteStream {
    type Item = ::std::result::Result<::std::vec::Vec<u8>, TransportError>;

    fn poll_next(
        mut self: ::std::pin::Pin<&mut Self>,
        context: &mut ::std::task::Context<'_>,
    ) -> ::std::task::Poll<::std::option::Option<Self::Item>> {
        ::futures_core::Stream::poll_next(self.0.as_mut(), context)
    }
}

/// Sends an operation that answers with a body of bytes and hands the body over as it arrives
/// (see [`open`]).
#[doc(hidden)]
pub async fn open_bytes<O: Operation + Sync, T: OpenStream + Sync>(
    transport: &T,
    config: &ClientConfig,
    required_headers: &[(&'static str, &'static str)],
    auth: ::std::option::Option<&dyn Authenticate>,
    operation: &O,
) -> ::std::result::Result<ResponseValue<ByteStream>, Error<O::Error>> {
    let (parts, chunks) = open(transport, config, required_headers, auth, operation)
        .await?;
    Ok(ResponseValue::new(parts.status, parts.headers, ByteStream(chunks)))
}
