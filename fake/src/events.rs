//! Events and their webhook deliveries: an event is stored like any object (so
//! `list_events` and `retrieve_event` see it) and sent, signed with the crate's own
//! signing, to every enabled endpoint created through `create_webhook_endpoint` whose
//! `enabled_events` take it.

use serde_json::{json, Value};

use std::time::Duration;

use stripe_api::EventType;

use crate::generated::API_VERSION;
use crate::state::State;
use crate::store::Store;

/// A delivery to make once the state is unlocked.
#[derive(Debug, Clone)]
pub struct PendingDelivery {
    /// The event's id.
    pub event: String,
    /// The endpoint's id.
    pub endpoint: String,
    /// Where to send it.
    pub url: String,
    /// The endpoint's signing secret.
    pub secret: String,
    /// The event, as sent.
    pub payload: String,
}

/// Seconds since the Unix epoch.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Stores an event about `object` and queues its deliveries in the state's outbox,
/// when the spec lists the event type (an API version without `price.updated`, say,
/// sends none).
pub fn emit(state: &mut State, type_: &str, object: &Value) {
    emit_with(state, type_, object, None);
}

/// [`emit`] for an update: `previous` holds the changed fields' earlier values.
pub fn emit_with(state: &mut State, type_: &str, object: &Value, previous: Option<Value>) {
    if !listed(type_) {
        return;
    }
    let mut event = Store::skeleton("event");
    let id = state.store.new_id("event");
    let request = match &state.request {
        Some((id, key)) => json!({"id": id, "idempotency_key": key}),
        None => json!({"id": null, "idempotency_key": null}),
    };
    let endpoints = endpoints_taking(state, type_);
    for (key, value) in [
        ("id", json!(id)),
        ("object", json!("event")),
        ("api_version", json!(API_VERSION)),
        ("created", json!(state.now())),
        ("data", data(object, previous)),
        ("livemode", json!(false)),
        ("pending_webhooks", json!(endpoints.len())),
        ("request", request),
        ("type", json!(type_)),
    ] {
        event.insert(key.to_owned(), value);
    }
    state.store.put(event);
    if let Some(event) = state.store.get(&id) {
        let deliveries = deliveries_to(state, event, endpoints);
        state.outbox.extend(deliveries);
    }
}

/// Whether the spec lists this event type.
pub fn listed(type_: &str) -> bool {
    !matches!(
        type_.parse::<EventType>(),
        Ok(EventType::Unknown(_)) | Err(_)
    )
}

fn data(object: &Value, previous: Option<Value>) -> Value {
    match previous {
        Some(previous) => json!({ "object": object, "previous_attributes": previous }),
        None => json!({ "object": object }),
    }
}

/// The deliveries of a stored event: one per enabled endpoint that takes its type.
pub fn deliveries_of(state: &State, event: &Value) -> Vec<PendingDelivery> {
    let type_ = event["type"].as_str().unwrap_or_default();
    deliveries_to(state, event, endpoints_taking(state, type_))
}

/// The deliveries of a stored event to these endpoints (id and URL); the event is
/// written out only when some endpoint takes it.
fn deliveries_to(
    state: &State,
    event: &Value,
    endpoints: Vec<(String, String)>,
) -> Vec<PendingDelivery> {
    if endpoints.is_empty() {
        return Vec::new();
    }
    let payload = event.to_string();
    endpoints
        .into_iter()
        .filter_map(|(endpoint, url)| {
            let secret = state.endpoint_secrets.get(&endpoint)?.clone();
            Some(PendingDelivery {
                event: event["id"].as_str().unwrap_or_default().to_owned(),
                endpoint,
                url,
                secret,
                payload: payload.clone(),
            })
        })
        .collect()
}

fn endpoints_taking(state: &State, type_: &str) -> Vec<(String, String)> {
    state
        .store
        .all("webhook_endpoint")
        .into_iter()
        .filter(|endpoint| endpoint["status"] != "disabled" && takes(endpoint, type_))
        .filter_map(|endpoint| {
            let id = endpoint["id"].as_str()?.to_owned();
            Some((id, endpoint["url"].as_str()?.to_owned()))
        })
        .collect()
}

fn takes(endpoint: &Value, type_: &str) -> bool {
    endpoint["enabled_events"]
        .as_array()
        .is_some_and(|types| types.iter().any(|t| t == "*" || t == type_))
}

/// After an object is created: an endpoint gets its signing secret (in this answer
/// only, as Stripe does).
pub fn on_create(state: &mut State, object: &str, stored: Value) -> Value {
    if object != "webhook_endpoint" {
        return stored;
    }
    let id = stored["id"].as_str().unwrap_or_default().to_owned();
    let secret = format!("whsec_{}", state.store.random_text(32));
    state.endpoint_secrets.insert(id.clone(), secret.clone());
    if let Some(endpoint) = state.store.get_mut(&id) {
        endpoint["status"] = json!("enabled");
    }
    let mut answer = state.store.get(&id).cloned().unwrap_or(stored);
    answer["secret"] = json!(secret);
    answer
}

/// Sends one delivery attempt and says how it went.
pub async fn deliver(
    delivery: &PendingDelivery,
    attempt: u32,
    timeout: Duration,
) -> crate::Delivery {
    let signature = stripe_api::webhook::sign(delivery.payload.as_bytes(), &delivery.secret, now());
    let headers = [
        ("Content-Type", "application/json; charset=utf-8"),
        ("Stripe-Signature", signature.as_str()),
        (
            "User-Agent",
            "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
        ),
    ];
    let outcome = crate::http::post(&delivery.url, &headers, &delivery.payload, timeout).await;
    crate::Delivery {
        event: delivery.event.clone(),
        endpoint: delivery.endpoint.clone(),
        attempt,
        status: outcome.as_ref().ok().copied(),
        error: outcome.err(),
    }
}
