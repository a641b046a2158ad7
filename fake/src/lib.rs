//! A stateful fake Stripe for testing code that uses `stripe-api`, started from a test in
//! one line:
//!
//! ```no_run
//! # async fn example() {
//! let stripe = stripe_fake::FakeStripe::start().await;
//! let client = stripe.client();
//! // ... the code under test creates sessions with `client` ...
//! # }
//! ```
//!
//! Its routes, parameter checks and objects come from the same spec as the crate (a
//! table the generator writes to `src/generated/`), so it serves every selected operation:
//! objects are stored in memory with Stripe-style ids, lists page newest first, `expand`
//! works on stored objects, deletions leave a marker, a wrong key is a 401, and an
//! idempotency key replays its first answer. Checkout Sessions behave as on Stripe, and
//! the test controls play the customer ([`FakeStripe::complete_checkout_session`],
//! [`FakeStripe::expire_checkout_session`]), sending signed events to the webhook
//! endpoints created through the API. [`FakeStripe::fail_next`] schedules faults.

#![warn(missing_docs)]

mod actions;
mod answer;
mod billing;
mod checkout;
mod clock;
mod controls;
mod delivery;
mod discounts;
mod dispatch;
mod events;
mod form;
mod http;
mod list;
mod objects;
mod payments;
mod refunds;
mod request;
mod rules;
mod search;
#[rustfmt::skip]
mod generated;
mod state;
mod store;
mod subscriptions;
pub mod table;
mod validate;

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Semaphore};

use delivery::Deliverer;
use http::HttpAnswer;
use request::Limits;
use state::State;

pub use checkout::Completion;
pub use delivery::DeliveryPolicy;
pub use generated::{API_VERSION, OBJECTS, OPERATIONS};
pub use payments::Outcome;

/// The secret key the fake accepts unless told another.
pub const DEFAULT_SECRET_KEY: &str = "sk_test_fake";

/// A fault for the next requests, whatever they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// A 500 `api_error`, before the request does anything.
    ServerError,
    /// A 429 `lock_timeout`, before the request does anything.
    LockTimeout,
    /// The connection closes before the request does anything.
    DropConnection,
    /// The request is carried out, then the connection closes without the answer: a
    /// retry with the same idempotency key gets the stored answer instead of a second
    /// object.
    DropResponse,
}

/// One webhook delivery the fake made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// The event's id.
    pub event: String,
    /// The endpoint's id.
    pub endpoint: String,
    /// Which attempt this was, from 1.
    pub attempt: u32,
    /// The status the endpoint answered with, if it answered.
    pub status: Option<u16>,
    /// Why it did not answer.
    pub error: Option<String>,
}

/// Why a test control could not act.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ControlError(pub String);

impl std::fmt::Display for ControlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ControlError {}

/// How to start a fake.
#[derive(Debug, Clone)]
pub struct Builder {
    key: String,
    relaxed: validate::Relaxed,
    limits: Limits,
    delivery: DeliveryPolicy,
}

impl Builder {
    /// Requests must carry this secret key ([`DEFAULT_SECRET_KEY`] otherwise).
    pub fn secret_key(mut self, key: impl Into<String>) -> Self {
        self.key = key.into();
        self
    }

    /// Takes this top-level parameter on every operation although the spec does not list
    /// it: a parameter newer than the spec (`adaptive_pricing`), sent with `raw_param`.
    pub fn accept_param(mut self, name: impl Into<String>) -> Self {
        self.relaxed.accepted.push(name.into());
        self
    }

    /// Takes this value of an enum parameter (named by its last bracket, at any depth:
    /// `payment_method_types`) although the spec does not list it: a value newer than the
    /// spec.
    pub fn accept_value(mut self, param: impl Into<String>, value: impl Into<String>) -> Self {
        self.relaxed.values.push((param.into(), value.into()));
        self
    }

    /// Does not require this top-level parameter although the spec does: one a newer API
    /// version made optional.
    pub fn optional_param(mut self, name: impl Into<String>) -> Self {
        self.relaxed.optional.push(name.into());
        self
    }

    /// Closes a connection that stays idle this long between requests (2 minutes
    /// otherwise).
    pub fn idle_timeout(mut self, idle: Duration) -> Self {
        self.limits.idle = idle;
        self
    }

    /// Answers 408 and closes a connection whose request takes longer than this to
    /// arrive once begun (30 s otherwise), so that a stalled client holds nothing.
    pub fn request_timeout(mut self, request: Duration) -> Self {
        self.limits.request = request;
        self
    }

    /// Serves at most this many connections at once (512 otherwise); further ones are
    /// closed as they arrive.
    pub fn max_connections(mut self, connections: usize) -> Self {
        self.limits.connections = connections;
        self
    }

    /// Delivers webhook events by this policy (after the answer, retried, by default).
    pub fn deliveries(mut self, policy: DeliveryPolicy) -> Self {
        self.delivery = policy;
        self
    }

    /// Delivers webhook events before answering, in order, once each: a call returns
    /// when its events have been delivered.
    pub fn synchronous_deliveries(mut self) -> Self {
        self.delivery.synchronous = true;
        self
    }

    /// Starts the fake on 127.0.0.1, on a port of its own. It stops when dropped.
    pub async fn start(self) -> FakeStripe {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port on 127.0.0.1");
        let url = format!("http://{}", listener.local_addr().expect("an address"));
        let state = Arc::new(Mutex::new(State {
            store: store::Store::new(),
            key: self.key.clone(),
            relaxed: self.relaxed,
            faults: VecDeque::new(),
            idempotent: HashMap::new(),
            endpoint_secrets: HashMap::new(),
            outbox: Vec::new(),
            request: None,
            clock_offset: 0,
            carts: HashMap::new(),
            tax_table: HashMap::new(),
            exchange_rates: HashMap::new(),
            declining: HashSet::new(),
            deliveries: Vec::new(),
        }));
        let (stop, stopped) = watch::channel(false);
        let deliverer = Deliverer::new(self.delivery);
        let serving = Serving {
            state: state.clone(),
            limits: self.limits,
            deliverer: deliverer.clone(),
        };
        tokio::spawn(accept(listener, serving, stopped));
        FakeStripe {
            url,
            key: self.key,
            state,
            deliverer,
            stop,
        }
    }
}

/// A running fake Stripe. Dropping it stops it.
pub struct FakeStripe {
    url: String,
    key: String,
    state: Arc<Mutex<State>>,
    deliverer: Deliverer,
    stop: watch::Sender<bool>,
}

impl std::fmt::Debug for FakeStripe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeStripe")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

impl Drop for FakeStripe {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

impl FakeStripe {
    /// Starts a fake with the default key.
    pub async fn start() -> FakeStripe {
        FakeStripe::builder().start().await
    }

    /// A fake to set up before starting.
    pub fn builder() -> Builder {
        Builder {
            key: DEFAULT_SECRET_KEY.to_owned(),
            relaxed: validate::Relaxed::default(),
            limits: request::LIMITS,
            delivery: DeliveryPolicy::default(),
        }
    }

    /// The base URL to point a client at.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The secret key the fake accepts.
    pub fn secret_key(&self) -> &str {
        &self.key
    }

    /// A client pointed at the fake, with the fake's key and short retry waits.
    pub fn client(&self) -> stripe_api::Client {
        stripe_api::Client::builder(self.key.clone())
            .base_url(self.url.clone())
            .retry_policy(stripe_api::RetryPolicy {
                max_retries: 2,
                initial_delay: Duration::from_millis(5),
                max_delay: Duration::from_millis(20),
            })
            .build()
            .expect("a client for the fake")
    }

    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }
}

pub(crate) fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// What every connection of a running fake shares.
#[derive(Clone)]
struct Serving {
    state: Arc<Mutex<State>>,
    limits: Limits,
    deliverer: Deliverer,
}

async fn accept(listener: TcpListener, serving: Serving, mut stopped: watch::Receiver<bool>) {
    let connections = Arc::new(Semaphore::new(serving.limits.connections));
    let mut backoff = Duration::ZERO;
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    backoff = Duration::ZERO;
                    let Ok(permit) = connections.clone().try_acquire_owned() else {
                        continue;
                    };
                    let (serving, stopped) = (serving.clone(), stopped.clone());
                    tokio::spawn(async move {
                        serve(stream, serving, stopped).await;
                        drop(permit);
                    });
                }
                // Out of file descriptors, say: accepting again at once would fail the
                // same way and spin a core, so wait, longer each time, up to a second.
                Err(_) => {
                    backoff = (backoff * 2).clamp(Duration::from_millis(5), Duration::from_secs(1));
                    tokio::select! {
                        _ = tokio::time::sleep(backoff) => {}
                        _ = stopped.changed() => return,
                    }
                }
            },
            _ = stopped.changed() => return,
        }
    }
}

async fn serve(mut stream: TcpStream, serving: Serving, mut stopped: watch::Receiver<bool>) {
    let mut buffer = Vec::new();
    loop {
        let read = tokio::select! {
            read = request::read_request(&mut stream, &mut buffer, serving.limits) => read,
            _ = stopped.changed() => return,
        };
        let request = match read {
            request::Read::Request(request) => request,
            request::Read::Refused { status, message } => {
                return refuse(&mut stream, status, message).await;
            }
            request::Read::Closed => return,
        };
        let (answer, pending) = dispatch::handle(&mut lock(&serving.state), &request);
        // Stripe answers first and delivers after; synchronous delivery is the option
        // of tests that want the events sent when the call returns.
        if serving.deliverer.synchronous() {
            serving.deliverer.send(&serving.state, pending).await;
            if !answer_and_keep(&mut stream, &request, answer).await {
                return;
            }
        } else {
            let keep = answer_and_keep(&mut stream, &request, answer).await;
            serving.deliverer.send(&serving.state, pending).await;
            if !keep {
                return;
            }
        }
    }
}

/// Writes the answer; whether the connection stays open for another request.
async fn answer_and_keep(
    stream: &mut TcpStream,
    request: &http::HttpRequest,
    answer: HttpAnswer,
) -> bool {
    let HttpAnswer::Reply {
        status,
        headers,
        body,
    } = answer
    else {
        return false;
    };
    let close = request
        .header("connection")
        .is_some_and(|c| c.eq_ignore_ascii_case("close"));
    http::write_answer(stream, status, &headers, &body).await && !close
}

/// Answers a request that broke a bound with a Stripe-shaped error, then closes: first
/// the sending side, then, after reading for a moment whatever the client still sends,
/// the rest, so that the client reads the answer instead of a reset.
async fn refuse(stream: &mut TcpStream, status: u16, message: &str) {
    let error = answer::StripeError {
        status,
        ..answer::StripeError::invalid(message, None)
    };
    let headers = [
        ("Content-Type".to_owned(), "application/json".to_owned()),
        ("Connection".to_owned(), "close".to_owned()),
    ];
    if !http::write_answer(stream, status, &headers, &error.answer().body).await {
        return;
    }
    let _ = stream.shutdown().await;
    let drain = async {
        let mut sink = [0u8; 8192];
        while matches!(stream.read(&mut sink).await, Ok(n) if n > 0) {}
    };
    let _ = tokio::time::timeout(Duration::from_secs(2), drain).await;
}
