//! Webhook deliveries as Stripe makes them
//! (<https://docs.stripe.com/webhooks#retries>): after the API call has been answered,
//! each to its endpoint on its own, and again with a growing wait while the endpoint
//! does not answer 2xx in time, until it does or the attempts run out. Stripe spreads its
//! retries over three days; the fake compresses them (50 ms doubling, 5 attempts, unless
//! told otherwise). Synchronous delivery (before the answer, in order, once) stays
//! available for tests that want every event sent when the call returns.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::watch;

use crate::events::{deliver, PendingDelivery};
use crate::state::State;

/// When and how often the fake delivers webhook events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeliveryPolicy {
    /// Deliver before answering the request (or returning from a control), in order,
    /// one attempt each: the behaviour of earlier versions of the fake.
    pub synchronous: bool,
    /// Attempts per delivery, the first included (at least 1).
    pub attempts: u32,
    /// The wait before the first retry; each later wait doubles.
    pub first_retry: Duration,
    /// How long an endpoint has to answer one attempt.
    pub timeout: Duration,
}

impl Default for DeliveryPolicy {
    fn default() -> Self {
        DeliveryPolicy {
            synchronous: false,
            attempts: 5,
            first_retry: Duration::from_millis(50),
            timeout: Duration::from_secs(10),
        }
    }
}

/// Sends deliveries by the policy and counts those still under way.
#[derive(Debug, Clone)]
pub struct Deliverer {
    policy: DeliveryPolicy,
    under_way: Arc<watch::Sender<usize>>,
}

impl Deliverer {
    /// A deliverer following `policy`.
    pub fn new(policy: DeliveryPolicy) -> Self {
        Deliverer {
            policy,
            under_way: Arc::new(watch::channel(0).0),
        }
    }

    /// Whether deliveries happen before the answer.
    pub fn synchronous(&self) -> bool {
        self.policy.synchronous
    }

    /// Makes the deliveries: at once and in order when synchronous, else each in a task
    /// of its own that retries.
    pub async fn send(&self, state: &Arc<Mutex<State>>, pending: Vec<PendingDelivery>) {
        if self.policy.synchronous {
            for delivery in pending {
                let made = deliver(&delivery, 1, self.policy.timeout).await;
                crate::lock(state).deliveries.push(made);
            }
            return;
        }
        for delivery in pending {
            self.under_way.send_modify(|n| *n += 1);
            let (deliverer, state) = (self.clone(), state.clone());
            tokio::spawn(async move {
                deliverer.with_retries(&state, &delivery).await;
                deliverer.under_way.send_modify(|n| *n -= 1);
            });
        }
    }

    async fn with_retries(&self, state: &Mutex<State>, delivery: &PendingDelivery) {
        let mut wait = self.policy.first_retry;
        for attempt in 1..=self.policy.attempts.max(1) {
            let made = deliver(delivery, attempt, self.policy.timeout).await;
            let delivered = made.status.is_some_and(|s| (200..300).contains(&s));
            crate::lock(state).deliveries.push(made);
            if delivered || attempt == self.policy.attempts {
                return;
            }
            tokio::time::sleep(wait).await;
            wait = wait.saturating_mul(2);
        }
    }

    /// Waits until no delivery is under way (retries included).
    pub async fn settled(&self) {
        let mut count = self.under_way.subscribe();
        let _ = count.wait_for(|n| *n == 0).await;
    }
}
