//! The fake Stripe's table (`fake/src/generated/mod.rs`): every selected operation with its
//! route, what it does to stored objects and the shape of every parameter it accepts,
//! and every API object with its id prefix and a skeleton whose required fields are set.
//! The fake's hand-written server reads only this table, so it grows with the selection.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToShoutySnakeCase;
use proc_macro2::{Ident, TokenStream};
use quote::quote;
use serde_json::{json, Map, Value};

use super::ty::ident;
use super::RenderedFile;
use crate::ir::{Ir, Operation, OperationKind, Payload, Struct, Ty, TypeDef, TypeId, TypeKind};
use crate::stripe::fake::id_prefix;

/// Nested objects deeper than this are left empty in skeletons.
const MAX_DEPTH: usize = 8;

/// The table, as the fake's `spec` module.
pub fn render_fake(ir: &Ir) -> RenderedFile {
    let mut shapes = Shapes::default();
    let operations: Vec<TokenStream> = ir
        .operations
        .iter()
        .map(|op| operation(ir, op, &mut shapes))
        .collect();
    let objects = objects(ir);
    let version = &ir.api_version;
    let session = session_type(ir);
    let constants = shapes.constants.values();
    let uses = if shapes.constants.is_empty() {
        quote!(
            use crate::table::{Kind, Object, Operation};
        )
    } else {
        quote!(
            use crate::table::{Kind, Object, Operation, Param, Shape};
        )
    };
    // With some features off, the shapes only their operations use go unused.
    let lints = (!ir.features.all.is_empty()).then(|| quote!(#![allow(dead_code, unused_imports)]));
    let tokens = quote! {
        //! The selected operations and API objects of the spec, as the fake serves them.
        #lints
        #uses
        /// The Stripe API version of the spec.
        pub const API_VERSION: &str = #version;
        /// What the Checkout controls answer: the crate's Checkout Session, or raw JSON
        /// in a selection without one.
        pub type CheckoutSessionObject = #session;
        /// Every selected operation.
        pub static OPERATIONS: &[Operation] = &[#(#operations),*];
        /// Every API object of the selection.
        pub static OBJECTS: &[Object] = &[#(#objects),*];
        #(#constants)*
    };
    RenderedFile {
        path: "mod.rs".to_owned(),
        tokens,
    }
}

/// The crate's type of `checkout.session` objects, if the selection has it.
fn session_type(ir: &Ir) -> TokenStream {
    let session = ir.types.iter().find(|def| {
        matches!(&def.kind, TypeKind::Struct(Struct { tag: Some(tag), .. }) if tag.object == "checkout.session" && !tag.deleted)
    });
    match session {
        Some(def) => {
            let name = ident(&def.name);
            quote!(stripe_api::#name)
        }
        None => quote!(serde_json::Value),
    }
}

fn operation(ir: &Ir, op: &Operation, shapes: &mut Shapes) -> TokenStream {
    let (name, method, path) = (&op.name, op.method.as_str(), &op.path);
    let answer_struct = answered_struct(ir, &op.response);
    let kind = ident(match op.kind {
        OperationKind::Create => "Create",
        OperationKind::Retrieve => "Retrieve",
        OperationKind::Update => "Update",
        OperationKind::Delete => "Delete",
        OperationKind::List => "List",
        OperationKind::Search => "Search",
        OperationKind::Action => "Action",
        OperationKind::File => "File",
    });
    let object = option(
        answer_struct
            .and_then(|s| s.tag.as_ref())
            .map(|t| &t.object),
    );
    let parent = option(
        op.path_params
            .first()
            .and_then(|p| object_of_id(ir, &p.ty))
            .as_ref(),
    );
    let params = match op.params {
        Some(id) => shapes.params_const(ir, id),
        None => quote!(&[]),
    };
    let gate = super::gates::cfg(&op.gate);
    quote! {
        #gate
        Operation {
            name: #name,
            method: #method,
            path: #path,
            kind: Kind::#kind,
            object: #object,
            parent: #parent,
            params: #params,
        }
    }
}

fn option(value: Option<&String>) -> TokenStream {
    match value {
        Some(value) => quote!(Some(#value)),
        None => quote!(None),
    }
}

/// The struct an answer holds: the object itself (of a union of an object and its
/// deletion marker, the object), or the items of a list.
fn answered_struct<'ir>(ir: &'ir Ir, answer: &Ty) -> Option<&'ir Struct> {
    match answer {
        Ty::Named(id) => match &ir.resolved(*id).kind {
            TypeKind::Struct(s) => Some(s),
            TypeKind::Union(u) => u
                .variants
                .iter()
                .filter_map(|v| ir.variant_struct(v))
                .find(|s| s.tag.as_ref().is_some_and(|t| !t.deleted)),
            _ => None,
        },
        Ty::List(item) | Ty::SearchList(item) => answered_struct(ir, item),
        _ => None,
    }
}

/// The `object` value of the API object whose ids have this type.
fn object_of_id(ir: &Ir, ty: &Ty) -> Option<String> {
    ir.types.iter().find_map(|def| match &def.kind {
        TypeKind::Struct(s) if s.tag.as_ref().is_some_and(|t| !t.deleted) => {
            let id = ir.id_type(s)?;
            (Ty::Named(id) == *ty).then(|| s.tag.as_ref().map(|t| t.object.clone()))?
        }
        _ => None,
    })
}

/// The parameter shapes, one constant per named request type, so a type that several
/// operations share is written once; types with the same shape (Stripe repeats many)
/// share the constant of the first.
#[derive(Default)]
struct Shapes {
    constants: BTreeMap<String, TokenStream>,
    by_value: BTreeMap<String, Ident>,
    names: BTreeMap<TypeId, Ident>,
    in_progress: BTreeSet<TypeId>,
}

impl Shapes {
    /// The constant that holds a request type's shape, written on first use.
    fn params_const(&mut self, ir: &Ir, id: TypeId) -> TokenStream {
        if let Some(name) = self.names.get(&id) {
            return quote!(#name);
        }
        let def = ir.resolved(id);
        let name = ident(&def.name.to_shouty_snake_case());
        if !self.in_progress.insert(id) {
            return quote!(#name);
        }
        let (ty, value) = match &def.kind {
            TypeKind::Struct(s) => {
                let params: Vec<TokenStream> = s
                    .fields
                    .iter()
                    .map(|f| {
                        let (wire, required) = (&f.wire_name, f.required);
                        let shape = self.field_shape(ir, &f.ty, f.max_length);
                        quote!(Param { name: #wire, required: #required, shape: #shape })
                    })
                    .collect();
                (quote!(&[Param]), quote!(&[#(#params),*]))
            }
            TypeKind::Enum(e) => {
                let values = e.values.iter().map(|v| &v.wire);
                (quote!(&[&str]), quote!(&[#(#values),*]))
            }
            TypeKind::Union(u) => {
                let shapes: Vec<TokenStream> = u
                    .variants
                    .iter()
                    .map(|v| match &v.payload {
                        Payload::Const(wire) => quote!(Shape::Const(#wire)),
                        Payload::Value(ty) => self.shape(ir, ty),
                    })
                    .collect();
                (quote!(&[Shape]), quote!(&[#(#shapes),*]))
            }
            TypeKind::Id | TypeKind::Alias(_) => (quote!(&[Param]), quote!(&[])),
        };
        self.in_progress.remove(&id);
        let key = format!("{ty} = {value}");
        let canonical = match self.by_value.get(&key) {
            Some(existing) => existing.clone(),
            None => {
                let constant = quote!(const #name: #ty = #value;);
                self.constants.insert(name.to_string(), constant);
                self.by_value.insert(key, name.clone());
                name
            }
        };
        self.names.insert(id, canonical.clone());
        quote!(#canonical)
    }

    /// A field's shape, with the longest string it takes where the spec says.
    fn field_shape(&mut self, ir: &Ir, ty: &Ty, max_length: Option<usize>) -> TokenStream {
        let Some(max) = max_length else {
            return self.shape(ir, ty);
        };
        let max = proc_macro2::Literal::usize_unsuffixed(max);
        let text = quote!(Shape::Text(#max));
        match ty {
            Ty::String => text,
            Ty::Vec(inner) if **inner == Ty::String => quote!(Shape::Array(&#text)),
            Ty::Clearable(inner) if **inner == Ty::String => quote!(Shape::Clearable(&#text)),
            _ => self.shape(ir, ty),
        }
    }

    fn shape(&mut self, ir: &Ir, ty: &Ty) -> TokenStream {
        let boxed = |shapes: &mut Self, inner: &Ty| {
            let inner = shapes.shape(ir, inner);
            quote!(&#inner)
        };
        match ty {
            Ty::String => quote!(Shape::String),
            Ty::Bool => quote!(Shape::Bool),
            Ty::Integer | Ty::Timestamp => quote!(Shape::Integer),
            Ty::Number => quote!(Shape::Number),
            Ty::Decimal => quote!(Shape::Decimal),
            Ty::Binary => quote!(Shape::File),
            Ty::Vec(inner) => {
                let inner = boxed(self, inner);
                quote!(Shape::Array(#inner))
            }
            Ty::Map(inner) => {
                let inner = boxed(self, inner);
                quote!(Shape::Map(#inner))
            }
            Ty::Clearable(inner) => {
                let inner = boxed(self, inner);
                quote!(Shape::Clearable(#inner))
            }
            Ty::Range(inner) => {
                let inner = boxed(self, inner);
                quote!(Shape::Range(#inner))
            }
            Ty::Named(id) => self.named_shape(ir, *id),
            // A recursive request type accepts anything below the point where it recurs.
            Ty::Boxed(_) | Ty::Json => quote!(Shape::Any),
            Ty::List(_) | Ty::SearchList(_) | Ty::Expandable(_) | Ty::ExpandableJson => {
                quote!(Shape::Any)
            }
        }
    }

    fn named_shape(&mut self, ir: &Ir, id: TypeId) -> TokenStream {
        let def = ir.resolved(id);
        if self.in_progress.contains(&id) {
            return quote!(Shape::Any);
        }
        match &def.kind {
            TypeKind::Struct(_) => {
                let name = self.params_const(ir, id);
                quote!(Shape::Object(#name))
            }
            // Stripe takes any string for such an enum, and so does the fake.
            TypeKind::Enum(e) if e.accepts_unlisted => quote!(Shape::String),
            TypeKind::Enum(_) => {
                let name = self.params_const(ir, id);
                quote!(Shape::Enum(#name))
            }
            TypeKind::Union(_) => {
                let name = self.params_const(ir, id);
                quote!(Shape::AnyOf(#name))
            }
            TypeKind::Id => quote!(Shape::String),
            TypeKind::Alias(target) => self.shape(ir, target),
        }
    }
}

/// Every API object by `object` value: the object itself rather than its deletion marker
/// (an object whose schema has an optional `deleted` field has only the one schema).
fn objects(ir: &Ir) -> Vec<TokenStream> {
    let mut by_object: BTreeMap<&str, (&TypeDef, bool)> = BTreeMap::new();
    for def in &ir.types {
        if let TypeKind::Struct(Struct { tag: Some(tag), .. }) = &def.kind {
            let entry = by_object.entry(&tag.object).or_insert((def, tag.deleted));
            if entry.1 && !tag.deleted {
                *entry = (def, false);
            }
        }
    }
    by_object
        .into_iter()
        .map(|(object, (def, _))| {
            let prefix = id_prefix(object);
            let skeleton = skeleton(ir, def, 0).to_string();
            quote!(Object { object: #object, id_prefix: #prefix, skeleton: #skeleton })
        })
        .collect()
}

/// An object with every field Stripe always sends: `null` where the spec allows it, else an
/// empty value of the field's type (the first value of an enum). Stripe's spec marks few
/// fields required, yet answers with all of them but the lists it sends only when
/// expanded (a session's `line_items`, a customer's `sources`).
fn skeleton(ir: &Ir, def: &TypeDef, depth: usize) -> Value {
    let TypeKind::Struct(s) = &def.kind else {
        return json!({});
    };
    let mut object = Map::new();
    let includable = |ty: &Ty| matches!(ty, Ty::List(_) | Ty::SearchList(_));
    for field in s.fields.iter().filter(|f| f.required || !includable(&f.ty)) {
        let field_value = match (&field.wire_name[..], &s.tag) {
            ("object", Some(tag)) => json!(tag.object),
            _ if field.nullable => Value::Null,
            _ => value(ir, &field.ty, depth + 1),
        };
        object.insert(field.wire_name.clone(), field_value);
    }
    Value::Object(object)
}

fn value(ir: &Ir, ty: &Ty, depth: usize) -> Value {
    match ty {
        Ty::String | Ty::Binary | Ty::Expandable(_) | Ty::ExpandableJson => json!(""),
        Ty::Bool => json!(false),
        Ty::Integer | Ty::Timestamp => json!(0),
        Ty::Number => json!(0.0),
        Ty::Decimal => json!("0"),
        Ty::Json | Ty::Map(_) => json!({}),
        Ty::Vec(_) => json!([]),
        Ty::List(_) => json!({"object": "list", "data": [], "has_more": false, "url": ""}),
        Ty::SearchList(_) => {
            json!({"object": "search_result", "data": [], "has_more": false, "url": "", "next_page": null})
        }
        Ty::Clearable(inner) | Ty::Range(inner) | Ty::Boxed(inner) => value(ir, inner, depth),
        Ty::Named(_) if depth > MAX_DEPTH => Value::Null,
        Ty::Named(id) => {
            let def = ir.resolved(*id);
            match &def.kind {
                TypeKind::Struct(_) => skeleton(ir, def, depth),
                TypeKind::Enum(e) => e.values.first().map_or(json!(""), |v| json!(v.wire)),
                TypeKind::Union(u) => match u.variants.first().map(|v| &v.payload) {
                    Some(Payload::Const(wire)) => json!(wire),
                    Some(Payload::Value(ty)) => value(ir, ty, depth + 1),
                    None => Value::Null,
                },
                TypeKind::Id => json!(""),
                TypeKind::Alias(target) => value(ir, target, depth),
            }
        }
    }
}
