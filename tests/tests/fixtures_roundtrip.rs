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
use codegen::spec::load::load_document;
use serde_json::Value;

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(
    object: &Value,
) -> Result<Value, String> {
    let typed: T =
        serde_json::from_value(object.clone()).map_err(|e| format!("deserialize: {e}"))?;
    serde_json::to_value(&typed).map_err(|e| format!("serialize: {e}"))
}

/// Dispatches on the generated type name; a type the spec has but this table lacks fails
/// the test, so the table cannot silently fall behind the generator.
fn round_trip_named(type_name: &str, object: &Value) -> Result<Value, String> {
    macro_rules! table {
        ($($ty:ident),* $(,)?) => {
            match type_name {
                $(stringify!($ty) => round_trip::<stripe_api::$ty>(object),)*
                other => Err(format!("no round-trip arm for generated type `{other}`: add it to the table")),
            }
        };
    }
    table!(
        BankAccount,
        Card,
        CashBalance,
        CheckoutSession,
        Coupon,
        Customer,
        DeletedCustomer,
        DeletedProduct,
        Discount,
        Event,
        File,
        FileLink,
        Item,
        PaymentIntent,
        PaymentMethod,
        Price,
        Product,
        PromotionCode,
        Refund,
        SetupIntent,
        ShippingRate,
        Source,
        Subscription,
        SubscriptionItem,
        TaxId,
        TaxRate,
        DeletedWebhookEndpoint,
        WebhookEndpoint,
    )
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
    let doc = load_document(&tests::repo_root().join("spec/checkout.yaml")).expect("spec loads");
    let ir = codegen::ir::build::build(&doc).expect("IR builds");
    let types = resource_types(&ir, &doc.raw);
    let fixtures: Value = serde_json::from_slice(
        &std::fs::read(tests::upstream_dir().join("fixtures3.2023-08-16.json"))
            .expect("fixtures readable"),
    )
    .expect("fixtures are JSON");
    let resources = fixtures["resources"].as_object().expect("resources");
    let mut checked = Vec::new();
    let mut failures = Vec::new();
    for (object_name, example) in resources {
        let Some(type_name) = types.get(object_name) else {
            continue;
        };
        match round_trip_named(type_name, example) {
            Ok(back) => {
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
    assert_eq!(
        checked.len(),
        28,
        "fixture objects with a generated type: {checked:?}"
    );
}
