//! Webhook verification and typed events. Signatures are checked against vectors made by
//! Python's `hmac` (`tests/vectors/webhook-vectors.py`; the first one also agrees with
//! `openssl dgst -sha256 -hmac`), and end to end against localstripe's own signing.

use std::time::Duration;

use serde_json::{json, Value};
use stripe_api::webhook::{self, Webhook, WebhookError};
use stripe_api::{CheckoutSessionMode, EventObject, EventType};

fn vectors() -> Vec<Value> {
    let text =
        std::fs::read_to_string(tests::repo_root().join("tests/vectors/webhook.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn fixture(object: &str) -> Value {
    tests::stripe_fixture(object)
}

/// A `checkout.session.*` event around the fixture session, as Stripe sends it.
fn checkout_event(event_type: &str) -> Value {
    let mut session = fixture("checkout.session");
    session["id"] = json!("cs_test_event");
    session["payment_status"] = json!("paid");
    json!({
        "id": "evt_1NG8Du2eZvKYlo2CUI79vXWy", "object": "event", "api_version": "2023-08-16",
        "created": 1700000000, "livemode": false, "pending_webhooks": 1, "type": event_type,
        "request": {"id": null, "idempotency_key": null},
        "data": {"object": session, "previous_attributes": {"payment_status": "unpaid"}}
    })
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
        let payload = checkout_event(wire).to_string();
        let header = webhook::sign(payload.as_bytes(), "whsec_checkout", T);
        let event = hook
            .construct_event_at(payload.as_bytes(), Some(&header), T + 1)
            .unwrap();
        assert_eq!(event.type_, expected);
        assert_eq!(event.id.as_str(), "evt_1NG8Du2eZvKYlo2CUI79vXWy");
        assert_eq!(event.api_version.as_deref(), Some("2023-08-16"));
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
fn the_fixture_event_parses_and_keeps_an_object_outside_the_selection_raw() {
    let fixture = fixture("event");
    let event = webhook::parse_event(fixture.to_string().as_bytes()).unwrap();
    let EventObject::Unknown(raw) = event.data.object.as_ref() else {
        panic!("a plan is not generated")
    };
    assert_eq!(raw["object"], "plan");
    assert_eq!(event.type_.as_str(), fixture["type"].as_str().unwrap());
}

#[test]
fn events_from_a_newer_api_version_still_parse() {
    let mut event = checkout_event("checkout.session.reopened");
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
    let mut event = checkout_event("checkout.session.completed");
    event["data"]["object"]["expires_at"] = json!("tomorrow");
    let payload = event.to_string();
    let header = webhook::sign(payload.as_bytes(), "whsec_checkout", T);
    let error = Webhook::new("whsec_checkout")
        .construct_event_at(payload.as_bytes(), Some(&header), T)
        .unwrap_err();
    let WebhookError::Decode(decode) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(
        decode.event_id.as_deref(),
        Some("evt_1NG8Du2eZvKYlo2CUI79vXWy")
    );
    assert_eq!(
        decode.event_type.as_deref(),
        Some("checkout.session.completed")
    );
    assert_eq!(decode.path, "data.object.expires_at");
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
    client.create_customer(&params).await.unwrap();

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

    // Differs from Stripe: localstripe's events are in the 2017-08-15 shape, without
    // `pending_webhooks`, so the typed parse reports which event failed and where, and
    // keeps the payload.
    let error = hook
        .construct_event(delivery.body.as_bytes(), header)
        .unwrap_err();
    let WebhookError::Decode(decode) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(decode.event_type.as_deref(), Some("customer.created"));
    assert!(decode
        .event_id
        .as_deref()
        .is_some_and(|id| id.starts_with("evt_")));
    assert_eq!(decode.path, ".");
    assert!(
        decode
            .message
            .starts_with("missing field `pending_webhooks`"),
        "{}",
        decode.message
    );
    assert_eq!(decode.payload, delivery.body);
}

#[test]
fn event_type_lists_every_event_type_of_the_spec() {
    let doc =
        codegen::spec::load::load_document(&tests::repo_root().join("spec/checkout.yaml")).unwrap();
    let ir = codegen::ir::build::build(&doc).unwrap();
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
