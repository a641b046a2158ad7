//! One API request: what the generated client methods return. Adjust it (extra
//! parameters, idempotency key, connected account), then `.await` it or call `send`.

use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;

use serde::Serialize;

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
    params: FormPairs,
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
            params: self.params.clone(),
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
    /// A request without parameters; used by the generated client methods.
    pub fn new(client: &'c Client, method: Method, path: String) -> Self {
        Request {
            client,
            method,
            path,
            params: FormPairs::default(),
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

    async fn answer(self) -> Result<Answer, Error> {
        if let Some(error) = self.encode_error {
            return Err(Error::Encode(error));
        }
        let params = self.params.to_query();
        let (query, form) = match self.method {
            Method::Post => (None, Some(params)),
            Method::Get | Method::Delete => (Some(params), None),
        };
        // One key per logical request, generated before the first attempt, so every
        // retry carries the same key and a retried create cannot happen twice.
        let idempotency_key = match self.method {
            Method::Post => Some(
                self.idempotency_key
                    .unwrap_or_else(super::retry::idempotency_key),
            ),
            Method::Get | Method::Delete => self.idempotency_key,
        };
        let method = match self.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Delete => reqwest::Method::DELETE,
        };
        let outgoing = Outgoing {
            method,
            path: &self.path,
            query,
            form,
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

impl<T: super::Decode> Request<'_, T> {
    /// Sends the request and decodes the answer.
    pub async fn send(self) -> Result<T, Error> {
        decode(self.answer().await?)
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

impl<'c, T: super::Decode + Send + 'c> IntoFuture for Request<'c, T> {
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
            let mut page = self.clone();
            if let Some(id) = starting_after {
                page.params.remove("starting_after");
                page.params.push_raw("starting_after", id);
            }
            page
        })
    }
}
