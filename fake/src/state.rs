//! Everything the fake holds between requests.

use std::collections::{HashMap, VecDeque};

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
    /// Every webhook delivery so far.
    pub deliveries: Vec<crate::Delivery>,
}
