//! Every upstream spec in the shared folder, with every operation selected, goes through
//! extract, IR and rendering, and every output file parses as Rust (scripts/whole-api.sh
//! compiles them). Method names are unique and do not depend on the selection: the
//! operations of the default selection are named the same when everything is selected.

use std::collections::BTreeMap;

use codegen::ir::Ir;
use codegen::openapi::load::{load_document, Document};
use codegen::openapi::selection::Selection;
use codegen::pipeline::{describe, upstream_of};

/// The IR of `upstream` cut down to `selection`, as every command builds it.
fn ir_of(upstream: &Document, selection: &Selection) -> Ir {
    describe(
        upstream,
        selection,
        &tests::repo_root(),
        upstream_of(upstream),
    )
    .unwrap_or_else(|e| panic!("{}: {e}", selection.name))
    .ir
}

/// `METHOD /path` → (receiver, method name, parameter type, module) of every operation.
fn names(ir: &Ir) -> BTreeMap<String, String> {
    ir.operations
        .iter()
        .map(|op| {
            let params = op.params.map(|id| ir.ty(id).name.clone());
            let key = format!("{} {}", op.method.as_str(), op.path);
            let value = format!("{:?} {} {params:?} {:?}", op.namespace, op.name, op.module);
            (key, value)
        })
        .collect()
}

fn operation_count(doc: &Document) -> usize {
    doc.openapi
        .paths
        .paths
        .values()
        .map(|p| p.as_item().map_or(0, |i| i.iter().count()))
        .sum()
}

#[test]
fn every_spec_with_every_operation_renders_to_rust_with_stable_names() {
    let default = Selection::load(&tests::repo_root().join("spec/selection.yaml")).unwrap();
    for spec in tests::upstream_specs() {
        let upstream = load_document(&spec).expect("upstream loads");
        let label = spec.display().to_string();
        let all = ir_of(&upstream, &Selection::all("all", &spec));
        assert_eq!(all.operations.len(), operation_count(&upstream), "{label}");

        let selected = ir_of(&upstream, &default.restricted_to(&upstream.raw));
        let (everything, subset) = (names(&all), names(&selected));
        assert!(!subset.is_empty(), "{label}");
        for (operation, name) in &subset {
            assert_eq!(
                Some(name),
                everything.get(operation),
                "{label}: {operation} is named differently when every operation is selected"
            );
        }

        let generated = codegen::generate_from_ir(&all, "all").expect("renders");
        for (path, text) in &generated {
            syn::parse_file(text).unwrap_or_else(|e| panic!("{label}: {path}: {e}"));
        }
    }
}
