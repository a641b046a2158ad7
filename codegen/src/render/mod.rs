//! Rendering: IR to one token stream per output file.
//!
//! One file per module, so a spec change to one resource touches that resource's file.
//! The root `mod.rs` declares the modules and re-exports every type by name, which gives
//! users one flat namespace (`stripe_api::CheckoutSession`).

mod deserialize;
pub mod docs;
mod enums;
mod objects;
mod structs;
mod ty;
mod unions;

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Ir, TypeDef, TypeId, TypeKind};
use ty::ident;

/// The tokens of one file, with its path relative to the output directory.
#[derive(Debug, Clone)]
pub struct RenderedFile {
    /// Relative path with `/` separators (`checkout/session.rs`).
    pub path: String,
    /// The file's items.
    pub tokens: TokenStream,
}

/// Renders every module of the IR, plus the root `mod.rs`.
pub fn render(ir: &Ir) -> Vec<RenderedFile> {
    let targets = objects::expansion_targets(ir);
    let mut items: BTreeMap<Vec<String>, Vec<TypeId>> = BTreeMap::new();
    for (i, def) in ir.types.iter().enumerate() {
        items.entry(def.module.clone()).or_default().push(TypeId(i));
    }
    let mut children: BTreeMap<Vec<String>, BTreeSet<String>> = BTreeMap::new();
    for module in items.keys() {
        for depth in 0..module.len() {
            children
                .entry(module[..depth].to_vec())
                .or_default()
                .insert(module[depth].clone());
        }
    }
    let mut files = vec![root_file(ir, &items, children.get(&Vec::new()))];
    let modules: BTreeSet<&Vec<String>> = items
        .keys()
        .chain(children.keys())
        .filter(|m| !m.is_empty())
        .collect();
    for module in modules {
        let mut ids = items.get(module).cloned().unwrap_or_default();
        ids.sort_by(|a, b| ir.ty(*a).name.cmp(&ir.ty(*b).name));
        let declarations = module_declarations(module, children.get(module));
        let types = ids
            .iter()
            .map(|id| render_type(ir, ir.ty(*id), targets.contains(id)));
        files.push(RenderedFile {
            path: format!("{}.rs", module.join("/")),
            tokens: quote!(#declarations #(#types)*),
        });
    }
    files
}

fn render_type(ir: &Ir, def: &TypeDef, expandable: bool) -> TokenStream {
    let body = match &def.kind {
        TypeKind::Struct(s) => structs::render_struct(ir, def, s),
        TypeKind::Enum(e) => enums::render_enum(def, e),
        TypeKind::Union(u) => unions::render_union(ir, def, u),
        TypeKind::Id => objects::render_id(def),
    };
    let expand = expandable.then(|| objects::render_expand(ir, def));
    quote!(#body #expand)
}

fn module_declarations(parent: &[String], children: Option<&BTreeSet<String>>) -> TokenStream {
    let declarations = children.into_iter().flatten().map(|child| {
        let mut path = parent.to_vec();
        path.push(child.clone());
        let doc = format!(" Types of `{}`.", path.join("."));
        let name = ident(child);
        quote!(#[doc = #doc] pub mod #name;)
    });
    quote!(#(#declarations)*)
}

fn root_file(
    ir: &Ir,
    items: &BTreeMap<Vec<String>, Vec<TypeId>>,
    top: Option<&BTreeSet<String>>,
) -> RenderedFile {
    let declarations = module_declarations(&[], top);
    let reexports = items.iter().map(|(module, ids)| {
        let path = module.iter().map(|m| ident(m));
        let mut names: Vec<&str> = ids.iter().map(|id| ir.ty(*id).name.as_str()).collect();
        names.sort_unstable();
        let names = names.into_iter().map(ident);
        quote!(pub use self::#(#path)::*::{#(#names),*};)
    });
    let doc = format!(" Types of the Stripe API, version `{}`.", ir.api_version);
    let version = &ir.api_version;
    RenderedFile {
        path: "mod.rs".to_owned(),
        tokens: quote! {
            #![doc = #doc]
            #![allow(clippy::large_enum_variant, clippy::too_many_arguments)]
            /// The Stripe API version this crate was generated for.
            pub const API_VERSION: &str = #version;
            #declarations
            #(#reexports)*
        },
    }
}
