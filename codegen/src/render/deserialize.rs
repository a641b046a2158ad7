//! Decoding of response structs, written out instead of derived.
//!
//! The impl reads an object with the runtime's JSON reader, matches each key once,
//! ignores unknown keys and reports a missing required field by name, which is all a
//! JSON API needs. It is not generic, so it is compiled once, in the generated crate,
//! and not again in every program that decodes the type. serde's `Deserialize` is
//! implemented in terms of it by one runtime macro.

use proc_macro2::{Ident, TokenStream};
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
            "reader" | "entries" | "key" | "unknown_fields" | "present" => {
                format_ident!("{}_value", f.name)
            }
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
            // A field that may be absent or null keeps which in its slot
            // (`Option<Option<_>>`: `None` when absent).
            let read = if f.optional(def.usage) && !f.absent_or_null(def.usage) {
                quote!(read)
            } else {
                quote!(read_some)
            };
            quote!(#gate #wire => crate::runtime::#read(reader, #wire, &mut #slot),)
        });
    let required = required_checks(def, s, &slots, &gates);
    let finish = s
        .fields
        .iter()
        .zip(&slots)
        .zip(&gates)
        .map(|((f, slot), gate)| {
            let field = ident(&f.name);
            if f.absent_or_null(def.usage) {
                quote!(#gate #field: crate::runtime::sent(#slot),)
            } else if field == *slot {
                quote!(#gate #field,)
            } else {
                quote!(#gate #field: #slot,)
            }
        });
    let absent = absent_notes(def, s, &slots, &gates);
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
                #absent
                #required
                Ok(Self { #(#finish)* unknown_fields })
            }
        }
        crate::runtime::impl_deserialize!(#name);
    }
}

/// Statements that take each required field out of its `Option`, or return the error
/// naming the first one missing.
///
/// One `let ... else` per feature gate among the required fields, since a pattern cannot
/// carry `#[cfg]`: an early return per field would drop every value taken before it,
/// code that grows with the square of the field count (a 60-field struct: 41,671
/// LLVM lines against 7,531).
fn required_checks(
    def: &TypeDef,
    s: &Struct,
    slots: &[Ident],
    gates: &[TokenStream],
) -> TokenStream {
    let required: Vec<usize> = (0..s.fields.len())
        .filter(|&i| !s.fields[i].optional(def.usage))
        .collect();
    if required.is_empty() {
        return TokenStream::new();
    }
    let present = required.iter().map(|&i| {
        let (gate, slot, wire) = (&gates[i], &slots[i], &s.fields[i].wire_name);
        quote!(#gate (#wire, #slot.is_some()),)
    });
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    for &i in &required {
        let key = gates[i].to_string();
        match groups.iter_mut().find(|(gate, _)| *gate == key) {
            Some((_, members)) => members.push(i),
            None => groups.push((key, vec![i])),
        }
    }
    let takes = groups.iter().map(|(_, members)| {
        let gate = &gates[members[0]];
        let slots: Vec<&Ident> = members.iter().map(|&i| &slots[i]).collect();
        let (pattern, value) = match slots.as_slice() {
            [slot] => (quote!(Some(#slot)), quote!(#slot)),
            _ => (quote!((#(Some(#slots)),*)), quote!((#(#slots),*))),
        };
        quote! {
            #gate
            let #pattern = #value else {
                return Err(crate::runtime::missing_required(reader, present));
            };
        }
    });
    // The list exists in a build when some group of required fields does.
    let present_gate = match groups.as_slice() {
        [(_, members)] => gates[members[0]].clone(),
        _ if groups.iter().any(|(gate, _)| gate.is_empty()) => TokenStream::new(),
        _ => quote!(#[allow(unused_variables)]),
    };
    quote! {
        #present_gate
        let present: &[(&str, bool)] = &[#(#present)*];
        #(#takes)*
    }
}

/// The statement that records which nullable fields the object left out rather than
/// sent as `null`, if it has such fields.
fn absent_notes(def: &TypeDef, s: &Struct, slots: &[Ident], gates: &[TokenStream]) -> TokenStream {
    let notes: Vec<TokenStream> = (0..s.fields.len())
        .filter(|&i| s.fields[i].absent_or_null(def.usage))
        .map(|i| {
            let (gate, slot, wire) = (&gates[i], &slots[i], &s.fields[i].wire_name);
            quote!(#gate (#wire, #slot.is_none()),)
        })
        .collect();
    if notes.is_empty() {
        return TokenStream::new();
    }
    quote!(unknown_fields.note_absent(&[#(#notes)*]);)
}
