//! Type expressions: IR [`Ty`] to Rust type tokens, fully qualified (the `paths` pass
//! shortens them per file).

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Ir, Ty, TypeId};

/// An identifier; names are already valid Rust thanks to the naming stage.
pub fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The path of a named type, through the flat re-exports of the `api` module.
pub fn named(ir: &Ir, id: TypeId) -> TokenStream {
    let name = ident(&ir.ty(id).name);
    quote!(crate::api::#name)
}

/// The Rust type of a type expression.
pub fn ty(ir: &Ir, t: &Ty) -> TokenStream {
    match t {
        Ty::String => quote!(::std::string::String),
        Ty::Bool => quote!(bool),
        Ty::Integer => quote!(i64),
        Ty::Number => quote!(f64),
        Ty::Timestamp => quote!(crate::runtime::Timestamp),
        Ty::Decimal => quote!(crate::runtime::Decimal),
        Ty::Binary => quote!(crate::runtime::Binary),
        Ty::Json => quote!(::serde_json::Value),
        Ty::Named(id) => named(ir, *id),
        Ty::Vec(inner) => {
            let inner = ty(ir, inner);
            quote!(::std::vec::Vec<#inner>)
        }
        Ty::Map(inner) => {
            let inner = ty(ir, inner);
            quote!(::std::collections::BTreeMap<::std::string::String, #inner>)
        }
        Ty::List(inner) => {
            let inner = ty(ir, inner);
            quote!(crate::runtime::List<#inner>)
        }
        Ty::SearchList(inner) => {
            let inner = ty(ir, inner);
            quote!(crate::runtime::SearchList<#inner>)
        }
        Ty::Expandable(id) => {
            let inner = named(ir, *id);
            quote!(crate::runtime::Expandable<#inner>)
        }
        Ty::ExpandableJson => quote!(crate::runtime::Expandable<::serde_json::Value>),
        Ty::Clearable(inner) => {
            let inner = ty(ir, inner);
            quote!(crate::runtime::Clearable<#inner>)
        }
        Ty::Range(inner) => {
            let inner = ty(ir, inner);
            quote!(crate::runtime::RangeFilter<#inner>)
        }
        Ty::Boxed(inner) => {
            let inner = ty(ir, inner);
            quote!(::std::boxed::Box<#inner>)
        }
    }
}
