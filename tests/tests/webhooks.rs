//! Webhook verification and typed events. Signatures are checked against vectors made by
//! Python's `hmac` (`tests/vectors/webhook-vectors.py`; the first one also agrees with
//! `openssl dgst -sha256 -hmac`), and end to end against localstripe's own signing.

use std::time::Duration;

use serde_json::{json, Value};
use stripe_api::webhook::{self, Webhook, WebhookError};
use stripe_api::{CheckoutSessionMode, EventObject, EventType};

use tests::checkout_event;

fn vectors() -> Vec<Value> {
    let text =
        std::fs::read_to_string(tests::repo_root().join("tests/vectors/webhook.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

const T: i64 = 1700000000;

#[test]
fn signatures_match_independently_computed_vectors() {
    for vector in vectors() {
        let (secret, payload, header) = (
            vector["secret"].as_str().unwrap(),
            vector["payload"].as_str().unwrap(),
            vector["header"].as_str().unwrap(),
        );
        let timestamp = vector["timestamp"].as_i64().unwrap();
        assert_eq!(webhook::sign(payload.as_bytes(), secret, timestamp), header);
        Webhook::new(secret)
            .verify_at(payload.as_bytes(), Some(header), timestamp + 10)
            .unwrap();
    }
}

#[test]
fn each_failure_has_its_own_error() {
    let hook = Webhook::new("whsec_test_secret");
    let payload = br#"{"id":"evt_1","object":"event"}"#;
    let good = webhook::sign(payload, "whsec_test_secret", T);
    let check = |header: Option<&str>| hook.verify_at(payload, header, T);

    assert!(matches!(check(None), Err(WebhookError::MissingHeader)));
    assert!(matches!(
        check(Some("  ")),
        Err(WebhookError::MissingHeader)
    ));
    assert!(matches!(
        check(Some("garbage")),
        Err(WebhookError::MalformedHeader(_))
    ));
    assert!(matches!(
        check(Some("t=soon,v1=ab")),
        Err(WebhookError::MalformedHeader(_))
    ));
    assert!(matches!(
        check(Some("v1=abcd")),
        Err(WebhookError::MalformedHeader(_))
    ));
    assert!(matches!(
        check(Some("t=1700000000")),
        Err(WebhookError::NoV1Signature)
    ));
    assert!(matches!(
        check(Some("t=1700000000,v0=abcd")),
        Err(WebhookError::NoV1Signature)
    ));
    assert!(matches!(
        check(Some("t=1700000000,v1=nothex")),
        Err(WebhookError::NoMatchingSignature)
    ));

    let tampered = br#"{"id":"evt_1","object":"event","amount":1}"#;
    assert!(matches!(
        hook.verify_at(tampered, Some(&good), T),
        Err(WebhookError::NoMatchingSignature)
    ));
    let wrong_secret = Webhook::new("whsec_wrong");
    assert!(matches!(
        wrong_secret.verify_at(payload, Some(&good), T),
        Err(WebhookError::NoMatchingSignature)
    ));
    let other_timestamp = good.replace("t=1700000000", "t=1700000001");
    assert!(matches!(
        hook.verify_at(payload, Some(&other_timestamp), T),
        Err(WebhookError::NoMatchingSignature)
    ));
}

#[test]
fn only_timestamps_that_are_too_old_are_rejected() {
    let payload = b"{}";
    let header = webhook::sign(payload, "whsec_x", T);
    let hook = Webhook::new("whsec_x");
    hook.verify_at(payload, Some(&header), T + 300).unwrap();
    let old = hook.verify_at(payload, Some(&header), T + 301).unwrap_err();
    assert!(
        matches!(old, WebhookError::TimestampTooOld { timestamp: T, now, .. } if now == T + 301),
        "{old}"
    );
    hook.verify_at(payload, Some(&header), T - 3600)
        .expect("a timestamp in the future is not too old");
    let strict = Webhook::new("whsec_x").tolerance(Duration::from_secs(10));
    assert!(matches!(
        strict.verify_at(payload, Some(&header), T + 11),
        Err(WebhookError::TimestampTooOld { .. })
    ));
    Webhook::new("whsec_x")
        .tolerance(Duration::ZERO)
        .verify_at(payload, Some(&header), T + 86400)
        .unwrap();
}

#[test]
fn rotated_secrets_send_two_signatures_and_either_verifies() {
    let payload = br#"{"id":"evt_3"}"#;
    let old = webhook::sign(payload, "whsec_rolled_old", T);
    let new = webhook::sign(payload, "whsec_rolled_new", T);
    let header = format!("{old},{},v0=deadbeef", new.split_once(',').unwrap().1);
    Webhook::new("whsec_rolled_old")
        .verify_at(payload, Some(&header), T)
        .unwrap();
    Webhook::new("whsec_rolled_new")
        .verify_at(payload, Some(&header), T)
        .unwrap();
    assert!(matches!(
        Webhook::new("whsec_other").verify_at(payload, Some(&header), T),
        Err(WebhookError::NoMatchingSignature)
    ));
}

#[test]
fn checkout_events_parse_into_typed_sessions() {
    let hook = Webhook::new("whsec_checkout");
    for (wire, expected) in [
        (
            "checkout.session.completed",
            EventType::CheckoutSessionCompleted,
        ),
        (
            "checkout.session.async_payment_succeeded",
            EventType::CheckoutSessionAsyncPaymentSucceeded,
        ),
        (
            "checkout.session.async_payment_failed",
            EventType::CheckoutSessionAsyncPaymentFailed,
        ),
        (
            "checkout.session.expired",
            EventType::CheckoutSessionExpired,
        ),
    ] {
        let Some(event) = checkout_event(wire) else {
            return;
        };
        let payload = event.to_string();
        let header = webhook::sign(payload.as_bytes(), "whsec_checkout", T);
        let event = hook
            .construct_event_at(payload.as_bytes(), Some(&header), T + 1)
            .unwrap();
        assert_eq!(event.type_, expected);
        assert_eq!(event.id.as_str(), "evt_1NG8Du2eZvKYlo2CUI79vXWy");
        assert_eq!(event.api_version.as_deref(), Some(stripe_api::API_VERSION));
        let EventObject::CheckoutSession(session) = event.data.object.as_ref() else {
            panic!("{:?}", event.data.object)
        };
        assert_eq!(session.id.as_str(), "cs_test_event");
        assert_eq!(session.mode, CheckoutSessionMode::Payment);
        let previous = event.data.previous_attributes.as_ref().unwrap();
        assert_eq!(previous.get("payment_status"), Some(&json!("unpaid")));
    }
}

#[test]
fn the_fixture_event_parses_as_its_object_even_with_the_objects_feature_off() {
    // Stripe's fixture event carries a plan; `plan` is not a default feature, so the
    // plan decodes as `Plan` with its id, the rest in its unknown fields.
    let fixture = tests::fixture_or_skip!("event");
    let event = webhook::parse_event(fixture.to_string().as_bytes()).unwrap();
    let EventObject::Plan(plan) = event.data.object.as_ref() else {
        panic!("{:?}", event.data.object)
    };
    let object = &fixture["data"]["object"];
    assert_eq!(plan.id.as_str(), object["id"].as_str().unwrap());
    assert_eq!(
        plan.unknown_fields.get("interval"),
        Some(&object["interval"])
    );
    assert_eq!(event.type_.as_str(), fixture["type"].as_str().unwrap());
}

#[test]
fn an_object_newer_than_the_spec_is_kept_raw() {
    let fixture = tests::fixture_or_skip!("event");
    let mut payload = fixture.clone();
    payload["data"]["object"] = json!({"id": "thing_1", "object": "a_newer_thing"});
    let event = webhook::parse_event(payload.to_string().as_bytes()).unwrap();
    let EventObject::Unknown(raw) = event.data.object.as_ref() else {
        panic!("{:?}", event.data.object)
    };
    assert_eq!(raw["object"], "a_newer_thing");
}

#[test]
fn events_from_a_newer_api_version_still_parse() {
    let Some(mut event) = checkout_event("checkout.session.reopened") else {
        return;
    };
    event["data"]["object"] = json!({"id": "thing_1", "object": "thing_added_later", "x": 1});
    let event = webhook::parse_event(event.to_string().as_bytes()).unwrap();
    assert_eq!(
        event.type_,
        EventType::Unknown("checkout.session.reopened".into())
    );
    assert!(matches!(event.data.object.as_ref(), EventObject::Unknown(v) if v["x"] == 1));
}

#[test]
fn an_event_whose_object_fails_to_decode_says_which_event_and_where() {
    let Some(mut event) = checkout_event("checkout.session.completed") else {
        return;
    };
    event["data"]["object"]["expires_at"] = json!("tomorrow");
    let sign = |event: &Value| {
        let payload = event.to_string();
        let header = webhook::sign(payload.as_bytes(), "whsec_checkout", T);
        let result =
            Webhook::new("whsec_checkout").construct_event_at(payload.as_bytes(), Some(&header), T);
        (payload, result)
    };
    // The object is kept raw with where it failed; the event around it decodes.
    let (_, result) = sign(&event);
    let decoded = result.expect("the event decodes");
    let EventObject::Undecoded(undecoded) = decoded.data.object.as_ref() else {
        panic!("{:?}", decoded.data.object)
    };
    assert_eq!(undecoded.object, "checkout.session");
    assert_eq!(undecoded.raw["expires_at"], "tomorrow");
    assert_eq!(undecoded.error.path(), "expires_at");

    // A field of the event itself that does not fit fails the event, with the envelope.
    event["pending_webhooks"] = json!("many");
    let (payload, result) = sign(&event);
    let error = result.unwrap_err();
    let WebhookError::Decode(decode) = &error else {
        panic!("{error:?}")
    };
    let envelope = decode.envelope.as_ref().expect("the envelope decodes");
    assert_eq!(envelope.id.as_str(), "evt_1NG8Du2eZvKYlo2CUI79vXWy");
    assert_eq!(envelope.type_, EventType::CheckoutSessionCompleted);
    assert_eq!(envelope.object["expires_at"], "tomorrow");
    assert_eq!(decode.path, "pending_webhooks");
    assert_eq!(decode.payload, payload);
    assert!(error
        .to_string()
        .contains("evt_1NG8Du2eZvKYlo2CUI79vXWy (checkout.session.completed)"));
}

#[test]
fn the_secret_is_never_shown() {
    let hook = Webhook::new("whsec_very_secret_value");
    assert!(!format!("{hook:?}").contains("whsec_very_secret_value"));
    let error = hook.verify_at(b"{}", Some("t=1,v1=00"), 1).unwrap_err();
    assert!(!format!("{error:?} {error}").contains("whsec_very_secret_value"));
}

#[tokio::test]
async fn localstripe_events_verify_and_parse_in_a_receiver() {
    use tests::http::{post_form, MockServer, Reply};
    let Some(url) = tests::emulator("LOCALSTRIPE_URL") else {
        return;
    };
    let receiver = MockServer::start(vec![Reply::json(200, "{}"); 1000]).await;
    let secret = "whsec_localstripe_flow";
    let form = format!(
        "url={}&secret={secret}",
        stripe_api::runtime::encode(&format!("{}/webhook", receiver.url))
    );
    assert_eq!(
        post_form(
            &url,
            &format!("/_config/webhooks/{}", tests::unique("hook")),
            &form
        )
        .await,
        200
    );

    let client = stripe_api::Client::builder("sk_test_emulator")
        .base_url(&url)
        .build()
        .unwrap();
    let email = format!("{}@example.com", tests::unique("hook"));
    let mut params = stripe_api::CreateCustomer::new();
    params.email = Some(email.clone());
    client.create_customer_with(&params).await.unwrap();

    // localstripe posts its events about a second later, to every receiver registered.
    let mut delivery = None;
    for _ in 0..100 {
        delivery = receiver
            .requests()
            .into_iter()
            .find(|r| r.body.contains(&email));
        if delivery.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let delivery = delivery.expect("localstripe delivered the customer.created event");
    assert_eq!(delivery.target, "/webhook");
    let header = delivery.header("stripe-signature");
    let hook = Webhook::new(secret);
    hook.verify(delivery.body.as_bytes(), header)
        .expect("localstripe's signature verifies");
    assert!(matches!(
        Webhook::new("whsec_wrong").verify(delivery.body.as_bytes(), header),
        Err(WebhookError::NoMatchingSignature)
    ));

    // localstripe renders its events in API version 2017-08-15: the crate refuses them
    // by default, as another version, and hands over the verified envelope.
    let error = hook
        .construct_event(delivery.body.as_bytes(), header)
        .unwrap_err();
    let WebhookError::ApiVersionMismatch(envelope) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(envelope.type_.as_str(), "customer.created");
    assert!(envelope.id.as_str().starts_with("evt_"));
    assert_ne!(
        envelope.api_version.as_deref(),
        Some(stripe_api::API_VERSION)
    );
    assert_eq!(envelope.object["email"], email.as_str());
    let read = hook
        .construct_envelope(delivery.body.as_bytes(), header)
        .unwrap();
    assert_eq!(&read, envelope.as_ref());

    // Told to ignore the version, it decodes; where the old shape lacks a field this
    // version requires, the error names it, and the envelope is still there.
    match hook
        .clone()
        .ignore_api_version_mismatch(true)
        .construct_event(delivery.body.as_bytes(), header)
    {
        Ok(event) => assert_eq!(event.type_.as_str(), "customer.created"),
        Err(WebhookError::Decode(decode)) => {
            assert!(
                decode.message.starts_with("missing field `"),
                "{}",
                decode.message
            );
            let envelope = decode.envelope.as_ref().expect("the envelope decodes");
            assert_eq!(envelope.type_.as_str(), "customer.created");
            assert_eq!(decode.payload, delivery.body);
        }
        Err(error) => panic!("{error:?}"),
    }
}

#[test]
fn event_type_lists_every_event_type_of_the_spec() {
    let doc = codegen::openapi::load::load_document(&tests::repo_root().join("spec/checkout.yaml"))
        .unwrap();
    let ir = codegen::build_ir::build(&doc).unwrap();
    let event_type = ir
        .types
        .iter()
        .find(|t| t.name == "EventType")
        .expect("EventType is generated");
    let codegen::ir::TypeKind::Enum(e) = &event_type.kind else {
        panic!("an enum")
    };
    // The spec's own list, read from where the generator reads it, whatever its version.
    let pointer = codegen::stripe::EVENT_TYPES_AT.trim_start_matches('#');
    let listed: Vec<&str> = doc
        .raw
        .pointer(&format!("{pointer}/enum"))
        .and_then(|v| v.as_array())
        .expect("the spec lists event types")
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    let generated: Vec<&str> = e.values.iter().map(|v| v.wire.as_str()).collect();
    assert_eq!(generated, listed);
    assert!(listed.len() > 100, "{} event types", listed.len());
    assert_eq!(e.values[0].wire, "*");
    assert_eq!(
        "checkout.session.completed".parse::<EventType>().unwrap(),
        EventType::CheckoutSessionCompleted
    );
}

/// A forged header cannot make verification expensive: its length and the number of `v1`
/// entries are capped, whatever the payload.
#[test]
fn a_header_with_thousands_of_entries_is_refused_before_any_work() {
    let payload = vec![b'x'; 1 << 20];
    let header = format!("t={T}{}", ",v1=00".repeat(10_000));
    let error = Webhook::new("whsec_x")
        .verify_at(&payload, Some(&header), T)
        .unwrap_err();
    assert!(
        matches!(error, WebhookError::MalformedHeader(_)),
        "{error:?}"
    );

    // Up to 16 entries, a valid one among them is found; the 17th entry is refused.
    let valid = webhook::sign(b"{}", "whsec_x", T);
    let signature = valid.split_once(",v1=").unwrap().1;
    let sixteen = format!("t={T}{},v1={signature}", ",v1=00".repeat(15));
    Webhook::new("whsec_x")
        .verify_at(b"{}", Some(&sixteen), T)
        .unwrap();
    let seventeen = format!("t={T}{},v1={signature}", ",v1=00".repeat(16));
    assert!(matches!(
        Webhook::new("whsec_x").verify_at(b"{}", Some(&seventeen), T),
        Err(WebhookError::MalformedHeader(_))
    ));
}

/// Extreme timestamps, clocks and tolerances are compared without overflow.
#[test]
fn extreme_times_and_tolerances_neither_overflow_nor_wrap() {
    let hook = Webhook::new("whsec_x");
    for (timestamp, now) in [(i64::MIN, 0), (0, i64::MAX), (i64::MIN, i64::MAX)] {
        let header = webhook::sign(b"{}", "whsec_x", timestamp);
        let error = hook.verify_at(b"{}", Some(&header), now).unwrap_err();
        assert!(
            matches!(error, WebhookError::TimestampTooOld { .. }),
            "{error:?}"
        );
        assert!(error.to_string().contains("s old"), "{error}");
    }
    let header = webhook::sign(b"{}", "whsec_x", T);
    for tolerance in [1u64 << 63, u64::MAX] {
        hook.clone()
            .tolerance(Duration::from_secs(tolerance))
            .verify_at(b"{}", Some(&header), T + 10)
            .unwrap_or_else(|e| panic!("tolerance {tolerance}: {e}"));
    }
}
