//! Typed events: the spec's list of event types becomes `EventType`, an event's `type`
//! takes it, and an event's `data.object` becomes `EventObject`, a union of every API
//! object the crate has, told apart by the object's own `object` tag (which is the
//! resource name in the event type: `checkout.session.completed` carries a
//! `checkout.session`). Objects outside the selection stay raw JSON in its fallback.

use std::collections::BTreeSet;

use openapiv3::ReferenceOr;

use super::schema::{Builder, Cx, Owner};
use super::{Payload, Tagging, Ty, TypeId, TypeKind, Variant};
use crate::spec::pointer::Pointer;
use crate::stripe;

impl Builder<'_> {
    /// Applies the event conventions when the spec has the pieces; a spec without them
    /// keeps plain strings and maps.
    pub(super) fn type_events(&mut self) {
        let event_type = self
            .types
            .iter()
            .position(|t| t.origin.to_string() == stripe::EVENT_TYPES_AT)
            .map(TypeId);
        if let Some(id) = event_type {
            let def = &mut self.types[id.0];
            def.name = "EventType".to_owned();
            def.docs = Some("The type of an event (`checkout.session.completed`), or `*` for all of them when choosing the events of a webhook endpoint.".to_owned());
            self.owners[id.0] = Owner::Module(vec!["event".to_owned()]);
            self.retype_field(
                stripe::EVENT_SCHEMA,
                stripe::EVENT_TYPE_FIELD,
                Ty::Named(id),
            );
        }
        if self.reserved_id(stripe::EVENT_DATA_SCHEMA).is_some() {
            let object = self.event_object();
            self.retype_field(
                stripe::EVENT_DATA_SCHEMA,
                stripe::EVENT_OBJECT_FIELD,
                Ty::Named(object),
            );
        }
    }

    /// Sets the type of a component struct's field.
    fn retype_field(&mut self, component: &str, wire: &str, ty: Ty) {
        let Some(id) = self.reserved_id(component) else {
            return;
        };
        if let TypeKind::Struct(s) = &mut self.types[id.0].kind {
            if let Some(field) = s.fields.iter_mut().find(|f| f.wire_name == wire) {
                field.ty = ty;
            }
        }
    }

    /// `EventObject`: every API object of the crate, by its `object` tag.
    fn event_object(&mut self) -> TypeId {
        let mut members: Vec<(String, TypeId, super::ObjectTag)> = Vec::new();
        let components: Vec<(TypeId, String)> = self
            .component_names
            .iter()
            .map(|(id, n)| (*id, n.clone()))
            .collect();
        for (id, name) in components {
            let Some(ReferenceOr::Item(schema)) = self.schemas().get(&name) else {
                continue;
            };
            let is_object = stripe::resource_id(&schema.schema_data).is_some();
            if let (true, TypeKind::Struct(_), Some(tag)) = (
                is_object,
                &self.types[id.0].kind,
                stripe::object_tag(schema),
            ) {
                members.push((self.types[id.0].name.clone(), id, tag));
            }
        }
        members.sort_by(|a, b| a.0.cmp(&b.0));
        let distinct: BTreeSet<&super::ObjectTag> = members.iter().map(|m| &m.2).collect();
        let tagging = if distinct.len() == members.len() {
            Tagging::Object
        } else {
            Tagging::Untagged
        };
        let cx = Cx {
            at: Pointer::root().join([
                "components",
                "schemas",
                stripe::EVENT_DATA_SCHEMA,
                "properties",
                stripe::EVENT_OBJECT_FIELD,
            ]),
            name: "EventObject".to_owned(),
            owner: Owner::Module(vec!["event".to_owned()]),
            component: None,
            field: None,
            binary: false,
        };
        let docs = "The object an event is about, picked by its `object` tag. Objects this crate does not generate, or that a newer API version added, are kept as raw JSON.";
        let id = self.new_type(&cx, Some(docs));
        let variants: Vec<Variant> = members
            .into_iter()
            .map(|(name, member, tag)| Variant {
                name,
                payload: Payload::Value(Ty::Named(member)),
                tag: (tagging == Tagging::Object).then_some(tag),
            })
            .collect();
        self.set_union(id, variants, tagging);
        id
    }
}
