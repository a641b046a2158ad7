//! The one error type of the client, and Stripe's error payload.

use std::fmt;

use serde_json::Value;

/// Everything a request can fail with.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Stripe answered with an error.
    Api(Box<ApiError>),
    /// The request did not get an answer: connection failure, reset or timeout.
    Transport(TransportError),
    /// The answer was not the JSON the types expect.
    Decode(Box<DecodeError>),
    /// The parameters could not be form encoded.
    Encode(super::FormError),
    /// The client is misconfigured (for example an invalid base URL).
    Config(String),
    /// Not sent: a path parameter is empty, `.` or `..`, so the path would name another
    /// resource (`retrieve_customer("")` would list customers), or the path of a
    /// [raw request](crate::Client::raw_request) is not absolute or carries a query.
    /// Holds the path.
    InvalidPath(String),
    /// The server answered with a redirect, which is never followed nor retried: Stripe
    /// does not redirect, so something between is wrong.
    Redirect {
        /// The HTTP status (301, 302, 303, 307, 308).
        status: u16,
        /// Where it pointed, if it said.
        location: Option<String>,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => e.fmt(f),
            Error::Transport(e) => e.fmt(f),
            Error::Decode(e) => e.fmt(f),
            Error::Encode(e) => e.fmt(f),
            Error::Config(message) => write!(f, "invalid client configuration: {message}"),
            Error::InvalidPath(path) => write!(
                f,
                "not sent: {path} is not an absolute path without a query, or a path \
                 parameter of it is empty, `.` or `..`"
            ),
            Error::Redirect { status, location } => write!(
                f,
                "the server answered HTTP {status}, a redirect to {}, which is not followed",
                location.as_deref().unwrap_or("(no location)")
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Api(e) => Some(e.as_ref()),
            Error::Transport(e) => Some(e),
            Error::Decode(e) => Some(e.as_ref()),
            Error::Encode(e) => Some(e),
            Error::Config(_) | Error::InvalidPath(_) | Error::Redirect { .. } => None,
        }
    }
}

/// The kinds of Stripe API errors, classified as the official libraries do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The card was declined or cannot be charged (402, `card_error`).
    Card,
    /// The request was invalid (400, 404).
    InvalidRequest,
    /// The API key is missing or invalid (401).
    Authentication,
    /// The key may not do this (403).
    Permission,
    /// Too many requests, or a lock timeout (429).
    RateLimit,
    /// An idempotency key was reused with different parameters (`idempotency_error`).
    Idempotency,
    /// Anything else, including Stripe's own failures (5xx).
    Api,
}

/// An error answer from Stripe.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// How the official libraries classify this error.
    pub kind: ErrorKind,
    /// The HTTP status.
    pub status: u16,
    /// The `Request-Id` header, to quote to Stripe support.
    pub request_id: Option<String>,
    /// Stripe's `type` (`card_error`, `invalid_request_error`, ...).
    pub type_: String,
    /// A short machine-readable code (`resource_missing`, `lock_timeout`, ...).
    pub code: Option<String>,
    /// For card errors, the issuer's reason.
    pub decline_code: Option<String>,
    /// The parameter the error is about.
    pub param: Option<String>,
    /// A human-readable message.
    pub message: Option<String>,
    /// A link to the documentation of `code`.
    pub doc_url: Option<String>,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Stripe API error ({}, HTTP {}", self.type_, self.status)?;
        if let Some(code) = &self.code {
            write!(f, ", code {code}")?;
        }
        if let Some(request_id) = &self.request_id {
            write!(f, ", request {request_id}")?;
        }
        write!(f, ")")?;
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

impl ApiError {
    /// Reads an error answer; a body that is not Stripe's error JSON still gives an error
    /// classified by its status.
    pub(crate) fn from_response(status: u16, request_id: Option<String>, body: &[u8]) -> Self {
        // Read leniently, key by key: a duplicate key or a field of an unexpected type
        // must not lose the rest of the error.
        let envelope: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
        let field = |name: &str| match envelope.get("error").and_then(|e| e.get(name)) {
            Some(Value::String(text)) => Some(text.clone()),
            Some(Value::Number(number)) => Some(number.to_string()),
            Some(Value::Bool(flag)) => Some(flag.to_string()),
            _ => None,
        };
        let type_ = field("type").unwrap_or_else(|| "api_error".to_owned());
        ApiError {
            kind: classify(status, &type_),
            status,
            request_id,
            type_,
            code: field("code"),
            decline_code: field("decline_code"),
            param: field("param"),
            message: field("message"),
            doc_url: field("doc_url"),
        }
    }
}

/// stripe-python's classification: idempotency errors by type, everything else by status.
fn classify(status: u16, type_: &str) -> ErrorKind {
    if type_ == "idempotency_error" {
        return ErrorKind::Idempotency;
    }
    match status {
        400 | 404 => ErrorKind::InvalidRequest,
        401 => ErrorKind::Authentication,
        402 => ErrorKind::Card,
        403 => ErrorKind::Permission,
        429 => ErrorKind::RateLimit,
        _ => ErrorKind::Api,
    }
}

/// Why a request got no answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection could be made.
    Connect,
    /// No answer within the timeout.
    Timeout,
    /// The connection failed while sending or receiving (for example a reset).
    Io,
    /// The answer was longer than the client's cap (`ClientBuilder::max_response_bytes`).
    ResponseTooLarge,
}

/// A request that got no answer, after any retries.
#[derive(Debug)]
pub struct TransportError {
    /// What went wrong.
    pub kind: TransportErrorKind,
    /// How many attempts were made.
    pub attempts: u32,
    source: Option<reqwest::Error>,
    /// The causes, outermost first, joined: what `Display` shows after the kind.
    detail: String,
}

impl TransportError {
    pub(crate) fn new(source: reqwest::Error, attempts: u32) -> Self {
        let kind = if source.is_timeout() {
            TransportErrorKind::Timeout
        } else if source.is_connect() {
            TransportErrorKind::Connect
        } else {
            TransportErrorKind::Io
        };
        // The URL carries no secret, but drop it anyway: errors are for logs.
        let source = source.without_url();
        TransportError {
            kind,
            attempts,
            detail: Self::causes(&source),
            source: Some(source),
        }
    }

    pub(crate) fn too_large(limit: usize, attempts: u32) -> Self {
        TransportError {
            kind: TransportErrorKind::ResponseTooLarge,
            attempts,
            source: None,
            detail: format!("the answer is longer than {limit} bytes"),
        }
    }

    /// An error and its causes, outermost first: reqwest's own message ("error sending
    /// request") says little without the innermost ("Connection refused").
    pub(crate) fn causes(error: &(dyn std::error::Error + 'static)) -> String {
        let mut messages = vec![error.to_string()];
        let mut next = error.source();
        while let Some(cause) = next {
            let message = cause.to_string();
            if !messages.iter().any(|m| m.contains(&message)) {
                messages.push(message);
            }
            next = cause.source();
        }
        messages.join(": ")
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_ref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "no answer from Stripe after {} attempt(s) ({:?}): {}",
            self.attempts, self.kind, self.detail
        )
    }
}

/// An answer that did not decode into the expected type.
#[derive(Debug, Clone)]
pub struct DecodeError {
    /// The HTTP status of the answer.
    pub status: u16,
    /// The `Request-Id` header.
    pub request_id: Option<String>,
    /// The JSON path that failed (`line_items.data[0].price`), `.` for the whole body.
    pub path: String,
    /// What was wrong there.
    pub message: String,
    /// The body as received.
    pub body: String,
}

impl std::error::Error for DecodeError {}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot decode Stripe's answer (HTTP {}) at `{}`: {}",
            self.status, self.path, self.message
        )
    }
}
