//! Behaviour of the generated crate: what users get at runtime from the generated types.

use std::str::FromStr;

use serde_json::{json, Value};
use stripe_api::{
    CheckoutSession, CheckoutSessionId, CheckoutSessionMode, Clearable, CreateCheckoutSession,
    CustomerOrDeletedCustomer, Decimal, Expandable, ListCustomers, RangeBounds, RangeFilter,
    Timestamp,
};

/// Optional fields that are `None` are not serialized, so compare with nulls removed.
fn without_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => map
            .into_iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| (k, without_nulls(v)))
            .collect(),
        Value::Array(items) => items.into_iter().map(without_nulls).collect(),
        other => other,
    }
}

#[test]
fn open_enums_keep_unknown_values() {
    let mode: CheckoutSessionMode = serde_json::from_value(json!("subscription")).unwrap();
    assert_eq!(mode, CheckoutSessionMode::Subscription);
    let future: CheckoutSessionMode = serde_json::from_value(json!("installments")).unwrap();
    assert_eq!(future, CheckoutSessionMode::Unknown("installments".into()));
    assert_eq!(
        serde_json::to_value(&future).unwrap(),
        json!("installments")
    );
    assert_eq!(future.as_str(), "installments");
    assert_eq!(
        CheckoutSessionMode::from_str("payment")
            .unwrap()
            .to_string(),
        "payment"
    );
}

#[test]
fn payloads_from_a_newer_api_version_still_deserialize() {
    let mut session = tests::fixture_or_skip!("checkout.session");
    session["a_field_added_later"] = json!({"nested": true});
    session["mode"] = json!("a_mode_added_later");
    session["status"] = json!("a_status_added_later");
    let parsed: CheckoutSession =
        serde_json::from_value(session).expect("unknown fields and values are tolerated");
    assert_eq!(parsed.mode.as_str(), "a_mode_added_later");
}

#[test]
fn polymorphic_fields_pick_the_variant_by_object_and_deleted() {
    let customer: CustomerOrDeletedCustomer =
        serde_json::from_value(tests::fixture_or_skip!("customer")).unwrap();
    assert!(matches!(customer, CustomerOrDeletedCustomer::Customer(_)));
    let deleted: CustomerOrDeletedCustomer =
        serde_json::from_value(tests::fixture_or_skip!("deleted_customer")).unwrap();
    assert!(matches!(
        deleted,
        CustomerOrDeletedCustomer::DeletedCustomer(_)
    ));
    let future = json!({"id": "x_1", "object": "customer_v3", "anything": [1, 2]});
    let unknown: CustomerOrDeletedCustomer = serde_json::from_value(future.clone()).unwrap();
    assert!(matches!(&unknown, CustomerOrDeletedCustomer::Unknown(v) if *v == future));
    assert_eq!(serde_json::to_value(&unknown).unwrap(), future);
}

#[test]
fn a_known_object_that_fails_to_decode_is_an_error_not_a_fallback() {
    let mut broken = tests::fixture_or_skip!("customer");
    broken["created"] = json!("not a timestamp");
    assert!(serde_json::from_value::<CustomerOrDeletedCustomer>(broken).is_err());
}

#[test]
fn expandable_fields_hold_an_id_or_the_object() {
    let mut session = tests::fixture_or_skip!("checkout.session");
    session["customer"] = json!("cus_123");
    let parsed: CheckoutSession = serde_json::from_value(session.clone()).unwrap();
    let customer = parsed.customer.expect("set");
    assert!(matches!(&customer, Expandable::Id(id) if id.as_str() == "cus_123"));
    assert_eq!(customer.id(), "cus_123");

    let mut expanded = tests::fixture_or_skip!("customer");
    expanded["id"] = json!("cus_456");
    session["customer"] = expanded.clone();
    let parsed: CheckoutSession = serde_json::from_value(session).unwrap();
    let customer = parsed.customer.expect("set");
    assert_eq!(customer.id(), "cus_456");
    assert!(
        matches!(customer.as_object(), Some(CustomerOrDeletedCustomer::Customer(c)) if c.id.as_str() == "cus_456")
    );
    assert_eq!(
        without_nulls(serde_json::to_value(&customer).unwrap()),
        without_nulls(expanded)
    );
}

#[test]
fn ids_are_typed_and_unvalidated() {
    let id = CheckoutSessionId::from("not_a_cs_prefix");
    assert_eq!(id.as_str(), "not_a_cs_prefix");
    assert_eq!(serde_json::to_value(&id).unwrap(), json!("not_a_cs_prefix"));
    assert_eq!(id.to_string(), "not_a_cs_prefix");
}

#[test]
fn decimals_are_exact_strings_and_timestamps_are_seconds() {
    let d: Decimal = serde_json::from_value(json!("0.1000000000000000055511151231257827")).unwrap();
    assert_eq!(
        serde_json::to_value(&d).unwrap(),
        json!("0.1000000000000000055511151231257827")
    );
    assert!(Decimal::from_str("12.50").is_ok() && Decimal::from_str("1e5").is_err());
    let t: Timestamp = serde_json::from_value(json!(1_700_000_000)).unwrap();
    assert_eq!(t.as_secs(), 1_700_000_000);
    assert_eq!(serde_json::to_value(t).unwrap(), json!(1_700_000_000));
}

#[test]
fn request_parameters_serialize_only_what_is_set() {
    // `success_url` is required in this API version, so the constructor takes it.
    let mut params = CreateCheckoutSession::new().success_url("https://example.com/done");
    assert_eq!(
        serde_json::to_value(&params).unwrap(),
        json!({"success_url": "https://example.com/done"})
    );
    params.mode = Some("payment".parse().unwrap());
    params.metadata = Some([("order_id".to_owned(), "6735".to_owned())].into());
    assert_eq!(
        serde_json::to_value(&params).unwrap(),
        json!({"mode": "payment", "success_url": "https://example.com/done", "metadata": {"order_id": "6735"}})
    );
}

#[test]
fn clearable_and_range_parameters() {
    let clear: Clearable<String> = Clearable::Clear;
    assert_eq!(serde_json::to_value(&clear).unwrap(), json!(""));
    assert_eq!(
        serde_json::to_value(Clearable::Set("x")).unwrap(),
        json!("x")
    );
    let mut list = ListCustomers::new();
    // The spec types this filter as a plain integer (no `unix-time`), so it is an i64.
    list.created = Some(RangeFilter::Bounds(RangeBounds {
        gte: Some(10),
        lt: Some(20),
        ..Default::default()
    }));
    assert_eq!(
        serde_json::to_value(&list).unwrap(),
        json!({"created": {"gte": 10, "lt": 20}})
    );
    list.created = Some(5.into());
    assert_eq!(serde_json::to_value(&list).unwrap(), json!({"created": 5}));
}

#[test]
fn decode_errors_name_the_missing_field_and_the_expected_object() {
    let mut session = tests::fixture_or_skip!("checkout.session");
    session.as_object_mut().unwrap().remove("expires_at");
    let error = serde_json::from_value::<CheckoutSession>(session)
        .unwrap_err()
        .to_string();
    assert!(error.contains("missing field `expires_at`"), "{error}");
    let error = serde_json::from_str::<CheckoutSession>("[1, 2]")
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("expected a `CheckoutSession` object"),
        "{error}"
    );
}

#[test]
fn keys_with_escapes_decode_like_plain_keys() {
    let mut session = tests::fixture_or_skip!("checkout.session");
    session.as_object_mut().unwrap().remove("mode");
    let mut text = serde_json::to_string(&session).unwrap();
    text.insert_str(1, r#""mo\u0064e": "setup","#);
    let parsed: CheckoutSession = serde_json::from_str(&text).unwrap();
    assert_eq!(parsed.mode, CheckoutSessionMode::Setup);
}

/// The generator keeps type names clear of the names the crate root gives its runtime;
/// its list must be the one `lib.rs` re-exports.
#[test]
fn the_generator_knows_every_runtime_name_at_the_crate_root() {
    let lib = std::fs::read_to_string(tests::repo_root().join("generated/src/lib.rs")).unwrap();
    let file = syn::parse_file(&lib).unwrap();
    let mut names = Vec::new();
    for item in &file.items {
        if let syn::Item::Use(u) = item {
            collect_uppercase(&u.tree, false, &mut names);
        }
    }
    names.sort();
    assert_eq!(names, codegen::naming::RUNTIME_NAMES);
}

fn collect_uppercase(tree: &syn::UseTree, under_runtime: bool, out: &mut Vec<String>) {
    match tree {
        syn::UseTree::Path(p) => {
            collect_uppercase(&p.tree, under_runtime || p.ident == "runtime", out)
        }
        syn::UseTree::Group(g) => g
            .items
            .iter()
            .for_each(|t| collect_uppercase(t, under_runtime, out)),
        syn::UseTree::Name(n)
            if under_runtime && n.ident.to_string().starts_with(char::is_uppercase) =>
        {
            out.push(n.ident.to_string())
        }
        _ => {}
    }
}

/// Untagged unions pick the variant whose fields cover the object's keys, so no key is
/// dropped: these payloads decoded as the variant with the most fields, which lacks them.
#[test]
fn untagged_unions_keep_every_key_of_the_object() {
    let Some(mut intent) = tests::stripe_fixture("payment_intent") else {
        return;
    };
    intent["payment_method_options"] = json!({
        "wechat_pay": {"app_id": "wx", "client": "android"},
        "boleto": {"expires_after_days": 3},
        "customer_balance": {"funding_type": "bank_transfer"},
    });
    let intent: stripe_api::PaymentIntent =
        stripe_api::from_json(intent.to_string().as_bytes()).unwrap();
    let options = intent.payment_method_options.expect("options");
    let back = serde_json::to_value(&options).unwrap();
    assert_eq!(back["wechat_pay"]["app_id"], "wx");
    assert_eq!(back["wechat_pay"]["client"], "android");
    assert_eq!(back["boleto"]["expires_after_days"], 3);
    assert_eq!(back["customer_balance"]["funding_type"], "bank_transfer");
    // Keys no variant knows: the object is kept whole, raw.
    let unknown = json!({"app_id": "wx", "added_later": 1});
    let value: stripe_api::PaymentMethodOptionsWechatPayOrPaymentIntentTypeSpecificPaymentMethodOptionsClient =
        stripe_api::from_json(unknown.to_string().as_bytes()).unwrap();
    assert_eq!(serde_json::to_value(&value).unwrap(), unknown);
}

/// A reference to an object of an area whose feature is off (`account`: these tests
/// build with the default features) is still the object's type: the id, or expanded,
/// the object with its id, its other fields kept in `unknown_fields`.
#[test]
fn expanding_a_reference_to_an_object_whose_feature_is_off_keeps_its_fields() {
    let Some(mut intent) = tests::stripe_fixture("payment_intent") else {
        return;
    };
    let account = json!({"id": "acct_1", "object": "account", "business_type": "company"});
    intent["transfer_data"] = json!({"amount": 100, "destination": account});
    let expanded: stripe_api::PaymentIntent =
        stripe_api::from_json(intent.to_string().as_bytes()).unwrap();
    let destination = expanded.transfer_data.unwrap().destination;
    assert_eq!(destination.id(), "acct_1");
    let account = destination.as_object().expect("expanded");
    assert_eq!(account.id.as_str(), "acct_1");
    assert_eq!(
        account.unknown_fields.get("business_type"),
        Some(&json!("company"))
    );

    intent["transfer_data"]["destination"] = json!("acct_2");
    let plain: stripe_api::PaymentIntent =
        stripe_api::from_json(intent.to_string().as_bytes()).unwrap();
    let destination = plain.transfer_data.unwrap().destination;
    assert!(matches!(&destination, Expandable::Id(id) if id.as_str() == "acct_2"));
}

/// `generated/` is the crate users depend on; copied out of the repository on its own, its
/// manifest still loads (it inherited its edition from the workspace).
#[test]
fn the_generated_crate_stands_alone_outside_the_repository() {
    let out = std::env::temp_dir().join(format!("stripe-api-alone-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    std::fs::copy(
        tests::repo_root().join("generated/Cargo.toml"),
        out.join("Cargo.toml"),
    )
    .unwrap();
    std::fs::create_dir_all(out.join("src")).unwrap();
    std::fs::write(out.join("src/lib.rs"), "").unwrap();
    let metadata = std::process::Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--no-deps",
            "--format-version",
            "1",
            "--offline",
        ])
        .current_dir(&out)
        .output()
        .unwrap();
    std::fs::remove_dir_all(&out).unwrap();
    assert!(
        metadata.status.success(),
        "{}",
        String::from_utf8_lossy(&metadata.stderr)
    );
}

/// Fields newer than the spec are kept, readable by name, and written back.
#[test]
fn unknown_fields_are_kept_readable_and_written_back() {
    let mut session = tests::fixture_or_skip!("checkout.session");
    let known: CheckoutSession = stripe_api::from_json(session.to_string().as_bytes()).unwrap();
    assert!(
        known.unknown_fields.is_empty(),
        "{:?}",
        known.unknown_fields
    );

    // Fields of later API versions than the pinned one.
    session["adaptive_pricing"] = json!({"enabled": true});
    session["permissions"] = json!(null);
    session["custom_text"]["privacy_policy"] = json!({"message": "ok"});
    let newer: CheckoutSession = stripe_api::from_json(session.to_string().as_bytes()).unwrap();
    assert_eq!(
        newer.unknown_fields.get("adaptive_pricing"),
        Some(&json!({"enabled": true}))
    );
    assert_eq!(newer.unknown_fields.get("permissions"), Some(&json!(null)));
    assert_eq!(
        newer.custom_text.unknown_fields.get("privacy_policy"),
        Some(&json!({"message": "ok"}))
    );
    assert_eq!(
        without_nulls(serde_json::to_value(&newer).unwrap()),
        without_nulls(session)
    );
}
