//! Checkout Sessions behave like Checkout Sessions: a new session is `open` and `unpaid`,
//! expires after 24 hours unless told otherwise (between 30 minutes and 24 hours), has a
//! hosted `url` or, embedded, a `client_secret`, and line items priced from the prices the
//! fake holds. `expire` works on open sessions only. The test controls play the customer:
//! completing a session creates its customer and payment intent as Stripe would; each
//! change of status sends its event.

use serde_json::{json, Map, Value};

use crate::answer::StripeError;
use crate::events::{emit, now, PendingDelivery};
use crate::state::State;
use crate::store::Store;
use crate::table::Operation;

const SESSION: &str = "checkout.session";

/// A change of a session's status: the session after it, and the deliveries it causes.
pub type Change = fn(&mut State, Value) -> Result<(Value, Vec<PendingDelivery>), StripeError>;
const MIN_LIFETIME: i64 = 30 * 60;
const MAX_LIFETIME: i64 = 24 * 60 * 60;

/// Before a new object is stored: a session gets its status, expiry, line items and
/// amounts, URL or client secret.
pub fn on_create(
    state: &mut State,
    object: &str,
    session: &mut Value,
    params: &Map<String, Value>,
) -> Result<(), StripeError> {
    if object != SESSION {
        return Ok(());
    }
    let created = session["created"].as_i64().unwrap_or_else(now);
    let expires_at = match params.get("expires_at").and_then(Value::as_i64) {
        Some(at) if at < created + MIN_LIFETIME => return Err(StripeError::invalid("The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.", Some("expires_at"))),
        Some(at) if at > created + MAX_LIFETIME => return Err(StripeError::invalid("The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.", Some("expires_at"))),
        Some(at) => at,
        None => created + MAX_LIFETIME,
    };
    let mode = params
        .get("mode")
        .and_then(Value::as_str)
        .unwrap_or("payment")
        .to_owned();
    let id = session["id"].as_str().unwrap_or_default().to_owned();
    let items = line_items(state, params)?;
    if items.is_empty() && mode != "setup" {
        let message = format!("`line_items` is required in `{mode}` mode.");
        return Err(StripeError::invalid(message, Some("line_items")));
    }
    let total = items
        .iter()
        .filter_map(|item| item["amount_total"].as_i64())
        .try_fold(0i64, i64::checked_add)
        .ok_or_else(|| out_of_range("line_items"))?;
    let currency = items
        .first()
        .map_or(Value::Null, |item| item["currency"].clone());
    for (key, value) in [
        ("status", json!("open")),
        (
            "payment_status",
            json!(if mode == "setup" {
                "no_payment_required"
            } else {
                "unpaid"
            }),
        ),
        ("mode", json!(mode)),
        ("expires_at", json!(expires_at)),
        ("amount_subtotal", json!(total)),
        ("amount_total", json!(total)),
        ("currency", currency),
    ] {
        session[key] = value;
    }
    embedded_or_hosted(state, session, params)?;
    let url = format!("/v1/checkout/sessions/{id}/line_items");
    let list = json!({"object": "list", "data": items, "has_more": false, "url": url});
    state.store.hide(&id, "line_items", list);
    Ok(())
}

fn embedded_or_hosted(
    state: &mut State,
    session: &mut Value,
    params: &Map<String, Value>,
) -> Result<(), StripeError> {
    let id = session["id"].as_str().unwrap_or_default().to_owned();
    match params.get("ui_mode").and_then(Value::as_str) {
        None | Some("hosted") => {
            session["url"] = json!(format!("https://checkout.stripe.com/c/pay/{id}"))
        }
        Some(ui_mode) => {
            if params.contains_key("success_url") {
                return Err(StripeError::invalid(
                    format!("You cannot use `success_url` with `ui_mode: {ui_mode}`."),
                    Some("success_url"),
                ));
            }
            if !params.contains_key("return_url")
                && params
                    .get("redirect_on_completion")
                    .is_none_or(|r| r != "never")
            {
                return Err(StripeError::invalid(
                    "Missing required param: return_url.",
                    Some("return_url"),
                ));
            }
            session["url"] = Value::Null;
            session["ui_mode"] = json!(ui_mode);
            session["return_url"] = params.get("return_url").cloned().unwrap_or(Value::Null);
            session["client_secret"] =
                json!(format!("{id}_secret_{}", state.store.random_text(24)));
        }
    }
    Ok(())
}

/// The session's line items, priced from stored prices or from `price_data`.
fn line_items(state: &mut State, params: &Map<String, Value>) -> Result<Vec<Value>, StripeError> {
    let requested = params
        .get("line_items")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut items = Vec::with_capacity(requested.len());
    for (i, line) in requested.iter().enumerate() {
        let price = match (line["price"].as_str(), line.get("price_data")) {
            (Some(id), _) => state.store.get_of("price", id).cloned().ok_or_else(|| {
                StripeError::invalid(
                    format!("No such price: '{id}'"),
                    Some(&format!("line_items[{i}][price]")),
                )
            })?,
            (None, Some(data)) => inline_price(state, data),
            (None, None) => {
                let param = format!("line_items[{i}][price]");
                return Err(StripeError::invalid(
                    format!("Missing required param: {param}."),
                    Some(&param),
                ));
            }
        };
        let quantity = line["quantity"].as_i64().unwrap_or(1);
        let amount = price["unit_amount"]
            .as_i64()
            .unwrap_or(0)
            .checked_mul(quantity)
            .ok_or_else(|| out_of_range(&format!("line_items[{i}][quantity]")))?;
        let mut item = Store::skeleton("item");
        let description = price["nickname"].as_str().map(str::to_owned).or_else(|| {
            let product = price["product"].as_str()?;
            state.store.get(product)?["name"]
                .as_str()
                .map(str::to_owned)
        });
        for (key, value) in [
            ("id", json!(state.store.new_id("item"))),
            ("price", price.clone()),
            ("quantity", json!(quantity)),
            ("amount_subtotal", json!(amount)),
            ("amount_total", json!(amount)),
            ("currency", price["currency"].clone()),
            ("description", json!(description.unwrap_or_default())),
        ] {
            item.insert(key.to_owned(), value);
        }
        items.push(Value::Object(item));
    }
    Ok(items)
}

/// Stripe's answer to an amount it cannot represent.
fn out_of_range(param: &str) -> StripeError {
    StripeError::invalid(
        format!("Invalid amount: the amount computed from `{param}` is out of range."),
        Some(param),
    )
}

fn inline_price(state: &mut State, data: &Value) -> Value {
    let mut price = Value::Object(Store::skeleton("price"));
    price["id"] = json!(state.store.new_id("price"));
    for key in ["currency", "unit_amount", "product"] {
        if let Some(value) = data.get(key) {
            price[key] = value.clone();
        }
    }
    price
}

/// An action on a stored object (`expire_checkout_session`); others answer with the
/// object as it is.
pub fn action(
    state: &mut State,
    op: &Operation,
    current: Value,
    deliveries: &mut Vec<PendingDelivery>,
) -> Result<Value, StripeError> {
    if op.object != Some(SESSION) || !op.path.ends_with("/expire") {
        return Ok(current);
    }
    let (session, sent) = expire(state, current)?;
    deliveries.extend(sent);
    Ok(session)
}

/// Expires an open session and sends `checkout.session.expired`.
pub fn expire(
    state: &mut State,
    mut session: Value,
) -> Result<(Value, Vec<PendingDelivery>), StripeError> {
    if session["status"] != "open" {
        return Err(StripeError::invalid(
            "Only Checkout Sessions with a status in [\"open\"] can be expired.",
            None,
        ));
    }
    session["status"] = json!("expired");
    let session = state
        .store
        .insert(session.as_object().cloned().unwrap_or_default());
    let sent = emit(state, "checkout.session.expired", &session);
    Ok((session, sent))
}

/// What the customer does on Stripe's page: pays. The session's customer is created if
/// it has none, and in payment mode a succeeded payment intent; then
/// `checkout.session.completed`.
pub fn complete(
    state: &mut State,
    mut session: Value,
) -> Result<(Value, Vec<PendingDelivery>), StripeError> {
    if session["status"] != "open" {
        return Err(StripeError::invalid(
            "Only open Checkout Sessions can be completed.",
            None,
        ));
    }
    let email = session["customer_email"]
        .as_str()
        .unwrap_or("customer@example.com")
        .to_owned();
    let customer = match session["customer"].as_str() {
        Some(id) => id.to_owned(),
        None => {
            let mut customer = Store::skeleton("customer");
            let id = state.store.new_id("customer");
            for (key, value) in [
                ("id", json!(id)),
                ("email", json!(email)),
                ("created", json!(now())),
            ] {
                customer.insert(key.to_owned(), value);
            }
            state.store.insert(customer);
            id
        }
    };
    if session["mode"] == "payment" {
        let mut intent = Store::skeleton("payment_intent");
        let id = state.store.new_id("payment_intent");
        for (key, value) in [
            ("id", json!(id)),
            ("amount", session["amount_total"].clone()),
            ("amount_received", session["amount_total"].clone()),
            ("currency", session["currency"].clone()),
            ("customer", json!(customer)),
            ("status", json!("succeeded")),
            ("created", json!(now())),
        ] {
            intent.insert(key.to_owned(), value);
        }
        state.store.insert(intent);
        session["payment_intent"] = json!(id);
    }
    session["customer"] = json!(customer);
    session["customer_details"] = json!({"address": null, "email": email, "name": null, "phone": null, "tax_exempt": "none", "tax_ids": []});
    session["status"] = json!("complete");
    session["payment_status"] = json!(if session["mode"] == "setup" {
        "no_payment_required"
    } else {
        "paid"
    });
    let session = state
        .store
        .insert(session.as_object().cloned().unwrap_or_default());
    let sent = emit(state, "checkout.session.completed", &session);
    Ok((session, sent))
}
