/// A file sent as a part of a `multipart/form-data` body: its bytes, with the file name and
/// media type the server is told. Servers tell a file from a text field by its file name, as
/// browsers always send one: a file without one (`file_name: None`) reads as text to most.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// The content.
    pub bytes: ::std::vec::Vec<u8>,
    /// The `filename` its part names.
    pub file_name: ::std::option::Option<::std::string::String>,
    /// Its media type: `application/octet-stream` unless one is given.
    pub content_type: ::std::string::String,
}

impl File {
    /// A file named `file_name` (`report.pdf`) holding `bytes`.
    pub fn new(
        file_name: impl Into<::std::string::String>,
        bytes: impl Into<::std::vec::Vec<u8>>,
    ) -> Self {
        File {
            bytes: bytes.into(),
            file_name: Some(file_name.into()),
            content_type: "application/octet-stream".to_owned(),
        }
    }

    /// Names the file.
    pub fn with_file_name(
        mut self,
        file_name: impl Into<::std::string::String>,
    ) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// Gives the file's media type (`image/png`).
    pub fn with_content_type(
        mut self,
        content_type: impl Into<::std::string::String>,
    ) -> Self {
        self.content_type = content_type.into();
        self
    }
}

/// A `multipart/form-data` body (RFC 7578): named parts, in order. The client writes an
/// operation's typed form as one ([`Multipart::encode`]); an operation whose spec names no
/// parts takes one the caller assembles:
/// `Multipart::new().part(Part::text("title", "Q3")).part(Part::file("report", &file))`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Multipart<'a> {
    parts: ::std::vec::Vec<Part<'a>>,
}

/// One part of a [`Multipart`] body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part<'a> {
    /// The form field it is the value of.
    pub name: ::std::borrow::Cow<'a, str>,
    /// The `filename` of a file part.
    pub file_name: ::std::option::Option<::std::borrow::Cow<'a, str>>,
    /// Its media type, if it states one (a part without one is `text/plain`).
    pub content_type: ::std::option::Option<::std::borrow::Cow<'a, str>>,
    /// The content.
    pub body: ::std::borrow::Cow<'a, [u8]>,
}

impl<'a> Part<'a> {
    /// A text part.
    pub fn text(
        name: impl Into<::std::borrow::Cow<'a, str>>,
        value: impl Into<::std::borrow::Cow<'a, str>>,
    ) -> Self {
        let body = match value.into() {
            ::std::borrow::Cow::Borrowed(text) => {
                ::std::borrow::Cow::Borrowed(text.as_bytes())
            }
            ::std::borrow::Cow::Owned(text) => {
                ::std::borrow::Cow::Owned(text.into_bytes())
            }
        };
        Part {
            name: name.into(),
            file_name: None,
            content_type: None,
            body,
        }
    }

    /// A file part.
    pub fn file(name: impl Into<::std::borrow::Cow<'a, str>>, file: &'a File) -> Self {
        Part {
            name: name.into(),
            file_name: file.file_name.as_deref().map(::std::borrow::Cow::Borrowed),
            content_type: Some(::std::borrow::Cow::Borrowed(&file.content_type)),
            body: ::std::borrow::Cow::Borrowed(&file.bytes),
        }
    }

    /// A part holding `value` as JSON (`application/json`).
    pub fn json<T: ::serde::Serialize + ?Sized>(
        name: impl Into<::std::borrow::Cow<'a, str>>,
        value: &T,
    ) -> ::std::result::Result<Self, RequestError> {
        let body = ::serde_json::to_vec(value)
            .map_err(|e| RequestError::Body(e.to_string()))?;
        Ok(Part {
            name: name.into(),
            file_name: None,
            content_type: Some(::std::borrow::Cow::Borrowed("application/json")),
            body: ::std::borrow::Cow::Owned(body),
        })
    }

    /// Gives the part a media type (the spec's `encoding`, or one's own).
    pub fn with_content_type(
        mut self,
        content_type: impl Into<::std::borrow::Cow<'a, str>>,
    ) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

impl<'a> Multipart<'a> {
    /// A form without parts.
    pub fn new() -> Self {
        Multipart {
            parts: ::std::vec::Vec::new(),
        }
    }

    /// The form with `part` added after the others.
    pub fn part(mut self, part: Part<'a>) -> Self {
        self.parts.push(part);
        self
    }

    /// Adds `part` after the others.
    pub fn push(&mut self, part: Part<'a>) {
        self.parts.push(part);
    }

    /// The parts, in order.
    pub fn parts(&self) -> &[Part<'a>] {
        &self.parts
    }

    /// The parts named `name`, in order.
    pub fn parts_named<'s>(
        &'s self,
        name: &'s str,
    ) -> impl Iterator<Item = &'s Part<'a>> + 's {
        self.parts.iter().filter(move |part| part.name == name)
    }

    /// The body's media type (with the boundary it chose) and bytes. The boundary is random
    /// and occurs in no part, so no content can end a part early.
    pub fn encode(&self) -> RequestBody {
        let boundary = loop {
            let boundary = random_boundary();
            let clash = self
                .parts
                .iter()
                .any(|part| {
                    ::memchr::memmem::find(&part.body, boundary.as_bytes()).is_some()
                });
            if !clash {
                break boundary;
            }
        };
        let mut body = ::std::vec::Vec::new();
        for part in &self.parts {
            body.extend_from_slice(b"--");
            body.extend_from_slice(boundary.as_bytes());
            body.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
            body.extend_from_slice(quoted(&part.name).as_bytes());
            body.push(b'"');
            if let Some(file_name) = &part.file_name {
                body.extend_from_slice(b"; filename=\"");
                body.extend_from_slice(quoted(file_name).as_bytes());
                body.push(b'"');
            }
            if let Some(content_type) = &part.content_type {
                body.extend_from_slice(b"\r\nContent-Type: ");
                body.extend_from_slice(one_line(content_type).as_bytes());
            }
            body.extend_from_slice(b"\r\n\r\n");
            body.extend_from_slice(&part.body);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(b"--");
        body.extend_from_slice(boundary.as_bytes());
        body.extend_from_slice(b"--\r\n");
        let media_type = format!("multipart/form-data; boundary={boundary}");
        (::std::borrow::Cow::Owned(media_type), body)
    }
}

/// 128 random bits as a boundary (from the standard library's randomly keyed hasher).
fn random_boundary() -> ::std::string::String {
    use ::std::hash::{BuildHasher as _, Hasher as _};
    let word = || {
        ::std::collections::hash_map::RandomState::new().build_hasher().finish()
    };
    format!("----form-{:016x}{:016x}", word(), word())
}

/// A name or file name inside the quotes of `Content-Disposition`, written as browsers write
/// it: `"`, CR and LF percent-encoded.
fn quoted(text: &str) -> ::std::borrow::Cow<'_, str> {
    if !text.contains(['"', '\r', '\n']) {
        return ::std::borrow::Cow::Borrowed(text);
    }
    ::std::borrow::Cow::Owned(
        text.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A"),
    )
}

/// A header value on one line: CR and LF become spaces.
fn one_line(text: &str) -> ::std::borrow::Cow<'_, str> {
    if !text.contains(['\r', '\n']) {
        return ::std::borrow::Cow::Borrowed(text);
    }
    ::std::borrow::Cow::Owned(text.replace(['\r', '\n'], " "))
}

#[cfg(feature = "mock")]
impl Multipart<'static> {
    /// Reads a `multipart/form-data` body sent as `content_type` (which names the boundary).
    pub fn parse(
        content_type: &str,
        body: &[u8],
    ) -> ::std::result::Result<Self, ::std::string::String> {
        let boundary = ::multer::parse_boundary(content_type)
            .map_err(|error| error.to_string())?;
        let chunk = ::std::result::Result::<
            ::std::vec::Vec<u8>,
            ::std::convert::Infallible,
        >::Ok(body.to_vec());
        let mut reader = ::multer::Multipart::new(
            ::futures_util::stream::iter([chunk]),
            boundary,
        );
        let mut form = Multipart::new();
        loop {
            let field = read_now(reader.next_field())?
                .map_err(|error| error.to_string())?;
            let Some(field) = field else {
                return Ok(form);
            };
            let name = unquoted(field.name().unwrap_or_default());
            let file_name = field.file_name().map(|name| unquoted(name).into());
            let content_type = field
                .content_type()
                .map(|media_type| media_type.to_string().into());
            let bytes = read_now(field.bytes())?.map_err(|error| error.to_string())?;
            form.push(Part {
                name: name.into(),
                file_name,
                content_type,
                body: ::std::borrow::Cow::Owned(bytes.to_vec()),
            });
        }
    }

    /// The first part named `name`, as a file.
    pub fn file(&self, name: &str) -> ::std::option::Option<File> {
        self.parts_named(name).next().map(Part::to_file)
    }

    /// The parts named `name`, as files; `None` when there are none.
    pub fn files(&self, name: &str) -> ::std::option::Option<::std::vec::Vec<File>> {
        let files: ::std::vec::Vec<File> = self
            .parts_named(name)
            .map(Part::to_file)
            .collect();
        (!files.is_empty()).then_some(files)
    }

    /// The first part named `name`, read as `T` (text, or JSON where `T` needs it).
    pub fn value<T: ::serde::de::DeserializeOwned>(
        &self,
        name: &str,
    ) -> ::std::result::Result<::std::option::Option<T>, mock::Rejection> {
        self.parts_named(name).next().map(|part| part.read(name)).transpose()
    }

    /// The parts named `name`, each read as `T`; `None` when there are none.
    pub fn values<T: ::serde::de::DeserializeOwned>(
        &self,
        name: &str,
    ) -> ::std::result::Result<
        ::std::option::Option<::std::vec::Vec<T>>,
        mock::Rejection,
    > {
        let values = self
            .parts_named(name)
            .map(|part| part.read(name))
            .collect::<::std::result::Result<::std::vec::Vec<T>, mock::Rejection>>()?;
        Ok((!values.is_empty()).then_some(values))
    }
}

#[cfg(feature = "mock")]
impl Part<'_> {
    /// The part as a file (`text/plain` when it states no media type, as RFC 7578 reads it).
    fn to_file(&self) -> File {
        File {
            bytes: self.body.to_vec(),
            file_name: self.file_name.as_deref().map(str::to_owned),
            content_type: self.content_type.as_deref().unwrap_or("text/plain").to_owned(),
        }
    }

    /// The part read as `T`: JSON when it says so, else text (a string as it is, other
    /// values read as JSON).
    fn read<T: ::serde::de::DeserializeOwned>(
        &self,
        name: &str,
    ) -> ::std::result::Result<T, mock::Rejection> {
        let text = ::std::str::from_utf8(&self.body)
            .map_err(|_| mock::Rejection::malformed(
                format!("form part `{name}` is not UTF-8"),
            ))?;
        let json = self
            .content_type
            .as_deref()
            .is_some_and(|media_type| media_type.contains("json"));
        if json {
            mock::from_json_text(text, "form part", name)
        } else {
            mock::from_text(text, "form part", name)
        }
    }
}

/// A name as [`quoted`] wrote it, read back.
#[cfg(feature = "mock")]
fn unquoted(text: &str) -> ::std::string::String {
    text.replace("%22", "\"").replace("%0D", "\r").replace("%0A", "\n")
}

/// [`ready`], a form held in memory being read.
#[cfg(feature = "mock")]
fn read_now<F: ::std::future::Future>(
    future: F,
) -> ::std::result::Result<F::Output, ::std::string::String> {
    ready(future).ok_or_else(|| "the form did not read at once".to_owned())
}

#[cfg(feature = "mock")]
impl mock::Incoming<'_> {
    /// A `multipart/form-data` body, `None` when the request has none.
    pub fn multipart_body(
        &self,
    ) -> ::std::result::Result<
        ::std::option::Option<Multipart<'static>>,
        mock::Rejection,
    > {
        let request = self.request();
        if request.body.is_empty() {
            return Ok(None);
        }
        let content_type = request
            .headers
            .get("content-type")
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default();
        Multipart::parse(content_type, &request.body)
            .map(Some)
            .map_err(|error| mock::Rejection::malformed(
                format!("the form body does not read: {error}"),
            ))
    }
}
