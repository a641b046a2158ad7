//! Builds the [`Ir`] from an OpenAPI document: every component schema, every operation and
//! the event types, then the passes that need the whole picture (recursion, usage,
//! modules, final names).

use std::collections::{HashMap, HashSet};

use super::schema::Builder;
use super::{Ir, Operation, TypeId};
use crate::error::{Error, Result};
use crate::naming;
use crate::spec::load::Document;
use crate::spec::pointer::Pointer;

/// Builds the IR of a whole document.
pub fn build(doc: &Document) -> Result<Ir> {
    let mut builder = Builder::new(doc);
    let mut names: Vec<&String> = builder.schemas().keys().collect();
    names.sort();
    for name in names {
        let at = Pointer::root().join(["components", "schemas", name.as_str()]);
        builder.component(name, &at)?;
    }
    let operations = super::operation::build_operations(&mut builder)?;
    builder.type_events();
    check_method_names(doc, &operations)?;
    let Builder {
        types,
        owners,
        component_names,
        ..
    } = builder;
    let mut ir = Ir {
        api_version: doc.api_version().to_owned(),
        types,
        operations,
    };
    final_type_names(doc, &mut ir, &component_names)?;
    super::merge::alias_identical_enums(&mut ir);
    super::recursion::box_cycles(&mut ir);
    super::usage::mark(&mut ir);
    super::modules::assign(&mut ir, &owners, &component_names);
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
