//! Marks each type as used in requests, responses or both, which decides its traits.

use crate::ir::{Ir, TypeId};

/// Propagates usage from operations through every type they mention. Types no
/// operation reaches (objects kept by the selection) count as responses. Marks anew
/// each time, since aliases made in between pass usage on to other types.
pub(super) fn mark(ir: &mut Ir) {
    for def in &mut ir.types {
        def.usage = Default::default();
    }
    let mut pending: Vec<(TypeId, bool)> = Vec::new();
    for op in &ir.operations {
        if let Some(params) = op.params {
            pending.push((params, true));
        }
        let mut names = Vec::new();
        op.response.all_names(&mut names);
        for p in &op.path_params {
            p.ty.all_names(&mut names);
        }
        pending.extend(names.into_iter().map(|n| (n, false)));
    }
    propagate(ir, pending);
    let unreached: Vec<(TypeId, bool)> = (0..ir.types.len())
        .filter(|i| ir.types[*i].usage == Default::default())
        .map(|i| (TypeId(i), false))
        .collect();
    propagate(ir, unreached);
}

fn propagate(ir: &mut Ir, mut pending: Vec<(TypeId, bool)>) {
    while let Some((id, request)) = pending.pop() {
        let usage = &mut ir.types[id.0].usage;
        let flag = if request {
            &mut usage.request
        } else {
            &mut usage.response
        };
        if *flag {
            continue;
        }
        *flag = true;
        let names = ir.types[id.0].kind.all_names();
        pending.extend(names.into_iter().map(|n| (n, request)));
    }
}
