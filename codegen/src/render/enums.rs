//! Open string enums: listed values become variants, any other value is kept in a
//! fallback variant and serialized back unchanged.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::ty::ident;
use crate::ir::{Ir, OpenEnum, Ty, TypeDef};

/// An enum with `as_str`, `FromStr`, `Display` and serde support.
pub fn render_enum(def: &TypeDef, e: &OpenEnum) -> TokenStream {
    let name = ident(&def.name);
    let docs = doc_attrs(def.docs.as_deref());
    let fallback = ident(&e.fallback);
    let variants = e.values.iter().map(|v| {
        let variant = ident(&v.name);
        let doc = format!(" `{}`", v.wire);
        quote!(#[doc = #doc] #variant,)
    });
    let to_str = e.values.iter().map(|v| {
        let (variant, wire) = (ident(&v.name), &v.wire);
        quote!(Self::#variant => #wire,)
    });
    let from_str = e.values.iter().map(|v| {
        let (variant, wire) = (ident(&v.name), &v.wire);
        quote!(#wire => Self::#variant,)
    });
    let fallback_doc = if e.accepts_unlisted {
        quote! {
            /// A value this version of the crate does not know. Stripe takes values outside
            /// the list here, so a newer one can be sent as its string (`From<&str>`).
        }
    } else {
        quote! {
            /// A value this version of the crate does not know.
        }
    };
    let impls = if def.usage.response {
        quote!(crate::runtime::impl_open_enum!(#name, deserialize);)
    } else {
        quote!(crate::runtime::impl_open_enum!(#name);)
    };
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #fallback_doc
            #fallback(::std::string::String),
        }
        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::#fallback(value) => value,
                }
            }
        }
        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(match value {
                    #(#from_str)*
                    other => Self::#fallback(other.to_owned()),
                })
            }
        }
        #impls
    }
}

/// Another name for a type.
pub fn render_alias(ir: &Ir, def: &TypeDef, target: &Ty) -> TokenStream {
    let name = ident(&def.name);
    let docs = doc_attrs(def.docs.as_deref());
    let target = super::ty::ty(ir, target);
    quote! {
        #docs
        pub type #name = #target;
    }
}
