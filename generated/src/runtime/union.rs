//! Helpers for the generated `Deserialize` impls of unions, which buffer the value as
//! JSON, look at its `object` tag, then decode the chosen variant.

use serde::de::{DeserializeOwned, Error};

/// The `object` tag of a JSON object and whether it is a deletion marker.
pub(crate) fn object_tag(value: &serde_json::Value) -> (&str, bool) {
    let object = value
        .get("object")
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default();
    let deleted = value
        .get("deleted")
        .and_then(serde_json::Value::as_bool)
        .unwrap_or(false);
    (object, deleted)
}

/// Decodes a buffered value, reporting failures through the outer deserializer's error.
pub(crate) fn from_value<T: DeserializeOwned, E: Error>(value: serde_json::Value) -> Result<T, E> {
    T::deserialize(value).map_err(E::custom)
}
