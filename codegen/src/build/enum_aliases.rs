//! One enum per set of values: Stripe repeats the same inline enum in many places
//! (`setup_future_usage: [none, off_session, on_session]` some thirty times). Each copy
//! keeps its name, as an alias of the first of them by name, so the crate compiles the
//! enum and its impls once.

use std::collections::BTreeMap;

use crate::ir::{Ir, Ty, TypeId, TypeKind};

/// Turns every enum whose values (in order) equal those of another into an alias of the
/// one whose name sorts first; that one is the same whatever else the spec holds, so no
/// name changes meaning when enums are added elsewhere.
pub(super) fn alias_identical_enums(ir: &mut Ir) {
    let mut groups: BTreeMap<Vec<&str>, Vec<TypeId>> = BTreeMap::new();
    for (i, def) in ir.types.iter().enumerate() {
        if let TypeKind::Enum(e) = &def.kind {
            let values = e.values.iter().map(|v| v.wire.as_str()).collect();
            groups.entry(values).or_default().push(TypeId(i));
        }
    }
    let aliases: Vec<(TypeId, TypeId)> = groups
        .into_values()
        .filter(|members| members.len() > 1)
        .flat_map(|mut members| {
            members.sort_by(|a, b| ir.ty(*a).name.cmp(&ir.ty(*b).name));
            let canonical = members[0];
            members.into_iter().skip(1).map(move |m| (m, canonical))
        })
        .collect();
    for (alias, canonical) in aliases {
        ir.types[alias.0].kind = TypeKind::Alias(Ty::Named(canonical));
    }
}
