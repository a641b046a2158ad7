//! Decides the module (and so the file) of every type.
//!
//! Resources and their ids have fixed modules; inline types live with the type they were
//! found in; a shared component lives with the one resource that reaches it, or in a
//! `shared` file of its own when several do. This keeps a spec change to one resource
//! inside that resource's files.

use std::collections::{BTreeSet, HashMap};

use crate::naming;

use super::builder::Owner;
use crate::ir::{Ir, TypeId};

enum Referrer {
    Type(TypeId),
    Module(Vec<String>),
}

pub(super) fn assign(ir: &mut Ir, owners: &[Owner], component_names: &HashMap<TypeId, String>) {
    let referrers = referrers(ir);
    let mut modules: Vec<Option<Vec<String>>> = vec![None; ir.types.len()];
    for i in 0..ir.types.len() {
        let module = resolve(TypeId(i), owners, component_names, &referrers, &mut modules);
        ir.types[i].module = module;
    }
}

fn resolve(
    id: TypeId,
    owners: &[Owner],
    names: &HashMap<TypeId, String>,
    referrers: &HashMap<TypeId, Vec<Referrer>>,
    memo: &mut Vec<Option<Vec<String>>>,
) -> Vec<String> {
    if let Some(module) = &memo[id.0] {
        return module.clone();
    }
    let module = match &owners[id.0] {
        Owner::Module(module) => module.clone(),
        Owner::Inline(parent) => resolve(*parent, owners, names, referrers, memo),
        Owner::Component => {
            let reaching = reaching_modules(id, owners, referrers);
            match reaching.into_iter().collect::<Vec<_>>().as_slice() {
                [only] => only.clone(),
                _ => {
                    let name = names
                        .get(&id)
                        .map_or_else(|| naming::field_name(""), |n| naming::field_name(n));
                    vec!["shared".to_owned(), name]
                }
            }
        }
    };
    memo[id.0] = Some(module.clone());
    module
}

/// The fixed modules from which a component is reached, looking through other shared
/// components and inline types.
fn reaching_modules(
    start: TypeId,
    owners: &[Owner],
    referrers: &HashMap<TypeId, Vec<Referrer>>,
) -> BTreeSet<Vec<String>> {
    let mut found = BTreeSet::new();
    let mut seen = BTreeSet::from([start]);
    let mut queue = vec![start];
    while let Some(current) = queue.pop() {
        for referrer in referrers.get(&current).into_iter().flatten() {
            let anchor = match referrer {
                Referrer::Module(module) => {
                    found.insert(module.clone());
                    continue;
                }
                Referrer::Type(t) => root_of(*t, owners),
            };
            match &owners[anchor.0] {
                Owner::Module(module) => {
                    found.insert(module.clone());
                }
                _ => {
                    if seen.insert(anchor) {
                        queue.push(anchor);
                    }
                }
            }
        }
    }
    found
}

fn root_of(mut id: TypeId, owners: &[Owner]) -> TypeId {
    while let Owner::Inline(parent) = &owners[id.0] {
        id = *parent;
    }
    id
}

fn referrers(ir: &Ir) -> HashMap<TypeId, Vec<Referrer>> {
    let mut out: HashMap<TypeId, Vec<Referrer>> = HashMap::new();
    for (i, def) in ir.types.iter().enumerate() {
        for name in def.kind.all_names() {
            out.entry(name).or_default().push(Referrer::Type(TypeId(i)));
        }
    }
    for op in &ir.operations {
        let mut names = Vec::new();
        op.response.all_names(&mut names);
        for name in names {
            out.entry(name)
                .or_default()
                .push(Referrer::Module(op.module.clone()));
        }
    }
    out
}
