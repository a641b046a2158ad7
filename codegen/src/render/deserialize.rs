//! Decoding of response structs, written out instead of derived.
//!
//! The impl reads an object with the runtime's JSON reader, matches each key once,
//! ignores unknown keys and reports a missing required field by name, which is all a
//! JSON API needs. It is not generic, so it is compiled once, in the generated crate,
//! and not again in every program that decodes the type. serde's `Deserialize` is
//! implemented in terms of it by one runtime macro.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::ty::ident;
use crate::ir::{Struct, TypeDef};

/// The `Decode` and `Deserialize` impls of a response struct.
pub fn deserialize_struct(def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let expecting = format!("a `{}` object", def.name);
    // Locals named after their fields, unless a field is named like one of the decoder's
    // own locals.
    let slots: Vec<_> = s
        .fields
        .iter()
        .map(|f| match f.name.as_str() {
            "reader" | "entries" | "key" | "unknown_fields" => format_ident!("{}_value", f.name),
            name => ident(name),
        })
        .collect();
    let gates: Vec<TokenStream> = (0..s.fields.len())
        .map(|i| super::structs::field_gate(def, s, i))
        .collect();
    // Each slot's type is inferred from the struct literal at the end.
    let declarations = slots
        .iter()
        .zip(&gates)
        .map(|(slot, gate)| quote!(#gate let mut #slot = None;));
    let arms = s
        .fields
        .iter()
        .zip(&slots)
        .zip(&gates)
        .map(|((f, slot), gate)| {
            let wire = &f.wire_name;
            let read = if f.optional(def.usage) {
                quote!(read)
            } else {
                quote!(read_some)
            };
            quote!(#gate #wire => crate::runtime::#read(reader, #wire, &mut #slot),)
        });
    let finish = s
        .fields
        .iter()
        .zip(&slots)
        .zip(&gates)
        .map(|((f, slot), gate)| {
            let field = ident(&f.name);
            if f.optional(def.usage) && field == *slot {
                quote!(#gate #field,)
            } else if f.optional(def.usage) {
                quote!(#gate #field: #slot,)
            } else {
                let wire = &f.wire_name;
                quote!(#gate #field: crate::runtime::required(reader, #slot, #wire)?,)
            }
        });
    let read_keys = if s.fields.is_empty() {
        quote! {
            while let Some(key) = entries.next_key(reader)? {
                crate::runtime::keep(reader, &key, &mut unknown_fields)?;
            }
        }
    } else {
        quote! {
            while let Some(key) = entries.next_key(reader)? {
                match &*key {
                    #(#arms)*
                    other => crate::runtime::keep(reader, other, &mut unknown_fields),
                }?;
            }
        }
    };
    quote! {
        impl crate::runtime::Decode for #name {
            fn decode(reader: &mut crate::runtime::json::Reader<'_>) -> ::std::result::Result<Self, crate::runtime::JsonError> {
                #(#declarations)*
                let mut unknown_fields = crate::runtime::UnknownFields::default();
                let mut entries = reader.object(#expecting)?;
                #read_keys
                Ok(Self { #(#finish)* unknown_fields })
            }
        }
        crate::runtime::impl_deserialize!(#name);
    }
}
