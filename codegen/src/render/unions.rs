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
    let serialize = serialize_impl(def, u);
    let deserialize = keep_unknown.then(|| deserialize_impl(ir, def, u));
    quote! {
        #docs
        #[derive(Clone, Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #unknown
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
    let gate = (!def.usage.request).then(|| quote!(#[cfg(feature = "serialize")]));
    quote! {
        #gate
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #(#arms)*
                    #unknown
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
            let arms = u.variants.iter().filter_map(|v| {
                let tag = v.tag.as_ref()?;
                let (variant, object, deleted) = (ident(&v.name), &tag.object, tag.deleted);
                Some(quote! {
                    (#object, #deleted) => Self::#variant(crate::runtime::Decode::decode(reader)?),
                })
            });
            quote! {
                let (tag, deleted) = crate::runtime::object_tag(reader)?;
                Ok(match (&*tag, deleted) {
                    #(#arms)*
                    _ => Self::#fallback(crate::runtime::Decode::decode(reader)?),
                })
            }
        }
        Tagging::Untagged => {
            let attempts = attempt_order(ir, u).into_iter().map(|v| {
                let variant = ident(&v.name);
                match &v.payload {
                    Payload::Const(wire) => quote! {
                        if reader.string("").is_ok_and(|value| value == #wire) {
                            return Ok(Self::#variant);
                        }
                        reader.reset(start);
                    },
                    Payload::Value(_) => quote! {
                        if let Ok(inner) = crate::runtime::Decode::decode(reader) {
                            return Ok(Self::#variant(inner));
                        }
                        reader.reset(start);
                    },
                }
            });
            quote! {
                let start = reader.mark();
                #(#attempts)*
                Ok(Self::#fallback(crate::runtime::Decode::decode(reader)?))
            }
        }
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

/// The order in which an untagged union tries its variants: fixed strings first, then
/// structs with more fields before those with fewer (a struct ignores unknown fields, so
/// a smaller one would accept, and lose, a larger one's data), then everything else.
fn attempt_order<'u>(ir: &Ir, u: &'u Union) -> Vec<&'u crate::ir::Variant> {
    let mut order: Vec<&crate::ir::Variant> = u.variants.iter().collect();
    order.sort_by_key(|v| match &v.payload {
        Payload::Const(_) => (0, 0),
        Payload::Value(crate::ir::Ty::Named(id)) => match &ir.ty(*id).kind {
            crate::ir::TypeKind::Struct(s) => (1, usize::MAX - s.fields.len()),
            _ => (2, 0),
        },
        Payload::Value(_) => (2, 0),
    });
    order
}

fn variant_doc(ir: &Ir, t: &crate::ir::Ty) -> String {
    match t {
        crate::ir::Ty::Named(id) => format!("A `{}`.", ir.ty(*id).name),
        _ => "A value of this type.".to_owned(),
    }
}
