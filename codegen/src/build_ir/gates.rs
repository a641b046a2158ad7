//! Which cargo feature compiles what: one feature per resource area (an operation's
//! top-level module: `checkout`, `subscription`, `issuing`), derived from the type graph
//! so that any set of features compiles and turning one on only adds.
//!
//! An operation's method comes with its area's feature. A type exists when any feature
//! that reaches it is on: from an operation's parameters, response and path, through
//! fields and variants. API objects are the exception, so that a field naming one has the
//! same type in every build: an object (and a union of objects) always exists, and only
//! its fields other than the id come with the features that reach it, the rest being
//! kept in its unknown fields. The reach stops at expandable fields (the object there is
//! another area's) and at unions of objects (an event can carry any object, which does
//! not make the object the events' area). What the runtime needs (events, webhook
//! endpoints) is never gated.

use std::collections::BTreeSet;

use crate::error::{Error, Result};
use crate::ir::{Features, Gate, Ir, Payload, Ty, TypeId, TypeKind};
use crate::openapi::load::location;
use crate::openapi::pointer::Pointer;
use crate::openapi::selection::FeatureChoice;
use crate::stripe;

/// The feature that turns on every other one.
pub const FULL: &str = "full";

/// Gates every operation and type, and records the features with those on by default.
pub(super) fn apply(ir: &mut Ir, choice: &FeatureChoice) -> Result<()> {
    let always = always_compiled(ir);
    let mut reach: Vec<Option<Gate>> = vec![None; ir.types.len()];
    let mut all = BTreeSet::new();
    for i in 0..ir.operations.len() {
        let op = &ir.operations[i];
        let gate = area_gate(&op.module);
        let mut roots = Vec::new();
        roots.extend(op.params);
        names_outside_expansions(&op.response, &mut roots);
        for p in &op.path_params {
            names_outside_expansions(&p.ty, &mut roots);
        }
        spread(ir, &always, &mut reach, roots, &gate);
        if let Gate::Any(features) = &gate {
            all.extend(features.iter().cloned());
        }
        ir.operations[i].gate = gate;
    }
    // Objects no operation reaches (those only events carry) come with the area of
    // their own module, and so does what they hold. Anything else unreached (a name an
    // aliased copy left, a schema no other one names) comes with its module's area too
    // when that is a feature, else with `full` only.
    for object_pass in [true, false] {
        for i in 0..ir.types.len() {
            let object = always[i] && matches!(ir.types[i].kind, TypeKind::Struct(_));
            if reach[i].is_some() || (object_pass && !object) {
                continue;
            }
            let gate = match area_gate(&ir.types[i].module) {
                Gate::Any(area) if object_pass || area.is_subset(&all) => Gate::Any(area),
                Gate::Any(_) => Gate::Any(BTreeSet::from([FULL.to_owned()])),
                Gate::Always => Gate::Always,
            };
            if let (Gate::Any(features), true) = (&gate, object_pass) {
                all.extend(features.iter().cloned());
            }
            spread(ir, &always, &mut reach, vec![TypeId(i)], &gate);
        }
    }
    for (i, gate) in reach.into_iter().enumerate() {
        let gate = without_redundant_full(gate.unwrap_or_default());
        let def = &mut ir.types[i];
        if always[i] {
            if matches!(def.kind, TypeKind::Struct(_)) {
                def.fields_gate = gate;
            }
            def.gate = Gate::Always;
        } else {
            def.gate = gate;
        }
    }
    let default = checked_default(choice, &all)?;
    ir.features = Features { all, default };
    Ok(())
}

/// `full` turns on every area, so beside one of them it adds nothing.
fn without_redundant_full(gate: Gate) -> Gate {
    match gate {
        Gate::Any(mut features) if features.len() > 1 => {
            features.remove(FULL);
            Gate::Any(features)
        }
        other => other,
    }
}

/// The feature of the area a module belongs to; none for what the runtime needs.
fn area_gate(module: &[String]) -> Gate {
    match module.first() {
        Some(area) if !stripe::UNGATED_AREAS.contains(&area.as_str()) => {
            Gate::Any(BTreeSet::from([area.clone()]))
        }
        _ => Gate::Always,
    }
}

/// Opens `gate` on every type reached from `roots`, not through expandable fields nor
/// into objects' unions.
fn spread(
    ir: &Ir,
    always: &[bool],
    reach: &mut [Option<Gate>],
    mut pending: Vec<TypeId>,
    gate: &Gate,
) {
    while let Some(id) = pending.pop() {
        let widened = match &reach[id.0] {
            Some(current) => current.or(gate),
            None => gate.clone(),
        };
        if reach[id.0].as_ref() == Some(&widened) {
            continue;
        }
        reach[id.0] = Some(widened);
        let def = ir.ty(id);
        if matches!(def.kind, TypeKind::Union(_)) && always[id.0] {
            continue;
        }
        for ty in def.kind.tys() {
            names_outside_expansions(ty, &mut pending);
        }
    }
}

/// The named types a type expression holds, leaving out expandable targets.
fn names_outside_expansions(ty: &Ty, out: &mut Vec<TypeId>) {
    match ty {
        Ty::Named(id) => out.push(*id),
        Ty::Expandable(_) | Ty::ExpandableJson => {}
        wrapper => wrapper
            .inner()
            .into_iter()
            .for_each(|t| names_outside_expansions(t, out)),
    }
}

/// Which types are compiled in every build, so that a field naming one has the same
/// type whatever the features: API objects (a struct with an `object` tag that no
/// request sends), ids, what an expandable field may hold, and unions of such types.
fn always_compiled(ir: &Ir) -> Vec<bool> {
    let mut always: Vec<bool> = ir
        .types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Struct(s) => s.tag.is_some() && !def.usage.request,
            TypeKind::Id => true,
            _ => false,
        })
        .collect();
    let mut expandable = Vec::new();
    for def in &ir.types {
        def.kind
            .tys()
            .for_each(|ty| expansion_targets(ty, &mut expandable));
    }
    for op in &ir.operations {
        expansion_targets(&op.response, &mut expandable);
    }
    while let Some(id) = expandable.pop() {
        let id = ir.resolved_id(id);
        if !always[id.0] {
            always[id.0] = true;
            if let TypeKind::Union(u) = &ir.ty(id).kind {
                expandable.extend(u.variants.iter().filter_map(variant_type));
            }
        }
    }
    loop {
        let mut changed = false;
        for (i, def) in ir.types.iter().enumerate() {
            let TypeKind::Union(u) = &def.kind else {
                continue;
            };
            let members = u
                .variants
                .iter()
                .map(|v| variant_type(v).map(|t| ir.resolved_id(t)));
            if !always[i] && members.into_iter().all(|m| m.is_some_and(|m| always[m.0])) {
                always[i] = true;
                changed = true;
            }
        }
        if !changed {
            return always;
        }
    }
}

/// The named type a union variant holds, through the box that breaks a cycle (an event
/// holding an event).
fn variant_type(variant: &crate::ir::Variant) -> Option<TypeId> {
    match &variant.payload {
        Payload::Value(Ty::Named(id)) => Some(*id),
        Payload::Value(Ty::Boxed(inner)) => match &**inner {
            Ty::Named(id) => Some(*id),
            _ => None,
        },
        _ => None,
    }
}

/// The types expandable fields in a type expression may hold.
fn expansion_targets(ty: &Ty, out: &mut Vec<TypeId>) {
    match ty {
        Ty::Expandable(id) => out.push(*id),
        wrapper => wrapper
            .inner()
            .into_iter()
            .for_each(|t| expansion_targets(t, out)),
    }
}

fn checked_default(choice: &FeatureChoice, all: &BTreeSet<String>) -> Result<BTreeSet<String>> {
    for (i, name) in choice.default.iter().enumerate() {
        if !all.contains(name) {
            return Err(Error::Selection {
                location: location(
                    &choice.file,
                    &Pointer::root().join(["features", "default", &i.to_string()]),
                ),
                message: format!(
                    "no feature `{name}`: the selected operations' areas are {}",
                    all.iter().cloned().collect::<Vec<_>>().join(", ")
                ),
            });
        }
    }
    Ok(choice.default.iter().cloned().collect())
}
