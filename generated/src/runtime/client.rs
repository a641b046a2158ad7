//! The HTTP client: configuration, authentication and the retry loop.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::error::{ApiError, Error, TransportError};
use super::request::{Method, Request};
use super::retry::{self, RetryPolicy};

/// The default API host.
pub const DEFAULT_BASE_URL: &str = "https://api.stripe.com";

/// A Stripe secret key. It is never shown: `Debug` prints a placeholder.
#[derive(Clone)]
pub struct SecretKey(String);

impl SecretKey {
    pub(crate) fn new(secret: String) -> Self {
        SecretKey(secret)
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }

    fn bearer(&self) -> String {
        format!("Bearer {}", self.0)
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(redacted)")
    }
}

/// An async Stripe client. Cheap to clone; clones share one connection pool.
///
/// Every selected operation is a method that returns a [`Request`](super::Request):
/// `.await` it, or adjust it first (idempotency key, connected account, raw parameters,
/// pagination). Requests send the crate's API version, retry what Stripe says may be
/// retried with the same idempotency key, never follow redirects, and never show the
/// key in `Debug`, errors or logs.
///
/// ```no_run
/// # async fn run() -> Result<(), stripe_api::Error> {
/// use stripe_api::{Client, CreateCustomer, ErrorKind};
///
/// let client = Client::new(std::env::var("STRIPE_SECRET_KEY").unwrap_or_default())?;
/// let customer = client
///     .create_customer_with(&CreateCustomer::new().email("jenny@example.com"))
///     .idempotency_key("signup-42")
///     .await?;
/// println!("{}", customer.id);
/// # Ok(())
/// # }
/// ```
///
/// In tests, point it at a local server; every request goes there, whatever host its
/// operation names:
///
/// ```
/// # fn main() -> Result<(), stripe_api::Error> {
/// let client = stripe_api::Client::builder("sk_test_123")
///     .base_url("http://127.0.0.1:12111")
///     .retry_policy(stripe_api::RetryPolicy::none())
///     .build()?;
/// let request = client.retrieve_customer(&"cus_123".into());
/// assert_eq!(request.url(), "http://127.0.0.1:12111/v1/customers/cus_123");
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    http: reqwest::Client,
    secret_key: SecretKey,
    /// Set by the user: every request goes there, whatever host its operation names.
    base_url: Option<String>,
    api_version: String,
    stripe_account: Option<String>,
    retry: RetryPolicy,
    user_agent: String,
    max_response_bytes: usize,
}

/// Settings for a [`Client`].
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    secret_key: SecretKey,
    base_url: Option<String>,
    api_version: String,
    stripe_account: Option<String>,
    retry: RetryPolicy,
    timeout: Duration,
    app_info: Option<String>,
    max_response_bytes: usize,
}

/// The default cap on an answer's size: 64 MiB, far above Stripe's largest answers (a
/// page of 100 expanded objects, a file of at most 32 MB).
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 64 << 20;

impl ClientBuilder {
    /// Settings with the defaults: Stripe's API host, the API version of the spec this
    /// crate was generated from, 2 retries and an 80 s timeout.
    pub fn new(secret_key: impl Into<String>) -> Self {
        ClientBuilder {
            secret_key: SecretKey::new(secret_key.into()),
            base_url: None,
            api_version: crate::api::API_VERSION.to_owned(),
            stripe_account: None,
            retry: RetryPolicy::default(),
            timeout: Duration::from_secs(80),
            app_info: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }

    /// Another API host, for tests and proxies (`http://127.0.0.1:12111`). Every request
    /// goes there, including those Stripe serves from another host (file uploads).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into().trim_end_matches('/').to_owned());
        self
    }

    /// The `Stripe-Version` to send.
    pub fn api_version(mut self, version: impl Into<String>) -> Self {
        self.api_version = version.into();
        self
    }

    /// The connected account every request acts on (`Stripe-Account`).
    pub fn stripe_account(mut self, account: impl Into<String>) -> Self {
        self.stripe_account = Some(account.into());
        self
    }

    /// How requests are retried.
    pub fn retry_policy(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The timeout of each attempt.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The largest answer read; a longer one is an error, never retried.
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// Names your application in the `User-Agent` (`my-shop/1.2`).
    pub fn app_info(mut self, app: impl Into<String>) -> Self {
        self.app_info = Some(app.into());
        self
    }

    /// The client. Installs rustls' *ring* provider as the process default unless the
    /// application installed one already. Redirects are not followed, as in the official
    /// libraries: Stripe does not redirect, and following one would send the body and
    /// headers elsewhere.
    pub fn build(self) -> Result<Client, Error> {
        // Checked here, once, without echoing the key: at send time it would be a builder
        // error for every request.
        if reqwest::header::HeaderValue::from_str(&self.secret_key.bearer()).is_err() {
            return Err(Error::Config(
                "the secret key has characters that cannot go in an HTTP header".to_owned(),
            ));
        }
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .timeout(self.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::Config(e.without_url().to_string()))?;
        let mut user_agent = format!("stripe-api-rust/{}", env!("CARGO_PKG_VERSION"));
        if let Some(app) = &self.app_info {
            user_agent.push(' ');
            user_agent.push_str(app);
        }
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                secret_key: self.secret_key,
                base_url: self.base_url,
                api_version: self.api_version,
                stripe_account: self.stripe_account,
                retry: self.retry,
                user_agent,
                max_response_bytes: self.max_response_bytes,
            }),
        })
    }
}

/// What one logical request sends; built by [`super::Request`].
pub(crate) struct Outgoing<'a> {
    pub method: reqwest::Method,
    pub path: &'a str,
    pub url: String,
    /// The content type and the bytes of the body.
    pub body: Option<(String, Vec<u8>)>,
    pub idempotency_key: Option<String>,
    pub stripe_account: Option<&'a str>,
}

/// A successful answer.
#[doc(hidden)]
pub struct Answer {
    pub(crate) status: u16,
    pub(crate) request_id: Option<String>,
    pub(crate) content_type: Option<String>,
    pub(crate) body: Vec<u8>,
}

impl Client {
    /// A client with the default settings.
    pub fn new(secret_key: impl Into<String>) -> Result<Self, Error> {
        ClientBuilder::new(secret_key).build()
    }

    /// Settings for a client.
    pub fn builder(secret_key: impl Into<String>) -> ClientBuilder {
        ClientBuilder::new(secret_key)
    }

    /// Stripe's test helpers: test clocks, and moving test objects through states that
    /// only real-world events reach otherwise.
    pub fn test_helpers(&self) -> TestHelpers<'_> {
        TestHelpers { client: self }
    }

    /// Any request by method and path: for an operation newer than this crate's spec, or
    /// outside its selection (`RawRequest` in stripe-go, `rawRequest` in stripe-node).
    /// It goes out as a generated method's does: the client's key, API version, retries,
    /// an idempotency key on every POST (`.idempotency_key` sets your own), and Stripe's
    /// errors as [`Error::Api`]. Add form parameters in Stripe's bracket form with
    /// [`Request::param`] (or a whole struct with [`Request::params`]); they go in the
    /// body of a POST and the query of a GET or DELETE. Await it to decode the answer into
    /// `T`: an API object of the crate, or [`serde_json::Value`] for anything.
    ///
    /// The path is absolute (`/v1/...`), without a query string; an id in it must be
    /// percent-encoded by the caller. Otherwise the request fails with
    /// [`Error::InvalidPath`] before anything is sent.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), stripe_api::Error> {
    /// use stripe_api::{Client, Method};
    ///
    /// let client = Client::new("sk_test_...")?;
    /// let tax: serde_json::Value = client
    ///     .raw_request(Method::Post, "/v1/tax/calculations")
    ///     .param("currency", "usd")
    ///     .param("line_items[0][amount]", "1000")
    ///     .param("line_items[0][reference]", "L1")
    ///     .param("customer_details[address][country]", "US")
    ///     .param("customer_details[address_source]", "shipping")
    ///     .await?;
    /// println!("{}", tax["tax_amount_exclusive"]);
    /// # Ok(())
    /// # }
    /// ```
    pub fn raw_request<T>(&self, method: Method, path: impl Into<String>) -> Request<'_, T> {
        Request::new(self, method, path.into())
    }

    /// The URL of a request: the client's base URL if it has one, else the operation's
    /// own host, else Stripe's API host.
    pub(crate) fn url(&self, server: Option<&str>, path: &str, query: &str) -> String {
        let base = self
            .inner
            .base_url
            .as_deref()
            .or(server)
            .unwrap_or(DEFAULT_BASE_URL);
        if query.is_empty() {
            format!("{base}{path}")
        } else {
            format!("{base}{path}?{query}")
        }
    }

    /// Sends a request, retrying as the policy allows with the same idempotency key on
    /// every attempt.
    pub(crate) async fn execute(&self, out: Outgoing<'_>) -> Result<Answer, Error> {
        let inner = &self.inner;
        let url = &out.url;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let retries_left = attempt <= inner.retry.max_retries;
            tracing::debug!(method = %out.method, path = out.path, attempt, "stripe request");
            let result = self.attempt(&out, url).await;
            let retry = match &result {
                Ok(answer) if (200..400).contains(&answer.0) => false,
                Ok((status, headers, body)) => {
                    let header = headers
                        .get("stripe-should-retry")
                        .and_then(|v| v.to_str().ok());
                    retry::should_retry(*status, header, body)
                }
                Err(failure) => failure.is_retryable(&out.method),
            };
            if retry && retries_left {
                let asked = match &result {
                    Ok((_, headers, _)) => retry::retry_after(headers.get("retry-after")),
                    Err(_) => None,
                };
                let delay = inner.retry.delay(attempt).max(asked.unwrap_or_default());
                tracing::warn!(path = out.path, attempt, ?delay, "retrying stripe request");
                tokio::time::sleep(delay).await;
                continue;
            }
            let (status, headers, body) = result.map_err(|failure| failure.into_error(attempt))?;
            let request_id = headers
                .get("request-id")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            tracing::debug!(
                path = out.path,
                status,
                request_id = request_id.as_deref(),
                "stripe answer"
            );
            if (200..300).contains(&status) {
                let content_type = headers
                    .get("content-type")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned);
                return Ok(Answer {
                    status,
                    request_id,
                    content_type,
                    body,
                });
            }
            if (300..400).contains(&status) {
                let location = headers
                    .get("location")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned);
                return Err(Error::Redirect { status, location });
            }
            return Err(Error::Api(Box::new(ApiError::from_response(
                status, request_id, &body,
            ))));
        }
    }

    async fn attempt(
        &self,
        out: &Outgoing<'_>,
        url: &str,
    ) -> Result<(u16, reqwest::header::HeaderMap, Vec<u8>), Failure> {
        let inner = &self.inner;
        let mut request = inner
            .http
            .request(out.method.clone(), url)
            .header("Authorization", inner.secret_key.bearer())
            .header("Stripe-Version", &inner.api_version)
            .header("User-Agent", &inner.user_agent);
        if let Some(account) = out.stripe_account.or(inner.stripe_account.as_deref()) {
            request = request.header("Stripe-Account", account);
        }
        if let Some(key) = &out.idempotency_key {
            request = request.header("Idempotency-Key", key);
        }
        if let Some((content_type, body)) = &out.body {
            request = request
                .header("Content-Type", content_type)
                .body(body.clone());
        }
        let mut response = request.send().await.map_err(Failure::Http)?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let limit = inner.max_response_bytes;
        let too_large = Failure::TooLarge { limit };
        let announced = response.content_length().unwrap_or(0);
        if usize::try_from(announced).map_or(true, |length| length > limit) {
            return Err(too_large);
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(Failure::Http)? {
            if body.len() + chunk.len() > limit {
                return Err(too_large);
            }
            body.extend_from_slice(&chunk);
        }
        Ok((status, headers, body))
    }
}

/// Why one attempt got no usable answer.
#[derive(Debug)]
enum Failure {
    /// From the HTTP client: connecting, sending, receiving, or building the request.
    Http(reqwest::Error),
    /// The answer was longer than the cap.
    TooLarge { limit: usize },
}

impl Failure {
    /// Connection problems may pass; a request that cannot be built, or an answer that is
    /// too large, would fail the same way again. An answer whose head cannot be read
    /// (malformed, or larger than the HTTP client takes) means the request arrived and
    /// was acted on, so a POST is not sent again.
    fn is_retryable(&self, method: &reqwest::Method) -> bool {
        match self {
            Failure::Http(error) if error.is_builder() => false,
            Failure::Http(error) if unreadable_answer(error) => method != reqwest::Method::POST,
            Failure::Http(_) => true,
            Failure::TooLarge { .. } => false,
        }
    }

    fn into_error(self, attempts: u32) -> Error {
        match self {
            Failure::Http(error) if error.is_builder() => Error::Config(format!(
                "the request cannot be sent: {}",
                TransportError::causes(&error.without_url())
            )),
            Failure::Http(error) => Error::Transport(TransportError::new(error, attempts)),
            Failure::TooLarge { limit } => {
                Error::Transport(TransportError::too_large(limit, attempts))
            }
        }
    }
}

/// Whether the server answered with a head the HTTP client could not parse (hyper counts
/// a head larger than it takes as one).
fn unreadable_answer(error: &reqwest::Error) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(error) = cause {
        if let Some(http) = error.downcast_ref::<hyper::Error>() {
            return http.is_parse();
        }
        cause = error.source();
    }
    false
}

/// Stripe's test helpers, from [`Client::test_helpers`]: the methods of the operations
/// under `/v1/test_helpers/`.
#[derive(Clone, Copy, Debug)]
pub struct TestHelpers<'c> {
    #[allow(
        dead_code,
        reason = "used by the generated methods of some selections only"
    )]
    client: &'c Client,
}

impl<'c> TestHelpers<'c> {
    /// The client the requests are sent with.
    #[allow(
        dead_code,
        reason = "used by the generated methods of some selections only"
    )]
    pub(crate) fn client(&self) -> &'c Client {
        self.client
    }
}
