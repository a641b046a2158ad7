//! Checkout Sessions behave like Checkout Sessions: a new session is `open` and `unpaid`,
//! expires after 24 hours unless told otherwise (between 30 minutes and 24 hours), has a
//! hosted `url` or, embedded, a `client_secret`, and line items priced from the prices the
//! fake holds. `expire` works on open sessions only. The test controls play the customer:
//! completing a session creates its customer and payment intent as Stripe would; each
//! change of status sends its event.

use serde_json::{json, Map, Value};

use crate::answer::StripeError;
use crate::events::emit;
use crate::objects;
use crate::state::State;

pub mod amounts;
pub mod cart;
mod complete;
mod totals;

pub use complete::{complete, expire_due, settle, Completion};

const SESSION: &str = "checkout.session";
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
    let created = session["created"].as_i64().unwrap_or_else(|| state.now());
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
    let mut cart = cart::resolve(state, params, &mode)?;
    if cart.lines.is_empty() && mode != "setup" {
        let message = format!("`line_items` is required in `{mode}` mode.");
        return Err(StripeError::invalid(message, Some("line_items")));
    }
    let country = params
        .get("customer")
        .and_then(Value::as_str)
        .and_then(|customer| state.store.get(customer))
        .and_then(|customer| customer["address"]["country"].as_str())
        .map(str::to_owned);
    if let (true, Some(country)) = (cart.automatic_tax, country) {
        cart.location_rate = Some(complete::location_rate(state, &country));
    }
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
    ] {
        session[key] = value;
    }
    embedded_or_hosted(state, session, params)?;
    totals::write(state, session, &cart)?;
    state.carts.insert(id, cart);
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

/// Expires an open session and sends `checkout.session.expired`.
pub fn expire(state: &mut State, mut session: Value) -> Result<Value, StripeError> {
    if session["status"] != "open" {
        return Err(StripeError::invalid(
            "Only Checkout Sessions with a status in [\"open\"] can be expired.",
            None,
        ));
    }
    session["status"] = json!("expired");
    let session = objects::replace(state, session);
    emit(state, "checkout.session.expired", &session);
    Ok(session)
}
