//! Stripe's conventions on top of OpenAPI, recognised in one place.
//!
//! Everything else in the generator is a plain OpenAPI-to-Rust pipeline; the functions
//! here tell it which shapes mean "expandable", "list page", "clear with an empty
//! string", "range filter", "object tag" and how REST paths name operations.

use std::collections::BTreeSet;

use openapiv3::{ObjectType, ReferenceOr, Schema, SchemaData, SchemaKind, Type};
use serde_json::{Map, Value};

use crate::ir::ObjectTag;
use crate::openapi::refs::{ref_name, AsSchema};

pub mod events;
pub mod fake;
pub mod kinds;
mod operations;

pub use events::EVENT_TYPES_AT;
pub use kinds::{operation_kind, Answer};
pub use operations::{operation_name, OperationName};

/// The field that holds an API object's id.
pub const ID_FIELD: &str = "id";

/// Stripe's string format for decimal numbers sent as strings.
pub const DECIMAL_FORMAT: &str = "decimal";

/// Stripe's integer format for seconds since the Unix epoch.
pub const UNIX_TIME_FORMAT: &str = "unix-time";

/// The event type that stands for every event type when choosing a webhook endpoint's.
const ALL_EVENTS: &str = "*";

const LIST_OBJECT: &str = "list";
const SEARCH_OBJECT: &str = "search_result";
const DELETED_FIELD: &str = "deleted";
const DELETED_PREFIX: &str = "deleted_";

/// Operations every selection of a spec that has them includes, lowercase method and
/// path: the runtime's webhook support decodes events, whose types (`Event`,
/// `EventType`, `EventObject`) come from retrieving an event and from the event types a
/// webhook endpoint takes.
pub const RUNTIME_OPERATIONS: [(&str, &str); 2] = [
    ("get", "/v1/events/{id}"),
    ("post", "/v1/webhook_endpoints"),
];

/// Resource areas (top-level modules) that no cargo feature gates: the runtime's
/// webhook support reads events, and endpoints choose the event types.
pub const UNGATED_AREAS: [&str; 2] = ["event", "webhook_endpoint"];

/// Marks an enum whose listed values Stripe does not enforce on requests.
const BYPASS_VALIDATION: &str = "x-stripeBypassValidation";

/// Whether Stripe takes values outside a string enum's list (`x-stripeBypassValidation`).
pub fn accepts_unlisted_values(schema: &SchemaData) -> bool {
    schema.extensions.get(BYPASS_VALIDATION) == Some(&Value::Bool(true))
}

/// The variant name of an enum value: `*` (all event types) is `All`.
pub fn enum_variant_name(wire: &str) -> String {
    if wire == ALL_EVENTS {
        "All".to_owned()
    } else {
        crate::naming::variant_name(wire)
    }
}

/// The objects an operation's response schema returns: a direct `$ref`, each member of
/// an `anyOf`, or the item type of a list page.
pub fn returned_objects(schema: &Value) -> Vec<String> {
    if let Some(name) = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(ref_name)
    {
        return vec![name];
    }
    if let Some(Value::Array(alternatives)) = schema.get("anyOf") {
        return alternatives.iter().flat_map(returned_objects).collect();
    }
    match schema.pointer("/properties/data/items") {
        Some(items) => returned_objects(items),
        None => Vec::new(),
    }
}

/// The targets of an expandable field (`x-expansionResources`), as schema names.
fn expansion_targets_of(resources: &Value) -> Option<Vec<String>> {
    resources
        .get("oneOf")?
        .as_array()?
        .iter()
        .map(|r| r.get("$ref")?.as_str().and_then(ref_name))
        .collect()
}

/// The module of an operation whose path names no known object: its literal segments
/// before the first parameter, the last one singular (`/v1/apple_pay/domains` →
/// `apple_pay::domain`).
pub fn path_module(path: &str) -> Vec<String> {
    let mut words: Vec<String> = path
        .trim_start_matches("/v1/")
        .split('/')
        .take_while(|s| !s.starts_with('{'))
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    if let Some(last) = words.last_mut() {
        *last = operations::singular(last);
    }
    if words.is_empty() {
        words.push("other".to_owned());
    }
    words
}

/// For an expandable field whose targets are not all kept, the schema that replaces it:
/// still expandable (an id, or when expanded an object as raw JSON), with no `$ref` to
/// the objects, so the subset does not pull them in. `None` when the node is not such a
/// field.
pub fn raw_expansion(node: &Value, kept: &BTreeSet<String>) -> Option<Value> {
    let map = node.as_object()?;
    map.get("anyOf")?;
    let targets = expansion_targets_of(map.get("x-expansionResources")?)?;
    if targets.iter().all(|t| kept.contains(t)) {
        return None;
    }
    let mut raw = Map::new();
    let object = serde_json::json!({
        "description": format!("An expanded `{}`, outside the selection.", targets.join("` or `")),
        "type": "object",
    });
    raw.insert(
        "anyOf".to_owned(),
        Value::Array(vec![
            serde_json::json!({"maxLength": 5000, "type": "string"}),
            object,
        ]),
    );
    for key in ["description", "nullable"] {
        if let Some(value) = map.get(key) {
            raw.insert(key.to_owned(), value.clone());
        }
    }
    raw.insert(
        "x-expansionResources".to_owned(),
        serde_json::json!({"oneOf": []}),
    );
    Some(Value::Object(raw))
}

/// The schema names an expandable field may hold when expanded.
pub fn expansion_targets(data: &SchemaData) -> Option<Vec<String>> {
    expansion_targets_of(data.extensions.get("x-expansionResources")?)
}

/// `x-resourceId`: set on schemas that are API objects.
pub fn resource_id(data: &SchemaData) -> Option<&str> {
    data.extensions.get("x-resourceId").and_then(Value::as_str)
}

/// The resource a schema belongs to: `deleted_customer` is the deletion marker of
/// `customer` and shares its id and module.
pub fn base_resource(name: &str) -> &str {
    name.strip_prefix(DELETED_PREFIX).unwrap_or(name)
}

/// The module path of a resource: `checkout.session` lives in `checkout::session`.
pub fn resource_module(name: &str) -> Vec<String> {
    let base = base_resource(name);
    let base = RENAMED
        .iter()
        .find(|(spec, _)| *spec == base)
        .map_or(base, |(_, ours)| ours);
    base.split('.').map(crate::naming::field_name).collect()
}

/// Schemas whose spec name is not what Stripe's libraries and docs call them.
const RENAMED: &[(&str, &str)] = &[("item", "line_item"), ("line_item", "invoice_line_item")];

/// The words a component's type name is made from: its name, or what the official
/// libraries call it (`item` is a `LineItem`).
pub fn component_words(name: &str) -> &str {
    RENAMED
        .iter()
        .find(|(spec, _)| *spec == name)
        .map_or(name, |(_, ours)| ours)
}

/// How a page of objects leads to the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    /// A list (`object: list`): the next page starts after the last item's id.
    Cursor,
    /// Search results (`object: search_result`): the next page is the `next_page` token.
    Search,
}

/// For a page of objects (a list with `data`, `has_more`, `url`; or search results, with
/// `next_page` and `total_count` too), how it pages and the item schema.
pub fn page_item(object: &ObjectType) -> Option<(Paging, &ReferenceOr<Box<Schema>>)> {
    let keys: BTreeSet<&str> = object.properties.keys().map(String::as_str).collect();
    let tag = single_string_enum(object.properties.get("object")?)?;
    let paging = match tag.as_str() {
        LIST_OBJECT if keys == BTreeSet::from(["data", "has_more", "object", "url"]) => {
            Paging::Cursor
        }
        SEARCH_OBJECT
            if keys.is_superset(&BTreeSet::from(["data", "has_more", "next_page", "object"])) =>
        {
            Paging::Search
        }
        _ => return None,
    };
    match object.properties.get("data")? {
        ReferenceOr::Item(data) => match &data.schema_kind {
            SchemaKind::Type(Type::Array(array)) => array.items.as_ref().map(|item| (paging, item)),
            _ => None,
        },
        ReferenceOr::Reference { .. } => None,
    }
}

/// For `anyOf: [X, ""]`, the alternative `X` that can be set (the other clears).
pub fn clearable<T: AsSchema>(any_of: &[ReferenceOr<T>]) -> Option<&ReferenceOr<T>> {
    match any_of {
        [a, b] if is_empty_string(b) => Some(a),
        [a, b] if is_empty_string(a) => Some(b),
        _ => None,
    }
}

/// For `anyOf: [integer, {gt, gte, lt, lte}]`, the integer alternative.
pub fn range_filter<T: AsSchema>(any_of: &[ReferenceOr<T>]) -> Option<&ReferenceOr<T>> {
    let [a, b] = any_of else { return None };
    let (bounds, exact) = if is_integer(a) { (b, a) } else { (a, b) };
    let ReferenceOr::Item(bounds) = bounds else {
        return None;
    };
    let SchemaKind::Type(Type::Object(object)) = &bounds.as_schema().schema_kind else {
        return None;
    };
    let bound_keys = ["gt", "gte", "lt", "lte"];
    let all_bounds = !object.properties.is_empty()
        && object
            .properties
            .keys()
            .all(|k| bound_keys.contains(&k.as_str()));
    (is_integer(exact) && all_bounds).then_some(exact)
}

/// The tag that identifies an object schema in a polymorphic field: its single `object`
/// value, and whether it is a deletion marker.
pub fn object_tag(schema: &Schema) -> Option<ObjectTag> {
    let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind else {
        return None;
    };
    let tag = single_string_enum(object.properties.get("object")?)?;
    Some(ObjectTag {
        object: tag,
        deleted: object.required.iter().any(|field| field == DELETED_FIELD),
    })
}

/// Whether a field is the `object` tag of an API object: kept as a plain string, since a
/// one-value enum adds nothing.
pub fn is_object_tag_field(wire_name: &str, values: &[String]) -> bool {
    wire_name == "object" && values.len() == 1
}

/// The resource a path belongs to, read off its first literal segments: the longest run
/// that names an API object in `resources` (`/v1/checkout/sessions/...` →
/// `checkout.session`), with the path parameter that holds its id, if one follows.
pub fn path_resource(path: &str, resources: &BTreeSet<String>) -> Option<(String, Option<String>)> {
    let segments: Vec<&str> = path.trim_start_matches("/v1/").split('/').collect();
    let literal_prefix = segments.iter().take_while(|s| !s.starts_with('{')).count();
    let (resource, used) = (1..=literal_prefix)
        .rev()
        .find_map(|n| singular_resource(&segments[..n], resources).map(|r| (r, n)))?;
    let id_param = segments
        .get(used)
        .filter(|s| s.starts_with('{'))
        .map(|s| s.trim_matches(|c| c == '{' || c == '}').to_owned());
    Some((resource, id_param))
}

fn singular_resource(segments: &[&str], resources: &BTreeSet<String>) -> Option<String> {
    let (last, init) = segments.split_last()?;
    let candidates = [last.to_string(), operations::singular(last)];
    candidates.into_iter().find_map(|candidate| {
        let mut parts: Vec<&str> = init.to_vec();
        parts.push(&candidate);
        let name = parts.join(".");
        resources.contains(&name).then_some(name)
    })
}

fn is_empty_string<T: AsSchema>(schema: &ReferenceOr<T>) -> bool {
    matches!(schema, ReferenceOr::Item(s) if matches!(
        &s.as_schema().schema_kind,
        SchemaKind::Type(Type::String(st)) if st.enumeration == [Some(String::new())]
    ))
}

fn is_integer<T: AsSchema>(schema: &ReferenceOr<T>) -> bool {
    matches!(schema, ReferenceOr::Item(s) if matches!(
        &s.as_schema().schema_kind,
        SchemaKind::Type(Type::Integer(it)) if it.enumeration.is_empty()
    ))
}

fn single_string_enum(schema: &ReferenceOr<Box<Schema>>) -> Option<String> {
    let ReferenceOr::Item(schema) = schema else {
        return None;
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(st)) => match st.enumeration.as_slice() {
            [Some(value)] => Some(value.clone()),
            _ => None,
        },
        _ => None,
    }
}
