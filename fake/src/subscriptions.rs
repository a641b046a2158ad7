//! Subscriptions created through the API (`POST /v1/subscriptions`), billed as Checkout's
//! are (<https://docs.stripe.com/api/subscriptions/create>): items from prices or
//! `price_data`, each recurring and in one currency and interval; tax rates per item or
//! `default_tax_rates`; one discount (`coupon`, `promotion_code` or `discounts[0]`); a
//! trial (`trial_period_days`, `trial_end`, `"now"` for none). The first invoice is paid
//! at once from the customer's payment method unless `payment_behavior` is
//! `default_incomplete`, which leaves it open (and the subscription `incomplete`) until it
//! is paid (`POST /v1/invoices/{id}/pay`).

use serde_json::{json, Map, Value};

use crate::answer::StripeError;
use crate::billing::{self, Terms};
use crate::discounts;
use crate::objects;
use crate::payments::Outcome;
use crate::rules::reference_missing;
use crate::state::State;

/// Creates the subscription and its first invoice; answers the subscription. The
/// customer is a parameter, or the path's (`/v1/customers/{customer}/subscriptions`).
pub fn create(
    state: &mut State,
    params: &Map<String, Value>,
    ids: &[(String, String)],
) -> Result<Value, StripeError> {
    // As a value, an absent parameter reads as null where a map's index would panic.
    let params = &Value::Object(params.clone());
    let from_path = ids.iter().find(|(name, _)| name == "customer");
    let customer = match (params["customer"].as_str(), from_path) {
        (Some(id), _) => id.to_owned(),
        (None, Some((_, id))) => id.clone(),
        (None, None) => String::new(),
    };
    let defaults = rates(state, params.get("default_tax_rates"));
    let requested = params["items"].as_array().cloned().unwrap_or_default();
    let mut items = Vec::with_capacity(requested.len());
    for (i, item) in requested.iter().enumerate() {
        let price = item_price(state, item, i)?;
        let first = items
            .first()
            .map(|(p, _, _): &(Value, i64, Vec<Value>)| p.clone());
        check_price(&price, first.as_ref(), i)?;
        let own = rates(state, item.get("tax_rates"));
        let tax_rates = if own.is_empty() {
            defaults.clone()
        } else {
            own
        };
        items.push((price, item["quantity"].as_i64().unwrap_or(1), tax_rates));
    }
    if items.is_empty() {
        let message = "A subscription needs at least one item: give `items[0][price]`.";
        return Err(StripeError::invalid(message, Some("items")));
    }
    let now = state.now();
    let trial_end = match (
        params.get("trial_end"),
        params["trial_period_days"].as_i64(),
    ) {
        (Some(Value::String(now_word)), _) if now_word == "now" => None,
        (Some(at), _) => at.as_i64(),
        (None, Some(days)) => Some(now.saturating_add(days.saturating_mul(24 * 60 * 60))),
        (None, None) => None,
    };
    let terms = Terms {
        customer: &customer,
        items,
        discount: discount(state, params, &customer)?,
        trial_end,
        metadata: params.get("metadata").cloned().unwrap_or_else(|| json!({})),
    };
    let outcome = match params["payment_behavior"].as_str() {
        Some("default_incomplete") => None,
        _ => Some(Outcome::Paid),
    };
    let (subscription, _) = billing::subscribe(state, terms, outcome);
    let id = subscription["id"].as_str().unwrap_or_default().to_owned();
    if params["cancel_at_period_end"] == true {
        objects::set(state, &id, &[("cancel_at_period_end", json!(true))], None);
    }
    Ok(state.store.get(&id).cloned().unwrap_or(subscription))
}

fn item_price(state: &mut State, item: &Value, i: usize) -> Result<Value, StripeError> {
    match (item["price"].as_str(), item.get("price_data")) {
        (Some(id), _) => state
            .store
            .get_of("price", id)
            .cloned()
            .ok_or_else(|| reference_missing("price", id, &format!("items[{i}][price]"))),
        (None, Some(Value::Object(data))) => objects::create(state, "price", data, &[]),
        _ => {
            let param = format!("items[{i}][price]");
            Err(StripeError::invalid(
                format!("Missing required param: {param}."),
                Some(&param),
            ))
        }
    }
}

/// Stripe's rules for a subscription's prices: recurring, and every item in the first's
/// currency and interval.
fn check_price(price: &Value, first: Option<&Value>, i: usize) -> Result<(), StripeError> {
    let param = format!("items[{i}][price]");
    if price["type"] != "recurring" {
        let message = "The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.";
        return Err(StripeError::invalid(message, Some(&param)));
    }
    let Some(first) = first else {
        return Ok(());
    };
    let same_interval = price["recurring"]["interval"] == first["recurring"]["interval"]
        && price["recurring"]["interval_count"] == first["recurring"]["interval_count"];
    if price["currency"] != first["currency"] || !same_interval {
        let message =
            "Currency and interval fields must match across all prices on a subscription.";
        return Err(StripeError::invalid(message, Some(&param)));
    }
    Ok(())
}

/// The tax rate objects a list of ids names (references were checked before).
fn rates(state: &State, ids: Option<&Value>) -> Vec<Value> {
    ids.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|id| state.store.get_of("tax_rate", id.as_str()?).cloned())
        .collect()
}

/// The discount a coupon, a promotion code or `discounts[0]` gives.
fn discount(
    state: &mut State,
    params: &Value,
    customer: &str,
) -> Result<Option<Value>, StripeError> {
    let first = params["discounts"].get(0);
    let coupon = params["coupon"]
        .as_str()
        .or_else(|| first?["coupon"].as_str());
    let code = params["promotion_code"]
        .as_str()
        .or_else(|| first?["promotion_code"].as_str());
    let (coupon, code) = match (coupon, code) {
        (Some(id), _) => (state.store.get_of("coupon", id).cloned(), None),
        (None, Some(id)) => {
            let code = state.store.get_of("promotion_code", id).cloned();
            let coupon = code.as_ref().and_then(|c| {
                let id = c["coupon"]["id"].as_str()?;
                state.store.get_of("coupon", id).cloned()
            });
            (coupon, code)
        }
        (None, None) => return Ok(None),
    };
    let Some(coupon) = coupon else {
        return Ok(None);
    };
    discounts::check(&coupon, "", "coupon", state.now())?;
    let code = code.as_ref().and_then(|c| c["id"].as_str());
    let discount = discounts::object(state, &coupon, code, ("customer", customer));
    Ok(Some(discount))
}
