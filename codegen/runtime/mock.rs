/// A mock of an API for tests, on wiremock (feature `mock`): an HTTP server on a free loopback
/// port that reads every request back into the operation's typed value, refuses one the API
/// would refuse (a missing credential or required header, a parameter or body that does not
/// read, a body the validators reject) with the documented error response, and answers the
/// others from typed stubs. Each API's `mock::MockServer` names its operations; this module is
/// what they share.
#[cfg(feature = "mock")]
pub mod mock {
    use ::std::sync::{Arc, Mutex, PoisonError};

    use super::{ErrorBody, ValidationErrors};

    /// What authenticates a request: one security scheme's credential, where it travels.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Credential {
        /// An API key in this header (lower case).
        Header(&'static str),
        /// An API key in this query parameter.
        Query(&'static str),
        /// An API key in this cookie.
        Cookie(&'static str),
        /// `Authorization: Basic …`.
        Basic,
        /// `Authorization: Bearer …` (bearer tokens, OAuth, OpenID Connect).
        Bearer,
    }

    /// A documented error response of an operation: what the mock answers a request the API
    /// would refuse with.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Documented {
        /// The statuses it documents.
        pub status: Status,
        /// Its media type, when it documents a body.
        pub media_type: ::std::option::Option<&'static str>,
        /// Its example body (JSON), when the spec gives one.
        pub example: ::std::option::Option<&'static str>,
    }

    /// The statuses a documented response stands for.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Status {
        /// One status.
        Code(u16),
        /// A class: `4` for `4XX`.
        Range(u8),
        /// `default`: every status not documented otherwise.
        Default,
    }

    /// An operation as the mock serves it: the request read back into a typed value (the
    /// operation's parameters and an owned body), and its responses written from typed values.
    /// Generated for every operation, in the API's `mock` module.
    pub trait Endpoint: Sized + Send + Sync + 'static {
        /// What its successes carry: the client's output (one body, an `Option` of it, or
        /// the enum of its successes).
        type Output;

        /// Its documented error responses (the client's error enum).
        type Error: super::ApiError;

        /// The headers its success responses document (the client's `…Headers` struct, or
        /// `()`).
        type Headers: super::WriteHeaders;

        /// The HTTP method.
        const METHOD: ::http::Method;

        /// The path template (`/api/v3/placeGroup/{placeGroupId}`).
        const PATH: &'static str;

        /// The templates of the API's operations of the same method that are more specific
        /// (a literal segment where [`Endpoint::PATH`] has a parameter: `/items/search` beside
        /// `/items/{id}`): OpenAPI matches concrete paths first, so a path one of them matches
        /// is not addressed to this operation.
        const SHADOWED_BY: &'static [&'static str] = &[];

        /// The spec's `operationId`.
        const OPERATION_ID: &'static str;

        /// What authenticates it: any one group, with every credential of that group (an empty
        /// group: anonymous calls are allowed; no group at all: the operation is public).
        const SECURITY: &'static [&'static [Credential]];

        /// The media type of its request body, when it takes one.
        const BODY: ::std::option::Option<&'static str> = None;

        /// Its documented error responses.
        const ERRORS: &'static [Documented] = &[];

        /// Reads a request addressed to it; the path parameters are already matched.
        fn read(request: &Incoming<'_>) -> ::std::result::Result<Self, Rejection>;
        /// Checks the parameters and body against the spec's rules, as the client does.
        fn validate(&self) -> ::std::result::Result<(), ValidationErrors> {
            Ok(())
        }

        /// Its success response with `output` as the body.
        fn success(output: &Self::Output) -> Reply;
        /// The documented error response `error` stands for.
        fn failure(error: &Self::Error) -> Reply;
    }

    /// A response of the mock.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Reply {
        /// The status.
        pub status: u16,
        /// Headers, in order (`content-type` among them when there is a body).
        pub headers: Vec<(String, String)>,
        /// The body.
        pub body: Vec<u8>,
        /// How long the mock waits before answering (a slow server, for timeouts).
        pub delay: ::std::time::Duration,
    }

    impl Reply {
        /// A response with `status`, no headers and no body, at once.
        pub fn new(status: u16) -> Self {
            Reply {
                status,
                headers: Vec::new(),
                body: Vec::new(),
                delay: ::std::time::Duration::ZERO,
            }
        }

        /// Answers after `delay`.
        pub fn delay(mut self, delay: ::std::time::Duration) -> Self {
            self.delay = delay;
            self
        }

        /// `value` as JSON. (A value serde cannot write, such as a map with non-string keys,
        /// answers 500 with serde's message.)
        pub fn json<T: ::serde::Serialize + ?Sized>(
            status: u16,
            media_type: &str,
            value: &T,
        ) -> Self {
            match ::serde_json::to_vec(value) {
                Ok(body) => Reply::bytes(status, media_type, body),
                Err(error) => Reply::text(500, "text/plain", &error.to_string()),
            }
        }

        /// A text body.
        pub fn text(status: u16, media_type: &str, text: &str) -> Self {
            Reply::bytes(status, media_type, text.as_bytes().to_vec())
        }

        /// A body of bytes.
        pub fn bytes(status: u16, media_type: &str, body: Vec<u8>) -> Self {
            Reply::new(status).header("content-type", media_type).body(body)
        }

        /// A documented error response: `body`'s bytes as they would arrive.
        pub fn error<T>(
            status: u16,
            media_type: ::std::option::Option<&str>,
            body: &ErrorBody<T>,
        ) -> Self {
            let reply = Reply::new(status).body(body.raw.0.clone());
            match media_type {
                Some(media_type) => reply.header("content-type", media_type),
                None => reply,
            }
        }

        /// Adds a header.
        pub fn header(mut self, name: &str, value: &str) -> Self {
            self.headers.push((name.to_owned(), value.to_owned()));
            self
        }

        /// Replaces the body.
        pub fn body(mut self, body: Vec<u8>) -> Self {
            self.body = body;
            self
        }

        /// The response as wiremock sends it; a header that is no valid HTTP header is left out.
        fn template(&self) -> ::wiremock::ResponseTemplate {
            let mut template = ::wiremock::ResponseTemplate::new(self.status)
                .set_delay(self.delay);
            let mut content_type = None;
            for (name, value) in &self.headers {
                if name.eq_ignore_ascii_case("content-type") {
                    let valid = ::http::HeaderValue::from_str(value).is_ok();
                    content_type = valid.then_some(value.as_str());
                    continue;
                }
                let name = ::http::HeaderName::from_bytes(name.as_bytes());
                let value = ::http::HeaderValue::from_str(value);
                if let (Ok(name), Ok(value)) = (name, value) {
                    template = template.append_header(name, value);
                }
            }
            match content_type {
                Some(content_type) => {
                    template.set_body_raw(self.body.clone(), content_type)
                }
                None if self.body.is_empty() => template,
                None => template.set_body_bytes(self.body.clone()),
            }
        }
    }

    /// Why a request does not read as the operation it addresses, or breaks its rules.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Rejection {
        /// Whether the API would answer it as unauthenticated or as malformed.
        pub kind: RejectionKind,
        /// What is wrong, in words.
        pub message: String,
    }

    /// The two ways an API refuses a request.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum RejectionKind {
        /// No credential the operation accepts (answered 401).
        Unauthenticated,
        /// A required header, parameter or body is missing or does not read, or the
        /// validators reject it (answered 400).
        Malformed,
    }

    impl Rejection {
        /// A malformed request.
        pub fn malformed(message: impl Into<String>) -> Self {
            Rejection {
                kind: RejectionKind::Malformed,
                message: message.into(),
            }
        }

        /// The response an operation that documents `errors` gives: the first status that means
        /// this kind of refusal (401 or 403; 400 or 422) that a response documents (as a code, its
        /// class or `default`), with that response's example as the body, else the message as
        /// text; 401 or 400 when none is documented. The message travels in `x-mock-rejection`
        /// too.
        fn reply(&self, errors: &[Documented]) -> Reply {
            let statuses: &[u16] = match self.kind {
                RejectionKind::Unauthenticated => &[401, 403],
                RejectionKind::Malformed => &[400, 422],
            };
            let documented = |status: u16| {
                let class = u8::try_from(status / 100).unwrap_or_default();
                [Status::Code(status), Status::Range(class), Status::Default]
                    .into_iter()
                    .find_map(|wanted| {
                        errors.iter().find(|error| error.status == wanted)
                    })
            };
            let (status, documented) = statuses
                .iter()
                .find_map(|status| {
                    documented(*status).map(|found| (*status, Some(found)))
                })
                .unwrap_or((statuses[0], None));
            let reply = match documented {
                Some(
                    Documented {
                        media_type: Some(media_type),
                        example: Some(example),
                        ..
                    },
                ) => Reply::text(status, media_type, example),
                _ => Reply::text(status, "text/plain", &self.message),
            };
            let shown: String = self
                .message
                .chars()
                .map(|c| if c.is_ascii_graphic() { c } else { ' ' })
                .collect();
            reply.header("x-mock-rejection", &shown)
        }
    }

    /// A request the mock refused, as it was answered.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Rejected {
        /// The operation it addressed.
        pub operation_id: &'static str,
        /// Its method.
        pub method: ::http::Method,
        /// Its path and query.
        pub target: String,
        /// The status it was answered with.
        pub status: u16,
        /// Why.
        pub rejection: Rejection,
    }

    /// A request addressed to an operation, with its path parameters matched.
    #[derive(Debug)]
    pub struct Incoming<'r> {
        request: &'r ::wiremock::Request,
        path: Vec<(&'static str, &'r str)>,
    }

    impl<'r> Incoming<'r> {
        /// The request, when it addresses operation `E` (its method and path template).
        pub fn of<E: Endpoint>(
            request: &'r ::wiremock::Request,
        ) -> ::std::option::Option<Self> {
            if request.method != E::METHOD {
                return None;
            }
            let path = match_path(E::PATH, request.url.path())?;
            if E::SHADOWED_BY
                .iter()
                .any(|template| match_path(template, request.url.path()).is_some())
            {
                return None;
            }
            Some(Incoming { request, path })
        }

        /// The request as received.
        pub fn request(&self) -> &'r ::wiremock::Request {
            self.request
        }

        /// A path parameter.
        pub fn path<T: ::serde::de::DeserializeOwned>(
            &self,
            name: &str,
        ) -> ::std::result::Result<T, Rejection> {
            let raw = self.raw_path(name)?;
            from_text(&decode(raw), "path parameter", name)
        }

        /// A path parameter that is a list (`a,b`, each value percent-encoded).
        pub fn path_list<T: ::serde::de::DeserializeOwned>(
            &self,
            name: &str,
        ) -> ::std::result::Result<Vec<T>, Rejection> {
            let raw = self.raw_path(name)?;
            if raw.is_empty() {
                return Ok(Vec::new());
            }
            raw.split(',')
                .map(|value| from_text(&decode(value), "path parameter", name))
                .collect()
        }

        /// A path parameter without a plain form: JSON, or a string as it is.
        pub fn path_json<T: ::serde::de::DeserializeOwned>(
            &self,
            name: &str,
        ) -> ::std::result::Result<T, Rejection> {
            let raw = self.raw_path(name)?;
            from_param_text(&decode(raw), "path parameter", name)
        }

        fn raw_path(&self, name: &str) -> ::std::result::Result<&'r str, Rejection> {
            self.path
                .iter()
                .find(|(template, _)| *template == name)
                .map(|(_, raw)| *raw)
                .ok_or_else(|| Rejection::malformed(
                    format!("path parameter `{name}` is missing"),
                ))
        }

        fn query_values(&self, name: &str) -> Vec<String> {
            self.request
                .url
                .query_pairs()
                .filter(|(key, _)| key == name)
                .map(|(_, value)| value.into_owned())
                .collect()
        }

        /// The values of query parameter `name` joined as `a,b`, split at the literal commas
        /// before decoding: a comma inside a value travels as `%2C` and stays there.
        fn joined_query_values(&self, name: &str) -> Vec<Vec<String>> {
            let decode_form = |raw: &str| decode(&raw.replace('+', " "));
            self.request
                .url
                .query()
                .unwrap_or_default()
                .split('&')
                .filter_map(|pair| {
                    let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                    (decode_form(key) == name)
                        .then(|| value.split(',').map(decode_form).collect())
                })
                .collect()
        }

        /// A query parameter, `None` when absent.
        pub fn query<T: ::serde::de::DeserializeOwned>(
            &self,
            name: &str,
        ) -> ::std::result::Result<::std::option::Option<T>, Rejection> {
            self.query_values(name)
                .first()
                .map(|text| from_text(text, "query parameter", name))
                .transpose()
        }

        /// A query parameter that is a list: repeated (`explode`) or joined with commas.
        pub fn query_list<T: ::serde::de::DeserializeOwned>(
            &self,
            name: &str,
            explode: bool,
        ) -> ::std::result::Result<::std::option::Option<Vec<T>>, Rejection> {
            let texts: Vec<String> = if explode {
                self.query_values(name)
            } else {
                let joined = self.joined_query_values(name);
                if joined.is_empty() {
                    return Ok(None);
                }
                joined.into_iter().filter(|parts| *parts != [""]).flatten().collect()
            };
            if explode && texts.is_empty() {
                return Ok(None);
            }
            texts
                .iter()
                .map(|text| from_text(text, "query parameter", name))
                .collect::<::std::result::Result<Vec<T>, Rejection>>()
                .map(Some)
        }

        /// A query parameter that is a list joined by `separator` (`spaceDelimited`,
        /// `pipeDelimited`, not exploded); a value holding the separator cannot be told apart,
        /// as the style says.
        pub fn query_separated<T: ::serde::de::DeserializeOwned>(
            &self,
            name: &str,
            separator: char,
        ) -> ::std::result::Result<::std::option::Option<Vec<T>>, Rejection> {
            let Some(text) = self.query_values(name).into_iter().next() else {
                return Ok(None)
            };
            if text.is_empty() {
                return Ok(Some(Vec::new()));
            }
            text.split(separator)
                .map(|value| from_text(value, "query parameter", name))
                .collect::<::std::result::Result<Vec<T>, Rejection>>()
                .map(Some)
        }

        /// A query parameter without a plain form: JSON, or a string as it is.
        pub fn query_json<T: ::serde::de::DeserializeOwned>(
            &self,
            name: &str,
        ) -> ::std::result::Result<::std::option::Option<T>, Rejection> {
            self.query_values(name)
                .first()
                .map(|text| from_param_text(text, "query parameter", name))
                .transpose()
        }

        fn header_text(
            &self,
            name: &str,
        ) -> ::std::result::Result<::std::option::Option<&'r str>, Rejection> {
            match self.request.headers.get(name) {
                None => Ok(None),
                Some(value) => {
                    value
                        .to_str()
                        .map(Some)
                        .map_err(|_| Rejection::malformed(
                            format!("header `{name}` is not visible ASCII"),
                        ))
                }
            }
        }

        /// A header parameter, `None` when absent.
        pub fn header<T: ::serde::de::DeserializeOwned>(
            &self,
            name: &str,
        ) -> ::std::result::Result<::std::option::Option<T>, Rejection> {
            self.header_text(name)?
                .map(|text| from_text(text, "header", name))
                .transpose()
        }

        /// A header parameter that is a list (`a,b`).
        pub fn header_list<T: ::serde::de::DeserializeOwned>(
            &self,
            name: &str,
        ) -> ::std::result::Result<::std::option::Option<Vec<T>>, Rejection> {
            self.header_text(name)?
                .map(|text| {
                    text.split(',')
                        .map(|value| from_text(value.trim(), "header", name))
                        .collect()
                })
                .transpose()
        }

        /// A header parameter without a plain form: JSON, or a string as it is.
        pub fn header_json<T: ::serde::de::DeserializeOwned>(
            &self,
            name: &str,
        ) -> ::std::result::Result<::std::option::Option<T>, Rejection> {
            self.header_text(name)?
                .map(|text| from_param_text(text, "header", name))
                .transpose()
        }

        /// The value of cookie `name` in the `Cookie` header as sent, if it is there.
        fn cookie_text(
            &self,
            name: &str,
        ) -> ::std::result::Result<::std::option::Option<&'r str>, Rejection> {
            Ok(
                self
                    .header_text("cookie")?
                    .and_then(|cookies| {
                        cookies
                            .split(';')
                            .filter_map(|cookie| cookie.trim().split_once('='))
                            .find(|(key, _)| *key == name)
                            .map(|(_, value)| value)
                    }),
            )
        }

        /// A cookie parameter, `None` when absent.
        pub fn cookie<T: ::serde::de::DeserializeOwned>(
            &self,
            name: &str,
        ) -> ::std::result::Result<::std::option::Option<T>, Rejection> {
            self.cookie_text(name)?
                .map(|text| from_text(&decode(text), "cookie", name))
                .transpose()
        }

        /// A cookie parameter that is a list (`a,b`, each value percent-encoded).
        pub fn cookie_list<T: ::serde::de::DeserializeOwned>(
            &self,
            name: &str,
        ) -> ::std::result::Result<::std::option::Option<Vec<T>>, Rejection> {
            self.cookie_text(name)?
                .map(|text| {
                    text.split(',')
                        .filter(|_| !text.is_empty())
                        .map(|value| from_text(&decode(value), "cookie", name))
                        .collect()
                })
                .transpose()
        }

        /// A cookie parameter without a plain form: JSON, or a string as it is.
        pub fn cookie_json<T: ::serde::de::DeserializeOwned>(
            &self,
            name: &str,
        ) -> ::std::result::Result<::std::option::Option<T>, Rejection> {
            self.cookie_text(name)?
                .map(|text| from_param_text(&decode(text), "cookie", name))
                .transpose()
        }

        /// The JSON body, `None` when the request has none.
        pub fn json_body<T: ::serde::de::DeserializeOwned>(
            &self,
        ) -> ::std::result::Result<::std::option::Option<T>, Rejection> {
            self.json_body_seed(::std::marker::PhantomData)
        }

        /// [`Incoming::json_body`] through a seed (a body whose own shape holds lenient
        /// integers).
        #[doc(hidden)]
        pub fn json_body_seed<'s, S: ::serde::de::DeserializeSeed<'s>>(
            &'s self,
            seed: S,
        ) -> ::std::result::Result<::std::option::Option<S::Value>, Rejection> {
            if self.request.body.is_empty() {
                return Ok(None);
            }
            ::std::str::from_utf8(&self.request.body)
                .map_err(|_| Rejection::malformed("the body is not UTF-8"))?;
            super::from_json_seed(&self.request.body, seed)
                .map(Some)
                .map_err(|error| Rejection::malformed(
                    format!("the body does not read: {error}"),
                ))
        }

        /// A form body (`application/x-www-form-urlencoded`), `None` when the request has none:
        /// each field as a string, or as JSON where the type needs it (the client writes
        /// non-string values as JSON; with `json_first`, for a type holding a union or any
        /// value, text reads as JSON unless that fails); a field of `lists` is a list, one of
        /// `deep` is read from its bracketed pairs (`address[city]=Oslo&items[0][price]=5`).
        pub fn form_body<T: ::serde::de::DeserializeOwned>(
            &self,
            lists: &[&str],
            deep: &[&str],
            json_first: bool,
        ) -> ::std::result::Result<::std::option::Option<T>, Rejection> {
            if self.request.body.is_empty() {
                return Ok(None);
            }
            let pairs = ::form_urlencoded::parse(&self.request.body)
                .map(|(key, value)| {
                    let path = match key.split_once('[') {
                        Some((name, _)) if deep.contains(&name) => key_path(&key),
                        _ => vec![key.into_owned()],
                    };
                    (path, value.into_owned())
                });
            let mut form = tree(pairs, "the form body")?;
            if let ::serde_json::Value::Object(fields) = &mut form {
                for (name, value) in fields.iter_mut() {
                    let listed = lists.contains(&name.as_str())
                        && !deep.contains(&name.as_str());
                    if listed && !value.is_array() {
                        *value = ::serde_json::Value::Array(vec![value.take()]);
                    }
                }
            }
            from_tree(form, "the form body", json_first).map(Some)
        }

        /// A query object sent as its fields (`style: form`, exploded: `a=1&b=2`); `None` when
        /// none of `fields` is there and the parameter is not `required` (a required one whose
        /// fields all lack values reads as an object without them).
        pub fn query_fields<T: ::serde::de::DeserializeOwned>(
            &self,
            name: &str,
            fields: &[&str],
            required: bool,
        ) -> ::std::result::Result<::std::option::Option<T>, Rejection> {
            let pairs = self
                .query_keyed(|key| fields.contains(&key).then(|| key.to_owned()));
            query_object(name, pairs, required, false)
        }

        /// The query's pairs whose key `field` turns into a field's name, under that name.
        fn query_keyed(
            &self,
            field: impl Fn(&str) -> ::std::option::Option<String>,
        ) -> Vec<(String, String)> {
            self.request
                .url
                .query_pairs()
                .filter_map(|(key, value)| Some((field(&key)?, value.into_owned())))
                .collect()
        }

        /// A query parameter of `style: deepObject`: `name[a]=1&name[b]=2`, nested deeper as
        /// the client writes it (`name[a][b]=1`, `name[list][0]=x`, `name[0]=x` for a list), or
        /// `name=1` (a union's plain variant); `json_first` as for [`Incoming::form_body`].
        pub fn query_deep<T: ::serde::de::DeserializeOwned>(
            &self,
            name: &str,
            required: bool,
            json_first: bool,
        ) -> ::std::result::Result<::std::option::Option<T>, Rejection> {
            let Some(value) = self.deep_value(name, required)? else { return Ok(None) };
            from_tree(value, &format!("query parameter `{name}`"), json_first).map(Some)
        }

        /// The value of the `name[…]=…` (or `name=…`) pairs of the query, as text; `None` when
        /// there are none and the parameter is optional (an object when it is required).
        fn deep_value(
            &self,
            name: &str,
            required: bool,
        ) -> ::std::result::Result<
            ::std::option::Option<::serde_json::Value>,
            Rejection,
        > {
            let pairs: Vec<(Vec<String>, String)> = self
                .request
                .url
                .query_pairs()
                .filter_map(|(key, value)| {
                    let rest = key.strip_prefix(name)?;
                    let path = match rest {
                        "" => Vec::new(),
                        _ if rest.starts_with('[') => {
                            let mut path = key_path(rest);
                            (path.len() > 1).then(|| path.split_off(1))?
                        }
                        _ => return None,
                    };
                    Some((path, value.into_owned()))
                })
                .collect();
            if pairs.is_empty() && !required {
                return Ok(None);
            }
            tree(pairs, &format!("query parameter `{name}`")).map(Some)
        }

        /// A query object sent joined (`style: form`, `explode: false`): `name=a,1,b,2`.
        pub fn query_joined<T: ::serde::de::DeserializeOwned>(
            &self,
            name: &str,
            required: bool,
        ) -> ::std::result::Result<::std::option::Option<T>, Rejection> {
            match self.joined_pairs(name)? {
                Some(pairs) => query_object(name, pairs, true, false),
                None => query_object(name, Vec::new(), required, false),
            }
        }

        /// The `name=a,1,b,2` pairs of a joined query object, `None` when it is absent.
        fn joined_pairs(
            &self,
            name: &str,
        ) -> ::std::result::Result<
            ::std::option::Option<Vec<(String, String)>>,
            Rejection,
        > {
            let Some(mut parts) = self.joined_query_values(name).into_iter().next() else {
                return Ok(None);
            };
            if parts == [""] {
                parts.clear();
            }
            let mut pairs = Vec::new();
            let mut parts = parts.into_iter();
            while let Some(field) = parts.next() {
                let Some(value) = parts.next() else {
                    return Err(
                        Rejection::malformed(
                            format!("query parameter `{name}` is not field,value pairs"),
                        ),
                    );
                };
                pairs.push((field, value));
            }
            Ok(Some(pairs))
        }

        /// A query parameter that is a map, as `style` sends it: `key=value` for each key no
        /// other parameter of the operation claims (`others`: names, and deepObject names
        /// before their `[`), `name=key,value,…`, or `name[key]=value`; `json_first` as for
        /// [`Incoming::form_body`].
        pub fn query_map<T: ::serde::de::DeserializeOwned>(
            &self,
            name: &str,
            style: super::MapStyle,
            others: &[&str],
            required: bool,
            json_first: bool,
        ) -> ::std::result::Result<::std::option::Option<T>, Rejection> {
            let (pairs, required) = match style {
                super::MapStyle::Exploded => {
                    let pairs = self
                        .query_keyed(|key| {
                            let claimed = others
                                .iter()
                                .any(|other| {
                                    key == *other
                                        || key
                                            .strip_prefix(other)
                                            .is_some_and(|rest| rest.starts_with('['))
                                });
                            (!claimed).then(|| key.to_owned())
                        });
                    (pairs, required)
                }
                super::MapStyle::Joined => {
                    match self.joined_pairs(name)? {
                        Some(pairs) => (pairs, true),
                        None => (Vec::new(), required),
                    }
                }
                super::MapStyle::Deep => {
                    return self.query_deep(name, required, json_first);
                }
            };
            query_object(name, pairs, required, json_first)
        }

        /// A text body, `None` when the request has none.
        pub fn text_body(
            &self,
        ) -> ::std::result::Result<::std::option::Option<String>, Rejection> {
            if self.request.body.is_empty() {
                return Ok(None);
            }
            String::from_utf8(self.request.body.clone())
                .map(Some)
                .map_err(|_| Rejection::malformed("the body is not UTF-8"))
        }

        /// The body's bytes, `None` when the request has none.
        pub fn bytes_body(&self) -> ::std::option::Option<Vec<u8>> {
            (!self.request.body.is_empty()).then(|| self.request.body.clone())
        }
    }

    /// A query object from its fields' pairs (a name given twice is a list); `None` when there
    /// are none and it is optional.
    fn query_object<T: ::serde::de::DeserializeOwned>(
        name: &str,
        pairs: Vec<(String, String)>,
        required: bool,
        json_first: bool,
    ) -> ::std::result::Result<::std::option::Option<T>, Rejection> {
        if pairs.is_empty() && !required {
            return Ok(None);
        }
        let what = format!("query parameter `{name}`");
        let pairs = pairs.into_iter().map(|(name, value)| (vec![name], value));
        from_tree(tree(pairs, &what)?, &what, json_first).map(Some)
    }

    /// How many bracketed segments a key may have (`a[b][c]` has three): deeper keys are read
    /// as one name, so that a request cannot nest the mock's reading without bound.
    const MAX_KEY_DEPTH: usize = 32;

    /// The segments of a bracketed key: `a[b][0]` is `a`, `b`, `0` (a key with unbalanced
    /// brackets, or nested deeper than [`MAX_KEY_DEPTH`], is one segment).
    fn key_path(key: &str) -> Vec<String> {
        let whole = || vec![key.to_owned()];
        let Some((first, mut rest)) = key.split_once('[') else { return whole() };
        let mut path = vec![first.to_owned()];
        loop {
            let Some((segment, after)) = rest.split_once(']') else { return whole() };
            path.push(segment.to_owned());
            if after.is_empty() {
                return path;
            }
            let Some(next) = after.strip_prefix('[') else { return whole() };
            if path.len() == MAX_KEY_DEPTH {
                return whole();
            }
            rest = next;
        }
    }

    /// The value of text pairs, each key a path into it (`a`, `b`: `{"a": {"b": …}}`); a path
    /// given twice holds a list of its texts. An empty object when there are no pairs.
    fn tree(
        pairs: impl IntoIterator<Item = (Vec<String>, String)>,
        what: &str,
    ) -> ::std::result::Result<::serde_json::Value, Rejection> {
        use ::serde_json::Value;

        /// Adds `text` at `path` below `node`; `None` where the path passes a value.
        fn insert(
            node: &mut Value,
            path: &[String],
            text: String,
        ) -> ::std::option::Option<()> {
            let Some((segment, rest)) = path.split_first() else {
                match node {
                    Value::Null => *node = Value::String(text),
                    Value::String(_) => {
                        *node = Value::Array(vec![node.take(), Value::String(text)]);
                    }
                    Value::Array(items) => items.push(Value::String(text)),
                    _ => return None,
                }
                return Some(());
            };
            if node.is_null() {
                *node = Value::Object(Default::default());
            }
            let object = node.as_object_mut()?;
            insert(object.entry(segment.clone()).or_insert(Value::Null), rest, text)
        }
        let mut root = Value::Null;
        for (path, text) in pairs {
            if insert(&mut root, &path, text).is_none() {
                let key = match path.split_first() {
                    Some((first, rest)) => {
                        rest.iter()
                            .fold(
                                first.clone(),
                                |key, segment| format!("{key}[{segment}]"),
                            )
                    }
                    None => String::new(),
                };
                return Err(
                    Rejection::malformed(
                        format!("{what}: `{key}` is both a value and an object"),
                    ),
                );
            }
        }
        Ok(if root.is_null() { Value::Object(Default::default()) } else { root })
    }

    /// `text` (a value whose leaves are the texts of pairs) read as `T`. A text reads as a
    /// string unless an error points at it, then as JSON (a number, a boolean, a list the
    /// client wrote as JSON), and an object keyed `0`, `1`, … (`name[0]=`) as a list. With
    /// `json_first` (`T` holds a union or any value, which never refuses a string) every text
    /// reads as JSON first, and goes back to the text as sent where an error points (a string
    /// field holding `7`). Text never reads as a JSON string or `null`: those are strings.
    fn from_tree<T: ::serde::de::DeserializeOwned>(
        text: ::serde_json::Value,
        what: &str,
        json_first: bool,
    ) -> ::std::result::Result<T, Rejection> {
        let mut value = text.clone();
        if json_first {
            read_all_as_json(&mut value);
        }
        let mut tried = ::std::collections::HashSet::new();
        loop {
            let error = match ::serde_path_to_error::deserialize::<_, T>(&value) {
                Ok(read) => return Ok(read),
                Err(error) => error,
            };
            let pointer = common_pointer(&value, &text, error.path());
            if !retry(&mut value, &text, &pointer, &mut tried) {
                return Err(
                    Rejection::malformed(
                        format!("{what} does not read: {}", error.inner()),
                    ),
                );
            }
        }
    }

    /// The next reading of the place `pointer` names, after an error there: as JSON (a list's
    /// items all together, once for the list), else as the text sent. `false` when both were
    /// tried.
    fn retry(
        value: &mut ::serde_json::Value,
        text: &::serde_json::Value,
        pointer: &str,
        tried: &mut ::std::collections::HashSet<(String, bool)>,
    ) -> bool {
        let (parent, _) = pointer.rsplit_once('/').unwrap_or_default();
        let in_list = !pointer.is_empty()
            && value.pointer(parent).is_some_and(::serde_json::Value::is_array);
        let place = if in_list { parent } else { pointer };
        let key = if in_list { format!("{parent}/*") } else { pointer.to_owned() };
        if tried.insert((key, true)) {
            let changed = match value.pointer_mut(place) {
                Some(list) if in_list => {
                    read_as_json(list)
                        || list
                            .as_array_mut()
                            .is_some_and(|items| {
                                items
                                    .iter_mut()
                                    .fold(false, |changed, item| read_as_json(item) | changed)
                            })
                }
                Some(node) => read_as_json(node),
                None => false,
            };
            if changed {
                return true;
            }
        }
        if tried.insert((pointer.to_owned(), false)) {
            if let (Some(node), Some(sent)) = (
                value.pointer_mut(pointer),
                text.pointer(pointer),
            ) {
                if node != sent {
                    *node = sent.clone();
                    return true;
                }
            }
        }
        false
    }

    /// The JSON pointer to the deepest place that the `path` of a read error reaches in both
    /// `value` and `text`.
    fn common_pointer(
        value: &::serde_json::Value,
        text: &::serde_json::Value,
        path: &::serde_path_to_error::Path,
    ) -> String {
        use ::serde_path_to_error::Segment;
        let mut pointer = String::new();
        for segment in path.iter() {
            let token = match segment {
                Segment::Map { key } => key.replace('~', "~0").replace('/', "~1"),
                Segment::Seq { index } => index.to_string(),
                _ => continue,
            };
            let deeper = format!("{pointer}/{token}");
            if value.pointer(&deeper).is_none() || text.pointer(&deeper).is_none() {
                break;
            }
            pointer = deeper;
        }
        pointer
    }

    /// Reads `value` itself as JSON where it is text that reads as a number, boolean, list or
    /// object (not a string or `null`), a list written as one JSON text, or an object keyed
    /// `0`, `1`, … (a list sent by index; `{}` an empty one). Whether it changed.
    fn read_as_json(value: &mut ::serde_json::Value) -> bool {
        use ::serde_json::Value;
        let json = |text: &str| {
            ::serde_json::from_str::<Value>(text)
                .ok()
                .filter(|read| !read.is_string() && !read.is_null())
        };
        let read = match &*value {
            Value::String(text) => json(text),
            Value::Array(items) => {
                match items.as_slice() {
                    [Value::String(text)] if text.starts_with('[') => json(text),
                    _ => None,
                }
            }
            Value::Object(object) => indexed(object),
            _ => None,
        };
        match read {
            Some(read) => {
                *value = read;
                true
            }
            None => false,
        }
    }

    /// [`read_as_json`] at every place of `value`, the leaves first (an empty object stays one).
    fn read_all_as_json(value: &mut ::serde_json::Value) {
        use ::serde_json::Value;
        if value.is_array() && read_as_json(value) {
            return;
        }
        match value {
            Value::Object(object) => {
                object.values_mut().for_each(read_all_as_json);
                if !object.is_empty() {
                    read_as_json(value);
                }
            }
            Value::Array(items) => items.iter_mut().for_each(read_all_as_json),
            _ => {
                read_as_json(value);
            }
        }
    }

    /// The list an object keyed by indices stands for (`{"0": a, "2": c}` is `[a, null, c]`:
    /// a `null` item is not sent); `None` for other keys, or indices far past the entries.
    fn indexed(
        object: &::serde_json::Map<String, ::serde_json::Value>,
    ) -> ::std::option::Option<::serde_json::Value> {
        let index = |key: &String| {
            key.parse::<usize>().ok().filter(|index| index.to_string() == *key)
        };
        let indices: Vec<usize> = object
            .keys()
            .map(index)
            .collect::<::std::option::Option<_>>()?;
        let len = indices.iter().max().map_or(Some(0), |max| max.checked_add(1))?;
        if len > 2 * object.len() + 16 {
            return None;
        }
        let mut items = vec![::serde_json::Value::Null; len];
        for (index, value) in indices.into_iter().zip(object.values()) {
            if let Some(item) = items.get_mut(index) {
                *item = value.clone();
            }
        }
        Some(::serde_json::Value::Array(items))
    }

    /// A required parameter or body: `found`, or a rejection naming what is missing.
    pub fn required<T>(
        what: &str,
        found: ::std::option::Option<T>,
    ) -> ::std::result::Result<T, Rejection> {
        found.ok_or_else(|| Rejection::malformed(format!("{what} is required")))
    }

    /// A value written as plain text: a string as it is, else the text read as JSON (numbers,
    /// booleans).
    pub(crate) fn from_text<T: ::serde::de::DeserializeOwned>(
        text: &str,
        location: &str,
        name: &str,
    ) -> ::std::result::Result<T, Rejection> {
        match ::serde_json::from_value(::serde_json::Value::String(text.to_owned())) {
            Ok(value) => Ok(value),
            Err(error) => {
                ::serde_json::from_str(text)
                    .map_err(|_| Rejection::malformed(
                        format!("{location} `{name}` does not read: {error}"),
                    ))
            }
        }
    }

    /// A parameter's text written by `param_text`: JSON, else a string (a union's string
    /// variant travels as it is).
    pub(crate) fn from_param_text<T: ::serde::de::DeserializeOwned>(
        text: &str,
        location: &str,
        name: &str,
    ) -> ::std::result::Result<T, Rejection> {
        from_json_text(text, location, name)
            .or_else(|rejection| {
                ::serde_json::from_value(::serde_json::Value::String(text.to_owned()))
                    .map_err(|_| rejection)
            })
    }
    pub(crate) fn from_json_text<T: ::serde::de::DeserializeOwned>(
        text: &str,
        location: &str,
        name: &str,
    ) -> ::std::result::Result<T, Rejection> {
        super::from_json(text)
            .map_err(|error| Rejection::malformed(
                format!("{location} `{name}` does not read: {error}"),
            ))
    }

    fn decode(raw: &str) -> String {
        ::percent_encoding::percent_decode_str(raw).decode_utf8_lossy().into_owned()
    }

    /// The raw values of the template's parameters when `path` matches `template`, segment by
    /// segment (a segment may hold several parameters between literal text: `{a}.{b}`).
    fn match_path<'p>(
        template: &'static str,
        path: &'p str,
    ) -> ::std::option::Option<Vec<(&'static str, &'p str)>> {
        let mut found = Vec::new();
        let mut templates = template.split('/');
        let mut segments = path.split('/');
        loop {
            match (templates.next(), segments.next()) {
                (None, None) => return Some(found),
                (Some(template), Some(segment)) => {
                    match_segment(template, segment, &mut found)?
                }
                _ => return None,
            }
        }
    }

    fn match_segment<'p>(
        mut template: &'static str,
        mut segment: &'p str,
        found: &mut Vec<(&'static str, &'p str)>,
    ) -> ::std::option::Option<()> {
        while let Some(open) = template.find('{') {
            let close = open + template[open..].find('}')?;
            segment = segment.strip_prefix(&template[..open])?;
            let name = &template[open + 1..close];
            template = &template[close + 1..];
            let end = match template.find('{').map_or(template, |next| &template[..next])
            {
                "" if template.is_empty() => segment.len(),
                "" => return None,
                literal => segment.find(literal)?,
            };
            if end == 0 {
                return None;
            }
            found.push((name, &segment[..end]));
            segment = &segment[end..];
        }
        (segment == template).then_some(())
    }

    /// What the mock makes of a request for one operation: not addressed to it, accepted, or
    /// refused (with the answer).
    #[derive(Debug)]
    pub enum Verdict {
        /// Addressed to another operation.
        Elsewhere,
        /// Addressed to it and as the API wants it.
        Accepted,
        /// Addressed to it and refused.
        Refused(Rejected, Reply),
    }

    /// An operation's check of a request, as the mock's table of operations holds it.
    pub type Route = fn(
        &::wiremock::Request,
        &[(&'static str, &'static str)],
    ) -> Verdict;
    /// Checks `request` the way the API would for operation `E`: a credential it accepts, the
    /// API's required headers, the body's media type, parameters and body that read, and the
    /// validators.
    pub fn check<E: Endpoint>(
        request: &::wiremock::Request,
        required_headers: &[(&'static str, &'static str)],
    ) -> Verdict {
        let Some(incoming) = Incoming::of::<E>(request) else {
            return Verdict::Elsewhere;
        };
        match rejection::<E>(&incoming, required_headers) {
            None => Verdict::Accepted,
            Some(rejection) => {
                let reply = rejection.reply(E::ERRORS);
                let rejected = Rejected {
                    operation_id: E::OPERATION_ID,
                    method: request.method.clone(),
                    target: target(request),
                    status: reply.status,
                    rejection,
                };
                Verdict::Refused(rejected, reply)
            }
        }
    }

    /// A request's path and query, as sent.
    fn target(request: &::wiremock::Request) -> String {
        match request.url.query() {
            Some(query) => format!("{}?{query}", request.url.path()),
            None => request.url.path().to_owned(),
        }
    }

    fn rejection<E: Endpoint>(
        incoming: &Incoming<'_>,
        required_headers: &[(&'static str, &'static str)],
    ) -> ::std::option::Option<Rejection> {
        let request = incoming.request;
        if !E::SECURITY.is_empty()
            && !E::SECURITY
                .iter()
                .any(|group| {
                    group.iter().all(|credential| carries(request, *credential))
                })
        {
            let message = format!(
                "`{}` needs a credential: {}", E::OPERATION_ID, describe(E::SECURITY)
            );
            return Some(Rejection {
                kind: RejectionKind::Unauthenticated,
                message,
            });
        }
        for (name, value) in required_headers {
            let sent = request.headers.get(*name).and_then(|sent| sent.to_str().ok());
            if !sent.is_some_and(|sent| same_media_type(sent, value)) {
                return Some(
                    Rejection::malformed(
                        format!("every request must carry `{name}: {value}`"),
                    ),
                );
            }
        }
        if let Some(media_type) = E::BODY {
            let sent = request
                .headers
                .get("content-type")
                .and_then(|sent| sent.to_str().ok());
            if !request.body.is_empty()
                && !sent.is_some_and(|sent| same_media_type(sent, media_type))
            {
                return Some(
                    Rejection::malformed(
                        format!("the body must be sent as `content-type: {media_type}`"),
                    ),
                );
            }
        }
        match E::read(incoming) {
            Err(rejection) => Some(rejection),
            Ok(value) => {
                value
                    .validate()
                    .err()
                    .map(|errors| Rejection::malformed(
                        format!("the request breaks the spec's rules: {errors}"),
                    ))
            }
        }
    }

    fn carries(request: &::wiremock::Request, credential: Credential) -> bool {
        let header = |name: &str| {
            request.headers.get(name).and_then(|value| value.to_str().ok()).unwrap_or("")
        };
        let scheme = |scheme: &str| {
            let value = header("authorization");
            value.len() > scheme.len() + 1
                && value
                    .get(..scheme.len())
                    .is_some_and(|start| start.eq_ignore_ascii_case(scheme))
                && value.get(scheme.len()..).is_some_and(|rest| rest.starts_with(' '))
        };
        match credential {
            Credential::Header(name) => !header(name).is_empty(),
            Credential::Query(name) => {
                request.url.query_pairs().any(|(key, _)| key == name)
            }
            Credential::Cookie(name) => {
                header("cookie")
                    .split(';')
                    .any(|cookie| {
                        cookie.trim().split_once('=').is_some_and(|(key, _)| key == name)
                    })
            }
            Credential::Basic => scheme("basic"),
            Credential::Bearer => scheme("bearer"),
        }
    }

    fn describe(security: &[&[Credential]]) -> String {
        let groups: Vec<String> = security
            .iter()
            .map(|group| {
                let credentials: Vec<String> = group
                    .iter()
                    .map(|credential| match credential {
                        Credential::Header(name) => format!("header `{name}`"),
                        Credential::Query(name) => format!("query parameter `{name}`"),
                        Credential::Cookie(name) => format!("cookie `{name}`"),
                        Credential::Basic => "`Authorization: Basic`".to_owned(),
                        Credential::Bearer => "`Authorization: Bearer`".to_owned(),
                    })
                    .collect();
                credentials.join(" and ")
            })
            .collect();
        groups.join(", or ")
    }

    /// Whether header value `sent` is `wanted`, comparing media types without their
    /// parameters and case.
    fn same_media_type(sent: &str, wanted: &str) -> bool {
        let bare = |value: &str| {
            value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
        };
        bare(sent) == bare(wanted)
    }

    /// The refusals the mock makes before any stub sees a request.
    struct Guard {
        routes: &'static [Route],
        required_headers: &'static [(&'static str, &'static str)],
        rejected: Arc<Mutex<Vec<Rejected>>>,
    }

    impl Guard {
        /// The refusal of `request`: none when an operation accepts it or none addresses it,
        /// else the first operation's that addresses it.
        fn refusal(
            &self,
            request: &::wiremock::Request,
        ) -> ::std::option::Option<(Rejected, Reply)> {
            let mut refusal = None;
            for route in self.routes {
                match route(request, self.required_headers) {
                    Verdict::Elsewhere => {}
                    Verdict::Accepted => return None,
                    Verdict::Refused(rejected, reply) => {
                        if refusal.is_none() {
                            refusal = Some((rejected, reply));
                        }
                    }
                }
            }
            refusal
        }
    }

    impl ::wiremock::Match for Guard {
        fn matches(&self, request: &::wiremock::Request) -> bool {
            self.refusal(request).is_some()
        }
    }

    impl ::wiremock::Respond for Guard {
        fn respond(
            &self,
            request: &::wiremock::Request,
        ) -> ::wiremock::ResponseTemplate {
            match self.refusal(request) {
                Some((rejected, reply)) => {
                    self.rejected
                        .lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .push(rejected);
                    reply.template()
                }
                None => ::wiremock::ResponseTemplate::new(500),
            }
        }
    }

    /// Matches the requests that read as `E` and pass every predicate.
    struct Handles<E> {
        predicates: Predicates<E>,
    }

    /// Which requests a stub takes: its [`Stub::when`] predicates on the typed request, and
    /// its [`Stub::when_headers`] ones.
    struct Predicates<E> {
        typed: Vec<Predicate<E>>,
        headers: Vec<HeaderPredicate>,
    }

    type Predicate<E> = ::std::boxed::Box<dyn Fn(&E) -> bool + Send + Sync>;

    type HeaderPredicate = ::std::boxed::Box<
        dyn Fn(&::http::HeaderMap) -> bool + Send + Sync,
    >;
    impl<E> Predicates<E> {
        fn new() -> Self {
            Predicates {
                typed: Vec::new(),
                headers: Vec::new(),
            }
        }

        /// Whether every predicate holds of a request sent as `request` with `headers`.
        fn hold(&self, headers: &::http::HeaderMap, request: &E) -> bool {
            self.headers.iter().all(|predicate| predicate(headers))
                && self.typed.iter().all(|predicate| predicate(request))
        }
    }

    fn read<E: Endpoint>(request: &::wiremock::Request) -> ::std::option::Option<E> {
        E::read(&Incoming::of::<E>(request)?).ok()
    }

    impl<E: Endpoint> ::wiremock::Match for Handles<E> {
        fn matches(&self, request: &::wiremock::Request) -> bool {
            read::<E>(request)
                .is_some_and(|value| self.predicates.hold(&request.headers, &value))
        }
    }

    /// Answers a request that reads as `E` with what `respond` makes of it.
    struct Responder<E, F> {
        respond: F,
        endpoint: ::std::marker::PhantomData<fn() -> E>,
    }

    impl<E: Endpoint, F: Fn(&E) -> Reply + Send + Sync + 'static> ::wiremock::Respond
    for Responder<E, F> {
        fn respond(
            &self,
            request: &::wiremock::Request,
        ) -> ::wiremock::ResponseTemplate {
            match read::<E>(request) {
                Some(value) => (self.respond)(&value).template(),
                None => ::wiremock::ResponseTemplate::new(500),
            }
        }
    }

    /// The mock server of one API (its `mock::MockServer` derefs to this).
    #[derive(Debug)]
    pub struct Server {
        inner: ::wiremock::MockServer,
        rejected: Arc<Mutex<Vec<Rejected>>>,
        unanswered: Arc<Mutex<Vec<Unanswered>>>,
        /// How many of the refused and of the unanswered requests are printed already.
        reported: [::std::sync::atomic::AtomicUsize; 2],
    }

    impl Server {
        /// Starts a server on a free loopback port that checks every request against `routes`
        /// (and `required_headers`) before any stub answers it.
        pub async fn start(
            routes: &'static [Route],
            required_headers: &'static [(&'static str, &'static str)],
        ) -> Self {
            let inner = ::wiremock::MockServer::start().await;
            let rejected = Arc::new(Mutex::new(Vec::new()));
            let guard = || Guard {
                routes,
                required_headers,
                rejected: rejected.clone(),
            };
            ::wiremock::Mock::given(guard())
                .respond_with(guard())
                .with_priority(1)
                .named("requests the API refuses")
                .mount(&inner)
                .await;
            let unanswered = Arc::new(Mutex::new(Vec::new()));
            ::wiremock::Mock::given(::wiremock::matchers::any())
                .respond_with(Unanswering(unanswered.clone()))
                .with_priority(u8::MAX)
                .named("requests no stub answers")
                .mount(&inner)
                .await;
            Server {
                inner,
                rejected,
                unanswered,
                reported: Default::default(),
            }
        }

        /// The base URL to give the client (`http://127.0.0.1:port`).
        pub fn uri(&self) -> String {
            self.inner.uri()
        }

        /// A stub for operation `E` (each API's `MockServer` has one method per operation).
        pub fn stub<E: Endpoint>(&self) -> Stub<'_, E> {
            Stub {
                server: self,
                predicates: Predicates::new(),
                expected: None,
                limit: None,
                priority: DEFAULT_PRIORITY,
            }
        }

        /// Every request received for operation `E` that reads as it, in order (refused ones
        /// included when they read).
        pub async fn received<E: Endpoint>(&self) -> Vec<E> {
            self.inner
                .received_requests()
                .await
                .unwrap_or_default()
                .iter()
                .filter_map(read::<E>)
                .collect()
        }

        /// [`Server::received`] with each request's headers: which credential or
        /// `User-Agent` the code under test sent.
        pub async fn received_with_headers<E: Endpoint>(&self) -> Vec<Received<E>> {
            self.inner
                .received_requests()
                .await
                .unwrap_or_default()
                .iter()
                .filter_map(|request| {
                    Some(Received {
                        request: read::<E>(request)?,
                        headers: request.headers.clone(),
                    })
                })
                .collect()
        }

        /// Every request the mock refused, with why and how it answered.
        pub fn rejected(&self) -> Vec<Rejected> {
            self.rejected.lock().unwrap_or_else(PoisonError::into_inner).clone()
        }

        /// Every request neither refused nor answered by a stub (a stub the test forgot, one
        /// whose [`Stub::when`] did not hold or whose `up_to_n_times` ran out, a path no
        /// operation has), in order. They were answered [`UNANSWERED_STATUS`] with the header
        /// `x-mock-unanswered`, so that a forgotten stub does not pass for a documented 404.
        pub fn unanswered(&self) -> Vec<Unanswered> {
            self.unanswered.lock().unwrap_or_else(PoisonError::into_inner).clone()
        }

        /// Panics unless every stub with an [`Stub::expect`]ed count got it (also checked when
        /// the server is dropped). The requests the mock refused or left unanswered are
        /// printed first (the test harness shows them with a failure), since they are the
        /// usual reason a count is not met.
        pub async fn verify(&self) {
            self.print_report();
            self.inner.verify().await;
        }

        /// The requests the mock refused (with why) and those no stub answered, a line each;
        /// empty when there are none.
        pub fn report(&self) -> String {
            let (refused, unanswered) = self.report_entries();
            refused.into_iter().chain(unanswered).collect::<Vec<_>>().join("\n")
        }

        /// The entries of [`Server::report`]: the refused requests, then the unanswered ones.
        fn report_entries(&self) -> (Vec<String>, Vec<String>) {
            let refused = self
                .rejected()
                .into_iter()
                .map(|rejected| {
                    format!(
                        "mock: refused {} {} ({}) with {}: {}", rejected.method, rejected
                        .target, rejected.operation_id, rejected.status, rejected
                        .rejection.message
                    )
                })
                .collect();
            let unanswered = self
                .unanswered()
                .into_iter()
                .map(|unanswered| {
                    format!(
                        "mock: no stub answered {} {}", unanswered.method, unanswered
                        .target
                    )
                })
                .collect();
            (refused, unanswered)
        }

        /// Prints the entries of [`Server::report`] not printed yet to standard error.
        fn print_report(&self) {
            let (refused, unanswered) = self.report_entries();
            for (entries, reported) in [
                (refused, &self.reported[0]),
                (unanswered, &self.reported[1]),
            ] {
                let printed = reported
                    .swap(entries.len(), ::std::sync::atomic::Ordering::Relaxed);
                for entry in entries.iter().skip(printed) {
                    eprintln!("{entry}");
                }
            }
        }

        /// The wiremock server underneath, for what this module does not cover.
        pub fn wiremock(&self) -> &::wiremock::MockServer {
            &self.inner
        }
    }

    /// The status of the answer to a request no stub answers: 501 Not Implemented, which APIs
    /// rarely document on its own (an operation's `default` or `5XX` response still covers it:
    /// the header `x-mock-unanswered` is the sure sign).
    pub const UNANSWERED_STATUS: u16 = 501;

    /// A request no stub answered.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct Unanswered {
        /// Its method.
        pub method: ::http::Method,
        /// Its path and query.
        pub target: String,
    }

    /// Answers what no stub answers, and keeps a note of it.
    struct Unanswering(Arc<Mutex<Vec<Unanswered>>>);
    impl ::wiremock::Respond for Unanswering {
        fn respond(
            &self,
            request: &::wiremock::Request,
        ) -> ::wiremock::ResponseTemplate {
            let target = target(request);
            let message = format!("no stub answers {} {target}", request.method);
            self.0
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(Unanswered {
                    method: request.method.clone(),
                    target,
                });
            Reply::text(UNANSWERED_STATUS, "text/plain", &message)
                .header("x-mock-unanswered", "no stub answers this request")
                .template()
        }
    }

    /// The priority of a stub unless [`Stub::priority`] sets one (wiremock's: lower goes first).
    const DEFAULT_PRIORITY: u8 = 5;

    impl Drop for Server {
        /// Prints the refused and unanswered requests before wiremock checks the expected
        /// counts.
        fn drop(&mut self) {
            self.print_report();
        }
    }

    /// A request the mock received, read as operation `E`, with its headers as sent.
    #[derive(Debug, Clone)]
    pub struct Received<E> {
        /// The request as the operation's typed value.
        pub request: E,
        /// Its headers.
        pub headers: ::http::HeaderMap,
    }

    /// A stub of operation `E` being set up: which of its requests it answers, and how.
    #[must_use = "a stub answers nothing until it is set up with `respond`, `fail` or `reply` and awaited"]
    pub struct Stub<'s, E> {
        server: &'s Server,
        predicates: Predicates<E>,
        expected: ::std::option::Option<u64>,
        limit: ::std::option::Option<u64>,
        priority: u8,
    }

    impl<E: Endpoint> Stub<'_, E> {
        /// Answers only requests for which `predicate` holds (several: all of them).
        pub fn when(
            mut self,
            predicate: impl Fn(&E) -> bool + Send + Sync + 'static,
        ) -> Self {
            self.predicates.typed.push(::std::boxed::Box::new(predicate));
            self
        }

        /// Answers only requests whose headers meet `predicate` (a credential, an idempotency
        /// key: what the typed request does not hold).
        pub fn when_headers(
            mut self,
            predicate: impl Fn(&::http::HeaderMap) -> bool + Send + Sync + 'static,
        ) -> Self {
            self.predicates.headers.push(::std::boxed::Box::new(predicate));
            self
        }

        /// Where the stub stands among those a request meets: the lowest number answers
        /// (default 5; then the first set up). A narrower stub set up after a default one
        /// takes precedence with a lower number. The mock's own refusals come first and its
        /// answer to unanswered requests last: the number is kept within 2 to 254.
        pub fn priority(mut self, priority: u8) -> Self {
            self.priority = priority.clamp(2, u8::MAX - 1);
            self
        }

        /// Expects exactly `times` requests answered by this stub, checked by
        /// [`Server::verify`] and when the server is dropped.
        pub fn expect(mut self, times: u64) -> Self {
            self.expected = Some(times);
            self
        }

        /// Answers at most `times` requests (none when 0, which contradicts an
        /// [`Stub::expect`]ed count other than 0: that panics); later ones go to the stubs set up
        /// after it (a 503 once, then a success: `stub().up_to_n_times(1).reply(..)`, then
        /// `respond`).
        pub fn up_to_n_times(mut self, times: u64) -> Self {
            self.limit = Some(times);
            self
        }

        /// Answers with the success response and `output` as its body.
        pub async fn respond(self, output: &E::Output) {
            self.reply(E::success(output)).await
        }

        /// Answers with the success response, `output` as its body and the documented `headers`
        /// that have values.
        pub async fn respond_with_headers(
            self,
            output: &E::Output,
            headers: &E::Headers,
        ) {
            let mut pairs = Vec::new();
            super::WriteHeaders::write_headers(headers, &mut pairs);
            let reply = pairs
                .iter()
                .fold(
                    E::success(output),
                    |reply, (name, value)| reply.header(name, value),
                );
            self.reply(reply).await
        }

        /// Answers with the documented error response `error` stands for (a range such as
        /// `4XX` with its first status the operation does not document on its own, a
        /// `default` response with the first from 500, then 400, that nothing else documents).
        pub async fn fail(self, error: &E::Error) {
            self.reply(E::failure(error)).await
        }

        /// Answers with the documented error response `error` stands for, under `status`: for
        /// a `default` or range response, whose status the spec leaves open (a vendor's 422
        /// or 409 where `fail` says 500 or 400). A status another response documents reads,
        /// in the client, as that response.
        pub async fn fail_with_status(self, status: u16, error: &E::Error) {
            let mut reply = E::failure(error);
            reply.status = status;
            self.reply(reply).await
        }

        /// Answers with `reply`, any status, headers and body.
        pub async fn reply(self, reply: Reply) {
            self.respond_with(move |_| reply.clone()).await
        }

        /// Answers each request with what `respond` makes of it.
        pub async fn respond_with(
            self,
            respond: impl Fn(&E) -> Reply + Send + Sync + 'static,
        ) {
            if self.limit == Some(0) {
                if let Some(times) = self.expected.filter(|times| *times > 0) {
                    panic!(
                        "the stub of `{}` expects {times} requests but may answer none \
                         (`up_to_n_times(0)`)",
                        E::OPERATION_ID
                    );
                }
                return;
            }
            let handles = Handles {
                predicates: self.predicates,
            };
            let responder = Responder {
                respond,
                endpoint: ::std::marker::PhantomData,
            };
            let mut mock = ::wiremock::Mock::given(handles)
                .respond_with(responder)
                .with_priority(self.priority)
                .named(E::OPERATION_ID);
            if let Some(times) = self.expected {
                mock = mock.expect(times);
            }
            if let Some(times) = self.limit {
                mock = mock.up_to_n_times(times);
            }
            mock.mount(&self.server.inner).await;
        }

        /// Every request received for `E` that reads as it (see [`Server::received`]) and meets
        /// this stub's [`Stub::when`] and [`Stub::when_headers`] predicates.
        pub async fn received(self) -> Vec<E> {
            self.server
                .received_with_headers::<E>()
                .await
                .into_iter()
                .filter(|received| {
                    self.predicates.hold(&received.headers, &received.request)
                })
                .map(|received| received.request)
                .collect()
        }
    }
}
