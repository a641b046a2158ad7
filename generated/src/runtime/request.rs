//! One API request: what the generated client methods return. Adjust it (extra
//! parameters, idempotency key, connected account), then `.await` it or call `send`.

use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;

use serde::Serialize;

use super::binary::{Binary, Multipart};
use super::client::{Answer, Client, Outgoing};
use super::error::{DecodeError, Error};
use super::form::FormPairs;

/// HTTP methods of API operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Read: parameters go in the query string.
    Get,
    /// Create, update or act: parameters go in a form body.
    Post,
    /// Delete: parameters go in the query string.
    Delete,
}

/// A request whose successful answer decodes into `T`.
#[must_use = "a request does nothing until it is awaited or sent"]
pub struct Request<'c, T> {
    client: &'c Client,
    method: Method,
    path: String,
    server: Option<&'static str>,
    params: FormPairs,
    files: Vec<(String, Binary)>,
    encode_error: Option<super::FormError>,
    idempotency_key: Option<String>,
    stripe_account: Option<String>,
    answer: PhantomData<fn() -> T>,
}

impl<T> Clone for Request<'_, T> {
    fn clone(&self) -> Self {
        Request {
            client: self.client,
            method: self.method,
            path: self.path.clone(),
            server: self.server,
            params: self.params.clone(),
            files: self.files.clone(),
            encode_error: self.encode_error.clone(),
            idempotency_key: self.idempotency_key.clone(),
            stripe_account: self.stripe_account.clone(),
            answer: PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for Request<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl<'c, T> Request<'c, T> {
    /// A request without parameters; used by the generated client methods. Hidden from
    /// the docs: [`Client::raw_request`] is the documented way to make one.
    #[doc(hidden)]
    pub fn new(client: &'c Client, method: Method, path: String) -> Self {
        Request {
            client,
            method,
            path,
            server: None,
            params: FormPairs::default(),
            files: Vec::new(),
            encode_error: None,
            idempotency_key: None,
            stripe_account: None,
            answer: PhantomData,
        }
    }

    /// Sets the parameters from a parameter struct.
    pub fn params<P: Serialize + ?Sized>(mut self, params: &P) -> Self {
        match FormPairs::from_value(params) {
            Ok(pairs) => self.params = pairs,
            Err(error) => self.encode_error = Some(error),
        }
        self
    }

    /// Applies the raw parameters of a parameter struct, after its typed fields.
    pub(crate) fn raw_params(mut self, raw: &super::RawParams) -> Self {
        raw.apply(&mut self.params);
        self
    }

    /// Sends the request to the operation's own host (`https://files.stripe.com`) unless
    /// the client has a base URL of its own.
    #[allow(
        dead_code,
        reason = "used by the generated methods of some selections only"
    )]
    pub(crate) fn server(mut self, url: &'static str) -> Self {
        self.server = Some(url);
        self
    }

    /// Adds a file part to a multipart body.
    #[allow(
        dead_code,
        reason = "used by the generated methods of some selections only"
    )]
    pub(crate) fn file(mut self, name: &str, file: &Binary) -> Self {
        self.files.push((name.to_owned(), file.clone()));
        self
    }

    /// Adds a file part to a multipart body if there is a file.
    #[allow(
        dead_code,
        reason = "used by the generated methods of some selections only"
    )]
    pub(crate) fn file_opt(self, name: &str, file: Option<&Binary>) -> Self {
        match file {
            Some(file) => self.file(name, file),
            None => self,
        }
    }

    /// Adds a raw parameter the types do not know yet, in Stripe's bracket form
    /// (`ui_mode`, `metadata[order_id]`, `line_items[0][price]`).
    pub fn param(mut self, key: &str, value: &str) -> Self {
        self.params.push_raw(key, value);
        self
    }

    /// Sends this `Idempotency-Key` instead of a generated one (POST only).
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    /// Acts on this connected account (`Stripe-Account`) for this request only.
    pub fn stripe_account(mut self, account: impl Into<String>) -> Self {
        self.stripe_account = Some(account.into());
        self
    }

    /// The path this request is sent to.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The URL this request is sent to, with the query string of GET and DELETE.
    pub fn url(&self) -> String {
        let query = match self.method {
            Method::Post => String::new(),
            Method::Get | Method::Delete => self.params.to_query(),
        };
        self.client.url(self.server, &self.path, &query)
    }

    async fn answer(self) -> Result<Answer, Error> {
        if let Some(error) = self.encode_error {
            return Err(Error::Encode(error));
        }
        // Ids are percent-encoded, so only these can change which resource a path names;
        // a raw request's path could also carry a query or leave out the leading slash.
        let dot_segment = |segment: &str| matches!(segment, "" | "." | "..");
        let malformed = !self.path.starts_with('/') || self.path.contains(['?', '#']);
        if malformed || self.path.split('/').skip(1).any(dot_segment) {
            return Err(Error::InvalidPath(self.path));
        }
        let url = self.url();
        let body = match self.method {
            Method::Post if !self.files.is_empty() => {
                let multipart = Multipart::new(&self.params.decoded(), &self.files);
                Some((multipart.content_type(), multipart.into_body()))
            }
            Method::Post => Some((
                "application/x-www-form-urlencoded".to_owned(),
                self.params.to_query().into_bytes(),
            )),
            Method::Get | Method::Delete => None,
        };
        // One key per logical request, generated before the first attempt, so every
        // retry carries the same key and a retried create cannot happen twice.
        let idempotency_key = match (self.method, self.idempotency_key) {
            (Method::Post, None) => Some(super::retry::idempotency_key().map_err(|_| {
                Error::Config("the system's random number generator failed".to_owned())
            })?),
            (_, given) => given,
        };
        let method = match self.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Delete => reqwest::Method::DELETE,
        };
        let outgoing = Outgoing {
            method,
            path: &self.path,
            url,
            body,
            idempotency_key,
            stripe_account: self.stripe_account.as_deref(),
        };
        self.client.execute(outgoing).await
    }

    /// Sends the request and returns the answer as raw JSON, with every field Stripe
    /// sent, including those this version of the types does not know.
    pub async fn send_json(self) -> Result<serde_json::Value, Error> {
        decode(self.answer().await?)
    }
}

impl<T: FromAnswer> Request<'_, T> {
    /// Sends the request and decodes the answer.
    pub async fn send(self) -> Result<T, Error> {
        T::from_answer(self.answer().await?)
    }
}

/// What an answer decodes into: an API object from JSON, or [`Binary`] content.
pub trait FromAnswer: Sized {
    /// Decodes a successful answer.
    #[doc(hidden)]
    fn from_answer(answer: Answer) -> Result<Self, Error>;
}

impl<T: super::Decode> FromAnswer for T {
    fn from_answer(answer: Answer) -> Result<Self, Error> {
        decode(answer)
    }
}

impl FromAnswer for Binary {
    fn from_answer(answer: Answer) -> Result<Self, Error> {
        Ok(Binary {
            name: None,
            content_type: answer.content_type,
            bytes: answer.body,
        })
    }
}

/// Fills each `{parameter}` of a path template with the next value, percent-encoded.
pub fn fill_path(template: &str, values: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut values = values.iter();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
        out.push_str(&super::encode(values.next().copied().unwrap_or_default()));
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

/// Decodes an answer, naming the JSON path that failed and keeping the body.
fn decode<T: super::Decode>(answer: Answer) -> Result<T, Error> {
    super::from_json(&answer.body).map_err(|e| {
        Error::Decode(Box::new(DecodeError {
            status: answer.status,
            request_id: answer.request_id.clone(),
            path: e.path(),
            message: e.located_message(),
            body: String::from_utf8_lossy(&answer.body).into_owned(),
        }))
    })
}

impl<'c, T: FromAnswer + Send + 'c> IntoFuture for Request<'c, T> {
    type Output = Result<T, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'c>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

impl<'c, T: super::Decode + super::Expand + Send + 'c> Request<'c, super::List<T>> {
    /// Every item of the list, following `starting_after` across pages as the stream is
    /// consumed, until `has_more` is false.
    pub fn paginate(self) -> super::Paginator<'c, T> {
        super::Paginator::new(move |starting_after| {
            let page = self.clone().with_cursor("starting_after", starting_after);
            Box::pin(async move {
                let list = page.send().await?;
                let last_id = list.data.last().and_then(|item| item.object_id());
                let next = list.has_more.then(|| last_id.map(str::to_owned)).flatten();
                Ok((list.data, next))
            })
        })
    }
}

impl<'c, T: super::Decode + Send + 'c> Request<'c, super::SearchList<T>> {
    /// Every search result, following `next_page` across pages as the stream is consumed,
    /// until `has_more` is false.
    pub fn paginate(self) -> super::Paginator<'c, T> {
        super::Paginator::new(move |page_token| {
            let page = self.clone().with_cursor("page", page_token);
            Box::pin(async move {
                let results = page.send().await?;
                let next = results.next_page.filter(|_| results.has_more);
                Ok((results.data, next))
            })
        })
    }
}

impl<T> Request<'_, T> {
    /// This request with the cursor parameter set to `cursor`, if there is one.
    fn with_cursor(mut self, key: &str, cursor: Option<String>) -> Self {
        if let Some(cursor) = cursor {
            self.params.remove(key);
            self.params.push_raw(key, &cursor);
        }
        self
    }
}
