//! Stripe's documented behaviour that the spec does not say, in one place: the defaults
//! of new objects, which parameters name stored objects, the limits on metadata and
//! idempotency keys, and which deleted objects stay retrievable. Each rule cites the
//! page it follows.

use serde_json::{json, Map, Value};

use crate::answer::StripeError;
use crate::state::State;

/// Fields a new object takes when the request does not set them
/// (<https://docs.stripe.com/api/products/create>: `active` "defaults to true"; the same
/// for prices, shipping rates, tax rates and promotion codes; a new coupon is `valid`).
const DEFAULTS: &[(&str, &str, bool)] = &[
    ("product", "active", true),
    ("price", "active", true),
    ("shipping_rate", "active", true),
    ("tax_rate", "active", true),
    ("promotion_code", "active", true),
    ("coupon", "valid", true),
];

/// Parameters whose value is the id of a stored object of a kind: a request naming one
/// that does not exist is a 400 `resource_missing` naming the parameter
/// (<https://docs.stripe.com/error-codes/resource-missing>). A list parameter names one
/// per item. `payment_method` is left out: Stripe takes test tokens (`pm_card_visa`).
const REFERENCES: &[(&str, &str)] = &[
    ("customer", "customer"),
    ("product", "product"),
    ("default_price", "price"),
    ("price", "price"),
    ("coupon", "coupon"),
    ("promotion_code", "promotion_code"),
    ("shipping_rate", "shipping_rate"),
    ("tax_rates", "tax_rate"),
    ("default_tax_rates", "tax_rate"),
    ("payment_intent", "payment_intent"),
    ("setup_intent", "setup_intent"),
    ("subscription", "subscription"),
    ("invoice", "invoice"),
    ("test_clock", "test_helpers.test_clock"),
];

/// Events about objects of these kinds are named after another (`customer.subscription.created`).
const EVENT_PREFIXES: &[(&str, &str)] = &[
    ("subscription", "customer.subscription"),
    ("discount", "customer.discount"),
    ("tax_id", "customer.tax_id"),
];

/// The event type for a change to an object of this kind (`customer.subscription.updated`);
/// whether it is sent depends on the spec listing it.
pub fn event_type(object: &str, change: &str) -> String {
    let prefix = EVENT_PREFIXES
        .iter()
        .find(|(kind, _)| *kind == object)
        .map_or(object, |(_, prefix)| prefix);
    format!("{prefix}.{change}")
}

/// The kind of object an event type is about: `invoice` for `invoice.paid`,
/// `subscription` for `customer.subscription.trial_will_end`, `issuing.authorization`
/// for `issuing_authorization.request`.
pub fn object_of_event(event_type: &str) -> Option<&'static str> {
    let (subject, _) = event_type.rsplit_once('.')?;
    let renamed = EVENT_PREFIXES
        .iter()
        .find(|(_, prefix)| *prefix == subject)
        .map(|(kind, _)| (*kind).to_owned());
    let dotted = subject.replacen('_', ".", 1);
    let last = subject.rsplit('.').next().unwrap_or(subject).to_owned();
    [renamed, Some(subject.to_owned()), Some(dotted), Some(last)]
        .into_iter()
        .flatten()
        .find_map(|kind| crate::OBJECTS.iter().find(|o| o.object == kind))
        .map(|o| o.object)
}

/// Deleted objects that retrieving still answers, as `{"id", "object", "deleted": true}`
/// (<https://docs.stripe.com/api/customers/delete>: "retrieve a deleted customer"); others
/// are a 404.
pub const RETRIEVABLE_WHEN_DELETED: &[&str] = &["customer"];

/// Objects that `DELETE` cancels rather than removes: they stay, with status `canceled`
/// (<https://docs.stripe.com/api/subscriptions/cancel>).
pub const CANCELED_WHEN_DELETED: &[&str] = &["subscription"];

/// Currencies without minor units (<https://docs.stripe.com/currencies#zero-decimal>):
/// amounts in them are whole units, where others count cents.
const ZERO_DECIMAL: &[&str] = &[
    "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv",
    "xaf", "xof", "xpf",
];

/// How many decimal places a currency's amounts have.
pub fn minor_units(currency: &str) -> i32 {
    if ZERO_DECIMAL.contains(&currency) {
        0
    } else {
        2
    }
}

/// <https://docs.stripe.com/metadata>: 50 keys, keys up to 40 characters, values up to
/// 500.
const METADATA_KEYS: usize = 50;
const METADATA_KEY_LENGTH: usize = 40;
const METADATA_VALUE_LENGTH: usize = 500;

/// <https://docs.stripe.com/api/idempotent_requests>: keys up to 255 characters.
pub const IDEMPOTENCY_KEY_LENGTH: usize = 255;

/// Sets what a new object has by default, and what follows from its parameters: a
/// price's `type` and `recurring`, a promotion code's coupon.
pub fn on_create(
    state: &mut State,
    object: &str,
    created: &mut Value,
    params: &Map<String, Value>,
) -> Result<(), StripeError> {
    for (kind, field, value) in DEFAULTS {
        if *kind == object && !params.contains_key(*field) {
            created[*field] = json!(value);
        }
    }
    match object {
        "product" => created["updated"] = created["created"].clone(),
        // <https://docs.stripe.com/api/test_clocks/object>: a new clock is `ready` and
        // deleted 30 days later.
        "test_helpers.test_clock" => {
            created["status"] = json!("ready");
            created["deletes_after"] =
                json!(created["created"].as_i64().unwrap_or(0) + 30 * 24 * 60 * 60);
        }
        "price" => {
            price_terms(created, params);
            if let Some(Value::Object(product)) = params.get("product_data") {
                let product = crate::objects::create(state, "product", product, &[])?;
                created["product"] = product["id"].clone();
            }
        }
        "promotion_code" => {
            let id = params
                .get("coupon")
                .and_then(Value::as_str)
                .unwrap_or_default();
            created["coupon"] = state
                .store
                .get_of("coupon", id)
                .cloned()
                .ok_or_else(|| reference_missing("coupon", id, "coupon"))?;
        }
        _ => {}
    }
    Ok(())
}

/// A price's `recurring` (interval, count 1 unless given, licensed usage) and `type`.
pub fn price_terms(price: &mut Value, params: &Map<String, Value>) {
    let Some(recurring) = params.get("recurring") else {
        price["type"] = json!("one_time");
        return;
    };
    price["type"] = json!("recurring");
    price["recurring"] = json!({
        "aggregate_usage": recurring.get("aggregate_usage").cloned().unwrap_or(Value::Null),
        "interval": recurring["interval"],
        "interval_count": recurring.get("interval_count").cloned().unwrap_or(json!(1)),
        "meter": recurring.get("meter").cloned().unwrap_or(Value::Null),
        "usage_type": recurring.get("usage_type").cloned().unwrap_or(json!("licensed")),
    });
    if let Some(unit_amount) = params.get("unit_amount") {
        price["unit_amount_decimal"] = json!(unit_amount.to_string());
    }
}

/// Every parameter, at any depth, that names a stored object must name one.
pub fn check_references(state: &State, params: &Map<String, Value>) -> Result<(), StripeError> {
    references_in(state, params, "")
}

fn references_in(state: &State, params: &Map<String, Value>, at: &str) -> Result<(), StripeError> {
    for (key, value) in params {
        let name = if at.is_empty() {
            key.clone()
        } else {
            format!("{at}[{key}]")
        };
        let kind = REFERENCES.iter().find(|(param, _)| param == key);
        match (kind, value) {
            (Some((_, kind)), Value::String(id)) => exists(state, kind, id, &name)?,
            (Some((_, kind)), Value::Array(ids)) => {
                for (i, id) in ids.iter().enumerate() {
                    if let Some(id) = id.as_str() {
                        exists(state, kind, id, &format!("{name}[{i}]"))?;
                    }
                }
            }
            (_, Value::Object(inner)) => references_in(state, inner, &name)?,
            (_, Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    if let Value::Object(inner) = item {
                        references_in(state, inner, &format!("{name}[{i}]"))?;
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn exists(state: &State, kind: &str, id: &str, param: &str) -> Result<(), StripeError> {
    // An empty string clears a reference (`default_price=`), as on Stripe.
    if id.is_empty() || state.store.get_of(kind, id).is_some() {
        return Ok(());
    }
    Err(reference_missing(kind, id, param))
}

/// A 400 `resource_missing`: a parameter names an object that does not exist.
pub fn reference_missing(kind: &str, id: &str, param: &str) -> StripeError {
    StripeError {
        status: 400,
        ..StripeError::missing(kind, id, param)
    }
}

/// Every `metadata` object, at any depth, within Stripe's limits.
pub fn check_metadata(params: &Map<String, Value>, at: &str) -> Result<(), StripeError> {
    for (key, value) in params {
        let name = if at.is_empty() {
            key.clone()
        } else {
            format!("{at}[{key}]")
        };
        match value {
            Value::Object(entries) if key == "metadata" => metadata_limits(entries, &name)?,
            Value::Object(inner) => check_metadata(inner, &name)?,
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    if let Value::Object(inner) = item {
                        check_metadata(inner, &format!("{name}[{i}]"))?;
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn metadata_limits(entries: &Map<String, Value>, name: &str) -> Result<(), StripeError> {
    if entries.len() > METADATA_KEYS {
        let message = format!(
            "Invalid {name}: metadata can have up to {METADATA_KEYS} keys, but {} were given.",
            entries.len()
        );
        return Err(StripeError::invalid(message, Some(name)));
    }
    for (key, value) in entries {
        let param = format!("{name}[{key}]");
        if key.chars().count() > METADATA_KEY_LENGTH {
            let message = format!(
                "Metadata keys can have up to {METADATA_KEY_LENGTH} characters: `{key}` has {}.",
                key.chars().count()
            );
            return Err(StripeError::invalid(message, Some(&param)));
        }
        let length = value.as_str().map_or(0, |v| v.chars().count());
        if length > METADATA_VALUE_LENGTH {
            let message = format!("Metadata values can have up to {METADATA_VALUE_LENGTH} characters: the value of `{key}` has {length}.");
            return Err(StripeError::invalid(message, Some(&param)));
        }
    }
    Ok(())
}

/// Whether an object may be deleted: a product with prices may not
/// (<https://docs.stripe.com/api/products/delete>: "only a product with no prices").
pub fn check_deletable(state: &State, object: &str, id: &str) -> Result<(), StripeError> {
    if object == "product" && state.store.all("price").iter().any(|p| p["product"] == id) {
        return Err(StripeError::invalid(
            "This product cannot be deleted because it has one or more user-created prices.",
            None,
        ));
    }
    Ok(())
}
