//! Builds the [`Ir`] from an OpenAPI document: every component schema and every
//! operation, then Stripe's passes over the built types (events), then the passes that
//! need the whole picture (final names, aliases of identical types, recursion, usage,
//! modules).
//!
//! This stage reads the spec and asks [`crate::stripe`] what Stripe's shapes mean; the IR
//! it writes depends on neither.

mod any_of;
mod builder;
mod gates;
mod identical_types;
mod limits;
mod modules;
mod operation;
mod recursion;
mod usage;

use std::collections::{HashMap, HashSet};

use crate::error::{Error, Result};
use crate::ir::{Ir, Operation, TypeId};
use crate::naming;
use crate::openapi::load::Document;
use crate::openapi::pointer::Pointer;
use crate::openapi::selection::Selection;
use crate::stripe;
use builder::{Builder, Owner};

/// Builds the IR of a document, gated behind cargo features when the selection asks
/// for them.
pub fn build_selected(doc: &Document, selection: &Selection) -> Result<Ir> {
    let mut ir = build(doc)?;
    if let Some(choice) = &selection.features {
        gates::apply(&mut ir, choice)?;
    }
    Ok(ir)
}

/// Builds the IR of a whole document.
pub fn build(doc: &Document) -> Result<Ir> {
    let mut builder = Builder::new(doc);
    let mut names: Vec<&String> = builder.schemas().keys().collect();
    names.sort();
    for name in names {
        let at = Pointer::root().join(["components", "schemas", name.as_str()]);
        builder.component(name, &at)?;
    }
    let operations = operation::build_operations(&mut builder)?;
    check_method_names(doc, &operations)?;
    let Builder {
        types,
        mut owners,
        component_names,
        ..
    } = builder;
    let mut ir = Ir {
        api_version: doc.api_version().to_owned(),
        types,
        operations,
        features: Default::default(),
    };
    for (id, module) in stripe::events::type_events(&mut ir, &component_names) {
        owners.resize(ir.types.len(), Owner::Component);
        owners[id.0] = Owner::Module(module);
    }
    final_type_names(doc, &mut ir, &component_names)?;
    // Usage is part of what makes two types alike; aliases then pass it on.
    usage::mark(&mut ir);
    usage::clear_request_only(&mut ir);
    identical_types::alias_identical(&mut ir, doc);
    recursion::box_cycles(&mut ir);
    usage::mark(&mut ir);
    modules::assign(&mut ir, &owners, &component_names);
    Ok(ir)
}

/// Client methods share one namespace per receiver, and their parameter types one crate:
/// two operations with the same name are an error that names both.
fn check_method_names(doc: &Document, operations: &[Operation]) -> Result<()> {
    let mut seen: HashMap<&str, &Operation> = HashMap::new();
    for op in operations {
        if let Some(first) = seen.insert(&op.name, op) {
            return Err(Error::Unsupported {
                location: doc.at(&op.origin),
                message: format!(
                    "method name `{}` is also the name of {}; add an override to codegen/src/stripe/operations.rs",
                    op.name, first.origin
                ),
            });
        }
    }
    Ok(())
}

/// Makes type names unique. Component schemas keep their names first, then the parameter
/// types of operations (named after their methods, which are unique); a parameter type
/// that would need a suffix is an error, since its name is part of the method's API.
fn final_type_names(
    doc: &Document,
    ir: &mut Ir,
    component_names: &HashMap<TypeId, String>,
) -> Result<()> {
    let params: Vec<(TypeId, String)> = ir
        .operations
        .iter()
        .filter_map(|op| op.params.map(|id| (id, ir.ty(id).name.clone())))
        .collect();
    let param_ids: HashSet<TypeId> = params.iter().map(|(id, _)| *id).collect();
    let mut order: Vec<usize> = (0..ir.types.len()).collect();
    let rank = |i: &usize| {
        if component_names.contains_key(&TypeId(*i)) {
            0
        } else if param_ids.contains(&TypeId(*i)) {
            1
        } else {
            2
        }
    };
    order.sort_by_key(rank);
    for def in &mut ir.types {
        naming::clear_of_runtime(&mut def.name);
    }
    let mut names: Vec<Option<&mut String>> =
        ir.types.iter_mut().map(|t| Some(&mut t.name)).collect();
    naming::dedupe(order.into_iter().filter_map(|i| names[i].take()));
    for (id, wanted) in params {
        let def = ir.ty(id);
        if def.name != wanted {
            return Err(Error::Unsupported {
                location: doc.at(&def.origin),
                message: format!(
                    "the parameter type `{wanted}` has the name of a schema; add an override to codegen/src/stripe/operations.rs"
                ),
            });
        }
    }
    Ok(())
}
