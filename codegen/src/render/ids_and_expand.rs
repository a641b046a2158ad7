//! Ids and expansion support: id newtypes, and the `Expand` impls that let
//! `Expandable<T>` hold either an id or the object.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::ty::{ident, named};
use crate::ir::{Ir, Payload, Ty, TypeDef, TypeId, TypeKind};

/// An id newtype.
pub fn render_id(def: &TypeDef) -> TokenStream {
    let name = ident(&def.name);
    let docs = doc_attrs(def.docs.as_deref());
    quote! {
        crate::runtime::id_type! {
            #docs
            #name
        }
    }
}

/// Types that appear as the object of an expandable field or as the items of a list an
/// operation returns (pagination needs their ids), and every variant of such a union:
/// only these get an `Expand` impl.
pub fn expansion_targets(ir: &Ir) -> BTreeSet<TypeId> {
    let mut found = BTreeSet::new();
    for op in &ir.operations {
        if let Ty::List(item) | Ty::SearchList(item) = &op.response {
            if let Ty::Named(id) = item.as_ref() {
                found.insert(*id);
            }
        }
    }
    for def in &ir.types {
        def.kind
            .tys()
            .for_each(|t| collect_expandables(t, &mut found));
    }
    let unions: Vec<TypeId> = found.iter().copied().collect();
    for id in unions {
        if let TypeKind::Union(u) = &ir.ty(id).kind {
            for v in &u.variants {
                if let Payload::Value(Ty::Named(member)) = &v.payload {
                    found.insert(*member);
                }
            }
        }
    }
    found
}

fn collect_expandables(t: &Ty, found: &mut BTreeSet<TypeId>) {
    match t {
        Ty::Expandable(id) => {
            found.insert(*id);
        }
        wrapper => {
            if let Some(inner) = wrapper.inner() {
                collect_expandables(inner, found);
            }
        }
    }
}

/// `impl Expand` for a struct or union that an expandable field can hold.
pub fn render_expand(ir: &Ir, def: &TypeDef) -> TokenStream {
    let name = ident(&def.name);
    let (id_ty, body) = match &def.kind {
        TypeKind::Struct(s) => {
            let id_ty = ir
                .id_type(s)
                .map_or(quote!(::std::string::String), |id| named(ir, id));
            let body = match s.id_field() {
                Some(f) if !f.optional(def.usage) => {
                    let field = ident(&f.name);
                    quote!(Some(self.#field.as_str()))
                }
                Some(f) => {
                    let field = ident(&f.name);
                    quote!(self.#field.as_ref().map(|id| id.as_str()))
                }
                None => quote!(None),
            };
            (id_ty, body)
        }
        TypeKind::Union(u) => {
            let ids: BTreeSet<Option<TypeId>> =
                u.variants.iter().map(|v| member_id(ir, v)).collect();
            let id_ty = match ids.into_iter().collect::<Vec<_>>().as_slice() {
                [Some(id)] => named(ir, *id),
                _ => quote!(::std::string::String),
            };
            let arms = u.variants.iter().map(|v| {
                let variant = ident(&v.name);
                quote!(Self::#variant(object) => crate::runtime::Expand::object_id(object),)
            });
            let fallback = ident(&u.fallback);
            let body = quote! {
                match self {
                    #(#arms)*
                    Self::#fallback(value) => crate::runtime::raw_object_id(value),
                }
            };
            (id_ty, body)
        }
        TypeKind::Enum(_) | TypeKind::Id | TypeKind::Alias(_) => return TokenStream::new(),
    };
    quote! {
        impl crate::runtime::Expand for #name {
            type Id = #id_ty;
            fn object_id(&self) -> ::std::option::Option<&str> {
                #body
            }
        }
    }
}

fn member_id(ir: &Ir, v: &crate::ir::Variant) -> Option<TypeId> {
    match &v.payload {
        Payload::Value(Ty::Named(member)) => match &ir.ty(*member).kind {
            TypeKind::Struct(s) => ir.id_type(s),
            _ => None,
        },
        _ => None,
    }
}
