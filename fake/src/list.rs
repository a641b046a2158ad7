//! Lists as Stripe pages them: newest first, `limit` (10 by default, at most 100),
//! `starting_after` and `ending_before`, `has_more`, and the list's `url`. Top-level lists
//! filter by the parameters that name a field (`customer`, `status`, `created[gte]`);
//! nested lists (`/v1/checkout/sessions/{session}/line_items`) page what the object holds,
//! or the objects that name it (`/v1/charges/{charge}/refunds`).

use serde_json::{json, Map, Value};

use crate::answer::StripeError;
use crate::state::State;
use crate::table::Operation;

/// Parameters that page a list rather than filter it.
const PAGING: &[&str] = &["limit", "starting_after", "ending_before", "expand"];

/// The page a list operation answers with.
pub fn list(
    state: &State,
    op: &Operation,
    ids: &[(String, String)],
    params: &Map<String, Value>,
) -> Result<Value, StripeError> {
    let object = op.object.unwrap_or("object");
    let url = ids.iter().fold(op.path.to_owned(), |path, (name, id)| {
        path.replace(&format!("{{{name}}}"), id)
    });
    let items: Vec<Value> = match (op.parent, ids.first()) {
        (Some(parent), Some((param, id))) => {
            let owner = state
                .store
                .get_of(parent, id)
                .ok_or_else(|| StripeError::missing(parent, id, param))?;
            let field = op.path.rsplit('/').next().unwrap_or_default();
            match state.store.hidden(id, field).or_else(|| owner.get(field)) {
                Some(held) => held["data"].as_array().cloned().unwrap_or_default(),
                None => owned_by(state, object, parent, id, params),
            }
        }
        _ => state
            .store
            .all(object)
            .into_iter()
            .filter(|item| matches(item, params))
            .cloned()
            .collect(),
    };
    page(object, items, params, &url)
}

/// The objects of a nested list that its owner does not hold (a charge's refunds): those
/// whose field named after the owner's kind (`charge`) is the owner.
fn owned_by(
    state: &State,
    object: &str,
    parent: &str,
    id: &str,
    params: &Map<String, Value>,
) -> Vec<Value> {
    let field = parent.rsplit('.').next().unwrap_or(parent);
    state
        .store
        .all(object)
        .into_iter()
        .filter(|item| {
            let owner = &item[field];
            owner.get("id").unwrap_or(owner) == id && matches(item, params)
        })
        .cloned()
        .collect()
}

fn matches(item: &Value, params: &Map<String, Value>) -> bool {
    params
        .iter()
        .filter(|(key, _)| !PAGING.contains(&key.as_str()))
        .all(|(key, wanted)| filter_holds(item, key, wanted))
}

/// Whether one filter parameter lets the item through: a scalar equals the field (or the
/// id of an expanded object); bounds (`created[gte]`) compare; a nested object
/// (`recurring[interval]`) filters the field's own fields; a list (`lookup_keys[]`,
/// `ids[]`) takes an item whose singular field is one of its values. A parameter that
/// names no field does not filter.
fn filter_holds(item: &Value, key: &str, wanted: &Value) -> bool {
    if let Value::Array(values) = wanted {
        let singular = key.strip_suffix('s').unwrap_or(key);
        let field = item
            .get(singular)
            .or_else(|| (key == "ids").then(|| &item["id"]));
        return field.is_none_or(|field| values.contains(field));
    }
    let Some(field) = item.get(key) else {
        return true;
    };
    let field = field.get("id").unwrap_or(field);
    match wanted {
        Value::Object(bounds) if bounds.keys().all(|k| BOUNDS.contains(&k.as_str())) => {
            bounds.iter().all(|(op, bound)| {
                let (Some(v), Some(b)) = (field.as_i64(), bound.as_i64()) else {
                    return true;
                };
                match op.as_str() {
                    "gt" => v > b,
                    "gte" => v >= b,
                    "lt" => v < b,
                    _ => v <= b,
                }
            })
        }
        Value::Object(_) if field.is_null() => false,
        Value::Object(inner) => inner.iter().all(|(k, v)| filter_holds(field, k, v)),
        scalar => field == scalar,
    }
}

const BOUNDS: &[&str] = &["gt", "gte", "lt", "lte"];

fn page(
    object: &str,
    items: Vec<Value>,
    params: &Map<String, Value>,
    url: &str,
) -> Result<Value, StripeError> {
    let limit = params.get("limit").and_then(Value::as_i64).unwrap_or(10);
    if !(1..=100).contains(&limit) {
        return Err(StripeError::invalid(
            "This value must be greater than or equal to 1 and less than or equal to 100.",
            Some("limit"),
        ));
    }
    let limit = limit as usize;
    let position = |param: &str| -> Result<Option<usize>, StripeError> {
        let Some(id) = params.get(param).and_then(Value::as_str) else {
            return Ok(None);
        };
        items
            .iter()
            .position(|item| item["id"] == id)
            .map(Some)
            .ok_or_else(|| StripeError {
                status: 400,
                ..StripeError::missing(object, id, param)
            })
    };
    let (data, has_more) = if let Some(after) = position("starting_after")? {
        let rest = &items[after + 1..];
        (
            rest.iter().take(limit).cloned().collect::<Vec<_>>(),
            rest.len() > limit,
        )
    } else if let Some(before) = position("ending_before")? {
        let start = before.saturating_sub(limit);
        (items[start..before].to_vec(), start > 0)
    } else {
        (
            items.iter().take(limit).cloned().collect(),
            items.len() > limit,
        )
    };
    Ok(json!({"object": "list", "data": data, "has_more": has_more, "url": url}))
}
