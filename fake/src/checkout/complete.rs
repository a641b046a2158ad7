//! What the customer does on Checkout's page, played by the test: enters an address and
//! perhaps a promotion code, then pays. As on Stripe
//! (<https://docs.stripe.com/payments/checkout/how-checkout-works>), a session in
//! payment mode makes a payment intent, in setup mode a setup intent, in subscription
//! mode a subscription with its first invoice; a customer is created in subscription
//! mode, or with `customer_creation=always`. A declined payment leaves the session open;
//! a delayed one completes it `unpaid` until [`settle`].

use serde_json::{json, Value};

use super::{cart, totals};
use crate::answer::StripeError;
use crate::billing::{self, Terms};
use crate::discounts;
use crate::events::emit;
use crate::objects::{self, build, set};
use crate::payments::{self, Outcome, Payment};
use crate::rules;
use crate::state::State;
use crate::store::Store;

/// How the customer's visit to a session's page goes: the payment's outcome, the
/// address entered (which automatic tax needs), a promotion code.
#[derive(Debug, Clone, Default)]
pub struct Completion {
    outcome: Outcome,
    country: Option<String>,
    promotion_code: Option<String>,
    email: Option<String>,
    currency: Option<String>,
}

impl Completion {
    /// The customer pays, and the payment succeeds.
    pub fn new() -> Self {
        Completion::default()
    }

    /// How the payment goes ([`Outcome::Paid`] otherwise).
    pub fn outcome(mut self, outcome: Outcome) -> Self {
        self.outcome = outcome;
        self
    }

    /// The country of the address the customer enters (`DE`).
    pub fn address_country(mut self, country: impl Into<String>) -> Self {
        self.country = Some(country.into());
        self
    }

    /// A promotion code the customer enters (the code, as `SUMMER10`), on a session
    /// with `allow_promotion_codes`.
    pub fn promotion_code(mut self, code: impl Into<String>) -> Self {
        self.promotion_code = Some(code.into());
        self
    }

    /// The currency the customer chooses to pay in (Adaptive Pricing), at the rate the
    /// test set with `set_exchange_rate`; payment mode only.
    pub fn currency(mut self, currency: impl Into<String>) -> Self {
        self.currency = Some(currency.into().to_lowercase());
        self
    }

    /// The email the customer enters, when the session has none.
    pub fn email(mut self, email: impl Into<String>) -> Self {
        self.email = Some(email.into());
        self
    }
}

/// Plays the customer's visit; answers the session after it.
pub fn complete(
    state: &mut State,
    mut session: Value,
    completion: &Completion,
) -> Result<Value, StripeError> {
    if session["status"] != "open" {
        return Err(StripeError::invalid(
            "Only open Checkout Sessions can be completed.",
            None,
        ));
    }
    let id = session["id"].as_str().unwrap_or_default().to_owned();
    let mut cart = state.carts.get(&id).cloned().unwrap_or_default();
    if let Some(code) = &completion.promotion_code {
        cart.discount = Some(entered_code(state, &session, code, &cart.currency)?);
    }
    if let Some(currency) = &completion.currency {
        cart.presentment = Some(presentment(state, &session, &cart.currency, currency)?);
    }
    if cart.automatic_tax {
        let country = completion.country.as_deref().ok_or_else(|| {
            StripeError::invalid("Automatic tax needs the customer's address: complete with `Completion::address_country`.", None)
        })?;
        cart.location_rate = Some(location_rate(state, country));
    }
    let amounts = totals::write(state, &mut session, &cart)?;
    state.carts.insert(id.clone(), cart.clone());
    let email = completion
        .email
        .clone()
        .or_else(|| session["customer_email"].as_str().map(str::to_owned))
        .unwrap_or_else(|| "customer@example.com".to_owned());
    let address = completion.country.as_ref().map(|country| {
        json!({"city": null, "country": country, "line1": null, "line2": null, "postal_code": null, "state": null})
    });
    let customer = customer(state, &session, &email, address.clone());
    session["customer"] = json!(customer);
    session["customer_details"] = json!({"address": address, "email": email, "name": null, "phone": null, "tax_exempt": "none", "tax_ids": []});
    let payment_status = match session["mode"].as_str() {
        Some("setup") => {
            let intent = payments::setup(state, customer.as_deref());
            session["setup_intent"] = intent["id"].clone();
            "no_payment_required"
        }
        Some("subscription") => {
            let customer = customer.clone().unwrap_or_default();
            match subscribe(state, &mut session, &cart, &customer, completion.outcome) {
                Some(status) => status,
                None => return Ok(objects::replace(state, session)),
            }
        }
        _ => {
            let payment = Payment {
                amount: amounts.total,
                currency: cart.charged_currency(),
                customer: customer.as_deref(),
                invoice: None,
            };
            let intent = payments::pay(state, payment, completion.outcome);
            session["payment_intent"] = intent["id"].clone();
            match intent["status"].as_str() {
                Some("succeeded") => "paid",
                Some("processing") => "unpaid",
                _ => return Ok(objects::replace(state, session)),
            }
        }
    };
    redeem(state, &cart);
    session["status"] = json!("complete");
    session["payment_status"] = json!(payment_status);
    let session = objects::replace(state, session);
    emit(state, "checkout.session.completed", &session);
    Ok(session)
}

/// The session's customer: the one it names, else a new one in subscription mode or with
/// `customer_creation=always` (`customer.created`), else none (a guest).
fn customer(
    state: &mut State,
    session: &Value,
    email: &str,
    address: Option<Value>,
) -> Option<String> {
    if let Some(id) = session["customer"].as_str() {
        return Some(id.to_owned());
    }
    let creates = session["mode"] == "subscription" || session["customer_creation"] == "always";
    if !creates {
        return None;
    }
    let customer = build(
        state,
        "customer",
        &[("email", json!(email)), ("address", json!(address))],
    );
    customer["id"].as_str().map(str::to_owned)
}

/// The subscription and its first invoice; the session's payment status, or `None` when
/// the card is declined (the session stays open).
fn subscribe(
    state: &mut State,
    session: &mut Value,
    cart: &cart::Cart,
    customer: &str,
    outcome: Outcome,
) -> Option<&'static str> {
    if outcome == Outcome::Declined || state.declining.contains(customer) {
        let amount = cart::amounts(cart).map_or(0, |amounts| amounts.total);
        let payment = Payment {
            amount,
            currency: &cart.currency,
            customer: Some(customer),
            invoice: None,
        };
        payments::pay(state, payment, Outcome::Declined);
        return None;
    }
    let now = state.now();
    let data = &cart.subscription_data;
    let trial_end = data["trial_end"].as_i64().or_else(|| {
        data["trial_period_days"]
            .as_i64()
            .map(|days| now.saturating_add(days.saturating_mul(24 * 60 * 60)))
    });
    let discount = cart.discount.as_ref().map(|applied| {
        let code = applied.promotion_code.as_deref();
        discounts::object(state, &applied.coupon, code, ("customer", customer))
    });
    let terms = Terms {
        customer,
        items: cart
            .lines
            .iter()
            .map(|line| (line.price.clone(), line.quantity, line.tax_rates.clone()))
            .collect(),
        discount,
        trial_end,
        metadata: data.get("metadata").cloned().unwrap_or_else(|| json!({})),
    };
    let (subscription, invoice) = billing::subscribe(state, terms, Some(outcome));
    session["subscription"] = subscription["id"].clone();
    session["invoice"] = invoice["id"].clone();
    Some(match invoice["status"].as_str() {
        Some("paid") if invoice["amount_paid"] == 0 => "no_payment_required",
        Some("paid") => "paid",
        _ => "unpaid",
    })
}

/// The coupon of a promotion code the customer typed, on a session that takes them.
fn entered_code(
    state: &State,
    session: &Value,
    code: &str,
    currency: &str,
) -> Result<cart::Applied, StripeError> {
    if session["allow_promotion_codes"] != true {
        return Err(StripeError::invalid(
            "This session does not take promotion codes: create it with `allow_promotion_codes`.",
            None,
        ));
    }
    let found = state
        .store
        .all("promotion_code")
        .into_iter()
        .find(|promotion| {
            promotion["code"]
                .as_str()
                .is_some_and(|c| c.eq_ignore_ascii_case(code))
        })
        .cloned()
        .ok_or_else(|| StripeError::invalid(format!("No such promotion code: '{code}'"), None))?;
    cart::applied_code(state, &found, currency, "promotion_code")
}

/// Counts a redemption of the coupon and promotion code used; one that reaches its
/// `max_redemptions` can no longer be used (`valid: false`, `active: false`).
fn redeem(state: &mut State, cart: &cart::Cart) {
    let Some(applied) = &cart.discount else {
        return;
    };
    let redeemed = [
        (applied.coupon["id"].as_str().map(str::to_owned), "valid"),
        (applied.promotion_code.clone(), "active"),
    ];
    for (id, flag) in redeemed {
        let Some(current) = id.and_then(|id| state.store.get(&id).cloned()) else {
            continue;
        };
        let times = current["times_redeemed"].as_i64().unwrap_or(0) + 1;
        let usable = current["max_redemptions"]
            .as_i64()
            .is_none_or(|max| times < max);
        let id = current["id"].as_str().unwrap_or_default().to_owned();
        set(
            state,
            &id,
            &[("times_redeemed", json!(times)), (flag, json!(usable))],
            None,
        );
    }
}

/// The currency and rates for a customer who pays a payment-mode session in another
/// currency.
fn presentment(
    state: &State,
    session: &Value,
    source: &str,
    currency: &str,
) -> Result<cart::Presentment, StripeError> {
    if session["mode"] != "payment" {
        return Err(StripeError::invalid(
            "The fake converts currencies (Adaptive Pricing) in payment mode only.",
            None,
        ));
    }
    let rate = state
        .exchange_rates
        .get(&(source.to_owned(), currency.to_owned()))
        .ok_or_else(|| {
            let message = format!(
                "No exchange rate from {source} to {currency}: set one with `set_exchange_rate`."
            );
            StripeError::invalid(message, None)
        })?;
    let scale = rules::minor_units(currency) - rules::minor_units(source);
    Ok(cart::Presentment {
        currency: currency.to_owned(),
        fx_rate: *rate,
        factor: rate * 10f64.powi(scale),
    })
}

/// Stripe Tax's rate for a country, from the table the test set (none: 0 %).
pub fn location_rate(state: &mut State, country: &str) -> Value {
    let percentage = state.tax_table.get(country).copied().unwrap_or(0.0);
    let mut rate = Value::Object(Store::skeleton("tax_rate"));
    for (key, value) in [
        ("id", json!(state.store.new_id("tax_rate"))),
        ("active", json!(true)),
        ("country", json!(country)),
        ("display_name", json!("Tax")),
        ("percentage", json!(percentage)),
        ("effective_percentage", json!(percentage)),
        ("jurisdiction", json!(country)),
    ] {
        rate[key] = value;
    }
    rate
}

/// Ends a delayed payment of a completed session: `checkout.session.async_payment_succeeded`
/// (the session `paid`) or `_failed`.
pub fn settle(
    state: &mut State,
    mut session: Value,
    succeeded: bool,
) -> Result<Value, StripeError> {
    if session["status"] != "complete" || session["payment_status"] != "unpaid" {
        return Err(StripeError::invalid(
            "Only completed sessions with a delayed payment can be settled.",
            None,
        ));
    }
    let invoice = session["invoice"].as_str().map(str::to_owned);
    let intent = match &invoice {
        Some(invoice) => state
            .store
            .get(invoice)
            .map(|i| i["payment_intent"].clone()),
        None => Some(session["payment_intent"].clone()),
    };
    let intent = intent
        .and_then(|i| i.as_str().map(str::to_owned))
        .unwrap_or_default();
    payments::settle(state, &intent, succeeded);
    if let Some(invoice) = &invoice {
        if succeeded {
            billing::paid(state, invoice);
        } else {
            billing::failed(state, invoice);
        }
    }
    if succeeded {
        session["payment_status"] = json!("paid");
    }
    let session = objects::replace(state, session);
    let type_ = if succeeded {
        "checkout.session.async_payment_succeeded"
    } else {
        "checkout.session.async_payment_failed"
    };
    emit(state, type_, &session);
    Ok(session)
}

/// Expires every open session whose `expires_at` has passed on the fake's clock.
pub fn expire_due(state: &mut State, now: i64) {
    let due: Vec<Value> = state
        .store
        .all("checkout.session")
        .into_iter()
        .filter(|s| s["status"] == "open" && s["expires_at"].as_i64().is_some_and(|at| at <= now))
        .cloned()
        .collect();
    for session in due {
        let _ = super::expire(state, session);
    }
}
