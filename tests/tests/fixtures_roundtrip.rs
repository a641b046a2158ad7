//! Every example object in Stripe's fixtures whose type the crate generates must
//! deserialize into that type and serialize back to the same JSON.
//!
//! Two normalisations apply, and only these:
//! - a key whose value is `null` counts the same as an absent key: optional fields are
//!   `Option`s that are not serialized when `None`, so `{"x": null}` comes back as `{}`
//!   for a field the spec marks optional;
//! - numbers compare by value: `type: number` fields are `f64`, so `19` comes back as
//!   `19.0` (JSON does not tell the two apart).

use std::collections::BTreeMap;

use codegen::ir::{Ir, TypeKind};
use codegen::openapi::load::load_document;
use serde_json::Value;
use stripe_api::EventObject;

/// Decodes an API object through the union of every object the crate generates (the
/// type of an event's `data.object`), so no list of types here can fall behind the spec.
/// Returns the variant's name and the object serialized back.
fn round_trip(object: &Value) -> Result<(String, Value), String> {
    let typed: EventObject =
        serde_json::from_value(object.clone()).map_err(|e| format!("deserialize: {e}"))?;
    let debug = format!("{typed:?}");
    let variant = debug.split('(').next().unwrap_or_default().to_owned();
    let back = serde_json::to_value(&typed).map_err(|e| format!("serialize: {e}"))?;
    Ok((variant, back))
}

/// Object name (`checkout.session`) → generated type name, for every resource schema.
fn resource_types(ir: &Ir, spec: &Value) -> BTreeMap<String, String> {
    let schemas = spec["components"]["schemas"].as_object().expect("schemas");
    let mut out = BTreeMap::new();
    for def in &ir.types {
        let pointer = def.origin.to_string();
        let Some(schema_name) = pointer.strip_prefix("#/components/schemas/") else {
            continue;
        };
        let resource = schemas
            .get(schema_name)
            .and_then(|s| s.get("x-resourceId"))
            .and_then(Value::as_str);
        if let (Some(resource), TypeKind::Struct(_)) = (resource, &def.kind) {
            out.insert(resource.to_owned(), def.name.clone());
        }
    }
    out
}

/// Differences between two JSON values, treating `null` and absent keys as equal.
fn differences(expected: &Value, actual: &Value, path: &str, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for key in e.keys().chain(a.keys().filter(|k| !e.contains_key(*k))) {
                let (ev, av) = (
                    e.get(key).unwrap_or(&Value::Null),
                    a.get(key).unwrap_or(&Value::Null),
                );
                differences(ev, av, &format!("{path}/{key}"), out);
            }
        }
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => {
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                differences(ev, av, &format!("{path}/{i}"), out);
            }
        }
        (Value::Number(e), Value::Number(a)) if e.as_f64() == a.as_f64() => {}
        _ if expected == actual => {}
        _ => out.push(format!("{path}: expected {expected}, got {actual}")),
    }
}

#[test]
fn every_generated_fixture_object_round_trips() {
    let Some(fixtures) = tests::stripe_fixtures() else {
        return;
    };
    let doc = load_document(&tests::repo_root().join("spec/checkout.yaml")).expect("spec loads");
    let ir = codegen::build_ir::build(&doc).expect("IR builds");
    let types = resource_types(&ir, &doc.raw);
    let resources = fixtures["resources"].as_object().expect("resources");
    let mut checked = Vec::new();
    let mut failures = Vec::new();
    for (object_name, example) in resources {
        let Some(type_name) = types.get(object_name) else {
            continue;
        };
        match round_trip(example) {
            Ok((variant, _)) if variant != *type_name => failures.push(format!(
                "{object_name}: decoded as `{variant}`, expected `{type_name}`"
            )),
            Ok((_, back)) => {
                let mut diffs = Vec::new();
                differences(example, &back, "", &mut diffs);
                failures.extend(
                    diffs
                        .into_iter()
                        .map(|d| format!("{object_name} ({type_name}) {d}")),
                );
            }
            Err(e) => failures.push(format!("{object_name} ({type_name}): {e}")),
        }
        checked.push(object_name.clone());
    }
    assert!(
        failures.is_empty(),
        "round-trip failures:\n{}",
        failures.join("\n")
    );
    // Guards against a vacuous pass: the selection returns API objects, and the fixtures
    // have examples of them.
    assert!(
        !checked.is_empty(),
        "no fixture object has a generated type: {types:?}"
    );
    eprintln!(
        "{} fixture objects round-tripped: {checked:?}",
        checked.len()
    );
}
