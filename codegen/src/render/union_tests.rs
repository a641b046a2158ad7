//! A test module for the generated crate: every union that is decoded gets one payload
//! per variant, built from that variant's own fields, and must decode as that variant,
//! so a union never drops the keys of the object it holds. It grows with the selection.

use serde_json::{json, Map, Value};

use proc_macro2::TokenStream;
use quote::quote;

use super::ty::ident;
use crate::ir::{Gate, Ir, Payload, Struct, Tagging, Ty, TypeDef, TypeKind, Union, Variant};

/// Nesting deeper than this gets only what it must have: required fields stop there.
const MAX_DEPTH: usize = 6;

/// `union_tests.rs`: one test per decoded union, or nothing if there is none.
pub fn render_union_tests(ir: &Ir) -> Option<TokenStream> {
    let tests: Vec<TokenStream> = ir
        .types
        .iter()
        .filter(|def| def.usage.response)
        .filter_map(|def| match &def.kind {
            TypeKind::Union(u) => union_test(ir, def, u),
            _ => None,
        })
        .collect();
    if tests.is_empty() {
        return None;
    }
    Some(quote! {
        //! Each union decodes a payload built from one variant's fields as that variant.
        use super::*;

        /// Decodes in a frame of its own: a test of a large union holds one value at a time.
        fn decodes_as<T: crate::runtime::Decode + ::std::fmt::Debug>(text: &str, expected: fn(&T) -> bool) {
            let value: T = crate::from_json(text.as_bytes()).unwrap();
            assert!(expected(&value), "{value:?}");
        }
        #(#tests)*
    })
}

fn union_test(ir: &Ir, def: &TypeDef, u: &Union) -> Option<TokenStream> {
    let name = ident(&def.name);
    let cases: Vec<TokenStream> = u
        .variants
        .iter()
        .filter_map(|v| {
            let (payload, expected) = case(ir, u, v)?;
            let expected = ident(&expected.name);
            let text = payload.to_string();
            Some(quote! {
                decodes_as::<#name>(#text, |value| matches!(value, #name::#expected(..)));
            })
        })
        .collect();
    if cases.is_empty() {
        return None;
    }
    let test = ident(&crate::naming::field_name(&def.name));
    let gate = super::gates::cfg(&test_gate(ir, def, u));
    Some(quote! {
        #[test]
        #gate
        fn #test() {
            #(#cases)*
        }
    })
}

/// When a union's test compiles: with the union, and for a union of objects (always
/// compiled), when the fields its payloads are told apart by are typed.
fn test_gate(ir: &Ir, def: &TypeDef, u: &Union) -> Gate {
    if def.gate != Gate::Always || u.tagging == Tagging::Object {
        return def.gate.clone();
    }
    let mut gates = u.variants.iter().filter_map(|v| match &v.payload {
        Payload::Value(Ty::Named(id)) => Some(ir.resolved(*id).fields_gate.clone()),
        _ => None,
    });
    let first = gates.next().unwrap_or_default();
    gates.fold(first, |all, gate| all.or(&gate))
}

/// A payload for one variant, and the variant it must decode as.
fn case<'u>(ir: &Ir, u: &'u Union, v: &'u Variant) -> Option<(Value, &'u Variant)> {
    match (&v.payload, u.tagging) {
        (Payload::Const(wire), _) => Some((json!(wire), v)),
        (Payload::Value(ty), Tagging::Object) => {
            let mut payload = sample(ir, ty, 0, true);
            let tag = v.tag.as_ref()?;
            payload["object"] = json!(tag.object);
            if tag.deleted {
                payload["deleted"] = json!(true);
            }
            Some((payload, v))
        }
        (Payload::Value(_), Tagging::Untagged) => {
            let fields = struct_fields(ir, v)?;
            // The tightest variant that knows every field, first in spec order on a tie:
            // itself, or one with the very same fields.
            let expected = u
                .variants
                .iter()
                .find(|other| {
                    struct_fields(ir, other).is_some_and(|o| {
                        fields.iter().all(|f| o.contains(f)) && o.len() == fields.len()
                    })
                })
                .unwrap_or(v);
            let Payload::Value(ty) = &v.payload else {
                return None;
            };
            Some((sample(ir, ty, 0, true), expected))
        }
    }
}

fn struct_fields<'ir>(ir: &'ir Ir, v: &Variant) -> Option<Vec<&'ir str>> {
    let s = ir.variant_struct(v)?;
    Some(s.fields.iter().map(|f| f.wire_name.as_str()).collect())
}

/// A value of the type; for a struct, every field when `all_fields`, else the required
/// ones.
fn sample(ir: &Ir, ty: &Ty, depth: usize, all_fields: bool) -> Value {
    match ty {
        Ty::String | Ty::Binary | Ty::Expandable(_) | Ty::ExpandableJson => json!("x_1"),
        Ty::Bool => json!(true),
        Ty::Integer => json!(1),
        Ty::Number => json!(1.5),
        Ty::Timestamp => json!(1_700_000_000),
        Ty::Decimal => json!("1.5"),
        Ty::Json | Ty::Map(_) => json!({}),
        Ty::Vec(_) => json!([]),
        Ty::List(_) => json!({"object": "list", "data": [], "has_more": false, "url": "/v1/x"}),
        Ty::SearchList(_) => {
            json!({"object": "search_result", "data": [], "has_more": false, "url": "/v1/x", "next_page": null})
        }
        Ty::Clearable(inner) | Ty::Range(inner) | Ty::Boxed(inner) => {
            sample(ir, inner, depth, all_fields)
        }
        Ty::Named(id) => named_sample(ir, ir.ty(*id), depth, all_fields),
    }
}

fn named_sample(ir: &Ir, def: &TypeDef, depth: usize, all_fields: bool) -> Value {
    match &def.kind {
        TypeKind::Struct(s) => struct_sample(ir, def, s, depth, all_fields),
        TypeKind::Enum(e) => e.values.first().map_or(json!("x"), |v| json!(v.wire)),
        TypeKind::Union(u) => match u.variants.first().map(|v| &v.payload) {
            Some(Payload::Const(wire)) => json!(wire),
            Some(Payload::Value(ty)) => sample(ir, ty, depth + 1, false),
            None => Value::Null,
        },
        TypeKind::Id => json!("x_1"),
        TypeKind::Alias(ty) => sample(ir, ty, depth, all_fields),
    }
}

fn struct_sample(ir: &Ir, def: &TypeDef, s: &Struct, depth: usize, all_fields: bool) -> Value {
    let mut object = Map::new();
    for field in &s.fields {
        let required = !field.optional(def.usage);
        if required || (all_fields && depth < MAX_DEPTH) {
            let value = sample(ir, &field.ty, depth + 1, false);
            object.insert(field.wire_name.clone(), value);
        }
    }
    Value::Object(object)
}
