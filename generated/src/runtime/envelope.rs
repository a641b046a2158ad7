//! The part of an event that every API version shares.
//!
//! Stripe renders an event's `data.object` in the API version of the webhook endpoint (or
//! of the account), not in the version of the client. The envelope around it has kept its
//! shape across versions, so it is read on its own: a verified event can always be
//! acknowledged, logged or stored, whatever its object looks like.

use serde_json::Value;

use super::Timestamp;
use crate::api::{EventId, EventType};

/// An event's id, type, API version, time and mode, with its object as raw JSON.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct EventEnvelope {
    /// The event's id (`evt_...`).
    pub id: EventId,
    /// What happened (`checkout.session.completed`).
    pub type_: EventType,
    /// The API version `data.object` is rendered in; `None` for events before 2014-10-31.
    pub api_version: Option<String>,
    /// When the event happened.
    pub created: Timestamp,
    /// Whether it comes from live mode.
    pub livemode: bool,
    /// `data.object`, as sent.
    pub object: Value,
    /// `data.previous_attributes`, as sent, for `*.updated` events.
    pub previous_attributes: Option<Value>,
}

impl EventEnvelope {
    /// Reads the envelope of an event payload; `None` if it is not an event (no `id`,
    /// `type`, `created`, `livemode` or `data.object`).
    pub fn from_json(payload: &[u8]) -> Option<Self> {
        let mut event: Value = serde_json::from_slice(payload).ok()?;
        let text = |event: &Value, key: &str| event.get(key)?.as_str().map(str::to_owned);
        let id = text(&event, "id")?;
        let type_ = text(&event, "type")?;
        let created = event.get("created")?.as_i64()?;
        let livemode = event.get("livemode")?.as_bool()?;
        let api_version = text(&event, "api_version");
        let data = event.get_mut("data")?.as_object_mut()?;
        let object = data.remove("object")?;
        let previous_attributes = data.remove("previous_attributes");
        Some(EventEnvelope {
            id: EventId::from(id),
            type_: type_.parse().unwrap_or_else(|never| match never {}),
            api_version,
            created: Timestamp::from(created),
            livemode,
            object,
            previous_attributes,
        })
    }

    /// Whether `data.object` is rendered in the API version this crate was generated for.
    pub fn has_crate_api_version(&self) -> bool {
        self.api_version.as_deref() == Some(crate::api::API_VERSION)
    }
}
