//! Creating, changing and deleting stored objects as Stripe does: a new object starts
//! from its skeleton with a fresh id and the request's parameters, takes Stripe's
//! defaults, and each change sends its event (`customer.created`, `price.updated` with
//! `previous_attributes`, `product.deleted`) when the spec lists that type.

use serde_json::{json, Map, Value};

use crate::answer::StripeError;
use crate::events::{emit, emit_with};
use crate::state::State;
use crate::store::Store;
use crate::{checkout, events, rules};

/// Creates and stores an object of this kind from its parameters and the path's ids;
/// answers with it.
pub fn create(
    state: &mut State,
    object: &str,
    params: &Map<String, Value>,
    ids: &[(String, String)],
) -> Result<Value, StripeError> {
    match object {
        "subscription" => crate::subscriptions::create(state, params, ids),
        "refund" => crate::refunds::create(state, params, ids),
        _ => create_stored(state, object, params, ids),
    }
}

/// [`create`] without the objects whose creation does more (a subscription bills, a
/// refund changes its charge).
pub fn create_stored(
    state: &mut State,
    object: &str,
    params: &Map<String, Value>,
    ids: &[(String, String)],
) -> Result<Value, StripeError> {
    let mut created = Value::Object(Store::skeleton(object));
    let id = match params.get("id").and_then(Value::as_str) {
        Some(id) if state.store.get(id).is_some() => {
            return Err(StripeError::invalid(
                format!("{object} already exists: '{id}'"),
                Some("id"),
            ));
        }
        Some(id) => id.to_owned(),
        None => state.store.new_id(object),
    };
    created["id"] = json!(id);
    if created.get("created").is_some() {
        created["created"] = json!(state.now());
    }
    if created.get("livemode").is_some() {
        created["livemode"] = json!(false);
    }
    overlay(&mut created, params);
    for (name, value) in ids {
        if created.get(name).is_some() {
            created[name] = json!(value);
        }
    }
    rules::on_create(state, object, &mut created, params)?;
    checkout::on_create(state, object, &mut created, params)?;
    let stored = replace(state, created);
    emit(state, &rules::event_type(object, "created"), &stored);
    Ok(events::on_create(state, object, stored))
}

/// Stores a new object the fake itself makes (a session's subscription, a payment
/// intent), from its skeleton and these fields, and sends its `.created` event.
pub fn build(state: &mut State, object: &str, fields: &[(&str, Value)]) -> Value {
    let mut built = Store::skeleton(object);
    built.insert("id".to_owned(), json!(state.store.new_id(object)));
    if built.contains_key("created") {
        built.insert("created".to_owned(), json!(state.now()));
    }
    for (key, value) in fields {
        built.insert((*key).to_owned(), value.clone());
    }
    let stored = state.store.insert(built);
    emit(state, &rules::event_type(object, "created"), &stored);
    stored
}

/// Sets fields of a stored object and sends `event` (when given) with the fields'
/// earlier values.
pub fn set(state: &mut State, id: &str, fields: &[(&str, Value)], event: Option<&str>) -> Value {
    let Some(current) = state.store.get(id).cloned() else {
        return Value::Null;
    };
    let mut changed = current.clone();
    for (key, value) in fields {
        changed[*key] = value.clone();
    }
    let stored = replace(state, changed);
    if let Some(type_) = event {
        let previous = previous_attributes(&current, &stored);
        emit_with(state, type_, &stored, Some(Value::Object(previous)));
    }
    stored
}

/// Changes a stored object; the event carries the changed fields' earlier values.
pub fn update(
    state: &mut State,
    current: Value,
    params: &Map<String, Value>,
) -> Result<Value, StripeError> {
    let object = current["object"].as_str().unwrap_or_default().to_owned();
    let mut changed = current.clone();
    overlay(&mut changed, params);
    if changed.get("updated").is_some() {
        changed["updated"] = json!(state.now());
    }
    if object == "price" && params.contains_key("recurring") {
        rules::price_terms(&mut changed, params);
    }
    let stored = replace(state, changed);
    let previous = previous_attributes(&current, &stored);
    if !previous.is_empty() {
        let type_ = rules::event_type(&object, "updated");
        emit_with(state, &type_, &stored, Some(Value::Object(previous)));
    }
    Ok(stored)
}

/// Stores an object in place of the one with its id (or as a new one); answers it.
pub fn replace(state: &mut State, changed: Value) -> Value {
    let Value::Object(fields) = changed else {
        return changed;
    };
    state.store.insert(fields)
}

/// Deletes a stored object; answers with Stripe's deletion marker.
pub fn delete(
    state: &mut State,
    object: &str,
    id: &str,
    param: &str,
) -> Result<Value, StripeError> {
    let current = state
        .store
        .get_of(object, id)
        .cloned()
        .ok_or_else(|| StripeError::missing(object, id, param))?;
    rules::check_deletable(state, object, id)?;
    if rules::CANCELED_WHEN_DELETED.contains(&object) {
        let now = state.now();
        return Ok(crate::billing::cancel(state, id, now));
    }
    let keep = rules::RETRIEVABLE_WHEN_DELETED.contains(&object);
    let marker = state
        .store
        .remove(id, keep)
        .ok_or_else(|| StripeError::missing(object, id, param))?;
    emit(state, &rules::event_type(object, "deleted"), &current);
    Ok(marker)
}

/// The top-level fields that differ, with their values before.
fn previous_attributes(before: &Value, after: &Value) -> Map<String, Value> {
    let (Some(before), Some(after)) = (before.as_object(), after.as_object()) else {
        return Map::new();
    };
    before
        .iter()
        .filter(|(key, value)| after.get(*key) != Some(value))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect()
}

/// Copies parameters onto the fields of the same name the object already has: scalars
/// and lists of scalars where the kinds agree (or the field is `null`), objects field by
/// field. `metadata` merges, and an empty value removes a key, as Stripe does. An object
/// parameter for a field that is `null` is left out: the fake knows the request's shape
/// of it, not the answer's, and a partial object would not decode.
pub fn overlay(object: &mut Value, params: &Map<String, Value>) {
    let Some(fields) = object.as_object_mut() else {
        return;
    };
    for (key, value) in params {
        if key == "expand" || key == "id" {
            continue;
        }
        let Some(current) = fields.get_mut(key) else {
            continue;
        };
        match (&mut *current, value) {
            (_, Value::Object(changes)) if key == "metadata" => {
                if !current.is_object() {
                    *current = Value::Object(Map::new());
                }
                let merged = current.as_object_mut().expect("an object");
                for (k, v) in changes {
                    match v.as_str() {
                        Some("") => merged.remove(k),
                        _ => merged.insert(k.clone(), v.clone()),
                    };
                }
            }
            (Value::Object(_), Value::Object(changes)) => overlay(current, changes),
            (_, Value::Object(_)) => {}
            (_, Value::Array(items)) if items.iter().any(|i| i.is_object() || i.is_array()) => {}
            (current, value) => {
                let same_kind = std::mem::discriminant(&*current) == std::mem::discriminant(value);
                if current.is_null() || value.is_null() || same_kind {
                    *current = value.clone();
                }
            }
        }
    }
}
