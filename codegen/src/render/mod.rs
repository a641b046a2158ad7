//! Rendering: IR to one token stream per output file.
//!
//! One file per module, so a spec change to one resource touches that resource's file,
//! and the types only requests use (operation parameters and what they hold) in a
//! `_params` file beside it (`checkout/session_params.rs` beside `checkout/session.rs`),
//! so a reviewer reads objects and parameters apart. The root `mod.rs` declares the
//! modules and re-exports every type by name, which gives users one flat namespace
//! (`stripe_api::CheckoutSession`).

mod client;
mod deserialize;
pub mod docs;
mod enums;
pub mod fake;
mod gates;
mod ids_and_expand;
mod structs;
mod ty;
mod union_tests;
mod unions;
mod use_block;

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Gate, Ir, Operation, TypeDef, TypeId, TypeKind};
use ty::ident;

/// The tokens of one file, with its path relative to the output directory.
#[derive(Debug, Clone)]
pub struct RenderedFile {
    /// Relative path with `/` separators (`checkout/session.rs`).
    pub path: String,
    /// The file's items.
    pub tokens: TokenStream,
}

/// What goes in which module: types, client methods and child modules.
#[derive(Default)]
struct Layout<'ir> {
    types: BTreeMap<Vec<String>, Vec<TypeId>>,
    operations: BTreeMap<Vec<String>, Vec<&'ir Operation>>,
    children: BTreeMap<Vec<String>, BTreeSet<String>>,
}

impl<'ir> Layout<'ir> {
    fn of(ir: &'ir Ir) -> Self {
        let mut layout = Layout::default();
        for (i, def) in ir.types.iter().enumerate() {
            layout
                .types
                .entry(file_module(def))
                .or_default()
                .push(TypeId(i));
        }
        for ids in layout.types.values_mut() {
            ids.sort_by(|a, b| ir.ty(*a).name.cmp(&ir.ty(*b).name));
        }
        for op in &ir.operations {
            layout
                .operations
                .entry(op.module.clone())
                .or_default()
                .push(op);
        }
        for ops in layout.operations.values_mut() {
            ops.sort_by(|a, b| a.name.cmp(&b.name));
        }
        let modules: Vec<Vec<String>> = layout
            .types
            .keys()
            .chain(layout.operations.keys())
            .cloned()
            .collect();
        for module in modules {
            for depth in 0..module.len() {
                let parent = module[..depth].to_vec();
                layout
                    .children
                    .entry(parent)
                    .or_default()
                    .insert(module[depth].clone());
            }
        }
        layout
    }

    /// When each module is compiled: when any of its items or child modules is.
    fn gates(&self, ir: &Ir) -> BTreeMap<Vec<String>, Gate> {
        let mut gates: BTreeMap<Vec<String>, Gate> = BTreeMap::new();
        let mut open = |module: &Vec<String>, gate: &Gate| {
            for depth in 1..=module.len() {
                let prefix = module[..depth].to_vec();
                let widened = match gates.get(&prefix) {
                    Some(current) => current.or(gate),
                    None => gate.clone(),
                };
                gates.insert(prefix, widened);
            }
        };
        for (module, ids) in &self.types {
            ids.iter().for_each(|id| open(module, &ir.ty(*id).gate));
        }
        for (module, ops) in &self.operations {
            ops.iter().for_each(|op| open(module, &op.gate));
        }
        gates
    }

    /// Every module path below the root, in order.
    fn modules(&self) -> BTreeSet<&Vec<String>> {
        let all = self
            .types
            .keys()
            .chain(self.operations.keys())
            .chain(self.children.keys());
        all.filter(|m| !m.is_empty()).collect()
    }
}

/// What the file of a module's request-only types adds to the module's name.
const PARAMS_SUFFIX: &str = "_params";

/// The module whose file holds a type: its own, or for a type only requests use, the
/// `_params` module beside it.
fn file_module(def: &TypeDef) -> Vec<String> {
    let mut module = def.module.clone();
    if def.usage.request && !def.usage.response {
        if let Some(last) = module.last_mut() {
            last.push_str(PARAMS_SUFFIX);
        }
    }
    module
}

/// Renders every module of the IR, plus the root `mod.rs`.
pub fn render(ir: &Ir) -> Vec<RenderedFile> {
    let targets = ids_and_expand::expansion_targets(ir);
    let roots: BTreeSet<TypeId> = ir.operations.iter().filter_map(|op| op.params).collect();
    let layout = Layout::of(ir);
    let gates = layout.gates(ir);
    let spec_names: BTreeSet<String> = ir.types.iter().map(|def| def.name.clone()).collect();
    let scope = |local: BTreeSet<String>| use_block::Scope {
        spec_names: &spec_names,
        gated: !ir.features.all.is_empty(),
        local,
    };
    let union_tests = union_tests::render_union_tests(ir);
    let mut files = vec![root_file(
        ir,
        &layout.types,
        layout.children.get(&Vec::new()),
        &gates,
        union_tests.is_some(),
    )];
    if let Some(tokens) = union_tests {
        files.push(RenderedFile {
            path: "union_tests.rs".to_owned(),
            tokens: use_block::shorten(tokens, &scope(BTreeSet::new())),
        });
    }
    for module in layout.modules() {
        let declarations = module_declarations(module, layout.children.get(module), &gates);
        let ids = layout.types.get(module).map_or(&[][..], Vec::as_slice);
        let types = ids.iter().map(|id| {
            let role = Role {
                expandable: targets.contains(id),
                params: roots.contains(id),
            };
            let def = ir.ty(*id);
            gates::gate_items(render_type(ir, def, role), &def.gate)
        });
        let ops = layout.operations.get(module).map_or(&[][..], Vec::as_slice);
        let methods = client::render_methods(ir, ops);
        let local = ids
            .iter()
            .map(|id| ir.ty(*id).name.clone())
            .chain(layout.children.get(module).into_iter().flatten().cloned())
            .collect();
        let tokens = quote!(#declarations #(#types)* #methods);
        files.push(RenderedFile {
            path: format!("{}.rs", module.join("/")),
            tokens: use_block::shorten(tokens, &scope(local)),
        });
    }
    files
}

/// What a type is for, beyond its definition.
#[derive(Clone, Copy)]
struct Role {
    /// Some field holds it as an id or the expanded object.
    expandable: bool,
    /// The parameters of an operation.
    params: bool,
}

fn render_type(ir: &Ir, def: &TypeDef, role: Role) -> TokenStream {
    let body = match &def.kind {
        TypeKind::Struct(s) => structs::render_struct(ir, def, s, role.params),
        TypeKind::Enum(e) => enums::render_enum(def, e),
        TypeKind::Union(u) => unions::render_union(ir, def, u),
        TypeKind::Id => ids_and_expand::render_id(def),
        TypeKind::Alias(target) => enums::render_alias(ir, def, target),
    };
    let expand = role
        .expandable
        .then(|| ids_and_expand::render_expand(ir, def));
    quote!(#body #expand)
}

/// Modules are private: they lay out the files, and every type is used through the crate
/// root, so a type that moves to another file as the spec changes breaks no path.
fn module_declarations(
    parent: &[String],
    children: Option<&BTreeSet<String>>,
    gates: &BTreeMap<Vec<String>, Gate>,
) -> TokenStream {
    let declarations = children.into_iter().flatten().map(|child| {
        let name = ident(child);
        let mut path = parent.to_vec();
        path.push(child.clone());
        let gate = gates::cfg(gates.get(&path).unwrap_or(&Gate::Always));
        quote!(#gate pub(crate) mod #name;)
    });
    quote!(#(#declarations)*)
}

fn root_file(
    ir: &Ir,
    items: &BTreeMap<Vec<String>, Vec<TypeId>>,
    top: Option<&BTreeSet<String>>,
    gates: &BTreeMap<Vec<String>, Gate>,
    union_tests: bool,
) -> RenderedFile {
    let declarations = module_declarations(&[], top, gates);
    let union_tests = union_tests.then(|| {
        quote!(
            #[cfg(test)]
            mod union_tests;
        )
    });
    // One `use` per module and gate, so that a name is exported exactly when it exists.
    let reexports = items.iter().flat_map(|(module, ids)| {
        let mut by_gate: BTreeMap<&Gate, Vec<&str>> = BTreeMap::new();
        for id in ids {
            let def = ir.ty(*id);
            by_gate
                .entry(&def.gate)
                .or_default()
                .push(def.name.as_str());
        }
        by_gate.into_iter().map(move |(gate, mut names)| {
            let path = module.iter().map(|m| ident(m));
            names.sort_unstable();
            let names = names.into_iter().map(ident);
            let gate = gates::cfg(gate);
            quote!(#gate pub use self::#(#path)::*::{#(#names),*};)
        })
    });
    let lints = if ir.features.all.is_empty() {
        quote!(#![allow(clippy::large_enum_variant, clippy::too_many_arguments)])
    } else {
        // With some features off, an object's decoder may match no field but the rest.
        quote!(#![allow(clippy::large_enum_variant, clippy::too_many_arguments, clippy::match_single_binding)])
    };
    let doc = format!(" Types of the Stripe API, version `{}`.", ir.api_version);
    let version = &ir.api_version;
    RenderedFile {
        path: "mod.rs".to_owned(),
        tokens: quote! {
            #![doc = #doc]
            #lints
            /// The Stripe API version this crate was generated for.
            pub const API_VERSION: &str = #version;
            #declarations
            #union_tests
            #(#reexports)*
        },
    }
}
