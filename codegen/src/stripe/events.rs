//! Typed events, a pass over the built IR: the spec's list of event types becomes
//! `EventType`, an event's `type` takes it, and an event's `data.object` becomes
//! `EventObject`, a union of every API object the crate has, told apart by the object's
//! own `object` tag (which is the resource name in the event type:
//! `checkout.session.completed` carries a `checkout.session`). Objects outside the
//! selection stay raw JSON in its fallback.

use std::collections::{BTreeSet, HashMap};

use crate::ir::{
    Gate, Ir, ObjectTag, Payload, Tagging, Ty, TypeDef, TypeId, TypeKind, Union, Usage, Variant,
};
use crate::naming;
use crate::openapi::pointer::Pointer;

/// Where the spec lists every event type: the items of `enabled_events` when creating a
/// webhook endpoint.
pub const EVENT_TYPES_AT: &str = "#/paths/~1v1~1webhook_endpoints/post/requestBody/content/application~1x-www-form-urlencoded/schema/properties/enabled_events/items";

/// The schema of an event, whose `type` field takes an event type.
const EVENT_SCHEMA: &str = "event";

/// The field of an event that holds its type.
const EVENT_TYPE_FIELD: &str = "type";

/// The schema of an event's `data`, whose `object` field holds the API object.
const EVENT_DATA_SCHEMA: &str = "notification_event_data";

/// The field of an event's `data` that holds the API object.
const EVENT_OBJECT_FIELD: &str = "object";

/// The module the event types live in.
const EVENT_MODULE: &str = "event";

/// The type each component schema became, by the schema's name.
pub type Components = HashMap<TypeId, String>;

fn id_of(components: &Components, component: &str) -> Option<TypeId> {
    components
        .iter()
        .find(|(_, name)| name.as_str() == component)
        .map(|(id, _)| *id)
}

/// Applies the event conventions when the spec has the pieces (a spec without them keeps
/// plain strings and maps). Returns the types it placed in the `event` module.
pub fn type_events(ir: &mut Ir, components: &Components) -> Vec<(TypeId, Vec<String>)> {
    let mut placed = Vec::new();
    let event_type = ir
        .types
        .iter()
        .position(|t| t.origin.to_string() == EVENT_TYPES_AT)
        .map(TypeId);
    if let Some(id) = event_type {
        let def = &mut ir.types[id.0];
        def.name = "EventType".to_owned();
        def.docs = Some("The type of an event (`checkout.session.completed`), or `*` for all of them when choosing the events of a webhook endpoint.".to_owned());
        placed.push((id, vec![EVENT_MODULE.to_owned()]));
        retype_field(
            ir,
            components,
            EVENT_SCHEMA,
            EVENT_TYPE_FIELD,
            Ty::Named(id),
        );
    }
    if id_of(components, EVENT_DATA_SCHEMA).is_some() {
        let object = event_object(ir, components);
        placed.push((object, vec![EVENT_MODULE.to_owned()]));
        let ty = Ty::Named(object);
        retype_field(ir, components, EVENT_DATA_SCHEMA, EVENT_OBJECT_FIELD, ty);
    }
    placed
}

/// Sets the type of a component struct's field.
fn retype_field(ir: &mut Ir, components: &Components, component: &str, wire: &str, ty: Ty) {
    let Some(id) = id_of(components, component) else {
        return;
    };
    if let TypeKind::Struct(s) = &mut ir.types[id.0].kind {
        if let Some(field) = s.fields.iter_mut().find(|f| f.wire_name == wire) {
            field.ty = ty;
        }
    }
}

/// `EventObject`: every API object of the crate, by its `object` tag.
fn event_object(ir: &mut Ir, components: &Components) -> TypeId {
    // API objects are the component structs with an `object` tag (the builder tags only
    // schemas with `x-resourceId`).
    let mut members: Vec<(String, TypeId, ObjectTag)> = components
        .keys()
        .filter_map(|id| match &ir.ty(*id).kind {
            TypeKind::Struct(s) => Some((ir.ty(*id).name.clone(), *id, s.tag.clone()?)),
            _ => None,
        })
        .collect();
    members.sort_by(|a, b| a.0.cmp(&b.0));
    let distinct: BTreeSet<&ObjectTag> = members.iter().map(|m| &m.2).collect();
    let tagging = if distinct.len() == members.len() {
        Tagging::Object
    } else {
        Tagging::Untagged
    };
    let variants: Vec<Variant> = members
        .into_iter()
        .map(|(name, member, tag)| Variant {
            name,
            payload: Payload::Value(Ty::Named(member)),
            tag: (tagging == Tagging::Object).then_some(tag),
        })
        .collect();
    let fallback = naming::unused_name(variants.iter().map(|v| v.name.as_str()), "Unknown");
    // An event's object is rendered in the API version of the event, which may be any:
    // one that does not fit its type still reaches the program, raw, with the error.
    let undecoded = (tagging == Tagging::Object).then(|| {
        let taken = variants
            .iter()
            .map(|v| v.name.as_str())
            .chain([fallback.as_str()]);
        naming::unused_name(taken, "Undecoded")
    });
    let id = TypeId(ir.types.len());
    ir.types.push(TypeDef {
        name: "EventObject".to_owned(),
        module: Vec::new(),
        docs: Some("The object an event is about, picked by its `object` tag. Objects this crate does not generate, or that a newer API version added, are kept as raw JSON; an object of another API version that does not fit its type is kept raw with the error.".to_owned()),
        origin: Pointer::root().join([
            "components",
            "schemas",
            EVENT_DATA_SCHEMA,
            "properties",
            EVENT_OBJECT_FIELD,
        ]),
        usage: Usage::default(),
        kind: TypeKind::Union(Union {
            variants,
            tagging,
            fallback,
            undecoded,
        }),
        gate: Gate::Always,
        fields_gate: Gate::Always,
    });
    id
}
