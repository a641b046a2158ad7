//! Structs: API objects (deserialize; serialize with the crate's `serialize` feature) and
//! request parameters (serialize, with a constructor that takes every required field).

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::ty::{ident, ty};
use crate::ir::{Field, Ir, Struct, Ty, TypeDef, Usage};

/// A struct definition and its inherent impls.
pub fn render_struct(ir: &Ir, def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let docs = doc_attrs(def.docs.as_deref());
    let fields = s.fields.iter().map(|f| render_field(ir, f, def.usage));
    let only_optional = s.fields.iter().all(|f| f.optional(def.usage));
    let derives = derives(def.usage, only_optional);
    let constructor =
        (def.usage.request && !def.usage.response).then(|| constructor(ir, def, s, only_optional));
    let deserialize = def
        .usage
        .response
        .then(|| super::deserialize::deserialize_struct(def, s));
    quote! {
        #docs
        #derives
        pub struct #name {
            #(#fields)*
        }
        #constructor
        #deserialize
    }
}

fn derives(usage: Usage, only_optional: bool) -> TokenStream {
    if !usage.request {
        return quote! {
            #[derive(Clone, Debug)]
            #[cfg_attr(feature = "serialize", derive(::serde::Serialize))]
        };
    }
    let default = (!usage.response && only_optional).then(|| quote!(Default,));
    quote!(#[derive(Clone, Debug, #default ::serde::Serialize)])
}

/// A `#[serde(...)]` field attribute, only under the `serialize` feature for types that
/// are only received.
fn serde_attr(usage: Usage, inner: TokenStream) -> TokenStream {
    if usage.request {
        quote!(#[serde(#inner)])
    } else {
        quote!(#[cfg_attr(feature = "serialize", serde(#inner))])
    }
}

fn render_field(ir: &Ir, f: &Field, usage: Usage) -> TokenStream {
    let docs = doc_attrs(f.docs.as_deref());
    let name = ident(&f.name);
    let rename = (f.name != f.wire_name).then(|| {
        let wire = &f.wire_name;
        serde_attr(usage, quote!(rename = #wire))
    });
    let inner = ty(ir, &f.ty);
    // Files travel as multipart parts, added by the client method, not as form fields.
    let file = (f.ty == Ty::Binary).then(|| quote!(#[serde(skip)]));
    let (field_ty, skip) = if f.optional(usage) {
        let skip = (!f.required)
            .then(|| serde_attr(usage, quote!(skip_serializing_if = "Option::is_none")));
        (quote!(::std::option::Option<#inner>), skip)
    } else {
        (inner, None)
    };
    quote! {
        #docs
        #rename
        #skip
        #file
        pub #name: #field_ty,
    }
}

fn constructor(ir: &Ir, def: &TypeDef, s: &Struct, only_optional: bool) -> TokenStream {
    let name = ident(&def.name);
    if only_optional {
        return quote! {
            impl #name {
                /// Parameters with every field unset.
                pub fn new() -> Self {
                    Self::default()
                }
            }
        };
    }
    let required: Vec<&Field> = s.fields.iter().filter(|f| !f.optional(def.usage)).collect();
    let args = required.iter().map(|f| {
        let name = ident(&f.name);
        let field_ty = ty(ir, &f.ty);
        quote!(#name: #field_ty)
    });
    let inits = s.fields.iter().map(|f| {
        let name = ident(&f.name);
        if f.optional(def.usage) {
            quote!(#name: None)
        } else {
            quote!(#name)
        }
    });
    quote! {
        impl #name {
            /// Parameters with the required fields set and every optional field unset.
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
        }
    }
}
