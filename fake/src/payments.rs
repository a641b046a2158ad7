//! Payments the fake makes when a customer pays: a payment intent with its charge, or a
//! setup intent, and the outcome the test chose, with Stripe's events
//! (<https://docs.stripe.com/payments/payment-intents/verifying-status>): paid
//! (`charge.succeeded`, `payment_intent.succeeded`), declined (`charge.failed`,
//! `payment_intent.payment_failed`, the intent back to `requires_payment_method` with
//! `last_payment_error`), or delayed, as with bank debits (`payment_intent.processing`
//! until [`settle`] ends it either way).

use serde_json::{json, Value};

use crate::objects::{build, set};
use crate::state::State;

/// How a customer's payment goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Outcome {
    /// The payment succeeds at once.
    #[default]
    Paid,
    /// The card is declined (`card_declined`, `generic_decline`).
    Declined,
    /// A delayed payment method (a bank debit): the payment is `processing` until the
    /// test settles it.
    Delayed,
}

/// What a payment is for.
#[derive(Debug, Clone, Copy)]
pub struct Payment<'a> {
    /// In the currency's smallest unit.
    pub amount: i64,
    /// Its currency.
    pub currency: &'a str,
    /// Who pays, if a customer object exists.
    pub customer: Option<&'a str>,
    /// The invoice it pays.
    pub invoice: Option<&'a str>,
}

/// Creates a payment intent for the payment and plays the outcome; answers the intent.
pub fn pay(state: &mut State, payment: Payment<'_>, outcome: Outcome) -> Value {
    let outcome = match payment.customer {
        Some(customer) if state.declining.contains(customer) => Outcome::Declined,
        _ => outcome,
    };
    let id = open(state, payment);
    match outcome {
        Outcome::Paid => succeed(state, &id),
        Outcome::Declined => decline(state, &id),
        Outcome::Delayed => set(
            state,
            &id,
            &[("status", json!("processing"))],
            Some("payment_intent.processing"),
        ),
    }
}

/// A payment intent waiting for the customer's payment method, as the Payment Element
/// confirms it; answers its id.
pub fn open(state: &mut State, payment: Payment<'_>) -> String {
    let intent = build(
        state,
        "payment_intent",
        &[
            ("amount", json!(payment.amount)),
            ("currency", json!(payment.currency)),
            ("customer", json!(payment.customer)),
            ("invoice", json!(payment.invoice)),
            ("payment_method_types", json!(["card"])),
            ("status", json!("requires_payment_method")),
        ],
    );
    let id = intent["id"].as_str().unwrap_or_default().to_owned();
    let secret = format!("{id}_secret_{}", state.store.random_text(24));
    set(state, &id, &[("client_secret", json!(secret))], None);
    id
}

/// Ends a `processing` payment, or makes one waiting for a payment method: succeeded or
/// failed (a customer whose payments are declined always fails).
pub fn settle(state: &mut State, intent: &str, succeeded: bool) -> Value {
    let declining = state
        .store
        .get(intent)
        .and_then(|i| i["customer"].as_str())
        .is_some_and(|customer| state.declining.contains(customer));
    if succeeded && !declining {
        succeed(state, intent)
    } else {
        decline(state, intent)
    }
}

fn succeed(state: &mut State, intent: &str) -> Value {
    let charge = new_charge(state, intent, "succeeded");
    let amount = state
        .store
        .get(intent)
        .map_or(json!(0), |i| i["amount"].clone());
    set(
        state,
        intent,
        &[
            ("status", json!("succeeded")),
            ("amount_received", amount),
            ("latest_charge", charge["id"].clone()),
        ],
        Some("payment_intent.succeeded"),
    )
}

fn decline(state: &mut State, intent: &str) -> Value {
    let charge = new_charge(state, intent, "failed");
    let error = json!({
        "type": "card_error", "code": "card_declined", "decline_code": "generic_decline",
        "message": "Your card was declined.", "charge": charge["id"],
        "doc_url": "https://stripe.com/docs/error-codes/card-declined",
    });
    set(
        state,
        intent,
        &[
            ("status", json!("requires_payment_method")),
            ("last_payment_error", error),
            ("latest_charge", charge["id"].clone()),
        ],
        Some("payment_intent.payment_failed"),
    )
}

/// The charge of an attempt, with its event (`charge.succeeded`, `charge.failed`).
fn new_charge(state: &mut State, intent: &str, status: &str) -> Value {
    let paying = state.store.get(intent).cloned().unwrap_or_default();
    let succeeded = status == "succeeded";
    let mut fields = vec![
        ("amount", paying["amount"].clone()),
        (
            "amount_captured",
            if succeeded {
                paying["amount"].clone()
            } else {
                json!(0)
            },
        ),
        ("captured", json!(succeeded)),
        ("paid", json!(succeeded)),
        ("currency", paying["currency"].clone()),
        ("customer", paying["customer"].clone()),
        ("payment_intent", json!(intent)),
        ("status", json!(status)),
    ];
    if !succeeded {
        fields.push(("failure_code", json!("card_declined")));
        fields.push(("failure_message", json!("Your card was declined.")));
    }
    let charge = build(state, "charge", &fields);
    crate::events::emit(state, &format!("charge.{status}"), &charge);
    charge
}

/// A succeeded setup intent for the customer, with its events.
pub fn setup(state: &mut State, customer: Option<&str>) -> Value {
    let intent = build(
        state,
        "setup_intent",
        &[
            ("customer", json!(customer)),
            ("payment_method_types", json!(["card"])),
            ("status", json!("requires_payment_method")),
            ("usage", json!("off_session")),
        ],
    );
    let id = intent["id"].as_str().unwrap_or_default().to_owned();
    set(
        state,
        &id,
        &[("status", json!("succeeded"))],
        Some("setup_intent.succeeded"),
    )
}
