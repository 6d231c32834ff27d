//! The OpenAPI 3.1 round trip with a real framework: the FastAPI app in tests/fixtures/fastapi
//! (its `openapi.json` exported by the project's script with the pinned fastapi and pydantic)
//! is generated into the `fastapi-client` crate, and that client calls every operation of the app
//! running under uvicorn on loopback, including requests FastAPI rejects with 422.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use fastapi_client::openapi::client::{self, Client};
use fastapi_client::openapi::{
    AdoptedPetsResponseItem, Adoption, AdoptionPet, AdoptionTag, Cat, CatKind, Category, Dog, DogKind, ItemIn, ItemPatch, StockChange,
    ValidationErrorLocItem,
};
use fastapi_client::support::{Error, Event, File, ReqwestTransport, RetryPolicy};

fn fixture_dir() -> PathBuf {
    tests::root().join("tests/fixtures/fastapi")
}

fn python() -> PathBuf {
    let python = std::env::var_os("TOOLS_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| tests::root().join("target/tools/venv/bin/python"));
    assert!(python.exists(), "{} is missing: run the tests with `cargo xtask test`, which installs it", python.display());
    python
}

/// The committed openapi.json is what the app exports now.
#[test]
fn openapi_json_is_what_the_app_exports() {
    let output = Command::new(python()).arg(fixture_dir().join("export_openapi.py")).arg("--stdout").output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let committed = std::fs::read_to_string(fixture_dir().join("openapi.json")).unwrap();
    assert!(
        String::from_utf8_lossy(&output.stdout) == committed,
        "tests/fixtures/fastapi/openapi.json is stale: run `target/tools/venv/bin/python tests/fixtures/fastapi/export_openapi.py` and `cargo xtask gen`"
    );
}

/// The app under uvicorn on loopback, killed when dropped.
struct Uvicorn;

impl Uvicorn {
    fn start() -> tests::ServerProcess {
        let mut command = Command::new(python());
        command.args(["-m", "uvicorn", "app:app", "--host", "127.0.0.1", "--app-dir"]).arg(fixture_dir());
        tests::ServerProcess::start("uvicorn", command, Duration::from_secs(30))
    }
}

fn item(name: &str) -> ItemIn {
    ItemIn {
        name: name.into(),
        price: 9.5,
        quantity: Some(3),
        category: Category::Tools,
        tags: Some(vec!["steel".into()]),
        note: Some(Some("fragile".into())),
    }
}

#[tokio::test]
async fn every_operation_round_trips_through_the_app() {
    let server = Uvicorn::start();
    let mut client = Client::new(&server.url);
    client.config_mut().retry = RetryPolicy::NONE;

    let created = client.create_item(&item("Hammer")).send().await.unwrap();
    assert_eq!((created.id, created.name.as_str()), (1, "Hammer"));
    client.create_item(&ItemIn { category: Category::Parts, ..item("Bolt") }).send().await.unwrap();

    let fetched = client.get_item(created.id).send().await.unwrap();
    assert_eq!(fetched.note, Some(Some("fragile".to_owned())));

    let tools = client.list_items().category(Category::Tools).limit(10).send().await.unwrap();
    assert_eq!(tools.iter().map(|i| i.name.as_str()).collect::<Vec<_>>(), ["Hammer"]);

    // PATCH: `null` clears the note, an absent field keeps its value.
    let patch = ItemPatch { name: None, price: Some(Some(12.0)), note: Some(None) };
    let patched = client.patch_item(created.id, &patch).send().await.unwrap();
    assert_eq!((patched.name.as_str(), patched.price, patched.note.clone()), ("Hammer", 12.0, Some(None)));

    client.delete_item(created.id).send().await.unwrap();
    match client.get_item(created.id).send().await {
        Err(Error::UnexpectedStatus { status, headers, body }) => {
            assert_eq!(status, 404, "404 is not in the app's document, so it is unexpected");
            assert_eq!(headers["content-type"], "application/json", "an error keeps the response's headers");
            assert!(body.text().contains("no such item"));
        }
        other => panic!("expected a 404, got {other:?}"),
    }
}

#[tokio::test]
async fn validation_errors_are_typed() {
    let server = Uvicorn::start();
    let mut client = Client::new(&server.url);
    client.config_mut().retry = RetryPolicy::NONE;

    // The client refuses what pydantic's constraints (carried in the 3.1 document) forbid...
    match client.create_item(&ItemIn { price: 0.0, ..item("") }).send().await {
        Err(Error::Validation(errors)) => {
            let paths: Vec<&str> = errors.violations.iter().map(|v| v.path.as_str()).collect();
            assert_eq!(paths, ["name", "price"], "{errors}");
        }
        other => panic!("expected client-side validation errors, got {other:?}"),
    }
    // ...and with validation off, FastAPI answers 422 with its documented error body.
    client.config_mut().validate = false;
    match client.create_item(&item("")).send().await {
        Err(Error::Api { status, error: client::CreateItemError::UnprocessableEntity(body), .. }) => {
            assert_eq!(status, 422);
            let detail = body.parsed.expect("a parsed HTTPValidationError").detail.unwrap();
            assert_eq!(detail[0].loc, [ValidationErrorLocItem::String("body".into()), ValidationErrorLocItem::String("name".into())]);
        }
        other => panic!("expected a typed 422, got {other:?}"),
    }
    match client.list_items().limit(1000).send().await {
        Err(Error::Api { status, error: client::ListItemsError::UnprocessableEntity(_), .. }) => assert_eq!(status, 422),
        other => panic!("expected a typed 422, got {other:?}"),
    }
}

/// Every byte value, `\r\n` and `--` among them: content no boundary may be read out of.
fn binary_content() -> Vec<u8> {
    (0..=255u8).cycle().take(70_000).collect()
}

/// A `multipart/form-data` form (a file, text fields, a repeated field, a list of files) read by
/// FastAPI as it reads a browser's, and the file downloaded back byte for byte.
#[tokio::test]
async fn files_upload_as_forms_and_download_as_bytes() {
    let server = Uvicorn::start();
    let mut client = Client::new(&server.url);
    client.config_mut().retry = RetryPolicy::NONE;
    let form = client::UploadFileForm::new(File::new("report.bin", binary_content()).with_content_type("application/x-report"))
        .with_description("quarterly")
        .with_copies(2)
        .with_tags(["north".to_owned(), "south".to_owned()])
        .with_attachments(vec![File::new("one.txt", *b"one"), File::new("two.txt", *b"two")]);
    let upload = client.upload_file(&form).send().await.unwrap();
    assert_eq!(upload.status(), 201);
    assert_eq!(upload.filename.as_deref(), Some("report.bin"));
    assert_eq!(upload.content_type.as_deref(), Some("application/x-report"));
    assert_eq!(upload.size, 70_000);
    assert_eq!((upload.description.as_deref(), upload.copies), (Some("quarterly"), 2));
    assert_eq!(upload.tags, ["north", "south"]);
    assert_eq!(upload.attachments, ["one.txt", "two.txt"]);

    let downloaded = client.download_file(upload.id).send().await.unwrap();
    assert_eq!(downloaded.into_inner().0, binary_content());

    // `stream()` hands the body over chunk by chunk, never held whole: a transport that reads
    // at most 1,000 bytes of a body fails `send()` but streams all of it.
    let mut small = Client::with_transport(&server.url, ReqwestTransport::default().with_max_response_bytes(1_000));
    small.config_mut().retry = RetryPolicy::NONE;
    let too_large = small.download_file(upload.id).send().await;
    assert!(matches!(too_large, Err(Error::Transport(_))), "{too_large:?}");
    let mut chunks = small.download_file(upload.id).stream().await.unwrap().into_inner();
    let mut streamed = Vec::new();
    while let Some(chunk) = chunks.next().await {
        streamed.extend(chunk.unwrap());
    }
    assert_eq!(streamed, binary_content());
    // An error status is read whole, as `send()` reads it (FastAPI does not document its 404).
    match small.download_file(999).stream().await {
        Err(Error::UnexpectedStatus { status, body, .. }) => assert_eq!((status.as_u16(), body.text().as_ref()), (404, r#"{"detail":"no such file"}"#)),
        other => panic!("expected the undocumented 404 of a missing file, got {other:?}"),
    }

    // Only the required file: the optional parts are left out and FastAPI's defaults apply.
    let bare = client::UploadFileForm::new(File::new("empty.txt", Vec::new()));
    let upload = client.upload_file(&bare).send().await.unwrap();
    assert_eq!((upload.size, upload.copies, upload.tags.len()), (0, 1, 0));

    // A part breaking the form's rules: refused before sending, and by FastAPI with 422.
    let too_many = client::UploadFileForm { copies: Some(11), ..bare };
    match client.upload_file(&too_many).send().await {
        Err(Error::Validation(errors)) => assert_eq!(errors.violations[0].path, "copies", "{errors}"),
        other => panic!("expected a client-side validation error, got {other:?}"),
    }
    client.config_mut().validate = false;
    match client.upload_file(&too_many).send().await {
        Err(Error::Api { status, error: client::UploadFileError::UnprocessableEntity(_), .. }) => assert_eq!(status, 422),
        other => panic!("expected a typed 422, got {other:?}"),
    }
}

/// pydantic's discriminated union (`oneOf` + `discriminator` with `mapping`) and an untagged
/// `anyOf`: every variant goes to the app and comes back as the same variant.
#[tokio::test]
async fn unions_travel_as_their_variants() {
    let server = Uvicorn::start();
    let mut client = Client::new(&server.url);
    client.config_mut().retry = RetryPolicy::NONE;

    let cat = Adoption { pet: AdoptionPet::Cat(Cat { kind: CatKind::Cat, lives: 9 }), tag: AdoptionTag::I64(7) };
    assert_eq!(client.adopt(&cat).send().await.unwrap().into_inner(), cat);
    let dog = Adoption { pet: AdoptionPet::Dog(Dog { kind: DogKind::Dog, good: true }), tag: AdoptionTag::String("rex".into()) };
    assert_eq!(client.adopt(&dog).send().await.unwrap().into_inner(), dog);
    let pets = client.adopted_pets().send().await.unwrap();
    assert!(
        matches!(&pets[..], [AdoptedPetsResponseItem::Cat(cat), AdoptedPetsResponseItem::Dog(dog)] if cat.lives == 9 && dog.good),
        "{pets:?}"
    );

    // An undocumented tag is refused by the client's validation, and by the app with a 422.
    let parrot = Adoption { pet: AdoptionPet::Other(serde_json::json!({"kind": "parrot"})), tag: AdoptionTag::I64(1) };
    match client.adopt(&parrot).send().await {
        Err(Error::Validation(errors)) => assert_eq!(errors.violations[0].path, "pet.kind", "{errors}"),
        other => panic!("expected a validation error, got {other:?}"),
    }
    client.config_mut().validate = false;
    match client.adopt(&parrot).send().await {
        Err(Error::Api { status, error: client::AdoptError::UnprocessableEntity(_), .. }) => assert_eq!(status, 422),
        other => panic!("expected a typed 422, got {other:?}"),
    }
}

/// Server-sent events from FastAPI's `StreamingResponse`: each event's `data` read as the
/// documented `StockChange`, with its `id` and `event` kept.
#[tokio::test]
async fn server_sent_events_read_as_typed_events() {
    let server = Uvicorn::start();
    let mut client = Client::new(&server.url);
    client.config_mut().retry = RetryPolicy::NONE;

    let events = client.stock_events().count(4).send().await.unwrap().into_inner();
    let expected: Vec<Event<StockChange>> = (1..=4)
        .map(|n| Event::new(StockChange { item_id: n, quantity: 10 * n }).with_event("stock").with_id(n.to_string()))
        .collect();
    assert_eq!(events, expected);

    // The same events one by one, as the server sends them.
    let mut stream = client.stock_events().count(4).stream().await.unwrap().into_inner();
    let mut streamed = Vec::new();
    while let Some(event) = stream.next().await {
        streamed.push(event.unwrap());
    }
    assert_eq!(streamed, expected);
}

/// The event-stream text the mock writes reads back as the same events: multi-line data (a `\r`
/// ending a line as `\n` does, the one form the format carries), the
/// event type, the id (which later events keep, as the SSE standard says) and the retry delay;
/// data that is not the documented JSON is an error with the body kept, not a panic.
#[test]
fn events_round_trip_through_their_text() {
    use fastapi_client::support;

    let events = vec![
        Event::new("two\nlines".to_owned()).with_event("note").with_id("7").with_retry(Duration::from_millis(1500)),
        Event::new("plain".to_owned()),
    ];
    let text = support::write_events(&events, String::clone);
    let read = support::parse_events::<String, ()>(http::StatusCode::OK, text.as_bytes(), support::event_text).unwrap();
    assert_eq!(read, [events[0].clone(), Event::new("plain".to_owned()).with_id("7")]);
    // A line ends at `\r` and `\r\n` too: the text holds them as lines, read back with `\n`.
    let text = support::write_events(&[Event::new("a\rb\r\nc".to_owned())], String::clone);
    let read = support::parse_events::<String, ()>(http::StatusCode::OK, text.as_bytes(), support::event_text).unwrap();
    assert_eq!(read[0].data, "a\nb\nc");

    let bad = support::parse_events::<StockChange, ()>(http::StatusCode::OK, b"data: {not json}\n\n", support::event_json);
    assert!(matches!(bad, Err(Error::InvalidBody { ref body, .. }) if body.text().contains("not json")), "{bad:?}");
}

/// The mock answers an event-stream operation with typed events, which the client reads back.
#[tokio::test]
async fn the_mock_streams_typed_events() {
    use fastapi_client::openapi::mock::MockServer;

    let mock = MockServer::start().await;
    let events = vec![Event::new(StockChange { item_id: 5, quantity: 0 }).with_event("stock").with_id("5")];
    mock.stock_events().when(|request| request.count == Some(1)).respond(&events).await;
    let client = Client::new(mock.uri());
    assert_eq!(client.stock_events().count(1).send().await.unwrap().into_inner(), events);
}

/// `stream()` hands each event over as it arrives: the app holds its second event until the
/// test releases it, so a client that waited for the whole body would never see the first.
#[tokio::test]
async fn streamed_events_arrive_before_the_stream_ends() {
    let server = Uvicorn::start();
    let mut client = Client::new(&server.url);
    client.config_mut().retry = RetryPolicy::NONE;

    let mut stream = client.held_stock_events().stream().await.unwrap().into_inner();
    let first = tokio::time::timeout(Duration::from_secs(10), stream.next())
        .await
        .expect("the first event arrives while the stream is still open");
    assert_eq!(first.unwrap().unwrap().data, StockChange { item_id: 1, quantity: 1 });
    client.release_stock_events().send().await.unwrap();
    assert_eq!(stream.next().await.unwrap().unwrap().data, StockChange { item_id: 2, quantity: 2 });
    assert!(stream.next().await.is_none(), "the stream ends after the second event");
}

/// A form's bytes read back as the parts written: file content holding `\r\n` and `--` does not
/// end a part early, and a quote in a name is written as browsers write it.
#[test]
fn forms_read_back_as_their_parts() {
    use fastapi_client::support::{Multipart, Part};

    let file = File::new("data.bin", binary_content()).with_content_type("application/octet-stream");
    let form = Multipart::new()
        .part(Part::text("title", "Q3 \r\n--report"))
        .part(Part::file("data", &file))
        .part(Part::json("meta", &serde_json::json!({"pages": 3})).unwrap());
    let (media_type, body) = form.encode();
    let read = Multipart::parse(&media_type, &body).unwrap();
    assert_eq!(read, form);
    assert_eq!(read.file("data"), Some(file));
    assert_eq!(read.value::<String>("title").unwrap().as_deref(), Some("Q3 \r\n--report"));

    let quoted = Multipart::new().part(Part::text("a\"b\r\n", "x"));
    let (media_type, body) = quoted.encode();
    assert!(String::from_utf8_lossy(&body).contains("name=\"a%22b%0D%0A\""));
    assert_eq!(Multipart::parse(&media_type, &body).unwrap(), quoted);
}

/// The mock reads an upload back as the typed form the client sent, and refuses a form without
/// its required file with the documented 422 before any stub sees it.
#[tokio::test]
async fn the_mock_reads_forms_and_refuses_one_without_its_file() {
    use fastapi_client::openapi::mock::{self, MockServer};
    use fastapi_client::support::{Multipart, Part, Transport};

    let mock = MockServer::start().await;
    let client = Client::new(mock.uri());
    let form = client::UploadFileForm {
        file: File::new("a.txt", *b"alpha"),
        description: None,
        copies: Some(3),
        tags: Some(vec!["x".into()]),
        attachments: None,
    };
    let _ = client.upload_file(&form).send().await;
    let received = mock.received::<mock::UploadFile>().await;
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].body, form);

    let (media_type, body) = Multipart::new().part(Part::text("description", "no file")).encode();
    let request = http::Request::post(format!("{}/files", mock.uri())).header("content-type", media_type.as_ref()).body(body).unwrap();
    let response = ReqwestTransport::default().send(request).await.unwrap();
    assert_eq!(response.status(), 422);
    let rejected = mock.rejected();
    assert_eq!(rejected.len(), 1);
    assert!(rejected[0].rejection.message.contains("the part `file` is required"), "{rejected:?}");
}

/// A connection that breaks mid-stream is resumed as browsers resume one: after the server's
/// `retry`, with the last event id as `Last-Event-ID`, so no event is lost or repeated.
#[tokio::test]
async fn a_broken_event_stream_resumes_from_the_last_event_id() {
    let server = Uvicorn::start();
    let client = Client::new(&server.url);

    let mut stream = client.resumable_stock_events().stream().await.unwrap().into_inner();
    let mut ids = Vec::new();
    while let Some(event) = tokio::time::timeout(Duration::from_secs(10), stream.next()).await.expect("each event arrives") {
        let event = event.unwrap();
        assert_eq!(event.data.item_id.to_string(), event.id);
        ids.push(event.id);
    }
    assert_eq!(ids, ["1", "2", "3", "4"]);

    // Without retries the break ends the stream with the transport's error.
    let mut once = Client::new(&server.url);
    once.config_mut().retry = RetryPolicy::NONE;
    let mut stream = once.resumable_stock_events().stream().await.unwrap().into_inner();
    assert_eq!(stream.next().await.unwrap().unwrap().id, "1");
    assert_eq!(stream.next().await.unwrap().unwrap().id, "2");
    let broken = stream.next().await.unwrap();
    assert!(matches!(broken, Err(fastapi_client::support::EventError::Transport(_))), "{broken:?}");
    assert!(stream.next().await.is_none());
}

/// Sends through reqwest, but reconnections to `then` (a wiremock server), recording the
/// `Last-Event-ID` each open sent.
#[derive(Clone)]
struct ThenElsewhere {
    inner: ReqwestTransport,
    then: String,
    sent_ids: std::sync::Arc<std::sync::Mutex<Vec<Option<String>>>>,
}

impl fastapi_client::support::Transport for ThenElsewhere {
    async fn send(&self, request: http::Request<Vec<u8>>) -> Result<http::Response<Vec<u8>>, fastapi_client::support::TransportError> {
        fastapi_client::support::Transport::send(&self.inner, request).await
    }
}

impl fastapi_client::support::OpenStream for ThenElsewhere {
    async fn open(
        &self,
        mut request: http::Request<Vec<u8>>,
    ) -> Result<http::Response<fastapi_client::support::BodyStream>, fastapi_client::support::TransportError> {
        let id = request.headers().get("last-event-id").map(|value| value.to_str().unwrap().to_owned());
        let reconnecting = {
            let mut sent = self.sent_ids.lock().unwrap();
            sent.push(id);
            sent.len() > 1
        };
        if reconnecting {
            *request.uri_mut() = format!("{}{}", self.then, request.uri().path()).parse().unwrap();
        }
        self.inner.open(request).await
    }
}

/// A server answers a reconnection with 204 to end the stream, or with an error status,
/// which the stream reports as a refusal.
#[tokio::test]
async fn a_resumed_event_stream_ends_on_204_and_reports_a_refusal() {
    use wiremock::{matchers::method, Mock, MockServer, ResponseTemplate};

    let server = Uvicorn::start();
    for (status, ends_cleanly) in [(204, true), (404, false)] {
        let elsewhere = MockServer::start().await;
        Mock::given(method("GET")).respond_with(ResponseTemplate::new(status)).mount(&elsewhere).await;
        let transport = ThenElsewhere { inner: ReqwestTransport::default(), then: elsewhere.uri(), sent_ids: Default::default() };
        let client = Client::with_transport(&server.url, transport.clone());
        let mut stream = client.resumable_stock_events().stream().await.unwrap().into_inner();
        assert_eq!(stream.next().await.unwrap().unwrap().id, "1");
        assert_eq!(stream.next().await.unwrap().unwrap().id, "2");
        match stream.next().await {
            None => assert!(ends_cleanly),
            Some(Err(fastapi_client::support::EventError::Refused(refused))) => assert_eq!((refused.as_u16(), ends_cleanly), (status, false)),
            other => panic!("unexpected {other:?}"),
        }
        assert!(stream.next().await.is_none());
        assert_eq!(*transport.sent_ids.lock().unwrap(), [None, Some("2".to_owned())]);
    }

    // 503 is retried; the resumed stream's events without an id of their own keep the last one.
    let elsewhere = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).mount(&elsewhere).await;
    let events = "retry: 10\ndata: {\"item_id\":3,\"quantity\":3}\n\n";
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_raw(events, "text/event-stream")).mount(&elsewhere).await;
    let transport = ThenElsewhere { inner: ReqwestTransport::default(), then: elsewhere.uri(), sent_ids: Default::default() };
    let client = Client::with_transport(&server.url, transport.clone());
    let mut stream = client.resumable_stock_events().stream().await.unwrap().into_inner();
    let ids: Vec<String> = [stream.next().await, stream.next().await, stream.next().await].into_iter().map(|event| event.unwrap().unwrap().id).collect();
    assert_eq!(ids, ["1", "2", "2"]);
    assert!(stream.next().await.is_none(), "a stream ended cleanly stays ended");
    assert_eq!(*transport.sent_ids.lock().unwrap(), [None, Some("2".to_owned()), Some("2".to_owned())]);
}

/// Chunks of 64 KiB produced on demand (the bytes `0, 1, …, 255` repeated), counting how many
/// were asked for.
struct Produced {
    left: usize,
    asked: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl futures_core::Stream for Produced {
    type Item = Result<Vec<u8>, std::io::Error>;

    fn poll_next(mut self: std::pin::Pin<&mut Self>, _: &mut std::task::Context<'_>) -> std::task::Poll<Option<Self::Item>> {
        if self.left == 0 {
            return std::task::Poll::Ready(None);
        }
        self.left -= 1;
        self.asked.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        std::task::Poll::Ready(Some(Ok((0..=255u8).cycle().take(64 << 10).collect())))
    }
}

/// A body of bytes goes from memory, or from a stream as it is produced (through reqwest, chunk
/// by chunk); a stream is sent once.
#[tokio::test]
async fn bytes_upload_from_memory_or_a_stream() {
    use fastapi_client::support::{Upload, UploadStream};

    let server = Uvicorn::start();
    let client = Client::new(&server.url);
    let content = binary_content();
    let checksum = |bytes: &[u8]| bytes.iter().map(|&b| u64::from(b)).sum::<u64>() % (1 << 32);

    let blob = client.put_blob("memory", &content).send().await.unwrap();
    assert_eq!((blob.size, blob.checksum), (70_000, checksum(&content) as i64));

    let asked = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let stream = UploadStream::new(Produced { left: 48, asked: asked.clone() });
    let call = client.put_blob("stream", stream);
    let operation = call.operation().clone();
    let blob = call.send().await.unwrap();
    let chunk: Vec<u8> = (0..=255u8).cycle().take(64 << 10).collect();
    assert_eq!((blob.size, blob.checksum), (48 * (64 << 10), (checksum(&chunk) * 48 % (1 << 32)) as i64));
    assert_eq!(asked.load(std::sync::atomic::Ordering::SeqCst), 48);

    // The clone of the call's operation shares its stream, which is gone.
    match client.send(&operation).await {
        Err(Error::Request(error)) => assert!(error.to_string().contains("already sent"), "{error}"),
        other => panic!("expected the stream to be refused a second time, got {other:?}"),
    }
    assert_eq!(Upload::from(&content), Upload::bytes(&content));

    // Only `send()` sends a stream: building the request whole refuses it rather than send
    // an empty body.
    let streamed = client.put_blob("sans-io", UploadStream::new(Produced { left: 1, asked: asked.clone() })).into_operation();
    let built = fastapi_client::support::build_request(&streamed, &server.url, client::REQUIRED_HEADERS, None);
    assert!(matches!(built, Err(fastapi_client::support::RequestError::Body(_))), "{built:?}");

    // A transport that only sends whole bodies reads the stream first (the trait's default).
    let whole = ThenElsewhere { inner: ReqwestTransport::default(), then: String::new(), sent_ids: Default::default() };
    let client = Client::with_transport(&server.url, whole);
    let stream = UploadStream::new(Produced { left: 3, asked: asked.clone() });
    let blob = client.put_blob("collected", stream).send().await.unwrap();
    assert_eq!(blob.size, 3 * (64 << 10));
}

/// Chunks of 1 KiB, each after `pause`.
struct Slow {
    left: usize,
    pause: Duration,
    timer: Option<std::pin::Pin<Box<tokio::time::Sleep>>>,
}

impl futures_core::Stream for Slow {
    type Item = Result<Vec<u8>, std::io::Error>;

    fn poll_next(mut self: std::pin::Pin<&mut Self>, context: &mut std::task::Context<'_>) -> std::task::Poll<Option<Self::Item>> {
        if self.left == 0 {
            return std::task::Poll::Ready(None);
        }
        let pause = self.pause;
        let timer = self.timer.get_or_insert_with(|| Box::pin(tokio::time::sleep(pause)));
        std::task::ready!(std::future::Future::poll(timer.as_mut(), context));
        self.timer = None;
        self.left -= 1;
        std::task::Poll::Ready(Some(Ok(vec![7; 1024])))
    }
}

/// The timeout per attempt bounds the wait for the answer once a streamed body has ended, not
/// the upload: a stream slower than the timeout goes through, a server that never answers
/// times out instead of hanging.
#[tokio::test]
async fn a_streamed_upload_is_timed_from_its_end() {
    use fastapi_client::support::UploadStream;

    let server = Uvicorn::start();
    let mut client = Client::new(&server.url);
    client.config_mut().timeout = Duration::from_millis(300);
    let slow = UploadStream::new(Slow { left: 4, pause: Duration::from_millis(200), timer: None });
    let blob = client.put_blob("slow", slow).send().await.unwrap();
    assert_eq!(blob.size, 4 * 1024);

    // A server that reads everything and never answers.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((mut socket, _)) = listener.accept().await {
            held.push(tokio::spawn(async move {
                let _ = tokio::io::copy(&mut socket, &mut tokio::io::sink()).await;
                std::future::pending::<()>().await;
            }));
        }
    });
    let mut silent = Client::new(format!("http://{address}"));
    silent.config_mut().timeout = Duration::from_millis(300);
    let stream = UploadStream::new(Slow { left: 2, pause: Duration::from_millis(10), timer: None });
    let outcome = tokio::time::timeout(Duration::from_secs(10), silent.put_blob("never", stream).send()).await;
    assert!(matches!(outcome, Ok(Err(Error::Timeout))), "{outcome:?}");
}
