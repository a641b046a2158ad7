//! Actions, `POST …/{id}/verb`, that change an object as Stripe's do: expiring a
//! Checkout Session, advancing a test clock (which moves the fake's clock), paying or
//! voiding an invoice, refunding a charge. Other actions answer the object as it is.

use serde_json::{json, Map, Value};

use crate::answer::StripeError;
use crate::objects::set;
use crate::state::State;
use crate::table::Operation;
use crate::{billing, checkout, clock};

/// The object after the action.
pub fn act(
    state: &mut State,
    op: &Operation,
    current: Value,
    params: &Map<String, Value>,
) -> Result<Value, StripeError> {
    let verb = op.path.rsplit('/').next().unwrap_or_default();
    let id = current["id"].as_str().unwrap_or_default().to_owned();
    match (op.object.unwrap_or_default(), verb) {
        ("checkout.session", "expire") => checkout::expire(state, current),
        ("test_helpers.test_clock", "advance") => advance_test_clock(state, &id, &current, params),
        ("invoice", "pay") if current["status"] == "open" => pay_invoice(state, &id, &current),
        ("invoice", "void") if current["status"] == "open" => {
            let fields = [("status", json!("void"))];
            Ok(set(state, &id, &fields, Some("invoice.voided")))
        }
        ("invoice", "pay" | "void") => Err(StripeError::invalid(
            format!(
                "Invoice {id} is not open (its status is {}).",
                current["status"]
            ),
            None,
        )),
        ("charge", "refund") => crate::refunds::refund_charge(state, &id, params),
        ("refund", "cancel") => crate::refunds::cancel(&current),
        _ => Ok(current),
    }
}

/// Pays an open invoice: its waiting payment intent is charged, and a declined card is
/// a 402 `card_error` that leaves the invoice open
/// (<https://docs.stripe.com/api/invoices/pay>).
fn pay_invoice(state: &mut State, id: &str, current: &Value) -> Result<Value, StripeError> {
    if let Some(intent) = current["payment_intent"].as_str() {
        let paid = crate::payments::settle(state, intent, true);
        if paid["status"] != "succeeded" {
            billing::failed(state, id);
            return Err(StripeError {
                status: 402,
                type_: "card_error",
                code: Some("card_declined"),
                ..StripeError::invalid("Your card was declined.", None)
            });
        }
    }
    Ok(billing::paid(state, id))
}

/// <https://docs.stripe.com/billing/testing/test-clocks>: a clock only moves forward;
/// the fake has one time for everything, so advancing any test clock moves it.
fn advance_test_clock(
    state: &mut State,
    id: &str,
    current: &Value,
    params: &Map<String, Value>,
) -> Result<Value, StripeError> {
    let to = params
        .get("frozen_time")
        .and_then(Value::as_i64)
        .unwrap_or_default();
    if current["frozen_time"].as_i64().is_some_and(|at| to <= at) {
        return Err(StripeError::invalid(
            "The frozen_time must be after the test clock's current frozen_time.",
            Some("frozen_time"),
        ));
    }
    set(
        state,
        id,
        &[("status", json!("advancing"))],
        Some("test_helpers.test_clock.advancing"),
    );
    clock::advance_to(state, to);
    let fields = [("frozen_time", json!(to)), ("status", json!("ready"))];
    Ok(set(
        state,
        id,
        &fields,
        Some("test_helpers.test_clock.ready"),
    ))
}
