//! Refunds (<https://docs.stripe.com/api/refunds/create>): of a charge, or of a payment
//! intent's charge, the whole unrefunded amount unless `amount` says less. A card refund
//! succeeds at once, as in test mode; its charge's `amount_refunded` and `refunded`
//! follow, with `charge.refunded` (<https://docs.stripe.com/refunds>). Refunds are
//! `POST /v1/refunds`, `POST /v1/charges/{charge}/refunds` (which answer the refund) and
//! `POST /v1/charges/{charge}/refund` (which answers the charge).

use serde_json::{json, Map, Value};

use crate::answer::StripeError;
use crate::objects;
use crate::state::State;

/// Refunds the charge the parameters or the path name; answers the refund.
pub fn create(
    state: &mut State,
    params: &Map<String, Value>,
    ids: &[(String, String)],
) -> Result<Value, StripeError> {
    let charge = refunded_charge(state, params, ids)?;
    let charge_id = charge["id"].as_str().unwrap_or_default().to_owned();
    let amount = amount(&charge, params)?;
    let mut fields = params.clone();
    for (key, value) in [
        ("amount", json!(amount)),
        ("charge", json!(charge_id)),
        ("currency", charge["currency"].clone()),
        ("payment_intent", charge["payment_intent"].clone()),
        ("status", json!("succeeded")),
    ] {
        fields.insert(key.to_owned(), value);
    }
    let refund = objects::create_stored(state, "refund", &fields, &[])?;
    let refunded = charge["amount_refunded"]
        .as_i64()
        .unwrap_or(0)
        .saturating_add(amount);
    let whole = charge["amount"].as_i64() == Some(refunded);
    let changes = [
        ("amount_refunded", json!(refunded)),
        ("refunded", json!(whole)),
    ];
    objects::set(state, &charge_id, &changes, Some("charge.refunded"));
    Ok(refund)
}

/// `POST /v1/charges/{charge}/refund`: refunds the charge; answers it.
pub fn refund_charge(
    state: &mut State,
    charge: &str,
    params: &Map<String, Value>,
) -> Result<Value, StripeError> {
    let mut params = params.clone();
    params.insert("charge".to_owned(), json!(charge));
    create(state, &params, &[])?;
    Ok(state.store.get(charge).cloned().unwrap_or(Value::Null))
}

/// `POST /v1/refunds/{refund}/cancel`: only a refund waiting for the customer's details
/// (`requires_action`) can be canceled, and a card refund never waits.
pub fn cancel(refund: &Value) -> Result<Value, StripeError> {
    if refund["status"] == "requires_action" {
        return Ok(refund.clone());
    }
    let message = format!(
        "Refund {} cannot be canceled: only a refund whose status is `requires_action` can be, and its status is {}.",
        refund["id"].as_str().unwrap_or_default(),
        refund["status"]
    );
    Err(StripeError::invalid(message, None))
}

/// The charge to refund: the path's, `charge`, or the latest charge of `payment_intent`;
/// it must have succeeded.
fn refunded_charge(
    state: &State,
    params: &Map<String, Value>,
    ids: &[(String, String)],
) -> Result<Value, StripeError> {
    let from_path = ids.iter().find(|(name, _)| name == "charge");
    let named = from_path
        .map(|(_, id)| id.as_str())
        .or_else(|| params.get("charge").and_then(Value::as_str));
    let charge_id = match (named, params.get("payment_intent").and_then(Value::as_str)) {
        (Some(id), _) => id.to_owned(),
        (None, Some(intent)) => intent_charge(state, intent)?,
        (None, None) => {
            let message =
                "One of the following params should be provided for this request: payment_intent or charge.";
            return Err(StripeError::invalid(message, None));
        }
    };
    let charge = state
        .store
        .get_of("charge", &charge_id)
        .cloned()
        .ok_or_else(|| StripeError::missing("charge", &charge_id, "charge"))?;
    if charge["status"] != "succeeded" {
        let message = format!(
            "Charge {charge_id} cannot be refunded: its status is {}.",
            charge["status"]
        );
        return Err(StripeError::invalid(message, Some("charge")));
    }
    Ok(charge)
}

fn intent_charge(state: &State, intent: &str) -> Result<String, StripeError> {
    let paid = state
        .store
        .get_of("payment_intent", intent)
        .filter(|i| i["status"] == "succeeded")
        .and_then(|i| i["latest_charge"].as_str());
    paid.map(str::to_owned).ok_or_else(|| {
        let message =
            format!("This PaymentIntent ({intent}) does not have a successful charge to refund.");
        StripeError::invalid(message, Some("payment_intent"))
    })
}

/// The amount to refund: `amount`, or all that is not refunded yet; never more.
fn amount(charge: &Value, params: &Map<String, Value>) -> Result<i64, StripeError> {
    let unrefunded = charge["amount"]
        .as_i64()
        .unwrap_or(0)
        .saturating_sub(charge["amount_refunded"].as_i64().unwrap_or(0));
    let id = charge["id"].as_str().unwrap_or_default();
    if unrefunded <= 0 {
        return Err(StripeError {
            code: Some("charge_already_refunded"),
            ..StripeError::invalid(format!("Charge {id} has already been refunded."), None)
        });
    }
    let Some(amount) = params.get("amount").and_then(Value::as_i64) else {
        return Ok(unrefunded);
    };
    if amount < 1 {
        let message =
            "The refund amount must be a positive integer in the currency's smallest unit.";
        return Err(StripeError::invalid(message, Some("amount")));
    }
    if amount > unrefunded {
        let message = format!(
            "Refund amount ({amount}) is greater than unrefunded amount on charge {id} ({unrefunded}), in the currency's smallest unit."
        );
        return Err(StripeError {
            code: Some("amount_too_large"),
            ..StripeError::invalid(message, Some("amount"))
        });
    }
    Ok(amount)
}
