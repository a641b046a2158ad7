//! Marks each type as used in requests, responses or both, which decides its traits.

use crate::ir::{Ir, TypeId, TypeKind, Usage};

/// Propagates usage from operations through every type they mention. Types no
/// operation reaches (objects kept by the selection) count as responses. Marks anew
/// each time, since aliases made in between pass usage on to other types; a type that
/// only an aliased copy reached keeps the usage it had (it is still a public name).
pub(super) fn mark(ir: &mut Ir) {
    let previous: Vec<Usage> = ir.types.iter().map(|def| def.usage).collect();
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
        .filter(|i| ir.types[*i].usage == Usage::default())
        .flat_map(|i| {
            let before = previous.get(i).copied().unwrap_or_default();
            let requests = before.request.then_some((TypeId(i), true));
            let responses =
                (before.response || before == Usage::default()).then_some((TypeId(i), false));
            requests.into_iter().chain(responses)
        })
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

/// Forgets what only requests need where no request sends the type: that an enum takes
/// values outside its list, and the longest string a field takes. Both are about
/// requests, and would otherwise tell apart copies that are alike.
pub(super) fn clear_request_only(ir: &mut Ir) {
    for def in &mut ir.types {
        let request = def.usage.request;
        match &mut def.kind {
            TypeKind::Enum(e) => e.accepts_unlisted &= request,
            TypeKind::Struct(s) if !request => {
                s.fields.iter_mut().for_each(|f| f.max_length = None);
            }
            _ => {}
        }
    }
}
