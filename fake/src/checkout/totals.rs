//! A cart's amounts written onto a session in Stripe's shape: `amount_subtotal`,
//! `amount_total`, `total_details` with its breakdown, `shipping_cost` and
//! `shipping_options`, `automatic_tax`, and line items with their discounts and taxes
//! (shown when `line_items` is expanded or listed).

use serde_json::{json, Value};

use super::amounts::Amounts;
use super::cart::{self, Cart};
use crate::answer::StripeError;
use crate::discounts;
use crate::state::State;
use crate::store::Store;

/// Computes the cart's amounts and writes them onto the session.
pub fn write(state: &mut State, session: &mut Value, cart: &Cart) -> Result<Amounts, StripeError> {
    let amounts = cart::amounts(cart)?;
    let id = session["id"].as_str().unwrap_or_default().to_owned();
    let discount = cart.discount.as_ref().map(|applied| {
        let code = applied.promotion_code.as_deref();
        discounts::object(state, &applied.coupon, code, ("checkout_session", &id))
    });
    let earlier = state
        .store
        .hidden(&id, "line_items")
        .and_then(|list| list["data"].as_array())
        .cloned()
        .unwrap_or_default();
    let mut items = Vec::with_capacity(cart.lines.len());
    let mut taxes = Vec::new();
    for (i, (line, figures)) in cart.lines.iter().zip(&amounts.lines).enumerate() {
        let rates = line.tax_rates.iter().chain(&cart.location_rate);
        let line_taxes: Vec<Value> = rates
            .zip(&figures.taxes)
            .map(|(rate, amount)| {
                json!({"amount": amount, "rate": rate, "taxability_reason": null,
                    "taxable_amount": figures.subtotal - figures.discount})
            })
            .collect();
        taxes.extend(line_taxes.iter().cloned());
        let discounts: Vec<Value> = discount
            .iter()
            .filter(|_| figures.discount > 0)
            .map(|d| json!({"amount": figures.discount, "discount": d}))
            .collect();
        let mut item = Store::skeleton("item");
        for (key, value) in [
            ("id", item_id(state, earlier.get(i), &line.price)),
            ("price", line.price.clone()),
            ("quantity", json!(line.quantity)),
            ("amount_subtotal", json!(figures.subtotal)),
            ("amount_discount", json!(figures.discount)),
            ("amount_tax", json!(figures.tax())),
            ("amount_total", json!(figures.total)),
            ("currency", json!(cart.charged_currency())),
            ("description", json!(description(state, &line.price))),
            ("discounts", json!(discounts)),
            ("taxes", json!(line_taxes)),
        ] {
            item.insert(key.to_owned(), value);
        }
        items.push(Value::Object(item));
    }
    let breakdown_discounts: Vec<Value> = discount
        .iter()
        .filter(|_| amounts.discount > 0)
        .map(|d| json!({"amount": amounts.discount, "discount": d}))
        .collect();
    session["amount_subtotal"] = json!(amounts.subtotal);
    session["amount_total"] = json!(amounts.total);
    session["currency"] = if cart.currency.is_empty() {
        Value::Null
    } else {
        json!(cart.charged_currency())
    };
    session["currency_conversion"] = match &cart.presentment {
        Some(presentment) => {
            let source = cart::source_amounts(cart)?;
            json!({
                "amount_subtotal": source.subtotal, "amount_total": source.total,
                "fx_rate": presentment.fx_rate.to_string(), "source_currency": cart.currency,
            })
        }
        None => Value::Null,
    };
    session["total_details"] = json!({
        "amount_discount": amounts.discount,
        "amount_shipping": amounts.shipping,
        "amount_tax": amounts.tax,
        "breakdown": {"discounts": breakdown_discounts, "taxes": taxes},
    });
    write_shipping(session, cart, &amounts);
    if cart.automatic_tax {
        let status = if cart.location_rate.is_some() {
            "complete"
        } else {
            "requires_location_inputs"
        };
        session["automatic_tax"] =
            json!({"enabled": true, "liability": {"type": "self"}, "status": status});
    }
    let url = format!("/v1/checkout/sessions/{id}/line_items");
    let list = json!({"object": "list", "data": items, "has_more": false, "url": url});
    state.store.hide(&id, "line_items", list);
    Ok(amounts)
}

/// A line keeps its item's id when the amounts are written again (the customer's
/// address or code at completion), as Stripe's line items keep theirs.
fn item_id(state: &mut State, earlier: Option<&Value>, price: &Value) -> Value {
    match earlier {
        Some(item) if item["price"]["id"] == price["id"] => item["id"].clone(),
        _ => json!(state.store.new_id("item")),
    }
}

fn write_shipping(session: &mut Value, cart: &Cart, amounts: &Amounts) {
    let options: Vec<Value> = cart
        .shipping
        .iter()
        .map(|rate| json!({"shipping_amount": rate["fixed_amount"]["amount"], "shipping_rate": rate["id"]}))
        .collect();
    session["shipping_options"] = json!(options);
    session["shipping_cost"] = match cart.shipping.first() {
        Some(rate) => json!({
            "amount_subtotal": amounts.shipping, "amount_tax": 0,
            "amount_total": amounts.shipping, "shipping_rate": rate["id"], "taxes": [],
        }),
        None => Value::Null,
    };
}

/// A line's description: the price's nickname, else its product's name.
fn description(state: &State, price: &Value) -> String {
    price["nickname"]
        .as_str()
        .or_else(|| {
            let product = price["product"].as_str()?;
            state.store.get(product)?["name"].as_str()
        })
        .unwrap_or_default()
        .to_owned()
}
