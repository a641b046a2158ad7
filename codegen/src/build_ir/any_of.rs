//! `anyOf` schemas: expandable fields, polymorphic objects told apart by their `object`
//! tag, Stripe's request-only shapes, and untagged alternatives for everything else.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::builder::{Builder, Cx, Owner};
use crate::error::Result;
use crate::ir::{Payload, Tagging, Ty, TypeDef, TypeId, TypeKind, Union, Variant};
use crate::naming;
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
            let name = crate::openapi::refs::ref_name(reference).unwrap_or_default();
            match self.component(&name, &at.push("$ref"))? {
                Ty::Named(id) => members.push(id),
                _ => {
                    return Err(self
                        .unsupported(&at, "polymorphic field whose alternative is not an object"))
                }
            }
            tags.push(match self.schemas().get(&name) {
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
        self.set_union(id, variants, tagging);
        self.unions.insert(members, id);
        Ok(id)
    }

    /// Fills in a union type, with a fallback variant named so it collides with none.
    pub(super) fn set_union(&mut self, id: TypeId, variants: Vec<Variant>, tagging: Tagging) {
        let fallback = naming::unused_name(variants.iter().map(|v| v.name.as_str()), "Unknown");
        let union = Union {
            variants,
            tagging,
            fallback,
            undecoded: None,
        };
        self.set_kind(id, TypeKind::Union(union));
    }

    pub(super) fn any_of_ty(
        &mut self,
        any_of: &[ReferenceOr<Schema>],
        schema: &Schema,
        cx: &Cx,
    ) -> Result<Ty> {
        if any_of.is_empty() {
            return Err(self.unsupported(&cx.at.push("anyOf"), "an empty `anyOf`"));
        }
        if stripe::expansion_targets(&schema.schema_data).is_some() {
            return self.expandable(any_of, cx);
        }
        if let [single] = any_of {
            return self.ref_or_ty(single, &cx.child(&["anyOf", "0"], cx.name.clone(), None));
        }
        if any_of
            .iter()
            .all(|a| matches!(a, ReferenceOr::Reference { .. }))
        {
            let id = self.object_union(any_of, cx)?;
            return Ok(Ty::Named(id));
        }
        if let Some(inner) = stripe::clearable(any_of) {
            let index = any_of
                .iter()
                .position(|a| std::ptr::eq(a, inner))
                .unwrap_or(0);
            let inner_cx = cx.child(&["anyOf", &index.to_string()], cx.name.clone(), None);
            return Ok(Ty::Clearable(Box::new(self.ref_or_ty(inner, &inner_cx)?)));
        }
        if let Some(exact) = stripe::range_filter(any_of) {
            let exact = self.ref_or_ty(exact, cx)?;
            return Ok(Ty::Range(Box::new(exact)));
        }
        self.untagged_union(any_of, schema, cx)
    }

    fn expandable(&mut self, any_of: &[ReferenceOr<Schema>], cx: &Cx) -> Result<Ty> {
        let objects: Vec<ReferenceOr<Schema>> = any_of
            .iter()
            .filter(|a| matches!(a, ReferenceOr::Reference { .. }))
            .cloned()
            .collect();
        let raw_object = any_of.iter().any(|a| match a {
            ReferenceOr::Item(schema) => {
                matches!(schema.schema_kind, SchemaKind::Type(Type::Object(_)))
            }
            ReferenceOr::Reference { .. } => false,
        });
        let target = match objects.as_slice() {
            [] if raw_object => return Ok(Ty::ExpandableJson),
            [] => {
                return Err(
                    self.unsupported(&cx.at, "expandable field without an object alternative")
                )
            }
            [single] => self.ref_or_ty(single, cx)?,
            _ => Ty::Named(self.object_union(&objects, cx)?),
        };
        match target {
            Ty::Named(id) => Ok(Ty::Expandable(id)),
            _ => Err(self.unsupported(&cx.at, "expandable field whose object is not a named type")),
        }
    }

    fn untagged_union(
        &mut self,
        any_of: &[ReferenceOr<Schema>],
        schema: &Schema,
        cx: &Cx,
    ) -> Result<Ty> {
        let id = self.new_type(cx, schema.schema_data.description.as_deref());
        let mut variants = Vec::new();
        for (i, alternative) in any_of.iter().enumerate() {
            let consts = match alternative {
                ReferenceOr::Item(s) => match &s.schema_kind {
                    SchemaKind::Type(Type::String(st)) if !st.enumeration.is_empty() => {
                        Some(st.enumeration.iter().flatten().cloned().collect::<Vec<_>>())
                    }
                    _ => None,
                },
                ReferenceOr::Reference { .. } => None,
            };
            if let Some(consts) = consts {
                variants.extend(consts.into_iter().map(|c| Variant {
                    name: naming::variant_name(&c),
                    payload: Payload::Const(c),
                    tag: None,
                }));
                continue;
            }
            let title = match alternative {
                ReferenceOr::Item(s) => s.schema_data.title.as_deref().map(naming::type_name),
                ReferenceOr::Reference { .. } => None,
            };
            let child_name = format!(
                "{}{}",
                cx.name,
                title.clone().unwrap_or_else(|| format!("Variant{i}"))
            );
            let child = cx.child(&["anyOf", &i.to_string()], child_name, Some(id));
            let ty = self.ref_or_ty(alternative, &child)?;
            let name = title.unwrap_or_else(|| variant_name_for(&ty, &self.types));
            variants.push(Variant {
                name,
                payload: Payload::Value(ty),
                tag: None,
            });
        }
        naming::dedupe(variants.iter_mut().map(|v| &mut v.name));
        let fallback = naming::unused_name(variants.iter().map(|v| v.name.as_str()), "Unknown");
        self.set_kind(
            id,
            TypeKind::Union(Union {
                variants,
                tagging: Tagging::Untagged,
                fallback,
                undecoded: None,
            }),
        );
        Ok(Ty::Named(id))
    }
}

/// A variant name that says what the variant holds.
fn variant_name_for(ty: &Ty, types: &[TypeDef]) -> String {
    match ty {
        Ty::String => "String".to_owned(),
        Ty::Bool => "Bool".to_owned(),
        Ty::Integer => "Integer".to_owned(),
        Ty::Number => "Number".to_owned(),
        Ty::Timestamp => "Timestamp".to_owned(),
        Ty::Decimal => "Decimal".to_owned(),
        Ty::Binary => "Binary".to_owned(),
        Ty::Json | Ty::ExpandableJson => "Json".to_owned(),
        Ty::Named(id) | Ty::Expandable(id) => types[id.0].name.clone(),
        Ty::Vec(_) | Ty::List(_) | Ty::SearchList(_) => "List".to_owned(),
        Ty::Map(_) => "Map".to_owned(),
        Ty::Clearable(inner) | Ty::Range(inner) | Ty::Boxed(inner) => {
            variant_name_for(inner, types)
        }
    }
}
