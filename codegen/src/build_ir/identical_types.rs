//! One type per meaning and shape. Stripe repeats the same inline enum or object in many
//! places (`setup_future_usage: [none, off_session, on_session]` some thirty times, a
//! shipping rate's `minimum` and `maximum` delivery estimate). Copies that mean the same
//! and have the same shape become aliases of one of them, so the crate compiles the type
//! and its impls once; every copy keeps its name.
//!
//! What a copy means is the spec's `title` of its schema, else the name of the field it
//! is the value of. Copies of different meaning are never merged, however alike: an
//! alias always points at a name of the same meaning (`…PaymentMethodCollection` never
//! at `…CustomerCreation`), and a copy added under another meaning cannot move a
//! definition. Of the copies, the one with the shortest name (the least qualified, so the
//! closest to the meaning), then the first by name, holds the definition.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::ir::{Ir, Payload, Ty, TypeDef, TypeId, TypeKind};
use crate::openapi::load::Document;

/// Turns every enum, union and plain struct that has the meaning and the shape of another into
/// an alias, until no two are alike (a struct whose fields became aliases may now equal
/// another).
pub(super) fn alias_identical(ir: &mut Ir, doc: &Document) {
    let meanings: Vec<Option<String>> = ir.types.iter().map(|def| meaning(def, doc)).collect();
    let roots: BTreeSet<TypeId> = ir.operations.iter().filter_map(|op| op.params).collect();
    loop {
        let mut groups: BTreeMap<String, Vec<TypeId>> = BTreeMap::new();
        for (i, meaning) in meanings.iter().enumerate() {
            let id = TypeId(i);
            let Some(meaning) = meaning else { continue };
            if roots.contains(&id) {
                continue;
            }
            if let Some(shape) = shape(ir, ir.ty(id), doc) {
                groups
                    .entry(format!("{meaning}\n{shape}"))
                    .or_default()
                    .push(id);
            }
        }
        let aliases: Vec<(TypeId, TypeId)> = groups
            .into_values()
            .filter(|members| members.len() > 1)
            .flat_map(|mut members| {
                members.sort_by_key(|id| (ir.ty(*id).name.len(), ir.ty(*id).name.clone()));
                let canonical = members[0];
                members.into_iter().skip(1).map(move |m| (m, canonical))
            })
            .collect();
        if aliases.is_empty() {
            return;
        }
        for (alias, canonical) in aliases {
            loosen_limits(ir, canonical, alias);
            ir.types[alias.0].kind = TypeKind::Alias(Ty::Named(canonical));
        }
    }
}

/// Copies alike but for their strings' `maxLength` still merge (the limit is no part of
/// the Rust type, and a merge must not change the crate's API); the definition then
/// takes the looser limit of each field, so that the fake never refuses what the API
/// takes through either copy.
fn loosen_limits(ir: &mut Ir, canonical: TypeId, alias: TypeId) {
    let TypeKind::Struct(copy) = &ir.types[alias.0].kind else {
        return;
    };
    let limits: Vec<Option<usize>> = copy.fields.iter().map(|f| f.max_length).collect();
    if let TypeKind::Struct(kept) = &mut ir.types[canonical.0].kind {
        for (field, other) in kept.fields.iter_mut().zip(limits) {
            field.max_length = field.max_length.zip(other).map(|(a, b)| a.max(b));
        }
    }
}

/// The spec's `title` of the type's schema, else the field it is the value of (the last
/// `properties` name in its pointer, through `items`).
fn meaning(def: &TypeDef, doc: &Document) -> Option<String> {
    let title = def
        .origin
        .resolve(&doc.raw)
        .and_then(|node| node.get("title"))
        .and_then(Value::as_str);
    if let Some(title) = title {
        return Some(format!("title {title}"));
    }
    let tokens: Vec<String> = def.origin.tokens().collect();
    let at = tokens.iter().rposition(|t| t == "properties")?;
    let rest = &tokens[at + 1..];
    match rest {
        [field] => Some(format!("field {field}")),
        [field, items] if items == "items" => Some(format!("field {field}")),
        _ => None,
    }
}

/// What a type is made of, as text equal for alike types, if it may be merged: an
/// enum's values, or a plain struct's fields (no id, no `object` tag) with the spec's
/// descriptions of them, through aliases. (A field the spec does not describe gets docs
/// that name its parent, which would tell every copy apart.) Where a struct is used is
/// part of it, since that decides its API (setters for requests, decoding for
/// responses); an enum is the same either way.
fn shape(ir: &Ir, def: &TypeDef, doc: &Document) -> Option<String> {
    let usage = format!("{:?}", def.usage);
    match &def.kind {
        TypeKind::Enum(e) => {
            let values: Vec<&str> = e.values.iter().map(|v| v.wire.as_str()).collect();
            Some(format!("enum {values:?} {}", e.accepts_unlisted))
        }
        TypeKind::Struct(s) if s.id.is_none() && s.tag.is_none() && !s.fields.is_empty() => {
            let fields: Vec<String> = s
                .fields
                .iter()
                .map(|f| {
                    let described = def
                        .origin
                        .join(["properties", f.wire_name.as_str(), "description"])
                        .resolve(&doc.raw)
                        .and_then(Value::as_str);
                    format!(
                        "{} {} {} {} {described:?}",
                        f.wire_name,
                        resolved(ir, &f.ty),
                        f.required,
                        f.nullable,
                    )
                })
                .collect();
            Some(format!("struct {usage} {fields:?}"))
        }
        TypeKind::Union(u) => {
            let variants: Vec<String> = u
                .variants
                .iter()
                .map(|v| {
                    let payload = match &v.payload {
                        Payload::Value(ty) => resolved(ir, ty),
                        Payload::Const(value) => format!("const {value:?}"),
                    };
                    format!("{} {payload} {:?}", v.name, v.tag)
                })
                .collect();
            Some(format!(
                "union {usage} {:?} {} {:?} {variants:?}",
                u.tagging, u.fallback, u.undecoded
            ))
        }
        _ => None,
    }
}

/// A field type as text, with named types through aliases.
fn resolved(ir: &Ir, ty: &Ty) -> String {
    let mut ty = ty.clone();
    substitute(ir, &mut ty);
    format!("{ty:?}")
}

fn substitute(ir: &Ir, ty: &mut Ty) {
    match ty {
        Ty::Named(id) | Ty::Expandable(id) => *id = ir.resolved_id(*id),
        wrapper => {
            if let Some(inner) = wrapper.inner_mut() {
                substitute(ir, inner);
            }
        }
    }
}
