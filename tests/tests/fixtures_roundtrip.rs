//! Every example object in Stripe's fixtures (every shared fixtures file) decodes and
//! serializes back to the same JSON, exactly: `null`s stay, integers stay integers. At the
//! crate's own version each decodes into its own type; at another, into its type or,
//! when it does not fit, kept raw (`EventObject::Undecoded`). Inside a signed event too.

use std::collections::BTreeMap;

use codegen::ir::{Ir, TypeKind};
use codegen::openapi::load::load_document;
use serde_json::Value;
use stripe_api::webhook::{self, Webhook};
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

/// Differences between two JSON values: keys missing or added, values that differ
/// (`19` and `19.0` differ).
fn differences(expected: &Value, actual: &Value, path: &str, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for key in e.keys().chain(a.keys().filter(|k| !e.contains_key(*k))) {
                match (e.get(key), a.get(key)) {
                    (Some(ev), Some(av)) => differences(ev, av, &format!("{path}/{key}"), out),
                    (Some(ev), None) => out.push(format!("{path}/{key}: {ev} dropped")),
                    (None, Some(av)) => out.push(format!("{path}/{key}: {av} added")),
                    (None, None) => {}
                }
            }
        }
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => {
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                differences(ev, av, &format!("{path}/{i}"), out);
            }
        }
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

/// Every object of every shared fixtures file, whatever its version, alone and inside a
/// signed event: decoded and serialized back, JSON-equal (what did not fit its type
/// comes back as it was kept, raw).
#[test]
fn every_object_of_every_fixtures_file_round_trips_alone_and_in_an_event() {
    let mut files: Vec<_> = std::fs::read_dir(tests::upstream_dir())
        .map(|dir| dir.flatten().map(|e| e.path()).collect())
        .unwrap_or_else(|_| Vec::new());
    files.retain(|p| {
        p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("fixtures3."))
    });
    files.sort();
    let mut failures = Vec::new();
    let mut count = 0;
    for path in &files {
        let fixtures: Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("readable")).expect("JSON");
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let version = file
            .trim_start_matches("fixtures3.")
            .trim_end_matches(".json");
        for (name, object) in fixtures["resources"].as_object().expect("resources") {
            count += 1;
            match round_trip(object) {
                Ok((_, back)) => {
                    let mut diffs = Vec::new();
                    differences(object, &back, "", &mut diffs);
                    failures.extend(diffs.into_iter().map(|d| format!("{file} {name} {d}")));
                }
                Err(e) => failures.push(format!("{file} {name}: {e}")),
            }
            let event = serde_json::json!({
                "id": "evt_1", "object": "event", "api_version": version,
                "created": 1700000000, "livemode": false, "pending_webhooks": 0,
                "type": "customer.updated",
                "request": {"id": null, "idempotency_key": null},
                "data": {"object": object, "previous_attributes": {"name": null}},
            });
            let payload = event.to_string();
            let header = webhook::sign(payload.as_bytes(), "whsec_round_trip", 1700000000);
            let parsed = Webhook::new("whsec_round_trip")
                .ignore_api_version_mismatch(true)
                .construct_event_at(payload.as_bytes(), Some(&header), 1700000000);
            match parsed.map(|event| serde_json::to_value(&event)) {
                Ok(Ok(back)) => {
                    let mut diffs = Vec::new();
                    differences(&event, &back, "", &mut diffs);
                    failures.extend(
                        diffs
                            .into_iter()
                            .map(|d| format!("{file} event of {name} {d}")),
                    );
                }
                Ok(Err(e)) => failures.push(format!("{file} event of {name}: serialize: {e}")),
                Err(e) => failures.push(format!("{file} event of {name}: {e}")),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    eprintln!(
        "{count} fixture objects of {} files round-tripped",
        files.len()
    );
}
