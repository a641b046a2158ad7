//! Everything the fake holds between requests.

use std::collections::{HashMap, HashSet, VecDeque};

use crate::answer::Answer;
use crate::store::Store;
use crate::Fault;

/// Everything the fake holds.
pub struct State {
    /// The stored objects.
    pub store: Store,
    /// The secret key requests must carry.
    pub key: String,
    /// Top-level parameters taken otherwise than the spec says.
    pub relaxed: crate::validate::Relaxed,
    /// Faults for the next requests, in order.
    pub faults: VecDeque<Fault>,
    /// Answers by idempotency key: what the request was, what it got, and its id.
    pub idempotent: HashMap<String, (String, Answer, String)>,
    /// Webhook endpoint secrets by endpoint id.
    pub endpoint_secrets: HashMap<String, String>,
    /// Deliveries of the events the current request or control made, not yet sent.
    pub outbox: Vec<crate::events::PendingDelivery>,
    /// The request being handled (its id and idempotency key), for its events.
    pub request: Option<(String, Option<String>)>,
    /// How far the fake's clock is ahead of the system's, in seconds.
    pub clock_offset: i64,
    /// What each Checkout Session sells, by session id.
    pub carts: HashMap<String, crate::checkout::cart::Cart>,
    /// Automatic tax percentages by country (`DE` → 19.0), set by the test.
    pub tax_table: HashMap<String, f64>,
    /// Exchange rates for Adaptive Pricing, by (from, to) currency: units of `to` per
    /// unit of `from`, set by the test.
    pub exchange_rates: HashMap<(String, String), f64>,
    /// Customers whose payments are declined from now on.
    pub declining: HashSet<String>,
    /// Every webhook delivery so far.
    pub deliveries: Vec<crate::Delivery>,
}

impl State {
    /// Seconds since the Unix epoch on the fake's clock.
    pub fn now(&self) -> i64 {
        crate::events::now().saturating_add(self.clock_offset)
    }
}
