//! Structs: API objects (deserialize; serialize with the crate's `serialize` feature) and
//! request parameters (serialize, with a constructor that takes every required field and
//! a setter per optional one). All are non-exhaustive, so a field Stripe adds breaks no
//! code that uses the crate.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::ty::{ident, ty};
use crate::ir::{Field, Ir, Struct, Ty, TypeDef, Usage};

/// A struct definition and its inherent impls. The parameters of an operation (`root`)
/// also carry raw parameters, for what this version of the crate does not type.
pub fn render_struct(ir: &Ir, def: &TypeDef, s: &Struct, root: bool) -> TokenStream {
    let name = ident(&def.name);
    let docs = doc_attrs(def.docs.as_deref());
    let fields = s
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| render_field(ir, f, def.usage, &field_gate(def, s, i)));
    let unknown = def.usage.response.then(|| {
        quote! {
            /// Fields this version of the crate does not know, as sent.
            pub unknown_fields: crate::runtime::UnknownFields,
        }
    });
    let raw = root.then(|| {
        quote! {
            /// Parameters sent beyond the typed fields, or typed ones left out; see
            /// [`raw_param`](Self::raw_param) and [`remove_param`](Self::remove_param).
            pub raw_params: crate::runtime::RawParams,
        }
    });
    let only_optional = s.fields.iter().all(|f| f.optional(def.usage));
    let sent = def.usage.request;
    let derives = if sent && only_optional {
        quote!(#[derive(Clone, Debug, Default)])
    } else {
        quote!(#[derive(Clone, Debug)])
    };
    let constructor = sent.then(|| builder(ir, def, s, only_optional, root));
    let serialize = serialize_impl(def, s);
    let deserialize = def
        .usage
        .response
        .then(|| super::deserialize::deserialize_struct(def, s));
    quote! {
        #docs
        #derives
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #unknown
            #raw
        }
        #constructor
        #serialize
        #deserialize
    }
}

/// The `#[cfg]` of an object's field: every field but the id comes with the features
/// that type the object.
pub(super) fn field_gate(def: &TypeDef, s: &Struct, index: usize) -> TokenStream {
    if s.id == Some(index) {
        TokenStream::new()
    } else {
        super::gates::cfg(&def.fields_gate)
    }
}

fn render_field(ir: &Ir, f: &Field, usage: Usage, gate: &TokenStream) -> TokenStream {
    let docs = doc_attrs(f.docs.as_deref());
    let name = ident(&f.name);
    let inner = ty(ir, &f.ty);
    let field_ty = if f.optional(usage) {
        quote!(::std::option::Option<#inner>)
    } else {
        inner
    };
    quote! {
        #docs
        #gate
        pub #name: #field_ty,
    }
}

/// `Serialize`, written out as the list of fields: each with its wire name, and left
/// out when it is optional and unset. The one generic function behind it lives in the
/// runtime, so a program compiles it once per serializer instead of once per struct.
/// Sent structs always serialize; received ones with the `serialize` feature. Files are
/// not fields: the client method sends them as multipart parts.
fn serialize_impl(def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let type_name = &def.name;
    let fields = s.fields.iter().enumerate();
    let entries = fields.filter(|(_, f)| f.ty != Ty::Binary).map(|(i, f)| {
        let (wire, field) = (&f.wire_name, ident(&f.name));
        let gate = field_gate(def, s, i);
        let skip = if f.absent_or_null(def.usage) {
            quote!(self.#field.is_none() && self.unknown_fields.was_absent(#wire))
        } else if f.optional(def.usage) && !f.required {
            quote!(self.#field.is_none())
        } else {
            quote!(false)
        };
        let value = if holds_number(&f.ty) && !def.usage.request {
            quote!(&crate::runtime::number(&self.#field))
        } else {
            quote!(&self.#field)
        };
        quote!(#gate (#wire, #value, #skip))
    });
    let gate = (!def.usage.request).then(|| quote!(#[cfg(feature = "serialize")]));
    let unknown = match def.usage.response {
        true => quote!(Some(&self.unknown_fields)),
        false => quote!(None),
    };
    quote! {
        #gate
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                crate::runtime::serialize_struct(serializer, #type_name, &[#(#entries),*], #unknown)
            }
        }
    }
}

/// Whether a field's value is a `number`, or a list or map of them: written through
/// the runtime's `number`, so that a whole value comes back as an integer.
fn holds_number(ty: &Ty) -> bool {
    match ty {
        Ty::Number => true,
        Ty::Vec(inner) | Ty::Map(inner) => holds_number(inner),
        _ => false,
    }
}

/// Sent structs are non-exhaustive, so they are built through `new` (the required
/// fields) and one setter per optional field: a field Stripe adds is then a new setter,
/// and no caller's code breaks.
fn builder(ir: &Ir, def: &TypeDef, s: &Struct, only_optional: bool, root: bool) -> TokenStream {
    let name = ident(&def.name);
    let new = if only_optional {
        quote! {
            /// Parameters with every field unset.
            pub fn new() -> Self {
                Self::default()
            }
        }
    } else {
        constructor(ir, def, s, root)
    };
    let raw = root.then(raw_methods);
    let setters = s
        .fields
        .iter()
        .filter(|f| f.optional(def.usage))
        .map(|f| setter(ir, f));
    quote! {
        impl #name {
            #new
            #(#setters)*
            #raw
        }
    }
}

fn raw_methods() -> TokenStream {
    quote! {
        /// Also sends `key=value`, with `key` in Stripe's bracket form (`ui_mode`,
        /// `metadata[order_id]`), in place of a typed field with the same key: for
        /// parameters newer than this crate.
        pub fn raw_param(mut self, key: impl Into<::std::string::String>, value: impl Into<::std::string::String>) -> Self {
            self.raw_params.set(key, value);
            self
        }
        /// Leaves out a parameter, typed or raw, with everything nested under it: for a
        /// required field a newer API version no longer wants.
        pub fn remove_param(mut self, key: impl Into<::std::string::String>) -> Self {
            self.raw_params.remove(key);
            self
        }
    }
}

fn constructor(ir: &Ir, def: &TypeDef, s: &Struct, root: bool) -> TokenStream {
    let required: Vec<&Field> = s.fields.iter().filter(|f| !f.optional(def.usage)).collect();
    let args = required.iter().map(|f| {
        let name = ident(&f.name);
        let arg_ty = argument(ir, &f.ty);
        quote!(#name: #arg_ty)
    });
    // A struct that is also received starts with no unknown fields.
    let unknown = def
        .usage
        .response
        .then(|| quote!(unknown_fields: Default::default()));
    let raw = root.then(|| quote!(raw_params: Default::default()));
    let inits = s.fields.iter().map(|f| {
        let name = ident(&f.name);
        if f.optional(def.usage) {
            quote!(#name: None)
        } else {
            let value = conversion(&f.ty, &name);
            quote!(#name: #value)
        }
    });
    quote! {
        /// Parameters with the required fields set and every optional field unset.
        pub fn new(#(#args),*) -> Self {
            Self { #(#inits,)* #unknown #raw }
        }
    }
}

fn setter(ir: &Ir, f: &Field) -> TokenStream {
    let name = ident(&f.name);
    let arg_ty = argument(ir, &f.ty);
    let value = conversion(&f.ty, &name);
    let doc = format!(" Sets [`{0}`](Self::{0}).", f.name);
    quote! {
        #[doc = #doc]
        pub fn #name(mut self, #name: #arg_ty) -> Self {
            self.#name = Some(#value);
            self
        }
    }
}

/// What a constructor or setter takes for a field: anything that converts, and for lists
/// and maps anything that iterates over such values, so `.expand(["customer"])` and
/// `.metadata([("order_id", "6735")])` read as they would in the official libraries.
fn argument(ir: &Ir, field: &Ty) -> TokenStream {
    match field {
        Ty::Vec(item) => {
            let item = ty(ir, item);
            quote!(impl IntoIterator<Item = impl Into<#item>>)
        }
        Ty::Map(value) => {
            let value = ty(ir, value);
            quote!(impl IntoIterator<Item = (impl Into<::std::string::String>, impl Into<#value>)>)
        }
        other => {
            let field_ty = ty(ir, other);
            quote!(impl Into<#field_ty>)
        }
    }
}

/// The field's value from an [`argument`] named `name`.
fn conversion(field: &Ty, name: &proc_macro2::Ident) -> TokenStream {
    match field {
        Ty::Vec(_) => quote!(#name.into_iter().map(Into::into).collect()),
        Ty::Map(_) => {
            quote!(#name.into_iter().map(|(key, value)| (key.into(), value.into())).collect())
        }
        _ => quote!(#name.into()),
    }
}
