//! Polymorphic fields: an `anyOf` of object `$ref`s, told apart by their `object` tag.

use openapiv3::{ReferenceOr, Schema};

use super::build::{unused_name, Builder, Cx, Owner};
use super::{Payload, Tagging, Ty, TypeId, TypeKind, Union, Variant};
use crate::error::Result;
use crate::stripe;

impl Builder<'_> {
    /// The union of the referenced objects; unions of the same objects share one type.
    pub(super) fn object_union(
        &mut self,
        any_of: &[ReferenceOr<Schema>],
        cx: &Cx,
    ) -> Result<TypeId> {
        let mut members = Vec::with_capacity(any_of.len());
        let mut tags = Vec::with_capacity(any_of.len());
        for (i, alternative) in any_of.iter().enumerate() {
            let at = cx.at.join(["anyOf".to_owned(), i.to_string()]);
            let ReferenceOr::Reference { reference } = alternative else {
                return Err(self.unsupported(&at, "polymorphic field with an inline alternative"));
            };
            let name = stripe::ref_name(reference).unwrap_or_default();
            match self.component(name, &at.push("$ref"))? {
                Ty::Named(id) => members.push(id),
                _ => {
                    return Err(self
                        .unsupported(&at, "polymorphic field whose alternative is not an object"))
                }
            }
            tags.push(match self.schemas().get(name) {
                Some(ReferenceOr::Item(schema)) => stripe::object_tag(schema),
                _ => None,
            });
        }
        if let Some(id) = self.unions.get(&members) {
            return Ok(*id);
        }
        let distinct = tags
            .iter()
            .flatten()
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        let tagging = if tags.iter().all(Option::is_some) && distinct == tags.len() {
            Tagging::Object
        } else {
            Tagging::Untagged
        };
        let names: Vec<String> = members
            .iter()
            .map(|m| self.types[m.0].name.clone())
            .collect();
        let union_cx = Cx {
            name: if names.len() <= 3 {
                names.join("Or")
            } else {
                cx.name.clone()
            },
            owner: Owner::Inline(members[0]),
            ..cx.clone()
        };
        let docs = format!(
            "One of several objects: {}.",
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let id = self.new_type(&union_cx, Some(&docs));
        let variants: Vec<Variant> = members
            .iter()
            .zip(names)
            .zip(tags)
            .map(|((member, name), tag)| Variant {
                name,
                payload: Payload::Value(Ty::Named(*member)),
                tag: if tagging == Tagging::Object {
                    tag
                } else {
                    None
                },
            })
            .collect();
        let fallback = unused_name(variants.iter().map(|v| v.name.as_str()), "Unknown");
        self.set_kind(
            id,
            TypeKind::Union(Union {
                variants,
                tagging,
                fallback,
            }),
        );
        self.unions.insert(members, id);
        Ok(id)
    }
}
