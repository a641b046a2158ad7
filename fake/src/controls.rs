//! The test's controls: what happens outside the API on Stripe (the customer on
//! Checkout's page, a bank settling a debit, time passing, the CLI's `trigger`), and a
//! look inside the fake. They take the crate's ids (or `&str`) and answer the crate's
//! types; each change sends its events as the API's changes do.

use std::time::Duration;

use serde_json::Value;
use stripe_api::Event;

use crate::generated::CheckoutSessionObject as CheckoutSession;

use crate::state::State;
use crate::{checkout, clock, events, objects, rules, ControlError, Delivery, FakeStripe, Fault};

impl FakeStripe {
    /// The next `count` requests meet `fault`, after any already scheduled.
    pub fn fail_next(&self, count: usize, fault: Fault) {
        self.state()
            .faults
            .extend(std::iter::repeat_n(fault, count));
    }

    /// The stored object with this id, as the API would answer with it.
    pub fn object(&self, id: impl AsRef<str>) -> Option<Value> {
        self.state().store.get(id.as_ref()).cloned()
    }

    /// How many objects of this kind (`checkout.session`) are stored.
    pub fn count(&self, object: &str) -> usize {
        self.state().store.all(object).len()
    }

    /// Every webhook delivery attempt made so far, oldest first.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.state().deliveries.clone()
    }

    /// Waits until every delivery under way has been made, retries included.
    pub async fn wait_for_deliveries(&self) {
        self.deliverer.settled().await;
    }

    /// Plays the customer paying for an open session, successfully, with no address or
    /// code entered: see [`FakeStripe::complete_checkout_session_with`].
    pub async fn complete_checkout_session(
        &self,
        id: impl AsRef<str>,
    ) -> Result<CheckoutSession, ControlError> {
        self.complete_checkout_session_with(id, &checkout::Completion::new())
            .await
    }

    /// Plays the customer's visit to an open session's page: the address and promotion
    /// code entered recompute the amounts; then, by mode, a payment intent, a setup
    /// intent, or a subscription with its first invoice, and a customer where Stripe
    /// makes one. Paid or delayed, the session completes (`checkout.session.completed`);
    /// declined, it stays open (`payment_intent.payment_failed`). Returns the session.
    pub async fn complete_checkout_session_with(
        &self,
        id: impl AsRef<str>,
        completion: &checkout::Completion,
    ) -> Result<CheckoutSession, ControlError> {
        self.session_control(id.as_ref(), |state, session| {
            checkout::complete(state, session, completion)
        })
        .await
    }

    /// Lets an open session run out: marks it expired and delivers
    /// `checkout.session.expired`. Returns the session.
    pub async fn expire_checkout_session(
        &self,
        id: impl AsRef<str>,
    ) -> Result<CheckoutSession, ControlError> {
        self.session_control(id.as_ref(), checkout::expire).await
    }

    /// Ends the delayed payment of a completed, unpaid session: succeeded (the session
    /// `paid`, `checkout.session.async_payment_succeeded`) or failed
    /// (`checkout.session.async_payment_failed`).
    pub async fn settle_async_payment(
        &self,
        id: impl AsRef<str>,
        succeeded: bool,
    ) -> Result<CheckoutSession, ControlError> {
        self.session_control(id.as_ref(), |state, session| {
            checkout::settle(state, session, succeeded)
        })
        .await
    }

    /// Moves the fake's clock forward: sessions past `expires_at` expire, trials end and
    /// periods renew with their invoices, each with its events. Returns the new time.
    pub async fn advance_time(&self, by: Duration) -> i64 {
        let (now, pending) = {
            let mut state = self.state();
            let seconds = i64::try_from(by.as_secs()).unwrap_or(i64::MAX / 2);
            let now = clock::advance(&mut state, seconds);
            (now, std::mem::take(&mut state.outbox))
        };
        self.deliverer.send(&self.state, pending).await;
        now
    }

    /// The time on the fake's clock, in seconds since the Unix epoch.
    pub fn now(&self) -> i64 {
        self.state().now()
    }

    /// The automatic tax percentage for customers in this country (`"DE"`, `19.0`);
    /// countries not set are taxed at 0 %.
    pub fn set_automatic_tax_rate(&self, country: &str, percentage: f64) {
        self.state()
            .tax_table
            .insert(country.to_owned(), percentage);
    }

    /// The exchange rate for Adaptive Pricing from one currency to another, in whole
    /// units (`"usd"`, `"eur"`, `0.92`: a dollar is 92 cents of a euro), for a customer
    /// who pays in `to` ([`Completion::currency`](crate::Completion::currency)).
    pub fn set_exchange_rate(&self, from: &str, to: &str, rate: f64) {
        let key = (from.to_lowercase(), to.to_lowercase());
        self.state().exchange_rates.insert(key, rate);
    }

    /// Declines every later payment of this customer (`true`) or takes them again
    /// (`false`): a renewal of their subscription then fails.
    pub fn decline_payments_of(&self, customer: impl AsRef<str>, decline: bool) {
        let mut state = self.state();
        let customer = customer.as_ref().to_owned();
        if decline {
            state.declining.insert(customer);
        } else {
            state.declining.remove(&customer);
        }
    }

    /// Delivers a stored event again to every endpoint that takes it, as Stripe does when
    /// it retries: a handler must not fulfil an order twice.
    pub async fn redeliver(&self, event_id: impl AsRef<str>) -> Result<(), ControlError> {
        let event_id = event_id.as_ref();
        let pending = {
            let state = self.state();
            let event = state
                .store
                .get_of("event", event_id)
                .ok_or_else(|| ControlError(format!("no event {event_id}")))?;
            events::deliveries_of(&state, event)
        };
        self.deliverer.send(&self.state, pending).await;
        Ok(())
    }

    /// Makes an object of the kind an event type is about and sends that event, stored
    /// and signed like any other, as `stripe trigger` does: for handlers of events that
    /// the fake's own flows do not make. Refused for a type the spec does not list.
    pub async fn trigger(&self, event_type: &str) -> Result<Event, ControlError> {
        let (event, pending) = {
            let mut state = self.state();
            let kind = rules::object_of_event(event_type).ok_or_else(|| {
                ControlError(format!("no object for events of type {event_type}"))
            })?;
            if !events::listed(event_type) {
                return Err(ControlError(format!(
                    "the spec lists no event type {event_type}"
                )));
            }
            let object = objects::build(&mut state, kind, &[]);
            events::emit(&mut state, event_type, &object);
            let event = state.store.all("event").first().map(|e| (*e).clone());
            (event.unwrap_or_default(), std::mem::take(&mut state.outbox))
        };
        self.deliverer.send(&self.state, pending).await;
        decode(&event)
    }

    async fn session_control(
        &self,
        id: &str,
        change: impl FnOnce(&mut State, Value) -> Result<Value, crate::answer::StripeError>,
    ) -> Result<CheckoutSession, ControlError> {
        let (session, pending) = {
            let mut state = self.state();
            let session = state
                .store
                .get_of("checkout.session", id)
                .cloned()
                .ok_or_else(|| ControlError(format!("no Checkout Session {id}")))?;
            state.store.begin();
            let changed = change(&mut state, session);
            let pending = std::mem::take(&mut state.outbox);
            match changed {
                Ok(changed) => {
                    state.store.keep();
                    (changed, pending)
                }
                // As a refused request does, a refused control changes nothing.
                Err(error) => {
                    state.store.undo();
                    return Err(ControlError(error.message));
                }
            }
        };
        self.deliverer.send(&self.state, pending).await;
        decode(&session)
    }
}

/// A stored object as the crate's type.
fn decode<T: stripe_api::runtime::Decode>(value: &Value) -> Result<T, ControlError> {
    stripe_api::from_json(value.to_string().as_bytes()).map_err(|e| {
        ControlError(format!(
            "the fake made an object the crate cannot decode: {e}"
        ))
    })
}
