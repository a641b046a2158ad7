//! Events carry their object in the event's API version, whatever the crate's: every
//! object of every shared fixtures file, and each object of the pinned version with a
//! key taken away or reshaped (what newer versions do), decodes as an `EventObject`
//! and inside an event: typed when it fits, else raw with the error, never a failure.

use serde_json::{json, Value};
use stripe_api::webhook::{Webhook, WebhookError};
use stripe_api::EventType;
use stripe_api::{from_json, webhook, Event, EventObject};
use tests::checkout_event;

/// Every shared fixtures file: (file name, resources).
fn fixture_files() -> Vec<(String, serde_json::Map<String, Value>)> {
    let mut files: Vec<_> = std::fs::read_dir(tests::upstream_dir())
        .map(|dir| dir.flatten().map(|e| e.path()).collect())
        .unwrap_or_else(|_| Vec::new());
    files.retain(|p| {
        p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("fixtures3."))
    });
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("fixtures readable");
            let fixtures: Value = serde_json::from_str(&text).expect("fixtures are JSON");
            let resources = fixtures["resources"]
                .as_object()
                .cloned()
                .unwrap_or_default();
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                resources,
            )
        })
        .collect()
}

fn variant(object: &EventObject) -> String {
    format!("{object:?}")
        .split('(')
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// `object` as an event of API version `version`.
fn event(object: &Value, version: &str) -> Vec<u8> {
    json!({
        "id": "evt_1", "object": "event", "api_version": version, "created": 1700000000,
        "livemode": false, "pending_webhooks": 1, "type": "customer.updated",
        "request": {"id": null, "idempotency_key": null},
        "data": {"object": object},
    })
    .to_string()
    .into_bytes()
}

/// Decodes `object` both ways; the `EventObject`, or what went wrong.
fn decode_both_ways(object: &Value, version: &str) -> Result<EventObject, String> {
    let alone: EventObject =
        from_json(object.to_string().as_bytes()).map_err(|e| format!("as an EventObject: {e}"))?;
    let event: Event = webhook::parse_event(&event(object, version))
        .map_err(|e| format!("inside an event: {e}"))?;
    let inside = &event.data.object;
    if variant(inside) != variant(&alone) {
        return Err(format!(
            "{} inside an event, {} alone",
            variant(inside),
            variant(&alone)
        ));
    }
    if let EventObject::Undecoded(undecoded) = &alone {
        if undecoded.raw != *object {
            return Err("the raw object differs from the one sent".to_owned());
        }
        if undecoded.error.message().is_empty() {
            return Err("an undecoded object without an error".to_owned());
        }
    }
    Ok(alone)
}

#[test]
fn objects_of_every_fixtures_version_decode_typed_or_raw_never_fail() {
    let pinned = tests::api_version();
    let files = fixture_files();
    if files.is_empty() {
        eprintln!(
            "skipped: no fixtures in {}",
            tests::upstream_dir().display()
        );
        return;
    }
    let mut failures = Vec::new();
    for (file, resources) in &files {
        let version = file
            .trim_start_matches("fixtures3.")
            .trim_end_matches(".json");
        let (mut typed, mut raw) = (Vec::new(), Vec::new());
        for (name, object) in resources {
            match decode_both_ways(object, version) {
                Ok(EventObject::Undecoded(undecoded)) if version == pinned => {
                    failures.push(format!(
                        "{file} {name}: undecoded at the crate's own version: {} at {}",
                        undecoded.error.message(),
                        undecoded.error.path()
                    ))
                }
                Ok(EventObject::Undecoded(undecoded)) => raw.push(format!(
                    "{name} ({} at {})",
                    undecoded.error.message(),
                    undecoded.error.path()
                )),
                Ok(_) => typed.push(name.clone()),
                Err(why) => failures.push(format!("{file} {name}: {why}")),
            }
        }
        eprintln!("{file}: {} typed, {} raw: {raw:?}", typed.len(), raw.len());
        assert!(
            typed.len() > 50,
            "{file}: most objects decode typed: {typed:?}"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// What newer versions do to an object: a key the pinned version requires removed, or
/// given another shape. The object still arrives; when it does not fit, the error names
/// the key.
#[test]
fn objects_with_keys_removed_or_reshaped_still_decode() {
    let Some(fixtures) = tests::stripe_fixtures() else {
        return;
    };
    let resources = fixtures["resources"].as_object().expect("resources");
    let (mut cases, mut undecoded_count) = (0, 0);
    let mut failures = Vec::new();
    for (name, object) in resources {
        let Some(keys) = object
            .as_object()
            .map(|o| o.keys().cloned().collect::<Vec<_>>())
        else {
            continue;
        };
        // `object` and `deleted` pick the type: changing them makes another object.
        for key in keys.iter().filter(|k| *k != "object" && *k != "deleted") {
            let mut removed = object.clone();
            removed.as_object_mut().unwrap().remove(key);
            let mut reshaped = object.clone();
            reshaped[key.as_str()] = json!({"shape": ["of", "a", "newer", "version"]});
            for (how, changed) in [("without", removed), ("reshaped", reshaped)] {
                cases += 1;
                match decode_both_ways(&changed, "2099-01-01") {
                    Ok(EventObject::Undecoded(undecoded)) => {
                        undecoded_count += 1;
                        let error = &undecoded.error;
                        let named = error.path().starts_with(key.as_str())
                            || error.message().contains(&format!("`{key}`"));
                        if !named {
                            failures.push(format!(
                                "{name} {how} `{key}`: the error does not name it: {} at {}",
                                error.message(),
                                error.path()
                            ));
                        }
                    }
                    Ok(_) => {}
                    Err(why) => failures.push(format!("{name} {how} `{key}`: {why}")),
                }
            }
        }
    }
    eprintln!("{cases} changed objects, {undecoded_count} kept raw");
    assert!(
        undecoded_count > 100,
        "the changes reach required fields: {undecoded_count}"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The time the signatures below are made at.
const T: i64 = 1700000000;

/// A `customer.updated` event rendered in a newer API version, where a discount names
/// its coupon under `source` instead of carrying a `coupon` object.
fn newer_customer_event(customer: Value) -> String {
    let mut customer = customer;
    customer["discount"] = json!({
        "id": "di_1", "object": "discount", "customer": customer["id"], "start": 1700000000,
        "source": {"type": "coupon", "coupon": "co_summer"}, "end": null,
        "checkout_session": null, "invoice": null, "invoice_item": null,
        "promotion_code": null, "subscription": null, "subscription_item": null
    });
    json!({
        "id": "evt_newer", "object": "event", "api_version": "2099-01-01.future",
        "created": T, "livemode": false, "pending_webhooks": 1, "type": "customer.updated",
        "request": {"id": null, "idempotency_key": null},
        "data": {"object": customer, "previous_attributes": {"discount": null}}
    })
    .to_string()
}

#[test]
fn an_event_of_another_api_version_is_refused_with_its_verified_envelope() {
    let customer = tests::fixture_or_skip!("customer");
    let payload = newer_customer_event(customer);
    let header = webhook::sign(payload.as_bytes(), "whsec_versions", T);
    let hook = Webhook::new("whsec_versions");

    let error = hook
        .construct_event_at(payload.as_bytes(), Some(&header), T)
        .unwrap_err();
    let WebhookError::ApiVersionMismatch(envelope) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(
        (
            envelope.id.as_str(),
            &envelope.type_,
            envelope.api_version.as_deref()
        ),
        (
            "evt_newer",
            &EventType::CustomerUpdated,
            Some("2099-01-01.future")
        )
    );
    assert_eq!((envelope.created.as_secs(), envelope.livemode), (T, false));
    assert_eq!(envelope.object["discount"]["source"]["coupon"], "co_summer");
    assert_eq!(
        envelope.previous_attributes,
        Some(json!({"discount": null}))
    );
    assert!(!envelope.has_crate_api_version());
    let message = error.to_string();
    assert!(
        message
            .contains("evt_newer (customer.updated) is rendered in API version 2099-01-01.future")
            && message.contains(stripe_api::API_VERSION),
        "{message}"
    );

    // The envelope is always there once the signature verifies, and only then.
    let read = hook
        .construct_envelope_at(payload.as_bytes(), Some(&header), T)
        .unwrap();
    assert_eq!(&read, envelope.as_ref());
    assert!(matches!(
        Webhook::new("whsec_other").construct_envelope_at(payload.as_bytes(), Some(&header), T),
        Err(WebhookError::NoMatchingSignature)
    ));

    // Ignoring the mismatch, the event decodes; its object, whose newer discount has no
    // `coupon`, arrives raw with the error.
    let event = hook
        .clone()
        .ignore_api_version_mismatch(true)
        .construct_event_at(payload.as_bytes(), Some(&header), T)
        .expect("the event decodes");
    assert_eq!(event.id.as_str(), "evt_newer");
    let EventObject::Undecoded(undecoded) = event.data.object.as_ref() else {
        panic!("{:?}", event.data.object)
    };
    assert_eq!(undecoded.object, "customer");
    assert_eq!(undecoded.raw, envelope.object);
    assert_eq!(undecoded.error.path(), "discount");
    assert!(
        undecoded
            .error
            .message()
            .starts_with("missing field `coupon`"),
        "{}",
        undecoded.error
    );
}

#[test]
fn an_event_of_another_version_that_decodes_passes_only_when_the_mismatch_is_ignored() {
    let Some(mut event) = checkout_event("checkout.session.completed") else {
        return;
    };
    event["api_version"] = json!("2022-11-15");
    let payload = event.to_string();
    let header = webhook::sign(payload.as_bytes(), "whsec_checkout", T);
    let strict = Webhook::new("whsec_checkout");
    assert!(matches!(
        strict.construct_event_at(payload.as_bytes(), Some(&header), T),
        Err(WebhookError::ApiVersionMismatch(e)) if e.api_version.as_deref() == Some("2022-11-15")
    ));
    let event = strict
        .ignore_api_version_mismatch(true)
        .construct_event_at(payload.as_bytes(), Some(&header), T)
        .unwrap();
    assert_eq!(event.type_, EventType::CheckoutSessionCompleted);
    // Unverified parsing takes any version.
    assert!(webhook::parse_event(payload.as_bytes()).is_ok());
}

#[test]
fn a_verified_payload_that_is_not_an_event_has_no_envelope() {
    let payload = br#"{"hello": "world"}"#;
    let header = webhook::sign(payload, "whsec_x", T);
    let hook = Webhook::new("whsec_x");
    for error in [
        hook.construct_event_at(payload, Some(&header), T)
            .unwrap_err(),
        hook.construct_envelope_at(payload, Some(&header), T)
            .unwrap_err(),
    ] {
        let WebhookError::Decode(decode) = &error else {
            panic!("{error:?}")
        };
        assert!(decode.envelope.is_none());
        assert!(error
            .to_string()
            .starts_with("a payload that is not an event does not decode"));
    }
}

/// The README's way to pin an endpoint to the crate's version sends that version.
#[test]
fn an_endpoint_is_created_pinned_to_the_crates_api_version() {
    let params = stripe_api::CreateWebhookEndpoint::new(
        vec![EventType::CheckoutSessionCompleted],
        "https://example.com/webhook",
    )
    .api_version(stripe_api::API_VERSION);
    let body = stripe_api::runtime::FormPairs::from_value(&params)
        .unwrap()
        .to_query();
    assert!(
        body.split('&')
            .any(|pair| pair == format!("api_version={}", stripe_api::API_VERSION)),
        "{body}"
    );
}
