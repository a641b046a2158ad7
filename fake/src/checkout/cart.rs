//! What a session sells, resolved against the stored objects and checked as Stripe
//! checks it: line items from prices or `price_data`, one discount (a coupon or a
//! promotion code), shipping options, tax rates and automatic tax. The cart is kept for
//! the session's life, so that the amounts can be computed again when the customer
//! enters a promotion code or an address.

use serde_json::{json, Map, Value};

use super::amounts::{self, Amounts, Line};
use crate::answer::StripeError;
use crate::rules::reference_missing;
use crate::state::State;
use crate::{discounts, objects};

/// A session's line items, discount, shipping and tax, as objects.
#[derive(Debug, Clone, Default)]
pub struct Cart {
    /// Each line's price, quantity and tax rates.
    pub lines: Vec<CartLine>,
    /// The session's currency (its first line's).
    pub currency: String,
    /// The coupon applied, and the promotion code it came from.
    pub discount: Option<Applied>,
    /// The shipping rates offered; the first is the one chosen.
    pub shipping: Vec<Value>,
    /// Whether Stripe Tax computes the tax.
    pub automatic_tax: bool,
    /// The automatic tax rate, once the customer's address is known.
    pub location_rate: Option<Value>,
    /// `subscription_data` as sent (trial, metadata).
    pub subscription_data: Value,
    /// With Adaptive Pricing, the currency the customer pays in.
    pub presentment: Option<Presentment>,
}

/// The currency a customer pays a session in, when not the session's own.
#[derive(Debug, Clone)]
pub struct Presentment {
    /// The currency.
    pub currency: String,
    /// Units of it per unit of the session's currency (the test's exchange rate).
    pub fx_rate: f64,
    /// The same per unit of each currency's smallest denomination (cents, or yen).
    pub factor: f64,
}

impl Cart {
    /// The currency the customer pays in.
    pub fn charged_currency(&self) -> &str {
        self.presentment
            .as_ref()
            .map_or(&self.currency, |p| &p.currency)
    }
}

/// One line of the cart.
#[derive(Debug, Clone)]
pub struct CartLine {
    /// The price object.
    pub price: Value,
    /// How many.
    pub quantity: i64,
    /// The line's tax rate objects.
    pub tax_rates: Vec<Value>,
}

/// A discount on the cart.
#[derive(Debug, Clone)]
pub struct Applied {
    /// The coupon.
    pub coupon: Value,
    /// The promotion code's id, when a code brought the coupon.
    pub promotion_code: Option<String>,
}

/// The cart a session's parameters describe, or the first thing Stripe would refuse.
pub fn resolve(
    state: &mut State,
    params: &Map<String, Value>,
    mode: &str,
) -> Result<Cart, StripeError> {
    let mut cart = Cart {
        automatic_tax: params
            .get("automatic_tax")
            .is_some_and(|tax| tax["enabled"] == true),
        subscription_data: params.get("subscription_data").cloned().unwrap_or_default(),
        ..Cart::default()
    };
    let requested = params
        .get("line_items")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for (i, line) in requested.iter().enumerate() {
        let line = cart_line(state, line, i, cart.automatic_tax)?;
        check_line(&line, i, mode, &cart.currency)?;
        if cart.currency.is_empty() {
            cart.currency = line.price["currency"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
        }
        cart.lines.push(line);
    }
    if mode == "subscription" && !cart.lines.iter().any(|l| l.price["type"] == "recurring") {
        return Err(StripeError::invalid(
            "You must provide at least one recurring price in `subscription` mode when using prices.",
            Some("line_items"),
        ));
    }
    cart.discount = discount(state, params, &cart.currency)?;
    cart.shipping = shipping(state, params, mode, &cart.currency)?;
    Ok(cart)
}

fn cart_line(
    state: &mut State,
    line: &Value,
    i: usize,
    automatic_tax: bool,
) -> Result<CartLine, StripeError> {
    let at = |field: &str| format!("line_items[{i}][{field}]");
    let price = match (line["price"].as_str(), line.get("price_data")) {
        (Some(id), _) => state
            .store
            .get_of("price", id)
            .cloned()
            .ok_or_else(|| reference_missing("price", id, &at("price")))?,
        (None, Some(Value::Object(data))) => objects::create(state, "price", data, &[])?,
        _ => {
            let param = at("price");
            let message = format!("Missing required param: {param}.");
            return Err(StripeError::invalid(message, Some(&param)));
        }
    };
    let quantity = line["quantity"].as_i64().unwrap_or(1);
    if quantity < 1 {
        return Err(StripeError::invalid(
            "This value must be greater than or equal to 1.",
            Some(&at("quantity")),
        ));
    }
    let ids = line["tax_rates"].as_array().cloned().unwrap_or_default();
    if automatic_tax && !ids.is_empty() {
        return Err(StripeError::invalid(
            "You cannot set `tax_rates` on a line item when `automatic_tax[enabled]` is true.",
            Some(&at("tax_rates")),
        ));
    }
    let tax_rates = ids
        .iter()
        .filter_map(|id| state.store.get_of("tax_rate", id.as_str()?).cloned())
        .collect();
    Ok(CartLine {
        price,
        quantity,
        tax_rates,
    })
}

/// Stripe's rules for one line: an active price, with an amount, in the session's
/// currency, one-time in payment mode.
fn check_line(line: &CartLine, i: usize, mode: &str, currency: &str) -> Result<(), StripeError> {
    let param = format!("line_items[{i}][price]");
    let price = &line.price;
    if price["active"] == false {
        let message = "The price specified is inactive. This field only accepts active prices.";
        return Err(StripeError::invalid(message, Some(&param)));
    }
    if price["unit_amount"].as_i64().is_none_or(|a| a < 0) {
        let message = "The price specified has no `unit_amount`; Checkout needs one of 0 or more.";
        return Err(StripeError::invalid(message, Some(&param)));
    }
    let this = price["currency"].as_str().unwrap_or_default();
    if !currency.is_empty() && this != currency {
        let message = format!("All line items must be in one currency: `{param}` is in {this}, the first line in {currency}.");
        return Err(StripeError::invalid(message, Some(&param)));
    }
    if mode == "payment" && price["type"] == "recurring" {
        let message = "You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.";
        return Err(StripeError::invalid(message, Some(&param)));
    }
    Ok(())
}

/// The one discount Checkout takes: `discounts[0][coupon]` or
/// `discounts[0][promotion_code]`, never with `allow_promotion_codes`.
fn discount(
    state: &State,
    params: &Map<String, Value>,
    currency: &str,
) -> Result<Option<Applied>, StripeError> {
    let Some(requested) = params.get("discounts").and_then(Value::as_array) else {
        return Ok(None);
    };
    if params.get("allow_promotion_codes") == Some(&json!(true)) {
        return Err(StripeError::invalid(
            "You may only specify one of these parameters: allow_promotion_codes, discounts.",
            Some("discounts"),
        ));
    }
    if requested.len() > 1 {
        return Err(StripeError::invalid(
            "Checkout Sessions take at most one discount.",
            Some("discounts"),
        ));
    }
    let Some(first) = requested.first() else {
        return Ok(None);
    };
    if let Some(id) = first["coupon"].as_str() {
        let coupon = state.store.get_of("coupon", id).cloned();
        let coupon =
            coupon.ok_or_else(|| reference_missing("coupon", id, "discounts[0][coupon]"))?;
        discounts::check(&coupon, currency, "discounts[0][coupon]", state.now())?;
        return Ok(Some(Applied {
            coupon,
            promotion_code: None,
        }));
    }
    let id = first["promotion_code"].as_str().unwrap_or_default();
    let code = state.store.get_of("promotion_code", id).cloned();
    let code = code
        .ok_or_else(|| reference_missing("promotion_code", id, "discounts[0][promotion_code]"))?;
    applied_code(state, &code, currency, "discounts[0][promotion_code]").map(Some)
}

/// The coupon a promotion code brings, if the code can be used.
pub fn applied_code(
    state: &State,
    code: &Value,
    currency: &str,
    param: &str,
) -> Result<Applied, StripeError> {
    if code["active"] != true {
        let message = format!(
            "The promotion code `{}` is inactive.",
            code["code"].as_str().unwrap_or_default()
        );
        return Err(StripeError::invalid(message, Some(param)));
    }
    let coupon_id = code["coupon"]["id"].as_str().unwrap_or_default();
    let coupon = state
        .store
        .get_of("coupon", coupon_id)
        .cloned()
        .unwrap_or_else(|| code["coupon"].clone());
    discounts::check(&coupon, currency, param, state.now())?;
    Ok(Applied {
        coupon,
        promotion_code: code["id"].as_str().map(str::to_owned),
    })
}

/// The shipping rates offered (`shipping_options[i][shipping_rate]` or
/// `[shipping_rate_data]`, which creates one), in payment mode only.
fn shipping(
    state: &mut State,
    params: &Map<String, Value>,
    mode: &str,
    currency: &str,
) -> Result<Vec<Value>, StripeError> {
    let Some(options) = params.get("shipping_options").and_then(Value::as_array) else {
        return Ok(Vec::new());
    };
    if mode != "payment" {
        return Err(StripeError::invalid(
            "`shipping_options` can only be used in `payment` mode.",
            Some("shipping_options"),
        ));
    }
    let mut rates = Vec::with_capacity(options.len());
    for (i, option) in options.iter().enumerate() {
        let rate = match (
            option["shipping_rate"].as_str(),
            option.get("shipping_rate_data"),
        ) {
            (Some(id), _) => state
                .store
                .get_of("shipping_rate", id)
                .cloned()
                .ok_or_else(|| {
                    reference_missing(
                        "shipping_rate",
                        id,
                        &format!("shipping_options[{i}][shipping_rate]"),
                    )
                })?,
            (None, Some(Value::Object(data))) => {
                objects::create(state, "shipping_rate", data, &[])?
            }
            _ => {
                let param = format!("shipping_options[{i}][shipping_rate]");
                return Err(StripeError::invalid(
                    format!("Missing required param: {param}."),
                    Some(&param),
                ));
            }
        };
        let theirs = rate["fixed_amount"]["currency"]
            .as_str()
            .unwrap_or_default();
        if theirs != currency {
            let param = format!("shipping_options[{i}]");
            let message = format!("The shipping rate is in {theirs}, the session in {currency}.");
            return Err(StripeError::invalid(message, Some(&param)));
        }
        rates.push(rate);
    }
    Ok(rates)
}

/// The cart's amounts in the currency the customer pays in; a 400 when one cannot be
/// represented. With Adaptive Pricing each fixed amount (unit amounts, `amount_off`,
/// shipping) is converted and rounded first, and percentages apply to the converted
/// amounts, so that the lines still add up.
pub fn amounts(cart: &Cart) -> Result<Amounts, StripeError> {
    let rate = cart.presentment.as_ref().map_or(1.0, |p| p.factor);
    priced(cart, rate)
}

/// The cart's amounts in the session's own currency.
pub fn source_amounts(cart: &Cart) -> Result<Amounts, StripeError> {
    priced(cart, 1.0)
}

fn priced(cart: &Cart, rate: f64) -> Result<Amounts, StripeError> {
    let convert = |amount: i64| (amount as f64 * rate).round() as i64;
    let discount = cart
        .discount
        .as_ref()
        .map(|applied| discounts::reduction(&applied.coupon, convert));
    let restricted = cart.discount.as_ref().and_then(|applied| {
        let products = applied.coupon["applies_to"]["products"].as_array()?;
        (!products.is_empty()).then(|| products.clone())
    });
    let lines: Vec<Line> = cart
        .lines
        .iter()
        .map(|line| Line {
            unit_amount: convert(line.price["unit_amount"].as_i64().unwrap_or(0)),
            quantity: line.quantity,
            discountable: restricted
                .as_ref()
                .is_none_or(|products| products.contains(&line.price["product"])),
            taxes: line
                .tax_rates
                .iter()
                .chain(&cart.location_rate)
                .map(discounts::rate)
                .collect(),
        })
        .collect();
    let out_of_range = |param: &str| {
        StripeError::invalid(
            format!("Invalid amount: the amount computed from `{param}` is out of range."),
            Some(param),
        )
    };
    for (i, line) in lines.iter().enumerate() {
        if line.unit_amount.checked_mul(line.quantity).is_none() {
            return Err(out_of_range(&format!("line_items[{i}][quantity]")));
        }
    }
    let shipping = cart.shipping.first().map_or(0, |shipping| {
        convert(shipping["fixed_amount"]["amount"].as_i64().unwrap_or(0))
    });
    amounts::compute(&lines, discount, shipping).ok_or_else(|| out_of_range("line_items"))
}
