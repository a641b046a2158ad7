//! Subscriptions and their invoices, as Stripe Billing makes them
//! (<https://docs.stripe.com/billing/subscriptions/overview>): a subscription starts
//! `trialing` until `trial_end` (its first invoice is for zero) or `active` with a first
//! invoice paid at once; each period's end makes an invoice that is paid
//! (`invoice.paid`) or fails (`invoice.payment_failed`, the subscription `past_due`). An
//! invoice is `draft`, then `open` once finalized, then `paid`. Coupons apply by their
//! `duration`: `once` to the first invoice, `repeating` for `duration_in_months`,
//! `forever` always.

use serde_json::{json, Value};

use crate::checkout::amounts::{self, Line};
use crate::discounts;
use crate::objects::{build, set};
use crate::payments::{self, Outcome, Payment};
use crate::state::State;
use crate::store::Store;

const DAY: i64 = 24 * 60 * 60;

/// What a new subscription is made of.
pub struct Terms<'a> {
    /// The customer's id.
    pub customer: &'a str,
    /// Prices with quantities and tax rates.
    pub items: Vec<(Value, i64, Vec<Value>)>,
    /// The discount object, if a coupon applies.
    pub discount: Option<Value>,
    /// When the trial ends, if there is one.
    pub trial_end: Option<i64>,
    /// The subscription's metadata.
    pub metadata: Value,
}

/// Creates the subscription and its first invoice; answers both. Without an outcome the
/// invoice stays open for the customer to pay.
pub fn subscribe(state: &mut State, terms: Terms<'_>, outcome: Option<Outcome>) -> (Value, Value) {
    let now = state.now();
    let currency = terms
        .items
        .first()
        .map_or(json!(""), |(p, _, _)| p["currency"].clone());
    let period_end = terms
        .trial_end
        .unwrap_or_else(|| period_after(now, terms.items.first().map(|(p, _, _)| p)));
    let id = state.store.new_id("subscription");
    let items: Vec<Value> = terms
        .items
        .iter()
        .map(|(price, quantity, tax_rates)| {
            let mut item = Store::skeleton("subscription_item");
            for (key, value) in [
                ("id", json!(state.store.new_id("subscription_item"))),
                ("created", json!(now)),
                ("price", price.clone()),
                ("quantity", json!(quantity)),
                ("subscription", json!(id)),
                ("tax_rates", json!(tax_rates)),
            ] {
                item.insert(key.to_owned(), value);
            }
            Value::Object(item)
        })
        .collect();
    let url = format!("/v1/subscription_items?subscription={id}");
    let items = json!({"object": "list", "data": items, "has_more": false, "url": url});
    let status = if terms.trial_end.is_some() {
        "trialing"
    } else {
        "incomplete"
    };
    build(
        state,
        "subscription",
        &[
            ("id", json!(id)),
            ("items", items),
            ("customer", json!(terms.customer)),
            ("currency", currency),
            ("status", json!(status)),
            ("start_date", json!(now)),
            ("billing_cycle_anchor", json!(period_end)),
            ("current_period_start", json!(now)),
            ("current_period_end", json!(period_end)),
            ("trial_start", json!(terms.trial_end.map(|_| now))),
            ("trial_end", json!(terms.trial_end)),
            ("discount", json!(terms.discount)),
            ("metadata", terms.metadata.clone()),
        ],
    );
    let trial = terms.trial_end.is_some();
    let invoice = invoice(
        state,
        &id,
        "subscription_create",
        (now, period_end),
        trial,
        outcome,
    );
    let subscription = state.store.get(&id).cloned().unwrap_or_default();
    (subscription, invoice)
}

/// The period after `start` for a price's interval (a month if it has none).
fn period_after(start: i64, price: Option<&Value>) -> i64 {
    let recurring = price.map(|p| &p["recurring"]);
    let count = recurring
        .and_then(|r| r["interval_count"].as_i64())
        .unwrap_or(1);
    let days: i64 = match recurring.and_then(|r| r["interval"].as_str()) {
        Some("day") => 1,
        Some("week") => 7,
        Some("year") => 365,
        _ => 30,
    };
    // Saturating: an interval count is whatever the test sent, and never below one.
    start.saturating_add(days.saturating_mul(count.max(1)).saturating_mul(DAY))
}

/// A subscription's invoice for a period: created, finalized, then paid or failed, with
/// the subscription's status following, or without an outcome left open with a payment
/// intent waiting. `free` makes it zero (a trial).
pub fn invoice(
    state: &mut State,
    subscription: &str,
    reason: &str,
    period: (i64, i64),
    free: bool,
    outcome: Option<Outcome>,
) -> Value {
    let sub = state.store.get(subscription).cloned().unwrap_or_default();
    let customer = sub["customer"].as_str().unwrap_or_default().to_owned();
    let currency = sub["currency"].as_str().unwrap_or_default().to_owned();
    let items = sub["items"]["data"].as_array().cloned().unwrap_or_default();
    let discount = applicable_discount(&sub, state.now());
    let figures = invoice_amounts(&items, discount.as_ref(), free);
    let id = state.store.new_id("invoice");
    let lines = invoice_lines(state, &id, subscription, &items, &figures, period);
    build(
        state,
        "invoice",
        &[
            ("id", json!(id)),
            ("lines", lines),
            ("customer", json!(customer)),
            ("subscription", json!(subscription)),
            ("billing_reason", json!(reason)),
            ("currency", json!(currency)),
            ("status", json!("draft")),
            ("period_start", json!(period.0)),
            ("period_end", json!(period.1)),
            ("subtotal", json!(figures.subtotal)),
            ("subtotal_excluding_tax", json!(figures.subtotal)),
            ("tax", json!(figures.tax)),
            ("total", json!(figures.total)),
            ("total_excluding_tax", json!(figures.total - figures.tax)),
            ("amount_due", json!(figures.total)),
            ("amount_remaining", json!(figures.total)),
            ("discount", json!(discount)),
            (
                "customer_email",
                state
                    .store
                    .get(&customer)
                    .map_or(Value::Null, |c| c["email"].clone()),
            ),
        ],
    );
    let number = format!(
        "{}-{:04}",
        state.store.random_text(8).to_uppercase(),
        state.store.all("invoice").len()
    );
    let now = state.now();
    set(
        state,
        &id,
        &[
            ("status", json!("open")),
            ("number", json!(number)),
            ("effective_at", json!(now)),
            (
                "status_transitions",
                json!({"finalized_at": now, "marked_uncollectible_at": null, "paid_at": null, "voided_at": null}),
            ),
            (
                "hosted_invoice_url",
                json!(format!("https://invoice.stripe.com/i/{id}")),
            ),
            (
                "invoice_pdf",
                json!(format!("https://pay.stripe.com/invoice/{id}/pdf")),
            ),
        ],
        Some("invoice.finalized"),
    );
    set(state, subscription, &[("latest_invoice", json!(id))], None);
    if figures.total == 0 {
        return paid(state, &id);
    }
    let payment = Payment {
        amount: figures.total,
        currency: &currency,
        customer: Some(&customer),
        invoice: Some(&id),
    };
    let Some(outcome) = outcome else {
        let intent = payments::open(state, payment);
        return set(state, &id, &[("payment_intent", json!(intent))], None);
    };
    let intent = payments::pay(state, payment, outcome);
    set(
        state,
        &id,
        &[
            ("payment_intent", intent["id"].clone()),
            ("attempt_count", json!(1)),
            ("attempted", json!(true)),
        ],
        None,
    );
    match intent["status"].as_str() {
        Some("succeeded") => paid(state, &id),
        Some("processing") => state.store.get(&id).cloned().unwrap_or_default(),
        _ => failed(state, &id),
    }
}

/// Marks an open invoice paid, and its subscription active unless it is trialing.
pub fn paid(state: &mut State, invoice: &str) -> Value {
    let current = state.store.get(invoice).cloned().unwrap_or_default();
    let now = state.now();
    let mut transitions = current["status_transitions"].clone();
    transitions["paid_at"] = json!(now);
    let fields = [
        ("status", json!("paid")),
        ("paid", json!(true)),
        ("amount_paid", current["amount_due"].clone()),
        ("amount_remaining", json!(0)),
        ("status_transitions", transitions),
    ];
    set(state, invoice, &fields, Some("invoice.paid"));
    let paid = set(state, invoice, &[], Some("invoice.payment_succeeded"));
    if let Some(subscription) = current["subscription"].as_str() {
        let status = state.store.get(subscription).map(|s| s["status"].clone());
        if status
            .as_ref()
            .is_some_and(|s| s != "trialing" && s != "active")
        {
            set(
                state,
                subscription,
                &[("status", json!("active"))],
                Some("customer.subscription.updated"),
            );
        }
    }
    paid
}

/// An invoice whose payment failed: it stays open, and its subscription is `past_due`
/// (or stays `incomplete`, for a first invoice).
pub fn failed(state: &mut State, invoice: &str) -> Value {
    let current = set(state, invoice, &[], Some("invoice.payment_failed"));
    if let Some(subscription) = current["subscription"].as_str() {
        let status = state.store.get(subscription).map(|s| s["status"].clone());
        if status.as_ref().is_some_and(|s| s != "incomplete") {
            set(
                state,
                subscription,
                &[("status", json!("past_due"))],
                Some("customer.subscription.updated"),
            );
        }
    }
    current
}

/// The discount that still applies to a subscription's next invoice.
fn applicable_discount(subscription: &Value, now: i64) -> Option<Value> {
    let discount = subscription.get("discount").filter(|d| d.is_object())?;
    let coupon = &discount["coupon"];
    let start = discount["start"].as_i64().unwrap_or(0);
    let invoices_so_far = subscription["latest_invoice"].is_string();
    let applies = match coupon["duration"].as_str() {
        Some("once") => !invoices_so_far,
        Some("repeating") => {
            let months = coupon["duration_in_months"].as_i64().unwrap_or(0);
            now < start.saturating_add(months.saturating_mul(30 * DAY))
        }
        _ => true,
    };
    applies.then(|| discount.clone())
}

fn invoice_amounts(items: &[Value], discount: Option<&Value>, free: bool) -> amounts::Amounts {
    let lines: Vec<Line> = items
        .iter()
        .map(|item| Line {
            unit_amount: if free {
                0
            } else {
                item["price"]["unit_amount"].as_i64().unwrap_or(0)
            },
            quantity: item["quantity"].as_i64().unwrap_or(1),
            discountable: true,
            taxes: item["tax_rates"]
                .as_array()
                .into_iter()
                .flatten()
                .map(discounts::rate)
                .collect(),
        })
        .collect();
    let discount = discount.map(|d| discounts::reduction(&d["coupon"], |amount| amount));
    amounts::compute(&lines, discount, 0).unwrap_or_default()
}

fn invoice_lines(
    state: &mut State,
    invoice: &str,
    subscription: &str,
    items: &[Value],
    figures: &amounts::Amounts,
    period: (i64, i64),
) -> Value {
    let data: Vec<Value> = items
        .iter()
        .zip(&figures.lines)
        .map(|(item, line)| {
            let mut entry = Store::skeleton("line_item");
            for (key, value) in [
                ("id", json!(state.store.new_id("line_item"))),
                ("amount", json!(line.subtotal)),
                ("amount_excluding_tax", json!(line.subtotal)),
                ("currency", item["price"]["currency"].clone()),
                (
                    "description",
                    json!(format!(
                        "{} × {}",
                        item["quantity"],
                        item["price"]["nickname"].as_str().unwrap_or("subscription")
                    )),
                ),
                ("discountable", json!(true)),
                ("invoice", json!(invoice)),
                ("period", json!({"start": period.0, "end": period.1})),
                ("price", item["price"].clone()),
                ("quantity", item["quantity"].clone()),
                ("subscription", json!(subscription)),
                ("subscription_item", item["id"].clone()),
                ("tax_rates", item["tax_rates"].clone()),
                ("type", json!("subscription")),
            ] {
                entry.insert(key.to_owned(), value);
            }
            Value::Object(entry)
        })
        .collect();
    let url = format!("/v1/invoices/{invoice}/lines");
    json!({"object": "list", "data": data, "has_more": false, "url": url})
}

/// Everything due by `now`: trials that end and periods that close make invoices, one
/// per period passed (at most [`MAX_PERIODS`] per move, so that a jump of centuries
/// ends); a subscription set to cancel at its period's end is canceled then.
pub fn advance(state: &mut State, now: i64) {
    for _ in 0..MAX_PERIODS {
        let due = due_by(state, now);
        if due.is_empty() {
            return;
        }
        for subscription in due {
            renew(state, &subscription, now);
        }
    }
}

/// Periods one move of the clock bills at most, per subscription.
pub const MAX_PERIODS: usize = 120;

fn due_by(state: &State, now: i64) -> Vec<Value> {
    state
        .store
        .all("subscription")
        .into_iter()
        .filter(|s| {
            matches!(
                s["status"].as_str(),
                Some("trialing" | "active" | "past_due")
            )
        })
        .filter(|s| {
            s["current_period_end"]
                .as_i64()
                .is_some_and(|end| end <= now)
        })
        .cloned()
        .collect()
}

/// Closes a subscription's period: cancels it if so set, else opens the next period
/// and invoices it.
fn renew(state: &mut State, subscription: &Value, now: i64) {
    let id = subscription["id"].as_str().unwrap_or_default().to_owned();
    let end = subscription["current_period_end"].as_i64().unwrap_or(now);
    if subscription["cancel_at_period_end"] == true {
        cancel(state, &id, end);
        return;
    }
    let next = period_after(end, Some(&subscription["items"]["data"][0]["price"]));
    let mut fields = vec![
        ("current_period_start", json!(end)),
        ("current_period_end", json!(next)),
    ];
    if subscription["status"] == "trialing" {
        fields.push(("status", json!("active")));
    }
    set(state, &id, &fields, Some("customer.subscription.updated"));
    let paid = Some(Outcome::Paid);
    invoice(state, &id, "subscription_cycle", (end, next), false, paid);
}

/// Cancels a subscription at `at` (`customer.subscription.deleted`); it stays
/// retrievable, `canceled`.
pub fn cancel(state: &mut State, subscription: &str, at: i64) -> Value {
    let fields = [
        ("status", json!("canceled")),
        ("canceled_at", json!(at)),
        ("ended_at", json!(at)),
    ];
    set(
        state,
        subscription,
        &fields,
        Some("customer.subscription.deleted"),
    )
}
