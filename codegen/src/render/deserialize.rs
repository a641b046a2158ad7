//! `Deserialize` for response structs, written out instead of derived.
//!
//! serde's derive also emits a field enum, index and byte matching and a sequence
//! visitor, none of which JSON objects use; they cost half the crate's compile time. This
//! impl reads a map, matches each key once, ignores unknown keys and reports a missing
//! required field by name, which is all a JSON API needs. The serde plumbing around it
//! is in the runtime (`FromMap`), written once.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::ty::ident;
use crate::ir::{Struct, TypeDef};

/// The `Deserialize` impl of a response struct.
pub fn deserialize_struct(def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let expecting = format!("a `{}` object", def.name);
    let slots: Vec<_> = (0..s.fields.len())
        .map(|i| format_ident!("field_{i}"))
        .collect();
    // Each slot's type is inferred from the struct literal at the end.
    let declarations = slots.iter().map(|slot| quote!(let mut #slot = None;));
    let arms = s.fields.iter().zip(&slots).map(|(f, slot)| {
        let wire = &f.wire_name;
        if f.optional(def.usage) {
            quote!(#wire => #slot = crate::runtime::field_value(&mut map, #wire)?,)
        } else {
            quote!(#wire => #slot = Some(crate::runtime::field_value(&mut map, #wire)?),)
        }
    });
    let finish = s.fields.iter().zip(&slots).map(|(f, slot)| {
        let field = ident(&f.name);
        if f.optional(def.usage) {
            quote!(#field: #slot,)
        } else {
            let wire = &f.wire_name;
            quote!(#field: crate::runtime::required(#slot, #wire)?,)
        }
    });
    let read_keys = if s.fields.is_empty() {
        quote! {
            while map.next_key::<::serde::de::IgnoredAny>()?.is_some() {
                map.next_value::<::serde::de::IgnoredAny>()?;
            }
        }
    } else {
        quote! {
            while let Some(key) = map.next_key::<crate::runtime::FieldName<'de>>()? {
                match key.as_str() {
                    #(#arms)*
                    _ => {
                        map.next_value::<::serde::de::IgnoredAny>()?;
                    }
                }
            }
        }
    };
    quote! {
        impl crate::runtime::FromMap for #name {
            const EXPECTING: &'static str = #expecting;
            fn from_map<'de, A: ::serde::de::MapAccess<'de>>(mut map: A) -> ::std::result::Result<Self, A::Error> {
                #(#declarations)*
                #read_keys
                Ok(Self { #(#finish)* })
            }
        }
        crate::runtime::impl_deserialize_object!(#name);
    }
}
