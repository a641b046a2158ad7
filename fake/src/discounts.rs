//! Coupons, discounts and tax rates as Checkout and Billing both read them: what a
//! coupon takes off, whether it can still be used, the `discount` object a redemption
//! makes, and a tax rate as the arithmetic needs it.

use serde_json::{json, Value};

use crate::answer::StripeError;
use crate::checkout::amounts::{Discount, Rate};
use crate::state::State;
use crate::store::Store;

/// What a coupon takes off; `convert` turns an `amount_off` into the currency paid in.
pub fn reduction(coupon: &Value, convert: impl Fn(i64) -> i64) -> Discount {
    match coupon["percent_off"].as_f64() {
        Some(percent) => Discount::Percent(percent),
        None => Discount::Amount(convert(coupon["amount_off"].as_i64().unwrap_or(0))),
    }
}

/// A tax rate object as the arithmetic needs it.
pub fn rate(tax_rate: &Value) -> Rate {
    Rate {
        percentage: tax_rate["percentage"].as_f64().unwrap_or(0.0),
        inclusive: tax_rate["inclusive"] == true,
    }
}

/// A coupon can be used while it is valid (not past `redeem_by`, not redeemed
/// `max_redemptions` times), and an `amount_off` one only in its currency (any, when
/// `currency` is empty).
pub fn check(coupon: &Value, currency: &str, param: &str, now: i64) -> Result<(), StripeError> {
    let id = coupon["id"].as_str().unwrap_or_default();
    let expired = coupon["redeem_by"].as_i64().is_some_and(|by| by < now);
    if coupon["valid"] == false || expired {
        let message = format!("The coupon `{id}` is no longer valid.");
        return Err(StripeError::invalid(message, Some(param)));
    }
    let ours = coupon["currency"].as_str();
    if coupon["amount_off"].is_i64() && ours.is_some_and(|c| !currency.is_empty() && c != currency)
    {
        let message = format!(
            "The coupon `{id}` is in {}, the session in {currency}.",
            ours.unwrap_or_default()
        );
        return Err(StripeError::invalid(message, Some(param)));
    }
    Ok(())
}

/// The `discount` object of a coupon applied now, from a promotion code or not, to what
/// `owner` names (`("checkout_session", id)`, `("customer", id)`).
pub fn object(
    state: &mut State,
    coupon: &Value,
    promotion_code: Option<&str>,
    owner: (&str, &str),
) -> Value {
    let mut discount = Value::Object(Store::skeleton("discount"));
    for (key, value) in [
        ("id", json!(state.store.new_id("discount"))),
        ("coupon", coupon.clone()),
        ("promotion_code", json!(promotion_code)),
        (owner.0, json!(owner.1)),
        ("start", json!(state.now())),
    ] {
        discount[key] = value;
    }
    discount
}
