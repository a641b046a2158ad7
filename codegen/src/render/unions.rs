//! Unions: polymorphic objects picked by their `object` tag, and untagged alternatives
//! such as "a timestamp or `now`". Received values that match no variant are kept raw.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::ty::{ident, ty};
use crate::ir::{Ir, Payload, Tagging, TypeDef, Union};

/// A union enum with its serde impls.
pub fn render_union(ir: &Ir, def: &TypeDef, u: &Union) -> TokenStream {
    let name = ident(&def.name);
    let docs = doc_attrs(def.docs.as_deref());
    let fallback = ident(&u.fallback);
    let keep_unknown = def.usage.response;
    let variants = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        match &v.payload {
            Payload::Value(t) => {
                let doc = format!(" {}", variant_doc(ir, t));
                let t = ty(ir, t);
                quote!(#[doc = #doc] #variant(#t),)
            }
            Payload::Const(wire) => {
                let doc = format!(" `{wire}`");
                quote!(#[doc = #doc] #variant,)
            }
        }
    });
    let unknown = keep_unknown.then(|| {
        quote! {
            /// A value this version of the crate does not know, kept as JSON.
            #fallback(::serde_json::Value),
        }
    });
    let undecoded = u.undecoded.as_deref().filter(|_| keep_unknown).map(|name| {
        let name = ident(name);
        quote! {
            /// An object of a listed type that does not decode as it (rendered in another
            /// API version, say), kept as JSON with the error.
            #name(crate::runtime::Undecoded),
        }
    });
    let serialize = serialize_impl(def, u);
    let deserialize = keep_unknown.then(|| deserialize_impl(ir, def, u));
    quote! {
        #docs
        #[derive(Clone, Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #unknown
            #undecoded
        }
        #serialize
        #deserialize
    }
}

fn serialize_impl(def: &TypeDef, u: &Union) -> TokenStream {
    let name = ident(&def.name);
    let arms = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        match &v.payload {
            Payload::Value(_) => quote!(Self::#variant(value) => value.serialize(serializer),),
            Payload::Const(wire) => quote!(Self::#variant => serializer.serialize_str(#wire),),
        }
    });
    let unknown = def.usage.response.then(|| {
        let fallback = ident(&u.fallback);
        quote!(Self::#fallback(value) => value.serialize(serializer),)
    });
    let undecoded = u
        .undecoded
        .as_deref()
        .filter(|_| def.usage.response)
        .map(|name| {
            let name = ident(name);
            quote!(Self::#name(value) => value.raw.serialize(serializer),)
        });
    let gate = (!def.usage.request).then(|| quote!(#[cfg(feature = "serialize")]));
    quote! {
        #gate
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #(#arms)*
                    #unknown
                    #undecoded
                }
            }
        }
    }
}

fn deserialize_impl(ir: &Ir, def: &TypeDef, u: &Union) -> TokenStream {
    let name = ident(&def.name);
    let fallback = ident(&u.fallback);
    let body = match u.tagging {
        Tagging::Object => {
            // An object with a `deleted` field of its own (`apps.secret`), and no deletion
            // marker in the union, is that object whatever the field says.
            let markers: std::collections::BTreeSet<&str> = u
                .variants
                .iter()
                .filter_map(|v| v.tag.as_ref().filter(|t| t.deleted))
                .map(|t| t.object.as_str())
                .collect();
            let arms = u.variants.iter().filter_map(|v| {
                let tag = v.tag.as_ref()?;
                let (variant, object) = (ident(&v.name), &tag.object);
                let own_deleted = ir
                    .variant_struct(v)
                    .is_some_and(|s| s.fields.iter().any(|f| f.wire_name == "deleted"));
                let deleted = match (
                    tag.deleted,
                    own_deleted && !markers.contains(object.as_str()),
                ) {
                    (_, true) => quote!(_),
                    (deleted, false) => quote!(#deleted),
                };
                // Matched here rather than mapped by a function returning `Self`: each such
                // call would take a stack slot the size of the whole union, per arm.
                let decode = match u.undecoded.as_deref().map(ident) {
                    Some(undecoded) => quote! {
                        match crate::runtime::decode_or_keep(reader)? {
                            Ok(value) => Self::#variant(value),
                            Err(kept) => Self::#undecoded(kept),
                        }
                    },
                    None => quote!(Self::#variant(crate::runtime::Decode::decode(reader)?)),
                };
                Some(quote!((#object, #deleted) => #decode,))
            });
            quote! {
                let (tag, deleted) = crate::runtime::object_tag(reader)?;
                Ok(match (&*tag, deleted) {
                    #(#arms)*
                    _ => Self::#fallback(crate::runtime::Decode::decode(reader)?),
                })
            }
        }
        Tagging::Untagged => untagged_body(ir, u),
    };
    quote! {
        impl crate::runtime::Decode for #name {
            fn decode(reader: &mut crate::runtime::json::Reader<'_>) -> ::std::result::Result<Self, crate::runtime::JsonError> {
                #body
            }
        }
        crate::runtime::impl_deserialize!(#name);
    }
}

/// An untagged union: fixed strings first; then, for an object, the struct variants
/// whose fields cover all its keys, tightest first (a struct skips unknown keys, so
/// trying variants by size alone decoded `{"app_id", "client"}` as a variant without
/// `app_id`); then the other variants in spec order; then the raw fallback, which also
/// keeps an object no struct variant knows all the keys of.
fn untagged_body(ir: &Ir, u: &Union) -> TokenStream {
    let fallback = ident(&u.fallback);
    let consts = u.variants.iter().filter_map(|v| {
        let Payload::Const(wire) = &v.payload else {
            return None;
        };
        let variant = ident(&v.name);
        Some(quote! {
            if reader.string("").is_ok_and(|value| value == #wire) {
                return Ok(Self::#variant);
            }
            reader.reset(start);
        })
    });
    let structs: Vec<(&crate::ir::Variant, &crate::ir::Struct)> = u
        .variants
        .iter()
        .filter_map(|v| Some((v, ir.variant_struct(v)?)))
        .collect();
    let by_keys = (!structs.is_empty()).then(|| {
        let field_lists = structs.iter().map(|(_, s)| {
            let wires = s.fields.iter().map(|f| &f.wire_name);
            quote!(&[#(#wires),*])
        });
        let arms = structs.iter().enumerate().map(|(index, (v, _))| {
            let variant = ident(&v.name);
            let index = proc_macro2::Literal::usize_unsuffixed(index);
            quote!(#index => crate::runtime::Decode::decode(reader).map(Self::#variant),)
        });
        quote! {
            for index in crate::runtime::fitting_variants(reader, &[#(#field_lists),*])? {
                let decoded = match index {
                    #(#arms)*
                    _ => continue,
                };
                if let Ok(value) = decoded {
                    return Ok(value);
                }
                reader.reset(start);
            }
        }
    });
    let others = u
        .variants
        .iter()
        .filter(|v| matches!(v.payload, Payload::Value(_)) && ir.variant_struct(v).is_none());
    let others = others.map(|v| {
        let variant = ident(&v.name);
        quote! {
            if let Ok(inner) = crate::runtime::Decode::decode(reader) {
                return Ok(Self::#variant(inner));
            }
            reader.reset(start);
        }
    });
    quote! {
        let start = reader.mark();
        #(#consts)*
        #by_keys
        #(#others)*
        Ok(Self::#fallback(crate::runtime::Decode::decode(reader)?))
    }
}

fn variant_doc(ir: &Ir, t: &crate::ir::Ty) -> String {
    match t {
        crate::ir::Ty::Named(id) => format!("A `{}`.", ir.ty(*id).name),
        _ => "A value of this type.".to_owned(),
    }
}
